//! `pothole-bot export --format csv|geojson [--since DATE] [--until DATE] [--output FILE]`:
//! the public view of every graded pothole (GeoJSON: the located ones), streamed from a
//! read-only connection, so a million reports take no more memory than ten.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, ValueEnum};

use pothole_bot::export::{Exporter, Format};
use pothole_bot::store::Reader;
use pothole_bot::store::public::PublicQuery;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Csv,
    Geojson,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// csv or geojson.
    #[arg(long, value_enum)]
    pub format: FormatArg,
    /// Only reports made at or after this date (2026-01-31) or time (2026-01-31T08:00:00Z).
    #[arg(long, value_parser = since)]
    pub since: Option<DateTime<Utc>>,
    /// Only reports made on or before this date (the whole day) or time.
    #[arg(long, value_parser = until)]
    pub until: Option<DateTime<Utc>>,
    /// Write here instead of to stdout.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

fn parse(value: &str, end_of_day: bool) -> Result<DateTime<Utc>, String> {
    if let Ok(t) = DateTime::parse_from_rfc3339(value) {
        return Ok(t.with_timezone(&Utc));
    }
    let day = NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| {
        format!("{value:?} is not a date like 2026-01-31 or a time like 2026-01-31T08:00:00Z")
    })?;
    let time = if end_of_day {
        day.and_hms_opt(23, 59, 59)
    } else {
        day.and_hms_opt(0, 0, 0)
    };
    Ok(time.expect("a valid time of day").and_utc())
}

fn since(value: &str) -> Result<DateTime<Utc>, String> {
    parse(value, false)
}

fn until(value: &str) -> Result<DateTime<Utc>, String> {
    parse(value, true)
}

/// Runs the export against the database at `db`.
pub async fn run(db: &Path, args: ExportArgs) -> anyhow::Result<()> {
    let reader = Reader::open(db, 1)?;
    let out: Box<dyn Write + Send> = match &args.output {
        Some(path) => Box::new(
            std::fs::File::create(path)
                .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?,
        ),
        None => Box::new(std::io::stdout()),
    };
    let format = match args.format {
        FormatArg::Csv => Format::Csv,
        FormatArg::Geojson => Format::GeoJson,
    };
    let query = PublicQuery {
        since_unix: args.since.map(|t| t.timestamp()),
        until_unix: args.until.map(|t| t.timestamp()),
        located_only: format.located_only(),
        oldest_first: true,
        ..PublicQuery::default()
    };
    let exporter = reader
        .scan_public(query, Exporter::new(format, out))
        .await?;
    let (_, n) = exporter.finish()?;
    if let Some(path) = &args.output {
        eprintln!("pothole-bot: {n} reports written to {}", path.display());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_is_the_whole_day_and_a_time_is_exact() {
        assert_eq!(
            since("2026-01-31").unwrap().to_rfc3339(),
            "2026-01-31T00:00:00+00:00"
        );
        assert_eq!(
            until("2026-01-31").unwrap().to_rfc3339(),
            "2026-01-31T23:59:59+00:00"
        );
        assert_eq!(
            since("2026-01-31T08:00:00+01:00").unwrap().to_rfc3339(),
            "2026-01-31T07:00:00+00:00"
        );
        assert!(since("last week").unwrap_err().contains("2026-01-31"));
    }
}
