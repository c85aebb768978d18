//! The differences between OpenAI-compatible servers, all in one place: where the request
//! goes, how the key is sent, and which fields of the request each server accepts.
//!
//! What each server accepts (their docs and source, summarised):
//! - OpenAI: everything below; `max_completion_tokens`; reasoning models (o-series, gpt-5)
//!   refuse any `temperature` but the default.
//! - Azure OpenAI: the key in an `api-key` header; either the deployment path
//!   `/openai/deployments/{deployment}/chat/completions?api-version=…` (json_schema needs
//!   api-version 2024-08-01-preview or later) or the v1 API under `/openai/v1/` with the
//!   deployment as `model` and no api-version.
//! - Ollama: reads `max_tokens` and silently drops `max_completion_tokens`; forces
//!   temperature 1.0 when none is sent; ignores `detail` and json_schema's `name`/`strict`.
//! - vLLM: json_schema's `name` is required; "image_url.detail parameter is not supported".
//! - llama.cpp: the nested `json_schema.schema` form; `max_tokens`; ignores `detail`.
//! - LM Studio: `response_format.type` must be `json_schema` or `text` (never
//!   `json_object`); `max_tokens`.
//! - Gemini's OpenAI endpoint: a 400 on any field it does not know, and on some schema
//!   keywords (`$schema`, `title`).
//!
//! So the request is the portable subset: always `name`, an explicit `temperature`, one
//! token-limit field, `detail` only where it means something, and a schema without `$schema`
//! or `title`. Several servers ignore `strict`, so the answer is always validated on our side.

use std::fmt;
use std::str::FromStr;

use serde_json::{Value, json};

use crate::domain::ImageDetail;

/// A kind of Chat Completions server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Provider {
    OpenAi,
    Azure,
    Ollama,
    Vllm,
    LlamaCpp,
    LmStudio,
    Gemini,
}

/// `OPENAI_PROVIDER`: a provider, or `auto` (recognised from `OPENAI_BASE_URL`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ProviderSetting {
    #[default]
    Auto,
    Is(Provider),
}

/// The api-version sent to Azure deployments unless `AZURE_OPENAI_API_VERSION` says
/// otherwise: the GA version with Structured Outputs.
pub const AZURE_DEFAULT_API_VERSION: &str = "2024-10-21";

impl Provider {
    pub const ALL: [Provider; 7] = [
        Provider::OpenAi,
        Provider::Azure,
        Provider::Ollama,
        Provider::Vllm,
        Provider::LlamaCpp,
        Provider::LmStudio,
        Provider::Gemini,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Provider::OpenAi => "openai",
            Provider::Azure => "azure",
            Provider::Ollama => "ollama",
            Provider::Vllm => "vllm",
            Provider::LlamaCpp => "llamacpp",
            Provider::LmStudio => "lmstudio",
            Provider::Gemini => "gemini",
        }
    }

    /// Guesses the provider from the base URL: the hosted APIs by host name, the local
    /// servers by their default ports (Ollama 11434, LM Studio 1234, vLLM 8000, llama.cpp
    /// 8080). Anything else is taken to be OpenAI itself or a faithful copy.
    pub fn detect(base_url: &str) -> Provider {
        let Ok(url) = reqwest::Url::parse(base_url) else {
            return Provider::OpenAi;
        };
        let host = url.host_str().unwrap_or("").to_ascii_lowercase();
        if host.ends_with(".openai.azure.com")
            || host.ends_with(".cognitiveservices.azure.com")
            || host.ends_with(".services.ai.azure.com")
        {
            return Provider::Azure;
        }
        if host == "generativelanguage.googleapis.com" {
            return Provider::Gemini;
        }
        if host == "api.openai.com" {
            return Provider::OpenAi;
        }
        match url.port() {
            Some(11434) => Provider::Ollama,
            Some(1234) => Provider::LmStudio,
            Some(8000) => Provider::Vllm,
            Some(8080) => Provider::LlamaCpp,
            _ => Provider::OpenAi,
        }
    }

    /// A server on the operator's own hardware: no per-token price.
    pub fn is_local(self) -> bool {
        matches!(
            self,
            Provider::Ollama | Provider::Vllm | Provider::LlamaCpp | Provider::LmStudio
        )
    }

    /// Whether `image_url.detail` is sent. Only OpenAI's models use it; vLLM rejects it,
    /// Gemini rejects unknown fields, the others ignore it.
    pub fn sends_detail(self) -> bool {
        matches!(self, Provider::OpenAi | Provider::Azure)
    }

    /// The name of the answer-length field this server reads.
    pub(crate) fn token_limit_field(self) -> &'static str {
        match self {
            Provider::OpenAi | Provider::Azure => "max_completion_tokens",
            _ => "max_tokens",
        }
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ProviderSetting {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let word = s.trim().to_ascii_lowercase().replace(['-', '_', '.'], "");
        if word == "auto" {
            return Ok(ProviderSetting::Auto);
        }
        let word = match word.as_str() {
            "azureopenai" => "azure",
            "llama" | "llamaserver" => "llamacpp",
            other => other,
        };
        Provider::ALL
            .into_iter()
            .find(|p| p.as_str() == word)
            .map(ProviderSetting::Is)
            .ok_or_else(|| {
                format!(
                    "{s:?} is not one of openai, azure, ollama, vllm, llamacpp, lmstudio, gemini, auto"
                )
            })
    }
}

