//! Every text a citizen or a crew member reads, in the reader's language. The words live in
//! the Fluent catalogues (`locales/<code>/main.ftl`); this module picks the message, fills
//! its placeholders and puts the lines together, so the voice stays the same and tests can
//! check the promises made to people (the acknowledgement never uses a severity word; the
//! verdict always does; reports are named `#<id>`), in every language.

use chrono::{DateTime, Utc};

use super::crew_texts as ct;
use super::lang::{Arg, Lang, Locale};
use super::notice::{DelayCause, Notice, OperatorWarning, StaffReply};
use super::report::{GeoPoint, Status};
use super::verdict::truncate;
use super::work::WorkState;
use super::{Severity, Verdict};

/// Telegram's caption limit, in characters.
pub const CAPTION_LIMIT: usize = 1024;
/// Telegram's text message limit, in characters.
pub const TEXT_LIMIT: usize = 4096;

fn id(id: i64) -> (&'static str, Arg) {
    ("id", Arg::Str(id.to_string()))
}

/// The severity word itself (`severe`, `schwer`), as in lists and `/status`.
pub fn severity_word(l: Locale, severity: Severity) -> String {
    match severity {
        Severity::Minor => l.lang.text("severity-minor", &[]),
        Severity::Moderate => l.lang.text("severity-moderate", &[]),
        Severity::Severe => l.lang.text("severity-severe", &[]),
        Severity::NotPothole => l.lang.text("status-not-pothole", &[]),
        Severity::Unclear => l.lang.text("status-unclear", &[]),
    }
}

/// "severe pothole", as a verdict names it (inflected where the language needs it).
fn pothole(l: Locale, severity: Severity) -> String {
    match severity {
        Severity::Minor => l.lang.text("severity-minor.pothole", &[]),
        Severity::Moderate => l.lang.text("severity-moderate.pothole", &[]),
        Severity::Severe => l.lang.text("severity-severe.pothole", &[]),
        other => severity_word(l, other),
    }
}

/// The label of the one-tap "share location" keyboard button.
pub fn share_location_button(l: Locale) -> String {
    l.lang.text("share-location-button", &[])
}

/// `/start` and `/help`.
pub fn help(l: Locale) -> String {
    l.lang.text("citizen-help", &[])
}

/// The immediate answer to a photo. Uses none of the severity words.
pub fn received(l: Locale, report: i64, has_location: bool) -> String {
    let key = if has_location {
        "received-with-location"
    } else {
        "received-without-location"
    };
    l.lang.text(key, &[id(report)])
}

/// A pin that attached to earlier reports (several when they came as one album).
pub fn location_added(l: Locale, ids: &[i64]) -> String {
    let list = ids
        .iter()
        .map(|id| format!("#{id}"))
        .collect::<Vec<_>>()
        .join(", ");
    l.lang.text(
        "location-added",
        &[
            ("ids", list.into()),
            ("count", Arg::Count(ids.len() as i64)),
        ],
    )
}

/// A pin with no report to attach to: held for the next photo.
pub fn location_held(l: Locale, window_minutes: u64) -> String {
    l.lang.text(
        "location-held",
        &[("minutes", Arg::Count(window_minutes as i64))],
    )
}

/// The verdict for the citizen, with the model's reason in their language when the model gave
/// it in that language, else in the staff language.
pub fn verdict(
    l: Locale,
    report: i64,
    verdict: &Verdict,
    alerted: bool,
    has_location: bool,
) -> String {
    let reason = match &verdict.citizen_reason {
        Some(local) if local.lang == l.lang.code() => &local.text,
        _ => &verdict.reason,
    };
    let reason = sentence(l, reason);
    let lines: Vec<String> = match verdict.severity {
        Severity::NotPothole => vec![
            l.lang.text("verdict-not-pothole", &[id(report)]),
            reason,
            l.lang.text("verdict-not-pothole-hint", &[]),
        ],
        Severity::Unclear => vec![
            l.lang.text("verdict-unclear", &[id(report)]),
            reason,
            l.lang.text("verdict-unclear-hint", &[]),
        ],
        sev => {
            let mut lines = vec![
                l.lang.text(
                    "verdict-pothole",
                    &[id(report), ("pothole", pothole(l, sev).into())],
                ),
                reason,
                if alerted {
                    l.lang.text("verdict-alerted", &[])
                } else {
                    l.lang.text("verdict-logged", &[])
                },
            ];
            if !has_location {
                lines.push(l.lang.text("verdict-ask-location", &[]));
            }
            lines
        }
    };
    lines.join("\n")
}

/// Told once per report when grading is held up: what is happening, and when the citizen
/// will hear back.
pub fn grading_delayed(l: Locale, report: i64, cause: DelayCause) -> String {
    match cause {
        DelayCause::ModelDown => l.lang.text("grading-delayed-model-down", &[id(report)]),
        DelayCause::DailyBudget { resumes_at } => l.lang.text(
            "grading-delayed-budget",
            &[
                id(report),
                ("time", l.lang.datetime(resumes_at, l.tz, false).into()),
            ],
        ),
        DelayCause::Quota => l.lang.text("grading-delayed-quota", &[id(report)]),
    }
}

/// The report can never be graded automatically.
pub fn grading_failed(l: Locale, report: i64) -> String {
    l.lang.text("grading-failed", &[id(report)])
}

/// The downloaded image could not be read.
pub fn unreadable_image(l: Locale, report: i64) -> String {
    l.lang.text("unreadable-image", &[id(report)])
}

/// An image file whose header claims more pixels than we agree to decode.
pub fn image_too_large(l: Locale, report: i64) -> String {
    l.lang.text("image-too-large", &[id(report)])
}

