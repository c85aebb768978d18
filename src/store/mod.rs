//! SQLite: the one place the database is touched.
//!
//! A single connection lives on its own thread and runs the jobs the async code sends it, so
//! no SQLite call ever blocks a Tokio worker, and writes are serialised without lock errors.
//! Each job is one function of `&mut Connection`; the table families add their own methods
//! to [`Db`] in the files beside this one.
//!
//! The store also owns the wake-ups between stages: a committed insert into `reports` wakes
//! whoever waits on [`Db::new_reports`] (the grader), one into `outbox` whoever waits on
//! [`Db::new_messages`] (the courier). No writer has to remember to nudge anyone.

pub mod backup;
pub mod chats;
pub mod crew;
pub mod eval_cache;
mod migrations;
pub mod outbox;
pub mod public;
pub mod reader;
pub mod reports;
pub mod settings;
pub mod spend;
pub mod staff;
mod totals;
pub mod webhook;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, AtomicU8, Ordering};
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::Instant;

use rusqlite::Connection;
use rusqlite::hooks::Action;
use tokio::sync::{Notify, oneshot};

pub use outbox::{OutboxItem, Outgoing};
pub use reader::Reader;
pub use reports::{
    GradeOutcome, LocationOutcome, NewReport, ReportToGrade, ReportView, SubmitOutcome,
};

/// Why a database call failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file cannot hold the database; the reason names the path ("/srv/x does not
    /// exist", "… is read-only", "… is a directory", …), once.
    #[error("{0}")]
    Open(String),
    #[error("cannot migrate the database: {0}")]
    Migrate(#[from] rusqlite_migration::Error),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("the database thread has stopped")]
    Closed,
    #[error("cannot make the database durable (fsync): {0}")]
    Sync(String),
    #[error("cannot start the database thread: {0}")]
    Thread(String),
    #[error("backup failed: {0}")]
    Backup(String),
}

/// What a job leaves to do once its batch is durable: hand the result to its caller (or the
/// fsync failure, when there was one).
type Finish = Box<dyn FnOnce(Option<&str>) + Send>;
type Job = Box<dyn FnOnce(&mut Connection) -> Finish + Send>;

/// Most jobs made durable by one fsync.
const MAX_BATCH: usize = 1024;

/// Prepared statements kept by the connection (see [`tune`]).
const STATEMENT_CACHE: usize = 256;

/// `/metrics` names of the database thread's work (described in `http::metrics`): jobs run,
/// the time each batch of jobs ran (without its fsync), and each fsync of the WAL. The
/// thread is the one place every write waits in turn, so these say where the time goes.
pub const DB_JOBS: &str = "pothole_db_jobs_total";
pub const DB_BATCH_SECONDS: &str = "pothole_db_batch_seconds";
pub const DB_SYNC_SECONDS: &str = "pothole_db_sync_seconds";

/// fdatasync of the WAL file: every frame written so far reaches the disk.
fn sync_file(path: &Path) -> std::io::Result<()> {
    std::fs::File::open(path)?.sync_data()
}

/// How the bot's connection prepares and plans statements; the plan tests use it too, so they
/// check the plans the bot runs.
///
/// - rusqlite keeps 16 prepared statements by default; the hot paths use about 40 (the crews'
///   loop, the courier, the grader, intake), and each one evicted is parsed and planned again
///   on its next use.
/// - The bundled SQLite is built with STAT4, under which a statement whose `LIMIT` or
///   partial-index term is a bound value is prepared again each time that value changes (the
///   courier's and the grader's queue reads, every call). With the query planner stability
///   guarantee a plan never depends on bound values, so nothing is prepared twice; every
///   partial index the hot paths use is chosen by literal terms, not bound ones.
pub fn tune(conn: &Connection) -> rusqlite::Result<()> {
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    Ok(())
}

/// A handle to the database thread. Cheap to clone; the thread ends when the last handle is
/// dropped, after finishing the jobs already sent.
#[derive(Clone)]
pub struct Db {
    jobs: mpsc::Sender<Job>,
    changes: Changes,
}

