//! The public read side of `reports`: graded potholes as [`PublicReport`]s, for the map,
//! GeoJSON, Open311 and exports. The SELECT below names only public columns; nothing here
//! reads a chat id, a user id, a name or a caption.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Row, ToSql};

use super::StoreError;
use super::reader::Reader;
use crate::domain::public::{PublicReport, WorkState};
use crate::domain::{GeoPoint, Severity};

/// Which reports a public query wants. `Default` is every graded pothole, newest first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PublicQuery {
    /// Exactly these report numbers (overrides nothing else; combine as needed).
    pub ids: Option<Vec<i64>>,
    /// Reported at or after this time.
    pub since_unix: Option<i64>,
    /// Reported at or before this time.
    pub until_unix: Option<i64>,
    /// Only these work states (`None`: all).
    pub states: Option<Vec<WorkState>>,
    /// Only reports with a location.
    pub located_only: bool,
    pub limit: Option<u32>,
    /// Oldest first instead of newest first (exports and GeoJSON stream in report order).
    pub oldest_first: bool,
    /// Only reports made or changed after this [`PublicVersion`] (the map's polls), in id
    /// order: a lookup of the few newer events, not a scan.
    pub changed_after: Option<PublicVersion>,
}

/// How far the public data has come: the newest report and the newest event. Every change
/// to a report adds an `events` row, so two equal versions mean "nothing new", and the
/// reports changed since a version are those with a newer event (or a newer id).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PublicVersion {
    pub report: i64,
    pub event: i64,
}

impl std::fmt::Display for PublicVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.report, self.event)
    }
}

impl std::str::FromStr for PublicVersion {
    type Err = String;

    /// `report.event`, as [`Display`](std::fmt::Display) writes it.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("{s:?} is not a version like 1200.5400");
        let (report, event) = s.split_once('.').ok_or_else(bad)?;
        Ok(PublicVersion {
            report: report.parse().map_err(|_| bad())?,
            event: event.parse().map_err(|_| bad())?,
        })
    }
}

/// Reports by severity and work state, and the outbox, for `/metrics`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PublicCounts {
    pub by_severity_and_state: Vec<(Severity, WorkState, u64)>,
    pub outbox_pending: u64,
    pub spent_today_usd: f64,
}

/// Something that takes reports one by one from [`Reader::scan_public`]. It runs on a
/// blocking thread, so it may block (a bounded channel's `blocking_send`).
pub trait Visit: Send + 'static {
    /// Takes one report; `false` stops the scan (the client went away).
    fn visit(&mut self, report: PublicReport) -> bool;
}

/// The work state of a row (the crews' loop keeps it in `reports.work_state`), as a filter.
/// The unary `+` keeps SQLite on the `reports_public` index (date order, no sort) instead of
/// the crews' `work_state` index, which would sort every matching row.
const WORK_STATE: &str = "+r.work_state";

/// A pothole: the partial index `reports_public` covers exactly this condition.
const IS_POTHOLE: &str = "r.severity IN ('minor', 'moderate', 'severe')";

/// Named SQL parameters built with the statement.
type Params = Vec<(&'static str, Box<dyn ToSql>)>;

fn select(query: &PublicQuery) -> (String, Params) {
    let mut sql = format!(
        "SELECT r.id, r.severity, r.work_state, r.latitude, r.longitude, r.reason, r.created_at,
                (SELECT max(e.at) FROM events e WHERE e.report_id = r.id), r.duplicate_of
           FROM reports r
          WHERE {IS_POTHOLE}"
    );
    let mut params: Params = Vec::new();
    if let Some(ids) = &query.ids {
        sql.push_str(" AND r.id IN (SELECT value FROM json_each(:ids))");
        params.push((
            ":ids",
            Box::new(serde_json::to_string(ids).unwrap_or_default()),
        ));
    }
    if let Some(since) = query.since_unix {
        sql.push_str(" AND r.created_unix >= :since");
        params.push((":since", Box::new(since)));
    }
    if let Some(until) = query.until_unix {
        sql.push_str(" AND r.created_unix <= :until");
        params.push((":until", Box::new(until)));
    }
    if let Some(states) = &query.states {
        let words: Vec<&str> = states.iter().map(|w| w.as_str()).collect();
        sql.push_str(&format!(
            " AND ({WORK_STATE}) IN (SELECT value FROM json_each(:states))"
        ));
        params.push((
            ":states",
            Box::new(serde_json::to_string(&words).unwrap_or_default()),
        ));
    }
    if query.located_only {
        sql.push_str(" AND r.latitude IS NOT NULL AND r.longitude IS NOT NULL");
    }
    let dir = if query.oldest_first { "ASC" } else { "DESC" };
    if let Some(v) = query.changed_after {
        // Both halves are rowid ranges; the ids come out of the IN set in order, so there
        // is no sort either.
        sql.push_str(
            " AND r.id IN (SELECT e.report_id FROM events e WHERE e.id > :event
                           UNION ALL SELECT n.id FROM reports n WHERE n.id > :report)",
        );
        params.push((":event", Box::new(v.event)));
        params.push((":report", Box::new(v.report)));
        sql.push_str(&format!(" ORDER BY r.id {dir}"));
    } else {
        sql.push_str(&format!(" ORDER BY r.created_unix {dir}, r.id {dir}"));
    }
    if let Some(limit) = query.limit {
        sql.push_str(" LIMIT :limit");
        params.push((":limit", Box::new(limit)));
    }
    (sql, params)
}

