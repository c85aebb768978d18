//! What the grader reads and writes: the queue of reports waiting for a grade, and each
//! outcome (a verdict with its notices, a postponement, a failure) in one transaction.

use rusqlite::{OptionalExtension, named_params};

use super::super::crew::{self, Located, LoopRules};
use super::super::outbox::{Destination, Outgoing, enqueue};
use super::super::{Db, StoreError, event};
use super::{MediaKind, media_kind};
use crate::domain::{DelayCause, GeoPoint, Notice, Severity, Status, Verdict, should_alert};

/// A report that needs grading.
#[derive(Debug, Clone)]
pub struct ReportToGrade {
    pub id: i64,
    pub chat_id: i64,
    pub media_kind: MediaKind,
    pub grade_file_id: String,
    pub attempts: u32,
    /// What the citizen's chat says about their language.
    pub language: super::super::chats::ChatLanguage,
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

/// Reports waiting for a grade whose backoff has passed (see [`Db::reports_to_grade`]).
pub(in crate::store) const DUE_TO_GRADE: &str =
    "SELECT id, chat_id, media_kind, grade_file_id, attempts
       FROM reports
      WHERE status = 'received' AND next_attempt_unix <= :now
      ORDER BY id LIMIT :limit";

impl Db {
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
                let mut stmt = conn.prepare_cached(DUE_TO_GRADE)?;
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
                        row.language = super::super::chats::chat_language(conn, row.chat_id)?;
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
            let now = super::super::now_unix();
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
            super::super::spend::add(&tx, report_id)?;
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
}