/// The wake-ups fired after a batch that inserted rows is durable.
#[derive(Clone)]
struct Changes {
    reports: Arc<Notify>,
    outbox: Arc<Notify>,
    /// Due times of the crews' loop were set (a pothole graded or reopened).
    due: Arc<Notify>,
    /// The earliest due time the scheduler knows of (unix seconds), set on the database
    /// thread by its pass (`i64::MAX`: none, or no pass yet): a new due time at or after it needs
    /// no wake-up, since the scheduler wakes by then anyway and its next pass sees the row.
    scheduler_next: Arc<AtomicI64>,
}

impl Default for Changes {
    fn default() -> Self {
        Changes {
            reports: Arc::default(),
            outbox: Arc::default(),
            due: Arc::default(),
            scheduler_next: Arc::new(AtomicI64::new(i64::MAX)),
        }
    }
}

impl Changes {
    /// Whether a due time just set (in a job on the database thread) must wake the scheduler.
    /// Both this and [`Changes::scheduler_knows`] run on the database thread, so a pass either
    /// came before the job (and its watermark is compared here) or after it (and saw the row).
    fn wakes_scheduler(&self, due_unix: Option<i64>) -> bool {
        due_unix.is_some_and(|t| t < self.scheduler_next.load(Ordering::Relaxed))
    }

    /// Records the earliest due time a scheduler pass found (`None`: nothing is due).
    fn scheduler_knows(&self, next_unix: Option<i64>) {
        self.scheduler_next
            .store(next_unix.unwrap_or(i64::MAX), Ordering::Relaxed);
    }
}

const NEW_REPORT: u8 = 1;
const NEW_MESSAGE: u8 = 2;

/// Watches inserts through SQLite's hooks: a transaction's inserts count once it commits, and
/// not at all if it rolls back.
fn watch_inserts(conn: &Connection) -> rusqlite::Result<Arc<AtomicU8>> {
    let in_tx = Arc::new(AtomicU8::new(0));
    let committed = Arc::new(AtomicU8::new(0));
    let tx = in_tx.clone();
    conn.update_hook(Some(move |action, _db: &str, table: &str, _row| {
        let bit = match (action, table) {
            (Action::SQLITE_INSERT, "reports") => NEW_REPORT,
            (Action::SQLITE_INSERT, "outbox") => NEW_MESSAGE,
            _ => return,
        };
        tx.fetch_or(bit, Ordering::Relaxed);
    }))?;
    let (tx, done) = (in_tx.clone(), committed.clone());
    conn.commit_hook(Some(move || {
        done.fetch_or(tx.swap(0, Ordering::Relaxed), Ordering::Relaxed);
        false // let the commit go ahead
    }))?;
    conn.rollback_hook(Some(move || {
        in_tx.store(0, Ordering::Relaxed);
    }))?;
    Ok(committed)
}

impl Db {
    /// Opens (or creates) the database file, applies the migrations and starts the thread.
    /// Blocks (file I/O, migrations): call it off the async threads.
    pub fn open(path: &Path) -> Result<Db, StoreError> {
        if let Some(reason) = unusable(path) {
            return Err(StoreError::Open(reason));
        }
        let (mut conn, wal) = Db::connect(path).map_err(|e| {
            let shown = path.display();
            StoreError::Open(match (&e, e.sqlite_error_code()) {
                (_, Some(rusqlite::ErrorCode::NotADatabase)) => {
                    format!("{shown} is not a SQLite database")
                }
                // SQLite's own message only: its code says the same again.
                (rusqlite::Error::SqliteFailure(_, Some(message)), _) => {
                    format!("{shown}: {message}")
                }
                (other, _) => format!("{shown}: {other}"),
            })
        })?;
        migrations::apply(&mut conn)?;
        Db::spawn(conn, wal)
    }

