//! The courier: delivers the outbox. Messages to one chat go in order, one at a time; all
//! sends keep within Telegram's limits ([`limiter`]); a `retry_after` is honoured; network
//! errors and 5xx are retried with backoff, for as long as it takes (a restart picks up where
//! it left off, since the queue is the `outbox` table). A group upgraded to a supergroup is
//! followed to its new id.
//!
//! Each row is sent once: a chat has at most one lane at a time, and a lane is only started
//! from a reading of the queue taken after that chat's previous lane ended ([`lanes`]). A row
//! goes out twice only when a crash leaves the outcome of its first send unknown.

pub mod lanes;
pub mod limiter;

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use teloxide::Bot;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

use crate::config::{CourierSettings, LanguageSettings};
use crate::domain::{Lang, Locale, Notice, texts};
use crate::export::{Exporter, Format};
use crate::store::outbox::{Destination, OutboxItem, Outgoing};
use crate::store::public::PublicQuery;
use crate::store::settings::STAFF_CHAT_MIGRATED;
use crate::store::{Db, Reader, now_unix};
use crate::telegram::send::{self, SendFailure, StaffChat};
use lanes::Lanes;
use limiter::Limiter;

/// How far ahead slots are handed out; beyond that the courier waits and looks again.
const HORIZON: Duration = Duration::from_secs(2);
/// Longest pause between retries of one message.
const MAX_BACKOFF_SECS: i64 = 300;
/// Most chats looked at per reading of the queue (on top of the busy ones).
const READ_CHATS: usize = 500;

/// The delivery stage.
pub struct Courier {
    pub db: Db,
    /// Read-only connections, for the staff chat's `/export` (a scan, kept off the writer).
    pub reader: Reader,
    pub bot: Bot,
    pub staff_chat_id: Arc<AtomicI64>,
    pub staff_thread_id: Option<i32>,
    /// How alerts are rendered (reporter shown or not, `STAFF_LANGUAGE`, `TIMEZONE`).
    pub style: send::AlertStyle,
    /// Citizens read their own language, else `DEFAULT_LANGUAGE`.
    pub default_language: Lang,
    /// Std mutexes: neither is ever held across an `.await`. A panic while one is held must
    /// not stop delivery, so a poisoned lock is simply taken over ([`lock`]).
    limiter: Mutex<Limiter>,
    lanes: Mutex<Lanes>,
    /// A lane ended, so its chat may be served again.
    lane_done: Notify,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Frees a lane's chat on every way out of the lane, a panic included, and wakes the courier.
struct LaneGuard<'a> {
    lanes: &'a Mutex<Lanes>,
    done: &'a Notify,
    chat_id: i64,
}

impl Drop for LaneGuard<'_> {
    fn drop(&mut self) {
        lock(self.lanes).release(self.chat_id);
        self.done.notify_one();
    }
}

impl Courier {
    /// `timezone`: `TIMEZONE`, for the times in alert captions.
    pub fn new(
        settings: &CourierSettings,
        timezone: chrono_tz::Tz,
        languages: LanguageSettings,
        db: Db,
        reader: Reader,
        bot: Bot,
        staff_chat_id: Arc<AtomicI64>,
    ) -> Courier {
        Courier {
            db,
            reader,
            bot,
            staff_chat_id,
            staff_thread_id: settings.staff_thread_id,
            style: send::AlertStyle {
                show_reporter: settings.show_reporter,
                staff: Locale::new(languages.staff_language, timezone),
            },
            default_language: languages.default_language,
            limiter: Mutex::new(Limiter::new(settings.rate_limits, Instant::now())),
            lanes: Mutex::new(Lanes::default()),
            lane_done: Notify::new(),
        }
    }

    /// Runs until `stop` is cancelled. Sends in flight are abandoned at shutdown; their rows
    /// are still pending and go out after the restart.
    pub async fn run(self: Arc<Self>, stop: CancellationToken) {
        loop {
            let wait = match self.dispatch_due().await {
                Ok(wait) => wait,
                Err(e) => {
                    tracing::error!("courier: {e:#}");
                    Duration::from_secs(1)
                }
            };
            tokio::select! {
                _ = stop.cancelled() => return,
                _ = self.db.new_messages().notified() => {}
                _ = self.lane_done.notified() => {}
                _ = tokio::time::sleep(wait) => {}
            }
        }
    }

