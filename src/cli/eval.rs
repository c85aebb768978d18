//! `pothole-bot eval DIR [--model M]… [--json] [--out FILE]`: grades labelled photos with each
//! model and compares the verdicts with the labels.
//!
//! DIR holds one folder per label (`minor/`, `moderate/`, `severe/`, `not_pothole/`,
//! `unclear/`), with images in them (subfolders too). Images are read one at a time as they
//! are graded, never all at once. Each verdict is kept in the database's `eval_cache` by the
//! image's SHA-256, the model, the prompt version and the detail, so a second run — after an
//! interruption, or to add a model — pays only for what it has not seen.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use futures_util::StreamExt;
use pothole_bot::domain::cost::{self, ImageRule};
use pothole_bot::domain::metrics::{self, Confusion, Pair};
use pothole_bot::domain::{ImageDetail, Severity, Verdict};
use pothole_bot::store::Db;
use pothole_bot::store::eval_cache::{CacheKey, Cached};
use pothole_bot::vision::VisionClient;
use pothole_bot::vision::grade::GradeOptions;
use pothole_bot::vision::prompt::PROMPT_VERSION;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::images::{self, ImageFailure};
use super::settings;

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
    /// Images graded at once (default: OPENAI_CONCURRENCY).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub concurrency: Option<u16>,
    /// Refuse to start when DIR holds more images than this (every image is paid for).
    #[arg(long, value_name = "N", default_value_t = 2_000)]
    pub limit: usize,
    /// Do not read or write the cache in DATABASE_PATH.
    #[arg(long)]
    pub no_cache: bool,
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
    runtime.block_on(evaluate(args, settings))
}

/// One image to grade, with the label its folder gives it.
#[derive(Debug, Clone)]
pub struct Item {
    pub label: Severity,
    pub path: PathBuf,
}

/// What was found under DIR.
#[derive(Debug, Default)]
pub struct Scan {
    pub items: Vec<Item>,
    /// Entries that could not be read (symlink loops, permissions), listed as errors.
    pub problems: Vec<(PathBuf, String)>,
    /// Files directly in DIR, outside any label folder (ignored).
    pub loose_files: usize,
}

/// Lists the labelled images under `dir`. Errors are for a DIR that cannot be evaluated
/// at all (exit code 2).
pub fn scan(dir: &Path) -> Result<Scan, String> {
    let expected = "expected minor, moderate, severe, not_pothole, unclear";
    let entries = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read the folder {}: {e}", dir.display()))?;
    let mut labels: Vec<(Severity, PathBuf)> = Vec::new();
    let mut unknown = Vec::new();
    let mut scan = Scan::default();
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot read the folder {}: {e}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        // Follows a symlinked label folder; a dangling one is an unreadable entry.
        match std::fs::metadata(&path) {
            Ok(m) if m.is_dir() => match Severity::ALL.iter().find(|s| s.as_str() == name) {
                Some(&label) => labels.push((label, path)),
                None => unknown.push(name),
            },
            Ok(_) => scan.loose_files += 1,
            Err(e) => scan.problems.push((path, e.to_string())),
        }
    }
    if !unknown.is_empty() {
        unknown.sort();
        let names: Vec<_> = unknown.iter().map(|n| format!("{n}/")).collect();
        return Err(format!(
            "unknown label folder{} {} in {} ({expected}; the folder name is the label)",
            if names.len() == 1 { "" } else { "s" },
            names.join(", "),
            dir.display()
        ));
    }
    if labels.is_empty() {
        return Err(format!(
            "{} has no labelled subfolders: put each photo in {}/<label>/ ({expected})",
            dir.display(),
            dir.display()
        ));
    }
    labels.sort_by_key(|(label, _)| Severity::ALL.iter().position(|s| s == label));
    for (label, folder) in labels {
        let walk = walkdir::WalkDir::new(&folder)
            .follow_links(true)
            .sort_by_file_name();
        for entry in walk {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    let hidden = e.file_name().to_string_lossy().starts_with('.');
                    if !hidden {
                        scan.items.push(Item {
                            label,
                            path: e.into_path(),
                        });
                    }
                }
                Ok(_) => {}
                Err(e) => {
                    let path = e.path().map(Path::to_path_buf).unwrap_or(folder.clone());
                    let why = match e.loop_ancestor() {
                        Some(a) => format!("symlink loop (back to {})", a.display()),
                        None => e
                            .io_error()
                            .map_or_else(|| e.to_string(), |io| io.to_string()),
                    };
                    scan.problems.push((path, why));
                }
            }
        }
    }
    if scan.items.is_empty() {
        return Err(format!(
            "no images in the label folders of {} ({expected})",
            dir.display()
        ));
    }
    Ok(scan)
}

