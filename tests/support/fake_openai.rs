//! A fake OpenAI Chat Completions server on 127.0.0.1 for tests and the load test.
//!
//! Serves `POST /v1/chat/completions` with scripted replies (a queue of one-shot replies, then
//! colour rules, then a default), computes `usage` the way OpenAI bills gpt-4o-mini (text is an
//! estimate: ceil(chars / 4)), and records requests without keeping base64 images in memory.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::extract::{Request, State as AxState};
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde_json::{Value, json};
use tokio::sync::Notify;

use super::fake_telegram::dropped_connection;
use super::fixtures;

/// The API key the fake accepts (`Authorization: Bearer {API_KEY}`).
pub const API_KEY: &str = "sk-test-0123456789abcdef";
/// Tokens billed per image at `low` detail, and the base for `high` (gpt-4o-mini).
pub const IMAGE_BASE_TOKENS: u64 = 2833;
/// Tokens billed per 512-px tile at `high` detail (gpt-4o-mini).
pub const IMAGE_TILE_TOKENS: u64 = 5667;
/// Default tolerance (Euclidean RGB distance) for colour rules.
pub const COLOR_TOLERANCE: f64 = 60.0;

/// A scripted answer of the fake.
#[derive(Clone, Debug)]
pub struct Reply {
    kind: Kind,
    delay: Duration,
    retry_after: Option<u64>,
}

#[derive(Clone, Debug)]
enum Kind {
    Verdict(serde_json::Map<String, Value>),
    Content {
        content: Option<String>,
        refusal: Option<String>,
        finish_reason: String,
    },
    Http {
        status: u16,
        body: Value,
    },
    Hang(Duration),
    Drop,
    /// Any status, content type and body (an HTML page, an event stream, nothing).
    Raw {
        status: u16,
        content_type: &'static str,
        body: String,
    },
}

impl Reply {
    /// A verdict `{"severity", "confidence", "depth_mm", "width_mm", "reason"}` with plausible
    /// numbers for the severity (override with the builder methods).
    pub fn verdict(severity: &str, reason: &str) -> Reply {
        let (conf, depth, width) = match severity {
            "none" | "no_pothole" | "not_pothole" => (0.9, 0, 0),
            "minor" | "low" => (0.85, 25, 250),
            "moderate" | "medium" => (0.88, 60, 400),
            "severe" | "high" => (0.92, 110, 700),
            "critical" | "dangerous" => (0.95, 180, 1200),
            _ => (0.8, 40, 300),
        };
        let mut m = serde_json::Map::new();
        m.insert("severity".into(), json!(severity));
        m.insert("confidence".into(), json!(conf));
        m.insert("depth_mm".into(), json!(depth));
        m.insert("width_mm".into(), json!(width));
        m.insert("reason".into(), json!(reason));
        Reply::of(Kind::Verdict(m))
    }

    fn of(kind: Kind) -> Reply {
        Reply {
            kind,
            delay: Duration::ZERO,
            retry_after: None,
        }
    }

    fn verdict_field(mut self, key: &str, v: Value) -> Reply {
        if let Kind::Verdict(m) = &mut self.kind {
            m.insert(key.into(), v);
        }
        self
    }

    /// Sets the verdict's reason in the citizen's language (when the request asks for one and
    /// this is not set, the fake answers `"(<code>) <reason>"`, naming the language asked).
    pub fn citizen_reason(self, text: &str) -> Reply {
        self.verdict_field("citizen_reason", json!(text))
    }

    /// Sets the verdict's confidence.
    pub fn confidence(self, c: f64) -> Reply {
        self.verdict_field("confidence", json!(c))
    }

    /// Sets the verdict's depth in mm.
    pub fn depth_mm(self, d: i64) -> Reply {
        self.verdict_field("depth_mm", json!(d))
    }

    /// Sets the verdict's width in mm.
    pub fn width_mm(self, w: i64) -> Reply {
        self.verdict_field("width_mm", json!(w))
    }

    /// Sets (or adds) any verdict field, e.g. `("depth_mm", Value::Null)`.
    pub fn field(self, key: &str, v: Value) -> Reply {
        self.verdict_field(key, v)
    }

    /// Removes a verdict field.
    pub fn without(mut self, key: &str) -> Reply {
        if let Kind::Verdict(m) = &mut self.kind {
            m.remove(key);
        }
        self
    }

    /// An HTTP error in OpenAI's shape `{"error":{"message","type","param":null,"code"}}`.
    pub fn http(status: u16, error_type: &str, code: &str, message: &str) -> Reply {
        Reply::of(Kind::Http {
            status,
            body: json!({"error": {"message": message, "type": error_type, "param": null, "code": code}}),
        })
    }

    /// An HTTP error with an arbitrary JSON body (e.g. llama.cpp's integer `code`).
    pub fn http_body(status: u16, body: Value) -> Reply {
        Reply::of(Kind::Http { status, body })
    }

    /// 429 `rate_limit_exceeded` with a `retry-after` header (seconds).
    pub fn rate_limited(retry_after_secs: u64) -> Reply {
        Reply::http(
            429,
            "requests",
            "rate_limit_exceeded",
            "Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 3, Used 3, Requested 1.",
        )
        .retry_after(retry_after_secs)
    }

    /// 429 `insufficient_quota` (must not be retried).
    pub fn insufficient_quota() -> Reply {
        Reply::http(
            429,
            "insufficient_quota",
            "insufficient_quota",
            "You exceeded your current quota, please check your plan and billing details.",
        )
    }

    /// 500 server error.
    pub fn server_error() -> Reply {
        Reply::http(
            500,
            "server_error",
            "server_error",
            "The server had an error while processing your request. Sorry about that!",
        )
    }

    /// 503 overloaded.
    pub fn overloaded() -> Reply {
        Reply::http(
            503,
            "server_error",
            "overloaded",
            "The engine is currently overloaded, please try again later.",
        )
    }

    /// 400 invalid request (must not be retried).
    pub fn bad_request(message: &str) -> Reply {
        Reply::http(400, "invalid_request_error", "invalid_value", message)
    }

    /// 401 invalid API key.
    pub fn unauthorized() -> Reply {
        Reply::http(
            401,
            "invalid_request_error",
            "invalid_api_key",
            "Incorrect API key provided.",
        )
    }

