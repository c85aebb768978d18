//! What the bot should say, rendered from the catalogues the way the bot renders it, so tests
//! assert "the verdict message" and not a particular English sentence.

use pothole_bot::domain::{Lang, Locale, Severity, Verdict, texts};

use super::app::report_number;
use super::fake_telegram::Sent;

/// The locale of a catalogue code (`"pt"`), times in UTC as in the test bot.
pub fn locale(code: &str) -> Locale {
    Locale::from(Lang::from_code(code).unwrap_or_else(|| panic!("no catalogue {code}")))
}

/// English, the default and staff language of the test bot.
pub fn en() -> Locale {
    Locale::ENGLISH
}

/// The report number of a message, if it names one.
fn report(s: &Sent) -> Option<i64> {
    report_number(s.text_str())
}

/// An acknowledgement of a new report in `l` (with or without a pin).
pub fn is_ack_in(s: &Sent, l: Locale) -> bool {
    s.method == "sendmessage"
        && report(s).is_some_and(|id| {
            s.text_str() == texts::received(l, id, true)
                || s.text_str() == texts::received(l, id, false)
        })
}

/// The first line of every verdict `l` can give report `id`.
fn verdict_heads(l: Locale, id: i64) -> Vec<String> {
    Severity::ALL
        .iter()
        .map(|sev| {
            let v = Verdict::new(*sev, None, None, None, "");
            let text = texts::verdict(l, id, &v, false, true);
            text.lines().next().unwrap_or_default().to_owned()
        })
        .collect()
}

/// A verdict for a report, in `l`.
pub fn is_verdict_in(s: &Sent, l: Locale) -> bool {
    s.method == "sendmessage"
        && report(s).is_some_and(|id| {
            let first = s.text_str().lines().next().unwrap_or_default();
            verdict_heads(l, id).iter().any(|h| h == first)
        })
}

/// A verdict in English.
pub fn is_verdict(s: &Sent) -> bool {
    is_verdict_in(s, en())
}

/// An acknowledgement in English.
pub fn is_ack(s: &Sent) -> bool {
    is_ack_in(s, en())
}

/// The first line of the verdict for report `id` graded `severity`, in `l`.
pub fn verdict_head(l: Locale, id: i64, severity: Severity) -> String {
    let v = Verdict::new(severity, None, None, None, "");
    let text = texts::verdict(l, id, &v, false, true);
    text.lines().next().unwrap_or_default().to_owned()
}

/// Whether `s` is the verdict for report `id` graded `severity`, in English.
pub fn is_verdict_of(s: &Sent, id: i64, severity: Severity) -> bool {
    s.method == "sendmessage"
        && s.text_str().lines().next() == Some(verdict_head(en(), id, severity).as_str())
}
