//! Grading that people can trust: an unsure grade is flagged for the crews, an unclear photo
//! may get a second, high-detail look, and the stored cost is the model's own.

mod support;

use support::app::{STAFF, WAIT, report_number, spawn_app, spawn_app_with};
use support::fake_openai::Reply;
use support::fake_telegram::{STANDARD_SIZES, Sent};
use support::fixtures::{GREY, RED};

const CITIZEN: i64 = 5151;

fn ack_id(s: &Sent) -> Option<i64> {
    (s.chat_id == CITIZEN && support::texts::is_ack(s))
        .then(|| report_number(s.text_str()))
        .flatten()
}

#[tokio::test]
async fn an_unsure_severe_grade_is_flagged_needs_a_look_in_the_alert() {
    let app = spawn_app().await;
    app.ai.on_color(
        RED,
        Reply::verdict("severe", "Possibly deep, hard to see").confidence(0.35),
    );
    let photo = app.tg.add_photo(RED, &STANDARD_SIZES);
    app.tg.citizen(CITIZEN).sends_photo(&photo);
    let ack = app.tg.wait_for(WAIT, |s| ack_id(s).is_some()).await;
    let id = ack_id(&ack).unwrap();
    let alert = app
        .tg
        .wait_for(WAIT, |s| s.chat_id == STAFF && s.method == "sendphoto")
        .await;
    let caption = alert.text_str();
    assert!(
        caption.contains("👀 Needs a look: the model was only 35% sure"),
        "{caption}"
    );
    assert_eq!(
        app.count(&format!("SELECT needs_review FROM reports WHERE id = {id}")),
        1
    );
}

#[tokio::test]
async fn a_sure_grade_is_not_flagged() {
    let app = spawn_app_with(|env| {
        env.insert("REVIEW_BELOW_CONFIDENCE".into(), "0.9".into());
    })
    .await;
    app.ai
        .on_color(RED, Reply::verdict("severe", "Deep hole").confidence(0.95));
    let photo = app.tg.add_photo(RED, &STANDARD_SIZES);
    app.tg.citizen(CITIZEN).sends_photo(&photo);
    let alert = app
        .tg
        .wait_for(WAIT, |s| s.chat_id == STAFF && s.method == "sendphoto")
        .await;
    assert!(
        !alert.text_str().contains("Needs a look"),
        "{}",
        alert.text_str()
    );
}

#[tokio::test]
async fn an_unclear_low_detail_look_is_retried_once_at_high_and_both_calls_are_paid() {
    let app = spawn_app_with(|env| {
        env.insert("RETRY_UNCLEAR_AT_HIGH".into(), "true".into());
    })
    .await;
    app.ai.push(Reply::verdict("unclear", "Too small to judge"));
    app.ai
        .push(Reply::verdict("moderate", "Wide hole, seen up close"));
    let photo = app.tg.add_photo(GREY, &STANDARD_SIZES);
    app.tg.citizen(CITIZEN).sends_photo(&photo);
    let ack = app.tg.wait_for(WAIT, |s| ack_id(s).is_some()).await;
    let id = ack_id(&ack).unwrap();
    let row = app.wait_graded(id).await;
    assert_eq!(row.severity.as_deref(), Some("moderate"));
    let reqs = app.ai.requests();
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[0].detail.as_deref(), Some("low"));
    assert_eq!(reqs[1].detail.as_deref(), Some("high"));
    let billed: u64 = reqs.iter().map(|r| r.usage.prompt_tokens).sum();
    assert_eq!(row.prompt_tokens, Some(billed as i64), "both calls counted");
    let cost = row.cost_usd.unwrap();
    let expected: f64 = reqs
        .iter()
        .map(|r| {
            (r.usage.prompt_tokens as f64 * 0.15 + r.usage.completion_tokens as f64 * 0.60) / 1e6
        })
        .sum();
    assert!((cost - expected).abs() < 1e-12, "{cost} vs {expected}");
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM reports WHERE id = {id} AND image_detail = 'high'"
        )),
        1
    );
}

#[tokio::test]
async fn without_the_setting_an_unclear_photo_is_asked_once() {
    let app = spawn_app().await;
    app.ai.set_default(Reply::verdict("unclear", "Too dark"));
    let photo = app.tg.add_photo(GREY, &STANDARD_SIZES);
    app.tg.citizen(CITIZEN).sends_photo(&photo);
    let ack = app.tg.wait_for(WAIT, |s| ack_id(s).is_some()).await;
    let row = app.wait_graded(ack_id(&ack).unwrap()).await;
    assert_eq!(row.severity.as_deref(), Some("unclear"));
    assert_eq!(app.ai.count(), 1);
}
