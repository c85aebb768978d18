//! Exactly-once delivery under load: many citizens at once, Telegram's limits lifted in the
//! bot's settings so lanes start and end as fast as they can (the conditions in which a stale
//! reading of the queue once sent a staff alert twice), several rounds, and not one message
//! may reach Telegram twice.

mod support;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use support::app::{STAFF, spawn_app_with};
use support::fake_openai::Reply;
use support::fake_telegram::STANDARD_SIZES;
use support::fixtures::RED;

const CITIZENS: i64 = 60;
const ROUNDS: i64 = 3;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_chats_with_limits_lifted_get_every_message_exactly_once() {
    let app = spawn_app_with(|env| {
        env.insert("TELEGRAM_RATE_OVERALL_PER_SEC".into(), "100000".into());
        env.insert("TELEGRAM_RATE_CHAT_PER_SEC".into(), "1000".into());
        env.insert("TELEGRAM_RATE_GROUP_PER_MIN".into(), "1000000".into());
        env.insert("OPENAI_CONCURRENCY".into(), "64".into());
    })
    .await;
    app.ai
        .set_default(Reply::verdict("severe", "Deep").with_delay(Duration::from_millis(20)));
    for round in 0..ROUNDS {
        for chat in 1..=CITIZENS {
            app.tg
                .citizen(chat)
                .sends_photo(&app.tg.add_photo(RED, &STANDARD_SIZES));
        }
        let want = (round + 1) * CITIZENS;
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let alerted = app.count("SELECT COUNT(*) FROM reports WHERE status = 'alerted'");
            let pending = app.count("SELECT COUNT(*) FROM outbox WHERE status = 'pending'");
            if alerted == want && pending == 0 {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "round {round}: {alerted} of {want} alerted, {pending} messages pending"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    // Every report got an acknowledgement, a verdict and an alert; each names its report, so
    // two identical sends to one chat are one message sent twice.
    let mut seen: HashMap<(i64, String, String), usize> = HashMap::new();
    for s in app.tg.sent().iter().filter(|s| s.is_message()) {
        *seen
            .entry((s.chat_id, s.method.clone(), s.text_str().to_owned()))
            .or_default() += 1;
    }
    let twice: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "sent more than once: {twice:#?}");
    let alerts = app
        .tg
        .sent()
        .iter()
        .filter(|s| s.chat_id == STAFF && s.method == "sendphoto")
        .count() as i64;
    assert_eq!(alerts, ROUNDS * CITIZENS, "one alert per report");
    let resent = app.count("SELECT COUNT(*) FROM outbox WHERE attempts > 1");
    assert_eq!(resent, 0, "no row was attempted twice");
}
