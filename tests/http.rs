//! The public HTTP server against a running bot: health, GeoJSON, Open311 (JSON and XML),
//! metrics and the map's files, fed by the real pipeline (fake Bot API, fake model).

mod support;

use support::app::{STAFF, TestApp, WAIT, spawn_app, spawn_app_with};
use support::fake_telegram::STANDARD_SIZES;
use support::fixtures::{BLUE, GREEN, RED, YELLOW};

/// The citizen of these tests, with a name, a username and a caption the public must never
/// see.
const CITIZEN: i64 = 770_001;
const CAPTION: &str = "outside number 12, Mrs Example's house";
const CREW_MEMBER: i64 = 5_550_001;

async fn report(app: &TestApp, color: [u8; 3], severity: &str, at: Option<(f64, f64)>) -> i64 {
    app.pothole(CITIZEN, color, severity, CAPTION, at).await
}

#[tokio::test]
async fn health_answers_ok_when_the_database_answers() {
    let app = spawn_app().await;
    let health = app.get("/healthz").await;
    assert_eq!(health.status, 200);
    assert_eq!(health.body.trim(), "ok");
}

#[tokio::test]
async fn a_located_pothole_is_a_geojson_feature_with_longitude_first() {
    let app = spawn_app().await;
    let id = report(&app, RED, "severe", Some((52.52, 13.405))).await;
    let unlocated = report(&app, BLUE, "minor", None).await;

    let answer = app.get("/reports.geojson").await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.content_type, "application/geo+json");
    let geo = answer.json();
    assert_eq!(geo["type"], "FeatureCollection");
    let features = geo["features"].as_array().unwrap();
    assert_eq!(features.len(), 1, "only located potholes: {geo}");
    let f = &features[0];
    assert_eq!(f["type"], "Feature");
    assert_eq!(f["geometry"]["type"], "Point");
    assert_eq!(
        f["geometry"]["coordinates"],
        serde_json::json!([13.405, 52.52])
    );
    let p = &f["properties"];
    assert_eq!(p["id"], id);
    assert_eq!(p["severity"], "severe");
    assert_eq!(p["work_state"], "open");
    assert_eq!(p["status"], "open");
    assert!(p["requested_at"].as_str().unwrap().ends_with('Z'));
    assert!(p["updated_at"].as_str().unwrap() >= p["requested_at"].as_str().unwrap());
    assert!(
        p.get("photo_url").is_none(),
        "photos are not public by default"
    );
    assert_ne!(id, unlocated);

    // Polling an unchanged database is a 304; any change gives a new version.
    let url = format!("{}/reports.geojson", app.http_url());
    let client = reqwest::Client::new();
    let first = client.get(&url).send().await.unwrap();
    let tag = first.headers()["etag"].to_str().unwrap().to_owned();
    let again = client
        .get(&url)
        .header("If-None-Match", &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    report(&app, GREEN, "moderate", Some((52.0, 13.0))).await;
    let changed = client
        .get(&url)
        .header("If-None-Match", &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 200);
    let geo: serde_json::Value = changed.json().await.unwrap();
    assert_eq!(geo["features"].as_array().unwrap().len(), 2);
}

