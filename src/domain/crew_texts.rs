//! What people read about the crews' loop: the alert's work line and buttons, the citizens'
//! updates, refusals, reminders, the digest, `/open`, `/report` and `/stats`. Times are shown
//! in `TIMEZONE` (the caller passes it and `now`; nothing here reads a clock).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::clock::{age, short_time};
use super::texts::map_link;
use super::work::{Refusal, RejectReason, WorkAction, WorkState};
use super::{GeoPoint, Severity};

pub const ON_IT_BUTTON: &str = "👷 On it";
pub const MADE_SAFE_BUTTON: &str = "🚧 Made safe";
pub const FIXED_BUTTON: &str = "✅ Fixed";
pub const NOT_A_POTHOLE_BUTTON: &str = "❌ Not a pothole";
pub const REOPEN_BUTTON: &str = "↩️ Reopen";
pub const BACK_BUTTON: &str = "« Back";
pub const STILL_BROKEN_BUTTON: &str = "🔁 Still broken";
pub const YES_BUTTON: &str = "✅ Yes, it's fixed";
pub const NO_BUTTON: &str = "❌ No, still broken";
pub const NEXT_PAGE_BUTTON: &str = "Next »";
pub const PREVIOUS_PAGE_BUTTON: &str = "« Previous";

/// The choice of reasons under "Not a pothole".
pub fn reason_button(r: RejectReason) -> &'static str {
    match r {
        RejectReason::NotPothole => "Not a pothole",
        RejectReason::NotOurs => "Not ours",
        RejectReason::NoAction => "No action needed",
    }
}

fn reason_words(r: RejectReason) -> &'static str {
    match r {
        RejectReason::NotPothole => "it isn't a pothole",
        RejectReason::NotOurs => "that spot is not looked after by these road crews",
        RejectReason::NoAction => "no repair is needed there",
    }
}

/// How a state reads for people.
pub fn state_words(s: WorkState) -> &'static str {
    match s {
        WorkState::Open => "open",
        WorkState::Acknowledged => "crew on it",
        WorkState::MadeSafe => "made safe",
        WorkState::Fixed => "fixed",
        WorkState::Rejected => "closed",
        WorkState::Duplicate => "duplicate",
    }
}

/// The work facts shown in the alert's caption.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct WorkLine {
    pub state: WorkState,
    pub by: String,
    pub at: DateTime<Utc>,
    pub reason: Option<RejectReason>,
    pub duplicate_of: Option<i64>,
    /// Citizens who reported this pothole (1 = only the first).
    pub citizens: i64,
    pub due: Option<DateTime<Utc>>,
}

/// The caption's work line: `👷 Crew on it — Ana, 14:02`, `⏰ due Tue 1 Dec 14:02`, count.
pub fn work_line(w: &WorkLine, now: DateTime<Utc>, tz: Tz) -> String {
    let when = short_time(w.at, now, tz);
    let mut s = match w.state {
        WorkState::Open => "🆕 Open — nobody on it yet".to_owned(),
        WorkState::Acknowledged => format!("👷 Crew on it — {}, {when}", w.by),
        WorkState::MadeSafe => format!("🚧 Made safe — {}, {when}", w.by),
        WorkState::Fixed => format!("✅ Fixed — {}, {when}", w.by),
        WorkState::Rejected => format!(
            "❌ Closed: {} — {}, {when}",
            w.reason
                .map_or("not a pothole", reason_button)
                .to_lowercase(),
            w.by
        ),
        WorkState::Duplicate => format!(
            "🔗 Same pothole as #{} — {}, {when}",
            w.duplicate_of.unwrap_or_default(),
            w.by
        ),
    };
    if let Some(due) = w.due.filter(|_| w.state.is_open()) {
        let mark = if due <= now {
            "⏰ OVERDUE since"
        } else {
            "⏳ due"
        };
        s.push_str(&format!("\n{mark} {}", short_time(due, now, tz)));
    }
    if w.citizens > 1 {
        s.push_str(&format!("\n👥 {} citizens have reported this", w.citizens));
    }
    s
}

