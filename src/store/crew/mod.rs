//! The crews' loop in the database: a work-state change, its event and every message it
//! implies in one transaction; nearby duplicates; the scheduler's queues (overdue reminders,
//! follow-up questions, the digest); and what `/open`, `/report` and `/stats` read.
//!
//! The rules themselves are `domain::work`; these files only load the facts they need, apply
//! the answer, and queue the notices. This file holds what they share: where an action came
//! from, what became of it, and the row the rules decide on.

mod actions;
mod duplicates;
#[cfg(test)]
mod fixtures;
#[cfg(test)]
pub(crate) mod plans;
mod reads;
mod schedule;

use chrono::{DateTime, TimeZone, Utc};
use rusqlite::{Connection, OptionalExtension};

use crate::domain::Severity;
pub use crate::domain::work::LoopRules;
use crate::domain::work::{Refusal, Transition, WorkState, WorkStatus};
pub use duplicates::Located;
pub(crate) use duplicates::check_duplicate;
pub use reads::{ReportDetail, STATS_DAYS};
pub use schedule::{DIGEST_DAY, SchedulerPass};

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
