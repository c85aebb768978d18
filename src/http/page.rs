//! The live map at `/`: one HTML page with Leaflet (vendored from its npm package, licence
//! in `assets/leaflet/LICENSE`) embedded in the binary, so there is no build step and no
//! third-party script host. The page polls `/reports.geojson` to follow new reports.

use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::HttpState;
use crate::config::http::OSM_TILES;

const PAGE: &str = include_str!("../../assets/map.html");

/// The vendored files, by path under `/assets/`. Nothing else is served from there.
const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "leaflet/leaflet.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/leaflet/leaflet.js"),
    ),
    (
        "leaflet/leaflet.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/leaflet/leaflet.css"),
    ),
    (
        "leaflet/LICENSE",
        "text/plain; charset=utf-8",
        include_bytes!("../../assets/leaflet/LICENSE"),
    ),
    (
        "leaflet/images/layers.png",
        "image/png",
        include_bytes!("../../assets/leaflet/images/layers.png"),
    ),
    (
        "leaflet/images/layers-2x.png",
        "image/png",
        include_bytes!("../../assets/leaflet/images/layers-2x.png"),
    ),
    (
        "leaflet/images/marker-icon.png",
        "image/png",
        include_bytes!("../../assets/leaflet/images/marker-icon.png"),
    ),
    (
        "leaflet/images/marker-icon-2x.png",
        "image/png",
        include_bytes!("../../assets/leaflet/images/marker-icon-2x.png"),
    ),
    (
        "leaflet/images/marker-shadow.png",
        "image/png",
        include_bytes!("../../assets/leaflet/images/marker-shadow.png"),
    ),
];

/// Seconds between the page's polls, unless `?poll=N` (1–300) asks otherwise.
const POLL_SECS: u64 = 15;

pub(super) async fn index(State(state): State<HttpState>, RawQuery(raw): RawQuery) -> Response {
    let poll = form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .find(|(k, _)| k == "poll")
        .and_then(|(_, v)| v.parse::<u64>().ok())
        .map_or(POLL_SECS, |s| s.clamp(1, 300));
    let tiles = &state.settings.map_tiles_url;
    let attribution = if tiles == OSM_TILES {
        "&copy; <a href=\"https://www.openstreetmap.org/copyright\">OpenStreetMap</a> contributors"
    } else {
        ""
    };
    let config = serde_json::json!({
        "tiles": tiles,
        "attribution": attribution,
        "poll_ms": poll * 1000,
    })
    .to_string()
    // Inside <script>, "</script>" must not appear: escape every '<'.
    .replace('<', "\\u003c");
    let html = PAGE.replacen("/*CONFIG*/{}", &config, 1);
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        html,
    )
        .into_response()
}

pub(super) async fn asset(Path(file): Path<String>) -> Response {
    match ASSETS.iter().find(|(name, _, _)| *name == file) {
        Some((_, kind, bytes)) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, *kind),
                (header::CACHE_CONTROL, "public, max-age=86400"),
            ],
            *bytes,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "not found\n").into_response(),
    }
}
