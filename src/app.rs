//! Wires the stages together: the SQLite log, the public HTTP server, intake (fed by
//! [`listener`], by long polling or webhook), the grader, the courier and the scheduler (the
//! crews' reminders and digest). [`run`] is what `main` and the tests call.
//!
//! The stages are supervised: if one ends or panics while the bot runs, [`run`] stops the bot
//! and returns the reason, so the process exits non-zero and a process manager restarts it.
//! Restarting is safe: every stage resumes from SQLite.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::AtomicI64;
use std::time::Duration;

use tokio::task::{Id, JoinError, JoinSet};
use tokio_util::sync::CancellationToken;

use crate::config::{Config, ConfigError};
use crate::courier::Courier;
use crate::grader::Grader;
use crate::http;
use crate::scheduler::Scheduler;
use crate::store::settings::{STAFF_CHAT_MIGRATED, effective_staff_chat};
use crate::store::{Db, Reader, StoreError};
use crate::telegram::{self, intake, listener, webhook};
use crate::vision::VisionClient;

/// Read-only database connections for the HTTP server.
const READERS: usize = 4;

/// Runs the bot until `shutdown` is cancelled: stops polling, lets database writes in flight
/// finish, and returns. Work not finished is in SQLite and resumes at the next start.
pub async fn run(config: Config, shutdown: CancellationToken) -> anyhow::Result<()> {
    run_with_listener(config, None, shutdown).await
}

/// [`run`] with the HTTP listener already bound (tests bind port 0); `None` binds
/// `HTTP_ADDR` (unless it is `off`) once the database is open.
pub async fn run_with_listener(
    config: Config,
    listener: Option<tokio::net::TcpListener>,
    shutdown: CancellationToken,
) -> anyhow::Result<()> {
    let db = open_db(&config.database_path).await?;
    let listener = match listener {
        Some(l) => Some(l),
        None => http::bind(&config.http).await?,
    };
    let migrated = db.setting(STAFF_CHAT_MIGRATED).await?;
    let staff_chat_id = effective_staff_chat(config.telegram.staff_chat_id, migrated.as_deref());
    // Telegram keeps unconfirmed updates for a day: older "already answered" marks can go.
    db.prune_handled(crate::store::now_unix() - 3 * 86_400)
        .await?;
    let staff_chat_id = Arc::new(AtomicI64::new(staff_chat_id));
    let bot = telegram::bot(&config.telegram)?;
    let vision = VisionClient::new(&config.vision)?;
    let stop_stages = CancellationToken::new();

    let grader = Arc::new(Grader::new(
        &config.grading,
        config.loop_rules(),
        config.languages,
        db.clone(),
        bot.clone(),
        vision,
    ));
    // The read-only connections: the HTTP server's reads and the staff chat's /export.
    let reader = Reader::open(&config.database_path, READERS)?;
    let courier = Arc::new(Courier::new(
        &config.courier,
        config.crews.timezone,
        config.languages,
        db.clone(),
        reader.clone(),
        bot.clone(),
        staff_chat_id.clone(),
    ));
    let scheduler = Arc::new(Scheduler {
        db: db.clone(),
        crews: config.crews.clone(),
    });
    let mut stages = Stages::default();
    stages.spawn("grader", grader.run(stop_stages.clone()));
    stages.spawn("courier", courier.run(stop_stages.clone()));
    stages.spawn("scheduler", scheduler.run(stop_stages.clone()));

    let intake = Arc::new(intake::Intake {
        db: db.clone(),
        staff_chat_id: staff_chat_id.clone(),
        configured_staff_chat_id: config.telegram.staff_chat_id,
        detail: config.vision.image_detail,
        reports_per_hour: config.intake.reports_per_hour,
        pin_before_secs: config.intake.location_before_photo.as_secs() as i64,
        pin_after_secs: config.intake.location_after_photo.as_secs() as i64,
        rules: config.loop_rules(),
        crews: config.crews.clone(),
        default_language: config.languages.default_language,
        staff_language: config.languages.staff_language,
    });

    // Webhook mode: setWebhook first, so that its route joins the HTTP server's router.
    let hook = match &config.webhook {
        Some(settings) => match listener::set_webhook(&bot, settings, &shutdown).await {
            Some(hook) => Some(hook),
            None => return Ok(()),
        },
        None => None,
    };

    // The server stops with the bot, and also when this future is dropped (aborted).
    let http_stop = shutdown.child_token();
    let _stop_http = http_stop.clone().drop_guard();
    let http_task = match listener {
        Some(listener) => {
            let state = http::HttpState {
                reader,
                settings: Arc::new(config.http.clone()),
                metrics: Some(http::metrics::Metrics::global()),
                photos: config
                    .http
                    .public_photos
                    .then(|| Arc::new(http::photos::Photos::new(photo_fetch(bot.clone())))),
            };
            let mut router = http::router(state);
            if let (Some((_, raw)), Some(settings)) = (&hook, &config.webhook) {
                router = router.merge(webhook::guarded(
                    raw.clone(),
                    db.clone(),
                    settings.secret.clone(),
                ));
            }
            let settings = config.http.clone();
            let stop = http_stop.clone();
            Some(tokio::spawn(async move {
                http::serve(listener, router, &settings, stop).await
            }))
        }
        None => None,
    };

    tokio::spawn(listener::set_commands(
        bot.clone(),
        config.languages.default_language,
        config.languages.staff_language,
        staff_chat_id.load(std::sync::atomic::Ordering::Relaxed),
    ));
    let updates = async {
        match (hook, &config.webhook) {
            (Some((updates, raw)), Some(settings)) => {
                listener::by_webhook(&bot, &intake, &db, updates, raw, settings, &shutdown).await
            }
            _ => listener::poll(bot.clone(), intake.clone(), shutdown.clone()).await,
        }
    };
    let outcome = stages.supervise(updates).await;
    http_stop.cancel();
    if let Some(http) = http_task {
        let _ = tokio::time::timeout(Duration::from_secs(3), http).await;
    }

    stop_stages.cancel();
    stages.wait(Duration::from_secs(2)).await;
    db.flush().await?;
    match &outcome {
        Ok(()) => tracing::info!("stopped"),
        Err(e) => tracing::error!("stopping: {e:#}"),
    }
    outcome
}

