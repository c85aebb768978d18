//! The scheduler's side of the loop: the pass that queues the overdue reminders and follow-up
//! questions due, the digest's facts and its once-a-day queueing.

use rusqlite::{Connection, OptionalExtension};

use super::super::outbox::{Destination, Outgoing, enqueue};
use super::super::totals;
use super::super::{Db, StoreError, event};
use super::load;
use super::reads::open_line;
use crate::domain::Notice;
use crate::domain::crew_texts::{BySeverity, Digest};

/// SQL of the scheduler's reads, shared with their plan tests.
mod sql {
    // INDEXED BY: the planner, without statistics, prefers the state index and sorts.
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

/// What the scheduler did in one pass.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SchedulerPass {
    pub reminders: usize,
    pub follow_ups: usize,
    /// When the next reminder or follow-up is due.
    pub next_unix: Option<i64>,
}

/// Most reminders or questions queued in one transaction.
const SCHEDULER_BATCH: i64 = 200;

impl Db {
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

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::super::{LoopRules, Origin, plans};
    use super::*;
    use crate::domain::work::WorkAction;

    #[test]
    fn every_read_of_the_scheduler_uses_an_index() {
        plans::assert_each_indexed(&[
            (sql::OVERDUE_PAGE, "reports_open_by_due"),
            (sql::NEW_BY_SEVERITY, "reports_by_created"),
            (sql::REMINDERS_DUE, "reports_remind"),
            (sql::FOLLOW_UPS_DUE, "reports_follow_up"),
            (sql::NEXT_REMINDER, "reports_remind"),
            (sql::NEXT_FOLLOW_UP, "reports_follow_up"),
        ]);
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
}