    /// Adds a `retry-after` header (seconds) to an HTTP reply.
    pub fn retry_after(mut self, secs: u64) -> Reply {
        self.retry_after = Some(secs);
        self
    }

    /// A refusal: `content: null`, `refusal: text`, finish_reason `stop`.
    pub fn refusal(text: &str) -> Reply {
        Reply::of(Kind::Content {
            content: None,
            refusal: Some(text.into()),
            finish_reason: "stop".into(),
        })
    }

    /// finish_reason `length` / `content_filter` with a verdict JSON truncated in the middle.
    pub fn finish_reason(reason: &str) -> Reply {
        let full = verdict_content(
            match &Reply::verdict("moderate", "Pothole in the right lane").kind {
                Kind::Verdict(m) => m,
                _ => unreachable!(),
            },
        );
        let cut: String = full.chars().take(full.chars().count() / 2).collect();
        Reply::of(Kind::Content {
            content: Some(cut),
            refusal: None,
            finish_reason: reason.into(),
        })
    }

    /// finish_reason `stop` with exactly this content (malformed JSON, out-of-enum verdict, ...).
    pub fn raw_content(content: &str) -> Reply {
        Reply::of(Kind::Content {
            content: Some(content.into()),
            refusal: None,
            finish_reason: "stop".into(),
        })
    }

    /// finish_reason `stop` with `content: null` and no refusal.
    pub fn null_content() -> Reply {
        Reply::of(Kind::Content {
            content: None,
            refusal: None,
            finish_reason: "stop".into(),
        })
    }

    /// Holds the request for `d`, then closes the connection without answering.
    pub fn hang(d: Duration) -> Reply {
        Reply::of(Kind::Hang(d))
    }

    /// Closes the connection without a (complete) answer.
    pub fn drop_connection() -> Reply {
        Reply::of(Kind::Drop)
    }

    /// 200 with an HTML page, as a web server or a proxy's login page answers.
    pub fn html(status: u16) -> Reply {
        Reply::of(Kind::Raw {
            status,
            content_type: "text/html; charset=utf-8",
            body: "<!DOCTYPE html><html><head><title>Welcome</title></head><body><h1>It works!</h1></body></html>".into(),
        })
    }

    /// 200 with a server-sent event stream, as a server that streams unasked does.
    pub fn event_stream() -> Reply {
        Reply::of(Kind::Raw {
            status: 200,
            content_type: "text/event-stream",
            body: "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"{\\\"severity\\\"\"}}]}\n\ndata: [DONE]\n\n".into(),
        })
    }

    /// 200 with an empty body.
    pub fn empty() -> Reply {
        Reply::of(Kind::Raw {
            status: 200,
            content_type: "application/json",
            body: String::new(),
        })
    }

    /// Waits `d` before answering (on top of `set_latency`).
    pub fn with_delay(mut self, d: Duration) -> Reply {
        self.delay = d;
        self
    }
}

fn verdict_content(m: &serde_json::Map<String, Value>) -> String {
    Value::Object(m.clone()).to_string()
}

/// Token usage of one request.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    /// Text + image tokens.
    pub prompt_tokens: u64,
    /// ceil(content chars / 4).
    pub completion_tokens: u64,
    /// prompt + completion.
    pub total_tokens: u64,
    /// Image part of the prompt tokens.
    pub image_tokens: u64,
    /// Text part of the prompt tokens (estimate: ceil(chars / 4) over text, system prompt and schema).
    pub text_tokens: u64,
}

/// One recorded request (image data URLs replaced by `data:<mime>;base64,<N bytes>`).
#[derive(Clone, Debug)]
pub struct Recorded {
    /// The request JSON, without base64 payloads.
    pub body: Value,
    /// Decoded image bytes, summed over all images.
    pub image_bytes: usize,
    /// Dimensions of each image (from the header).
    pub image_dims: Vec<(u32, u32)>,
    /// `detail` of the first image, if any.
    pub detail: Option<String>,
    /// Whether `Authorization: Bearer {API_KEY}` was present.
    pub auth_ok: bool,
    /// Usage the fake computed (also for requests it answered with an error).
    pub usage: Usage,
    /// Image URLs that were not data URLs (these are answered 400; must never contain a token).
    pub remote_image_urls: Vec<String>,
    /// When the request arrived.
    pub at: Instant,
}

impl Recorded {
    /// The request's `model`.
    pub fn model(&self) -> &str {
        self.body["model"].as_str().unwrap_or("")
    }

    /// All text of the request (system + user text parts), joined by newlines.
    pub fn text(&self) -> String {
        let mut out = Vec::new();
        for m in self.body["messages"].as_array().into_iter().flatten() {
            match &m["content"] {
                Value::String(s) => out.push(s.clone()),
                Value::Array(parts) => {
                    out.extend(
                        parts
                            .iter()
                            .filter_map(|p| p["text"].as_str().map(str::to_owned)),
                    );
                }
                _ => {}
            }
        }
        out.join("\n")
    }
}

/// Aggregates kept even with recording off.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Requests received (including rejected ones).
    pub count: u64,
    /// Decoded image bytes received.
    pub image_bytes: u64,
    /// Sum of prompt tokens of answered requests.
    pub prompt_tokens: u64,
    /// Sum of completion tokens of answered requests.
    pub completion_tokens: u64,
}

struct ColorRule {
    color: [u8; 3],
    reply: Reply,
}

struct State {
    default: Reply,
    queue: VecDeque<Reply>,
    rules: Vec<ColorRule>,
    tolerance: f64,
    latency: Duration,
    record: bool,
    requests: Vec<Recorded>,
    totals: Totals,
    /// Models the server knows (`None`: any).
    models: Option<Vec<String>>,
    /// Whether answers carry `usage`.
    usage: bool,
    /// Requests refused for their shape, with the reason (see [`Flavor`]).
    rejected: Vec<String>,
}

struct Inner {
    addr: SocketAddr,
    flavor: Flavor,
    state: Mutex<State>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    seq: AtomicU64,
    changed: Notify,
}

/// Handle to a running fake OpenAI server (cheap to clone).
#[derive(Clone)]
pub struct FakeOpenAi {
    inner: Arc<Inner>,
}

impl FakeOpenAi {
    /// Binds 127.0.0.1:0 and serves in a background task.
    pub async fn start() -> FakeOpenAi {
        FakeOpenAi::start_on(0).await
    }

