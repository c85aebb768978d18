//! Downloading a file from the Bot API (`getFile`, then `/file/bot<token>/<path>`).

use super::errors::TelegramError;
use teloxide::net::Download;
use teloxide::prelude::*;
use teloxide::types::FileId;

/// The Bot API's download limit for bots.
pub const MAX_DOWNLOAD_BYTES: u32 = 20 * 1024 * 1024;

/// Why a download failed.
#[derive(Debug, thiserror::Error)]
pub enum DownloadError {
    /// Network trouble or Telegram busy: try again later.
    #[error("telegram download failed, will retry: {0}")]
    Transient(String),
    /// The file is gone, invalid or too large: retrying cannot help.
    #[error("telegram file unavailable: {0}")]
    Permanent(String),
}

/// Downloads a file into memory. Errors never contain the token (teloxide redacts URLs).
pub async fn download(bot: &Bot, file_id: &str) -> Result<Vec<u8>, DownloadError> {
    let file =
        bot.get_file(FileId(file_id.to_owned()))
            .await
            .map_err(|e| match TelegramError::from(e) {
                TelegramError::Permanent(d) => DownloadError::Permanent(d),
                other => DownloadError::Transient(other.to_string()),
            })?;
    if file.size > MAX_DOWNLOAD_BYTES {
        return Err(DownloadError::Permanent(format!(
            "file is {} bytes, over the 20 MB limit",
            file.size
        )));
    }
    let mut bytes = Vec::with_capacity(file.size as usize);
    bot.download_file(&file.path, &mut bytes)
        .await
        .map_err(|e| DownloadError::Transient(e.to_string()))?;
    Ok(bytes)
}
