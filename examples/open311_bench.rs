//! The public read side on a big database: Open311 latency and GeoJSON streaming memory.
//!
//! ```text
//! cargo run --release --example open311_bench -- [--reports 1000000] [--requests 300] [--json]
//!     [--keep-db FILE]
//! ```
//!
//! Fills a fresh database (in a temp dir; with `--keep-db FILE` there, and kept for other
//! measurements such as `pothole-bot export`'s memory) with N graded potholes spread over two years (one
//! event each, a seventh of them fixed), serves it with the bot's own HTTP server
//! (`http::router` + `http::serve`, read-only connections), and measures from a client on
//! 127.0.0.1:
//! - `requests.json` with its defaults (the newest 1000 of the last 90 days): p50/p99/max;
//! - the same with `status=closed`, in XML, and for a list of 1000 ids;
//! - the whole `/reports.geojson` (every report): time, bytes, and how much the process's
//!   peak memory (VmHWM) grew meanwhile — flat, because it streams;
//! - a map poll of an unchanged database (`If-None-Match`, answered 304): p50/p99.

use std::sync::Arc;
use std::time::{Duration, Instant};

use pothole_bot::http::{self, HttpSettings};
use pothole_bot::store::{Db, Reader};
use tokio_util::sync::CancellationToken;

