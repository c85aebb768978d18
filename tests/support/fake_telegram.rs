//! A fake Telegram Bot API server on 127.0.0.1 for tests and the load test.
//!
//! The bot under test calls `{url}/bot{TOKEN}/{Method}` (method names are case-insensitive,
//! bodies may be JSON, form-urlencoded or multipart) and downloads files from
//! `{url}/file/bot{TOKEN}/{file_path}`. The fake records every call, serves queued updates
//! through a real long-polling `getUpdates`, and can inject failures and Telegram's rate limits.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Multipart, Request, State as AxState};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};
use tokio::sync::Notify;

use super::fixtures;
#[allow(unused_imports)] // not every test file sends photos
pub use super::fixtures::STANDARD_SIZES;

/// The bot token the fake accepts.
pub const TOKEN: &str = "123456:TEST-TOKEN-abcdefghijklmnop";
/// The bot's own user id.
pub const BOT_USER_ID: i64 = 999000;
/// The bot's username (without `@`).
pub const BOT_USERNAME: &str = "pothole_test_bot";
/// Largest file the Bot API lets a bot download (getFile answers "file is too big" above it).
pub const MAX_DOWNLOAD_SIZE: u64 = 20 * 1024 * 1024;

/// Methods that deliver a message and are subject to [`Limits`].
const LIMITED_METHODS: [&str; 5] = [
    "sendmessage",
    "sendphoto",
    "senddocument",
    "sendlocation",
    "sendvenue",
];
/// Methods that are counted by [`FakeTelegram::calls`] but not listed by [`FakeTelegram::sent`].
const UNRECORDED_METHODS: [&str; 5] = [
    "getupdates",
    "getme",
    "getwebhookinfo",
    "getfile",
    "download",
];
/// Multipart/form fields kept as strings even when they look like JSON numbers.
const STRING_FIELDS: [&str; 16] = [
    "text",
    "caption",
    "photo",
    "document",
    "file_id",
    "title",
    "address",
    "parse_mode",
    "callback_query_id",
    "action",
    "emoji",
    "inline_message_id",
    "foursquare_id",
    "google_place_id",
    "url",
    "description",
];

/// One recorded Bot API call (everything except getUpdates/getMe/getWebhookInfo/getFile).
#[derive(Clone, Debug)]
pub struct Sent {
    /// Lower-case method name, e.g. `"sendmessage"`.
    pub method: String,
    /// `chat_id` parameter (0 when absent or not numeric).
    pub chat_id: i64,
    /// `text` or `caption`.
    pub text: Option<String>,
    /// `photo` parameter (file id, URL or `attach://name` for uploads).
    pub photo: Option<String>,
    /// `document` parameter (file id, URL or `attach://name` for uploads).
    pub document: Option<String>,
    /// `(latitude, longitude)` for sendLocation / sendVenue.
    pub location: Option<(f64, f64)>,
    /// From `reply_to_message_id` or `reply_parameters.message_id`.
    pub reply_to: Option<i64>,
    /// `message_thread_id`.
    pub thread_id: Option<i64>,
    /// `reply_markup`, decoded to JSON.
    pub reply_markup: Option<Value>,
    /// Message id the fake assigned (sends) or the edited message's id (edits).
    pub message_id: Option<i64>,
    /// All parameters as a JSON object (form values decoded; uploads summarised in `_uploads`).
    pub params: Value,
    /// When the call arrived.
    pub at: Instant,
}

impl Sent {
    /// The text (or caption), or `""`.
    pub fn text_str(&self) -> &str {
        self.text.as_deref().unwrap_or("")
    }

    /// True if the method is one of the message sends (sendMessage, sendPhoto, ...).
    pub fn is_message(&self) -> bool {
        LIMITED_METHODS.contains(&self.method.as_str())
            || self.method == "forwardmessage"
            || self.method == "copymessage"
    }

