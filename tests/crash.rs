//! The built binary killed, signalled and restarted on the same database: nothing is lost,
//! nothing is sent twice, and the logs never show a secret.

mod support;

use std::collections::HashMap;
use std::time::Duration;

use support::app::{STAFF, WAIT, init_logs, report_number, test_env};
use support::fake_openai::{self, FakeOpenAi, Reply};
use support::fake_telegram::{self, Failure, FakeTelegram, STANDARD_SIZES, Sent};
use support::fixtures::RED;
use support::process::{BotProcess, run_to_exit};

const CITIZEN: i64 = 31337;

struct World {
    tg: FakeTelegram,
    ai: FakeOpenAi,
    env: HashMap<String, String>,
    dir: tempfile::TempDir,
}

impl World {
    async fn new() -> World {
        init_logs();
        let tg = FakeTelegram::start().await;
        let ai = FakeOpenAi::start().await;
        let dir = tempfile::tempdir().unwrap();
        let mut env = test_env(&tg, &ai, &dir.path().join("potholes.db"));
        env.insert("RUST_LOG".into(), "debug".into());
        World { tg, ai, env, dir }
    }

    fn start(&self) -> BotProcess {
        BotProcess::start(&self.env, self.dir.path())
    }

    fn pending_messages(&self) -> i64 {
        let conn = rusqlite::Connection::open(self.dir.path().join("potholes.db")).unwrap();
        conn.query_row(
            "SELECT COUNT(*) FROM outbox WHERE status = 'pending'",
            [],
            |r| r.get(0),
        )
        .unwrap()
    }

    fn reports(&self) -> i64 {
        let conn = rusqlite::Connection::open(self.dir.path().join("potholes.db")).unwrap();
        conn.query_row("SELECT COUNT(*) FROM reports", [], |r| r.get(0))
            .unwrap()
    }
}

fn verdict(s: &Sent) -> bool {
    s.chat_id == CITIZEN && support::texts::is_verdict(s)
}

fn alert(s: &Sent) -> bool {
    s.chat_id == STAFF && s.method == "sendphoto"
}

