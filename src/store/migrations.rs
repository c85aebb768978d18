//! The numbered SQL files in `migrations/`, embedded in the binary so it runs from any
//! working directory. `rusqlite_migration` records the applied version in `user_version`.

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

pub(super) const MIGRATIONS: &[M<'static>] = &[
    M::up(include_str!("../../migrations/0001_reports.sql")),
    // Rebuilds `reports` (new status values): foreign keys are off while it runs, and checked
    // before it commits.
    M::up(include_str!("../../migrations/0002_staff_actions.sql")).foreign_key_check(),
    M::up(include_str!("../../migrations/0003_handled_messages.sql")),
    M::up(include_str!("../../migrations/0004_daily_spend.sql")),
    // Adds columns in place; `reports.work_state` references the new `work_states` table.
    M::up(include_str!("../../migrations/0005_work_state.sql")).foreign_key_check(),
    M::up(include_str!("../../migrations/0008_grading_quality.sql")),
    M::up(include_str!("../../migrations/0007_public_reads.sql")),
    // Running totals for /stats, /open and the digest, kept by triggers; back-filled.
    M::up(include_str!("../../migrations/0010_running_totals.sql")),
    // After 0010: databases of the previous release already applied it.
    M::up(include_str!("../../migrations/0009_chats.sql")),
    // Drops the indexes nothing reads since 0010 and skips the time totals' triggers for a
    // pothole with no such time.
    M::up(include_str!("../../migrations/0011_lighter_writes.sql")),
];

/// Applies the migrations not yet applied. Foreign keys are switched off meanwhile (a table
/// rebuild drops the parent of `events` and `outbox` for a moment; SQLite's documented way),
/// and switched back on afterwards, whatever happened.
pub(super) fn apply(conn: &mut Connection) -> Result<(), rusqlite_migration::Error> {
    apply_first(conn, MIGRATIONS.len())
}

