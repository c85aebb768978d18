//! The vision API misbehaving: every fault is injected into the fake OpenAI server and the
//! test checks that the report survives, nothing is sent twice, and people are told the truth.

mod support;

use std::time::Duration;

use pothole_bot::domain::{DelayCause, Locale, texts};
use support::app::{STAFF, WAIT, spawn_app, spawn_app_with};
use support::fake_openai::Reply;
use support::fake_telegram::{STANDARD_SIZES, Sent};
use support::fixtures::{GREEN, RED};

const CITIZEN: i64 = 777;

fn verdict_for(chat: i64) -> impl Fn(&Sent) -> bool {
    move |s| s.chat_id == chat && support::texts::is_verdict(s)
}

/// Any "grading is delayed" notice (each cause has its own words, all starting with ⏳).
fn delay_notice(chat: i64) -> impl Fn(&Sent) -> bool {
    move |s| s.chat_id == chat && s.text_str().starts_with("⏳")
}

/// The delay notice for report `id` with `cause`, as the citizen must read it.
fn delayed(id: i64, cause: DelayCause) -> String {
    texts::grading_delayed(Locale::ENGLISH, id, cause)
}

#[tokio::test]
async fn server_errors_and_rate_limits_are_retried_within_the_call() {
    let app = spawn_app().await;
    app.ai.push(Reply::server_error());
    app.ai.push(Reply::rate_limited(1));
    app.ai.set_default(Reply::verdict("severe", "Deep"));
    app.tg
        .citizen(CITIZEN)
        .sends_photo(&app.tg.add_photo(RED, &STANDARD_SIZES));
    let r = app.wait_report(1, |r| r.status == "alerted").await;
    assert_eq!(app.ai.count(), 3, "two failures, then the verdict");
    assert_eq!(r.severity.as_deref(), Some("severe"));
    // The 429 asked for one second, and it was honoured.
    let reqs = app.ai.requests();
    assert!(
        reqs[2].at - reqs[1].at >= Duration::from_millis(950),
        "{:?}",
        reqs[2].at - reqs[1].at
    );
    assert!(
        app.tg.sent().iter().all(|s| !delay_notice(CITIZEN)(s)),
        "no delay notice for a quick recovery"
    );
}

#[tokio::test]
async fn while_the_api_is_down_reports_wait_the_citizen_is_told_once_and_grading_resumes() {
    let app = spawn_app().await;
    app.ai.set_default(Reply::overloaded());
    app.tg
        .citizen(CITIZEN)
        .sends_photo(&app.tg.add_photo(RED, &STANDARD_SIZES));
    let notice = app.tg.wait_for(WAIT, delay_notice(CITIZEN)).await;
    assert_eq!(notice.text_str(), delayed(1, DelayCause::ModelDown));
    let r = app.report(1).unwrap();
    assert_eq!(r.status, "received");
    assert!(r.last_error.unwrap().contains("503"));
    // Let it fail again a couple of times: still one notice.
    app.wait_report(1, |r| r.attempts >= 2).await;
    app.ai.set_default(Reply::verdict("severe", "Deep"));
    app.tg.wait_for(WAIT, verdict_for(CITIZEN)).await;
    assert_eq!(
        app.tg
            .sent()
            .iter()
            .filter(|s| delay_notice(CITIZEN)(s))
            .count(),
        1
    );
    app.tg
        .wait_for(WAIT, |s| s.chat_id == STAFF && s.method == "sendphoto")
        .await;
    let events = app.events(1);
    assert!(
        events.contains(&"grading_postponed".to_owned()) && events.contains(&"graded".to_owned()),
        "{events:?}"
    );
}

#[tokio::test]
async fn a_request_timeout_postpones_the_report_instead_of_losing_it() {
    let app = spawn_app_with(|env| {
        env.insert("OPENAI_TIMEOUT_SECS".into(), "1".into());
    })
    .await;
    app.ai.push(Reply::hang(Duration::from_secs(5)));
    app.ai.push(Reply::hang(Duration::from_secs(5)));
    app.ai.push(Reply::hang(Duration::from_secs(5)));
    app.ai.set_default(Reply::verdict("minor", "Small"));
    app.tg
        .citizen(CITIZEN)
        .sends_photo(&app.tg.add_photo(GREEN, &STANDARD_SIZES));
    app.tg.wait_for(WAIT, delay_notice(CITIZEN)).await;
    assert!(
        app.report(1)
            .unwrap()
            .last_error
            .unwrap()
            .contains("timed out")
    );
    let v = app.tg.wait_for(WAIT, verdict_for(CITIZEN)).await;
    assert!(v.text_str().contains("minor"));
}