/// The public photos' source: a download from Telegram by file id.
fn photo_fetch(bot: teloxide::Bot) -> http::photos::Fetch {
    Arc::new(move |file_id: String| {
        let bot = bot.clone();
        Box::pin(async move {
            telegram::files::download(&bot, &file_id)
                .await
                .map_err(|e| e.to_string())
        })
    })
}

/// The background stages, by name.
#[derive(Default)]
struct Stages {
    tasks: JoinSet<()>,
    names: HashMap<Id, &'static str>,
}

impl Stages {
    fn spawn(&mut self, name: &'static str, stage: impl Future<Output = ()> + Send + 'static) {
        let id = self.tasks.spawn(stage).id();
        self.names.insert(id, name);
    }

    /// Runs `intake` until it returns (shutdown). A stage that ends or panics first is an
    /// error naming it: the bot must not keep taking reports that nothing grades or delivers.
    async fn supervise(&mut self, intake: impl Future<Output = ()>) -> anyhow::Result<()> {
        tokio::select! {
            () = intake => Ok(()),
            Some(ended) = self.tasks.join_next_with_id() => Err(self.ended(ended)),
        }
    }

    fn ended(&self, ended: Result<(Id, ()), JoinError>) -> anyhow::Error {
        let (id, how) = match ended {
            Ok((id, ())) => (id, "ended".to_owned()),
            Err(e) => {
                let id = e.id();
                let how = if e.is_panic() {
                    let payload = e.into_panic();
                    let text = payload
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| payload.downcast_ref::<String>().cloned())
                        .unwrap_or_default();
                    let first = text.lines().next().unwrap_or("").to_owned();
                    format!("panicked ({first})")
                } else {
                    "was cancelled".to_owned()
                };
                (id, how)
            }
        };
        let name = self.names.get(&id).copied().unwrap_or("a");
        anyhow::anyhow!("the {name} stage {how} unexpectedly; exiting so the bot is restarted")
    }

    /// Lets the stages finish what they are doing, for at most `limit`.
    async fn wait(&mut self, limit: Duration) {
        let _ = tokio::time::timeout(limit, async {
            while self.tasks.join_next().await.is_some() {}
        })
        .await;
    }
}

/// Opens the database off the async threads. A path that cannot hold it is the operator's
/// setting to fix, and is reported as one ([`ConfigError`], exit code 2).
async fn open_db(path: &std::path::Path) -> anyhow::Result<Db> {
    let path = path.to_owned();
    match tokio::task::spawn_blocking(move || Db::open(&path)).await? {
        Ok(db) => Ok(db),
        Err(StoreError::Open(reason)) => Err(ConfigError::Unusable {
            name: "DATABASE_PATH",
            reason,
        }
        .into()),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn until_cancelled(token: CancellationToken) {
        token.cancelled().await;
    }

    #[tokio::test]
    async fn a_stage_that_panics_stops_the_bot_with_its_name() {
        let mut stages = Stages::default();
        let token = CancellationToken::new();
        stages.spawn("grader", until_cancelled(token.clone()));
        stages.spawn("courier", async { panic!("lane bookkeeping broke") });
        let err = stages
            .supervise(std::future::pending())
            .await
            .unwrap_err()
            .to_string();
        assert!(err.contains("courier stage panicked"), "{err}");
        assert!(err.contains("lane bookkeeping broke"), "{err}");
        assert!(!err.contains('\n'), "one line: {err}");
        token.cancel();
        stages.wait(Duration::from_secs(5)).await;
    }

    #[tokio::test]
    async fn a_stage_that_returns_early_stops_the_bot_too() {
        let mut stages = Stages::default();
        stages.spawn("grader", async {});
        let err = stages.supervise(std::future::pending()).await.unwrap_err();
        assert!(err.to_string().contains("grader stage ended"), "{err}");
    }

    #[tokio::test]
    async fn a_normal_shutdown_is_not_an_error() {
        let mut stages = Stages::default();
        let token = CancellationToken::new();
        stages.spawn("courier", until_cancelled(token.clone()));
        assert!(stages.supervise(async {}).await.is_ok());
        token.cancel();
        stages.wait(Duration::from_secs(5)).await;
        assert!(stages.tasks.is_empty());
    }
}
