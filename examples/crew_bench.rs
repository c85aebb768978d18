//! How fast the crews' reads answer on a big database: `/open`, `/stats` (with the loop's
//! counts and medians) and the nearby-duplicate check, on a file pre-filled with N reports and
//! their events.
//!
//! ```sh
//! cargo run --release --example crew_bench -- [--reports 1000000] [--open-share 0.1] [--runs 300] [--db FILE]
//! ```
//!
//! Fills a fresh SQLite file (migrated by the bot's own `Db::open`) with `--reports` potholes
//! spread over a year and a 20 × 20 km city, `--open-share` of them still open (the rest fixed,
//! rejected or duplicates), three events each; then times each read `--runs` times through
//! the bot's database thread (`Db::call`, as the bot does) and prints p50 / p99 / max in ms.
//! A program that prints figures, not a test.

use std::time::{Duration, Instant};

use pothole_bot::domain::GeoPoint;
use pothole_bot::store::{Db, now_unix};

fn arg<T: std::str::FromStr>(name: &str, default: T) -> T {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn percentiles(mut v: Vec<Duration>) -> (f64, f64, f64) {
    v.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |q: f64| ms(v[((v.len() as f64 * q).ceil() as usize).clamp(1, v.len()) - 1]);
    (at(0.50), at(0.99), ms(*v.last().unwrap()))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let reports: i64 = arg("--reports", 1_000_000);
    let open_share: f64 = arg("--open-share", 0.1);
    let runs: usize = arg("--runs", 300);
    let dir = tempfile::tempdir()?;
    let path = std::env::args()
        .skip_while(|a| a != "--db")
        .nth(1)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| dir.path().join("bench.db"));
    let db = Db::open(&path)?;
    let now = now_unix();
    let started = Instant::now();
    let open_every = (1.0 / open_share.max(1e-6)).round().max(1.0) as i64;
    db.call(move |conn| {
        let tx = conn.transaction()?;
        // Reports: a year of them; every `open_every`-th still open, the rest closed.
        tx.execute(
            "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ?1)
             INSERT INTO reports (id, chat_id, message_id, media_kind, file_id, file_unique_id,
                    grade_file_id, status, severity, latitude, longitude, work_state, opened_unix,
                    due_unix, acknowledged_unix, fixed_unix, work_changed_unix, work_actor,
                    created_unix, created_at, graded_at, cost_usd, alert_message_id)
             SELECT i, 1000 + i % 50000, i, 'photo', 'F' || i, 'U' || i, 'G' || i, 'alerted',
                    CASE i % 3 WHEN 0 THEN 'severe' WHEN 1 THEN 'moderate' ELSE 'minor' END,
                    52.40 + (abs(random()) % 180000) / 1000000.0,
                    13.20 + (abs(random()) % 290000) / 1000000.0,
                    CASE WHEN i % ?2 = 0 THEN (CASE i % 7 WHEN 0 THEN 'acknowledged' WHEN 1 THEN 'made_safe' ELSE 'open' END)
                         ELSE (CASE i % 5 WHEN 0 THEN 'rejected' WHEN 1 THEN 'duplicate' ELSE 'fixed' END) END,
                    t, CASE WHEN i % ?2 = 0 THEN t + 86400 * (1 + i % 90) END,
                    t + 3600 * (1 + i % 48),
                    CASE WHEN i % ?2 != 0 AND i % 5 > 1 THEN t + 86400 * (1 + i % 20) END,
                    t, 'Ana', t, strftime('%Y-%m-%dT%H:%M:%fZ', t, 'unixepoch'),
                    strftime('%Y-%m-%dT%H:%M:%fZ', t, 'unixepoch'), 0.0004, i
               FROM (SELECT i, ?3 - (?1 - i) * (365 * 86400 / ?1) AS t FROM k)",
            rusqlite::params![reports, open_every, now],
        )?;
        tx.execute(
            "INSERT INTO events (report_id, actor, kind)
             SELECT id, 'citizen', 'received' FROM reports
             UNION ALL SELECT id, 'grader', 'graded' FROM reports
             UNION ALL SELECT id, 'staff', work_state FROM reports",
            [],
        )?;
        tx.commit()?;
        conn.execute_batch("ANALYZE")?;
        Ok(())
    })
    .await?;
    let open_now: i64 = db
        .call(|c| {
            Ok(c.query_row(
                "SELECT COUNT(*) FROM reports WHERE work_state IN ('open','acknowledged','made_safe')",
                [],
                |r| r.get(0),
            )?)
        })
        .await?;
    println!(
        "pre-filled {reports} reports ({open_now} open) and {} events in {:.1} s at {}",
        reports * 3,
        started.elapsed().as_secs_f64(),
        path.display()
    );

    let mut open_first = Vec::new();
    let mut open_deep = Vec::new();
    let mut stats = Vec::new();
    let mut dup = Vec::new();
    let mut found = 0;
    for i in 0..runs {
        let t = Instant::now();
        db.open_page(10, 0).await?;
        open_first.push(t.elapsed());
        let t = Instant::now();
        db.open_page(10, (i as u32 * 997) % 5000).await?;
        open_deep.push(t.elapsed());
        let t = Instant::now();
        db.staff_stats(now - now.rem_euclid(86_400)).await?;
        db.loop_stats(now).await?;
        stats.push(t.elapsed());
        let p = GeoPoint::parse(
            52.40 + fastrand::f64() * 0.18,
            13.20 + fastrand::f64() * 0.29,
        )
        .unwrap();
        let t = Instant::now();
        if db.nearest_open(p, 30.0, 0).await?.is_some() {
            found += 1;
        }
        dup.push(t.elapsed());
    }
    println!("{runs} runs each; ms        p50     p99     max");
    for (name, v) in [
        ("/open first page", open_first),
        ("/open page ≤ 500", open_deep),
        ("/stats (all)", stats),
        ("duplicate check", dup),
    ] {
        let (p50, p99, max) = percentiles(v);
        println!("{name:<20} {p50:>7.2} {p99:>7.2} {max:>7.2}");
    }
    println!(
        "(duplicate check found an open pothole within 30 m in {found} of {runs} random points)"
    );
    Ok(())
}
