//! Reading image files for `grade` and `eval`: the bot's limits and reasons, one file at a time.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use pothole_bot::vision::VisionClient;
use pothole_bot::vision::grade::{
    GradeError, GradeOptions, MAX_FILE_BYTES, Outcome, Source, grade_bytes,
};
use tokio::sync::Semaphore;

/// Why one image was not graded.
#[derive(Debug, thiserror::Error)]
pub enum ImageFailure {
    #[error("cannot read the file: {0}")]
    Read(String),
    #[error("the file is {mb:.1} MB, over the 20 MB the bot accepts")]
    TooBig { mb: f64 },
    #[error("{0}")]
    Grade(#[from] GradeError),
    #[error("skipped after an error that every image would hit")]
    Skipped,
}

impl ImageFailure {
    /// An error of the set-up (key, URL, model name), not of this image: every other image
    /// would fail the same way, so the run stops asking.
    pub fn stops_the_run(&self) -> bool {
        matches!(self, ImageFailure::Grade(GradeError::Vision(e)) if e.needs_operator())
    }
}

/// Reads `path`, refusing files over the bot's limit before reading them.
pub async fn read(path: &Path) -> Result<Vec<u8>, ImageFailure> {
    let meta = tokio::fs::metadata(path)
        .await
        .map_err(|e| ImageFailure::Read(e.to_string()))?;
    if !meta.is_file() {
        return Err(ImageFailure::Read("not a regular file".into()));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(ImageFailure::TooBig {
            mb: meta.len() as f64 / (1024.0 * 1024.0),
        });
    }
    tokio::fs::read(path)
        .await
        .map_err(|e| ImageFailure::Read(e.to_string()))
}

/// Grades bytes read from a file the way the bot grades an image sent as a file.
pub async fn grade(
    client: &VisionClient,
    bytes: Vec<u8>,
    decode: &Semaphore,
    options: GradeOptions,
    stop: &AtomicBool,
) -> Result<Outcome, ImageFailure> {
    if stop.load(Ordering::Relaxed) {
        return Err(ImageFailure::Skipped);
    }
    let result = grade_bytes(client, bytes, Source::File, decode, options)
        .await
        .map_err(ImageFailure::from);
    if let Err(e) = &result
        && e.stops_the_run()
    {
        stop.store(true, Ordering::Relaxed);
    }
    result
}

/// Decodes at once: as many as there are cores.
pub fn decoders() -> Semaphore {
    Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get()))
}

/// A progress bar on stderr when it is a terminal; hidden otherwise (logs, pipes, tests).
pub fn progress(len: u64, what: &str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{msg} [{bar:30}] {pos}/{len} images, {elapsed} (~{eta} left)",
        )
        .expect("a valid template")
        .progress_chars("=> "),
    );
    bar.set_message(what.to_owned());
    bar
}
