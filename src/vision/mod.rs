//! The vision model boundary: one Chat Completions call per photo, with Structured Outputs.
//!
//! [`VisionClient::grade`] sends the prepared image (as a base64 `data:` URL — a Telegram
//! file URL would carry the bot token) with the severity scale, retries what may pass
//! (connection errors, timeouts, 408/409/429/5xx) with jittered exponential backoff that
//! honours `retry-after`, and turns everything else into a typed [`VisionError`]. The wire
//! structs are private; the rest of the bot sees a checked [`Verdict`].

pub mod grade;
pub mod image;
pub mod prompt;
pub mod provider;

use std::time::{Duration, Instant};

use base64::Engine;
use reqwest::StatusCode;
use serde::Deserialize;

use crate::config::{Secret, VisionSettings};
use crate::domain::cost::{PriceOverride, prices_for};
use crate::domain::{ImageDetail, Prices, Severity, Verdict};
use image::PreparedImage;
pub use prompt::ReasonLanguages;
use provider::{Auth, Endpoint, Provider, ProviderSetting};

/// Room for the reason a second time, in the citizen's language (about 27 tokens on average,
/// up to about 60 for the longest reason kept).
const CITIZEN_REASON_TOKENS: u32 = 80;
/// Attempts per call before the grader is told to try again later.
const ATTEMPTS: u32 = 3;
/// Longest `retry-after` honoured inside one call; longer waits go back to the grader.
const MAX_INLINE_WAIT: Duration = Duration::from_secs(20);

/// Why a grading call failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum VisionError {
    #[error("the vision API timed out")]
    Timeout,
    #[error("cannot reach the vision API: {0}")]
    Connect(String),
    #[error("the vision API is rate limiting us")]
    RateLimited { retry_after: Option<Duration> },
    #[error("the vision API answered HTTP {status}")]
    Unavailable {
        status: u16,
        retry_after: Option<Duration>,
    },
    #[error("the OpenAI account is out of credit (insufficient_quota): {0}")]
    QuotaExceeded(String),
    #[error("the vision API rejected the request (HTTP {status}): {message}")]
    Rejected { status: u16, message: String },
    #[error("the model refused: {0}")]
    Refused(String),
    #[error("the model's answer was cut off (finish_reason {0})")]
    Truncated(String),
    #[error("the model's answer was blocked by the content filter")]
    ContentFiltered,
    #[error("the model's answer is not a verdict: {0}")]
    Malformed(String),
    /// The server does not speak Chat Completions: HTML, a stream nobody asked for, an
    /// empty 200. The base URL or the provider is wrong.
    #[error("{0}")]
    Protocol(String),
}

