//! The crews' loop in the database: a work-state change, its event and every message it
//! implies in one transaction; nearby duplicates; the scheduler's queues (overdue reminders,
//! follow-up questions, the digest); and what `/open`, `/report` and `/stats` read.
//!
//! The rules themselves are `domain::work`; this file only loads the facts they need, applies
//! the answer, and queues the notices.

use chrono::{DateTime, TimeZone, Utc};
use rusqlite::{Connection, OptionalExtension, named_params};

use super::outbox::{Destination, Outgoing, enqueue};
use super::reports::ReportView;
use super::totals::{self, Took};
use super::{Db, StoreError, event};
use crate::domain::Notice;
use crate::domain::crew_texts::{BySeverity, Digest, EventLine, LoopStats, OpenLine};
pub use crate::domain::work::LoopRules;
use crate::domain::work::{self, Actor, Refusal, Transition, WorkAction, WorkState, WorkStatus};
use crate::domain::{GeoPoint, Severity, should_alert};

/// Where an action came from; each origin has its own check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A button under a staff chat message: must be the report's current alert.
    Alert { message_id: i32 },
    /// A staff command (`/dup 12 7`, a reply to an alert).
    Command,
    /// A citizen's button in their own chat: must be their report.
    Citizen { chat_id: i64 },
}

/// What became of an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkOutcome {
    /// Done; the notices are queued.
    Done(Transition),
    /// The rules refuse it: nothing changed.
    Refused(Refusal),
    /// No such pothole (or not a pothole at all).
    NoSuchReport,
    /// A button under a message that is not (or no longer) the report's alert.
    NotThisAlert,
    /// A citizen's button for a report that is not theirs.
    NotYours,
    /// "Still broken" after `REOPEN_WINDOW`: a new report is needed.
    TooLate,
    /// The citizen's follow-up was answered before.
    AlreadyAnswered,
    /// Recorded without a state change (the follow-up's "No").
    Noted,
}

/// One pothole as the loop sees it.
#[derive(Debug, Clone)]
struct Row {
    id: i64,
    chat_id: i64,
    severity: Severity,
    state: WorkState,
    by: String,
    at_unix: i64,
    duplicate_of: Option<i64>,
    alert_message_id: Option<i32>,
    opened_unix: i64,
    follow_up_asked: bool,
}

fn load(tx: &Connection, id: i64) -> rusqlite::Result<Option<Row>> {
    let row = tx
        .prepare_cached(
            "SELECT id, chat_id, severity, work_state, work_actor, work_changed_unix, duplicate_of,
                    alert_message_id, opened_unix, follow_up_asked, created_unix
               FROM reports WHERE id = ?1 AND work_state IS NOT NULL",
        )?
        .query_row([id], |r| {
            let severity: Option<String> = r.get(2)?;
            let state: String = r.get(3)?;
            let created: i64 = r.get(10)?;
            Ok((
                severity.and_then(|s| s.parse::<Severity>().ok()),
                state.parse::<WorkState>().ok(),
                Row {
                    id: r.get(0)?,
                    chat_id: r.get(1)?,
                    severity: Severity::Minor,
                    state: WorkState::Open,
                    by: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                    at_unix: r.get::<_, Option<i64>>(5)?.unwrap_or(created),
                    duplicate_of: r.get(6)?,
                    alert_message_id: r.get(7)?,
                    opened_unix: r.get::<_, Option<i64>>(8)?.unwrap_or(created),
                    follow_up_asked: r.get(9)?,
                },
            ))
        })
        .optional()?;
    Ok(row.and_then(|(sev, state, mut row)| {
        row.severity = sev?;
        row.state = state?;
        Some(row)
    }))
}

fn utc(unix: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(unix, 0).single().unwrap_or_default()
}

impl Row {
    fn status(&self) -> WorkStatus {
        WorkStatus {
            state: self.state,
            by: self.by.clone(),
            at: utc(self.at_unix),
            duplicate_of: self.duplicate_of,
        }
    }
}

impl Db {
    /// Applies `action` by `actor` to pothole `report_id`, with its event and notices, in one
    /// transaction; or changes nothing and says why.
    pub async fn work_action(
        &self,
        report_id: i64,
        action: WorkAction,
        actor: Actor,
        origin: Origin,
        rules: LoopRules,
        now_unix: i64,
    ) -> Result<WorkOutcome, StoreError> {
        self.call(move |conn| {
            let tx = conn.transaction()?;
            let outcome = apply(&tx, report_id, action, &actor, origin, &rules, now_unix)?;
            if matches!(outcome, WorkOutcome::Done(_)) {
                tx.commit()?;
            }
            Ok(outcome)
        })
        .await
        .inspect(|outcome| {
            if matches!(outcome, WorkOutcome::Done(_)) {
                self.changes.due.notify_one();
            }
        })
    }

