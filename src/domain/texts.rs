//! Every sentence a citizen or a crew member reads. One place, so the voice stays the same
//! and tests can check the promises of the spec (the acknowledgement never uses a severity
//! word; the verdict always does).

use chrono::{DateTime, Utc};

use super::crew_texts as ct;
use super::notice::{DelayCause, Notice, OperatorWarning, StaffReply};
use super::report::{GeoPoint, Status};
use super::verdict::truncate;
use super::work::WorkState;
use super::{Severity, Verdict};

/// Telegram's caption limit, in characters.
pub const CAPTION_LIMIT: usize = 1024;
/// Telegram's text message limit, in characters.
pub const TEXT_LIMIT: usize = 4096;
/// The label of the one-tap "share location" keyboard button.
pub const SHARE_LOCATION_BUTTON: &str = "📍 Share location";

/// `/start` and `/help`.
pub fn help() -> String {
    "👋 Hi! I pass pothole reports to the road crews.\n\n\
     1. Send a photo of the pothole (as a photo, or as a JPEG, PNG or WebP file).\n\
     2. Tap \u{1F4CD} Share location, or send a location pin, so the crew can find it.\n\
     3. In a few seconds I tell you how bad it is; the worst go straight to the crews.\n\n\
     Add a caption if you like, e.g. \u{201C}right lane, outside no. 12\u{201D}.\n\
     /status shows your recent reports."
        .to_owned()
}

/// The immediate answer to a photo. Uses none of the severity words.
pub fn received(id: i64, has_location: bool) -> String {
    if has_location {
        format!("Report #{id} received — grading it now…\n📍 Your location pin is attached.")
    } else {
        format!(
            "Report #{id} received — grading it now…\n\
             📍 Where is it? Tap \u{201C}{SHARE_LOCATION_BUTTON}\u{201D} below or send a pin."
        )
    }
}

/// A pin that attached to earlier reports (several when they came as one album).
pub fn location_added(ids: &[i64]) -> String {
    let list = ids
        .iter()
        .map(|id| format!("#{id}"))
        .collect::<Vec<_>>()
        .join(", ");
    let noun = if ids.len() == 1 { "report" } else { "reports" };
    format!("📍 Location added to {noun} {list}. Thank you!")
}

/// A pin with no report to attach to: held for the next photo.
pub fn location_held(window_minutes: u64) -> String {
    format!(
        "📍 Location noted. Now send a photo of the pothole within {window_minutes} minutes \
         and I'll attach this pin to it."
    )
}

/// The verdict for the citizen.
pub fn verdict(id: i64, verdict: &Verdict, alerted: bool, has_location: bool) -> String {
    let reason = sentence(&verdict.reason);
    match verdict.severity {
        Severity::NotPothole => format!(
            "Report #{id}: this doesn't look like a pothole.\n{reason}\n\
             If it is one, send a closer photo that shows the hole and the road around it."
        ),
        Severity::Unclear => format!(
            "Report #{id}: I couldn't judge this photo.\n{reason}\n\
             Please send a sharper photo in good light, taken from 1–2 metres away."
        ),
        sev => {
            let next = if alerted {
                "🚧 The road crews have been alerted."
            } else {
                "🗂 It's logged for the road maintenance schedule."
            };
            let pin = if has_location {
                ""
            } else {
                "\n📍 Please send a location pin so the crew can find it."
            };
            format!("Report #{id}: {sev} pothole.\n{reason}\n{next}{pin}")
        }
    }
}

/// Told once per report when grading is held up: what is happening, and when the citizen
/// will hear back.
pub fn grading_delayed(id: i64, cause: DelayCause) -> String {
    match cause {
        DelayCause::ModelDown => format!(
            "⏳ Report #{id} is saved, but the grading service isn't answering right now. \
             I keep trying and will send you the result here as soon as it's back."
        ),
        DelayCause::DailyBudget { resumes_at } => format!(
            "⏳ Report #{id} is saved. Today's grading budget is used up, so it will be graded \
             after {} — you'll get the result here then.",
            resumes_at.format("%H:%M UTC on %d %b")
        ),
        DelayCause::Quota => format!(
            "⏳ Report #{id} is saved, but grading is paused: the grading service account has \
             run out of credit. The operator has been told; you'll get the result here once \
             it resumes."
        ),
    }
}

