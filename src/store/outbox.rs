//! The `outbox` table: messages waiting to be sent. Rows are written in the same transaction
//! as the change that implies them and removed from the queue (`status = 'sent'`) by the
//! courier, so a message is neither lost nor sent twice by a crash between the two.

use rusqlite::{Connection, OptionalExtension, named_params};
use serde::{Deserialize, Serialize};

use super::chats::ChatLanguage;
use super::{Db, StoreError, event};
use crate::domain::Notice;

/// The reply keyboard that goes with a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Keyboard {
    /// Leave whatever keyboard the chat has.
    #[default]
    Keep,
    /// The one-tap "share location" button.
    AskLocation,
    /// Remove the "share location" button.
    Remove,
    /// `/language`: one inline button per language the bot has.
    Languages,
}

/// One message to send. It holds what to say, not the words: a [`Notice`] is put into words
/// and an alert is rendered from the report row at send time, so both carry the newest facts
/// (a pin that arrived meanwhile) and can be told in the reader's language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Outgoing {
    /// A notice to a chat, rendered at send time.
    Notice {
        notice: Notice,
        #[serde(default)]
        keyboard: Keyboard,
        /// Forum topic to post in (a `/chatid` asked inside a topic).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        thread_id: Option<i32>,
    },
    /// Finished text, as versions before typed notices queued it. Still sent as it is, so rows
    /// queued before an upgrade are not lost; nothing writes it any more.
    Text {
        text: String,
        #[serde(default)]
        keyboard: Keyboard,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        thread_id: Option<i32>,
    },
    /// The staff alert for a report: its photo with a caption and the buttons of its work
    /// state. `reopened`: posted again after "Still broken", as a reply to the old alert.
    Alert {
        report_id: i64,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        reopened: bool,
    },
    /// The report's location pin, as a reply to its alert.
    AlertPin { report_id: i64 },
    /// Re-render the alert's caption and buttons from the stored state (after a tap, a pin,
    /// a duplicate). `menu`: show the reasons for "Not a pothole" instead of the buttons.
    AlertEdit {
        report_id: i64,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        menu: bool,
    },
    /// A notice in the staff chat as a reply to the report's alert (reminders, duplicates).
    AlertReply { report_id: i64, notice: Notice },
    /// The reports since `since_unix` as a CSV (or GeoJSON) document, rendered at send time.
    Export {
        since_unix: i64,
        #[serde(default)]
        geojson: bool,
    },
}

impl Outgoing {
    pub fn notice(notice: Notice) -> Outgoing {
        Outgoing::notice_with(notice, Keyboard::Keep)
    }

    pub fn notice_with(notice: Notice, keyboard: Keyboard) -> Outgoing {
        Outgoing::Notice {
            notice,
            keyboard,
            thread_id: None,
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Outgoing::Notice { .. } | Outgoing::Text { .. } => "text",
            Outgoing::Alert { .. } => "alert",
            Outgoing::AlertPin { .. } => "alert_pin",
            Outgoing::AlertEdit { .. } => "alert_edit",
            Outgoing::AlertReply { .. } => "alert_reply",
            Outgoing::Export { .. } => "export",
        }
    }
}

/// Where a message goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Destination {
    /// A citizen's (or any) chat by id.
    Chat(i64),
    /// The staff chat, whatever its id is at send time.
    Staff,
}

/// A pending row, as the courier sees it.
#[derive(Debug, Clone)]
pub struct OutboxItem {
    pub id: i64,
    pub report_id: Option<i64>,
    pub to: Destination,
    pub message: Outgoing,
    pub attempts: u32,
    pub next_attempt_unix: i64,
    /// What is stored about the destination chat's language (nothing for the staff chat),
    /// read with the row so the courier can render the notice in it.
    pub language: ChatLanguage,
}

type RawRow = (i64, Option<i64>, Option<i64>, String, i64, i64);

fn raw_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<RawRow> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
    ))
}

