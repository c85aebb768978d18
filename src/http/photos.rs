//! `/photos/{id}.jpg`: a graded pothole's photo, only when `PUBLIC_PHOTOS=true`.
//!
//! The bot fetches the photo from Telegram itself (getFile, then the download; both URLs carry
//! the bot token, so the browser never sees them), re-encodes it as a fresh JPEG without any
//! metadata (no EXIF, no GPS), downsized, and keeps the result in a small in-memory cache
//! bounded in bytes. Photos of reports the crews rejected are not shown.

use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures_util::future::BoxFuture;
use lru::LruCache;
use tokio::sync::Semaphore;

use super::HttpState;
use crate::vision::image::reencode_public;

/// Fetches a photo's bytes by its Telegram file id (`app` wires in the Telegram download, so
/// this module needs no Telegram types); the error is a sentence for the log.
pub type Fetch = Arc<dyn Fn(String) -> BoxFuture<'static, Result<Vec<u8>, String>> + Send + Sync>;

/// Longer side of a public photo, in pixels.
pub const MAX_SIDE: u32 = 1024;
/// Bytes of re-encoded photos kept in memory.
const CACHE_BYTES: usize = 32 * 1024 * 1024;
/// Photos decoded at once (decoding is CPU work; the bot's own grading comes first).
const DECODES: usize = 2;

/// Where photos come from, and the cache in front of it.
pub struct Photos {
    fetch: Fetch,
    cache: Mutex<Cache>,
    decodes: Semaphore,
}

struct Cache {
    entries: LruCache<i64, Bytes>,
    bytes: usize,
}

impl Photos {
    pub fn new(fetch: Fetch) -> Photos {
        Photos {
            fetch,
            cache: Mutex::new(Cache {
                entries: LruCache::unbounded(),
                bytes: 0,
            }),
            decodes: Semaphore::new(DECODES),
        }
    }

    fn cached(&self, id: i64) -> Option<Bytes> {
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache.entries.get(&id).cloned()
    }

    fn keep(&self, id: i64, jpeg: Bytes) {
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache.bytes += jpeg.len();
        if let Some(old) = cache.entries.put(id, jpeg) {
            cache.bytes -= old.len();
        }
        while cache.bytes > CACHE_BYTES {
            match cache.entries.pop_lru() {
                Some((_, old)) => cache.bytes -= old.len(),
                None => break,
            }
        }
    }

    /// Bytes held now (for tests of the bound).
    pub fn cached_bytes(&self) -> usize {
        self.cache.lock().unwrap_or_else(|e| e.into_inner()).bytes
    }

    async fn fetch(&self, id: i64, file_id: &str) -> Result<Bytes, Response> {
        if let Some(hit) = self.cached(id) {
            return Ok(hit);
        }
        let original = (self.fetch)(file_id.to_owned()).await.map_err(|e| {
            tracing::warn!(report_id = id, "public photo: {e}");
            (
                StatusCode::BAD_GATEWAY,
                "the photo is not available right now\n",
            )
                .into_response()
        })?;
        let _permit = self.decodes.acquire().await.map_err(|_| unavailable())?;
        let jpeg = tokio::task::spawn_blocking(move || reencode_public(&original, MAX_SIDE))
            .await
            .map_err(|_| unavailable())?
            .map_err(|e| {
                tracing::warn!(report_id = id, "public photo cannot be re-encoded: {e}");
                unavailable()
            })?;
        let jpeg = Bytes::from(jpeg);
        self.keep(id, jpeg.clone());
        Ok(jpeg)
    }
}

fn unavailable() -> Response {
    (StatusCode::NOT_FOUND, "no photo\n").into_response()
}

/// `{id}.jpg` with a report number, or nothing.
fn parse_name(file: &str) -> Option<i64> {
    let id = file.strip_suffix(".jpg")?;
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    id.parse().ok().filter(|id| *id > 0)
}

pub(super) async fn photo(State(state): State<HttpState>, Path(file): Path<String>) -> Response {
    let Some(photos) = state.photos.clone() else {
        return (StatusCode::NOT_FOUND, "photos are not public\n").into_response();
    };
    let Some(id) = parse_name(&file) else {
        return (StatusCode::NOT_FOUND, "not found\n").into_response();
    };
    let file_id = match state.reader.photo_file_id(id).await {
        Ok(Some(f)) => f,
        Ok(None) => return unavailable(),
        Err(e) => {
            tracing::error!("public photo #{id}: {e}");
            return (StatusCode::SERVICE_UNAVAILABLE, "try again shortly\n").into_response();
        }
    };
    match photos.fetch(id, &file_id).await {
        Ok(jpeg) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "image/jpeg"),
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            jpeg,
        )
            .into_response(),
        Err(response) => response,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_report_number_and_jpg_name_a_photo() {
        assert_eq!(parse_name("42.jpg"), Some(42));
        for bad in [
            "../42.jpg",
            "42.png",
            ".jpg",
            "0.jpg",
            "-1.jpg",
            "4 2.jpg",
            "42.jpg.jpg",
            "+4.jpg",
            "99999999999999999999.jpg",
        ] {
            assert_eq!(parse_name(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_cache_stays_within_its_bound() {
        let photos = Photos::new(Arc::new(|_| Box::pin(async { Err("none".to_owned()) })));
        for id in 0..100 {
            photos.keep(id, Bytes::from(vec![0u8; 1024 * 1024]));
        }
        assert!(photos.cached_bytes() <= CACHE_BYTES);
        assert!(photos.cached(99).is_some(), "the newest stays");
        assert!(photos.cached(0).is_none(), "the oldest went");
    }
}