/// The report can never be graded automatically.
pub fn grading_failed(id: i64) -> String {
    format!(
        "Sorry — report #{id} couldn't be graded automatically. It's saved, and the staff \
         have been told."
    )
}

/// The downloaded image could not be read.
pub fn unreadable_image(id: i64) -> String {
    format!("Sorry — I couldn't read the image in report #{id}. Please send it again as a photo.")
}

/// An image file whose header claims more pixels than we agree to decode.
pub fn image_too_large(id: i64) -> String {
    format!(
        "Sorry — the image in report #{id} is far too large for me to open. \
         Please send it as a photo (not as a file); Telegram shrinks it for you."
    )
}

/// Anything that is not a photo, file, pin or command in a private chat.
pub fn send_a_photo() -> String {
    "📷 Please send a photo of the pothole (and a 📍 location pin if you can). \
     /help explains more."
        .to_owned()
}

/// An unknown command.
pub fn unknown_command() -> String {
    "I don't know that command. Send a photo of the pothole, or try /help.".to_owned()
}

/// A file that is not a JPEG, PNG or WebP image.
pub fn not_an_image() -> String {
    "That file isn't an image I can read. Please send a photo (JPEG, PNG or WebP).".to_owned()
}

/// An image file over the Bot API's 20 MB download limit.
pub fn file_too_large() -> String {
    "That file is over 20 MB, more than I can download. Please send it as a photo instead \
     (Telegram shrinks it for you)."
        .to_owned()
}

/// An iPhone HEIC/HEIF file.
pub fn heic_not_supported() -> String {
    "I can't read HEIC images. Please send it as a photo (not as a file), or export it as \
     JPEG first."
        .to_owned()
}

/// An edited message.
pub fn edits_ignored() -> String {
    "I don't follow edits to messages. If something changed, just send a new photo.".to_owned()
}

/// The citizen reached the hourly report limit.
pub fn rate_limited(per_hour: u32) -> String {
    format!(
        "You've sent {per_hour} reports in the last hour, which is the limit. Thank you! \
         Please send more a little later."
    )
}

/// The same photo was sent before: by this citizen (`yours`), or by someone else (a forward).
pub fn duplicate_photo(id: i64, yours: bool) -> String {
    if yours {
        format!("This photo is already report #{id} — no need to send it again. /status shows it.")
    } else {
        format!(
            "Someone has already reported this photo as report #{id}, so the crews know. Thank you! \
             If you took another photo of it, send that one."
        )
    }
}

/// The bot was added to a group that is not the staff chat, or is written to there.
pub fn private_only(bot_username: &str) -> String {
    format!(
        "Hi! I take pothole reports in a private chat: open @{bot_username} and send a photo. \
         (Setting me up for road crews? /chatid shows this group's id.)"
    )
}

/// `/help` in the staff chat.
pub fn staff_help() -> String {
    "👷 I post every pothole graded at or above the alert level here: the photo, the grade, \
     the citizen's note and a map pin. Under each alert: \u{201C}On it\u{201D}, \u{201C}Made \
     safe\u{201D}, \u{201C}Fixed\u{201D} and \u{201C}Not a pothole\u{201D} (with a reason); \
     the citizen is told each step. /open lists open potholes, most overdue first; /report 12 \
     shows one report and its history; /dup 12 7 marks #12 the same pothole as #7; /stats \
     shows counts, the crews' work and cost; /export sends the last 30 days as CSV and \
     GeoJSON; /chatid shows this chat's id."
        .to_owned()
}

/// The pop-up for the inert button left on a closed alert.
pub fn alert_already_closed(id: i64) -> String {
    format!("Report #{id} is already closed.")
}

/// The pop-up for a button pressed outside the staff chat, or one that is not ours.
pub fn staff_button_refused() -> String {
    "Sorry, this button only works under a pothole alert in the road crews' chat.".to_owned()
}

/// Report counts for `/stats`, by grade and state.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ReportCounts {
    pub total: i64,
    pub severe: i64,
    pub moderate: i64,
    pub minor: i64,
    pub not_pothole: i64,
    pub unclear: i64,
    /// Not graded yet.
    pub waiting: i64,
    pub failed: i64,
    pub fixed: i64,
    pub rejected: i64,
}

/// What `/stats` shows in the staff chat.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StaffStats {
    /// Since 00:00 UTC.
    pub today: ReportCounts,
    /// The last 7 × 24 hours.
    pub week: ReportCounts,
    pub cost_today_usd: f64,
    pub cost_week_usd: f64,
}

