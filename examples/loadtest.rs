//! Load test: speed, memory and cost per report of the real bot.
//!
//! ```sh
//! cargo run --release --example loadtest -- [--citizens 100] [--photos 10] [--latency-ms 500] [--json]
//! ```
//!
//! Starts the fake Bot API and the fake OpenAI server (the ones the tests use) on 127.0.0.1 and
//! runs the release binary `target/release/pothole-bot` against them as a child process (built
//! first if missing), so its memory is read cleanly from `/proc/<pid>/status`. Phases:
//!
//! 1. **latency** — 100 citizens at once send a pin and a photo, `--rounds` times; the bot's
//!    own time per report is "photo update queued at the fake Bot API → verdict message
//!    arrives there", minus the fake model's latency. It includes the long-poll hand-out,
//!    so it is an upper bound of the bot's overhead.
//! 2. **throughput** — `--citizens` × `--photos` reports pushed at once (each with a pin),
//!    limits lifted; reports/s from the first update to the last verdict or alert.
//! 3. **queue** — the model turns slow (`--slow-ms`), `--queued` reports arrive; RSS is read
//!    while they wait.
//! 4. **limits** — a second bot at Telegram's default rates against a fake that enforces
//!    30 msg/s overall, 1/s per chat, 20/min per group with 429 + retry_after.
//! 5. **baseline** — the naive first attempt: grading one report at a time at `auto` detail
//!    (a third bot, `OPENAI_CONCURRENCY=1`, `OPENAI_IMAGE_DETAIL=auto`), and, since the bot has
//!    no setting to grade the largest photo size, the largest size (1280×960) sent to the fake
//!    by the bot's own vision client with the same prompt and schema, at `auto` detail.
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
    queued: usize,
    slow_ms: u64,
    limits_citizens: usize,
    baseline_reports: usize,
    concurrency: usize,
    severe_percent: usize,
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
            queued: 1000,
            slow_ms: 5000,
            limits_citizens: 150,
            baseline_reports: 20,
            concurrency: 512,
            severe_percent: 10,
            only: None,
        }
    }
}

const USAGE: &str = "usage: loadtest [--citizens M] [--photos N] [--latency-ms MS] [--json]
       [--rounds R] [--latency-citizens C] [--queued Q] [--slow-ms MS]
       [--limits-citizens C] [--baseline-reports B] [--concurrency K] [--severe-percent P]
       [--only main|limits|baseline]";

