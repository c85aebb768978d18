//! What a failed Bot API call means, decided in one place for every call the bot makes (sends,
//! edits, downloads): wait and retry, follow a group to its new id, give up, or try again later.

use std::time::Duration;

use teloxide::{ApiError, RequestError};

/// A failed Bot API call, classified.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TelegramError {
    /// Telegram asks us to slow down for this long.
    #[error("Telegram asked us to wait {0:?}")]
    RetryAfter(Duration),
    /// The group became a supergroup with this id.
    #[error("the group became supergroup {0}")]
    Migrated(i64),
    /// The chat or file is gone, or the request is wrong: retrying cannot help.
    #[error("{0}")]
    Permanent(String),
    /// Network trouble or Telegram busy: retry with backoff.
    #[error("{0}")]
    Transient(String),
}

impl From<RequestError> for TelegramError {
    fn from(e: RequestError) -> TelegramError {
        match e {
            RequestError::RetryAfter(s) => TelegramError::RetryAfter(s.duration()),
            RequestError::MigrateToChatId(id) => TelegramError::Migrated(id.0),
            // An error teloxide does not know: only "Bad Request" and "Forbidden" say that
            // the request itself can never succeed; anything else may pass.
            RequestError::Api(ApiError::Unknown(d))
                if !(d.starts_with("Bad Request") || d.starts_with("Forbidden")) =>
            {
                TelegramError::Transient(d)
            }
            RequestError::Api(e) => TelegramError::Permanent(e.to_string()),
            // Network errors: teloxide has already replaced the token in the URL.
            other => TelegramError::Transient(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_bad_requests_and_forbidden_are_permanent_the_rest_may_pass() {
        let unknown = |d: &str| TelegramError::from(RequestError::Api(ApiError::Unknown(d.into())));
        assert!(matches!(
            unknown("Bad Request: wrong file_id"),
            TelegramError::Permanent(_)
        ));
        assert!(matches!(
            unknown("Forbidden: bot was kicked from the channel chat"),
            TelegramError::Permanent(_)
        ));
        assert!(matches!(
            unknown("Internal Server Error"),
            TelegramError::Transient(_)
        ));
        assert!(matches!(
            TelegramError::from(RequestError::Api(ApiError::BotBlocked)),
            TelegramError::Permanent(_)
        ));
    }
}
