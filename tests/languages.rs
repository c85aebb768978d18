//! Languages end to end: each citizen is answered in their Telegram language (or the one they
//! picked with /language), the command menus exist in every language, and the staff chat
//! keeps its own.

mod support;

use std::time::Duration;

use pothole_bot::domain::{Lang, Locale, Severity, Verdict, crew_texts, texts};
use serde_json::json;
use support::app::{STAFF, WAIT, spawn_app, spawn_app_with};
use support::fake_openai::Reply;
use support::fake_telegram::{STANDARD_SIZES, Sent};
use support::fixtures::RED;
use support::texts::{is_ack_in, is_verdict_in};

const CITIZEN: i64 = 5151;

fn to(chat: i64) -> impl Fn(&Sent) -> bool {
    move |s| s.chat_id == chat && s.method == "sendmessage"
}

fn lang(code: &str) -> Locale {
    Locale::from(Lang::from_code(code).unwrap())
}

#[tokio::test]
async fn the_command_menus_are_set_in_every_language_and_the_staff_chat_gets_its_own() {
    let app = spawn_app().await;
    let wanted = 2 * (Lang::all().count() + 1) + 1;
    let deadline = std::time::Instant::now() + WAIT;
    while app.tg.calls("setmycommands") < wanted && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let private = json!({"type": "all_private_chats"});
    for l in Lang::all() {
        let menu = app
            .tg
            .menu(private.clone(), Some(l.code()))
            .unwrap_or_else(|| panic!("no private menu in {l}"));
        let status = menu
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["command"] == "status")
            .unwrap_or_else(|| panic!("{l}: {menu}"));
        assert_eq!(
            status["description"],
            texts::command_description(Locale::from(l), "status").unwrap()
        );
        assert!(
            menu.to_string().contains("\"language\""),
            "{l}: /language is in the menu"
        );
        let groups = app
            .tg
            .menu(json!({"type": "all_group_chats"}), Some(l.code()));
        assert!(groups.unwrap().to_string().contains("chatid"));
    }
    // Users whose language the bot lacks get DEFAULT_LANGUAGE (English by default).
    let default = app.tg.menu(private, None).unwrap();
    assert!(
        default
            .to_string()
            .contains(&texts::command_description(Locale::ENGLISH, "status").unwrap()),
        "{default}"
    );
    let staff = app
        .tg
        .menu(json!({"type": "chat", "chat_id": STAFF}), None)
        .expect("the staff chat's own menu");
    assert!(staff.to_string().contains("stats"), "{staff}");
}

#[tokio::test]
async fn language_offers_one_button_per_language_and_a_tap_switches_the_citizens_language() {
    let app = spawn_app().await;
    let citizen = app.tg.citizen(CITIZEN).speaking("pt-BR");
    citizen.sends_command("/language");
    let question = app.tg.wait_for(WAIT, to(CITIZEN)).await;
    assert_eq!(question.text_str(), texts::language_choose(lang("pt")));
    let buttons = question.button_data();
    assert_eq!(buttons.len(), Lang::all().count(), "{buttons:?}");
    let german = Lang::from_code("de").unwrap();
    assert!(buttons.contains(&german.callback_data()), "{buttons:?}");

    app.tg.clear_sent();
    citizen.presses_button(question.message_id.unwrap(), &german.callback_data());
    let told = app.tg.wait_for(WAIT, to(CITIZEN)).await;
    assert_eq!(told.text_str(), texts::language_chosen(lang("de")));
    let answer = app
        .tg
        .wait_for(WAIT, |s| s.method == "answercallbackquery")
        .await;
    assert_eq!(answer.text_str(), texts::language_chosen(lang("de")));

    // The choice sticks although the app still says pt-BR.
    citizen.sends_command("/language");
    let again = app
        .tg
        .wait_for(WAIT, |s| to(CITIZEN)(s) && s.text_str() != told.text_str())
        .await;
    assert_eq!(again.text_str(), texts::language_choose(lang("de")));
}

