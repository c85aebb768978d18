//! The public HTTP server given bad input: every case gets a deliberate answer in the right
//! shape, and none of them stops the server or slows the bot.

mod support;

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use support::app::{TestApp, WAIT, spawn_app, spawn_app_with};
use support::fake_telegram::STANDARD_SIZES;
use support::fixtures::RED;

/// Sends `request` byte for byte (no client-side normalisation of the path) and returns
/// everything the server answers until it closes the connection.
async fn raw(app: &TestApp, request: &str) -> String {
    let mut stream = TcpStream::connect(app.http_addr.unwrap()).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    let _ = tokio::time::timeout(WAIT, stream.read_to_end(&mut out)).await;
    String::from_utf8_lossy(&out).into_owned()
}

fn open311_error(answer: &support::app::HttpAnswer, code: u16, words: &str) {
    assert_eq!(answer.status, code, "{}", answer.body);
    let json = answer.json();
    assert_eq!(json[0]["code"], code, "{json}");
    let description = json[0]["description"].as_str().unwrap();
    assert!(description.contains(words), "{description}");
}

#[tokio::test]
async fn malformed_dates_are_a_400_in_open311s_error_shape() {
    let app = spawn_app().await;
    for date in [
        "yesterday",
        "2026-01-01",
        "2026-01-01T00:00:00",
        "2026-02-30T00:00:00Z",
        "%00",
    ] {
        let answer = app
            .get(&format!("/open311/v2/requests.json?start_date={date}"))
            .await;
        open311_error(&answer, 400, "start_date");
    }
    let xml = app.get("/open311/v2/requests.xml?end_date=soon").await;
    assert_eq!(xml.status, 400);
    assert_eq!(xml.content_type, "text/xml; charset=utf-8");
    assert!(
        xml.body
            .contains("<errors><error><code>400</code><description>end_date"),
        "{}",
        xml.body
    );
    let geo = app.get("/reports.geojson?start_date=yesterday").await;
    assert_eq!(geo.status, 400);
    assert!(geo.json()["error"].as_str().unwrap().contains("start_date"));
}

#[tokio::test]
async fn a_365_day_range_is_refused_but_the_geojson_takes_any_span() {
    let app = spawn_app().await;
    let range = "start_date=2025-01-01T00:00:00Z&end_date=2026-01-01T00:00:00Z";
    let answer = app.get(&format!("/open311/v2/requests.json?{range}")).await;
    open311_error(&answer, 400, "90 days");
    assert_eq!(
        app.get(&format!("/reports.geojson?{range}")).await.status,
        200
    );
}

