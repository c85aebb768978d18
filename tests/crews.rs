//! The crews' loop end to end against the fakes: alert buttons, citizens hearing back,
//! "Still broken", nearby duplicates, reminders, the digest, the follow-up, staff commands,
//! and the abuse cases.

mod support;

use std::time::Duration;

use pothole_bot::domain::crew_texts as ct;
use pothole_bot::domain::work::WorkAction;
use pothole_bot::domain::{Locale, texts};
use support::app::{STAFF, TestApp, WAIT, spawn_app, spawn_app_setting};
use support::fake_openai::Reply;
use support::fake_telegram::{Author, STANDARD_SIZES, Sent};
use support::fixtures::RED;

const CITIZEN: i64 = 4242;
const NEIGHBOUR: i64 = 4343;
const ANA: i64 = 77;
const BEN: i64 = 78;
const OTHER_GROUP: i64 = -100_999;
const QUIET: Duration = Duration::from_millis(700);
const EN: Locale = Locale::ENGLISH;

fn is_answer(s: &Sent) -> bool {
    s.method == "answercallbackquery"
}

fn is_alert(s: &Sent) -> bool {
    s.chat_id == STAFF && s.method == "sendphoto"
}

/// Ana, a crew member writing in the staff chat.
fn ana(app: &TestApp) -> Author {
    app.tg.group(STAFF, ANA)
}

/// `citizen` sends a pin at (lat, lon), and once it is answered, a photo.
async fn sends_pin_then_photo(app: &TestApp, citizen: i64, lat: f64, lon: f64) {
    app.tg.citizen(citizen).sends_location(lat, lon);
    hears(app, citizen, "📍").await;
    app.tg
        .citizen(citizen)
        .sends_photo(&app.tg.add_photo(RED, &STANDARD_SIZES));
}

/// A severe pothole from `citizen` at (lat, lon) (the pin sent first), alerted; its alert.
async fn alerted(app: &TestApp, citizen: i64, lat: f64, lon: f64) -> Sent {
    let alerts = app.tg.sent().iter().filter(|s| is_alert(s)).count();
    app.ai.set_default(Reply::verdict("severe", "Deep hole"));
    sends_pin_then_photo(app, citizen, lat, lon).await;
    app.tg
        .wait_for_n(WAIT, alerts + 1, is_alert)
        .await
        .pop()
        .unwrap()
}

/// The bot with `settings` changed, and report #1, the citizen's severe pothole in Berlin,
/// alerted; with its alert's message id.
async fn one_alert(settings: &[(&str, &str)]) -> (TestApp, i64) {
    let (app, alert) = one_alert_sent(settings).await;
    (app, alert.message_id.unwrap())
}

/// Like [`one_alert`], with the whole alert.
async fn one_alert_sent(settings: &[(&str, &str)]) -> (TestApp, Sent) {
    let app = spawn_app_setting(settings).await;
    let alert = alerted(&app, CITIZEN, 52.52, 13.405).await;
    (app, alert)
}

/// `who` presses `data` under `message`; the bot's answer to that press (the next one after
/// those already given).
async fn press(app: &TestApp, who: Author, message: i64, data: &str) -> String {
    let before = answers(app);
    who.presses_button(message, data);
    answer_after(app, before).await
}

/// Ana takes report #1 ("On it") under its alert, and the store has it.
async fn ana_takes(app: &TestApp, alert: i64) {
    ana(app).presses_button(alert, "v1:ack:1");
    app.wait_work_state(1, "acknowledged").await;
}

/// The newest answer to a button press, after `before` answers.
async fn answer_after(app: &TestApp, before: usize) -> String {
    app.tg
        .wait_for_n(WAIT, before + 1, is_answer)
        .await
        .pop()
        .unwrap()
        .text_str()
        .to_owned()
}

fn answers(app: &TestApp) -> usize {
    app.tg.sent().iter().filter(|s| is_answer(s)).count()
}

/// Waits for the `n`-th caption edit of message `alert` and returns it.
async fn nth_edit(app: &TestApp, alert: i64, n: usize) -> Sent {
    app.tg
        .wait_for_n(WAIT, n, |s| {
            s.method == "editmessagecaption" && s.message_id == Some(alert)
        })
        .await
        .pop()
        .unwrap()
}

