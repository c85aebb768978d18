//! Stand-in Telegram and OpenAI servers for trying pothole-bot without accounts or internet.
//!
//! ```sh
//! cargo run --example standin          # terminal 1: prints the .env lines to use
//! cargo run --release                  # terminal 2: the bot, with that .env
//! ```
//!
//! Once the bot polls, the stand-in plays five citizens at once — photos and files of every
//! kind, location pins before and after, an album, `/status` — and a "vision model" that
//! grades by colour. It prints each chat as the people in it would see it, the crews' chat,
//! and a one-line check per promise of the spec, then exits (non-zero if a check failed).
//! Everything stays on 127.0.0.1.

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use support::fake_openai::{self, FakeOpenAi, Reply};
use support::fake_telegram::{self, FakeTelegram, STANDARD_SIZES, Sent};
use support::fixtures::{self, BLUE, GREEN, GREY, RED, YELLOW};

const STAFF: i64 = -1_001_234_567_890;
const TG_PORT: u16 = 8081;
const AI_PORT: u16 = 8082;

#[tokio::main]
async fn main() {
    let tg = FakeTelegram::start_on(TG_PORT).await;
    let ai = FakeOpenAi::start_on(AI_PORT).await;
    ai.set_latency(Duration::from_millis(700));
    ai.on_color(
        RED,
        Reply::verdict("severe", "Deep pothole with broken edges in the wheel path").depth_mm(80),
    );
    ai.on_color(
        YELLOW,
        Reply::verdict("moderate", "Wide shallow pothole that would jolt a car"),
    );
    ai.on_color(
        GREEN,
        Reply::verdict("minor", "Small surface crack, no immediate danger"),
    );
    ai.on_color(
        BLUE,
        Reply::verdict("not_pothole", "A parked blue car, no road damage visible"),
    );
    ai.on_color(
        GREY,
        Reply::verdict("unclear", "Too dark to see the road surface"),
    );

    println!("Stand-in servers are up. Put these lines in .env and run `cargo run --release`:\n");
    println!("TELEGRAM_BOT_TOKEN={}", fake_telegram::TOKEN);
    println!("STAFF_CHAT_ID={STAFF}");
    println!("OPENAI_API_KEY={}", fake_openai::API_KEY);
    println!("TELEGRAM_API_URL={}", tg.url());
    println!("OPENAI_BASE_URL={}", ai.url());
    println!("DATABASE_PATH=standin.db\n");
    println!("Waiting for the bot to connect…");
    while tg.calls("getupdates") == 0 {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    println!("The bot is polling. Five citizens start reporting.\n");

    // Ana: a photo, then a pin (severe: crews alerted, pin follows the alert).
    let ana = tg.citizen(1001);
    ana.sends_photo_with_caption(
        &tg.add_photo(RED, &STANDARD_SIZES),
        "Right lane, outside the bakery",
    );
    // Ben: a pin first, then a photo (moderate).
    let ben = tg.citizen(1002);
    ben.sends_location(52.5163, 13.3777);
    // Chloé: a phone photo sent as a file, with GPS in its EXIF (minor, located from EXIF).
    let chloe = tg.citizen(1003);
    let exif = pothole_bot::vision::image::jpeg_with_gps(
        &fixtures::jpeg(4032, 3024, GREEN),
        48.8584,
        2.2945,
    );
    chloe.sends_document_with_caption(
        &tg.add_file(&exif, "IMG_4032.jpg", "image/jpeg"),
        "Cycle lane",
    );
    // Dev: an album of two photos, then a venue (one severe, one unclear).
    let dev = tg.citizen(1004);
    dev.clone()
        .in_album("album-1")
        .sends_photo(&tg.add_photo(RED, &STANDARD_SIZES));
    dev.clone()
        .in_album("album-1")
        .sends_photo(&tg.add_photo(GREY, &STANDARD_SIZES));
    // Eve: not a pothole, as a PNG file; a sticker; then /status.
    let eve = tg.citizen(1005);
    eve.sends_document(&tg.add_file(&fixtures::png(1200, 900, BLUE), "car.png", "image/png"));
    eve.sends_sticker();

    tokio::time::sleep(Duration::from_millis(1500)).await;
    ana.sends_location(40.4168, -3.7038);
    ben.sends_photo(&tg.add_photo(YELLOW, &STANDARD_SIZES));
    dev.sends_venue(51.5007, -0.1246, "Westminster Bridge", "London SE1");

    let verdict = |chat: i64| {
        move |s: &Sent| {
            s.chat_id == chat
                && s.text_str().starts_with("Report #")
                && !s.text_str().contains("received —")
        }
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    let done = || {
        let sent = tg.sent();
        let verdicts = |chat| sent.iter().filter(|s| verdict(chat)(s)).count();
        verdicts(1001) >= 1
            && verdicts(1002) >= 1
            && verdicts(1003) >= 1
            && verdicts(1004) >= 2
            && verdicts(1005) >= 1
            && sent
                .iter()
                .filter(|s| s.chat_id == STAFF && s.method == "sendlocation")
                .count()
                >= 2
    };
    while !done() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    eve.sends_command("/status");
    tokio::time::sleep(Duration::from_secs(2)).await;

    let sent = tg.sent();
    for (chat, name) in [
        (1001, "Ana"),
        (1002, "Ben"),
        (1003, "Chloé"),
        (1004, "Dev"),
        (1005, "Eve"),
        (STAFF, "Road crews"),
    ] {
        println!("── {name} ({chat}) ──────────────────────────────────────────");
        for s in sent
            .iter()
            .filter(|s| s.chat_id == chat && s.method != "sendchataction")
        {
            let what = match s.method.as_str() {
                "sendphoto" => "[photo] ",
                "senddocument" => "[file] ",
                "sendlocation" => "[map pin] ",
                _ => "",
            };
            let pin = s
                .location
                .map(|(a, b)| format!("{a}, {b}"))
                .unwrap_or_default();
            let reply = s
                .reply_to
                .map(|m| format!("  (reply to message {m})"))
                .unwrap_or_default();
            println!(
                "bot: {what}{}{pin}{reply}",
                s.text_str().replace('\n', "\n     ")
            );
        }
        println!();
    }

    let staff: Vec<_> = sent.iter().filter(|s| s.chat_id == STAFF).collect();
    let alerts = staff
        .iter()
        .filter(|s| s.method == "sendphoto" || s.method == "senddocument")
        .count();
    let checks = [
        (
            "every citizen got a report number at once",
            [1001, 1002, 1003, 1004, 1005].iter().all(|c| {
                sent.iter()
                    .any(|s| s.chat_id == *c && s.text_str().contains("received —"))
            }),
        ),
        ("every report got a verdict", done()),
        (
            "the two severe potholes were alerted, once each",
            alerts == 2,
        ),
        (
            "every alert carries a map pin as a reply",
            staff.iter().filter(|s| s.method == "sendlocation").count() == 2
                && staff
                    .iter()
                    .filter(|s| s.method == "sendlocation")
                    .all(|s| s.reply_to.is_some()),
        ),
        (
            "no message was refused by the stand-in Telegram",
            tg.failed().is_empty(),
        ),
        (
            "the model never saw a caption",
            ai.requests()
                .iter()
                .all(|r| !r.body.to_string().contains("bakery")),
        ),
        (
            "no secret in any message",
            sent.iter()
                .all(|s| !s.params.to_string().contains(fake_telegram::TOKEN)),
        ),
    ];
    let mut ok = true;
    for (what, passed) in checks {
        println!("{} {what}", if passed { "✔" } else { "✘" });
        ok &= passed;
    }
    println!(
        "\nThe log is in standin.db: sqlite3 standin.db 'SELECT id, chat_id, severity, status, latitude, longitude, cost_usd FROM reports'"
    );
    std::process::exit(if ok { 0 } else { 1 });
}
