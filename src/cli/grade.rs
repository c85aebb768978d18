//! `pothole-bot grade IMAGE… [--json]`: grades image files with the configured model, with
//! the bot's own image preparation, prompt, schema and client.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use futures_util::StreamExt;
use pothole_bot::vision::grade::Outcome;
use serde_json::json;

use super::images::{self, ImageFailure};
use super::settings;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Image files (JPEG, PNG or WebP).
    #[arg(required = true, value_name = "IMAGE")]
    pub images: Vec<PathBuf>,
    /// Print one JSON object per line and image instead of a readable line.
    #[arg(long)]
    pub json: bool,
    /// Images graded at once (default: OPENAI_CONCURRENCY).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub concurrency: Option<u16>,
}

pub fn run(args: Args) -> ExitCode {
    let settings = match settings::from_env() {
        Ok(s) => s,
        Err(e) => return super::usage_error(e),
    };
    let runtime = match super::runtime() {
        Ok(r) => r,
        Err(code) => return code,
    };
    runtime.block_on(grade_all(args, settings))
}

async fn grade_all(args: Args, settings: settings::ToolSettings) -> ExitCode {
    let settings::Grading {
        client,
        concurrency,
        options,
    } = match settings.grading(args.concurrency) {
        Ok(g) => g,
        Err(code) => return code,
    };
    let decode = images::decoders();
    let stop = AtomicBool::new(false);
    let bar = images::progress(args.images.len() as u64, "grading");
    let mut results = futures_util::stream::iter(args.images.iter())
        .map(|path| {
            let (client, decode, stop) = (&client, &decode, &stop);
            async move {
                let outcome = match images::read(path).await {
                    Ok(bytes) => images::grade(client, bytes, decode, options, stop).await,
                    Err(e) => Err(e),
                };
                (path, outcome)
            }
        })
        .buffered(concurrency);
    let mut failed = 0;
    let mut stopped_by = None;
    while let Some((path, outcome)) = results.next().await {
        bar.inc(1);
        if let Err(e) = &outcome {
            failed += 1;
            if e.stops_the_run() && stopped_by.is_none() {
                stopped_by = Some(e.to_string());
            }
        }
        let line = if args.json {
            json_line(path, &outcome)
        } else {
            readable_line(path, &outcome)
        };
        bar.suspend(|| println!("{line}"));
    }
    bar.finish_and_clear();
    if let Some(e) = stopped_by {
        eprintln!("pothole-bot: grading stopped: {e}");
    }
    if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// `photo.jpg: severe (confidence 0.92, depth ~110 mm, width ~700 mm) — Deep hole.
/// gpt-4o-mini, 2912+21 tokens, $0.000449, 812 ms`
fn readable_line(path: &Path, outcome: &Result<Outcome, ImageFailure>) -> String {
    let o = match outcome {
        Ok(o) => o,
        Err(e) => return format!("{}: not graded — {e}", path.display()),
    };
    let g = &o.graded;
    let v = &g.verdict;
    let mut facts = Vec::new();
    if let Some(c) = v.confidence {
        facts.push(format!("confidence {c:.2}"));
    }
    if let Some(d) = v.depth_mm {
        facts.push(format!("depth ~{d} mm"));
    }
    if let Some(w) = v.width_mm {
        facts.push(format!("width ~{w} mm"));
    }
    let facts = if facts.is_empty() {
        String::new()
    } else {
        format!(" ({})", facts.join(", "))
    };
    let tokens = match (g.prompt_tokens, g.completion_tokens) {
        (Some(p), Some(c)) => format!("{p}+{c} tokens"),
        (Some(p), None) => format!("{p} prompt tokens"),
        _ => "tokens unknown".to_owned(),
    };
    let cost = g
        .cost_usd
        .map_or("cost unknown".to_owned(), |c| format!("${c:.6}"));
    let retried = if o.retried_at_high {
        ", unclear at low detail so asked again at high"
    } else {
        ""
    };
    format!(
        "{}: {}{facts} — {}. {}, {tokens}, {cost}, {} ms{retried}",
        path.display(),
        v.severity,
        v.reason.trim_end_matches('.'),
        g.model,
        g.latency.as_millis()
    )
}

fn json_line(path: &Path, outcome: &Result<Outcome, ImageFailure>) -> String {
    let value = match outcome {
        Ok(o) => {
            let g = &o.graded;
            let v = &g.verdict;
            json!({
                "image": path.display().to_string(),
                "severity": v.severity.as_str(),
                "confidence": v.confidence,
                "depth_mm": v.depth_mm,
                "width_mm": v.width_mm,
                "reason": v.reason,
                "model": g.model,
                "prompt_tokens": g.prompt_tokens,
                "completion_tokens": g.completion_tokens,
                "cost_usd": g.cost_usd,
                "latency_ms": g.latency.as_millis() as u64,
                "detail": o.detail.as_str(),
                "retried_at_high": o.retried_at_high,
            })
        }
        Err(e) => json!({
            "image": path.display().to_string(),
            "error": e.to_string(),
        }),
    };
    value.to_string()
}