/// Said directly (not queued) when a message could not even be stored: send it again.
pub fn intake_failed(l: Locale) -> String {
    l.lang.text("intake-failed", &[])
}

/// Anything that is not a photo, file, pin or command in a private chat.
pub fn send_a_photo(l: Locale) -> String {
    l.lang.text("send-a-photo", &[])
}

/// An unknown command.
pub fn unknown_command(l: Locale) -> String {
    l.lang.text("unknown-command", &[])
}

/// A file that is not a JPEG, PNG or WebP image.
pub fn not_an_image(l: Locale) -> String {
    l.lang.text("not-an-image", &[])
}

/// An image file over the Bot API's 20 MB download limit.
pub fn file_too_large(l: Locale) -> String {
    l.lang.text("file-too-large", &[])
}

/// An iPhone HEIC/HEIF file.
pub fn heic_not_supported(l: Locale) -> String {
    l.lang.text("heic-not-supported", &[])
}

/// An edited message.
pub fn edits_ignored(l: Locale) -> String {
    l.lang.text("edits-ignored", &[])
}

/// The citizen reached the hourly report limit.
pub fn rate_limited(l: Locale, per_hour: u32) -> String {
    l.lang.text(
        "rate-limited",
        &[("count", Arg::Count(i64::from(per_hour)))],
    )
}

/// The same photo was sent before: by this citizen (`yours`), or by someone else (a forward).
pub fn duplicate_photo(l: Locale, report: i64, yours: bool) -> String {
    let key = if yours {
        "duplicate-photo-yours"
    } else {
        "duplicate-photo-others"
    };
    l.lang.text(key, &[id(report)])
}

/// The bot was added to a group that is not the staff chat, or is written to there.
pub fn private_only(l: Locale, bot_username: &str) -> String {
    l.lang.text("private-only", &[("bot", bot_username.into())])
}

/// `/help` in the staff chat.
pub fn staff_help(l: Locale) -> String {
    l.lang.text("staff-help", &[])
}

/// The pop-up for the inert button left on a closed alert.
pub fn alert_already_closed(l: Locale, report: i64) -> String {
    l.lang.text("popup-already-closed", &[id(report)])
}

/// The pop-up for a button pressed outside the staff chat, or one that is not ours.
pub fn staff_button_refused(l: Locale) -> String {
    l.lang.text("popup-refused", &[])
}

/// The description of a command in the command menu; `None` for a command not in a menu.
pub fn command_description(l: Locale, command: &str) -> Option<String> {
    let key = match command {
        "start" => "command-start",
        "help" => "command-help",
        "status" => "command-status",
        "language" => "command-language",
        "chatid" => "command-chatid",
        "stats" => "command-stats",
        "open" => "command-open",
        "report" => "command-report",
        "dup" => "command-dup",
        "export" => "command-export",
        _ => return None,
    };
    Some(l.lang.text(key, &[]))
}

/// `/language`: the question above one button per language.
pub fn language_choose(l: Locale) -> String {
    l.lang.text("language-choose", &[])
}

/// A language's button: its own name, whoever reads it.
pub fn language_button(lang: Lang) -> String {
    lang.name()
}

/// The answer once a citizen picked a language, in that language.
pub fn language_chosen(l: Locale) -> String {
    l.lang.text("language-chosen", &[])
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
pub fn stats(l: Locale, s: &StaffStats) -> String {
    let n = |v: i64| Arg::Str(l.lang.integer(v));
    let block = |head: &'static str, c: &ReportCounts| {
        let counts = l.lang.text(
            "stats-counts",
            &[
                ("severe", n(c.severe)),
                ("moderate", n(c.moderate)),
                ("minor", n(c.minor)),
                ("not_pothole", n(c.not_pothole)),
                ("unclear", n(c.unclear)),
                ("waiting", n(c.waiting)),
                ("failed", n(c.failed)),
            ],
        );
        let closed = l.lang.text(
            "stats-closed",
            &[("fixed", n(c.fixed)), ("rejected", n(c.rejected))],
        );
        format!(
            "{}\n   {counts}\n   {closed}",
            l.lang.text(head, &[("total", n(c.total))])
        )
    };
    let cost = l.lang.text(
        "stats-cost",
        &[
            ("today", l.lang.decimal(s.cost_today_usd, 4).into()),
            ("week", l.lang.decimal(s.cost_week_usd, 4).into()),
        ],
    );
    format!(
        "{}\n{}\n{cost}",
        block("stats-today", &s.today),
        block("stats-week", &s.week)
    )
}

/// When the bot joins the staff chat.
pub fn staff_welcome(l: Locale) -> String {
    l.lang.text("staff-welcome", &[])
}

