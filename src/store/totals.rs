//! The running totals behind `/stats`, `/open` and the digest: `report_days`, `work_totals`,
//! `due_days` and `work_times` (migration 10), kept by triggers on `reports` in the same
//! transaction as every change. The reads here sum a few rows per day of their window, so
//! they answer as fast with a million reports as with ten, and exactly what counting the
//! reports would answer.
//!
//! Windows are whole UTC days: "the last 30 days" is today and the 29 days before it, like
//! the last 7 days of `/stats`.

use rusqlite::Connection;

use crate::domain::Severity;
use crate::domain::crew_texts::BySeverity;
use crate::domain::texts::ReportCounts;

pub(crate) const DAY: i64 = 86_400;

/// The UTC day number of a unix time (as the triggers compute it).
pub(crate) fn day_of(unix: i64) -> i64 {
    unix.div_euclid(DAY)
}

/// SQL of the reads, shared with their plan tests.
pub(crate) mod sql {
    pub const OPEN_BY_STATE: &str = "SELECT work_state, SUM(n) FROM work_totals
          WHERE work_state IN ('open', 'acknowledged', 'made_safe') GROUP BY work_state";
    pub const OPEN_BY_SEVERITY: &str = "SELECT severity, SUM(n) FROM work_totals
          WHERE work_state IN ('open', 'acknowledged', 'made_safe') GROUP BY severity";
    /// Deadlines that fell due before day ?1.
    pub const DUE_BEFORE_DAY: &str =
        "SELECT severity, SUM(n) FROM due_days WHERE day < ?1 GROUP BY severity";
    /// Deadlines of today (from ?1, its 00:00 UTC) that fell due by now (?2).
    pub const DUE_TODAY: &str = "SELECT severity, COUNT(*) FROM reports INDEXED BY reports_due
          WHERE due_unix >= ?1 AND due_unix <= ?2 GROUP BY severity";
    pub const CLOSED_SINCE_DAY: &str = "SELECT work_state, SUM(n) FROM report_days
          WHERE day >= ?1 AND work_state IN ('fixed', 'rejected', 'duplicate')
          GROUP BY work_state";
    pub const TIMES: &str = "SELECT bucket, SUM(n) FROM work_times
          WHERE kind = ?1 AND day >= ?2 GROUP BY bucket ORDER BY bucket";
    pub const COUNTS_SINCE_DAY: &str = "SELECT COALESCE(SUM(n), 0),
                COALESCE(SUM(n) FILTER (WHERE severity = 'severe'), 0),
                COALESCE(SUM(n) FILTER (WHERE severity = 'moderate'), 0),
                COALESCE(SUM(n) FILTER (WHERE severity = 'minor'), 0),
                COALESCE(SUM(n) FILTER (WHERE severity = 'not_pothole'), 0),
                COALESCE(SUM(n) FILTER (WHERE severity = 'unclear'), 0),
                COALESCE(SUM(n) FILTER (WHERE status = 'received'), 0),
                COALESCE(SUM(n) FILTER (WHERE status = 'failed'), 0),
                COALESCE(SUM(n) FILTER (WHERE work_state = 'fixed'), 0),
                COALESCE(SUM(n) FILTER (WHERE work_state = 'rejected'), 0)
           FROM report_days WHERE day >= ?1";
}

/// Open potholes now: (open, acknowledged, made safe).
pub(crate) fn open_by_state(conn: &Connection) -> rusqlite::Result<(i64, i64, i64)> {
    let mut out = (0, 0, 0);
    let mut stmt = conn.prepare_cached(sql::OPEN_BY_STATE)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let n: i64 = r.get(1)?;
        match r.get::<_, String>(0)?.as_str() {
            "open" => out.0 = n,
            "acknowledged" => out.1 = n,
            "made_safe" => out.2 = n,
            _ => {}
        }
    }
    Ok(out)
}

fn add_by_severity(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    out: &mut BySeverity,
) -> rusqlite::Result<i64> {
    let mut all = 0;
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(params)?;
    while let Some(r) = rows.next()? {
        let n: i64 = r.get(1)?;
        all += n;
        if let Some(s) = r
            .get::<_, Option<String>>(0)?
            .and_then(|s| s.parse::<Severity>().ok())
        {
            out.add(s, n);
        }
    }
    Ok(all)
}

/// Open potholes now, by severity.
pub(crate) fn open_by_severity(conn: &Connection) -> rusqlite::Result<BySeverity> {
    let mut out = BySeverity::default();
    add_by_severity(conn, sql::OPEN_BY_SEVERITY, [], &mut out)?;
    Ok(out)
}