/// `/stats` in the staff chat.
pub fn stats(s: &StaffStats) -> String {
    let line = |c: &ReportCounts| {
        format!(
            "severe {} · moderate {} · minor {} · not a pothole {} · unclear {} · \
             waiting {} · failed {}\n   closed: {} fixed, {} not a pothole",
            c.severe,
            c.moderate,
            c.minor,
            c.not_pothole,
            c.unclear,
            c.waiting,
            c.failed,
            c.fixed,
            c.rejected
        )
    };
    format!(
        "📊 Reports today (since 00:00 UTC): {}\n   {}\n📅 Last 7 days: {}\n   {}\n\
         💵 Grading cost today: ${:.4} (last 7 days: ${:.4})",
        s.today.total,
        line(&s.today),
        s.week.total,
        line(&s.week),
        s.cost_today_usd,
        s.cost_week_usd
    )
}

/// When the bot joins the staff chat.
pub fn staff_welcome() -> String {
    "👷 Hello, crews! Pothole alerts will appear here, each with its photo and a map pin."
        .to_owned()
}

/// `/chatid` in a group.
pub fn chat_id(chat_id: i64, thread_id: Option<i32>) -> String {
    let mut text = format!("This chat's id is {chat_id}.\nPut STAFF_CHAT_ID={chat_id} in .env");
    if let Some(thread) = thread_id {
        text.push_str(&format!(" and STAFF_THREAD_ID={thread}"));
    }
    text.push_str(" to send pothole alerts here.");
    text
}

/// One line of `/status`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StatusLine {
    pub id: i64,
    pub status: Status,
    pub severity: Option<Severity>,
    /// The crews' work on it (potholes only).
    #[serde(default)]
    pub work: Option<WorkState>,
    pub created_at: DateTime<Utc>,
    pub has_location: bool,
}

/// `/status`: the citizen's recent reports, newest first ("#12 · severe · crew on it · 2 days").
pub fn status_list(lines: &[StatusLine], now: Option<DateTime<Utc>>) -> String {
    if lines.is_empty() {
        return "You haven't sent any reports yet. Send a photo of a pothole to start.".to_owned();
    }
    let mut text = String::from("Your recent reports:");
    for l in lines {
        let state = match (l.status, l.severity, l.work) {
            (_, Some(sev), Some(work)) => match now {
                Some(now) => format!(
                    "{sev} · {} · {}",
                    ct::state_words(work),
                    super::clock::age((now - l.created_at).num_seconds())
                ),
                None => format!("{sev} · {}", ct::state_words(work)),
            },
            (Status::Received, _, _) => "being graded".to_owned(),
            (Status::Failed, _, _) => "could not be graded".to_owned(),
            (Status::Alerted, Some(sev), _) => format!("{sev}, sent to the road crews"),
            (_, Some(Severity::NotPothole), _) => "not a pothole".to_owned(),
            (_, Some(Severity::Unclear), _) => "photo unclear".to_owned(),
            (_, Some(sev), _) => format!("{sev}, logged"),
            (_, None, _) => l.status.to_string(),
        };
        let pin = if l.has_location {
            "📍"
        } else {
            "no location"
        };
        text.push_str(&format!(
            "\n#{} · {} · {} · {}",
            l.id,
            state,
            pin,
            l.created_at.format("%d %b %H:%M UTC")
        ));
    }
    text
}

/// What the crews see with the photo.
#[derive(Debug, Clone)]
pub struct AlertView<'a> {
    pub id: i64,
    pub verdict: &'a Verdict,
    pub note: Option<&'a str>,
    pub created_at: DateTime<Utc>,
    pub location: Option<GeoPoint>,
    /// Only filled in when the operator turned `ALERT_SHOW_REPORTER` on.
    pub reporter: Option<&'a str>,
    /// The model was unsure (`REVIEW_BELOW_CONFIDENCE`).
    pub needs_review: bool,
    /// The crews' work line (state, who, when, deadline), rendered in local time.
    pub work: Option<&'a str>,
}