fn arg(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

async fn timed(client: &reqwest::Client, url: &str, n: u64) -> (f64, f64, f64, usize) {
    let mut times = Vec::new();
    let mut bytes = 0;
    for _ in 0..n {
        let started = Instant::now();
        let response = client.get(url).send().await.expect("answer");
        assert!(
            response.status().is_success(),
            "{url}: {}",
            response.status()
        );
        bytes = response.bytes().await.expect("body").len();
        times.push(started.elapsed());
    }
    times.sort();
    (
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        times.last().unwrap().as_secs_f64() * 1000.0,
        bytes,
    )
}

#[tokio::main]
async fn main() {
    let n = arg("--reports", 1_000_000);
    let requests = arg("--requests", 300);
    let json = std::env::args().any(|a| a == "--json");
    let dir = tempfile::tempdir().unwrap();
    let args: Vec<String> = std::env::args().collect();
    let path = match args.iter().position(|a| a == "--keep-db") {
        Some(i) => {
            let path = std::path::PathBuf::from(args.get(i + 1).expect("--keep-db FILE"));
            assert!(!path.exists(), "{} exists already", path.display());
            path
        }
        None => dir.path().join("big.db"),
    };

    let started = Instant::now();
    let db = Db::open(&path).expect("database");
    drop(db);
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "synchronous", "OFF").unwrap();
        let tx = conn.transaction().unwrap();
        let now = chrono::Utc::now().timestamp();
        // Two years of reports, the newest now.
        let step = 2 * 365 * 86_400 / n as i64;
        tx.execute(
            "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ?1)
             INSERT INTO reports (id, chat_id, message_id, user_id, reporter_name, media_kind,
                    file_id, file_unique_id, grade_file_id, note, latitude, longitude, status,
                    work_state, severity, reason, graded_at, created_at, created_unix)
             SELECT i, 1000 + i % 5000, i, 1000 + i % 5000, 'Citizen', 'photo', 'F' || i,
                    'U' || i, 'G' || i, 'by the gate', 52.3 + (i % 1000) / 5000.0,
                    13.2 + ((i / 1000) % 1000) / 5000.0,
                    'alerted', CASE WHEN i % 7 = 0 THEN 'fixed' ELSE 'open' END,
                    CASE i % 3 WHEN 0 THEN 'minor' WHEN 1 THEN 'moderate' ELSE 'severe' END,
                    'A hole in the asphalt',
                    strftime('%Y-%m-%dT%H:%M:%fZ', ?2 - (?1 - i) * ?3 + 5, 'unixepoch'),
                    strftime('%Y-%m-%dT%H:%M:%fZ', ?2 - (?1 - i) * ?3, 'unixepoch'),
                    ?2 - (?1 - i) * ?3
               FROM k",
            rusqlite::params![n as i64, now, step],
        )
        .unwrap();
        tx.execute(
            "INSERT INTO events (report_id, at, actor, kind)
             SELECT id, graded_at, 'grader', 'graded' FROM reports",
            [],
        )
        .unwrap();
        tx.commit().unwrap();
        conn.execute_batch("ANALYZE").unwrap();
    }
    let fill_s = started.elapsed().as_secs_f64();

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let settings = HttpSettings::from_lookup(&|k| match k {
        "HTTP_ADDR" => Some(addr.to_string()),
        _ => None,
    })
    .unwrap();
    let state = http::HttpState {
        reader: Reader::open(&path, 4).unwrap(),
        settings: Arc::new(settings.clone()),
        metrics: None,
        photos: None,
    };
    let stop = CancellationToken::new();
    let server = tokio::spawn({
        let stop = stop.clone();
        async move { http::serve(listener, http::router(state), &settings, stop).await }
    });
    let client = reqwest::Client::new();
    let base = format!("http://{addr}");

    let default = timed(
        &client,
        &format!("{base}/open311/v2/requests.json"),
        requests,
    )
    .await;
    let closed = timed(
        &client,
        &format!("{base}/open311/v2/requests.json?status=closed"),
        requests,
    )
    .await;
    let xml = timed(
        &client,
        &format!("{base}/open311/v2/requests.xml"),
        requests,
    )
    .await;
    let ids: Vec<String> = (0..1000u64)
        .map(|i| (n - (i * 37) % n).to_string())
        .collect();
    let by_ids = timed(
        &client,
        &format!(
            "{base}/open311/v2/requests.json?service_request_id={}",
            ids.join(",")
        ),
        requests,
    )
    .await;

    let rss_before = peak_rss_kib();
    let started = Instant::now();
    let mut response = client
        .get(format!("{base}/reports.geojson"))
        .send()
        .await
        .unwrap();
    let tag = response.headers()["etag"].to_str().unwrap().to_owned();
    let mut geo_bytes = 0usize;
    while let Some(chunk) = response.chunk().await.unwrap() {
        geo_bytes += chunk.len();
    }
    let geo_s = started.elapsed().as_secs_f64();
    let rss_growth_mib = (peak_rss_kib().saturating_sub(rss_before)) as f64 / 1024.0;

    let mut polls = Vec::new();
    for _ in 0..requests {
        let started = Instant::now();
        let r = client
            .get(format!("{base}/reports.geojson"))
            .header("If-None-Match", &tag)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 304);
        polls.push(started.elapsed());
    }
    polls.sort();
    stop.cancel();
    let _ = server.await;

    let row = |name: &str, (p50, p99, max, bytes): (f64, f64, f64, usize)| {
        format!("{name:<44} p50 {p50:7.2} ms  p99 {p99:7.2} ms  max {max:7.2} ms  ({bytes} bytes)")
    };
    if json {
        println!(
            "{}",
            serde_json::json!({
                "reports": n, "requests": requests, "fill_s": fill_s,
                "requests_json": {"p50_ms": default.0, "p99_ms": default.1, "max_ms": default.2, "bytes": default.3},
                "requests_json_closed": {"p50_ms": closed.0, "p99_ms": closed.1},
                "requests_xml": {"p50_ms": xml.0, "p99_ms": xml.1},
                "requests_json_1000_ids": {"p50_ms": by_ids.0, "p99_ms": by_ids.1},
                "geojson_all": {"seconds": geo_s, "bytes": geo_bytes, "peak_rss_growth_mib": rss_growth_mib},
                "geojson_304": {"p50_ms": percentile(&polls, 0.5), "p99_ms": percentile(&polls, 0.99)},
            })
        );
    } else {
        println!("{n} reports (filled in {fill_s:.1} s), {requests} requests per row");
        println!(
            "{}",
            row("requests.json (defaults: newest 1000, 90 days)", default)
        );
        println!("{}", row("requests.json?status=closed", closed));
        println!("{}", row("requests.xml", xml));
        println!(
            "{}",
            row("requests.json?service_request_id=<1000 ids>", by_ids)
        );
        println!(
            "reports.geojson, all {n}: {geo_s:.1} s, {:.0} MB streamed, peak memory grew {rss_growth_mib:.1} MiB",
            geo_bytes as f64 / 1e6
        );
        println!(
            "reports.geojson poll, unchanged (304): p50 {:.2} ms  p99 {:.2} ms",
            percentile(&polls, 0.5),
            percentile(&polls, 0.99)
        );
    }
}
