//! Proves the test doubles against the real clients: teloxide 0.17 for the fake Bot API and
//! reqwest for the fake OpenAI server.

mod support;

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::fake_openai::{self, API_KEY, FakeOpenAi, Reply};
use support::fake_telegram::{BOT_USER_ID, Failure, FakeTelegram, Limits, STANDARD_SIZES, TOKEN};
use support::fixtures::{self, BLUE, GREEN, GREY, RED, YELLOW};
use teloxide::net::Download;
use teloxide::payloads::setters::*;
use teloxide::prelude::*;
use teloxide::types::{
    ChatId, FileId, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, MessageEntityKind,
    MessageId, ReplyParameters, ThreadId, Update, UpdateKind,
};
use teloxide::{ApiError, RequestError};

fn bot(tg: &FakeTelegram) -> Bot {
    Bot::new(TOKEN).set_api_url(tg.url().parse().unwrap())
}

fn parse_update(v: &Value) -> Update {
    let u: Update = serde_json::from_str(&v.to_string()).expect("update parses");
    assert!(
        !matches!(u.kind, UpdateKind::Error(_)),
        "UpdateKind::Error for {v}"
    );
    u
}

fn message_of(u: &Update) -> &Message {
    match &u.kind {
        UpdateKind::Message(m) | UpdateKind::EditedMessage(m) | UpdateKind::ChannelPost(m) => m,
        other => panic!("not a message update: {other:?}"),
    }
}

const T: Duration = Duration::from_secs(2);

#[tokio::test]
async fn get_me_and_wrong_token() {
    let tg = FakeTelegram::start().await;
    let me = bot(&tg).get_me().await.unwrap();
    assert_eq!(me.id.0 as i64, BOT_USER_ID);
    assert_eq!(me.username(), "pothole_test_bot");
    assert!(bot(&tg).get_webhook_info().await.unwrap().url.is_none());

    let bad = Bot::new("1:wrong").set_api_url(tg.url().parse().unwrap());
    let err = bad.get_me().await.unwrap_err();
    assert!(
        matches!(err, RequestError::Api(ApiError::InvalidToken)),
        "{err:?}"
    );
    let raw: Value = reqwest::get(format!("{}/bot1:wrong/getMe", tg.url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        raw,
        json!({"ok": false, "error_code": 401, "description": "Unauthorized"})
    );
    assert_eq!(tg.calls("getme"), 1);
    assert!(tg.sent().is_empty(), "getMe is not recorded in sent()");
}

#[tokio::test]
async fn send_message_private_and_group_thread() {
    let tg = FakeTelegram::start().await;
    let b = bot(&tg);
    let m1 = b.send_message(ChatId(42), "hello citizen").await.unwrap();
    assert_eq!(m1.text(), Some("hello citizen"));
    assert!(m1.chat.is_private());
    assert_eq!(m1.from.as_ref().unwrap().id.0 as i64, BOT_USER_ID);

    let m2 = b
        .send_message(ChatId(-100123), "crew alert")
        .message_thread_id(ThreadId(MessageId(7)))
        .await
        .unwrap();
    assert!(m2.chat.is_supergroup());
    assert_eq!(m2.thread_id, Some(ThreadId(MessageId(7))));
    assert!(m2.id.0 > m1.id.0, "message ids increase");

    let s = tg.wait_for(T, |s| s.chat_id == -100123).await;
    assert_eq!(s.method, "sendmessage");
    assert_eq!(s.thread_id, Some(7));
    assert_eq!(s.text.as_deref(), Some("crew alert"));
    assert_eq!(s.message_id, Some(m2.id.0 as i64));
    assert_eq!(tg.sent_to(42).len(), 1);
    assert_eq!(tg.calls("SendMessage"), 2);

    // Telegram-like validation
    let err = b
        .send_message(ChatId(42), "bad <x> tag")
        .parse_mode(teloxide::types::ParseMode::Html)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("can't parse entities"), "{err}");
    let err = b
        .send_message(ChatId(42), "1.5 cm")
        .parse_mode(teloxide::types::ParseMode::MarkdownV2)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("reserved"), "{err}");
    b.send_message(ChatId(42), "*1\\.5 cm* [map](https://x.y/a?b=c)")
        .parse_mode(teloxide::types::ParseMode::MarkdownV2)
        .await
        .unwrap();
    assert_eq!(tg.failed().len(), 2);
}

