//! `pothole-bot backup FILE`: a consistent copy of the live database through SQLite's online
//! backup API. It reads in one step inside one read transaction, so the copy is a snapshot
//! even while the bot writes (WAL lets the writer carry on meanwhile), and is written to
//! `FILE.partial`, checked, then renamed, so `FILE` is never a half-written database.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use super::StoreError;

/// What was copied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSummary {
    pub pages: i32,
    pub reports: i64,
}

/// Copies the database at `source` to `dest` (replacing it).
pub fn backup(source: &Path, dest: &Path) -> Result<BackupSummary, StoreError> {
    if !source.exists() {
        return Err(StoreError::Open(format!(
            "{} does not exist",
            source.display()
        )));
    }
    let open = |path: &Path, flags| {
        Connection::open_with_flags(path, flags)
            .map_err(|e| StoreError::Open(format!("{}: {e}", path.display())))
    };
    let src = open(source, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    src.busy_timeout(Duration::from_secs(10))?;
    let partial = {
        let mut p = dest.as_os_str().to_owned();
        p.push(".partial");
        PathBuf::from(p)
    };
    let _ = std::fs::remove_file(&partial);
    let mut dst = open(
        &partial,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
    )?;
    let pages = {
        let backup = Backup::new(&src, &mut dst)?;
        let mut tries = 0;
        loop {
            match backup.step(-1)? {
                StepResult::Done => break,
                // The bot holds a lock for a moment (a checkpoint): try again shortly.
                StepResult::Busy | StepResult::Locked | StepResult::More if tries < 100 => {
                    tries += 1;
                    std::thread::sleep(Duration::from_millis(100));
                }
                _ => return Err(StoreError::Backup("the database stayed locked".into())),
            }
        }
        backup.progress().pagecount
    };
    let check: String = dst.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    if check != "ok" {
        return Err(StoreError::Backup(format!(
            "the copy failed its check: {check}"
        )));
    }
    let reports: i64 = dst.query_row("SELECT count(*) FROM reports", [], |r| r.get(0))?;
    drop(dst);
    std::fs::rename(&partial, dest).map_err(|e| StoreError::Backup(e.to_string()))?;
    Ok(BackupSummary { pages, reports })
}