    /// `callback_data` values of the inline keyboard, row by row.
    pub fn button_data(&self) -> Vec<String> {
        self.reply_markup
            .as_ref()
            .and_then(|m| m.get("inline_keyboard"))
            .and_then(Value::as_array)
            .map(|rows| {
                rows.iter()
                    .filter_map(Value::as_array)
                    .flatten()
                    .filter_map(|b| b.get("callback_data").and_then(Value::as_str))
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// One-line summary used in panic dumps.
    pub fn summary(&self) -> String {
        let mut s = format!("{} chat={}", self.method, self.chat_id);
        if let Some(id) = self.message_id {
            s += &format!(" msg={id}");
        }
        if let Some(t) = &self.text {
            let t: String = t.chars().take(300).collect();
            s += &format!(" text={t:?}");
        }
        if let Some(p) = &self.photo {
            s += &format!(" photo={p}");
        }
        if let Some(d) = &self.document {
            s += &format!(" document={d}");
        }
        if let Some((a, b)) = self.location {
            s += &format!(" location=({a},{b})");
        }
        if let Some(r) = self.reply_to {
            s += &format!(" reply_to={r}");
        }
        if let Some(t) = self.thread_id {
            s += &format!(" thread={t}");
        }
        if let Some(m) = &self.reply_markup {
            s += &format!(" markup={m}");
        }
        if self.text.is_none() && self.photo.is_none() && self.document.is_none() {
            s += &format!(" params={}", self.params);
        }
        s
    }
}

/// An injected failure answer.
#[derive(Clone, Debug, PartialEq)]
pub enum Failure {
    /// HTTP status with a Telegram error body, e.g. `(403, "Forbidden: bot was blocked by the user")`.
    Status(u16, String),
    /// 429 with `parameters.retry_after` (seconds).
    RetryAfter(u32),
    /// 400 "group chat was upgraded to a supergroup chat" with `parameters.migrate_to_chat_id`.
    MigrateTo(i64),
    /// Close the connection without a (complete) answer.
    Drop,
    /// Hold the request for the given time, then close the connection without answering.
    Hang(Duration),
}

impl Failure {
    /// HTTP status + description.
    pub fn status(code: u16, description: &str) -> Self {
        Failure::Status(code, description.to_owned())
    }

    /// 500 "Internal Server Error" (note: teloxide sleeps 10 s on any 5xx).
    pub fn server_error() -> Self {
        Self::status(500, "Internal Server Error")
    }

    /// 400 "Bad Request: chat not found".
    pub fn chat_not_found() -> Self {
        Self::status(400, "Bad Request: chat not found")
    }

    /// 403 "Forbidden: bot was blocked by the user".
    pub fn blocked() -> Self {
        Self::status(403, "Forbidden: bot was blocked by the user")
    }

    /// 403 "Forbidden: bot was kicked from the supergroup chat".
    pub fn kicked() -> Self {
        Self::status(403, "Forbidden: bot was kicked from the supergroup chat")
    }
}

/// Telegram-like flood limits (sliding windows) applied to message sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Messages per second over all chats.
    pub overall_per_sec: u32,
    /// Messages per second to one chat.
    pub per_chat_per_sec: u32,
    /// Messages per minute to one group (negative chat id).
    pub group_per_min: u32,
}

impl Limits {
    /// Telegram's documented limits: 30/s overall, 1/s per chat, 20/min per group.
    pub const TELEGRAM: Limits = Limits {
        overall_per_sec: 30,
        per_chat_per_sec: 1,
        group_per_min: 20,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Self::TELEGRAM
    }
}

/// A photo registered with the fake: one real JPEG file per size.
#[derive(Clone, Debug)]
pub struct Photo {
    /// PhotoSize JSON objects, in the order given to `add_photo` (tests may shuffle them).
    pub sizes: Vec<Value>,
}

impl Photo {
    /// The `photo` array as JSON.
    pub fn json(&self) -> Value {
        Value::Array(self.sizes.clone())
    }

    /// file_id of the size with the largest width × height.
    pub fn largest_file_id(&self) -> String {
        self.pick(|a, b| area(a).cmp(&area(b)))
    }

    /// file_id of the size with the smallest width × height.
    pub fn smallest_file_id(&self) -> String {
        self.pick(|a, b| area(b).cmp(&area(a)))
    }

    /// All file_ids, in order.
    pub fn file_ids(&self) -> Vec<String> {
        self.sizes
            .iter()
            .map(|s| s["file_id"].as_str().unwrap_or_default().to_owned())
            .collect()
    }

    /// file_id of the size with exactly this width and height.
    pub fn file_id_of(&self, w: u32, h: u32) -> Option<String> {
        self.sizes
            .iter()
            .find(|s| s["width"] == w && s["height"] == h)
            .map(|s| s["file_id"].as_str().unwrap_or_default().to_owned())
    }

    /// A copy with the sizes in reverse order.
    pub fn reversed(&self) -> Photo {
        let mut sizes = self.sizes.clone();
        sizes.reverse();
        Photo { sizes }
    }

    /// A copy with the sizes rotated left by `n` (a deterministic shuffle).
    pub fn rotated(&self, n: usize) -> Photo {
        let mut sizes = self.sizes.clone();
        if !sizes.is_empty() {
            let k = n % sizes.len();
            sizes.rotate_left(k);
        }
        Photo { sizes }
    }

    fn pick(&self, cmp: impl Fn(&Value, &Value) -> std::cmp::Ordering) -> String {
        self.sizes
            .iter()
            .max_by(|a, b| cmp(a, b))
            .and_then(|s| s["file_id"].as_str())
            .unwrap_or_default()
            .to_owned()
    }
}

fn area(v: &Value) -> u64 {
    v["width"].as_u64().unwrap_or(0) * v["height"].as_u64().unwrap_or(0)
}

/// A file registered with the fake, as a Telegram `Document`.
#[derive(Clone, Debug)]
pub struct Document {
    /// The Document JSON object.
    pub json: Value,
}

impl Document {
    /// The document's file_id.
    pub fn file_id(&self) -> String {
        self.json["file_id"].as_str().unwrap_or_default().to_owned()
    }
}

#[derive(Clone)]
struct FileEntry {
    file_id: String,
    unique_id: String,
    bytes: Bytes,
    size: u64,
    path: String,
    mime: String,
    dims: Option<(u32, u32)>,
}

struct Windows {
    overall: VecDeque<Instant>,
    per_chat: HashMap<i64, VecDeque<Instant>>,
    group: HashMap<i64, VecDeque<Instant>>,
}

#[derive(Default)]
struct State {
    next_update_id: i64,
    queue: VecDeque<Value>,
    pushed: HashMap<i64, Value>,
    last_update_id: Option<i64>,
    messages: HashMap<(i64, i64), Value>,
    sent: Vec<Sent>,
    failed: Vec<Sent>,
    calls: HashMap<String, usize>,
    files: HashMap<String, FileEntry>,
    paths: HashMap<String, String>,
    downloads: HashMap<String, usize>,
    total_downloads: usize,
    fail_next: HashMap<String, VecDeque<Failure>>,
    fail_chat: HashMap<i64, Failure>,
    latency: Duration,
    limits: Option<Limits>,
    windows: Option<Windows>,
    rejected_429: usize,
    commands: Value,
    /// Every menu set, by (scope as JSON, language_code or "").
    menus: HashMap<(String, String), Value>,
    chat_types: HashMap<i64, &'static str>,
    callback_seq: u64,
    /// setWebhook's URL and secret token; while set, updates are POSTed there and
    /// getUpdates is refused (409), as Telegram does.
    webhook: Option<(String, Option<String>)>,
    /// Bumped by every setWebhook/deleteWebhook, so an old delivery task stops.
    webhook_generation: u64,
    /// Webhook POSTs made, and those the bot answered 200.
    webhook_posts: usize,
    webhook_delivered: usize,
}

struct Inner {
    addr: SocketAddr,
    state: Mutex<State>,
    next_message_id: AtomicI64,
    next_file: AtomicI64,
    updates_changed: Notify,
    sent_changed: Notify,
}

/// Handle to a running fake Bot API server (cheap to clone).
#[derive(Clone)]
pub struct FakeTelegram {
    inner: Arc<Inner>,
}

fn now_unix() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn bot_user() -> Value {
    json!({"id": BOT_USER_ID, "is_bot": true, "first_name": "Pothole Test Bot", "username": BOT_USERNAME})
}

/// A human user JSON object for `user_id`, whose Telegram app is in English.
pub fn user_json(user_id: i64) -> Value {
    user_json_speaking(user_id, Some("en"))
}

/// A human user JSON object for `user_id` with this `language_code` (`None`: Telegram sent
/// none, as for some clients).
pub fn user_json_speaking(user_id: i64, language_code: Option<&str>) -> Value {
    let mut user = json!({
        "id": user_id, "is_bot": false, "first_name": format!("Citizen{user_id}"),
        "username": format!("citizen{user_id}")
    });
    if let Some(code) = language_code {
        user["language_code"] = json!(code);
    }
    user
}

impl FakeTelegram {
    /// Binds 127.0.0.1:0 and serves the fake Bot API in a background task.
    pub async fn start() -> FakeTelegram {
        FakeTelegram::start_on(0).await
    }

    /// Binds 127.0.0.1:`port` (0 for any free port) and serves in a background task.
    pub async fn start_on(port: u16) -> FakeTelegram {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("bind fake telegram");
        let addr = listener.local_addr().unwrap();
        let state = State {
            next_update_id: 1,
            commands: json!([]),
            menus: HashMap::new(),
            ..Default::default()
        };
        let inner = Arc::new(Inner {
            addr,
            state: Mutex::new(state),
            next_message_id: AtomicI64::new(1),
            next_file: AtomicI64::new(1),
            updates_changed: Notify::new(),
            sent_changed: Notify::new(),
        });
        let app = axum::Router::new()
            .fallback(handle)
            .layer(axum::extract::DefaultBodyLimit::max(64 << 20))
            .with_state(inner.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FakeTelegram { inner }
    }

    /// Base URL, e.g. `http://127.0.0.1:PORT` (give it to `Bot::set_api_url`).
    pub fn url(&self) -> String {
        format!("http://{}", self.inner.addr)
    }

    /// The socket address the fake listens on.
    pub fn addr(&self) -> SocketAddr {
        self.inner.addr
    }

    fn st(&self) -> std::sync::MutexGuard<'_, State> {
        self.inner.state.lock().unwrap()
    }

    // ---------------------------------------------------------------- updates

    /// Queues an update, assigning (overwriting) its `update_id`; returns the id.
    pub fn push_update(&self, mut update: Value) -> i64 {
        let id = {
            let mut st = self.st();
            let id = st.next_update_id;
            st.next_update_id += 1;
            update["update_id"] = json!(id);
            // remember the message so replies / callbacks can refer to it
            for key in [
                "message",
                "edited_message",
                "channel_post",
                "edited_channel_post",
            ] {
                if let Some(m) = update.get(key)
                    && let (Some(c), Some(mid)) =
                        (m["chat"]["id"].as_i64(), m["message_id"].as_i64())
                {
                    st.messages.insert((c, mid), m.clone());
                }
            }
            st.pushed.insert(id, update.clone());
            st.last_update_id = Some(id);
            st.queue.push_back(update);
            id
        };
        self.inner.updates_changed.notify_waiters();
        id
    }

    /// Pushes a copy of a previously pushed update (same content and message_id) under a new
    /// update_id, as if Telegram delivered it again; returns the new update id.
    pub fn redeliver(&self, update_id: i64) -> i64 {
        let u = self
            .update(update_id)
            .expect("redeliver: unknown update id");
        self.push_update(u)
    }

    /// A previously pushed update by id.
    pub fn update(&self, update_id: i64) -> Option<Value> {
        self.st().pushed.get(&update_id).cloned()
    }

    /// The most recently pushed update.
    pub fn last_update(&self) -> Option<Value> {
        let st = self.st();
        st.last_update_id.and_then(|id| st.pushed.get(&id).cloned())
    }

    /// Id of the most recently pushed update.
    pub fn last_update_id(&self) -> Option<i64> {
        self.st().last_update_id
    }

    /// Updates still queued (not yet confirmed by a getUpdates offset).
    pub fn pending_updates(&self) -> usize {
        self.st().queue.len()
    }

    /// Waits until every pushed update has been confirmed by getUpdates' offset.
    pub async fn wait_confirmed(&self, timeout: Duration) {
        let deadline = tokio::time::Instant::now() + timeout;
        while self.pending_updates() > 0 {
            if tokio::time::Instant::now() >= deadline {
                panic!(
                    "{} updates still unconfirmed after {timeout:?}",
                    self.pending_updates()
                );
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// A fresh message id (unique within this fake).
    pub fn next_message_id(&self) -> i64 {
        self.inner.next_message_id.fetch_add(1, Ordering::Relaxed)
    }

    /// A message the fake knows (pushed by a test or sent by the bot), by chat and id.
    pub fn message(&self, chat_id: i64, message_id: i64) -> Option<Value> {
        self.st().messages.get(&(chat_id, message_id)).cloned()
    }

    /// A citizen in a private chat with the bot (user id = chat id).
    pub fn citizen(&self, chat_id: i64) -> Author {
        Author::new(self.clone(), chat_id, Some(chat_id), "private")
    }

    /// A user `user_id` writing in the supergroup `chat_id` (negative).
    pub fn group(&self, chat_id: i64, user_id: i64) -> Author {
        Author::new(self.clone(), chat_id, Some(user_id), "supergroup")
    }

    /// A channel `chat_id` posting (updates are `channel_post`).
    pub fn channel(&self, chat_id: i64) -> Author {
        self.st().chat_types.insert(chat_id, "channel");
        Author::new(self.clone(), chat_id, None, "channel")
    }

    /// The Chat JSON the fake uses for `chat_id`.
    pub fn chat_json(&self, chat_id: i64) -> Value {
        let kind = self.st().chat_types.get(&chat_id).copied();
        chat_json(chat_id, kind)
    }

    // ---------------------------------------------------------------- files

    /// Registers one real JPEG per size (solid `color`) and returns the photo (sizes in the
    /// order given).
    pub fn add_photo(&self, color: [u8; 3], sizes: &[(u32, u32)]) -> Photo {
        let sizes = sizes
            .iter()
            .map(|&(w, h)| {
                let bytes = fixtures::jpeg_bytes(w, h, color);
                let size = bytes.len() as u64;
                let e = self.register(bytes, size, "photos", "jpg", "image/jpeg", Some((w, h)));
                json!({"file_id": e.file_id, "file_unique_id": e.unique_id, "width": w, "height": h, "file_size": size})
            })
            .collect();
        Photo { sizes }
    }

    /// Registers a photo whose sizes hold arbitrary bytes (e.g. a corrupt JPEG) with the
    /// declared dimensions.
    pub fn add_photo_bytes(&self, bytes: &[u8], sizes: &[(u32, u32)]) -> Photo {
        let bytes = Bytes::copy_from_slice(bytes);
        let sizes = sizes
            .iter()
            .map(|&(w, h)| {
                let size = bytes.len() as u64;
                let e = self.register(bytes.clone(), size, "photos", "jpg", "image/jpeg", Some((w, h)));
                json!({"file_id": e.file_id, "file_unique_id": e.unique_id, "width": w, "height": h, "file_size": size})
            })
            .collect();
        Photo { sizes }
    }

    /// Registers arbitrary bytes as a document.
    pub fn add_file(&self, bytes: &[u8], file_name: &str, mime: &str) -> Document {
        self.add_file_with_size(bytes, file_name, mime, bytes.len() as u64)
    }

    /// Registers bytes as a document declaring `file_size` (e.g. 25 MB without allocating it;
    /// getFile then answers 400 "file is too big" above 20 MB, like Telegram).
    pub fn add_file_with_size(
        &self,
        bytes: &[u8],
        file_name: &str,
        mime: &str,
        file_size: u64,
    ) -> Document {
        let ext = file_name.rsplit_once('.').map(|(_, e)| e).unwrap_or("bin");
        let dims = if mime.starts_with("image/") {
            fixtures::image_dims(bytes)
        } else {
            None
        };
        let e = self.register(
            Bytes::copy_from_slice(bytes),
            file_size,
            "documents",
            ext,
            mime,
            dims,
        );
        let mut doc = json!({
            "file_id": e.file_id, "file_unique_id": e.unique_id, "file_name": file_name,
            "mime_type": mime, "file_size": file_size
        });
        if mime.starts_with("image/") {
            // Telegram adds a thumbnail for images sent as files; keep it simple and omit it
            doc.as_object_mut().unwrap().remove("thumbnail");
        }
        Document { json: doc }
    }

    fn register(
        &self,
        bytes: Bytes,
        size: u64,
        dir: &str,
        ext: &str,
        mime: &str,
        dims: Option<(u32, u32)>,
    ) -> FileEntry {
        let n = self.inner.next_file.fetch_add(1, Ordering::Relaxed);
        let prefix = if dir == "photos" {
            "AgACAgIAAxk"
        } else {
            "BQACAgIAAxk"
        };
        let entry = FileEntry {
            file_id: format!("{prefix}-{n:06}-fake"),
            unique_id: format!("AQAD{n:06}"),
            bytes,
            size,
            path: format!("{dir}/file_{n}.{ext}"),
            mime: mime.to_owned(),
            dims,
        };
        let mut st = self.st();
        st.paths.insert(entry.path.clone(), entry.file_id.clone());
        st.files.insert(entry.file_id.clone(), entry.clone());
        entry
    }

    /// Total number of file downloads served.
    pub fn file_downloads(&self) -> usize {
        self.st().total_downloads
    }

    /// Number of downloads of one file.
    pub fn downloads_of(&self, file_id: &str) -> usize {
        self.st().downloads.get(file_id).copied().unwrap_or(0)
    }

    /// Bytes of a registered (or uploaded) file.
    pub fn file_bytes(&self, file_id: &str) -> Option<Bytes> {
        self.st().files.get(file_id).map(|f| f.bytes.clone())
    }

    /// Bytes of the files the bot uploaded whose name ends in `.{ext}`, in upload order.
    pub fn uploaded(&self, ext: &str) -> Vec<Bytes> {
        let st = self.st();
        let mut files: Vec<&FileEntry> = st
            .files
            .values()
            .filter(|f| f.file_id.starts_with("UPL-") && f.path.ends_with(&format!(".{ext}")))
            .collect();
        files.sort_by(|a, b| a.file_id.cmp(&b.file_id));
        files.into_iter().map(|f| f.bytes.clone()).collect()
    }

    // ---------------------------------------------------------------- recording

    /// Every recorded call that was answered successfully, in arrival order (getUpdates, getMe,
    /// getWebhookInfo and getFile are not listed).
    pub fn sent(&self) -> Vec<Sent> {
        self.st().sent.clone()
    }

    /// Recorded successful calls whose chat_id is `chat_id`.
    pub fn sent_to(&self, chat_id: i64) -> Vec<Sent> {
        self.st()
            .sent
            .iter()
            .filter(|s| s.chat_id == chat_id)
            .cloned()
            .collect()
    }

    /// Recorded message sends (sendMessage/Photo/Document/Location/Venue, forward, copy).
    pub fn messages_sent(&self) -> Vec<Sent> {
        self.st()
            .sent
            .iter()
            .filter(|s| s.is_message())
            .cloned()
            .collect()
    }

    /// Calls answered with an injected failure or a 429 from the limits (not in `sent()`).
    pub fn failed(&self) -> Vec<Sent> {
        self.st().failed.clone()
    }

    /// Number of calls of `method` (case-insensitive; includes getUpdates, getFile, failures;
    /// `"download"` counts file downloads).
    pub fn calls(&self, method: &str) -> usize {
        self.st()
            .calls
            .get(&method.to_ascii_lowercase())
            .copied()
            .unwrap_or(0)
    }

    /// Commands recorded by the last setMyCommands.
    pub fn commands(&self) -> Value {
        self.st().commands.clone()
    }

    /// The menu set for `scope` (e.g. `{"type":"all_private_chats"}`) and `language_code`
    /// (`None` for the menu of users whose language has none of its own).
    pub fn menu(&self, scope: Value, language_code: Option<&str>) -> Option<Value> {
        let key = (scope.to_string(), language_code.unwrap_or("").to_owned());
        self.st().menus.get(&key).cloned()
    }

    /// Forgets recorded calls (sent and failed) and call counters.
    pub fn clear_sent(&self) {
        let mut st = self.st();
        st.sent.clear();
        st.failed.clear();
        st.calls.clear();
    }

    /// Dump of everything sent so far, one line per call.
    pub fn dump(&self) -> String {
        let st = self.st();
        let mut out = String::new();
        for s in &st.sent {
            out += &format!("  {}\n", s.summary());
        }
        if !st.failed.is_empty() {
            out += "failed:\n";
            for s in &st.failed {
                out += &format!("  {}\n", s.summary());
            }
        }
        if out.is_empty() {
            out = "  (nothing)\n".into();
        }
        out
    }

    /// Waits for a recorded call matching `pred` (already sent or arriving within `timeout`);
    /// panics with a dump of everything sent if none arrives.
    pub async fn wait_for(&self, timeout: Duration, pred: impl Fn(&Sent) -> bool) -> Sent {
        self.wait_for_n(timeout, 1, pred).await.remove(0)
    }

    /// Waits until `n` recorded calls match `pred`; returns the first `n`; panics on timeout.
    pub async fn wait_for_n(
        &self,
        timeout: Duration,
        n: usize,
        pred: impl Fn(&Sent) -> bool,
    ) -> Vec<Sent> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let notified = self.inner.sent_changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            let found: Vec<Sent> = self
                .st()
                .sent
                .iter()
                .filter(|s| pred(s))
                .take(n)
                .cloned()
                .collect();
            if found.len() >= n {
                return found;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                panic!(
                    "FakeTelegram: expected {n} matching call(s) within {timeout:?}, got {}; everything sent:\n{}",
                    found.len(),
                    self.dump()
                );
            }
        }
    }

    /// Waits `duration` and asserts that no call matching `pred` arrived meanwhile.
    pub async fn expect_none(&self, duration: Duration, pred: impl Fn(&Sent) -> bool) {
        let start = Instant::now();
        tokio::time::sleep(duration).await;
        let bad: Vec<String> = self
            .st()
            .sent
            .iter()
            .filter(|s| s.at >= start && pred(s))
            .map(Sent::summary)
            .collect();
        assert!(
            bad.is_empty(),
            "FakeTelegram: expected no matching call within {duration:?}, got:\n  {}\neverything sent:\n{}",
            bad.join("\n  "),
            self.dump()
        );
    }

    // ---------------------------------------------------------------- faults

    /// The next `n` calls of `method` (case-insensitive; `"download"` for file downloads) answer
    /// with `failure`.
    pub fn fail_next(&self, method: &str, n: usize, failure: Failure) {
        let mut st = self.st();
        let q = st.fail_next.entry(method.to_ascii_lowercase()).or_default();
        for _ in 0..n {
            q.push_back(failure.clone());
        }
    }

    /// Every call with `chat_id` answers `failure` until cleared.
    pub fn fail_chat(&self, chat_id: i64, failure: Failure) {
        self.st().fail_chat.insert(chat_id, failure);
    }

    /// Removes a `fail_chat` rule.
    pub fn clear_chat_failure(&self, chat_id: i64) {
        self.st().fail_chat.remove(&chat_id);
    }

    /// Simulates a group upgraded to a supergroup: every call to `old` answers `MigrateTo(new)`.
    pub fn migrate(&self, old: i64, new: i64) {
        self.st().chat_types.insert(new, "supergroup");
        self.fail_chat(old, Failure::MigrateTo(new));
    }

    /// Adds latency to every recorded (non-polling) method.
    pub fn set_latency(&self, latency: Duration) {
        self.st().latency = latency;
    }

    /// Applies Telegram-like flood limits to message sends.
    pub fn enforce_limits(&self, limits: Limits) {
        let mut st = self.st();
        st.limits = Some(limits);
        st.windows = Some(Windows {
            overall: VecDeque::new(),
            per_chat: HashMap::new(),
            group: HashMap::new(),
        });
    }

    /// Turns the flood limits off.
    pub fn disable_limits(&self) {
        let mut st = self.st();
        st.limits = None;
        st.windows = None;
    }

    /// Number of sends refused with 429 by the limits.
    pub fn rejected_429(&self) -> usize {
        self.st().rejected_429
    }
}

fn chat_json(chat_id: i64, kind: Option<&str>) -> Value {
    let kind = kind.unwrap_or(if chat_id > 0 { "private" } else { "supergroup" });
    match kind {
        "private" => {
            json!({"id": chat_id, "type": "private", "first_name": format!("Citizen{chat_id}"), "username": format!("citizen{chat_id}")})
        }
        "channel" => {
            json!({"id": chat_id, "type": "channel", "title": format!("Channel {chat_id}")})
        }
        k => json!({"id": chat_id, "type": k, "title": format!("Group {chat_id}")}),
    }
}

// ==================================================================== message builders

/// Someone writing to the bot: a citizen in a private chat, a group member, or a channel.
/// Every `sends_*` pushes an update and returns the new message's id.
#[derive(Clone)]
pub struct Author {
    tg: FakeTelegram,
    chat_id: i64,
    user_id: Option<i64>,
    chat_type: &'static str,
    reply_to: Option<i64>,
    thread_id: Option<i64>,
    message_id: Option<i64>,
    media_group_id: Option<String>,
    forward_from: Option<i64>,
    language_code: Option<String>,
}

impl Author {
    fn new(tg: FakeTelegram, chat_id: i64, user_id: Option<i64>, chat_type: &'static str) -> Self {
        Author {
            tg,
            chat_id,
            user_id,
            chat_type,
            reply_to: None,
            thread_id: None,
            message_id: None,
            media_group_id: None,
            forward_from: None,
            language_code: Some("en".into()),
        }
    }

    /// The user's Telegram app is in this language (`from.language_code`, e.g. `pt-BR`);
    /// `""` sends none.
    pub fn speaking(mut self, language_code: &str) -> Self {
        self.language_code = Some(language_code)
            .filter(|c| !c.is_empty())
            .map(str::to_owned);
        self
    }

    fn sender_json(&self, user_id: i64) -> Value {
        user_json_speaking(user_id, self.language_code.as_deref())
    }

    /// The next message replies to `message_id` (the fake fills `reply_to_message` if it knows it).
    pub fn replying_to(mut self, message_id: i64) -> Self {
        self.reply_to = Some(message_id);
        self
    }

    /// The next message is in forum topic `thread_id`.
    pub fn in_thread(mut self, thread_id: i64) -> Self {
        self.thread_id = Some(thread_id);
        self
    }

    /// Use this message id instead of an auto-incremented one.
    pub fn with_message_id(mut self, message_id: i64) -> Self {
        self.message_id = Some(message_id);
        self
    }

    /// Part of an album (`media_group_id`).
    pub fn in_album(mut self, media_group_id: &str) -> Self {
        self.media_group_id = Some(media_group_id.to_owned());
        self
    }

    /// Marks the message as forwarded from user `user_id` (`forward_origin`).
    pub fn forwarded_from(mut self, user_id: i64) -> Self {
        self.forward_from = Some(user_id);
        self
    }

    /// The chat id.
    pub fn chat_id(&self) -> i64 {
        self.chat_id
    }

    /// The user id (None for channels).
    pub fn user_id(&self) -> Option<i64> {
        self.user_id
    }

    /// Builds the message JSON (with a fresh id) for `content` without pushing it.
    pub fn build_message(&self, content: Value) -> Value {
        let mid = self.message_id.unwrap_or_else(|| self.tg.next_message_id());
        let mut m = Map::new();
        m.insert("message_id".into(), json!(mid));
        m.insert("date".into(), json!(now_unix()));
        m.insert("chat".into(), chat_json(self.chat_id, Some(self.chat_type)));
        match self.user_id {
            Some(u) => {
                m.insert("from".into(), self.sender_json(u));
            }
            None => {
                m.insert(
                    "sender_chat".into(),
                    chat_json(self.chat_id, Some(self.chat_type)),
                );
            }
        }
        if let Some(t) = self.thread_id {
            m.insert("message_thread_id".into(), json!(t));
            m.insert("is_topic_message".into(), json!(true));
            m.insert("chat".into(), {
                let mut c = chat_json(self.chat_id, Some(self.chat_type));
                c["is_forum"] = json!(true);
                c
            });
        }
        if let Some(r) = self.reply_to {
            let replied = self.tg.message(self.chat_id, r).unwrap_or_else(|| {
                json!({"message_id": r, "date": now_unix(), "chat": chat_json(self.chat_id, Some(self.chat_type)),
                       "from": bot_user(), "text": "..."})
            });
            m.insert("reply_to_message".into(), strip_reply(replied));
        }
        if let Some(g) = &self.media_group_id {
            m.insert("media_group_id".into(), json!(g));
        }
        if let Some(f) = self.forward_from {
            m.insert(
                "forward_origin".into(),
                json!({"type": "user", "date": now_unix() - 60, "sender_user": user_json(f)}),
            );
        }
        if let Value::Object(c) = content {
            m.extend(c);
        }
        Value::Object(m)
    }

    fn update_key(&self, edited: bool) -> &'static str {
        match (self.chat_type == "channel", edited) {
            (true, false) => "channel_post",
            (true, true) => "edited_channel_post",
            (false, false) => "message",
            (false, true) => "edited_message",
        }
    }

    /// Pushes a message with arbitrary content fields (e.g. `{"text": ..}`); returns its id.
    pub fn sends_json_message(&self, content: Value) -> i64 {
        let msg = self.build_message(content);
        let id = msg["message_id"].as_i64().unwrap();
        let key = self.update_key(false);
        self.tg.push_update(json!({ key: msg }));
        id
    }

    /// Pushes an edit of `message_id` with the given content (an `edited_message` update).
    pub fn edits_json_message(&self, message_id: i64, content: Value) -> i64 {
        let mut msg = self
            .clone()
            .with_message_id(message_id)
            .build_message(content);
        if let Some(orig) = self.tg.message(self.chat_id, message_id) {
            msg["date"] = orig["date"].clone();
        }
        msg["edit_date"] = json!(now_unix());
        let key = self.update_key(true);
        self.tg.push_update(json!({ key: msg }));
        message_id
    }

    /// Plain text.
    pub fn sends_text(&self, text: &str) -> i64 {
        self.sends_json_message(json!({"text": text}))
    }

    /// A command like `"/status"` or `"/start abc"` with its `bot_command` entity.
    pub fn sends_command(&self, command: &str) -> i64 {
        let first = command.split_whitespace().next().unwrap_or(command);
        let len = first.encode_utf16().count();
        self.sends_json_message(json!({
            "text": command,
            "entities": [{"type": "bot_command", "offset": 0, "length": len}]
        }))
    }

    /// A compressed photo.
    pub fn sends_photo(&self, photo: &Photo) -> i64 {
        self.sends_json_message(json!({"photo": photo.json()}))
    }

    /// A compressed photo with a caption.
    pub fn sends_photo_with_caption(&self, photo: &Photo, caption: &str) -> i64 {
        self.sends_json_message(json!({"photo": photo.json(), "caption": caption}))
    }

    /// A file (document).
    pub fn sends_document(&self, doc: &Document) -> i64 {
        self.sends_json_message(json!({"document": doc.json}))
    }

    /// A file with a caption.
    pub fn sends_document_with_caption(&self, doc: &Document, caption: &str) -> i64 {
        self.sends_json_message(json!({"document": doc.json, "caption": caption}))
    }

    /// A location.
    pub fn sends_location(&self, lat: f64, lon: f64) -> i64 {
        self.sends_json_message(json!({"location": {"latitude": lat, "longitude": lon}}))
    }

    /// A live location (`live_period` seconds).
    pub fn sends_live_location(&self, lat: f64, lon: f64, live_period: u32) -> i64 {
        self.sends_json_message(
            json!({"location": {"latitude": lat, "longitude": lon, "live_period": live_period}}),
        )
    }

    /// An update of a live location (`edited_message` of `message_id`).
    pub fn edits_live_location(&self, message_id: i64, lat: f64, lon: f64) -> i64 {
        self.edits_json_message(
            message_id,
            json!({"location": {"latitude": lat, "longitude": lon, "live_period": 900}}),
        )
    }

    /// An edit of a text message (`edited_message`).
    pub fn edits_text(&self, message_id: i64, text: &str) -> i64 {
        self.edits_json_message(message_id, json!({"text": text}))
    }

    /// A venue (Telegram duplicates its location in `location`).
    pub fn sends_venue(&self, lat: f64, lon: f64, title: &str, address: &str) -> i64 {
        let loc = json!({"latitude": lat, "longitude": lon});
        self.sends_json_message(json!({"venue": {"location": loc, "title": title, "address": address}, "location": loc}))
    }

    /// A sticker.
    pub fn sends_sticker(&self) -> i64 {
        let (id, uid) = self.fake_ids("sticker");
        self.sends_json_message(json!({"sticker": {
            "file_id": id, "file_unique_id": uid, "type": "regular", "width": 512, "height": 512,
            "is_animated": false, "is_video": false, "emoji": "👍", "file_size": 12000
        }}))
    }

    /// A voice note.
    pub fn sends_voice(&self) -> i64 {
        let (id, uid) = self.fake_ids("voice");
        self.sends_json_message(json!({"voice": {"file_id": id, "file_unique_id": uid, "duration": 3, "mime_type": "audio/ogg", "file_size": 9000}}))
    }

    /// An audio file.
    pub fn sends_audio(&self) -> i64 {
        let (id, uid) = self.fake_ids("audio");
        self.sends_json_message(json!({"audio": {"file_id": id, "file_unique_id": uid, "duration": 120,
            "performer": "Band", "title": "Song", "mime_type": "audio/mpeg", "file_size": 2_000_000}}))
    }

    /// A video.
    pub fn sends_video(&self) -> i64 {
        let (id, uid) = self.fake_ids("video");
        self.sends_json_message(
            json!({"video": {"file_id": id, "file_unique_id": uid, "width": 1280,
            "height": 720, "duration": 10, "mime_type": "video/mp4", "file_size": 3_000_000}}),
        )
    }

    /// A round video note.
    pub fn sends_video_note(&self) -> i64 {
        let (id, uid) = self.fake_ids("videonote");
        self.sends_json_message(json!({"video_note": {"file_id": id, "file_unique_id": uid, "length": 240, "duration": 5, "file_size": 300_000}}))
    }

    /// A GIF animation (Telegram duplicates it in `document`).
    pub fn sends_animation(&self) -> i64 {
        let (id, uid) = self.fake_ids("animation");
        self.sends_json_message(json!({
            "animation": {"file_id": id, "file_unique_id": uid, "width": 320, "height": 240, "duration": 2,
                          "file_name": "a.mp4", "mime_type": "video/mp4", "file_size": 50_000},
            "document": {"file_id": id, "file_unique_id": uid, "file_name": "a.mp4", "mime_type": "video/mp4", "file_size": 50_000}
        }))
    }

    /// A shared contact.
    pub fn sends_contact(&self, phone: &str, first_name: &str) -> i64 {
        self.sends_json_message(
            json!({"contact": {"phone_number": phone, "first_name": first_name}}),
        )
    }

    /// A poll.
    pub fn sends_poll(&self, question: &str, options: &[&str]) -> i64 {
        let opts: Vec<Value> = options
            .iter()
            .map(|o| json!({"text": o, "voter_count": 0}))
            .collect();
        let (id, _) = self.fake_ids("poll");
        self.sends_json_message(json!({"poll": {
            "id": id, "question": question, "options": opts, "total_voter_count": 0, "is_closed": false,
            "is_anonymous": true, "type": "regular", "allows_multiple_answers": false
        }}))
    }

    /// A dice roll.
    pub fn sends_dice(&self, emoji: &str, value: u8) -> i64 {
        self.sends_json_message(json!({"dice": {"emoji": emoji, "value": value}}))
    }

    /// Presses an inline button with `data` under message `message_id` (a `callback_query`);
    /// returns the callback query id.
    pub fn presses_button(&self, message_id: i64, data: &str) -> String {
        let message = self.tg.message(self.chat_id, message_id).unwrap_or_else(|| {
            json!({"message_id": message_id, "date": now_unix(), "chat": chat_json(self.chat_id, Some(self.chat_type)),
                   "from": bot_user(), "text": "..."})
        });
        let id = {
            let mut st = self.tg.st();
            st.callback_seq += 1;
            format!("cbq-{}-{}", self.chat_id, st.callback_seq)
        };
        let from = self.sender_json(self.user_id.unwrap_or(self.chat_id));
        self.tg.push_update(json!({"callback_query": {
            "id": id, "from": from, "message": message, "chat_instance": format!("ci{}", self.chat_id), "data": data
        }}));
        id
    }

    /// The bot is added to this group by the user (`my_chat_member`: left -> member).
    pub fn adds_bot(&self) -> i64 {
        self.chat_member_change("left", "member")
    }

    /// The bot is removed from the group / blocked by the user (`my_chat_member`: member -> kicked).
    pub fn removes_bot(&self) -> i64 {
        self.chat_member_change("member", "kicked")
    }

    fn chat_member_change(&self, old: &str, new: &str) -> i64 {
        let mut newm = json!({"user": bot_user(), "status": new});
        if new == "kicked" {
            newm["until_date"] = json!(0);
        }
        self.tg.push_update(json!({"my_chat_member": {
            "chat": chat_json(self.chat_id, Some(self.chat_type)),
            "from": user_json(self.user_id.unwrap_or(self.chat_id)),
            "date": now_unix(),
            "old_chat_member": {"user": bot_user(), "status": old},
            "new_chat_member": newm
        }}))
    }

    fn fake_ids(&self, kind: &str) -> (String, String) {
        let n = self.tg.inner.next_file.fetch_add(1, Ordering::Relaxed);
        (format!("{kind}-{n:06}-fake"), format!("U{kind}{n:06}"))
    }
}

/// Telegram does not nest replies: drop the inner reply_to_message.
fn strip_reply(mut m: Value) -> Value {
    if let Some(o) = m.as_object_mut() {
        o.remove("reply_to_message");
    }
    m
}

// ==================================================================== server

type Shared = Arc<Inner>;

fn tg_json(status: StatusCode, body: Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

fn ok(result: Value) -> Response {
    tg_json(StatusCode::OK, json!({"ok": true, "result": result}))
}

fn tg_error(code: u16, description: &str) -> Response {
    tg_json(
        StatusCode::from_u16(code).unwrap_or(StatusCode::BAD_REQUEST),
        json!({"ok": false, "error_code": code, "description": description}),
    )
}

/// An AsyncRead that always fails; its body makes hyper abort the connection.
struct FailingReader;

impl tokio::io::AsyncRead for FailingReader {
    fn poll_read(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
        _: &mut tokio::io::ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Poll::Ready(Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "fake: dropped",
        )))
    }
}

/// A response whose body errors immediately: the client sees the connection closed.
pub(crate) fn dropped_connection() -> Response {
    Response::new(Body::from_stream(tokio_util::io::ReaderStream::new(
        FailingReader,
    )))
}

async fn failure_response(f: &Failure) -> Response {
    match f {
        Failure::Status(code, d) => tg_error(*code, d),
        Failure::RetryAfter(n) => tg_json(
            StatusCode::TOO_MANY_REQUESTS,
            json!({"ok": false, "error_code": 429, "description": format!("Too Many Requests: retry after {n}"),
                   "parameters": {"retry_after": n}}),
        ),
        Failure::MigrateTo(id) => tg_json(
            StatusCode::BAD_REQUEST,
            json!({"ok": false, "error_code": 400, "description": "Bad Request: group chat was upgraded to a supergroup chat",
                   "parameters": {"migrate_to_chat_id": id}}),
        ),
        Failure::Drop => dropped_connection(),
        Failure::Hang(d) => {
            tokio::time::sleep(*d).await;
            dropped_connection()
        }
    }
}

fn hex_val(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex_val(b[i + 1]), hex_val(b[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

async fn handle(AxState(inner): AxState<Shared>, req: Request) -> Response {
    let path = req.uri().path().to_owned();
    if let Some(rest) = path.strip_prefix("/file/bot") {
        let (token, file_path) = rest.split_once('/').unwrap_or((rest, ""));
        if percent_decode(token) != TOKEN {
            return tg_error(404, "Not Found");
        }
        return serve_file(&inner, &percent_decode(file_path)).await;
    }
    let Some(rest) = path.strip_prefix("/bot") else {
        return tg_error(404, "Not Found");
    };
    let (token, method) = rest.split_once('/').unwrap_or((rest, ""));
    if percent_decode(token) != TOKEN {
        return tg_error(401, "Unauthorized");
    }
    let method = method.to_ascii_lowercase();
    if method.is_empty() {
        return tg_error(404, "Not Found: method not found");
    }
    let (params, uploads) = match parse_params(req).await {
        Ok(p) => p,
        Err(e) => return tg_error(400, &format!("Bad Request: {e}")),
    };
    let tg = FakeTelegram { inner };
    tg.dispatch(method, params, uploads).await
}

type Uploads = HashMap<String, Bytes>;

async fn parse_params(req: Request) -> Result<(Value, Uploads), String> {
    let mut map = Map::new();
    let mut files = Uploads::new();
    if let Some(q) = req.uri().query() {
        for (k, v) in url_decode_pairs(q) {
            let v = decode_form_value(&k, v);
            map.insert(k, v);
        }
    }
    let ctype = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ctype.starts_with("multipart/form-data") {
        let mut mp = Multipart::from_request(req, &())
            .await
            .map_err(|e| e.to_string())?;
        let mut uploads = Map::new();
        while let Some(field) = mp.next_field().await.map_err(|e| e.to_string())? {
            let name = field.name().unwrap_or("").to_owned();
            let file_name = field.file_name().map(str::to_owned);
            let data = field.bytes().await.map_err(|e| e.to_string())?;
            match file_name {
                Some(fname) => {
                    uploads.insert(
                        name.clone(),
                        json!({"file_name": fname, "size": data.len()}),
                    );
                    files.insert(name, data);
                }
                None => {
                    let s = String::from_utf8_lossy(&data).into_owned();
                    let v = decode_form_value(&name, s);
                    map.insert(name, v);
                }
            }
        }
        if !uploads.is_empty() {
            map.insert("_uploads".into(), Value::Object(uploads));
        }
    } else {
        let body = axum::body::to_bytes(req.into_body(), 64 * 1024 * 1024)
            .await
            .map_err(|e| e.to_string())?;
        if ctype.starts_with("application/x-www-form-urlencoded") {
            for (k, v) in url_decode_pairs(&String::from_utf8_lossy(&body)) {
                let v = decode_form_value(&k, v);
                map.insert(k, v);
            }
        } else if !body.is_empty() {
            match serde_json::from_slice::<Value>(&body) {
                Ok(Value::Object(o)) => map.extend(o),
                Ok(_) => return Err("request body must be a JSON object".into()),
                Err(e) => return Err(format!("can't parse JSON body: {e}")),
            }
        }
    }
    Ok((Value::Object(map), files))
}

fn url_decode_pairs(s: &str) -> Vec<(String, String)> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (
                percent_decode(&k.replace('+', " ")),
                percent_decode(&v.replace('+', " ")),
            )
        })
        .collect()
}

/// Form values are strings; numbers, booleans and JSON objects/arrays (reply_markup,
/// reply_parameters, entities, ...) are decoded, except for known text fields.
fn decode_form_value(key: &str, v: String) -> Value {
    if STRING_FIELDS.contains(&key) {
        return Value::String(v);
    }
    let t = v.trim_start();
    if (t.starts_with('{')
        || t.starts_with('[')
        || t == "true"
        || t == "false"
        || t.parse::<f64>().is_ok())
        && let Ok(j) = serde_json::from_str::<Value>(&v)
    {
        return j;
    }
    Value::String(v)
}

fn param_i64(p: &Value, key: &str) -> Option<i64> {
    match p.get(key)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn param_f64(p: &Value, key: &str) -> Option<f64> {
    match p.get(key)? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn param_str<'a>(p: &'a Value, key: &str) -> Option<&'a str> {
    p.get(key).and_then(Value::as_str)
}

/// What setMyCommands refuses: more than 100 commands, a command that is not 1–32 lower-case
/// letters, digits and underscores, a description that is not 1–256 characters.
fn check_commands(commands: &Value) -> Result<(), (u16, String)> {
    let list = commands.as_array().ok_or((
        400,
        "Bad Request: can't parse commands JSON object".to_owned(),
    ))?;
    if list.len() > 100 {
        return Err((400, "Bad Request: too many commands".into()));
    }
    for c in list {
        let name = c["command"].as_str().unwrap_or("");
        let name = name.strip_prefix('/').unwrap_or(name);
        let ok_name = (1..=32).contains(&name.len())
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !ok_name {
            return Err((400, "Bad Request: BOT_COMMAND_INVALID".into()));
        }
        let description = c["description"].as_str().unwrap_or("");
        if !(1..=256).contains(&description.chars().count()) {
            return Err((400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID".into()));
        }
    }
    Ok(())
}

fn json_param(p: &Value, key: &str) -> Option<Value> {
    match p.get(key)? {
        Value::String(s) => serde_json::from_str(s).ok(),
        Value::Null => None,
        v => Some(v.clone()),
    }
}

async fn serve_file(inner: &Shared, file_path: &str) -> Response {
    let tg = FakeTelegram {
        inner: inner.clone(),
    };
    let (entry, failure) = {
        let mut st = tg.st();
        *st.calls.entry("download".into()).or_default() += 1;
        let failure = st
            .fail_next
            .get_mut("download")
            .and_then(VecDeque::pop_front);
        let entry = st
            .paths
            .get(file_path)
            .and_then(|id| st.files.get(id))
            .cloned();
        if failure.is_none()
            && let Some(e) = &entry
        {
            st.total_downloads += 1;
            *st.downloads.entry(e.file_id.clone()).or_default() += 1;
        }
        (entry, failure)
    };
    if let Some(f) = failure {
        return failure_response(&f).await;
    }
    match entry {
        Some(e) => {
            let mut headers = HeaderMap::new();
            headers.insert(
                header::CONTENT_TYPE,
                e.mime
                    .parse()
                    .unwrap_or(header::HeaderValue::from_static("application/octet-stream")),
            );
            (StatusCode::OK, headers, e.bytes).into_response()
        }
        None => tg_error(404, "Not Found"),
    }
}

/// Minimal HTML / MarkdownV2 checks, mirroring Telegram's "can't parse entities" errors.
fn check_entities(text: &str, parse_mode: Option<&str>) -> Result<(), String> {
    match parse_mode.map(str::to_ascii_lowercase).as_deref() {
        Some("html") => check_html(text),
        Some("markdownv2") => check_markdown_v2(text),
        _ => Ok(()),
    }
}

fn check_html(text: &str) -> Result<(), String> {
    const TAGS: [&str; 17] = [
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "a",
        "tg-emoji",
        "code",
        "pre",
        "blockquote",
        "tg-time",
    ];
    let mut stack: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(['<', '&']) {
        let (c, after) = (rest.as_bytes()[i], &rest[i + 1..]);
        if c == b'&' {
            let end = after.find(';').filter(|&e| e <= 10);
            let ok = end.is_some_and(|e| {
                let ent = &after[..e];
                matches!(ent, "lt" | "gt" | "amp" | "quot")
                    || (ent.starts_with('#') && ent.len() > 1)
            });
            if !ok {
                return Err(format!(
                    "can't parse entities: Character '&' is reserved and must be escaped at byte offset {}",
                    text.len() - rest.len() + i
                ));
            }
            rest = after;
            continue;
        }
        let Some(end) = after.find('>') else {
            return Err(format!(
                "can't parse entities: Unclosed start tag at byte offset {}",
                text.len() - rest.len() + i
            ));
        };
        let tag = &after[..end];
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim().to_ascii_lowercase();
            match stack.pop() {
                Some(open) if open == name => {}
                _ => {
                    return Err(format!(
                        "can't parse entities: Unmatched end tag at byte offset {}, expected \"</{name}>\"",
                        text.len() - rest.len() + i
                    ));
                }
            }
        } else {
            let name = tag
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            if !TAGS.contains(&name.as_str()) {
                return Err(format!(
                    "can't parse entities: Unsupported start tag \"{name}\" at byte offset {}",
                    text.len() - rest.len() + i
                ));
            }
            stack.push(name);
        }
        rest = &after[end + 1..];
    }
    if let Some(open) = stack.pop() {
        return Err(format!(
            "can't parse entities: Can't find end tag corresponding to start tag \"{open}\""
        ));
    }
    Ok(())
}

fn check_markdown_v2(text: &str) -> Result<(), String> {
    // Characters that are never valid unescaped outside code (formatting characters are
    // checked loosely: they only need to be balanced).
    const ALWAYS: &[char] = &['#', '+', '-', '=', '{', '}', '.', '!'];
    let mut in_code = false;
    let mut prev_bracket_close = false;
    let mut in_link_url = false;
    let mut chars = text.chars().peekable();
    let mut counts: HashMap<char, usize> = HashMap::new();
    let mut line_start = true;
    while let Some(c) = chars.next() {
        if c == '\\' {
            chars.next();
            prev_bracket_close = false;
            line_start = false;
            continue;
        }
        if c == '`' {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        if in_link_url {
            if c == ')' {
                in_link_url = false;
            }
            continue;
        }
        if c == '(' && prev_bracket_close {
            in_link_url = true;
            prev_bracket_close = false;
            continue;
        }
        prev_bracket_close = c == ']';
        if ALWAYS.contains(&c) || c == '(' || c == ')' || (c == '>' && !line_start) {
            return Err(format!(
                "can't parse entities: Character '{c}' is reserved and must be escaped with the preceding '\\'"
            ));
        }
        if matches!(c, '*' | '_' | '~' | '|' | '[' | ']') {
            *counts.entry(c).or_default() += 1;
        }
        line_start = c == '\n';
    }
    if in_code {
        return Err("can't parse entities: Can't find end of Code entity".into());
    }
    for (c, n) in counts {
        // "__" (underline) and "||" (spoiler) come in pairs of pairs, still even
        if matches!(c, '*' | '_' | '~' | '|') && n % 2 == 1 {
            return Err(format!(
                "can't parse entities: Can't find end of the entity starting with '{c}'"
            ));
        }
    }
    Ok(())
}

impl FakeTelegram {
    async fn dispatch(&self, method: String, params: Value, uploads: Uploads) -> Response {
        let chat_id = param_i64(&params, "chat_id");
        // bookkeeping + injected failures
        let (failure, latency) = {
            let mut st = self.st();
            *st.calls.entry(method.clone()).or_default() += 1;
            let recorded = !UNRECORDED_METHODS.contains(&method.as_str());
            let mut failure = st.fail_next.get_mut(&method).and_then(VecDeque::pop_front);
            if failure.is_none() && recorded {
                failure = chat_id.and_then(|c| st.fail_chat.get(&c).cloned());
            }
            (failure, if recorded { st.latency } else { Duration::ZERO })
        };
        if !latency.is_zero() {
            tokio::time::sleep(latency).await;
        }
        if let Some(f) = failure {
            if !UNRECORDED_METHODS.contains(&method.as_str()) {
                let s = self.make_sent(&method, &params, None);
                self.st().failed.push(s);
            }
            return failure_response(&f).await;
        }
        match method.as_str() {
            "getme" => {
                let mut me = bot_user();
                let o = me.as_object_mut().unwrap();
                o.insert("can_join_groups".into(), json!(true));
                o.insert("can_read_all_group_messages".into(), json!(false));
                o.insert("supports_inline_queries".into(), json!(false));
                o.insert("can_connect_to_business".into(), json!(false));
                o.insert("has_main_web_app".into(), json!(false));
                ok(me)
            }
            "getwebhookinfo" => {
                let url = self
                    .st()
                    .webhook
                    .as_ref()
                    .map(|w| w.0.clone())
                    .unwrap_or_default();
                ok(
                    json!({"url": url, "has_custom_certificate": false, "pending_update_count": self.pending_updates()}),
                )
            }
            "getupdates" if self.st().webhook.is_some() => tg_error(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
            ),
            "getupdates" => self.get_updates(&params).await,
            "setwebhook" => self.set_webhook(&params),
            "getfile" => self.get_file(&params),
            _ => self.recorded_method(method, &params, &uploads, chat_id),
        }
    }

    /// setWebhook as Telegram checks it (a local Bot API server also takes http), then
    /// delivers queued updates to the URL one by one, each until it is answered 200.
    fn set_webhook(&self, params: &Value) -> Response {
        let url = param_str(params, "url").unwrap_or("").to_owned();
        let secret = param_str(params, "secret_token").map(str::to_owned);
        if url.is_empty() {
            // An empty URL removes the webhook, as deleteWebhook does.
            let mut st = self.st();
            st.webhook = None;
            st.webhook_generation += 1;
            return ok(json!(true));
        }
        let parsed = match reqwest::Url::parse(&url) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => u,
            _ => return tg_error(400, "Bad Request: bad webhook: Failed to resolve host"),
        };
        if parsed.scheme() == "http" && parsed.host_str() != Some("127.0.0.1") {
            return tg_error(
                400,
                "Bad Request: bad webhook: An HTTPS URL must be provided for webhook",
            );
        }
        if let Some(s) = &secret {
            let ok = (1..=256).contains(&s.len())
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
            if !ok {
                return tg_error(
                    400,
                    "Bad Request: secret token contains unallowed characters",
                );
            }
        }
        let generation = {
            let mut st = self.st();
            st.webhook = Some((url.clone(), secret.clone()));
            st.webhook_generation += 1;
            st.webhook_generation
        };
        let fake = self.clone();
        tokio::spawn(async move { fake.deliver_by_webhook(generation, url, secret).await });
        ok(json!(true))
    }

    async fn deliver_by_webhook(&self, generation: u64, url: String, secret: Option<String>) {
        let client = reqwest::Client::new();
        loop {
            let notified = self.inner.updates_changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            let next = {
                let st = self.st();
                if st.webhook_generation != generation {
                    return;
                }
                st.queue.front().cloned()
            };
            let Some(update) = next else {
                let _ = tokio::time::timeout(Duration::from_millis(200), notified).await;
                continue;
            };
            let mut request = client
                .post(&url)
                .json(&update)
                .timeout(Duration::from_secs(30));
            if let Some(s) = &secret {
                request = request.header("X-Telegram-Bot-Api-Secret-Token", s);
            }
            let answered = request.send().await.map(|r| r.status().as_u16()).ok();
            let delivered = {
                let mut st = self.st();
                st.webhook_posts += 1;
                let delivered = answered == Some(200);
                if delivered {
                    st.webhook_delivered += 1;
                    if st.queue.front() == Some(&update) {
                        st.queue.pop_front();
                    }
                }
                delivered
            };
            if !delivered {
                // Telegram retries after a while; a test needs no long wait.
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }

    /// The webhook set by setWebhook: URL and secret token.
    pub fn webhook(&self) -> Option<(String, Option<String>)> {
        self.st().webhook.clone()
    }

    /// Webhook POSTs made so far, and how many the bot answered 200.
    pub fn webhook_posts(&self) -> (usize, usize) {
        let st = self.st();
        (st.webhook_posts, st.webhook_delivered)
    }

    async fn get_updates(&self, params: &Value) -> Response {
        let offset = param_i64(params, "offset").unwrap_or(0);
        let limit = param_i64(params, "limit").unwrap_or(100).clamp(1, 100) as usize;
        let timeout = param_i64(params, "timeout").unwrap_or(0).max(0) as u64;
        let allowed: Vec<String> = json_param(params, "allowed_updates")
            .and_then(|v| v.as_array().cloned())
            .unwrap_or_default()
            .into_iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(timeout);
        loop {
            let notified = self.inner.updates_changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            let batch: Vec<Value> = {
                let mut st = self.st();
                if offset > 0 {
                    while st
                        .queue
                        .front()
                        .is_some_and(|u| u["update_id"].as_i64().unwrap_or(0) < offset)
                    {
                        st.queue.pop_front();
                    }
                } else if offset < 0 {
                    let keep = (-offset) as usize;
                    let n = st.queue.len();
                    if n > keep {
                        st.queue.drain(..n - keep);
                    }
                }
                st.queue
                    .iter()
                    .filter(|u| {
                        allowed.is_empty()
                            || u.as_object().is_some_and(|o| {
                                o.keys().any(|k| k != "update_id" && allowed.contains(k))
                            })
                    })
                    .take(limit)
                    .cloned()
                    .collect()
            };
            if !batch.is_empty() || timeout == 0 {
                return ok(Value::Array(batch));
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return ok(json!([]));
            }
        }
    }

    fn get_file(&self, params: &Value) -> Response {
        let id = param_str(params, "file_id").unwrap_or("");
        let st = self.st();
        match st.files.get(id) {
            Some(e) if e.size > MAX_DOWNLOAD_SIZE => tg_error(400, "Bad Request: file is too big"),
            Some(e) => ok(
                json!({"file_id": e.file_id, "file_unique_id": e.unique_id, "file_size": e.size, "file_path": e.path}),
            ),
            None => tg_error(400, "Bad Request: invalid file_id"),
        }
    }

    fn make_sent(&self, method: &str, params: &Value, message_id: Option<i64>) -> Sent {
        let reply_to = param_i64(params, "reply_to_message_id").or_else(|| {
            json_param(params, "reply_parameters").and_then(|r| r["message_id"].as_i64())
        });
        let location = match (
            param_f64(params, "latitude"),
            param_f64(params, "longitude"),
        ) {
            (Some(a), Some(b)) => Some((a, b)),
            _ => None,
        };
        Sent {
            method: method.to_owned(),
            chat_id: param_i64(params, "chat_id").unwrap_or(0),
            text: param_str(params, "text")
                .or_else(|| param_str(params, "caption"))
                .map(str::to_owned),
            photo: param_str(params, "photo").map(str::to_owned),
            document: param_str(params, "document").map(str::to_owned),
            location,
            reply_to,
            thread_id: param_i64(params, "message_thread_id"),
            reply_markup: json_param(params, "reply_markup"),
            message_id,
            params: params.clone(),
            at: Instant::now(),
        }
    }

    /// Checks the flood limits for a send to `chat_id`; `Err(retry_after)` if over.
    fn check_limits(st: &mut State, chat_id: i64) -> Result<(), u64> {
        let (Some(l), Some(w)) = (st.limits, st.windows.as_mut()) else {
            return Ok(());
        };
        let now = Instant::now();
        let sec = Duration::from_secs(1);
        let min = Duration::from_secs(60);
        fn prune(q: &mut VecDeque<Instant>, now: Instant, win: Duration) {
            while q.front().is_some_and(|t| now.duration_since(*t) >= win) {
                q.pop_front();
            }
        }
        fn wait(q: &VecDeque<Instant>, now: Instant, win: Duration, cap: u32) -> Option<u64> {
            if q.len() < cap as usize {
                return None;
            }
            let oldest = q[q.len() - cap as usize];
            let left = win.saturating_sub(now.duration_since(oldest));
            Some(left.as_secs_f64().ceil().max(1.0) as u64)
        }
        prune(&mut w.overall, now, sec);
        let chat_q = w.per_chat.entry(chat_id).or_default();
        prune(chat_q, now, sec);
        let mut retry = wait(&w.overall, now, sec, l.overall_per_sec);
        retry = retry.max(wait(&w.per_chat[&chat_id], now, sec, l.per_chat_per_sec));
        if chat_id < 0 {
            let g = w.group.entry(chat_id).or_default();
            prune(g, now, min);
            retry = retry.max(wait(g, now, min, l.group_per_min));
        }
        if let Some(r) = retry {
            return Err(r);
        }
        w.overall.push_back(now);
        w.per_chat.get_mut(&chat_id).unwrap().push_back(now);
        if chat_id < 0 {
            w.group.get_mut(&chat_id).unwrap().push_back(now);
        }
        Ok(())
    }

    fn recorded_method(
        &self,
        method: String,
        params: &Value,
        uploads: &Uploads,
        chat_id: Option<i64>,
    ) -> Response {
        let mut st = self.st();
        let chat = chat_id.unwrap_or(0);
        if LIMITED_METHODS.contains(&method.as_str())
            && let Err(retry) = Self::check_limits(&mut st, chat)
        {
            st.rejected_429 += 1;
            drop(st);
            let s = self.make_sent(&method, params, None);
            self.st().failed.push(s);
            return tg_json(
                StatusCode::TOO_MANY_REQUESTS,
                json!({"ok": false, "error_code": 429, "description": format!("Too Many Requests: retry after {retry}"),
                       "parameters": {"retry_after": retry}}),
            );
        }
        let result = self.method_result(&mut st, &method, params, uploads, chat);
        match result {
            Ok((result, mid)) => {
                let sent = self.make_sent(&method, params, mid);
                st.sent.push(sent);
                drop(st);
                self.inner.sent_changed.notify_waiters();
                ok(result)
            }
            Err((code, desc)) => {
                drop(st);
                let s = self.make_sent(&method, params, None);
                self.st().failed.push(s);
                tg_error(code, &desc)
            }
        }
    }

    fn base_message(&self, st: &State, chat: i64, params: &Value) -> (i64, Map<String, Value>) {
        let mid = self.next_message_id();
        let mut m = Map::new();
        m.insert("message_id".into(), json!(mid));
        m.insert("from".into(), bot_user());
        m.insert("date".into(), json!(now_unix()));
        m.insert(
            "chat".into(),
            chat_json(chat, st.chat_types.get(&chat).copied()),
        );
        if let Some(t) = param_i64(params, "message_thread_id") {
            m.insert("message_thread_id".into(), json!(t));
            m.insert("is_topic_message".into(), json!(true));
        }
        let reply_to = param_i64(params, "reply_to_message_id").or_else(|| {
            json_param(params, "reply_parameters").and_then(|r| r["message_id"].as_i64())
        });
        if let Some(r) = reply_to
            && let Some(orig) = st.messages.get(&(chat, r))
        {
            m.insert("reply_to_message".into(), strip_reply(orig.clone()));
        }
        if let Some(mk) = json_param(params, "reply_markup")
            && mk.get("inline_keyboard").is_some()
        {
            m.insert("reply_markup".into(), mk);
        }
        (mid, m)
    }

    /// Resolves a photo/document parameter to the entry it refers to, registering uploads.
    fn resolve_file(
        &self,
        st: &mut State,
        params: &Value,
        uploads: &Uploads,
        key: &str,
    ) -> Result<FileEntry, (u16, String)> {
        let v = param_str(params, key).ok_or((
            400,
            format!("Bad Request: there is no {key} in the request"),
        ))?;
        if let Some(att) = v.strip_prefix("attach://") {
            let up = params["_uploads"].get(att).cloned().ok_or((
                400,
                format!("Bad Request: file {att} not found in the request"),
            ))?;
            let bytes = uploads.get(att).cloned().unwrap_or_default();
            let n = self.inner.next_file.fetch_add(1, Ordering::Relaxed);
            let fname = up["file_name"].as_str().unwrap_or("upload.bin").to_owned();
            let ext = fname
                .rsplit_once('.')
                .map(|(_, e)| e.to_owned())
                .unwrap_or("bin".into());
            let mime = match ext.as_str() {
                "jpg" | "jpeg" => "image/jpeg",
                "png" => "image/png",
                "webp" => "image/webp",
                _ => "application/octet-stream",
            };
            let e = FileEntry {
                file_id: format!("UPL-{n:06}-fake"),
                unique_id: format!("AQUP{n:06}"),
                size: bytes.len() as u64,
                dims: fixtures::image_dims(&bytes),
                bytes,
                path: format!("{key}s/upload_{n}.{ext}"),
                mime: mime.to_owned(),
            };
            st.paths.insert(e.path.clone(), e.file_id.clone());
            st.files.insert(e.file_id.clone(), e.clone());
            return Ok(e);
        }
        if v.starts_with("http://") || v.starts_with("https://") {
            return Ok(FileEntry {
                file_id: format!(
                    "URL-{}-fake",
                    self.inner.next_file.fetch_add(1, Ordering::Relaxed)
                ),
                unique_id: "AQURL".into(),
                bytes: Bytes::new(),
                size: 0,
                path: String::new(),
                mime: "image/jpeg".into(),
                dims: Some((320, 240)),
            });
        }
        st.files.get(v).cloned().ok_or((
            400,
            "Bad Request: wrong file identifier/HTTP URL specified".into(),
        ))
    }

    fn method_result(
        &self,
        st: &mut State,
        method: &str,
        params: &Value,
        uploads: &Uploads,
        chat: i64,
    ) -> Result<(Value, Option<i64>), (u16, String)> {
        let caption_check = |p: &Value| -> Result<(), (u16, String)> {
            if let Some(c) = param_str(p, "caption") {
                if c.chars().count() > 1024 {
                    return Err((400, "Bad Request: message caption is too long".into()));
                }
                check_entities(c, param_str(p, "parse_mode"))
                    .map_err(|e| (400, format!("Bad Request: {e}")))?;
            }
            Ok(())
        };
        let needs_chat = || -> Result<(), (u16, String)> {
            if params.get("chat_id").is_none() {
                Err((400, "Bad Request: chat_id is empty".into()))
            } else {
                Ok(())
            }
        };
        let store = |st: &mut State, m: Map<String, Value>| -> (Value, Option<i64>) {
            let v = Value::Object(m);
            let mid = v["message_id"].as_i64();
            if let Some(id) = mid {
                st.messages.insert((chat, id), v.clone());
            }
            (v, mid)
        };
        match method {
            "sendmessage" => {
                needs_chat()?;
                let text = param_str(params, "text").unwrap_or("");
                if text.trim().is_empty() {
                    return Err((400, "Bad Request: message text is empty".into()));
                }
                if text.chars().count() > 4096 {
                    return Err((400, "Bad Request: message is too long".into()));
                }
                check_entities(text, param_str(params, "parse_mode"))
                    .map_err(|e| (400, format!("Bad Request: {e}")))?;
                let (_, mut m) = self.base_message(st, chat, params);
                m.insert("text".into(), json!(text));
                Ok(store(st, m))
            }
            "sendphoto" => {
                needs_chat()?;
                caption_check(params)?;
                let e = self.resolve_file(st, params, uploads, "photo")?;
                let (w, h) = e.dims.unwrap_or((0, 0));
                let (_, mut m) = self.base_message(st, chat, params);
                m.insert(
                    "photo".into(),
                    json!([{"file_id": e.file_id, "file_unique_id": e.unique_id, "width": w, "height": h, "file_size": e.size}]),
                );
                if let Some(c) = param_str(params, "caption") {
                    m.insert("caption".into(), json!(c));
                }
                Ok(store(st, m))
            }
            "senddocument" => {
                needs_chat()?;
                caption_check(params)?;
                let e = self.resolve_file(st, params, uploads, "document")?;
                let (_, mut m) = self.base_message(st, chat, params);
                let name = e.path.rsplit('/').next().unwrap_or("file").to_owned();
                m.insert(
                    "document".into(),
                    json!({"file_id": e.file_id, "file_unique_id": e.unique_id, "file_name": name, "mime_type": e.mime, "file_size": e.size}),
                );
                if let Some(c) = param_str(params, "caption") {
                    m.insert("caption".into(), json!(c));
                }
                Ok(store(st, m))
            }
            "sendlocation" | "sendvenue" => {
                needs_chat()?;
                let (Some(lat), Some(lon)) = (
                    param_f64(params, "latitude"),
                    param_f64(params, "longitude"),
                ) else {
                    return Err((
                        400,
                        "Bad Request: latitude and longitude are required".into(),
                    ));
                };
                if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
                    return Err((400, "Bad Request: wrong location".into()));
                }
                let (_, mut m) = self.base_message(st, chat, params);
                let loc = json!({"latitude": lat, "longitude": lon});
                m.insert("location".into(), loc.clone());
                if method == "sendvenue" {
                    m.insert(
                        "venue".into(),
                        json!({"location": loc, "title": param_str(params, "title").unwrap_or(""), "address": param_str(params, "address").unwrap_or("")}),
                    );
                }
                Ok(store(st, m))
            }
            "forwardmessage" => {
                needs_chat()?;
                let from_chat = param_i64(params, "from_chat_id").unwrap_or(0);
                let mid = param_i64(params, "message_id").unwrap_or(0);
                let orig = st
                    .messages
                    .get(&(from_chat, mid))
                    .cloned()
                    .ok_or((400, "Bad Request: message to forward not found".to_string()))?;
                let (_, mut m) = self.base_message(st, chat, params);
                for k in [
                    "text",
                    "caption",
                    "photo",
                    "document",
                    "location",
                    "venue",
                    "entities",
                    "caption_entities",
                ] {
                    if let Some(v) = orig.get(k) {
                        m.insert(k.into(), v.clone());
                    }
                }
                m.insert(
                    "forward_origin".into(),
                    json!({"type": "user", "date": orig["date"], "sender_user": orig.get("from").cloned().unwrap_or_else(bot_user)}),
                );
                Ok(store(st, m))
            }
            "copymessage" => {
                needs_chat()?;
                let from_chat = param_i64(params, "from_chat_id").unwrap_or(0);
                let mid = param_i64(params, "message_id").unwrap_or(0);
                let orig = st
                    .messages
                    .get(&(from_chat, mid))
                    .cloned()
                    .ok_or((400, "Bad Request: message to copy not found".to_string()))?;
                let (new_id, mut m) = self.base_message(st, chat, params);
                for k in ["text", "caption", "photo", "document", "location", "venue"] {
                    if let Some(v) = orig.get(k) {
                        m.insert(k.into(), v.clone());
                    }
                }
                if let Some(c) = param_str(params, "caption") {
                    m.insert("caption".into(), json!(c));
                }
                store(st, m);
                Ok((json!({"message_id": new_id}), Some(new_id)))
            }
            "editmessagetext" | "editmessagereplymarkup" | "editmessagecaption" => {
                if params.get("inline_message_id").is_some() {
                    return Ok((json!(true), None));
                }
                let mid = param_i64(params, "message_id").ok_or((
                    400,
                    "Bad Request: message identifier is not specified".to_string(),
                ))?;
                let mut m = st
                    .messages
                    .get(&(chat, mid))
                    .cloned()
                    .unwrap_or_else(|| json!({"message_id": mid, "from": bot_user(), "date": now_unix(), "chat": chat_json(chat, None), "text": ""}));
                let old = m.clone();
                if method == "editmessagetext" {
                    let text = param_str(params, "text").unwrap_or("");
                    if text.trim().is_empty() {
                        return Err((400, "Bad Request: message text is empty".into()));
                    }
                    check_entities(text, param_str(params, "parse_mode"))
                        .map_err(|e| (400, format!("Bad Request: {e}")))?;
                    m["text"] = json!(text);
                }
                if method == "editmessagecaption" {
                    caption_check(params)?;
                    m["caption"] = json!(param_str(params, "caption").unwrap_or(""));
                }
                let o = m.as_object_mut().unwrap();
                match json_param(params, "reply_markup") {
                    Some(mk) if mk.get("inline_keyboard").is_some() => {
                        o.insert("reply_markup".into(), mk);
                    }
                    _ => {
                        o.remove("reply_markup");
                    }
                }
                if m.get("text") == old.get("text")
                    && m.get("caption") == old.get("caption")
                    && m.get("reply_markup") == old.get("reply_markup")
                {
                    return Err((
                        400,
                        "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message".into(),
                    ));
                }
                m["edit_date"] = json!(now_unix());
                st.messages.insert((chat, mid), m.clone());
                Ok((m, Some(mid)))
            }
            "setmycommands" => {
                let commands = json_param(params, "commands").unwrap_or(json!([]));
                check_commands(&commands)?;
                // Telegram: "A two-letter ISO 639-1 language code", or empty.
                let lang = param_str(params, "language_code").unwrap_or("").to_owned();
                if !(lang.is_empty()
                    || (lang.len() == 2 && lang.bytes().all(|b| b.is_ascii_lowercase())))
                {
                    return Err((400, "Bad Request: invalid language code specified".into()));
                }
                let scope = json_param(params, "scope").unwrap_or(json!({"type": "default"}));
                st.menus.insert((scope.to_string(), lang), commands.clone());
                st.commands = commands;
                Ok((json!(true), None))
            }
            "getmycommands" => Ok((st.commands.clone(), None)),
            "deletewebhook" => {
                st.webhook = None;
                st.webhook_generation += 1;
                if params
                    .get("drop_pending_updates")
                    .and_then(Value::as_bool)
                    .unwrap_or(false)
                {
                    st.queue.clear();
                }
                Ok((json!(true), None))
            }
            "answercallbackquery" => {
                if param_str(params, "callback_query_id").is_none() {
                    return Err((400, "Bad Request: query is too old and response timeout expired or query ID is invalid".into()));
                }
                Ok((json!(true), None))
            }
            "sendchataction" | "leavechat" | "deletemessage" | "setmessagereaction" => {
                needs_chat()?;
                Ok((json!(true), None))
            }
            _ => Ok((json!(true), None)),
        }
    }
}
