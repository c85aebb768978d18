//! No hot path reads a whole table. The store is driven through every path the bot takes
//! while running (intake's photos and pins, the grader's queue and grades, the courier's
//! outbox, `/status`, `/stats`, the crews' buttons, the daily budget) with SQLite's trace on,
//! so the statements checked are the ones the store really runs, not copies of them. Each is
//! then put through `EXPLAIN QUERY PLAN` on the migrated database: a full scan of a table
//! fails the test, unless it walks a partial index (those hold only live work, such as the
//! pending outbox rows, not the history). `SHOW_PLANS=1 cargo test --test query_plans --
//! --nocapture` prints every statement with its plan.

use std::collections::BTreeSet;
use std::sync::Mutex;

use pothole_bot::domain::work::{Actor, LoopRules, RejectReason, WorkAction};
use pothole_bot::domain::{GeoPoint, Severity, Verdict};
use pothole_bot::store::crew::Origin;
use pothole_bot::store::reports::{Grading, IntakeRules, MediaKind};
use pothole_bot::store::{Db, NewReport, SubmitOutcome};
use rusqlite::Connection;
use rusqlite::trace::{TraceEvent, TraceEventCodes};

static STATEMENTS: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());

fn record(event: TraceEvent<'_>) {
    if let TraceEvent::Stmt(stmt, _) = event {
        STATEMENTS.lock().unwrap().insert(stmt.sql().into_owned());
    }
}

fn photo(chat_id: i64, message_id: i32, unique: &str, group: Option<&str>) -> NewReport {
    NewReport {
        chat_id,
        message_id,
        user_id: Some(chat_id),
        reporter_name: Some("Ada".into()),
        media_kind: MediaKind::Photo,
        file_id: format!("file-{unique}"),
        file_unique_id: unique.into(),
        grade_file_id: format!("grade-{unique}"),
        grade_size: Some((512, 384)),
        mime_type: None,
        media_group_id: group.map(str::to_owned),
        note: None,
    }
}

fn grading(severity: Severity) -> Grading {
    Grading {
        verdict: Verdict::new(severity, Some(0.9), Some(80.0), Some(400.0), "Deep"),
        model: "gpt-4o-mini".into(),
        prompt_version: 1,
        image_detail: "low".into(),
        image_bytes: 30_000,
        prompt_tokens: Some(2_900),
        completion_tokens: Some(40),
        cost_usd: Some(0.0005),
        exif_location: None,
        needs_review: false,
    }
}

