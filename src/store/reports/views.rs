//! What the courier, `/report` and `/status` read: one report as an alert renders it, and a
//! citizen's latest reports.

use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;

use super::super::{Db, StoreError};
use super::{MediaKind, media_kind};
use crate::domain::crew_texts::WorkLine;
use crate::domain::texts::StatusLine;
use crate::domain::{GeoPoint, Status, Verdict};

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
    /// One report as the courier renders it.
    pub async fn report_view(&self, report_id: i64) -> Result<Option<ReportView>, StoreError> {
        self.call(move |conn| {
            Ok(conn
                .prepare_cached(
                    "SELECT id, chat_id, media_kind, file_id, note, reporter_name, created_at,
                            latitude, longitude, severity, confidence, depth_mm, width_mm, reason,
                            alert_message_id, needs_review, work_state, work_actor, work_changed_unix,
                            rejected_reason, duplicate_of, due_unix,
                            1 + (SELECT COUNT(DISTINCT d.chat_id) FROM reports d
                                  WHERE d.duplicate_of = r.id AND d.work_state = 'duplicate'
                                    AND d.chat_id != r.chat_id)
                       FROM reports r WHERE id = ?1",
                )?
                .query_row([report_id], |r| {
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

pub(crate) fn unix_time(unix: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(unix, 0).unwrap_or_default()
}

fn parse_time(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|_| Utc::now())
}