impl ProviderSetting {
    pub fn resolve(self, base_url: &str) -> Provider {
        match self {
            ProviderSetting::Auto => Provider::detect(base_url),
            ProviderSetting::Is(p) => p,
        }
    }
}

/// How the key travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// `Authorization: Bearer <key>`.
    Bearer,
    /// `api-key: <key>` (Azure).
    ApiKeyHeader,
}

/// Where a model's requests go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub url: String,
    pub auth: Auth,
    /// Whether the body names the model (Azure deployments carry it in the path instead).
    pub model_in_body: bool,
}

/// The endpoint for `model` at `base_url` (no trailing slash).
///
/// Azure: a base URL ending in `/openai/v1` is the v1 API; anything else is the resource
/// endpoint, and the deployment (`model`) and api-version go into the path.
pub fn endpoint(provider: Provider, base_url: &str, model: &str, api_version: &str) -> Endpoint {
    let base = base_url.trim_end_matches('/');
    if provider != Provider::Azure {
        return Endpoint {
            url: format!("{base}/chat/completions"),
            auth: Auth::Bearer,
            model_in_body: true,
        };
    }
    if base.ends_with("/openai/v1") {
        return Endpoint {
            url: format!("{base}/chat/completions"),
            auth: Auth::ApiKeyHeader,
            model_in_body: true,
        };
    }
    let resource = base.strip_suffix("/openai").unwrap_or(base);
    Endpoint {
        url: format!(
            "{resource}/openai/deployments/{}/chat/completions?api-version={}",
            utf8_percent_encode_path(model),
            utf8_percent_encode_path(api_version)
        ),
        auth: Auth::ApiKeyHeader,
        model_in_body: false,
    }
}

/// Keeps a path segment a path segment (deployment names are simple, but a stray `/` or `?`
/// must not change the URL's shape).
fn utf8_percent_encode_path(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// OpenAI's reasoning models (o1, o3, o4-mini, gpt-5 and its mini/nano, not gpt-5-chat):
/// they refuse a `temperature` other than the default and spend hidden reasoning tokens out
/// of the answer's token limit.
pub fn is_reasoning_model(model: &str) -> bool {
    let m = model.trim().to_ascii_lowercase();
    let m = m.rsplit('/').next().unwrap_or(&m);
    let o_series = m.len() >= 2
        && m.starts_with('o')
        && m.as_bytes()[1].is_ascii_digit()
        && !m.contains("audio");
    o_series || (m.starts_with("gpt-5") && !m.contains("chat"))
}

/// Answer tokens allowed; a verdict needs about 40.
pub const MAX_ANSWER_TOKENS: u32 = 120;
/// Answer tokens allowed a reasoning model, whose hidden reasoning counts against the limit.
pub const MAX_REASONING_TOKENS: u32 = 2_000;

/// What one grading request says, independent of the server.
pub struct RequestParts<'a> {
    pub model: &'a str,
    pub detail: ImageDetail,
    pub system_prompt: &'a str,
    pub response_format: Value,
    pub data_url: &'a str,
}