fn time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

fn public_row(row: &Row<'_>) -> rusqlite::Result<Option<PublicReport>> {
    let severity: Option<Severity> = row.get::<_, String>(1)?.parse().ok();
    let work_state: Option<WorkState> = row
        .get::<_, Option<String>>(2)?
        .and_then(|s| s.parse().ok());
    let (Some(severity), Some(work_state)) = (severity, work_state) else {
        return Ok(None);
    };
    let lat: Option<f64> = row.get(3)?;
    let lon: Option<f64> = row.get(4)?;
    let created: String = row.get(6)?;
    let Some(requested_at) = time(&created) else {
        return Ok(None);
    };
    let updated: Option<String> = row.get(7)?;
    let updated_at = updated
        .as_deref()
        .and_then(time)
        .unwrap_or(requested_at)
        .max(requested_at);
    Ok(Some(PublicReport {
        id: row.get(0)?,
        severity,
        work_state,
        duplicate_of: row.get(8)?,
        location: lat
            .zip(lon)
            .and_then(|(lat, lon)| GeoPoint::parse(lat, lon)),
        reason: row.get(5)?,
        requested_at,
        updated_at,
    }))
}

/// Runs `query` and hands each report to `each` until it returns `false`.
fn scan(
    conn: &Connection,
    query: &PublicQuery,
    mut each: impl FnMut(PublicReport) -> bool,
) -> Result<(), StoreError> {
    let (sql, params) = select(query);
    let mut stmt = conn.prepare_cached(&sql)?;
    let named: Vec<(&str, &dyn ToSql)> = params.iter().map(|(k, v)| (*k, v.as_ref())).collect();
    let mut rows = stmt.query(named.as_slice())?;
    while let Some(row) = rows.next()? {
        if let Some(report) = public_row(row)?
            && !each(report)
        {
            break;
        }
    }
    Ok(())
}

impl Reader {
    /// The reports `query` selects, collected (bounded by its `limit`).
    pub async fn public_reports(
        &self,
        query: PublicQuery,
    ) -> Result<Vec<PublicReport>, StoreError> {
        self.read(move |conn| {
            let mut out = Vec::new();
            scan(conn, &query, |r| {
                out.push(r);
                true
            })?;
            Ok(out)
        })
        .await
    }

    /// Streams the reports `query` selects to `visitor`, on a blocking thread, without
    /// holding them all in memory, and hands the visitor back (to write its ending).
    pub async fn scan_public<V: Visit>(
        &self,
        query: PublicQuery,
        mut visitor: V,
    ) -> Result<V, StoreError> {
        self.read(move |conn| {
            scan(conn, &query, |r| visitor.visit(r))?;
            Ok(visitor)
        })
        .await
    }

    /// A number that changes whenever a public answer may change: every change to a report
    /// adds an `events` row, so the newest report and event ids together say "nothing new".
    pub async fn public_version(&self) -> Result<PublicVersion, StoreError> {
        self.read(|conn| {
            Ok(conn
                .prepare_cached(
                    "SELECT COALESCE((SELECT max(id) FROM reports), 0),
                            COALESCE((SELECT max(id) FROM events), 0)",
                )?
                .query_row([], |r| {
                    Ok(PublicVersion {
                        report: r.get(0)?,
                        event: r.get(1)?,
                    })
                })?)
        })
        .await
    }

