//! Bad input (issue 3): every kind of message gets a deliberate answer — a helpful reply or a
//! deliberate silence — and none creates a report it should not, downloads a file it should
//! not, or costs a model call.

mod support;

use std::time::Duration;

use pothole_bot::domain::{Locale, texts};
use rusqlite::Connection;
use support::app::{STAFF, TestApp, WAIT, report_number, spawn_app, spawn_app_with};
use support::fake_openai::Reply;
use support::fake_telegram::{BOT_USERNAME, STANDARD_SIZES, Sent};
use support::fixtures::{self, GREEN, GREY, RED};

const CITIZEN: i64 = 4242;
const QUIET: Duration = Duration::from_millis(400);

use support::texts::is_ack;

fn text_to(chat: i64) -> impl Fn(&Sent) -> bool {
    move |s| s.chat_id == chat && s.method == "sendmessage"
}

/// Waits for the next text to `chat` and returns it.
async fn reply_to(app: &TestApp, chat: i64) -> String {
    app.tg
        .wait_for(WAIT, text_to(chat))
        .await
        .text_str()
        .to_owned()
}

fn reports(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM reports")
}

/// A read-write connection, for tests that move time by editing rows.
fn rw(app: &TestApp) -> Connection {
    let conn = Connection::open(&app.db_path).unwrap();
    conn.busy_timeout(Duration::from_secs(5)).unwrap();
    conn
}

/// Sends one message of a kind that is not a report, and checks the citizen is told to send
/// a photo, exactly once, and nothing is stored or graded.
async fn answered_with_send_a_photo(send: impl FnOnce(&TestApp)) {
    let app = spawn_app().await;
    send(&app);
    assert_eq!(
        reply_to(&app, CITIZEN).await,
        texts::send_a_photo(Locale::ENGLISH)
    );
    tokio::time::sleep(QUIET).await;
    assert_eq!(
        app.tg.messages_sent().len(),
        1,
        "one answer: {}",
        app.tg.dump()
    );
    assert_eq!(reports(&app), 0);
    assert_eq!(app.tg.file_downloads(), 0);
    assert_eq!(app.ai.count(), 0);
}

#[tokio::test]
async fn plain_text_is_answered_with_how_to_report() {
    answered_with_send_a_photo(|app| {
        app.tg
            .citizen(CITIZEN)
            .sends_text("there is a hole on Main St");
    })
    .await;
}

#[tokio::test]
async fn an_unknown_command_is_answered_with_a_pointer_to_help() {
    let app = spawn_app().await;
    app.tg.citizen(CITIZEN).sends_command("/delete_everything");
    assert_eq!(
        reply_to(&app, CITIZEN).await,
        texts::unknown_command(Locale::ENGLISH)
    );
    assert_eq!(reports(&app), 0);
}

#[tokio::test]
async fn a_sticker_is_answered_with_how_to_report() {
    answered_with_send_a_photo(|app| {
        app.tg.citizen(CITIZEN).sends_sticker();
    })
    .await;
}

#[tokio::test]
async fn a_voice_note_is_answered_with_how_to_report() {
    answered_with_send_a_photo(|app| {
        app.tg.citizen(CITIZEN).sends_voice();
    })
    .await;
}

#[tokio::test]
async fn an_audio_file_is_answered_with_how_to_report() {
    answered_with_send_a_photo(|app| {
        app.tg.citizen(CITIZEN).sends_audio();
    })
    .await;
}

#[tokio::test]
async fn a_video_is_answered_with_how_to_report() {
    answered_with_send_a_photo(|app| {
        app.tg.citizen(CITIZEN).sends_video();
    })
    .await;
}

#[tokio::test]
async fn a_video_note_is_answered_with_how_to_report() {
    answered_with_send_a_photo(|app| {
        app.tg.citizen(CITIZEN).sends_video_note();
    })
    .await;
}

#[tokio::test]
async fn an_animation_is_answered_with_how_to_report_and_not_downloaded() {
    answered_with_send_a_photo(|app| {
        app.tg.citizen(CITIZEN).sends_animation();
    })
    .await;
}

#[tokio::test]
async fn a_contact_is_answered_with_how_to_report() {
    answered_with_send_a_photo(|app| {
        app.tg.citizen(CITIZEN).sends_contact("+15550100", "Ada");
    })
    .await;
}

#[tokio::test]
async fn a_poll_is_answered_with_how_to_report() {
    answered_with_send_a_photo(|app| {
        app.tg
            .citizen(CITIZEN)
            .sends_poll("Fix the road?", &["yes", "no"]);
    })
    .await;
}

