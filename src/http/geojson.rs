//! `/reports.geojson`: located potholes as an RFC 7946 FeatureCollection (`[longitude,
//! latitude]`), filterable by `start_date`, `end_date` and `status` like Open311 (but with no
//! 90-day window). The body is streamed from a read-only connection in chunks, so memory
//! stays flat however many reports there are.

use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use chrono::Utc;
use tokio::sync::mpsc;

use super::HttpState;
use super::open311::{date_and_status, params};
use crate::domain::public::PublicReport;
use crate::export::feature::{HEAD, TAIL, write_feature};
use crate::store::public::Visit;

/// Bytes gathered before a chunk goes out.
const CHUNK: usize = 32 * 1024;

/// Gathers features into chunks and hands them to the response body.
struct Chunks {
    buf: Vec<u8>,
    first: bool,
    photos_base: Option<String>,
    tx: mpsc::Sender<Result<Bytes, std::io::Error>>,
}

impl Visit for Chunks {
    fn visit(&mut self, report: PublicReport) -> bool {
        let url = self
            .photos_base
            .as_ref()
            .filter(|_| report.photo_is_public())
            .map(|base| format!("{base}/photos/{}.jpg", report.id));
        if write_feature(&mut self.buf, self.first, &report, url.as_deref()) {
            self.first = false;
        }
        if self.buf.len() >= CHUNK {
            let chunk = Bytes::from(std::mem::replace(
                &mut self.buf,
                Vec::with_capacity(CHUNK * 2),
            ));
            // Fails when the client went away: stop reading.
            return self.tx.blocking_send(Ok(chunk)).is_ok();
        }
        true
    }
}

/// The answer's version for `ETag`: the data's version and the query. A map polling an
/// unchanged database gets `304 Not Modified` without a scan.
fn etag(version: (i64, i64), raw: Option<&str>) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    raw.unwrap_or("").hash(&mut h);
    format!("W/\"{}-{}-{:x}\"", version.0, version.1, h.finish())
}

pub(super) async fn reports(
    State(state): State<HttpState>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let mut query = match date_and_status(&params(raw.as_deref()), Utc::now(), false) {
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
    let tag = match state.reader.public_version().await {
        Ok(v) => etag(v, raw.as_deref()),
        Err(e) => {
            tracing::error!("reports.geojson: {e}");
            return (StatusCode::SERVICE_UNAVAILABLE, "database not answering\n").into_response();
        }
    };
    if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == tag.as_bytes())
    {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, tag)]).into_response();
    }
    query.located_only = true;
    query.oldest_first = true;
    let (tx, rx) = mpsc::channel(4);
    let mut buf = Vec::with_capacity(CHUNK * 2);
    buf.extend_from_slice(HEAD);
    let chunks = Chunks {
        buf,
        first: true,
        photos_base: state
            .settings
            .public_photos
            .then(|| state.settings.public_base_url.clone()),
        tx: tx.clone(),
    };
    let reader = state.reader.clone();
    tokio::spawn(async move {
        match reader.scan_public(query, chunks).await {
            Ok(mut chunks) => {
                chunks.buf.extend_from_slice(TAIL);
                let _ = tx.send(Ok(Bytes::from(chunks.buf))).await;
            }
            Err(e) => {
                // The head is out already: cut the body short so the client sees an error.
                tracing::error!("reports.geojson: {e}");
                let _ = tx.send(Err(std::io::Error::other("database error"))).await;
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
        ],
        body,
    )
        .into_response()
}
