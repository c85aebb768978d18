//! Webhook mode: the fake Bot API (playing a local Bot API server) POSTs updates to the bot's
//! own HTTP server after setWebhook; the same citizen-to-crew flow as with polling works, a
//! request without the right secret is refused, an update is stored before the 200, and going
//! back to polling deletes the webhook.

mod support;

use std::time::Duration;

use support::app::{STAFF, TestApp, WAIT, eventually, spawn_app, spawn_app_with};
use support::fake_openai::Reply;
use support::fake_telegram::STANDARD_SIZES;
use support::fixtures::RED;

const CITIZEN: i64 = 660_001;
const PATH: &str = "/telegram/webhook";
const SECRET: &str = "s3cret_token-for-tests";

fn webhook_env(env: &mut std::collections::HashMap<String, String>) {
    env.insert(
        "TELEGRAM_WEBHOOK_URL".into(),
        format!("http://{{http}}{PATH}"),
    );
    env.insert("TELEGRAM_WEBHOOK_SECRET".into(), SECRET.into());
}

/// The bot in webhook mode, once it has called setWebhook.
async fn webhook_app() -> TestApp {
    let app = spawn_app_with(webhook_env).await;
    eventually("setWebhook", || app.tg.webhook().is_some()).await;
    app
}

/// A POST to the bot's webhook, with `secret` in Telegram's secret header when given.
fn webhook_post(app: &TestApp, secret: Option<&str>) -> reqwest::RequestBuilder {
    let request = reqwest::Client::new().post(format!("{}{PATH}", app.http_url()));
    match secret {
        Some(s) => request.header("X-Telegram-Bot-Api-Secret-Token", s),
        None => request,
    }
}

#[tokio::test]
async fn a_severe_pothole_goes_from_citizen_to_crews_by_webhook() {
    let app = webhook_app().await;
    let (url, secret) = app.tg.webhook().unwrap();
    assert_eq!(url, format!("{}{PATH}", app.http_url()));
    assert_eq!(secret.as_deref(), Some(SECRET));

    let id = app
        .pothole(
            CITIZEN,
            RED,
            "severe",
            "by the school",
            Some((52.52, 13.405)),
        )
        .await;
    let alert = app
        .tg
        .wait_for(WAIT, |s| s.chat_id == STAFF && s.method == "sendphoto")
        .await;
    assert!(
        alert.text_str().contains(&format!("#{id}")),
        "{}",
        alert.text_str()
    );
    let (posts, delivered) = app.tg.webhook_posts();
    assert!(
        delivered >= 2,
        "photo and pin came by webhook ({posts} posts)"
    );
    assert_eq!(app.tg.calls("getupdates"), 0, "no polling in webhook mode");
    // Handled updates do not stay in the table past a clean shutdown.
    let mut app = app;
    app.stop().await.unwrap();
    assert_eq!(app.count("SELECT count(*) FROM webhook_updates"), 0);
}

#[tokio::test]
async fn a_request_without_the_right_secret_is_refused_and_nothing_is_stored() {
    let app = spawn_app_with(webhook_env).await;
    let update = serde_json::json!({"update_id": 900, "message": {
        "message_id": 1, "date": 1_700_000_000,
        "chat": {"id": CITIZEN, "type": "private", "first_name": "Eve"},
        "from": {"id": CITIZEN, "is_bot": false, "first_name": "Eve"},
        "text": "/start"}});
    for secret in [None, Some("wrong"), Some("s3cret_token-for-test")] {
        let answer = webhook_post(&app, secret)
            .json(&update)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 401, "secret {secret:?}");
    }
    assert_eq!(app.count("SELECT count(*) FROM webhook_updates"), 0);
    // Not a GET route either.
    assert_eq!(app.get(PATH).await.status, 405);
    // The right secret but not an update.
    let answer = webhook_post(&app, Some(SECRET))
        .body("hello")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 400);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        app.tg.sent_to(CITIZEN).is_empty(),
        "nothing answered: {:?}",
        app.tg.sent_to(CITIZEN)
    );
}

#[tokio::test]
async fn an_update_is_stored_before_the_200_and_handled_after_a_crash() {
    // Once the webhook is set, this test posts by hand.
    let mut app = webhook_app().await;
    app.ai.on_color(RED, Reply::verdict("moderate", "A dip"));
    let photo = app.tg.add_photo(RED, &STANDARD_SIZES);
    let message = serde_json::json!({
        "message_id": 77, "date": 1_700_000_000,
        "chat": {"id": CITIZEN, "type": "private", "first_name": "Ada"},
        "from": {"id": CITIZEN, "is_bot": false, "first_name": "Ada"},
        "photo": photo.json()});
    let update = serde_json::json!({"update_id": 5000, "message": message});
    let answer = webhook_post(&app, Some(SECRET))
        .json(&update)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    // The moment the 200 is out, the update is in the database file.
    app.kill().await;
    assert_eq!(
        app.count("SELECT count(*) FROM webhook_updates WHERE update_id = 5000"),
        1
    );
    // Restarted, the bot handles it (again, if it got to it before the crash): one report.
    app.start();
    app.wait_report(1, |r| r.status == "graded").await;
    assert_eq!(app.count("SELECT count(*) FROM reports"), 1);
}

#[tokio::test]
async fn going_back_to_polling_deletes_the_webhook() {
    let mut app = webhook_app().await;
    app.stop().await.unwrap();
    app.env.remove("TELEGRAM_WEBHOOK_URL");
    app.env.remove("TELEGRAM_WEBHOOK_SECRET");
    app.start();
    eventually("deleteWebhook", || app.tg.webhook().is_none()).await;
    assert!(app.tg.calls("deletewebhook") >= 1);
    // And polling works.
    let id = app.pothole(CITIZEN, RED, "minor", "x", None).await;
    assert!(id >= 1);
}

#[tokio::test]
async fn a_webhook_needs_the_http_server() {
    let app = spawn_app().await;
    let mut env = app.env.clone();
    env.insert("HTTP_ADDR".into(), "off".into());
    env.insert(
        "TELEGRAM_WEBHOOK_URL".into(),
        "http://127.0.0.1:9/telegram".into(),
    );
    let (status, log) = support::process::run_to_exit(&env, app.dir.path()).await;
    assert_eq!(status.code(), Some(2), "{log}");
    assert!(log.contains("TELEGRAM_WEBHOOK_URL is invalid"), "{log}");
    assert!(log.contains("HTTP_ADDR"), "{log}");
}