/// A citizen's update on report `id` (their own report `own`, which may have joined `id`).
pub fn citizen_update(own: i64, id: i64, action: WorkAction) -> String {
    let name = if own == id {
        format!("Report #{id}")
    } else {
        format!("Report #{id} (which your report #{own} joined)")
    };
    match action {
        WorkAction::Take => format!("👷 {name}: a road crew is on it."),
        WorkAction::MakeSafe => format!(
            "🚧 {name} has been made safe (coned off or temporarily filled). A proper repair follows."
        ),
        WorkAction::Fix => format!(
            "✅ {name} has been fixed. Thank you for reporting it! If it is still broken, tap the button below."
        ),
        WorkAction::Reject { reason: r } => format!(
            "{name} was closed by the road crews: {}. Thank you for reporting it.",
            reason_words(r)
        ),
        WorkAction::Reopen => format!("↩️ {name} has been reopened by the road crews."),
        WorkAction::MarkDuplicate { of } => format!(
            "🔗 {name} is the same pothole as report #{of}, which the crews already know about. \
             You'll hear about its progress here."
        ),
    }
}

/// The citizen tapped "Still broken" in time.
pub fn reopened_by_citizen(id: i64) -> String {
    format!(
        "🔁 Thanks for telling us — report #{id} is open again and the road crews have been alerted. \
         If you can, send a new photo of it."
    )
}

/// "Still broken" after the window.
pub fn reopen_too_late(id: i64) -> String {
    format!(
        "Report #{id} was fixed a while ago, so it can't be reopened. \
         Please send a new photo (and your location) as a new report."
    )
}

/// A citizen's button on a report that is not theirs, or no longer exists.
pub fn not_your_report() -> String {
    "That button isn't for one of your reports.".to_owned()
}

/// "Still broken" on a report that is open anyway.
pub fn still_open(id: i64) -> String {
    format!("Report #{id} is still open: the road crews have it on their list.")
}

/// The follow-up question.
pub fn follow_up_question(id: i64) -> String {
    format!("You reported pothole #{id} a while ago. Is it fixed now?")
}

pub fn follow_up_thanks_fixed(id: i64) -> String {
    format!("✅ Thank you! Report #{id} is marked fixed.")
}

pub fn follow_up_already_closed(id: i64) -> String {
    format!("Thank you! Report #{id} is already closed.")
}

pub fn follow_up_thanks_not_fixed(id: i64) -> String {
    format!("Thank you — the road crews have been reminded of report #{id}.")
}

pub fn follow_up_already_answered() -> String {
    "You've answered that already — thank you!".to_owned()
}

/// The staff reminder after a citizen said "No, still broken".
pub fn follow_up_still_broken_staff(id: i64, age_secs: i64) -> String {
    format!(
        "🔔 The citizen says report #{id} is still not fixed ({} since it was opened).",
        age(age_secs)
    )
}

/// The one overdue reminder, as a reply to the alert.
pub fn overdue_reminder(id: i64, severity: Severity, age_secs: i64) -> String {
    format!(
        "⏰ Report #{id} ({severity}) is overdue: open for {} and not yet {}.",
        age(age_secs),
        if severity == Severity::Severe {
            "made safe or fixed"
        } else {
            "fixed"
        }
    )
}

/// The reply on the original alert when another citizen reported the same pothole.
pub fn another_citizen(original: i64, dup: i64, citizens: i64) -> String {
    if citizens > 1 {
        format!(
            "👥 Another citizen reported this (#{dup}): {citizens} citizens have reported #{original}."
        )
    } else {
        format!("👥 Report #{dup} is the same pothole as #{original}.")
    }
}

/// The verdict's last sentence for a report that joined an open one.
pub fn joined_open_report(own: i64, original: i64) -> String {
    format!(
        "🔗 Report #{own} is the same pothole as report #{original}, which the road crews already have. \
         We added yours to it; you'll hear about its progress here."
    )
}

/// The pop-up after a crew member's tap that changed something.
pub fn action_done(id: i64, action: WorkAction) -> String {
    match action {
        WorkAction::Take => format!("#{id}: you're on it. The citizen has been told."),
        WorkAction::MakeSafe => format!("#{id} marked made safe. The citizen has been told."),
        WorkAction::Fix => format!("#{id} marked fixed. The citizen has been told."),
        WorkAction::Reject { reason: r } => {
            format!("#{id} closed: {}.", reason_button(r).to_lowercase())
        }
        WorkAction::Reopen => format!("#{id} reopened."),
        WorkAction::MarkDuplicate { of } => format!("#{id} marked the same pothole as #{of}."),
    }
}

