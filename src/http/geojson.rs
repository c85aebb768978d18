//! `/reports.geojson`: located potholes as an RFC 7946 FeatureCollection (`[longitude,
//! latitude]`), filterable by `start_date`, `end_date` and `status` like Open311 (but with no
//! 90-day window). The body is streamed from a read-only connection in chunks, so memory
//! stays flat however many reports there are.
//!
//! A map that polls asks only for what changed: every answer carries the data's version in
//! `Reports-Version`, and `?changed_after=VERSION` answers with just the reports made or
//! changed since (a lookup of the newest events, not a scan of every report). Unchanged data
//! gets `304 Not Modified` through `ETag` / `If-None-Match`.

use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use chrono::Utc;
use tokio::sync::mpsc;

use super::HttpState;
use super::open311::{date_and_status, params};
use crate::export::{Exporter, Format};
use crate::store::public::PublicVersion;

/// The response body as a `std::io::Write` for the export writer (whose buffer hands it
/// chunks of 64 KiB): each write is one chunk, sent from the blocking thread that scans. A
/// client that went away closes the channel, which fails the write and stops the scan; one
/// that stops reading fails it after `stall`, so a slow reader cannot hold a read-only
/// connection (there are few) for as long as it likes.
struct BodyWriter {
    tx: mpsc::Sender<Result<Bytes, std::io::Error>>,
    stall: std::time::Duration,
    runtime: tokio::runtime::Handle,
}

impl std::io::Write for BodyWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let chunk = Ok(Bytes::copy_from_slice(buf));
        match self
            .runtime
            .block_on(tokio::time::timeout(self.stall, self.tx.send(chunk)))
        {
            Ok(Ok(())) => Ok(buf.len()),
            Ok(Err(_)) => Err(std::io::ErrorKind::BrokenPipe.into()),
            Err(_) => Err(std::io::ErrorKind::TimedOut.into()),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The answer's version for `ETag`: the data's version and the query. A map polling an
/// unchanged database gets `304 Not Modified` without a scan.
fn etag(version: PublicVersion, raw: Option<&str>) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    raw.unwrap_or("").hash(&mut h);
    format!(
        "W/\"{}-{}-{:x}\"",
        version.report,
        version.event,
        h.finish()
    )
}

/// The response header with the data's version, for the next `?changed_after=`.
pub const VERSION_HEADER: &str = "reports-version";

fn bad_request(description: impl Into<String>) -> Response {
    let body = serde_json::json!({ "error": description.into() }).to_string();
    (
        StatusCode::BAD_REQUEST,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body,
    )
        .into_response()
}

pub(super) async fn reports(
    State(state): State<HttpState>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let params = params(raw.as_deref());
    let mut query = match date_and_status(&params, Utc::now(), false) {
        Ok(q) => q,
        Err(e) => {
            let body = serde_json::json!({ "error": e.description }).to_string();
            return (
                e.status,
                [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
                body,
            )
                .into_response();
        }
    };
    if let Some((_, v)) = params.iter().find(|(k, _)| k == "changed_after") {
        match v.parse::<PublicVersion>() {
            Ok(v) => query.changed_after = Some(v),
            Err(e) => return bad_request(format!("changed_after: {e}")),
        }
    }
    // Read before the scan: whatever changes during it is sent again after this version.
    let (version, tag) = match state.reader.public_version().await {
        Ok(v) => (v, etag(v, raw.as_deref())),
        Err(e) => {
            tracing::error!("reports.geojson: {e}");
            return (StatusCode::SERVICE_UNAVAILABLE, "database not answering\n").into_response();
        }
    };
    if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == tag.as_bytes())
    {
        return (
            StatusCode::NOT_MODIFIED,
            [
                (header::ETAG, tag),
                (
                    header::HeaderName::from_static(VERSION_HEADER),
                    version.to_string(),
                ),
            ],
        )
            .into_response();
    }
    query.located_only = true;
    query.oldest_first = true;
    let (tx, rx) = mpsc::channel(4);
    let photos = state
        .settings
        .public_photos
        .then(|| state.settings.public_base_url.clone());
    let body = BodyWriter {
        tx: tx.clone(),
        stall: state.settings.request_timeout,
        runtime: tokio::runtime::Handle::current(),
    };
    let exporter = Exporter::new(Format::GeoJson, body).with_photos(photos);
    let reader = state.reader.clone();
    tokio::spawn(async move {
        let ended = match reader.scan_public(query, exporter).await {
            // Its last chunk is sent from a blocking thread too.
            Ok(exporter) => tokio::task::spawn_blocking(move || exporter.finish().map(|_| ()))
                .await
                .unwrap_or_else(|e| Err(std::io::Error::other(e))),
            Err(e) => {
                tracing::error!("reports.geojson: {e}");
                Err(std::io::Error::other("database error"))
            }
        };
        match ended {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            Err(e) => {
                if e.kind() == std::io::ErrorKind::TimedOut {
                    tracing::info!("reports.geojson: the client stopped reading; cut off");
                }
                // The head is out already: cut the body short so the client sees an error
                // (when there is room: a client that stopped reading gets nothing more).
                let _ = tx.try_send(Err(std::io::Error::other("export failed")));
            }
        }
    });
    let body = Body::from_stream(tokio_stream::wrappers::ReceiverStream::new(rx));
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "application/geo+json".to_owned()),
            (header::CACHE_CONTROL, "no-cache".to_owned()),
            (header::ETAG, tag),
            (
                header::HeaderName::from_static(VERSION_HEADER),
                version.to_string(),
            ),
        ],
        body,
    )
        .into_response()
}