/// How the map follows new reports without reloading them all: `changed_after` the version
/// of its last answer gives only the reports made or changed since.
#[tokio::test]
async fn changed_after_a_version_gives_only_the_reports_made_or_changed_since() {
    let app = spawn_app().await;
    let first = report(&app, RED, "severe", Some((52.52, 13.405))).await;
    let second = report(&app, YELLOW, "moderate", Some((52.53, 13.41))).await;
    let client = reqwest::Client::new();
    let get = |query: String| {
        let (client, url) = (client.clone(), app.http_url());
        async move {
            let r = client
                .get(format!("{url}/reports.geojson{query}"))
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            let version = r
                .headers()
                .get("reports-version")
                .map(|v| v.to_str().unwrap().to_owned());
            let body: serde_json::Value = r.json().await.unwrap_or_default();
            let ids: Vec<i64> = body["features"]
                .as_array()
                .map(|f| f.iter().map(|f| f["id"].as_i64().unwrap()).collect())
                .unwrap_or_default();
            (status, version, ids)
        }
    };
    let (status, version, ids) = get(String::new()).await;
    assert_eq!(status, 200);
    assert_eq!(ids, [first, second]);
    let v0 = version.expect("a Reports-Version header");

    let (_, v1, ids) = get(format!("?changed_after={v0}")).await;
    assert_eq!(ids, Vec::<i64>::new(), "nothing changed since {v0}");
    assert_eq!(v1.as_deref(), Some(v0.as_str()));

    // A new report, and a crew's change to an old one: both, and only those.
    let third = report(&app, GREEN, "minor", Some((52.54, 13.42))).await;
    let alert = app.report(first).unwrap().alert_message_id.unwrap();
    app.tg
        .group(STAFF, CREW_MEMBER)
        .presses_button(alert, &format!("fixed:{first}"));
    app.wait_report(first, |r| r.work_state.as_deref() == Some("fixed"))
        .await;
    let (_, v2, ids) = get(format!("?changed_after={v0}")).await;
    assert_eq!(ids, [first, third]);
    assert_ne!(v2.as_deref(), Some(v0.as_str()));
    // Filters still apply.
    let (_, _, ids) = get(format!("?changed_after={v0}&status=open")).await;
    assert_eq!(ids, [third]);

    for bad in ["abc", "1", "1.x", "-"] {
        let (status, _, _) = get(format!("?changed_after={bad}")).await;
        assert_eq!(status, 400, "changed_after={bad}");
    }
}

#[tokio::test]
async fn open311_lists_graded_potholes_as_service_requests_in_json_and_xml() {
    let app = spawn_app().await;
    let severe = report(&app, RED, "severe", Some((52.52, 13.405))).await;
    let minor = report(&app, YELLOW, "minor", None).await;
    // Not a pothole: no service request.
    report(&app, GREEN, "not_pothole", Some((52.0, 13.0))).await;

    let answer = app.get("/open311/v2/requests.json").await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.content_type, "application/json; charset=utf-8");
    let list = answer.json();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2, "{list:?}");
    // Newest first.
    assert_eq!(list[0]["service_request_id"], minor);
    assert_eq!(list[1]["service_request_id"], severe);
    let r = &list[1];
    assert_eq!(r["status"], "open");
    assert_eq!(r["status_notes"], "Reported, waiting for a crew.");
    assert_eq!(r["service_code"], "pothole");
    assert_eq!(r["service_name"], "Pothole");
    assert_eq!(r["description"], "severe pothole: A hole in the asphalt");
    assert_eq!(r["lat"], 52.52);
    assert_eq!(r["long"], 13.405);
    assert!(r.get("media_url").is_none());
    assert!(list[0].get("lat").is_none(), "no location, no lat/long");

    let xml = app.get("/open311/v2/requests.xml").await;
    assert_eq!(xml.status, 200);
    assert_eq!(xml.content_type, "text/xml; charset=utf-8");
    assert!(
        xml.body
            .starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>")
    );
    assert!(xml.body.contains(&format!(
        "<request><service_request_id>{severe}</service_request_id><status>open</status>"
    )));
    assert_eq!(xml.body.matches("<request>").count(), 2);

    let one = app
        .get(&format!("/open311/v2/requests/{severe}.json"))
        .await;
    assert_eq!(one.status, 200);
    assert_eq!(one.json()[0]["service_request_id"], severe);
    let one = app.get(&format!("/open311/v2/requests/{severe}.xml")).await;
    assert!(
        one.body.contains("<service_requests><request>"),
        "{}",
        one.body
    );

    let by_ids = app
        .get(&format!(
            "/open311/v2/requests.json?service_request_id={minor},{severe},999"
        ))
        .await;
    assert_eq!(by_ids.json().as_array().unwrap().len(), 2);
    let other_service = app
        .get("/open311/v2/requests.json?service_code=graffiti")
        .await;
    assert_eq!(other_service.json(), serde_json::json!([]));

    let services = app.get("/open311/v2/services.json").await.json();
    assert_eq!(services[0]["service_code"], "pothole");
    let services = app.get("/open311/v2/services.xml").await;
    assert!(
        services
            .body
            .contains("<service_code>pothole</service_code>")
    );
}

