//! Every setting in `.env.example`, fed bad values, on the built binary: each one stops the
//! bot at start-up with exit code 2 and exactly one line on stderr naming the variable, and
//! never a panic.
//!
//! The settings come from `.env.example` itself, so a new one is covered as soon as it is
//! documented: it gets every value in [`BAD`] (a required one also gets the empty value), less
//! those listed as valid for it in [`VALID`], plus its own extras in [`EXTRA`].

use std::collections::HashMap;
use std::ffi::OsString;
use std::net::TcpListener;
use std::os::unix::ffi::OsStringExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Bad for most settings: empty, negative, zero, huge, not a number, tiny, junk.
const BAD: &[&str] = &[
    "",
    "-1",
    "-0.5",
    "0",
    "1e30",
    "99999999999999999999999",
    "NaN",
    "inf",
    "1e-30",
    "junk",
    "12abc",
];

/// Values from [`BAD`] that are legitimate for a setting. `ALL` skips every one of them.
const ALL: &[&str] = &["*"];
const VALID: &[(&str, &[&str])] = &[
    ("STAFF_CHAT_ID", &["-1"]),
    // Any printable string can be a key for a local server.
    ("OPENAI_API_KEY", ALL),
    // Any of them is a file name (relative to the working directory).
    ("DATABASE_PATH", ALL),
    ("OPENAI_MODEL", ALL),
    ("ALERT_SHOW_REPORTER", &["0"]),
    ("OPENAI_PRICE_INPUT_PER_MTOK", &["0", "1e-30"]),
    ("OPENAI_PRICE_OUTPUT_PER_MTOK", &["0", "1e-30"]),
    ("DAILY_BUDGET_USD", &["0", "1e-30"]),
    // 0 turns the duplicate check off.
    ("DUPLICATE_RADIUS_M", &["0"]),
    ("REVIEW_BELOW_CONFIDENCE", &["0", "1e-30"]),
    ("RETRY_UNCLEAR_AT_HIGH", &["0"]),
    // Bare words are log targets.
    ("RUST_LOG", ALL),
    ("PUBLIC_PHOTOS", &["0"]),
    // Letters, digits, _ and - make a secret token.
    (
        "TELEGRAM_WEBHOOK_SECRET",
        &[
            "-1",
            "0",
            "1e30",
            "99999999999999999999999",
            "NaN",
            "inf",
            "1e-30",
            "junk",
            "12abc",
        ],
    ),
];

/// Bad values particular to one setting.
const EXTRA: &[(&str, &[&str])] = &[
    ("TELEGRAM_BOT_TOKEN", &["123:abc def", ":abc", "123:"]),
    ("STAFF_CHAT_ID", &["9999999999999999", "-100.5"]),
    ("OPENAI_API_KEY", &["two words", "ключ"]),
    (
        "TELEGRAM_API_URL",
        &["ftp://127.0.0.1/", "http://", "127.0.0.1:9"],
    ),
    (
        "OPENAI_BASE_URL",
        &["ftp://127.0.0.1/", "http://", "127.0.0.1:9"],
    ),
    ("OPENAI_MODEL", &["two words", LONG_MODEL]),
    ("ALERT_MIN_SEVERITY", &["unclear", "not_pothole"]),
    ("OPENAI_IMAGE_DETAIL", &["medium"]),
    ("STAFF_THREAD_ID", &["2147483648", "1.5"]),
    ("OPENAI_CONCURRENCY", &["1001", "2.5"]),
    ("OPENAI_TIMEOUT_SECS", &["3601"]),
    ("OPENAI_CONNECT_TIMEOUT_SECS", &["601"]),
    ("OPENAI_RETRY_MIN_SECS", &["301"]),
    ("DAILY_BUDGET_USD", &["1000001"]),
    ("OPENAI_PROVIDER", &["anthropic", "open ai"]),
    (
        "AZURE_OPENAI_API_VERSION",
        &["2024-10-21x", "v1", "2024-10-21&x=1"],
    ),
    ("REVIEW_BELOW_CONFIDENCE", &["1.01"]),
    ("RETRY_UNCLEAR_AT_HIGH", &["maybe"]),
    (
        "LOCATION_BEFORE_PHOTO_MINUTES",
        &["1441", "307445734561825861"],
    ),
    (
        "LOCATION_AFTER_PHOTO_MINUTES",
        &["1441", "307445734561825861"],
    ),
    ("REPORT_LIMIT_PER_HOUR", &["4294967296"]),
    ("TELEGRAM_RATE_OVERALL_PER_SEC", &["0.001", "1e7"]),
    ("TELEGRAM_RATE_CHAT_PER_SEC", &["0.001", "1e7"]),
    ("TELEGRAM_RATE_GROUP_PER_MIN", &["0.001", "1e9"]),
    ("RUST_LOG", &["pothole_bot=loud", "info,["]),
    ("HTTP_ADDR", &["localhost", "127.0.0.1", "127.0.0.1:99999"]),
    ("PUBLIC_BASE_URL", &["ftp://x", "http://"]),
    ("MAP_TILES_URL", &["https://tiles.example/{z}.png"]),
    ("HTTP_REQUEST_TIMEOUT", &["11m", "10 parsecs"]),
    ("HTTP_MAX_CONNECTIONS", &["100001"]),
    // (Scheme and port rules apply against api.telegram.org; here TELEGRAM_API_URL is a
    // local server, which takes any. Unit tests in config::webhook cover them.)
    (
        "TELEGRAM_WEBHOOK_URL",
        &[
            "https://bot.example.org/",
            "https://bot.example.org/healthz",
        ],
    ),
    ("TELEGRAM_WEBHOOK_SECRET", &["has space", "-0.5"]),
    // Not languages at all (a real one may get a catalogue one day).
    ("DEFAULT_LANGUAGE", &["english", "x-klingon"]),
    ("STAFF_LANGUAGE", &["xx-YY", "qq"]),
    (
        "DATABASE_PATH",
        &[
            "/nonexistent/dir/x.db",
            "/",
            "/proc/version",
            "/etc/hostname/x.db",
        ],
    ),
];

