//! Where updates come from: long polling with teloxide's dispatcher (restarted with backoff
//! while the Bot API cannot be reached), and the command menus the bot announces.

use std::sync::Arc;
use std::time::Duration;

use teloxide::dispatching::Dispatcher;
use teloxide::error_handlers::LoggingErrorHandler;
use teloxide::prelude::*;
use teloxide::types::BotCommandScope;
use teloxide::update_listeners::Polling;
use teloxide::utils::command::BotCommands;
use tokio_util::sync::CancellationToken;

use super::intake;

/// Long polling until `shutdown`. Telegram unreachable at start (getMe failing) is waited
/// out rather than a panic.
pub async fn poll(bot: Bot, intake: Arc<intake::Intake>, shutdown: CancellationToken) {
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
pub async fn set_commands(bot: Bot) {
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
