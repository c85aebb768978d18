//! The grader: takes reports waiting in `received`, downloads each photo, has the vision model
//! grade it, and stores the verdict together with the messages it implies. At most
//! `OPENAI_CONCURRENCY` reports are graded at once. Anything left half-done by a crash is
//! still `received`, so it is simply picked up again at start-up.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use teloxide::Bot;
use tokio::sync::{Notify, Semaphore};
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

use crate::domain::work::LoopRules;
use crate::domain::{DelayCause, Lang, Notice, OperatorWarning, needs_review};
use crate::store::outbox::{Destination, Outgoing};
use crate::store::reports::{Grading, MediaKind, ReportToGrade};
use crate::store::{Db, now_unix};
use crate::telegram::files::{self, DownloadError};
use crate::telegram::send;
use crate::vision::grade::{GradeError, GradeOptions, Source, grade_bytes};
use crate::vision::image::ImageError;
use crate::vision::prompt::PROMPT_VERSION;
use crate::vision::{ReasonLanguages, VisionClient, VisionError};

/// How often Telegram's "typing…" is renewed while a photo is graded (it fades after 5 s).
const TYPING_EVERY: Duration = Duration::from_millis(4_500);
/// Malformed or cut-off answers are retried this many times before the report fails.
const MAX_BAD_ANSWERS: u32 = 2;
/// How often grading is tried again while the vision account is out of credit: each try costs
/// nothing, and the operator may top up at any time.
const QUOTA_RETRY_SECS: i64 = 900;

/// The grading stage.
pub struct Grader {
    pub db: Db,
    pub bot: Bot,
    pub vision: VisionClient,
    /// The alert threshold, deadlines and duplicate radius the verdict is stored with.
    pub rules: LoopRules,
    pub concurrency: usize,
    /// First pause after a failed attempt; doubles up to five minutes.
    pub retry_min_secs: i64,
    /// `DAILY_BUDGET_USD`: no grading for the rest of the UTC day once reached.
    pub daily_budget_usd: Option<f64>,
    /// `REVIEW_BELOW_CONFIDENCE`.
    pub review_below_confidence: f64,
    /// `RETRY_UNCLEAR_AT_HIGH`.
    pub retry_unclear_at_high: bool,
    /// The staff chat's language: the reason is always asked in it (`STAFF_LANGUAGE`).
    pub staff_language: Lang,
    /// Citizens whose language the bot lacks are answered in this (`DEFAULT_LANGUAGE`).
    pub default_language: Lang,
    /// Gradings in flight. A std mutex: it is never held across an `.await`, and tokio's
    /// would only add cost.
    busy: Mutex<HashSet<i64>>,
    /// A grading finished, so a slot is free.
    slot_free: Notify,
    /// Decoding big files is CPU- and memory-heavy: one at a time.
    decode: Semaphore,
}

impl Grader {
    pub fn new(
        settings: &crate::config::GradingSettings,
        loop_rules: LoopRules,
        languages: crate::config::LanguageSettings,
        db: Db,
        bot: Bot,
        vision: VisionClient,
    ) -> Grader {
        Grader {
            db,
            bot,
            vision,
            rules: loop_rules,
            concurrency: settings.concurrency,
            retry_min_secs: settings.retry_min.as_secs().max(1) as i64,
            daily_budget_usd: settings.daily_budget_usd,
            review_below_confidence: settings.review_below_confidence,
            retry_unclear_at_high: settings.retry_unclear_at_high,
            staff_language: languages.staff_language,
            default_language: languages.default_language,
            busy: Mutex::new(HashSet::new()),
            slot_free: Notify::new(),
            decode: Semaphore::new(1),
        }
    }

    /// Runs until `stop` is cancelled. Gradings in flight are abandoned at shutdown: their
    /// reports are still `received` and are graded after the restart.
    pub async fn run(self: Arc<Self>, stop: CancellationToken) {
        loop {
            let wait = match self.start_due().await {
                Ok(wait) => wait,
                Err(e) => {
                    tracing::error!("grader: {e:#}");
                    Duration::from_secs(1)
                }
            };
            tokio::select! {
                _ = stop.cancelled() => return,
                _ = self.db.new_reports().notified() => {}
                _ = self.slot_free.notified() => {}
                _ = tokio::time::sleep(wait) => {}
            }
        }
    }

