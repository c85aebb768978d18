//! What people read about the crews' loop: the alert's work line and buttons, the citizens'
//! updates, refusals, reminders, and `/dup`; the read-outs (the digest, `/open`, `/report`,
//! `/stats`' work part, `/export`) are in `overview`. The words are the catalogues'
//! (`locales/<code>/main.ftl`); the staff read them in `STAFF_LANGUAGE`, a citizen in theirs.
//! Times are shown in the reader's `TIMEZONE` (the [`Locale`]'s zone; the caller passes `now`,
//! nothing here reads a clock).

mod overview;

pub use overview::*;

use chrono::{DateTime, Utc};

use super::{id, severity_word};
use crate::domain::Severity;
use crate::domain::lang::{Arg, Locale};
use crate::domain::work::{Refusal, RejectReason, WorkAction, WorkState};

fn num(name: &'static str, n: i64) -> (&'static str, Arg) {
    (name, Arg::Str(n.to_string()))
}

/// A quantity, grouped the reader's way (`1,234`, `1.234`).
fn qty(l: Locale, name: &'static str, n: i64) -> (&'static str, Arg) {
    (name, Arg::Str(l.lang.integer(n)))
}

fn count(n: i64) -> (&'static str, Arg) {
    ("count", Arg::Count(n))
}

/// The buttons of the crews' loop (under alerts, follow-ups and `/open` pages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Button {
    OnIt,
    MadeSafe,
    Fixed,
    NotAPothole,
    Reopen,
    Back,
    StillBroken,
    Yes,
    No,
    Next,
    Previous,
}

impl Button {
    pub const ALL: [Button; 11] = [
        Button::OnIt,
        Button::MadeSafe,
        Button::Fixed,
        Button::NotAPothole,
        Button::Reopen,
        Button::Back,
        Button::StillBroken,
        Button::Yes,
        Button::No,
        Button::Next,
        Button::Previous,
    ];
}

/// A button's label in the reader's language.
pub fn button(l: Locale, b: Button) -> String {
    let key = match b {
        Button::OnIt => "button-on-it",
        Button::MadeSafe => "button-made-safe",
        Button::Fixed => "button-fixed",
        Button::NotAPothole => "button-not-a-pothole",
        Button::Reopen => "button-reopen",
        Button::Back => "button-back",
        Button::StillBroken => "button-still-broken",
        Button::Yes => "button-yes-fixed",
        Button::No => "button-no-still-broken",
        Button::Next => "button-next-page",
        Button::Previous => "button-previous-page",
    };
    l.lang.text(key, &[])
}

/// The choice of reasons under "Not a pothole".
pub fn reason_button(l: Locale, r: RejectReason) -> String {
    match r {
        RejectReason::NotPothole => l.lang.text("reason-button-not-pothole", &[]),
        RejectReason::NotOurs => l.lang.text("reason-button-not-ours", &[]),
        RejectReason::NoAction => l.lang.text("reason-button-no-action", &[]),
    }
}

/// The reason as a closed pothole is described to staff ("closed: not ours").
fn reason_short(l: Locale, r: RejectReason) -> String {
    match r {
        RejectReason::NotPothole => l.lang.text("reason-short-not-pothole", &[]),
        RejectReason::NotOurs => l.lang.text("reason-short-not-ours", &[]),
        RejectReason::NoAction => l.lang.text("reason-short-no-action", &[]),
    }
}

/// The reason as the citizen is told it.
fn reason_words(l: Locale, r: RejectReason) -> String {
    match r {
        RejectReason::NotPothole => l.lang.text("reason-citizen-not-pothole", &[]),
        RejectReason::NotOurs => l.lang.text("reason-citizen-not-ours", &[]),
        RejectReason::NoAction => l.lang.text("reason-citizen-no-action", &[]),
    }
}

/// How a state reads for people.
pub fn state_words(l: Locale, s: WorkState) -> String {
    let key = match s {
        WorkState::Open => "state-open",
        WorkState::Acknowledged => "state-acknowledged",
        WorkState::MadeSafe => "state-made-safe",
        WorkState::Fixed => "state-fixed",
        WorkState::Rejected => "state-rejected",
        WorkState::Duplicate => "state-duplicate",
    };
    l.lang.text(key, &[])
}

/// A rough age for people: `5 min`, `3 h`, `2 days`.
pub fn age(l: Locale, secs: i64) -> String {
    let secs = secs.max(0);
    match secs {
        s if s < 3600 => l.lang.text("age-minutes", &[count(s / 60)]),
        s if s < 2 * 86_400 => l.lang.text("age-hours", &[count(s / 3600)]),
        s => l.lang.text("age-days", &[count(s / 86_400)]),
    }
}