/// Runs every hot path once (most of them along each of their branches).
async fn drive(db: &Db) {
    let now = pothole_bot::store::now_unix();
    let rules = IntakeRules {
        now_unix: now,
        reports_per_hour: 3,
        pin_before_secs: 600,
        pin_after_secs: 600,
    };
    let pin = GeoPoint::parse(52.52, 13.40).unwrap();
    let work = LoopRules::default();
    // Intake: a photo, the same message again, the same photo again, a pin after it.
    let SubmitOutcome::Created { id: first, .. } = db
        .submit_report(photo(1, 1, "u1", None), rules)
        .await
        .unwrap()
    else {
        panic!("not created");
    };
    db.submit_report(photo(1, 1, "u1", None), rules)
        .await
        .unwrap();
    db.submit_report(photo(1, 2, "u1", None), rules)
        .await
        .unwrap();
    db.submit_location(1, 3, pin, rules, work).await.unwrap();
    db.submit_location(1, 3, pin, rules, work).await.unwrap();
    // A pin first, then an album (the second photo takes the first one's pin), then the
    // hourly limit.
    db.submit_location(2, 10, pin, rules, work).await.unwrap();
    db.submit_report(photo(2, 11, "a1", Some("album")), rules)
        .await
        .unwrap();
    db.submit_report(photo(2, 12, "a2", Some("album")), rules)
        .await
        .unwrap();
    db.submit_report(photo(2, 13, "a3", None), rules)
        .await
        .unwrap();
    db.submit_report(photo(2, 14, "a4", None), rules)
        .await
        .unwrap();
    // A pin for an album without one.
    db.submit_report(photo(3, 20, "b1", Some("b")), rules)
        .await
        .unwrap();
    db.submit_report(photo(3, 21, "b2", Some("b")), rules)
        .await
        .unwrap();
    db.submit_location(3, 22, pin, rules, work).await.unwrap();

    // Grader: the queue, a grade with an alert, a postponement, a failure, the budget.
    let waiting = db.reports_to_grade(now, 16, vec![]).await.unwrap();
    assert!(waiting.due.len() >= 4, "{:?}", waiting.due);
    let ids: Vec<i64> = waiting.due.iter().map(|r| r.id).collect();
    db.store_grade(first, grading(Severity::Severe), work)
        .await
        .unwrap();
    db.store_grade(ids[1], grading(Severity::Minor), work)
        .await
        .unwrap();
    db.grading_postponed(
        ids[2],
        now + 60,
        "timeout".into(),
        Some(pothole_bot::domain::DelayCause::ModelDown),
    )
    .await
    .unwrap();
    db.grading_failed(
        ids[3],
        "corrupt".into(),
        pothole_bot::domain::Notice::GradingFailed { id: ids[3] },
    )
    .await
    .unwrap();
    db.reports_to_grade(now, 16, vec![ids[2]]).await.unwrap();
    db.spent_since(now - now.rem_euclid(86_400)).await.unwrap();

    // Courier: the queue heads; sent (the alert queues its pin), retried, failed.
    let mut sent_alert = None;
    for round in 0..10 {
        let items = db.pending_messages(64).await.unwrap();
        if items.is_empty() {
            break;
        }
        for (i, item) in items.into_iter().enumerate() {
            match (round, i) {
                (0, 1) => db
                    .message_retry(item.id, now - 1, "429".into())
                    .await
                    .unwrap(),
                (0, 2) => db.message_failed(&item, "blocked".into()).await.unwrap(),
                _ => {
                    let message_id = 1000 + item.id as i32;
                    if matches!(item.message, pothole_bot::store::Outgoing::Alert { .. }) {
                        sent_alert = Some(message_id);
                    }
                    db.message_sent(item, message_id).await.unwrap();
                }
            }
        }
    }
    // A pin after the alert went out follows it to the staff chat.
    db.submit_report(photo(4, 30, "c1", None), rules)
        .await
        .unwrap();
    let waiting = db.reports_to_grade(now, 16, vec![]).await.unwrap();
    let late = waiting.due.last().unwrap().id;
    db.store_grade(late, grading(Severity::Severe), work)
        .await
        .unwrap();
    for item in db.pending_messages(64).await.unwrap() {
        db.message_sent(item, 5000).await.unwrap();
    }
    db.submit_location(4, 31, pin, rules, work).await.unwrap();
    db.report_view(late).await.unwrap();

    // Citizens' /status, the crews' /stats and buttons, replies.
    db.recent_reports(1, 5).await.unwrap();
    db.staff_stats(now - now.rem_euclid(86_400)).await.unwrap();
    // The crews' loop: buttons under the alert, a command, the citizen's buttons, the
    // scheduler's queues, /open, /stats, the digest, /report, /export, the duplicate check.
    let staff = Actor::Staff {
        user_id: 7,
        name: "Ana".into(),
    };
    let alert = Origin::Alert {
        message_id: sent_alert.expect("the alert was sent"),
    };
    for action in [
        WorkAction::Take,
        WorkAction::Take,
        WorkAction::MakeSafe,
        WorkAction::Fix,
    ] {
        db.work_action(first, action, staff.clone(), alert, work, now)
            .await
            .unwrap();
    }
    db.work_action(
        first,
        WorkAction::Reopen,
        Actor::Citizen,
        Origin::Citizen { chat_id: 1 },
        work,
        now,
    )
    .await
    .unwrap();
    db.work_action(
        first,
        WorkAction::Reject {
            reason: RejectReason::NotOurs,
        },
        staff.clone(),
        Origin::Command,
        work,
        now,
    )
    .await
    .unwrap();
    db.mark_duplicate(ids[1], late, staff.clone(), work, now)
        .await
        .unwrap();
    db.follow_up_answer(late, 4, false, work, now)
        .await
        .unwrap();
    db.report_of_alert(5000).await.unwrap();
    db.scheduler_pass(now + 100 * 86_400).await.unwrap();
    db.open_page(10, 0).await.unwrap();
    db.loop_stats(now).await.unwrap();
    let digest = db.digest(now).await.unwrap();
    db.queue_digest(
        "2026-01-01".into(),
        pothole_bot::domain::Notice::Digest {
            digest,
            at: chrono::Utc::now(),
            timezone: "UTC".into(),
        },
    )
    .await
    .unwrap();
    db.report_detail(first).await.unwrap();
    db.nearest_open(pin, 30.0, 0).await.unwrap();
    db.reply_once(
        1,
        40,
        pothole_bot::store::outbox::Destination::Chat(1),
        pothole_bot::store::Outgoing::notice(pothole_bot::domain::Notice::Help),
    )
    .await
    .unwrap();
    db.setting("staff_chat_migrated").await.unwrap();
    db.set_setting_once("budget_warning", "2026-01-01".into())
        .await
        .unwrap();
}