#[tokio::test]
async fn a_language_button_outside_a_private_chat_changes_nothing() {
    let app = spawn_app().await;
    let german = Lang::from_code("de").unwrap();
    app.tg
        .group(STAFF, 77)
        .presses_button(1, &german.callback_data());
    let answer = app
        .tg
        .wait_for(WAIT, |s| s.method == "answercallbackquery")
        .await;
    assert_eq!(
        answer.text_str(),
        texts::staff_button_refused(Locale::ENGLISH)
    );
    app.tg
        .expect_none(Duration::from_millis(300), to(STAFF))
        .await;
}

#[tokio::test]
async fn the_model_is_asked_for_the_reason_in_the_citizens_language_only_when_it_differs() {
    let app = spawn_app().await;
    app.ai
        .set_default(Reply::verdict("severe", "Deep hole in the right lane"));
    let photo = app.tg.add_photo(RED, &STANDARD_SIZES);
    app.tg
        .citizen(CITIZEN)
        .speaking("es-MX")
        .sends_photo(&photo);
    let requests = app.ai.wait_for_requests(1, WAIT).await;
    let body = &requests[0].body;
    let system = body["messages"][0]["content"].as_str().unwrap();
    assert!(system.contains("Español (es)"), "{system}");
    let required = &body["response_format"]["json_schema"]["schema"]["required"];
    assert!(
        required
            .as_array()
            .unwrap()
            .contains(&json!("citizen_reason")),
        "{required}"
    );

    // An English citizen (the staff language): the plain prompt, no second reason.
    let other = app.tg.add_photo(RED, &STANDARD_SIZES);
    app.tg.citizen(CITIZEN + 1).sends_photo(&other);
    let requests = app.ai.wait_for_requests(2, WAIT).await;
    let body = &requests[1].body;
    assert_eq!(
        body["messages"][0]["content"],
        pothole_bot::vision::prompt::SYSTEM_PROMPT
    );
    assert!(
        !body["response_format"]
            .to_string()
            .contains("citizen_reason"),
        "{}",
        body["response_format"]
    );
}

/// Every language end to end: a citizen whose Telegram is in it sends a photo and hears the
/// acknowledgement and the verdict (with the model's reason in their language) in it, while
/// the staff chat's alert stays in STAFF_LANGUAGE (English here) with the staff reason.
#[tokio::test]
async fn each_citizen_is_answered_in_their_language_and_the_staff_chat_stays_in_its_own() {
    let app = spawn_app().await;
    let reason = "Deep hole in the right lane";
    app.ai.set_default(Reply::verdict("severe", reason));
    for (i, l) in Lang::all().enumerate() {
        let citizen = CITIZEN + 100 + i as i64;
        let reader = Locale::from(l);
        // Telegram sends regional tags; the bot answers in the base language.
        let tag = format!("{}-ZA", l.code());
        let photo = app.tg.add_photo(RED, &STANDARD_SIZES);
        app.tg.citizen(citizen).speaking(&tag).sends_photo(&photo);

        let ack = app
            .tg
            .wait_for(WAIT, |s| s.chat_id == citizen && is_ack_in(s, reader))
            .await;
        let id = support::app::report_number(ack.text_str()).unwrap();
        assert_eq!(ack.text_str(), texts::received(reader, id, false), "{l}");
        let keyboard = ack.reply_markup.clone().unwrap();
        assert_eq!(
            keyboard["keyboard"][0][0]["text"],
            texts::share_location_button(reader),
            "{l}"
        );

        let verdict = app
            .tg
            .wait_for(WAIT, |s| s.chat_id == citizen && is_verdict_in(s, reader))
            .await;
        let mut expected = Verdict::new(
            Severity::Severe,
            Some(0.92),
            Some(110.0),
            Some(700.0),
            reason,
        );
        if l != Lang::ENGLISH {
            // The fake answers citizen_reason as "(<code>) <reason>": the language asked.
            expected = expected.with_citizen_reason(l.code(), &format!("({}) {reason}", l.code()));
        }
        assert_eq!(
            verdict.text_str(),
            texts::verdict(reader, id, &expected, true, false),
            "{l}"
        );

        let alert = app
            .tg
            .wait_for(WAIT, |s| {
                s.chat_id == STAFF
                    && s.method == "sendphoto"
                    && s.text_str().contains(&format!("#{id}"))
            })
            .await;
        let caption = alert.text_str();
        let staff_verdict = Verdict::new(Severity::Severe, None, None, None, reason);
        let english_head = texts::verdict(Locale::ENGLISH, id, &staff_verdict, true, true);
        let english_head = english_head.lines().next().unwrap().trim_end_matches('.');
        assert!(
            caption.contains(english_head.trim_start_matches("Report ")),
            "{l}: {caption}"
        );
        assert!(caption.contains(&format!("{reason}.")), "{l}: {caption}");
        assert!(
            !caption.contains(&format!("({})", l.code())),
            "{l}: {caption}"
        );
        let buttons = alert.reply_markup.clone().unwrap();
        assert_eq!(
            buttons["inline_keyboard"][0][0]["text"],
            crew_texts::button(Locale::ENGLISH, crew_texts::Button::OnIt)
        );
    }
    // The stored reason is the staff language's.
    let stored: Vec<String> = app
        .db()
        .prepare("SELECT reason FROM reports")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(stored.iter().all(|r| r == reason), "{stored:?}");
}