    /// Binds 127.0.0.1:`port` (0 for any free port) and serves in a background task.
    pub async fn start_on(port: u16) -> FakeOpenAi {
        FakeOpenAi::serve(port, Flavor::OpenAi).await
    }

    /// A fake of another OpenAI-compatible server, which refuses what that server refuses.
    pub async fn start_as(flavor: Flavor) -> FakeOpenAi {
        FakeOpenAi::serve(0, flavor).await
    }

    async fn serve(port: u16, flavor: Flavor) -> FakeOpenAi {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("bind fake openai");
        let addr = listener.local_addr().unwrap();
        let inner = Arc::new(Inner {
            addr,
            flavor,
            state: Mutex::new(State {
                default: Reply::verdict("minor", "Small shallow pothole"),
                queue: VecDeque::new(),
                rules: Vec::new(),
                tolerance: COLOR_TOLERANCE,
                latency: Duration::ZERO,
                record: true,
                requests: Vec::new(),
                totals: Totals::default(),
                models: None,
                usage: true,
                rejected: Vec::new(),
            }),
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
            seq: AtomicU64::new(1),
            changed: Notify::new(),
        });
        let app = axum::Router::new()
            .fallback(handle)
            .layer(axum::extract::DefaultBodyLimit::max(128 << 20))
            .with_state(inner.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FakeOpenAi { inner }
    }

    /// The base URL an operator would put in `OPENAI_BASE_URL` for this server: with `/v1`
    /// for most (`http://127.0.0.1:PORT/v1`), the resource endpoint for Azure deployments,
    /// `…/openai/v1` for Azure's v1 API, `…/v1beta/openai` for Gemini.
    pub fn url(&self) -> String {
        let root = format!("http://{}", self.inner.addr);
        match self.inner.flavor {
            Flavor::AzureDeployments => root,
            Flavor::AzureV1 => format!("{root}/openai/v1"),
            Flavor::Gemini => format!("{root}/v1beta/openai"),
            _ => format!("{root}/v1"),
        }
    }

    /// The kind of server this fake imitates.
    pub fn flavor(&self) -> Flavor {
        self.inner.flavor
    }

    /// Only these models exist (others get the server's "model not found").
    pub fn set_models(&self, models: &[&str]) {
        self.st().models = Some(models.iter().map(|m| m.to_string()).collect());
    }

    /// Answer without `usage` (some compatible servers do).
    pub fn set_usage(&self, on: bool) {
        self.st().usage = on;
    }

    /// Requests refused for their shape, each with the reason.
    pub fn rejected(&self) -> Vec<String> {
        self.st().rejected.clone()
    }

    fn st(&self) -> std::sync::MutexGuard<'_, State> {
        self.inner.state.lock().unwrap()
    }

    /// Reply used when the queue is empty and no colour rule matches (initially a `minor` verdict).
    pub fn set_default(&self, reply: Reply) {
        self.st().default = reply;
    }

    /// Queues a one-shot reply (used in order, before colour rules and the default).
    pub fn push(&self, reply: Reply) {
        self.st().queue.push_back(reply);
    }

    /// When the first image's centre pixel is nearest to `color` (within the tolerance), answer
    /// `reply` (every time). Enables decoding of request images.
    pub fn on_color(&self, color: [u8; 3], reply: Reply) {
        let mut st = self.st();
        st.rules.retain(|r| r.color != color);
        st.rules.push(ColorRule { color, reply });
    }

    /// Sets the colour-matching tolerance (Euclidean RGB distance).
    pub fn set_color_tolerance(&self, t: f64) {
        self.st().tolerance = t;
    }

    /// Latency added to every reply.
    pub fn set_latency(&self, d: Duration) {
        self.st().latency = d;
    }

    /// Keep full records (default) or only the counters of [`Totals`].
    pub fn set_record(&self, record: bool) {
        self.st().record = record;
    }

    /// Recorded requests, in arrival order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.st().requests.clone()
    }

    /// The most recent recorded request.
    pub fn last_request(&self) -> Option<Recorded> {
        self.st().requests.last().cloned()
    }

    /// Number of requests received (including rejected ones).
    pub fn count(&self) -> usize {
        self.st().totals.count as usize
    }

    /// Aggregate counters.
    pub fn totals(&self) -> Totals {
        self.st().totals
    }

    /// Requests being processed right now.
    pub fn in_flight(&self) -> usize {
        self.inner.in_flight.load(Ordering::SeqCst)
    }

    /// Highest concurrency observed.
    pub fn max_in_flight(&self) -> usize {
        self.inner.max_in_flight.load(Ordering::SeqCst)
    }

    /// Waits until at least `n` requests were received; returns the records (empty if recording
    /// is off). Panics on timeout.
    pub async fn wait_for_requests(&self, n: usize, timeout: Duration) -> Vec<Recorded> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let notified = self.inner.changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if self.count() >= n {
                return self.requests();
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                panic!(
                    "FakeOpenAi: expected {n} request(s) within {timeout:?}, got {}",
                    self.count()
                );
            }
        }
    }

    /// Waits `d` and asserts no request arrived meanwhile.
    pub async fn expect_no_request(&self, d: Duration) {
        let before = self.count();
        tokio::time::sleep(d).await;
        assert_eq!(
            self.count(),
            before,
            "FakeOpenAi: unexpected request(s) during {d:?}"
        );
    }
}

/// Image tokens for gpt-4o-mini: `low` = 2833; `high`/`auto` = 2833 + 5667 × tiles after
/// fitting into 2048×2048 and scaling the shortest side down to 768.
pub fn image_tokens(w: u32, h: u32, detail: &str) -> u64 {
    if detail == "low" {
        return IMAGE_BASE_TOKENS;
    }
    let (mut w, mut h) = (w as f64, h as f64);
    if w > 2048.0 || h > 2048.0 {
        let s = 2048.0 / w.max(h);
        w *= s;
        h *= s;
    }
    let short = w.min(h);
    if short > 768.0 {
        let s = 768.0 / short;
        w *= s;
        h *= s;
    }
    let tiles = ((w / 512.0).ceil() as u64).max(1) * ((h / 512.0).ceil() as u64).max(1);
    IMAGE_BASE_TOKENS + IMAGE_TILE_TOKENS * tiles
}

/// ceil(chars / 4), the fake's text token estimate.
pub fn text_tokens(chars: usize) -> u64 {
    chars.div_ceil(4) as u64
}

