//! Where updates come from: long polling with teloxide's dispatcher (restarted with backoff
//! while the Bot API cannot be reached) or, with `TELEGRAM_WEBHOOK_URL`, Telegram's POSTs on
//! the bot's HTTP server; and the command menus the bot announces.

use std::sync::Arc;
use std::time::Duration;

use teloxide::dispatching::Dispatcher;
use teloxide::error_handlers::LoggingErrorHandler;
use teloxide::prelude::*;
use teloxide::types::BotCommandScope;
use teloxide::update_listeners::{Polling, UpdateListener, webhooks};
use tokio_util::sync::CancellationToken;

use super::{intake, webhook};
use crate::config::WebhookSettings;
use crate::domain::{Lang, Locale, texts};
use crate::store::Db;

/// Runs the dispatcher on `listener` until `shutdown` (or the listener ends); `hook` is the
/// webhook route in webhook mode. Fails only when the Bot API cannot be reached at start
/// (getMe).
async fn dispatch<L>(
    bot: &Bot,
    intake: &Arc<intake::Intake>,
    listener: L,
    shutdown: &CancellationToken,
    hook: Option<(axum::Router, String, String)>,
) -> Result<(), teloxide::RequestError>
where
    L: teloxide::update_listeners::UpdateListener + Send,
    L::Err: std::fmt::Debug,
{
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
                    match &hook {
                        // teloxide's webhook listener ends only when a request finds it
                        // stopped: knock until it has.
                        Some((router, path, secret)) => {
                            tokio::pin!(done);
                            loop {
                                tokio::select! {
                                    _ = &mut done => return,
                                    _ = tokio::time::sleep(Duration::from_millis(50)) => {
                                        webhook::knock(router, path, secret).await;
                                    }
                                }
                            }
                        }
                        None => done.await,
                    }
                    return;
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
    });
    let result = dispatcher
        .try_dispatch_with_listener(
            listener,
            LoggingErrorHandler::with_custom_text("update listener error"),
        )
        .await;
    watcher.abort();
    result
}

/// Long polling until `shutdown`. A webhook left set (webhook mode before) is deleted first.
/// Telegram unreachable at start (getMe failing) is waited out rather than a panic.
pub async fn poll(bot: Bot, intake: Arc<intake::Intake>, shutdown: CancellationToken) {
    let mut delay = Duration::from_secs(1);
    loop {
        let listener = Polling::builder(bot.clone())
            .timeout(Duration::from_secs(10))
            .delete_webhook()
            .await
            .build();
        match dispatch(&bot, &intake, listener, &shutdown, None).await {
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

/// The webhook route and its update listener, once `setWebhook` succeeded (retried while
/// Telegram is unreachable); `None` when `shutdown` came first.
pub async fn set_webhook(
    bot: &Bot,
    settings: &WebhookSettings,
    shutdown: &CancellationToken,
) -> Option<(
    impl UpdateListener<Err = std::convert::Infallible> + Send + use<>,
    axum::Router,
)> {
    let mut delay = Duration::from_secs(1);
    loop {
        // The address is not used: the route is served by the bot's own HTTP server.
        let options = webhooks::Options::new(
            std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
            settings.url.clone(),
        )
        .secret_token(settings.secret.clone());
        match webhooks::axum_to_router(bot.clone(), options).await {
            // The stop future would call deleteWebhook at every shutdown; Telegram keeps
            // updates while the bot restarts either way, so it is not awaited.
            Ok((listener, _stop, router)) => return Some((listener, router)),
            Err(e) => {
                tracing::error!("setWebhook failed ({e}); retrying in {delay:?}");
                tokio::select! {
                    _ = shutdown.cancelled() => return None,
                    _ = tokio::time::sleep(delay) => {}
                }
                delay = (delay * 2).min(Duration::from_secs(60));
            }
        }
    }
}

/// Webhook mode until `shutdown`: stored updates from before a crash are handed over again,
/// then the dispatcher takes what Telegram POSTs (`raw` is teloxide's route, unguarded).
pub async fn by_webhook(
    bot: &Bot,
    intake: &Arc<intake::Intake>,
    db: &Db,
    updates: impl UpdateListener<Err = std::convert::Infallible> + Send,
    raw: axum::Router,
    settings: &WebhookSettings,
    shutdown: &CancellationToken,
) {
    let path = settings.url.path().to_owned();
    match db.webhook_backlog().await {
        Ok(backlog) => webhook::replay(&raw, &path, &settings.secret, backlog).await,
        Err(e) => tracing::error!("cannot read stored webhook updates: {e}"),
    }
    let pruner = tokio::spawn(prune_webhook_updates(db.clone()));
    let hook = Some((raw, path, settings.secret.clone()));
    if let Err(e) = dispatch(bot, intake, updates, shutdown, hook).await {
        tracing::error!("cannot reach the Bot API (getMe failed: {e})");
    }
    pruner.abort();
    // The dispatcher has finished every update it took: none is left to redo.
    if let Err(e) = db.prune_webhook_updates(i64::MAX).await {
        tracing::warn!("cannot prune webhook updates: {e}");
    }
}

/// Drops stored webhook updates the dispatcher has surely handled by now.
async fn prune_webhook_updates(db: Db) {
    loop {
        tokio::time::sleep(webhook::KEEP_HANDLED).await;
        let before = crate::store::now_unix() - webhook::KEEP_HANDLED.as_secs() as i64;
        if let Err(e) = db.prune_webhook_updates(before).await {
            tracing::warn!("cannot prune webhook updates: {e}");
        }
    }
}

/// The command menus, in every language the bot has (`setMyCommands` with `language_code`):
/// citizens see /start, /help, /status and /language; groups see /chatid; the staff chat sees
/// its own commands in `STAFF_LANGUAGE`. Users whose Telegram language the bot lacks get the
/// menus in `DEFAULT_LANGUAGE`.
pub async fn set_commands(bot: Bot, default: Lang, staff: Lang, staff_chat_id: i64) {
    use teloxide::types::{BotCommand, Recipient};
    let menu = |lang: Lang, names: &[&str]| -> Vec<BotCommand> {
        names
            .iter()
            .filter_map(|name| {
                texts::command_description(Locale::from(lang), name)
                    .map(|d| BotCommand::new(*name, d))
            })
            .collect()
    };
    const PRIVATE: &[&str] = &["start", "help", "status", "language"];
    const GROUPS: &[&str] = &["chatid"];
    const STAFF: &[&str] = &["help", "open", "report", "dup", "stats", "export", "chatid"];
    // Telegram takes two-letter ISO 639-1 codes only: a regional catalogue (`pt-BR`) is left
    // to the default menu.
    let per_language = Lang::all()
        .filter(|l| l.code().len() == 2)
        .map(|l| (l, Some(l.code().to_owned())));
    let mut failed = None;
    for (lang, code) in std::iter::once((default, None)).chain(per_language) {
        for (scope, names) in [
            (BotCommandScope::AllPrivateChats, PRIVATE),
            (BotCommandScope::AllGroupChats, GROUPS),
        ] {
            let mut req = bot.set_my_commands(menu(lang, names)).scope(scope);
            if let Some(code) = &code {
                req = req.language_code(code.clone());
            }
            if let Err(e) = req.await {
                failed = Some(e);
            }
        }
    }
    let staff_menu = bot
        .set_my_commands(menu(staff, STAFF))
        .scope(BotCommandScope::Chat {
            chat_id: Recipient::Id(ChatId(staff_chat_id)),
        })
        .await;
    if let Some(e) = failed.or(staff_menu.err()) {
        tracing::warn!("could not set the command menus: {e}");
    }
}