#[tokio::test]
async fn staff_language_and_default_language_are_settings() {
    let app = spawn_app_with(|env| {
        env.insert("STAFF_LANGUAGE".into(), "de".into());
        env.insert("DEFAULT_LANGUAGE".into(), "fr".into());
    })
    .await;
    app.ai
        .set_default(Reply::verdict("severe", "Tiefes Loch in der rechten Spur"));
    // A language without a catalogue: DEFAULT_LANGUAGE.
    let photo = app.tg.add_photo(RED, &STANDARD_SIZES);
    app.tg.citizen(CITIZEN).speaking("qq").sends_photo(&photo);
    let fr = lang("fr");
    let ack = app
        .tg
        .wait_for(WAIT, |s| s.chat_id == CITIZEN && is_ack_in(s, fr))
        .await;
    let id = support::app::report_number(ack.text_str()).unwrap();
    app.tg
        .wait_for(WAIT, |s| s.chat_id == CITIZEN && is_verdict_in(s, fr))
        .await;
    let requests = app.ai.requests();
    let system = requests[0].body["messages"][0]["content"].as_str().unwrap();
    assert!(
        system.contains("Write reason in Deutsch (de).")
            && system.contains("citizen_reason: the same reason in Français (fr)."),
        "{system}"
    );
    let de = lang("de");
    let alert = app
        .tg
        .wait_for(WAIT, |s| s.chat_id == STAFF && s.method == "sendphoto")
        .await;
    let german = Verdict::new(Severity::Severe, None, None, None, "x");
    let head = texts::verdict(de, id, &german, true, true);
    let head = head.lines().next().unwrap().trim_end_matches('.');
    assert!(alert.text_str().contains(head), "{}", alert.text_str());
    assert_eq!(
        alert.reply_markup.clone().unwrap()["inline_keyboard"][0][0]["text"],
        crew_texts::button(de, crew_texts::Button::OnIt)
    );
    app.tg.group(STAFF, 77).sends_command("/help");
    let help = app
        .tg
        .wait_for(WAIT, |s| s.chat_id == STAFF && s.method == "sendmessage")
        .await;
    assert_eq!(help.text_str(), texts::staff_help(de));
}