/// Who made a change, as stored in `reports.work_by`: a staff member's name, or the bot's
/// words for the citizen and itself.
fn who(l: Locale, by: &str) -> String {
    match by {
        "the citizen" => l.lang.text("actor-citizen", &[]),
        "the bot" => l.lang.text("actor-bot", &[]),
        name => name.to_owned(),
    }
}

fn short_time(l: Locale, at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    l.lang.short_time(at, now, l.tz)
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
pub fn work_line(l: Locale, w: &WorkLine, now: DateTime<Utc>) -> String {
    let done = |key: &str| {
        l.lang.text(
            key,
            &[
                ("who", who(l, &w.by).into()),
                ("time", short_time(l, w.at, now).into()),
            ],
        )
    };
    let mut s = match w.state {
        WorkState::Open => l.lang.text("work-open", &[]),
        WorkState::Acknowledged => done("work-acknowledged"),
        WorkState::MadeSafe => done("work-made-safe"),
        WorkState::Fixed => done("work-fixed"),
        WorkState::Rejected => l.lang.text(
            "work-rejected",
            &[
                (
                    "reason",
                    reason_short(l, w.reason.unwrap_or(RejectReason::NotPothole)).into(),
                ),
                ("who", who(l, &w.by).into()),
                ("time", short_time(l, w.at, now).into()),
            ],
        ),
        WorkState::Duplicate => l.lang.text(
            "work-duplicate",
            &[
                num("of", w.duplicate_of.unwrap_or_default()),
                ("who", who(l, &w.by).into()),
                ("time", short_time(l, w.at, now).into()),
            ],
        ),
    };
    if let Some(due) = w.due.filter(|_| w.state.is_open()) {
        let key = if due <= now {
            "work-overdue"
        } else {
            "work-due"
        };
        s.push('\n');
        s.push_str(
            &l.lang
                .text(key, &[("time", short_time(l, due, now).into())]),
        );
    }
    if w.citizens > 1 {
        s.push('\n');
        s.push_str(&l.lang.text("work-citizens", &[count(w.citizens)]));
    }
    s
}

/// A citizen's update on report `id` (their own report `own`, which may have joined `id`).
pub fn citizen_update(l: Locale, own: i64, id_: i64, action: WorkAction) -> String {
    let name = if own == id_ {
        l.lang.text("update-name", &[id(id_)])
    } else {
        l.lang
            .text("update-name-joined", &[id(id_), num("own", own)])
    };
    let name = ("name", Arg::Str(name));
    match action {
        WorkAction::Take => l.lang.text("update-taken", &[name]),
        WorkAction::MakeSafe => l.lang.text("update-made-safe", &[name]),
        WorkAction::Fix => l.lang.text("update-fixed", &[name]),
        WorkAction::Reject { reason: r } => l.lang.text(
            "update-rejected",
            &[name, ("reason", reason_words(l, r).into())],
        ),
        WorkAction::Reopen => l.lang.text("update-reopened", &[name]),
        WorkAction::MarkDuplicate { of } => l.lang.text("update-duplicate", &[name, num("of", of)]),
    }
}

/// The citizen tapped "Still broken" in time.
pub fn reopened_by_citizen(l: Locale, report: i64) -> String {
    l.lang.text("reopened-by-citizen", &[id(report)])
}

/// "Still broken" after the window.
pub fn reopen_too_late(l: Locale, report: i64) -> String {
    l.lang.text("reopen-too-late", &[id(report)])
}

/// A citizen's button on a report that is not theirs, or no longer exists.
pub fn not_your_report(l: Locale) -> String {
    l.lang.text("popup-not-your-report", &[])
}

/// "Still broken" on a report that is open anyway.
pub fn still_open(l: Locale, report: i64) -> String {
    l.lang.text("popup-still-open", &[id(report)])
}

/// The follow-up question.
pub fn follow_up_question(l: Locale, report: i64) -> String {
    l.lang.text("follow-up-question", &[id(report)])
}

pub fn follow_up_thanks_fixed(l: Locale, report: i64) -> String {
    l.lang.text("follow-up-thanks-fixed", &[id(report)])
}

pub fn follow_up_already_closed(l: Locale, report: i64) -> String {
    l.lang.text("follow-up-already-closed", &[id(report)])
}

pub fn follow_up_thanks_not_fixed(l: Locale, report: i64) -> String {
    l.lang.text("follow-up-thanks-not-fixed", &[id(report)])
}

pub fn follow_up_already_answered(l: Locale) -> String {
    l.lang.text("follow-up-already-answered", &[])
}

/// The staff reminder after a citizen said "No, still broken".
pub fn follow_up_still_broken_staff(l: Locale, report: i64, age_secs: i64) -> String {
    l.lang.text(
        "follow-up-still-broken-staff",
        &[id(report), ("age", age(l, age_secs).into())],
    )
}

/// The one overdue reminder, as a reply to the alert.
pub fn overdue_reminder(l: Locale, report: i64, severity: Severity, age_secs: i64) -> String {
    let key = if severity == Severity::Severe {
        "overdue-reminder-severe"
    } else {
        "overdue-reminder"
    };
    l.lang.text(
        key,
        &[
            id(report),
            ("severity", severity_word(l, severity).into()),
            ("age", age(l, age_secs).into()),
        ],
    )
}

/// The reply on the original alert when another citizen reported the same pothole.
pub fn another_citizen(l: Locale, original: i64, dup: i64, citizens: i64) -> String {
    if citizens > 1 {
        l.lang.text(
            "another-citizen",
            &[num("dup", dup), num("original", original), count(citizens)],
        )
    } else {
        l.lang.text(
            "another-citizen-same",
            &[num("dup", dup), num("original", original)],
        )
    }
}

/// The verdict's last sentence for a report that joined an open one.
pub fn joined_open_report(l: Locale, own: i64, original: i64) -> String {
    l.lang.text(
        "joined-open-report",
        &[num("own", own), num("original", original)],
    )
}

/// The pop-up after a crew member's tap that changed something.
pub fn action_done(l: Locale, report: i64, action: WorkAction) -> String {
    match action {
        WorkAction::Take => l.lang.text("popup-done-taken", &[id(report)]),
        WorkAction::MakeSafe => l.lang.text("popup-done-made-safe", &[id(report)]),
        WorkAction::Fix => l.lang.text("popup-done-fixed", &[id(report)]),
        WorkAction::Reject { reason: r } => l.lang.text(
            "popup-done-rejected",
            &[id(report), ("reason", reason_short(l, r).into())],
        ),
        WorkAction::Reopen => l.lang.text("popup-done-reopened", &[id(report)]),
        WorkAction::MarkDuplicate { of } => l
            .lang
            .text("popup-done-duplicate", &[id(report), num("of", of)]),
    }
}

/// Why a tap or command changed nothing ("already fixed by Ana at 14:02").
pub fn refusal(l: Locale, report: i64, r: &Refusal, now: DateTime<Utc>) -> String {
    match r {
        Refusal::Already { state, by, at } | Refusal::Backwards { state, by, at } => {
            let key = match state {
                WorkState::Acknowledged => "refusal-already-acknowledged",
                WorkState::MadeSafe => "refusal-already-made-safe",
                WorkState::Fixed => "refusal-already-fixed",
                WorkState::Rejected => "refusal-already-rejected",
                WorkState::Duplicate => "refusal-already-duplicate",
                WorkState::Open => "refusal-already-open",
            };
            l.lang.text(
                key,
                &[
                    id(report),
                    ("who", who(l, by).into()),
                    ("time", short_time(l, *at, now).into()),
                ],
            )
        }
        Refusal::Closed {
            state,
            by,
            at,
            duplicate_of,
        } => {
            let who_when = [
                ("who", Arg::from(who(l, by))),
                ("time", short_time(l, *at, now).into()),
            ];
            match (state, duplicate_of) {
                (WorkState::Duplicate, Some(of)) => l.lang.text(
                    "refusal-closed-duplicate",
                    &[
                        id(report),
                        num("of", *of),
                        who_when[0].clone(),
                        who_when[1].clone(),
                    ],
                ),
                (WorkState::Fixed, _) => l.lang.text(
                    "refusal-closed-fixed",
                    &[id(report), who_when[0].clone(), who_when[1].clone()],
                ),
                _ => l.lang.text(
                    "refusal-closed",
                    &[id(report), who_when[0].clone(), who_when[1].clone()],
                ),
            }
        }
        Refusal::NotClosed { state } => l.lang.text(
            "refusal-not-closed",
            &[id(report), ("state", state_words(l, *state).into())],
        ),
        Refusal::NotForCitizens => l.lang.text("refusal-not-for-citizens", &[]),
        Refusal::SelfDuplicate => l.lang.text("refusal-self-duplicate", &[id(report)]),
    }
}

/// A tap under a message that is not the report's current alert.
pub fn not_this_alert(l: Locale) -> String {
    l.lang.text("popup-not-this-alert", &[])
}

pub fn no_such_pothole(l: Locale, report: i64) -> String {
    l.lang.text("popup-no-such-pothole", &[id(report)])
}

/// A button press that failed inside the bot (the database, say).
pub fn press_failed(l: Locale) -> String {
    l.lang.text("popup-failed", &[])
}

/// The pop-up over the reasons menu of "Not a pothole".
pub fn why_closed(l: Locale) -> String {
    l.lang.text("popup-why-closed", &[])
}

/// The pop-up for « Back.
pub fn back(l: Locale) -> String {
    l.lang.text("popup-back", &[])
}

/// The pop-up for an `/open` page button.
pub fn page_from(l: Locale, first: i64) -> String {
    l.lang.text("popup-page", &[num("from", first)])
}

/// The first line of an alert posted again after the citizen said "Still broken".
pub fn reopened_alert(l: Locale) -> String {
    l.lang.text("alert-reopened", &[])
}

/// `/dup` without usable numbers.
pub fn dup_usage(l: Locale) -> String {
    l.lang.text("dup-usage", &[])
}

/// `/dup 7` as a reply to a message that is not an alert.
pub fn not_an_alert(l: Locale) -> String {
    l.lang.text("not-an-alert", &[])
}

/// `/dup` on something that is not a pothole.
pub fn not_potholes(l: Locale, report: i64, of: i64) -> String {
    l.lang.text("not-potholes", &[id(report), num("of", of)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const EN: Locale = Locale::ENGLISH;

    fn berlin() -> Locale {
        Locale::new(crate::domain::Lang::ENGLISH, chrono_tz::Europe::Berlin)
    }

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
            refusal(berlin(), 12, &r, now()),
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
        let s = work_line(EN, &w, now());
        assert!(s.contains("Crew on it — Ana, 12:00"), "{s}");
        assert!(s.contains("OVERDUE"), "{s}");
        assert!(s.contains("3 citizens have reported this"), "{s}");
        let closed = WorkLine {
            state: WorkState::Rejected,
            reason: Some(RejectReason::NotOurs),
            ..w
        };
        let s = work_line(EN, &closed, now());
        assert!(
            s.contains("Closed: not ours") && !s.contains("OVERDUE"),
            "{s}"
        );
    }

    #[test]
    fn citizens_hear_each_step_with_the_report_they_joined() {
        assert!(
            citizen_update(EN, 12, 12, WorkAction::Take)
                .contains("Report #12: a road crew is on it")
        );
        let s = citizen_update(EN, 15, 12, WorkAction::Fix);
        assert!(
            s.contains("#12 (which your report #15 joined)") && s.contains("fixed"),
            "{s}"
        );
        assert!(
            citizen_update(
                EN,
                12,
                12,
                WorkAction::Reject {
                    reason: RejectReason::NoAction
                }
            )
            .contains("no repair is needed")
        );
        // No severity words in what is not a verdict... except the reminder, for staff.
        assert!(overdue_reminder(EN, 3, Severity::Severe, 90_000).contains("made safe or fixed"));
    }

    #[test]
    fn ages_and_times_follow_the_readers_language() {
        assert_eq!(age(EN, 59), "0 min");
        assert_eq!(age(EN, 3 * 3600), "3 h");
        assert_eq!(age(EN, 2 * 86_400 + 5), "2 days");
        assert_eq!(age(EN, -5), "0 min");
        let de = Locale::new("de".parse().unwrap(), chrono_tz::Europe::Berlin);
        assert_eq!(age(de, 3 * 86_400), "3 Tage");
        let w = WorkLine {
            state: WorkState::Fixed,
            by: "the citizen".into(),
            at: now(),
            reason: None,
            duplicate_of: None,
            citizens: 1,
            due: None,
        };
        assert_eq!(
            work_line(de, &w, now()),
            "✅ Repariert — die meldende Person, 14:00"
        );
    }

    #[test]
    fn the_english_alert_buttons_carry_the_words_crews_know() {
        for (b, word) in [
            (Button::OnIt, "On it"),
            (Button::MadeSafe, "Made safe"),
            (Button::Fixed, "Fixed"),
            (Button::NotAPothole, "Not a pothole"),
            (Button::StillBroken, "Still broken"),
        ] {
            assert!(button(EN, b).contains(word), "{b:?}");
        }
    }
}
