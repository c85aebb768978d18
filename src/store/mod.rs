//! SQLite: the one place the database is touched.
//!
//! A single connection lives on its own thread and runs the jobs the async code sends it, so
//! no SQLite call ever blocks a Tokio worker, and writes are serialised without lock errors.
//! Each job is one function of `&mut Connection`; the table families add their own methods
//! to [`Db`] in the files beside this one.

mod migrations;
pub mod outbox;
pub mod reports;
pub mod settings;
pub mod staff;

use std::path::Path;
use std::sync::mpsc;
use std::thread;

use rusqlite::Connection;
use tokio::sync::oneshot;

pub use outbox::{OutboxItem, Outgoing};
pub use reports::{
    GradeOutcome, LocationOutcome, NewReport, ReportToGrade, ReportView, SubmitOutcome,
};

/// Why a database call failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the database at {path}: {source}")]
    Open {
        path: String,
        source: rusqlite::Error,
    },
    #[error("cannot migrate the database: {0}")]
    Migrate(#[from] rusqlite_migration::Error),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("the database thread has stopped")]
    Closed,
}

type Job = Box<dyn FnOnce(&mut Connection) + Send>;

/// A handle to the database thread. Cheap to clone; the thread ends when the last handle is
/// dropped, after finishing the jobs already sent.
#[derive(Clone)]
pub struct Db {
    jobs: mpsc::Sender<Job>,
}

impl Db {
    /// Opens (or creates) the database file, applies the migrations and starts the thread.
    pub fn open(path: &Path) -> Result<Db, StoreError> {
        let mut conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: path.display().to_string(),
            source,
        })?;
        // WAL lets `sqlite3` read the file while the bot writes. synchronous=FULL: a report
        // acknowledged to a citizen survives power loss, not just a crash.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrations::apply(&mut conn)?;
        Ok(Db::spawn(conn))
    }

    fn spawn(mut conn: Connection) -> Db {
        let (tx, rx) = mpsc::channel::<Job>();
        thread::Builder::new()
            .name("sqlite".into())
            .spawn(move || {
                while let Ok(job) = rx.recv() {
                    job(&mut conn);
                }
            })
            .expect("spawning the sqlite thread");
        Db { jobs: tx }
    }

    /// Runs `f` on the database thread and returns its result.
    pub async fn call<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let (tx, rx) = oneshot::channel();
        self.jobs
            .send(Box::new(move |conn| {
                let _ = tx.send(f(conn));
            }))
            .map_err(|_| StoreError::Closed)?;
        rx.await.map_err(|_| StoreError::Closed)?
    }

    /// Waits until every job sent before this call has finished (used at shutdown).
    pub async fn flush(&self) -> Result<(), StoreError> {
        self.call(|_| Ok(())).await
    }
}

/// Seconds since 1970, the unit of every `*_unix` column.
pub fn now_unix() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Appends an event row: one per state change of a report.
pub(crate) fn event(
    tx: &Connection,
    report_id: Option<i64>,
    actor: &str,
    kind: &str,
    detail: Option<&str>,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO events (report_id, actor, kind, detail) VALUES (:report, :actor, :kind, :detail)",
    )?
    .execute(rusqlite::named_params! {
        ":report": report_id, ":actor": actor, ":kind": kind, ":detail": detail,
    })?;
    Ok(())
}