/// The request body for `provider`: the portable subset described at the top of this file.
pub fn request_body(provider: Provider, endpoint: &Endpoint, parts: RequestParts<'_>) -> Value {
    let mut image = json!({ "url": parts.data_url });
    if provider.sends_detail() {
        image["detail"] = json!(parts.detail.as_str());
    }
    let mut body = serde_json::Map::new();
    if endpoint.model_in_body {
        body.insert("model".into(), json!(parts.model));
    }
    let reasoning =
        matches!(provider, Provider::OpenAi | Provider::Azure) && is_reasoning_model(parts.model);
    if reasoning {
        body.insert("reasoning_effort".into(), json!("low"));
        body.insert(
            provider.token_limit_field().into(),
            json!(MAX_REASONING_TOKENS),
        );
    } else {
        body.insert("temperature".into(), json!(0));
        body.insert(
            provider.token_limit_field().into(),
            json!(MAX_ANSWER_TOKENS),
        );
    }
    body.insert("response_format".into(), parts.response_format);
    // The user turn is the image alone: the citizen's caption never reaches the model.
    body.insert(
        "messages".into(),
        json!([
            { "role": "system", "content": parts.system_prompt },
            { "role": "user", "content": [ { "type": "image_url", "image_url": image } ] }
        ]),
    );
    Value::Object(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(provider: Provider, model: &str, base: &str) -> (Endpoint, Value) {
        let ep = endpoint(provider, base, model, AZURE_DEFAULT_API_VERSION);
        let b = request_body(
            provider,
            &ep,
            RequestParts {
                model,
                detail: ImageDetail::Low,
                system_prompt: "grade",
                response_format: json!({"type": "json_schema"}),
                data_url: "data:image/jpeg;base64,AAAA",
            },
        );
        (ep, b)
    }

    #[test]
    fn providers_are_recognised_from_the_url() {
        for (url, p) in [
            ("https://api.openai.com/v1", Provider::OpenAi),
            ("https://city.openai.azure.com", Provider::Azure),
            ("https://city.openai.azure.com/openai/v1", Provider::Azure),
            ("https://x.cognitiveservices.azure.com", Provider::Azure),
            (
                "https://generativelanguage.googleapis.com/v1beta/openai",
                Provider::Gemini,
            ),
            ("http://localhost:11434/v1", Provider::Ollama),
            ("http://127.0.0.1:1234/v1", Provider::LmStudio),
            ("http://gpu-box:8000/v1", Provider::Vllm),
            ("http://127.0.0.1:8080/v1", Provider::LlamaCpp),
            ("http://127.0.0.1:45678/v1", Provider::OpenAi),
        ] {
            assert_eq!(Provider::detect(url), p, "{url}");
        }
    }

    #[test]
    fn the_setting_parses_every_name_and_auto() {
        for p in Provider::ALL {
            assert_eq!(p.as_str().parse(), Ok(ProviderSetting::Is(p)));
        }
        assert_eq!("AUTO".parse(), Ok(ProviderSetting::Auto));
        assert_eq!(
            "llama.cpp".parse(),
            Ok(ProviderSetting::Is(Provider::LlamaCpp))
        );
        assert!("anthropic".parse::<ProviderSetting>().is_err());
    }

    #[test]
    fn azure_deployments_carry_the_deployment_and_api_version_in_the_path() {
        let (ep, b) = body(
            Provider::Azure,
            "pothole-4o-mini",
            "https://city.openai.azure.com",
        );
        assert_eq!(
            ep.url,
            "https://city.openai.azure.com/openai/deployments/pothole-4o-mini/chat/completions?api-version=2024-10-21"
        );
        assert_eq!(ep.auth, Auth::ApiKeyHeader);
        assert!(b.get("model").is_none());
        assert!(b.get("max_completion_tokens").is_some());
        // A base URL that already ends in /openai is the same resource.
        let ep2 = endpoint(
            Provider::Azure,
            "https://city.openai.azure.com/openai/",
            "d",
            "v",
        );
        assert_eq!(
            ep2.url,
            "https://city.openai.azure.com/openai/deployments/d/chat/completions?api-version=v"
        );
    }

    #[test]
    fn azure_v1_names_the_deployment_as_the_model() {
        let (ep, b) = body(
            Provider::Azure,
            "dep",
            "https://city.openai.azure.com/openai/v1",
        );
        assert_eq!(
            ep.url,
            "https://city.openai.azure.com/openai/v1/chat/completions"
        );
        assert_eq!(b["model"], "dep");
        assert_eq!(ep.auth, Auth::ApiKeyHeader);
    }

    #[test]
    fn local_servers_get_max_tokens_an_explicit_temperature_and_no_detail() {
        for p in [
            Provider::Ollama,
            Provider::Vllm,
            Provider::LlamaCpp,
            Provider::LmStudio,
            Provider::Gemini,
        ] {
            let (ep, b) = body(p, "m", "http://127.0.0.1:9/v1");
            assert_eq!(ep.url, "http://127.0.0.1:9/v1/chat/completions");
            assert_eq!(b["max_tokens"], MAX_ANSWER_TOKENS, "{p}");
            assert!(b.get("max_completion_tokens").is_none(), "{p}");
            assert_eq!(b["temperature"], 0, "{p}");
            let image = &b["messages"][1]["content"][0]["image_url"];
            assert!(image.get("detail").is_none(), "{p}");
        }
        let (_, b) = body(Provider::OpenAi, "gpt-4o-mini", "https://api.openai.com/v1");
        assert_eq!(b["messages"][1]["content"][0]["image_url"]["detail"], "low");
        assert_eq!(b["max_completion_tokens"], MAX_ANSWER_TOKENS);
    }

    #[test]
    fn reasoning_models_get_no_temperature_and_room_to_think() {
        assert!(is_reasoning_model("o4-mini"));
        assert!(is_reasoning_model("gpt-5-mini-2025-08-07"));
        assert!(!is_reasoning_model("gpt-5-chat-latest"));
        assert!(!is_reasoning_model("gpt-4o-mini"));
        assert!(!is_reasoning_model("ollama"));
        let (_, b) = body(Provider::OpenAi, "o4-mini", "https://api.openai.com/v1");
        assert!(b.get("temperature").is_none());
        assert_eq!(b["max_completion_tokens"], MAX_REASONING_TOKENS);
        // Only OpenAI's own servers know these rules.
        let (_, b) = body(Provider::Ollama, "o4-mini", "http://127.0.0.1:11434/v1");
        assert_eq!(b["temperature"], 0);
    }
}