/// Waits for a message to `chat` whose text passes `text`.
async fn heard(app: &TestApp, chat: i64, text: impl Fn(&str) -> bool) -> Sent {
    app.tg
        .wait_for(WAIT, move |s| s.chat_id == chat && text(s.text_str()))
        .await
}

/// Waits for a message to `chat` whose text contains `part`.
async fn hears(app: &TestApp, chat: i64, part: &str) -> Sent {
    heard(app, chat, |t| t.contains(part)).await
}

/// Waits for a message to `chat` that says exactly `text`.
async fn hears_exactly(app: &TestApp, chat: i64, text: &str) -> Sent {
    heard(app, chat, |t| t == text).await
}

/// What `chat` has been sent so far that contains `part`.
fn told(app: &TestApp, chat: i64, part: &str) -> Vec<Sent> {
    app.tg
        .sent_to(chat)
        .into_iter()
        .filter(|s| s.text_str().contains(part))
        .collect()
}

/// Asserts that the text (or caption) of `s` contains `part`, showing it if not.
#[track_caller]
fn assert_says(s: &Sent, part: &str) {
    assert!(s.text_str().contains(part), "{}", s.text_str());
}

#[tokio::test]
async fn the_whole_loop_from_alert_to_fixed_to_still_broken_and_realerted() {
    let (app, alert) = one_alert_sent(&[]).await;
    let alert_id = alert.message_id.unwrap();
    assert_says(&alert, "🆕 Open");
    let crew = ana(&app);

    // On it.
    assert_eq!(
        press(&app, crew.clone(), alert_id, "v1:ack:1").await,
        ct::action_done(EN, 1, WorkAction::Take)
    );
    let edit = nth_edit(&app, alert_id, 1).await;
    assert_says(&edit, &format!("👷 Crew on it — Citizen{ANA}"));
    assert_eq!(edit.button_data(), ["v1:safe:1", "v1:fix:1", "v1:rejm:1"]);
    hears(
        &app,
        CITIZEN,
        &ct::citizen_update(EN, 1, 1, WorkAction::Take),
    )
    .await;

    // Made safe.
    crew.presses_button(alert_id, "v1:safe:1");
    let edit = nth_edit(&app, alert_id, 2).await;
    assert_says(&edit, "🚧 Made safe");
    assert_eq!(edit.button_data(), ["v1:fix:1", "v1:rejm:1"]);
    hears(&app, CITIZEN, "has been made safe").await;

    // Fixed: the citizen gets a Still broken button.
    crew.presses_button(alert_id, "v1:fix:1");
    let edit = nth_edit(&app, alert_id, 3).await;
    assert_says(&edit, "✅ Fixed");
    assert_eq!(edit.button_data(), ["v1:reopen:1"]);
    let fixed = hears(&app, CITIZEN, "has been fixed").await;
    assert_eq!(fixed.button_data(), ["v1:broken:1"]);
    app.wait_work_state(1, "fixed").await;

    // Still broken: reopened, a new photo asked for, re-alerted as a reply to the old alert.
    // (First the pop-ups of On it, Made safe and Fixed, which may come after their edits.)
    app.tg.wait_for_n(WAIT, 3, is_answer).await;
    let citizen = app.tg.citizen(CITIZEN);
    assert_eq!(
        press(&app, citizen, fixed.message_id.unwrap(), "v1:broken:1").await,
        ct::reopened_by_citizen(EN, 1)
    );
    hears(&app, CITIZEN, "send a new photo").await;
    let again = app.tg.wait_for_n(WAIT, 2, is_alert).await.pop().unwrap();
    assert_eq!(again.reply_to, Some(alert_id), "a reply to the old alert");
    assert!(
        again.text_str().starts_with("🔁 Reopened by the citizen"),
        "{}",
        again.text_str()
    );
    assert_eq!(
        again.button_data(),
        ["v1:ack:1", "v1:safe:1", "v1:fix:1", "v1:rejm:1"]
    );
    let report = app
        .wait_report(1, |r| r.alert_message_id == again.message_id)
        .await;
    assert_eq!(report.work_state.as_deref(), Some("open"));
    // The old alert's buttons no longer act.
    assert_eq!(
        press(&app, crew, alert_id, "v1:reopen:1").await,
        ct::not_this_alert(EN)
    );
    let kinds = app.events(1);
    for kind in [
        "acknowledged",
        "made_safe",
        "fixed",
        "reopened",
        "realerted",
    ] {
        assert!(kinds.iter().any(|k| k == kind), "{kind} in {kinds:?}");
    }
}

