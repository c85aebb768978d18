//! The crews' read-outs: `/open`'s pages, the daily digest, `/report N`'s sheet, the work
//! part of `/stats`, and `/export`'s captions.

use chrono::{DateTime, Utc};

use super::{WorkLine, age, count, id, num, qty, short_time, state_words, who, work_line};
use crate::domain::lang::Locale;
use crate::domain::texts::{CAPTION_LIMIT, TEXT_LIMIT, map_link, severity_word, units};
use crate::domain::work::WorkState;
use crate::domain::{GeoPoint, Severity};

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

fn open_line(l: Locale, o: &OpenLine, now: DateTime<Utc>) -> String {
    let mut head = l.lang.text(
        "open-line",
        &[
            id(o.id),
            ("severity", severity_word(l, o.severity).into()),
            ("state", state_words(l, o.state).into()),
            ("age", age(l, (now - o.opened).num_seconds()).into()),
        ],
    );
    if o.due.is_some_and(|d| d <= now) {
        head.push_str(" · ");
        head.push_str(&l.lang.text("open-flag-overdue", &[]));
    }
    if o.needs_review {
        head.push_str(" · ");
        head.push_str(&l.lang.text("open-flag-look", &[]));
    }
    let place = o
        .location
        .map_or_else(|| l.lang.text("open-no-location", &[]), map_link);
    format!("{head}\n   {place}")
}