#[tokio::test]
async fn send_photo_by_file_id_with_caption_and_markup() {
    let tg = FakeTelegram::start().await;
    let photo = tg.add_photo(RED, &STANDARD_SIZES);
    let fid = photo.largest_file_id();
    let markup = InlineKeyboardMarkup::new(vec![vec![
        InlineKeyboardButton::callback("Fixed", "fix:1"),
        InlineKeyboardButton::callback("Wrong", "wrong:1"),
    ]]);
    let m = bot(&tg)
        .send_photo(ChatId(-100555), InputFile::file_id(FileId(fid.clone())))
        .caption("Severe pothole")
        .reply_markup(markup)
        .await
        .unwrap();
    let sizes = m.photo().unwrap();
    assert_eq!((sizes[0].width, sizes[0].height), (1280, 960));
    assert_eq!(m.caption(), Some("Severe pothole"));
    assert!(m.reply_markup().is_some());

    let s = tg.wait_for(T, |s| s.method == "sendphoto").await;
    assert_eq!(s.chat_id, -100555);
    assert_eq!(s.photo.as_deref(), Some(fid.as_str()));
    assert_eq!(s.text.as_deref(), Some("Severe pothole"));
    assert_eq!(s.button_data(), vec!["fix:1", "wrong:1"]);
    assert_eq!(
        s.reply_markup.as_ref().unwrap()["inline_keyboard"][0][0]["text"],
        "Fixed"
    );

    // unknown file id is rejected like Telegram does
    let err = bot(&tg)
        .send_photo(ChatId(1), InputFile::file_id(FileId("nope".into())))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("wrong file identifier"), "{err}");

    // an uploaded photo (multipart file part) is accepted and downloadable
    let m = bot(&tg)
        .send_photo(
            ChatId(5),
            InputFile::memory(fixtures::jpeg(64, 48, BLUE)).file_name("a.jpg"),
        )
        .await
        .unwrap();
    assert_eq!(m.photo().unwrap()[0].width, 64);
    let s = tg.wait_for(T, |s| s.chat_id == 5).await;
    assert!(s.photo.as_deref().unwrap().starts_with("attach://"));
    assert_eq!(
        s.params["_uploads"]
            .as_object()
            .unwrap()
            .values()
            .next()
            .unwrap()["size"],
        fixtures::jpeg(64, 48, BLUE).len()
    );
}

#[tokio::test]
async fn send_location_with_reply_parameters_and_edits() {
    let tg = FakeTelegram::start().await;
    let mid = tg.citizen(42).sends_text("where?");
    let m = bot(&tg)
        .send_location(ChatId(42), 52.52, 13.405)
        .reply_parameters(ReplyParameters::new(MessageId(mid as i32)))
        .await
        .unwrap();
    assert_eq!(m.location().unwrap().latitude, 52.52);
    assert_eq!(m.reply_to_message().unwrap().id.0 as i64, mid);
    let s = tg.wait_for(T, |s| s.method == "sendlocation").await;
    assert_eq!(s.location, Some((52.52, 13.405)));
    assert_eq!(s.reply_to, Some(mid));

    let v = bot(&tg)
        .send_venue(ChatId(42), 1.5, 2.5, "Pothole", "Main St 1")
        .await
        .unwrap();
    assert_eq!(v.venue().unwrap().title, "Pothole");

    let sent = bot(&tg)
        .send_message(ChatId(42), "Report #1")
        .await
        .unwrap();
    let kb = InlineKeyboardMarkup::new(vec![vec![InlineKeyboardButton::callback("OK", "ok")]]);
    let e = bot(&tg)
        .edit_message_text(ChatId(42), sent.id, "Report #1 (fixed)")
        .reply_markup(kb)
        .await
        .unwrap();
    assert_eq!(e.text(), Some("Report #1 (fixed)"));
    let err = bot(&tg)
        .edit_message_text(ChatId(42), sent.id, "Report #1 (fixed)")
        .reply_markup(InlineKeyboardMarkup::new(vec![vec![
            InlineKeyboardButton::callback("OK", "ok"),
        ]]))
        .await
        .unwrap_err();
    assert!(
        matches!(err, RequestError::Api(ApiError::MessageNotModified)),
        "{err:?}"
    );
    bot(&tg)
        .edit_message_reply_markup(ChatId(42), sent.id)
        .await
        .unwrap();
    bot(&tg)
        .answer_callback_query(teloxide::types::CallbackQueryId("cbq-1".to_string()))
        .await
        .unwrap();
    bot(&tg)
        .send_chat_action(ChatId(42), teloxide::types::ChatAction::Typing)
        .await
        .unwrap();
    bot(&tg).delete_message(ChatId(42), sent.id).await.unwrap();
    bot(&tg).leave_chat(ChatId(-100777)).await.unwrap();
    let cmds = vec![teloxide::types::BotCommand::new("status", "Show status")];
    bot(&tg).set_my_commands(cmds).await.unwrap();
    assert_eq!(tg.commands()[0]["command"], "status");
    for m in [
        "answercallbackquery",
        "sendchataction",
        "deletemessage",
        "leavechat",
        "editmessagereplymarkup",
    ] {
        assert_eq!(tg.calls(m), 1, "{m}");
    }
}