#[tokio::test]
async fn not_a_pothole_asks_for_the_reason_and_tells_the_citizen_which() {
    let (app, alert_id) = one_alert(&[]).await;
    let crew = ana(&app);
    crew.presses_button(alert_id, "v1:rejm:1");
    let menu = nth_edit(&app, alert_id, 1).await;
    assert_eq!(
        menu.button_data(),
        ["v1:rej:1:np", "v1:rej:1:no", "v1:rej:1:na", "v1:back:1"]
    );
    crew.presses_button(alert_id, "v1:back:1");
    let back = nth_edit(&app, alert_id, 2).await;
    assert_eq!(
        back.button_data(),
        ["v1:ack:1", "v1:safe:1", "v1:fix:1", "v1:rejm:1"]
    );
    assert_eq!(
        app.work_state(1).as_deref(),
        Some("open"),
        "a menu changes nothing"
    );
    crew.presses_button(alert_id, "v1:rejm:1");
    nth_edit(&app, alert_id, 3).await;
    crew.presses_button(alert_id, "v1:rej:1:no");
    let closed = nth_edit(&app, alert_id, 4).await;
    assert_says(&closed, "Closed: not ours");
    hears(&app, CITIZEN, "not looked after by these road crews").await;
    let detail: String =
        app.value("SELECT detail FROM events WHERE report_id = 1 AND kind = 'rejected'");
    assert!(detail.contains(r#""reason":"not_ours""#), "{detail}");
}

#[tokio::test]
async fn a_nearby_pothole_joins_the_open_one_without_a_second_alert() {
    let (app, alert) = one_alert_sent(&[]).await;
    // A neighbour reports the same pothole about 11 m away.
    sends_pin_then_photo(&app, NEIGHBOUR, 52.52010, 13.405).await;
    hears(&app, NEIGHBOUR, "same pothole as report #1").await;
    let reply = hears(&app, STAFF, "2 citizens have reported #1").await;
    assert_eq!(
        reply.reply_to, alert.message_id,
        "a reply on the original alert"
    );
    app.tg
        .expect_none(QUIET, |s| is_alert(s) && s.message_id != alert.message_id)
        .await;
    let dup = app.report(2).unwrap();
    assert_eq!(dup.work_state.as_deref(), Some("duplicate"));
    let of: i64 = app.value("SELECT duplicate_of FROM reports WHERE id = 2");
    assert_eq!(of, 1);
    // The caption counts the citizens; the neighbour hears about the original's changes.
    let edit = nth_edit(&app, alert.message_id.unwrap(), 1).await;
    assert_says(&edit, "2 citizens have reported this");
    ana(&app).presses_button(alert.message_id.unwrap(), "v1:fix:1");
    hears(
        &app,
        NEIGHBOUR,
        &ct::citizen_update(EN, 2, 1, WorkAction::Fix),
    )
    .await;
    hears(
        &app,
        CITIZEN,
        &ct::citizen_update(EN, 1, 1, WorkAction::Fix),
    )
    .await;
}

#[tokio::test]
async fn a_pin_after_the_alert_puts_the_map_link_in_its_caption() {
    let app = spawn_app().await;
    app.ai.set_default(Reply::verdict("severe", "Deep hole"));
    app.tg
        .citizen(CITIZEN)
        .sends_photo(&app.tg.add_photo(RED, &STANDARD_SIZES));
    let alert = app.tg.wait_for(WAIT, is_alert).await;
    assert_says(&alert, "No location yet");
    app.wait_report(1, |r| r.alert_message_id.is_some()).await;
    app.tg.citizen(CITIZEN).sends_location(52.52, 13.405);
    let edit = nth_edit(&app, alert.message_id.unwrap(), 1).await;
    assert_says(&edit, "google.com/maps");
}

#[tokio::test]
async fn an_overdue_pothole_gets_one_reminder_across_a_restart_and_closed_work_none() {
    let (mut app, first) =
        one_alert_sent(&[("DEADLINE_SEVERE", "2s"), ("DUPLICATE_RADIUS_M", "0")]).await;
    let second = alerted(&app, NEIGHBOUR, 48.85, 2.35).await;
    // The second is fixed in time: no reminder for it.
    ana(&app).presses_button(second.message_id.unwrap(), "v1:fix:2");
    app.wait_work_state(2, "fixed").await;
    let reminder = hears(&app, STAFF, "is overdue").await;
    assert_eq!(reminder.reply_to, first.message_id);
    assert!(
        reminder
            .text_str()
            .starts_with("⏰ Report #1 (severe) is overdue"),
        "{}",
        reminder.text_str()
    );
    app.kill().await;
    app.start();
    tokio::time::sleep(Duration::from_secs(3)).await;
    let reminders = told(&app, STAFF, "is overdue");
    assert_eq!(reminders.len(), 1, "{reminders:?}");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM events WHERE kind = 'reminder_sent'"),
        1
    );
}

#[tokio::test]
async fn a_reminder_that_falls_due_while_the_bot_is_down_is_sent_after_the_restart() {
    let (mut app, alert) = one_alert_sent(&[("DEADLINE_SEVERE", "4s")]).await;
    app.wait_report(1, |r| r.alert_message_id.is_some()).await;
    // Down well before the deadline (a few seconds after the grade), up after it.
    app.kill().await;
    tokio::time::sleep(Duration::from_secs(5)).await;
    app.start();
    let reminder = hears(&app, STAFF, "is overdue").await;
    assert_eq!(reminder.reply_to, alert.message_id);
    tokio::time::sleep(QUIET).await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM events WHERE kind = 'reminder_sent'"),
        1
    );
}

