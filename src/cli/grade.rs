//! `pothole-bot grade IMAGE… [--json]`: grades image files with the configured model, with
//! the bot's own image preparation, prompt, schema and client.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Image files (JPEG, PNG or WebP).
    #[arg(required = true, value_name = "IMAGE")]
    pub images: Vec<PathBuf>,
    /// Print one JSON object per image instead of a readable line.
    #[arg(long)]
    pub json: bool,
}

pub fn run(_args: Args) -> ExitCode {
    super::usage_error("grade is not built yet")
}