/// Why a tap or command changed nothing ("already fixed by Ana at 14:02").
pub fn refusal(id: i64, r: &Refusal, now: DateTime<Utc>, tz: Tz) -> String {
    match r {
        Refusal::Already { state, by, at } | Refusal::Backwards { state, by, at } => {
            let what = match state {
                WorkState::Acknowledged => "already taken",
                WorkState::MadeSafe => "already made safe",
                WorkState::Fixed => "already fixed",
                WorkState::Rejected => "already closed",
                WorkState::Duplicate => "already marked a duplicate",
                WorkState::Open => "already open",
            };
            format!("#{id} is {what} by {by} at {}.", short_time(*at, now, tz))
        }
        Refusal::Closed {
            state,
            by,
            at,
            duplicate_of,
        } => {
            let what = match (state, duplicate_of) {
                (WorkState::Duplicate, Some(of)) => format!("the same pothole as #{of}"),
                (WorkState::Fixed, _) => "already fixed".to_owned(),
                _ => "closed".to_owned(),
            };
            format!(
                "#{id} is {what} ({by}, {}). Reopen it first.",
                short_time(*at, now, tz)
            )
        }
        Refusal::NotClosed { state } => {
            format!("#{id} is {} — nothing to reopen.", state_words(*state))
        }
        Refusal::NotForCitizens => "Only the road crews can do that.".to_owned(),
        Refusal::SelfDuplicate => format!("#{id} cannot be a duplicate of itself."),
    }
}

/// A tap under a message that is not the report's current alert.
pub fn not_this_alert() -> String {
    "This alert is out of date — use the newest alert for this report.".to_owned()
}

pub fn no_such_pothole(id: i64) -> String {
    format!("There is no pothole report #{id}.")
}

/// One line of `/open` or the digest.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct OpenLine {
    pub id: i64,
    pub severity: Severity,
    pub state: WorkState,
    pub opened: DateTime<Utc>,
    pub due: Option<DateTime<Utc>>,
    pub location: Option<GeoPoint>,
    /// The model was unsure (`REVIEW_BELOW_CONFIDENCE`): staff should look, not trust it.
    #[serde(default)]
    pub needs_review: bool,
}

fn open_line(l: &OpenLine, now: DateTime<Utc>) -> String {
    let overdue = if l.due.is_some_and(|d| d <= now) {
        " · ⏰ overdue"
    } else {
        ""
    };
    let look = if l.needs_review {
        " · 👀 needs a look"
    } else {
        ""
    };
    let place = l
        .location
        .map_or_else(|| "no location".to_owned(), map_link);
    format!(
        "#{} {} · {} · {}{overdue}{look}\n   {place}",
        l.id,
        l.severity,
        state_words(l.state),
        age((now - l.opened).num_seconds())
    )
}

/// `/open`: one page, oldest deadline first.
pub fn open_page(lines: &[OpenLine], offset: u32, total: i64, now: DateTime<Utc>) -> String {
    if total == 0 {
        return "🎉 No open potholes.".to_owned();
    }
    if lines.is_empty() {
        return format!("No more open potholes ({total} in all).");
    }
    let mut s = format!(
        "🕳 Open potholes {}–{} of {total} (most overdue first):",
        offset + 1,
        offset as usize + lines.len()
    );
    for l in lines {
        s.push('\n');
        s.push_str(&open_line(l, now));
    }
    s
}

/// Counts for the digest and `/stats`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BySeverity {
    pub severe: i64,
    pub moderate: i64,
    pub minor: i64,
}

impl BySeverity {
    pub fn add(&mut self, s: Severity, n: i64) {
        match s {
            Severity::Severe => self.severe += n,
            Severity::Moderate => self.moderate += n,
            Severity::Minor => self.minor += n,
            Severity::NotPothole | Severity::Unclear => {}
        }
    }

    pub fn total(self) -> i64 {
        self.severe + self.moderate + self.minor
    }

    fn words(self) -> String {
        format!(
            "{} (severe {} · moderate {} · minor {})",
            self.total(),
            self.severe,
            self.moderate,
            self.minor
        )
    }
}

/// The daily digest's facts.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Digest {
    /// Graded in the last 24 hours.
    pub new: BySeverity,
    pub open: BySeverity,
    pub overdue: BySeverity,
    /// The oldest overdue potholes.
    pub oldest_overdue: Vec<OpenLine>,
}

