//! Every supported kind of server, against a fake that refuses what the real one refuses: the
//! request the bot builds for each provider gets through, and the ones that break the rules of
//! another provider do not (so the fakes really check).

#[allow(unused_imports)] // the shared support re-exports what other tests use
mod support;

use std::time::Duration;

use pothole_bot::config::Secret;
use pothole_bot::domain::ImageDetail;
use pothole_bot::domain::cost::PriceOverride;
use pothole_bot::vision::provider::{self, ProviderSetting};
use pothole_bot::vision::{ClientOptions, VisionClient, VisionError, image};
use support::fake_openai::{self, FakeOpenAi, Flavor, Reply};
use support::fixtures;

fn client(ai: &FakeOpenAi, provider: &str, model: &str) -> VisionClient {
    let mut c = VisionClient::with_options(ClientOptions {
        base_url: ai.url(),
        api_key: Secret::new(fake_openai::API_KEY),
        model: model.to_owned(),
        detail: ImageDetail::Low,
        provider: provider.parse::<ProviderSetting>().unwrap(),
        azure_api_version: provider::AZURE_DEFAULT_API_VERSION.to_owned(),
        prices: PriceOverride::default(),
        timeout: Duration::from_secs(10),
        connect_timeout: Duration::from_secs(5),
    })
    .unwrap();
    c.set_backoff(Duration::from_millis(5));
    c
}

fn photo() -> image::PreparedImage {
    static PHOTO: std::sync::OnceLock<image::PreparedImage> = std::sync::OnceLock::new();
    PHOTO
        .get_or_init(|| {
            image::prepare(fixtures::jpeg(800, 600, fixtures::GREY), ImageDetail::Low).unwrap()
        })
        .clone()
}

#[tokio::test]
async fn every_provider_grades_against_a_fake_that_refuses_what_the_real_one_refuses() {
    for flavor in Flavor::ALL {
        let ai = FakeOpenAi::start_as(flavor).await;
        ai.set_default(Reply::verdict("severe", "Deep hole"));
        let c = client(&ai, flavor.provider(), "gpt-4o-mini");
        let graded = c
            .grade(&photo())
            .await
            .unwrap_or_else(|e| panic!("{flavor:?}: {e}; refused: {:?}", ai.rejected()));
        assert_eq!(graded.verdict.severity.as_str(), "severe", "{flavor:?}");
        assert!(ai.rejected().is_empty(), "{flavor:?}: {:?}", ai.rejected());
        let req = ai.last_request().unwrap();
        let image = &req.body["messages"][1]["content"][0]["image_url"];
        let sends_detail = matches!(
            flavor,
            Flavor::OpenAi | Flavor::AzureDeployments | Flavor::AzureV1
        );
        assert_eq!(image.get("detail").is_some(), sends_detail, "{flavor:?}");
        assert_eq!(req.body["temperature"], 0, "{flavor:?}");
    }
}

#[tokio::test]
async fn auto_detection_picks_openai_for_an_unknown_address() {
    let ai = FakeOpenAi::start().await;
    let c = client(&ai, "auto", "gpt-4o-mini");
    assert_eq!(c.provider(), provider::Provider::OpenAi);
    c.grade(&photo()).await.unwrap();
}

/// The fakes are not a rubber stamp: the OpenAI-shaped request is refused by the servers that
/// refuse parts of it.
#[tokio::test]
async fn the_openai_request_is_refused_where_the_real_servers_refuse_it() {
    for flavor in [
        Flavor::AzureDeployments,
        Flavor::AzureV1,
        Flavor::Ollama,
        Flavor::Vllm,
        Flavor::LlamaCpp,
        Flavor::LmStudio,
        Flavor::Gemini,
    ] {
        let ai = FakeOpenAi::start_as(flavor).await;
        let c = client(&ai, "openai", "gpt-4o-mini");
        let err = c.grade(&photo()).await.unwrap_err();
        assert!(
            matches!(err, VisionError::Rejected { .. }),
            "{flavor:?}: {err}"
        );
        assert!(!ai.rejected().is_empty(), "{flavor:?}");
    }
}

#[tokio::test]
async fn lm_studio_refuses_json_object_and_vllm_needs_a_schema_name() {
    let img = fixtures::jpeg(64, 64, fixtures::GREY);
    for (flavor, edit) in [
        (Flavor::LmStudio, "json_object"),
        (Flavor::Vllm, "no_name"),
        (Flavor::Gemini, "title"),
        (Flavor::Ollama, "max_completion_tokens"),
    ] {
        let ai = FakeOpenAi::start_as(flavor).await;
        let mut body = fake_openai::sample_request("m", &img, "low");
        let iu = &mut body["messages"][1]["content"][1]["image_url"];
        iu.as_object_mut().unwrap().remove("detail");
        match edit {
            "json_object" => body["response_format"] = serde_json::json!({"type": "json_object"}),
            "no_name" => {
                body["response_format"]["json_schema"]
                    .as_object_mut()
                    .unwrap()
                    .remove("name");
            }
            "title" => body["response_format"]["json_schema"]["schema"]["title"] = "Verdict".into(),
            _ => {
                body["max_completion_tokens"] = 100.into();
                body["temperature"] = 0.into();
            }
        }
        let resp = reqwest::Client::new()
            .post(format!("{}/chat/completions", ai.url()))
            .bearer_auth(fake_openai::API_KEY)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 400, "{flavor:?} {edit}");
    }
}

