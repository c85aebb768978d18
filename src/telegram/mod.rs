//! The Telegram boundary: the only place teloxide is used.
//!
//! - [`intake`]: the update handlers (parse, store, answer through the outbox);
//! - [`send`]: turning an outbox row into a Bot API call, and classifying send errors;
//! - [`files`]: downloading a photo for the grader.

pub mod files;
pub mod intake;
pub mod send;

use teloxide::Bot;

use crate::config::Config;

/// The Bot API client, pointed at `TELEGRAM_API_URL`.
pub fn bot(config: &Config) -> Bot {
    let client = teloxide::net::default_reqwest_settings()
        .pool_max_idle_per_host(64)
        .build()
        .expect("building the Telegram HTTP client");
    Bot::with_client(config.telegram_token.expose(), client)
        .set_api_url(config.telegram_api_url.clone())
}