/// Pending deadlines passed at `now_unix` (`due_unix <= now`): by severity, and in all.
pub(crate) fn overdue(conn: &Connection, now_unix: i64) -> rusqlite::Result<(BySeverity, i64)> {
    let today = day_of(now_unix);
    let mut out = BySeverity::default();
    let before = add_by_severity(conn, sql::DUE_BEFORE_DAY, [today], &mut out)?;
    let since_midnight = add_by_severity(conn, sql::DUE_TODAY, [today * DAY, now_unix], &mut out)?;
    Ok((out, before + since_midnight))
}

/// Potholes reported since the start of UTC day `day` and closed now: (fixed, rejected,
/// duplicate).
pub(crate) fn closed_since_day(conn: &Connection, day: i64) -> rusqlite::Result<(i64, i64, i64)> {
    let mut out = (0, 0, 0);
    let mut stmt = conn.prepare_cached(sql::CLOSED_SINCE_DAY)?;
    let mut rows = stmt.query([day])?;
    while let Some(r) = rows.next()? {
        let n: i64 = r.get(1)?;
        match r.get::<_, String>(0)?.as_str() {
            "fixed" => out.0 = n,
            "rejected" => out.1 = n,
            "duplicate" => out.2 = n,
            _ => {}
        }
    }
    Ok(out)
}

/// Which time a median is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Took {
    /// From opened to "On it".
    Acknowledge,
    /// From opened to "Fixed".
    Fix,
}

