//! pothole-bot: citizens send a photo of a pothole to a Telegram bot; a vision model grades it
//! (minor, moderate, severe); the citizen hears back at once, and severe ones are posted to
//! the road crews' group with the photo and a map pin. Everything is logged in SQLite.
//!
//! The work flows one way, through three stages joined by SQLite rows, so a crash at any point
//! loses nothing:
//!
//! ```text
//! update ─> telegram::intake ─> [reports: received] ─> grader ─> [graded + outbox] ─> courier ─> Telegram
//! ```
//!
//! - [`config`]: settings from the environment;
//! - [`domain`]: severities, verdicts, alert rule, photo choice, cost, texts — pure;
//! - [`store`]: SQLite (its own thread), migrations, one file per table family;
//! - [`telegram`]: the Bot API boundary (handlers, sending, downloads);
//! - [`vision`]: the Chat Completions boundary and image preparation;
//! - [`http`]: the public read side for the city (map, Open311, GeoJSON, metrics, photos) and
//!   the webhook's route;
//! - [`export`]: CSV and GeoJSON of the public view, written report by report;
//! - [`grader`], [`courier`]: the two background stages; [`app`] wires it all.
//!
//! ARCHITECTURE.md at the repository root is the codemap.

pub mod app;
pub mod config;
pub mod courier;
pub mod domain;
pub mod export;
pub mod grader;
pub mod http;
pub mod scheduler;
pub mod store;
pub mod telegram;
pub mod vision;
