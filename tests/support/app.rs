//! `spawn_app()`: the real bot (`app::run`, real teloxide, real reqwest, a real SQLite file in
//! a temp dir) against the fake Bot API and fake OpenAI servers, plus helpers to read the
//! database the way an operator would.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use pothole_bot::app;
use pothole_bot::config::Config;
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::fake_openai::{self, FakeOpenAi};
use super::fake_telegram::{self, FakeTelegram};

/// The staff group every test app reports to.
pub const STAFF: i64 = -1_001_234_567_890;
/// How long a test waits for something the bot should do.
pub const WAIT: Duration = Duration::from_secs(10);

/// A running bot and its fakes.
pub struct TestApp {
    pub tg: FakeTelegram,
    pub ai: FakeOpenAi,
    pub env: HashMap<String, String>,
    pub db_path: PathBuf,
    pub dir: tempfile::TempDir,
    /// Where the bot's HTTP server listens (port chosen at the first start, kept after).
    pub http_addr: Option<std::net::SocketAddr>,
    running: Option<(CancellationToken, JoinHandle<anyhow::Result<()>>)>,
}

/// One row of `reports`, the columns tests look at.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportRow {
    pub id: i64,
    pub chat_id: i64,
    pub status: String,
    /// The crews' work state (NULL for reports that are not potholes or not graded).
    pub work_state: Option<String>,
    pub severity: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub note: Option<String>,
    pub file_id: String,
    pub grade_file_id: String,
    pub model: Option<String>,
    pub prompt_version: Option<i64>,
    pub prompt_tokens: Option<i64>,
    pub completion_tokens: Option<i64>,
    pub cost_usd: Option<f64>,
    pub reason: Option<String>,
    pub created_at: String,
    pub alert_message_id: Option<i64>,
    pub attempts: i64,
    pub last_error: Option<String>,
}

/// An answer from the bot's HTTP server.
#[derive(Debug, Clone)]
pub struct HttpAnswer {
    pub status: u16,
    pub content_type: String,
    pub body: String,
}