#[tokio::test]
async fn an_unknown_status_is_a_400() {
    let app = spawn_app().await;
    let answer = app.get("/open311/v2/requests.json?status=foo").await;
    open311_error(&answer, 400, "status");
    assert_eq!(app.get("/reports.geojson?status=foo").await.status, 400);
    assert_eq!(
        app.get("/open311/v2/requests.json?status=open,closed")
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn ten_thousand_ids_are_refused_with_the_limit() {
    let app = spawn_app().await;
    let ids: Vec<String> = (1..=10_000).map(|i| i.to_string()).collect();
    let answer = app
        .get(&format!(
            "/open311/v2/requests.json?service_request_id={}",
            ids.join(",")
        ))
        .await;
    open311_error(&answer, 400, "at most 1000");
    let thousand = &ids[..1000];
    let answer = app
        .get(&format!(
            "/open311/v2/requests.json?service_request_id={}",
            thousand.join(",")
        ))
        .await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json(), serde_json::json!([]));
}

#[tokio::test]
async fn huge_query_strings_are_refused_and_the_server_carries_on() {
    let app = spawn_app().await;
    let long = "x".repeat(100 * 1024);
    let answer = raw(
        &app,
        &format!("GET /open311/v2/requests.json?q={long} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
    )
    .await;
    assert!(
        answer.starts_with("HTTP/1.1 414"),
        "{}",
        &answer[..answer.len().min(200)]
    );
    // Bigger than the server reads for a request head at all.
    let huge = "x".repeat(1024 * 1024);
    let answer = raw(
        &app,
        &format!("GET /reports.geojson?q={huge} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
    )
    .await;
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 4"),
        "{}",
        &answer[..answer.len().min(200)]
    );
    assert_eq!(app.get("/healthz").await.status, 200);
}

#[tokio::test]
async fn non_numeric_and_unknown_ids_are_400_and_404() {
    let app = spawn_app().await;
    for id in ["abc", "12abc", "-1", "0", "99999999999999999999999", "1e3"] {
        let answer = app.get(&format!("/open311/v2/requests/{id}.json")).await;
        open311_error(&answer, 400, "report number");
    }
    let answer = app.get("/open311/v2/requests/42.json").await;
    open311_error(&answer, 404, "42");
    let xml = app.get("/open311/v2/requests/abc.xml").await;
    assert_eq!(xml.status, 400);
    assert!(xml.body.contains("<errors>"));
    assert_eq!(app.get("/open311/v2/requests/42.csv").await.status, 404);
    assert_eq!(app.get("/open311/v2/requests.csv").await.status, 404);
    let ids = app
        .get("/open311/v2/requests.json?service_request_id=1,two")
        .await;
    open311_error(&ids, 400, "report number");
}

#[tokio::test]
async fn head_and_options_get_deliberate_answers() {
    let app = spawn_app().await;
    let client = reqwest::Client::new();
    for path in [
        "/",
        "/healthz",
        "/reports.geojson",
        "/open311/v2/requests.json",
        "/metrics",
    ] {
        let head = client
            .head(format!("{}{path}", app.http_url()))
            .send()
            .await
            .unwrap();
        assert_eq!(head.status(), 200, "HEAD {path}");
        assert_eq!(
            head.bytes().await.unwrap().len(),
            0,
            "HEAD {path} has no body"
        );
    }
    // A browser's CORS preflight from another site's page is allowed (read-only).
    let preflight = client
        .request(
            reqwest::Method::OPTIONS,
            format!("{}/open311/v2/requests.json", app.http_url()),
        )
        .header("Origin", "https://city.example")
        .header("Access-Control-Request-Method", "GET")
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status(), 200);
    assert_eq!(preflight.headers()["access-control-allow-origin"], "*");
    // A bare OPTIONS is told which methods there are.
    let options = client
        .request(
            reqwest::Method::OPTIONS,
            format!("{}/healthz", app.http_url()),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(options.status(), 200);
    let methods = options.headers()["access-control-allow-methods"]
        .to_str()
        .unwrap();
    assert_eq!(methods, "GET,HEAD");
    assert_eq!(options.bytes().await.unwrap().len(), 0);
    // Writes are not a thing here.
    let post = client
        .post(format!("{}/open311/v2/requests.json", app.http_url()))
        .body("service_code=pothole")
        .send()
        .await
        .unwrap();
    assert_eq!(post.status(), 405);
}

#[tokio::test]
async fn path_traversal_in_photos_is_refused() {
    let app = spawn_app_with(|env| {
        env.insert("PUBLIC_PHOTOS".into(), "true".into());
    })
    .await;
    for path in [
        "/photos/../../../../etc/passwd",
        "/photos/..%2F..%2F..%2Fetc%2Fpasswd",
        "/photos/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/photos/1.jpg%00.png",
        "/photos/..",
        "/photos/1/../../Cargo.toml",
        "/assets/leaflet/..%2F..%2FCargo.toml",
    ] {
        let answer = raw(
            &app,
            &format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
        )
        .await;
        let status = answer.lines().next().unwrap_or_default();
        assert!(
            status.starts_with("HTTP/1.1 404") || status.starts_with("HTTP/1.1 400"),
            "{path}: {status}"
        );
        assert!(!answer.contains("root:"), "{path}");
        assert!(!answer.contains("[package]"), "{path}");
    }
}

#[tokio::test]
async fn slow_clients_are_cut_off_and_connections_are_bounded_without_slowing_the_bot() {
    let app = spawn_app_with(|env| {
        env.insert("HTTP_REQUEST_TIMEOUT".into(), "1s".into());
        env.insert("HTTP_MAX_CONNECTIONS".into(), "2".into());
    })
    .await;
    let addr = app.http_addr.unwrap();
    // Two clients that send half a request head and then nothing.
    let mut slow = Vec::new();
    for _ in 0..2 {
        let mut s = TcpStream::connect(addr).await.unwrap();
        s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
            .await
            .unwrap();
        slow.push(s);
    }
    // Meanwhile the bot goes on: a photo is acknowledged.
    let photo = app.tg.add_photo(RED, &STANDARD_SIZES);
    app.tg.citizen(4242).sends_photo(&photo);
    app.tg
        .wait_for(WAIT, |s| {
            s.chat_id == 4242 && s.text_str().contains("received")
        })
        .await;
    // A third client waits for a slot; it is served once the slow ones are cut off.
    let third = tokio::spawn({
        let url = format!("{}/healthz", app.http_url());
        async move { reqwest::get(url).await.map(|r| r.status().as_u16()) }
    });
    // Each slow connection is closed by the server (with a 408 or without a word).
    for mut s in slow {
        let mut out = Vec::new();
        let read = tokio::time::timeout(WAIT, s.read_to_end(&mut out)).await;
        assert!(read.is_ok(), "the server closes a stalled connection");
        let text = String::from_utf8_lossy(&out);
        assert!(
            text.is_empty() || text.starts_with("HTTP/1.1 408"),
            "{text}"
        );
    }
    let status = tokio::time::timeout(WAIT, third)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(status, 200);
    assert_eq!(app.get("/healthz").await.status, 200);
}

#[tokio::test]
async fn connections_beyond_the_bound_wait_for_a_slot() {
    let app = spawn_app_with(|env| {
        env.insert("HTTP_REQUEST_TIMEOUT".into(), "30s".into());
        env.insert("HTTP_MAX_CONNECTIONS".into(), "1".into());
    })
    .await;
    let addr = app.http_addr.unwrap();
    let mut hog = TcpStream::connect(addr).await.unwrap();
    hog.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let waiting = tokio::spawn({
        let url = format!("{}/healthz", app.http_url());
        async move { reqwest::get(url).await.map(|r| r.status().as_u16()) }
    });
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(!waiting.is_finished(), "the only slot is taken");
    // The hog finishes its request and leaves: the slot frees up.
    hog.write_all(b"Connection: close\r\n\r\n").await.unwrap();
    let mut out = Vec::new();
    hog.read_to_end(&mut out).await.unwrap();
    assert!(String::from_utf8_lossy(&out).starts_with("HTTP/1.1 200"));
    let status = tokio::time::timeout(WAIT, waiting)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(status, 200);
}

/// A client that asks for a big GeoJSON and then stops reading is cut off after
/// `HTTP_REQUEST_TIMEOUT`: it cannot keep one of the few read-only database connections, so
/// every other read (health, Open311, the map) goes on.
#[tokio::test]
async fn a_client_that_stops_reading_a_big_answer_lets_go_of_its_database_connection() {
    let app = spawn_app_with(|env| {
        env.insert("HTTP_REQUEST_TIMEOUT".into(), "1s".into());
    })
    .await;
    let first = app
        .pothole(4343, RED, "minor", "", Some((52.5, 13.4)))
        .await;
    // 100,000 more located potholes: some 20 MB of GeoJSON, more than the sockets' buffers
    // hold.
    let conn = rusqlite::Connection::open(&app.db_path).unwrap();
    conn.busy_timeout(Duration::from_secs(10)).unwrap();
    conn.execute_batch(
        "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 100000)
         INSERT INTO reports (chat_id, message_id, media_kind, file_id, file_unique_id,
                              grade_file_id, status, severity, work_state, latitude, longitude)
         SELECT 1, i, 'photo', 'f' || i, 'u' || i, 'g' || i, 'graded', 'minor', 'open',
                52.0 + i * 1e-6, 13.0 FROM k",
    )
    .unwrap();
    drop(conn);
    // More stalled readers than the bot has read-only connections. Each gets its answer's
    // head: 200 (its scan has started), or 408 when all connections were taken for longer
    // than the timeout.
    let mut stalled = Vec::new();
    for _ in 0..6 {
        let mut s = TcpStream::connect(app.http_addr.unwrap()).await.unwrap();
        s.write_all(b"GET /reports.geojson HTTP/1.1\r\nHost: x\r\n\r\n")
            .await
            .unwrap();
        let mut head = [0u8; 12];
        s.read_exact(&mut head).await.unwrap();
        assert!(
            [b"HTTP/1.1 200", b"HTTP/1.1 408"].contains(&&head),
            "{}",
            String::from_utf8_lossy(&head)
        );
        stalled.push(s);
    }
    // While they still hold their sockets, the connections come free again: reads answer.
    let answered = tokio::time::timeout(WAIT, async {
        loop {
            if app.get("/healthz").await.status == 200 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await;
    assert!(
        answered.is_ok(),
        "health never answered while clients stall"
    );
    let one = app.get(&format!("/open311/v2/requests/{first}.json")).await;
    assert_eq!(one.status, 200);
    drop(stalled);
}
