//! What the crews do from the staff chat: close a report with the buttons under its alert,
//! and read `/stats`. Each change is one transaction with its event and the citizen's notice.

use rusqlite::{Connection, OptionalExtension};

use super::outbox::{Destination, Outgoing, enqueue};
use super::{Db, StoreError, event, spend};
use crate::domain::texts::{ReportCounts, StaffStats};
use crate::domain::{Notice, StaffAction, Status};

/// Who pressed a button, and under which message.
#[derive(Debug, Clone)]
pub struct ButtonPress {
    pub report_id: i64,
    pub action: StaffAction,
    /// The staff chat message the button was under; must be the report's alert.
    pub message_id: i32,
    pub user_id: i64,
}

/// What became of a button press.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionOutcome {
    /// The report is closed now, and the citizen's notice is queued.
    Done,
    /// Closed before (a second press, or the other button): nothing changed.
    AlreadyClosed(Status),
    /// No such report, or the button is not under that report's alert (replayed or forged
    /// callback data): nothing changed.
    NotThisAlert,
}

impl Db {
    /// Closes a report from a button under its alert: status, a `staff` event with the
    /// presser's user id, and the citizen's notice — or nothing, if the press does not match.
    pub async fn staff_action(&self, press: ButtonPress) -> Result<ActionOutcome, StoreError> {
        self.call(move |conn| {
            let tx = conn.transaction()?;
            let outcome = close(&tx, &press)?;
            tx.commit()?;
            Ok(outcome)
        })
        .await
    }

    /// Counts for `/stats`: since 00:00 UTC (`day_start_unix`), and the last 7 days.
    pub async fn staff_stats(&self, day_start_unix: i64) -> Result<StaffStats, StoreError> {
        self.call(move |conn| {
            // The last 7 days are today and the six UTC days before it, for the counts as
            // for the cost (kept per day).
            let week_start = day_start_unix - 6 * 86_400;
            Ok(StaffStats {
                today: counts(conn, day_start_unix)?,
                week: counts(conn, week_start)?,
                cost_today_usd: spend::since(conn, day_start_unix)?,
                cost_week_usd: spend::since(conn, week_start)?,
            })
        })
        .await
    }
}

fn close(tx: &Connection, press: &ButtonPress) -> rusqlite::Result<ActionOutcome> {
    let row: Option<(i64, String, Option<i32>)> = tx
        .query_row(
            "SELECT chat_id, CASE work_state WHEN 'fixed' THEN 'fixed' WHEN 'rejected' THEN 'rejected'
                    ELSE status END, alert_message_id FROM reports WHERE id = ?1",
            [press.report_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((chat_id, status, alert)) = row else {
        return Ok(ActionOutcome::NotThisAlert);
    };
    if alert != Some(press.message_id) {
        return Ok(ActionOutcome::NotThisAlert);
    }
    let status: Status = status.parse().unwrap_or(Status::Received);
    if status.is_closed() {
        return Ok(ActionOutcome::AlreadyClosed(status));
    }
    let new = press.action.status();
    tx.prepare_cached(
        "UPDATE reports SET work_state = ?2, work_changed_unix = unixepoch(), work_actor = 'staff',
                due_unix = NULL, remind_unix = NULL, follow_up_unix = NULL,
                fixed_unix = CASE ?2 WHEN 'fixed' THEN unixepoch() END
          WHERE id = ?1",
    )?
    .execute((press.report_id, new.as_str()))?;
    let detail = format!(r#"{{"user_id":{}}}"#, press.user_id);
    event(
        tx,
        Some(press.report_id),
        "staff",
        new.as_str(),
        Some(&detail),
    )?;
    let notice = Notice::ReportClosed {
        id: press.report_id,
        action: press.action,
    };
    enqueue(
        tx,
        Some(press.report_id),
        Destination::Chat(chat_id),
        &Outgoing::notice(notice),
    )?;
    Ok(ActionOutcome::Done)
}

fn counts(conn: &Connection, since_unix: i64) -> rusqlite::Result<ReportCounts> {
    conn.prepare_cached(
        "SELECT COUNT(*),
                COUNT(*) FILTER (WHERE severity = 'severe'),
                COUNT(*) FILTER (WHERE severity = 'moderate'),
                COUNT(*) FILTER (WHERE severity = 'minor'),
                COUNT(*) FILTER (WHERE severity = 'not_pothole'),
                COUNT(*) FILTER (WHERE severity = 'unclear'),
                COUNT(*) FILTER (WHERE status = 'received'),
                COUNT(*) FILTER (WHERE status = 'failed'),
                COUNT(*) FILTER (WHERE work_state = 'fixed'),
                COUNT(*) FILTER (WHERE work_state = 'rejected')
           FROM reports WHERE created_unix >= ?1",
    )?
    .query_row([since_unix], |r| {
        Ok(ReportCounts {
            total: r.get(0)?,
            severe: r.get(1)?,
            moderate: r.get(2)?,
            minor: r.get(3)?,
            not_pothole: r.get(4)?,
            unclear: r.get(5)?,
            waiting: r.get(6)?,
            failed: r.get(7)?,
            fixed: r.get(8)?,
            rejected: r.get(9)?,
        })
    })
}