#[tokio::test]
async fn get_file_and_download_round_trip() {
    let tg = FakeTelegram::start().await;
    let photo = tg.add_photo(GREEN, &[(320, 240), (800, 600)]);
    let fid = photo.file_id_of(800, 600).unwrap();
    let b = bot(&tg);
    let f = b.get_file(FileId(fid.clone())).await.unwrap();
    assert!(f.path.contains('/'), "path has a directory: {}", f.path);
    let mut dst = Vec::new();
    b.download_file(&f.path, &mut dst).await.unwrap();
    assert_eq!(dst, fixtures::jpeg(800, 600, GREEN));
    assert_eq!(fixtures::image_dims(&dst), Some((800, 600)));
    assert_eq!(tg.downloads_of(&fid), 1);
    assert_eq!(tg.file_downloads(), 1);
    assert_eq!(tg.calls("getFile"), 1);

    let err = b.get_file(FileId("bogus".into())).await.unwrap_err();
    assert!(err.to_string().contains("invalid file_id"), "{err}");

    let doc = tg.add_file_with_size(b"tiny", "big.jpg", "image/jpeg", 25 * 1024 * 1024);
    let err = b.get_file(FileId(doc.file_id())).await.unwrap_err();
    assert!(err.to_string().contains("file is too big"), "{err}");
    let small = tg.add_file(&fixtures::png(10, 10, RED), "p.png", "image/png");
    let f = b.get_file(FileId(small.file_id())).await.unwrap();
    let mut dst = Vec::new();
    b.download_file(&f.path, &mut dst).await.unwrap();
    assert_eq!(fixtures::image_dims(&dst), Some((10, 10)));
}

#[tokio::test]
async fn get_updates_long_poll() {
    let tg = FakeTelegram::start().await;
    let b = bot(&tg);
    // nothing queued: waits ~timeout
    let t0 = Instant::now();
    let ups = b.get_updates().timeout(1).await.unwrap();
    let waited = t0.elapsed();
    assert!(ups.is_empty());
    assert!(
        waited >= Duration::from_millis(950) && waited < Duration::from_millis(1500),
        "{waited:?}"
    );

    // pushed while waiting: returns promptly
    let tg2 = tg.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(100)).await;
        tg2.citizen(42).sends_text("hi");
    });
    let t0 = Instant::now();
    let ups = b.get_updates().timeout(5).await.unwrap();
    assert!(
        t0.elapsed() < Duration::from_millis(600),
        "{:?}",
        t0.elapsed()
    );
    assert_eq!(ups.len(), 1);
    let id = ups[0].id.0 as i64;
    assert_eq!(message_of(&ups[0]).text(), Some("hi"));

    // offset confirms; redelivery keeps the message id under a new update id
    let again = tg.redeliver(id);
    let ups = b
        .get_updates()
        .offset(id as i32 + 1)
        .timeout(0)
        .await
        .unwrap();
    assert_eq!(ups.len(), 1);
    assert_eq!(ups[0].id.0 as i64, again);
    assert_eq!(message_of(&ups[0]).id, ExpectedId::of(&tg, id));
    b.get_updates()
        .offset(again as i32 + 1)
        .timeout(0)
        .await
        .unwrap();
    assert_eq!(tg.pending_updates(), 0);
    assert_eq!(tg.calls("getupdates"), 4);
}

struct ExpectedId;
impl ExpectedId {
    fn of(tg: &FakeTelegram, update_id: i64) -> MessageId {
        MessageId(
            tg.update(update_id).unwrap()["message"]["message_id"]
                .as_i64()
                .unwrap() as i32,
        )
    }
}

