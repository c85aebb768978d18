//! The scheduler: the crews' loop's timed work. Overdue reminders (one per pothole, as a
//! reply to its alert), the citizens' follow-up question, and the daily digest at `DIGEST_AT`
//! in `TIMEZONE`.
//!
//! All its state is in SQLite: a reminder or question is queued in the same transaction that
//! clears its due time, and the digest's local date is recorded with it, so nothing is lost or
//! sent twice across a restart, and nothing fires for work closed meanwhile (closing clears
//! the due times). The stage sleeps until the next due time, or until woken by new work.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use tokio_util::sync::CancellationToken;

use crate::config::CrewSettings;
use crate::domain::{Notice, clock};
use crate::store::crew::DIGEST_DAY;
use crate::store::{Db, now_unix};

/// Longest sleep between passes (a safety net; due times wake it sooner).
const MAX_SLEEP: Duration = Duration::from_secs(3600);

pub struct Scheduler {
    pub db: Db,
    pub crews: CrewSettings,
}

impl Scheduler {
    pub async fn run(self: Arc<Self>, stop: CancellationToken) {
        loop {
            let sleep = match self.pass().await {
                Ok(sleep) => sleep,
                Err(e) => {
                    tracing::error!("scheduler pass failed: {e:#}");
                    Duration::from_secs(30)
                }
            };
            tokio::select! {
                _ = stop.cancelled() => return,
                _ = self.db.new_due_times().notified() => {}
                _ = tokio::time::sleep(sleep) => {}
            }
        }
    }

    /// One pass: queues what is due, and returns how long to sleep.
    async fn pass(&self) -> anyhow::Result<Duration> {
        let now = now_unix();
        let pass = self.db.scheduler_pass(now).await?;
        if pass.reminders + pass.follow_ups > 0 {
            tracing::info!(
                reminders = pass.reminders,
                follow_ups = pass.follow_ups,
                "scheduler queued"
            );
        }
        let mut next = pass.next_unix;
        if let Some(at) = self.crews.digest_at {
            let tz = self.crews.timezone;
            let last = self
                .db
                .setting(DIGEST_DAY)
                .await?
                .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
            let now_utc = DateTime::<Utc>::from_timestamp(now, 0).unwrap_or_default();
            let (day, due) = clock::next_daily(now_utc, at, tz, last);
            if due <= now_utc {
                let digest = self.db.digest(now).await?;
                let notice = Notice::Digest {
                    digest,
                    at: now_utc,
                    timezone: tz.name().to_owned(),
                };
                if self.db.queue_digest(day.to_string(), notice).await? {
                    tracing::info!(%day, "digest queued");
                }
                let (_, due) = clock::next_daily(now_utc, at, tz, Some(day));
                next = Some(next.map_or(due.timestamp(), |n| n.min(due.timestamp())));
            } else {
                next = Some(next.map_or(due.timestamp(), |n| n.min(due.timestamp())));
            }
        }
        let sleep = next.map_or(MAX_SLEEP, |n| {
            Duration::from_secs((n - now).clamp(0, MAX_SLEEP.as_secs() as i64) as u64)
        });
        // Due times are whole seconds: wake just after, not just before.
        Ok(sleep.max(Duration::from_millis(200)) + Duration::from_millis(50))
    }
}