/// The caption of a staff alert, within Telegram's 1,024-character caption limit (the
/// citizen's note is what gets shortened).
pub fn alert_caption(a: &AlertView<'_>) -> String {
    let v = a.verdict;
    let mut head = format!(
        "🚨 Report #{}: {} pothole\n{}",
        a.id,
        v.severity,
        sentence(&v.reason)
    );
    let size = match (v.depth_mm, v.width_mm) {
        (Some(d), Some(w)) => Some(format!("≈{d} mm deep, ≈{w} mm wide (estimate)")),
        (Some(d), None) => Some(format!("≈{d} mm deep (estimate)")),
        (None, Some(w)) => Some(format!("≈{w} mm wide (estimate)")),
        (None, None) => None,
    };
    if let Some(size) = size {
        head.push_str(&format!("\n📏 {size}"));
    }
    if a.needs_review {
        let sure = v.confidence.map_or("gave no confidence".to_owned(), |c| {
            format!("was only {:.0}% sure", c * 100.0)
        });
        head.push_str(&format!(
            "\n👀 Needs a look: the model {sure}; check the photo"
        ));
    }
    let mut tail = a.work.map(|w| format!("\n{w}")).unwrap_or_default();
    tail.push_str(&format!(
        "\n🕒 {}",
        a.created_at.format("%Y-%m-%d %H:%M UTC")
    ));
    match a.location {
        Some(p) => tail.push_str(&format!(
            "\n📍 {:.5}, {:.5}\n🗺 {}",
            p.lat(),
            p.lon(),
            map_link(p)
        )),
        None => tail.push_str("\n📍 No location yet (the citizen was asked for a pin)"),
    }
    if let Some(who) = a.reporter {
        tail.push_str(&format!("\n👤 {}", truncate(who, 64)));
    }
    let note = a.note.map(str::trim).filter(|n| !n.is_empty()).map(|n| {
        let room = CAPTION_LIMIT
            .saturating_sub(head.chars().count() + tail.chars().count() + 6)
            .max(1);
        format!("\n💬 \u{201C}{}\u{201D}", truncate(n, room))
    });
    let caption = format!("{head}{}{tail}", note.unwrap_or_default());
    truncate(&caption, CAPTION_LIMIT)
}

/// A link that opens the point in a map app on any phone.
pub fn map_link(p: GeoPoint) -> String {
    format!(
        "https://www.google.com/maps/search/?api=1&query={:.6},{:.6}",
        p.lat(),
        p.lon()
    )
}

/// A warning for the operator in the staff chat: what happened and what to do.
pub fn operator_warning(w: &OperatorWarning) -> String {
    let what = match w {
        OperatorWarning::BudgetReached {
            spent_usd,
            budget_usd,
            resumes_at,
        } => format!(
            "today's grading spend reached DAILY_BUDGET_USD (${spent_usd:.4} of ${budget_usd:.4}). \
             New reports are stored and will be graded after {}.",
            resumes_at.format("%H:%M UTC on %d %b")
        ),
        OperatorWarning::QuotaExceeded { error } => format!(
            "the vision API account is out of credit ({error}). Grading is paused; add credit \
             (or change OPENAI_API_KEY) and waiting reports are graded automatically."
        ),
        OperatorWarning::VisionRefused { error } => format!(
            "the vision API refused to grade reports ({error}). Check OPENAI_API_KEY, \
             OPENAI_MODEL and the account; reports that failed are marked 'failed' in the database."
        ),
    };
    format!("⚠️ Operator: {what}")
}

/// The model would not judge the photo (a refusal or the content filter).
pub fn not_judged(id: i64) -> String {
    verdict(
        id,
        &Verdict::new(
            Severity::Unclear,
            None,
            None,
            None,
            "The model could not judge this photo",
        ),
        false,
        true,
    )
}

