//! The `daily_spend` table: what grading cost per UTC day, as a running total added to in the
//! transaction that stores each grade. The budget check (every grader wake) reads one row and
//! `/stats` at most seven, however many reports the database holds.

use rusqlite::Connection;

use super::{Db, StoreError};

/// Adds report `report_id`'s cost to the day of its `graded_at`, inside the caller's
/// transaction (the one that stored the grade, so a grade is counted exactly once).
pub(crate) fn add(tx: &Connection, report_id: i64) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO daily_spend (day, cost_usd)
         SELECT substr(graded_at, 1, 10), cost_usd FROM reports
          WHERE id = ?1 AND graded_at IS NOT NULL AND cost_usd IS NOT NULL
         ON CONFLICT (day) DO UPDATE SET cost_usd = cost_usd + excluded.cost_usd",
    )?
    .execute([report_id])?;
    Ok(())
}

/// Dollars spent from the start of the UTC day that holds `since_unix` until now.
pub(crate) fn since(conn: &Connection, since_unix: i64) -> rusqlite::Result<f64> {
    conn.prepare_cached(
        "SELECT COALESCE(SUM(cost_usd), 0) FROM daily_spend
          WHERE day >= strftime('%Y-%m-%d', ?1, 'unixepoch')",
    )?
    .query_row([since_unix], |r| r.get(0))
}

impl Db {
    /// Dollars spent on grading from the start of the UTC day that holds `since_unix`.
    pub async fn spent_since(&self, since_unix: i64) -> Result<f64, StoreError> {
        self.call(move |conn| Ok(since(conn, since_unix)?)).await
    }
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    fn report(conn: &Connection, id: i64, graded_at: Option<&str>, cost: Option<f64>) {
        conn.execute(
            "INSERT INTO reports (id, chat_id, message_id, media_kind, file_id, file_unique_id,
                    grade_file_id, graded_at, cost_usd)
             VALUES (?1, 1, ?1, 'photo', 'f', ?1, 'g', ?2, ?3)",
            (id, graded_at, cost),
        )
        .unwrap();
    }

    fn unix(day: &str) -> i64 {
        chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
            .and_utc()
            .timestamp()
    }

    #[test]
    fn the_migration_totals_existing_grades_by_day_and_new_grades_add_to_their_day() {
        let mut conn = Connection::open_in_memory().unwrap();
        // Up to version 3, with grades on two days and reports not graded.
        rusqlite_migration::Migrations::from_slice(&super::super::migrations::MIGRATIONS[..3])
            .to_latest(&mut conn)
            .unwrap();
        report(&conn, 1, Some("2026-03-01T10:00:00.000Z"), Some(0.25));
        report(&conn, 2, Some("2026-03-01T23:59:59.999Z"), Some(0.5));
        report(&conn, 3, Some("2026-03-02T00:00:00.000Z"), Some(1.0));
        report(&conn, 4, None, None);
        super::super::migrations::apply(&mut conn).unwrap();

        assert_eq!(super::since(&conn, unix("2026-03-01")).unwrap(), 1.75);
        assert_eq!(super::since(&conn, unix("2026-03-02")).unwrap(), 1.0);
        // Any time of the day counts from its start.
        assert_eq!(super::since(&conn, unix("2026-03-02") + 3600).unwrap(), 1.0);
        assert_eq!(super::since(&conn, unix("2026-03-03")).unwrap(), 0.0);

        conn.execute(
            "UPDATE reports SET graded_at = '2026-03-02T08:00:00.000Z', cost_usd = 2.0 WHERE id = 4",
            [],
        )
        .unwrap();
        super::add(&conn, 4).unwrap();
        // A report without a cost adds nothing.
        report(&conn, 5, None, None);
        super::add(&conn, 5).unwrap();
        assert_eq!(super::since(&conn, unix("2026-03-02")).unwrap(), 3.0);
        assert_eq!(super::since(&conn, unix("2026-03-01")).unwrap(), 3.75);
    }
}
