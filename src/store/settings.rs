//! The `settings` table: small facts learned at run time.

use rusqlite::OptionalExtension;

use super::{Db, StoreError};

/// Key of the staff group's upgrade to a supergroup, as `old_id:new_id`.
pub const STAFF_CHAT_MIGRATED: &str = "staff_chat_migrated";

/// The staff chat to use: the configured one, or the supergroup it became (as long as
/// `STAFF_CHAT_ID` still names the old group; an operator who configures another chat wins).
pub fn effective_staff_chat(configured: i64, migrated: Option<&str>) -> i64 {
    let upgrade = migrated.and_then(|v| {
        let (old, new) = v.split_once(':')?;
        Some((old.parse::<i64>().ok()?, new.parse::<i64>().ok()?))
    });
    match upgrade {
        Some((old, new)) if old == configured => new,
        _ => configured,
    }
}

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
            conn.prepare_cached(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )?
            .execute((key, value))?;
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
            let changed = conn.prepare_cached("INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE value <> excluded.value")?.execute(
                (key, value),
            )?;
            Ok(changed > 0)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::effective_staff_chat;

    #[test]
    fn an_upgraded_staff_group_is_followed_until_the_operator_configures_another_chat() {
        assert_eq!(effective_staff_chat(-100, None), -100);
        assert_eq!(effective_staff_chat(-100, Some("-100:-1009")), -1009);
        assert_eq!(effective_staff_chat(-1009, Some("-100:-1009")), -1009);
        assert_eq!(effective_staff_chat(-555, Some("-100:-1009")), -555);
        assert_eq!(effective_staff_chat(-100, Some("garbage")), -100);
    }
}