#[tokio::test]
async fn a_dice_roll_is_answered_with_how_to_report() {
    answered_with_send_a_photo(|app| {
        app.tg.citizen(CITIZEN).sends_dice("🎲", 4);
    })
    .await;
}

// ------------------------------------------------------------------ locations

#[tokio::test]
async fn a_pin_with_no_report_is_held_and_attached_to_the_next_photo_in_the_window() {
    let app = spawn_app().await;
    app.tg.citizen(CITIZEN).sends_location(45.4642, 9.19);
    assert_eq!(
        reply_to(&app, CITIZEN).await,
        texts::location_held(Locale::ENGLISH, 10)
    );
    assert_eq!(reports(&app), 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM pending_locations"), 1);

    app.tg
        .citizen(CITIZEN)
        .sends_photo(&app.tg.add_photo(GREEN, &STANDARD_SIZES));
    let ack = app
        .tg
        .wait_for(WAIT, |s| s.chat_id == CITIZEN && is_ack(s))
        .await;
    let id = report_number(ack.text_str()).unwrap();
    assert_eq!(ack.text_str(), texts::received(Locale::ENGLISH, id, true));
    let r = app.report(id).unwrap();
    assert_eq!((r.latitude, r.longitude), (Some(45.4642), Some(9.19)));
    assert_eq!(app.count("SELECT COUNT(*) FROM pending_locations"), 0);
}

#[tokio::test]
async fn a_held_pin_older_than_the_window_is_not_attached() {
    let app = spawn_app_with(|env| {
        env.insert("LOCATION_BEFORE_PHOTO_MINUTES".into(), "1".into());
    })
    .await;
    app.tg.citizen(CITIZEN).sends_location(45.4642, 9.19);
    assert_eq!(
        reply_to(&app, CITIZEN).await,
        texts::location_held(Locale::ENGLISH, 1)
    );
    // Two minutes pass.
    rw(&app)
        .execute(
            "UPDATE pending_locations SET received_unix = received_unix - 120",
            [],
        )
        .unwrap();
    app.tg
        .citizen(CITIZEN)
        .sends_photo(&app.tg.add_photo(GREEN, &STANDARD_SIZES));
    let ack = app
        .tg
        .wait_for(WAIT, |s| s.chat_id == CITIZEN && is_ack(s))
        .await;
    let id = report_number(ack.text_str()).unwrap();
    assert_eq!(ack.text_str(), texts::received(Locale::ENGLISH, id, false));
    let r = app.report(id).unwrap();
    assert_eq!((r.latitude, r.longitude), (None, None));
    // The stale pin is gone, not waiting for yet another photo.
    assert_eq!(app.count("SELECT COUNT(*) FROM pending_locations"), 0);
}

#[tokio::test]
async fn a_live_location_attaches_its_first_position_and_its_updates_are_silently_ignored() {
    let app = spawn_app().await;
    app.tg
        .citizen(CITIZEN)
        .sends_photo(&app.tg.add_photo(GREEN, &STANDARD_SIZES));
    app.tg
        .wait_for(WAIT, |s| s.chat_id == CITIZEN && is_ack(s))
        .await;
    let live = app
        .tg
        .citizen(CITIZEN)
        .sends_live_location(41.9028, 12.4964, 900);
    app.tg
        .wait_for(WAIT, |s| {
            s.chat_id == CITIZEN && s.text_str() == texts::location_added(Locale::ENGLISH, &[1])
        })
        .await;
    app.wait_graded(1).await;
    app.tg
        .wait_for(WAIT, |s| {
            s.chat_id == CITIZEN
                && support::texts::is_verdict(s)
                && report_number(s.text_str()) == Some(1)
        })
        .await;

    for step in 1..=3 {
        app.tg
            .citizen(CITIZEN)
            .edits_live_location(live, 41.9028 + step as f64 * 0.001, 12.4964);
    }
    app.tg.wait_confirmed(WAIT).await;
    app.tg.expect_none(QUIET, text_to(CITIZEN)).await;
    let r = app.report(1).unwrap();
    assert_eq!((r.latitude, r.longitude), (Some(41.9028), Some(12.4964)));
    assert_eq!(app.count("SELECT COUNT(*) FROM pending_locations"), 0);
}

// ------------------------------------------------------------------ edits

#[tokio::test]
async fn an_edited_photo_caption_gets_a_reply_that_edits_are_not_followed() {
    let app = spawn_app().await;
    let photo = app.tg.add_photo(GREEN, &STANDARD_SIZES);
    let msg = app
        .tg
        .citizen(CITIZEN)
        .sends_photo_with_caption(&photo, "left lane");
    app.tg
        .wait_for(WAIT, |s| s.chat_id == CITIZEN && is_ack(s))
        .await;
    app.tg.citizen(CITIZEN).edits_json_message(
        msg,
        serde_json::json!({"photo": photo.json(), "caption": "right lane actually"}),
    );
    app.tg
        .wait_for(WAIT, |s| {
            s.chat_id == CITIZEN && s.text_str() == texts::edits_ignored(Locale::ENGLISH)
        })
        .await;
    assert_eq!(reports(&app), 1);
    assert_eq!(app.report(1).unwrap().note.as_deref(), Some("left lane"));
}

// ------------------------------------------------------------------ files

#[tokio::test]
async fn a_pdf_is_refused_without_a_report_or_a_download() {
    let app = spawn_app().await;
    let doc = app
        .tg
        .add_file(b"%PDF-1.7\n%...", "pothole-report.pdf", "application/pdf");
    app.tg.citizen(CITIZEN).sends_document(&doc);
    assert_eq!(
        reply_to(&app, CITIZEN).await,
        texts::not_an_image(Locale::ENGLISH)
    );
    assert_eq!(reports(&app), 0);
    assert_eq!(app.tg.downloads_of(&doc.file_id()), 0);
    assert_eq!(app.tg.calls("getfile"), 0);
}

#[tokio::test]
async fn a_text_file_is_refused_without_a_report_or_a_download() {
    let app = spawn_app().await;
    let doc = app
        .tg
        .add_file(b"hole at 5th and Main", "notes.txt", "text/plain");
    app.tg.citizen(CITIZEN).sends_document(&doc);
    assert_eq!(
        reply_to(&app, CITIZEN).await,
        texts::not_an_image(Locale::ENGLISH)
    );
    assert_eq!(reports(&app), 0);
    assert_eq!(app.tg.downloads_of(&doc.file_id()), 0);
}

#[tokio::test]
async fn an_image_file_over_20_mb_is_refused_without_downloading_it() {
    let app = spawn_app().await;
    let doc = app.tg.add_file_with_size(
        &fixtures::jpeg(64, 48, GREY),
        "huge.jpg",
        "image/jpeg",
        25 * 1024 * 1024,
    );
    app.tg.citizen(CITIZEN).sends_document(&doc);
    assert_eq!(
        reply_to(&app, CITIZEN).await,
        texts::file_too_large(Locale::ENGLISH)
    );
    app.tg.expect_none(QUIET, text_to(CITIZEN)).await;
    assert_eq!(reports(&app), 0);
    assert_eq!(app.tg.downloads_of(&doc.file_id()), 0);
    assert_eq!(app.tg.calls("getfile"), 0);
    assert_eq!(app.ai.count(), 0);
}

/// Sends `bytes` as an image file and checks the report fails with `expected(id)` and no
/// model call.
async fn an_unreadable_file_fails_its_report(
    bytes: Vec<u8>,
    name: &str,
    mime: &str,
    expected: impl Fn(i64) -> String,
) {
    let app = spawn_app().await;
    let doc = app.tg.add_file(&bytes, name, mime);
    app.tg.citizen(CITIZEN).sends_document(&doc);
    let ack = app
        .tg
        .wait_for(WAIT, |s| s.chat_id == CITIZEN && is_ack(s))
        .await;
    let id = report_number(ack.text_str()).unwrap();
    let want = expected(id);
    app.tg
        .wait_for(WAIT, |s| s.chat_id == CITIZEN && s.text_str() == want)
        .await;
    let r = app.wait_report(id, |r| r.status == "failed").await;
    assert!(r.last_error.is_some());
    assert_eq!(app.ai.count(), 0, "the model must not be paid for this");
    app.tg.expect_none(QUIET, |s| s.chat_id == STAFF).await;
    assert!(app.events(id).contains(&"grading_failed".to_owned()));
}

#[tokio::test]
async fn a_corrupt_jpeg_file_fails_its_report_with_a_friendly_message_and_no_model_call() {
    an_unreadable_file_fails_its_report(
        fixtures::corrupt_jpeg(),
        "pothole.jpg",
        "image/jpeg",
        |id| texts::unreadable_image(Locale::ENGLISH, id),
    )
    .await;
}

#[tokio::test]
async fn a_decompression_bomb_is_refused_from_its_header_with_no_model_call() {
    an_unreadable_file_fails_its_report(
        fixtures::huge_dims_png(),
        "pothole.png",
        "image/png",
        |id| texts::image_too_large(Locale::ENGLISH, id),
    )
    .await;
}

#[tokio::test]
async fn a_heic_file_is_answered_with_how_to_send_it_as_a_photo_without_downloading() {
    for (name, mime) in [
        ("IMG_0001.HEIC", "image/heic"),
        ("IMG_0002.heif", "application/octet-stream"),
    ] {
        let app = spawn_app().await;
        let doc = app.tg.add_file(&fixtures::heic_bytes(), name, mime);
        app.tg.citizen(CITIZEN).sends_document(&doc);
        assert_eq!(
            reply_to(&app, CITIZEN).await,
            texts::heic_not_supported(Locale::ENGLISH)
        );
        app.tg.expect_none(QUIET, text_to(CITIZEN)).await;
        assert_eq!(reports(&app), 0, "{name}");
        assert_eq!(app.tg.downloads_of(&doc.file_id()), 0, "{name}");
    }
}

#[tokio::test]
async fn a_heic_disguised_as_a_jpeg_is_recognised_from_its_bytes() {
    an_unreadable_file_fails_its_report(
        fixtures::heic_bytes(),
        "IMG_0003.jpg",
        "image/jpeg",
        |_| texts::heic_not_supported(Locale::ENGLISH),
    )
    .await;
}

// ------------------------------------------------------------------ albums and captions

#[tokio::test]
async fn an_album_becomes_one_report_per_photo_and_a_later_pin_attaches_to_all_of_them() {
    let app = spawn_app().await;
    app.ai.set_default(Reply::verdict("minor", "Small crack"));
    let citizen = app.tg.citizen(CITIZEN).in_album("13579");
    citizen.sends_photo_with_caption(&app.tg.add_photo(GREEN, &STANDARD_SIZES), "two angles");
    citizen.sends_photo(&app.tg.add_photo(GREY, &STANDARD_SIZES));
    citizen.sends_photo(&app.tg.add_photo(RED, &STANDARD_SIZES));
    let acks = app
        .tg
        .wait_for_n(WAIT, 3, |s| s.chat_id == CITIZEN && is_ack(s))
        .await;
    let ids: Vec<i64> = acks
        .iter()
        .map(|a| report_number(a.text_str()).unwrap())
        .collect();
    assert_eq!(ids, [1, 2, 3]);
    app.tg.citizen(CITIZEN).sends_location(59.3293, 18.0686);
    app.tg
        .wait_for(WAIT, |s| {
            s.chat_id == CITIZEN
                && s.text_str() == texts::location_added(Locale::ENGLISH, &[1, 2, 3])
        })
        .await;
    for id in ids {
        let r = app.wait_graded(id).await;
        assert_eq!((r.latitude, r.longitude), (Some(59.3293), Some(18.0686)));
    }
    assert_eq!(app.ai.count(), 3, "each photo is graded");
}

#[tokio::test]
async fn a_huge_caption_is_stored_cut_to_1024_characters_and_the_alert_still_fits() {
    let app = spawn_app().await;
    app.ai.set_default(Reply::verdict("severe", "Deep hole"));
    let caption = "ж".repeat(5_000);
    app.tg
        .citizen(CITIZEN)
        .sends_photo_with_caption(&app.tg.add_photo(RED, &STANDARD_SIZES), &caption);
    let alert = app
        .tg
        .wait_for(WAIT, |s| s.chat_id == STAFF && s.method == "sendphoto")
        .await;
    let note = app.report(1).unwrap().note.unwrap();
    assert!(note.chars().count() <= 1024, "{}", note.chars().count());
    assert!(note.chars().count() >= 1000, "cut, not dropped");
    assert!(alert.text_str().chars().count() <= 1024);
    assert!(alert.text_str().contains("жжж"));
    assert!(alert.text_str().contains("#1"));
}

// ------------------------------------------------------------------ groups and channels

#[tokio::test]
async fn messages_in_the_staff_chat_that_are_not_commands_are_ignored() {
    let app = spawn_app().await;
    let crew = app.tg.group(STAFF, 77);
    crew.sends_text("who's on the night shift?");
    crew.sends_photo(&app.tg.add_photo(RED, &STANDARD_SIZES));
    crew.sends_location(52.0, 13.0);
    crew.sends_sticker();
    crew.sends_command("/frobnicate");
    app.tg.wait_confirmed(WAIT).await;
    app.tg.expect_none(QUIET, |s| s.is_message()).await;
    assert_eq!(reports(&app), 0);
    assert_eq!(app.tg.file_downloads(), 0);
}

#[tokio::test]
async fn the_bot_added_to_another_group_says_it_works_in_private_chat_and_stays() {
    let app = spawn_app().await;
    app.tg.group(-100_424_242, 5).adds_bot();
    assert_eq!(
        reply_to(&app, -100_424_242).await,
        texts::private_only(Locale::ENGLISH, BOT_USERNAME)
    );
    app.tg.wait_confirmed(WAIT).await;
    assert_eq!(app.tg.calls("leavechat"), 0);
    // Chatter there afterwards is not answered, and a photo there is no report.
    app.tg.group(-100_424_242, 5).sends_text("hello bot");
    app.tg
        .group(-100_424_242, 5)
        .sends_photo(&app.tg.add_photo(RED, &STANDARD_SIZES));
    app.tg.wait_confirmed(WAIT).await;
    tokio::time::sleep(QUIET).await;
    assert_eq!(app.tg.messages_sent().len(), 1, "{}", app.tg.dump());
    assert_eq!(reports(&app), 0);
}

#[tokio::test]
async fn channel_posts_are_ignored_and_what_follows_them_is_still_handled() {
    let app = spawn_app().await;
    let channel = app.tg.channel(-100_999_000);
    channel.sends_text("Road news");
    channel.sends_photo(&app.tg.add_photo(RED, &STANDARD_SIZES));
    // A citizen writing afterwards is answered: the posts did not stall the queue.
    app.tg.citizen(CITIZEN).sends_text("hello");
    assert_eq!(
        reply_to(&app, CITIZEN).await,
        texts::send_a_photo(Locale::ENGLISH)
    );
    app.tg
        .expect_none(QUIET, |s| s.chat_id == -100_999_000)
        .await;
    assert_eq!(reports(&app), 0);
    assert_eq!(app.tg.file_downloads(), 0);
}

#[tokio::test]
async fn a_redelivered_photo_update_creates_no_second_report_and_no_second_acknowledgement() {
    let app = spawn_app().await;
    app.tg
        .citizen(CITIZEN)
        .sends_photo(&app.tg.add_photo(GREEN, &STANDARD_SIZES));
    let update = app.tg.last_update_id().unwrap();
    app.tg
        .wait_for(WAIT, |s| s.chat_id == CITIZEN && is_ack(s))
        .await;
    app.tg.redeliver(update);
    app.tg.wait_confirmed(WAIT).await;
    app.tg
        .expect_none(QUIET, |s| {
            s.chat_id == CITIZEN && (is_ack(s) || s.text_str().contains("already report"))
        })
        .await;
    assert_eq!(reports(&app), 1);
    assert_eq!(
        app.tg.sent_to(CITIZEN).iter().filter(|s| is_ack(s)).count(),
        1
    );
}

#[tokio::test]
async fn a_redelivered_pin_or_text_is_not_acted_on_or_answered_twice() {
    let app = spawn_app().await;
    app.tg
        .citizen(CITIZEN)
        .sends_photo(&app.tg.add_photo(GREEN, &STANDARD_SIZES));
    app.tg
        .wait_for(WAIT, |s| s.chat_id == CITIZEN && is_ack(s))
        .await;
    app.tg.citizen(CITIZEN).sends_location(45.0, 7.0);
    let pin = app.tg.last_update_id().unwrap();
    app.tg.citizen(CITIZEN).sends_text("hello?");
    let text = app.tg.last_update_id().unwrap();
    app.tg
        .wait_for(WAIT, |s| {
            s.chat_id == CITIZEN && s.text_str() == texts::send_a_photo(Locale::ENGLISH)
        })
        .await;
    app.tg.redeliver(pin);
    app.tg.redeliver(text);
    app.tg.wait_confirmed(WAIT).await;
    // Give second answers time to show up before counting.
    tokio::time::sleep(QUIET).await;
    // The pin was not held again for a next photo, and nothing was said twice.
    assert_eq!(app.count("SELECT COUNT(*) FROM pending_locations"), 0);
    let to_citizen: Vec<String> = app
        .tg
        .sent_to(CITIZEN)
        .iter()
        .filter(|s| s.method == "sendmessage")
        .map(|s| s.text_str().to_owned())
        .collect();
    assert_eq!(
        to_citizen.iter().filter(|t| t.contains("Location")).count(),
        1,
        "{to_citizen:?}"
    );
    assert_eq!(
        to_citizen
            .iter()
            .filter(|t| **t == texts::send_a_photo(Locale::ENGLISH))
            .count(),
        1
    );
}