#[tokio::test]
async fn an_exhausted_quota_pauses_grading_tells_citizens_why_and_warns_the_staff_once() {
    let app = spawn_app().await;
    app.ai.set_default(Reply::insufficient_quota());
    for chat in [1, 2, 3] {
        app.tg
            .citizen(chat)
            .sends_photo(&app.tg.add_photo(RED, &STANDARD_SIZES));
    }
    for id in [1, 2, 3] {
        let r = app.wait_report(id, |r| r.attempts >= 1).await;
        assert_eq!(
            r.status, "received",
            "kept for when credit is back, not failed"
        );
        assert!(r.last_error.unwrap().contains("insufficient_quota"));
    }
    assert_eq!(
        app.ai.count(),
        3,
        "not retried at once: a top-up takes a while"
    );
    for chat in [1, 2, 3] {
        let m = app.tg.wait_for(WAIT, delay_notice(chat)).await;
        let told = (1..=3).any(|id| m.text_str() == delayed(id, DelayCause::Quota));
        assert!(told, "{}", m.text_str());
    }
    let warning = app
        .tg
        .wait_for(WAIT, |s| {
            s.chat_id == STAFF && s.text_str().contains("Operator")
        })
        .await;
    assert!(
        warning.text_str().contains("out of credit"),
        "{}",
        warning.text_str()
    );
    app.tg
        .expect_none(Duration::from_millis(500), |s| {
            s.chat_id == STAFF && s.message_id != warning.message_id
        })
        .await;
}

#[tokio::test]
async fn client_errors_are_never_retried() {
    for (reply, status) in [
        (Reply::bad_request("Invalid image"), "400"),
        (Reply::unauthorized(), "401"),
        (
            Reply::http(
                403,
                "invalid_request_error",
                "unsupported_country_region_territory",
                "Country not supported",
            ),
            "403",
        ),
        (
            Reply::http(
                404,
                "invalid_request_error",
                "model_not_found",
                "The model does not exist",
            ),
            "404",
        ),
    ] {
        let app = spawn_app().await;
        app.ai.set_default(reply);
        app.tg
            .citizen(CITIZEN)
            .sends_photo(&app.tg.add_photo(RED, &STANDARD_SIZES));
        let r = app.wait_report(1, |r| r.status == "failed").await;
        assert!(r.last_error.unwrap().contains(status));
        assert_eq!(app.ai.count(), 1, "{status} retried");
        app.tg
            .wait_for(WAIT, |s| {
                s.chat_id == STAFF && s.text_str().contains("Operator")
            })
            .await;
    }
}

#[tokio::test]
async fn a_refusal_or_content_filter_asks_for_another_photo_without_an_alert() {
    for reply in [
        Reply::refusal("I can't help with that."),
        Reply::finish_reason("content_filter"),
    ] {
        let app = spawn_app().await;
        app.ai.set_default(reply);
        app.tg
            .citizen(CITIZEN)
            .sends_photo(&app.tg.add_photo(RED, &STANDARD_SIZES));
        let m = app.tg.wait_for(WAIT, verdict_for(CITIZEN)).await;
        assert!(
            support::texts::is_verdict_of(&m, 1, pothole_bot::domain::Severity::Unclear),
            "{}",
            m.text_str()
        );
        let r = app.wait_report(1, |r| r.status == "failed").await;
        assert_eq!(r.severity, None);
        assert_eq!(app.ai.count(), 1);
        app.tg
            .expect_none(Duration::from_millis(300), |s| s.chat_id == STAFF)
            .await;
    }
}