pub fn digest(d: &Digest, now: DateTime<Utc>, tz: Tz) -> String {
    let mut s = format!(
        "🗞 Daily digest, {}\nNew in the last 24 h: {}\nOpen: {}\nOverdue: {}",
        now.with_timezone(&tz).format("%a %-d %b %Y"),
        d.new.words(),
        d.open.words(),
        d.overdue.words()
    );
    if !d.oldest_overdue.is_empty() {
        s.push_str("\nOldest overdue first:");
        for l in &d.oldest_overdue {
            s.push('\n');
            s.push_str(&open_line(l, now));
        }
    }
    s
}

/// One event of `/report N`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EventLine {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub kind: String,
    /// A staff member's name, a reason, a report number.
    pub detail: Option<String>,
}

/// The facts of `/report N`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ReportFacts {
    pub id: i64,
    pub severity: Option<Severity>,
    pub status: String,
    pub work: Option<WorkLine>,
    pub location: Option<GeoPoint>,
    pub events: Vec<EventLine>,
}

/// `/report N`: one report, its state, every event (the newest kept when too long).
pub fn report_detail(f: &ReportFacts, now: DateTime<Utc>, tz: Tz) -> String {
    report_within(f, now, tz, super::texts::TEXT_LIMIT)
}

/// `/report N` as the caption of the report's photo: the same, within Telegram's 1,024
/// characters of a caption.
pub fn report_caption(f: &ReportFacts, now: DateTime<Utc>, tz: Tz) -> String {
    report_within(f, now, tz, super::texts::CAPTION_LIMIT)
}

fn report_within(f: &ReportFacts, now: DateTime<Utc>, tz: Tz, limit: usize) -> String {
    let ReportFacts {
        id,
        severity,
        ref status,
        ref work,
        location,
        ref events,
    } = *f;
    let work = work.as_ref();
    let mut s = format!(
        "📄 Report #{id}: {} · {status}",
        severity.map_or("not graded".to_owned(), |s| s.to_string())
    );
    if let Some(w) = work {
        s.push('\n');
        s.push_str(&work_line(w, now, tz));
    }
    if let Some(p) = location {
        s.push_str(&format!("\n📍 {}", map_link(p)));
    }
    s.push_str("\nEvents:");
    let lines: Vec<String> = events
        .iter()
        .map(|e| {
            let detail = e
                .detail
                .as_deref()
                .map(|d| format!(" ({d})"))
                .unwrap_or_default();
            format!(
                "\n• {} {} {}{detail}",
                short_time(e.at, now, tz),
                e.actor,
                e.kind.replace('_', " ")
            )
        })
        .collect();
    let mut body = String::new();
    // The limit (4,096 characters for a text): keep the newest events.
    let room = limit.saturating_sub(s.chars().count() + 40);
    let total: usize = lines.iter().map(|l| l.chars().count()).sum();
    if total <= room {
        body = lines.concat();
    } else {
        let mut tail = Vec::new();
        let mut used = 0;
        for l in lines.iter().rev() {
            used += l.chars().count();
            if used > room {
                break;
            }
            tail.push(l.clone());
        }
        body.push_str(&format!("\n… {} earlier events", lines.len() - tail.len()));
        for l in tail.into_iter().rev() {
            body.push_str(&l);
        }
    }
    s.push_str(&body);
    s
}

/// The loop's part of `/stats`.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LoopStats {
    pub open: i64,
    pub acknowledged: i64,
    pub made_safe: i64,
    pub overdue: i64,
    /// Closed in the last 30 days.
    pub fixed_30d: i64,
    pub rejected_30d: i64,
    pub duplicate_30d: i64,
    /// Median seconds from opened to "On it", and to "Fixed" (last 30 days), rounded down to
    /// the step `clock::age` shows (so shown exactly).
    pub median_ack_secs: Option<i64>,
    pub median_fix_secs: Option<i64>,
}

pub fn loop_stats(s: &LoopStats) -> String {
    let median = |m: Option<i64>| m.map_or_else(|| "–".to_owned(), age);
    format!(
        "🛠 Work now: open {} · crew on it {} · made safe {} · ⏰ overdue {}\n\
         Last 30 days: fixed {} · closed {} · duplicates {}\n\
         Median time to \"On it\": {} · to fixed: {}",
        s.open,
        s.acknowledged,
        s.made_safe,
        s.overdue,
        s.fixed_30d,
        s.rejected_30d,
        s.duplicate_30d,
        median(s.median_ack_secs),
        median(s.median_fix_secs)
    )
}

