//! The `webhook_updates` table: updates Telegram POSTed, kept until surely handled.

use super::{Db, StoreError, now_unix};

impl Db {
    /// Stores an update (a redelivery of the same `update_id` is stored once). Durable when
    /// this returns: the database thread fsyncs before answering.
    pub async fn store_webhook_update(
        &self,
        update_id: i64,
        body: String,
    ) -> Result<(), StoreError> {
        self.call(move |conn| {
            conn.prepare_cached(
                "INSERT INTO webhook_updates (update_id, body, received_unix)
                 VALUES (?1, ?2, ?3)
                 ON CONFLICT (update_id) DO UPDATE SET received_unix = excluded.received_unix",
            )?
            .execute(rusqlite::params![update_id, body, now_unix()])?;
            Ok(())
        })
        .await
    }

    /// Every stored update, oldest first, stamped as received now (so they stay until the
    /// dispatcher had time to handle them again).
    pub async fn webhook_backlog(&self) -> Result<Vec<String>, StoreError> {
        self.call(|conn| {
            let tx = conn.transaction()?;
            tx.execute(
                "UPDATE webhook_updates SET received_unix = ?1",
                [now_unix()],
            )?;
            let bodies = {
                let mut stmt = tx.prepare("SELECT body FROM webhook_updates ORDER BY update_id")?;
                stmt.query_map([], |r| r.get(0))?
                    .collect::<Result<Vec<String>, _>>()?
            };
            tx.commit()?;
            Ok(bodies)
        })
        .await
    }

    /// Drops updates received before `before_unix` (`i64::MAX`: all), taken as handled.
    pub async fn prune_webhook_updates(&self, before_unix: i64) -> Result<usize, StoreError> {
        self.call(move |conn| {
            Ok(conn
                .prepare_cached("DELETE FROM webhook_updates WHERE received_unix < ?1")?
                .execute([before_unix])?)
        })
        .await
    }
}
