//! The `reports`, `events` and `pending_locations` tables: a report's whole life, each change
//! in one transaction together with the messages it implies.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, named_params};

use super::crew::{self, Located, LoopRules};
use super::outbox::{Destination, Keyboard, Outgoing, enqueue, first_time};
use super::{Db, StoreError, event};
use crate::domain::crew_texts::WorkLine;
use crate::domain::intake_rules::{HeldPin, PhotoDecision, PhotoFacts, PinSource, decide_photo};
use crate::domain::texts::StatusLine;
use crate::domain::{DelayCause, GeoPoint, Notice, Severity, Status, Verdict, should_alert};

/// How the photo reached us.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaKind {
    /// A compressed Telegram photo.
    Photo,
    /// An image sent as a file.
    Document,
}

impl MediaKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MediaKind::Photo => "photo",
            MediaKind::Document => "document",
        }
    }
}

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

/// A report that needs grading.
#[derive(Debug, Clone)]
pub struct ReportToGrade {
    pub id: i64,
    pub chat_id: i64,
    pub media_kind: MediaKind,
    pub grade_file_id: String,
    pub attempts: u32,
    /// What the citizen's chat says about their language.
    pub language: super::chats::ChatLanguage,
}

/// The grader's view of the queue: what it may start now, and when to look again.
#[derive(Debug, Clone)]
pub struct Waiting {
    pub due: Vec<ReportToGrade>,
    /// When the earliest report still backing off becomes due.
    pub next_unix: Option<i64>,
}

/// What the model said and what it cost, ready to store.
#[derive(Debug, Clone)]
pub struct Grading {
    pub verdict: Verdict,
    pub model: String,
    pub prompt_version: u32,
    pub image_detail: String,
    pub image_bytes: usize,
    /// `None` when the server reported no usage.
    pub prompt_tokens: Option<u64>,
    pub completion_tokens: Option<u64>,
    /// `None` (NULL) when unknown: no usage, or a model without a known price.
    pub cost_usd: Option<f64>,
    /// The position in the image file's EXIF, used when the citizen sent no pin.
    pub exif_location: Option<GeoPoint>,
    /// The model was unsure (`REVIEW_BELOW_CONFIDENCE`): crews should look, not trust.
    pub needs_review: bool,
}

/// The result of storing a grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GradeOutcome {
    pub severity: Severity,
    pub alerted: bool,
}

/// A report as the courier needs it to render an alert.
#[derive(Debug, Clone)]
pub struct ReportView {
    pub id: i64,
    pub chat_id: i64,
    pub media_kind: MediaKind,
    pub file_id: String,
    pub note: Option<String>,
    pub reporter_name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub location: Option<GeoPoint>,
    pub verdict: Option<Verdict>,
    pub alert_message_id: Option<i32>,
    /// Flagged "needs a look" at grading (low confidence).
    pub needs_review: bool,
    /// The crews' work on it (potholes only).
    pub work: Option<WorkLine>,
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

    /// Reports waiting for a grade whose backoff has passed, oldest first, skipping `busy`;
    /// and when the next one still backing off becomes due. One trip to the database thread.
    pub async fn reports_to_grade(
        &self,
        now_unix: i64,
        limit: usize,
        busy: Vec<i64>,
    ) -> Result<Waiting, StoreError> {
        self.call(move |conn| {
            let mut due = Vec::new();
            if limit > 0 {
                let mut stmt = conn.prepare_cached(
                    "SELECT id, chat_id, media_kind, grade_file_id, attempts
                       FROM reports
                      WHERE status = 'received' AND next_attempt_unix <= :now
                      ORDER BY id LIMIT :limit",
                )?;
                let rows = stmt.query_map(
                    named_params! { ":now": now_unix, ":limit": (limit + busy.len()) as i64 },
                    |r| {
                        Ok(ReportToGrade {
                            id: r.get(0)?,
                            chat_id: r.get(1)?,
                            media_kind: media_kind(&r.get::<_, String>(2)?),
                            grade_file_id: r.get(3)?,
                            attempts: r.get::<_, i64>(4)? as u32,
                            language: Default::default(),
                        })
                    },
                )?;
                for row in rows {
                    let mut row = row?;
                    if !busy.contains(&row.id) && due.len() < limit {
                        // The grader asks for the reason in the citizen's language too: read
                        // it here, not in a trip of its own before every grading.
                        row.language = super::chats::chat_language(conn, row.chat_id)?;
                        due.push(row);
                    }
                }
            }
            let next_unix = conn
                .prepare_cached(
                    "SELECT MIN(next_attempt_unix) FROM reports
                      WHERE status = 'received' AND next_attempt_unix > ?1",
                )?
                .query_row([now_unix], |r| r.get(0))?;
            Ok(Waiting { due, next_unix })
        })
        .await
    }