impl VisionError {
    /// A short label for metrics: `timeout`, `connect`, `rate_limited`, …
    pub fn kind(&self) -> &'static str {
        match self {
            VisionError::Timeout => "timeout",
            VisionError::Connect(_) => "connect",
            VisionError::RateLimited { .. } => "rate_limited",
            VisionError::Unavailable { .. } => "unavailable",
            VisionError::QuotaExceeded(_) => "quota_exceeded",
            VisionError::Rejected { .. } => "rejected",
            VisionError::Refused(_) => "refused",
            VisionError::Truncated(_) => "truncated",
            VisionError::ContentFiltered => "content_filtered",
            VisionError::Malformed(_) => "malformed",
            VisionError::Protocol(_) => "protocol",
        }
    }

    /// Worth trying again soon: the service or the network may recover.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            VisionError::Timeout
                | VisionError::Connect(_)
                | VisionError::RateLimited { .. }
                | VisionError::Unavailable { .. }
        )
    }

    /// A fault of the set-up (key, model name, account), not of the photo: the operator
    /// must act, and retrying will not help.
    pub fn needs_operator(&self) -> bool {
        matches!(
            self,
            VisionError::QuotaExceeded(_) | VisionError::Rejected { .. } | VisionError::Protocol(_)
        )
    }

    fn retry_after(&self) -> Option<Duration> {
        match self {
            VisionError::RateLimited { retry_after }
            | VisionError::Unavailable { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

/// A verdict with what it cost. Tokens and cost are `None` when the server reported no
/// `usage` (or the model has no known price): unknown, not free.
#[derive(Debug, Clone)]
pub struct Graded {
    pub verdict: Verdict,
    pub model: String,
    pub prompt_tokens: Option<u64>,
    pub completion_tokens: Option<u64>,
    pub cost_usd: Option<f64>,
    /// Time of the successful call (retries not counted).
    pub latency: Duration,
}

impl From<&VisionSettings> for ClientOptions {
    fn from(settings: &VisionSettings) -> ClientOptions {
        ClientOptions {
            base_url: settings.base_url.clone(),
            api_key: settings.api_key.clone(),
            model: settings.model.clone(),
            detail: settings.image_detail,
            provider: settings.provider,
            azure_api_version: settings.azure_api_version.clone(),
            prices: settings.prices,
            timeout: settings.timeout,
            connect_timeout: settings.connect_timeout,
        }
    }
}

/// What a [`VisionClient`] is built from: the vision settings, one model.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    pub base_url: String,
    pub api_key: Secret,
    pub model: String,
    pub detail: ImageDetail,
    pub provider: ProviderSetting,
    pub azure_api_version: String,
    pub prices: PriceOverride,
    pub timeout: Duration,
    pub connect_timeout: Duration,
}

/// The Chat Completions client for one model at one server.
#[derive(Clone)]
pub struct VisionClient {
    http: reqwest::Client,
    options: ClientOptions,
    provider: Provider,
    endpoint: Endpoint,
    /// `None`: a model without a known price (cost unknown).
    prices: Option<Prices>,
    /// First backoff step; tests shorten it.
    backoff: Duration,
}

impl VisionClient {
    pub fn new(settings: &VisionSettings) -> Result<VisionClient, reqwest::Error> {
        VisionClient::with_options(ClientOptions::from(settings))
    }

    /// Idle connections are not capped: there are never more than the caller's concurrency
    /// in flight, so the pool never holds more than that.
    pub fn with_options(options: ClientOptions) -> Result<VisionClient, reqwest::Error> {
        let http = reqwest::Client::builder()
            .connect_timeout(options.connect_timeout)
            .timeout(options.timeout)
            .build()?;
        Ok(VisionClient::assemble(http, options))
    }

    fn assemble(http: reqwest::Client, options: ClientOptions) -> VisionClient {
        let provider = options.provider.resolve(&options.base_url);
        let endpoint = provider::endpoint(
            provider,
            &options.base_url,
            &options.model,
            &options.azure_api_version,
        );
        let prices = prices_for(&options.model, options.prices, provider.is_local());
        VisionClient {
            http,
            options,
            provider,
            endpoint,
            prices,
            backoff: Duration::from_millis(500),
        }
    }

    /// The same server and connection pool, another model (for `eval`). The operator's
    /// price overrides belong to the configured model and are not carried over.
    pub fn for_model(&self, model: &str) -> VisionClient {
        let mut options = self.options.clone();
        if options.model != model {
            options.model = model.to_owned();
            options.prices = PriceOverride::default();
        }
        let mut client = VisionClient::assemble(self.http.clone(), options);
        client.backoff = self.backoff;
        client
    }

    /// The same client at another detail (the retry of an unclear verdict at `high`).
    pub fn at_detail(&self, detail: ImageDetail) -> VisionClient {
        let mut client = self.clone();
        client.options.detail = detail;
        client
    }

    pub fn detail(&self) -> ImageDetail {
        self.options.detail
    }

    pub fn model(&self) -> &str {
        &self.options.model
    }

    pub fn provider(&self) -> Provider {
        self.provider
    }

    /// The prices charged for this model, when known.
    pub fn prices(&self) -> Option<Prices> {
        self.prices
    }

    /// Shortens the first backoff step (tests and `eval` against a fake).
    pub fn set_backoff(&mut self, first: Duration) {
        self.backoff = first;
    }

    /// Grades one image, retrying transient failures a few times; the reason in English.
    pub async fn grade(&self, image: &PreparedImage) -> Result<Graded, VisionError> {
        self.grade_in(image, ReasonLanguages::default()).await
    }

    /// Grades one image with its reason in the staff language, and also in the citizen's
    /// when that differs (`Verdict::citizen_reason`).
    pub async fn grade_in(
        &self,
        image: &PreparedImage,
        langs: ReasonLanguages,
    ) -> Result<Graded, VisionError> {
        let body = self.request_body_in(image, langs);
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.call(&body, langs).await {
                Ok(graded) => return Ok(graded),
                Err(e) if e.is_transient() && attempt < ATTEMPTS => {
                    let wait = match e.retry_after() {
                        Some(after) if after > MAX_INLINE_WAIT => return Err(e),
                        Some(after) => after,
                        None => jittered(self.backoff * 2u32.pow(attempt - 1)),
                    };
                    tracing::warn!(attempt, "vision call failed, retrying in {wait:?}: {e}");
                    tokio::time::sleep(wait).await;
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// The exact bytes sent for `image` with the reason in English (the golden test pins them).
    pub fn request_body(&self, image: &PreparedImage) -> bytes::Bytes {
        self.request_body_in(image, ReasonLanguages::default())
    }

    /// The bytes sent for `image` with the reason in these languages.
    fn request_body_in(&self, image: &PreparedImage, langs: ReasonLanguages) -> bytes::Bytes {
        let data_url = format!(
            "data:{};base64,{}",
            image.mime,
            base64::engine::general_purpose::STANDARD.encode(&image.bytes)
        );
        let system_prompt = prompt::system_prompt(langs);
        let mut body = provider::request_body(
            self.provider,
            &self.endpoint,
            provider::RequestParts {
                model: &self.options.model,
                detail: self.options.detail,
                system_prompt: &system_prompt,
                response_format: prompt::response_format_for(langs),
                data_url: &data_url,
            },
        );
        if langs.citizen.is_some() {
            let field = self.provider.token_limit_field();
            let limit = body[field].as_u64().unwrap_or(0) + u64::from(CITIZEN_REASON_TOKENS);
            body[field] = serde_json::json!(limit);
        }
        serde_json::to_vec(&body)
            .expect("request serialises")
            .into()
    }

    async fn call(
        &self,
        body: &bytes::Bytes,
        langs: ReasonLanguages,
    ) -> Result<Graded, VisionError> {
        let started = Instant::now();
        let request = self.http.post(&self.endpoint.url);
        let request = match self.endpoint.auth {
            Auth::Bearer => request.bearer_auth(self.options.api_key.expose()),
            Auth::ApiKeyHeader => request.header("api-key", self.options.api_key.expose()),
        };
        let response = request
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(reqwest::header::ACCEPT, "application/json")
            // A clone of `Bytes` shares the buffer: retries do not copy the image again.
            .body(body.clone())
            .send()
            .await
            .map_err(network_error)?;
        let status = response.status();
        let retry_after = retry_after(response.headers());
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        let bytes = response.bytes().await.map_err(network_error)?;
        if !status.is_success() {
            if let Some(e) = not_the_protocol(&content_type, &bytes) {
                // An HTML 404 from a web server: the URL is wrong, not the request.
                if !matches!(status.as_u16(), 408 | 409 | 429 | 500..=599) {
                    return Err(e);
                }
            }
            return Err(http_error(status, retry_after, &bytes));
        }
        if let Some(e) = not_the_protocol(&content_type, &bytes) {
            return Err(e);
        }
        let parsed: ChatResponse = serde_json::from_slice(&bytes).map_err(|e| {
            VisionError::Malformed(format!("response is not Chat Completions JSON: {e}"))
        })?;
        let mut graded = self.interpret(parsed, langs)?;
        graded.latency = started.elapsed();
        Ok(graded)
    }

    fn interpret(
        &self,
        response: ChatResponse,
        langs: ReasonLanguages,
    ) -> Result<Graded, VisionError> {
        let usage = response.usage;
        let choice = response
            .choices
            .into_iter()
            .next()
            .ok_or_else(|| VisionError::Malformed("no choices".into()))?;
        let message = choice.message.unwrap_or_default();
        if let Some(refusal) = message.refusal.filter(|r| !r.trim().is_empty()) {
            return Err(VisionError::Refused(refusal));
        }
        match choice.finish_reason.as_deref() {
            Some("content_filter") => return Err(VisionError::ContentFiltered),
            Some("length") => return Err(VisionError::Truncated("length".into())),
            _ => {}
        }
        let content = message
            .content
            .ok_or_else(|| VisionError::Malformed("empty answer".into()))?;
        let mut verdict = parse_verdict(&content)?;
        if let Some(citizen) = langs.citizen {
            verdict = verdict.with_citizen_reason(citizen.code(), &citizen_reason(&content));
        }
        let (prompt_tokens, completion_tokens) = match usage {
            Some(u) => (u.prompt_tokens, u.completion_tokens),
            None => (None, None),
        };
        let cost_usd = match (self.prices, prompt_tokens, completion_tokens) {
            (Some(p), Some(pt), ct) => Some(p.cost_usd(pt, ct.unwrap_or(0))),
            _ => None,
        };
        Ok(Graded {
            verdict,
            model: response
                .model
                .filter(|m| !m.trim().is_empty())
                .unwrap_or_else(|| self.options.model.clone()),
            prompt_tokens,
            completion_tokens,
            cost_usd,
            latency: Duration::ZERO,
        })
    }
}

/// A success or error body that is not JSON at all: an HTML page (the base URL points at a
/// web site or a proxy's login page), an event stream nobody asked for, or nothing.
fn not_the_protocol(content_type: &str, body: &[u8]) -> Option<VisionError> {
    let text = String::from_utf8_lossy(&body[..body.len().min(512)]);
    let start = text.trim_start();
    if start.is_empty() {
        return Some(VisionError::Protocol(
            "the vision API answered with an empty body; is OPENAI_BASE_URL the API's base URL (ending in /v1)?"
                .into(),
        ));
    }
    if content_type.starts_with("text/html") || start.starts_with('<') {
        return Some(VisionError::Protocol(
            "the vision API answered with an HTML page, not JSON; is OPENAI_BASE_URL the API's base URL (ending in /v1), and OPENAI_PROVIDER right?"
                .into(),
        ));
    }
    if content_type.starts_with("text/event-stream") || start.starts_with("data:") {
        return Some(VisionError::Protocol(
            "the vision API streamed its answer (server-sent events) although no stream was asked for; this server is not Chat Completions-compatible as configured"
                .into(),
        ));
    }
    None
}

/// Parses the model's JSON answer leniently (code fences, extra fields, numbers as strings)
/// and checks the severity against the enum ourselves: not every compatible server enforces
/// the schema.
pub fn parse_verdict(content: &str) -> Result<Verdict, VisionError> {
    let raw: RawVerdict = serde_json::from_str(unfenced(content))
        .map_err(|e| VisionError::Malformed(format!("not the verdict JSON: {e}")))?;
    let severity: Severity =
        raw.severity
            .parse()
            .map_err(|e: crate::domain::severity::UnknownSeverity| {
                VisionError::Malformed(e.to_string())
            })?;
    Ok(Verdict::new(
        severity,
        raw.confidence.as_ref().and_then(number),
        raw.depth_mm.as_ref().and_then(number),
        raw.width_mm.as_ref().and_then(number),
        raw.reason.as_deref().unwrap_or(""),
    ))
}

/// The `citizen_reason` of an answer, or `""` (a server that ignored the schema).
fn citizen_reason(content: &str) -> String {
    serde_json::from_str::<serde_json::Value>(unfenced(content))
        .ok()
        .and_then(|v| v.get("citizen_reason")?.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The JSON of an answer, without the Markdown code fence some servers wrap it in.
fn unfenced(content: &str) -> &str {
    let text = content.trim();
    text.strip_prefix("```json")
        .or_else(|| text.strip_prefix("```"))
        .map(|t| t.trim_end().trim_end_matches("```"))
        .unwrap_or(text)
        .trim()
}

fn number(v: &serde_json::Value) -> Option<f64> {
    v.as_f64()
        .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
}

fn jittered(base: Duration) -> Duration {
    base.mul_f64(0.5 + fastrand::f64())
}

fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let secs: f64 = headers
        .get("retry-after-ms")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<f64>().ok())
        .map(|ms| ms / 1000.0)
        .or_else(|| {
            headers
                .get("retry-after")?
                .to_str()
                .ok()?
                .trim()
                .parse()
                .ok()
        })?;
    (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs.min(3600.0)))
}

/// Network errors carry the request URL in their text; drop it so nothing secret is logged.
fn network_error(e: reqwest::Error) -> VisionError {
    if e.is_timeout() {
        VisionError::Timeout
    } else {
        VisionError::Connect(e.without_url().to_string())
    }
}

fn http_error(
    status: StatusCode,
    retry_after: Option<std::time::Duration>,
    body: &[u8],
) -> VisionError {
    let error = serde_json::from_slice::<ErrorBody>(body)
        .ok()
        .and_then(|b| b.error);
    let (message, code) = match &error {
        Some(e) => (
            e.message.clone().unwrap_or_default(),
            e.code
                .as_ref()
                .map(|c| c.to_string().trim_matches('"').to_owned())
                .unwrap_or_default(),
        ),
        None => (
            String::from_utf8_lossy(body).chars().take(200).collect(),
            String::new(),
        ),
    };
    let kind = error
        .as_ref()
        .and_then(|e| e.kind.clone())
        .unwrap_or_default();
    match status.as_u16() {
        429 if code == "insufficient_quota" || kind == "insufficient_quota" => {
            VisionError::QuotaExceeded(message)
        }
        429 => VisionError::RateLimited { retry_after },
        s @ (408 | 409 | 500..=599) => VisionError::Unavailable {
            status: s,
            retry_after,
        },
        s => VisionError::Rejected { status: s, message },
    }
}

#[derive(Deserialize, Default)]
struct ChatResponse {
    #[serde(default)]
    choices: Vec<Choice>,
    usage: Option<Usage>,
    model: Option<String>,
}

#[derive(Deserialize)]
struct Choice {
    message: Option<Message>,
    finish_reason: Option<String>,
}

#[derive(Deserialize, Default)]
struct Message {
    content: Option<String>,
    refusal: Option<String>,
}

#[derive(Deserialize, Default)]
struct Usage {
    prompt_tokens: Option<u64>,
    completion_tokens: Option<u64>,
}

#[derive(Deserialize)]
struct RawVerdict {
    severity: String,
    confidence: Option<serde_json::Value>,
    depth_mm: Option<serde_json::Value>,
    width_mm: Option<serde_json::Value>,
    reason: Option<String>,
}

#[derive(Deserialize)]
struct ErrorBody {
    error: Option<ErrorDetail>,
}

#[derive(Deserialize)]
struct ErrorDetail {
    message: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    // llama.cpp sends an integer here.
    code: Option<serde_json::Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_parse_leniently_but_check_the_enum() {
        let v = parse_verdict(
            "```json\n{\"severity\":\"Severe\",\"confidence\":\"0.9\",\"depth_mm\":70,\"width_mm\":null,\"reason\":\"deep\",\"extra\":1}\n```",
        )
        .unwrap();
        assert_eq!(
            (v.severity, v.confidence, v.depth_mm, v.width_mm),
            (Severity::Severe, Some(0.9), Some(70), None)
        );
        assert!(matches!(
            parse_verdict(r#"{"severity":"apocalyptic","reason":"x"}"#),
            Err(VisionError::Malformed(_))
        ));
        assert!(matches!(
            parse_verdict("I think it is severe"),
            Err(VisionError::Malformed(_))
        ));
    }

    #[test]
    fn http_errors_are_classified_as_openai_documents_them() {
        let body = |code: &str| {
            format!(r#"{{"error":{{"message":"m","type":"t","param":null,"code":"{code}"}}}}"#)
        };
        assert!(matches!(
            http_error(
                StatusCode::TOO_MANY_REQUESTS,
                None,
                body("insufficient_quota").as_bytes()
            ),
            VisionError::QuotaExceeded(_)
        ));
        assert!(
            http_error(
                StatusCode::TOO_MANY_REQUESTS,
                None,
                body("rate_limit_exceeded").as_bytes()
            )
            .is_transient()
        );
        for s in [408, 409, 500, 502, 503, 504] {
            assert!(
                http_error(StatusCode::from_u16(s).unwrap(), None, b"").is_transient(),
                "{s}"
            );
        }
        for s in [400, 401, 403, 404] {
            let e = http_error(StatusCode::from_u16(s).unwrap(), None, body("x").as_bytes());
            assert!(!e.is_transient() && e.needs_operator(), "{s}");
        }
        // llama.cpp's integer codes do not break parsing.
        let e = http_error(
            StatusCode::BAD_REQUEST,
            None,
            br#"{"error":{"code":400,"message":"bad"}}"#,
        );
        assert_eq!(
            e,
            VisionError::Rejected {
                status: 400,
                message: "bad".into()
            }
        );
    }

    /// The exact bytes sent per provider, pinned: any change to the prompt, the schema or a
    /// provider's request shape fails here and shows in review as a diff of
    /// `src/vision/golden/*.json`. After a deliberate change (and a PROMPT_VERSION bump when
    /// the prompt or schema changed): `UPDATE_GOLDEN=1 cargo test --lib golden`.
    #[test]
    fn golden_request_bytes() {
        let image = PreparedImage {
            bytes: b"\xff\xd8\xff\xe0 a tiny stand-in JPEG".to_vec(),
            mime: "image/jpeg",
            width: 4,
            height: 3,
            gps: None,
        };
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/vision/golden");
        for (name, provider, base, model) in [
            (
                "openai",
                "openai",
                "https://api.openai.com/v1",
                "gpt-4o-mini",
            ),
            (
                "openai-reasoning",
                "openai",
                "https://api.openai.com/v1",
                "o4-mini",
            ),
            (
                "azure",
                "azure",
                "https://city.openai.azure.com",
                "pothole-grader",
            ),
            (
                "ollama",
                "ollama",
                "http://localhost:11434/v1",
                "qwen2.5vl:7b",
            ),
            (
                "vllm",
                "vllm",
                "http://gpu:8000/v1",
                "Qwen/Qwen2.5-VL-7B-Instruct",
            ),
            ("llamacpp", "llamacpp", "http://127.0.0.1:8080/v1", "gemma3"),
            (
                "lmstudio",
                "lmstudio",
                "http://127.0.0.1:1234/v1",
                "gemma-3-12b",
            ),
            (
                "gemini",
                "gemini",
                "https://generativelanguage.googleapis.com/v1beta/openai",
                "gemini-2.5-flash",
            ),
        ] {
            let client = VisionClient::with_options(ClientOptions {
                base_url: base.into(),
                api_key: Secret::new("k"),
                model: model.into(),
                detail: ImageDetail::Low,
                provider: provider.parse().unwrap(),
                azure_api_version: provider::AZURE_DEFAULT_API_VERSION.into(),
                prices: PriceOverride::default(),
                timeout: Duration::from_secs(1),
                connect_timeout: Duration::from_secs(1),
            })
            .unwrap();
            let body = client.request_body(&image);
            let got = format!(
                "POST {}\n{}\n",
                client.endpoint.url,
                std::str::from_utf8(&body).unwrap()
            );
            let path = dir.join(format!("{name}.json"));
            if std::env::var_os("UPDATE_GOLDEN").is_some() {
                std::fs::write(&path, &got).unwrap();
                continue;
            }
            let want = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_GOLDEN=1 writes it)", path.display()));
            assert_eq!(
                got, want,
                "{name}: the request changed; see the test's doc comment"
            );
        }
    }

    #[test]
    fn retry_after_headers_are_read_in_seconds_or_milliseconds() {
        let mut h = reqwest::header::HeaderMap::new();
        h.insert("retry-after", "2".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_secs(2)));
        h.insert("retry-after-ms", "250".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_millis(250)));
    }
}