/// An outbox row as the courier sees it; a row this version cannot read is parked as failed
/// rather than left to block its chat's queue.
fn parse_row(conn: &Connection, raw: RawRow) -> Option<OutboxItem> {
    let (id, report_id, chat_id, payload, attempts, next) = raw;
    match serde_json::from_str(&payload) {
        Ok(message) => Some(OutboxItem {
            id,
            report_id,
            to: chat_id.map_or(Destination::Staff, Destination::Chat),
            message,
            attempts: attempts as u32,
            next_attempt_unix: next,
            language: match chat_id {
                Some(chat) => super::chats::chat_language(conn, chat).unwrap_or_default(),
                None => ChatLanguage::default(),
            },
        }),
        Err(e) => {
            tracing::error!(outbox_id = id, "unreadable outbox payload: {e}");
            let _ = conn
                .prepare_cached(
                    "UPDATE outbox SET status = 'failed', last_error = 'unreadable payload' WHERE id = ?1",
                )
                .and_then(|mut st| st.execute([id]));
            None
        }
    }
}

/// The oldest pending row of each chat (see [`Db::pending_messages`]).
pub(super) const PENDING_HEADS: &str =
    "SELECT MIN(id), report_id, chat_id, payload, attempts, next_attempt_unix
       FROM outbox WHERE status = 'pending' GROUP BY chat_id ORDER BY 1 LIMIT :limit";

/// Records message `message_id` of `chat_id` as handled inside the caller's transaction;
/// false when it already was.
pub(crate) fn first_time(
    tx: &Connection,
    chat_id: i64,
    message_id: i32,
    now_unix: i64,
) -> rusqlite::Result<bool> {
    let inserted = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO handled_messages (chat_id, message_id, handled_unix) VALUES (?1, ?2, ?3)",
        )?
        .execute((chat_id, message_id, now_unix))?;
    Ok(inserted == 1)
}

/// Queues a message inside the caller's transaction.
pub(crate) fn enqueue(
    tx: &Connection,
    report_id: Option<i64>,
    to: Destination,
    message: &Outgoing,
) -> rusqlite::Result<()> {
    let chat_id = match to {
        Destination::Chat(id) => Some(id),
        Destination::Staff => None,
    };
    let payload = serde_json::to_string(message).expect("outgoing messages serialise");
    tx.prepare_cached(
        "INSERT INTO outbox (report_id, chat_id, kind, payload) VALUES (:report, :chat, :kind, :payload)",
    )?
    .execute(named_params! {
        ":report": report_id, ":chat": chat_id, ":kind": message.kind(), ":payload": payload,
    })?;
    Ok(())
}

impl Db {
    /// Queues one message on its own (for replies that change nothing else).
    pub async fn enqueue(&self, to: Destination, message: Outgoing) -> Result<(), StoreError> {
        self.call(move |conn| Ok(enqueue(conn, None, to, &message)?))
            .await
    }

    /// Queues the answer to message `message_id` of `chat_id` unless that message was answered
    /// before (Telegram redelivers updates after a crash). False when it was.
    pub async fn reply_once(
        &self,
        chat_id: i64,
        message_id: i32,
        to: Destination,
        message: Outgoing,
    ) -> Result<bool, StoreError> {
        self.call(move |conn| {
            let tx = conn.transaction()?;
            if !first_time(&tx, chat_id, message_id, super::now_unix())? {
                return Ok(false);
            }
            enqueue(&tx, None, to, &message)?;
            tx.commit()?;
            Ok(true)
        })
        .await
    }

    /// Forgets answered messages older than `before_unix` (run at start-up).
    pub async fn prune_handled(&self, before_unix: i64) -> Result<usize, StoreError> {
        self.call(move |conn| {
            Ok(conn
                .prepare_cached("DELETE FROM handled_messages WHERE handled_unix < ?1")?
                .execute([before_unix])?)
        })
        .await
    }

    /// The oldest pending message of each chat, oldest chats first. Only the head of a chat's
    /// queue can go (messages to one chat keep their order), and one busy chat — the staff
    /// group at 20 a minute — never hides the others.
    pub async fn pending_messages(&self, limit: usize) -> Result<Vec<OutboxItem>, StoreError> {
        self.call(move |conn| {
            // One read transaction for the rows and their chats' languages, not one each.
            let tx = conn.transaction()?;
            // SQLite takes the bare columns from the row holding MIN(id).
            let rows = tx
                .prepare_cached(PENDING_HEADS)?
                .query_map(named_params! { ":limit": limit as i64 }, raw_row)?
                .collect::<Result<Vec<_>, _>>()?;
            let items = rows
                .into_iter()
                .filter_map(|raw| parse_row(&tx, raw))
                .collect();
            tx.commit()?;
            Ok(items)
        })
        .await
    }