/// `/open`: one page, oldest deadline first.
pub fn open_page(
    l: Locale,
    lines: &[OpenLine],
    offset: u32,
    total: i64,
    now: DateTime<Utc>,
) -> String {
    if total == 0 {
        return l.lang.text("open-none", &[]);
    }
    if lines.is_empty() {
        return l.lang.text("open-no-more", &[qty(l, "total", total)]);
    }
    let mut s = l.lang.text(
        "open-header",
        &[
            num("from", i64::from(offset) + 1),
            num("to", offset as i64 + lines.len() as i64),
            qty(l, "total", total),
        ],
    );
    for o in lines {
        s.push('\n');
        s.push_str(&open_line(l, o, now));
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

    fn words(self, l: Locale) -> String {
        l.lang.text(
            "by-severity",
            &[
                qty(l, "total", self.total()),
                qty(l, "severe", self.severe),
                qty(l, "moderate", self.moderate),
                qty(l, "minor", self.minor),
            ],
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

pub fn digest(l: Locale, d: &Digest, now: DateTime<Utc>) -> String {
    let mut s = [
        l.lang
            .text("digest-head", &[("date", l.lang.date(now, l.tz).into())]),
        l.lang
            .text("digest-new", &[("counts", d.new.words(l).into())]),
        l.lang
            .text("digest-open", &[("counts", d.open.words(l).into())]),
        l.lang
            .text("digest-overdue", &[("counts", d.overdue.words(l).into())]),
    ]
    .join("\n");
    if !d.oldest_overdue.is_empty() {
        s.push('\n');
        s.push_str(&l.lang.text("digest-oldest", &[]));
        for o in &d.oldest_overdue {
            s.push('\n');
            s.push_str(&open_line(l, o, now));
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
pub fn report_detail(l: Locale, f: &ReportFacts, now: DateTime<Utc>) -> String {
    report_within(l, f, now, TEXT_LIMIT)
}

/// `/report N` as the caption of the report's photo: the same, within Telegram's 1,024
/// characters of a caption.
pub fn report_caption(l: Locale, f: &ReportFacts, now: DateTime<Utc>) -> String {
    report_within(l, f, now, CAPTION_LIMIT)
}

fn report_within(l: Locale, f: &ReportFacts, now: DateTime<Utc>, limit: usize) -> String {
    let ReportFacts {
        id: report,
        severity,
        ref status,
        ref work,
        location,
        ref events,
    } = *f;
    let work = work.as_ref();
    let mut s = l.lang.text(
        "report-head",
        &[
            id(report),
            (
                "severity",
                severity
                    .map_or_else(
                        || l.lang.text("report-not-graded", &[]),
                        |s| severity_word(l, s),
                    )
                    .into(),
            ),
            (
                "status",
                l.lang
                    .text("pipeline-status", &[("status", status.into())])
                    .into(),
            ),
        ],
    );
    if let Some(w) = work {
        s.push('\n');
        s.push_str(&work_line(l, w, now));
    }
    if let Some(p) = location {
        s.push_str(&format!("\n📍 {}", map_link(p)));
    }
    s.push('\n');
    s.push_str(&l.lang.text("report-events", &[]));
    let lines: Vec<String> = events
        .iter()
        .map(|e| {
            let detail = e
                .detail
                .as_deref()
                .map(|d| format!(" ({})", who(l, d)))
                .unwrap_or_default();
            let line = l.lang.text(
                "report-event",
                &[
                    ("time", short_time(l, e.at, now).into()),
                    (
                        "actor",
                        l.lang
                            .text("event-actor", &[("actor", e.actor.as_str().into())])
                            .into(),
                    ),
                    (
                        "what",
                        l.lang
                            .text("event-kind", &[("kind", e.kind.as_str().into())])
                            .into(),
                    ),
                ],
            );
            format!("\n{line}{detail}")
        })
        .collect();
    let mut body = String::new();
    // The limit (4,096 for a text, 1,024 for a caption): keep the newest events.
    let room = limit.saturating_sub(units(&s) + 80);
    let total: usize = lines.iter().map(|l| units(l)).sum();
    if total <= room {
        body = lines.concat();
    } else {
        let mut tail = Vec::new();
        let mut used = 0;
        for line in lines.iter().rev() {
            used += units(line);
            if used > room {
                break;
            }
            tail.push(line.clone());
        }
        body.push('\n');
        body.push_str(&l.lang.text(
            "report-earlier",
            &[count((lines.len() - tail.len()) as i64)],
        ));
        for line in tail.into_iter().rev() {
            body.push_str(&line);
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

pub fn loop_stats(l: Locale, s: &LoopStats) -> String {
    let median = |m: Option<i64>| m.map_or_else(|| "–".to_owned(), |m| age(l, m));
    l.lang.text(
        "loop-stats",
        &[
            qty(l, "open", s.open),
            qty(l, "acknowledged", s.acknowledged),
            qty(l, "made_safe", s.made_safe),
            qty(l, "overdue", s.overdue),
            qty(l, "fixed", s.fixed_30d),
            qty(l, "rejected", s.rejected_30d),
            qty(l, "duplicates", s.duplicate_30d),
            ("ack", median(s.median_ack_secs).into()),
            ("fix", median(s.median_fix_secs).into()),
        ],
    )
}

/// `/report` without a usable number.
pub fn report_usage(l: Locale) -> String {
    l.lang.text("report-usage", &[])
}

/// `/export`'s caption on each document (`kind`: CSV or GeoJSON).
pub fn export_caption(l: Locale, days: i64, kind: &str) -> String {
    l.lang
        .text("export-caption", &[count(days), ("kind", kind.into())])
}

/// `/export`'s answer before the documents.
pub fn export_started(l: Locale, days: i64) -> String {
    l.lang.text("export-started", &[count(days)])
}

/// `/report N` for a number no report has.
pub fn no_such_report(l: Locale, report: i64) -> String {
    l.lang.text("no-such-report", &[id(report)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const EN: Locale = Locale::ENGLISH;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 7, 1, 12, 0, 0).unwrap()
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
        let s = report_detail(EN, &facts, now());
        assert!(units(&s) <= TEXT_LIMIT);
        assert!(
            s.contains("event_499") && s.contains("earlier events"),
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
        let s = open_page(EN, &[line, unsure], 10, 10_000, now());
        assert!(
            s.contains("11–12 of 10,000") && s.contains("#4 severe · open · 2 days · ⏰ overdue\n"),
            "{s}"
        );
        assert!(
            s.contains("#5 severe · open · 2 days · ⏰ overdue · 👀 needs a look"),
            "{s}"
        );
        assert_eq!(open_page(EN, &[], 0, 0, now()), "🎉 No open potholes.");
    }
}