#[tokio::test]
async fn malformed_cut_off_or_out_of_scale_answers_are_retried_then_failed() {
    for reply in [
        Reply::raw_content("The pothole looks severe to me."),
        Reply::raw_content(
            r#"{"severity":"catastrophic","confidence":1,"depth_mm":null,"width_mm":null,"reason":"x"}"#,
        ),
        Reply::finish_reason("length"),
        Reply::null_content(),
    ] {
        let app = spawn_app().await;
        app.ai.set_default(reply);
        app.tg
            .citizen(CITIZEN)
            .sends_photo(&app.tg.add_photo(RED, &STANDARD_SIZES));
        let r = app.wait_report(1, |r| r.status == "failed").await;
        assert_eq!(r.severity, None, "a bad answer is never stored as a grade");
        assert_eq!(app.ai.count(), 3, "tried three times in all");
        app.tg
            .wait_for(WAIT, |s| {
                s.chat_id == CITIZEN && s.text_str().contains("couldn't be graded automatically")
            })
            .await;
        app.tg
            .expect_none(Duration::from_millis(300), |s| s.chat_id == STAFF)
            .await;
    }
}

#[tokio::test]
async fn one_bad_answer_then_a_good_one_grades_normally() {
    let app = spawn_app().await;
    app.ai.push(Reply::raw_content("{not json"));
    app.ai.set_default(Reply::verdict("moderate", "Dip"));
    app.tg
        .citizen(CITIZEN)
        .sends_photo(&app.tg.add_photo(GREEN, &STANDARD_SIZES));
    let r = app.wait_graded(1).await;
    assert_eq!(r.severity.as_deref(), Some("moderate"));
    assert_eq!(app.ai.count(), 2);
}

#[tokio::test]
async fn a_dropped_connection_is_retried() {
    let app = spawn_app().await;
    app.ai.push(Reply::drop_connection());
    app.ai.set_default(Reply::verdict("minor", "Small"));
    app.tg
        .citizen(CITIZEN)
        .sends_photo(&app.tg.add_photo(GREEN, &STANDARD_SIZES));
    assert_eq!(app.wait_graded(1).await.severity.as_deref(), Some("minor"));
    assert_eq!(app.ai.count(), 2);
}

#[tokio::test]
async fn grading_concurrency_is_bounded_by_the_setting() {
    let app = spawn_app_with(|env| {
        env.insert("OPENAI_CONCURRENCY".into(), "3".into());
    })
    .await;
    app.ai.set_latency(Duration::from_millis(300));
    for chat in 1..=9 {
        app.tg
            .citizen(chat)
            .sends_photo(&app.tg.add_photo(GREEN, &STANDARD_SIZES));
    }
    for id in 1..=9 {
        app.wait_graded(id).await;
    }
    assert_eq!(app.ai.max_in_flight(), 3);
}

#[tokio::test]
async fn the_daily_budget_holds_grading_until_tomorrow_and_warns_the_staff_once() {
    let app = spawn_app_with(|env| {
        env.insert("DAILY_BUDGET_USD".into(), "0.0004".into());
    })
    .await;
    app.ai.set_default(Reply::verdict("minor", "Small"));
    app.tg
        .citizen(1)
        .sends_photo(&app.tg.add_photo(GREEN, &STANDARD_SIZES));
    app.wait_graded(1).await; // ~$0.00047: the cap is now reached
    app.tg
        .citizen(2)
        .sends_photo(&app.tg.add_photo(GREEN, &STANDARD_SIZES));
    app.tg
        .citizen(3)
        .sends_photo(&app.tg.add_photo(GREEN, &STANDARD_SIZES));
    let tomorrow = (chrono::Utc::now().timestamp().div_euclid(86_400) + 1) * 86_400;
    let cause = DelayCause::DailyBudget {
        resumes_at: chrono::DateTime::from_timestamp(tomorrow, 0).unwrap(),
    };
    for chat in [2, 3] {
        let m = app.tg.wait_for(WAIT, delay_notice(chat)).await;
        let told = [2, 3]
            .into_iter()
            .any(|id| m.text_str() == delayed(id, cause));
        assert!(told, "says when, not 'taking longer': {}", m.text_str());
    }
    let warning = app
        .tg
        .wait_for(WAIT, |s| {
            s.chat_id == STAFF && s.text_str().contains("DAILY_BUDGET_USD")
        })
        .await;
    app.tg
        .expect_none(Duration::from_millis(500), |s| {
            s.chat_id == STAFF && s.message_id != warning.message_id
        })
        .await;
    assert_eq!(app.ai.count(), 1);
    for id in [2, 3] {
        let r = app.report(id).unwrap();
        assert_eq!(r.status, "received", "waits for tomorrow, not lost");
    }
    let next: i64 =
        app.count("SELECT MIN(next_attempt_unix) FROM reports WHERE status = 'received'");
    assert_eq!(next % 86_400, 0, "resumes at 00:00 UTC");
}
