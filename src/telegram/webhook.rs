//! Webhook mode: Telegram POSTs each update to `TELEGRAM_WEBHOOK_URL` instead of the bot
//! long-polling for it. The route is teloxide's (`webhooks::axum_to_router`, which also calls
//! `setWebhook` with the secret token), mounted on the bot's own HTTP server, behind a layer
//! that refuses a request without the right `X-Telegram-Bot-Api-Secret-Token` and stores the
//! update in SQLite — durably — before Telegram hears 200. Updates stored but perhaps not
//! handled (a crash right after the 200) are handed to the dispatcher again at the next start;
//! intake is idempotent, so a second delivery is harmless.

use std::time::Duration;

use crate::store::Db;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};

/// The header Telegram sends the secret in.
pub const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";
/// Largest update body accepted (Telegram's are a few kilobytes).
const MAX_BODY: usize = 1024 * 1024;
/// Stored updates older than this are taken as handled (the dispatcher takes seconds).
pub const KEEP_HANDLED: Duration = Duration::from_secs(600);

#[derive(Clone)]
struct Guard {
    db: Db,
    secret: String,
}

/// Compares without stopping at the first difference.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Refuses a request without the secret; stores the update before teloxide's handler (and
/// so Telegram) sees it.
async fn store_first(State(guard): State<Guard>, request: Request, next: Next) -> Response {
    if request.method() != axum::http::Method::POST {
        // The route's own 405.
        return next.run(request).await;
    }
    let authorised = request
        .headers()
        .get(SECRET_HEADER)
        .is_some_and(|v| same(v.as_bytes(), guard.secret.as_bytes()));
    if !authorised {
        return (StatusCode::UNAUTHORIZED, "wrong or missing secret token\n").into_response();
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
        return (StatusCode::PAYLOAD_TOO_LARGE, "update too large\n").into_response();
    };
    let update_id = serde_json::from_slice::<serde_json::Value>(&bytes)
        .ok()
        .and_then(|v| v.get("update_id").and_then(serde_json::Value::as_i64));
    let Some(update_id) = update_id else {
        return (StatusCode::BAD_REQUEST, "not a Telegram update\n").into_response();
    };
    let text = String::from_utf8_lossy(&bytes).into_owned();
    if let Err(e) = guard.db.store_webhook_update(update_id, text).await {
        // Not stored: Telegram will try again.
        tracing::error!("cannot store a webhook update: {e}");
        return (StatusCode::SERVICE_UNAVAILABLE, "try again\n").into_response();
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// teloxide's webhook router with the secret check and the store-first layer around it.
pub fn guarded(router: axum::Router, db: Db, secret: String) -> axum::Router {
    router.route_layer(middleware::from_fn_with_state(
        Guard { db, secret },
        store_first,
    ))
}

/// Hands stored updates to teloxide's route again (after a crash they may not have been
/// handled), through `router` unguarded, as Telegram would have sent them.
pub async fn replay(router: &axum::Router, path: &str, secret: &str, bodies: Vec<String>) {
    use tower::ServiceExt;
    let n = bodies.len();
    for body in bodies {
        let request = Request::post(path)
            .header(SECRET_HEADER, secret)
            .header("content-type", "application/json")
            .body(Body::from(body))
            .expect("a valid request");
        let _ = router.clone().oneshot(request).await;
    }
    if n > 0 {
        tracing::info!("{n} webhook updates handed to the dispatcher again after a restart");
    }
}

/// An empty request to teloxide's route: once its listener is stopped, that is what closes
/// it (its stream ends only when a request finds it stopped).
pub async fn knock(router: &axum::Router, path: &str, secret: &str) {
    use tower::ServiceExt;
    let request = Request::post(path)
        .header(SECRET_HEADER, secret)
        .body(Body::from("{}"))
        .expect("a valid request");
    let _ = router.clone().oneshot(request).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_comparison_needs_every_byte() {
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abc", b"abd"));
        assert!(!same(b"abc", b"ab"));
    }
}
