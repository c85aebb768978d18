//! Telegram settings: the bot token, the Bot API URL and the crews' chat.

use super::{ConfigError, Env, Secret, invalid, parse_http_url, shown};

#[derive(Debug, Clone)]
pub struct TelegramSettings {
    /// `TELEGRAM_BOT_TOKEN`.
    pub token: Secret,
    /// `TELEGRAM_API_URL`.
    pub api_url: reqwest::Url,
    /// `STAFF_CHAT_ID`: the crews' group, as configured (a migrated group's new id is kept in
    /// the database).
    pub staff_chat_id: i64,
}

impl TelegramSettings {
    /// Reads the Telegram settings alone. Blank values count as unset.
    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<TelegramSettings, ConfigError> {
        TelegramSettings::read(&Env::new(&lookup))
    }

    pub(crate) fn read(env: &Env<'_>) -> Result<TelegramSettings, ConfigError> {
        let token = env.required(
            "TELEGRAM_BOT_TOKEN",
            "create a bot with @BotFather and put its token in .env",
        )?;
        if !looks_like_bot_token(&token) {
            return Err(invalid(
                "TELEGRAM_BOT_TOKEN",
                "expected the form 123456789:AA… that @BotFather gives",
            ));
        }
        let staff_chat_id = env.required(
            "STAFF_CHAT_ID",
            "add the bot to the crews' group, send /chatid there, and put the number in .env",
        )?;
        // Telegram's chat ids have at most 52 significant bits; 0 is no chat.
        let staff_chat_id = staff_chat_id
            .parse::<i64>()
            .ok()
            .filter(|id| *id != 0 && id.unsigned_abs() < 1 << 52)
            .ok_or_else(|| {
                invalid(
                    "STAFF_CHAT_ID",
                    format!(
                        "{} is not a chat id (a whole number like -1001234567890)",
                        shown(&staff_chat_id)
                    ),
                )
            })?;
        let api_url = env.get_or("TELEGRAM_API_URL", "https://api.telegram.org")?;
        Ok(TelegramSettings {
            token: Secret::new(token),
            api_url: parse_http_url("TELEGRAM_API_URL", &api_url)?,
            staff_chat_id,
        })
    }
}

fn looks_like_bot_token(token: &str) -> bool {
    match token.split_once(':') {
        Some((id, rest)) => {
            !id.is_empty()
                && id.bytes().all(|b| b.is_ascii_digit())
                && !rest.is_empty()
                && rest
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        }
        None => false,
    }
}
