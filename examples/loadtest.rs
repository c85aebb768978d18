//! Load test: speed, memory and cost per report of the real bot.
//!
//! ```sh
//! cargo run --release --example loadtest -- [--citizens 100] [--photos 10] [--latency-ms 500] [--json]
//! cargo run --release --example loadtest -- --only main|memory|limits|baseline
//! cargo run --release --example loadtest -- --only main --db-reports 1000000
//! ```
//!
//! Starts the fake Bot API and the fake OpenAI server (the ones the tests use) on 127.0.0.1 and
//! runs the release binary `target/release/pothole-bot` against them as a child process (built
//! first if missing), so its memory and CPU time are read cleanly from `/proc/<pid>/`. Phases:
//!
//! 0. **model calibration** — the fake model alone (no bot): `--latency-citizens` clients call
//!    it in a closed loop; the measured time per request (nominal latency + the fake's timer
//!    overshoot + its own parsing) is what is subtracted below, not the nominal latency.
//! 1. **latency, steady state** — `--latency-citizens` citizens, started evenly over the model
//!    latency; each sends its next pin + photo as soon as the verdict for the previous one
//!    arrived, `--steady-reports` times. The bot's own time per report is "photo update queued
//!    at the fake Bot API → verdict message arrives there" minus the measured model time. It
//!    includes the long-poll hand-out, so it is an upper bound of the bot's overhead.
//!
//!    **The map polled** (with `--poll-map HZ`): `--poll-rounds` pairs of the same steady
//!    state, one quiet and one while a task polls `/reports.geojson` HZ times a second the way
//!    the map page does (the page and a full load first, then `If-None-Match` and
//!    `?changed_after=`; `--poll-full`: the whole collection every time), in the order
//!    A B B A …; the row is the ratio of the median overheads. The bot's HTTP port is chosen
//!    here (a free one) and passed as `HTTP_ADDR`.
//! 2. **latency, burst** — the same number of citizens send a pin and a photo in the same
//!    millisecond, `--rounds` times (each report queues behind the others' CPU work).
//! 3. **throughput** — `--citizens` × `--photos` reports pushed at once (each with a pin),
//!    limits lifted; reports/s from the first update to the last verdict or alert, and the
//!    bot's CPU time (utime + stime) per report.
//! 4. **memory** — a fresh bot at the default settings (rate limiter lifted): idle RSS, then the
//!    model turns slow (`--slow-ms`) and `--queued` reports arrive; RSS while they wait, peak.
//! 5. **limits** — a bot at Telegram's default rates against a fake that enforces
//!    30 msg/s overall, 1/s per chat, 20/min per group with 429 + retry_after.
//! 6. **baseline** — the naive first attempt: grading one report at a time at `auto` detail
//!    (a third bot, `OPENAI_CONCURRENCY=1`, `OPENAI_IMAGE_DETAIL=auto`), and, since the bot has
//!    no setting to grade the largest photo size, the largest size (1280×960) sent to the fake
//!    by the bot's own vision client with the same prompt and schema, at `auto` detail.
//!
//! With `--db-reports N`, the bot of phases 1–3 starts on a database already holding N reports
//! of the past three years (100,000 citizens; graded, alerted, fixed, failed) with their events
//! and sent outbox rows, written in SQL in one transaction before the bot starts.
//!
//! Every phase also counts **duplicates**: messages about a report (their text names it, `#N`,
//! or they reply to its alert) that the fake Telegram accepted more than once with the same
//! chat, method and content.
//!
//! Prints one table (or JSON with `--json`). This is a program that prints figures, not a test.

// The fakes the tests use (not `tests/support/mod.rs` itself: its `app` and `process` helpers
// need test-only settings such as `CARGO_BIN_EXE_*`).
#[allow(dead_code, unused_imports)]
#[path = "../tests/support"]
mod support {
    pub mod fake_openai;
    pub mod fake_telegram;
    pub mod fixtures;
}

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::fake_openai::{self, FakeOpenAi, Reply};
use support::fake_telegram::{self, FakeTelegram, Limits};
use support::fixtures;

const STAFF: i64 = -1_001_234_567_890;
/// gpt-4o-mini list prices, USD per million tokens.
const PRICE_IN: f64 = 0.15;
const PRICE_OUT: f64 = 0.60;

#[derive(Debug, Clone)]
struct Args {
    citizens: usize,
    photos: usize,
    latency_ms: u64,
    json: bool,
    rounds: usize,
    latency_citizens: usize,
    steady_reports: usize,
    queued: usize,
    slow_ms: u64,
    limits_citizens: usize,
    baseline_reports: usize,
    concurrency: usize,
    severe_percent: usize,
    db_reports: usize,
    poll_map: usize,
    poll_rounds: usize,
    /// Poll the whole GeoJSON every time (the map page before it asked for changes only).
    poll_full: bool,
    only: Option<String>,
}

impl Default for Args {
    fn default() -> Args {
        Args {
            citizens: 100,
            photos: 10,
            latency_ms: 500,
            json: false,
            rounds: 5,
            latency_citizens: 100,
            steady_reports: 10,
            queued: 1000,
            slow_ms: 5000,
            limits_citizens: 150,
            baseline_reports: 20,
            concurrency: 512,
            severe_percent: 10,
            db_reports: 0,
            poll_map: 0,
            poll_rounds: 3,
            poll_full: false,
            only: None,
        }
    }
}

const USAGE: &str = "usage: loadtest [--citizens M] [--photos N] [--latency-ms MS] [--json]
       [--rounds R] [--latency-citizens C] [--steady-reports S] [--queued Q] [--slow-ms MS]
       [--limits-citizens C] [--baseline-reports B] [--concurrency K] [--severe-percent P]
       [--db-reports N] [--poll-map HZ] [--poll-rounds K] [--poll-full]
       [--only main|memory|limits|baseline]

--poll-map HZ: after the steady state, K more steady-state runs without and K with the map
polled HZ times a second (interleaved), and the ratio of their overheads. The polls are the
page's: If-None-Match, and after the first load only the changes (?changed_after=);
--poll-full asks for everything every time instead.";

fn parse_args() -> Args {
    let mut a = Args::default();
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "--json" {
            a.json = true;
            continue;
        }
        if flag == "--poll-full" {
            a.poll_full = true;
            continue;
        }
        if flag == "--only" {
            a.only = it.next();
            continue;
        }
        if flag == "-h" || flag == "--help" {
            println!("{USAGE}");
            std::process::exit(0);
        }
        let value: u64 = match it.next().and_then(|v| v.parse().ok()) {
            Some(v) => v,
            None => {
                eprintln!("{flag} needs a number\n{USAGE}");
                std::process::exit(2);
            }
        };
        let v = value as usize;
        match flag.as_str() {
            "--citizens" => a.citizens = v.max(1),
            "--photos" => a.photos = v.max(1),
            "--latency-ms" => a.latency_ms = value,
            "--rounds" => a.rounds = v.max(1),
            "--latency-citizens" => a.latency_citizens = v.max(1),
            "--steady-reports" => a.steady_reports = v.max(1),
            "--queued" => a.queued = v.max(1),
            "--slow-ms" => a.slow_ms = value,
            "--limits-citizens" => a.limits_citizens = v.max(1),
            "--baseline-reports" => a.baseline_reports = v.max(1),
            "--concurrency" => a.concurrency = v.max(1),
            "--severe-percent" => a.severe_percent = v.min(100),
            "--db-reports" => a.db_reports = v,
            "--poll-map" => a.poll_map = v,
            "--poll-rounds" => a.poll_rounds = v.max(1),
            _ => {
                eprintln!("unknown flag {flag}\n{USAGE}");
                std::process::exit(2);
            }
        }
    }
    a
}

// ------------------------------------------------------------------------------ the bot

/// The release binary, built by cargo if it is not there yet.
fn bot_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("current exe");
    // target/release/examples/loadtest -> target/release/pothole-bot
    let dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target dir")
        .to_path_buf();
    let bin = dir.join("pothole-bot");
    let profile_release = dir.file_name().is_some_and(|n| n == "release");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.args(["build", "--quiet", "--bin", "pothole-bot"]);
    if profile_release {
        cmd.arg("--release");
    } else {
        eprintln!(
            "warning: the load test was not built with --release; figures are not meaningful"
        );
    }
    // Cheap when up to date; makes sure the binary matches the sources.
    match cmd.status() {
        Ok(s) if s.success() => {}
        _ if bin.exists() => eprintln!("warning: could not rebuild pothole-bot; using {bin:?}"),
        _ => panic!("cannot build pothole-bot"),
    }
    bin
}

struct BotProc {
    child: Child,
    dir: tempfile::TempDir,
    /// Where its HTTP server listens (the map, GeoJSON, Open311).
    http: std::net::SocketAddr,
}

/// What the bot's database thread did, read from its `/metrics`: jobs run, batches (each
/// answered together), fsyncs of the WAL, and the seconds spent running batches and in
/// fsync. Differences of two readings describe a phase.
#[derive(Debug, Default, Clone, Copy)]
struct DbWork {
    jobs: f64,
    batches: f64,
    batch_secs: f64,
    syncs: f64,
    sync_secs: f64,
}

impl DbWork {
    fn since(self, before: DbWork) -> DbWork {
        DbWork {
            jobs: self.jobs - before.jobs,
            batches: self.batches - before.batches,
            batch_secs: self.batch_secs - before.batch_secs,
            syncs: self.syncs - before.syncs,
            sync_secs: self.sync_secs - before.sync_secs,
        }
    }

    /// Mean fsync of the WAL, ms.
    fn sync_ms(&self) -> f64 {
        self.sync_secs * 1000.0 / self.syncs
    }

    /// Per report: jobs, fsyncs, and ms the thread ran jobs.
    fn per_report(&self, reports: usize) -> (f64, f64, f64) {
        let n = reports as f64;
        (self.jobs / n, self.syncs / n, self.batch_secs * 1000.0 / n)
    }

    fn line(&self, reports: usize) -> String {
        let (jobs, syncs, ms) = self.per_report(reports);
        format!(
            "database thread per report: {jobs:.2} jobs, {syncs:.2} fsyncs, {ms:.3} ms running jobs; fsync mean {:.2} ms",
            self.sync_ms()
        )
    }

