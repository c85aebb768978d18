//! Every text a citizen or a crew member reads, in the reader's language. The words live in
//! the Fluent catalogues (`locales/<code>/main.ftl`); this module picks the message, fills
//! its placeholders and puts the lines together, so the voice stays the same and tests can
//! check the promises made to people (the acknowledgement never uses a severity word; the
//! verdict always does; reports are named `#<id>`), in every language.
//!
//! One file per audience: `citizen` (acknowledgements, verdicts, refusals, `/status`) and
//! `staff` (the alert's caption, `/stats`, pop-ups, operator warnings), and `crew` for the
//! crews' loop. `render` puts a stored [`Notice`](super::Notice) into words. This file holds
//! what they share: Telegram's limits and how Telegram counts a text against them, the
//! severity words, the command menus and the map link.

mod citizen;
pub mod crew;
mod render;
mod staff;

#[cfg(test)]
mod every_language;

pub use citizen::*;
pub use render::render;
pub use staff::*;

use super::Severity;
use super::lang::{Arg, Locale};
use super::report::GeoPoint;

/// Telegram's caption limit, in characters.
pub const CAPTION_LIMIT: usize = 1024;
/// Telegram's text message limit, in characters.
pub const TEXT_LIMIT: usize = 4096;

fn id(id: i64) -> (&'static str, Arg) {
    ("id", Arg::Str(id.to_string()))
}

/// The severity word itself (`severe`, `schwer`), as in lists and `/status`.
pub fn severity_word(l: Locale, severity: Severity) -> String {
    match severity {
        Severity::Minor => l.lang.text("severity-minor", &[]),
        Severity::Moderate => l.lang.text("severity-moderate", &[]),
        Severity::Severe => l.lang.text("severity-severe", &[]),
        Severity::NotPothole => l.lang.text("status-not-pothole", &[]),
        Severity::Unclear => l.lang.text("status-unclear", &[]),
    }
}

/// "severe pothole", as a verdict names it (inflected where the language needs it).
fn pothole(l: Locale, severity: Severity) -> String {
    match severity {
        Severity::Minor => l.lang.text("severity-minor.pothole", &[]),
        Severity::Moderate => l.lang.text("severity-moderate.pothole", &[]),
        Severity::Severe => l.lang.text("severity-severe.pothole", &[]),
        other => severity_word(l, other),
    }
}

/// The description of a command in the command menu; `None` for a command not in a menu.
pub fn command_description(l: Locale, command: &str) -> Option<String> {
    let key = match command {
        "start" => "command-start",
        "help" => "command-help",
        "status" => "command-status",
        "language" => "command-language",
        "chatid" => "command-chatid",
        "stats" => "command-stats",
        "open" => "command-open",
        "report" => "command-report",
        "dup" => "command-dup",
        "export" => "command-export",
        _ => return None,
    };
    Some(l.lang.text(key, &[]))
}

/// A text's length as Telegram counts it against its limits: UTF-16 code units (an emoji is
/// two).
pub fn units(text: &str) -> usize {
    text.encode_utf16().count()
}

/// Cuts `text` to at most `max` UTF-16 code units, ending with `…` when it was cut.
pub fn fit(text: &str, max: usize) -> String {
    if units(text) <= max {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 1; // the ellipsis
    for c in text.chars() {
        used += c.len_utf16();
        if used > max {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// A link that opens the point in a map app on any phone.
pub fn map_link(p: GeoPoint) -> String {
    format!(
        "https://www.google.com/maps/search/?api=1&query={:.6},{:.6}",
        p.lat(),
        p.lon()
    )
}

/// Ends a model-written reason with a full stop unless it already has punctuation.
fn sentence(l: Locale, reason: &str) -> String {
    let r = reason.trim();
    if r.is_empty() {
        return l.lang.text("reason-missing", &[]);
    }
    let mut s = r.to_owned();
    if !s.ends_with(['.', '!', '?', '…']) {
        s.push('.');
    }
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => s,
    }
}

/// What the tests of every part render.
#[cfg(test)]
mod fixtures {
    use chrono::{DateTime, Utc};

    use super::AlertView;
    use crate::domain::{GeoPoint, Severity, Verdict};

    pub(super) fn v(sev: Severity) -> Verdict {
        Verdict::new(
            sev,
            Some(0.9),
            Some(60.0),
            Some(400.0),
            "deep hole in the right lane",
        )
    }

    pub(super) fn view<'a>(verdict: &'a Verdict, note: Option<&'a str>) -> AlertView<'a> {
        AlertView {
            id: 42,
            verdict,
            note,
            created_at: DateTime::parse_from_rfc3339("2026-11-26T08:30:00Z")
                .unwrap()
                .with_timezone(&Utc),
            location: GeoPoint::parse(52.52, 13.405),
            reporter: None,
            needs_review: false,
            work: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EN: Locale = Locale::ENGLISH;

    #[test]
    fn reasons_become_capitalised_sentences() {
        assert_eq!(sentence(EN, "wide crack"), "Wide crack.");
        assert_eq!(sentence(EN, "Is it?"), "Is it?");
        assert_eq!(sentence(EN, "  "), "No reason given.");
    }
}
