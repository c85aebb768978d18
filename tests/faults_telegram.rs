//! The Bot API misbehaving: 429s, network errors, 5xx, a blocked citizen, a staff group
//! upgraded to a supergroup, Telegram's flood limits. Nothing may be lost or sent twice.

mod support;

use std::time::Duration;

use support::app::{STAFF, WAIT, spawn_app, spawn_app_with};
use support::fake_openai::Reply;
use support::fake_telegram::{Failure, Limits, STANDARD_SIZES, Sent};
use support::fixtures::{GREEN, RED};

const CITIZEN: i64 = 555;

fn ack(chat: i64) -> impl Fn(&Sent) -> bool {
    move |s| s.chat_id == chat && support::texts::is_ack(s)
}

#[tokio::test]
async fn a_429_retry_after_is_honoured_and_the_message_is_sent_once() {
    let app = spawn_app().await;
    app.tg.fail_next("sendMessage", 1, Failure::RetryAfter(2));
    app.tg
        .citizen(CITIZEN)
        .sends_photo(&app.tg.add_photo(GREEN, &STANDARD_SIZES));
    let delivered = app.tg.wait_for(WAIT, ack(CITIZEN)).await;
    let refused = app
        .tg
        .failed()
        .into_iter()
        .find(|s| s.method == "sendmessage")
        .expect("the 429");
    assert!(
        delivered.at - refused.at >= Duration::from_millis(1_950),
        "{:?}",
        delivered.at - refused.at
    );
    app.tg
        .expect_none(Duration::from_millis(300), |s| {
            ack(CITIZEN)(s) && s.message_id != delivered.message_id
        })
        .await;
}

#[tokio::test]
async fn network_errors_on_send_are_retried_with_backoff() {
    let app = spawn_app().await;
    app.tg.fail_next("sendMessage", 2, Failure::Drop);
    app.tg
        .citizen(CITIZEN)
        .sends_photo(&app.tg.add_photo(GREEN, &STANDARD_SIZES));
    app.tg.wait_for(WAIT, ack(CITIZEN)).await;
    assert_eq!(app.tg.sent().iter().filter(|s| ack(CITIZEN)(s)).count(), 1);
    let tries = app
        .tg
        .failed()
        .iter()
        .filter(|s| s.method == "sendmessage")
        .count();
    assert_eq!(tries, 2);
}

#[tokio::test]
async fn a_server_error_on_the_staff_alert_is_retried_until_it_arrives() {
    let app = spawn_app().await;
    app.ai.set_default(Reply::verdict("severe", "Deep"));
    app.tg.fail_next("sendPhoto", 1, Failure::server_error());
    app.tg
        .citizen(CITIZEN)
        .sends_photo(&app.tg.add_photo(RED, &STANDARD_SIZES));
    // teloxide waits 10 s before reading a 5xx answer.
    app.tg
        .wait_for(Duration::from_secs(30), |s| {
            s.chat_id == STAFF && s.method == "sendphoto"
        })
        .await;
    app.wait_report(1, |r| r.status == "alerted").await;
    assert_eq!(
        app.tg
            .sent_to(STAFF)
            .iter()
            .filter(|s| s.method == "sendphoto")
            .count(),
        1
    );
}

#[tokio::test]
async fn a_message_that_cannot_be_delivered_is_kept_and_delivered_after_a_restart() {
    let mut app = spawn_app().await;
    app.ai.set_default(Reply::verdict("severe", "Deep"));
    app.tg.fail_chat(STAFF, Failure::Drop);
    app.tg
        .citizen(CITIZEN)
        .sends_photo(&app.tg.add_photo(RED, &STANDARD_SIZES));
    app.wait_report(1, |r| r.status == "graded").await;
    // Wait for at least one failed attempt at the alert, then restart with Telegram healthy.
    let deadline = std::time::Instant::now() + WAIT;
    while !app.tg.failed().iter().any(|s| s.chat_id == STAFF) {
        assert!(std::time::Instant::now() < deadline, "no alert attempt");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    app.stop().await.unwrap();
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE kind = 'alert' AND status = 'pending'"),
        1
    );
    app.tg.clear_chat_failure(STAFF);
    app.start();
    app.tg
        .wait_for(WAIT, |s| s.chat_id == STAFF && s.method == "sendphoto")
        .await;
    app.wait_report(1, |r| r.status == "alerted").await;
    // Give a second copy time to show up before counting.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        app.tg
            .sent_to(STAFF)
            .iter()
            .filter(|s| s.method == "sendphoto")
            .count(),
        1
    );
}

