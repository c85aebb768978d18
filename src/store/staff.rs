//! The report counts and cost of `/stats` (the crews' work counts are in `crew`).

use super::{Db, StoreError, spend, totals};
use crate::domain::texts::StaffStats;

impl Db {
    /// Counts for `/stats`: since 00:00 UTC (`day_start_unix`, the start of a UTC day), and
    /// the last 7 days, from the running totals per day.
    pub async fn staff_stats(&self, day_start_unix: i64) -> Result<StaffStats, StoreError> {
        self.call(move |conn| {
            // The last 7 days are today and the six UTC days before it, for the counts as
            // for the cost (kept per day).
            let week_start = day_start_unix - 6 * 86_400;
            Ok(StaffStats {
                today: totals::report_counts(conn, totals::day_of(day_start_unix))?,
                week: totals::report_counts(conn, totals::day_of(week_start))?,
                cost_today_usd: spend::since(conn, day_start_unix)?,
                cost_week_usd: spend::since(conn, week_start)?,
            })
        })
        .await
    }
}
