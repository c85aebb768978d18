//! Puts a stored notice into words at send time, in its reader's language.

use super::crew as ct;
use super::*;
use crate::domain::clock;
use crate::domain::lang::Locale;
use crate::domain::notice::{Notice, StaffReply};
use crate::domain::work::WorkAction;

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
    Locale::new(l.lang, clock::parse_timezone(name).unwrap_or(l.tz))
}

fn staff_reply(l: Locale, r: &StaffReply) -> String {
    match r {
        StaffReply::ReportUsage => ct::report_usage(l),
        StaffReply::NoSuchReport { id } => ct::no_such_report(l, *id),
        StaffReply::DupUsage => ct::dup_usage(l),
        StaffReply::NotAnAlert => ct::not_an_alert(l),
        StaffReply::Duplicate { id, of } => {
            ct::action_done(l, *id, WorkAction::MarkDuplicate { of: *of })
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
