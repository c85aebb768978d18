//! What the loop's tests share: a fresh database, a pothole, the queued messages, a crew
//! member.

use super::super::Db;
use super::super::outbox::Outgoing;
use crate::domain::work::Actor;

pub struct TestDb {
    pub db: Db,
    dir: std::path::PathBuf,
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub fn test_db() -> TestDb {
    let dir = std::env::temp_dir().join(format!(
        "pothole-crew-{}-{}",
        std::process::id(),
        fastrand::u64(..)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    TestDb {
        db: Db::open(&dir.join("t.db")).unwrap(),
        dir,
    }
}

pub const T0: i64 = 1_780_000_000;

/// A graded, alerted severe pothole of citizen `chat` (alert message 100 + id).
pub async fn pothole(db: &Db, id: i64, chat: i64, at: Option<(f64, f64)>) {
    let (lat, lon) = at.unzip();
    db.call(move |conn| {
        conn.execute(
            "INSERT INTO reports (id, chat_id, message_id, media_kind, file_id, file_unique_id,
                        grade_file_id, status, severity, latitude, longitude, alert_message_id,
                        work_state, opened_unix, work_changed_unix, work_actor, due_unix,
                        remind_unix, created_unix)
                 VALUES (?1, ?2, ?1, 'photo', 'F', 'U' || ?1, 'G', 'alerted', 'severe', ?3, ?4,
                         100 + ?1, 'open', ?5, ?5, 'the bot', ?5 + 86400, ?5 + 86400, ?5)",
            rusqlite::params![id, chat, lat, lon, T0],
        )?;
        Ok(())
    })
    .await
    .unwrap();
}

/// The queued messages (their stored JSON and, for notices, the words they become), and
/// empties the queue.
pub async fn outbox(db: &Db) -> Vec<(Option<i64>, String)> {
    let rows: Vec<(Option<i64>, String)> = db
        .call(|conn| {
            let mut st = conn.prepare("SELECT chat_id, payload FROM outbox ORDER BY id")?;
            let rows = st
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<Vec<_>, _>>()?;
            conn.execute("DELETE FROM outbox", [])?;
            Ok(rows)
        })
        .await
        .unwrap();
    rows.into_iter()
        .map(|(chat, json)| {
            let words = match serde_json::from_str::<Outgoing>(&json).unwrap() {
                Outgoing::Notice { notice, .. } | Outgoing::AlertReply { notice, .. } => {
                    crate::domain::texts::render(crate::domain::Locale::ENGLISH, &notice)
                }
                _ => String::new(),
            };
            (chat, format!("{json}\n{words}"))
        })
        .collect()
}

pub fn ana() -> Actor {
    Actor::Staff {
        user_id: 9,
        name: "Ana".into(),
    }
}