#[tokio::test]
async fn azure_wants_the_api_key_header_not_bearer_and_a_deployment_it_has() {
    let ai = FakeOpenAi::start_as(Flavor::AzureDeployments).await;
    ai.set_models(&["pothole-mini"]);
    let ok = client(&ai, "azure", "pothole-mini");
    ok.grade(&photo()).await.unwrap();
    let unknown = client(&ai, "azure", "gpt-4o-mini");
    let err = unknown.grade(&photo()).await.unwrap_err();
    assert!(
        matches!(err, VisionError::Rejected { status: 404, .. }),
        "{err}"
    );
    // Bearer alone is refused.
    let resp = reqwest::Client::new()
        .post(format!(
            "{}/openai/deployments/pothole-mini/chat/completions?api-version=2024-10-21",
            ai.url()
        ))
        .bearer_auth(fake_openai::API_KEY)
        .json(&fake_openai::sample_request(
            "x",
            &fixtures::jpeg(8, 8, fixtures::GREY),
            "low",
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);
}

#[tokio::test]
async fn reasoning_models_are_asked_without_temperature() {
    let ai = FakeOpenAi::start().await;
    let c = client(&ai, "openai", "o4-mini");
    c.grade(&photo()).await.unwrap();
    let req = ai.last_request().unwrap();
    assert!(req.body.get("temperature").is_none());
    assert!(ai.rejected().is_empty());
}

#[tokio::test]
async fn a_missing_usage_is_an_unknown_cost_not_zero() {
    let ai = FakeOpenAi::start_as(Flavor::LlamaCpp).await;
    ai.set_usage(false);
    let c = client(&ai, "llamacpp", "gemma3");
    let g = c.grade(&photo()).await.unwrap();
    assert_eq!((g.prompt_tokens, g.cost_usd), (None, None));
    // With usage, a local server costs nothing ...
    ai.set_usage(true);
    let g = c.grade(&photo()).await.unwrap();
    assert_eq!(g.cost_usd, Some(0.0));
    // ... and OpenAI's models cost their own prices, not gpt-4o-mini's.
    let ai = FakeOpenAi::start().await;
    let mini = client(&ai, "openai", "gpt-4o-mini")
        .grade(&photo())
        .await
        .unwrap();
    let big = client(&ai, "openai", "gpt-4o")
        .grade(&photo())
        .await
        .unwrap();
    let per_token = |g: &pothole_bot::vision::Graded| {
        g.cost_usd.unwrap() / (g.prompt_tokens.unwrap() + g.completion_tokens.unwrap()) as f64
    };
    assert!(per_token(&big) > 10.0 * per_token(&mini));
    // A deployment with no known price: unknown.
    let ai = FakeOpenAi::start_as(Flavor::AzureV1).await;
    let g = client(&ai, "azure", "city-grader")
        .grade(&photo())
        .await
        .unwrap();
    assert!(g.prompt_tokens.is_some());
    assert_eq!(g.cost_usd, None);
}

#[tokio::test]
async fn html_streams_and_empty_bodies_are_protocol_errors_for_the_operator() {
    let ai = FakeOpenAi::start().await;
    let c = client(&ai, "openai", "gpt-4o-mini");
    for reply in [
        Reply::html(200),
        Reply::html(404),
        Reply::event_stream(),
        Reply::empty(),
    ] {
        ai.push(reply);
        let err = c.grade(&photo()).await.unwrap_err();
        assert!(matches!(err, VisionError::Protocol(_)), "{err}");
        assert!(err.needs_operator());
        assert!(err.to_string().contains("OPENAI_BASE_URL") || err.to_string().contains("stream"));
    }
}

#[tokio::test]
async fn an_unknown_model_is_a_clear_rejection() {
    for flavor in [Flavor::OpenAi, Flavor::Ollama, Flavor::Vllm] {
        let ai = FakeOpenAi::start_as(flavor).await;
        ai.set_models(&["gpt-4o-mini"]);
        let c = client(&ai, flavor.provider(), "gpt-40-mini");
        let err = c.grade(&photo()).await.unwrap_err();
        assert!(
            matches!(&err, VisionError::Rejected { status: 404, message } if message.contains("gpt-40-mini")),
            "{flavor:?}: {err}"
        );
    }
}