/// The median time from opened to "On it" (or to "Fixed") of those since the start of UTC
/// day `day`, rounded down to what people are shown (`clock::age_floor`): the time of rank
/// n/2 among the n, from the counts per rounded time.
pub(crate) fn median(conn: &Connection, took: Took, day: i64) -> rusqlite::Result<Option<i64>> {
    let kind = match took {
        Took::Acknowledge => "ack",
        Took::Fix => "fix",
    };
    let buckets: Vec<(i64, i64)> = conn
        .prepare_cached(sql::TIMES)?
        .query_map((kind, day), |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let total: i64 = buckets.iter().map(|b| b.1).sum();
    if total <= 0 {
        return Ok(None);
    }
    let rank = total / 2;
    let mut below = 0;
    for (bucket, n) in buckets {
        below += n;
        if below > rank {
            return Ok(Some(bucket));
        }
    }
    Ok(None)
}

/// Reports created since the start of UTC day `day`, by grade and state.
pub(crate) fn report_counts(conn: &Connection, day: i64) -> rusqlite::Result<ReportCounts> {
    conn.prepare_cached(sql::COUNTS_SINCE_DAY)?
        .query_row([day], |r| {
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

#[cfg(test)]
pub(crate) mod check {
    //! The test oracle: each total against a count of the reports themselves.

    use rusqlite::Connection;

    fn rows(conn: &Connection, sql: &str) -> Vec<String> {
        let mut stmt = conn.prepare(sql).unwrap();
        let n = stmt.column_count();
        stmt.query_map([], |r| {
            Ok((0..n)
                .map(|i| match r.get_ref(i).unwrap() {
                    rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                    v => format!("{v:?}"),
                })
                .collect::<Vec<_>>()
                .join("|"))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    }

    /// Panics naming the first total that differs from a full recount of `reports`.
    pub(crate) fn totals_match_a_recount(conn: &Connection) {
        let bucket = |t: &str| {
            format!(
                "CASE WHEN {t} - opened_unix < 3600 THEN MAX({t} - opened_unix, 0) / 60 * 60
                      WHEN {t} - opened_unix < 172800 THEN ({t} - opened_unix) / 3600 * 3600
                      ELSE ({t} - opened_unix) / 86400 * 86400 END"
            )
        };
        for (name, kept, counted) in [
            (
                "report_days",
                "SELECT day, severity, status, work_state, n FROM report_days WHERE n != 0
                  ORDER BY 1, 2, 3, 4"
                    .to_owned(),
                "SELECT created_unix / 86400, COALESCE(severity, ''), status,
                        COALESCE(work_state, ''), COUNT(*)
                   FROM reports GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"
                    .to_owned(),
            ),
            (
                "work_totals",
                "SELECT work_state, severity, n FROM work_totals WHERE n != 0 ORDER BY 1, 2"
                    .to_owned(),
                "SELECT work_state, severity, COUNT(*) FROM reports
                  WHERE work_state IS NOT NULL AND severity IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2"
                    .to_owned(),
            ),
            (
                "due_days",
                "SELECT day, severity, n FROM due_days WHERE n != 0 ORDER BY 1, 2".to_owned(),
                "SELECT due_unix / 86400, COALESCE(severity, ''), COUNT(*) FROM reports
                  WHERE due_unix IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2"
                    .to_owned(),
            ),
            (
                "work_times",
                "SELECT kind, day, bucket, n FROM work_times WHERE n != 0 ORDER BY 1, 2, 3"
                    .to_owned(),
                format!(
                    "SELECT 'ack', acknowledged_unix / 86400, {}, COUNT(*) FROM reports
                      WHERE acknowledged_unix IS NOT NULL AND opened_unix IS NOT NULL
                      GROUP BY 1, 2, 3
                     UNION ALL
                     SELECT 'fix', fixed_unix / 86400, {}, COUNT(*) FROM reports
                      WHERE fixed_unix IS NOT NULL AND opened_unix IS NOT NULL GROUP BY 1, 2, 3
                     ORDER BY 1, 2, 3",
                    bucket("acknowledged_unix"),
                    bucket("fixed_unix")
                ),
            ),
        ] {
            assert_eq!(rows(conn, &kept), rows(conn, &counted), "{name}");
        }
        let negative: i64 = conn
            .query_row(
                "SELECT (SELECT COUNT(*) FROM report_days WHERE n < 0)
                      + (SELECT COUNT(*) FROM work_totals WHERE n < 0)
                      + (SELECT COUNT(*) FROM due_days WHERE n < 0)
                      + (SELECT COUNT(*) FROM work_times WHERE n < 0)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(negative, 0, "a total below zero");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_read_of_the_totals_seeks_its_key() {
        let mut conn = Connection::open_in_memory().unwrap();
        super::super::migrations::apply(&mut conn).unwrap();
        for (q, index) in [
            (sql::OPEN_BY_STATE, "work_totals USING PRIMARY KEY"),
            (sql::OPEN_BY_SEVERITY, "work_totals USING PRIMARY KEY"),
            (sql::DUE_BEFORE_DAY, "due_days USING PRIMARY KEY"),
            (sql::DUE_TODAY, "reports_due"),
            (sql::CLOSED_SINCE_DAY, "report_days USING PRIMARY KEY"),
            (sql::TIMES, "work_times USING PRIMARY KEY"),
            (sql::COUNTS_SINCE_DAY, "report_days USING PRIMARY KEY"),
        ] {
            super::super::crew::plans::assert_indexed(&conn, q, index);
            let plan = super::super::crew::plans::plan(&conn, q);
            assert!(
                !plan.iter().any(|l| l.starts_with("SCAN ")),
                "a scan in\n{q}\n{plan:#?}"
            );
        }
    }

    #[test]
    fn the_triggers_find_their_total_by_its_key() {
        let mut conn = Connection::open_in_memory().unwrap();
        super::super::migrations::apply(&mut conn).unwrap();
        // The statements of the triggers, with OLD and NEW values as parameters.
        for (q, table) in [
            (
                "UPDATE report_days SET n = n - 1
                  WHERE day = ?1 AND severity = ?2 AND status = ?3 AND work_state = ?4",
                "report_days",
            ),
            (
                "UPDATE work_totals SET n = n - 1 WHERE work_state = ?1 AND severity = ?2",
                "work_totals",
            ),
            (
                "UPDATE due_days SET n = n - 1 WHERE day = ?1 AND severity = ?2",
                "due_days",
            ),
            (
                "UPDATE work_times SET n = n - 1
                  WHERE kind = 'ack' AND ?1 IS NOT NULL AND day = ?2 AND bucket = ?3",
                "work_times",
            ),
        ] {
            let plan = super::super::crew::plans::plan(&conn, q);
            assert_eq!(
                plan,
                [format!(
                    "SEARCH {table} USING PRIMARY KEY ({})",
                    match table {
                        "report_days" => "day=? AND severity=? AND status=? AND work_state=?",
                        "work_totals" => "work_state=? AND severity=?",
                        "due_days" => "day=? AND severity=?",
                        _ => "kind=? AND day=? AND bucket=?",
                    }
                )],
                "{q}"
            );
        }
    }

    #[test]
    fn the_rounding_in_sql_is_the_rounding_people_see() {
        let conn = Connection::open_in_memory().unwrap();
        for d in (-100..4000)
            .chain((3000..200_000).step_by(37))
            .chain((0..40_000_000).step_by(77_777))
        {
            let sql: i64 = conn
                .query_row(
                    "SELECT CASE WHEN ?1 < 3600 THEN MAX(?1, 0) / 60 * 60
                                 WHEN ?1 < 172800 THEN ?1 / 3600 * 3600
                                 ELSE ?1 / 86400 * 86400 END",
                    [d],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(sql, crate::domain::clock::age_floor(d), "{d}");
        }
    }
}
