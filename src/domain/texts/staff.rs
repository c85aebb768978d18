//! What the crews' chat reads about a report and the bot: the alert's caption, `/stats`,
//! `/chatid`, `/help`, the pop-ups of buttons that do nothing, and the operator's warnings.

use chrono::{DateTime, Utc};

use super::{CAPTION_LIMIT, fit, id, map_link, pothole, sentence, units};
use crate::domain::Verdict;
use crate::domain::lang::{Arg, Locale};
use crate::domain::notice::OperatorWarning;
use crate::domain::report::GeoPoint;
use crate::domain::verdict::truncate;

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

#[cfg(test)]
mod tests {
    use super::super::fixtures::{v, view};
    use super::*;
    use crate::domain::Severity;

    const EN: Locale = Locale::ENGLISH;

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
    fn chat_id_tells_the_operator_what_to_put_in_env() {
        assert!(chat_id(EN, -100123, None).contains("STAFF_CHAT_ID=-100123"));
        assert!(chat_id(EN, -100123, Some(7)).contains("STAFF_THREAD_ID=7"));
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
}
