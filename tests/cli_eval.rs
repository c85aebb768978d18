//! `pothole-bot eval`: the shipped example set, the real binary, a fake vision server that
//! "grades" by the colour at the centre of each picture.

#[allow(unused_imports)] // the shared support re-exports what other tests use
mod support;

use std::path::{Path, PathBuf};

use serde_json::Value;
use support::cli;
use support::fake_openai::{FakeOpenAi, Reply};
use support::fixtures;

// The centre colours examples/make_eval_set.rs draws.
const MINOR: [u8; 3] = [96, 92, 88];
const MODERATE: [u8; 3] = [58, 52, 46];
const SEVERE: [u8; 3] = [40, 56, 84];
const NOT_POTHOLE: [u8; 3] = [70, 150, 60];
const UNCLEAR: [u8; 3] = [12, 12, 12];

fn example_set() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/eval")
}

async fn grading_by_colour() -> FakeOpenAi {
    let ai = FakeOpenAi::start().await;
    ai.set_color_tolerance(20.0);
    ai.on_color(MINOR, Reply::verdict("minor", "Small shallow hole"));
    ai.on_color(
        MODERATE,
        Reply::verdict("moderate", "Wide hole, would jolt a car"),
    );
    ai.on_color(
        SEVERE,
        Reply::verdict("severe", "Deep water-filled hole in the lane"),
    );
    ai.on_color(NOT_POTHOLE, Reply::verdict("not_pothole", "Grass, no road"));
    ai.on_color(UNCLEAR, Reply::verdict("unclear", "Too dark to judge"));
    ai
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walk(from) {
        let rel = entry.strip_prefix(from).unwrap();
        let dest = to.join(rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&entry, dest).unwrap();
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[tokio::test]
async fn eval_on_the_example_set_reports_the_figures_and_a_rerun_pays_nothing() {
    let ai = grading_by_colour().await;
    let work = tempfile::tempdir().unwrap();
    let env = cli::vision_env(&ai.url(), &work.path().join("potholes.db"));
    let set = example_set().display().to_string();
    let out = cli::run(
        &["eval", &set, "--json", "--out", "rows.csv"],
        &env,
        work.path(),
    )
    .await;
    assert_eq!(out.code, Some(0), "{out:?}");
    let v: Value = serde_json::from_str(&out.stdout).expect("JSON");
    let m = &v["models"][0];
    assert_eq!(m["model"], "gpt-4o-mini");
    assert_eq!(m["n"], 10);
    // 8 of 10 right; one severe missed (called moderate), one moderate called severe.
    assert_eq!(m["accuracy"], 0.8);
    assert_eq!(m["severe_recall"], 0.5);
    assert_eq!(m["confusion"]["severe"]["moderate"], 1);
    assert_eq!(m["confusion"]["moderate"]["severe"], 1);
    assert_eq!(m["per_class"]["minor"]["recall"], 1.0);
    assert_eq!(m["per_class"]["severe"]["precision"], 0.5);
    // Hand-computed quadratic kappa for this matrix: 1 - 0.5 / 2 = 0.75.
    assert!((m["kappa"].as_f64().unwrap() - 0.75).abs() < 1e-9, "{m}");
    assert!(m["cost_usd_per_image"].as_f64().unwrap() > 0.0004, "{m}");
    assert!(m["latency_ms_p50"].as_f64().is_some());
    assert_eq!(ai.count(), 10);

    let csv = std::fs::read_to_string(work.path().join("rows.csv")).unwrap();
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("image,label,model,severity,correct")
    );
    assert_eq!(lines.count(), 10);
    assert!(
        csv.contains("broken-edges-in-lane.jpg,severe,gpt-4o-mini,moderate,false"),
        "{csv}"
    );

    // Again: everything from the cache, nothing paid, same figures.
    let again = cli::run(&["eval", &set, "--json"], &env, work.path()).await;
    assert_eq!(again.code, Some(0), "{again:?}");
    let v2: Value = serde_json::from_str(&again.stdout).unwrap();
    assert_eq!(v2["models"][0]["cached"], 10);
    assert_eq!(v2["models"][0]["accuracy"], 0.8);
    assert_eq!(
        v2["models"][0]["cost_usd_per_image"],
        m["cost_usd_per_image"]
    );
    assert_eq!(ai.count(), 10, "a re-run pays for nothing");
}

#[tokio::test]
async fn eval_compares_models_side_by_side() {
    let ai = grading_by_colour().await;
    let work = tempfile::tempdir().unwrap();
    let env = cli::vision_env(&ai.url(), &work.path().join("potholes.db"));
    let set = example_set().display().to_string();
    let out = cli::run(
        &[
            "eval",
            &set,
            "--model",
            "gpt-4o-mini",
            "--model",
            "gpt-4.1-mini",
            "--no-cache",
        ],
        &env,
        work.path(),
    )
    .await;
    assert_eq!(out.code, Some(0), "{out:?}");
    let header = out
        .stdout
        .lines()
        .find(|l| l.contains("gpt-4o-mini") && l.contains("gpt-4.1-mini"))
        .unwrap_or_else(|| panic!("no side-by-side header: {}", out.stdout));
    assert!(header.find("gpt-4o-mini") < header.find("gpt-4.1-mini"));
    for row in [
        "severe recall",
        "accuracy",
        "kappa",
        "cost / image",
        "latency p50 / p95",
    ] {
        assert!(out.stdout.contains(row), "{row}: {}", out.stdout);
    }
    assert!(out.stdout.contains("gpt-4.1-mini: confusion matrix"));
    let models: Vec<String> = ai.requests().iter().map(|r| r.model().to_owned()).collect();
    assert_eq!(models.iter().filter(|m| *m == "gpt-4o-mini").count(), 10);
    assert_eq!(models.iter().filter(|m| *m == "gpt-4.1-mini").count(), 10);
}

#[tokio::test]
async fn one_bad_image_is_counted_and_listed_not_fatal() {
    let ai = grading_by_colour().await;
    let work = tempfile::tempdir().unwrap();
    let set = work.path().join("set");
    copy_dir(&example_set(), &set);
    std::fs::write(set.join("severe/broken.jpg"), fixtures::corrupt_jpeg()).unwrap();
    std::fs::write(set.join("minor/iphone.heic"), fixtures::heic_bytes()).unwrap();
    let env = cli::vision_env(&ai.url(), &work.path().join("potholes.db"));
    let out = cli::run(&["eval", set.to_str().unwrap()], &env, work.path()).await;
    assert_eq!(out.code, Some(1), "errors make a non-zero exit: {out:?}");
    assert!(out.stdout.contains("errors (2):"), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("broken.jpg [gpt-4o-mini]: image: corrupt image"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("iphone.heic [gpt-4o-mini]: image: HEIC images are not supported")
    );
    // The rest were graded.
    assert_eq!(ai.count(), 10);
}

#[tokio::test]
async fn bad_folders_are_refused_before_anything_is_paid() {
    let ai = FakeOpenAi::start().await;
    let work = tempfile::tempdir().unwrap();
    let env = cli::vision_env(&ai.url(), &work.path().join("potholes.db"));

    let flat = work.path().join("flat");
    std::fs::create_dir(&flat).unwrap();
    std::fs::write(flat.join("a.jpg"), fixtures::jpeg(64, 64, fixtures::GREY)).unwrap();
    let out = cli::run(&["eval", "flat"], &env, work.path()).await;
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(
        out.stderr.contains("flat has no labelled subfolders"),
        "{out:?}"
    );

    std::fs::create_dir(flat.join("potholes")).unwrap();
    std::fs::create_dir(flat.join("minor")).unwrap();
    let out = cli::run(&["eval", "flat"], &env, work.path()).await;
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(
        out.stderr.contains("unknown label folder potholes/"),
        "{out:?}"
    );

    let out = cli::run(&["eval", "nowhere"], &env, work.path()).await;
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(
        out.stderr.contains("cannot read the folder nowhere"),
        "{out:?}"
    );
    assert_eq!(ai.count(), 0);
}

#[tokio::test]
async fn a_symlink_loop_is_listed_and_the_rest_graded() {
    let ai = FakeOpenAi::start().await;
    let work = tempfile::tempdir().unwrap();
    let set = work.path().join("set");
    std::fs::create_dir_all(set.join("minor")).unwrap();
    std::fs::write(
        set.join("minor/a.jpg"),
        fixtures::jpeg(64, 64, fixtures::GREY),
    )
    .unwrap();
    std::os::unix::fs::symlink(&set, set.join("minor/loop")).unwrap();
    let env = cli::vision_env(&ai.url(), &work.path().join("potholes.db"));
    let out = cli::run(&["eval", "set"], &env, work.path()).await;
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(out.stdout.contains("symlink loop"), "{}", out.stdout);
    assert_eq!(ai.count(), 1);
}

#[tokio::test]
async fn ten_thousand_images_need_an_explicit_limit_and_show_the_cost() {
    let ai = FakeOpenAi::start().await;
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("big/severe");
    std::fs::create_dir_all(&dir).unwrap();
    for i in 0..10_000 {
        std::fs::write(dir.join(format!("{i:05}.jpg")), b"").unwrap();
    }
    let env = cli::vision_env(&ai.url(), &work.path().join("potholes.db"));
    let out = cli::run(&["eval", "big"], &env, work.path()).await;
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(
        out.stderr
            .contains("holds 10000 images, more than --limit 2000"),
        "{out:?}"
    );
    assert!(
        out.stderr.contains("about $") && out.stderr.contains("--limit 10000"),
        "{out:?}"
    );
    assert_eq!(ai.count(), 0);
}

#[tokio::test]
async fn a_server_that_is_not_chat_completions_stops_the_run_with_a_clear_reason() {
    for (reply, words) in [
        (Reply::html(200), "HTML page"),
        (Reply::event_stream(), "streamed its answer"),
        (Reply::empty(), "empty body"),
    ] {
        let ai = FakeOpenAi::start().await;
        ai.set_default(reply);
        let work = tempfile::tempdir().unwrap();
        let env = cli::vision_env(&ai.url(), &work.path().join("potholes.db"));
        let set = example_set().display().to_string();
        let out = cli::run(&["eval", &set, "--concurrency", "1"], &env, work.path()).await;
        assert_eq!(out.code, Some(1), "{out:?}");
        assert!(out.stderr.contains(words), "{words}: {out:?}");
        assert_eq!(ai.count(), 1, "{words}: stopped after the first answer");
    }
}

#[tokio::test]
async fn an_unknown_model_is_named_and_the_others_still_run() {
    let ai = grading_by_colour().await;
    ai.set_models(&["gpt-4o-mini"]);
    let work = tempfile::tempdir().unwrap();
    let env = cli::vision_env(&ai.url(), &work.path().join("potholes.db"));
    let set = example_set().display().to_string();
    let out = cli::run(
        &[
            "eval",
            &set,
            "--model",
            "gpt-4o-mini",
            "--model",
            "gpt-40-mini",
            "--concurrency",
            "1",
            "--json",
        ],
        &env,
        work.path(),
    )
    .await;
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(out.stderr.contains("gpt-40-mini: stopped"), "{out:?}");
    assert!(out.stderr.contains("does not exist"), "{out:?}");
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["models"][0]["n"], 10);
    assert_eq!(v["models"][1]["n"], 0);
    assert_eq!(ai.count(), 11);
}

/// Prints what an operator sees (for the README); checks only that the commands ran.
#[tokio::test]
#[ignore = "prints the output for a person to look at"]
async fn show_the_output() {
    let ai = grading_by_colour().await;
    let work = tempfile::tempdir().unwrap();
    let env = cli::vision_env(&ai.url(), &work.path().join("potholes.db"));
    let set = example_set();
    std::fs::copy(
        set.join("severe/water-filled-crater.jpg"),
        work.path().join("crater.jpg"),
    )
    .unwrap();
    std::fs::copy(
        set.join("unclear/night-shot.jpg"),
        work.path().join("night.jpg"),
    )
    .unwrap();
    std::fs::write(work.path().join("phone.heic"), fixtures::heic_bytes()).unwrap();
    let grade = cli::run(
        &["grade", "crater.jpg", "night.jpg", "phone.heic"],
        &env,
        work.path(),
    )
    .await;
    assert_eq!(grade.code, Some(1), "{grade:?}");
    println!(
        "$ pothole-bot grade crater.jpg night.jpg phone.heic\n{}",
        grade.stdout
    );
    std::os::unix::fs::symlink(&set, work.path().join("examples-eval")).unwrap();
    let eval = cli::run(
        &[
            "eval",
            "examples-eval",
            "--model",
            "gpt-4o-mini",
            "--model",
            "gpt-4.1-mini",
        ],
        &env,
        work.path(),
    )
    .await;
    assert_eq!(eval.code, Some(0), "{eval:?}");
    println!(
        "$ pothole-bot eval examples/eval --model gpt-4o-mini --model gpt-4.1-mini\n{}",
        eval.stdout
    );
}