    /// Counts for `/metrics`. `day_start_unix` is the start of today (UTC).
    pub async fn public_counts(&self, day_start_unix: i64) -> Result<PublicCounts, StoreError> {
        self.read(move |conn| {
            let mut counts = PublicCounts::default();
            // The running totals (kept by triggers; at most 18 rows), not a count of the
            // reports; the day's spend from its running total too.
            let mut stmt = conn.prepare_cached(
                "SELECT severity, work_state, SUM(n) FROM work_totals
                  WHERE severity IN ('minor', 'moderate', 'severe') GROUP BY 1, 2",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let severity = row.get::<_, String>(0)?.parse::<Severity>().ok();
                let state = row.get::<_, String>(1)?.parse::<WorkState>().ok();
                if let (Some(s), Some(w)) = (severity, state) {
                    counts
                        .by_severity_and_state
                        .push((s, w, row.get::<_, i64>(2)? as u64));
                }
            }
            counts.outbox_pending = conn
                .prepare_cached("SELECT count(*) FROM outbox WHERE status = 'pending'")?
                .query_row([], |r| r.get::<_, i64>(0))? as u64;
            counts.spent_today_usd = super::spend::since(conn, day_start_unix)?;
            Ok(counts)
        })
        .await
    }

    /// The Telegram file id of a graded pothole's photo, for `/photos/{id}.jpg` (never
    /// shown). Rejected reports have none: the crews said it is not ours to show.
    pub async fn photo_file_id(&self, id: i64) -> Result<Option<String>, StoreError> {
        self.read(move |conn| {
            use rusqlite::OptionalExtension;
            Ok(conn
                .prepare_cached(&format!(
                    "SELECT r.file_id FROM reports r
                      WHERE r.id = ?1 AND {IS_POTHOLE} AND ({WORK_STATE}) != 'rejected'"
                ))?
                .query_row([id], |r| r.get(0))
                .optional()?)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(conn: &Connection, query: &PublicQuery) -> String {
        let (sql, params) = select(query);
        let named: Vec<(&str, &dyn ToSql)> = params.iter().map(|(k, v)| (*k, v.as_ref())).collect();
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let rows = stmt
            .query_map(named.as_slice(), |r| r.get::<_, String>(3))
            .unwrap();
        rows.map(Result::unwrap).collect::<Vec<_>>().join("\n")
    }

    fn migrated() -> (tempfile::TempDir, Connection) {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = Connection::open(dir.path().join("t.db")).unwrap();
        super::super::migrations::apply(&mut conn).unwrap();
        (dir, conn)
    }

    #[test]
    fn date_windows_use_the_public_index_and_never_sort() {
        let (_dir, conn) = migrated();
        let window = PublicQuery {
            since_unix: Some(0),
            until_unix: Some(10),
            states: Some(vec![WorkState::Open]),
            limit: Some(1000),
            ..PublicQuery::default()
        };
        for q in [window.clone(), PublicQuery::default()] {
            for oldest_first in [false, true] {
                let q = PublicQuery {
                    oldest_first,
                    ..q.clone()
                };
                let plan = plan(&conn, &q);
                assert!(plan.contains("USING INDEX reports_public"), "{plan}");
                assert!(!plan.contains("TEMP B-TREE"), "{plan}");
            }
        }
        let ids = PublicQuery {
            ids: Some(vec![1, 2]),
            ..PublicQuery::default()
        };
        let plan = plan(&conn, &ids);
        assert!(!plan.contains("SCAN r"), "{plan}");
        let changes = PublicQuery {
            changed_after: Some(PublicVersion {
                report: 10,
                event: 20,
            }),
            located_only: true,
            oldest_first: true,
            ..PublicQuery::default()
        };
        let changes = self::plan(&conn, &changes);
        assert!(!changes.contains("SCAN r"), "{changes}");
        assert!(!changes.contains("SCAN e"), "{changes}");
        assert!(!changes.contains("SCAN n"), "{changes}");
        let events = plan;
        assert!(
            events.contains("events_by_report") || events.contains("USING INTEGER PRIMARY KEY"),
            "{events}"
        );
    }
}
