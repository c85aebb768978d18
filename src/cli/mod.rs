//! The command line: `pothole-bot` (= `pothole-bot run`) runs the bot; the other subcommands
//! (`grade`, `eval`, `export`, `backup`) are one-shot tools that read only the settings they use (grading a photo needs no Telegram
//! token).
//!
//! Each subcommand lives in its own file and returns an [`ExitCode`]: 0 when it did its job,
//! 1 when it ran but something failed, 2 for a bad setting or argument (like clap itself).

pub mod backup;
mod eval;
pub mod export;
mod grade;
mod images;
mod run;
mod settings;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Grades pothole photos with a vision model and alerts road crews on Telegram.
#[derive(Debug, Parser)]
#[command(name = "pothole-bot", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the bot (the default when no subcommand is given).
    Run,
    /// Grade image files with the configured model, as the bot would.
    Grade(grade::Args),
    /// Compare models on labelled photos in DIR/{minor,moderate,severe,not_pothole,unclear}/.
    Eval(eval::Args),
    /// Write the graded potholes as CSV or GeoJSON, to stdout or a file (DATABASE_PATH).
    Export(export::ExportArgs),
    /// Write a consistent copy of the database to FILE, safe while the bot runs
    /// (DATABASE_PATH).
    Backup {
        /// Where the copy goes (replaced if it exists).
        file: PathBuf,
    },
}

impl Cli {
    /// True for `pothole-bot` and `pothole-bot run`.
    pub fn runs_the_bot(&self) -> bool {
        matches!(self.command, None | Some(Command::Run))
    }
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command.unwrap_or(Command::Run) {
        Command::Run => run::run(),
        Command::Grade(args) => grade::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Export(args) => {
            let db = database_path(|k| std::env::var(k).ok());
            match runtime() {
                Ok(rt) => finish(rt.block_on(export::run(&db, args))),
                Err(code) => code,
            }
        }
        Command::Backup { file } => finish(backup::run(
            &database_path(|k| std::env::var(k).ok()),
            &file,
        )),
    }
}

/// `DATABASE_PATH`, the one setting export and backup need.
pub fn database_path(get: impl Fn(&str) -> Option<String>) -> PathBuf {
    get("DATABASE_PATH")
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "potholes.db".to_owned())
        .into()
}

/// Exit code 0, or 1 with the reason in one line.
fn finish(result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("pothole-bot: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// A bad setting or argument: one line, exit code 2.
fn usage_error(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("pothole-bot: {message}");
    ExitCode::from(2)
}

/// A multi-threaded runtime for a subcommand, or exit code 1 with the reason.
fn runtime() -> Result<tokio::runtime::Runtime, ExitCode> {
    tokio::runtime::Runtime::new().map_err(|e| {
        eprintln!("pothole-bot: cannot start the async runtime: {e}");
        ExitCode::FAILURE
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn no_subcommand_means_run() {
        let cli = Cli::try_parse_from(["pothole-bot"]).unwrap();
        assert!(cli.command.is_none());
        let cli = Cli::try_parse_from(["pothole-bot", "run"]).unwrap();
        assert!(matches!(cli.command, Some(Command::Run)));
    }

    #[test]
    fn grade_takes_images_and_json() {
        let cli =
            Cli::try_parse_from(["pothole-bot", "grade", "a.jpg", "b.png", "--json"]).unwrap();
        let Some(Command::Grade(args)) = cli.command else {
            panic!("not grade")
        };
        assert_eq!(args.images.len(), 2);
        assert!(args.json);
        assert!(Cli::try_parse_from(["pothole-bot", "grade"]).is_err());
    }

    #[test]
    fn eval_takes_a_dir_and_repeated_models() {
        let cli = Cli::try_parse_from([
            "pothole-bot",
            "eval",
            "photos",
            "--model",
            "a",
            "--model",
            "b",
            "--out",
            "x.csv",
        ])
        .unwrap();
        let Some(Command::Eval(args)) = cli.command else {
            panic!("not eval")
        };
        assert_eq!(args.models, ["a", "b"]);
        assert_eq!(args.out.as_deref(), Some(std::path::Path::new("x.csv")));
        assert!(!args.json);
    }
}