    /// Starts every send that may go now; returns how long to wait before looking again.
    async fn dispatch_due(self: &Arc<Self>) -> anyhow::Result<Duration> {
        let (reading, busy_count) = {
            let lanes = lock(&self.lanes);
            (lanes.reading(), lanes.busy())
        };
        let items = self.db.pending_messages(READ_CHATS + busy_count).await?;
        let now = Instant::now();
        let now_unix = now_unix();
        let mut wait = Duration::from_secs(30);
        let mut limiter = lock(&self.limiter);
        let mut lanes = lock(&self.lanes);
        limiter.forget_idle(now);
        for item in items {
            let chat_id = self.chat_of(item.to);
            if lanes.is_busy(chat_id) {
                continue;
            }
            if item.next_attempt_unix > now_unix {
                wait = wait.min(Duration::from_secs(
                    (item.next_attempt_unix - now_unix) as u64,
                ));
                continue;
            }
            let chat_ready = limiter.chat_ready_at(chat_id, now);
            if chat_ready > now {
                wait = wait.min(chat_ready - now);
                continue;
            }
            let overall = limiter.overall_ready_at(now);
            if overall > now + HORIZON {
                wait = wait.min(overall - now - HORIZON);
                break;
            }
            // A chat whose lane ended since the reading is left to the next reading.
            if !lanes.claim(chat_id, reading) {
                continue;
            }
            let at = limiter.reserve(chat_id, now);
            let me = Arc::clone(self);
            tokio::spawn(async move {
                let _release = LaneGuard {
                    lanes: &me.lanes,
                    done: &me.lane_done,
                    chat_id,
                };
                me.lane(item, chat_id, at).await;
            });
        }
        lanes.forget_before(reading);
        Ok(wait)
    }

    /// Delivers `item` at `at`, then goes straight on with the chat's next messages while they
    /// are due and their slots are near, in order; anything else goes back to the loop.
    async fn lane(&self, mut item: OutboxItem, chat_id: i64, mut at: Instant) {
        loop {
            // Only sleep for a real wait: the timer's 1 ms resolution would otherwise add a
            // millisecond to every message.
            if at > Instant::now() {
                tokio::time::sleep_until(at.into()).await;
            }
            loop {
                let admitted = lock(&self.limiter).admit(chat_id, Instant::now());
                match admitted {
                    Ok(()) => break,
                    Err(wait) => tokio::time::sleep(wait).await,
                }
            }
            let delivered = self.deliver(item, chat_id).await;
            lock(&self.limiter).answered(chat_id, Instant::now());
            let Some(next) = delivered else {
                return;
            };
            if next.next_attempt_unix > now_unix() || self.chat_of(next.to) != chat_id {
                return;
            }
            let now = Instant::now();
            let mut limiter = lock(&self.limiter);
            // Go on only when this chat's own limit is not what holds the message back: a
            // reservation further ahead than the overall schedule would leave a hole in it
            // that every other chat waits behind.
            let overall = limiter.overall_ready_at(now);
            if limiter.chat_ready_at(chat_id, now) > overall || overall > now + HORIZON {
                return;
            }
            at = limiter.reserve(chat_id, now);
            item = next;
        }
    }

    fn chat_of(&self, to: Destination) -> i64 {
        match to {
            Destination::Chat(id) => id,
            Destination::Staff => self.staff_chat_id.load(Ordering::Relaxed),
        }
    }

    fn staff(&self) -> StaffChat {
        StaffChat {
            chat_id: self.staff_chat_id.load(Ordering::Relaxed),
            thread_id: self.staff_thread_id,
        }
    }

    /// Sends one message and records the outcome; on success, returns the chat's next pending
    /// message.
    async fn deliver(&self, item: OutboxItem, chat_id: i64) -> Option<OutboxItem> {
        let span = tracing::info_span!(
            "courier",
            outbox_id = item.id,
            report_id = item.report_id,
            chat_id
        );
        async move {
            let result = self.send(&item, chat_id).await;
            let outcome = match result {
                Ok(message_id) => {
                    tracing::debug!("delivered");
                    self.db.message_sent(item, message_id.unwrap_or(0)).await
                }
                Err(failure) => self.failed(item, chat_id, failure).await.map(|()| None),
            };
            outcome.unwrap_or_else(|e| {
                tracing::error!("courier could not record a delivery: {e}");
                None
            })
        }
        .instrument(span)
        .await
    }

