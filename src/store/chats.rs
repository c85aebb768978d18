//! The `chats` table: what the bot knows about each private chat's language.

use rusqlite::OptionalExtension;

use super::{Db, StoreError, now_unix};

/// A chat's language as stored: Telegram's `language_code` and the citizen's own choice.
/// Which catalogue that means is decided at send time ([`crate::domain::Lang::resolve`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChatLanguage {
    pub language_code: Option<String>,
    pub chosen: Option<String>,
}

impl Db {
    /// Records the `language_code` Telegram sent with a citizen's message. Writes only when
    /// it changed (no fsync otherwise); a message without one changes nothing.
    ///
    /// Queued at once (see [`Db::queue`]): the caller goes on storing the message, which
    /// shares the batch, and awaits this when it is done.
    pub fn remember_language(
        &self,
        chat_id: i64,
        language_code: Option<String>,
    ) -> impl Future<Output = Result<(), StoreError>> + use<> {
        let job = language_code
            .map(|c| c.trim().to_ascii_lowercase())
            .filter(|c| !c.is_empty() && c.len() <= 35)
            .map(|code| {
                self.queue(move |conn| {
                    conn.prepare_cached(
                        "INSERT INTO chats (chat_id, language_code, updated_unix) VALUES (?1, ?2, ?3)
                         ON CONFLICT (chat_id) DO UPDATE SET language_code = excluded.language_code,
                                updated_unix = excluded.updated_unix
                          WHERE language_code IS NOT excluded.language_code",
                    )?
                    .execute((chat_id, code, now_unix()))?;
                    Ok(())
                })
            });
        async move {
            match job {
                Some(job) => job.await,
                None => Ok(()),
            }
        }
    }

    /// The citizen picked a language with /language.
    pub async fn choose_language(&self, chat_id: i64, code: &str) -> Result<(), StoreError> {
        let code = code.to_owned();
        self.call(move |conn| {
            conn.prepare_cached(
                "INSERT INTO chats (chat_id, chosen, updated_unix) VALUES (?1, ?2, ?3)
                 ON CONFLICT (chat_id) DO UPDATE SET chosen = excluded.chosen,
                        updated_unix = excluded.updated_unix",
            )?
            .execute((chat_id, code, now_unix()))?;
            Ok(())
        })
        .await
    }

    /// What is stored about a chat's language (nothing for a chat never seen).
    pub async fn chat_language(&self, chat_id: i64) -> Result<ChatLanguage, StoreError> {
        self.call(move |conn| Ok(chat_language(conn, chat_id)?))
            .await
    }
}

/// [`Db::chat_language`] inside a job or transaction that is already on the database thread.
pub(crate) fn chat_language(
    conn: &rusqlite::Connection,
    chat_id: i64,
) -> rusqlite::Result<ChatLanguage> {
    Ok(conn
        .prepare_cached("SELECT language_code, chosen FROM chats WHERE chat_id = ?1")?
        .query_row([chat_id], |r| {
            Ok(ChatLanguage {
                language_code: r.get(0)?,
                chosen: r.get(1)?,
            })
        })
        .optional()?
        .unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> (tempfile::TempDir, Db) {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("t.db")).unwrap();
        (dir, db)
    }

    #[tokio::test]
    async fn telegrams_language_is_kept_and_a_choice_wins_over_it() {
        let (_dir, db) = db();
        assert_eq!(db.chat_language(7).await.unwrap(), ChatLanguage::default());
        db.remember_language(7, Some("pt-BR".into())).await.unwrap();
        db.remember_language(7, None).await.unwrap();
        let stored = db.chat_language(7).await.unwrap();
        assert_eq!(stored.language_code.as_deref(), Some("pt-br"));
        assert_eq!(stored.chosen, None);
        db.choose_language(7, "de").await.unwrap();
        db.remember_language(7, Some("fr".into())).await.unwrap();
        let stored = db.chat_language(7).await.unwrap();
        assert_eq!(
            (stored.language_code.as_deref(), stored.chosen.as_deref()),
            (Some("fr"), Some("de"))
        );
    }

    #[tokio::test]
    async fn the_language_lookup_uses_the_primary_key() {
        let (_dir, db) = db();
        let plan: Vec<String> = db
            .call(|conn| {
                let mut stmt = conn.prepare(
                    "EXPLAIN QUERY PLAN SELECT language_code, chosen FROM chats WHERE chat_id = 1",
                )?;
                let rows = stmt.query_map([], |r| r.get::<_, String>(3))?;
                Ok(rows.collect::<Result<Vec<_>, _>>()?)
            })
            .await
            .unwrap();
        assert!(
            plan.iter().any(|p| p.contains("INTEGER PRIMARY KEY")),
            "{plan:?}"
        );
    }
}