    /// The citizen's answer to "Is it fixed now?": Yes marks it fixed (actor citizen), No
    /// puts a reminder in the staff chat. Each report's question is answered once.
    pub async fn follow_up_answer(
        &self,
        report_id: i64,
        chat_id: i64,
        fixed: bool,
        rules: LoopRules,
        now_unix: i64,
    ) -> Result<WorkOutcome, StoreError> {
        self.call(move |conn| {
            let tx = conn.transaction()?;
            let Some(row) = load(&tx, report_id)? else {
                return Ok(WorkOutcome::NoSuchReport);
            };
            if row.chat_id != chat_id {
                return Ok(WorkOutcome::NotYours);
            }
            // follow_up_asked: 1 asked, 2 answered.
            let answered = tx
                .prepare_cached(
                    "UPDATE reports SET follow_up_asked = 2 WHERE id = ?1 AND follow_up_asked = 1",
                )?
                .execute([report_id])?;
            if answered == 0 {
                return Ok(if row.follow_up_asked {
                    WorkOutcome::AlreadyAnswered
                } else {
                    WorkOutcome::NoSuchReport
                });
            }
            // A report that joined another is answered for the original.
            let target = row
                .duplicate_of
                .filter(|_| row.state == WorkState::Duplicate)
                .unwrap_or(report_id);
            let citizen = Destination::Chat(chat_id);
            let outcome = if fixed {
                let outcome = apply(
                    &tx,
                    target,
                    WorkAction::Fix,
                    &Actor::Citizen,
                    Origin::Command,
                    &rules,
                    now_unix,
                )?;
                let notice = Notice::FollowUpAnswered {
                    id: report_id,
                    fixed: true,
                    closed_before: !matches!(outcome, WorkOutcome::Done(_)),
                };
                enqueue(&tx, Some(report_id), citizen, &Outgoing::notice(notice))?;
                outcome
            } else {
                event(&tx, Some(report_id), "citizen", "follow_up_not_fixed", None)?;
                if let Some(original) = load(&tx, target)?
                    && original.state.is_open()
                {
                    let reply = Outgoing::AlertReply {
                        report_id: target,
                        notice: Notice::CitizenSaysNotFixed {
                            id: target,
                            age_secs: now_unix - original.opened_unix,
                        },
                    };
                    enqueue(&tx, Some(target), Destination::Staff, &reply)?;
                }
                let notice = Notice::FollowUpAnswered {
                    id: report_id,
                    fixed: false,
                    closed_before: false,
                };
                enqueue(&tx, Some(report_id), citizen, &Outgoing::notice(notice))?;
                WorkOutcome::Noted
            };
            tx.commit()?;
            Ok(outcome)
        })
        .await
    }

    /// Marks `report_id` the same pothole as `original` by hand (`/dup 12 7`).
    pub async fn mark_duplicate(
        &self,
        report_id: i64,
        original: i64,
        actor: Actor,
        rules: LoopRules,
        now_unix: i64,
    ) -> Result<WorkOutcome, StoreError> {
        self.call(move |conn| {
            let tx = conn.transaction()?;
            if load(&tx, original)?.is_none() {
                return Ok(WorkOutcome::NoSuchReport);
            }
            let action = WorkAction::MarkDuplicate { of: original };
            let outcome = apply(
                &tx,
                report_id,
                action,
                &actor,
                Origin::Command,
                &rules,
                now_unix,
            )?;
            if matches!(outcome, WorkOutcome::Done(_)) {
                tx.commit()?;
            }
            Ok(outcome)
        })
        .await
    }

    /// The nearest open pothole within `radius_m` of `p` other than `except` (the duplicate
    /// check's read, on its own).
    pub async fn nearest_open(
        &self,
        p: GeoPoint,
        radius_m: f64,
        except: i64,
    ) -> Result<Option<(i64, f64)>, StoreError> {
        self.call(move |conn| Ok(nearby_open(conn, p, radius_m, except)?))
            .await
    }

    /// The report whose current alert is staff chat message `message_id`.
    pub async fn report_of_alert(&self, message_id: i32) -> Result<Option<i64>, StoreError> {
        self.call(move |conn| {
            Ok(conn
                .prepare_cached(
                    "SELECT id FROM reports WHERE alert_message_id = ?1 AND alert_message_id IS NOT NULL",
                )?
                .query_row([message_id], |r| r.get(0))
                .optional()?)
        })
        .await
    }
}

/// The transaction's body, shared by every way in.
fn apply(
    tx: &Connection,
    report_id: i64,
    action: WorkAction,
    actor: &Actor,
    origin: Origin,
    rules: &LoopRules,
    now_unix: i64,
) -> rusqlite::Result<WorkOutcome> {
    let Some(row) = load(tx, report_id)? else {
        return Ok(WorkOutcome::NoSuchReport);
    };
    match origin {
        Origin::Alert { message_id } if row.alert_message_id != Some(message_id) => {
            return Ok(WorkOutcome::NotThisAlert);
        }
        Origin::Citizen { chat_id } if row.chat_id != chat_id => return Ok(WorkOutcome::NotYours),
        _ => {}
    }
    // A citizen's "Still broken" on a report that joined another reopens the original.
    let row = match (origin, row.state, row.duplicate_of) {
        (Origin::Citizen { .. }, WorkState::Duplicate, Some(of)) => match load(tx, of)? {
            Some(original) => original,
            None => return Ok(WorkOutcome::NoSuchReport),
        },
        _ => row,
    };
    if let (Actor::Citizen, WorkAction::Reopen) = (actor, action)
        && matches!(row.state, WorkState::Fixed | WorkState::MadeSafe)
        && now_unix - row.at_unix > rules.reopen_window.as_secs() as i64
    {
        return Ok(WorkOutcome::TooLate);
    }
    let t = match work::transition(row.id, &row.status(), action, actor, utc(now_unix)) {
        Ok(t) => t,
        Err(refusal) => return Ok(WorkOutcome::Refused(refusal)),
    };
    record(tx, &row, &t, actor, rules, now_unix)?;
    Ok(WorkOutcome::Done(t))
}