/// One image graded by one model.
#[derive(Debug, Clone)]
struct Row {
    index: usize,
    result: Result<Graded, String>,
}

#[derive(Debug, Clone)]
struct Graded {
    verdict: Verdict,
    answered_model: String,
    prompt_tokens: Option<u64>,
    completion_tokens: Option<u64>,
    cost_usd: Option<f64>,
    latency_ms: u64,
    cached: bool,
}

/// Everything reported about one model.
struct ModelReport {
    model: String,
    rows: Vec<Row>,
    confusion: Confusion,
    /// Why the model's run stopped early, when it did.
    stopped: Option<String>,
}

impl ModelReport {
    fn graded(&self) -> impl Iterator<Item = &Graded> {
        self.rows.iter().filter_map(|r| r.result.as_ref().ok())
    }

    fn errors(&self) -> usize {
        self.rows.iter().filter(|r| r.result.is_err()).count()
    }

    fn costs(&self) -> Vec<f64> {
        self.graded().filter_map(|g| g.cost_usd).collect()
    }

    fn latencies(&self) -> Vec<f64> {
        self.graded().map(|g| g.latency_ms as f64).collect()
    }

    fn prompt_tokens(&self) -> Vec<f64> {
        self.graded()
            .filter_map(|g| g.prompt_tokens.map(|t| t as f64))
            .collect()
    }

    fn cost_per_image(&self) -> Option<f64> {
        // Unknown when any graded image's cost is unknown: a mean of the known ones would
        // understate it.
        let costs = self.costs();
        (costs.len() == self.graded().count())
            .then(|| metrics::mean(&costs))
            .flatten()
    }
}