#[tokio::test]
async fn builders_deserialize_as_teloxide_updates() {
    let tg = FakeTelegram::start().await;
    let c = tg.citizen(42);
    let last = || parse_update(&tg.last_update().unwrap());

    let photo = tg.add_photo(GREY, &STANDARD_SIZES).rotated(2);
    let mid = c.sends_photo_with_caption(&photo, "pothole here");
    let u = last();
    let m = message_of(&u);
    assert_eq!(m.id.0 as i64, mid);
    assert_eq!(m.photo().unwrap().len(), 4);
    assert_eq!(m.caption(), Some("pothole here"));
    assert!(m.chat.is_private());
    assert_eq!(m.from.as_ref().unwrap().id.0, 42);

    let doc = tg.add_file(&fixtures::png(20, 10, RED), "road.png", "image/png");
    c.sends_document(&doc);
    let u = last();
    assert_eq!(
        message_of(&u).document().unwrap().file_name.as_deref(),
        Some("road.png")
    );

    c.sends_location(52.5, 13.4);
    assert!(message_of(&last()).location().is_some());

    c.sends_venue(52.5, 13.4, "Crossing", "Main St");
    let u = last();
    assert_eq!(message_of(&u).venue().unwrap().address, "Main St");

    c.sends_command("/status 12");
    let u = last();
    let m = message_of(&u);
    assert_eq!(m.text(), Some("/status 12"));
    let e = &m.entities().unwrap()[0];
    assert_eq!(
        (e.kind.clone(), e.offset, e.length),
        (MessageEntityKind::BotCommand, 0, 7)
    );

    let live = c.sends_live_location(1.0, 2.0, 900);
    c.edits_live_location(live, 1.1, 2.1);
    let u = last();
    let UpdateKind::EditedMessage(m) = &u.kind else {
        panic!("{u:?}")
    };
    assert_eq!(m.id.0 as i64, live);
    assert_eq!(m.location().unwrap().latitude, 1.1);
    c.edits_text(mid, "edited");
    assert!(matches!(last().kind, UpdateKind::EditedMessage(_)));

    c.sends_sticker();
    assert!(message_of(&last()).sticker().is_some());
    c.sends_voice();
    assert!(message_of(&last()).voice().is_some());
    c.sends_audio();
    assert!(message_of(&last()).audio().is_some());
    c.sends_video();
    assert!(message_of(&last()).video().is_some());
    c.sends_video_note();
    assert!(message_of(&last()).video_note().is_some());
    c.sends_animation();
    assert!(message_of(&last()).animation().is_some());
    c.sends_contact("+123", "Ann");
    assert!(message_of(&last()).contact().is_some());
    c.sends_poll("Bad road?", &["yes", "no"]);
    assert!(message_of(&last()).poll().is_some());
    c.sends_dice("🎲", 3);
    assert!(message_of(&last()).dice().is_some());
    c.clone().forwarded_from(7).sends_text("fwd");
    assert!(message_of(&last()).forward_origin().is_some());
    let rid = c.clone().replying_to(mid).sends_text("reply");
    let u = last();
    assert_eq!(message_of(&u).id.0 as i64, rid);
    assert_eq!(message_of(&u).reply_to_message().unwrap().id.0 as i64, mid);
    c.clone().in_album("alb1").sends_photo(&photo);
    assert_eq!(
        message_of(&last()).media_group_id().map(|g| g.0.as_str()),
        Some("alb1")
    );
    c.clone().with_message_id(5000).sends_text("fixed id");
    assert_eq!(message_of(&last()).id, MessageId(5000));
    c.sends_json_message(
        json!({"text": "custom", "entities": [{"type": "bold", "offset": 0, "length": 6}]}),
    );
    assert_eq!(message_of(&last()).text(), Some("custom"));

    // groups
    let g = tg.group(-100123, 77);
    g.sends_command("/start@pothole_test_bot");
    let u = last();
    let m = message_of(&u);
    assert!(m.chat.is_supergroup());
    assert_eq!(m.from.as_ref().unwrap().id.0, 77);
    g.clone().in_thread(9).sends_text("in topic");
    assert_eq!(message_of(&last()).thread_id, Some(ThreadId(MessageId(9))));
    g.adds_bot();
    let u = last();
    let UpdateKind::MyChatMember(cm) = &u.kind else {
        panic!("{u:?}")
    };
    assert_eq!(cm.new_chat_member.user.id.0 as i64, BOT_USER_ID);
    assert!(cm.new_chat_member.is_present());
    tg.citizen(43).removes_bot();
    let UpdateKind::MyChatMember(cm) = &last().kind else {
        panic!()
    };
    assert!(cm.new_chat_member.is_banned());

    // channel post
    tg.channel(-100999).sends_text("channel news");
    let u = last();
    let UpdateKind::ChannelPost(m) = &u.kind else {
        panic!("{u:?}")
    };
    assert!(m.chat.is_channel());

    // callback query on a message the bot sent
    let b = bot(&tg);
    let sent = b
        .send_message(ChatId(42), "Confirm?")
        .reply_markup(InlineKeyboardMarkup::new(vec![vec![
            InlineKeyboardButton::callback("Yes", "yes:1"),
        ]]))
        .await
        .unwrap();
    let qid = c.presses_button(sent.id.0 as i64, "yes:1");
    let u = last();
    let UpdateKind::CallbackQuery(q) = &u.kind else {
        panic!("{u:?}")
    };
    assert_eq!(q.id.0, qid);
    assert_eq!(q.data.as_deref(), Some("yes:1"));
    assert_eq!(q.regular_message().unwrap().text(), Some("Confirm?"));
    c.presses_button(123456, "orphan");
    assert!(matches!(last().kind, UpdateKind::CallbackQuery(_)));

    // and all of them arrive through getUpdates without UpdateKind::Error
    let ups = b.get_updates().timeout(0).await.unwrap();
    assert_eq!(ups.len(), tg.pending_updates());
    assert_eq!(ups.len(), 29);
    for u in &ups {
        assert!(!matches!(u.kind, UpdateKind::Error(_)), "{u:?}");
    }
}

