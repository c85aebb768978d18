//! Wires the stages together: the SQLite log, intake (teloxide's dispatcher with long
//! polling), the grader and the courier. [`run`] is what `main` and the tests call.

use std::sync::Arc;
use std::sync::atomic::AtomicI64;
use std::time::Duration;

use teloxide::dispatching::Dispatcher;
use teloxide::error_handlers::LoggingErrorHandler;
use teloxide::prelude::*;
use teloxide::types::BotCommandScope;
use teloxide::update_listeners::Polling;
use teloxide::utils::command::BotCommands;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use crate::config::{Config, ConfigError};
use crate::courier::Courier;
use crate::grader::Grader;
use crate::store::settings::{STAFF_CHAT_MIGRATED, effective_staff_chat};
use crate::store::{Db, StoreError};
use crate::telegram::{self, intake};
use crate::vision::VisionClient;

/// Nudges between stages: "there is new work in the table".
#[derive(Clone, Default)]
pub struct Wakers {
    pub grader: Arc<Notify>,
    pub courier: Arc<Notify>,
}

/// Runs the bot until `shutdown` is cancelled: stops polling, lets database writes in flight
/// finish, and returns. Work not finished is in SQLite and resumes at the next start.
pub async fn run(config: Config, shutdown: CancellationToken) -> anyhow::Result<()> {
    let db = open_db(&config.database_path).await?;
    let migrated = db.setting(STAFF_CHAT_MIGRATED).await?;
    let staff_chat_id = effective_staff_chat(config.telegram.staff_chat_id, migrated.as_deref());
    // Telegram keeps unconfirmed updates for a day: older "already answered" marks can go.
    db.prune_handled(crate::store::now_unix() - 3 * 86_400)
        .await?;
    let staff_chat_id = Arc::new(AtomicI64::new(staff_chat_id));
    let bot = telegram::bot(&config.telegram)?;
    let vision = VisionClient::new(&config.vision)?;
    let wake = Wakers::default();
    let stages = CancellationToken::new();

    let grader = Arc::new(Grader::new(
        &config.grading,
        db.clone(),
        bot.clone(),
        vision,
        wake.clone(),
    ));
    let courier = Arc::new(Courier::new(
        &config.courier,
        db.clone(),
        bot.clone(),
        staff_chat_id.clone(),
        wake.clone(),
    ));
    let grader_task = tokio::spawn(grader.run(stages.clone()));
    let courier_task = tokio::spawn(courier.run(stages.clone()));

    let intake = Arc::new(intake::Intake {
        db: db.clone(),
        staff_chat_id: staff_chat_id.clone(),
        configured_staff_chat_id: config.telegram.staff_chat_id,
        detail: config.vision.image_detail,
        reports_per_hour: config.intake.reports_per_hour,
        pin_before_secs: config.intake.location_before_photo.as_secs() as i64,
        pin_after_secs: config.intake.location_after_photo.as_secs() as i64,
        wake: wake.clone(),
    });

    tokio::spawn(set_commands(bot.clone()));
    poll(bot, intake, shutdown.clone()).await;

    stages.cancel();
    let _ = tokio::time::timeout(Duration::from_secs(2), async {
        let _ = grader_task.await;
        let _ = courier_task.await;
    })
    .await;
    db.flush().await?;
    tracing::info!("stopped");
    Ok(())
}

/// Long polling until `shutdown`. Telegram unreachable at start (getMe failing) is waited
/// out rather than a panic.
async fn poll(bot: Bot, intake: Arc<intake::Intake>, shutdown: CancellationToken) {
    let mut delay = Duration::from_secs(1);
    loop {
        let mut dispatcher = Dispatcher::builder(bot.clone(), intake::schema())
            .dependencies(dptree::deps![intake.clone()])
            .default_handler(|_| async {})
            .error_handler(LoggingErrorHandler::with_custom_text("handler error"))
            .build();
        let token = dispatcher.shutdown_token();
        let stop = shutdown.clone();
        let watcher = tokio::spawn(async move {
            stop.cancelled().await;
            loop {
                // Fails while the dispatcher is still starting; try again shortly.
                match token.shutdown() {
                    Ok(done) => {
                        done.await;
                        return;
                    }
                    Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
                }
            }
        });
        let listener = Polling::builder(bot.clone())
            .timeout(Duration::from_secs(10))
            .build();
        let result = dispatcher
            .try_dispatch_with_listener(
                listener,
                LoggingErrorHandler::with_custom_text("polling error"),
            )
            .await;
        watcher.abort();
        match result {
            Ok(()) => return,
            Err(e) => {
                if shutdown.is_cancelled() {
                    return;
                }
                tracing::error!(
                    "cannot reach the Bot API (getMe failed: {e}); retrying in {delay:?}"
                );
                tokio::select! {
                    _ = shutdown.cancelled() => return,
                    _ = tokio::time::sleep(delay) => {}
                }
                delay = (delay * 2).min(Duration::from_secs(60));
            }
        }
    }
}

/// The command menus: citizens see /start, /help, /status; groups see /chatid.
async fn set_commands(bot: Bot) {
    use intake::Command;
    let all = Command::bot_commands();
    let private: Vec<_> = all
        .iter()
        .filter(|c| c.command != "/chatid")
        .cloned()
        .collect();
    let groups: Vec<_> = all
        .iter()
        .filter(|c| c.command == "/chatid")
        .cloned()
        .collect();
    let r1 = bot
        .set_my_commands(private)
        .scope(BotCommandScope::AllPrivateChats)
        .await;
    let r2 = bot
        .set_my_commands(groups)
        .scope(BotCommandScope::AllGroupChats)
        .await;
    if let Err(e) = r1.and(r2) {
        tracing::warn!("could not set the command menu: {e}");
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
