//! `pothole-bot eval DIR [--model M]… [--json] [--out FILE]`: grades labelled photos with each
//! model and compares the verdicts with the labels.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A folder with subfolders minor/, moderate/, severe/, not_pothole/ and unclear/.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// A model to evaluate; repeat to compare several (default: OPENAI_MODEL).
    #[arg(long = "model", value_name = "M")]
    pub models: Vec<String>,
    /// Print the results as JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Also write one CSV row per image and model to FILE.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

pub fn run(_args: Args) -> ExitCode {
    super::usage_error("eval is not built yet")
}
