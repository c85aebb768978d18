//! What intake writes: a citizen's photo as a report (after the intake rules decide on its
//! facts) and a location pin, attached or held, each with the citizen's answer.

use rusqlite::{Connection, OptionalExtension, named_params};

use super::super::crew::{self, Located, LoopRules};
use super::super::outbox::{Destination, Keyboard, Outgoing, enqueue, first_time};
use super::super::{Db, StoreError, event};
use super::MediaKind;
use crate::domain::intake_rules::{HeldPin, PhotoDecision, PhotoFacts, PinSource, decide_photo};
use crate::domain::{GeoPoint, Notice, Severity};

/// A photo from a citizen, parsed by intake.
#[derive(Debug, Clone)]
pub struct NewReport {
    pub chat_id: i64,
    pub message_id: i32,
    pub user_id: Option<i64>,
    pub reporter_name: Option<String>,
    pub media_kind: MediaKind,
    pub file_id: String,
    pub file_unique_id: String,
    pub grade_file_id: String,
    pub grade_size: Option<(u32, u32)>,
    pub mime_type: Option<String>,
    pub media_group_id: Option<String>,
    pub note: Option<String>,
}

pub use crate::domain::intake_rules::IntakeRules;

/// What became of a submitted photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubmitOutcome {
    /// A new report, acknowledged in the outbox.
    Created { id: i64, has_location: bool },
    /// The same message again (Telegram redelivered it after a crash): nothing new.
    AlreadyStored { id: i64 },
    /// The same photo was reported before, as report `id`.
    SamePhoto { id: i64 },
    /// The citizen reached the hourly limit.
    RateLimited,
}

/// What became of a location pin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocationOutcome {
    /// Attached to report `id`; `to_staff` when the alert was already out and the pin follows it.
    Attached { id: i64, to_staff: bool },
    /// No report to attach to: held for the next photo.
    Held,
    /// The same pin again (Telegram redelivered it): nothing done.
    AlreadyHandled,
}

impl Db {
    /// Stores a photo as a report — before anything else can fail — together with its
    /// acknowledgement, a held pin if there is one, and the `received` event.
    pub async fn submit_report(
        &self,
        new: NewReport,
        rules: IntakeRules,
    ) -> Result<SubmitOutcome, StoreError> {
        self.call(move |conn| {
            let tx = conn.transaction()?;
            let outcome = submit(&tx, &new, rules)?;
            tx.commit()?;
            Ok(outcome)
        })
        .await
    }

    /// Attaches a pin to the citizen's latest report without one (within the window), or holds
    /// it for the next photo; queues the citizen's answer and, when the alert already went out,
    /// the pin for the staff chat.
    pub async fn submit_location(
        &self,
        chat_id: i64,
        message_id: i32,
        point: GeoPoint,
        rules: IntakeRules,
        work: LoopRules,
    ) -> Result<LocationOutcome, StoreError> {
        self.call(move |conn| {
            let tx = conn.transaction()?;
            if !first_time(&tx, chat_id, message_id, rules.now_unix)? {
                return Ok(LocationOutcome::AlreadyHandled);
            }
            let outcome = locate(&tx, chat_id, point, rules, &work)?;
            tx.commit()?;
            Ok(outcome)
        })
        .await
    }
}