    async fn start_due(self: &Arc<Self>) -> anyhow::Result<Duration> {
        let busy: Vec<i64> = self.busy.lock().unwrap().iter().copied().collect();
        let free = self.concurrency.saturating_sub(busy.len());
        let now = now_unix();
        let waiting = self.db.reports_to_grade(now, free, busy).await?;
        if !waiting.due.is_empty() && self.over_budget(now).await? {
            let tomorrow = next_utc_midnight(now);
            let cause = DelayCause::DailyBudget {
                resumes_at: unix_time(tomorrow),
            };
            for report in waiting.due {
                let reason = "daily budget reached; grading resumes at 00:00 UTC".to_owned();
                self.db
                    .grading_postponed(report.id, tomorrow, reason, Some(cause))
                    .await?;
            }
            return Ok(Duration::from_secs(60));
        }
        for report in waiting.due {
            self.busy.lock().unwrap().insert(report.id);
            let me = Arc::clone(self);
            let span =
                tracing::info_span!("grade", report_id = report.id, chat_id = report.chat_id);
            tokio::spawn(
                async move {
                    let id = report.id;
                    me.grade(report).await;
                    me.busy.lock().unwrap().remove(&id);
                    me.slot_free.notify_one();
                }
                .instrument(span),
            );
        }
        // Due reports left waiting for a free slot are started when a grading finishes (it
        // wakes this loop); only reports still backing off need a timer.
        Ok(match waiting.next_unix {
            Some(at) => Duration::from_secs((at - now).clamp(1, 60) as u64),
            None => Duration::from_secs(60),
        })
    }

    /// True when today's spend reached `DAILY_BUDGET_USD`; warns the staff chat once a day.
    async fn over_budget(&self, now: i64) -> Result<bool, crate::store::StoreError> {
        let Some(budget) = self.daily_budget_usd else {
            return Ok(false);
        };
        let spent = self.db.spent_since(next_utc_midnight(now) - 86_400).await?;
        if spent < budget {
            return Ok(false);
        }
        let day = unix_time(now).format("%Y-%m-%d").to_string();
        if self.db.set_setting_once("budget_warning", day).await? {
            tracing::warn!(
                spent,
                budget,
                "daily budget reached; grading paused until 00:00 UTC"
            );
            let warning = OperatorWarning::BudgetReached {
                spent_usd: spent,
                budget_usd: budget,
                resumes_at: unix_time(next_utc_midnight(now)),
            };
            self.db
                .enqueue(
                    Destination::Staff,
                    Outgoing::notice(Notice::Operator { warning }),
                )
                .await?;
        }
        Ok(true)
    }

    async fn grade(&self, report: ReportToGrade) {
        let bot = self.bot.clone();
        let chat_id = report.chat_id;
        let typing = tokio::spawn(async move {
            loop {
                send::typing(&bot, chat_id).await;
                tokio::time::sleep(TYPING_EVERY).await;
            }
        });
        let started = std::time::Instant::now();
        let result = self.try_grade(&report).await;
        typing.abort();
        metrics::histogram!(crate::http::metrics::GRADING_SECONDS).record(started.elapsed());
        if let Err(e) = self.settle(&report, result).await {
            tracing::error!("could not record the grading outcome: {e}");
        }
    }

    async fn try_grade(&self, report: &ReportToGrade) -> Result<Grading, Failure> {
        let bytes = files::download(&self.bot, &report.grade_file_id)
            .await
            .map_err(Failure::Download)?;
        let source = match report.media_kind {
            MediaKind::Photo => Source::Photo,
            MediaKind::Document => Source::File,
        };
        let options = GradeOptions {
            retry_unclear_at_high: self.retry_unclear_at_high && self.under_budget().await,
            langs: ReasonLanguages::new(self.staff_language, self.citizen_lang(report)),
        };
        let outcome = grade_bytes(&self.vision, bytes, source, &self.decode, options)
            .await
            .inspect_err(|e| {
                if let GradeError::Vision(e) = e {
                    metrics::counter!(crate::http::metrics::VISION_ERRORS, "kind" => e.kind())
                        .increment(1);
                }
            })
            .map_err(|e| match e {
                GradeError::Image(e) => Failure::Image(e),
                GradeError::Vision(e) => Failure::Vision(e),
            })?;
        Ok(Grading {
            model: outcome.graded.model,
            prompt_version: PROMPT_VERSION,
            image_detail: outcome.detail.as_str().to_owned(),
            image_bytes: outcome.image_bytes,
            prompt_tokens: outcome.graded.prompt_tokens,
            completion_tokens: outcome.graded.completion_tokens,
            cost_usd: outcome.graded.cost_usd,
            exif_location: outcome.gps,
            needs_review: needs_review(&outcome.graded.verdict, self.review_below_confidence),
            verdict: outcome.graded.verdict,
        })
    }

    /// True while today's spend is under `DAILY_BUDGET_USD` (or there is none): a second,
    /// high-detail look at an unclear photo is paid from the same budget.
    async fn under_budget(&self) -> bool {
        let Some(budget) = self.daily_budget_usd else {
            return true;
        };
        let now = crate::store::now_unix();
        match self.db.spent_since(next_utc_midnight(now) - 86_400).await {
            Ok(spent) => spent < budget,
            Err(_) => false,
        }
    }

    /// The language the report's citizen reads (read with the report).
    fn citizen_lang(&self, report: &ReportToGrade) -> Lang {
        let stored = &report.language;
        Lang::resolve(
            stored.chosen.as_deref(),
            stored.language_code.as_deref(),
            self.default_language,
        )
    }