    /// Who reads a message: the staff chat in the staff language, a citizen in theirs.
    fn reader(&self, item: &OutboxItem, chat_id: i64) -> Locale {
        let staff =
            item.to == Destination::Staff || chat_id == self.staff_chat_id.load(Ordering::Relaxed);
        let lang = if staff {
            self.style.staff.lang
        } else {
            Lang::resolve(
                item.language.chosen.as_deref(),
                item.language.language_code.as_deref(),
                self.default_language,
            )
        };
        Locale::new(lang, self.style.staff.tz)
    }

    async fn send(&self, item: &OutboxItem, chat_id: i64) -> Result<Option<i32>, SendFailure> {
        let to_staff = item.to == Destination::Staff;
        let reader = self.reader(item, chat_id);
        match &item.message {
            Outgoing::Notice {
                notice,
                keyboard,
                thread_id,
            } => {
                let thread = thread_id.or(if to_staff { self.staff_thread_id } else { None });
                if let Some(sent) = self.report_photo(notice, chat_id, thread, reader).await? {
                    return Ok(Some(sent));
                }
                let text = texts::render(reader, notice);
                match send::notice_buttons(notice, reader) {
                    Some(buttons) => {
                        send::text_with_buttons(&self.bot, chat_id, thread, &text, buttons)
                            .await
                            .map(Some)
                    }
                    None => send::text(&self.bot, chat_id, thread, &text, *keyboard, reader)
                        .await
                        .map(Some),
                }
            }
            Outgoing::Text {
                text,
                keyboard,
                thread_id,
            } => {
                let thread = thread_id.or(if to_staff { self.staff_thread_id } else { None });
                send::text(&self.bot, chat_id, thread, text, *keyboard, reader)
                    .await
                    .map(Some)
            }
            Outgoing::Alert { report_id, .. }
            | Outgoing::AlertPin { report_id }
            | Outgoing::AlertEdit { report_id, .. }
            | Outgoing::AlertReply { report_id, .. } => {
                let report = self
                    .db
                    .report_view(*report_id)
                    .await
                    .map_err(|e| SendFailure::Transient(e.to_string()))?
                    .ok_or_else(|| {
                        SendFailure::Permanent(format!("report #{report_id} not found"))
                    })?;
                match &item.message {
                    Outgoing::Alert { reopened, .. } => {
                        send::alert(&self.bot, self.staff(), &report, self.style, *reopened)
                            .await
                            .map(Some)
                    }
                    Outgoing::AlertEdit { menu, .. } => {
                        send::edit_alert(&self.bot, self.staff(), &report, self.style, *menu).await
                    }
                    Outgoing::AlertReply { notice, .. } => {
                        let text = texts::render(reader, notice);
                        send::alert_reply(&self.bot, self.staff(), &report, &text)
                            .await
                            .map(Some)
                    }
                    _ => send::alert_pin(&self.bot, self.staff(), &report).await,
                }
            }
            Outgoing::Export {
                since_unix,
                geojson,
            } => {
                let (format, name, kind) = if *geojson {
                    (Format::GeoJson, "potholes.geojson", "GeoJSON")
                } else {
                    (Format::Csv, "potholes.csv", "CSV")
                };
                let query = PublicQuery {
                    since_unix: Some(*since_unix),
                    located_only: format.located_only(),
                    oldest_first: true,
                    ..PublicQuery::default()
                };
                // In memory: the window is 30 days, and Telegram takes the document whole.
                let (bytes, _) = self
                    .reader
                    .scan_public(query, Exporter::new(format, Vec::new()))
                    .await
                    .map_err(|e| SendFailure::Transient(e.to_string()))?
                    .finish()
                    .map_err(|e| SendFailure::Permanent(format!("{kind} export: {e}")))?;
                let thread = if to_staff { self.staff_thread_id } else { None };
                let days = ((now_unix() - since_unix) / 86_400).max(1);
                let caption = crate::domain::crew_texts::export_caption(reader, days, kind);
                send::document(&self.bot, chat_id, thread, name, bytes, &caption)
                    .await
                    .map(Some)
            }
        }
    }

