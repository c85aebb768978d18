//! `pothole-bot grade`: real files, the real binary, a fake vision server; no Telegram token.

#[allow(unused_imports)] // the shared support re-exports what other tests use
mod support;

use serde_json::Value;
use support::cli;
use support::fake_openai::{FakeOpenAi, Flavor, Reply};
use support::fixtures;

#[tokio::test]
async fn grade_prints_a_line_per_image_and_json_with_the_spec_fields() {
    let ai = FakeOpenAi::start().await;
    ai.on_color(
        fixtures::RED,
        Reply::verdict("severe", "Deep hole in the lane"),
    );
    let dir = tempfile::tempdir().unwrap();
    let red = dir.path().join("red.jpg");
    let grey = dir.path().join("grey.png");
    std::fs::write(&red, fixtures::jpeg(1600, 1200, fixtures::RED)).unwrap();
    std::fs::write(&grey, fixtures::png(300, 200, fixtures::GREY)).unwrap();
    let env = cli::vision_env(&ai.url(), &dir.path().join("db.sqlite"));

    let out = cli::run(&["grade", "red.jpg", "grey.png"], &env, dir.path()).await;
    assert_eq!(out.code, Some(0), "{out:?}");
    let lines: Vec<_> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{out:?}");
    assert!(
        lines[0].starts_with("red.jpg: severe (confidence 0.92"),
        "{}",
        lines[0]
    );
    assert!(lines[0].contains("Deep hole in the lane"), "{}", lines[0]);
    assert!(
        lines[0].contains("gpt-4o-mini") && lines[0].contains('$'),
        "{}",
        lines[0]
    );
    assert!(lines[1].starts_with("grey.png: minor"), "{}", lines[1]);
    // The file was scaled down for low detail, as the bot does with files.
    let dims = &ai.requests()[0].image_dims;
    assert!(
        dims.iter()
            .all(|&(w, h)| w.min(h) == 512 || w.max(h) <= 512),
        "{dims:?}"
    );

    let out = cli::run(&["grade", "--json", "red.jpg"], &env, dir.path()).await;
    assert_eq!(out.code, Some(0), "{out:?}");
    let v: Value = serde_json::from_str(out.stdout.trim()).unwrap();
    for field in [
        "image",
        "severity",
        "confidence",
        "depth_mm",
        "width_mm",
        "reason",
        "model",
        "prompt_tokens",
        "completion_tokens",
        "cost_usd",
        "latency_ms",
    ] {
        assert!(v.get(field).is_some(), "{field} missing in {v}");
    }
    assert_eq!(v["severity"], "severe");
    assert_eq!(v["image"], "red.jpg");
    // True cost: the usage the fake billed, at gpt-4o-mini's prices.
    let expected = (v["prompt_tokens"].as_f64().unwrap() * 0.15
        + v["completion_tokens"].as_f64().unwrap() * 0.60)
        / 1e6;
    assert!(
        (v["cost_usd"].as_f64().unwrap() - expected).abs() < 1e-12,
        "{v}"
    );
}

#[tokio::test]
async fn grade_needs_no_telegram_settings_but_names_a_missing_key() {
    let ai = FakeOpenAi::start().await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.jpg"),
        fixtures::jpeg(64, 64, fixtures::GREY),
    )
    .unwrap();
    let mut env = cli::vision_env(&ai.url(), &dir.path().join("db.sqlite"));
    env.remove("OPENAI_API_KEY");
    let out = cli::run(&["grade", "a.jpg"], &env, dir.path()).await;
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(
        out.stderr
            .trim()
            .starts_with("pothole-bot: OPENAI_API_KEY is not set"),
        "{out:?}"
    );
    assert_eq!(out.stderr.trim().lines().count(), 1, "{out:?}");
    assert_eq!(ai.count(), 0);
}