async fn wait_until(what: &str, cond: impl Fn() -> bool) {
    let deadline = std::time::Instant::now() + WAIT;
    while !cond() {
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn killed_while_grading_the_bot_grades_once_and_alerts_once_after_a_restart() {
    let w = World::new().await;
    w.ai.set_default(Reply::verdict("severe", "Deep").with_delay(Duration::from_secs(60)));
    let bot = w.start();
    w.tg.citizen(CITIZEN)
        .sends_photo(&w.tg.add_photo(RED, &STANDARD_SIZES));
    w.ai.wait_for_requests(1, WAIT).await;
    bot.kill();

    w.ai.set_default(Reply::verdict("severe", "Deep"));
    let _bot = w.start();
    w.tg.wait_for(WAIT, alert).await;
    w.tg.wait_for(WAIT, verdict).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(w.tg.sent().iter().filter(|s| verdict(s)).count(), 1);
    assert_eq!(w.tg.sent().iter().filter(|s| alert(s)).count(), 1);
    assert_eq!(w.reports(), 1);
}

#[tokio::test]
async fn killed_while_sending_the_alert_the_bot_sends_exactly_one_after_a_restart() {
    let w = World::new().await;
    w.ai.set_default(Reply::verdict("severe", "Deep"));
    w.tg.fail_next("sendPhoto", 1, Failure::Hang(Duration::from_secs(60)));
    let bot = w.start();
    w.tg.citizen(CITIZEN)
        .sends_photo(&w.tg.add_photo(RED, &STANDARD_SIZES));
    wait_until("the alert to be in flight", || w.tg.calls("sendphoto") == 1).await;
    // The verdict went out at the same moment: let its delivery be recorded, so that the kill
    // leaves only the alert's outcome unknown.
    wait_until("only the alert to be pending", || w.pending_messages() == 1).await;
    bot.kill();

    let _bot = w.start();
    w.tg.wait_for(WAIT, alert).await;
    w.tg.wait_for(WAIT, verdict).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(
        w.tg.sent().iter().filter(|s| alert(s)).count(),
        1,
        "{}",
        w.tg.dump()
    );
    assert_eq!(w.tg.sent().iter().filter(|s| verdict(s)).count(), 1);
}

#[tokio::test]
async fn an_update_redelivered_after_a_crash_creates_no_second_report() {
    let w = World::new().await;
    w.ai.set_default(Reply::verdict("minor", "Small").with_delay(Duration::from_secs(60)));
    let bot = w.start();
    let photo = w.tg.add_photo(RED, &STANDARD_SIZES);
    w.tg.citizen(CITIZEN).sends_photo(&photo);
    let update_id = w.tg.last_update_id().unwrap();
    let ack =
        w.tg.wait_for(WAIT, |s| s.chat_id == CITIZEN && support::texts::is_ack(s))
            .await;
    // (a kill between Telegram accepting the ack and the outbox row being marked sent would
    // send it again: at-least-once is the courier's promise; this test is about the update)
    wait_until("the ack to be recorded", || w.pending_messages() == 0).await;
    bot.kill();

    // Telegram had not seen the offset confirmed: it hands the same message out again.
    w.tg.redeliver(update_id);
    w.ai.set_default(Reply::verdict("minor", "Small"));
    let _bot = w.start();
    w.tg.wait_for(WAIT, verdict).await;
    w.tg.wait_confirmed(WAIT).await;
    assert_eq!(w.reports(), 1);
    let acks =
        w.tg.sent()
            .into_iter()
            .filter(|s| s.chat_id == CITIZEN && support::texts::is_ack(s))
            .count();
    assert_eq!(acks, 1);
    assert_eq!(report_number(ack.text_str()), Some(1));
}

#[tokio::test]
async fn sigterm_and_sigint_stop_the_bot_with_exit_code_0_and_work_resumes_at_the_next_start() {
    for signal in ["TERM", "INT"] {
        let w = World::new().await;
        w.ai.set_default(Reply::verdict("severe", "Deep").with_delay(Duration::from_secs(60)));
        let mut bot = w.start();
        w.tg.citizen(CITIZEN)
            .sends_photo(&w.tg.add_photo(RED, &STANDARD_SIZES));
        w.ai.wait_for_requests(1, WAIT).await;
        let started = std::time::Instant::now();
        bot.signal(signal);
        let Some(status) = bot.wait_exit(Duration::from_secs(10)).await else {
            panic!("SIG{signal}: still running after 10 s\n{}", bot.log());
        };
        assert!(status.success(), "SIG{signal}: {status:?}\n{}", bot.log());
        assert!(started.elapsed() < Duration::from_secs(10));

        w.ai.set_default(Reply::verdict("severe", "Deep"));
        let _bot = w.start();
        w.tg.wait_for(WAIT, alert).await;
        assert_eq!(w.reports(), 1);
    }
}

#[tokio::test]
async fn missing_or_malformed_settings_stop_the_bot_with_one_line_naming_the_variable() {
    let w = World::new().await;
    for (name, value) in [
        ("TELEGRAM_BOT_TOKEN", None),
        ("STAFF_CHAT_ID", None),
        ("OPENAI_API_KEY", None),
        ("STAFF_CHAT_ID", Some("the-crews")),
        ("ALERT_MIN_SEVERITY", Some("extreme")),
        ("TELEGRAM_API_URL", Some("nowhere")),
    ] {
        let mut env = w.env.clone();
        match value {
            Some(v) => env.insert(name.into(), v.into()),
            None => env.remove(name),
        };
        let (status, log) = run_to_exit(&env, w.dir.path()).await;
        assert_eq!(status.code(), Some(2), "{name}: {log}");
        let lines: Vec<_> = log.lines().collect();
        assert_eq!(lines.len(), 1, "{name}: {log}");
        assert!(lines[0].contains(name), "{log}");
        assert!(
            !log.contains("panicked")
                && !log.contains(fake_telegram::TOKEN)
                && !log.contains(fake_openai::API_KEY)
        );
    }
}

#[tokio::test]
async fn the_token_and_the_api_key_never_appear_in_the_logs_even_when_calls_fail() {
    let mut w = World::new().await;
    w.env.insert("RUST_LOG".into(), "trace".into());
    w.env.insert("OPENAI_TIMEOUT_SECS".into(), "1".into());
    w.tg.fail_next("getUpdates", 1, Failure::Drop);
    w.tg.fail_next("sendMessage", 2, Failure::Drop);
    w.tg.fail_next("getFile", 1, Failure::Drop);
    w.tg.fail_next("download", 1, Failure::Drop);
    w.tg.fail_next("sendPhoto", 1, Failure::chat_not_found());
    w.ai.push(Reply::drop_connection());
    w.ai.push(Reply::hang(Duration::from_secs(3)));
    w.ai.push(Reply::unauthorized());
    w.ai.set_default(Reply::verdict("severe", "Deep"));
    let bot = w.start();
    w.tg.citizen(CITIZEN)
        .sends_photo(&w.tg.add_photo(RED, &STANDARD_SIZES));
    w.tg.citizen(CITIZEN + 1)
        .sends_photo(&w.tg.add_photo(RED, &STANDARD_SIZES));
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while !w.tg.sent().iter().any(alert) {
        assert!(
            std::time::Instant::now() < deadline,
            "no alert:\n{}",
            bot.log()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let log = bot.kill();
    assert!(
        log.contains("WARN") || log.contains("ERROR"),
        "the failures were logged:\n{log}"
    );
    let secret = fake_telegram::TOKEN.split_once(':').unwrap().1;
    for needle in [fake_telegram::TOKEN, secret, fake_openai::API_KEY] {
        assert!(
            !log.contains(needle),
            "{needle} leaked:\n{}",
            log.lines()
                .filter(|l| l.contains(needle))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    // Replies to people never carry them either.
    for s in w.tg.sent() {
        assert!(!s.params.to_string().contains(secret));
    }
}
