//! The Telegram boundary: the only place teloxide is used.
//!
//! - [`intake`]: the update handlers (parse, store, answer through the outbox);
//! - [`send`]: turning an outbox row into a Bot API call, and classifying send errors;
//! - [`files`]: downloading a photo for the grader.

pub mod files;
pub mod intake;
pub mod send;

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