/// Writes an allowed transition: the columns, the event, the alert's re-render and the
/// citizens' notices.
fn record(
    tx: &Connection,
    row: &Row,
    t: &Transition,
    actor: &Actor,
    rules: &LoopRules,
    now_unix: i64,
) -> rusqlite::Result<()> {
    let id = row.id;
    let reopened = t.action == WorkAction::Reopen;
    let opened = if reopened { now_unix } else { row.opened_unix };
    let due = rules
        .deadlines
        .due_after(row.severity, t.to)
        .map(|d| opened + d.as_secs() as i64);
    let (reason, dup_of) = match t.action {
        WorkAction::Reject { reason: r } => (Some(r.as_str()), None),
        WorkAction::MarkDuplicate { of } => (None, Some(of)),
        _ => (None, None),
    };
    tx.prepare_cached(
        "UPDATE reports SET work_state = :state, work_actor = :by, work_changed_unix = :now,
                opened_unix = :opened, due_unix = :due,
                -- A reminder not sent yet follows the deadline; one sent stays sent, until a
                -- reopening (which alerts again) schedules the next.
                remind_unix = CASE WHEN :reopened THEN :due
                                   WHEN remind_unix IS NOT NULL THEN :due END,
                follow_up_unix = CASE WHEN :open THEN follow_up_unix END,
                acknowledged_unix = CASE WHEN :reopened THEN NULL
                                         WHEN :state = 'acknowledged' THEN COALESCE(acknowledged_unix, :now)
                                         ELSE acknowledged_unix END,
                made_safe_unix = CASE WHEN :reopened THEN NULL
                                      WHEN :state = 'made_safe' THEN COALESCE(made_safe_unix, :now)
                                      ELSE made_safe_unix END,
                fixed_unix = CASE WHEN :reopened THEN NULL
                                  WHEN :state = 'fixed' THEN :now ELSE fixed_unix END,
                rejected_reason = :reason,
                duplicate_of = :dup_of
          WHERE id = :id",
    )?
    .execute(named_params! {
        ":state": t.to.as_str(), ":by": actor.display_name(), ":now": now_unix,
        ":opened": opened, ":due": due, ":reopened": reopened, ":open": t.to.is_open(),
        ":reason": reason, ":dup_of": dup_of, ":id": id,
    })?;
    let detail = event_detail(actor, t.action);
    event(
        tx,
        Some(id),
        actor.kind(),
        t.action.event_kind(),
        detail.as_deref(),
    )?;

    // The alert is a view of the state: re-render it (caption and buttons).
    if row.alert_message_id.is_some() {
        enqueue(
            tx,
            Some(id),
            Destination::Staff,
            &Outgoing::AlertEdit {
                report_id: id,
                menu: false,
            },
        )?;
    }
    match (t.action, actor) {
        (WorkAction::Reopen, Actor::Citizen) => {
            // Alert the staff chat again, as a reply to the old alert.
            enqueue(
                tx,
                Some(id),
                Destination::Staff,
                &Outgoing::Alert {
                    report_id: id,
                    reopened: true,
                },
            )?;
        }
        (WorkAction::MarkDuplicate { of }, _) => {
            joined(tx, of, id)?;
        }
        _ => {}
    }
    if t.tell_citizens {
        for (chat_id, own) in citizens_of(tx, id)? {
            // After "Fixed", the notice carries a "Still broken" button for report `own`.
            let message = Outgoing::notice(Notice::WorkUpdate {
                own,
                id,
                action: t.action,
            });
            enqueue(tx, Some(own), Destination::Chat(chat_id), &message)?;
        }
    } else if let (WorkAction::Reopen, Actor::Citizen) = (t.action, actor) {
        enqueue(
            tx,
            Some(id),
            Destination::Chat(row.chat_id),
            &Outgoing::notice(Notice::ReopenedByCitizen { id }),
        )?;
    }
    Ok(())
}

fn event_detail(actor: &Actor, action: WorkAction) -> Option<String> {
    let mut detail = serde_json::Map::new();
    if let Actor::Staff { user_id, name } = actor {
        detail.insert("user_id".into(), (*user_id).into());
        detail.insert("name".into(), name.clone().into());
    }
    match action {
        WorkAction::Reject { reason: r } => {
            detail.insert("reason".into(), r.as_str().into());
        }
        WorkAction::MarkDuplicate { of } => {
            detail.insert("of".into(), of.into());
        }
        _ => {}
    }
    (!detail.is_empty()).then(|| serde_json::Value::Object(detail).to_string())
}