async fn evaluate(args: Args, settings: settings::ToolSettings) -> ExitCode {
    let scan = match scan(&args.dir) {
        Ok(s) => s,
        Err(e) => return super::usage_error(e),
    };
    let models = if args.models.is_empty() {
        vec![settings.client.model.clone()]
    } else {
        let mut seen = std::collections::HashSet::new();
        args.models
            .iter()
            .filter(|m| seen.insert(m.as_str()))
            .cloned()
            .collect()
    };
    if let Some(bad) = models.iter().find(|m| m.trim().is_empty()) {
        return super::usage_error(format!("--model {bad:?} is not a model name"));
    }
    let detail = settings.client.detail;
    if scan.items.len() > args.limit {
        let estimates: Vec<String> = models
            .iter()
            .map(|m| match estimated_cost_per_image(m, detail) {
                Some(c) => format!("about ${:.2} with {m}", c * scan.items.len() as f64),
                None => format!("an unknown amount with {m}"),
            })
            .collect();
        return super::usage_error(format!(
            "{} holds {} images, more than --limit {}; grading them costs {} at list prices \
             (cached images excepted). Pass --limit {} to go ahead.",
            args.dir.display(),
            scan.items.len(),
            args.limit,
            estimates.join(", "),
            scan.items.len()
        ));
    }
    let db = if args.no_cache {
        None
    } else {
        match Db::open(&settings.database_path) {
            Ok(db) => Some(db),
            Err(e) => {
                return super::usage_error(format!(
                    "DATABASE_PATH: cannot open the eval cache: {e} (or pass --no-cache)"
                ));
            }
        }
    };
    let settings::Grading {
        client: base,
        concurrency,
        options,
    } = match settings.grading(args.concurrency) {
        Ok(g) => g,
        Err(code) => return code,
    };
    let cache_detail = if options.retry_unclear_at_high && detail == ImageDetail::Low {
        format!("{detail}+high")
    } else {
        detail.to_string()
    };
    if scan.loose_files > 0 {
        eprintln!(
            "pothole-bot: {} file(s) directly in {} ignored (not in a label folder)",
            scan.loose_files,
            args.dir.display()
        );
    }

    let mut reports = Vec::new();
    for model in &models {
        let client = base.for_model(model);
        let report = evaluate_model(
            &client,
            &scan.items,
            db.as_ref(),
            &cache_detail,
            concurrency,
            options,
        )
        .await;
        reports.push(report);
    }
    if let Some(db) = &db {
        let _ = db.flush().await;
    }

    if let Some(out) = &args.out
        && let Err(e) = write_csv(out, &scan, &reports)
    {
        eprintln!("pothole-bot: cannot write {}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json_report(&args.dir, &scan, &reports, &cache_detail))
                .expect("JSON serialises")
        );
    } else {
        print!("{}", table(&args.dir, &scan, &reports, &cache_detail));
    }
    let mut failed = !scan.problems.is_empty();
    for r in &reports {
        if let Some(why) = &r.stopped {
            eprintln!("pothole-bot: {}: stopped: {why}", r.model);
        }
        failed |= r.errors() > 0;
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

async fn evaluate_model(
    client: &VisionClient,
    items: &[Item],
    db: Option<&Db>,
    cache_detail: &str,
    concurrency: usize,
    options: GradeOptions,
) -> ModelReport {
    let decode = images::decoders();
    let stop = AtomicBool::new(false);
    let bar = images::progress(items.len() as u64, client.model());
    let mut rows: Vec<Row> = futures_util::stream::iter(items.iter().enumerate())
        .map(|(index, item)| {
            let (decode, stop) = (&decode, &stop);
            async move {
                let result = grade_item(client, item, db, cache_detail, decode, options, stop)
                    .await
                    .map_err(|e| match e {
                        ImageFailure::Skipped => "skipped (the run for this model stopped)".into(),
                        e => e.to_string(),
                    });
                Row { index, result }
            }
        })
        .buffer_unordered(concurrency)
        .inspect(|_| bar.inc(1))
        .collect()
        .await;
    bar.finish_and_clear();
    rows.sort_by_key(|r| r.index);
    let confusion = Confusion::from_pairs(rows.iter().filter_map(|r| {
        let g = r.result.as_ref().ok()?;
        Some(Pair {
            label: items[r.index].label,
            verdict: g.verdict.severity,
        })
    }));
    let stopped = stop
        .load(std::sync::atomic::Ordering::Relaxed)
        .then(|| {
            rows.iter()
                .filter_map(|r| r.result.as_ref().err())
                .find(|e| !e.starts_with("skipped"))
                .cloned()
        })
        .flatten();
    ModelReport {
        model: client.model().to_owned(),
        rows,
        confusion,
        stopped,
    }
}

async fn grade_item(
    client: &VisionClient,
    item: &Item,
    db: Option<&Db>,
    cache_detail: &str,
    decode: &tokio::sync::Semaphore,
    options: GradeOptions,
    stop: &AtomicBool,
) -> Result<Graded, ImageFailure> {
    let bytes = images::read(&item.path).await?;
    let key = CacheKey {
        image_sha256: hex_sha256(&bytes),
        model: client.model().to_owned(),
        prompt_version: PROMPT_VERSION,
        detail: cache_detail.to_owned(),
    };
    if let Some(db) = db {
        match db.eval_cached(key.clone()).await {
            Ok(Some(c)) => {
                return Ok(Graded {
                    verdict: c.verdict,
                    answered_model: c.answered_model,
                    prompt_tokens: c.prompt_tokens,
                    completion_tokens: c.completion_tokens,
                    cost_usd: c.cost_usd,
                    latency_ms: c.latency_ms,
                    cached: true,
                });
            }
            Ok(None) => {}
            Err(e) => tracing::warn!("eval cache lookup failed: {e}"),
        }
    }
    let outcome = images::grade(client, bytes, decode, options, stop).await?;
    let g = outcome.graded;
    let graded = Graded {
        verdict: g.verdict,
        answered_model: g.model,
        prompt_tokens: g.prompt_tokens,
        completion_tokens: g.completion_tokens,
        cost_usd: g.cost_usd,
        latency_ms: g.latency.as_millis() as u64,
        cached: false,
    };
    if let Some(db) = db {
        let value = Cached {
            verdict: graded.verdict.clone(),
            answered_model: graded.answered_model.clone(),
            prompt_tokens: graded.prompt_tokens,
            completion_tokens: graded.completion_tokens,
            cost_usd: graded.cost_usd,
            latency_ms: graded.latency_ms,
        };
        if let Err(e) = db.eval_store(key, value).await {
            tracing::warn!("eval cache write failed: {e}");
        }
    }
    Ok(graded)
}

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A rough list-price cost of one image before any call: the image tokens of a photo prepared
/// for `detail` (1024×768 in, 683×512 at low), ~350 tokens of prompt and schema, ~40 out.
fn estimated_cost_per_image(model: &str, detail: ImageDetail) -> Option<f64> {
    let m = cost::model_cost(model)?;
    let (w, h) = match (detail, m.image) {
        (ImageDetail::Low, ImageRule::Patches { .. }) => (683, 512),
        _ => (1024, 768),
    };
    let image = m.image.tokens(w, h, detail);
    Some(m.prices.cost_usd(image + 350, 40))
}

fn fmt_ratio(v: Option<f64>) -> String {
    v.map_or("–".into(), |v| format!("{v:.2}"))
}

fn fmt_usd(v: Option<f64>) -> String {
    v.map_or("unknown".into(), |v| format!("${v:.6}"))
}

fn fmt_ms(v: Option<f64>) -> String {
    v.map_or("–".into(), |v| {
        format!("{}", Duration::from_millis(v as u64).as_millis())
    })
}

fn table(dir: &Path, scan: &Scan, reports: &[ModelReport], detail: &str) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let mut by_label: BTreeMap<usize, usize> = BTreeMap::new();
    for item in &scan.items {
        *by_label
            .entry(Severity::ALL.iter().position(|s| *s == item.label).unwrap())
            .or_default() += 1;
    }
    let counts: Vec<String> = by_label
        .iter()
        .map(|(i, n)| format!("{} {n}", Severity::ALL[*i]))
        .collect();
    let _ = writeln!(
        out,
        "{} images in {} ({}); prompt v{PROMPT_VERSION}, detail {detail}\n",
        scan.items.len(),
        dir.display(),
        counts.join(", ")
    );
    let width = reports
        .iter()
        .map(|r| r.model.chars().count())
        .max()
        .unwrap_or(0)
        .max(19);
    let head = 24;
    let row = |out: &mut String, name: &str, cells: Vec<String>| {
        let _ = write!(out, "{name:<head$}");
        for c in cells {
            let _ = write!(out, "  {c:>width$}");
        }
        out.push('\n');
    };
    row(
        &mut out,
        "",
        reports.iter().map(|r| r.model.clone()).collect(),
    );
    let each = |f: &dyn Fn(&ModelReport) -> String| reports.iter().map(f).collect::<Vec<_>>();
    row(&mut out, "graded", each(&|r| r.confusion.n().to_string()));
    row(&mut out, "errors", each(&|r| r.errors().to_string()));
    row(
        &mut out,
        "cached (not paid again)",
        each(&|r| r.graded().filter(|g| g.cached).count().to_string()),
    );
    row(
        &mut out,
        "accuracy",
        each(&|r| fmt_ratio(r.confusion.accuracy())),
    );
    row(
        &mut out,
        "severe recall",
        each(&|r| fmt_ratio(r.confusion.recall(Severity::Severe))),
    );
    row(
        &mut out,
        "severe precision",
        each(&|r| fmt_ratio(r.confusion.precision(Severity::Severe))),
    );
    row(
        &mut out,
        "kappa (minor<mod<severe)",
        each(&|r| fmt_ratio(r.confusion.quadratic_kappa())),
    );
    row(
        &mut out,
        "prompt tokens / image",
        each(&|r| {
            metrics::mean(&r.prompt_tokens()).map_or("unknown".into(), |t| format!("{t:.0}"))
        }),
    );
    row(
        &mut out,
        "cost / image",
        each(&|r| fmt_usd(r.cost_per_image())),
    );
    row(
        &mut out,
        "cost p50 / p95",
        each(&|r| {
            let c = r.costs();
            format!(
                "{} / {}",
                fmt_usd(metrics::percentile(&c, 50.0)).trim_start_matches('$'),
                fmt_usd(metrics::percentile(&c, 95.0)).trim_start_matches('$')
            )
        }),
    );
    row(
        &mut out,
        "latency p50 / p95 (ms)",
        each(&|r| {
            let l = r.latencies();
            format!(
                "{} / {}",
                fmt_ms(metrics::percentile(&l, 50.0)),
                fmt_ms(metrics::percentile(&l, 95.0))
            )
        }),
    );
    for r in reports {
        let _ = writeln!(
            out,
            "\n{}: confusion matrix (rows: label, columns: verdict)",
            r.model
        );
        let short = ["minor", "moderate", "severe", "not_pothole", "unclear"];
        let _ = write!(out, "{:<12}", "");
        for s in short {
            let _ = write!(out, " {s:>11}");
        }
        let _ = writeln!(out, " {:>9} {:>9}", "recall", "precision");
        for label in Severity::ALL {
            let _ = write!(out, "{:<12}", label.as_str());
            for verdict in Severity::ALL {
                let _ = write!(out, " {:>11}", r.confusion.get(label, verdict));
            }
            let _ = writeln!(
                out,
                " {:>9} {:>9}",
                fmt_ratio(r.confusion.recall(label)),
                fmt_ratio(r.confusion.precision(label))
            );
        }
    }
    let mut errors: Vec<String> = scan
        .problems
        .iter()
        .map(|(p, e)| format!("  {}: {e}", p.display()))
        .collect();
    for r in reports {
        for row in &r.rows {
            if let Err(e) = &row.result {
                errors.push(format!(
                    "  {} [{}]: {e}",
                    scan.items[row.index].path.display(),
                    r.model
                ));
            }
        }
    }
    if !errors.is_empty() {
        let _ = writeln!(out, "\nerrors ({}):", errors.len());
        for e in errors.iter().take(50) {
            let _ = writeln!(out, "{e}");
        }
        if errors.len() > 50 {
            let _ = writeln!(
                out,
                "  … and {} more (see --out or --json)",
                errors.len() - 50
            );
        }
    }
    out
}

fn json_report(dir: &Path, scan: &Scan, reports: &[ModelReport], detail: &str) -> Value {
    let models: Vec<Value> = reports
        .iter()
        .map(|r| {
            let confusion: serde_json::Map<String, Value> = Severity::ALL
                .iter()
                .map(|&label| {
                    let row: serde_json::Map<String, Value> = Severity::ALL
                        .iter()
                        .map(|&v| (v.as_str().to_owned(), json!(r.confusion.get(label, v))))
                        .collect();
                    (label.as_str().to_owned(), Value::Object(row))
                })
                .collect();
            let per_class: serde_json::Map<String, Value> = Severity::ALL
                .iter()
                .map(|&c| {
                    (
                        c.as_str().to_owned(),
                        json!({
                            "precision": r.confusion.precision(c),
                            "recall": r.confusion.recall(c),
                            "support": r.confusion.support(c),
                        }),
                    )
                })
                .collect();
            let costs = r.costs();
            let latencies = r.latencies();
            let errors: Vec<Value> = r
                .rows
                .iter()
                .filter_map(|row| {
                    let e = row.result.as_ref().err()?;
                    Some(json!({"image": scan.items[row.index].path.display().to_string(), "error": e}))
                })
                .collect();
            json!({
                "model": r.model,
                "n": r.confusion.n(),
                "accuracy": r.confusion.accuracy(),
                "severe_recall": r.confusion.recall(Severity::Severe),
                "kappa": r.confusion.quadratic_kappa(),
                "confusion": confusion,
                "per_class": per_class,
                "cost_usd_per_image": r.cost_per_image(),
                "cost_usd_p50": metrics::percentile(&costs, 50.0),
                "cost_usd_p95": metrics::percentile(&costs, 95.0),
                "cost_usd_total": (costs.len() == r.graded().count()).then(|| costs.iter().sum::<f64>()),
                "prompt_tokens_per_image": metrics::mean(&r.prompt_tokens()),
                "latency_ms_p50": metrics::percentile(&latencies, 50.0),
                "latency_ms_p95": metrics::percentile(&latencies, 95.0),
                "cached": r.graded().filter(|g| g.cached).count(),
                "errors": r.errors(),
                "error_list": errors,
                "stopped": r.stopped,
            })
        })
        .collect();
    let problems: Vec<Value> = scan
        .problems
        .iter()
        .map(|(p, e)| json!({"path": p.display().to_string(), "error": e}))
        .collect();
    json!({
        "dir": dir.display().to_string(),
        "images": scan.items.len(),
        "prompt_version": PROMPT_VERSION,
        "detail": detail,
        "unreadable": problems,
        "models": models,
    })
}

#[derive(serde::Serialize)]
struct CsvRow<'a> {
    image: String,
    label: &'static str,
    model: &'a str,
    severity: Option<&'static str>,
    correct: Option<bool>,
    confidence: Option<f64>,
    depth_mm: Option<u32>,
    width_mm: Option<u32>,
    reason: Option<&'a str>,
    answered_model: Option<&'a str>,
    prompt_tokens: Option<u64>,
    completion_tokens: Option<u64>,
    cost_usd: Option<f64>,
    latency_ms: Option<u64>,
    cached: Option<bool>,
    error: Option<&'a str>,
}