/// The facts the intake rules decide on, for one photo.
fn photo_facts(
    tx: &Connection,
    new: &NewReport,
    rules: &IntakeRules,
) -> rusqlite::Result<PhotoFacts> {
    let stored_as = tx
        .prepare_cached("SELECT id FROM reports WHERE chat_id = ?1 AND message_id = ?2")?
        .query_row((new.chat_id, new.message_id), |r| r.get(0))
        .optional()?;
    let same_photo = tx
        .prepare_cached(
            "SELECT id, chat_id FROM reports WHERE file_unique_id = ?1 ORDER BY id LIMIT 1",
        )?
        .query_row([&new.file_unique_id], |r| {
            Ok((r.get(0)?, r.get::<_, i64>(1)? == new.chat_id))
        })
        .optional()?;
    let reports_last_hour: i64 = tx
        .prepare_cached("SELECT COUNT(*) FROM reports WHERE chat_id = ?1 AND created_unix > ?2")?
        .query_row((new.chat_id, rules.now_unix - 3600), |r| r.get(0))?;
    let held_pin = tx
        .prepare_cached(
            "SELECT latitude, longitude, received_unix FROM pending_locations WHERE chat_id = ?1",
        )?
        .query_row([new.chat_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)?))
        })
        .optional()?
        .and_then(|(lat, lon, at)| {
            Some(HeldPin {
                point: GeoPoint::parse(lat, lon)?,
                received_unix: at,
            })
        });
    let album_pin = match &new.media_group_id {
        None => None,
        Some(group) => tx
            .prepare_cached(
                "SELECT latitude, longitude FROM reports
                  WHERE chat_id = ?1 AND media_group_id = ?2 AND latitude IS NOT NULL LIMIT 1",
            )?
            .query_row((new.chat_id, group), |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .and_then(|(lat, lon)| GeoPoint::parse(lat, lon)),
    };
    Ok(PhotoFacts {
        stored_as,
        same_photo,
        reports_last_hour: u32::try_from(reports_last_hour).unwrap_or(u32::MAX),
        held_pin,
        album_pin,
    })
}

/// Reads the facts, lets the intake rules decide, and writes the outcome with its notice.
fn submit(tx: &Connection, new: &NewReport, rules: IntakeRules) -> rusqlite::Result<SubmitOutcome> {
    let citizen = Destination::Chat(new.chat_id);
    let facts = photo_facts(tx, new, &rules)?;
    let location = match decide_photo(&facts, &rules) {
        PhotoDecision::AlreadyStored { id } => return Ok(SubmitOutcome::AlreadyStored { id }),
        PhotoDecision::SamePhoto { id, yours } => {
            let notice = Notice::DuplicatePhoto { id, yours };
            enqueue(tx, Some(id), citizen, &Outgoing::notice(notice))?;
            return Ok(SubmitOutcome::SamePhoto { id });
        }
        PhotoDecision::RateLimited { per_hour } => {
            enqueue(
                tx,
                None,
                citizen,
                &Outgoing::notice(Notice::RateLimited { per_hour }),
            )?;
            return Ok(SubmitOutcome::RateLimited);
        }
        PhotoDecision::Create { location } => location,
    };
    if facts.held_pin.is_some() {
        // Used or stale, a held pin is spent by the next report.
        tx.prepare_cached("DELETE FROM pending_locations WHERE chat_id = ?1")?
            .execute([new.chat_id])?;
    }
    let held = location.map(|(p, _)| (p.lat(), p.lon()));
    let id: i64 = tx
        .prepare_cached(
            "INSERT INTO reports (chat_id, message_id, user_id, reporter_name, media_kind, file_id,
                    file_unique_id, grade_file_id, grade_width, grade_height, mime_type,
                    media_group_id, note, latitude, longitude, located_at, created_unix)
             VALUES (:chat, :msg, :user, :name, :kind, :file, :unique, :grade, :gw, :gh, :mime,
                    :group, :note, :lat, :lon,
                    CASE WHEN :lat IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END,
                    :now)
             RETURNING id",
        )?
        .query_row(
            named_params! {
                ":chat": new.chat_id, ":msg": new.message_id, ":user": new.user_id,
                ":name": new.reporter_name, ":kind": new.media_kind.as_str(), ":file": new.file_id,
                ":unique": new.file_unique_id, ":grade": new.grade_file_id,
                ":gw": new.grade_size.map(|s| s.0), ":gh": new.grade_size.map(|s| s.1),
                ":mime": new.mime_type, ":group": new.media_group_id, ":note": new.note,
                ":lat": held.map(|h| h.0), ":lon": held.map(|h| h.1), ":now": rules.now_unix,
            },
            |r| r.get(0),
        )?;
    event(
        tx,
        Some(id),
        "citizen",
        "received",
        Some(new.media_kind.as_str()),
    )?;
    if let Some((_, source)) = location {
        let how = match source {
            PinSource::Held => "pin sent before the photo",
            PinSource::Album => "pin of the album's first photo",
        };
        event(tx, Some(id), "citizen", "location_added", Some(how))?;
    }
    let keyboard = if held.is_some() {
        Keyboard::Remove
    } else {
        Keyboard::AskLocation
    };
    let ack = Notice::Received {
        id,
        has_location: held.is_some(),
    };
    enqueue(tx, Some(id), citizen, &Outgoing::notice_with(ack, keyboard))?;
    Ok(SubmitOutcome::Created {
        id,
        has_location: held.is_some(),
    })
}