#[tokio::test]
async fn the_digest_goes_out_once_a_day_at_digest_at_even_across_a_restart() {
    let now = chrono::Utc::now();
    let at = now.format("%H:%M").to_string();
    let mut app = spawn_app_setting(&[("DIGEST_AT", &at), ("TIMEZONE", "UTC")]).await;
    let digest = hears(&app, STAFF, "Daily digest").await;
    assert_says(&digest, "Open: 0");
    app.stop().await.unwrap();
    app.start();
    app.tg
        .expect_none(Duration::from_secs(2), |s| {
            s.chat_id == STAFF
                && s.text_str().contains("Daily digest")
                && s.message_id != digest.message_id
        })
        .await;
    let today = now.format("%Y-%m-%d").to_string();
    let stored: String = app.value("SELECT value FROM settings WHERE key = 'digest_last_day'");
    assert!(stored >= today, "{stored}");
}

#[tokio::test]
async fn the_follow_up_asks_the_citizen_once_and_no_reminds_the_crews() {
    let (app, alert) = one_alert_sent(&[("FOLLOW_UP_AFTER", "1s")]).await;
    let question = hears(&app, CITIZEN, "Is it fixed now?").await;
    assert_eq!(question.button_data(), ["v1:fu:1:y", "v1:fu:1:n"]);
    let citizen = app.tg.citizen(CITIZEN);
    let question_id = question.message_id.unwrap();
    assert_eq!(
        press(&app, citizen.clone(), question_id, "v1:fu:1:n").await,
        ct::follow_up_thanks_not_fixed(EN, 1)
    );
    let reminder = hears(&app, STAFF, "still not fixed").await;
    assert_eq!(reminder.reply_to, alert.message_id);
    // A second answer changes nothing.
    assert_eq!(
        press(&app, citizen, question_id, "v1:fu:1:y").await,
        ct::follow_up_already_answered(EN)
    );
    assert_eq!(app.work_state(1).as_deref(), Some("open"));
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let asked = told(&app, CITIZEN, "Is it fixed now?").len();
    assert_eq!(asked, 1, "asked once");
}

#[tokio::test]
async fn yes_to_the_follow_up_marks_it_fixed_by_the_citizen() {
    let (app, _) = one_alert(&[("FOLLOW_UP_AFTER", "1s")]).await;
    let question = hears(&app, CITIZEN, "Is it fixed now?").await;
    app.tg
        .citizen(CITIZEN)
        .presses_button(question.message_id.unwrap(), "v1:fu:1:y");
    app.wait_work_state(1, "fixed").await;
    let actor: String =
        app.value("SELECT actor FROM events WHERE report_id = 1 AND kind = 'fixed'");
    assert_eq!(actor, "citizen");
}