/// The citizens to tell about a change of report `id`: its own citizen, and each report that
/// joined it as a duplicate (their own report numbers).
fn citizens_of(tx: &Connection, id: i64) -> rusqlite::Result<Vec<(i64, i64)>> {
    let mut stmt = tx.prepare_cached(
        "SELECT chat_id, id FROM reports WHERE id = ?1
         UNION ALL
         SELECT chat_id, id FROM reports WHERE duplicate_of = ?1 AND work_state = 'duplicate'",
    )?;
    let mut seen = std::collections::HashSet::new();
    let rows = stmt.query_map([id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (chat, own) = row?;
        // One message per citizen, even when they reported the same pothole twice.
        if seen.insert(chat) {
            out.push((chat, own));
        }
    }
    Ok(out)
}

/// Report `dup` joined `original`: the original's alert gets a reply with the count of
/// citizens, and its caption shows the count.
fn joined(tx: &Connection, original: i64, dup: i64) -> rusqlite::Result<()> {
    let citizens: i64 = tx
        .prepare_cached(
            "SELECT COUNT(DISTINCT chat_id) FROM reports
              WHERE id = ?1 OR (duplicate_of = ?1 AND work_state = 'duplicate')",
        )?
        .query_row([original], |r| r.get(0))?;
    let alerted: Option<Option<i32>> = tx
        .prepare_cached("SELECT alert_message_id FROM reports WHERE id = ?1")?
        .query_row([original], |r| r.get(0))
        .optional()?;
    if let Some(Some(_)) = alerted {
        let notice = Notice::AnotherCitizen {
            original,
            dup,
            citizens,
        };
        enqueue(
            tx,
            Some(original),
            Destination::Staff,
            &Outgoing::AlertReply {
                report_id: original,
                notice,
            },
        )?;
        enqueue(
            tx,
            Some(original),
            Destination::Staff,
            &Outgoing::AlertEdit {
                report_id: original,
                menu: false,
            },
        )?;
    }
    Ok(())
}

/// The nearest open pothole within `radius_m` of `p`, other than `except`: an indexed
/// latitude/longitude box first, then the exact distance.
pub(crate) fn nearby_open(
    tx: &Connection,
    p: GeoPoint,
    radius_m: f64,
    except: i64,
) -> rusqlite::Result<Option<(i64, f64)>> {
    if radius_m <= 0.0 {
        return Ok(None);
    }
    let b = work::bounding_box(p, radius_m);
    let mut stmt = tx.prepare_cached(
        "SELECT id, latitude, longitude FROM reports
          WHERE work_state IN ('open', 'acknowledged', 'made_safe')
            AND latitude BETWEEN :lat_min AND :lat_max
            AND longitude BETWEEN :lon_min AND :lon_max
            AND id != :except
          LIMIT 1000",
    )?;
    let rows = stmt.query_map(
        named_params! {
            ":lat_min": b.lat_min, ":lat_max": b.lat_max, ":lon_min": b.lon_min,
            ":lon_max": b.lon_max, ":except": except,
        },
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, f64>(1)?,
                r.get::<_, f64>(2)?,
            ))
        },
    )?;
    let mut best: Option<(i64, f64)> = None;
    for row in rows {
        let (id, lat, lon) = row?;
        let Some(q) = GeoPoint::parse(lat, lon) else {
            continue;
        };
        let d = work::distance_m(p, q);
        if d <= radius_m && best.is_none_or(|(bid, bd)| d < bd || (d == bd && id < bid)) {
            best = Some((id, d));
        }
    }
    Ok(best)
}

/// What became of a newly located pothole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Located {
    /// No open pothole nearby: it stands on its own.
    Alone,
    /// It joined open pothole `original`.
    Joined { original: i64 },
}

/// Runs the duplicate check for report `id` that just got its location (at grading, or a pin
/// after it). A duplicate joins the nearest open pothole: the original's alert gets a reply,
/// and a duplicate graded more severe raises the original's severity (and alerts it when it
/// now crosses the threshold). Returns whether it joined one.
pub(crate) fn check_duplicate(
    tx: &Connection,
    id: i64,
    p: GeoPoint,
    rules: &LoopRules,
    now_unix: i64,
) -> rusqlite::Result<Located> {
    let Some((original, _)) = nearby_open(tx, p, rules.duplicate_radius_m, id)? else {
        return Ok(Located::Alone);
    };
    let (Some(row), Some(orig)) = (load(tx, id)?, load(tx, original)?) else {
        return Ok(Located::Alone);
    };
    if row.state != WorkState::Open {
        return Ok(Located::Alone);
    }
    let action = WorkAction::MarkDuplicate { of: original };
    let Ok(t) = work::transition(id, &row.status(), action, &Actor::System, utc(now_unix)) else {
        return Ok(Located::Alone);
    };
    tx.prepare_cached(
        "UPDATE reports SET work_state = 'duplicate', duplicate_of = ?2, work_actor = ?3,
                work_changed_unix = ?4, due_unix = NULL, remind_unix = NULL, follow_up_unix = NULL
          WHERE id = ?1",
    )?
    .execute((id, original, Actor::System.display_name(), now_unix))?;
    let detail = format!(r#"{{"of":{original},"found":"nearby"}}"#);
    event(tx, Some(id), "system", t.action.event_kind(), Some(&detail))?;
    if row.severity > orig.severity {
        let due = rules
            .deadlines
            .due_after(row.severity, orig.state)
            .map(|d| orig.opened_unix + d.as_secs() as i64);
        tx.prepare_cached(
            "UPDATE reports SET severity = ?2, due_unix = ?3,
                    remind_unix = CASE WHEN remind_unix IS NOT NULL OR alert_message_id IS NULL THEN ?3 END
              WHERE id = ?1",
        )?
        .execute((original, row.severity.as_str(), due))?;
        let detail = format!(r#"{{"severity":"{}","from":{id}}}"#, row.severity);
        event(
            tx,
            Some(original),
            "system",
            "severity_raised",
            Some(&detail),
        )?;
        // Alerted (or queued) at grading when its own grade crossed the threshold; a raise
        // that crosses it now alerts it once (its severity is the raised one from now on).
        if orig.alert_message_id.is_none()
            && !should_alert(orig.severity, rules.alert_threshold)
            && should_alert(row.severity, rules.alert_threshold)
        {
            enqueue(
                tx,
                Some(original),
                Destination::Staff,
                &Outgoing::Alert {
                    report_id: original,
                    reopened: false,
                },
            )?;
            if let Some(after) = rules.follow_up_after {
                tx.prepare_cached(
                    "UPDATE reports SET follow_up_unix = ?2 WHERE id = ?1 AND follow_up_asked = 0",
                )?
                .execute((original, now_unix + after.as_secs() as i64))?;
            }
        }
    }
    joined(tx, original, id)?;
    Ok(Located::Joined { original })
}

/// SQL of the loop's reads, shared with their plan tests.
mod sql {
    // INDEXED BY: the planner, without statistics, prefers the state index and sorts.
    pub const OPEN_PAGE: &str =
        "SELECT id, severity, work_state, opened_unix, due_unix, latitude, longitude, needs_review
           FROM reports INDEXED BY reports_open_by_due
          WHERE work_state IN ('open', 'acknowledged', 'made_safe')
          ORDER BY due_unix IS NULL, due_unix, id
          LIMIT ?1 OFFSET ?2";
    pub const OVERDUE_PAGE: &str =
        "SELECT id, severity, work_state, opened_unix, due_unix, latitude, longitude, needs_review
           FROM reports INDEXED BY reports_open_by_due
          WHERE work_state IN ('open', 'acknowledged', 'made_safe') AND due_unix <= ?2
          ORDER BY due_unix IS NULL, due_unix, id
          LIMIT ?1";
    pub const NEW_BY_SEVERITY: &str =
        "SELECT severity, COUNT(*) FROM reports INDEXED BY reports_by_created
          WHERE created_unix >= ?1 AND work_state IS NOT NULL GROUP BY severity";
    pub const REMINDERS_DUE: &str = "SELECT id FROM reports WHERE remind_unix <= ?1
          ORDER BY remind_unix LIMIT ?2";
    pub const FOLLOW_UPS_DUE: &str = "SELECT id FROM reports WHERE follow_up_unix <= ?1
          ORDER BY follow_up_unix LIMIT ?2";
    pub const NEXT_REMINDER: &str =
        "SELECT MIN(remind_unix) FROM reports WHERE remind_unix IS NOT NULL";
    pub const NEXT_FOLLOW_UP: &str =
        "SELECT MIN(follow_up_unix) FROM reports WHERE follow_up_unix IS NOT NULL";
    pub const EVENTS: &str =
        "SELECT at, actor, kind, detail FROM events WHERE report_id = ?1 ORDER BY id";
}

fn open_line(r: &rusqlite::Row<'_>) -> rusqlite::Result<Option<OpenLine>> {
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

fn by_severity(conn: &Connection, sql: &str, param: Option<i64>) -> rusqlite::Result<BySeverity> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut out = BySeverity::default();
    let mut add = |r: &rusqlite::Row<'_>| -> rusqlite::Result<()> {
        if let Some(s) = r.get::<_, Option<String>>(0)?.and_then(|s| s.parse().ok()) {
            out.add(s, r.get(1)?);
        }
        Ok(())
    };
    let mut rows = match param {
        Some(p) => stmt.query([p])?,
        None => stmt.query([])?,
    };
    while let Some(r) = rows.next()? {
        add(r)?;
    }
    Ok(out)
}

/// What `/report N` shows.
#[derive(Debug, Clone)]
pub struct ReportDetail {
    pub view: ReportView,
    pub status: String,
    pub events: Vec<EventLine>,
}

/// What the scheduler did in one pass.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SchedulerPass {
    pub reminders: usize,
    pub follow_ups: usize,
    /// When the next reminder or follow-up is due.
    pub next_unix: Option<i64>,
}

