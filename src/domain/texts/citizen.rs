//! What a citizen reads: the help, the acknowledgement of a photo, the verdict, the delays
//! and refusals, `/language` and `/status`.

use chrono::{DateTime, Utc};

use super::crew as ct;
use super::{id, pothole, sentence, severity_word};
use crate::domain::lang::{Arg, Lang, Locale};
use crate::domain::notice::DelayCause;
use crate::domain::report::Status;
use crate::domain::work::WorkState;
use crate::domain::{Severity, Verdict};

/// The label of the one-tap "share location" keyboard button.
pub fn share_location_button(l: Locale) -> String {
    l.lang.text("share-location-button", &[])
}

/// `/start` and `/help`.
pub fn help(l: Locale) -> String {
    l.lang.text("citizen-help", &[])
}

/// The immediate answer to a photo. Uses none of the severity words.
pub fn received(l: Locale, report: i64, has_location: bool) -> String {
    let key = if has_location {
        "received-with-location"
    } else {
        "received-without-location"
    };
    l.lang.text(key, &[id(report)])
}

/// A pin that attached to earlier reports (several when they came as one album).
pub fn location_added(l: Locale, ids: &[i64]) -> String {
    let list = ids
        .iter()
        .map(|id| format!("#{id}"))
        .collect::<Vec<_>>()
        .join(", ");
    l.lang.text(
        "location-added",
        &[
            ("ids", list.into()),
            ("count", Arg::Count(ids.len() as i64)),
        ],
    )
}

/// A pin with no report to attach to: held for the next photo.
pub fn location_held(l: Locale, window_minutes: u64) -> String {
    l.lang.text(
        "location-held",
        &[("minutes", Arg::Count(window_minutes as i64))],
    )
}

/// The verdict for the citizen, with the model's reason in their language when the model gave
/// it in that language, else in the staff language.
pub fn verdict(
    l: Locale,
    report: i64,
    verdict: &Verdict,
    alerted: bool,
    has_location: bool,
) -> String {
    let reason = match &verdict.citizen_reason {
        Some(local) if local.lang == l.lang.code() => &local.text,
        _ => &verdict.reason,
    };
    let reason = sentence(l, reason);
    let lines: Vec<String> = match verdict.severity {
        Severity::NotPothole => vec![
            l.lang.text("verdict-not-pothole", &[id(report)]),
            reason,
            l.lang.text("verdict-not-pothole-hint", &[]),
        ],
        Severity::Unclear => vec![
            l.lang.text("verdict-unclear", &[id(report)]),
            reason,
            l.lang.text("verdict-unclear-hint", &[]),
        ],
        sev => {
            let mut lines = vec![
                l.lang.text(
                    "verdict-pothole",
                    &[id(report), ("pothole", pothole(l, sev).into())],
                ),
                reason,
                if alerted {
                    l.lang.text("verdict-alerted", &[])
                } else {
                    l.lang.text("verdict-logged", &[])
                },
            ];
            if !has_location {
                lines.push(l.lang.text("verdict-ask-location", &[]));
            }
            lines
        }
    };
    lines.join("\n")
}

/// Told once per report when grading is held up: what is happening, and when the citizen
/// will hear back.
pub fn grading_delayed(l: Locale, report: i64, cause: DelayCause) -> String {
    match cause {
        DelayCause::ModelDown => l.lang.text("grading-delayed-model-down", &[id(report)]),
        DelayCause::DailyBudget { resumes_at } => l.lang.text(
            "grading-delayed-budget",
            &[
                id(report),
                ("time", l.lang.datetime(resumes_at, l.tz, false).into()),
            ],
        ),
        DelayCause::Quota => l.lang.text("grading-delayed-quota", &[id(report)]),
    }
}

/// The report can never be graded automatically.
pub fn grading_failed(l: Locale, report: i64) -> String {
    l.lang.text("grading-failed", &[id(report)])
}

/// The downloaded image could not be read.
pub fn unreadable_image(l: Locale, report: i64) -> String {
    l.lang.text("unreadable-image", &[id(report)])
}

/// An image file whose header claims more pixels than we agree to decode.
pub fn image_too_large(l: Locale, report: i64) -> String {
    l.lang.text("image-too-large", &[id(report)])
}

/// Said directly (not queued) when a message could not even be stored: send it again.
pub fn intake_failed(l: Locale) -> String {
    l.lang.text("intake-failed", &[])
}

/// Anything that is not a photo, file, pin or command in a private chat.
pub fn send_a_photo(l: Locale) -> String {
    l.lang.text("send-a-photo", &[])
}