    /// The connection with its pragmas set, and the WAL file's path when in WAL mode.
    fn connect(path: &Path) -> rusqlite::Result<(Connection, Option<PathBuf>)> {
        let conn = Connection::open(path)?;
        // WAL lets `sqlite3` read the file while the bot writes. Durability: a report
        // acknowledged to a citizen survives power loss, not just a crash. In WAL mode that is
        // done by group commit (see `spawn`): each job commits with synchronous=NORMAL (no
        // fsync), and the thread fsyncs the WAL once for every batch of jobs before any of
        // their callers hears back — the guarantee of synchronous=FULL at one fsync per batch.
        let mode: String =
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
        let wal = mode.eq_ignore_ascii_case("wal").then(|| {
            let mut p = path.as_os_str().to_owned();
            p.push("-wal");
            PathBuf::from(p)
        });
        let sync = if wal.is_some() { "NORMAL" } else { "FULL" };
        conn.pragma_update(None, "synchronous", sync)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        tune(&conn)?;
        Ok((conn, wal))
    }

    /// The database thread. Runs jobs in arrival order; whatever queued up while one ran is
    /// run right after it, and the batch is made durable with one fsync of the WAL before the
    /// callers get their results (group commit). A job that wrote nothing costs no fsync.
    fn spawn(mut conn: Connection, wal: Option<PathBuf>) -> Result<Db, StoreError> {
        let (tx, rx) = mpsc::channel::<Job>();
        let changes = Changes::default();
        let committed = watch_inserts(&conn)?;
        let wake = changes.clone();
        thread::Builder::new()
            .name("sqlite".into())
            .spawn(move || {
                let mut done: Vec<Finish> = Vec::new();
                while let Ok(job) = rx.recv() {
                    let changes = conn.total_changes();
                    let started = Instant::now();
                    done.push(job(&mut conn));
                    while done.len() < MAX_BATCH {
                        match rx.try_recv() {
                            Ok(job) => done.push(job(&mut conn)),
                            Err(_) => break,
                        }
                    }
                    metrics::histogram!(DB_BATCH_SECONDS).record(started.elapsed());
                    metrics::counter!(DB_JOBS).increment(done.len() as u64);
                    let synced = match &wal {
                        Some(wal) if conn.total_changes() != changes => {
                            let started = Instant::now();
                            let synced = sync_file(wal);
                            metrics::histogram!(DB_SYNC_SECONDS).record(started.elapsed());
                            synced
                        }
                        _ => Ok(()),
                    };
                    let failure = synced.err().map(|e| e.to_string());
                    let inserted = committed.swap(0, Ordering::Relaxed);
                    for finish in done.drain(..) {
                        finish(failure.as_deref());
                    }
                    if failure.is_none() {
                        if inserted & NEW_REPORT != 0 {
                            wake.reports.notify_one();
                        }
                        if inserted & NEW_MESSAGE != 0 {
                            wake.outbox.notify_one();
                        }
                    }
                }
            })
            .map_err(|e| StoreError::Thread(e.to_string()))?;
        Ok(Db { jobs: tx, changes })
    }

    /// Fires after new reports were committed (durably): the grader waits on it.
    pub fn new_reports(&self) -> &Notify {
        &self.changes.reports
    }

    /// Fires after new outbox rows were committed (durably): the courier waits on it.
    pub fn new_messages(&self) -> &Notify {
        &self.changes.outbox
    }

    /// Fires after the crews' loop set new due times (reminders, follow-ups): the scheduler
    /// waits on it.
    pub fn new_due_times(&self) -> &Notify {
        &self.changes.due
    }

    /// Runs `f` on the database thread and returns its result.
    pub async fn call<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    {
        self.queue(f).await
    }