/// The plan's lines that read a whole table (or a whole full index), if any.
fn full_scans(conn: &Connection, sql: &str) -> Vec<String> {
    let partial: BTreeSet<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND sql LIKE '%WHERE%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut stmt = conn
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .unwrap_or_else(|e| panic!("{e}: {sql}"));
    // Parameters stay unbound (NULL): the plan does not depend on them.
    let mut rows = stmt.raw_query();
    let mut details: Vec<String> = Vec::new();
    while let Some(row) = rows.next().unwrap() {
        details.push(row.get(3).unwrap());
    }
    details
        .into_iter()
        .filter(|d| d.starts_with("SCAN ") && !d.starts_with("SCAN CONSTANT ROW"))
        .filter(|d| {
            let index = d
                .split(" INDEX ")
                .nth(1)
                .map(|i| i.split(' ').next().unwrap());
            !index.is_some_and(|i| partial.contains(i))
        })
        .collect()
}

fn is_query(sql: &str) -> bool {
    let head = sql.trim_start().to_ascii_uppercase();
    ["SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "REPLACE"]
        .iter()
        .any(|k| head.starts_with(k))
}

#[tokio::test]
async fn no_statement_on_a_hot_path_scans_a_whole_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("potholes.db");
    let db = Db::open(&path).unwrap();
    db.call(|conn| {
        conn.trace_v2(TraceEventCodes::SQLITE_TRACE_STMT, Some(record));
        Ok(())
    })
    .await
    .unwrap();
    drive(&db).await;
    db.flush().await.unwrap();

    let statements: Vec<String> = STATEMENTS
        .lock()
        .unwrap()
        .iter()
        .filter(|s| is_query(s))
        .cloned()
        .collect();
    // The trace saw the store at work (else this test would pass on nothing).
    assert!(statements.len() >= 25, "{statements:#?}");
    for table in [
        "reports",
        "outbox",
        "events",
        "daily_spend",
        "pending_locations",
        // The running totals behind /stats, /open and the digest.
        "report_days",
        "work_totals",
        "due_days",
        "work_times",
    ] {
        assert!(
            statements.iter().any(|s| s.contains(table)),
            "no statement on {table}"
        );
    }

    let conn = Connection::open(&path).unwrap();
    // Planned as the bot's own connection plans them.
    pothole_bot::store::tune(&conn).unwrap();
    if std::env::var("SHOW_PLANS").is_ok() {
        for sql in &statements {
            let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
            let mut rows = stmt.raw_query();
            println!("{}", sql.split_whitespace().collect::<Vec<_>>().join(" "));
            while let Some(row) = rows.next().unwrap() {
                println!("    {}", row.get::<_, String>(3).unwrap());
            }
        }
    }
    let scans: Vec<String> = statements
        .iter()
        .flat_map(|sql| {
            full_scans(&conn, sql).into_iter().map(move |scan| {
                format!(
                    "{scan}\n    in: {}",
                    sql.split_whitespace().collect::<Vec<_>>().join(" ")
                )
            })
        })
        .collect();
    assert!(
        scans.is_empty(),
        "full scans on hot paths:\n{}",
        scans.join("\n")
    );
}

#[test]
fn the_check_finds_a_full_scan_when_there_is_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("potholes.db");
    drop(Db::open(&path).unwrap());
    let conn = Connection::open(&path).unwrap();
    pothole_bot::store::tune(&conn).unwrap();
    // The day's spend as it was summed before version 4: every graded report.
    let old_spend = "SELECT COALESCE(SUM(cost_usd), 0) FROM reports
                      WHERE graded_at >= strftime('%Y-%m-%dT%H:%M:%fZ', ?1, 'unixepoch')";
    assert_eq!(full_scans(&conn, old_spend), ["SCAN reports"]);
    // A scan of a partial index (the pending outbox) is not one.
    assert!(
        full_scans(
            &conn,
            "SELECT MIN(id) FROM outbox WHERE status = 'pending' GROUP BY chat_id"
        )
        .is_empty()
    );
}