#[tokio::test]
async fn a_fixed_pothole_is_closed_with_a_note_and_filters_follow_it() {
    let app = spawn_app().await;
    let fixed = report(&app, RED, "severe", Some((52.52, 13.405))).await;
    let open = report(&app, YELLOW, "moderate", Some((52.53, 13.41))).await;
    let alert = app.report(fixed).unwrap().alert_message_id.unwrap();
    app.tg
        .group(STAFF, CREW_MEMBER)
        .presses_button(alert, &format!("fixed:{fixed}"));
    app.wait_report(fixed, |r| r.work_state.as_deref() == Some("fixed"))
        .await;

    let one = app
        .get(&format!("/open311/v2/requests/{fixed}.json"))
        .await
        .json();
    assert_eq!(one[0]["status"], "closed");
    assert_eq!(one[0]["status_notes"], "Repaired.");

    let ids = |path: &str| {
        let app = &app;
        let path = path.to_owned();
        async move {
            let v = app.get(&path).await.json();
            let list = v
                .as_array()
                .cloned()
                .unwrap_or_else(|| v["features"].as_array().unwrap().clone());
            list.iter()
                .map(|r| {
                    r["service_request_id"]
                        .as_i64()
                        .or(r["id"].as_i64())
                        .unwrap()
                })
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        ids("/open311/v2/requests.json?status=closed").await,
        [fixed]
    );
    assert_eq!(ids("/open311/v2/requests.json?status=open").await, [open]);
    assert_eq!(
        ids("/open311/v2/requests.json?status=open,closed").await,
        [open, fixed]
    );
    assert_eq!(ids("/reports.geojson?status=closed").await, [fixed]);
    assert_eq!(ids("/reports.geojson?status=open").await, [open]);
    let geo = app.get("/reports.geojson").await.json();
    let closed = geo["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == fixed)
        .unwrap()
        .clone();
    assert_eq!(closed["properties"]["work_state"], "fixed");
    assert_eq!(closed["properties"]["status"], "closed");

    // A date window that ends before the reports were made finds none.
    assert!(
        ids("/open311/v2/requests.json?start_date=2020-01-01T00:00:00Z&end_date=2020-02-01T00:00:00Z")
            .await
            .is_empty()
    );
    assert!(
        ids("/reports.geojson?end_date=2020-02-01T00:00:00Z")
            .await
            .is_empty()
    );
}

/// Everything the public can fetch, with a report that has a chat id, a user id, a name, a
/// username and a caption in the database.
#[tokio::test]
async fn no_public_output_contains_chat_ids_user_ids_names_usernames_or_captions() {
    let app = spawn_app_with(|env| {
        env.insert("PUBLIC_PHOTOS".into(), "true".into());
    })
    .await;
    let id = report(&app, RED, "severe", Some((52.52, 13.405))).await;
    let row = app.report(id).unwrap();
    assert_eq!(row.note.as_deref(), Some(CAPTION), "the caption is stored");
    let secrets = [
        CITIZEN.to_string(),
        format!("Citizen{CITIZEN}"),
        format!("citizen{CITIZEN}"),
        CAPTION.to_owned(),
        "Mrs Example".to_owned(),
        STAFF.to_string(),
        row.file_id.clone(),
        support::fake_telegram::TOKEN.to_owned(),
    ];
    let paths = [
        "/".to_owned(),
        "/healthz".to_owned(),
        "/metrics".to_owned(),
        "/reports.geojson".to_owned(),
        "/open311/v2/services.json".to_owned(),
        "/open311/v2/services.xml".to_owned(),
        "/open311/v2/requests.json".to_owned(),
        "/open311/v2/requests.xml".to_owned(),
        format!("/open311/v2/requests.json?service_request_id={id}"),
        format!("/open311/v2/requests/{id}.json"),
        format!("/open311/v2/requests/{id}.xml"),
        "/open311/v2/requests.json?status=foo".to_owned(),
        format!("/photos/{id}.jpg"),
    ];
    for path in &paths {
        let answer = app.get(path).await;
        assert!(
            answer.status == 200 || path.contains("foo"),
            "{path}: {}",
            answer.status
        );
        for secret in &secrets {
            assert!(
                !answer.body.contains(secret.as_str()),
                "{path} shows {secret:?}:\n{}",
                answer.body
            );
        }
    }
    // Photo links point at this server, never at Telegram.
    let geo = app.get("/reports.geojson").await.json();
    let url = geo["features"][0]["properties"]["photo_url"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(url, format!("{}/photos/{id}.jpg", app.http_url()));
    let media = app.get("/open311/v2/requests.json").await.json();
    assert_eq!(media[0]["media_url"], url);
}

#[tokio::test]
async fn metrics_are_prometheus_text_with_reports_by_severity_and_state() {
    let app = spawn_app().await;
    report(&app, RED, "severe", Some((52.52, 13.405))).await;
    report(&app, YELLOW, "minor", None).await;
    let answer = app.get("/metrics").await;
    assert_eq!(answer.status, 200);
    assert!(
        answer.content_type.starts_with("text/plain"),
        "{}",
        answer.content_type
    );
    let text = &answer.body;
    for line in [
        "pothole_reports{severity=\"severe\",work_state=\"open\"} 1",
        "pothole_reports{severity=\"minor\",work_state=\"open\"} 1",
        "pothole_reports{severity=\"moderate\",work_state=\"fixed\"} 0",
        "pothole_outbox_pending ",
        "pothole_spend_today_usd ",
        "pothole_telegram_429_total ",
        "pothole_grading_seconds_bucket{le=",
        "pothole_grading_seconds_count ",
        "pothole_db_batch_seconds_bucket{le=\"0.0001\"}",
        "pothole_db_sync_seconds_bucket{le=\"0.004\"}",
    ] {
        assert!(text.contains(line), "{line} missing in\n{text}");
    }
    // The database thread's work: the two reports took jobs, and their writes fsyncs.
    let value = |name: &str| -> f64 {
        text.lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
            .unwrap_or_else(|| panic!("{name} missing in\n{text}"))
    };
    assert!(value("pothole_db_jobs_total") >= 4.0, "{text}");
    assert!(value("pothole_db_batch_seconds_count") >= 2.0, "{text}");
    assert!(value("pothole_db_sync_seconds_count") >= 2.0, "{text}");
    assert!(value("pothole_db_sync_seconds_sum") > 0.0, "{text}");
    assert!(text.contains("# TYPE pothole_reports gauge"), "{text}");
    assert!(
        text.contains("# TYPE pothole_grading_seconds histogram"),
        "{text}"
    );
}

#[tokio::test]
async fn the_map_page_and_leaflet_are_served_from_the_binary() {
    let app = spawn_app_with(|env| {
        env.insert(
            "MAP_TILES_URL".into(),
            "http://127.0.0.1:9/{z}/{x}/{y}.png".into(),
        );
    })
    .await;
    let page = app.get("/").await;
    assert_eq!(page.status, 200);
    assert_eq!(page.content_type, "text/html; charset=utf-8");
    assert!(page.body.contains("/assets/leaflet/leaflet.js"));
    assert!(page.body.contains("http://127.0.0.1:9/{z}/{x}/{y}.png"));
    assert!(!page.body.contains("tile.openstreetmap.org"));
    let js = app.get("/assets/leaflet/leaflet.js").await;
    assert_eq!(js.status, 200);
    assert!(js.body.contains("Leaflet"), "the vendored library");
    let license = app.get("/assets/leaflet/LICENSE").await;
    assert!(license.body.contains("BSD 2-Clause"));
    assert_eq!(
        app.get("/assets/leaflet/../../Cargo.toml").await.status,
        404
    );
    assert_eq!(app.get("/assets/map.html").await.status, 404);
}

#[tokio::test]
async fn a_port_in_use_is_a_one_line_error_naming_http_addr() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap();
    let app = spawn_app_with(|env| {
        env.insert("HTTP_ADDR".into(), "off".into());
    })
    .await;
    let mut env = app.env.clone();
    env.insert("HTTP_ADDR".into(), addr.to_string());
    // A database of its own: the bot opens it before it binds the port.
    let own = app.dir.path().join("own.db");
    env.insert("DATABASE_PATH".into(), own.display().to_string());
    let (status, log) = support::process::run_to_exit(&env, app.dir.path()).await;
    assert!(!status.success());
    let last = log.lines().last().unwrap_or_default();
    assert!(
        last.contains("HTTP_ADDR") && last.contains(&addr.to_string()) && last.contains("in use"),
        "{log}"
    );
    assert_eq!(
        log.lines().filter(|l| l.contains("HTTP_ADDR")).count(),
        1,
        "{log}"
    );
    drop(taken);
}

#[tokio::test]
async fn http_off_means_no_server() {
    let app = spawn_app_with(|env| {
        env.insert("HTTP_ADDR".into(), "off".into());
    })
    .await;
    assert!(app.http_addr.is_none());
    // The bot still works.
    let photo = app.tg.add_photo(RED, &STANDARD_SIZES);
    app.tg.citizen(CITIZEN).sends_photo(&photo);
    app.tg
        .wait_for(WAIT, |s| {
            s.chat_id == CITIZEN && s.text_str().contains("received")
        })
        .await;
}

#[tokio::test]
async fn photos_are_off_unless_public_photos_is_true() {
    let app = spawn_app().await;
    let id = report(&app, RED, "severe", Some((52.52, 13.405))).await;
    assert_eq!(app.get(&format!("/photos/{id}.jpg")).await.status, 404);
    let downloads = app.tg.file_downloads();
    let _ = app.get(&format!("/photos/{id}.jpg")).await;
    assert_eq!(
        app.tg.file_downloads(),
        downloads,
        "nothing fetched from Telegram"
    );
}

#[tokio::test]
async fn a_public_photo_is_re_encoded_without_metadata_downsized_and_cached() {
    let app = spawn_app_with(|env| {
        env.insert("PUBLIC_PHOTOS".into(), "true".into());
    })
    .await;
    app.ai
        .set_default(support::fake_openai::Reply::verdict("severe", "Deep"));
    let original = pothole_bot::vision::image::jpeg_with_gps(
        &support::fixtures::jpeg(1600, 1200, RED),
        59.3293,
        18.0686,
    );
    let gps = |bytes: &[u8]| {
        pothole_bot::vision::image::prepare(bytes.to_vec(), pothole_bot::domain::ImageDetail::Low)
            .unwrap()
            .gps
    };
    assert!(gps(&original).is_some(), "the original has a position");
    let doc = app.tg.add_file(&original, "IMG_2041.jpg", "image/jpeg");
    app.tg.citizen(CITIZEN).sends_document(&doc);
    app.wait_report(1, |r| r.status == "alerted").await;
    let file_id = app.report(1).unwrap().file_id;

    let response = reqwest::get(format!("{}/photos/1.jpg", app.http_url()))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "image/jpeg");
    let jpeg = response.bytes().await.unwrap();
    assert_eq!(
        support::fixtures::image_dims(&jpeg),
        Some((1024, 768)),
        "downsized to 1024 px"
    );
    assert!(gps(&jpeg).is_none(), "no GPS left");
    assert!(
        !jpeg.windows(4).any(|w| w == b"Exif"),
        "no EXIF block at all"
    );
    assert_eq!(
        support::fixtures::center_pixel(&jpeg).map(|p| p[0] > 180),
        Some(true)
    );
    let downloads = app.tg.downloads_of(&file_id);
    let again = app.get("/photos/1.jpg").await;
    assert_eq!(again.status, 200);
    assert_eq!(
        app.tg.downloads_of(&file_id),
        downloads,
        "served from the cache"
    );
    assert_eq!(app.get("/photos/2.jpg").await.status, 404);
}
