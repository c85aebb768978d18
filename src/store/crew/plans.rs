//! Checks that a query uses its index (no full scan of `reports`), for the store's plan tests.

/// The `EXPLAIN QUERY PLAN` lines of `sql`, parameters bound to NULL.
pub fn plan(conn: &rusqlite::Connection, sql: &str) -> Vec<String> {
    let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
    let n = stmt.parameter_count();
    let params: Vec<rusqlite::types::Null> = vec![rusqlite::types::Null; n];
    stmt.query_map(rusqlite::params_from_iter(params), |r| {
        r.get::<_, String>(3)
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

pub fn assert_indexed(conn: &rusqlite::Connection, sql: &str, index: &str) {
    let plan = plan(conn, sql);
    assert!(
        plan.iter().any(|l| l.contains(index)),
        "expected {index} in the plan of\n{sql}\n{plan:#?}"
    );
    assert!(
        !plan
            .iter()
            .any(|l| l == "SCAN reports" || l.starts_with("SCAN reports ") && !l.contains("INDEX")),
        "full scan of reports in\n{sql}\n{plan:#?}"
    );
}

/// A fresh in-memory database with every migration applied.
pub fn migrated() -> rusqlite::Connection {
    let mut conn = rusqlite::Connection::open_in_memory().unwrap();
    super::super::migrations::apply(&mut conn).unwrap();
    super::super::tune(&conn).unwrap();
    conn
}

/// [`assert_indexed`] for each `(sql, index)` on a fresh database.
pub fn assert_each_indexed(queries: &[(&str, &str)]) {
    let conn = migrated();
    for (sql, index) in queries {
        assert_indexed(&conn, sql, index);
    }
}
