//! The Telegram boundary: every Bot API call is made from here. The grader and the courier
//! hold the client ([`bot`]) and call [`send`] and [`files`]; nothing else speaks to Telegram.
//!
//! Telegram in:
//! - [`listener`]: where updates come from (long polling or webhook) and the command menus;
//! - [`webhook`]: webhook mode's store-first guard;
//! - [`intake`]: the update handlers (parse, store, answer through the outbox).
//! - [`crew`]: the crews' buttons and staff commands, and the citizens' loop buttons.
//!
//! Telegram out:
//! - [`send`]: turning an outbox row into a Bot API call;
//! - [`files`]: downloading a photo for the grader;
//! - [`errors`]: the one classification of Bot API errors, for all of the above.

pub mod crew;
pub mod errors;
pub mod files;
pub mod intake;
pub mod listener;
pub mod send;
pub mod webhook;

use teloxide::Bot;

use crate::config::TelegramSettings;

/// The Bot API client, pointed at `TELEGRAM_API_URL`. Fails only when the HTTP client cannot
/// be built (no TLS roots).
pub fn bot(settings: &TelegramSettings) -> Result<Bot, reqwest::Error> {
    let client = teloxide::net::default_reqwest_settings()
        .pool_max_idle_per_host(64)
        .build()?;
    Ok(Bot::with_client(settings.token.expose(), client).set_api_url(settings.api_url.clone()))
}
