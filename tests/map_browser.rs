//! The live map in a real browser: headless Chromium (Debian's `chromium` and
//! `chromium-driver`; `.ci/run` installs them) loads `/` from the running bot with map tiles
//! blocked, and the test checks that the markers match `/reports.geojson`, that a popup
//! opens on a click, that the filters hide markers, and that a new report appears without a
//! reload; and that a popup shows the report's photo exactly when `PUBLIC_PHOTOS=true`.

mod support;

use std::time::Duration;

use support::app::{STAFF, spawn_app_with};
use support::browser::{self, Browser};
use support::fixtures::{BLUE, RED, YELLOW};

const CITIZEN: i64 = 880_001;
const CREW_MEMBER: i64 = 5_550_002;
const PAGE_WAIT: Duration = Duration::from_secs(30);

/// Whether Chromium is here; when it is not, the test is skipped, unless
/// `POTHOLE_REQUIRE_BROWSER` is set (CI), where that is a failure.
fn browser_or_skip(test: &str) -> bool {
    if browser::installed().is_some() {
        return true;
    }
    assert!(
        std::env::var_os("POTHOLE_REQUIRE_BROWSER").is_none(),
        "Chromium and chromedriver are required here (POTHOLE_REQUIRE_BROWSER is set)"
    );
    eprintln!(
        "\n\n*** SKIPPED {test}: Chromium is not installed (apt-get install -y chromium \
         chromium-driver; .ci/run does it) ***\n\n"
    );
    false
}

/// A tile URL template on a closed port: the page must work without tiles.
fn blocked_tiles() -> String {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let tiles = format!(
        "http://{}/{{z}}/{{x}}/{{y}}.png",
        closed.local_addr().unwrap()
    );
    drop(closed);
    tiles
}

#[tokio::test]
async fn the_map_shows_a_marker_per_located_pothole_with_popups_filters_and_live_updates() {
    if !browser_or_skip("the_map_shows_a_marker_per_located_pothole…") {
        return;
    }
    let tiles = blocked_tiles();
    let app = spawn_app_with(|env| {
        env.insert("MAP_TILES_URL".into(), tiles.clone());
    })
    .await;
    let severe = app
        .pothole(CITIZEN, RED, "severe", "note", Some((52.52, 13.405)))
        .await;
    let moderate = app
        .pothole(CITIZEN, YELLOW, "moderate", "note", Some((52.50, 13.35)))
        .await;
    // The severe one is fixed: closed, dimmed.
    let alert = app.report(severe).unwrap().alert_message_id.unwrap();
    app.tg
        .group(STAFF, CREW_MEMBER)
        .presses_button(alert, &format!("fixed:{severe}"));
    app.wait_report(severe, |r| r.work_state.as_deref() == Some("fixed"))
        .await;

    let browser = Browser::start().await.expect("Chromium is installed");
    browser.goto(&format!("{}/?poll=1", app.http_url())).await;
    browser
        .wait_for(
            "return window.potholes && window.potholes.markers.size === 2",
            PAGE_WAIT,
        )
        .await;

    // Every GeoJSON feature is a marker at its place, coloured by severity, closed dimmed.
    let geo = app.get("/reports.geojson").await.json();
    let markers = browser
        .eval(
            "return [...window.potholes.markers.values()].map(({marker, feature}) => ({
                id: feature.properties.id, lat: marker.getLatLng().lat, lon: marker.getLatLng().lng,
                fill: marker.options.fillColor, opacity: marker.options.fillOpacity,
                shown: window.potholes.map.hasLayer(marker)}))",
        )
        .await;
    let markers = markers.as_array().unwrap();
    let features = geo["features"].as_array().unwrap();
    assert_eq!(markers.len(), features.len());
    for f in features {
        let id = f["properties"]["id"].as_i64().unwrap();
        let m = markers
            .iter()
            .find(|m| m["id"] == id)
            .unwrap_or_else(|| panic!("no marker for #{id}"));
        assert_eq!(m["lon"], f["geometry"]["coordinates"][0]);
        assert_eq!(m["lat"], f["geometry"]["coordinates"][1]);
        assert_eq!(m["shown"], true);
        let (fill, opacity) = if id == severe {
            ("#c0392b", 0.25)
        } else {
            ("#e67e22", 0.9)
        };
        assert_eq!(m["fill"], fill, "#{id}");
        assert_eq!(m["opacity"], opacity, "#{id}");
    }
    // Both are drawn as clickable shapes.
    let shapes = browser.find_all("path.leaflet-interactive").await;
    assert_eq!(shapes.len(), 2);

    // A click opens the report's popup: number, severity, state, date.
    let moderate_shape = browser
        .eval(&format!(
            "const m = window.potholes.markers.get({moderate}).marker;
             m.getElement().setAttribute('data-test', 'moderate'); return true;"
        ))
        .await;
    assert_eq!(moderate_shape, true);
    let target = browser.find_all("path[data-test=moderate]").await;
    browser.click(&target[0]).await;
    let popup = browser
        .wait_for(
            "const p = document.querySelector('.leaflet-popup-content'); return p && p.innerText",
            PAGE_WAIT,
        )
        .await;
    let popup = popup.as_str().unwrap();
    assert!(popup.contains(&format!("#{moderate}")), "{popup}");
    assert!(popup.contains("moderate pothole"), "{popup}");
    assert!(popup.contains("open"), "{popup}");
    assert!(popup.contains("reported "), "{popup}");
    assert!(!popup.contains("note"), "no caption in public: {popup}");

    // Filters: unticking "fixed" hides the fixed one, "moderate" the other.
    browser
        .eval("document.querySelector('input[name=state][value=fixed]').click(); return true")
        .await;
    let shown = browser
        .eval("return [...window.potholes.markers.values()].filter(({marker}) => window.potholes.map.hasLayer(marker)).map(({feature}) => feature.properties.id)")
        .await;
    assert_eq!(shown, serde_json::json!([moderate]));
    browser
        .eval("document.querySelector('input[name=severity][value=moderate]').click(); return true")
        .await;
    browser
        .wait_for(
            "return document.getElementById('count').textContent === '0 of 2 shown'",
            PAGE_WAIT,
        )
        .await;
    browser
        .eval("document.querySelectorAll('input[type=checkbox]:not(:checked)').forEach(i => i.click()); return true")
        .await;

    // A new report shows up without a reload.
    let minor = app
        .pothole(CITIZEN, BLUE, "minor", "note", Some((52.51, 13.38)))
        .await;
    browser
        .wait_for(
            &format!("return window.potholes.markers.has({minor}) && window.potholes.map.hasLayer(window.potholes.markers.get({minor}).marker)"),
            PAGE_WAIT,
        )
        .await;
    let fill = browser
        .eval(&format!(
            "return window.potholes.markers.get({minor}).marker.options.fillColor"
        ))
        .await;
    assert_eq!(fill, "#f1c40f");
}

