//! The staff chat's `/export`: the last 30 days as two in-memory documents (CSV with the `csv`
//! crate, GeoJSON with serde_json). Only public facts: no chat ids, user ids, names or captions.

use serde::Serialize;

/// One report as exported.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExportRow {
    pub id: i64,
    pub created_at: String,
    pub severity: Option<String>,
    pub work_state: Option<String>,
    /// `open` (open, acknowledged, made_safe) or `closed`; empty for what is not a pothole.
    pub status: Option<&'static str>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub duplicate_of: Option<i64>,
    /// When the work state last changed (ISO-8601, UTC).
    pub updated_at: Option<String>,
}

/// Open311's two states for a work state.
pub fn open_or_closed(work_state: &str) -> &'static str {
    match work_state {
        "open" | "acknowledged" | "made_safe" => "open",
        _ => "closed",
    }
}

/// The rows as CSV with a header line.
pub fn csv(rows: &[ExportRow]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in rows {
        w.serialize(row)?;
    }
    if rows.is_empty() {
        w.write_record([
            "id",
            "created_at",
            "severity",
            "work_state",
            "status",
            "latitude",
            "longitude",
            "duplicate_of",
            "updated_at",
        ])?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// The located rows as a GeoJSON FeatureCollection (coordinates are `[longitude, latitude]`).
pub fn geojson(rows: &[ExportRow]) -> Vec<u8> {
    let features: Vec<serde_json::Value> = rows
        .iter()
        .filter_map(|r| {
            let (lat, lon) = (r.latitude?, r.longitude?);
            Some(serde_json::json!({
                "type": "Feature",
                "geometry": { "type": "Point", "coordinates": [lon, lat] },
                "properties": {
                    "id": r.id,
                    "severity": r.severity,
                    "work_state": r.work_state,
                    "status": r.status,
                    "requested_at": r.created_at,
                    "updated_at": r.updated_at,
                    "duplicate_of": r.duplicate_of,
                },
            }))
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "type": "FeatureCollection",
        "features": features,
    }))
    .expect("JSON values serialise")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, located: bool) -> ExportRow {
        ExportRow {
            id,
            created_at: "2026-07-01T12:00:00.000Z".into(),
            severity: Some("severe".into()),
            work_state: Some("made_safe".into()),
            status: Some(open_or_closed("made_safe")),
            latitude: located.then_some(52.5),
            longitude: located.then_some(13.4),
            duplicate_of: None,
            updated_at: Some("2026-07-01T13:00:00Z".into()),
        }
    }

    #[test]
    fn csv_has_a_header_and_one_line_per_report() {
        let text = String::from_utf8(csv(&[row(1, true), row(2, false)]).unwrap()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "id,created_at,severity,work_state,status,latitude,longitude,duplicate_of,updated_at"
        );
        assert_eq!(lines.len(), 3);
        assert!(
            lines[1].starts_with("1,2026-07-01T12:00:00.000Z,severe,made_safe,open,52.5,13.4,")
        );
        let empty = String::from_utf8(csv(&[]).unwrap()).unwrap();
        assert!(empty.starts_with("id,created_at"));
    }

    #[test]
    fn geojson_has_the_located_reports_with_longitude_first() {
        let v: serde_json::Value =
            serde_json::from_slice(&geojson(&[row(1, true), row(2, false)])).unwrap();
        assert_eq!(v["type"], "FeatureCollection");
        let f = v["features"].as_array().unwrap();
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0]["geometry"]["coordinates"],
            serde_json::json!([13.4, 52.5])
        );
        assert_eq!(f[0]["properties"]["status"], "open");
    }
}