    /// `/report N` goes out as the report's photo with the sheet as its caption. `None`: not
    /// a sheet, or a photo Telegram will not take (its file is gone, or the caption is refused):
    /// the sheet then goes as a text.
    async fn report_photo(
        &self,
        notice: &Notice,
        chat_id: i64,
        thread: Option<i32>,
        reader: Locale,
    ) -> Result<Option<i32>, SendFailure> {
        let Notice::ReportSheet {
            facts,
            at,
            timezone,
        } = notice
        else {
            return Ok(None);
        };
        let Some(report) = self
            .db
            .report_view(facts.id)
            .await
            .map_err(|e| SendFailure::Transient(e.to_string()))?
        else {
            return Ok(None);
        };
        let tz = crate::domain::clock::parse_timezone(timezone).unwrap_or(reader.tz);
        let caption =
            crate::domain::crew_texts::report_caption(Locale::new(reader.lang, tz), facts, *at);
        match send::report_photo(&self.bot, chat_id, thread, &report, &caption).await {
            Ok(id) => Ok(Some(id)),
            Err(SendFailure::Permanent(reason)) => {
                tracing::warn!(
                    report_id = facts.id,
                    "the report's photo could not be sent ({reason}); sending its text"
                );
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    async fn failed(
        &self,
        item: OutboxItem,
        chat_id: i64,
        failure: SendFailure,
    ) -> Result<(), crate::store::StoreError> {
        let now = now_unix();
        match failure {
            SendFailure::RetryAfter(after) => {
                metrics::counter!(crate::http::metrics::TELEGRAM_429).increment(1);
                tracing::warn!("Telegram asked us to wait {after:?}");
                lock(&self.limiter).hold_chat(chat_id, Instant::now() + after);
                // The slot is held in memory; the row stays due so a restart retries at once.
                self.db
                    .message_retry(item.id, now, format!("retry after {}s", after.as_secs()))
                    .await
            }
            SendFailure::Migrated(new_id) if item.to == Destination::Staff => {
                tracing::warn!(
                    new_chat_id = new_id,
                    "the staff group became a supergroup; using its new id"
                );
                let old_id = self.staff_chat_id.swap(new_id, Ordering::Relaxed);
                self.db
                    .set_setting(STAFF_CHAT_MIGRATED, format!("{old_id}:{new_id}"))
                    .await?;
                self.db
                    .message_retry(item.id, now, format!("migrated to {new_id}"))
                    .await
            }
            SendFailure::Permanent(reason) if item.to != Destination::Staff => {
                tracing::warn!("giving up on a message: {reason}");
                self.db.message_failed(&item, reason).await
            }
            // Transient trouble, or a staff-chat problem the operator must fix (wrong id, bot
            // removed): keep the message and keep trying, ever more slowly.
            SendFailure::Migrated(_) | SendFailure::Permanent(_) | SendFailure::Transient(_) => {
                let reason = match failure {
                    SendFailure::Transient(r) | SendFailure::Permanent(r) => r,
                    _ => "migrated".to_owned(),
                };
                let backoff = backoff_secs(item.attempts);
                tracing::warn!(
                    attempts = item.attempts + 1,
                    "send failed, retrying in {backoff}s: {reason}"
                );
                self.db.message_retry(item.id, now + backoff, reason).await
            }
        }
    }
}

/// 1 s, 2 s, 4 s … up to five minutes, with ±25 % jitter so retries do not march in step.
pub fn backoff_secs(attempts: u32) -> i64 {
    let base = 1i64 << attempts.min(9);
    let jittered = (base as f64 * (0.75 + fastrand::f64() * 0.5)).round() as i64;
    jittered.clamp(1, MAX_BACKOFF_SECS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_lane_that_panics_still_frees_its_chat_and_wakes_the_courier() {
        let lanes = Arc::new(Mutex::new(Lanes::default()));
        let done = Arc::new(Notify::new());
        {
            let mut l = lock(&lanes);
            let reading = l.reading();
            assert!(l.claim(7, reading));
        }
        let (l, d) = (lanes.clone(), done.clone());
        let lane = std::thread::spawn(move || {
            let _release = LaneGuard {
                lanes: &l,
                done: &d,
                chat_id: 7,
            };
            // Poison the lock on the way out too: the release must still get through.
            let _held = l.lock().unwrap();
            panic!("a lane fails");
        });
        assert!(lane.join().is_err());
        assert!(
            !lock(&lanes).is_busy(7),
            "the chat would never be served again"
        );
        let woken = tokio::time::timeout(Duration::from_secs(5), done.notified()).await;
        assert!(woken.is_ok(), "the courier was not woken");
    }

    #[test]
    fn backoff_grows_and_is_capped_at_five_minutes() {
        assert!((1..=1).contains(&backoff_secs(0)));
        assert!((6..=10).contains(&backoff_secs(3)));
        assert!(backoff_secs(40) <= MAX_BACKOFF_SECS);
    }
}
