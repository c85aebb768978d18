//! `pothole-bot backup FILE`.

use std::path::Path;

use pothole_bot::store::backup::backup;

/// Copies the database at `db` to `file` and says what was copied on stderr.
pub fn run(db: &Path, file: &Path) -> anyhow::Result<()> {
    let summary = backup(db, file)?;
    eprintln!(
        "pothole-bot: backup of {} written to {} ({} reports, {} pages)",
        db.display(),
        file.display(),
        summary.reports,
        summary.pages
    );
    Ok(())
}
