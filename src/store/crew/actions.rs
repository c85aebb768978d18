//! A work-state change and everything it implies: the columns, its event, the alert's
//! re-render and the citizens' notices, in the transaction of the change. A change by a
//! button, a staff command or a citizen goes through `apply`; the follow-up's "No" changes no
//! state: it is recorded, and the staff chat is told while the pothole is open.

use rusqlite::{Connection, OptionalExtension, named_params};

use super::super::outbox::{Destination, Outgoing, enqueue};
use super::super::{Db, StoreError, event};
use super::{LoopRules, Origin, Row, WorkOutcome, load, utc};
use crate::domain::Notice;
use crate::domain::work::{self, Actor, Transition, WorkAction, WorkState};

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
pub(super) fn joined(tx: &Connection, original: i64, dup: i64) -> rusqlite::Result<()> {
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

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::super::plans;
    use super::*;
    use crate::domain::work::{Refusal, RejectReason};

    #[test]
    fn the_citizens_and_alert_lookups_use_their_indexes() {
        let conn = plans::migrated();
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