/// `/chatid` in a group.
pub fn chat_id(l: Locale, chat_id: i64, thread_id: Option<i32>) -> String {
    let chat = ("chat", Arg::Str(chat_id.to_string()));
    match thread_id {
        Some(thread) => l.lang.text(
            "chat-id-with-thread",
            &[chat, ("thread", Arg::Str(thread.to_string()))],
        ),
        None => l.lang.text("chat-id", &[chat]),
    }
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
pub fn status_list(l: Locale, lines: &[StatusLine], now: Option<DateTime<Utc>>) -> String {
    if lines.is_empty() {
        return l.lang.text("status-empty", &[]);
    }
    let mut text = l.lang.text("status-header", &[]);
    for line in lines {
        let word = |sev| ("severity", Arg::Str(severity_word(l, sev)));
        let state = match (line.status, line.severity, line.work) {
            (_, Some(sev), Some(work)) => match now {
                Some(now) => format!(
                    "{} · {} · {}",
                    severity_word(l, sev),
                    ct::state_words(l, work),
                    ct::age(l, (now - line.created_at).num_seconds())
                ),
                None => format!("{} · {}", severity_word(l, sev), ct::state_words(l, work)),
            },
            (Status::Received, _, _) | (_, None, _) => l.lang.text("status-grading", &[]),
            (Status::Failed, _, _) => l.lang.text("status-failed", &[]),
            (_, Some(Severity::NotPothole), _) => l.lang.text("status-not-pothole", &[]),
            (_, Some(Severity::Unclear), _) => l.lang.text("status-unclear", &[]),
            (Status::Alerted, Some(sev), _) => l.lang.text("status-alerted", &[word(sev)]),
            (_, Some(sev), _) => l.lang.text("status-logged", &[word(sev)]),
        };
        let pin = if line.has_location {
            l.lang.text("status-pin", &[])
        } else {
            l.lang.text("status-no-pin", &[])
        };
        text.push('\n');
        text.push_str(&l.lang.text(
            "status-line",
            &[
                id(line.id),
                ("state", state.into()),
                ("pin", pin.into()),
                ("date", l.lang.datetime(line.created_at, l.tz, false).into()),
            ],
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
pub fn alert_caption(l: Locale, a: &AlertView<'_>) -> String {
    let v = a.verdict;
    let mut head = vec![
        l.lang.text(
            "alert-head",
            &[id(a.id), ("pothole", pothole(l, v.severity).into())],
        ),
        sentence(l, &v.reason),
    ];
    let mm = |v: u32| Arg::Str(l.lang.integer(i64::from(v)));
    match (v.depth_mm, v.width_mm) {
        (Some(d), Some(w)) => head.push(
            l.lang
                .text("alert-size-both", &[("depth", mm(d)), ("width", mm(w))]),
        ),
        (Some(d), None) => head.push(l.lang.text("alert-size-depth", &[("depth", mm(d))])),
        (None, Some(w)) => head.push(l.lang.text("alert-size-width", &[("width", mm(w))])),
        (None, None) => {}
    }
    if a.needs_review {
        head.push(match v.confidence {
            Some(c) => l.lang.text(
                "alert-needs-look",
                &[(
                    "percent",
                    Arg::Str(l.lang.integer((c * 100.0).round() as i64)),
                )],
            ),
            None => l.lang.text("alert-needs-look-no-confidence", &[]),
        });
    }
    let mut tail: Vec<String> = a.work.map(str::to_owned).into_iter().collect();
    tail.push(l.lang.text(
        "alert-time",
        &[("time", l.lang.datetime(a.created_at, l.tz, true).into())],
    ));
    match a.location {
        // Coordinates stay in the dotted form every map tool reads, whatever the language.
        Some(p) => tail.push(l.lang.text(
            "alert-location",
            &[
                ("lat", format!("{:.5}", p.lat()).into()),
                ("lon", format!("{:.5}", p.lon()).into()),
                ("link", map_link(p).into()),
            ],
        )),
        None => tail.push(l.lang.text("alert-no-location", &[])),
    }
    if let Some(who) = a.reporter {
        tail.push(
            l.lang
                .text("alert-reporter", &[("who", truncate(who, 64).into())]),
        );
    }
    let head = head.join("\n");
    let tail = tail.join("\n");
    let note = a.note.map(str::trim).filter(|n| !n.is_empty()).map(|n| {
        let frame = l.lang.text("alert-note", &[("note", "".into())]);
        let room = CAPTION_LIMIT
            .saturating_sub(units(&head) + units(&tail) + units(&frame) + 2)
            .max(1);
        l.lang.text("alert-note", &[("note", fit(n, room).into())])
    });
    let caption = match note {
        Some(note) => format!("{head}\n{note}\n{tail}"),
        None => format!("{head}\n{tail}"),
    };
    fit(&caption, CAPTION_LIMIT)
}

/// A text's length as Telegram counts it against its limits: UTF-16 code units (an emoji is
/// two).
pub fn units(text: &str) -> usize {
    text.encode_utf16().count()
}

/// Cuts `text` to at most `max` UTF-16 code units, ending with `…` when it was cut.
pub fn fit(text: &str, max: usize) -> String {
    if units(text) <= max {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 1; // the ellipsis
    for c in text.chars() {
        used += c.len_utf16();
        if used > max {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
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
pub fn operator_warning(l: Locale, w: &OperatorWarning) -> String {
    let what = match w {
        OperatorWarning::BudgetReached {
            spent_usd,
            budget_usd,
            resumes_at,
        } => l.lang.text(
            "operator-budget-reached",
            &[
                ("spent", l.lang.decimal(*spent_usd, 4).into()),
                ("budget", l.lang.decimal(*budget_usd, 4).into()),
                ("time", l.lang.datetime(*resumes_at, l.tz, false).into()),
            ],
        ),
        OperatorWarning::QuotaExceeded { error } => {
            l.lang.text("operator-quota", &[("error", error.into())])
        }
        OperatorWarning::VisionRefused { error } => l
            .lang
            .text("operator-vision-refused", &[("error", error.into())]),
    };
    l.lang.text("operator-warning", &[("what", what.into())])
}

/// The model would not judge the photo (a refusal or the content filter).
pub fn not_judged(l: Locale, report: i64) -> String {
    let reason = l.lang.text("reason-not-judged", &[]);
    let v = Verdict::new(Severity::Unclear, None, None, None, &reason);
    verdict(l, report, &v, false, true)
}

/// Puts a notice into words for its reader.
pub fn render(l: Locale, notice: &Notice) -> String {
    match notice {
        Notice::Help => help(l),
        Notice::Received { id, has_location } => received(l, *id, *has_location),
        Notice::LocationAdded { ids } => location_added(l, ids),
        Notice::LocationHeld { minutes } => location_held(l, *minutes),
        Notice::Verdict {
            id,
            verdict: v,
            alerted,
            has_location,
        } => verdict(l, *id, v, *alerted, *has_location),
        Notice::NotJudged { id } => not_judged(l, *id),
        Notice::GradingDelayed { id, cause } => grading_delayed(l, *id, *cause),
        Notice::GradingFailed { id } => grading_failed(l, *id),
        Notice::UnreadableImage { id } => unreadable_image(l, *id),
        Notice::ImageTooLarge { id } => image_too_large(l, *id),
        Notice::HeicNotSupported => heic_not_supported(l),
        Notice::SendAPhoto => send_a_photo(l),
        Notice::UnknownCommand => unknown_command(l),
        Notice::NotAnImage => not_an_image(l),
        Notice::FileTooLarge => file_too_large(l),
        Notice::EditsIgnored => edits_ignored(l),
        Notice::RateLimited { per_hour } => rate_limited(l, *per_hour),
        Notice::DuplicatePhoto { id, yours } => duplicate_photo(l, *id, *yours),
        Notice::PrivateOnly { bot_username } => private_only(l, bot_username),
        Notice::StaffHelp => staff_help(l),
        Notice::StaffWelcome => staff_welcome(l),
        Notice::ChatId {
            chat_id: c,
            thread_id,
        } => chat_id(l, *c, *thread_id),
        Notice::Stats { stats: st, work } => match work {
            Some(w) => format!("{}\n{}", stats(l, st), ct::loop_stats(l, w)),
            None => stats(l, st),
        },
        Notice::StatusList { lines, at } => status_list(l, lines, *at),
        Notice::WorkUpdate { own, id, action } => ct::citizen_update(l, *own, *id, *action),
        Notice::ReopenedByCitizen { id } => ct::reopened_by_citizen(l, *id),
        Notice::ReopenTooLate { id } => ct::reopen_too_late(l, *id),
        Notice::JoinedOpenReport {
            own,
            original,
            severity,
        } => format!(
            "{}\n{}",
            l.lang.text(
                "verdict-pothole",
                &[id(*own), ("pothole", pothole(l, *severity).into())]
            ),
            ct::joined_open_report(l, *own, *original)
        ),
        Notice::FollowUpQuestion { id } => ct::follow_up_question(l, *id),
        Notice::FollowUpAnswered {
            id,
            fixed,
            closed_before,
        } => match (fixed, closed_before) {
            (true, false) => ct::follow_up_thanks_fixed(l, *id),
            (true, true) => ct::follow_up_already_closed(l, *id),
            (false, _) => ct::follow_up_thanks_not_fixed(l, *id),
        },
        Notice::OverdueReminder {
            id,
            severity,
            age_secs,
        } => ct::overdue_reminder(l, *id, *severity, *age_secs),
        Notice::CitizenSaysNotFixed { id, age_secs } => {
            ct::follow_up_still_broken_staff(l, *id, *age_secs)
        }
        Notice::AnotherCitizen {
            original,
            dup,
            citizens,
        } => ct::another_citizen(l, *original, *dup, *citizens),
        Notice::Digest {
            digest,
            at,
            timezone,
        } => ct::digest(in_zone(l, timezone), digest, *at),
        Notice::OpenPage {
            lines,
            offset,
            total,
            at,
        } => ct::open_page(l, lines, *offset, *total, *at),
        Notice::ReportSheet {
            facts,
            at,
            timezone,
        } => ct::report_detail(in_zone(l, timezone), facts, *at),
        Notice::Staff { reply } => staff_reply(l, reply),
        Notice::Operator { warning } => operator_warning(l, warning),
        Notice::LanguageChoose => language_choose(l),
        Notice::LanguageChosen => language_chosen(l),
    }
}

/// The reader in the time zone stored with a notice (it was parsed at start-up; the reader's
/// own if it no longer is).
fn in_zone(l: Locale, name: &str) -> Locale {
    Locale::new(l.lang, super::clock::parse_timezone(name).unwrap_or(l.tz))
}

fn staff_reply(l: Locale, r: &StaffReply) -> String {
    match r {
        StaffReply::ReportUsage => ct::report_usage(l),
        StaffReply::NoSuchReport { id } => ct::no_such_report(l, *id),
        StaffReply::DupUsage => ct::dup_usage(l),
        StaffReply::NotAnAlert => ct::not_an_alert(l),
        StaffReply::Duplicate { id, of } => {
            ct::action_done(l, *id, super::work::WorkAction::MarkDuplicate { of: *of })
        }
        StaffReply::Refused {
            id,
            refusal,
            at,
            timezone,
        } => ct::refusal(in_zone(l, timezone), *id, refusal, *at),
        StaffReply::NotPotholes { id, of } => ct::not_potholes(l, *id, *of),
        StaffReply::ExportStarted { days } => ct::export_started(l, *days),
    }
}

/// Ends a model-written reason with a full stop unless it already has punctuation.
fn sentence(l: Locale, reason: &str) -> String {
    let r = reason.trim();
    if r.is_empty() {
        return l.lang.text("reason-missing", &[]);
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

    const EN: Locale = Locale::ENGLISH;

    #[test]
    fn a_duplicate_photo_is_explained_differently_to_its_reporter_and_to_others() {
        assert!(duplicate_photo(EN, 9, true).contains("already report #9"));
        let other = duplicate_photo(EN, 9, false);
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
            let text = received(EN, 42, has_location).to_lowercase();
            assert!(text.contains("#42"));
            for w in WORDS {
                assert!(!text.contains(w), "{text:?} contains {w}");
            }
        }
    }

    #[test]
    fn every_pothole_verdict_names_its_severity_word_and_the_report() {
        for sev in [Severity::Minor, Severity::Moderate, Severity::Severe] {
            let text = verdict(EN, 7, &v(sev), sev == Severity::Severe, true);
            assert!(text.contains("#7"));
            assert!(text.contains(sev.as_str()));
            assert!(text.contains("Deep hole in the right lane."));
        }
    }

    #[test]
    fn the_verdict_says_what_happens_next() {
        assert!(
            verdict(EN, 1, &v(Severity::Severe), true, true).contains("crews have been alerted")
        );
        assert!(verdict(EN, 1, &v(Severity::Minor), false, true).contains("logged"));
        assert!(verdict(EN, 1, &v(Severity::Minor), false, false).contains("location pin"));
    }

    #[test]
    fn non_verdicts_explain_what_photo_to_send_instead() {
        let text = verdict(EN, 3, &v(Severity::NotPothole), false, true);
        assert!(text.contains("doesn't look like a pothole") && text.contains("closer photo"));
        let text = verdict(EN, 3, &v(Severity::Unclear), false, true);
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
        assert!(!alert_caption(EN, &a).contains("Needs a look"));
        a.needs_review = true;
        let text = alert_caption(EN, &a);
        assert!(
            text.contains("👀 Needs a look: the model was only 42% sure"),
            "{text}"
        );
    }

    #[test]
    fn the_alert_caption_carries_everything_a_crew_needs() {
        let verdict = v(Severity::Severe);
        let text = alert_caption(EN, &view(&verdict, Some("right lane, by the bakery")));
        for part in [
            "#42",
            "severe",
            "Deep hole in the right lane.",
            "right lane, by the bakery",
            "26 Nov 2026, 08:30 UTC",
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
        assert!(!alert_caption(EN, &a).contains('👤'));
        a.reporter = Some("Ada L.");
        assert!(alert_caption(EN, &a).contains("👤 Ada L."));
    }

    #[test]
    fn a_huge_note_is_cut_so_the_caption_fits_telegram() {
        let verdict = v(Severity::Severe);
        let note = "a".repeat(5000);
        let text = alert_caption(EN, &view(&verdict, Some(&note)));
        assert!(units(&text) <= CAPTION_LIMIT);
        assert!(text.contains("🗺"), "the map link must survive the cut");
    }

    #[test]
    fn an_alert_without_location_says_so() {
        let verdict = v(Severity::Severe);
        let mut a = view(&verdict, None);
        a.location = None;
        assert!(alert_caption(EN, &a).contains("No location yet"));
    }

    #[test]
    fn status_lists_reports_with_their_grade_and_state() {
        let at = Utc::now();
        let text = status_list(
            EN,
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
        assert!(status_list(EN, &[], Some(at)).contains("haven't sent"));
    }

    #[test]
    fn a_pin_for_an_album_names_every_report() {
        assert_eq!(
            location_added(EN, &[4]),
            "📍 Location added to report #4. Thank you!"
        );
        assert_eq!(
            location_added(EN, &[4, 5]),
            "📍 Location added to reports #4, #5. Thank you!"
        );
    }

    #[test]
    fn chat_id_tells_the_operator_what_to_put_in_env() {
        assert!(chat_id(EN, -100123, None).contains("STAFF_CHAT_ID=-100123"));
        assert!(chat_id(EN, -100123, Some(7)).contains("STAFF_THREAD_ID=7"));
    }

    #[test]
    fn an_image_too_large_to_open_names_the_report_and_says_to_send_a_photo() {
        let text = image_too_large(EN, 12);
        assert!(
            text.contains("#12") && text.contains("send it as a photo"),
            "{text}"
        );
    }

    #[test]
    fn staff_pop_ups_fit_telegrams_limit() {
        assert_eq!(alert_already_closed(EN, 7), "Report #7 is already closed.");
        assert!(staff_button_refused(EN).contains("crews' chat"));
        // answerCallbackQuery texts are limited to 200 characters.
        for t in [alert_already_closed(EN, i64::MAX), staff_button_refused(EN)] {
            assert!(t.chars().count() <= 200, "{t}");
        }
    }

    #[test]
    fn stats_show_today_the_week_and_the_cost() {
        let text = stats(
            EN,
            &StaffStats {
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
            },
        );
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
        let text = status_list(EN, &[line(Some(WorkState::Acknowledged))], Some(now));
        assert!(
            text.contains("#12 · severe · crew on it · 2 days"),
            "{text}"
        );
        assert!(
            status_list(EN, &[line(Some(WorkState::Fixed))], Some(now)).contains("severe · fixed")
        );
        assert!(
            status_list(EN, &[line(None)], Some(now)).contains("severe, sent to the road crews")
        );
    }

    #[test]
    fn reasons_become_capitalised_sentences() {
        assert_eq!(sentence(EN, "wide crack"), "Wide crack.");
        assert_eq!(sentence(EN, "Is it?"), "Is it?");
        assert_eq!(sentence(EN, "  "), "No reason given.");
    }

    // ---- The same promises in every language, and Telegram's limits ----

    /// Whether a word of `text` begins with `word` (so an inflected "schweres" names
    /// "schwer", and "ligging" is not "lig").
    fn names(text: &str, word: &str) -> bool {
        let word = word.to_lowercase();
        text.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| !w.is_empty() && w.starts_with(&word))
    }

    fn grades() -> [Severity; 3] {
        [Severity::Minor, Severity::Moderate, Severity::Severe]
    }

    fn every_locale() -> Vec<Locale> {
        Lang::all().map(Locale::from).collect()
    }

    #[test]
    fn each_catalogue_declares_three_different_severity_words() {
        for l in every_locale() {
            let words: Vec<_> = grades().map(|s| severity_word(l, s)).into();
            for (i, w) in words.iter().enumerate() {
                assert!(!w.trim().is_empty(), "{:?}: empty severity word", l.lang);
                for other in &words[i + 1..] {
                    assert!(
                        !names(other, w) && !names(w, other),
                        "{:?}: {words:?}",
                        l.lang
                    );
                }
            }
        }
    }

    #[test]
    fn in_every_language_the_acknowledgement_uses_no_severity_word() {
        for l in every_locale() {
            for has_location in [true, false] {
                let text = received(l, 42, has_location);
                assert!(text.contains("#42"), "{text}");
                for sev in grades() {
                    let word = severity_word(l, sev);
                    assert!(!names(&text, &word), "{:?}: {text:?} uses {word:?}", l.lang);
                }
            }
        }
    }

    #[test]
    fn in_every_language_the_verdict_names_its_severity_word_and_the_report() {
        for l in every_locale() {
            for sev in grades() {
                for (alerted, located) in [(true, true), (false, false)] {
                    let text = verdict(l, 7, &v(sev), alerted, located);
                    assert!(text.contains("#7"), "{text}");
                    let word = severity_word(l, sev);
                    assert!(names(&text, &word), "{:?}: {text:?} lacks {word:?}", l.lang);
                }
                let caption = alert_caption(l, &view(&v(sev), None));
                assert!(names(&caption, &severity_word(l, sev)), "{caption}");
                assert!(caption.contains("#42"), "{caption}");
            }
        }
    }

    #[test]
    fn in_every_language_a_non_verdict_and_a_closure_use_no_severity_word() {
        for l in every_locale() {
            let plain = |sev| Verdict::new(sev, None, None, None, "hard to say");
            use super::super::work::{RejectReason, WorkAction};
            let mut texts = vec![
                verdict(l, 3, &plain(Severity::NotPothole), false, true),
                verdict(l, 3, &plain(Severity::Unclear), false, true),
                ct::reopened_by_citizen(l, 3),
                ct::follow_up_question(l, 3),
            ];
            // What the citizen hears about the crews' work.
            for action in [WorkAction::Take, WorkAction::MakeSafe, WorkAction::Fix]
                .into_iter()
                .chain(RejectReason::ALL.map(|reason| WorkAction::Reject { reason }))
            {
                texts.push(ct::citizen_update(l, 3, 3, action));
            }
            for text in texts {
                assert!(text.contains("#3"), "{text}");
                for sev in grades() {
                    let word = severity_word(l, sev);
                    assert!(!names(&text, &word), "{:?}: {text:?} uses {word:?}", l.lang);
                }
            }
        }
    }

    #[test]
    fn a_citizens_own_reason_replaces_the_staff_one_in_their_verdict() {
        let es = Locale::from(Lang::from_code("es").unwrap());
        let local = v(Severity::Severe).with_citizen_reason("es", "agujero profundo");
        let text = verdict(es, 7, &local, true, true);
        assert!(text.contains("Agujero profundo."), "{text}");
        assert!(!text.contains("Deep hole"), "{text}");
        // Read in another language (the citizen switched meanwhile): the staff reason.
        let de = Locale::from(Lang::from_code("de").unwrap());
        assert!(verdict(de, 7, &local, true, true).contains("Deep hole"));
    }

    /// Where Telegram shows a text, and its limit there (in UTF-16 code units, as Telegram
    /// counts, which is never fewer than characters).
    enum Shown {
        Message,
        Caption,
        PopUp,
        Button,
    }

    /// Every text the bot renders, with the longest arguments it can get.
    fn worst_case(l: Locale) -> Vec<(Shown, String)> {
        use Shown::*;
        let big = i64::MAX;
        let long_reason = "w".repeat(crate::domain::verdict::MAX_REASON_CHARS);
        let name = "N".repeat(300);
        let note = "n".repeat(1024);
        let line = |status, severity| StatusLine {
            id: big,
            status,
            severity,
            work: None,
            created_at: Utc::now(),
            has_location: false,
        };
        let counts = ReportCounts {
            total: big,
            severe: big,
            moderate: big,
            minor: big,
            not_pothole: big,
            unclear: big,
            waiting: big,
            failed: big,
            fixed: big,
            rejected: big,
        };
        let mut out = vec![
            (Message, help(l)),
            (Message, received(l, big, true)),
            (Message, received(l, big, false)),
            (Message, location_added(l, &[big; 10])),
            (Message, location_added(l, &[big])),
            (Message, location_held(l, u64::from(u32::MAX))),
            (Message, grading_delayed(l, big, DelayCause::ModelDown)),
            (Message, grading_delayed(l, big, DelayCause::Quota)),
            (
                Message,
                grading_delayed(
                    l,
                    big,
                    DelayCause::DailyBudget {
                        resumes_at: Utc::now(),
                    },
                ),
            ),
            (Message, not_judged(l, big)),
            (Message, grading_failed(l, big)),
            (Message, unreadable_image(l, big)),
            (Message, image_too_large(l, big)),
            (Message, intake_failed(l)),
            (Message, send_a_photo(l)),
            (Message, unknown_command(l)),
            (Message, not_an_image(l)),
            (Message, file_too_large(l)),
            (Message, heic_not_supported(l)),
            (Message, edits_ignored(l)),
            (Message, rate_limited(l, u32::MAX)),
            (Message, rate_limited(l, 1)),
            (Message, duplicate_photo(l, big, true)),
            (Message, duplicate_photo(l, big, false)),
            (Message, private_only(l, &"b".repeat(32))),
            (Message, staff_help(l)),
            (Message, staff_welcome(l)),
            (Message, chat_id(l, i64::MIN, Some(i32::MAX))),
            (Message, chat_id(l, i64::MIN, None)),
            (
                Message,
                stats(
                    l,
                    &StaffStats {
                        today: counts,
                        week: counts,
                        cost_today_usd: 1e12,
                        cost_week_usd: 1e12,
                    },
                ),
            ),
            (Message, status_list(l, &[], None)),
            (Message, language_choose(l)),
            (Message, language_chosen(l)),
            (
                Message,
                operator_warning(
                    l,
                    &OperatorWarning::BudgetReached {
                        spent_usd: 1e9,
                        budget_usd: 1e9,
                        resumes_at: Utc::now(),
                    },
                ),
            ),
            (
                Message,
                operator_warning(
                    l,
                    &OperatorWarning::QuotaExceeded {
                        error: "x".repeat(1000),
                    },
                ),
            ),
            (
                Message,
                operator_warning(
                    l,
                    &OperatorWarning::VisionRefused {
                        error: "x".repeat(1000),
                    },
                ),
            ),
            (PopUp, alert_already_closed(l, big)),
            (PopUp, staff_button_refused(l)),
            (PopUp, language_chosen(l)),
            (Button, share_location_button(l)),
            (Button, language_button(l.lang)),
        ];
        let statuses = [
            line(Status::Received, None),
            line(Status::Failed, None),
            line(Status::Alerted, Some(Severity::Moderate)),
            line(Status::Graded, Some(Severity::NotPothole)),
            line(Status::Graded, Some(Severity::Unclear)),
            line(Status::Graded, Some(Severity::Minor)),
        ];
        // /status lists at most five reports; ten leaves room.
        out.push((
            Message,
            status_list(l, &[statuses.clone(), statuses][..].concat()[..10], None),
        ));
        for sev in Severity::ALL {
            let verdict_ = Verdict::new(sev, Some(1.0), Some(2000.0), Some(20000.0), &long_reason)
                .with_citizen_reason(l.lang.code(), &long_reason);
            for (alerted, located) in [(true, false), (false, false)] {
                out.push((Message, verdict(l, big, &verdict_, alerted, located)));
            }
            let mut a = view(&verdict_, Some(&note));
            a.id = big;
            a.reporter = Some(&name);
            a.needs_review = true;
            out.push((Caption, alert_caption(l, &a)));
        }
        for cmd in [
            "start", "help", "status", "language", "chatid", "stats", "open", "report", "dup",
            "export",
        ] {
            out.push((Button, command_description(l, cmd).unwrap()));
        }
        out.extend(crew_worst_case(l));
        out
    }

    /// The crews' loop's texts, with the longest arguments they can get.
    fn crew_worst_case(l: Locale) -> Vec<(Shown, String)> {
        use super::super::work::{Refusal, RejectReason, WorkAction};
        use Shown::*;
        let big = i64::MAX;
        let now = Utc::now();
        let long_ago = now - chrono::Duration::days(400);
        let name = "N".repeat(64);
        let mut out = Vec::new();
        for b in ct::Button::ALL {
            out.push((Button, ct::button(l, b)));
        }
        let reasons = RejectReason::ALL;
        for r in reasons {
            out.push((Button, ct::reason_button(l, r)));
        }
        let mut actions = vec![
            WorkAction::Take,
            WorkAction::MakeSafe,
            WorkAction::Fix,
            WorkAction::Reopen,
            WorkAction::MarkDuplicate { of: big },
        ];
        actions.extend(reasons.map(|reason| WorkAction::Reject { reason }));
        for action in &actions {
            out.push((Message, ct::citizen_update(l, big, big - 1, *action)));
            out.push((Message, ct::citizen_update(l, big, big, *action)));
            out.push((PopUp, ct::action_done(l, big, *action)));
        }
        let mut refusals = vec![
            Refusal::NotForCitizens,
            Refusal::SelfDuplicate,
            Refusal::Closed {
                state: WorkState::Duplicate,
                by: name.clone(),
                at: long_ago,
                duplicate_of: Some(big),
            },
        ];
        for state in WorkState::ALL {
            refusals.push(Refusal::Already {
                state,
                by: name.clone(),
                at: long_ago,
            });
            refusals.push(Refusal::Closed {
                state,
                by: name.clone(),
                at: long_ago,
                duplicate_of: None,
            });
            refusals.push(Refusal::NotClosed { state });
            out.push((Message, ct::state_words(l, state)));
            let w = ct::WorkLine {
                state,
                by: name.clone(),
                at: long_ago,
                reason: Some(RejectReason::NotOurs),
                duplicate_of: Some(big),
                citizens: big,
                due: Some(long_ago),
            };
            out.push((Message, ct::work_line(l, &w, now)));
        }
        for r in &refusals {
            out.push((PopUp, ct::refusal(l, big, r, now)));
        }
        for (shown, text) in [
            (Message, ct::reopened_by_citizen(l, big)),
            (Message, ct::reopen_too_late(l, big)),
            (PopUp, ct::reopened_by_citizen(l, big)),
            (PopUp, ct::reopen_too_late(l, big)),
            (PopUp, ct::not_your_report(l)),
            (PopUp, ct::still_open(l, big)),
            (Message, ct::follow_up_question(l, big)),
            (PopUp, ct::follow_up_thanks_fixed(l, big)),
            (PopUp, ct::follow_up_already_closed(l, big)),
            (PopUp, ct::follow_up_thanks_not_fixed(l, big)),
            (PopUp, ct::follow_up_already_answered(l)),
            (Message, ct::follow_up_still_broken_staff(l, big, big)),
            (Message, ct::overdue_reminder(l, big, Severity::Severe, big)),
            (Message, ct::overdue_reminder(l, big, Severity::Minor, 60)),
            (Message, ct::another_citizen(l, big, big, big)),
            (Message, ct::another_citizen(l, big, big, 1)),
            (PopUp, ct::not_this_alert(l)),
            (PopUp, ct::no_such_pothole(l, big)),
            (PopUp, ct::press_failed(l)),
            (PopUp, ct::why_closed(l)),
            (PopUp, ct::back(l)),
            (PopUp, ct::page_from(l, big)),
            (Message, ct::report_usage(l)),
            (Message, ct::dup_usage(l)),
            (Caption, ct::export_caption(l, 30, "GeoJSON")),
            (Caption, ct::export_caption(l, 1, "CSV")),
            (Message, ct::export_started(l, 30)),
            (Message, ct::no_such_report(l, big)),
            (Message, ct::not_an_alert(l)),
            (Message, ct::not_potholes(l, big, big)),
            (Caption, ct::reopened_alert(l)),
        ] {
            out.push((shown, text));
        }
        let line = ct::OpenLine {
            id: big,
            severity: Severity::Moderate,
            state: WorkState::MadeSafe,
            opened: long_ago,
            due: Some(long_ago),
            location: GeoPoint::parse(-89.999999, -179.999999),
            needs_review: true,
        };
        let lines = vec![line; 10];
        let notices = [
            Notice::JoinedOpenReport {
                own: big,
                original: big,
                severity: Severity::Severe,
            },
            Notice::OpenPage {
                lines: lines.clone(),
                offset: u32::MAX - 20,
                total: big,
                at: now,
            },
            Notice::OpenPage {
                lines: vec![],
                offset: 10,
                total: big,
                at: now,
            },
            Notice::OpenPage {
                lines: vec![],
                offset: 0,
                total: 0,
                at: now,
            },
            Notice::Digest {
                digest: ct::Digest {
                    new: ct::BySeverity {
                        severe: big / 4,
                        moderate: big / 4,
                        minor: big / 4,
                    },
                    open: ct::BySeverity::default(),
                    overdue: ct::BySeverity::default(),
                    oldest_overdue: lines,
                },
                at: now,
                timezone: "America/Argentina/ComodRivadavia".into(),
            },
            Notice::ReportSheet {
                facts: ct::ReportFacts {
                    id: big,
                    severity: Some(Severity::Severe),
                    status: "alerted".into(),
                    work: None,
                    location: GeoPoint::parse(1.0, 1.0),
                    events: (0..400)
                        .map(|i| ct::EventLine {
                            at: long_ago,
                            actor: "staff".into(),
                            kind: if i % 2 == 0 {
                                "fixed"
                            } else {
                                "follow_up_not_fixed"
                            }
                            .into(),
                            detail: Some(name.clone()),
                        })
                        .collect(),
                },
                at: now,
                timezone: "UTC".into(),
            },
            Notice::Stats {
                stats: StaffStats::default(),
                work: Some(ct::LoopStats {
                    open: big,
                    acknowledged: big,
                    made_safe: big,
                    overdue: big,
                    fixed_30d: big,
                    rejected_30d: big,
                    duplicate_30d: big,
                    median_ack_secs: Some(big),
                    median_fix_secs: None,
                }),
            },
        ];
        for n in &notices {
            out.push((Message, render(l, n)));
            if let Notice::ReportSheet { facts, at, .. } = n {
                out.push((Caption, ct::report_caption(l, facts, *at)));
            }
        }
        out
    }

    #[test]
    fn every_text_fits_telegrams_limits_in_every_language() {
        for l in every_locale() {
            for (shown, text) in worst_case(l) {
                let (name, limit) = match shown {
                    Shown::Message => ("message", TEXT_LIMIT),
                    Shown::Caption => ("caption", CAPTION_LIMIT),
                    Shown::PopUp => ("popup", 200),
                    // Buttons and command descriptions: Telegram allows 256 for a command's
                    // description; a button that long would not be readable anyway.
                    Shown::Button => ("button", 64),
                };
                let units = units(&text);
                assert!(
                    units <= limit && !text.trim().is_empty(),
                    "{:?} {name} is {units} long (limit {limit}): {text}",
                    l.lang
                );
            }
        }
    }

    #[test]
    fn every_text_renders_in_every_language_without_a_missing_key_or_isolation_marks() {
        for l in every_locale() {
            for (_, text) in worst_case(l) {
                assert!(
                    !text.contains("Unknown localization"),
                    "{:?}: {text}",
                    l.lang
                );
                assert!(
                    !text.contains(['{', '}']),
                    "{:?}: unresolved {text}",
                    l.lang
                );
                assert!(
                    !text.contains(['\u{2068}', '\u{2069}']),
                    "{:?}: {text:?}",
                    l.lang
                );
            }
        }
    }

    #[test]
    fn every_non_english_text_is_translated() {
        let english: Vec<_> = worst_case(Locale::ENGLISH)
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        for l in every_locale()
            .into_iter()
            .filter(|l| l.lang != Lang::ENGLISH)
        {
            let theirs: Vec<_> = worst_case(l).into_iter().map(|(_, t)| t).collect();
            let same = english
                .iter()
                .zip(&theirs)
                .filter(|(e, t)| e == t && e.chars().any(char::is_alphabetic));
            // Texts that are only numbers, names and emoji may be the same in every language.
            let same: Vec<_> = same
                .map(|(e, _)| e)
                .filter(|e| e.split_whitespace().count() > 3)
                .collect();
            assert!(
                same.is_empty(),
                "{:?} still reads as English: {same:?}",
                l.lang
            );
        }
    }
}