/// `/stats` counts closed work and medians over this many UTC days, today included.
pub const STATS_DAYS: i64 = 30;

/// Most reminders or questions queued in one transaction.
const SCHEDULER_BATCH: i64 = 200;

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

    /// The digest's facts at `now_unix`.
    pub async fn digest(&self, now_unix: i64) -> Result<Digest, StoreError> {
        self.call(move |conn| {
            let oldest_overdue = conn
                .prepare_cached(sql::OVERDUE_PAGE)?
                .query_map((10, now_unix), open_line)?
                .filter_map(|r| r.transpose())
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Digest {
                new: by_severity(conn, sql::NEW_BY_SEVERITY, Some(now_unix - 86_400))?,
                open: totals::open_by_severity(conn)?,
                overdue: totals::overdue(conn, now_unix)?.0,
                oldest_overdue,
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

    /// One scheduler pass at `now_unix`: the overdue reminders and follow-up questions due,
    /// each queued with its event and cleared in one transaction (so none is lost or sent
    /// twice across a restart, and none fires for work closed meanwhile).
    pub async fn scheduler_pass(&self, now_unix: i64) -> Result<SchedulerPass, StoreError> {
        let changes = self.changes.clone();
        self.call(move |conn| {
            let tx = conn.transaction()?;
            let mut pass = SchedulerPass::default();
            let due: Vec<i64> = tx
                .prepare_cached(sql::REMINDERS_DUE)?
                .query_map((now_unix, SCHEDULER_BATCH), |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            for id in due {
                tx.prepare_cached("UPDATE reports SET remind_unix = NULL WHERE id = ?1")?
                    .execute([id])?;
                let Some(row) = load(&tx, id)? else { continue };
                if !row.state.is_open() || row.alert_message_id.is_none() {
                    continue;
                }
                let notice = Notice::OverdueReminder {
                    id,
                    severity: row.severity,
                    age_secs: now_unix - row.opened_unix,
                };
                enqueue(
                    &tx,
                    Some(id),
                    Destination::Staff,
                    &Outgoing::AlertReply {
                        report_id: id,
                        notice,
                    },
                )?;
                event(&tx, Some(id), "system", "reminder_sent", None)?;
                pass.reminders += 1;
            }
            let due: Vec<i64> = tx
                .prepare_cached(sql::FOLLOW_UPS_DUE)?
                .query_map((now_unix, SCHEDULER_BATCH), |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            for id in due {
                tx.prepare_cached("UPDATE reports SET follow_up_unix = NULL WHERE id = ?1")?
                    .execute([id])?;
                let Some(row) = load(&tx, id)? else { continue };
                if !row.state.is_open() || row.follow_up_asked {
                    continue;
                }
                tx.prepare_cached("UPDATE reports SET follow_up_asked = 1 WHERE id = ?1")?
                    .execute([id])?;
                // Its Yes / No buttons follow from the notice.
                let question = Outgoing::notice(Notice::FollowUpQuestion { id });
                enqueue(&tx, Some(id), Destination::Chat(row.chat_id), &question)?;
                event(&tx, Some(id), "system", "follow_up_asked", None)?;
                pass.follow_ups += 1;
            }
            let next_reminder: Option<i64> = tx
                .prepare_cached(sql::NEXT_REMINDER)?
                .query_row([], |r| r.get(0))?;
            let next_follow_up: Option<i64> = tx
                .prepare_cached(sql::NEXT_FOLLOW_UP)?
                .query_row([], |r| r.get(0))?;
            pass.next_unix = match (next_reminder, next_follow_up) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            tx.commit()?;
            changes.scheduler_knows(pass.next_unix);
            Ok(pass)
        })
        .await
    }

    /// Queues the digest for the staff chat, once for local day `day` (the day is recorded in
    /// the same transaction). False when that day's digest was queued before.
    pub async fn queue_digest(&self, day: String, notice: Notice) -> Result<bool, StoreError> {
        self.call(move |conn| {
            let tx = conn.transaction()?;
            let last: Option<String> = tx
                .query_row(
                    "SELECT value FROM settings WHERE key = ?1",
                    [DIGEST_DAY],
                    |r| r.get(0),
                )
                .optional()?;
            if last.as_deref().is_some_and(|l| l >= day.as_str()) {
                return Ok(false);
            }
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (DIGEST_DAY, &day),
            )?;
            enqueue(&tx, None, Destination::Staff, &Outgoing::notice(notice))?;
            event(&tx, None, "system", "digest_sent", Some(&day))?;
            tx.commit()?;
            Ok(true)
        })
        .await
    }
}

/// The `settings` key holding the local date of the last digest (`2026-07-01`).
pub const DIGEST_DAY: &str = "digest_last_day";

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
pub(crate) mod plans {
    //! Checks that every query of the loop uses an index (no full scan of `reports`).

    /// The `EXPLAIN QUERY PLAN` lines of `sql`, parameters bound to NULL.
    pub fn plan(conn: &rusqlite::Connection, sql: &str) -> Vec<String> {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let n = stmt.parameter_count();
        let params: Vec<rusqlite::types::Null> = vec![rusqlite::types::Null; n];
        stmt.query_map(rusqlite::params_from_iter(params), |r| {
            r.get::<_, String>(3)
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    }

    pub fn assert_indexed(conn: &rusqlite::Connection, sql: &str, index: &str) {
        let plan = plan(conn, sql);
        assert!(
            plan.iter().any(|l| l.contains(index)),
            "expected {index} in the plan of\n{sql}\n{plan:#?}"
        );
        assert!(
            !plan
                .iter()
                .any(|l| l == "SCAN reports"
                    || l.starts_with("SCAN reports ") && !l.contains("INDEX")),
            "full scan of reports in\n{sql}\n{plan:#?}"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_read_of_the_loop_uses_an_index() {
        let mut conn = Connection::open_in_memory().unwrap();
        super::super::migrations::apply(&mut conn).unwrap();
        for (q, index) in [
            (sql::OPEN_PAGE, "reports_open_by_due"),
            (sql::OVERDUE_PAGE, "reports_open_by_due"),
            (sql::NEW_BY_SEVERITY, "reports_by_created"),
            (sql::REMINDERS_DUE, "reports_remind"),
            (sql::FOLLOW_UPS_DUE, "reports_follow_up"),
            (sql::NEXT_REMINDER, "reports_remind"),
            (sql::NEXT_FOLLOW_UP, "reports_follow_up"),
            (sql::EVENTS, "events_by_report"),
        ] {
            plans::assert_indexed(&conn, q, index);
        }
    }

    #[test]
    fn the_duplicate_prefilter_uses_the_place_index() {
        let mut conn = Connection::open_in_memory().unwrap();
        super::super::migrations::apply(&mut conn).unwrap();
        plans::assert_indexed(
            &conn,
            "SELECT id, latitude, longitude FROM reports
              WHERE work_state IN ('open', 'acknowledged', 'made_safe')
                AND latitude BETWEEN ?1 AND ?2 AND longitude BETWEEN ?3 AND ?4 AND id != ?5
              LIMIT 1000",
            "reports_work_place",
        );
        plans::assert_indexed(
            &conn,
            "SELECT chat_id, id FROM reports WHERE id = ?1
             UNION ALL
             SELECT chat_id, id FROM reports WHERE duplicate_of = ?1 AND work_state = 'duplicate'",
            "reports_duplicates",
        );
        plans::assert_indexed(
            &conn,
            "SELECT id FROM reports WHERE alert_message_id = ?1 AND alert_message_id IS NOT NULL",
            "reports_by_alert",
        );
    }

    use crate::domain::work::RejectReason;

    struct TestDb {
        db: Db,
        dir: std::path::PathBuf,
    }

    impl Drop for TestDb {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }

    fn test_db() -> TestDb {
        let dir = std::env::temp_dir().join(format!(
            "pothole-crew-{}-{}",
            std::process::id(),
            fastrand::u64(..)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TestDb {
            db: Db::open(&dir.join("t.db")).unwrap(),
            dir,
        }
    }

    const T0: i64 = 1_780_000_000;

    /// A graded, alerted severe pothole of citizen `chat` (alert message 100 + id).
    async fn pothole(db: &Db, id: i64, chat: i64, at: Option<(f64, f64)>) {
        let (lat, lon) = at.unzip();
        db.call(move |conn| {
            conn.execute(
                "INSERT INTO reports (id, chat_id, message_id, media_kind, file_id, file_unique_id,
                        grade_file_id, status, severity, latitude, longitude, alert_message_id,
                        work_state, opened_unix, work_changed_unix, work_actor, due_unix,
                        remind_unix, created_unix)
                 VALUES (?1, ?2, ?1, 'photo', 'F', 'U' || ?1, 'G', 'alerted', 'severe', ?3, ?4,
                         100 + ?1, 'open', ?5, ?5, 'the bot', ?5 + 86400, ?5 + 86400, ?5)",
                rusqlite::params![id, chat, lat, lon, T0],
            )?;
            Ok(())
        })
        .await
        .unwrap();
    }

    /// The queued messages (their stored JSON and, for notices, the words they become), and
    /// empties the queue.
    async fn outbox(db: &Db) -> Vec<(Option<i64>, String)> {
        let rows: Vec<(Option<i64>, String)> = db
            .call(|conn| {
                let mut st = conn.prepare("SELECT chat_id, payload FROM outbox ORDER BY id")?;
                let rows = st
                    .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<Result<Vec<_>, _>>()?;
                conn.execute("DELETE FROM outbox", [])?;
                Ok(rows)
            })
            .await
            .unwrap();
        rows.into_iter()
            .map(|(chat, json)| {
                let words = match serde_json::from_str::<Outgoing>(&json).unwrap() {
                    Outgoing::Notice { notice, .. } | Outgoing::AlertReply { notice, .. } => {
                        crate::domain::texts::render(crate::domain::Locale::ENGLISH, &notice)
                    }
                    _ => String::new(),
                };
                (chat, format!("{json}\n{words}"))
            })
            .collect()
    }

    fn ana() -> Actor {
        Actor::Staff {
            user_id: 9,
            name: "Ana".into(),
        }
    }

    #[tokio::test]
    async fn a_tap_changes_state_with_its_event_alert_edit_and_citizen_notice_in_one_go() {
        let t = test_db();
        let db = &t.db;
        pothole(db, 1, 500, None).await;
        let rules = LoopRules::default();
        let take = |origin| db.work_action(1, WorkAction::Take, ana(), origin, rules, T0 + 60);
        assert_eq!(
            take(Origin::Alert { message_id: 999 }).await.unwrap(),
            WorkOutcome::NotThisAlert
        );
        assert!(outbox(db).await.is_empty());
        assert!(matches!(
            take(Origin::Alert { message_id: 101 }).await.unwrap(),
            WorkOutcome::Done(_)
        ));
        let sent = outbox(db).await;
        assert_eq!(sent.len(), 2, "{sent:?}");
        assert_eq!(sent[0].0, None);
        assert!(sent[0].1.contains("alert_edit"));
        assert_eq!(sent[1].0, Some(500));
        assert!(sent[1].1.contains("a road crew is on it"));
        // A second tap, by anyone: refused, naming who and when.
        match take(Origin::Alert { message_id: 101 }).await.unwrap() {
            WorkOutcome::Refused(Refusal::Already { by, state, .. }) => {
                assert_eq!((by.as_str(), state), ("Ana", WorkState::Acknowledged));
            }
            other => panic!("{other:?}"),
        }
        assert!(outbox(db).await.is_empty());
        let events: Vec<(String, String, Option<String>)> = db
            .call(|c| {
                let mut st =
                    c.prepare("SELECT actor, kind, detail FROM events WHERE report_id = 1")?;
                Ok(st
                    .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                    .collect::<Result<_, _>>()?)
            })
            .await
            .unwrap();
        assert_eq!(
            events,
            [(
                "staff".into(),
                "acknowledged".into(),
                Some(r#"{"name":"Ana","user_id":9}"#.into())
            )]
        );
        // Reject with a reason: the reason is stored and told.
        let r = db
            .work_action(
                1,
                WorkAction::Reject {
                    reason: RejectReason::NotOurs,
                },
                ana(),
                Origin::Command,
                rules,
                T0 + 90,
            )
            .await
            .unwrap();
        assert!(matches!(r, WorkOutcome::Done(_)));
        assert!(
            outbox(db).await[1]
                .1
                .contains("not looked after by these road crews")
        );
    }

    #[tokio::test]
    async fn still_broken_reopens_within_the_window_only_and_only_for_its_citizen() {
        let t = test_db();
        let db = &t.db;
        pothole(db, 1, 500, None).await;
        let rules = LoopRules::default();
        db.work_action(1, WorkAction::Fix, ana(), Origin::Command, rules, T0 + 60)
            .await
            .unwrap();
        let fixed = outbox(db).await;
        assert!(
            fixed[1]
                .1
                .contains(r#""notice":"work_update","own":1,"id":1,"action":{"action":"fix"}"#),
            "the notice that carries the Still broken button: {fixed:?}"
        );
        let reopen = |chat, at| {
            db.work_action(
                1,
                WorkAction::Reopen,
                Actor::Citizen,
                Origin::Citizen { chat_id: chat },
                rules,
                at,
            )
        };
        assert_eq!(reopen(501, T0 + 120).await.unwrap(), WorkOutcome::NotYours);
        let late = T0 + 60 + rules.reopen_window.as_secs() as i64 + 1;
        assert_eq!(reopen(500, late).await.unwrap(), WorkOutcome::TooLate);
        assert!(matches!(
            reopen(500, T0 + 120).await.unwrap(),
            WorkOutcome::Done(_)
        ));
        let sent = outbox(db).await;
        assert!(
            sent.iter()
                .any(|(c, p)| c.is_none() && p.contains(r#""reopened":true"#)),
            "{sent:?}"
        );
        assert!(
            sent.iter()
                .any(|(c, p)| *c == Some(500) && p.contains("open again")),
            "{sent:?}"
        );
        let (state, due): (String, i64) = db
            .call(|c| {
                Ok(c.query_row(
                    "SELECT work_state, due_unix FROM reports WHERE id = 1",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?)
            })
            .await
            .unwrap();
        assert_eq!(
            (state.as_str(), due),
            ("open", T0 + 120 + 86_400),
            "a new deadline from the reopening"
        );
    }

    #[tokio::test]
    async fn a_nearby_pothole_joins_the_open_one_and_a_far_one_does_not() {
        let t = test_db();
        let db = &t.db;
        pothole(db, 1, 500, Some((52.52, 13.405))).await;
        pothole(db, 2, 501, Some((52.52010, 13.405))).await; // about 11 m north
        pothole(db, 3, 502, Some((52.53, 13.405))).await; // about 1.1 km
        let rules = LoopRules::default();
        let joined = db
            .call(move |c| {
                let tx = c.transaction()?;
                let a = check_duplicate(
                    &tx,
                    2,
                    GeoPoint::parse(52.52010, 13.405).unwrap(),
                    &rules,
                    T0,
                )?;
                let b =
                    check_duplicate(&tx, 3, GeoPoint::parse(52.53, 13.405).unwrap(), &rules, T0)?;
                tx.commit()?;
                Ok((a, b))
            })
            .await
            .unwrap();
        assert_eq!(joined, (Located::Joined { original: 1 }, Located::Alone));
        let sent = outbox(db).await;
        assert!(
            sent.iter()
                .any(|(_, p)| p.contains("2 citizens have reported #1")),
            "{sent:?}"
        );
        // The joined citizen hears about the original's changes.
        db.work_action(1, WorkAction::Fix, ana(), Origin::Command, rules, T0 + 60)
            .await
            .unwrap();
        let sent = outbox(db).await;
        assert!(
            sent.iter()
                .any(|(c, p)| *c == Some(501) && p.contains("which your report #2 joined")),
            "{sent:?}"
        );
        assert!(sent.iter().any(|(c, _)| *c == Some(500)));
        // Off means off.
        let off = LoopRules {
            duplicate_radius_m: 0.0,
            ..rules
        };
        let alone = db
            .call(move |c| {
                Ok(check_duplicate(
                    c,
                    3,
                    GeoPoint::parse(52.52, 13.405).unwrap(),
                    &off,
                    T0,
                )?)
            })
            .await
            .unwrap();
        assert_eq!(alone, Located::Alone);
    }

    #[tokio::test]
    async fn a_reminder_is_sent_once_and_never_for_closed_work() {
        let t = test_db();
        let db = &t.db;
        pothole(db, 1, 500, None).await;
        pothole(db, 2, 501, None).await;
        let rules = LoopRules::default();
        db.work_action(2, WorkAction::Fix, ana(), Origin::Command, rules, T0 + 60)
            .await
            .unwrap();
        outbox(db).await;
        let early = db.scheduler_pass(T0 + 3600).await.unwrap();
        assert_eq!((early.reminders, early.next_unix), (0, Some(T0 + 86_400)));
        let pass = db.scheduler_pass(T0 + 86_401).await.unwrap();
        assert_eq!(pass.reminders, 1);
        let sent = outbox(db).await;
        assert_eq!(sent.len(), 1);
        assert!(
            sent[0].1.contains("alert_reply") && sent[0].1.contains("#1 (severe) is overdue"),
            "{sent:?}"
        );
        let again = db.scheduler_pass(T0 + 90_000).await.unwrap();
        assert_eq!((again.reminders, again.next_unix), (0, None));
        // On it after the reminder: the deadline stays, no second reminder.
        db.work_action(
            1,
            WorkAction::Take,
            ana(),
            Origin::Command,
            rules,
            T0 + 90_001,
        )
        .await
        .unwrap();
        outbox(db).await;
        assert_eq!(db.scheduler_pass(T0 + 200_000).await.unwrap().reminders, 0);
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

    #[tokio::test]
    async fn the_follow_up_is_asked_once_and_answered_once() {
        let t = test_db();
        let db = &t.db;
        pothole(db, 1, 500, None).await;
        db.call(|c| {
            Ok(c.execute(
                "UPDATE reports SET follow_up_unix = ?1, remind_unix = NULL WHERE id = 1",
                [T0 + 10],
            )?)
        })
        .await
        .unwrap();
        let rules = LoopRules::default();
        assert_eq!(db.scheduler_pass(T0 + 11).await.unwrap().follow_ups, 1);
        let sent = outbox(db).await;
        assert!(
            sent[0]
                .1
                .contains(r#""notice":"follow_up_question","id":1"#)
                && sent[0].0 == Some(500),
            "{sent:?}"
        );
        assert_eq!(db.scheduler_pass(T0 + 12).await.unwrap().follow_ups, 0);
        assert_eq!(
            db.follow_up_answer(1, 501, true, rules, T0 + 20)
                .await
                .unwrap(),
            WorkOutcome::NotYours
        );
        assert!(matches!(
            db.follow_up_answer(1, 500, true, rules, T0 + 20)
                .await
                .unwrap(),
            WorkOutcome::Done(_)
        ));
        assert_eq!(
            db.follow_up_answer(1, 500, false, rules, T0 + 30)
                .await
                .unwrap(),
            WorkOutcome::AlreadyAnswered
        );
        let state: String = db
            .call(|c| {
                Ok(
                    c.query_row("SELECT work_state FROM reports WHERE id = 1", [], |r| {
                        r.get(0)
                    })?,
                )
            })
            .await
            .unwrap();
        assert_eq!(state, "fixed");
    }
}