#[tokio::test]
async fn a_staff_group_upgraded_to_a_supergroup_gets_the_alert_at_its_new_id() {
    const NEW: i64 = -1_009_999_000_111;
    let mut app = spawn_app().await;
    app.ai.set_default(Reply::verdict("severe", "Deep"));
    app.tg.migrate(STAFF, NEW);
    app.tg
        .citizen(CITIZEN)
        .sends_photo(&app.tg.add_photo(RED, &STANDARD_SIZES));
    let alert = app
        .tg
        .wait_for(WAIT, |s| s.chat_id == NEW && s.method == "sendphoto")
        .await;
    assert!(alert.text_str().contains("#1"));
    assert_eq!(
        app.count("SELECT CAST(substr(value, instr(value, ':') + 1) AS INTEGER) FROM settings WHERE key = 'staff_chat_migrated'"),
        NEW
    );

    // After a restart the new id is used straight away.
    app.stop().await.unwrap();
    app.start();
    let failed_before = app.tg.failed().len();
    app.tg
        .citizen(CITIZEN + 1)
        .sends_photo(&app.tg.add_photo(RED, &STANDARD_SIZES));
    app.tg
        .wait_for_n(WAIT, 2, |s| s.chat_id == NEW && s.method == "sendphoto")
        .await;
    assert_eq!(
        app.tg.failed().len(),
        failed_before,
        "no second trip to the old id"
    );
}

#[tokio::test]
async fn a_citizen_who_blocked_the_bot_does_not_hold_up_the_alert_or_anyone_else() {
    let app = spawn_app().await;
    app.ai.set_default(Reply::verdict("severe", "Deep"));
    app.tg.fail_chat(CITIZEN, Failure::blocked());
    app.tg
        .citizen(CITIZEN)
        .sends_photo(&app.tg.add_photo(RED, &STANDARD_SIZES));
    app.tg
        .citizen(CITIZEN + 1)
        .sends_photo(&app.tg.add_photo(RED, &STANDARD_SIZES));
    app.tg.wait_for(WAIT, ack(CITIZEN + 1)).await;
    app.tg
        .wait_for_n(WAIT, 2, |s| s.chat_id == STAFF && s.method == "sendphoto")
        .await;
    let failed = app.count("SELECT COUNT(*) FROM outbox WHERE status = 'failed' AND chat_id = 555");
    assert!(failed >= 1);
    assert!(app.events(1).contains(&"message_failed".to_owned()));
}

#[tokio::test]
async fn polling_survives_network_errors() {
    let app = spawn_app().await;
    app.tg.fail_next("getUpdates", 2, Failure::Drop);
    app.tg
        .citizen(CITIZEN)
        .sends_photo(&app.tg.add_photo(GREEN, &STANDARD_SIZES));
    app.tg.wait_for(Duration::from_secs(20), ack(CITIZEN)).await;
}

#[tokio::test]
async fn telegram_down_at_start_up_is_waited_out() {
    let mut app = spawn_app().await;
    app.stop().await.unwrap();
    let calls_before = app.tg.calls("getMe");
    app.tg.fail_next("getMe", 2, Failure::Drop);
    app.start();
    app.tg
        .citizen(CITIZEN)
        .sends_photo(&app.tg.add_photo(GREEN, &STANDARD_SIZES));
    app.tg.wait_for(Duration::from_secs(20), ack(CITIZEN)).await;
    assert_eq!(
        app.tg.calls("getMe") - calls_before,
        3,
        "two failures, then up"
    );
}

#[tokio::test]
async fn sends_stay_within_telegrams_limits_without_429s() {
    let app = spawn_app_with(|env| {
        env.remove("TELEGRAM_RATE_CHAT_PER_SEC");
        env.insert("TELEGRAM_RATE_GROUP_PER_MIN".into(), "600".into());
        env.remove("TELEGRAM_RATE_OVERALL_PER_SEC");
    })
    .await;
    app.tg.enforce_limits(Limits {
        overall_per_sec: 30,
        per_chat_per_sec: 1,
        group_per_min: 600,
    });
    app.ai.set_default(Reply::verdict("severe", "Deep"));
    // One chatty citizen: four messages must be spaced a second apart.
    for _ in 0..4 {
        app.tg.citizen(CITIZEN).sends_command("/help");
    }
    // Eight severe reports at once: sixteen messages to the staff group at 10 a second.
    for chat in 1..=8 {
        app.tg
            .citizen(chat)
            .sends_photo(&app.tg.add_photo(RED, &STANDARD_SIZES));
    }
    let helps = app.tg.wait_for_n(WAIT, 4, |s| s.chat_id == CITIZEN).await;
    app.tg
        .wait_for_n(WAIT, 8, |s| s.chat_id == STAFF && s.method == "sendphoto")
        .await;
    assert_eq!(app.tg.rejected_429(), 0, "{}", app.tg.dump());
    for pair in helps.windows(2) {
        assert!(pair[1].at - pair[0].at >= Duration::from_millis(990));
    }
}