/// An unknown command.
pub fn unknown_command(l: Locale) -> String {
    l.lang.text("unknown-command", &[])
}

/// A file that is not a JPEG, PNG or WebP image.
pub fn not_an_image(l: Locale) -> String {
    l.lang.text("not-an-image", &[])
}

/// An image file over the Bot API's 20 MB download limit.
pub fn file_too_large(l: Locale) -> String {
    l.lang.text("file-too-large", &[])
}

/// An iPhone HEIC/HEIF file.
pub fn heic_not_supported(l: Locale) -> String {
    l.lang.text("heic-not-supported", &[])
}

/// An edited message.
pub fn edits_ignored(l: Locale) -> String {
    l.lang.text("edits-ignored", &[])
}

/// The citizen reached the hourly report limit.
pub fn rate_limited(l: Locale, per_hour: u32) -> String {
    l.lang.text(
        "rate-limited",
        &[("count", Arg::Count(i64::from(per_hour)))],
    )
}

/// The same photo was sent before: by this citizen (`yours`), or by someone else (a forward).
pub fn duplicate_photo(l: Locale, report: i64, yours: bool) -> String {
    let key = if yours {
        "duplicate-photo-yours"
    } else {
        "duplicate-photo-others"
    };
    l.lang.text(key, &[id(report)])
}

/// The bot was added to a group that is not the staff chat, or is written to there.
pub fn private_only(l: Locale, bot_username: &str) -> String {
    l.lang.text("private-only", &[("bot", bot_username.into())])
}

/// `/language`: the question above one button per language.
pub fn language_choose(l: Locale) -> String {
    l.lang.text("language-choose", &[])
}

/// A language's button: its own name, whoever reads it.
pub fn language_button(lang: Lang) -> String {
    lang.name()
}

/// The answer once a citizen picked a language, in that language.
pub fn language_chosen(l: Locale) -> String {
    l.lang.text("language-chosen", &[])
}

/// The model would not judge the photo (a refusal or the content filter).
pub fn not_judged(l: Locale, report: i64) -> String {
    let reason = l.lang.text("reason-not-judged", &[]);
    let v = Verdict::new(Severity::Unclear, None, None, None, &reason);
    verdict(l, report, &v, false, true)
}

/// One line of `/status`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StatusLine {
    pub id: i64,
    pub status: Status,
    pub severity: Option<Severity>,
    /// The crews' work on it (potholes only).
    #[serde(default)]
    pub work: Option<WorkState>,
    pub created_at: DateTime<Utc>,
    pub has_location: bool,
}