    fn json(&self, reports: usize) -> Value {
        let (jobs, syncs, ms) = self.per_report(reports);
        json!({"jobs_per_report": jobs, "fsyncs_per_report": syncs,
               "job_ms_per_report": ms, "fsync_mean_ms": self.sync_ms()})
    }
}

/// A port nobody listens on now (the kernel's choice), for the bot's `HTTP_ADDR`, so a bot
/// already on 8080 does not stop this one and the load test knows where to poll.
fn free_addr() -> std::net::SocketAddr {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    l.local_addr().expect("its address")
}

impl BotProc {
    fn start(bin: &Path, tg: &FakeTelegram, ai: &FakeOpenAi, extra: &[(&str, String)]) -> BotProc {
        BotProc::start_on(bin, tg, ai, extra, 0)
    }

    /// Like [`BotProc::start`], on a database pre-filled with `db_reports` reports.
    fn start_on(
        bin: &Path,
        tg: &FakeTelegram,
        ai: &FakeOpenAi,
        extra: &[(&str, String)],
        db_reports: usize,
    ) -> BotProc {
        let dir = tempfile::tempdir().expect("temp dir");
        let http = free_addr();
        if db_reports > 0 {
            let path = dir.path().join("potholes.db");
            tokio::task::block_in_place(|| prefill(&path, db_reports));
        }
        let mut env: HashMap<String, String> = [
            ("TELEGRAM_BOT_TOKEN", fake_telegram::TOKEN.to_owned()),
            ("STAFF_CHAT_ID", STAFF.to_string()),
            ("OPENAI_API_KEY", fake_openai::API_KEY.to_owned()),
            ("TELEGRAM_API_URL", tg.url()),
            ("OPENAI_BASE_URL", ai.url()),
            (
                "DATABASE_PATH",
                dir.path().join("potholes.db").display().to_string(),
            ),
            ("REPORT_LIMIT_PER_HOUR", "100000".to_owned()),
            // Every simulated citizen pins the same few spots: the crews' duplicate rule
            // would fold their reports into one pothole and post no alerts to count.
            ("DUPLICATE_RADIUS_M", "0".to_owned()),
            ("HTTP_ADDR", http.to_string()),
            ("RUST_LOG", "warn".to_owned()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        for (k, v) in extra {
            env.insert((*k).to_owned(), v.clone());
        }
        if let Ok(v) = std::env::var("LOADTEST_BOT_ENV") {
            for kv in v.split(',') {
                if let Some((k, v)) = kv.split_once('=') {
                    env.insert(k.to_owned(), v.to_owned());
                }
            }
        }
        let log = std::fs::File::create(dir.path().join("bot.log")).expect("log file");
        let child = Command::new(bin)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .envs(&env)
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start pothole-bot");
        BotProc { child, dir, http }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    fn db_path(&self) -> PathBuf {
        self.dir.path().join("potholes.db")
    }

    /// (VmRSS, VmHWM) in bytes.
    fn rss(&self) -> (u64, u64) {
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", self.pid())).unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0)
                * 1024
        };
        (field("VmRSS:"), field("VmHWM:"))
    }

    /// The database thread's work so far, from `/metrics` (zeros if it cannot be read).
    async fn db_work(&self) -> DbWork {
        let url = format!("http://{}/metrics", self.http);
        let text = match reqwest::get(&url).await {
            Ok(answer) => answer.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        let value = |name: &str| -> f64 {
            text.lines()
                .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
                .unwrap_or(0.0)
        };
        DbWork {
            jobs: value("pothole_db_jobs_total"),
            batches: value("pothole_db_batch_seconds_count"),
            batch_secs: value("pothole_db_batch_seconds_sum"),
            syncs: value("pothole_db_sync_seconds_count"),
            sync_secs: value("pothole_db_sync_seconds_sum"),
        }
    }

    /// CPU time the bot has used so far (utime + stime from `/proc/<pid>/stat`).
    fn cpu(&self) -> Duration {
        cpu_of(&self.pid().to_string())
    }

    /// Bytes of the database file and its WAL.
    fn db_bytes(&self) -> u64 {
        let p = self.db_path();
        let size = |p: PathBuf| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
        size(p.clone()) + size(PathBuf::from(format!("{}-wal", p.display())))
    }

    /// SIGTERM, then wait for the exit.
    fn stop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(self.dir.path().join("bot.log")).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(10)..].join("\n")
    }
}

impl Drop for BotProc {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// CPU time (utime + stime from `/proc/<pid>/stat`) of a process (`"self"` for this one).
fn cpu_of(pid: &str) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after "pid (comm) ": state is field 3, utime 14, stime 15.
    let rest = stat.rsplit_once(") ").map(|(_, r)| r).unwrap_or("");
    let f: Vec<u64> = rest
        .split_whitespace()
        .map(|v| v.parse().unwrap_or(0))
        .collect();
    let ticks = f.get(11).copied().unwrap_or(0) + f.get(12).copied().unwrap_or(0);
    Duration::from_secs_f64(ticks as f64 / clock_ticks() as f64)
}

/// Kernel clock ticks per second (`getconf CLK_TCK`; 100 on Linux unless told otherwise).
fn clock_ticks() -> u64 {
    static TICKS: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *TICKS.get_or_init(|| {
        Command::new("getconf")
            .arg("CLK_TCK")
            .output()
            .ok()
            .and_then(|o| String::from_utf8(o.stdout).ok())
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(100)
    })
}

/// The rate limiter lifted, grading concurrency left at the bot's default.
fn lifted_limiter() -> Vec<(&'static str, String)> {
    vec![
        ("TELEGRAM_RATE_OVERALL_PER_SEC", "100000".into()),
        ("TELEGRAM_RATE_CHAT_PER_SEC", "100000".into()),
        ("TELEGRAM_RATE_GROUP_PER_MIN", "6000000".into()),
    ]
}

/// Settings that take the bot's own rate limiter out of the way.
fn lifted(concurrency: usize) -> Vec<(&'static str, String)> {
    let mut v = lifted_limiter();
    v.push(("OPENAI_CONCURRENCY", concurrency.to_string()));
    v
}

// ------------------------------------------------------------------------------ pre-filled database

/// Writes `n` reports of the past three years into a fresh database at `path`, as the bot
/// would have left them: 100,000 citizens, ids in time order, 10 % severe (alerted, most of
/// them fixed since), 30 % moderate, 40 % minor, 15 % not a pothole or unclear, 5 % failed;
/// 80 % with a location; their events, sent outbox rows and the daily spend. One transaction
/// of generated rows (a recursive CTE), with the journal off: seconds for a million.
/// Reports written by [`prefill`]; their ids are 1..=PREFILLED.
static PREFILLED: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);