#[tokio::test]
async fn grade_refuses_what_the_bot_refuses_with_the_same_reasons() {
    let ai = FakeOpenAi::start().await;
    let dir = tempfile::tempdir().unwrap();
    let files = [
        ("photo.heic", fixtures::heic_bytes()),
        ("broken.jpg", fixtures::corrupt_jpeg()),
        ("bomb.png", fixtures::huge_dims_png()),
        ("notes.txt", b"just text".to_vec()),
        ("fine.webp", fixtures::webp(64, 48, fixtures::GREY)),
    ];
    for (name, bytes) in &files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    // Over 20 MB: refused before it is read.
    let big = std::fs::File::create(dir.path().join("huge.jpg")).unwrap();
    big.set_len(21 * 1024 * 1024).unwrap();
    let env = cli::vision_env(&ai.url(), &dir.path().join("db.sqlite"));
    let names = [
        "photo.heic",
        "broken.jpg",
        "bomb.png",
        "notes.txt",
        "huge.jpg",
        "missing.jpg",
        "fine.webp",
    ];
    let mut args = vec!["grade"];
    args.extend(names);
    let out = cli::run(&args, &env, dir.path()).await;
    assert_eq!(out.code, Some(1), "{out:?}");
    let line = |name: &str| {
        out.stdout
            .lines()
            .find(|l| l.starts_with(&format!("{name}:")))
            .unwrap_or_else(|| panic!("no line for {name}: {out:?}"))
            .to_owned()
    };
    assert!(line("photo.heic").contains("HEIC images are not supported"));
    assert!(line("broken.jpg").contains("corrupt image"));
    assert!(line("bomb.png").contains("image too large to decode"));
    assert!(line("notes.txt").contains("not a JPEG, PNG or WebP image"));
    assert!(line("huge.jpg").contains("over the 20 MB"));
    assert!(line("missing.jpg").contains("cannot read the file"));
    assert!(line("fine.webp").starts_with("fine.webp: minor"));
    // Only the good image reached the model.
    assert_eq!(ai.count(), 1);
}

#[tokio::test]
async fn grade_runs_several_images_at_once_but_no_more_than_asked() {
    let ai = FakeOpenAi::start().await;
    ai.set_latency(std::time::Duration::from_millis(150));
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec![
        "grade".to_owned(),
        "--concurrency".to_owned(),
        "3".to_owned(),
    ];
    for i in 0..9 {
        let name = format!("p{i}.jpg");
        std::fs::write(
            dir.path().join(&name),
            fixtures::jpeg(64, 64, fixtures::GREY),
        )
        .unwrap();
        args.push(name);
    }
    let env = cli::vision_env(&ai.url(), &dir.path().join("db.sqlite"));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = cli::run(&args, &env, dir.path()).await;
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(out.stdout.lines().count(), 9);
    assert_eq!(ai.max_in_flight(), 3);
    // In the order given, whatever order they finished in.
    let order: Vec<_> = out
        .stdout
        .lines()
        .map(|l| l.split(':').next().unwrap().to_owned())
        .collect();
    assert_eq!(
        order,
        (0..9).map(|i| format!("p{i}.jpg")).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn grade_works_against_every_provider() {
    for flavor in Flavor::ALL {
        let ai = FakeOpenAi::start_as(flavor).await;
        if flavor == Flavor::AzureDeployments {
            ai.set_models(&["pothole-grader"]);
        }
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.jpg"),
            fixtures::jpeg(640, 480, fixtures::GREY),
        )
        .unwrap();
        let mut env = cli::vision_env(&ai.url(), &dir.path().join("db.sqlite"));
        env.insert("OPENAI_PROVIDER".into(), flavor.provider().into());
        if flavor == Flavor::AzureDeployments {
            env.insert("OPENAI_MODEL".into(), "pothole-grader".into());
        }
        let out = cli::run(&["grade", "--json", "a.jpg"], &env, dir.path()).await;
        assert_eq!(
            out.code,
            Some(0),
            "{flavor:?}: {out:?} refused: {:?}",
            ai.rejected()
        );
        let v: Value = serde_json::from_str(out.stdout.trim()).unwrap();
        assert_eq!(v["severity"], "minor", "{flavor:?}");
        assert!(ai.rejected().is_empty(), "{flavor:?}: {:?}", ai.rejected());
    }
}

#[tokio::test]
async fn grade_stops_at_an_error_every_image_would_hit() {
    let ai = FakeOpenAi::start().await;
    ai.set_default(Reply::html(200));
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec![
        "grade".to_owned(),
        "--concurrency".to_owned(),
        "1".to_owned(),
    ];
    for i in 0..5 {
        let name = format!("p{i}.jpg");
        std::fs::write(
            dir.path().join(&name),
            fixtures::jpeg(64, 64, fixtures::GREY),
        )
        .unwrap();
        args.push(name);
    }
    let env = cli::vision_env(&ai.url(), &dir.path().join("db.sqlite"));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = cli::run(&args, &env, dir.path()).await;
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(out.stderr.contains("HTML page"), "{out:?}");
    assert!(out.stderr.contains("OPENAI_BASE_URL"), "{out:?}");
    assert_eq!(ai.count(), 1, "stopped asking after the first");
}