#[tokio::test]
async fn the_crews_loop_speaks_to_the_citizen_in_theirs_and_to_the_staff_in_staff_language() {
    use pothole_bot::domain::work::WorkAction;
    let app = spawn_app().await;
    app.ai.set_default(Reply::verdict("severe", "Deep hole"));
    let pt = lang("pt");
    let photo = app.tg.add_photo(RED, &STANDARD_SIZES);
    app.tg
        .citizen(CITIZEN)
        .speaking("pt-BR")
        .sends_photo(&photo);
    app.tg
        .wait_for(WAIT, |s| s.chat_id == CITIZEN && is_verdict_in(s, pt))
        .await;
    let alert = app
        .tg
        .wait_for(WAIT, |s| s.chat_id == STAFF && s.method == "sendphoto")
        .await;
    let en = Locale::ENGLISH;
    let buttons = alert.reply_markup.clone().unwrap().to_string();
    for b in [crew_texts::Button::OnIt, crew_texts::Button::Fixed] {
        assert!(buttons.contains(&crew_texts::button(en, b)), "{buttons}");
    }
    // A crew member who reads Portuguese still gets the staff chat's language.
    app.tg
        .group(STAFF, 77)
        .speaking("pt")
        .presses_button(alert.message_id.unwrap(), "v1:ack:1");
    let pop_up = app
        .tg
        .wait_for(WAIT, |s| s.method == "answercallbackquery")
        .await;
    assert_eq!(
        pop_up.text_str(),
        crew_texts::action_done(en, 1, WorkAction::Take)
    );
    app.tg
        .wait_for(WAIT, |s| {
            s.chat_id == CITIZEN
                && s.text_str() == crew_texts::citizen_update(pt, 1, 1, WorkAction::Take)
        })
        .await;
    // Fixed: the citizen hears it in Portuguese, with a Portuguese "Still broken" button.
    app.tg
        .group(STAFF, 77)
        .presses_button(alert.message_id.unwrap(), "v1:fix:1");
    let fixed = app
        .tg
        .wait_for(WAIT, |s| {
            s.chat_id == CITIZEN
                && s.text_str() == crew_texts::citizen_update(pt, 1, 1, WorkAction::Fix)
        })
        .await;
    assert_eq!(
        fixed.reply_markup.unwrap()["inline_keyboard"][0][0]["text"],
        crew_texts::button(pt, crew_texts::Button::StillBroken)
    );
    // Its pop-up is the citizen's language too.
    app.tg
        .citizen(CITIZEN)
        .presses_button(fixed.message_id.unwrap(), "v1:broken:1");
    app.tg
        .wait_for(WAIT, |s| {
            s.method == "answercallbackquery"
                && s.text_str() == crew_texts::reopened_by_citizen(pt, 1)
        })
        .await;
}

#[tokio::test]
async fn the_alert_shows_its_time_in_timezone() {
    let app = spawn_app_with(|env| {
        env.insert("TIMEZONE".into(), "Africa/Johannesburg".into());
    })
    .await;
    app.ai.set_default(Reply::verdict("severe", "Deep hole"));
    let photo = app.tg.add_photo(RED, &STANDARD_SIZES);
    app.tg.citizen(CITIZEN).sends_photo(&photo);
    let alert = app
        .tg
        .wait_for(WAIT, |s| s.chat_id == STAFF && s.method == "sendphoto")
        .await;
    let caption = alert.text_str();
    let created = app.report(1).unwrap().created_at;
    let created = chrono::DateTime::parse_from_rfc3339(&created)
        .map(|t| t.with_timezone(&chrono::Utc))
        .unwrap_or_else(|_| {
            chrono::NaiveDateTime::parse_from_str(&created, "%Y-%m-%d %H:%M:%S")
                .unwrap()
                .and_utc()
        });
    let local = Lang::ENGLISH.datetime(created, chrono_tz::Africa::Johannesburg, true);
    assert!(
        caption.contains(&format!("🕒 {local}")),
        "{local} in {caption}"
    );
    assert!(local.ends_with("SAST"), "{local}");
    assert!(!caption.contains("UTC"), "{caption}");
}
