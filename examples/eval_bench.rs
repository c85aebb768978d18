//! How long `pothole-bot eval` takes beyond the model's own time, and whether its memory stays
//! flat as the set grows.
//!
//! ```sh
//! cargo build --release && cargo run --release --example eval_bench -- [--images 1000] [--latency-ms 500] [--concurrency 16]
//! ```
//!
//! Writes a labelled set of `--images` JPEG photos (1600×1200, so each is decoded and scaled
//! down for `low` detail, as a phone photo is) into a temp dir, starts the fake OpenAI server
//! with `--latency-ms` per answer, and runs the release binary `pothole-bot eval DIR
//! --concurrency N --no-cache` against it as a child process. Prints the wall time, the ideal
//! time images × latency / concurrency, the difference (the fixed and per-image overhead), and
//! the child's resident memory sampled every 50 ms, for the full set and for a fifth of it (a
//! flat memory profile has the same peak for both). This is a program that prints figures,
//! not a test.

#[allow(dead_code, unused_imports)]
#[path = "../tests/support"]
mod support {
    pub mod fake_openai;
    pub mod fake_telegram;
    pub mod fixtures;
}

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::fake_openai::FakeOpenAi;
use support::fixtures;

struct Args {
    images: usize,
    latency_ms: u64,
    concurrency: usize,
}

fn parse_args() -> Args {
    let mut a = Args {
        images: 1000,
        latency_ms: 500,
        concurrency: 16,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_default();
        let n: u64 = value
            .parse()
            .unwrap_or_else(|_| panic!("{flag} needs a number"));
        match flag.as_str() {
            "--images" => a.images = n as usize,
            "--latency-ms" => a.latency_ms = n,
            "--concurrency" => a.concurrency = n as usize,
            other => panic!("unknown flag {other}"),
        }
    }
    a
}

/// The release binary beside this example: target/release/examples/eval_bench ->
/// target/release/pothole-bot.
fn bot_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("own path");
    let bin = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/release")
        .join("pothole-bot");
    assert!(
        bin.exists(),
        "{} is missing: run `cargo build --release` first",
        bin.display()
    );
    bin
}

fn write_set(dir: &Path, n: usize) {
    let labels = ["minor", "moderate", "severe", "not_pothole", "unclear"];
    let colors = [
        fixtures::GREEN,
        fixtures::YELLOW,
        fixtures::RED,
        fixtures::BLUE,
        fixtures::GREY,
    ];
    for l in labels {
        std::fs::create_dir_all(dir.join(l)).unwrap();
    }
    for i in 0..n {
        let k = i % labels.len();
        // Distinct bytes per image (a different size each time), like distinct photos.
        let bytes = fixtures::jpeg(1600 + (i % 97) as u32, 1200, colors[k]);
        std::fs::write(dir.join(labels[k]).join(format!("{i:05}.jpg")), bytes).unwrap();
    }
}

fn rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

struct Run {
    wall: Duration,
    rss_samples_kb: Vec<u64>,
    graded: u64,
}

async fn run_eval(
    bin: &Path,
    ai: &FakeOpenAi,
    set: &Path,
    concurrency: usize,
    limit: usize,
) -> Run {
    let work = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let mut child = Command::new(bin)
        .args([
            "eval",
            set.to_str().unwrap(),
            "--concurrency",
            &concurrency.to_string(),
            "--no-cache",
            "--json",
            "--limit",
            &limit.to_string(),
        ])
        .env_clear()
        .env("OPENAI_API_KEY", support::fake_openai::API_KEY)
        .env("OPENAI_BASE_URL", ai.url())
        .env("DATABASE_PATH", work.path().join("db.sqlite"))
        .current_dir(work.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the binary starts");
    let pid = child.id();
    let mut samples = Vec::new();
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || std::io::read_to_string(stdout).unwrap_or_default());
    loop {
        if let Some(kb) = rss_kb(pid) {
            samples.push(kb);
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let wall = started.elapsed();
    let out = reader.join().unwrap();
    let v: serde_json::Value = serde_json::from_str(&out).expect("eval printed JSON");
    Run {
        wall,
        rss_samples_kb: samples,
        graded: v["models"][0]["n"].as_u64().unwrap_or(0),
    }
}

fn summary(name: &str, a: &Args, images: usize, r: &Run) {
    let ideal = images as f64 * a.latency_ms as f64 / 1000.0 / a.concurrency as f64;
    let wall = r.wall.as_secs_f64();
    let peak = r.rss_samples_kb.iter().max().copied().unwrap_or(0);
    let quart = |q: usize| {
        let i = (r.rss_samples_kb.len() * q / 4).min(r.rss_samples_kb.len().saturating_sub(1));
        r.rss_samples_kb.get(i).copied().unwrap_or(0) / 1024
    };
    println!(
        "{name}: {images} images ({} graded), concurrency {}, model latency {} ms",
        r.graded, a.concurrency, a.latency_ms
    );
    println!(
        "  wall {wall:.2} s; ideal {images} × {:.3} s / {} = {ideal:.2} s; overhead {:.2} s ({:.1} ms per image)",
        a.latency_ms as f64 / 1000.0,
        a.concurrency,
        wall - ideal,
        (wall - ideal) * 1000.0 / images as f64
    );
    println!(
        "  RSS at 25/50/75/100 % of the run: {} / {} / {} / {} MB; peak {} MB",
        quart(1),
        quart(2),
        quart(3),
        quart(4),
        peak / 1024
    );
}

#[tokio::main]
async fn main() {
    let a = parse_args();
    let bin = bot_binary();
    let ai = FakeOpenAi::start().await;
    ai.set_record(false);
    ai.set_latency(Duration::from_millis(a.latency_ms));
    let dir = tempfile::tempdir().unwrap();
    let small = dir.path().join("small");
    let full = dir.path().join("full");
    let fifth = (a.images / 5).max(1);
    write_set(&small, fifth);
    write_set(&full, a.images);
    let bytes: u64 = std::fs::read_dir(full.join("severe"))
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum::<u64>()
        * 5;
    println!(
        "set: {} JPEGs of ~1600×1200, ~{} MB on disk",
        a.images,
        bytes / (1024 * 1024)
    );
    let r_small = run_eval(&bin, &ai, &small, a.concurrency, fifth).await;
    summary("fifth", &a, fifth, &r_small);
    let r_full = run_eval(&bin, &ai, &full, a.concurrency, a.images).await;
    summary("full", &a, a.images, &r_full);
    println!("fake model: {} requests answered", ai.count());
}
