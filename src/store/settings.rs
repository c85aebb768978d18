//! The `settings` table: small facts learned at run time.

use rusqlite::OptionalExtension;

use super::{Db, StoreError};

/// Key of the staff chat id learned from a supergroup upgrade.
pub const STAFF_CHAT_ID: &str = "staff_chat_id";

impl Db {
    pub async fn setting(&self, key: &'static str) -> Result<Option<String>, StoreError> {
        self.call(move |conn| {
            Ok(conn
                .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                    r.get(0)
                })
                .optional()?)
        })
        .await
    }

    pub async fn set_setting(&self, key: &'static str, value: String) -> Result<(), StoreError> {
        self.call(move |conn| {
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )?;
            Ok(())
        })
        .await
    }

    /// Sets `key` to `value` unless it already holds it; true when it changed. Used to send an
    /// operator warning once per cause (per day).
    pub async fn set_setting_once(
        &self,
        key: &'static str,
        value: String,
    ) -> Result<bool, StoreError> {
        self.call(move |conn| {
            let changed = conn.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE value <> excluded.value",
                (key, value),
            )?;
            Ok(changed > 0)
        })
        .await
    }
}