    /// Marks a message delivered, and records what its delivery means for the report: an
    /// alert makes the report `alerted` and, when the report has a location, queues the pin
    /// as a reply (in the same transaction, so a pin that arrived meanwhile is never missed).
    ///
    /// Returns the next pending message to the same chat, so the courier can go straight on
    /// with it (saves a trip through its loop).
    pub async fn message_sent(
        &self,
        item: OutboxItem,
        message_id: i32,
    ) -> Result<Option<OutboxItem>, StoreError> {
        self.call(move |conn| {
            let tx = conn.transaction()?;
            tx.prepare_cached("UPDATE outbox SET status = 'sent', sent_message_id = ?2,
                        sent_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), attempts = attempts + 1
                  WHERE id = ?1")?.execute(
                (item.id, message_id),
            )?;
            match item.message {
                Outgoing::Alert { report_id, reopened } => {
                    tx.prepare_cached("UPDATE reports SET alert_message_id = ?2, status = 'alerted' WHERE id = ?1")?.execute(
                        (report_id, message_id),
                    )?;
                    let kind = if reopened { "realerted" } else { "alerted" };
                    event(&tx, Some(report_id), "courier", kind, None)?;
                    let located: Option<f64> = tx
                        .prepare_cached("SELECT latitude FROM reports WHERE id = ?1")?
                        .query_row([report_id], |r| r.get(0))
                        .optional()?
                        .flatten();
                    if located.is_some() {
                        enqueue(&tx, Some(report_id), Destination::Staff, &Outgoing::AlertPin { report_id })?;
                    }
                }
                Outgoing::AlertPin { report_id } => {
                    event(&tx, Some(report_id), "courier", "alert_pin_sent", None)?;
                }
                Outgoing::AlertReply { report_id, .. } => {
                    event(&tx, Some(report_id), "courier", "alert_reply_sent", None)?;
                }
                Outgoing::Notice { .. }
                | Outgoing::Text { .. }
                | Outgoing::AlertEdit { .. }
                | Outgoing::Export { .. } => {}
            }
            let chat = match item.to {
                Destination::Chat(id) => Some(id),
                Destination::Staff => None,
            };
            // Read in the same transaction (it sees the pin just queued), so the job is one
            // transaction, not three.
            let next = tx
                .prepare_cached(
                    "SELECT id, report_id, chat_id, payload, attempts, next_attempt_unix
                       FROM outbox WHERE status = 'pending' AND chat_id IS ?1 ORDER BY id LIMIT 1",
                )?
                .query_row([chat], raw_row)
                .optional()?;
            let next = next.and_then(|raw| parse_row(&tx, raw));
            tx.commit()?;
            Ok(next)
        })
        .await
    }

    /// Puts a message back in the queue until `next_attempt_unix`.
    pub async fn message_retry(
        &self,
        id: i64,
        next_attempt_unix: i64,
        error: String,
    ) -> Result<(), StoreError> {
        self.call(move |conn| {
            conn.prepare_cached("UPDATE outbox SET attempts = attempts + 1, next_attempt_unix = ?2, last_error = ?3 WHERE id = ?1")?.execute(
                (id, next_attempt_unix, error),
            )?;
            Ok(())
        })
        .await
    }

    /// Gives up on a message (the chat is gone or blocked the bot).
    pub async fn message_failed(&self, item: &OutboxItem, error: String) -> Result<(), StoreError> {
        let (id, report_id) = (item.id, item.report_id);
        self.call(move |conn| {
            let tx = conn.transaction()?;
            tx.prepare_cached("UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ?2 WHERE id = ?1")?.execute(
                (id, &error),
            )?;
            event(&tx, report_id, "courier", "message_failed", Some(&error))?;
            tx.commit()?;
            Ok(())
        })
        .await
    }
}
