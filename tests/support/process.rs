//! The built binary as a child process (`CARGO_BIN_EXE_pothole-bot`), for tests that kill it,
//! signal it, or read everything it logs.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The bot's binary: the one Cargo built for this test run, or (from an example, where
/// Cargo does not say) the release build beside it.
pub fn binary() -> std::path::PathBuf {
    match option_env!("CARGO_BIN_EXE_pothole-bot") {
        Some(path) => path.into(),
        None => std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/pothole-bot"),
    }
}

/// A running `pothole-bot` process with its stderr captured.
pub struct BotProcess {
    child: Child,
    log: Arc<Mutex<String>>,
}

impl BotProcess {
    /// Starts the binary with exactly `env` (plus PATH), in `dir` (so no stray `.env` is read).
    pub fn start(env: &HashMap<String, String>, dir: &std::path::Path) -> BotProcess {
        BotProcess::start_with_args(&[], env, dir)
    }

    /// Like [`BotProcess::start`], with command-line arguments.
    pub fn start_with_args(
        args: &[&str],
        env: &HashMap<String, String>,
        dir: &std::path::Path,
    ) -> BotProcess {
        let mut child = Command::new(binary())
            .args(args)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .envs(env)
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let log = Arc::new(Mutex::new(String::new()));
        let stderr = child.stderr.take().unwrap();
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let mut log = sink.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        BotProcess { child, log }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGKILL: no shutdown code runs at all.
    pub fn kill(mut self) -> String {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
        self.log()
    }

    /// Sends a signal by name (`TERM`, `INT`) with the system's `kill`.
    pub fn signal(&self, name: &str) {
        let ok = Command::new("kill")
            .args([format!("-{name}"), self.pid().to_string()])
            .status()
            .unwrap()
            .success();
        assert!(ok, "kill -{name} failed");
    }

    /// Waits up to `limit` for the process to exit. Async, so the fakes (on the test's own
    /// runtime) keep answering meanwhile.
    pub async fn wait_exit(&mut self, limit: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                tokio::time::sleep(Duration::from_millis(50)).await;
                return Some(status);
            }
            if Instant::now() > deadline {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Everything logged so far.
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }
}

impl Drop for BotProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs the binary to completion with `env` and returns its exit status and stderr.
pub async fn run_to_exit(
    env: &HashMap<String, String>,
    dir: &std::path::Path,
) -> (ExitStatus, String) {
    let mut p = BotProcess::start(env, dir);
    let status = p
        .wait_exit(Duration::from_secs(20))
        .await
        .expect("the binary exits");
    (status, p.log())
}

/// Runs `pothole-bot ARGS…` to completion: exit status, stdout and stderr.
pub async fn run_command(
    args: &[&str],
    env: &HashMap<String, String>,
    dir: &std::path::Path,
) -> (ExitStatus, Vec<u8>, String) {
    let mut command = tokio::process::Command::new(binary());
    command
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(env)
        .current_dir(dir)
        .stdin(Stdio::null())
        .kill_on_drop(true);
    let out = tokio::time::timeout(Duration::from_secs(60), command.output())
        .await
        .expect("the command finishes")
        .expect("the binary runs");
    (
        out.status,
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