/// `/status`: the citizen's recent reports, newest first ("#12 · severe · crew on it · 2 days").
pub fn status_list(l: Locale, lines: &[StatusLine], now: Option<DateTime<Utc>>) -> String {
    if lines.is_empty() {
        return l.lang.text("status-empty", &[]);
    }
    let mut text = l.lang.text("status-header", &[]);
    for line in lines {
        let word = |sev| ("severity", Arg::Str(severity_word(l, sev)));
        let state = match (line.status, line.severity, line.work) {
            (_, Some(sev), Some(work)) => match now {
                Some(now) => format!(
                    "{} · {} · {}",
                    severity_word(l, sev),
                    ct::state_words(l, work),
                    ct::age(l, (now - line.created_at).num_seconds())
                ),
                None => format!("{} · {}", severity_word(l, sev), ct::state_words(l, work)),
            },
            (Status::Received, _, _) | (_, None, _) => l.lang.text("status-grading", &[]),
            (Status::Failed, _, _) => l.lang.text("status-failed", &[]),
            (_, Some(Severity::NotPothole), _) => l.lang.text("status-not-pothole", &[]),
            (_, Some(Severity::Unclear), _) => l.lang.text("status-unclear", &[]),
            (Status::Alerted, Some(sev), _) => l.lang.text("status-alerted", &[word(sev)]),
            (_, Some(sev), _) => l.lang.text("status-logged", &[word(sev)]),
        };
        let pin = if line.has_location {
            l.lang.text("status-pin", &[])
        } else {
            l.lang.text("status-no-pin", &[])
        };
        text.push('\n');
        text.push_str(&l.lang.text(
            "status-line",
            &[
                id(line.id),
                ("state", state.into()),
                ("pin", pin.into()),
                ("date", l.lang.datetime(line.created_at, l.tz, false).into()),
            ],
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::v;
    use super::*;

    const EN: Locale = Locale::ENGLISH;

    #[test]
    fn a_duplicate_photo_is_explained_differently_to_its_reporter_and_to_others() {
        assert!(duplicate_photo(EN, 9, true).contains("already report #9"));
        let other = duplicate_photo(EN, 9, false);
        assert!(other.contains("#9") && other.contains("Someone"), "{other}");
        assert!(
            !other.contains("/status"),
            "their /status would not list it"
        );
    }

    const WORDS: [&str; 3] = ["minor", "moderate", "severe"];

    #[test]
    fn the_acknowledgement_never_uses_a_severity_word() {
        for has_location in [true, false] {
            let text = received(EN, 42, has_location).to_lowercase();
            assert!(text.contains("#42"));
            for w in WORDS {
                assert!(!text.contains(w), "{text:?} contains {w}");
            }
        }
    }

    #[test]
    fn every_pothole_verdict_names_its_severity_word_and_the_report() {
        for sev in [Severity::Minor, Severity::Moderate, Severity::Severe] {
            let text = verdict(EN, 7, &v(sev), sev == Severity::Severe, true);
            assert!(text.contains("#7"));
            assert!(text.contains(sev.as_str()));
            assert!(text.contains("Deep hole in the right lane."));
        }
    }

    #[test]
    fn the_verdict_says_what_happens_next() {
        assert!(
            verdict(EN, 1, &v(Severity::Severe), true, true).contains("crews have been alerted")
        );
        assert!(verdict(EN, 1, &v(Severity::Minor), false, true).contains("logged"));
        assert!(verdict(EN, 1, &v(Severity::Minor), false, false).contains("location pin"));
    }

    #[test]
    fn non_verdicts_explain_what_photo_to_send_instead() {
        let text = verdict(EN, 3, &v(Severity::NotPothole), false, true);
        assert!(text.contains("doesn't look like a pothole") && text.contains("closer photo"));
        let text = verdict(EN, 3, &v(Severity::Unclear), false, true);
        assert!(text.contains("couldn't judge") && text.contains("sharper photo"));
        for w in WORDS {
            assert!(!text.contains(w));
        }
    }

    #[test]
    fn status_lists_reports_with_their_grade_and_state() {
        let at = Utc::now();
        let text = status_list(
            EN,
            &[
                StatusLine {
                    id: 9,
                    status: Status::Alerted,
                    severity: Some(Severity::Severe),
                    work: None,
                    created_at: at,
                    has_location: true,
                },
                StatusLine {
                    id: 8,
                    status: Status::Received,
                    severity: None,
                    work: None,
                    created_at: at,
                    has_location: false,
                },
            ],
            Some(at),
        );
        assert!(text.contains("#9 · severe, sent to the road crews"));
        assert!(text.contains("#8 · being graded · no location"));
        assert!(status_list(EN, &[], Some(at)).contains("haven't sent"));
    }

    #[test]
    fn a_pin_for_an_album_names_every_report() {
        assert_eq!(
            location_added(EN, &[4]),
            "📍 Location added to report #4. Thank you!"
        );
        assert_eq!(
            location_added(EN, &[4, 5]),
            "📍 Location added to reports #4, #5. Thank you!"
        );
    }

    #[test]
    fn an_image_too_large_to_open_names_the_report_and_says_to_send_a_photo() {
        let text = image_too_large(EN, 12);
        assert!(
            text.contains("#12") && text.contains("send it as a photo"),
            "{text}"
        );
    }

    #[test]
    fn status_shows_the_crews_work_state_and_age() {
        let now = Utc::now();
        let line = |work| StatusLine {
            id: 12,
            status: Status::Alerted,
            severity: Some(Severity::Severe),
            work,
            created_at: now - chrono::Duration::days(2),
            has_location: true,
        };
        let text = status_list(EN, &[line(Some(WorkState::Acknowledged))], Some(now));
        assert!(
            text.contains("#12 · severe · crew on it · 2 days"),
            "{text}"
        );
        assert!(
            status_list(EN, &[line(Some(WorkState::Fixed))], Some(now)).contains("severe · fixed")
        );
        assert!(
            status_list(EN, &[line(None)], Some(now)).contains("severe, sent to the road crews")
        );
    }

    #[test]
    fn a_citizens_own_reason_replaces_the_staff_one_in_their_verdict() {
        let es = Locale::from(Lang::from_code("es").unwrap());
        let local = v(Severity::Severe).with_citizen_reason("es", "agujero profundo");
        let text = verdict(es, 7, &local, true, true);
        assert!(text.contains("Agujero profundo."), "{text}");
        assert!(!text.contains("Deep hole"), "{text}");
        // Read in another language (the citizen switched meanwhile): the staff reason.
        let de = Locale::from(Lang::from_code("de").unwrap());
        assert!(verdict(de, 7, &local, true, true).contains("Deep hole"));
    }
}