    /// Sends `f` to the database thread now, before the returned future is first polled, so
    /// jobs queued one after the other run in that order and usually share one batch (one
    /// fsync) with what the caller does next, instead of each waiting for a batch of its own.
    pub fn queue<T, F>(&self, f: F) -> impl Future<Output = Result<T, StoreError>> + use<T, F>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let (tx, rx) = oneshot::channel();
        let sent = self
            .jobs
            .send(Box::new(move |conn| {
                let result = f(conn);
                Box::new(move |sync_failure: Option<&str>| {
                    let result = match sync_failure {
                        Some(e) => Err(StoreError::Sync(e.to_owned())),
                        None => result,
                    };
                    let _ = tx.send(result);
                })
            }))
            .map_err(|_| StoreError::Closed);
        async move {
            sent?;
            rx.await.map_err(|_| StoreError::Closed)?
        }
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

/// Why `path` cannot hold the database, when that can be told from the file system without
/// creating anything: a missing directory, a directory, a file that cannot be written.
fn unusable(path: &Path) -> Option<String> {
    use std::io::ErrorKind;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    match std::fs::metadata(dir) {
        Err(e) if e.kind() == ErrorKind::NotFound => {
            return Some(format!("{} does not exist", dir.display()));
        }
        Err(e) => return Some(format!("{}: {e}", dir.display())),
        Ok(m) if !m.is_dir() => return Some(format!("{} is not a directory", dir.display())),
        Ok(_) => {}
    }
    match std::fs::metadata(path) {
        Err(e) if e.kind() == ErrorKind::NotFound => None,
        Err(e) => Some(format!("{}: {e}", path.display())),
        Ok(m) if m.is_dir() => Some(format!(
            "{} is a directory, not a database file",
            path.display()
        )),
        Ok(_) => match std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(path)
        {
            Ok(_) => None,
            Err(e) if e.kind() == ErrorKind::PermissionDenied => {
                Some(format!("{} is read-only", path.display()))
            }
            Err(e) if e.kind() == ErrorKind::ReadOnlyFilesystem => {
                Some(format!("{} is on a read-only file system", path.display()))
            }
            Err(e) => Some(format!("{}: {e}", path.display())),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::Changes;
    use rusqlite::{Connection, StatementStatus, named_params};

    /// Runs the courier's and the grader's queue reads with a new `LIMIT` and time each
    /// call, as they are run; how often SQLite prepared them again.
    fn reprepares(conn: &Connection) -> i32 {
        let mut n = 0;
        for sql in [super::outbox::PENDING_HEADS, super::reports::DUE_TO_GRADE] {
            let mut stmt = conn.prepare_cached(sql).unwrap();
            for i in 1..=20_i64 {
                let mut rows = if sql.contains(":now") {
                    stmt.query(named_params! { ":now": 1_000 + i, ":limit": 500 + i })
                } else {
                    stmt.query(named_params! { ":limit": 500 + i })
                }
                .unwrap();
                while rows.next().unwrap().is_some() {}
            }
            n += stmt.get_status(StatementStatus::RePrepare);
        }
        n
    }

    fn migrated() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        super::migrations::apply(&mut conn).unwrap();
        conn
    }

    #[test]
    fn the_queue_reads_are_not_prepared_again_when_their_values_change() {
        // The bundled SQLite (STAT4) prepares them again on every new LIMIT or time...
        assert!(reprepares(&migrated()) >= 20);
        // ...unless the connection is tuned as the bot's is.
        let conn = migrated();
        super::tune(&conn).unwrap();
        assert_eq!(reprepares(&conn), 0);
    }

    #[test]
    fn the_scheduler_is_woken_only_for_due_times_before_the_one_it_waits_for() {
        let changes = Changes::default();
        assert!(
            changes.wakes_scheduler(Some(i64::MAX - 1)),
            "before its first pass"
        );
        assert!(!changes.wakes_scheduler(None), "no due time, no wake-up");
        changes.scheduler_knows(Some(1_000));
        assert!(
            !changes.wakes_scheduler(Some(1_000)),
            "it wakes at 1000 anyway"
        );
        assert!(!changes.wakes_scheduler(Some(5_000)));
        assert!(changes.wakes_scheduler(Some(999)));
        changes.scheduler_knows(None);
        assert!(changes.wakes_scheduler(Some(5_000)), "it waits for nothing");
    }
}