fn write_csv(path: &Path, scan: &Scan, reports: &[ModelReport]) -> Result<(), csv::Error> {
    let mut w = csv::Writer::from_path(path)?;
    for r in reports {
        for row in &r.rows {
            let item = &scan.items[row.index];
            let ok = row.result.as_ref().ok();
            w.serialize(CsvRow {
                image: item.path.display().to_string(),
                label: item.label.as_str(),
                model: &r.model,
                severity: ok.map(|g| g.verdict.severity.as_str()),
                correct: ok.map(|g| g.verdict.severity == item.label),
                confidence: ok.and_then(|g| g.verdict.confidence),
                depth_mm: ok.and_then(|g| g.verdict.depth_mm),
                width_mm: ok.and_then(|g| g.verdict.width_mm),
                reason: ok.map(|g| g.verdict.reason.as_str()),
                answered_model: ok.map(|g| g.answered_model.as_str()),
                prompt_tokens: ok.and_then(|g| g.prompt_tokens),
                completion_tokens: ok.and_then(|g| g.completion_tokens),
                cost_usd: ok.and_then(|g| g.cost_usd),
                latency_ms: ok.map(|g| g.latency_ms),
                cached: ok.map(|g| g.cached),
                error: row.result.as_ref().err().map(String::as_str),
            })?;
        }
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(path: &Path) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, b"x").unwrap();
    }

    #[test]
    fn labels_come_from_the_folder_names_and_subfolders_count() {
        let d = tempfile::tempdir().unwrap();
        touch(&d.path().join("severe/a.jpg"));
        touch(&d.path().join("severe/2026/b.jpg"));
        touch(&d.path().join("minor/c.jpg"));
        touch(&d.path().join("minor/.DS_Store"));
        touch(&d.path().join("README.txt"));
        std::fs::create_dir_all(d.path().join(".git")).unwrap();
        let s = scan(d.path()).unwrap();
        let found: Vec<_> = s
            .items
            .iter()
            .map(|i| (i.label, i.path.file_name().unwrap().to_str().unwrap()))
            .collect();
        assert_eq!(
            found,
            [
                (Severity::Minor, "c.jpg"),
                (Severity::Severe, "b.jpg"),
                (Severity::Severe, "a.jpg")
            ]
        );
        assert_eq!(s.loose_files, 1);
    }

    #[test]
    fn no_label_folders_and_unknown_ones_are_refused_with_the_expected_names() {
        let d = tempfile::tempdir().unwrap();
        touch(&d.path().join("photo.jpg"));
        let e = scan(d.path()).unwrap_err();
        assert!(e.contains("no labelled subfolders"), "{e}");
        assert!(
            e.contains("minor, moderate, severe, not_pothole, unclear"),
            "{e}"
        );
        touch(&d.path().join("Severe/a.jpg"));
        touch(&d.path().join("bad/b.jpg"));
        let e = scan(d.path()).unwrap_err();
        assert!(e.contains("unknown label folders Severe/, bad/"), "{e}");
        assert!(
            scan(&d.path().join("missing"))
                .unwrap_err()
                .contains("cannot read")
        );
        let empty = tempfile::tempdir().unwrap();
        std::fs::create_dir(empty.path().join("minor")).unwrap();
        assert!(scan(empty.path()).unwrap_err().contains("no images"));
    }

    #[test]
    fn a_symlink_loop_is_listed_not_followed_forever() {
        let d = tempfile::tempdir().unwrap();
        touch(&d.path().join("minor/a.jpg"));
        std::os::unix::fs::symlink(d.path().join("minor"), d.path().join("minor/again")).unwrap();
        let s = scan(d.path()).unwrap();
        assert_eq!(s.items.len(), 1);
        assert_eq!(s.problems.len(), 1);
        assert!(s.problems[0].1.contains("symlink loop"), "{:?}", s.problems);
    }

    #[test]
    fn the_estimate_uses_the_cost_table() {
        // gpt-4o-mini at low detail: 2833 + 350 in, 40 out.
        let c = estimated_cost_per_image("gpt-4o-mini", ImageDetail::Low).unwrap();
        assert!((c - (3183.0 * 0.15 + 40.0 * 0.60) / 1e6).abs() < 1e-12);
        assert_eq!(estimated_cost_per_image("llava:7b", ImageDetail::Low), None);
    }
}