    /// Records what became of one attempt: the verdict, a later retry, or a failure for good.
    async fn settle(
        &self,
        report: &ReportToGrade,
        result: Result<Grading, Failure>,
    ) -> Result<(), crate::store::StoreError> {
        let id = report.id;
        let failure = match result {
            Ok(grading) => {
                let outcome = self.db.store_grade(id, grading, self.rules).await?;
                tracing::info!(?outcome, "graded");
                return Ok(());
            }
            Err(f) => f,
        };
        let reason = failure.to_string();
        match failure {
            Failure::Download(DownloadError::Transient(_)) => {
                self.postpone(report, reason, None).await
            }
            Failure::Vision(e) if e.is_transient() => {
                self.postpone(report, reason, Some(DelayCause::ModelDown))
                    .await
            }
            Failure::Vision(VisionError::Malformed(_) | VisionError::Truncated(_))
                if report.attempts < MAX_BAD_ANSWERS =>
            {
                self.postpone(report, reason, None).await
            }
            Failure::Vision(e @ VisionError::QuotaExceeded(_)) => {
                // Out of credit: the photo is fine and waits for the operator to top up.
                tracing::error!("grading paused, the vision account is out of credit: {e}");
                self.warn_operator(&e).await?;
                let at = now_unix() + QUOTA_RETRY_SECS;
                self.db
                    .grading_postponed(id, at, reason, Some(DelayCause::Quota))
                    .await
            }
            Failure::Download(DownloadError::Permanent(_)) | Failure::Image(_) => {
                tracing::warn!("cannot grade: {reason}");
                let notice = match &failure {
                    Failure::Image(ImageError::Heic) => Notice::HeicNotSupported,
                    Failure::Image(ImageError::TooLarge { .. }) => Notice::ImageTooLarge { id },
                    _ => Notice::UnreadableImage { id },
                };
                self.db.grading_failed(id, reason, notice).await
            }
            Failure::Vision(e) => {
                tracing::error!("grading failed for good: {e}");
                if e.needs_operator() {
                    self.warn_operator(&e).await?;
                }
                let notice = match e {
                    VisionError::Refused(_) | VisionError::ContentFiltered => {
                        Notice::NotJudged { id }
                    }
                    _ => Notice::GradingFailed { id },
                };
                self.db.grading_failed(id, reason, notice).await
            }
        }
    }

    async fn postpone(
        &self,
        report: &ReportToGrade,
        reason: String,
        tell_citizen: Option<DelayCause>,
    ) -> Result<(), crate::store::StoreError> {
        let delay = grading_backoff_secs(report.attempts, self.retry_min_secs);
        tracing::warn!(
            attempts = report.attempts + 1,
            "grading postponed by {delay}s: {reason}"
        );
        self.db
            .grading_postponed(report.id, now_unix() + delay, reason, tell_citizen)
            .await
    }

    /// One staff-chat warning per cause per day, not one per report.
    async fn warn_operator(&self, e: &VisionError) -> Result<(), crate::store::StoreError> {
        let day = unix_time(now_unix()).format("%Y-%m-%d");
        let cause = match e {
            VisionError::QuotaExceeded(_) => "quota".to_owned(),
            VisionError::Rejected { status, .. } => format!("http-{status}"),
            _ => "other".to_owned(),
        };
        if self
            .db
            .set_setting_once("vision_warning", format!("{day}:{cause}"))
            .await?
        {
            let error = e.to_string();
            let warning = match e {
                VisionError::QuotaExceeded(_) => OperatorWarning::QuotaExceeded { error },
                _ => OperatorWarning::VisionRefused { error },
            };
            self.db
                .enqueue(
                    Destination::Staff,
                    Outgoing::notice(Notice::Operator { warning }),
                )
                .await?;
        }
        Ok(())
    }
}

/// Why one grading attempt did not produce a verdict.
#[derive(Debug, thiserror::Error)]
enum Failure {
    #[error(transparent)]
    Download(DownloadError),
    #[error("image: {0}")]
    Image(ImageError),
    #[error(transparent)]
    Vision(VisionError),
}

fn unix_time(unix: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(unix, 0).unwrap_or_default()
}

/// The next 00:00 UTC after `now` (seconds since 1970).
pub fn next_utc_midnight(now: i64) -> i64 {
    (now.div_euclid(86_400) + 1) * 86_400
}

/// `min`, 2×`min`, 4×`min` … up to five minutes between attempts at one report.
pub fn grading_backoff_secs(attempts: u32, min: i64) -> i64 {
    (min << attempts.min(8)).min(300)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_budget_day_ends_at_utc_midnight() {
        // 2026-11-26T08:30:00Z → 2026-11-27T00:00:00Z
        assert_eq!(super::next_utc_midnight(1_795_681_800), 1_795_737_600);
        assert_eq!(super::next_utc_midnight(1_795_737_600), 1_795_824_000);
    }

    #[test]
    fn grading_backoff_doubles_up_to_five_minutes() {
        assert_eq!(super::grading_backoff_secs(0, 10), 10);
        assert_eq!(super::grading_backoff_secs(1, 10), 20);
        assert_eq!(super::grading_backoff_secs(9, 10), 300);
        assert_eq!(super::grading_backoff_secs(2, 1), 4);
    }
}
