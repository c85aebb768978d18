//! GeoJSON (RFC 7946) for located potholes: a FeatureCollection written feature by feature
//! (`[longitude, latitude]`), so neither the HTTP endpoint nor the export holds them all.

use serde::Serialize;

use crate::domain::public::{PublicReport, w3c};

#[derive(Serialize)]
struct Feature<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    id: i64,
    geometry: Point,
    properties: Properties<'a>,
}

#[derive(Serialize)]
struct Point {
    #[serde(rename = "type")]
    kind: &'static str,
    coordinates: [f64; 2],
}

#[derive(Serialize)]
struct Properties<'a> {
    id: i64,
    severity: &'static str,
    work_state: &'static str,
    status: &'static str,
    requested_at: String,
    updated_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    duplicate_of: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    photo_url: Option<&'a str>,
}

/// Writes one feature (a located report) after `first` or a comma; `false` when the report
/// has no location (nothing written).
pub fn write_feature(
    out: &mut Vec<u8>,
    first: bool,
    r: &PublicReport,
    photo_url: Option<&str>,
) -> bool {
    let Some(at) = r.location else {
        return false;
    };
    let feature = Feature {
        kind: "Feature",
        id: r.id,
        geometry: Point {
            kind: "Point",
            coordinates: [at.lon(), at.lat()],
        },
        properties: Properties {
            id: r.id,
            severity: r.severity.as_str(),
            work_state: r.work_state.as_str(),
            status: r.status().as_str(),
            requested_at: w3c(r.requested_at),
            updated_at: w3c(r.updated_at),
            duplicate_of: r.duplicate_of,
            photo_url,
        },
    };
    if !first {
        out.push(b',');
    }
    serde_json::to_writer(&mut *out, &feature).is_ok()
}

pub const HEAD: &[u8] = b"{\"type\":\"FeatureCollection\",\"features\":[";
pub const TAIL: &[u8] = b"]}\n";