#[tokio::test]
async fn the_popup_shows_the_photo_only_when_photos_are_public() {
    if !browser_or_skip("the_popup_shows_the_photo_only_when_photos_are_public") {
        return;
    }
    let browser = Browser::start().await.expect("Chromium is installed");
    for public in [true, false] {
        let tiles = blocked_tiles();
        let app = spawn_app_with(|env| {
            env.insert("MAP_TILES_URL".into(), tiles.clone());
            env.insert("PUBLIC_PHOTOS".into(), public.to_string());
        })
        .await;
        let id = app
            .pothole(CITIZEN, RED, "severe", "note", Some((52.52, 13.405)))
            .await;
        let file_id = app.report(id).unwrap().file_id;
        let downloads = app.tg.downloads_of(&file_id);
        browser.goto(&format!("{}/?poll=1", app.http_url())).await;
        browser
            .wait_for(
                &format!("return window.potholes && window.potholes.markers.has({id})"),
                PAGE_WAIT,
            )
            .await;
        browser
            .eval(&format!(
                "window.potholes.markers.get({id}).marker.openPopup(); return true"
            ))
            .await;
        browser
            .wait_for(
                "return !!document.querySelector('.leaflet-popup-content')",
                PAGE_WAIT,
            )
            .await;
        if public {
            // The photo comes from the bot (which fetched it from Telegram), and it loads.
            let src = browser
                .wait_for(
                    "const i = document.querySelector('.leaflet-popup-content img');
                     return i && i.complete && i.naturalWidth > 0 && i.src",
                    PAGE_WAIT,
                )
                .await;
            assert_eq!(
                src.as_str(),
                Some(format!("{}/photos/{id}.jpg", app.http_url()).as_str())
            );
            assert!(
                app.tg.downloads_of(&file_id) > downloads,
                "fetched from the Bot API server-side"
            );
        } else {
            let imgs = browser
                .eval("return document.querySelectorAll('.leaflet-popup-content img').length")
                .await;
            assert_eq!(imgs, 0, "no photo when PUBLIC_PHOTOS=false");
            assert_eq!(app.tg.downloads_of(&file_id), downloads);
            let text = browser
                .eval("return document.querySelector('.leaflet-popup-content').innerText")
                .await;
            assert!(text.as_str().unwrap().contains(&format!("#{id}")), "{text}");
        }
    }
}