const LONG_MODEL: &str = "a-model-name-that-goes-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on-\
and-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on-\
and-on-and-on-and-on-and-on-and-on-and-on";

const TOKEN: &str = "123456:TEST-token_for_the_fake";
const KEY: &str = "sk-test-key-for-the-fake";

/// `(name, required)` for each setting in `.env.example`, in order.
fn documented_settings() -> Vec<(String, bool)> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(".env.example"))
        .expect(".env.example is readable");
    text.lines()
        .filter_map(|line| {
            let (commented, rest) = match line.strip_prefix('#') {
                Some(rest) => (true, rest),
                None => (false, line),
            };
            let (name, _) = rest.split_once('=')?;
            let is_name = !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
            is_name.then(|| (name.to_owned(), !commented))
        })
        .collect()
}

fn listed<'a>(table: &'a [(&str, &'a [&str])], name: &str) -> &'a [&'a str] {
    table
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(&[], |(_, v)| v)
}

/// The bad values to try for one setting.
fn bad_values(name: &str, required: bool) -> Vec<OsString> {
    let valid = listed(VALID, name);
    let mut values: Vec<OsString> = BAD
        .iter()
        .filter(|v| required || !v.is_empty())
        .filter(|v| valid != ALL && !valid.contains(v))
        .chain(listed(EXTRA, name))
        .map(OsString::from)
        .collect();
    // Not UTF-8 at all: no setting is read as anything but text.
    values.push(OsString::from_vec(vec![b'a', 0xff, b'b']));
    values
}

enum Outcome {
    Exited(Option<i32>, String),
    /// Got past the settings: opened the database or called the Bot API.
    Started(String),
}

/// Runs the binary with a valid base configuration and `name=value`, in a fresh directory.
/// The two URLs point at a socket that nobody answers on: a connection to it, or the database
/// file appearing, means the bot took the settings and started.
fn run(name: &str, value: Option<&OsString>) -> Outcome {
    run_in(&tempfile::tempdir().unwrap(), name, value, false)
}

/// [`run`] in `dir`, and as the unprivileged user `nobody` when `unprivileged` and this test
/// runs as root (for whom no file is read-only).
fn run_in(
    dir: &tempfile::TempDir,
    name: &str,
    value: Option<&OsString>,
    unprivileged: bool,
) -> Outcome {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let db = dir.path().join("potholes.db");
    let mut env: HashMap<&str, OsString> = HashMap::from([
        ("TELEGRAM_BOT_TOKEN", TOKEN.into()),
        ("STAFF_CHAT_ID", "-100123".into()),
        ("OPENAI_API_KEY", KEY.into()),
        ("TELEGRAM_API_URL", url.clone().into()),
        ("OPENAI_BASE_URL", format!("{url}/v1").into()),
        ("DATABASE_PATH", db.clone().into_os_string()),
        // A panic would print its backtrace: easy to spot.
        ("RUST_BACKTRACE", "1".into()),
    ]);
    if let Some(value) = value {
        env.insert(name, value.clone());
    }
    let mut command = Command::new(env!("CARGO_BIN_EXE_pothole-bot"));
    if unprivileged && running_as_root() {
        use std::os::unix::process::CommandExt;
        command.uid(65534).gid(65534);
    }
    let mut child = command
        .env_clear()
        .envs(env)
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    // Only a guard against a hang: a bad setting is refused in milliseconds.
    let guard = Instant::now() + Duration::from_secs(120);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut log = String::new();
            std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut log).unwrap();
            return Outcome::Exited(status.code(), log);
        }
        let started = listener.accept().is_ok() || db.exists();
        if started || Instant::now() > guard {
            child.kill().unwrap();
            child.wait().unwrap();
            let mut log = String::new();
            std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut log).unwrap();
            return Outcome::Started(log);
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn running_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"))
}

