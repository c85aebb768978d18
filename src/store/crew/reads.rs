//! What `/open`, `/report` and `/stats` read: pages of open potholes, a report with its
//! events, and the loop's counts from the running totals.

use chrono::{DateTime, Utc};

use super::super::reports::ReportView;
use super::super::totals::{self, Took};
use super::super::{Db, StoreError};
use super::utc;
use crate::domain::crew_texts::{EventLine, LoopStats, OpenLine};
use crate::domain::work::WorkState;
use crate::domain::{GeoPoint, Severity};

/// SQL of the loop's reads, shared with their plan tests.
mod sql {
    // INDEXED BY: the planner, without statistics, prefers the state index and sorts.
    pub const OPEN_PAGE: &str =
        "SELECT id, severity, work_state, opened_unix, due_unix, latitude, longitude, needs_review
           FROM reports INDEXED BY reports_open_by_due
          WHERE work_state IN ('open', 'acknowledged', 'made_safe')
          ORDER BY due_unix IS NULL, due_unix, id
          LIMIT ?1 OFFSET ?2";
    pub const EVENTS: &str =
        "SELECT at, actor, kind, detail FROM events WHERE report_id = ?1 ORDER BY id";
}

pub(super) fn open_line(r: &rusqlite::Row<'_>) -> rusqlite::Result<Option<OpenLine>> {
    let severity: Option<Severity> = r.get::<_, Option<String>>(1)?.and_then(|s| s.parse().ok());
    let state: Option<WorkState> = r.get::<_, String>(2)?.parse().ok();
    let (Some(severity), Some(state)) = (severity, state) else {
        return Ok(None);
    };
    Ok(Some(OpenLine {
        id: r.get(0)?,
        severity,
        state,
        opened: utc(r.get::<_, Option<i64>>(3)?.unwrap_or(0)),
        due: r.get::<_, Option<i64>>(4)?.map(utc),
        location: match (r.get(5)?, r.get(6)?) {
            (Some(lat), Some(lon)) => GeoPoint::parse(lat, lon),
            _ => None,
        },
        needs_review: r.get(7)?,
    }))
}

/// What `/report N` shows.
#[derive(Debug, Clone)]
pub struct ReportDetail {
    pub view: ReportView,
    pub status: String,
    pub events: Vec<EventLine>,
}

/// `/stats` counts closed work and medians over this many UTC days, today included.
pub const STATS_DAYS: i64 = 30;

impl Db {
    /// `/open`: a page of open potholes, the most overdue first; and how many there are.
    pub async fn open_page(
        &self,
        limit: u32,
        offset: u32,
    ) -> Result<(Vec<OpenLine>, i64), StoreError> {
        self.call(move |conn| {
            let lines = conn
                .prepare_cached(sql::OPEN_PAGE)?
                .query_map((limit, offset), open_line)?
                .filter_map(|r| r.transpose())
                .collect::<Result<Vec<_>, _>>()?;
            let (open, acknowledged, made_safe) = totals::open_by_state(conn)?;
            Ok((lines, open + acknowledged + made_safe))
        })
        .await
    }

    /// The loop's part of `/stats`: work now, overdue, the last 30 days (today and the 29
    /// UTC days before) and the medians, from the running totals (`totals`).
    pub async fn loop_stats(&self, now_unix: i64) -> Result<LoopStats, StoreError> {
        self.call(move |conn| {
            let since_day = totals::day_of(now_unix) - (STATS_DAYS - 1);
            let (open, acknowledged, made_safe) = totals::open_by_state(conn)?;
            let (fixed_30d, rejected_30d, duplicate_30d) =
                totals::closed_since_day(conn, since_day)?;
            Ok(LoopStats {
                open,
                acknowledged,
                made_safe,
                overdue: totals::overdue(conn, now_unix)?.1,
                fixed_30d,
                rejected_30d,
                duplicate_30d,
                median_ack_secs: totals::median(conn, Took::Acknowledge, since_day)?,
                median_fix_secs: totals::median(conn, Took::Fix, since_day)?,
            })
        })
        .await
    }