/// Adds `n` open potholes straight into the database (as a crew would have after months).
fn add_open_potholes(app: &TestApp, n: i64) {
    app.db_writer().execute(
        "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ?1)
         INSERT INTO reports (chat_id, message_id, media_kind, file_id, file_unique_id, grade_file_id,
                status, severity, work_state, opened_unix, due_unix, latitude, longitude, created_unix)
         SELECT 900000 + i, i, 'photo', 'F', 'bulk' || i, 'G', 'graded',
                CASE i % 3 WHEN 0 THEN 'severe' WHEN 1 THEN 'moderate' ELSE 'minor' END, 'open',
                unixepoch() - i * 60, unixepoch() - i * 60 + 86400, 10 + i * 0.001, 10, unixepoch() - i * 60
           FROM k",
        [n],
    )
    .unwrap();
}

#[tokio::test]
async fn open_lists_the_most_overdue_first_in_pages_even_with_10000() {
    let app = spawn_app().await;
    ana(&app).sends_command("/open");
    hears_exactly(&app, STAFF, "🎉 No open potholes.").await;
    add_open_potholes(&app, 10_000);
    ana(&app).sends_command("/open");
    let page = heard(&app, STAFF, |t| t.starts_with("🕳 Open potholes 1–")).await;
    let text = page.text_str();
    assert!(text.contains("1–10 of 10,000"), "{text}");
    // The oldest (most overdue) first: #10000 was opened 10,000 minutes ago.
    assert!(
        text.find("#10000 ").unwrap() < text.find("#9999 ").unwrap(),
        "{text}"
    );
    assert!(text.contains("overdue"), "{text}");
    assert_eq!(page.button_data(), ["v1:open:10"]);
    press(&app, ana(&app), page.message_id.unwrap(), "v1:open:10").await;
    let next = hears(&app, STAFF, "11–20 of 10,000").await;
    assert_eq!(next.button_data(), ["v1:open:0", "v1:open:20"]);
    assert_says(&next, "#9990 ");
}

#[tokio::test]
async fn report_shows_one_report_and_refuses_what_is_not_a_report_number() {
    let (app, alert) = one_alert_sent(&[]).await;
    ana_takes(&app, alert.message_id.unwrap()).await;
    let staff = ana(&app);
    staff.sends_command("/report 1");
    let detail = heard(&app, STAFF, |t| t.starts_with("📄 Report #1")).await;
    // The report's own photo (its stored file_id), the sheet as its caption.
    assert_eq!(detail.method, "sendphoto", "{}", detail.summary());
    assert_eq!(detail.photo, alert.photo, "the photo the alert showed");
    let text = detail.text_str();
    for part in [
        "severe · alerted",
        "Crew on it",
        "received",
        "graded",
        "alerted",
        &format!("on it (Citizen{ANA})"),
    ] {
        assert!(text.contains(part), "{part} in {text}");
    }
    assert!(!text.contains(&CITIZEN.to_string()), "no chat ids: {text}");
    staff.sends_command("/report abc");
    hears_exactly(&app, STAFF, &ct::report_usage(EN)).await;
    staff.sends_command("/report 99999999");
    hears_exactly(&app, STAFF, "There is no report #99999999.").await;
}