/// What is wrong with one case's outcome, if anything.
fn check(name: &str, value: &OsString, outcome: Outcome) -> Option<String> {
    let case = format!("{name}={value:?}");
    let (code, log) = match outcome {
        Outcome::Started(log) => {
            return Some(format!("{case}: accepted (the bot started) or hung: {log}"));
        }
        Outcome::Exited(code, log) => (code, log),
    };
    let lines: Vec<&str> = log.lines().collect();
    let secret = matches!(name, "TELEGRAM_BOT_TOKEN" | "OPENAI_API_KEY");
    let value = value.to_string_lossy();
    if log.contains("panicked") || log.contains("backtrace") || log.contains("RUST_BACKTRACE") {
        Some(format!("{case}: panicked: {log}"))
    } else if code != Some(2) {
        Some(format!("{case}: exit code {code:?}, not 2: {log}"))
    } else if lines.len() != 1 {
        Some(format!("{case}: {} lines, not 1: {log}", lines.len()))
    } else if !lines[0].contains(name) {
        Some(format!("{case}: the line does not name {name}: {log}"))
    } else if log.contains(TOKEN)
        || log.contains(KEY)
        || (secret && value.len() >= 4 && log.contains(&*value))
    {
        Some(format!("{case}: a secret is in the line: {log}"))
    } else {
        None
    }
}

#[test]
fn every_setting_refuses_bad_values_with_one_line_and_exit_code_2_and_never_panics() {
    let settings = documented_settings();
    assert!(settings.len() >= 20, "too few settings found: {settings:?}");
    for (name, _) in VALID.iter().chain(EXTRA) {
        assert!(
            settings.iter().any(|(n, _)| n == name),
            "{name} is in this test's tables but not in .env.example"
        );
    }
    let cases: Vec<(String, OsString)> = settings
        .iter()
        .flat_map(|(name, required)| {
            bad_values(name, *required)
                .into_iter()
                .map(move |v| (name.clone(), v))
        })
        .collect();
    let count = cases.len();
    let queue = Mutex::new(cases);
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                loop {
                    let next = queue.lock().unwrap().pop();
                    let Some((name, value)) = next else { break };
                    if let Some(f) = check(&name, &value, run(&name, Some(&value))) {
                        failures.lock().unwrap().push(f);
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} of {count} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_base_settings_of_the_bad_values_test_start_the_bot() {
    // Without this, a base configuration that is itself refused would pass every case above
    // that happens to mention the variable.
    match run("", None) {
        Outcome::Started(_) => {}
        Outcome::Exited(code, log) => panic!("the base settings were refused ({code:?}): {log}"),
    }
}

#[test]
fn a_database_path_that_cannot_hold_the_database_is_one_line_naming_the_setting_and_the_cause() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    // `nobody` must reach the files below (the read-only case runs as nobody under root).
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let d = dir.path().display().to_string();
    let read_only = dir.path().join("read-only.db");
    std::fs::write(&read_only, b"").unwrap();
    std::fs::set_permissions(&read_only, std::fs::Permissions::from_mode(0o444)).unwrap();
    std::fs::write(
        dir.path().join("junk.db"),
        b"this is not a database, it is a text file",
    )
    .unwrap();
    std::fs::write(dir.path().join("plain-file"), b"").unwrap();
    for (path, expected, unprivileged) in [
        (
            format!("{d}/missing/x.db"),
            format!("{d}/missing does not exist"),
            false,
        ),
        (
            d.clone(),
            format!("{d} is a directory, not a database file"),
            false,
        ),
        (
            format!("{d}/read-only.db"),
            format!("{d}/read-only.db is read-only"),
            true,
        ),
        (
            format!("{d}/junk.db"),
            format!("{d}/junk.db is not a SQLite database"),
            false,
        ),
        (
            format!("{d}/plain-file/x.db"),
            format!("{d}/plain-file is not a directory"),
            false,
        ),
    ] {
        let outcome = run_in(
            &dir,
            "DATABASE_PATH",
            Some(&OsString::from(&path)),
            unprivileged,
        );
        let Outcome::Exited(code, log) = outcome else {
            panic!("DATABASE_PATH={path}: the bot started");
        };
        assert_eq!(
            log,
            format!("pothole-bot: DATABASE_PATH: {expected}\n"),
            "DATABASE_PATH={path}"
        );
        assert_eq!(code, Some(2), "DATABASE_PATH={path}: {log}");
    }
}