    /// `/report N`: the report, its pipeline status and every event.
    pub async fn report_detail(&self, id: i64) -> Result<Option<ReportDetail>, StoreError> {
        let Some(view) = self.report_view(id).await? else {
            return Ok(None);
        };
        self.call(move |conn| {
            let status: String = conn
                .prepare_cached("SELECT status FROM reports WHERE id = ?1")?
                .query_row([id], |r| r.get(0))?;
            let events = conn
                .prepare_cached(sql::EVENTS)?
                .query_map([id], |r| {
                    let at: String = r.get(0)?;
                    let detail: Option<String> = r.get(3)?;
                    Ok(EventLine {
                        at: DateTime::parse_from_rfc3339(&at)
                            .map(|t| t.with_timezone(&Utc))
                            .unwrap_or_default(),
                        actor: r.get(1)?,
                        kind: r.get(2)?,
                        detail: detail.as_deref().and_then(event_words),
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Some(ReportDetail {
                view,
                status,
                events,
            }))
        })
        .await
    }
}

/// A short reading of an event's JSON detail for `/report`: the staff name, a reason, a
/// report number.
fn event_words(detail: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(detail).ok()?;
    let mut parts = Vec::new();
    if let Some(n) = v.get("name").and_then(|n| n.as_str()) {
        parts.push(n.to_owned());
    }
    if let Some(r) = v.get("reason").and_then(|n| n.as_str()) {
        parts.push(r.replace('_', " "));
    }
    if let Some(of) = v.get("of").and_then(|n| n.as_i64()) {
        parts.push(format!("#{of}"));
    }
    if let Some(s) = v.get("severity").and_then(|n| n.as_str()) {
        parts.push(s.to_owned());
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::super::{Located, LoopRules, Origin, check_duplicate, plans};
    use super::*;
    use crate::domain::crew_texts::BySeverity;
    use crate::domain::work::{Actor, RejectReason, WorkAction};
    use rusqlite::Connection;

    #[test]
    fn every_read_of_the_loop_uses_an_index() {
        plans::assert_each_indexed(&[
            (sql::OPEN_PAGE, "reports_open_by_due"),
            (sql::EVENTS, "events_by_report"),
        ]);
    }

    /// What `/stats` and the digest would say if every report were counted (the query
    /// each total replaced).
    fn recounted(c: &Connection, now: i64) -> (LoopStats, BySeverity, BySeverity) {
        let since = (now.div_euclid(86_400) - (STATS_DAYS - 1)) * 86_400;
        let q = |sql: &str, p: i64| -> i64 { c.query_row(sql, [p], |r| r.get(0)).unwrap() };
        let state = |s: &str| {
            q(
                &format!("SELECT COUNT(*) FROM reports WHERE work_state = '{s}' AND ?1 = ?1"),
                0,
            )
        };
        let closed = |s: &str| {
            q(
                &format!(
                    "SELECT COUNT(*) FROM reports WHERE created_unix >= ?1 AND work_state = '{s}'"
                ),
                since,
            )
        };
        let median = |col: &str| {
            let mut v: Vec<i64> = c
                .prepare(&format!(
                    "SELECT {col} - opened_unix FROM reports
                      WHERE {col} >= ?1 AND opened_unix IS NOT NULL"
                ))
                .unwrap()
                .query_map([since], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            v.sort_unstable();
            v.get(v.len() / 2)
                .map(|m| crate::domain::clock::age_floor(*m))
        };
        let by_severity = |sql: &str, p: i64| {
            let mut out = BySeverity::default();
            let mut st = c.prepare(sql).unwrap();
            let mut rows = st.query([p]).unwrap();
            while let Some(r) = rows.next().unwrap() {
                out.add(
                    r.get::<_, String>(0).unwrap().parse().unwrap(),
                    r.get(1).unwrap(),
                );
            }
            out
        };
        let stats = LoopStats {
            open: state("open"),
            acknowledged: state("acknowledged"),
            made_safe: state("made_safe"),
            overdue: q("SELECT COUNT(*) FROM reports WHERE due_unix <= ?1", now),
            fixed_30d: closed("fixed"),
            rejected_30d: closed("rejected"),
            duplicate_30d: closed("duplicate"),
            median_ack_secs: median("acknowledged_unix"),
            median_fix_secs: median("fixed_unix"),
        };
        let open = by_severity(
            "SELECT severity, COUNT(*) FROM reports
              WHERE work_state IN ('open', 'acknowledged', 'made_safe') AND ?1 = ?1
              GROUP BY severity",
            0,
        );
        let overdue = by_severity(
            "SELECT severity, COUNT(*) FROM reports WHERE due_unix <= ?1 GROUP BY severity",
            now,
        );
        (stats, open, overdue)
    }

    async fn totals_are_a_recount(db: &Db, now: i64, step: usize, seed: u64) {
        let (stats, open, overdue) = db
            .call(move |c| {
                super::totals::check::totals_match_a_recount(c);
                Ok(recounted(c, now))
            })
            .await
            .unwrap();
        let digest = db.digest(now).await.unwrap();
        assert_eq!(
            db.loop_stats(now).await.unwrap(),
            stats,
            "step {step}, seed {seed}"
        );
        assert_eq!(
            (digest.open, digest.overdue),
            (open, overdue),
            "step {step}, seed {seed}"
        );
        let (_, total) = db.open_page(1, 0).await.unwrap();
        assert_eq!(total, open.total(), "step {step}, seed {seed}");
        let day_start = now - now.rem_euclid(86_400);
        let counted = db
            .call(move |c| {
                let n = |since: i64, filter: &str| -> i64 {
                    c.query_row(
                        &format!(
                            "SELECT COUNT(*) FROM reports WHERE created_unix >= ?1 AND {filter}"
                        ),
                        [since],
                        |r| r.get(0),
                    )
                    .unwrap()
                };
                Ok([day_start, day_start - 6 * 86_400].map(|since| {
                    crate::domain::texts::ReportCounts {
                        total: n(since, "1"),
                        severe: n(since, "severity = 'severe'"),
                        moderate: n(since, "severity = 'moderate'"),
                        minor: n(since, "severity = 'minor'"),
                        not_pothole: n(since, "severity = 'not_pothole'"),
                        unclear: n(since, "severity = 'unclear'"),
                        waiting: n(since, "status = 'received'"),
                        failed: n(since, "status = 'failed'"),
                        fixed: n(since, "work_state = 'fixed'"),
                        rejected: n(since, "work_state = 'rejected'"),
                    }
                }))
            })
            .await
            .unwrap();
        let staff = db.staff_stats(day_start).await.unwrap();
        assert_eq!(
            [staff.today, staff.week],
            counted,
            "step {step}, seed {seed}"
        );
    }

    #[tokio::test]
    async fn the_running_totals_stay_equal_to_a_recount_through_random_work() {
        let t = test_db();
        let db = &t.db;
        let seed = fastrand::u64(..);
        let mut rng = fastrand::Rng::with_seed(seed);
        const N: i64 = 60;
        // Potholes of every grade reported over 40 days, a third of them in one street (so
        // they join each other), some not alerted; and reports that are not potholes, or
        // still waiting for their grade.
        let rows: Vec<(i64, i64, &str, f64, i64, bool)> = (1..=N)
            .map(|id| {
                let severity = ["minor", "moderate", "severe"][rng.usize(..3)];
                let lat = if id % 3 == 0 {
                    52.52 + rng.f64() * 0.0002
                } else {
                    40.0 + id as f64
                };
                (
                    id,
                    500 + id % 7,
                    severity,
                    lat,
                    T0 - rng.i64(0..40 * 86_400),
                    rng.u8(..4) > 0,
                )
            })
            .collect();
        db.call(move |conn| {
            let tx = conn.transaction()?;
            let rules = LoopRules::default();
            for (id, chat, severity, lat, at, alerted) in rows {
                let sev: Severity = severity.parse().unwrap();
                let due = rules
                    .deadlines
                    .due_after(sev, WorkState::Open)
                    .unwrap()
                    .as_secs() as i64;
                tx.execute(
                    "INSERT INTO reports (id, chat_id, message_id, media_kind, file_id,
                            file_unique_id, grade_file_id, status, severity, latitude, longitude,
                            alert_message_id, work_state, opened_unix, work_changed_unix,
                            work_actor, due_unix, remind_unix, follow_up_unix, created_unix)
                     VALUES (?1, ?2, ?1, 'photo', 'F', 'U' || ?1, 'G', 'alerted', ?3, ?4, 13.4,
                             CASE WHEN ?6 THEN 100 + ?1 END, 'open', ?5, ?5, 'the bot',
                             ?5 + ?7, CASE WHEN ?6 THEN ?5 + ?7 END,
                             CASE WHEN ?6 THEN ?5 + 86400 * 5 END, ?5)",
                    rusqlite::params![id, chat, severity, lat, at, alerted, due],
                )?;
            }
            tx.execute_batch(&format!(
                "INSERT INTO reports (id, chat_id, message_id, media_kind, file_id,
                        file_unique_id, grade_file_id, status, severity, created_unix)
                 VALUES ({a}, 1, {a}, 'photo', 'F', 'Ua', 'G', 'graded', 'not_pothole', {t}),
                        ({b}, 1, {b}, 'photo', 'F', 'Ub', 'G', 'graded', 'unclear', {t}),
                        ({c}, 1, {c}, 'photo', 'F', 'Uc', 'G', 'received', NULL, {t}),
                        ({d}, 1, {d}, 'photo', 'F', 'Ud', 'G', 'failed', NULL, {t});",
                a = N + 1,
                b = N + 2,
                c = N + 3,
                d = N + 4,
                t = T0 - 3 * 86_400,
            ))?;
            tx.commit()?;
            Ok(())
        })
        .await
        .unwrap();
        let rules = LoopRules {
            reopen_window: std::time::Duration::from_secs(3 * 86_400),
            alert_threshold: Severity::Moderate,
            ..LoopRules::default()
        };
        let mut now = T0;
        totals_are_a_recount(db, now, 0, seed).await;
        for step in 1..=400 {
            now += rng.i64(0..36 * 3600);
            let id = rng.i64(1..=N);
            let chat = 500 + id % 7;
            let staff = |action| db.work_action(id, action, ana(), Origin::Command, rules, now);
            match rng.u8(..11) {
                0 => {
                    staff(WorkAction::Take).await.unwrap();
                }
                1 => {
                    staff(WorkAction::MakeSafe).await.unwrap();
                }
                2 => {
                    staff(WorkAction::Fix).await.unwrap();
                }
                3 => {
                    let reason = RejectReason::ALL[rng.usize(..3)];
                    staff(WorkAction::Reject { reason }).await.unwrap();
                }
                4 => {
                    staff(WorkAction::Reopen).await.unwrap();
                }
                5 => {
                    // "Still broken", by its citizen or by someone else, in time or late.
                    let who = if rng.bool() { chat } else { 999 };
                    let origin = Origin::Citizen { chat_id: who };
                    db.work_action(id, WorkAction::Reopen, Actor::Citizen, origin, rules, now)
                        .await
                        .unwrap();
                }
                6 => {
                    let of = rng.i64(1..=N + 2);
                    db.mark_duplicate(id, of, ana(), rules, now).await.unwrap();
                }
                7 => {
                    // A pin that puts it in the street where a third of them are.
                    db.call(move |c| {
                        let tx = c.transaction()?;
                        let p = GeoPoint::parse(52.52, 13.4).unwrap();
                        tx.execute(
                            "UPDATE reports SET latitude = 52.52, longitude = 13.4 WHERE id = ?1",
                            [id],
                        )?;
                        check_duplicate(&tx, id, p, &rules, now)?;
                        tx.commit()?;
                        Ok(())
                    })
                    .await
                    .unwrap();
                }
                8 => {
                    db.scheduler_pass(now).await.unwrap();
                }
                9 => {
                    let fixed = rng.bool();
                    db.follow_up_answer(id, chat, fixed, rules, now)
                        .await
                        .unwrap();
                }
                _ => {
                    // An operator regrades one by hand with sqlite3.
                    let severity = ["minor", "moderate", "severe"][rng.usize(..3)];
                    db.call(move |c| {
                        Ok(c.execute(
                            "UPDATE reports SET severity = ?2 WHERE id = ?1",
                            rusqlite::params![id, severity],
                        )?)
                    })
                    .await
                    .unwrap();
                }
            }
            if step % 10 == 0 {
                totals_are_a_recount(db, now, step, seed).await;
            }
        }
        // A severe duplicate raises a minor original's grade (the chance may not have come).
        db.call(move |c| {
            let tx = c.transaction()?;
            for (id, severity, lon) in [(N + 10, "minor", 10.0), (N + 11, "severe", 10.00001)] {
                tx.execute(
                    "INSERT INTO reports (id, chat_id, message_id, media_kind, file_id,
                            file_unique_id, grade_file_id, status, severity, latitude, longitude,
                            work_state, opened_unix, due_unix, created_unix)
                     VALUES (?1, 600, ?1, 'photo', 'F', 'U' || ?1, 'G', 'graded', ?2, 10.0, ?3,
                             'open', ?4, ?4 + 86400, ?4)",
                    rusqlite::params![id, severity, lon, now],
                )?;
            }
            let p = GeoPoint::parse(10.0, 10.00001).unwrap();
            assert_eq!(
                check_duplicate(&tx, N + 11, p, &rules, now)?,
                Located::Joined { original: N + 10 }
            );
            tx.commit()?;
            Ok(())
        })
        .await
        .unwrap();
        totals_are_a_recount(db, now, 401, seed).await;
        // The sequence did take every kind of step: each transition (by staff, the citizen
        // and the duplicate check), reminders and follow-ups.
        let kinds: Vec<String> = db
            .call(|c| {
                let mut st = c.prepare("SELECT DISTINCT kind FROM events ORDER BY kind")?;
                Ok(st
                    .query_map([], |r| r.get(0))?
                    .collect::<Result<Vec<String>, _>>()?)
            })
            .await
            .unwrap();
        for kind in [
            "acknowledged",
            "made_safe",
            "fixed",
            "rejected",
            "reopened",
            "duplicate",
            "severity_raised",
            "reminder_sent",
            "follow_up_asked",
        ] {
            assert!(
                kinds.iter().any(|k| k == kind),
                "{kind} in {kinds:?}, seed {seed}"
            );
        }
    }
}
