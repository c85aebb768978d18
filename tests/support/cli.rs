//! Runs `pothole-bot <subcommand>` to completion, as an operator would, with exactly the given
//! environment (no `.env`: it runs in a temp dir), and captures what it prints.

use std::collections::HashMap;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

/// What a run printed and how it ended.
#[derive(Debug)]
pub struct Output {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the binary with `args` and `env` in `dir`; async so the fakes keep answering.
pub async fn run(args: &[&str], env: &HashMap<String, String>, dir: &Path) -> Output {
    let child = tokio::process::Command::new(super::process::binary())
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(env)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("the binary starts");
    let out = tokio::time::timeout(Duration::from_secs(120), child.wait_with_output())
        .await
        .expect("the command finishes")
        .expect("the command runs");
    Output {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The settings `grade` and `eval` need to talk to `ai`, and nothing of Telegram's.
pub fn vision_env(base_url: &str, db: &Path) -> HashMap<String, String> {
    [
        ("OPENAI_API_KEY", super::fake_openai::API_KEY.to_owned()),
        ("OPENAI_BASE_URL", base_url.to_owned()),
        ("DATABASE_PATH", db.display().to_string()),
        ("OPENAI_TIMEOUT_SECS", "5".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}