fn parse_args() -> Args {
    let mut a = Args::default();
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "--json" {
            a.json = true;
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
            "--queued" => a.queued = v.max(1),
            "--slow-ms" => a.slow_ms = value,
            "--limits-citizens" => a.limits_citizens = v.max(1),
            "--baseline-reports" => a.baseline_reports = v.max(1),
            "--concurrency" => a.concurrency = v.max(1),
            "--severe-percent" => a.severe_percent = v.min(100),
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
}

impl BotProc {
    fn start(bin: &Path, tg: &FakeTelegram, ai: &FakeOpenAi, extra: &[(&str, String)]) -> BotProc {
        let dir = tempfile::tempdir().expect("temp dir");
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
        BotProc { child, dir }
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

/// Settings that take the bot's own rate limiter out of the way.
fn lifted(concurrency: usize) -> Vec<(&'static str, String)> {
    vec![
        ("TELEGRAM_RATE_OVERALL_PER_SEC", "100000".into()),
        ("TELEGRAM_RATE_CHAT_PER_SEC", "100000".into()),
        ("TELEGRAM_RATE_GROUP_PER_MIN", "6000000".into()),
        ("OPENAI_CONCURRENCY", concurrency.to_string()),
    ]
}

// ------------------------------------------------------------------------------ driving

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

/// Pushes a pin and then a photo for each chat; returns (chat, photo message id, pushed at).
fn push_reports(tg: &FakeTelegram, chats: impl Iterator<Item = i64>) -> Vec<(i64, i64, Instant)> {
    let mut out = Vec::new();
    for chat in chats {
        let photo = tg.add_photo(fixtures::GREY, &fixtures::STANDARD_SIZES);
        let c = tg.citizen(chat);
        let lat = 52.0 + (chat % 1000) as f64 * 1e-4;
        c.sends_location(lat, 13.4);
        let at = Instant::now();
        let mid = c.sends_photo(&photo);
        out.push((chat, mid, at));
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
    let mut stmt = conn
        .prepare("SELECT id, chat_id, message_id FROM reports")
        .unwrap();
    stmt.query_map([], |r| Ok(((r.get(1)?, r.get(2)?), r.get(0)?)))
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

fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[i.clamp(1, sorted.len()) - 1]
}

// ------------------------------------------------------------------------------ phases

#[derive(Default, Debug)]
struct Figures {
    // latency
    latency_reports: usize,
    p50: f64,
    p95: f64,
    p99: f64,
    // throughput
    tput_reports: usize,
    tput_secs: f64,
    reports_per_sec: f64,
    // memory
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
    sqlite_bytes: f64,
    // limits
    lim_messages: usize,
    lim_expected: usize,
    lim_secs: f64,
    lim_rate: f64,
    lim_allowed: f64,
    lim_429: usize,
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
}

async fn main_bot(args: &Args, bin: &Path, f: &mut Figures) {
    let latency = Duration::from_millis(args.latency_ms);
    let tg = FakeTelegram::start().await;
    let ai = FakeOpenAi::start().await;
    ai.set_latency(latency);
    let mut bot = BotProc::start(bin, &tg, &ai, &lifted(args.concurrency));
    wait_ready(&tg, &bot).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    f.idle_rss = bot.rss().0;
    let empty_db = bot.db_bytes();

    // 1. latency: C citizens at once, R rounds.
    let c = args.latency_citizens;
    let mut pushed = Vec::new();
    let mut expected = 0;
    let mut chat_base = 1_000_000i64;
    for round in 0..args.rounds {
        let severe = c * args.severe_percent / 100;
        queue_severe(&ai, severe);
        expected += c * 3 + severe * 2;
        pushed.extend(push_reports(&tg, (0..c as i64).map(|i| chat_base + i)));
        if !wait_until(Duration::from_secs(60), || delivered(&tg) >= expected).await {
            panic!(
                "latency round {round}: {} of {expected} messages arrived\n{}",
                delivered(&tg),
                bot.log_tail()
            );
        }
        // Same citizens next round (their pins and photos are new).
        let _ = &mut chat_base;
    }
    let o = overheads(&tg, &bot.db_path(), &pushed, latency);
    eprintln!("  after latency: RSS {:.1} MB", mb(bot.rss().0));
    f.latency_reports = o.len();
    f.p50 = pct(&o, 50.0);
    f.p95 = pct(&o, 95.0);
    f.p99 = pct(&o, 99.0);

    // Cost per report, from the recorded requests of the latency phase.
    let reqs = ai.requests();
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
    ai.set_record(false);
    tg.clear_sent();

    // 2. throughput: M × N reports at once.
    let reports = args.citizens * args.photos;
    let severe = reports * args.severe_percent / 100;
    queue_severe(&ai, severe);
    let expected = reports * 3 + severe * 2;
    let start = Instant::now();
    for p in 0..args.photos {
        let _ = p;
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
    eprintln!(
        "  after throughput: {:.2} s, RSS {:.1} MB",
        f.tput_secs,
        mb(bot.rss().0)
    );
    tg.clear_sent();

    // 3. queue: the model turns slow and `queued` reports arrive.
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
    ai.set_latency(latency);
    if !wait_until(Duration::from_secs(300), || delivered(&tg) >= expected).await {
        panic!(
            "queue: {} of {expected} messages arrived\n{}",
            delivered(&tg),
            bot.log_tail()
        );
    }
    eprintln!("  queue phase done");
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (rss, hwm) = bot.rss();
    f.idle_after_rss = rss;
    f.peak_rss = hwm;
    let total_reports = count(&bot.db_path(), "SELECT COUNT(*) FROM reports");
    f.stored_usd = count_f(&bot.db_path(), "SELECT AVG(cost_usd) FROM reports");
    bot.stop();
    eprintln!("  bot stopped");
    f.sqlite_bytes = (bot.db_bytes().saturating_sub(empty_db)) as f64 / total_reports as f64;
}

fn count_f(db: &Path, sql: &str) -> f64 {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open db");
    conn.query_row(sql, [], |r| r.get::<_, Option<f64>>(0))
        .unwrap()
        .unwrap_or(0.0)
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
    bot.stop();

    // (b) the largest photo size at auto detail, through the bot's own vision client.
    let ai = FakeOpenAi::start().await;
    let config = pothole_bot::config::Config::from_lookup(|k| match k {
        "TELEGRAM_BOT_TOKEN" => Some(fake_telegram::TOKEN.to_owned()),
        "STAFF_CHAT_ID" => Some(STAFF.to_string()),
        "OPENAI_API_KEY" => Some(fake_openai::API_KEY.to_owned()),
        "OPENAI_BASE_URL" => Some(ai.url()),
        "OPENAI_IMAGE_DETAIL" => Some("auto".to_owned()),
        _ => None,
    })
    .expect("baseline config");
    let client = pothole_bot::vision::VisionClient::new(&config).expect("client");
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
    row(
        format!(
            "reports/s end to end ({} reports, limits lifted)",
            f.tput_reports
        ),
        format!("{:.0}", f.reports_per_sec),
        format!("{:.1}", f.b_reports_per_sec),
        ratio(f.reports_per_sec, f.b_reports_per_sec, true),
    );
    for (p, v, b) in [
        ("p50", f.p50, f.b_p50),
        ("p95", f.p95, f.b_p95),
        ("p99", f.p99, f.b_p99),
    ] {
        row(
            format!(
                "bot overhead per report {p}, ms ({} at once)",
                a.latency_citizens
            ),
            format!("{v:.1}"),
            format!("{b:.0}"),
            ratio(v, b, false),
        );
    }
    row(
        "RSS idle, MB".into(),
        format!("{:.1}", mb(f.idle_rss)),
        "".into(),
        "".into(),
    );
    row(
        format!("RSS with {} reports queued (model slow), MB", a.queued),
        format!("{:.1}", mb(f.queued_rss)),
        "".into(),
        "".into(),
    );
    row(
        "RSS peak (VmHWM, whole run), MB".into(),
        format!("{:.1}", mb(f.peak_rss)),
        "".into(),
        "".into(),
    );
    row(
        "RSS idle after the run, MB".into(),
        format!("{:.1}", mb(f.idle_after_rss)),
        "".into(),
        "".into(),
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
                 "rounds": a.rounds, "latency_citizens": a.latency_citizens, "queued": a.queued,
                 "slow_ms": a.slow_ms, "limits_citizens": a.limits_citizens,
                 "baseline_reports": a.baseline_reports, "concurrency": a.concurrency},
        "throughput": {"reports": f.tput_reports, "seconds": f.tput_secs, "reports_per_sec": f.reports_per_sec},
        "overhead_ms": {"reports": f.latency_reports, "p50": f.p50, "p95": f.p95, "p99": f.p99},
        "rss_bytes": {"idle": f.idle_rss, "queued": f.queued_rss, "peak": f.peak_rss, "idle_after": f.idle_after_rss},
        "per_report": {"image_bytes": f.image_bytes, "image_dims": f.image_dims, "detail": f.detail,
                       "image_tokens": f.image_tokens, "text_tokens": f.text_tokens,
                       "completion_tokens": f.completion_tokens, "total_tokens": f.total_tokens,
                       "usd": f.usd, "stored_usd": f.stored_usd, "sqlite_bytes": f.sqlite_bytes},
        "telegram_limits": {"messages_delivered": f.lim_messages, "messages_expected": f.lim_expected,
                            "citizen_seconds": f.lim_secs, "citizen_messages_per_sec": f.lim_rate,
                            "allowed_per_sec": f.lim_allowed, "rejected_429": f.lim_429, "lost": f.lim_lost},
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
                "loadtest: {:.0}s latency, throughput and queue phases…",
                t0.elapsed().as_secs_f64()
            );
            main_bot(&args, &bin, &mut f).await;
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