impl HttpAnswer {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// Logs of the bot under test, shown for failing tests (`RUST_LOG=debug cargo test`).
pub fn init_logs() {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .with_test_writer()
        .try_init();
}

/// Starts the fakes and the bot with test settings: fast retries, and Telegram's per-chat
/// limits lifted so tests do not wait a second between messages (rate-limit tests set them).
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Like [`spawn_app`], with settings changed by `edit` before start.
pub async fn spawn_app_with(edit: impl FnOnce(&mut HashMap<String, String>)) -> TestApp {
    init_logs();
    let tg = FakeTelegram::start().await;
    let ai = FakeOpenAi::start().await;
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("potholes.db");
    let mut env = test_env(&tg, &ai, &db_path);
    edit(&mut env);
    let mut app = TestApp {
        tg,
        ai,
        env,
        db_path,
        dir,
        http_addr: None,
        running: None,
    };
    app.start();
    app
}

/// Like [`spawn_app`], with these settings (name, value) changed before start.
pub async fn spawn_app_setting(settings: &[(&str, &str)]) -> TestApp {
    let settings: Vec<(String, String)> = settings
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    spawn_app_with(move |env| env.extend(settings)).await
}

/// Waits until `cond` holds, checking every 20 ms; panics with "`what` never came" after
/// [`WAIT`].
pub async fn eventually(what: &str, cond: impl Fn() -> bool) {
    let deadline = Instant::now() + WAIT;
    while !cond() {
        assert!(Instant::now() < deadline, "{what} never came");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The settings a test bot runs with: the fakes' URLs and secrets, a fresh database, fast
/// retries, and Telegram's per-chat limits lifted so tests do not wait a second between
/// messages (rate-limit tests put them back).
pub fn test_env(
    tg: &FakeTelegram,
    ai: &FakeOpenAi,
    db_path: &std::path::Path,
) -> HashMap<String, String> {
    [
        ("TELEGRAM_BOT_TOKEN", fake_telegram::TOKEN.to_owned()),
        ("STAFF_CHAT_ID", STAFF.to_string()),
        ("OPENAI_API_KEY", fake_openai::API_KEY.to_owned()),
        ("TELEGRAM_API_URL", tg.url()),
        ("OPENAI_BASE_URL", ai.url()),
        ("DATABASE_PATH", db_path.display().to_string()),
        ("OPENAI_RETRY_MIN_SECS", "1".to_owned()),
        ("OPENAI_TIMEOUT_SECS", "5".to_owned()),
        ("TELEGRAM_RATE_CHAT_PER_SEC", "100".to_owned()),
        ("TELEGRAM_RATE_GROUP_PER_MIN", "6000".to_owned()),
        ("TELEGRAM_RATE_OVERALL_PER_SEC", "1000".to_owned()),
        // The crews' timed messages are off unless a test turns them on.
        ("DIGEST_AT", "off".to_owned()),
        ("FOLLOW_UP_AFTER", "off".to_owned()),
        // Any free port: tests run side by side.
        ("HTTP_ADDR", "127.0.0.1:0".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

impl TestApp {
    /// The configuration the bot runs with.
    /// `{http}` in a setting (e.g. `TELEGRAM_WEBHOOK_URL=http://{http}/telegram`) stands for
    /// the bot's HTTP address.
    pub fn config(&self) -> Config {
        let http = self.http_addr.map(|a| a.to_string()).unwrap_or_default();
        Config::from_lookup(|k| self.env.get(k).map(|v| v.replace("{http}", &http)))
            .expect("test config is valid")
    }

    /// Starts the bot (again) on the same database and fakes.
    pub fn start(&mut self) {
        assert!(self.running.is_none(), "already running");
        let token = CancellationToken::new();
        let listener = match self.env.get("HTTP_ADDR").map(String::as_str) {
            Some("off") => None,
            addr => {
                let addr = self
                    .http_addr
                    .map(|a| a.to_string())
                    .or(addr.map(str::to_owned))
                    .unwrap_or_else(|| "127.0.0.1:0".to_owned());
                // After a kill the old server may hold the port a moment longer: take another.
                let std = std::net::TcpListener::bind(&addr)
                    .or_else(|_| std::net::TcpListener::bind("127.0.0.1:0"))
                    .expect("binding the HTTP port");
                std.set_nonblocking(true).unwrap();
                let bound = std.local_addr().unwrap();
                self.http_addr = Some(bound);
                // The bot's own idea of its address (PUBLIC_BASE_URL's default) follows.
                self.env.insert("HTTP_ADDR".into(), bound.to_string());
                Some(tokio::net::TcpListener::from_std(std).unwrap())
            }
        };
        let handle = tokio::spawn(app::run_with_listener(
            self.config(),
            listener,
            token.clone(),
        ));
        self.running = Some((token, handle));
    }

    /// The base URL of the bot's HTTP server.
    pub fn http_url(&self) -> String {
        format!("http://{}", self.http_addr.expect("the HTTP server is on"))
    }

    /// GETs `path` from the bot's HTTP server: status, content type and body.
    pub async fn get(&self, path: &str) -> HttpAnswer {
        let response = reqwest::Client::new()
            .get(format!("{}{path}", self.http_url()))
            .timeout(WAIT)
            .send()
            .await
            .expect("the HTTP server answers");
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let body = response.text().await.expect("a body");
        HttpAnswer {
            status,
            content_type,
            body,
        }
    }

    /// Stops the bot the way SIGTERM does and waits for `run` to return.
    pub async fn stop(&mut self) -> anyhow::Result<()> {
        let (token, handle) = self.running.take().expect("not running");
        token.cancel();
        tokio::time::timeout(Duration::from_secs(15), handle)
            .await
            .expect("the bot stops within 15 s")
            .expect("the bot task does not panic")
    }

    /// Kills the bot without a graceful shutdown (the task is aborted mid-flight).
    pub async fn kill(&mut self) {
        let (_, handle) = self.running.take().expect("not running");
        handle.abort();
        let _ = handle.await;
    }

    /// A read-only connection to the bot's database, as an operator's `sqlite3` would open.
    pub fn db(&self) -> Connection {
        // The bot creates the file, then migrates it in one transaction on another thread:
        // wait for the schema rather than read a file that has none yet.
        let deadline = Instant::now() + WAIT;
        loop {
            let conn = Connection::open_with_flags(&self.db_path, OpenFlags::SQLITE_OPEN_READ_ONLY)
                .unwrap();
            conn.busy_timeout(Duration::from_secs(5)).unwrap();
            let version: i64 = conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .unwrap();
            if version > 0 || Instant::now() > deadline {
                return conn;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// A connection that may write, for tests that put months of history in by hand.
    pub fn db_writer(&self) -> Connection {
        let conn = Connection::open(&self.db_path).unwrap();
        conn.busy_timeout(Duration::from_secs(5)).unwrap();
        conn
    }

    /// The report with this id.
    pub fn report(&self, id: i64) -> Option<ReportRow> {
        if !self.db_path.exists() {
            return None;
        }
        self.db()
            .query_row(
                "SELECT id, chat_id, status, severity, latitude, longitude, note, file_id,
                        grade_file_id, model, prompt_version, prompt_tokens, completion_tokens,
                        cost_usd, reason, created_at, alert_message_id, attempts, last_error,
                        work_state
                   FROM reports WHERE id = ?1",
                [id],
                |r| {
                    Ok(ReportRow {
                        id: r.get(0)?,
                        chat_id: r.get(1)?,
                        status: r.get(2)?,
                        work_state: r.get(19)?,
                        severity: r.get(3)?,
                        latitude: r.get(4)?,
                        longitude: r.get(5)?,
                        note: r.get(6)?,
                        file_id: r.get(7)?,
                        grade_file_id: r.get(8)?,
                        model: r.get(9)?,
                        prompt_version: r.get(10)?,
                        prompt_tokens: r.get(11)?,
                        completion_tokens: r.get(12)?,
                        cost_usd: r.get(13)?,
                        reason: r.get(14)?,
                        created_at: r.get(15)?,
                        alert_message_id: r.get(16)?,
                        attempts: r.get(17)?,
                        last_error: r.get(18)?,
                    })
                },
            )
            .optional()
            .unwrap()
    }

    /// All reports, oldest first.
    pub fn reports(&self) -> Vec<ReportRow> {
        let ids: Vec<i64> = {
            let db = self.db();
            let mut stmt = db.prepare("SELECT id FROM reports ORDER BY id").unwrap();
            stmt.query_map([], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect()
        };
        ids.into_iter().filter_map(|id| self.report(id)).collect()
    }

    /// The event kinds logged for a report, in order.
    pub fn events(&self, report_id: i64) -> Vec<String> {
        let db = self.db();
        let mut stmt = db
            .prepare("SELECT kind FROM events WHERE report_id = ?1 ORDER BY id")
            .unwrap();
        stmt.query_map([report_id], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    /// A single number from SQL (COUNT(*) and friends).
    pub fn count(&self, sql: &str) -> i64 {
        self.db().query_row(sql, [], |r| r.get(0)).unwrap()
    }

    /// The one value an SQL query selects (a setting, an event's detail).
    pub fn value<T: rusqlite::types::FromSql>(&self, sql: &str) -> T {
        self.db().query_row(sql, [], |r| r.get(0)).unwrap()
    }

    /// Waits until `pred` holds for report `id`, and returns it.
    pub async fn wait_report(&self, id: i64, pred: impl Fn(&ReportRow) -> bool) -> ReportRow {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(r) = self.report(id).filter(|r| pred(r)) {
                return r;
            }
            if Instant::now() > deadline {
                panic!(
                    "report #{id} never matched; it is {:?}\n{}",
                    self.report(id),
                    self.tg.dump()
                );
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The crews' work state of report `id` (which must exist).
    pub fn work_state(&self, id: i64) -> Option<String> {
        self.report(id).expect("the report exists").work_state
    }

    /// Waits until report `id`'s work state is `state`, and returns it.
    pub async fn wait_work_state(&self, id: i64, state: &str) -> ReportRow {
        self.wait_report(id, |r| r.work_state.as_deref() == Some(state))
            .await
    }

    /// Citizen `chat` reports a pothole of `severity` (the fake model's verdict for photos
    /// of `color`) with `caption`, at `at` when given; returns its number once it is graded
    /// (and alerted, when severe and located).
    pub async fn pothole(
        &self,
        chat: i64,
        color: [u8; 3],
        severity: &str,
        caption: &str,
        at: Option<(f64, f64)>,
    ) -> i64 {
        use super::fake_openai::Reply;
        self.ai
            .on_color(color, Reply::verdict(severity, "A hole in the asphalt"));
        let photo = self
            .tg
            .add_photo(color, &super::fake_telegram::STANDARD_SIZES);
        let message = self
            .tg
            .citizen(chat)
            .sends_photo_with_caption(&photo, caption);
        let id = {
            let deadline = Instant::now() + WAIT;
            loop {
                let found: Option<i64> = self
                    .db_path
                    .exists()
                    .then(|| {
                        self.db()
                            .query_row(
                                "SELECT id FROM reports WHERE chat_id = ?1 AND message_id = ?2",
                                [chat, message],
                                |r| r.get(0),
                            )
                            .optional()
                            .unwrap()
                    })
                    .flatten();
                if let Some(id) = found {
                    break id;
                }
                assert!(Instant::now() < deadline, "the photo was never stored");
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        };
        if let Some((lat, lon)) = at {
            self.tg.citizen(chat).sends_location(lat, lon);
            self.wait_report(id, |r| r.latitude.is_some()).await;
        }
        let wanted = if severity == "severe" && at.is_some() {
            "alerted"
        } else {
            "graded"
        };
        self.wait_report(id, |r| r.status == wanted).await;
        id
    }

    /// Waits until report `id` has a verdict.
    pub async fn wait_graded(&self, id: i64) -> ReportRow {
        self.wait_report(id, |r| r.status != "received").await
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some((token, handle)) = self.running.take() {
            token.cancel();
            handle.abort();
        }
    }
}

/// The report number in a bot message such as "Report #42 received".
pub fn report_number(text: &str) -> Option<i64> {
    let start = text.find('#')? + 1;
    let digits: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits.parse().ok()
}
