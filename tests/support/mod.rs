//! Test doubles shared by the integration tests and `examples/loadtest.rs`.
#![allow(dead_code)]

pub mod app;
pub mod browser;
pub mod cli;
pub mod fake_openai;
pub mod fake_telegram;
pub mod fixtures;
pub mod process;
pub mod texts;