#[tokio::test]
async fn report_keeps_a_long_history_within_a_caption_and_falls_back_to_text_without_the_photo() {
    let (app, _) = one_alert(&[]).await;
    // Months of taps: far more history than a caption's 1,024 characters hold.
    {
        let conn = app.db_writer();
        for i in 0..80 {
            conn.execute(
                "INSERT INTO events (report_id, actor, kind, detail)
                 VALUES (1, 'staff', 'acknowledged', ?1)",
                [format!(r#"{{"user_id":7,"name":"Crew member {i}"}}"#)],
            )
            .unwrap();
        }
    }
    let staff = ana(&app);
    staff.sends_command("/report 1");
    let sheet = heard(&app, STAFF, |t| t.starts_with("📄 Report #1")).await;
    assert_eq!(sheet.method, "sendphoto", "{}", sheet.summary());
    let caption = sheet.text_str();
    assert!(caption.chars().count() <= 1024, "{caption}");
    assert!(caption.contains("earlier events"), "{caption}");
    assert!(
        caption.contains("Crew member 79"),
        "the newest kept: {caption}"
    );

    // The photo is gone from Telegram (an id it no longer knows): the sheet comes as text.
    app.db_writer()
        .execute("UPDATE reports SET file_id = 'gone' WHERE id = 1", [])
        .unwrap();
    staff.sends_command("/report 1");
    let text = app
        .tg
        .wait_for(WAIT, |s| {
            s.chat_id == STAFF
                && s.method == "sendmessage"
                && s.text_str().starts_with("📄 Report #1")
        })
        .await;
    assert_says(&text, "Crew member 79");
    assert!(
        app.tg
            .failed()
            .iter()
            .any(|f| f.method == "sendphoto" && f.photo.as_deref() == Some("gone")),
        "the photo was tried first"
    );
}

#[tokio::test]
async fn export_sends_csv_and_geojson_documents() {
    let (app, _) = one_alert(&[]).await;
    ana(&app).sends_command("/export");
    let docs = app
        .tg
        .wait_for_n(WAIT, 2, |s| {
            s.chat_id == STAFF && s.method == "senddocument"
        })
        .await;
    let captions: Vec<&str> = docs.iter().map(|d| d.text_str()).collect();
    assert!(
        captions[0].contains("CSV") && captions[1].contains("GeoJSON"),
        "{captions:?}"
    );
    let uploads = docs[0].params["_uploads"].to_string();
    assert!(uploads.contains("potholes.csv"), "{uploads}");
    assert!(
        docs[1].params["_uploads"]
            .to_string()
            .contains("potholes.geojson")
    );
    // The same public view and writer as `pothole-bot export`: no chat ids.
    let text = |ext: &str| {
        let files = app.tg.uploaded(ext);
        assert_eq!(files.len(), 1, "one .{ext}");
        String::from_utf8(files[0].to_vec()).unwrap()
    };
    let csv = text("csv");
    assert!(
        csv.starts_with(&pothole_bot::export::row::HEADER.join(",")),
        "{csv}"
    );
    assert!(
        csv.lines().nth(1).unwrap().contains(",severe,open,open,"),
        "{csv}"
    );
    let geo = text("geojson");
    let v: serde_json::Value = serde_json::from_str(&geo).unwrap();
    assert_eq!(
        v["features"][0]["geometry"]["coordinates"],
        serde_json::json!([13.405, 52.52])
    );
    for doc in [&csv, &geo] {
        assert!(!doc.contains(&CITIZEN.to_string()), "{doc}");
    }
}

#[tokio::test]
async fn stats_add_the_crews_work() {
    let (app, alert_id) = one_alert(&[]).await;
    ana_takes(&app, alert_id).await;
    ana(&app).sends_command("/stats");
    let stats = hears(&app, STAFF, "🛠 Work now").await;
    assert_says(&stats, "crew on it 1");
    assert_says(&stats, "Median time to \"On it\": 0 min");
}

// ------------------------------------------------------------------ bad input and abuse

#[tokio::test]
async fn two_crew_members_tapping_at_once_make_one_change() {
    let (app, id) = one_alert(&[]).await;
    let n = answers(&app);
    ana(&app).presses_button(id, "v1:ack:1");
    app.tg.group(STAFF, BEN).presses_button(id, "v1:ack:1");
    let pops: Vec<String> = app
        .tg
        .wait_for_n(WAIT, n + 2, is_answer)
        .await
        .iter()
        .skip(n)
        .map(|s| s.text_str().to_owned())
        .collect();
    assert_eq!(
        pops.iter().filter(|p| p.contains("you're on it")).count(),
        1,
        "{pops:?}"
    );
    assert_eq!(
        pops.iter()
            .filter(|p| p.contains("already taken by"))
            .count(),
        1,
        "{pops:?}"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM events WHERE kind = 'acknowledged'"),
        1
    );
    tokio::time::sleep(QUIET).await;
    let told = told(&app, CITIZEN, "a road crew is on it").len();
    assert_eq!(told, 1, "the citizen is told once");
}

#[tokio::test]
async fn forged_stale_and_foreign_taps_get_an_answer_and_change_nothing() {
    let (app, id) = one_alert(&[]).await;
    let refused = texts::staff_button_refused(EN);
    for (who, data, expected) in [
        (ana(&app), "v1:ack:1:2", refused.clone()),
        (ana(&app), "v1:ack:0", refused.clone()),
        (ana(&app), "v9:ack:1", refused.clone()),
        (app.tg.group(OTHER_GROUP, ANA), "v1:fix:1", refused.clone()),
        (app.tg.citizen(CITIZEN), "v1:fix:1", refused),
        (ana(&app), "v1:broken:1", ct::not_your_report(EN)),
    ] {
        assert_eq!(press(&app, who, id, data).await, expected, "{data}");
    }
    assert_eq!(app.work_state(1).as_deref(), Some("open"));
    assert_eq!(app.count("SELECT COUNT(*) FROM events WHERE actor IN ('staff', 'citizen') AND kind != 'received' AND kind != 'location_added'"), 0);
}

#[tokio::test]
async fn still_broken_on_someone_elses_report_or_after_the_window_is_refused_kindly() {
    let (app, alert) = one_alert_sent(&[("REOPEN_WINDOW", "1s")]).await;
    // The crew's pop-up may come after the citizen's notice: wait for it, so the next
    // answer counted is the one to the next press.
    press(&app, ana(&app), alert.message_id.unwrap(), "v1:fix:1").await;
    let fixed = hears(&app, CITIZEN, "has been fixed").await;
    // Someone else, in their own chat, with data naming report #1.
    assert_eq!(
        press(&app, app.tg.citizen(NEIGHBOUR), 999, "v1:broken:1").await,
        ct::not_your_report(EN)
    );
    // The citizen, too late.
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let citizen = app.tg.citizen(CITIZEN);
    assert_eq!(
        press(&app, citizen, fixed.message_id.unwrap(), "v1:broken:1").await,
        ct::reopen_too_late(EN, 1)
    );
    hears(&app, CITIZEN, "as a new report").await;
    assert_eq!(app.work_state(1).as_deref(), Some("fixed"));
    app.tg
        .expect_none(QUIET, |s| is_alert(s) && s.message_id != alert.message_id)
        .await;
}

#[tokio::test]
async fn dup_marks_by_hand_and_a_reply_to_a_non_alert_is_explained() {
    let (app, _) = one_alert(&[("DUPLICATE_RADIUS_M", "0")]).await;
    let second = alerted(&app, NEIGHBOUR, 52.52, 13.405).await;
    let staff = ana(&app);
    // A reply to a message that is not an alert.
    let chatter = staff.sends_text("lunch?");
    staff.replying_to(chatter).sends_command("/dup 1");
    hears(&app, STAFF, "isn't a pothole alert").await;
    ana(&app).sends_command("/dup abc");
    hears_exactly(&app, STAFF, &ct::dup_usage(EN)).await;
    // A reply to #2's alert: #2 is the same pothole as #1.
    ana(&app)
        .replying_to(second.message_id.unwrap())
        .sends_command("/dup 1");
    app.wait_work_state(2, "duplicate").await;
    hears(&app, NEIGHBOUR, "same pothole as report #1").await;
    ana(&app).sends_command("/dup 2 2");
    hears_exactly(&app, STAFF, "#2 cannot be a duplicate of itself.").await;
}

#[tokio::test]
async fn staff_commands_do_nothing_outside_the_staff_chat() {
    let (app, _) = one_alert(&[]).await;
    for command in ["/open", "/report 1", "/export", "/dup 1 2"] {
        app.tg.group(OTHER_GROUP, ANA).sends_command(command);
        app.tg.citizen(NEIGHBOUR).sends_command(command);
    }
    app.tg
        .wait_for_n(WAIT, 4, |s| {
            s.chat_id == NEIGHBOUR && s.text_str() == texts::unknown_command(EN)
        })
        .await;
    app.tg
        .wait_for_n(WAIT, 4, |s| s.chat_id == OTHER_GROUP)
        .await;
    tokio::time::sleep(QUIET).await;
    let leaked: Vec<String> = app
        .tg
        .sent()
        .iter()
        .filter(|s| s.chat_id == OTHER_GROUP || s.chat_id == NEIGHBOUR)
        .filter(|s| s.method == "senddocument" || s.text_str().contains("#1"))
        .map(Sent::summary)
        .collect();
    assert!(leaked.is_empty(), "{leaked:?}");
    // Plain chatter in the staff chat stays ignored.
    let before = app.tg.sent_to(STAFF).len();
    ana(&app).sends_text("the pothole on Main St is back");
    tokio::time::sleep(QUIET).await;
    assert_eq!(app.tg.sent_to(STAFF).len(), before);
}

#[tokio::test]
async fn status_shows_the_citizen_the_crews_progress() {
    let (app, alert_id) = one_alert(&[]).await;
    ana(&app).presses_button(alert_id, "v1:ack:1");
    hears(&app, CITIZEN, "a road crew is on it").await;
    app.tg.citizen(CITIZEN).sends_command("/status");
    hears(&app, CITIZEN, "#1 · severe · crew on it · 0 min").await;
}
