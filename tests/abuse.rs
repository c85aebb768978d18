//! Abuse and cost (issue 3): the per-citizen report limit, the same photo sent twice, and the
//! staff-only buttons and commands, which work only from STAFF_CHAT_ID.

mod support;

use std::time::Duration;

use pothole_bot::domain::work::{RejectReason, WorkAction};
use pothole_bot::domain::{Locale, Severity, crew_texts, texts};
use support::app::{STAFF, TestApp, WAIT, report_number, spawn_app, spawn_app_with};
use support::fake_openai::Reply;
use support::fake_telegram::{BOT_USERNAME, STANDARD_SIZES, Sent};
use support::fixtures::{BLUE, GREEN, GREY, RED, YELLOW};

const CITIZEN: i64 = 4242;
const CREW_MEMBER: i64 = 777;
const OTHER_GROUP: i64 = -100_555_666;
const QUIET: Duration = Duration::from_millis(400);

use support::texts::is_ack;

fn is_answer(s: &Sent) -> bool {
    s.method == "answercallbackquery"
}

// ------------------------------------------------------------------ report limit

#[tokio::test]
async fn a_citizen_over_the_hourly_limit_is_told_so_and_the_photo_is_not_stored_or_graded() {
    let app = spawn_app_with(|env| {
        env.insert("REPORT_LIMIT_PER_HOUR".into(), "3".into());
    })
    .await;
    for color in [RED, GREEN, BLUE] {
        app.tg
            .citizen(CITIZEN)
            .sends_photo(&app.tg.add_photo(color, &STANDARD_SIZES));
    }
    app.tg
        .wait_for_n(WAIT, 3, |s| s.chat_id == CITIZEN && is_ack(s))
        .await;
    app.tg
        .citizen(CITIZEN)
        .sends_photo(&app.tg.add_photo(YELLOW, &STANDARD_SIZES));
    app.tg
        .wait_for(WAIT, |s| {
            s.chat_id == CITIZEN && s.text_str() == texts::rate_limited(Locale::ENGLISH, 3)
        })
        .await;
    for id in 1..=3 {
        app.wait_graded(id).await;
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM reports"), 3);
    app.ai.expect_no_request(QUIET).await;
    assert_eq!(app.ai.count(), 3);
    assert_eq!(
        app.tg.sent_to(CITIZEN).iter().filter(|s| is_ack(s)).count(),
        3
    );

    // The limit is per citizen: someone else still gets through.
    app.tg
        .citizen(CITIZEN + 1)
        .sends_photo(&app.tg.add_photo(GREY, &STANDARD_SIZES));
    app.tg
        .wait_for(WAIT, |s| s.chat_id == CITIZEN + 1 && is_ack(s))
        .await;
}

#[tokio::test]
async fn reports_older_than_an_hour_do_not_count_towards_the_limit() {
    let app = spawn_app_with(|env| {
        env.insert("REPORT_LIMIT_PER_HOUR".into(), "1".into());
    })
    .await;
    app.tg
        .citizen(CITIZEN)
        .sends_photo(&app.tg.add_photo(RED, &STANDARD_SIZES));
    app.tg
        .wait_for(WAIT, |s| s.chat_id == CITIZEN && is_ack(s))
        .await;
    let rw = rusqlite::Connection::open(&app.db_path).unwrap();
    rw.busy_timeout(Duration::from_secs(5)).unwrap();
    rw.execute("UPDATE reports SET created_unix = created_unix - 3601", [])
        .unwrap();
    app.tg
        .citizen(CITIZEN)
        .sends_photo(&app.tg.add_photo(GREEN, &STANDARD_SIZES));
    app.tg
        .wait_for_n(WAIT, 2, |s| s.chat_id == CITIZEN && is_ack(s))
        .await;
}

// ------------------------------------------------------------------ same photo twice

#[tokio::test]
async fn the_same_photo_sent_twice_is_answered_with_the_earlier_report_number_and_not_graded_again()
{
    let app = spawn_app().await;
    let photo = app.tg.add_photo(RED, &STANDARD_SIZES);
    app.tg.citizen(CITIZEN).sends_photo(&photo);
    let ack = app
        .tg
        .wait_for(WAIT, |s| s.chat_id == CITIZEN && is_ack(s))
        .await;
    let id = report_number(ack.text_str()).unwrap();
    app.wait_graded(id).await;
    // Sent again (a new message with the same file_unique_id), by the same citizen and another.
    app.tg.citizen(CITIZEN).sends_photo(&photo);
    app.tg
        .wait_for(WAIT, |s| {
            s.chat_id == CITIZEN
                && s.text_str() == texts::duplicate_photo(Locale::ENGLISH, id, true)
        })
        .await;
    app.tg.citizen(CITIZEN + 1).sends_photo(&photo.reversed());
    app.tg
        .wait_for(WAIT, |s| {
            s.chat_id == CITIZEN + 1
                && s.text_str() == texts::duplicate_photo(Locale::ENGLISH, id, false)
        })
        .await;
    app.ai.expect_no_request(QUIET).await;
    assert_eq!(app.ai.count(), 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM reports"), 1);
    assert_eq!(app.tg.sent().iter().filter(|s| is_ack(s)).count(), 1);
}

// ------------------------------------------------------------------ staff buttons

/// A severe report from CITIZEN, alerted; returns the alert.
async fn alerted_report(app: &TestApp) -> Sent {
    app.ai.set_default(Reply::verdict("severe", "Deep hole"));
    app.tg
        .citizen(CITIZEN)
        .sends_photo(&app.tg.add_photo(RED, &STANDARD_SIZES));
    app.tg.citizen(CITIZEN).sends_location(52.52, 13.405);
    let alert = app
        .tg
        .wait_for(WAIT, |s| s.chat_id == STAFF && s.method == "sendphoto")
        .await;
    app.wait_report(1, |r| r.status == "alerted").await;
    app.tg
        .wait_for(WAIT, |s| s.chat_id == STAFF && s.method == "sendlocation")
        .await;
    app.tg
        .wait_for(WAIT, |s| {
            s.chat_id == CITIZEN && support::texts::is_verdict_of(s, 1, Severity::Severe)
        })
        .await;
    alert
}

fn staff_events(app: &TestApp, report_id: i64) -> Vec<(String, String, Option<String>)> {
    let db = app.db();
    let mut stmt = db
        .prepare("SELECT actor, kind, detail FROM events WHERE report_id = ?1 AND actor = 'staff'")
        .unwrap();
    stmt.query_map([report_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[tokio::test]
async fn every_staff_alert_carries_the_crews_buttons() {
    let app = spawn_app().await;
    let alert = alerted_report(&app).await;
    assert_eq!(
        alert.button_data(),
        ["v1:ack:1", "v1:safe:1", "v1:fix:1", "v1:rejm:1"]
    );
    let markup = alert.reply_markup.unwrap();
    let label = |row: usize, col: usize| markup["inline_keyboard"][row][col]["text"].clone();
    assert_eq!(
        label(0, 0),
        crew_texts::button(Locale::ENGLISH, crew_texts::Button::OnIt)
    );
    assert_eq!(
        label(0, 1),
        crew_texts::button(Locale::ENGLISH, crew_texts::Button::MadeSafe)
    );
    assert_eq!(
        label(1, 0),
        crew_texts::button(Locale::ENGLISH, crew_texts::Button::Fixed)
    );
    assert_eq!(
        label(1, 1),
        crew_texts::button(Locale::ENGLISH, crew_texts::Button::NotAPothole)
    );
    for word in ["On it", "Made safe", "Fixed", "Not a pothole"] {
        assert!(markup.to_string().contains(word), "{word}");
    }
}

#[tokio::test]
async fn an_alert_for_an_image_file_carries_the_buttons_too() {
    let app = spawn_app().await;
    app.ai.set_default(Reply::verdict("severe", "Deep hole"));
    let doc = app.tg.add_file(
        &support::fixtures::jpeg(640, 480, RED),
        "hole.jpg",
        "image/jpeg",
    );
    app.tg.citizen(CITIZEN).sends_document(&doc);
    let alert = app
        .tg
        .wait_for(WAIT, |s| s.chat_id == STAFF && s.method == "senddocument")
        .await;
    assert_eq!(
        alert.button_data(),
        ["v1:ack:1", "v1:safe:1", "v1:fix:1", "v1:rejm:1"]
    );
}

#[tokio::test]
async fn an_old_fixed_button_still_closes_the_report_and_tells_the_citizen() {
    let app = spawn_app().await;
    let alert = alerted_report(&app).await;
    let alert_id = alert.message_id.unwrap();
    // Data of an alert posted before the crews' loop: `fixed:1`.
    app.tg
        .group(STAFF, CREW_MEMBER)
        .presses_button(alert_id, "fixed:1");

    let answer = app.tg.wait_for(WAIT, is_answer).await;
    assert_eq!(
        answer.text_str(),
        crew_texts::action_done(Locale::ENGLISH, 1, WorkAction::Fix)
    );
    let told = app
        .tg
        .wait_for(WAIT, |s| {
            s.chat_id == CITIZEN
                && s.text_str()
                    == crew_texts::citizen_update(Locale::ENGLISH, 1, 1, WorkAction::Fix)
        })
        .await;
    assert_eq!(
        told.button_data(),
        ["v1:broken:1"],
        "with a Still broken button"
    );
    let edit = app
        .tg
        .wait_for(WAIT, |s| s.method == "editmessagecaption")
        .await;
    assert_eq!(edit.chat_id, STAFF);
    assert_eq!(edit.message_id, Some(alert_id));
    assert_eq!(edit.button_data(), ["v1:reopen:1"], "only Reopen is left");
    let caption = edit.text_str();
    assert!(
        caption.contains(&format!("✅ Fixed — Citizen{CREW_MEMBER}")),
        "{caption}"
    );

    assert_eq!(app.report(1).unwrap().work_state.as_deref(), Some("fixed"));
    assert_eq!(
        app.report(1).unwrap().status,
        "alerted",
        "the pipeline status stays"
    );
    assert_eq!(
        staff_events(&app, 1),
        [(
            "staff".to_owned(),
            "fixed".to_owned(),
            Some(format!(
                r#"{{"name":"Citizen{CREW_MEMBER}","user_id":{CREW_MEMBER}}}"#
            ))
        )]
    );
}

#[tokio::test]
async fn an_old_not_a_pothole_button_closes_the_report_and_tells_the_citizen_politely() {
    let app = spawn_app().await;
    let alert = alerted_report(&app).await;
    app.tg
        .group(STAFF, CREW_MEMBER)
        .presses_button(alert.message_id.unwrap(), "reject:1");
    let answer = app.tg.wait_for(WAIT, is_answer).await;
    let reject = WorkAction::Reject {
        reason: RejectReason::NotPothole,
    };
    assert_eq!(
        answer.text_str(),
        crew_texts::action_done(Locale::ENGLISH, 1, reject)
    );
    app.tg
        .wait_for(WAIT, |s| {
            s.chat_id == CITIZEN
                && s.text_str() == crew_texts::citizen_update(Locale::ENGLISH, 1, 1, reject)
        })
        .await;
    assert_eq!(
        app.report(1).unwrap().work_state.as_deref(),
        Some("rejected")
    );
    assert_eq!(staff_events(&app, 1)[0].1, "rejected");
    // The citizen's /status shows it.
    app.tg.citizen(CITIZEN).sends_command("/status");
    app.tg
        .wait_for(WAIT, |s| {
            s.chat_id == CITIZEN && s.text_str().contains("#1 · severe · closed")
        })
        .await;
}

#[tokio::test]
async fn a_second_press_changes_nothing_and_tells_the_crew_who_closed_it() {
    let app = spawn_app().await;
    let alert = alerted_report(&app).await;
    let crew = app.tg.group(STAFF, CREW_MEMBER);
    crew.presses_button(alert.message_id.unwrap(), "v1:fix:1");
    app.tg
        .wait_for(WAIT, |s| {
            s.chat_id == CITIZEN && s.text_str().contains("has been fixed")
        })
        .await;
    // Another crew member's client still shows the old buttons and presses another one.
    app.tg
        .group(STAFF, CREW_MEMBER + 1)
        .presses_button(alert.message_id.unwrap(), "v1:rej:1:np");
    let refused = app
        .tg
        .wait_for(WAIT, |s| {
            is_answer(s) && s.text_str().starts_with("#1 is already fixed")
        })
        .await;
    assert!(
        refused
            .text_str()
            .contains(&format!("Citizen{CREW_MEMBER}")),
        "names who: {}",
        refused.text_str()
    );
    // And the inert button of an alert from the first version.
    crew.presses_button(alert.message_id.unwrap(), "done:1");
    app.tg
        .wait_for(WAIT, |s| {
            is_answer(s) && s.text_str() == texts::alert_already_closed(Locale::ENGLISH, 1)
        })
        .await;
    app.tg
        .expect_none(QUIET, |s| {
            s.chat_id == CITIZEN && s.text_str().contains("closed")
        })
        .await;
    assert_eq!(app.report(1).unwrap().work_state.as_deref(), Some("fixed"));
    assert_eq!(staff_events(&app, 1).len(), 1);
}

/// Presses a button somewhere it must not work, and checks: a polite pop-up, and nothing else.
async fn the_press_is_refused(app: &TestApp, press: impl FnOnce()) {
    the_press_is_refused_with(app, &texts::staff_button_refused(Locale::ENGLISH), press).await
}

async fn the_press_is_refused_with(app: &TestApp, pop_up: &str, press: impl FnOnce()) {
    let before = app.tg.sent().len();
    let answers = app.tg.sent().iter().filter(|s| is_answer(s)).count();
    press();
    let answer = app
        .tg
        .wait_for_n(WAIT, answers + 1, is_answer)
        .await
        .pop()
        .unwrap();
    assert_eq!(answer.text_str(), pop_up);
    app.tg
        .expect_none(QUIET, |s| !is_answer(s) && s.method != "sendchataction")
        .await;
    let after: Vec<String> = app.tg.sent()[before..]
        .iter()
        .filter(|s| !is_answer(s))
        .map(Sent::summary)
        .collect();
    assert!(after.is_empty(), "{after:?}");
    assert_eq!(app.report(1).unwrap().status, "alerted");
    assert!(staff_events(app, 1).is_empty());
}

#[tokio::test]
async fn a_button_pressed_in_another_group_does_nothing_but_a_polite_answer() {
    let app = spawn_app().await;
    let alert = alerted_report(&app).await;
    // The same message id, in another group the bot is in.
    the_press_is_refused(&app, || {
        app.tg
            .group(OTHER_GROUP, CREW_MEMBER)
            .presses_button(alert.message_id.unwrap(), "fixed:1");
    })
    .await;
}

#[tokio::test]
async fn a_button_pressed_in_a_private_chat_does_nothing_but_a_polite_answer() {
    let app = spawn_app().await;
    let alert = alerted_report(&app).await;
    the_press_is_refused(&app, || {
        app.tg
            .citizen(CITIZEN)
            .presses_button(alert.message_id.unwrap(), "reject:1");
    })
    .await;
}

#[tokio::test]
async fn callback_data_replayed_under_another_staff_message_does_nothing() {
    let app = spawn_app().await;
    alerted_report(&app).await;
    let pin = app
        .tg
        .sent_to(STAFF)
        .into_iter()
        .find(|s| s.method == "sendlocation")
        .unwrap();
    // Under the pin, under a message that does not exist, and naming a report that does not.
    let stale = crew_texts::not_this_alert(Locale::ENGLISH);
    the_press_is_refused_with(&app, &stale, || {
        app.tg
            .group(STAFF, CREW_MEMBER)
            .presses_button(pin.message_id.unwrap(), "fixed:1");
    })
    .await;
    the_press_is_refused_with(&app, &stale, || {
        app.tg
            .group(STAFF, CREW_MEMBER)
            .presses_button(9_999, "v1:ack:1");
    })
    .await;
    the_press_is_refused_with(
        &app,
        &crew_texts::no_such_pothole(Locale::ENGLISH, 99),
        || {
            app.tg
                .group(STAFF, CREW_MEMBER)
                .presses_button(9_999, "fixed:99");
        },
    )
    .await;
    the_press_is_refused(&app, || {
        app.tg
            .group(STAFF, CREW_MEMBER)
            .presses_button(9_999, "drop table reports");
    })
    .await;
}

// ------------------------------------------------------------------ /stats

#[tokio::test]
async fn stats_in_the_staff_chat_counts_reports_by_severity_and_the_cost_today() {
    let app = spawn_app().await;
    app.ai.on_color(RED, Reply::verdict("severe", "Deep"));
    app.ai.on_color(GREEN, Reply::verdict("minor", "Small"));
    app.ai
        .on_color(BLUE, Reply::verdict("not_pothole", "A car door"));
    for (chat, color) in [(1, RED), (2, RED), (3, GREEN), (4, BLUE)] {
        app.tg
            .citizen(chat)
            .sends_photo(&app.tg.add_photo(color, &STANDARD_SIZES));
    }
    for id in 1..=4 {
        app.wait_graded(id).await;
    }
    // One from last week, one from long ago.
    let rw = rusqlite::Connection::open(&app.db_path).unwrap();
    rw.busy_timeout(Duration::from_secs(5)).unwrap();
    rw.execute_batch(
        "UPDATE reports SET created_unix = unixepoch() - 3 * 86400 WHERE id = 3;
         UPDATE reports SET created_unix = unixepoch() - 30 * 86400 WHERE id = 4;",
    )
    .unwrap();
    let cost: f64 = app
        .db()
        .query_row("SELECT SUM(cost_usd) FROM reports", [], |r| r.get(0))
        .unwrap();

    app.tg.group(STAFF, CREW_MEMBER).sends_command("/stats");
    let stats = app
        .tg
        .wait_for(WAIT, |s| {
            s.chat_id == STAFF && s.text_str().starts_with("📊")
        })
        .await;
    let text = stats.text_str();
    for part in [
        "Reports today (since 00:00 UTC): 2\n   severe 2 · moderate 0 · minor 0 · not a pothole 0",
        "Last 7 days: 3\n   severe 2 · moderate 0 · minor 1 · not a pothole 0",
        &format!("Grading cost today: ${cost:.4}"),
    ] {
        assert!(text.contains(part), "{part:?} missing from {text}");
    }
}

#[tokio::test]
async fn stats_outside_the_staff_chat_reveals_nothing() {
    let app = spawn_app().await;
    app.tg.citizen(CITIZEN).sends_command("/stats");
    let answer = app.tg.wait_for(WAIT, |s| s.chat_id == CITIZEN).await;
    assert_eq!(answer.text_str(), texts::unknown_command(Locale::ENGLISH));
    app.tg.group(OTHER_GROUP, 5).sends_command("/stats");
    let answer = app.tg.wait_for(WAIT, |s| s.chat_id == OTHER_GROUP).await;
    assert_eq!(
        answer.text_str(),
        texts::private_only(Locale::ENGLISH, BOT_USERNAME)
    );
    // And /stats is offered in no command menu but the staff chat's own.
    let deadline = std::time::Instant::now() + WAIT;
    while app.tg.calls("setmycommands") < 3 && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let menus: Vec<_> = app
        .tg
        .sent()
        .into_iter()
        .filter(|s| s.method == "setmycommands")
        .collect();
    assert!(menus.len() >= 3, "{}", menus.len());
    for s in menus {
        let staff_only = s.params.to_string().contains(&STAFF.to_string());
        assert_eq!(
            s.params.to_string().contains("stats"),
            staff_only,
            "{}",
            s.params
        );
    }
}

#[tokio::test]
async fn help_in_the_staff_chat_explains_the_buttons_and_stats() {
    let app = spawn_app().await;
    app.tg.group(STAFF, CREW_MEMBER).sends_command("/help");
    let answer = app.tg.wait_for(WAIT, |s| s.chat_id == STAFF).await;
    assert_eq!(answer.text_str(), texts::staff_help(Locale::ENGLISH));
    assert!(answer.text_str().contains("/stats"));
}

#[tokio::test]
async fn commands_for_another_bot_are_not_ours() {
    let app = spawn_app().await;
    // In the staff chat: silence (the other bot answers it).
    app.tg
        .group(STAFF, CREW_MEMBER)
        .sends_command("/stats@some_other_bot");
    // In a private chat: the answer any unknown command gets.
    app.tg
        .citizen(CITIZEN)
        .sends_command("/help@some_other_bot");
    let answer = app.tg.wait_for(WAIT, |s| s.chat_id == CITIZEN).await;
    assert_eq!(answer.text_str(), texts::unknown_command(Locale::ENGLISH));
    app.tg
        .expect_none(QUIET, |s| s.chat_id == STAFF && s.method == "sendmessage")
        .await;
    // Addressed to us by name, it is answered.
    app.tg
        .group(STAFF, CREW_MEMBER)
        .sends_command(&format!("/stats@{BOT_USERNAME}"));
    app.tg
        .wait_for(WAIT, |s| {
            s.chat_id == STAFF && s.text_str().starts_with("📊")
        })
        .await;
}