/// `/report` without a usable number.
pub fn report_usage() -> String {
    "Usage: /report N — for example /report 12.".to_owned()
}

/// `/dup` without usable numbers.
pub fn dup_usage() -> String {
    "Usage: /dup 12 7 — report #12 is the same pothole as #7. Or reply to #12's alert with /dup 7."
        .to_owned()
}

/// `/export`'s answer before the documents.
pub fn export_caption(days: i64, kind: &str) -> String {
    format!("Reports of the last {days} days ({kind}).")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 7, 1, 12, 0, 0).unwrap()
    }

    #[test]
    fn a_refusal_names_who_and_when_in_local_time() {
        let r = Refusal::Already {
            state: WorkState::Fixed,
            by: "Ana".into(),
            at: Utc.with_ymd_and_hms(2026, 7, 1, 12, 2, 0).unwrap(),
        };
        assert_eq!(
            refusal(12, &r, now(), chrono_tz::Europe::Berlin),
            "#12 is already fixed by Ana at 14:02."
        );
    }

    #[test]
    fn the_work_line_shows_state_who_when_deadline_and_count() {
        let w = WorkLine {
            state: WorkState::Acknowledged,
            by: "Ana".into(),
            at: now(),
            reason: None,
            duplicate_of: None,
            citizens: 3,
            due: Some(now() - chrono::Duration::hours(1)),
        };
        let s = work_line(&w, now(), chrono_tz::UTC);
        assert!(s.contains("Crew on it — Ana, 12:00"), "{s}");
        assert!(s.contains("OVERDUE"), "{s}");
        assert!(s.contains("3 citizens have reported this"), "{s}");
        let closed = WorkLine {
            state: WorkState::Rejected,
            reason: Some(RejectReason::NotOurs),
            ..w
        };
        let s = work_line(&closed, now(), chrono_tz::UTC);
        assert!(
            s.contains("Closed: not ours") && !s.contains("OVERDUE"),
            "{s}"
        );
    }

    #[test]
    fn citizens_hear_each_step_with_the_report_they_joined() {
        assert!(
            citizen_update(12, 12, WorkAction::Take).contains("Report #12: a road crew is on it")
        );
        let s = citizen_update(15, 12, WorkAction::Fix);
        assert!(
            s.contains("#12 (which your report #15 joined)") && s.contains("fixed"),
            "{s}"
        );
        assert!(
            citizen_update(
                12,
                12,
                WorkAction::Reject {
                    reason: RejectReason::NoAction
                }
            )
            .contains("no repair is needed")
        );
        // No severity words in what is not a verdict... except the reminder, for staff.
        assert!(overdue_reminder(3, Severity::Severe, 90_000).contains("made safe or fixed"));
    }

    #[test]
    fn a_long_history_keeps_the_newest_events_within_the_limit() {
        let events: Vec<EventLine> = (0..500)
            .map(|i| EventLine {
                at: now(),
                actor: "staff".into(),
                kind: format!("event_{i}"),
                detail: Some("Ana".into()),
            })
            .collect();
        let facts = ReportFacts {
            id: 1,
            severity: Some(Severity::Severe),
            status: "alerted".into(),
            work: None,
            location: None,
            events,
        };
        let s = report_detail(&facts, now(), chrono_tz::UTC);
        assert!(s.chars().count() <= super::super::texts::TEXT_LIMIT);
        assert!(
            s.contains("event 499") && s.contains("earlier events"),
            "{s}"
        );
    }

    #[test]
    fn open_pages_say_where_they_are() {
        let line = OpenLine {
            id: 4,
            severity: Severity::Severe,
            state: WorkState::Open,
            opened: now() - chrono::Duration::days(2),
            due: Some(now() - chrono::Duration::days(1)),
            location: GeoPoint::parse(52.5, 13.4),
            needs_review: false,
        };
        let unsure = OpenLine {
            id: 5,
            needs_review: true,
            ..line.clone()
        };
        let s = open_page(&[line, unsure], 10, 10_000, now());
        assert!(
            s.contains("11–12 of 10000") && s.contains("#4 severe · open · 2 days · ⏰ overdue\n"),
            "{s}"
        );
        assert!(
            s.contains("#5 severe · open · 2 days · ⏰ overdue · 👀 needs a look"),
            "{s}"
        );
        assert_eq!(open_page(&[], 0, 0, now()), "🎉 No open potholes.");
    }
}
