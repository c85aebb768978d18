//! The report counts and cost of `/stats` (the crews' work counts are in `crew`).

use rusqlite::Connection;

use super::{Db, StoreError, spend};
use crate::domain::texts::{ReportCounts, StaffStats};

impl Db {
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
