//! From image bytes to a verdict: the one path the bot's grader, `pothole-bot grade` and
//! `pothole-bot eval` all take — the same preparation, prompt, schema and client.

use tokio::sync::Semaphore;

use super::image::{self, ImageError};
use super::{Graded, VisionClient, VisionError};
use crate::domain::{GeoPoint, ImageDetail, Severity};

/// Largest image file accepted, in bytes: the Bot API's download limit, so a file the bot
/// could never receive is not graded by the command line either.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;

/// What the bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A Telegram photo size, already chosen for the detail: sent as it is after a header
    /// check.
    Photo,
    /// An image file (a document, or a file on disk): decoded with limits, turned upright,
    /// and scaled down to what the detail can use.
    File,
}

/// How to grade.
#[derive(Debug, Clone, Copy, Default)]
pub struct GradeOptions {
    /// `RETRY_UNCLEAR_AT_HIGH` (and the budget allows it): an `unclear` verdict at `low`
    /// detail is asked once more at `high`.
    pub retry_unclear_at_high: bool,
    /// The languages of the reason: the staff's, and the citizen's when it differs.
    pub langs: super::ReasonLanguages,
}

/// A verdict and everything worth recording about how it was reached.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The verdict that counts (the high-detail one after a retry). Its tokens and cost are
    /// the sums over both calls.
    pub graded: Graded,
    /// The detail of the call whose verdict counts.
    pub detail: ImageDetail,
    /// Bytes uploaded for that call.
    pub image_bytes: usize,
    pub width: u32,
    pub height: u32,
    /// The EXIF position of a file, if any.
    pub gps: Option<GeoPoint>,
    /// True when an unclear low-detail verdict was asked again at high detail.
    pub retried_at_high: bool,
}

/// Why no verdict came out.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GradeError {
    #[error("image: {0}")]
    Image(#[from] ImageError),
    #[error(transparent)]
    Vision(#[from] VisionError),
}

/// Prepares `bytes` and grades them with `client`. Decoding (files only) runs on the
/// blocking pool, one at a time under `decode`, since big files are CPU- and memory-heavy.
pub async fn grade_bytes(
    client: &VisionClient,
    bytes: Vec<u8>,
    source: Source,
    decode: &Semaphore,
    options: GradeOptions,
) -> Result<Outcome, GradeError> {
    let detail = client.detail();
    let retry = options.retry_unclear_at_high && detail == ImageDetail::Low;
    // A file prepared for `low` is scaled down; the retry needs the original again.
    let original = (retry && source == Source::File).then(|| bytes.clone());
    let prepared = prepare(bytes, source, detail, decode).await?;
    let first = client.grade_in(&prepared, options.langs).await?;
    let mut outcome = Outcome {
        detail,
        image_bytes: prepared.bytes.len(),
        width: prepared.width,
        height: prepared.height,
        gps: prepared.gps,
        graded: first,
        retried_at_high: false,
    };
    if !(retry && outcome.graded.verdict.severity == Severity::Unclear) {
        return Ok(outcome);
    }
    let high = client.at_detail(ImageDetail::High);
    let prepared = match original {
        Some(bytes) => prepare(bytes, source, ImageDetail::High, decode).await?,
        None => prepared,
    };
    let second = high.grade_in(&prepared, options.langs).await?;
    tracing::info!(
        first = %outcome.graded.verdict.severity,
        second = %second.verdict.severity,
        "unclear at low detail, asked again at high"
    );
    let first = std::mem::replace(&mut outcome.graded, second);
    let sum = |a: Option<u64>, b: Option<u64>| Some(a? + b?);
    outcome.graded.prompt_tokens = sum(first.prompt_tokens, outcome.graded.prompt_tokens);
    outcome.graded.completion_tokens =
        sum(first.completion_tokens, outcome.graded.completion_tokens);
    outcome.graded.cost_usd = match (first.cost_usd, outcome.graded.cost_usd) {
        (Some(a), Some(b)) => Some(a + b),
        _ => None,
    };
    outcome.graded.latency += first.latency;
    outcome.detail = ImageDetail::High;
    outcome.image_bytes = prepared.bytes.len();
    outcome.width = prepared.width;
    outcome.height = prepared.height;
    outcome.retried_at_high = true;
    Ok(outcome)
}

async fn prepare(
    bytes: Vec<u8>,
    source: Source,
    detail: ImageDetail,
    decode: &Semaphore,
) -> Result<image::PreparedImage, ImageError> {
    match source {
        Source::Photo => image::prepare_photo(bytes),
        Source::File => {
            let _permit = decode.acquire().await.expect("never closed");
            tokio::task::spawn_blocking(move || image::prepare(bytes, detail))
                .await
                .map_err(|e| ImageError::Corrupt(e.to_string()))?
        }
    }
}