    /// Stores a verdict with its cost, and queues the citizen's verdict and (at or above the
    /// threshold) the staff alert — one transaction, so each is sent exactly once.
    pub async fn store_grade(
        &self,
        report_id: i64,
        grading: Grading,
        rules: LoopRules,
    ) -> Result<Option<GradeOutcome>, StoreError> {
        let threshold = rules.alert_threshold;
        let changes = self.changes.clone();
        self.call(move |conn| {
            let tx = conn.transaction()?;
            let row: Option<(i64, Option<f64>, Option<f64>, String)> = tx
                .prepare_cached(
                    "SELECT chat_id, latitude, longitude, status FROM reports WHERE id = ?1",
                )?
                .query_row([report_id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })
                .optional()?;
            let Some((chat_id, mut latitude, mut longitude, status)) = row else {
                return Ok(None);
            };
            if status != Status::Received.as_str() {
                // Graded already (a second grader run after a crash): keep the first verdict.
                return Ok(None);
            }
            if let (None, Some(p)) = (latitude, grading.exif_location) {
                tx.prepare_cached("UPDATE reports SET latitude = ?2, longitude = ?3,
                            located_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?1")?.execute(
                    (report_id, p.lat(), p.lon()),
                )?;
                event(&tx, Some(report_id), "grader", "location_added", Some("from the image's EXIF GPS"))?;
                latitude = Some(p.lat());
                longitude = Some(p.lon());
            }
            let v = &grading.verdict;
            let alerted = should_alert(v.severity, threshold);
            let now = super::now_unix();
            // A pothole's deadline, reminder and follow-up are set by the same UPDATE (one
            // pass of the indexes and totals' triggers, not two).
            let schedule = rules.schedule_new(v.severity, alerted, now);
            tx.prepare_cached(
                "UPDATE reports SET status = 'graded', severity = :severity, confidence = :confidence,
                        work_state = CASE WHEN :severity IN ('minor', 'moderate', 'severe')
                                          THEN 'open' END,
                        opened_unix = :now, work_changed_unix = :now,
                        due_unix = :due, remind_unix = :remind, follow_up_unix = :follow_up,
                        work_actor = 'system',
                        depth_mm = :depth, width_mm = :width, reason = :reason, model = :model,
                        prompt_version = :pv, image_detail = :detail, image_bytes = :bytes,
                        prompt_tokens = :pt, completion_tokens = :ct, cost_usd = :cost,
                        needs_review = :review, graded_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), last_error = NULL
                  WHERE id = :id",
            )?
            .execute(named_params! {
                ":severity": v.severity.as_str(), ":confidence": v.confidence, ":depth": v.depth_mm,
                ":width": v.width_mm, ":reason": v.reason, ":model": grading.model,
                ":pv": grading.prompt_version, ":detail": grading.image_detail,
                ":bytes": grading.image_bytes as i64, ":pt": grading.prompt_tokens.map(|t| t as i64),
                ":ct": grading.completion_tokens.map(|t| t as i64), ":cost": grading.cost_usd, ":id": report_id,
                ":review": grading.needs_review, ":now": now, ":due": schedule.due,
                ":remind": schedule.remind, ":follow_up": schedule.follow_up,
            })?;
            let cost = grading.cost_usd.map_or("null".to_owned(), |c| format!("{c:.7}"));
            let detail = format!(
                r#"{{"severity":"{}","model":"{}","cost_usd":{cost}}}"#,
                v.severity,
                grading.model.replace('"', "")
            );
            event(&tx, Some(report_id), "grader", "graded", Some(&detail))?;
            super::spend::add(&tx, report_id)?;
            let mut alerted = alerted;
            let mut joined = None;
            if v.severity.is_pothole() {
                let place = match (latitude, longitude) {
                    (Some(lat), Some(lon)) => GeoPoint::parse(lat, lon),
                    _ => None,
                };
                if let Some(p) = place
                    && let Located::Joined { original } =
                        crew::check_duplicate(&tx, report_id, p, &rules, now)?
                {
                    // The same pothole as an open one: no second alert.
                    alerted = false;
                    joined = Some(original);
                }
            }
            let notice = match joined {
                Some(original) => Notice::JoinedOpenReport {
                    own: report_id,
                    original,
                    severity: v.severity,
                },
                None => Notice::Verdict {
                    id: report_id,
                    verdict: v.clone(),
                    alerted,
                    has_location: latitude.is_some(),
                },
            };
            enqueue(&tx, Some(report_id), Destination::Chat(chat_id), &Outgoing::notice(notice))?;
            if alerted {
                enqueue(
                    &tx,
                    Some(report_id),
                    Destination::Staff,
                    &Outgoing::Alert { report_id, reopened: false },
                )?;
            }
            tx.commit()?;
            // A new pothole brings due times (reminder, follow-up); the scheduler needs waking
            // only when one is earlier than what it already waits for.
            let wake = changes.wakes_scheduler(schedule.first_due());
            Ok(Some((GradeOutcome { severity: v.severity, alerted }, wake)))
        })
        .await
        .map(|done| {
            done.map(|(outcome, wake)| {
                if wake {
                    self.changes.due.notify_one();
                }
                outcome
            })
        })
    }

    /// Grading failed for a reason that may pass: try again at `next_attempt_unix`. With a
    /// `cause` to tell, the citizen is told once that grading is delayed, and why.
    pub async fn grading_postponed(
        &self,
        report_id: i64,
        next_attempt_unix: i64,
        error: String,
        tell_citizen: Option<DelayCause>,
    ) -> Result<(), StoreError> {
        self.call(move |conn| {
            let tx = conn.transaction()?;
            tx.prepare_cached("UPDATE reports SET attempts = attempts + 1, next_attempt_unix = ?2, last_error = ?3
                  WHERE id = ?1 AND status = 'received'")?.execute(
                (report_id, next_attempt_unix, &error),
            )?;
            event(&tx, Some(report_id), "grader", "grading_postponed", Some(&error))?;
            if let Some(cause) = tell_citizen {
                let chat: Option<i64> = tx
                    .query_row(
                        "UPDATE reports SET delay_notified = 1
                          WHERE id = ?1 AND delay_notified = 0 AND status = 'received' RETURNING chat_id",
                        [report_id],
                        |r| r.get(0),
                    )
                    .optional()?;
                if let Some(chat_id) = chat {
                    let notice = Notice::GradingDelayed { id: report_id, cause };
                    enqueue(&tx, Some(report_id), Destination::Chat(chat_id), &Outgoing::notice(notice))?;
                    event(&tx, Some(report_id), "grader", "citizen_told_delay", None)?;
                }
            }
            tx.commit()?;
            Ok(())
        })
        .await
    }

    /// Grading failed for good: the report is `failed`, and the citizen gets `notice`.
    pub async fn grading_failed(
        &self,
        report_id: i64,
        error: String,
        notice: Notice,
    ) -> Result<(), StoreError> {
        self.call(move |conn| {
            let tx = conn.transaction()?;
            let chat: Option<i64> = tx
                .query_row(
                    "UPDATE reports SET status = 'failed', attempts = attempts + 1, last_error = ?2
                      WHERE id = ?1 AND status = 'received' RETURNING chat_id",
                    (report_id, &error),
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(chat_id) = chat {
                event(
                    &tx,
                    Some(report_id),
                    "grader",
                    "grading_failed",
                    Some(&error),
                )?;
                enqueue(
                    &tx,
                    Some(report_id),
                    Destination::Chat(chat_id),
                    &Outgoing::notice(notice),
                )?;
            }
            tx.commit()?;
            Ok(())
        })
        .await
    }

    /// One report as the courier renders it.
    pub async fn report_view(&self, report_id: i64) -> Result<Option<ReportView>, StoreError> {
        self.call(move |conn| {
            Ok(conn
                .query_row(
                    "SELECT id, chat_id, media_kind, file_id, note, reporter_name, created_at,
                            latitude, longitude, severity, confidence, depth_mm, width_mm, reason,
                            alert_message_id, needs_review, work_state, work_actor, work_changed_unix,
                            rejected_reason, duplicate_of, due_unix,
                            1 + (SELECT COUNT(DISTINCT d.chat_id) FROM reports d
                                  WHERE d.duplicate_of = r.id AND d.work_state = 'duplicate'
                                    AND d.chat_id != r.chat_id)
                       FROM reports r WHERE id = ?1",
                    [report_id],
                    |r| {
                        let severity: Option<String> = r.get(9)?;
                        let verdict = severity.and_then(|s| s.parse().ok()).map(|sev| {
                            Verdict::new(
                                sev,
                                r.get(10).ok(),
                                r.get::<_, Option<i64>>(11).ok().flatten().map(|v| v as f64),
                                r.get::<_, Option<i64>>(12).ok().flatten().map(|v| v as f64),
                                &r.get::<_, Option<String>>(13)
                                    .ok()
                                    .flatten()
                                    .unwrap_or_default(),
                            )
                        });
                        Ok(ReportView {
                            id: r.get(0)?,
                            chat_id: r.get(1)?,
                            media_kind: media_kind(&r.get::<_, String>(2)?),
                            file_id: r.get(3)?,
                            note: r.get(4)?,
                            reporter_name: r.get(5)?,
                            created_at: parse_time(&r.get::<_, String>(6)?),
                            location: match (r.get(7)?, r.get(8)?) {
                                (Some(lat), Some(lon)) => GeoPoint::parse(lat, lon),
                                _ => None,
                            },
                            verdict,
                            alert_message_id: r.get(14)?,
                            needs_review: r.get(15)?,
                            work: match r.get::<_, Option<String>>(16)?.and_then(|s| s.parse().ok())
                            {
                                None => None,
                                Some(state) => Some(WorkLine {
                                    state,
                                    by: r.get::<_, Option<String>>(17)?.unwrap_or_default(),
                                    at: unix_time(r.get::<_, Option<i64>>(18)?.unwrap_or(0)),
                                    reason: r
                                        .get::<_, Option<String>>(19)?
                                        .and_then(|s| s.parse().ok()),
                                    duplicate_of: r.get(20)?,
                                    due: r.get::<_, Option<i64>>(21)?.map(unix_time),
                                    citizens: r.get(22)?,
                                }),
                            },
                        })
                    },
                )
                .optional()?)
        })
        .await
    }

    /// The citizen's most recent reports, newest first, for `/status`.
    pub async fn recent_reports(
        &self,
        chat_id: i64,
        limit: usize,
    ) -> Result<Vec<StatusLine>, StoreError> {
        self.call(move |conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT id, status, severity, created_at, latitude IS NOT NULL, work_state
                   FROM reports WHERE chat_id = ?1 ORDER BY id DESC LIMIT ?2",
            )?;
            let rows = stmt.query_map((chat_id, limit as i64), |r| {
                Ok(StatusLine {
                    id: r.get(0)?,
                    status: r.get::<_, String>(1)?.parse().unwrap_or(Status::Received),
                    severity: r.get::<_, Option<String>>(2)?.and_then(|s| s.parse().ok()),
                    created_at: parse_time(&r.get::<_, String>(3)?),
                    has_location: r.get(4)?,
                    work: r.get::<_, Option<String>>(5)?.and_then(|s| s.parse().ok()),
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
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

fn media_kind(s: &str) -> MediaKind {
    if s == "document" {
        MediaKind::Document
    } else {
        MediaKind::Photo
    }
}

pub(crate) fn unix_time(unix: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(unix, 0).unwrap_or_default()
}

fn parse_time(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|_| Utc::now())
}
