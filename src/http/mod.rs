//! The HTTP boundary: one small, read-only, public server for the city — the live map, Open311
//! GeoReport v2, GeoJSON, health and Prometheus metrics (and, in webhook mode, Telegram's
//! updates, mounted on the same [`Router`] by `app`).
//!
//! Everything it shows is built from [`crate::domain::public::PublicReport`], which has no
//! field for personal data. Reads go through [`crate::store::Reader`]'s read-only
//! connections, so a poll never waits behind the bot's writes.
//!
//! [`serve`] runs its own accept loop rather than `axum::serve` for two limits a public server
//! needs: a bound on connections served at once, and a deadline for a request's headers (a
//! client trickling bytes cannot hold a connection open).

mod geojson;
pub mod metrics;
mod open311;
mod page;
pub mod photos;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;
use tower_http::cors::{Any, CorsLayer};
use tower_http::timeout::TimeoutLayer;

pub use crate::config::HttpSettings;
pub use crate::config::http::is_public_path;

use crate::store::Reader;

/// Longest query string accepted (a 1,000-id `service_request_id` list fits easily).
pub const MAX_QUERY_BYTES: usize = 64 * 1024;

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    #[error("HTTP_ADDR {addr} is already in use (choose another address, or set HTTP_ADDR=off)")]
    InUse { addr: SocketAddr },
    #[error("HTTP_ADDR {addr} cannot be used: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
}

/// Binds `HTTP_ADDR`, or `None` when the server is off.
pub async fn bind(settings: &HttpSettings) -> Result<Option<TcpListener>, HttpError> {
    let Some(addr) = settings.addr else {
        return Ok(None);
    };
    match TcpListener::bind(addr).await {
        Ok(l) => Ok(Some(l)),
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => Err(HttpError::InUse { addr }),
        Err(source) => Err(HttpError::Bind { addr, source }),
    }
}

/// What the handlers share.
#[derive(Clone)]
pub struct HttpState {
    pub reader: Reader,
    pub settings: Arc<HttpSettings>,
    pub metrics: Option<metrics::Metrics>,
    pub photos: Option<Arc<photos::Photos>>,
}

/// The public routes (no layers yet: [`serve`] adds them around whatever is merged in).
pub fn router(state: HttpState) -> Router {
    Router::new()
        .route("/", get(page::index))
        .route("/assets/{*file}", get(page::asset))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics::render))
        .route("/reports.geojson", get(geojson::reports))
        .route("/open311/v2/services.json", get(open311::services_json))
        .route("/open311/v2/services.xml", get(open311::services_xml))
        .route("/open311/v2/requests.json", get(open311::requests_json))
        .route("/open311/v2/requests.xml", get(open311::requests_xml))
        .route("/open311/v2/requests/{file}", get(open311::one_request))
        .route("/photos/{file}", get(photos::photo))
        .with_state(state)
}

async fn healthz(State(state): State<HttpState>) -> Response {
    match state.reader.ping().await {
        Ok(()) => (StatusCode::OK, "ok\n").into_response(),
        Err(e) => {
            tracing::warn!("healthz: {e}");
            (StatusCode::SERVICE_UNAVAILABLE, "database not answering\n").into_response()
        }
    }
}

/// Refuses query strings longer than [`MAX_QUERY_BYTES`] before any handler parses them.
async fn limit_query(request: Request, next: Next) -> Response {
    if request
        .uri()
        .query()
        .is_some_and(|q| q.len() > MAX_QUERY_BYTES)
    {
        return (StatusCode::URI_TOO_LONG, "query string too long\n").into_response();
    }
    let mut response = next.run(request).await;
    response.headers_mut().insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// Adds the limits every route gets: query length, a deadline for the answer's head, and
/// CORS for read-only use from other sites' pages.
pub fn with_layers(router: Router, settings: &HttpSettings) -> Router {
    router
        .layer(middleware::from_fn(limit_query))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            settings.request_timeout,
        ))
        .layer(
            CorsLayer::new()
                .allow_origin(Any)
                .allow_methods([axum::http::Method::GET, axum::http::Method::HEAD])
                .expose_headers([
                    header::ETAG,
                    header::HeaderName::from_static(geojson::VERSION_HEADER),
                ]),
        )
}

/// Serves `router` on `listener` until `shutdown`, then lets requests in flight finish (for
/// a moment). At most `settings.max_connections` connections are served at once; a request's
/// headers must arrive within `settings.request_timeout`.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    settings: &HttpSettings,
    shutdown: CancellationToken,
) {
    let router = with_layers(router, settings);
    let slots = Arc::new(Semaphore::new(settings.max_connections));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(settings.request_timeout)
        .max_buf_size(128 * 1024);
    loop {
        let slot = tokio::select! {
            _ = shutdown.cancelled() => break,
            slot = Arc::clone(&slots).acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
        };
        let stream = tokio::select! {
            _ = shutdown.cancelled() => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of file descriptors and the like: wait rather than spin.
                    tracing::warn!("HTTP accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        // A small answer (a 304, a poll's few changes) goes out in two writes, head and
        // body: without this, Nagle's algorithm holds the second for the client's delayed
        // ACK (some 40 ms on Linux).
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(router.clone());
        let conn = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            let _ = conn.await;
            drop(slot);
        });
    }
    drop(listener);
    tokio::select! {
        _ = graceful.shutdown() => {}
        _ = tokio::time::sleep(Duration::from_secs(2)) => {}
    }
}