/// Puts a notice into words for its reader.
pub fn render(notice: &Notice) -> String {
    match notice {
        Notice::Help => help(),
        Notice::Received { id, has_location } => received(*id, *has_location),
        Notice::LocationAdded { ids } => location_added(ids),
        Notice::LocationHeld { minutes } => location_held(*minutes),
        Notice::Verdict {
            id,
            verdict: v,
            alerted,
            has_location,
        } => verdict(*id, v, *alerted, *has_location),
        Notice::NotJudged { id } => not_judged(*id),
        Notice::GradingDelayed { id, cause } => grading_delayed(*id, *cause),
        Notice::GradingFailed { id } => grading_failed(*id),
        Notice::UnreadableImage { id } => unreadable_image(*id),
        Notice::ImageTooLarge { id } => image_too_large(*id),
        Notice::HeicNotSupported => heic_not_supported(),
        Notice::SendAPhoto => send_a_photo(),
        Notice::UnknownCommand => unknown_command(),
        Notice::NotAnImage => not_an_image(),
        Notice::FileTooLarge => file_too_large(),
        Notice::EditsIgnored => edits_ignored(),
        Notice::RateLimited { per_hour } => rate_limited(*per_hour),
        Notice::DuplicatePhoto { id, yours } => duplicate_photo(*id, *yours),
        Notice::PrivateOnly { bot_username } => private_only(bot_username),
        Notice::StaffHelp => staff_help(),
        Notice::StaffWelcome => staff_welcome(),
        Notice::ChatId {
            chat_id: c,
            thread_id,
        } => chat_id(*c, *thread_id),
        Notice::Stats { stats: st, work } => match work {
            Some(w) => format!("{}\n{}", stats(st), ct::loop_stats(w)),
            None => stats(st),
        },
        Notice::StatusList { lines, at } => status_list(lines, *at),
        Notice::WorkUpdate { own, id, action } => ct::citizen_update(*own, *id, *action),
        Notice::ReopenedByCitizen { id } => ct::reopened_by_citizen(*id),
        Notice::ReopenTooLate { id } => ct::reopen_too_late(*id),
        Notice::JoinedOpenReport {
            own,
            original,
            severity,
        } => format!(
            "Report #{own}: {severity} pothole.\n{}",
            ct::joined_open_report(*own, *original)
        ),
        Notice::FollowUpQuestion { id } => ct::follow_up_question(*id),
        Notice::FollowUpAnswered {
            id,
            fixed,
            closed_before,
        } => match (fixed, closed_before) {
            (true, false) => ct::follow_up_thanks_fixed(*id),
            (true, true) => ct::follow_up_already_closed(*id),
            (false, _) => ct::follow_up_thanks_not_fixed(*id),
        },
        Notice::OverdueReminder {
            id,
            severity,
            age_secs,
        } => ct::overdue_reminder(*id, *severity, *age_secs),
        Notice::CitizenSaysNotFixed { id, age_secs } => {
            ct::follow_up_still_broken_staff(*id, *age_secs)
        }
        Notice::AnotherCitizen {
            original,
            dup,
            citizens,
        } => ct::another_citizen(*original, *dup, *citizens),
        Notice::Digest {
            digest,
            at,
            timezone,
        } => ct::digest(digest, *at, zone(timezone)),
        Notice::OpenPage {
            lines,
            offset,
            total,
            at,
        } => ct::open_page(lines, *offset, *total, *at),
        Notice::ReportSheet {
            facts,
            at,
            timezone,
        } => ct::report_detail(facts, *at, zone(timezone)),
        Notice::Staff { reply } => staff_reply(reply),
        Notice::Operator { warning } => operator_warning(warning),
    }
}

/// A stored time-zone name (it was parsed at start-up; UTC if it no longer is).
fn zone(name: &str) -> chrono_tz::Tz {
    super::clock::parse_timezone(name).unwrap_or(chrono_tz::UTC)
}

fn staff_reply(r: &StaffReply) -> String {
    match r {
        StaffReply::ReportUsage => ct::report_usage(),
        StaffReply::NoSuchReport { id } => format!("There is no report #{id}."),
        StaffReply::DupUsage => ct::dup_usage(),
        StaffReply::NotAnAlert => {
            "That message isn't a pothole alert. Reply to a report's alert, or use /dup 12 7."
                .to_owned()
        }
        StaffReply::Duplicate { id, of } => {
            ct::action_done(*id, super::work::WorkAction::MarkDuplicate { of: *of })
        }
        StaffReply::Refused {
            id,
            refusal,
            at,
            timezone,
        } => ct::refusal(*id, refusal, *at, zone(timezone)),
        StaffReply::NotPotholes { id, of } => {
            format!("Both #{id} and #{of} must be pothole reports.")
        }
        StaffReply::ExportStarted { days } => {
            format!("📦 Exporting the reports of the last {days} days (CSV and GeoJSON)…")
        }
    }
}

/// Said directly (not queued) when a message could not even be stored.
pub fn intake_failed() -> String {
    "Sorry — I couldn't save that just now. Please send it again in a minute.".to_owned()
}