/// Applies the first `n` migrations (tests start from older versions).
fn apply_first(conn: &mut Connection, n: usize) -> Result<(), rusqlite_migration::Error> {
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let result = Migrations::from_slice(&MIGRATIONS[..n]).to_latest(conn);
    conn.pragma_update(None, "foreign_keys", "ON")?;
    result
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    #[test]
    fn migrations_are_valid() {
        rusqlite_migration::Migrations::from_slice(super::MIGRATIONS)
            .validate()
            .unwrap();
    }

    fn schema_of(conn: &Connection, kind: &str) -> Vec<String> {
        let mut stmt = conn
            .prepare(
                "SELECT name FROM sqlite_schema WHERE type = ?1 AND name NOT LIKE 'sqlite_%'
                  ORDER BY name",
            )
            .unwrap();
        stmt.query_map([kind], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    fn columns(conn: &Connection) -> Vec<(String, String, bool, Option<String>)> {
        let mut stmt = conn
            .prepare("SELECT name, type, \"notnull\", dflt_value FROM pragma_table_info('reports')")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    #[test]
    fn version_2_keeps_every_row_column_and_index_and_allows_fixed_and_rejected() {
        let dir = tempfile_dir();
        let path = dir.join("v1.db");
        let mut conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "foreign_keys", "ON").unwrap();
        rusqlite_migration::Migrations::from_slice(&super::MIGRATIONS[..1])
            .to_latest(&mut conn)
            .unwrap();
        // A version-1 database with data: reports in every status, events and outbox rows
        // pointing at them, and a gap in the ids.
        conn.execute_batch(
            "INSERT INTO reports (id, chat_id, message_id, user_id, reporter_name, media_kind,
                    file_id, file_unique_id, grade_file_id, grade_width, grade_height, mime_type,
                    media_group_id, note, latitude, longitude, located_at, status, severity,
                    confidence, depth_mm, width_mm, reason, model, prompt_version, image_detail,
                    image_bytes, prompt_tokens, completion_tokens, cost_usd, graded_at, attempts,
                    next_attempt_unix, last_error, delay_notified, alert_message_id, created_at,
                    created_unix)
             VALUES (1, 10, 100, 10, 'Ada', 'photo', 'F1', 'U1', 'G1', 800, 600, 'image/jpeg',
                    'album', 'by the gate', 52.5, 13.4, '2026-01-01T00:00:00.000Z', 'alerted',
                    'severe', 0.9, 80, 400, 'deep', 'gpt-4o-mini', 1, 'low', 1234, 2900, 40,
                    0.0005, '2026-01-01T00:00:01.000Z', 1, 0, NULL, 1, 55,
                    '2026-01-01T00:00:00.000Z', 1767225600);
             INSERT INTO reports (id, chat_id, message_id, media_kind, file_id, file_unique_id,
                    grade_file_id) VALUES (2, 11, 101, 'document', 'F2', 'U2', 'F2');
             INSERT INTO reports (id, chat_id, message_id, media_kind, file_id, file_unique_id,
                    grade_file_id, status, last_error)
             VALUES (5, 12, 102, 'photo', 'F5', 'U5', 'G5', 'failed', 'corrupt');
             INSERT INTO events (report_id, actor, kind) VALUES (1, 'citizen', 'received'),
                    (1, 'courier', 'alerted'), (2, 'citizen', 'received'), (NULL, 'system', 'x');
             INSERT INTO outbox (report_id, chat_id, kind, payload) VALUES (1, NULL, 'alert', '{}');
             INSERT INTO pending_locations VALUES (13, 1.0, 2.0, 3);
             INSERT INTO settings VALUES ('staff_chat_id', '-100');",
        )
        .unwrap();
        // The version-1 columns only: later migrations may add columns.
        let v1_columns: Vec<String> = columns(&conn).into_iter().map(|c| c.0).collect();
        let select = format!("SELECT {} FROM reports ORDER BY id", v1_columns.join(", "));
        let dump = |conn: &Connection| -> Vec<String> {
            let mut stmt = conn.prepare(&select).unwrap();
            let n = stmt.column_count();
            stmt.query_map([], |r| {
                Ok((0..n)
                    .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                    .collect::<Vec<_>>()
                    .join("|"))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect()
        };
        let before = (dump(&conn), columns(&conn), schema_of(&conn, "index"));
        drop(conn);

        let mut conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "foreign_keys", "ON").unwrap();
        super::apply_first(&mut conn, 3).unwrap();

        assert_eq!(dump(&conn), before.0, "every row and value kept");
        let after_cols = columns(&conn);
        assert_eq!(
            after_cols[..before.1.len()],
            before.1[..],
            "every column kept, same types and defaults"
        );
        let indexes = schema_of(&conn, "index");
        assert!(
            before.2.iter().all(|i| indexes.contains(i)),
            "every index kept: {indexes:?}"
        );
        let tables = schema_of(&conn, "table");
        for table in [
            "events",
            "handled_messages",
            "outbox",
            "pending_locations",
            "reports",
            "settings",
        ] {
            assert!(tables.iter().any(|t| t == table), "{table}: {tables:?}");
        }
        let fk: bool = conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert!(fk, "foreign keys are on again");
        let violations: i64 = conn
            .query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(violations, 0);
        // Children still point at the (rebuilt) reports table.
        let events_sql: String = conn
            .query_row(
                "SELECT sql FROM sqlite_schema WHERE name = 'events'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(
            events_sql.contains("REFERENCES reports (id)"),
            "{events_sql}"
        );
        // The new statuses are allowed, nonsense still is not, and STRICT still holds.
        conn.execute("UPDATE reports SET status = 'fixed' WHERE id = 1", [])
            .unwrap();
        conn.execute("UPDATE reports SET status = 'rejected' WHERE id = 2", [])
            .unwrap();
        assert!(
            conn.execute("UPDATE reports SET status = 'lost' WHERE id = 2", [])
                .is_err()
        );
        assert!(
            conn.execute("UPDATE reports SET chat_id = 'abc' WHERE id = 2", [])
                .is_err()
        );
        // A foreign key to a missing report is refused again.
        assert!(
            conn.execute(
                "INSERT INTO events (report_id, actor, kind) VALUES (99, 'x', 'y')",
                []
            )
            .is_err()
        );
        // New ids continue after the highest.
        let id: i64 = conn
            .query_row(
                "INSERT INTO reports (chat_id, message_id, media_kind, file_id, file_unique_id,
                        grade_file_id) VALUES (1, 1, 'photo', 'a', 'b', 'c') RETURNING id",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(id, 6);
        // Applying again is a no-op.
        super::apply_first(&mut conn, 3).unwrap();
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn version_5_adds_work_state_in_place_and_backfills_it_from_the_status() {
        let dir = tempfile_dir();
        let mut conn = Connection::open(dir.join("v3.db")).unwrap();
        conn.pragma_update(None, "foreign_keys", "ON").unwrap();
        super::apply_first(&mut conn, 3).unwrap();
        // Reports in every status a version-3 bot writes, closed ones with their staff events.
        conn.execute_batch(
            "INSERT INTO reports (id, chat_id, message_id, media_kind, file_id, file_unique_id,
                    grade_file_id, status, severity, graded_at, alert_message_id, created_unix)
             VALUES (1, 10, 1, 'photo', 'F', 'U1', 'G', 'alerted', 'severe',
                     '2026-01-01T00:00:00.000Z', 55, 1767225000),
                    (2, 10, 2, 'photo', 'F', 'U2', 'G', 'graded', 'moderate',
                     '2026-01-01T00:00:00.000Z', NULL, 1767225000),
                    (3, 10, 3, 'photo', 'F', 'U3', 'G', 'graded', 'minor', NULL, NULL, 1767225000),
                    (4, 10, 4, 'photo', 'F', 'U4', 'G', 'graded', 'not_pothole',
                     '2026-01-01T00:00:00.000Z', NULL, 1767225000),
                    (5, 10, 5, 'photo', 'F', 'U5', 'G', 'graded', 'unclear',
                     '2026-01-01T00:00:00.000Z', NULL, 1767225000),
                    (6, 10, 6, 'photo', 'F', 'U6', 'G', 'received', NULL, NULL, NULL, 1767225000),
                    (7, 10, 7, 'photo', 'F', 'U7', 'G', 'failed', NULL, NULL, NULL, 1767225000),
                    (8, 10, 8, 'photo', 'F', 'U8', 'G', 'fixed', 'severe',
                     '2026-01-01T00:00:00.000Z', 56, 1767225000),
                    (9, 10, 9, 'photo', 'F', 'U9', 'G', 'rejected', 'severe',
                     '2026-01-01T00:00:00.000Z', 57, 1767225000);
             INSERT INTO events (report_id, at, actor, kind, detail)
             VALUES (8, '2026-01-02T00:00:00.000Z', 'staff', 'fixed', '{\"user_id\":1}'),
                    (9, '2026-01-03T00:00:00.000Z', 'staff', 'rejected', '{\"user_id\":1}');",
        )
        .unwrap();
        let root = |conn: &Connection| -> i64 {
            conn.query_row(
                "SELECT rootpage FROM sqlite_schema WHERE name = 'reports'",
                [],
                |r| r.get(0),
            )
            .unwrap()
        };
        let root_before = root(&conn);
        super::apply(&mut conn).unwrap();
        assert_eq!(
            root(&conn),
            root_before,
            "reports is altered in place, not rebuilt"
        );

        type Row = (i64, String, Option<String>, Option<i64>, Option<i64>);
        let rows: Vec<Row> = conn
            .prepare("SELECT id, status, work_state, due_unix, fixed_unix FROM reports ORDER BY id")
            .unwrap()
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let graded = 1_767_225_600; // 2026-01-01T00:00:00Z
        let created = 1_767_225_000;
        let open = Some("open".to_owned());
        assert_eq!(
            rows,
            [
                (
                    1,
                    "alerted".into(),
                    open.clone(),
                    Some(graded + 86_400),
                    None
                ),
                (
                    2,
                    "graded".into(),
                    open.clone(),
                    Some(graded + 14 * 86_400),
                    None
                ),
                // No graded_at: opened when it was created.
                (3, "graded".into(), open, Some(created + 90 * 86_400), None),
                (4, "graded".into(), None, None, None),
                (5, "graded".into(), None, None, None),
                (6, "received".into(), None, None, None),
                (7, "failed".into(), None, None, None),
                // Closed by the old buttons: the pipeline status is 'alerted' again.
                (
                    8,
                    "alerted".into(),
                    Some("fixed".into()),
                    None,
                    Some(graded + 86_400)
                ),
                (9, "alerted".into(), Some("rejected".into()), None, None),
            ]
        );
        let remind: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM reports WHERE remind_unix IS NOT NULL",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(remind, 0, "no reminders for alerts older than the loop");

        // Only the known work states, and duplicate_of must name a report.
        assert!(
            conn.execute("UPDATE reports SET work_state = 'lost' WHERE id = 1", [])
                .is_err()
        );
        conn.execute(
            "UPDATE reports SET work_state = 'made_safe' WHERE id = 1",
            [],
        )
        .unwrap();
        assert!(
            conn.execute("UPDATE reports SET duplicate_of = 99 WHERE id = 2", [])
                .is_err()
        );
        conn.execute(
            "UPDATE reports SET work_state = 'duplicate', duplicate_of = 1 WHERE id = 2",
            [],
        )
        .unwrap();
        // A future work state is a row, not a rebuild.
        conn.execute("INSERT INTO work_states (name) VALUES ('scheduled')", [])
            .unwrap();
        conn.execute(
            "UPDATE reports SET work_state = 'scheduled' WHERE id = 3",
            [],
        )
        .unwrap();

        let indexes = schema_of(&conn, "index");
        for name in [
            "reports_work_place",
            "reports_open_by_due",
            "reports_due",
            "reports_remind",
            "reports_follow_up",
            "reports_duplicates",
            "reports_by_alert",
        ] {
            assert!(indexes.iter().any(|i| i == name), "{name} in {indexes:?}");
        }
        // Read by nothing since the running totals; 0011 drops them.
        for name in ["reports_acknowledged", "reports_fixed", "reports_created"] {
            assert!(!indexes.iter().any(|i| i == name), "{name} in {indexes:?}");
        }
        let violations: i64 = conn
            .query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(violations, 0);
        super::apply(&mut conn).unwrap();
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn version_10_backfills_the_running_totals_from_the_reports_already_there() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", "ON").unwrap();
        // The migrations before the one that adds the totals (wherever later ones go).
        let before_totals = (1..=super::MIGRATIONS.len())
            .find(|&k| {
                let mut c = Connection::open_in_memory().unwrap();
                super::apply_first(&mut c, k).unwrap();
                schema_of(&c, "table").iter().any(|t| t == "work_totals")
            })
            .unwrap()
            - 1;
        super::apply_first(&mut conn, before_totals).unwrap();
        assert!(schema_of(&conn, "table").iter().all(|t| t != "work_totals"));
        // Reports of every kind a version-9 bot holds, over several days: waiting, failed,
        // not potholes, open with deadlines passed and to come, taken, made safe, fixed,
        // rejected, duplicates; times to acknowledge and fix of minutes, hours and days.
        let day = 86_400;
        let t = 1_767_225_600; // 2026-01-01T00:00:00Z
        let mut id = 0;
        let mut insert = |status: &str,
                          severity: Option<&str>,
                          work: Option<&str>,
                          at: i64,
                          due: Option<i64>,
                          ack: Option<i64>,
                          fixed: Option<i64>| {
            id += 1;
            conn.execute(
                "INSERT INTO reports (id, chat_id, message_id, media_kind, file_id,
                        file_unique_id, grade_file_id, status, severity, work_state,
                        created_unix, opened_unix, due_unix, acknowledged_unix, fixed_unix,
                        duplicate_of)
                 VALUES (?1, 10, ?1, 'photo', 'F', 'U' || ?1, 'G', ?2, ?3, ?4, ?5,
                         CASE WHEN ?4 IS NOT NULL THEN ?5 END, ?6, ?7, ?8,
                         CASE WHEN ?4 = 'duplicate' THEN 1 END)",
                rusqlite::params![id, status, severity, work, at, due, ack, fixed],
            )
            .unwrap();
        };
        insert(
            "alerted",
            Some("severe"),
            Some("open"),
            t,
            Some(t + day),
            None,
            None,
        );
        insert("received", None, None, t + 10, None, None, None);
        insert("failed", None, None, t + 2 * day, None, None, None);
        insert(
            "graded",
            Some("not_pothole"),
            None,
            t + 3 * day,
            None,
            None,
            None,
        );
        insert(
            "graded",
            Some("unclear"),
            None,
            t + 3 * day,
            None,
            None,
            None,
        );
        for k in 0..30 {
            let at = t + k * day / 3;
            let sev = ["minor", "moderate", "severe"][k as usize % 3];
            match k % 6 {
                0 => insert(
                    "graded",
                    Some(sev),
                    Some("open"),
                    at,
                    Some(at + 3 * day),
                    None,
                    None,
                ),
                1 => insert(
                    "alerted",
                    Some(sev),
                    Some("acknowledged"),
                    at,
                    Some(at + 14 * day),
                    Some(at + 60 * k),
                    None,
                ),
                2 => insert(
                    "alerted",
                    Some(sev),
                    Some("made_safe"),
                    at,
                    None,
                    Some(at + 3600 * k),
                    None,
                ),
                3 => insert(
                    "alerted",
                    Some(sev),
                    Some("fixed"),
                    at,
                    None,
                    Some(at + 600),
                    Some(at + day * k + 7),
                ),
                4 => insert("alerted", Some(sev), Some("rejected"), at, None, None, None),
                _ => insert("graded", Some(sev), Some("duplicate"), at, None, None, None),
            }
        }
        super::apply(&mut conn).unwrap();
        crate::store::totals::check::totals_match_a_recount(&conn);
        let open: i64 = conn
            .query_row(
                "SELECT SUM(n) FROM work_totals WHERE work_state = 'open'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(open, 6, "the open ones, counted");
        // And the triggers keep them from here on.
        conn.execute_batch(
            "UPDATE reports SET work_state = 'fixed', fixed_unix = created_unix + 90000,
                    due_unix = NULL WHERE id = 1;
             UPDATE reports SET status = 'graded', severity = 'severe', work_state = 'open',
                    opened_unix = created_unix, due_unix = created_unix + 86400 WHERE id = 2;
             UPDATE reports SET acknowledged_unix = NULL, opened_unix = opened_unix + 5
              WHERE work_state = 'acknowledged';",
        )
        .unwrap();
        crate::store::totals::check::totals_match_a_recount(&conn);
        super::apply(&mut conn).unwrap();
    }

    fn tempfile_dir() -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "pothole-migrations-{}-{}",
            std::process::id(),
            fastrand::u64(..)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