fn openai_error(status: u16, error_type: &str, code: Option<&str>, message: &str) -> Response {
    json_response(
        status,
        json!({"error": {"message": message, "type": error_type, "param": null, "code": code}}),
        None,
    )
}

fn json_response(status: u16, body: Value, retry_after: Option<u64>) -> Response {
    let mut resp = (
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response();
    if let Some(s) = retry_after {
        resp.headers_mut().insert("retry-after", s.into());
    }
    resp
}

struct FlightGuard<'a>(&'a Inner);

impl Drop for FlightGuard<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

struct Parsed {
    image_bytes: usize,
    dims: Vec<(u32, u32)>,
    detail: Option<String>,
    remote: Vec<String>,
    usage: Usage,
    first_image: Option<Vec<u8>>,
    bad_image: Option<(&'static str, String)>,
}

/// Image tokens as OpenAI bills `model` (its family's rule in the bot's cost table, which is
/// tested against OpenAI's worked examples); gpt-4o-mini's rule for models not in it.
pub fn model_image_tokens(model: &str, w: u32, h: u32, detail: &str) -> u64 {
    let d = detail
        .parse()
        .unwrap_or(pothole_bot::domain::ImageDetail::Auto);
    pothole_bot::domain::cost::image_tokens(model, w, h, d)
        .unwrap_or_else(|| image_tokens(w, h, detail))
}

/// Measures and strips images; counts text characters.
fn inspect(body: &mut Value, want_pixels: bool) -> Parsed {
    let model = body
        .get("model")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    let mut p = Parsed {
        image_bytes: 0,
        dims: Vec::new(),
        detail: None,
        remote: Vec::new(),
        usage: Usage::default(),
        first_image: None,
        bad_image: None,
    };
    let mut chars = 0usize;
    let mut image_tokens_sum = 0u64;
    if let Some(rf) = body.get("response_format")
        && let Some(js) = rf.get("json_schema")
    {
        chars += js.to_string().chars().count();
    }
    if let Some(msgs) = body.get_mut("messages").and_then(Value::as_array_mut) {
        for m in msgs {
            match m.get_mut("content") {
                Some(Value::String(s)) => chars += s.chars().count(),
                Some(Value::Array(parts)) => {
                    for part in parts {
                        if let Some(t) = part.get("text").and_then(Value::as_str) {
                            chars += t.chars().count();
                        }
                        let Some(iu) = part.get_mut("image_url") else {
                            continue;
                        };
                        let detail = iu
                            .get("detail")
                            .and_then(Value::as_str)
                            .unwrap_or("auto")
                            .to_owned();
                        if p.detail.is_none() {
                            p.detail = Some(detail.clone());
                        }
                        let Some(url) = iu.get("url").and_then(Value::as_str).map(str::to_owned)
                        else {
                            continue;
                        };
                        let Some(rest) = url.strip_prefix("data:") else {
                            p.remote.push(url.clone());
                            p.bad_image.get_or_insert((
                                "invalid_image_url",
                                "The fake only accepts base64 data URLs.".into(),
                            ));
                            continue;
                        };
                        let (meta, b64) = rest.split_once(',').unwrap_or((rest, ""));
                        let decoded = if meta.ends_with(";base64") {
                            base64::engine::general_purpose::STANDARD
                                .decode(b64.trim())
                                .ok()
                        } else {
                            None
                        };
                        let Some(bytes) = decoded else {
                            p.bad_image.get_or_insert((
                                "invalid_image_url",
                                "Invalid base64 image_url.".into(),
                            ));
                            iu["url"] = json!(format!("data:{meta},<invalid>"));
                            continue;
                        };
                        p.image_bytes += bytes.len();
                        iu["url"] = json!(format!("data:{meta},<{} bytes>", bytes.len()));
                        match fixtures::image_dims(&bytes) {
                            Some((w, h)) => {
                                p.dims.push((w, h));
                                image_tokens_sum += model_image_tokens(&model, w, h, &detail);
                            }
                            None => {
                                p.bad_image.get_or_insert((
                                    "invalid_image_format",
                                    "You uploaded an unsupported image. Please make sure your image is valid.".into(),
                                ));
                            }
                        }
                        if want_pixels && p.first_image.is_none() {
                            p.first_image = Some(bytes);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    p.usage.text_tokens = text_tokens(chars);
    p.usage.image_tokens = image_tokens_sum;
    p.usage.prompt_tokens = p.usage.text_tokens + image_tokens_sum;
    p
}

async fn handle(AxState(inner): AxState<Arc<Inner>>, req: Request) -> Response {
    let n = inner.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    inner.max_in_flight.fetch_max(n, Ordering::SeqCst);
    let _guard = FlightGuard(&inner);
    let ai = FakeOpenAi {
        inner: inner.clone(),
    };

    let path = req.uri().path().trim_end_matches('/').to_owned();
    let query = req.uri().query().unwrap_or("").to_owned();
    let flavor = inner.flavor;
    if req.method() == Method::GET && path == "/v1/models" {
        return json_response(
            200,
            json!({"object": "list", "data": [{"id": "gpt-4o-mini", "object": "model", "created": 1721172741, "owned_by": "system"}]}),
            None,
        );
    }
    let mut route = match flavor.route(req.method(), &path, &query) {
        Ok(route) => route,
        Err(resp) => {
            ai.st()
                .rejected
                .push(format!("route {} {path}?{query}", req.method()));
            ai.st().totals.count += 1;
            inner.changed.notify_waiters();
            return resp;
        }
    };
    let auth_ok = flavor.auth_ok(req.headers());
    if !auth_ok {
        ai.st().rejected.push("auth header".into());
    }
    let body = match axum::body::to_bytes(req.into_body(), 128 << 20).await {
        Ok(b) => b,
        Err(_) => return dropped_connection(),
    };
    if auth_ok && let Ok(v) = serde_json::from_slice::<Value>(&body) {
        let models = ai.st().models.clone();
        if let Err((why, resp)) = flavor.check(&v, &route, models.as_deref()) {
            let mut st = ai.st();
            st.rejected.push(why);
            st.totals.count += 1;
            drop(st);
            inner.changed.notify_waiters();
            return resp;
        }
    }
    let parsed_json: Result<Value, _> = serde_json::from_slice(&body);
    drop(body);
    if !route.from_path {
        route.model = parsed_json
            .as_ref()
            .ok()
            .and_then(|v| v.get("model"))
            .and_then(Value::as_str)
            .map(str::to_owned);
    }
    let want_pixels = !ai.st().rules.is_empty();
    let (mut value, parsed) = match parsed_json {
        Ok(mut v) if v.is_object() => {
            let p = inspect(&mut v, want_pixels);
            (v, Some(p))
        }
        _ => (Value::Null, None),
    };

    // record
    let (latency, reply) = {
        let mut st = ai.st();
        st.totals.count += 1;
        if let Some(p) = &parsed {
            st.totals.image_bytes += p.image_bytes as u64;
        }
        let early_error = !auth_ok
            || parsed.as_ref().is_none_or(|p| p.bad_image.is_some())
            || route.model.is_none();
        let reply = if early_error {
            None
        } else if let Some(r) = st.queue.pop_front() {
            Some(r)
        } else if !st.rules.is_empty() {
            let pixel = parsed
                .as_ref()
                .and_then(|p| p.first_image.as_deref())
                .and_then(fixtures::center_pixel);
            let tol = st.tolerance;
            let rule = pixel.and_then(|px| {
                st.rules
                    .iter()
                    .map(|r| (dist(r.color, px), r))
                    .filter(|(d, _)| *d <= tol)
                    .min_by(|a, b| a.0.total_cmp(&b.0))
                    .map(|(_, r)| r.reply.clone())
            });
            Some(rule.unwrap_or_else(|| st.default.clone()))
        } else {
            Some(st.default.clone())
        };
        (st.latency, reply)
    };

    let mut usage = parsed.as_ref().map(|p| p.usage).unwrap_or_default();
    let model = route.model.clone().unwrap_or_default();
    let mut response_content: Option<(Option<String>, Option<String>, String)> = None;
    if let Some(r) = &reply {
        match &r.kind {
            Kind::Verdict(m) => {
                let m = with_required_fields(m, &value);
                response_content = Some((Some(verdict_content(&m)), None, "stop".into()))
            }
            Kind::Content {
                content,
                refusal,
                finish_reason,
            } => response_content = Some((content.clone(), refusal.clone(), finish_reason.clone())),
            _ => {}
        }
    }
    if let Some((c, rf, _)) = &response_content {
        let chars = c
            .as_deref()
            .or(rf.as_deref())
            .map(|s| s.chars().count())
            .unwrap_or(0);
        usage.completion_tokens = text_tokens(chars);
    }
    usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;

    {
        let mut st = ai.st();
        if response_content.is_some() {
            st.totals.prompt_tokens += usage.prompt_tokens;
            st.totals.completion_tokens += usage.completion_tokens;
        }
        if st.record {
            let rec = Recorded {
                body: std::mem::take(&mut value),
                image_bytes: parsed.as_ref().map(|p| p.image_bytes).unwrap_or(0),
                image_dims: parsed.as_ref().map(|p| p.dims.clone()).unwrap_or_default(),
                detail: parsed.as_ref().and_then(|p| p.detail.clone()),
                auth_ok,
                usage,
                remote_image_urls: parsed
                    .as_ref()
                    .map(|p| p.remote.clone())
                    .unwrap_or_default(),
                at: Instant::now(),
            };
            st.requests.push(rec);
        }
    }
    inner.changed.notify_waiters();

    if !auth_ok {
        if let Some(resp) = flavor.auth_error() {
            return resp;
        }
        return openai_error(
            401,
            "invalid_request_error",
            Some("invalid_api_key"),
            "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.",
        );
    }
    let Some(parsed) = parsed else {
        return openai_error(
            400,
            "invalid_request_error",
            None,
            "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)",
        );
    };
    if model.is_empty() {
        return openai_error(
            400,
            "invalid_request_error",
            None,
            "you must provide a model parameter",
        );
    }
    if let Some((code, msg)) = parsed.bad_image {
        return openai_error(400, "invalid_request_error", Some(code), &msg);
    }
    let reply = reply.expect("reply chosen");
    let wait = latency + reply.delay;
    if !wait.is_zero() {
        tokio::time::sleep(wait).await;
    }
    match reply.kind {
        Kind::Http { status, body } => json_response(status, body, reply.retry_after),
        Kind::Hang(d) => {
            tokio::time::sleep(d).await;
            dropped_connection()
        }
        Kind::Drop => dropped_connection(),
        Kind::Raw {
            status,
            content_type,
            body,
        } => (
            StatusCode::from_u16(status).unwrap_or(StatusCode::OK),
            [(header::CONTENT_TYPE, content_type)],
            body,
        )
            .into_response(),
        Kind::Verdict(_) | Kind::Content { .. } => {
            let (content, refusal, finish_reason) = response_content.expect("content");
            let n = inner.seq.fetch_add(1, Ordering::Relaxed);
            let created = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0);
            let mut body = json!({
                "id": format!("chatcmpl-fake{n:08}"),
                "object": "chat.completion",
                "created": created,
                "model": model,
                "choices": [{
                    "index": 0,
                    "message": {"role": "assistant", "content": content, "refusal": refusal, "annotations": []},
                    "logprobs": null,
                    "finish_reason": finish_reason
                }],
                "usage": {
                    "prompt_tokens": usage.prompt_tokens,
                    "completion_tokens": usage.completion_tokens,
                    "total_tokens": usage.total_tokens,
                    "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
                    "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0, "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}
                },
                "service_tier": "default",
                "system_fingerprint": "fp_fake0000"
            });
            if !ai.st().usage {
                body.as_object_mut().unwrap().remove("usage");
            }
            let mut resp = json_response(200, body, None);
            resp.headers_mut()
                .insert("x-request-id", format!("req_fake{n:08}").parse().unwrap());
            resp
        }
    }
}

fn dist(a: [u8; 3], b: [u8; 3]) -> f64 {
    let d: f64 = (0..3).map(|i| (a[i] as f64 - b[i] as f64).powi(2)).sum();
    d.sqrt()
}

/// Builds a `data:` URL for `bytes` with `mime` (for tests that call the fake directly).
pub fn data_url(mime: &str, bytes: &[u8]) -> String {
    format!(
        "data:{mime};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

/// A typical request body: system prompt, a user text part and one image part.
pub fn sample_request(model: &str, image: &[u8], detail: &str) -> Value {
    json!({
        "model": model,
        "messages": [
            {"role": "system", "content": "You grade potholes. Answer with JSON."},
            {"role": "user", "content": [
                {"type": "text", "text": "Grade this road photo."},
                {"type": "image_url", "image_url": {"url": data_url("image/jpeg", image), "detail": detail}}
            ]}
        ],
        "response_format": {"type": "json_schema", "json_schema": {"name": "verdict", "strict": true, "schema": {
            "type": "object", "additionalProperties": false,
            "required": ["severity", "confidence", "depth_mm", "width_mm", "reason"],
            "properties": {
                "severity": {"type": "string", "enum": ["none", "minor", "moderate", "severe"]},
                "confidence": {"type": "number"},
                "depth_mm": {"type": ["integer", "null"]},
                "width_mm": {"type": ["integer", "null"]},
                "reason": {"type": "string"}
            }
        }}}
    })
}

// ---------------------------------------------------------------------------------------------
// Flavours: other OpenAI-compatible servers, each refusing what the real one refuses (and, where
// the real one silently ignores a field we must not rely on, refusing that too, so a test proves
// the request we send). Sources: each server's docs and source, as cited in the bot's
// src/vision/provider.rs.
// ---------------------------------------------------------------------------------------------

/// Which server the fake imitates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavor {
    /// api.openai.com: `Authorization: Bearer`, `/v1/chat/completions`, unknown fields are a
    /// 400, reasoning models refuse `temperature` and `max_tokens`.
    OpenAi,
    /// Azure OpenAI deployments: `api-key` header,
    /// `/openai/deployments/{deployment}/chat/completions?api-version=…` (json_schema from
    /// 2024-08-01-preview on), the deployment from the path.
    AzureDeployments,
    /// Azure OpenAI v1 API: `api-key` header, `/openai/v1/chat/completions`, no api-version,
    /// the deployment as `model`.
    AzureV1,
    /// Ollama: `max_tokens` (it drops `max_completion_tokens`), needs an explicit
    /// `temperature` (it forces 1.0 otherwise), no `detail`, only data:image/{jpeg,jpg,png,webp}.
    Ollama,
    /// vLLM: json_schema `name` required; "image_url.detail parameter is not supported".
    Vllm,
    /// llama.cpp's llama-server: nested `json_schema.schema`, `max_tokens`, integer error codes.
    LlamaCpp,
    /// LM Studio: `response_format.type` must be `json_schema` or `text`.
    LmStudio,
    /// Gemini's OpenAI endpoint: `/v1beta/openai/chat/completions`, a 400 on unknown fields and
    /// on the schema keywords `$schema` and `title`.
    Gemini,
}

/// The request's route: which model it is for.
pub struct Route {
    pub model: Option<String>,
    /// The model came from the URL (Azure deployments), not the body.
    from_path: bool,
    /// Azure's `api-version` query parameter.
    api_version: Option<String>,
}

const OPENAI_FIELDS: &[&str] = &[
    "model",
    "messages",
    "temperature",
    "top_p",
    "n",
    "stream",
    "stream_options",
    "stop",
    "max_tokens",
    "max_completion_tokens",
    "presence_penalty",
    "frequency_penalty",
    "logit_bias",
    "logprobs",
    "top_logprobs",
    "user",
    "response_format",
    "seed",
    "tools",
    "tool_choice",
    "parallel_tool_calls",
    "reasoning_effort",
    "service_tier",
    "store",
    "metadata",
    "modalities",
    "audio",
    "prediction",
    "web_search_options",
    "verbosity",
    "prompt_cache_key",
    "safety_identifier",
];

const GEMINI_FIELDS: &[&str] = &[
    "model",
    "messages",
    "temperature",
    "top_p",
    "n",
    "stream",
    "stream_options",
    "stop",
    "max_tokens",
    "max_completion_tokens",
    "presence_penalty",
    "frequency_penalty",
    "response_format",
    "seed",
    "tools",
    "tool_choice",
    "reasoning_effort",
];

fn vllm_error(status: u16, message: &str) -> Response {
    json_response(
        status,
        json!({"object": "error", "message": message, "type": "BadRequestError", "param": null, "code": status}),
        None,
    )
}

fn llamacpp_error(status: u16, message: &str) -> Response {
    json_response(
        status,
        json!({"error": {"code": status, "message": message, "type": "invalid_request_error"}}),
        None,
    )
}

fn gemini_error(status: u16, message: &str) -> Response {
    json_response(
        status,
        json!([{"error": {"code": status, "message": message, "status": "INVALID_ARGUMENT"}}]),
        None,
    )
}

fn azure_error(status: u16, code: &str, message: &str) -> Response {
    json_response(
        status,
        json!({"error": {"code": code, "message": message}}),
        None,
    )
}

// A test server: the error is the HTTP answer itself, built once per refused request.
#[allow(clippy::result_large_err)]
impl Flavor {
    pub const ALL: [Flavor; 8] = [
        Flavor::OpenAi,
        Flavor::AzureDeployments,
        Flavor::AzureV1,
        Flavor::Ollama,
        Flavor::Vllm,
        Flavor::LlamaCpp,
        Flavor::LmStudio,
        Flavor::Gemini,
    ];

    /// The `OPENAI_PROVIDER` an operator sets for this server.
    pub fn provider(self) -> &'static str {
        match self {
            Flavor::OpenAi => "openai",
            Flavor::AzureDeployments | Flavor::AzureV1 => "azure",
            Flavor::Ollama => "ollama",
            Flavor::Vllm => "vllm",
            Flavor::LlamaCpp => "llamacpp",
            Flavor::LmStudio => "lmstudio",
            Flavor::Gemini => "gemini",
        }
    }

    fn error(self, status: u16, code: &str, message: &str) -> Response {
        match self {
            Flavor::Vllm => vllm_error(status, message),
            Flavor::LlamaCpp => llamacpp_error(status, message),
            Flavor::Gemini => gemini_error(status, message),
            Flavor::AzureDeployments | Flavor::AzureV1 => azure_error(status, code, message),
            _ => openai_error(status, "invalid_request_error", Some(code), message),
        }
    }

    fn route(self, method: &Method, path: &str, query: &str) -> Result<Route, Response> {
        let not_found = || self.error(404, "404", &format!("Unknown request URL: {method} {path}"));
        if method != Method::POST {
            return Err(not_found());
        }
        let api_version = query
            .split('&')
            .find_map(|kv| kv.strip_prefix("api-version="))
            .map(str::to_owned);
        match self {
            Flavor::AzureDeployments => {
                let Some(deployment) = path
                    .strip_prefix("/openai/deployments/")
                    .and_then(|rest| rest.strip_suffix("/chat/completions"))
                    .filter(|d| !d.is_empty() && !d.contains('/'))
                else {
                    return Err(azure_error(404, "404", "Resource not found"));
                };
                let Some(version) = api_version else {
                    return Err(azure_error(
                        404,
                        "404",
                        "Resource not found (the api-version query parameter is missing)",
                    ));
                };
                if !version.starts_with("20") {
                    return Err(azure_error(400, "BadRequest", "API version not supported"));
                }
                Ok(Route {
                    model: Some(deployment.to_owned()),
                    from_path: true,
                    api_version: Some(version),
                })
            }
            Flavor::AzureV1 => {
                if path != "/openai/v1/chat/completions" {
                    return Err(azure_error(404, "404", "Resource not found"));
                }
                if api_version.is_some_and(|v| v != "preview" && v != "latest") {
                    return Err(azure_error(
                        400,
                        "BadRequest",
                        "api-version is not allowed with the v1 API",
                    ));
                }
                Ok(Route {
                    model: None,
                    from_path: false,
                    api_version: None,
                })
            }
            Flavor::Gemini => {
                if path != "/v1beta/openai/chat/completions" {
                    return Err(gemini_error(404, "Not found"));
                }
                Ok(Route {
                    model: None,
                    from_path: false,
                    api_version: None,
                })
            }
            _ => {
                if path != "/v1/chat/completions" {
                    return Err(not_found());
                }
                Ok(Route {
                    model: None,
                    from_path: false,
                    api_version: None,
                })
            }
        }
    }

    fn auth_ok(self, headers: &axum::http::HeaderMap) -> bool {
        let bearer = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v == format!("Bearer {API_KEY}"));
        let api_key = headers
            .get("api-key")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v == API_KEY);
        match self {
            // Azure takes keys in `api-key` only; a Bearer header must hold an Entra token.
            Flavor::AzureDeployments | Flavor::AzureV1 => api_key,
            _ => bearer,
        }
    }

    fn auth_error(self) -> Option<Response> {
        match self {
            Flavor::AzureDeployments | Flavor::AzureV1 => Some(azure_error(
                401,
                "401",
                "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.",
            )),
            Flavor::Gemini => Some(gemini_error(
                400,
                "API key not valid. Please pass a valid API key.",
            )),
            _ => None,
        }
    }

    /// Checks the body as this server would; on refusal, the reason and the answer.
    fn check(
        self,
        body: &Value,
        route: &Route,
        models: Option<&[String]>,
    ) -> Result<(), (String, Response)> {
        let refuse = |why: String, resp: Response| Err((why, resp));
        let Some(obj) = body.as_object() else {
            return Ok(());
        };
        // Model: from the path (Azure deployments) or the body.
        let model = if route.from_path {
            route.model.clone()
        } else {
            obj.get("model").and_then(Value::as_str).map(str::to_owned)
        };
        if let (Some(m), Some(known)) = (&model, models)
            && !known.iter().any(|k| k == m)
        {
            let resp = match self {
                Flavor::AzureDeployments => azure_error(
                    404,
                    "DeploymentNotFound",
                    "The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.",
                ),
                Flavor::Ollama => json_response(
                    404,
                    json!({"error": {"message": format!("model \"{m}\" not found, try pulling it first"), "type": "api_error", "param": null, "code": null}}),
                    None,
                ),
                Flavor::Vllm => vllm_error(404, &format!("The model `{m}` does not exist.")),
                Flavor::Gemini => gemini_error(
                    404,
                    &format!("models/{m} is not found for API version v1beta"),
                ),
                _ => openai_error(
                    404,
                    "invalid_request_error",
                    Some("model_not_found"),
                    &format!("The model `{m}` does not exist or you do not have access to it."),
                ),
            };
            return refuse(format!("unknown model {m}"), resp);
        }
        // Unknown top-level fields.
        let known: &[&str] = match self {
            Flavor::OpenAi | Flavor::AzureDeployments | Flavor::AzureV1 => OPENAI_FIELDS,
            Flavor::Gemini => GEMINI_FIELDS,
            _ => OPENAI_FIELDS,
        };
        for key in obj.keys() {
            if !known.contains(&key.as_str()) {
                let msg = match self {
                    Flavor::Gemini => format!(
                        "Invalid JSON payload received. Unknown name \"{key}\": Cannot find field."
                    ),
                    _ => format!("Unrecognized request argument supplied: {key}"),
                };
                return refuse(
                    format!("unknown field {key}"),
                    self.error(400, "unknown_parameter", &msg),
                );
            }
        }
        if route.from_path && obj.contains_key("model") {
            // Accepted by Azure, but the deployment in the path wins; we expect it absent.
            return refuse(
                "model in the body of a deployment request".into(),
                azure_error(
                    400,
                    "BadRequest",
                    "model must not be sent with a deployment path (fake)",
                ),
            );
        }
        let field = |k: &str| obj.get(k);
        let reasoning = model.as_deref().is_some_and(|m| {
            let m = m.to_ascii_lowercase();
            (m.starts_with('o') && m[1..].starts_with(|c: char| c.is_ascii_digit()))
                || (m.starts_with("gpt-5") && !m.contains("chat"))
        });
        match self {
            Flavor::OpenAi | Flavor::AzureDeployments | Flavor::AzureV1 => {
                if reasoning {
                    if let Some(t) = field("temperature").filter(|t| t.as_f64() != Some(1.0)) {
                        return refuse(
                            format!("temperature {t} for a reasoning model"),
                            self.error(400, "unsupported_value", &format!("Unsupported value: 'temperature' does not support {t} with this model. Only the default (1) value is supported.")),
                        );
                    }
                    if field("max_tokens").is_some() {
                        return refuse(
                            "max_tokens for a reasoning model".into(),
                            self.error(400, "unsupported_parameter", "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead."),
                        );
                    }
                }
                // Structured Outputs came with api-version 2024-08-01-preview (dates compare
                // as text).
                let json_schema = field("response_format")
                    .and_then(|r| r.get("type"))
                    .and_then(Value::as_str)
                    == Some("json_schema");
                if self == Flavor::AzureDeployments
                    && json_schema
                    && route
                        .api_version
                        .as_deref()
                        .is_some_and(|v| v < "2024-08-01")
                {
                    return refuse(
                        "json_schema with an old api-version".into(),
                        azure_error(
                            400,
                            "BadRequest",
                            "response_format value as json_schema is enabled only for api versions 2024-08-01-preview and later",
                        ),
                    );
                }
            }
            Flavor::Ollama => {
                if field("max_completion_tokens").is_some() {
                    return refuse(
                        "max_completion_tokens (Ollama drops it silently)".into(),
                        self.error(400, "invalid", "max_completion_tokens is not read by Ollama (fake: it would be silently dropped)"),
                    );
                }
                if field("temperature").is_none() {
                    return refuse(
                        "no temperature (Ollama forces 1.0)".into(),
                        self.error(
                            400,
                            "invalid",
                            "temperature missing (fake: Ollama would use 1.0)",
                        ),
                    );
                }
            }
            Flavor::Vllm | Flavor::LlamaCpp | Flavor::LmStudio | Flavor::Gemini => {
                if field("max_completion_tokens").is_some() && self != Flavor::Gemini {
                    return refuse(
                        "max_completion_tokens".into(),
                        self.error(
                            400,
                            "invalid",
                            "max_completion_tokens is not read by this server (fake)",
                        ),
                    );
                }
            }
        }
        // response_format.
        if let Some(rf) = field("response_format") {
            let kind = rf.get("type").and_then(Value::as_str).unwrap_or("");
            if self == Flavor::LmStudio && kind != "json_schema" && kind != "text" {
                return refuse(
                    format!("response_format.type {kind}"),
                    self.error(
                        400,
                        "invalid",
                        "'response_format.type' must be 'json_schema' or 'text'",
                    ),
                );
            }
            if kind == "json_schema" {
                let js = rf.get("json_schema");
                let name = js.and_then(|j| j.get("name")).and_then(Value::as_str);
                if name.is_none_or(str::is_empty)
                    && matches!(
                        self,
                        Flavor::Vllm | Flavor::OpenAi | Flavor::AzureDeployments | Flavor::AzureV1
                    )
                {
                    return refuse(
                        "json_schema without name".into(),
                        self.error(400, "invalid", "1 validation error for ChatCompletionRequest\nresponse_format.json_schema.name\n  Field required"),
                    );
                }
                let schema = js.and_then(|j| j.get("schema"));
                if schema.is_none() {
                    return refuse(
                        "json_schema without a nested schema".into(),
                        self.error(400, "invalid", "response_format.json_schema.schema is required (the flat form is ignored)"),
                    );
                }
                if self == Flavor::Gemini
                    && let Some(bad) =
                        schema.and_then(|s| forbidden_keyword(s, &["$schema", "title"]))
                {
                    return refuse(
                        format!("schema keyword {bad}"),
                        gemini_error(
                            400,
                            &format!(
                                "Invalid JSON payload received. Unknown name \"{bad}\" at 'generation_config.response_schema': Cannot find field."
                            ),
                        ),
                    );
                }
            }
        }
        // Images.
        for m in field("messages")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let Some(parts) = m.get("content").and_then(Value::as_array) else {
                continue;
            };
            for part in parts {
                let Some(iu) = part.get("image_url") else {
                    continue;
                };
                let has_detail = iu.get("detail").is_some();
                match self {
                    Flavor::Vllm if has_detail => {
                        return refuse(
                            "image_url.detail".into(),
                            vllm_error(400, "image_url.detail parameter is not supported"),
                        );
                    }
                    Flavor::Gemini if has_detail => {
                        return refuse(
                            "image_url.detail".into(),
                            gemini_error(
                                400,
                                "Invalid JSON payload received. Unknown name \"detail\" at 'messages[1].content[0].image_url': Cannot find field.",
                            ),
                        );
                    }
                    Flavor::Ollama | Flavor::LlamaCpp | Flavor::LmStudio if has_detail => {
                        return refuse(
                            "image_url.detail".into(),
                            self.error(
                                400,
                                "invalid",
                                "image_url.detail is ignored by this server (fake: not to be sent)",
                            ),
                        );
                    }
                    _ => {}
                }
                let url = iu.get("url").and_then(Value::as_str).unwrap_or("");
                if self == Flavor::Ollama {
                    let ok = ["jpeg", "jpg", "png", "webp"]
                        .iter()
                        .any(|t| url.starts_with(&format!("data:image/{t};base64,")))
                        || url.starts_with("data:;base64,");
                    if !ok {
                        return refuse(
                            "image url".into(),
                            self.error(400, "invalid", "invalid image input"),
                        );
                    }
                }
            }
        }
        Ok(())
    }
}

/// The first of `keys` used anywhere in a JSON schema.
fn forbidden_keyword(v: &Value, keys: &[&str]) -> Option<String> {
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                // Property names under "properties" are data, not keywords.
                if keys.contains(&k.as_str()) {
                    return Some(k.clone());
                }
                let found = if k == "properties" {
                    child
                        .as_object()
                        .and_then(|props| props.values().find_map(|p| forbidden_keyword(p, keys)))
                } else {
                    forbidden_keyword(child, keys)
                };
                if found.is_some() {
                    return found;
                }
            }
            None
        }
        Value::Array(a) => a.iter().find_map(|c| forbidden_keyword(c, keys)),
        _ => None,
    }
}

/// What a strict Structured Outputs server does: every property the request's schema requires
/// is in the answer. A `citizen_reason` the test did not script is `"(<code>) <reason>"`, with
/// the language code the system prompt asked for.
fn with_required_fields(
    m: &serde_json::Map<String, Value>,
    request: &Value,
) -> serde_json::Map<String, Value> {
    let mut m = m.clone();
    let required = request
        .pointer("/response_format/json_schema/schema/required")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if required.contains(&json!("citizen_reason")) && !m.contains_key("citizen_reason") {
        let system = request
            .pointer("/messages/0/content")
            .and_then(Value::as_str)
            .unwrap_or("");
        let code = system
            .rsplit_once("citizen_reason:")
            .and_then(|(_, rest)| rest.rsplit_once('(')?.1.split_once(')'))
            .map(|(code, _)| code.to_owned())
            .unwrap_or_else(|| "?".into());
        let reason = m
            .get("reason")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        m.insert("citizen_reason".into(), json!(format!("({code}) {reason}")));
    }
    m
}