/// Ends a model-written reason with a full stop unless it already has punctuation.
fn sentence(reason: &str) -> String {
    let r = reason.trim();
    if r.is_empty() {
        return "No reason given.".to_owned();
    }
    let mut s = r.to_owned();
    if !s.ends_with(['.', '!', '?', '…']) {
        s.push('.');
    }
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_duplicate_photo_is_explained_differently_to_its_reporter_and_to_others() {
        assert!(duplicate_photo(9, true).contains("already report #9"));
        let other = duplicate_photo(9, false);
        assert!(other.contains("#9") && other.contains("Someone"), "{other}");
        assert!(
            !other.contains("/status"),
            "their /status would not list it"
        );
    }

    fn v(sev: Severity) -> Verdict {
        Verdict::new(
            sev,
            Some(0.9),
            Some(60.0),
            Some(400.0),
            "deep hole in the right lane",
        )
    }

    const WORDS: [&str; 3] = ["minor", "moderate", "severe"];

    #[test]
    fn the_acknowledgement_never_uses_a_severity_word() {
        for has_location in [true, false] {
            let text = received(42, has_location).to_lowercase();
            assert!(text.contains("#42"));
            for w in WORDS {
                assert!(!text.contains(w), "{text:?} contains {w}");
            }
        }
    }

    #[test]
    fn every_pothole_verdict_names_its_severity_word_and_the_report() {
        for sev in [Severity::Minor, Severity::Moderate, Severity::Severe] {
            let text = verdict(7, &v(sev), sev == Severity::Severe, true);
            assert!(text.contains("#7"));
            assert!(text.contains(sev.as_str()));
            assert!(text.contains("Deep hole in the right lane."));
        }
    }

    #[test]
    fn the_verdict_says_what_happens_next() {
        assert!(verdict(1, &v(Severity::Severe), true, true).contains("crews have been alerted"));
        assert!(verdict(1, &v(Severity::Minor), false, true).contains("logged"));
        assert!(verdict(1, &v(Severity::Minor), false, false).contains("location pin"));
    }

    #[test]
    fn non_verdicts_explain_what_photo_to_send_instead() {
        let text = verdict(3, &v(Severity::NotPothole), false, true);
        assert!(text.contains("doesn't look like a pothole") && text.contains("closer photo"));
        let text = verdict(3, &v(Severity::Unclear), false, true);
        assert!(text.contains("couldn't judge") && text.contains("sharper photo"));
        for w in WORDS {
            assert!(!text.contains(w));
        }
    }

    fn view<'a>(verdict: &'a Verdict, note: Option<&'a str>) -> AlertView<'a> {
        AlertView {
            id: 42,
            verdict,
            note,
            created_at: DateTime::parse_from_rfc3339("2026-11-26T08:30:00Z")
                .unwrap()
                .with_timezone(&Utc),
            location: GeoPoint::parse(52.52, 13.405),
            reporter: None,
            needs_review: false,
            work: None,
        }
    }

    #[test]
    fn an_unsure_grade_is_flagged_for_a_look() {
        let verdict = Verdict::new(Severity::Severe, Some(0.42), None, None, "Maybe deep");
        let mut a = view(&verdict, None);
        assert!(!alert_caption(&a).contains("Needs a look"));
        a.needs_review = true;
        let text = alert_caption(&a);
        assert!(
            text.contains("👀 Needs a look: the model was only 42% sure"),
            "{text}"
        );
    }

    #[test]
    fn the_alert_caption_carries_everything_a_crew_needs() {
        let verdict = v(Severity::Severe);
        let text = alert_caption(&view(&verdict, Some("right lane, by the bakery")));
        for part in [
            "#42",
            "severe",
            "Deep hole in the right lane.",
            "right lane, by the bakery",
            "2026-11-26 08:30 UTC",
            "52.52000, 13.40500",
            "query=52.520000,13.405000",
            "60 mm deep",
        ] {
            assert!(text.contains(part), "{part:?} missing from {text}");
        }
    }

    #[test]
    fn the_alert_caption_shows_no_reporter_unless_given_one() {
        let verdict = v(Severity::Severe);
        let mut a = view(&verdict, None);
        assert!(!alert_caption(&a).contains('👤'));
        a.reporter = Some("Ada L.");
        assert!(alert_caption(&a).contains("👤 Ada L."));
    }

    #[test]
    fn a_huge_note_is_cut_so_the_caption_fits_telegram() {
        let verdict = v(Severity::Severe);
        let note = "a".repeat(5000);
        let text = alert_caption(&view(&verdict, Some(&note)));
        assert!(text.chars().count() <= CAPTION_LIMIT);
        assert!(text.contains("🗺"), "the map link must survive the cut");
    }

    #[test]
    fn an_alert_without_location_says_so() {
        let verdict = v(Severity::Severe);
        let mut a = view(&verdict, None);
        a.location = None;
        assert!(alert_caption(&a).contains("No location yet"));
    }

    #[test]
    fn status_lists_reports_with_their_grade_and_state() {
        let at = Utc::now();
        let text = status_list(
            &[
                StatusLine {
                    id: 9,
                    status: Status::Alerted,
                    severity: Some(Severity::Severe),
                    work: None,
                    created_at: at,
                    has_location: true,
                },
                StatusLine {
                    id: 8,
                    status: Status::Received,
                    severity: None,
                    work: None,
                    created_at: at,
                    has_location: false,
                },
            ],
            Some(at),
        );
        assert!(text.contains("#9 · severe, sent to the road crews"));
        assert!(text.contains("#8 · being graded · no location"));
        assert!(status_list(&[], Some(at)).contains("haven't sent"));
    }

    #[test]
    fn a_pin_for_an_album_names_every_report() {
        assert_eq!(
            location_added(&[4]),
            "📍 Location added to report #4. Thank you!"
        );
        assert_eq!(
            location_added(&[4, 5]),
            "📍 Location added to reports #4, #5. Thank you!"
        );
    }

    #[test]
    fn chat_id_tells_the_operator_what_to_put_in_env() {
        assert!(chat_id(-100123, None).contains("STAFF_CHAT_ID=-100123"));
        assert!(chat_id(-100123, Some(7)).contains("STAFF_THREAD_ID=7"));
    }

    #[test]
    fn an_image_too_large_to_open_names_the_report_and_says_to_send_a_photo() {
        let text = image_too_large(12);
        assert!(
            text.contains("#12") && text.contains("send it as a photo"),
            "{text}"
        );
    }

    #[test]
    fn staff_pop_ups_fit_telegrams_limit() {
        assert_eq!(alert_already_closed(7), "Report #7 is already closed.");
        assert!(staff_button_refused().contains("crews' chat"));
        // answerCallbackQuery texts are limited to 200 characters.
        for t in [alert_already_closed(i64::MAX), staff_button_refused()] {
            assert!(t.chars().count() <= 200, "{t}");
        }
    }

    #[test]
    fn stats_show_today_the_week_and_the_cost() {
        let text = stats(&StaffStats {
            today: ReportCounts {
                total: 3,
                severe: 2,
                waiting: 1,
                ..Default::default()
            },
            week: ReportCounts {
                total: 9,
                severe: 4,
                minor: 5,
                fixed: 2,
                rejected: 1,
                ..Default::default()
            },
            cost_today_usd: 0.0012,
            cost_week_usd: 0.0051,
        });
        for part in [
            "today (since 00:00 UTC): 3",
            "severe 2 · moderate 0",
            "waiting 1",
            "Last 7 days: 9",
            "severe 4",
            "minor 5",
            "2 fixed, 1 not a pothole",
            "$0.0012",
            "$0.0051",
        ] {
            assert!(text.contains(part), "{part:?} missing from {text}");
        }
    }

    #[test]
    fn status_shows_the_crews_work_state_and_age() {
        let now = Utc::now();
        let line = |work| StatusLine {
            id: 12,
            status: Status::Alerted,
            severity: Some(Severity::Severe),
            work,
            created_at: now - chrono::Duration::days(2),
            has_location: true,
        };
        let text = status_list(&[line(Some(WorkState::Acknowledged))], Some(now));
        assert!(
            text.contains("#12 · severe · crew on it · 2 days"),
            "{text}"
        );
        assert!(status_list(&[line(Some(WorkState::Fixed))], Some(now)).contains("severe · fixed"));
        assert!(status_list(&[line(None)], Some(now)).contains("severe, sent to the road crews"));
    }

    #[test]
    fn reasons_become_capitalised_sentences() {
        assert_eq!(sentence("wide crack"), "Wide crack.");
        assert_eq!(sentence("Is it?"), "Is it?");
        assert_eq!(sentence("  "), "No reason given.");
    }
}