#[tokio::test]
async fn fault_injection() {
    let tg = FakeTelegram::start().await;
    let b = bot(&tg);
    tg.fail_next("sendMessage", 1, Failure::RetryAfter(3));
    let err = b.send_message(ChatId(1), "x").await.unwrap_err();
    assert!(
        matches!(err, RequestError::RetryAfter(s) if s.seconds() == 3),
        "{err:?}"
    );
    b.send_message(ChatId(1), "x").await.unwrap();

    tg.migrate(-555, -100555);
    let err = b.send_message(ChatId(-555), "x").await.unwrap_err();
    assert!(
        matches!(err, RequestError::MigrateToChatId(ChatId(-100555))),
        "{err:?}"
    );
    b.send_message(ChatId(-100555), "x").await.unwrap();
    assert_eq!(tg.failed().len(), 2);

    tg.fail_next("sendmessage", 1, Failure::blocked());
    let err = b.send_message(ChatId(9), "x").await.unwrap_err();
    assert!(
        matches!(err, RequestError::Api(ApiError::BotBlocked)),
        "{err:?}"
    );
    tg.fail_chat(10, Failure::chat_not_found());
    let err = b.send_message(ChatId(10), "x").await.unwrap_err();
    assert!(
        matches!(err, RequestError::Api(ApiError::ChatNotFound)),
        "{err:?}"
    );
    tg.clear_chat_failure(10);
    b.send_message(ChatId(10), "x").await.unwrap();

    tg.fail_next("sendmessage", 1, Failure::Drop);
    let err = b.send_message(ChatId(1), "x").await.unwrap_err();
    assert!(matches!(err, RequestError::Network(_)), "{err:?}");
    tg.fail_next("getfile", 1, Failure::Hang(Duration::from_millis(200)));
    let t0 = Instant::now();
    let err = b.get_file(FileId("x".into())).await.unwrap_err();
    assert!(
        matches!(err, RequestError::Network(_)) && t0.elapsed() >= Duration::from_millis(200),
        "{err:?}"
    );

    // raw reqwest: form-urlencoded body, 5xx shape
    tg.fail_next("sendMessage", 1, Failure::server_error());
    let r = reqwest::Client::new()
        .post(format!("{}/bot{TOKEN}/sendmessage", tg.url()))
        .form(&[
            ("chat_id", "3"),
            ("text", "form"),
            ("reply_markup", r#"{"inline_keyboard":[]}"#),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 500);
    assert_eq!(r.json::<Value>().await.unwrap()["error_code"], 500);
    let r: Value = reqwest::Client::new()
        .post(format!("{}/bot{TOKEN}/sendmessage", tg.url()))
        .form(&[
            ("chat_id", "3"),
            ("text", "form"),
            ("reply_markup", r#"{"inline_keyboard":[]}"#),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(r["ok"], true);
    let s = tg.wait_for(T, |s| s.chat_id == 3).await;
    assert_eq!(s.reply_markup, Some(json!({"inline_keyboard": []})));

    // latency
    tg.set_latency(Duration::from_millis(150));
    let t0 = Instant::now();
    b.send_chat_action(ChatId(1), teloxide::types::ChatAction::Typing)
        .await
        .unwrap();
    assert!(t0.elapsed() >= Duration::from_millis(150));
    tg.set_latency(Duration::ZERO);

    // unknown methods are recorded and answered true
    let r: Value = reqwest::Client::new()
        .post(format!("{}/bot{TOKEN}/setChatMenuButton", tg.url()))
        .json(&json!({"chat_id": 4}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(r, json!({"ok": true, "result": true}));
    assert_eq!(tg.calls("setchatmenubutton"), 1);

    tg.expect_none(Duration::from_millis(50), |s| s.chat_id == 777)
        .await;
}

#[tokio::test]
async fn flood_limits() {
    let tg = FakeTelegram::start().await;
    tg.enforce_limits(Limits {
        overall_per_sec: 30,
        per_chat_per_sec: 1,
        group_per_min: 20,
    });
    let b = bot(&tg);
    b.send_message(ChatId(42), "1").await.unwrap();
    let err = b.send_message(ChatId(42), "2").await.unwrap_err();
    assert!(
        matches!(err, RequestError::RetryAfter(s) if s.seconds() >= 1),
        "{err:?}"
    );
    b.send_message(ChatId(43), "other chat").await.unwrap();
    b.send_chat_action(ChatId(42), teloxide::types::ChatAction::Typing)
        .await
        .unwrap();
    assert_eq!(tg.rejected_429(), 1);
    assert_eq!(
        tg.sent_to(42)
            .iter()
            .filter(|s| s.method == "sendmessage")
            .count(),
        1
    );

    // overall limit
    tg.enforce_limits(Limits {
        overall_per_sec: 3,
        per_chat_per_sec: 10,
        group_per_min: 20,
    });
    let mut ok = 0;
    for i in 0..5 {
        if b.send_message(ChatId(100 + i), "x").await.is_ok() {
            ok += 1;
        }
    }
    assert_eq!(ok, 3);
    assert_eq!(tg.rejected_429(), 3);
}

#[tokio::test]
async fn wait_for_panics_with_dump() {
    let tg = FakeTelegram::start().await;
    bot(&tg)
        .send_message(ChatId(1), "something else")
        .await
        .unwrap();
    let tg2 = tg.clone();
    let r = tokio::spawn(async move {
        tg2.wait_for(Duration::from_millis(100), |s| s.chat_id == 2)
            .await
    })
    .await;
    let msg = *r.unwrap_err().into_panic().downcast::<String>().unwrap();
    assert!(msg.contains("something else"), "{msg}");
    let two = tg.wait_for_n(T, 1, |s| s.chat_id == 1).await;
    assert_eq!(two.len(), 1);
}

// ------------------------------------------------------------------ OpenAI

async fn post(ai: &FakeOpenAi, key: &str, body: &Value) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{}/chat/completions", ai.url()))
        .bearer_auth(key)
        .json(body)
        .send()
        .await
        .unwrap()
}

fn expected_text_tokens(body: &Value) -> u64 {
    let mut chars = body["response_format"]["json_schema"]
        .to_string()
        .chars()
        .count();
    for m in body["messages"].as_array().unwrap() {
        match &m["content"] {
            Value::String(s) => chars += s.chars().count(),
            Value::Array(parts) => {
                for p in parts {
                    if let Some(t) = p["text"].as_str() {
                        chars += t.chars().count();
                    }
                }
            }
            _ => {}
        }
    }
    chars.div_ceil(4) as u64
}

#[tokio::test]
async fn openai_verdict_and_usage() {
    let ai = FakeOpenAi::start().await;
    let img = fixtures::jpeg(800, 600, GREY);
    let body = fake_openai::sample_request("gpt-4o-mini", &img, "low");
    let r = post(&ai, API_KEY, &body).await;
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["object"], "chat.completion");
    assert_eq!(v["model"], "gpt-4o-mini");
    assert_eq!(v["choices"][0]["finish_reason"], "stop");
    assert_eq!(v["choices"][0]["message"]["refusal"], Value::Null);
    let verdict: Value =
        serde_json::from_str(v["choices"][0]["message"]["content"].as_str().unwrap()).unwrap();
    assert_eq!(verdict["severity"], "minor");
    assert!(verdict["confidence"].as_f64().unwrap() > 0.5);
    let text = expected_text_tokens(&body);
    assert_eq!(v["usage"]["prompt_tokens"].as_u64().unwrap(), 2833 + text);
    let content_len = v["choices"][0]["message"]["content"]
        .as_str()
        .unwrap()
        .chars()
        .count();
    assert_eq!(
        v["usage"]["completion_tokens"].as_u64().unwrap(),
        content_len.div_ceil(4) as u64
    );

    let rec = ai.last_request().unwrap();
    assert!(rec.auth_ok);
    assert_eq!(rec.image_dims, vec![(800, 600)]);
    assert_eq!(rec.image_bytes, img.len());
    assert_eq!(rec.detail.as_deref(), Some("low"));
    assert_eq!(rec.usage.image_tokens, 2833);
    let url = rec.body["messages"][1]["content"][1]["image_url"]["url"]
        .as_str()
        .unwrap();
    assert_eq!(url, format!("data:image/jpeg;base64,<{} bytes>", img.len()));

    // high detail 1280x960 -> 1024x768 -> 4 tiles
    let body = fake_openai::sample_request("gpt-4o-mini", &fixtures::jpeg(1280, 960, GREY), "high");
    let v: Value = post(&ai, API_KEY, &body).await.json().await.unwrap();
    assert_eq!(
        v["usage"]["prompt_tokens"].as_u64().unwrap(),
        25501 + expected_text_tokens(&body)
    );
    assert_eq!(fake_openai::image_tokens(1280, 960, "auto"), 25501);
    assert_eq!(
        fake_openai::image_tokens(4096, 1024, "high"),
        2833 + 5667 * 4
    ); // 2048x512 -> 4x1 tiles
    assert_eq!(fake_openai::image_tokens(512, 512, "high"), 2833 + 5667);

    // bad key
    let r = post(&ai, "sk-wrong", &body).await;
    assert_eq!(r.status(), 401);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"]["code"], "invalid_api_key");
    assert_eq!(v["error"]["type"], "invalid_request_error");
    assert!(!ai.last_request().unwrap().auth_ok);
    assert_eq!(ai.count(), 3);
    let t = ai.totals();
    assert_eq!(t.count, 3);
    assert_eq!(
        t.prompt_tokens,
        2 * expected_text_tokens(&body) + 2833 + 25501
    );
}

#[tokio::test]
async fn openai_scripted_replies() {
    let ai = FakeOpenAi::start().await;
    ai.on_color(RED, Reply::verdict("severe", "Deep pothole").depth_mm(150));
    ai.on_color(GREEN, Reply::verdict("none", "Smooth road"));
    ai.on_color(YELLOW, Reply::refusal("I can't help with that."));
    let ask = |c: [u8; 3]| {
        let ai = ai.clone();
        async move {
            let body =
                fake_openai::sample_request("gpt-4o-mini", &fixtures::jpeg(320, 240, c), "low");
            post(&ai, API_KEY, &body)
                .await
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    let content = |v: &Value| -> Value {
        serde_json::from_str(v["choices"][0]["message"]["content"].as_str().unwrap()).unwrap()
    };
    assert_eq!(content(&ask(RED).await)["severity"], "severe");
    assert_eq!(content(&ask(RED).await)["depth_mm"], 150);
    assert_eq!(content(&ask(GREEN).await)["severity"], "none");
    assert_eq!(
        content(&ask(BLUE).await)["severity"],
        "minor",
        "no rule -> default"
    );
    let v = ask(YELLOW).await;
    assert_eq!(v["choices"][0]["message"]["content"], Value::Null);
    assert_eq!(
        v["choices"][0]["message"]["refusal"],
        "I can't help with that."
    );

    // the queue wins over colour rules
    ai.push(Reply::raw_content("{not json"));
    ai.push(Reply::finish_reason("length"));
    assert_eq!(
        ask(RED).await["choices"][0]["message"]["content"],
        "{not json"
    );
    let v = ask(RED).await;
    assert_eq!(v["choices"][0]["finish_reason"], "length");
    assert!(
        serde_json::from_str::<Value>(v["choices"][0]["message"]["content"].as_str().unwrap())
            .is_err()
    );

    // HTTP errors with retry-after
    ai.push(Reply::rate_limited(2));
    let body = fake_openai::sample_request("gpt-4o-mini", &fixtures::jpeg(32, 32, GREY), "low");
    let r = post(&ai, API_KEY, &body).await;
    assert_eq!(r.status(), 429);
    assert_eq!(r.headers()["retry-after"], "2");
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"]["code"],
        "rate_limit_exceeded"
    );
    ai.push(Reply::insufficient_quota());
    let r = post(&ai, API_KEY, &body).await;
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"]["code"],
        "insufficient_quota"
    );
    ai.push(Reply::overloaded());
    assert_eq!(post(&ai, API_KEY, &body).await.status(), 503);

    // dropped connection and timeouts
    ai.push(Reply::drop_connection());
    let r = reqwest::Client::new()
        .post(format!("{}/chat/completions", ai.url()))
        .bearer_auth(API_KEY)
        .json(&body)
        .send()
        .await;
    let failed = match r {
        Err(_) => true,
        Ok(resp) => resp.bytes().await.is_err(),
    };
    assert!(failed, "dropped connection must surface as an error");
    ai.push(Reply::verdict("moderate", "slow").with_delay(Duration::from_millis(500)));
    let r = reqwest::Client::new()
        .post(format!("{}/chat/completions", ai.url()))
        .bearer_auth(API_KEY)
        .timeout(Duration::from_millis(150))
        .json(&body)
        .send()
        .await;
    assert!(r.unwrap_err().is_timeout());

    // invalid images are rejected like OpenAI does
    let mut bad = body.clone();
    bad["messages"][1]["content"][1]["image_url"]["url"] = json!(fake_openai::data_url(
        "image/jpeg",
        &fixtures::corrupt_jpeg()
    ));
    let r = post(&ai, API_KEY, &bad).await;
    assert_eq!(r.status(), 400);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"]["code"],
        "invalid_image_format"
    );
    bad["messages"][1]["content"][1]["image_url"]["url"] =
        json!(format!("https://api.telegram.org/file/bot{}/x.jpg", "T"));
    assert_eq!(post(&ai, API_KEY, &bad).await.status(), 400);
    assert_eq!(ai.last_request().unwrap().remote_image_urls.len(), 1);
}

#[tokio::test]
async fn openai_concurrency_and_no_record() {
    let ai = FakeOpenAi::start().await;
    ai.set_record(false);
    ai.set_latency(Duration::from_millis(200));
    let body = fake_openai::sample_request("gpt-4o-mini", &fixtures::jpeg(320, 240, GREY), "low");
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let ai = ai.clone();
        let body = body.clone();
        tasks.push(tokio::spawn(async move {
            post(&ai, API_KEY, &body).await.status()
        }));
    }
    ai.wait_for_requests(8, T).await;
    for t in tasks {
        assert_eq!(t.await.unwrap(), 200);
    }
    assert_eq!(ai.max_in_flight(), 8);
    assert_eq!(ai.in_flight(), 0);
    assert!(ai.requests().is_empty());
    assert_eq!(ai.totals().count, 8);
    assert_eq!(
        ai.totals().image_bytes,
        8 * fixtures::jpeg(320, 240, GREY).len() as u64
    );
}

#[test]
fn fixtures_are_what_they_claim() {
    assert_eq!(
        fixtures::image_dims(&fixtures::jpeg(90, 67, RED)),
        Some((90, 67))
    );
    assert_eq!(
        fixtures::image_dims(&fixtures::png(30, 20, RED)),
        Some((30, 20))
    );
    assert_eq!(
        fixtures::image_dims(&fixtures::webp(30, 20, RED)),
        Some((30, 20))
    );
    assert_eq!(
        fixtures::center_pixel(&fixtures::webp(30, 20, RED)),
        Some(RED)
    );
    assert_eq!(
        fixtures::image_dims(&fixtures::huge_dims_png()),
        Some((50_000, 50_000))
    );
    assert!(fixtures::huge_dims_png().len() < 200);
    assert!(fixtures::image_dims(&fixtures::corrupt_jpeg()).is_none());
    assert!(fixtures::center_pixel(&fixtures::corrupt_jpeg()).is_none());
    assert_eq!(
        fixtures::image_dims(&fixtures::truncated_jpeg()),
        Some((640, 480))
    );
    assert!(fixtures::image_dims(&fixtures::heic_bytes()).is_none());
    assert_eq!(&fixtures::heic_bytes()[4..12], b"ftypheic");
    // colours survive JPEG
    for c in [RED, GREEN, BLUE, GREY, YELLOW] {
        let px = fixtures::center_pixel(&fixtures::jpeg(320, 240, c)).unwrap();
        let d: i32 = (0..3).map(|i| (px[i] as i32 - c[i] as i32).abs()).sum();
        assert!(d < 30, "{c:?} -> {px:?}");
    }
    let t0 = Instant::now();
    fixtures::jpeg(1280, 960, RED);
    let t1 = Instant::now();
    fixtures::jpeg(1280, 960, RED);
    assert!(
        t1.elapsed() * 10 < t1 - t0 + Duration::from_millis(1),
        "cached"
    );
}

#[tokio::test]
async fn teloxide_dispatcher_polls_the_fake() {
    let tg = FakeTelegram::start().await;
    let handler = Update::filter_message().endpoint(|bot: Bot, msg: Message| async move {
        let reply = format!("echo {}", msg.text().unwrap_or("?"));
        bot.send_message(msg.chat.id, reply).await?;
        respond(())
    });
    let mut dispatcher = Dispatcher::builder(bot(&tg), handler).build();
    let task = tokio::spawn(async move { dispatcher.dispatch().await });
    tg.citizen(42).sends_text("ping");
    tg.group(-100123, 7).sends_text("pong");
    tg.wait_for(T, |s| s.chat_id == 42 && s.text_str() == "echo ping")
        .await;
    tg.wait_for(T, |s| s.chat_id == -100123 && s.text_str() == "echo pong")
        .await;
    assert_eq!(tg.calls("getme"), 1);
    assert!(tg.calls("getupdates") >= 1);
    task.abort();
}