fn prefill(path: &Path, n: usize) {
    let t0 = Instant::now();
    // The bot's own schema, at the latest migration.
    drop(pothole_bot::store::Db::open(path).expect("create the database"));
    let mut conn = rusqlite::Connection::open(path).expect("open the database");
    // Out of WAL mode (a bulk load needs no journal). The bot's database thread closes its
    // connection in its own time: until then the switch is refused.
    let mut tries = 0;
    while let Err(e) = conn.execute_batch("PRAGMA journal_mode = DELETE") {
        tries += 1;
        assert!(tries < 200, "cannot switch journal mode: {e}");
        std::thread::sleep(Duration::from_millis(25));
    }
    conn.execute_batch(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;
         PRAGMA foreign_keys = OFF;",
    )
    .expect("pragmas");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let span = 3 * 365 * 86_400;
    let tx = conn.transaction().unwrap();
    tx.execute(
        "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < :n),
         r AS (SELECT i, :start + i * :span / :n AS t, i % 20 AS c, i % 5 != 0 AS located FROM k)
         INSERT INTO reports (id, chat_id, message_id, user_id, reporter_name, media_kind,
                file_id, file_unique_id, grade_file_id, grade_width, grade_height, note,
                latitude, longitude, located_at, status, severity, confidence, depth_mm,
                width_mm, reason, model, prompt_version, image_detail, image_bytes,
                prompt_tokens, completion_tokens, cost_usd, graded_at, attempts, last_error,
                alert_message_id, created_at, created_unix)
         SELECT i, 100000000 + (i * 7919) % 100000, i, 100000000 + (i * 7919) % 100000,
                'Citizen ' || ((i * 7919) % 100000), 'photo',
                'AgACAgIAAxkBAAIB' || i || 'pRefIlLeDpHoToFiLeId', 'AQADprefill' || i,
                'AgACAgIAAxkBAAIB' || i || 'pRefIlLeDmEdIuMsIzE', 800, 600,
                CASE WHEN i % 10 = 0 THEN 'by the bus stop' END,
                CASE WHEN located THEN 52.40 + (i % 1000) * 0.0003 END,
                CASE WHEN located THEN 13.30 + (i % 997) * 0.0004 END,
                CASE WHEN located THEN strftime('%Y-%m-%dT%H:%M:%fZ', t, 'unixepoch') END,
                CASE WHEN c = 19 THEN 'failed'
                     WHEN c < 2 AND t < :now - 14 * 86400 THEN 'fixed'
                     WHEN c < 2 THEN 'alerted'
                     WHEN c = 16 AND i % 3 = 0 THEN 'rejected'
                     ELSE 'graded' END,
                CASE WHEN c < 2 THEN 'severe' WHEN c < 8 THEN 'moderate' WHEN c < 16 THEN 'minor'
                     WHEN c < 18 THEN 'not_pothole' WHEN c = 18 THEN 'unclear' END,
                CASE WHEN c < 19 THEN 0.85 END,
                CASE WHEN c < 16 THEN 20 + i % 80 END, CASE WHEN c < 16 THEN 150 + i % 600 END,
                CASE WHEN c < 19 THEN 'A pothole in the asphalt, about a hand deep, across part of the lane.' END,
                CASE WHEN c < 19 THEN 'gpt-4o-mini' END, CASE WHEN c < 19 THEN 1 END,
                CASE WHEN c < 19 THEN 'low' END, CASE WHEN c < 19 THEN 14063 END,
                CASE WHEN c < 19 THEN 3085 END, CASE WHEN c < 19 THEN 39 END,
                CASE WHEN c < 19 THEN 0.00048 END,
                CASE WHEN c < 19 THEN strftime('%Y-%m-%dT%H:%M:%fZ', t + 4, 'unixepoch') END,
                CASE WHEN c = 19 THEN 1 ELSE 0 END,
                CASE WHEN c = 19 THEN 'the image cannot be decoded' END,
                CASE WHEN c < 2 THEN i END,
                strftime('%Y-%m-%dT%H:%M:%fZ', t, 'unixepoch'), t
           FROM r",
        rusqlite::named_params! { ":n": n as i64, ":start": now - span, ":span": span - 3600, ":now": now },
    )
    .expect("reports");
    tx.execute_batch(
        "INSERT INTO events (report_id, at, actor, kind, detail)
              SELECT id, created_at, 'citizen', 'received', 'photo' FROM reports;
         INSERT INTO events (report_id, at, actor, kind, detail)
              SELECT id, graded_at, 'grader', 'graded',
                     '{\"severity\":\"' || severity || '\",\"model\":\"gpt-4o-mini\",\"cost_usd\":0.0004800}'
                FROM reports WHERE graded_at IS NOT NULL;
         INSERT INTO events (report_id, at, actor, kind, detail)
              SELECT id, created_at, 'grader', 'grading_failed', last_error FROM reports
               WHERE status = 'failed';
         INSERT INTO events (report_id, at, actor, kind)
              SELECT id, graded_at, 'courier', 'alerted' FROM reports WHERE alert_message_id IS NOT NULL;
         INSERT INTO events (report_id, at, actor, kind, detail)
              SELECT id, graded_at, 'staff', status, '{\"user_id\":42}' FROM reports
               WHERE status IN ('fixed', 'rejected');
         INSERT INTO outbox (report_id, chat_id, kind, payload, status, attempts, sent_message_id,
                             created_at, sent_at)
              SELECT id, chat_id, 'text',
                     '{\"type\":\"text\",\"text\":\"📸 Report #' || id || ' received, with its location. Grading it now…\",\"keyboard\":\"remove\"}',
                     'sent', 1, message_id + 1, created_at, created_at FROM reports;
         INSERT INTO outbox (report_id, chat_id, kind, payload, status, attempts, sent_message_id,
                             created_at, sent_at)
              SELECT id, chat_id, 'text',
                     '{\"type\":\"text\",\"text\":\"Report #' || id || ': ' || COALESCE(severity, 'failed') || '. ' || COALESCE(reason, '') || '\"}',
                     'sent', 1, message_id + 2, COALESCE(graded_at, created_at), COALESCE(graded_at, created_at)
                FROM reports;
         INSERT INTO outbox (report_id, chat_id, kind, payload, status, attempts, sent_message_id,
                             created_at, sent_at)
              SELECT id, NULL, 'alert', '{\"type\":\"alert\",\"report_id\":' || id || '}',
                     'sent', 1, alert_message_id, graded_at, graded_at
                FROM reports WHERE alert_message_id IS NOT NULL;
         INSERT INTO outbox (report_id, chat_id, kind, payload, status, attempts, sent_message_id,
                             created_at, sent_at)
              SELECT id, NULL, 'alert_pin', '{\"type\":\"alert_pin\",\"report_id\":' || id || '}',
                     'sent', 1, alert_message_id + 1, graded_at, graded_at
                FROM reports WHERE alert_message_id IS NOT NULL AND latitude IS NOT NULL;",
    )
    .expect("events and outbox");
    let has_spend: bool = tx
        .query_row(
            "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'daily_spend'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    if has_spend {
        tx.execute_batch(
            "INSERT INTO daily_spend (day, cost_usd)
                  SELECT substr(graded_at, 1, 10), SUM(cost_usd) FROM reports
                   WHERE graded_at IS NOT NULL GROUP BY 1
             ON CONFLICT (day) DO UPDATE SET cost_usd = cost_usd + excluded.cost_usd;",
        )
        .expect("daily spend");
    }
    tx.commit().unwrap();
    drop(conn);
    PREFILLED.store(n as i64, std::sync::atomic::Ordering::Relaxed);
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "  pre-filled {n} reports in {:.1} s ({:.0} MB)",
        t0.elapsed().as_secs_f64(),
        mb(size)
    );
}

// ------------------------------------------------------------------------------ driving

/// Messages about a report (text naming it `#N`, or a reply to its alert) accepted more than
/// once with the same chat, method and content: each repeat counts one.
fn duplicates(sent: &[fake_telegram::Sent]) -> usize {
    let mut seen = std::collections::HashSet::new();
    sent.iter()
        .filter(|s| s.is_message())
        .filter(|s| {
            let names_report = s
                .text_str()
                .split('#')
                .skip(1)
                .any(|t| t.chars().next().is_some_and(|c| c.is_ascii_digit()));
            names_report || s.reply_to.is_some()
        })
        .filter(|s| {
            let key = (
                s.method.clone(),
                s.chat_id,
                s.text.clone(),
                s.photo.clone(),
                s.document.clone(),
                s.location.map(|(a, b)| (a.to_bits(), b.to_bits())),
                s.reply_to,
            );
            !seen.insert(key)
        })
        .count()
}

/// Message sends the fake accepted (429s excluded).
fn delivered(tg: &FakeTelegram) -> usize {
    let all = tg.calls("sendmessage") + tg.calls("sendphoto") + tg.calls("sendlocation");
    all.saturating_sub(tg.rejected_429())
}

