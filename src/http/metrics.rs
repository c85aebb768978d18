//! `/metrics` in Prometheus text format, through the `metrics` facade and its Prometheus
//! exporter. The stages count what happens as it happens (`metrics::counter!` in the courier
//! and the grader); what the database knows (reports by severity and work state, outbox
//! depth, spend today) is read at scrape time from a read-only connection.

use std::sync::OnceLock;

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use super::HttpState;
use crate::domain::Severity;
use crate::domain::public::WorkState;
use crate::store;

/// Grading time, seconds: model answer plus download.
pub const GRADING_SECONDS: &str = "pothole_grading_seconds";
/// 429 Too Many Requests answers from the Bot API.
pub const TELEGRAM_429: &str = "pothole_telegram_429_total";
/// Vision API failures, labelled by `kind`.
pub const VISION_ERRORS: &str = "pothole_vision_errors_total";
const REPORTS: &str = "pothole_reports";
const OUTBOX: &str = "pothole_outbox_pending";
const SPEND: &str = "pothole_spend_today_usd";

/// The process's Prometheus recorder (the `metrics` facade has one global recorder).
#[derive(Clone)]
pub struct Metrics {
    handle: PrometheusHandle,
}

impl Metrics {
    /// Installs the recorder the first time; later calls share it.
    pub fn global() -> Metrics {
        static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
        let handle = HANDLE.get_or_init(|| {
            let recorder = PrometheusBuilder::new()
                .set_buckets_for_metric(
                    Matcher::Full(GRADING_SECONDS.into()),
                    &[0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 15.0, 30.0, 60.0, 120.0],
                )
                .expect("grading buckets are not empty")
                .set_buckets_for_metric(
                    Matcher::Full(store::DB_SYNC_SECONDS.into()),
                    &[
                        0.0005, 0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.25, 1.0,
                    ],
                )
                .expect("sync buckets are not empty")
                .set_buckets_for_metric(
                    Matcher::Full(store::DB_BATCH_SECONDS.into()),
                    &[0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5],
                )
                .expect("batch buckets are not empty")
                .build_recorder();
            let handle = recorder.handle();
            // Another recorder (a test harness) may be installed already: then ours only
            // renders what we set on it at scrape time.
            let _ = metrics::set_global_recorder(recorder);
            metrics::describe_histogram!(
                GRADING_SECONDS,
                metrics::Unit::Seconds,
                "Time to grade a report: photo download plus the vision model's answer."
            );
            metrics::describe_counter!(TELEGRAM_429, "Bot API answers 429 Too Many Requests.");
            metrics::describe_counter!(store::DB_JOBS, "Jobs run by the database thread.");
            metrics::describe_histogram!(
                store::DB_BATCH_SECONDS,
                metrics::Unit::Seconds,
                "Time the database thread ran one batch of jobs, without its fsync."
            );
            metrics::describe_histogram!(
                store::DB_SYNC_SECONDS,
                metrics::Unit::Seconds,
                "Time of one fsync of the WAL (one per batch that wrote)."
            );
            metrics::describe_counter!(VISION_ERRORS, "Vision API failures, by kind.");
            metrics::describe_gauge!(REPORTS, "Graded potholes by severity and work state.");
            metrics::describe_gauge!(OUTBOX, "Messages waiting in the outbox.");
            metrics::describe_gauge!(SPEND, "Dollars spent on grading since 00:00 UTC.");
            metrics::counter!(TELEGRAM_429).absolute(0);
            handle
        });
        Metrics {
            handle: handle.clone(),
        }
    }
}

pub(super) async fn render(State(state): State<HttpState>) -> Response {
    let Some(metrics) = state.metrics else {
        return (StatusCode::NOT_FOUND, "metrics are off\n").into_response();
    };
    let now = chrono::Utc::now().timestamp();
    let day_start = now - now.rem_euclid(86_400);
    match state.reader.public_counts(day_start).await {
        Ok(counts) => {
            for severity in [Severity::Minor, Severity::Moderate, Severity::Severe] {
                for state in WorkState::ALL {
                    let n = counts
                        .by_severity_and_state
                        .iter()
                        .find(|(s, w, _)| *s == severity && *w == state)
                        .map_or(0, |(_, _, n)| *n);
                    metrics::gauge!(REPORTS, "severity" => severity.as_str(), "work_state" => state.as_str())
                        .set(n as f64);
                }
            }
            metrics::gauge!(OUTBOX).set(counts.outbox_pending as f64);
            metrics::gauge!(SPEND).set(counts.spent_today_usd);
        }
        Err(e) => tracing::warn!("metrics: cannot read the database: {e}"),
    }
    metrics.handle.run_upkeep();
    (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        metrics.handle.render(),
    )
        .into_response()
}
