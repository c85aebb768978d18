//! `pothole-bot export` and `pothole-bot backup`, run as the built binary against the
//! database of a running bot, with only `DATABASE_PATH` set.

mod support;

use std::collections::HashMap;

use support::app::{TestApp, spawn_app, spawn_app_with};
use support::fixtures::{BLUE, RED, YELLOW};
use support::process::run_command;

const CITIZEN: i64 = 990_001;
const CAPTION: &str = "by the bakery, ask for Jan";

/// Only what export and backup need: no Telegram token, no API key.
fn db_only(app: &TestApp) -> HashMap<String, String> {
    HashMap::from([(
        "DATABASE_PATH".to_owned(),
        app.db_path.display().to_string(),
    )])
}

#[tokio::test]
async fn export_writes_csv_and_geojson_of_the_public_view_while_the_bot_runs() {
    let app = spawn_app().await;
    let located = app
        .pothole(CITIZEN, RED, "severe", CAPTION, Some((52.52, 13.405)))
        .await;
    let unlocated = app.pothole(CITIZEN, YELLOW, "minor", CAPTION, None).await;
    let env = db_only(&app);

    let (status, stdout, stderr) =
        run_command(&["export", "--format", "csv"], &env, app.dir.path()).await;
    assert!(status.success(), "{stderr}");
    let mut csv = csv::Reader::from_reader(stdout.as_slice());
    let header: Vec<String> = csv.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(
        header,
        [
            "id",
            "severity",
            "work_state",
            "status",
            "status_notes",
            "latitude",
            "longitude",
            "requested_at",
            "updated_at",
            "description",
            "duplicate_of"
        ]
    );
    let rows: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][0], located.to_string().as_str());
    assert_eq!(&rows[0][1], "severe");
    assert_eq!(&rows[0][2], "open");
    assert_eq!(&rows[0][5], "52.52");
    assert_eq!(&rows[0][6], "13.405");
    assert_eq!(&rows[1][0], unlocated.to_string().as_str());
    assert_eq!(&rows[1][5], "", "no location, empty cells");
    let text = String::from_utf8_lossy(&stdout);
    for secret in [CAPTION, "Jan", &CITIZEN.to_string()] {
        assert!(!text.contains(secret), "{secret} in the export");
    }

    let out = app.dir.path().join("potholes.geojson");
    let (status, _, stderr) = run_command(
        &[
            "export",
            "--format",
            "geojson",
            "--output",
            out.to_str().unwrap(),
        ],
        &env,
        app.dir.path(),
    )
    .await;
    assert!(status.success(), "{stderr}");
    assert!(stderr.contains("1 reports written"), "{stderr}");
    let geo: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(geo["type"], "FeatureCollection");
    assert_eq!(geo["features"].as_array().unwrap().len(), 1);
    assert_eq!(
        geo["features"][0]["geometry"]["coordinates"],
        serde_json::json!([13.405, 52.52])
    );

    let (status, stdout, _) = run_command(
        &["export", "--format", "csv", "--since", "2999-01-01"],
        &env,
        app.dir.path(),
    )
    .await;
    assert!(status.success());
    let text = String::from_utf8_lossy(&stdout);
    assert_eq!(
        text.lines().collect::<Vec<_>>(),
        [pothole_bot::export::row::HEADER.join(",")],
        "no rows: the header alone"
    );
    let (status, stdout, _) = run_command(
        &["export", "--format", "csv", "--until", "2000-01-01"],
        &env,
        app.dir.path(),
    )
    .await;
    assert!(status.success());
    assert_eq!(String::from_utf8_lossy(&stdout).lines().count(), 1);
}

#[tokio::test]
async fn export_refuses_bad_arguments_in_one_line() {
    let app = spawn_app().await;
    let env = db_only(&app);
    let (status, _, stderr) =
        run_command(&["export", "--format", "xlsx"], &env, app.dir.path()).await;
    assert_eq!(status.code(), Some(2));
    assert!(stderr.contains("xlsx"), "{stderr}");
    let (status, _, stderr) = run_command(
        &["export", "--format", "csv", "--since", "last week"],
        &env,
        app.dir.path(),
    )
    .await;
    assert_eq!(status.code(), Some(2));
    assert!(stderr.contains("2026-01-31"), "{stderr}");
    let missing = HashMap::from([("DATABASE_PATH".to_owned(), "/nonexistent/p.db".to_owned())]);
    let (status, _, stderr) =
        run_command(&["export", "--format", "csv"], &missing, app.dir.path()).await;
    assert_eq!(status.code(), Some(1));
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("/nonexistent/p.db"), "{stderr}");
}

#[tokio::test]
async fn backup_copies_the_live_database_consistently_while_reports_arrive() {
    let app = spawn_app().await;
    let first = app
        .pothole(CITIZEN, RED, "severe", CAPTION, Some((52.52, 13.405)))
        .await;
    // Reports keep arriving while the copy is taken.
    let photo = app
        .tg
        .add_photo(BLUE, &support::fake_telegram::STANDARD_SIZES);
    for i in 0..20 {
        app.tg.citizen(CITIZEN + 1 + i).sends_photo(&photo);
    }
    let copy = app.dir.path().join("backup.db");
    let (status, _, stderr) = run_command(
        &["backup", copy.to_str().unwrap()],
        &db_only(&app),
        app.dir.path(),
    )
    .await;
    assert!(status.success(), "{stderr}");
    assert!(stderr.contains("written to"), "{stderr}");
    let conn = rusqlite::Connection::open(&copy).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let severity: String = conn
        .query_row("SELECT severity FROM reports WHERE id = ?1", [first], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(severity, "severe");
    let copied: i64 = conn
        .query_row("SELECT count(*) FROM reports", [], |r| r.get(0))
        .unwrap();
    assert!(copied >= 1 && copied <= app.count("SELECT count(*) FROM reports"));
    assert!(!app.dir.path().join("backup.db.partial").exists());

    // A bot started on the copy (a restore: the file put where DATABASE_PATH points)
    // carries on from it.
    drop(conn);
    let restored_path = app.dir.path().join("restored.db");
    std::fs::copy(&copy, &restored_path).unwrap();
    let restored = spawn_app_with(|env| {
        env.insert("DATABASE_PATH".into(), restored_path.display().to_string());
    })
    .await;
    let again = restored
        .get(&format!("/open311/v2/requests/{first}.json"))
        .await;
    assert_eq!(again.status, 200, "{}", again.body);
}

#[tokio::test]
async fn help_lists_the_subcommands() {
    let dir = tempfile::tempdir().unwrap();
    let (status, stdout, _) = run_command(&["--help"], &HashMap::new(), dir.path()).await;
    assert!(status.success());
    let help = String::from_utf8_lossy(&stdout);
    for word in ["run", "export", "backup"] {
        assert!(help.contains(word), "{help}");
    }
}