async fn wait_until(deadline: Duration, mut done: impl FnMut() -> bool) -> bool {
    let end = Instant::now() + deadline;
    while Instant::now() < end {
        if done() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    done()
}

async fn wait_ready(tg: &FakeTelegram, bot: &BotProc) {
    if !wait_until(Duration::from_secs(30), || tg.calls("getupdates") > 0).await {
        panic!("the bot did not start polling:\n{}", bot.log_tail());
    }
}

/// Pushes a pin and then a photo from `chat`; returns (photo message id, pushed at).
fn push_report(tg: &FakeTelegram, chat: i64) -> (i64, Instant) {
    let photo = tg.add_photo(fixtures::GREY, &fixtures::STANDARD_SIZES);
    let c = tg.citizen(chat);
    let lat = 52.0 + (chat % 1000) as f64 * 1e-4;
    c.sends_location(lat, 13.4);
    let at = Instant::now();
    let mid = c.sends_photo(&photo);
    (mid, at)
}

/// Pushes a pin and then a photo for each chat; returns (chat, photo message id, pushed at).
fn push_reports(tg: &FakeTelegram, chats: impl Iterator<Item = i64>) -> Vec<(i64, i64, Instant)> {
    chats
        .map(|chat| {
            let (mid, at) = push_report(tg, chat);
            (chat, mid, at)
        })
        .collect()
}

/// Whether report number `k` (0-based) of a run should be graded severe.
fn is_severe(k: usize, percent: usize) -> bool {
    (k + 1) * percent / 100 > k * percent / 100
}

/// `citizens` citizens in a closed loop: citizen i starts at i × `spread` / citizens, and sends
/// its next pin + photo as soon as the verdict for its previous report has arrived, `reports`
/// times. Every `severe_percent`-th grading is severe. Returns (photo pushed, verdict arrived)
/// per report, the verdict time as recorded by the fake Bot API.
async fn closed_loop(
    tg: &FakeTelegram,
    ai: &FakeOpenAi,
    chat_base: i64,
    citizens: usize,
    reports: usize,
    spread: Duration,
    severe_percent: usize,
) -> Vec<(Instant, Instant)> {
    let t0 = Instant::now() + Duration::from_millis(10);
    let starts: Vec<Instant> = (0..citizens)
        .map(|i| t0 + spread.mul_f64(i as f64 / citizens as f64))
        .collect();
    let mut next_start = 0;
    let mut pushed_total = 0usize;
    // chat -> (photo pushed at, reports sent so far)
    let mut in_flight: HashMap<i64, (Instant, usize)> = HashMap::new();
    let mut seen: std::collections::HashSet<i64> = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(citizens * reports);
    let push = |chat: i64, pushed_total: &mut usize| {
        if is_severe(*pushed_total, severe_percent) {
            ai.push(Reply::verdict("severe", "Deep pothole across the lane"));
        }
        *pushed_total += 1;
        push_report(tg, chat).1
    };
    while out.len() < citizens * reports {
        let now = Instant::now();
        while next_start < citizens && starts[next_start] <= now {
            let chat = chat_base + next_start as i64;
            let at = push(chat, &mut pushed_total);
            in_flight.insert(chat, (at, 1));
            next_start += 1;
        }
        let until = if next_start < citizens {
            starts[next_start]
        } else {
            now + Duration::from_secs(120)
        };
        let found = {
            let (seen, in_flight) = (&seen, &in_flight);
            // The verdict to a citizen is the text that starts "Report #N:"; one report per
            // citizen is in flight, so the first unseen verdict to a chat is its report's.
            let wait = tg.wait_for_n(Duration::from_secs(180), 1, move |s| {
                s.method == "sendmessage"
                    && in_flight.contains_key(&s.chat_id)
                    && s.message_id.is_some_and(|m| !seen.contains(&m))
                    && s.text.as_deref().and_then(report_of_verdict).is_some()
            });
            tokio::time::timeout_at(until.into(), wait).await
        };
        let Ok(mut found) = found else { continue };
        let s = found.remove(0);
        seen.insert(s.message_id.unwrap_or(0));
        let (pushed_at, sent) = in_flight.remove(&s.chat_id).expect("in flight");
        out.push((pushed_at, s.at));
        if sent < reports {
            let at = push(s.chat_id, &mut pushed_total);
            in_flight.insert(s.chat_id, (at, sent + 1));
        }
    }
    out
}

/// Queue `n` severe answers in the fake model (the first `n` gradings are severe).
fn queue_severe(ai: &FakeOpenAi, n: usize) {
    for _ in 0..n {
        ai.push(Reply::verdict("severe", "Deep pothole across the lane"));
    }
}

fn report_of_verdict(text: &str) -> Option<i64> {
    let rest = text.strip_prefix("Report #")?;
    let (num, tail) = rest.split_once(':')?;
    if tail.is_empty() {
        return None;
    }
    num.parse().ok()
}

/// Report id -> (chat id, message id), from the bot's database.
fn report_index(db: &Path) -> HashMap<(i64, i64), i64> {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open db");
    conn.busy_timeout(Duration::from_secs(5)).unwrap();
    // Not the pre-filled ones: reading a million rows per call would load the shared cores.
    let mut stmt = conn
        .prepare("SELECT id, chat_id, message_id FROM reports WHERE id > ?1")
        .unwrap();
    let prefilled = PREFILLED.load(std::sync::atomic::Ordering::Relaxed);
    stmt.query_map([prefilled], |r| Ok(((r.get(1)?, r.get(2)?), r.get(0)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn count(db: &Path, sql: &str) -> i64 {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open db");
    conn.busy_timeout(Duration::from_secs(5)).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Overhead per report in ms: verdict arrival − photo pushed − model latency.
fn overheads(
    tg: &FakeTelegram,
    db: &Path,
    pushed: &[(i64, i64, Instant)],
    latency: Duration,
) -> Vec<f64> {
    let index = report_index(db);
    let mut verdict_at: HashMap<i64, Instant> = HashMap::new();
    for s in tg.sent() {
        if s.method == "sendmessage"
            && s.chat_id > 0
            && let Some(id) = s.text.as_deref().and_then(report_of_verdict)
        {
            verdict_at.entry(id).or_insert(s.at);
        }
    }
    let mut out: Vec<f64> = pushed
        .iter()
        .filter_map(|(chat, mid, at)| {
            let id = index.get(&(*chat, *mid))?;
            let v = verdict_at.get(id)?;
            Some((v.duration_since(*at).as_secs_f64() - latency.as_secs_f64()) * 1000.0)
        })
        .collect();
    out.sort_by(f64::total_cmp);
    out
}

/// The fake model's own time per request, measured on the fake alone (no bot): `clients`
/// clients in a closed loop, started evenly over the latency, `rounds` requests each, with the
/// request the bot sends (the 800×600 photo at `low`). Returns the sorted times in ms from the
/// request going out to the answer being back: nominal latency + the fake's timer overshoot +
/// its parsing + loopback HTTP.
async fn model_times(latency: Duration, clients: usize, rounds: usize) -> Vec<f64> {
    let ai = FakeOpenAi::start().await;
    ai.set_latency(latency);
    ai.set_record(false);
    let url = format!("{}/chat/completions", ai.url());
    let body = serde_json::to_vec(&fake_openai::sample_request(
        "gpt-4o-mini",
        &fixtures::jpeg(800, 600, fixtures::GREY),
        "low",
    ))
    .unwrap();
    let http = reqwest::Client::new();
    let t0 = Instant::now();
    let mut tasks = Vec::new();
    for i in 0..clients {
        let (http, url, body) = (http.clone(), url.clone(), body.clone());
        let start = t0 + latency.mul_f64(i as f64 / clients as f64);
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep_until(start.into()).await;
            let mut times = Vec::new();
            for _ in 0..rounds {
                let sent = Instant::now();
                let r = http
                    .post(&url)
                    .bearer_auth(fake_openai::API_KEY)
                    .header("content-type", "application/json")
                    .body(body.clone())
                    .send()
                    .await
                    .expect("fake model");
                let _ = r.bytes().await;
                times.push(sent.elapsed().as_secs_f64() * 1000.0);
            }
            times
        }));
    }
    let mut out = Vec::new();
    for t in tasks {
        out.extend(t.await.unwrap());
    }
    out.sort_by(f64::total_cmp);
    out
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[i.clamp(1, sorted.len()) - 1]
}

// ------------------------------------------------------------------------------ the map's polls

/// What polling the map's data did.
#[derive(Debug, Default, Clone, Copy)]
struct Polls {
    /// 200s (a new body), 304s (nothing changed), anything else or a failed connection.
    ok: usize,
    not_modified: usize,
    errors: usize,
    /// Ticks with 8 polls already in flight (the bot answering more slowly than it is asked).
    skipped: usize,
    bytes: u64,
    slowest_ms: f64,
}

impl Polls {
    fn add(&mut self, o: &Polls) {
        self.ok += o.ok;
        self.not_modified += o.not_modified;
        self.errors += o.errors;
        self.skipped += o.skipped;
        self.bytes += o.bytes;
        self.slowest_ms = self.slowest_ms.max(o.slowest_ms);
    }
}

/// The map page's state between polls: the last answer's `ETag`, and the version its data is
/// at (the `Reports-Version` header), after which the next poll asks only for changes.
#[derive(Default)]
struct PageState {
    etag: Option<String>,
    version: Option<String>,
}

/// One poll as the page makes it; returns (status, body bytes).
async fn poll_once(
    http: &reqwest::Client,
    addr: std::net::SocketAddr,
    page: &std::sync::Mutex<PageState>,
    full: bool,
) -> Result<(u16, u64), reqwest::Error> {
    let (etag, version) = {
        let p = page.lock().unwrap();
        (p.etag.clone(), p.version.clone())
    };
    let url = match &version {
        Some(v) => format!("http://{addr}/reports.geojson?changed_after={v}"),
        None => format!("http://{addr}/reports.geojson"),
    };
    let mut req = http.get(url);
    if let Some(tag) = etag {
        req = req.header("if-none-match", tag);
    }
    let resp = req.send().await?;
    let status = resp.status().as_u16();
    let header = |name: &str| {
        resp.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let (etag, version) = (header("etag"), header("reports-version"));
    let body = resp.bytes().await?;
    if status == 200 {
        let mut p = page.lock().unwrap();
        p.etag = etag;
        if version.is_some() && !full {
            p.version = version;
        }
    }
    Ok((status, body.len() as u64))
}

/// Loads the map once as a new viewer does (the page, then all of its data), then polls the
/// data `hz` times a second the way the page does (If-None-Match, then only the changes)
/// until `stop` fires. Fixed-rate ticks, not "next poll after the last answer", so a slow
/// answer cannot thin out the load; at most 8 polls are in flight.
async fn poll_map(
    addr: std::net::SocketAddr,
    hz: usize,
    full: bool,
    stop: tokio::sync::oneshot::Receiver<()>,
    loaded: tokio::sync::oneshot::Sender<()>,
) -> Polls {
    use std::sync::{Arc, Mutex};
    let http = reqwest::Client::new();
    let page = Arc::new(Mutex::new(PageState::default()));
    let polls = Arc::new(Mutex::new(Polls::default()));
    let _ = http
        .get(format!("http://{addr}/"))
        .send()
        .await
        .and_then(|r| r.error_for_status());
    if poll_once(&http, addr, &page, full).await.is_err() {
        polls.lock().unwrap().errors += 1;
    }
    let _ = loaded.send(());
    let in_flight = Arc::new(tokio::sync::Semaphore::new(8));
    let mut tick = tokio::time::interval(Duration::from_secs_f64(1.0 / hz as f64));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    tokio::pin!(stop);
    loop {
        tokio::select! {
            _ = &mut stop => break,
            _ = tick.tick() => {}
        }
        let Ok(slot) = Arc::clone(&in_flight).try_acquire_owned() else {
            polls.lock().unwrap().skipped += 1;
            continue;
        };
        let (http, page, polls) = (http.clone(), Arc::clone(&page), Arc::clone(&polls));
        tokio::spawn(async move {
            let t = Instant::now();
            let r = poll_once(&http, addr, &page, full).await;
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            let mut p = polls.lock().unwrap();
            p.slowest_ms = p.slowest_ms.max(ms);
            match r {
                Ok((200, bytes)) => {
                    p.ok += 1;
                    p.bytes += bytes;
                }
                Ok((304, _)) => p.not_modified += 1,
                _ => p.errors += 1,
            }
            drop(slot);
        });
    }
    // Let the polls in flight finish.
    let _ = in_flight.acquire_many(8).await;
    *polls.lock().unwrap()
}

/// One steady-state run (as phase 1) on `bot`: the median, p95 and CPU per report.
#[allow(clippy::too_many_arguments)]
async fn steady_run(
    args: &Args,
    tg: &FakeTelegram,
    ai: &FakeOpenAi,
    bot: &BotProc,
    chat_base: i64,
    model: Duration,
) -> (f64, f64, f64) {
    let c = args.latency_citizens;
    let n = c * args.steady_reports;
    let severe = (0..n)
        .filter(|&k| is_severe(k, args.severe_percent))
        .count();
    let expected = n * 3 + severe * 2;
    let cpu0 = bot.cpu();
    let pairs = closed_loop(
        tg,
        ai,
        chat_base,
        c,
        args.steady_reports,
        Duration::from_millis(args.latency_ms),
        args.severe_percent,
    )
    .await;
    if !wait_until(Duration::from_secs(60), || delivered(tg) >= expected).await {
        panic!(
            "steady state (map rounds): {} of {expected} messages arrived\n{}",
            delivered(tg),
            bot.log_tail()
        );
    }
    let cpu = (bot.cpu() - cpu0).as_secs_f64() * 1000.0 / n as f64;
    let mut o: Vec<f64> = pairs
        .iter()
        .map(|&(p, v)| (v.duration_since(p).as_secs_f64() - model.as_secs_f64()) * 1000.0)
        .collect();
    o.sort_by(f64::total_cmp);
    (pct(&o, 50.0), pct(&o, 95.0), cpu)
}

/// `--poll-map HZ`: `--poll-rounds` pairs of steady-state runs, one without polling and one
/// with the map polled HZ times a second, in the order A B B A A B … so that a drift of the
/// shared cores or the growing database weighs on both alike.
async fn map_rounds(
    args: &Args,
    tg: &FakeTelegram,
    ai: &FakeOpenAi,
    bot: &BotProc,
    model: Duration,
    f: &mut Figures,
) {
    for round in 0..args.poll_rounds {
        let order = if round % 2 == 0 {
            [false, true]
        } else {
            [true, false]
        };
        for (k, polled) in order.into_iter().enumerate() {
            let chat_base = 5_000_000 + (round * 2 + k) as i64 * 100_000;
            let mut poller = None;
            if polled {
                let (stop, stopped) = tokio::sync::oneshot::channel();
                let (loaded_tx, loaded) = tokio::sync::oneshot::channel();
                let task = tokio::spawn(poll_map(
                    bot.http,
                    args.poll_map,
                    args.poll_full,
                    stopped,
                    loaded_tx,
                ));
                let _ = loaded.await;
                poller = Some((stop, task));
            }
            let (p50, p95, cpu) = steady_run(args, tg, ai, bot, chat_base, model).await;
            let mut polls = Polls::default();
            if let Some((stop, task)) = poller {
                let _ = stop.send(());
                polls = task.await.expect("poller");
                f.map_polls.add(&polls);
            }
            eprintln!(
                "  map round {round} {}: overhead p50 {p50:.2} p95 {p95:.2} ms, CPU {cpu:.2} ms/report{}",
                if polled { "polled" } else { "quiet " },
                if polled {
                    format!(
                        "; polls: {} × 200 ({:.1} MB), {} × 304, {} errors, {} skipped, slowest {:.0} ms",
                        polls.ok,
                        mb(polls.bytes),
                        polls.not_modified,
                        polls.errors,
                        polls.skipped,
                        polls.slowest_ms
                    )
                } else {
                    String::new()
                }
            );
            f.map_runs.push((polled, p50, p95, cpu));
            f.duplicates += duplicates(&tg.sent());
            tg.clear_sent();
        }
    }
}

/// The median of the runs' figure `pick`, polled or not.
fn median_of(
    runs: &[(bool, f64, f64, f64)],
    polled: bool,
    pick: fn(&(bool, f64, f64, f64)) -> f64,
) -> f64 {
    let mut v: Vec<f64> = runs.iter().filter(|r| r.0 == polled).map(pick).collect();
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return f64::NAN;
    }
    let m = v.len() / 2;
    if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    }
}

// ------------------------------------------------------------------------------ phases

#[derive(Default, Debug)]
struct Figures {
    // the fake model alone
    model_p50: f64,
    model_p99: f64,
    model_max: f64,
    // latency, steady state
    latency_reports: usize,
    p50: f64,
    p95: f64,
    p99: f64,
    steady_reports_per_sec: f64,
    steady_cpu_ms: f64,
    steady_db: DbWork,
    // latency, burst
    burst_reports: usize,
    burst_p50: f64,
    burst_p95: f64,
    burst_p99: f64,
    burst_cpu_ms: f64,
    // throughput
    tput_reports: usize,
    tput_secs: f64,
    reports_per_sec: f64,
    tput_cpu_ms: f64,
    tput_db: DbWork,
    fakes_cpu_ms: f64,
    tput_idle_rss: u64,
    tput_peak_rss: u64,
    // memory (fresh bot, default settings)
    idle_rss: u64,
    queued_rss: u64,
    peak_rss: u64,
    idle_after_rss: u64,
    // cost
    image_bytes: f64,
    image_tokens: f64,
    text_tokens: f64,
    completion_tokens: f64,
    total_tokens: f64,
    usd: f64,
    stored_usd: f64,
    detail: String,
    image_dims: String,
    /// (model, prompt tokens, USD) for the same photo and text, by the bot's cost table.
    per_model: Vec<(&'static str, u64, f64)>,
    sqlite_bytes: f64,
    // limits
    lim_messages: usize,
    lim_expected: usize,
    lim_secs: f64,
    lim_rate: f64,
    lim_allowed: f64,
    lim_429: usize,
    lim_429_detail: Vec<String>,
    lim_margins: String,
    lim_lost: i64,
    // baseline
    b_reports: usize,
    b_reports_per_sec: f64,
    b_p50: f64,
    b_p95: f64,
    b_p99: f64,
    b_image_bytes: f64,
    b_image_tokens: f64,
    b_total_tokens: f64,
    b_usd: f64,
    b_bot_usd: f64,
    // the map polled (--poll-map): (polled, overhead p50, p95, CPU ms/report) per run
    map_runs: Vec<(bool, f64, f64, f64)>,
    map_polls: Polls,
    // every phase
    duplicates: usize,
}

/// What the same report would cost with each model family in the bot's cost table: that
/// family's image tokens for the photo at `detail`, the same text and answer tokens, its list
/// prices (`pothole_bot::domain::cost`, cited there).
fn per_model_costs(
    w: u32,
    h: u32,
    detail: &str,
    text_tokens: f64,
    completion_tokens: f64,
) -> Vec<(&'static str, u64, f64)> {
    let detail = detail
        .parse()
        .unwrap_or(pothole_bot::domain::ImageDetail::Auto);
    pothole_bot::domain::cost::MODELS
        .iter()
        .map(|m| {
            let prompt = m.image.tokens(w, h, detail) + text_tokens.round() as u64;
            let usd = m.prices.cost_usd(prompt, completion_tokens.round() as u64);
            (m.family, prompt, usd)
        })
        .collect()
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Latency (steady state and burst), cost and throughput, on one bot with the rate limiter
/// lifted and `--concurrency` gradings at once.
async fn main_bot(args: &Args, bin: &Path, f: &mut Figures) {
    let latency = Duration::from_millis(args.latency_ms);
    let c = args.latency_citizens;

    // 0. The fake model's own time per request, without the bot.
    let m = model_times(latency, c, (300 / c).clamp(3, 20)).await;
    f.model_p50 = pct(&m, 50.0);
    f.model_p99 = pct(&m, 99.0);
    f.model_max = m.last().copied().unwrap_or(f64::NAN);
    let model = Duration::from_secs_f64(f.model_p50 / 1000.0);
    eprintln!(
        "  fake model alone: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms per request (nominal {} ms)",
        f.model_p50, f.model_p99, f.model_max, args.latency_ms
    );

    let tg = FakeTelegram::start().await;
    let ai = FakeOpenAi::start().await;
    ai.set_latency(latency);
    let mut bot = BotProc::start_on(bin, &tg, &ai, &lifted(args.concurrency), args.db_reports);
    wait_ready(&tg, &bot).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    f.tput_idle_rss = bot.rss().0;
    let empty_db = bot.db_bytes();
    let overhead_ms = |pushed: Instant, verdict: Instant| {
        (verdict.duration_since(pushed).as_secs_f64() - model.as_secs_f64()) * 1000.0
    };

    // 1. Steady state: C citizens, each sending its next report when it has its verdict.
    let n = c * args.steady_reports;
    let severe: usize = (0..n)
        .filter(|&k| is_severe(k, args.severe_percent))
        .count();
    let expected = n * 3 + severe * 2;
    let cpu0 = bot.cpu();
    let db0 = bot.db_work().await;
    let start = Instant::now();
    let pairs = closed_loop(
        &tg,
        &ai,
        1_000_000,
        c,
        args.steady_reports,
        latency,
        args.severe_percent,
    )
    .await;
    let secs = start.elapsed().as_secs_f64();
    if !wait_until(Duration::from_secs(60), || delivered(&tg) >= expected).await {
        panic!(
            "steady state: {} of {expected} messages arrived\n{}",
            delivered(&tg),
            bot.log_tail()
        );
    }
    f.steady_cpu_ms = (bot.cpu() - cpu0).as_secs_f64() * 1000.0 / n as f64;
    f.steady_db = bot.db_work().await.since(db0);
    let mut o: Vec<f64> = pairs.iter().map(|&(p, v)| overhead_ms(p, v)).collect();
    o.sort_by(f64::total_cmp);
    f.latency_reports = o.len();
    f.steady_reports_per_sec = n as f64 / secs;
    f.p50 = pct(&o, 50.0);
    f.p95 = pct(&o, 95.0);
    f.p99 = pct(&o, 99.0);
    eprintln!(
        "  steady state: {n} reports in {secs:.1} s, overhead p50 {:.2} p95 {:.2} p99 {:.2} ms, CPU {:.2} ms/report, RSS {:.1} MB",
        f.p50,
        f.p95,
        f.p99,
        f.steady_cpu_ms,
        mb(bot.rss().0)
    );
    eprintln!("  steady state: {}", f.steady_db.line(n));

    // Cost per report, from the recorded requests of the steady state.
    let reqs = ai.requests();
    if c == 1 && reqs.len() == pairs.len() {
        // One citizen: split the overhead at the model request's arrival at the fake.
        let mut before: Vec<f64> = Vec::new();
        let mut after: Vec<f64> = Vec::new();
        for ((p, v), r) in pairs.iter().zip(&reqs) {
            before.push(r.at.duration_since(*p).as_secs_f64() * 1000.0);
            after.push((v.duration_since(r.at).as_secs_f64() - latency.as_secs_f64()) * 1000.0);
        }
        before.sort_by(f64::total_cmp);
        after.sort_by(f64::total_cmp);
        eprintln!(
            "  one citizen: photo pushed → model request parsed by the fake p50 {:.2} ms; \
             → verdict arrived, minus the nominal latency, p50 {:.2} ms (includes the fake's \
             timer overshoot)",
            pct(&before, 50.0),
            pct(&after, 50.0)
        );
    }
    let n = reqs.len().max(1) as f64;
    f.image_bytes = reqs.iter().map(|r| r.image_bytes as f64).sum::<f64>() / n;
    f.image_tokens = reqs
        .iter()
        .map(|r| r.usage.image_tokens as f64)
        .sum::<f64>()
        / n;
    f.text_tokens = reqs.iter().map(|r| r.usage.text_tokens as f64).sum::<f64>() / n;
    f.completion_tokens = reqs
        .iter()
        .map(|r| r.usage.completion_tokens as f64)
        .sum::<f64>()
        / n;
    f.total_tokens = reqs
        .iter()
        .map(|r| r.usage.total_tokens as f64)
        .sum::<f64>()
        / n;
    f.usd =
        (f.image_tokens + f.text_tokens) * PRICE_IN / 1e6 + f.completion_tokens * PRICE_OUT / 1e6;
    f.detail = reqs
        .first()
        .and_then(|r| r.detail.clone())
        .unwrap_or_default();
    f.image_dims = reqs
        .first()
        .and_then(|r| r.image_dims.first().copied())
        .map(|(w, h)| format!("{w}×{h}"))
        .unwrap_or_default();
    if let Some((w, h)) = reqs.first().and_then(|r| r.image_dims.first().copied()) {
        f.per_model = per_model_costs(w, h, &f.detail, f.text_tokens, f.completion_tokens);
    }
    ai.set_record(false);
    f.duplicates += duplicates(&tg.sent());
    tg.clear_sent();

    // 1b. The same steady state without and with the map polled.
    if args.poll_map > 0 {
        map_rounds(args, &tg, &ai, &bot, model, f).await;
    }

    // 2. Burst: C citizens whose photos arrive in the same millisecond, R rounds.
    let mut pushed = Vec::new();
    let mut expected = 0;
    let cpu0 = bot.cpu();
    for round in 0..args.rounds {
        let severe = c * args.severe_percent / 100;
        queue_severe(&ai, severe);
        expected += c * 3 + severe * 2;
        pushed.extend(push_reports(&tg, (0..c as i64).map(|i| 1_500_000 + i)));
        if !wait_until(Duration::from_secs(60), || delivered(&tg) >= expected).await {
            panic!(
                "burst round {round}: {} of {expected} messages arrived\n{}",
                delivered(&tg),
                bot.log_tail()
            );
        }
    }
    // Counting messages can be fooled by a straggler of the phase before; wait for the verdicts.
    let all = || overheads(&tg, &bot.db_path(), &pushed, model).len() >= pushed.len();
    let mut waited = 0;
    while !all() && waited < 1500 {
        tokio::time::sleep(Duration::from_millis(20)).await;
        waited += 1;
    }
    let o = overheads(&tg, &bot.db_path(), &pushed, model);
    f.burst_cpu_ms = (bot.cpu() - cpu0).as_secs_f64() * 1000.0 / pushed.len() as f64;
    f.burst_reports = o.len();
    f.burst_p50 = pct(&o, 50.0);
    f.burst_p95 = pct(&o, 95.0);
    f.burst_p99 = pct(&o, 99.0);
    eprintln!(
        "  burst: overhead p50 {:.1} p95 {:.1} p99 {:.1} ms, CPU {:.2} ms/report",
        f.burst_p50, f.burst_p95, f.burst_p99, f.burst_cpu_ms
    );
    f.duplicates += duplicates(&tg.sent());
    tg.clear_sent();

    // 3. Throughput: M × N reports at once.
    let reports = args.citizens * args.photos;
    let severe = reports * args.severe_percent / 100;
    queue_severe(&ai, severe);
    let expected = reports * 3 + severe * 2;
    let cpu0 = bot.cpu();
    let own0 = cpu_of("self");
    let db0 = bot.db_work().await;
    let start = Instant::now();
    for _ in 0..args.photos {
        push_reports(&tg, (0..args.citizens as i64).map(|i| 2_000_000 + i));
    }
    if !wait_until(Duration::from_secs(300), || delivered(&tg) >= expected).await {
        panic!(
            "throughput: {} of {expected} messages arrived\n{}",
            delivered(&tg),
            bot.log_tail()
        );
    }
    f.tput_reports = reports;
    f.tput_secs = start.elapsed().as_secs_f64();
    f.reports_per_sec = reports as f64 / f.tput_secs;
    f.tput_cpu_ms = (bot.cpu() - cpu0).as_secs_f64() * 1000.0 / reports as f64;
    f.fakes_cpu_ms = (cpu_of("self") - own0).as_secs_f64() * 1000.0 / reports as f64;
    f.tput_db = bot.db_work().await.since(db0);
    tokio::time::sleep(Duration::from_secs(1)).await;
    f.tput_peak_rss = bot.rss().1;
    eprintln!(
        "  throughput: {:.2} s, CPU {:.2} ms/report, RSS {:.1} MB, peak {:.1} MB",
        f.tput_secs,
        f.tput_cpu_ms,
        mb(bot.rss().0),
        mb(f.tput_peak_rss)
    );
    eprintln!("  throughput: {}", f.tput_db.line(reports));
    f.duplicates += duplicates(&tg.sent());
    let total_reports =
        count(&bot.db_path(), "SELECT COUNT(*) FROM reports") - args.db_reports as i64;
    f.stored_usd = count_f(
        &bot.db_path(),
        &format!(
            "SELECT AVG(cost_usd) FROM reports WHERE id > {}",
            args.db_reports
        ),
    );
    bot.stop();
    // On a pre-filled database the WAL's growth (pages of its big indexes) says nothing per report.
    f.sqlite_bytes = match args.db_reports {
        0 => (bot.db_bytes().saturating_sub(empty_db)) as f64 / total_reports as f64,
        _ => f64::NAN,
    };
}

/// Memory on a fresh bot at the default settings (only the rate limiter lifted): idle, with
/// `--queued` reports waiting for a slow model, and the peak.
async fn memory_bot(args: &Args, bin: &Path, f: &mut Figures) {
    let latency = Duration::from_millis(args.latency_ms);
    let tg = FakeTelegram::start().await;
    let ai = FakeOpenAi::start().await;
    ai.set_latency(latency);
    ai.set_record(false);
    let mut bot = BotProc::start(bin, &tg, &ai, &lifted_limiter());
    wait_ready(&tg, &bot).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    f.idle_rss = bot.rss().0;

    ai.set_latency(Duration::from_millis(args.slow_ms));
    let q = args.queued;
    let expected = q * 3;
    let before = Instant::now();
    push_reports(&tg, (0..q as i64).map(|i| 3_000_000 + i));
    // Every report stored and acknowledged (pin reply + ack), verdicts still pending.
    wait_until(Duration::from_secs(60), || delivered(&tg) >= q * 2).await;
    let mut queued_rss = 0;
    while before.elapsed() < Duration::from_millis(args.slow_ms * 8 / 10) {
        queued_rss = queued_rss.max(bot.rss().0);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    f.queued_rss = queued_rss;
    let queued_hwm = bot.rss().1;
    ai.set_latency(latency);
    if !wait_until(Duration::from_secs(300), || delivered(&tg) >= expected).await {
        panic!(
            "queue: {} of {expected} messages arrived\n{}",
            delivered(&tg),
            bot.log_tail()
        );
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (rss, hwm) = bot.rss();
    f.idle_after_rss = rss;
    f.peak_rss = hwm;
    eprintln!(
        "  memory: idle {:.1} MB, {q} queued {:.1} MB (peak so far {:.1}), peak {:.1} MB, after {:.1} MB",
        mb(f.idle_rss),
        mb(f.queued_rss),
        mb(queued_hwm),
        mb(f.peak_rss),
        mb(f.idle_after_rss)
    );
    f.duplicates += duplicates(&tg.sent());
    bot.stop();
}

fn count_f(db: &Path, sql: &str) -> f64 {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open db");
    conn.query_row(sql, [], |r| r.get::<_, Option<f64>>(0))
        .unwrap()
        .unwrap_or(0.0)
}

/// Sends the fake's flood windows count (its `LIMITED_METHODS`).
fn limited(s: &fake_telegram::Sent) -> bool {
    matches!(
        s.method.as_str(),
        "sendmessage" | "sendphoto" | "senddocument" | "sendlocation" | "sendvenue"
    )
}

/// How close the accepted sends came to the fake's windows, and for each 429 which window it
/// tripped. Returns (one line per 429, a summary of the closest approaches).
fn limit_margins(
    sent: &[fake_telegram::Sent],
    failed: &[fake_telegram::Sent],
) -> (Vec<String>, String) {
    let ok: Vec<&fake_telegram::Sent> = sent.iter().filter(|s| limited(s)).collect();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    // Closest two sends to one private chat (the bot schedules them ≥ 1020 ms apart), and the
    // shortest span of 31 consecutive sends overall (scheduled ≥ 30 × 34 ms = 1020 ms).
    let mut by_chat: HashMap<i64, Vec<Instant>> = HashMap::new();
    for s in &ok {
        by_chat.entry(s.chat_id).or_default().push(s.at);
    }
    let mut chat_gap = f64::INFINITY;
    for (chat, times) in &by_chat {
        if *chat > 0 {
            for w in times.windows(2) {
                chat_gap = chat_gap.min(ms(w[1].duration_since(w[0])));
            }
        }
    }
    let mut times: Vec<Instant> = ok.iter().map(|s| s.at).collect();
    times.sort();
    let (span_at, span30) = times
        .windows(31)
        .map(|w| ms(w[30].duration_since(w[0])))
        .enumerate()
        .fold(
            (0, f64::INFINITY),
            |a, (i, v)| if v < a.1 { (i, v) } else { a },
        );
    // Each send's arrival against an even 34 ms (1.02 / 30 s) schedule from the first one: how
    // late the sends of the shortest span were.
    let late = |i: usize| {
        times.get(i).map_or(f64::NAN, |t| {
            ms(t.duration_since(times[0])) - i as f64 * 34.0
        })
    };
    let summary = format!(
        "closest sends to one chat {chat_gap:.1} ms apart (limit 1000, scheduled ≥ 1020); \
         shortest span of 31 sends {span30:.1} ms (limit 1000, scheduled ≥ 1020), sends \
         #{span_at}…#{}, arriving {:+.1} and {:+.1} ms off an even 34 ms schedule from send #0",
        span_at + 30,
        late(span_at),
        late(span_at + 30)
    );
    if std::env::var_os("LOADTEST_DEBUG").is_some() {
        let offs: Vec<String> = (0..times.len().min(64))
            .map(|i| format!("{:.1}", late(i)))
            .collect();
        eprintln!("  limits: lateness of sends 0..64, ms: {}", offs.join(" "));
        let (wall, mono) = (std::time::SystemTime::now(), Instant::now());
        for (i, t) in times.iter().take(6).enumerate() {
            let w = wall - mono.duration_since(*t);
            let u = w
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_secs_f64();
            eprintln!("  limits: send #{i} arrived at {u:.6}");
        }
    }
    let mut lines = Vec::new();
    for r in failed.iter().filter(|s| limited(s)) {
        let prev_chat = by_chat
            .get(&r.chat_id)
            .and_then(|t| t.iter().filter(|t| **t <= r.at).max())
            .map(|t| ms(r.at.duration_since(*t)));
        let in_sec = times
            .iter()
            .filter(|t| **t <= r.at && r.at.duration_since(**t) < Duration::from_secs(1))
            .count();
        let window = match prev_chat {
            Some(g) if r.chat_id > 0 && g < 1000.0 => "per chat (1/s)",
            _ if in_sec >= 30 => "overall (30/s)",
            _ if r.chat_id < 0 => "group (20/min)",
            _ => "?",
        };
        lines.push(format!(
            "{} to chat {}: window {window}; previous send to that chat {} ms earlier; {in_sec} sends in the second before",
            r.method,
            r.chat_id,
            prev_chat.map_or("—".into(), |g| format!("{g:.1}")),
        ));
    }
    (lines, summary)
}

async fn limits_bot(args: &Args, bin: &Path, f: &mut Figures) {
    let latency = Duration::from_millis(args.latency_ms);
    let tg = FakeTelegram::start().await;
    tg.enforce_limits(Limits::TELEGRAM);
    let ai = FakeOpenAi::start().await;
    ai.set_latency(latency);
    ai.set_record(false);
    // Telegram's rates (the defaults); grading concurrency as in the other runs.
    let mut bot = BotProc::start(
        bin,
        &tg,
        &ai,
        &[("OPENAI_CONCURRENCY", args.concurrency.to_string())],
    );
    wait_ready(&tg, &bot).await;
    let c = args.limits_citizens;
    let severe = 2.min(c);
    queue_severe(&ai, severe);
    let expected = c * 3 + severe * 2;
    push_reports(&tg, (0..c as i64).map(|i| 4_000_000 + i));
    let ok = wait_until(Duration::from_secs(300), || delivered(&tg) >= expected).await;
    let _ = ok;
    let sent: Vec<Instant> = tg.messages_sent().iter().map(|s| s.at).collect::<Vec<_>>();
    let first = sent.iter().min().copied();
    let last = sent.iter().max().copied();
    f.lim_messages = delivered(&tg);
    f.lim_expected = expected;
    f.lim_429 = tg.rejected_429();
    let (detail, closest) = limit_margins(&tg.sent(), &tg.failed());
    f.lim_429_detail = detail;
    f.lim_margins = closest.clone();
    eprintln!("  limits: {closest}");
    for d in &f.lim_429_detail {
        eprintln!("  limits: 429: {d}");
    }
    // Citizen messages only: the staff group's 20/min is a separate, slower budget.
    let citizen: Vec<Instant> = tg
        .messages_sent()
        .iter()
        .filter(|s| s.chat_id > 0)
        .map(|s| s.at)
        .collect();
    let (cf, cl) = (citizen.iter().min(), citizen.iter().max());
    if let (Some(a), Some(b)) = (cf, cl) {
        f.lim_secs = b.duration_since(*a).as_secs_f64();
        f.lim_rate = (citizen.len().saturating_sub(1)) as f64 / f.lim_secs.max(1e-9);
    }
    let _ = (first, last);
    f.lim_allowed = 30.0;
    let lost = count(
        &bot.db_path(),
        "SELECT COUNT(*) FROM outbox WHERE status != 'sent'",
    );
    f.lim_lost = lost + (expected as i64 - f.lim_messages as i64).max(0);
    f.duplicates += duplicates(&tg.sent());
    bot.stop();
}

async fn baseline(args: &Args, bin: &Path, f: &mut Figures) {
    let latency = Duration::from_millis(args.latency_ms);
    // (a) the bot run one report at a time, at auto detail.
    let tg = FakeTelegram::start().await;
    let ai = FakeOpenAi::start().await;
    ai.set_latency(latency);
    let mut extra = lifted(1);
    extra.push(("OPENAI_IMAGE_DETAIL", "auto".into()));
    let mut bot = BotProc::start(bin, &tg, &ai, &extra);
    wait_ready(&tg, &bot).await;
    let b = args.baseline_reports;
    let expected = b * 3;
    let start = Instant::now();
    let pushed = push_reports(&tg, (0..b as i64).map(|i| 5_000_000 + i));
    if !wait_until(Duration::from_secs(600), || delivered(&tg) >= expected).await {
        panic!(
            "baseline: {} of {expected} messages arrived",
            delivered(&tg)
        );
    }
    f.b_reports = b;
    f.b_reports_per_sec = b as f64 / start.elapsed().as_secs_f64();
    let o = overheads(&tg, &bot.db_path(), &pushed, latency);
    f.b_p50 = pct(&o, 50.0);
    f.b_p95 = pct(&o, 95.0);
    f.b_p99 = pct(&o, 99.0);
    let reqs = ai.requests();
    let n = reqs.len().max(1) as f64;
    f.b_bot_usd = reqs
        .iter()
        .map(|r| {
            r.usage.prompt_tokens as f64 * PRICE_IN / 1e6
                + r.usage.completion_tokens as f64 * PRICE_OUT / 1e6
        })
        .sum::<f64>()
        / n;
    f.duplicates += duplicates(&tg.sent());
    bot.stop();

    // (b) the largest photo size at auto detail, through the bot's own vision client.
    let ai = FakeOpenAi::start().await;
    let settings = pothole_bot::config::VisionSettings::from_lookup(|k| match k {
        "OPENAI_API_KEY" => Some(fake_openai::API_KEY.to_owned()),
        "OPENAI_BASE_URL" => Some(ai.url()),
        "OPENAI_IMAGE_DETAIL" => Some("auto".to_owned()),
        _ => None,
    })
    .expect("baseline config");
    let client = pothole_bot::vision::VisionClient::new(&settings).expect("client");
    let (w, h) = *fixtures::STANDARD_SIZES.last().unwrap();
    let largest = fixtures::jpeg(w, h, fixtures::GREY);
    for _ in 0..3 {
        let image = pothole_bot::vision::image::prepare_photo(largest.clone()).expect("jpeg");
        client.grade(&image).await.expect("baseline grade");
    }
    let reqs = ai.requests();
    let n = reqs.len().max(1) as f64;
    f.b_image_bytes = reqs.iter().map(|r| r.image_bytes as f64).sum::<f64>() / n;
    f.b_image_tokens = reqs
        .iter()
        .map(|r| r.usage.image_tokens as f64)
        .sum::<f64>()
        / n;
    f.b_total_tokens = reqs
        .iter()
        .map(|r| r.usage.total_tokens as f64)
        .sum::<f64>()
        / n;
    f.b_usd = reqs
        .iter()
        .map(|r| {
            r.usage.prompt_tokens as f64 * PRICE_IN / 1e6
                + r.usage.completion_tokens as f64 * PRICE_OUT / 1e6
        })
        .sum::<f64>()
        / n;
}

// ------------------------------------------------------------------------------ output

fn mb(b: u64) -> f64 {
    b as f64 / (1024.0 * 1024.0)
}

fn ratio(better: f64, base: f64, higher_is_better: bool) -> String {
    if !(better.is_finite() && base.is_finite()) || better <= 0.0 || base <= 0.0 {
        return "—".into();
    }
    let r = if higher_is_better {
        better / base
    } else {
        base / better
    };
    format!("{r:.1}× better")
}

fn table(a: &Args, f: &Figures) -> String {
    let mut rows: Vec<[String; 4]> = Vec::new();
    let mut row = |name: String, v: String, b: String, r: String| rows.push([name, v, b, r]);
    let none = || String::new();
    row(
        format!(
            "reports/s end to end ({} reports, limits lifted, OPENAI_CONCURRENCY={})",
            f.tput_reports, a.concurrency
        ),
        format!("{:.0}", f.reports_per_sec),
        format!("{:.1}", f.b_reports_per_sec),
        ratio(f.reports_per_sec, f.b_reports_per_sec, true),
    );
    for (p, v) in [("p50", f.p50), ("p95", f.p95), ("p99", f.p99)] {
        row(
            format!(
                "bot overhead per report {p}, ms ({} citizens, steady state, {} reports)",
                a.latency_citizens, f.latency_reports
            ),
            format!("{v:.2}"),
            none(),
            none(),
        );
    }
    for (phase, db, n) in [
        ("steady state", f.steady_db, f.latency_reports),
        ("throughput", f.tput_db, f.tput_reports),
    ] {
        let (jobs, syncs, ms) = db.per_report(n);
        row(
            format!("database thread per report, {phase}: jobs / fsyncs / ms running jobs"),
            format!("{jobs:.2} / {syncs:.2} / {ms:.3}"),
            none(),
            none(),
        );
        row(
            format!("fsync of the WAL, mean ms, {phase} (the disk's, not the bot's)"),
            format!("{:.2}", db.sync_ms()),
            none(),
            none(),
        );
    }
    if !f.map_runs.is_empty() {
        let (q50, p50) = (
            median_of(&f.map_runs, false, |r| r.1),
            median_of(&f.map_runs, true, |r| r.1),
        );
        let (qcpu, pcpu) = (
            median_of(&f.map_runs, false, |r| r.3),
            median_of(&f.map_runs, true, |r| r.3),
        );
        let runs = f.map_runs.len() / 2;
        row(
            format!(
                "bot overhead p50, ms, steady state: quiet / map polled {}×/s{} (median of {runs} runs each)",
                a.poll_map,
                if a.poll_full {
                    ", whole GeoJSON each poll"
                } else {
                    ""
                }
            ),
            format!("{q50:.2} / {p50:.2}"),
            none(),
            format!("{:.2}× with polling", p50 / q50),
        );
        row(
            "bot CPU per report, same runs: quiet / map polled, ms".into(),
            format!("{qcpu:.2} / {pcpu:.2}"),
            none(),
            format!("{:.2}× with polling", pcpu / qcpu),
        );
        let p = &f.map_polls;
        row(
            "map polls answered: 200 / 304 / errors / skipped (8 in flight)".into(),
            format!(
                "{} / {} / {} / {}",
                p.ok, p.not_modified, p.errors, p.skipped
            ),
            none(),
            format!("slowest {:.0} ms, {:.1} MB", p.slowest_ms, mb(p.bytes)),
        );
    }
    row(
        format!(
            "bot overhead p50 / p95 / p99, ms ({} photos in the same ms, ×{})",
            a.latency_citizens, a.rounds
        ),
        format!(
            "{:.1} / {:.1} / {:.1}",
            f.burst_p50, f.burst_p95, f.burst_p99
        ),
        format!("{:.0} / {:.0} / {:.0}", f.b_p50, f.b_p95, f.b_p99),
        ratio(f.burst_p50, f.b_p50, false) + " (p50)",
    );
    row(
        "bot CPU per report (utime+stime, throughput phase), ms".into(),
        format!("{:.2}", f.tput_cpu_ms),
        none(),
        none(),
    );
    row(
        "fakes + load generator CPU per report (same phase, same cores), ms".into(),
        format!("{:.2}", f.fakes_cpu_ms),
        none(),
        none(),
    );
    row(
        format!(
            "→ least time to drain {} reports at once on {} cores, ms",
            a.latency_citizens,
            cores()
        ),
        format!(
            "{:.0}",
            f.tput_cpu_ms * a.latency_citizens as f64 / cores() as f64
        ),
        none(),
        none(),
    );
    row(
        format!(
            "fake model time per request p50 / p99, ms (nominal {}; subtracted: p50)",
            a.latency_ms
        ),
        format!("{:.2} / {:.2}", f.model_p50, f.model_p99),
        none(),
        none(),
    );
    row(
        "RSS idle, MB (fresh bot, default settings)".into(),
        format!("{:.1}", mb(f.idle_rss)),
        none(),
        none(),
    );
    row(
        format!(
            "RSS with {} reports queued (model slow), same bot, MB",
            a.queued
        ),
        format!("{:.1}", mb(f.queued_rss)),
        none(),
        none(),
    );
    row(
        "RSS peak (VmHWM) of that bot, queue drained, MB".into(),
        format!("{:.1}", mb(f.peak_rss)),
        none(),
        none(),
    );
    row(
        "RSS after the queue drained, MB".into(),
        format!("{:.1}", mb(f.idle_after_rss)),
        none(),
        none(),
    );
    row(
        format!(
            "RSS peak (VmHWM) of the latency + throughput bot (OPENAI_CONCURRENCY={}), MB",
            a.concurrency
        ),
        format!("{:.1}", mb(f.tput_peak_rss)),
        none(),
        none(),
    );
    row(
        format!(
            "image bytes uploaded / report ({} {})",
            f.image_dims, f.detail
        ),
        format!("{:.0}", f.image_bytes),
        format!("{:.0}", f.b_image_bytes),
        ratio(f.image_bytes, f.b_image_bytes, false),
    );
    row(
        "image tokens / report".into(),
        format!("{:.0}", f.image_tokens),
        format!("{:.0}", f.b_image_tokens),
        ratio(f.image_tokens, f.b_image_tokens, false),
    );
    row(
        "total tokens billed / report (prompt + answer)".into(),
        format!("{:.0}", f.total_tokens),
        format!("{:.0}", f.b_total_tokens),
        ratio(f.total_tokens, f.b_total_tokens, false),
    );
    row(
        "USD / report (gpt-4o-mini prices)".into(),
        format!("{:.6}", f.usd),
        format!("{:.6}", f.b_usd),
        ratio(f.usd, f.b_usd, false),
    );
    row(
        "USD / report as stored by the bot".into(),
        format!("{:.6}", f.stored_usd),
        format!("{:.6}", f.b_bot_usd),
        "".into(),
    );
    for (model, tokens, usd) in &f.per_model {
        row(
            format!("  USD / report with {model} ({tokens} prompt tokens, same photo)"),
            format!("{usd:.6}"),
            "".into(),
            ratio(*usd, f.usd, false),
        );
    }
    row(
        "SQLite bytes / report".into(),
        format!("{:.0}", f.sqlite_bytes),
        "".into(),
        "".into(),
    );
    row(
        format!(
            "Telegram limits on: citizen messages/s ({} citizens)",
            a.limits_citizens
        ),
        format!("{:.1} of {:.0} allowed", f.lim_rate, f.lim_allowed),
        "".into(),
        format!("{:.0}% used", 100.0 * f.lim_rate / f.lim_allowed),
    );
    row(
        "Telegram limits on: 429s received".into(),
        f.lim_429.to_string(),
        "".into(),
        "".into(),
    );
    row(
        "Telegram limits on: messages lost".into(),
        format!(
            "{} ({} of {} delivered)",
            f.lim_lost, f.lim_messages, f.lim_expected
        ),
        "".into(),
        "".into(),
    );
    row(
        "duplicates: messages about a report delivered more than once (all phases)".into(),
        f.duplicates.to_string(),
        "".into(),
        "".into(),
    );
    if a.db_reports > 0 {
        row(
            "reports already in the database (phases 1–3)".into(),
            a.db_reports.to_string(),
            "".into(),
            "".into(),
        );
    }
    let w0 = rows.iter().map(|r| r[0].chars().count()).max().unwrap_or(0);
    let w1 = rows
        .iter()
        .map(|r| r[1].chars().count())
        .max()
        .unwrap_or(0)
        .max(5);
    let w2 = rows
        .iter()
        .map(|r| r[2].chars().count())
        .max()
        .unwrap_or(0)
        .max(14);
    let mut out = format!(
        "| {:w0$} | {:>w1$} | {:>w2$} | vs baseline |\n|{}|{}|{}|---|\n",
        "figure",
        "bot",
        "naive baseline",
        "-".repeat(w0 + 2),
        "-".repeat(w1 + 1) + ":",
        "-".repeat(w2 + 1) + ":",
    );
    for r in &rows {
        out += &format!(
            "| {:w0$} | {:>w1$} | {:>w2$} | {} |\n",
            r[0], r[1], r[2], r[3]
        );
    }
    out
}

fn json_out(a: &Args, f: &Figures) -> Value {
    json!({
        "args": {"citizens": a.citizens, "photos": a.photos, "latency_ms": a.latency_ms,
                 "rounds": a.rounds, "latency_citizens": a.latency_citizens,
                 "steady_reports": a.steady_reports, "queued": a.queued,
                 "slow_ms": a.slow_ms, "limits_citizens": a.limits_citizens,
                 "baseline_reports": a.baseline_reports, "concurrency": a.concurrency,
                 "db_reports": a.db_reports, "poll_map": a.poll_map, "poll_rounds": a.poll_rounds, "poll_full": a.poll_full,
                 "cores": cores()},
        "map_polled": {
            "runs": f.map_runs.iter().map(|r| json!({"polled": r.0, "overhead_p50_ms": r.1,
                    "overhead_p95_ms": r.2, "cpu_ms_per_report": r.3})).collect::<Vec<_>>(),
            "overhead_p50_ms": {"quiet": median_of(&f.map_runs, false, |r| r.1),
                                "polled": median_of(&f.map_runs, true, |r| r.1)},
            "cpu_ms_per_report": {"quiet": median_of(&f.map_runs, false, |r| r.3),
                                  "polled": median_of(&f.map_runs, true, |r| r.3)},
            "polls": {"ok": f.map_polls.ok, "not_modified": f.map_polls.not_modified,
                      "errors": f.map_polls.errors, "skipped": f.map_polls.skipped,
                      "bytes": f.map_polls.bytes, "slowest_ms": f.map_polls.slowest_ms}},
        "duplicates": f.duplicates,
        "database": {"steady_state": f.steady_db.json(f.latency_reports),
                     "throughput": f.tput_db.json(f.tput_reports)},
        "fake_model_ms": {"p50": f.model_p50, "p99": f.model_p99, "max": f.model_max},
        "throughput": {"reports": f.tput_reports, "seconds": f.tput_secs, "reports_per_sec": f.reports_per_sec,
                       "cpu_ms_per_report": f.tput_cpu_ms, "fakes_cpu_ms_per_report": f.fakes_cpu_ms,
                       "concurrency": a.concurrency,
                       "rss_idle": f.tput_idle_rss, "rss_peak": f.tput_peak_rss},
        "overhead_ms": {"reports": f.latency_reports, "p50": f.p50, "p95": f.p95, "p99": f.p99,
                        "reports_per_sec": f.steady_reports_per_sec, "cpu_ms_per_report": f.steady_cpu_ms},
        "burst_overhead_ms": {"reports": f.burst_reports, "p50": f.burst_p50, "p95": f.burst_p95, "p99": f.burst_p99,
                              "cpu_ms_per_report": f.burst_cpu_ms,
                              "min_drain_ms": f.tput_cpu_ms * a.latency_citizens as f64 / cores() as f64},
        "rss_bytes": {"idle": f.idle_rss, "queued": f.queued_rss, "peak": f.peak_rss, "idle_after": f.idle_after_rss},
        "per_report": {"image_bytes": f.image_bytes, "image_dims": f.image_dims, "detail": f.detail,
                       "image_tokens": f.image_tokens, "text_tokens": f.text_tokens,
                       "completion_tokens": f.completion_tokens, "total_tokens": f.total_tokens,
                       "usd": f.usd, "stored_usd": f.stored_usd, "sqlite_bytes": f.sqlite_bytes,
                       "per_model": f.per_model.iter().map(|(m, t, u)| json!({"model": m, "prompt_tokens": t, "usd": u})).collect::<Vec<_>>()},
        "telegram_limits": {"messages_delivered": f.lim_messages, "messages_expected": f.lim_expected,
                            "citizen_seconds": f.lim_secs, "citizen_messages_per_sec": f.lim_rate,
                            "allowed_per_sec": f.lim_allowed, "rejected_429": f.lim_429,
                            "rejected_429_detail": f.lim_429_detail, "margins": f.lim_margins,
                            "lost": f.lim_lost},
        "baseline": {"reports": f.b_reports, "reports_per_sec": f.b_reports_per_sec,
                     "overhead_ms": {"p50": f.b_p50, "p95": f.b_p95, "p99": f.b_p99},
                     "image_bytes": f.b_image_bytes, "image_tokens": f.b_image_tokens,
                     "total_tokens": f.b_total_tokens, "usd": f.b_usd, "bot_usd_auto_detail": f.b_bot_usd},
    })
}

fn main() {
    let args = parse_args();
    let bin = bot_binary();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let mut f = Figures::default();
    let t0 = Instant::now();
    rt.block_on(async {
        let run = |phase: &str| args.only.as_deref().is_none_or(|o| o == phase);
        if run("main") {
            eprintln!(
                "loadtest: {:.0}s model calibration, latency and throughput phases…",
                t0.elapsed().as_secs_f64()
            );
            main_bot(&args, &bin, &mut f).await;
        }
        if run("memory") {
            eprintln!(
                "loadtest: {:.0}s memory phase (fresh bot, default settings)…",
                t0.elapsed().as_secs_f64()
            );
            memory_bot(&args, &bin, &mut f).await;
        }
        if run("limits") {
            eprintln!(
                "loadtest: {:.0}s Telegram limits phase…",
                t0.elapsed().as_secs_f64()
            );
            limits_bot(&args, &bin, &mut f).await;
        }
        if run("baseline") {
            eprintln!(
                "loadtest: {:.0}s naive baseline…",
                t0.elapsed().as_secs_f64()
            );
            baseline(&args, &bin, &mut f).await;
        }
    });
    eprintln!("loadtest: done in {:.0} s", t0.elapsed().as_secs_f64());
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json_out(&args, &f)).unwrap()
        );
    } else {
        println!("{}", table(&args, &f));
    }
}