fn locate(
    tx: &Connection,
    chat_id: i64,
    p: GeoPoint,
    rules: IntakeRules,
    work: &LoopRules,
) -> rusqlite::Result<LocationOutcome> {
    let citizen = Destination::Chat(chat_id);
    let target: Option<(i64, Option<String>)> = tx
        .prepare_cached(
            "SELECT id, media_group_id FROM reports
              WHERE chat_id = ?1 AND latitude IS NULL AND created_unix >= ?2
              ORDER BY id DESC LIMIT 1",
        )?
        .query_row((chat_id, rules.now_unix - rules.pin_after_secs), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    match target {
        Some((id, group)) => {
            // An album is one place: the pin goes to every photo of it still without one.
            let mut stmt = tx.prepare_cached(
                "UPDATE reports SET latitude = :lat, longitude = :lon,
                        located_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
                  WHERE chat_id = :chat AND latitude IS NULL
                    AND (id = :id OR (:group IS NOT NULL AND media_group_id = :group))
                 RETURNING id, alert_message_id, work_state = 'open'",
            )?;
            let mut updated: Vec<(i64, Option<i32>, bool)> = stmt
                .query_map(
                    named_params! { ":lat": p.lat(), ":lon": p.lon(), ":chat": chat_id, ":id": id, ":group": group },
                    |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, Option<bool>>(2)?.unwrap_or(false))),
                )?
                .collect::<Result<_, _>>()?;
            updated.sort_by_key(|u| u.0);
            let mut to_staff = false;
            for (report, alert, open) in &updated {
                event(tx, Some(*report), "citizen", "location_added", None)?;
                // A graded pothole that now has a place may be one the crews already have.
                if *open
                    && let Located::Joined { original } =
                        crew::check_duplicate(tx, *report, p, work, rules.now_unix)?
                {
                    let severity: Option<String> = tx
                        .prepare_cached("SELECT severity FROM reports WHERE id = ?1")?
                        .query_row([*report], |r| r.get(0))?;
                    let notice = Notice::JoinedOpenReport {
                        own: *report,
                        original,
                        severity: severity
                            .and_then(|s| s.parse().ok())
                            .unwrap_or(Severity::Minor),
                    };
                    enqueue(tx, Some(*report), citizen, &Outgoing::notice(notice))?;
                }
                if alert.is_some() {
                    // The caption gains the map link (and a duplicate's state).
                    enqueue(
                        tx,
                        Some(*report),
                        Destination::Staff,
                        &Outgoing::AlertEdit {
                            report_id: *report,
                            menu: false,
                        },
                    )?;
                }
                // An alert still in the outbox will carry the pin itself (see `message_sent`).
                if alert.is_some() {
                    to_staff = true;
                    enqueue(
                        tx,
                        Some(*report),
                        Destination::Staff,
                        &Outgoing::AlertPin { report_id: *report },
                    )?;
                }
            }
            let ids: Vec<i64> = updated.iter().map(|(id, _, _)| *id).collect();
            let text = Outgoing::notice_with(Notice::LocationAdded { ids }, Keyboard::Remove);
            enqueue(tx, Some(id), citizen, &text)?;
            Ok(LocationOutcome::Attached { id, to_staff })
        }
        None => {
            tx.prepare_cached(
                "INSERT INTO pending_locations (chat_id, latitude, longitude, received_unix)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (chat_id) DO UPDATE SET latitude = excluded.latitude,
                    longitude = excluded.longitude, received_unix = excluded.received_unix",
            )?
            .execute((chat_id, p.lat(), p.lon(), rules.now_unix))?;
            let minutes = (rules.pin_before_secs / 60).max(1) as u64;
            let text = Outgoing::notice_with(Notice::LocationHeld { minutes }, Keyboard::Remove);
            enqueue(tx, None, citizen, &text)?;
            Ok(LocationOutcome::Held)
        }
    }
}
