//! The same promises in every language, and Telegram's limits: every text the bot renders,
//! with the longest arguments it can get, in every catalogue.

use chrono::Utc;

use super::crew as ct;
use super::fixtures::{v, view};
use super::*;
use crate::domain::lang::{Lang, Locale};
use crate::domain::notice::{DelayCause, Notice, OperatorWarning};
use crate::domain::report::{GeoPoint, Status};
use crate::domain::work::WorkState;
use crate::domain::{Severity, Verdict};

/// Whether a word of `text` begins with `word` (so an inflected "schweres" names
/// "schwer", and "ligging" is not "lig").
fn names(text: &str, word: &str) -> bool {
    let word = word.to_lowercase();
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| !w.is_empty() && w.starts_with(&word))
}

fn grades() -> [Severity; 3] {
    [Severity::Minor, Severity::Moderate, Severity::Severe]
}

fn every_locale() -> Vec<Locale> {
    Lang::all().map(Locale::from).collect()
}

#[test]
fn each_catalogue_declares_three_different_severity_words() {
    for l in every_locale() {
        let words: Vec<_> = grades().map(|s| severity_word(l, s)).into();
        for (i, w) in words.iter().enumerate() {
            assert!(!w.trim().is_empty(), "{:?}: empty severity word", l.lang);
            for other in &words[i + 1..] {
                assert!(
                    !names(other, w) && !names(w, other),
                    "{:?}: {words:?}",
                    l.lang
                );
            }
        }
    }
}

#[test]
fn in_every_language_the_acknowledgement_uses_no_severity_word() {
    for l in every_locale() {
        for has_location in [true, false] {
            let text = received(l, 42, has_location);
            assert!(text.contains("#42"), "{text}");
            for sev in grades() {
                let word = severity_word(l, sev);
                assert!(!names(&text, &word), "{:?}: {text:?} uses {word:?}", l.lang);
            }
        }
    }
}

#[test]
fn in_every_language_the_verdict_names_its_severity_word_and_the_report() {
    for l in every_locale() {
        for sev in grades() {
            for (alerted, located) in [(true, true), (false, false)] {
                let text = verdict(l, 7, &v(sev), alerted, located);
                assert!(text.contains("#7"), "{text}");
                let word = severity_word(l, sev);
                assert!(names(&text, &word), "{:?}: {text:?} lacks {word:?}", l.lang);
            }
            let caption = alert_caption(l, &view(&v(sev), None));
            assert!(names(&caption, &severity_word(l, sev)), "{caption}");
            assert!(caption.contains("#42"), "{caption}");
        }
    }
}

#[test]
fn in_every_language_a_non_verdict_and_a_closure_use_no_severity_word() {
    for l in every_locale() {
        let plain = |sev| Verdict::new(sev, None, None, None, "hard to say");
        use crate::domain::work::{RejectReason, WorkAction};
        let mut texts = vec![
            verdict(l, 3, &plain(Severity::NotPothole), false, true),
            verdict(l, 3, &plain(Severity::Unclear), false, true),
            ct::reopened_by_citizen(l, 3),
            ct::follow_up_question(l, 3),
        ];
        // What the citizen hears about the crews' work.
        for action in [WorkAction::Take, WorkAction::MakeSafe, WorkAction::Fix]
            .into_iter()
            .chain(RejectReason::ALL.map(|reason| WorkAction::Reject { reason }))
        {
            texts.push(ct::citizen_update(l, 3, 3, action));
        }
        for text in texts {
            assert!(text.contains("#3"), "{text}");
            for sev in grades() {
                let word = severity_word(l, sev);
                assert!(!names(&text, &word), "{:?}: {text:?} uses {word:?}", l.lang);
            }
        }
    }
}

/// Where Telegram shows a text, and its limit there (in UTF-16 code units, as Telegram
/// counts, which is never fewer than characters).
enum Shown {
    Message,
    Caption,
    PopUp,
    Button,
}

/// Every text the bot renders, with the longest arguments it can get.
fn worst_case(l: Locale) -> Vec<(Shown, String)> {
    use Shown::*;
    let big = i64::MAX;
    let long_reason = "w".repeat(crate::domain::verdict::MAX_REASON_CHARS);
    let name = "N".repeat(300);
    let note = "n".repeat(1024);
    let line = |status, severity| StatusLine {
        id: big,
        status,
        severity,
        work: None,
        created_at: Utc::now(),
        has_location: false,
    };
    let counts = ReportCounts {
        total: big,
        severe: big,
        moderate: big,
        minor: big,
        not_pothole: big,
        unclear: big,
        waiting: big,
        failed: big,
        fixed: big,
        rejected: big,
    };
    let mut out = vec![
        (Message, help(l)),
        (Message, received(l, big, true)),
        (Message, received(l, big, false)),
        (Message, location_added(l, &[big; 10])),
        (Message, location_added(l, &[big])),
        (Message, location_held(l, u64::from(u32::MAX))),
        (Message, grading_delayed(l, big, DelayCause::ModelDown)),
        (Message, grading_delayed(l, big, DelayCause::Quota)),
        (
            Message,
            grading_delayed(
                l,
                big,
                DelayCause::DailyBudget {
                    resumes_at: Utc::now(),
                },
            ),
        ),
        (Message, not_judged(l, big)),
        (Message, grading_failed(l, big)),
        (Message, unreadable_image(l, big)),
        (Message, image_too_large(l, big)),
        (Message, intake_failed(l)),
        (Message, send_a_photo(l)),
        (Message, unknown_command(l)),
        (Message, not_an_image(l)),
        (Message, file_too_large(l)),
        (Message, heic_not_supported(l)),
        (Message, edits_ignored(l)),
        (Message, rate_limited(l, u32::MAX)),
        (Message, rate_limited(l, 1)),
        (Message, duplicate_photo(l, big, true)),
        (Message, duplicate_photo(l, big, false)),
        (Message, private_only(l, &"b".repeat(32))),
        (Message, staff_help(l)),
        (Message, staff_welcome(l)),
        (Message, chat_id(l, i64::MIN, Some(i32::MAX))),
        (Message, chat_id(l, i64::MIN, None)),
        (
            Message,
            stats(
                l,
                &StaffStats {
                    today: counts,
                    week: counts,
                    cost_today_usd: 1e12,
                    cost_week_usd: 1e12,
                },
            ),
        ),
        (Message, status_list(l, &[], None)),
        (Message, language_choose(l)),
        (Message, language_chosen(l)),
        (
            Message,
            operator_warning(
                l,
                &OperatorWarning::BudgetReached {
                    spent_usd: 1e9,
                    budget_usd: 1e9,
                    resumes_at: Utc::now(),
                },
            ),
        ),
        (
            Message,
            operator_warning(
                l,
                &OperatorWarning::QuotaExceeded {
                    error: "x".repeat(1000),
                },
            ),
        ),
        (
            Message,
            operator_warning(
                l,
                &OperatorWarning::VisionRefused {
                    error: "x".repeat(1000),
                },
            ),
        ),
        (PopUp, alert_already_closed(l, big)),
        (PopUp, staff_button_refused(l)),
        (PopUp, language_chosen(l)),
        (Button, share_location_button(l)),
        (Button, language_button(l.lang)),
    ];
    let statuses = [
        line(Status::Received, None),
        line(Status::Failed, None),
        line(Status::Alerted, Some(Severity::Moderate)),
        line(Status::Graded, Some(Severity::NotPothole)),
        line(Status::Graded, Some(Severity::Unclear)),
        line(Status::Graded, Some(Severity::Minor)),
    ];
    // /status lists at most five reports; ten leaves room.
    out.push((
        Message,
        status_list(l, &[statuses.clone(), statuses][..].concat()[..10], None),
    ));
    for sev in Severity::ALL {
        let verdict_ = Verdict::new(sev, Some(1.0), Some(2000.0), Some(20000.0), &long_reason)
            .with_citizen_reason(l.lang.code(), &long_reason);
        for (alerted, located) in [(true, false), (false, false)] {
            out.push((Message, verdict(l, big, &verdict_, alerted, located)));
        }
        let mut a = view(&verdict_, Some(&note));
        a.id = big;
        a.reporter = Some(&name);
        a.needs_review = true;
        out.push((Caption, alert_caption(l, &a)));
    }
    for cmd in [
        "start", "help", "status", "language", "chatid", "stats", "open", "report", "dup", "export",
    ] {
        out.push((Button, command_description(l, cmd).unwrap()));
    }
    out.extend(crew_worst_case(l));
    out
}

/// The crews' loop's texts, with the longest arguments they can get.
fn crew_worst_case(l: Locale) -> Vec<(Shown, String)> {
    use crate::domain::work::{Refusal, RejectReason, WorkAction};
    use Shown::*;
    let big = i64::MAX;
    let now = Utc::now();
    let long_ago = now - chrono::Duration::days(400);
    let name = "N".repeat(64);
    let mut out = Vec::new();
    for b in ct::Button::ALL {
        out.push((Button, ct::button(l, b)));
    }
    let reasons = RejectReason::ALL;
    for r in reasons {
        out.push((Button, ct::reason_button(l, r)));
    }
    let mut actions = vec![
        WorkAction::Take,
        WorkAction::MakeSafe,
        WorkAction::Fix,
        WorkAction::Reopen,
        WorkAction::MarkDuplicate { of: big },
    ];
    actions.extend(reasons.map(|reason| WorkAction::Reject { reason }));
    for action in &actions {
        out.push((Message, ct::citizen_update(l, big, big - 1, *action)));
        out.push((Message, ct::citizen_update(l, big, big, *action)));
        out.push((PopUp, ct::action_done(l, big, *action)));
    }
    let mut refusals = vec![
        Refusal::NotForCitizens,
        Refusal::SelfDuplicate,
        Refusal::Closed {
            state: WorkState::Duplicate,
            by: name.clone(),
            at: long_ago,
            duplicate_of: Some(big),
        },
    ];
    for state in WorkState::ALL {
        refusals.push(Refusal::Already {
            state,
            by: name.clone(),
            at: long_ago,
        });
        refusals.push(Refusal::Closed {
            state,
            by: name.clone(),
            at: long_ago,
            duplicate_of: None,
        });
        refusals.push(Refusal::NotClosed { state });
        out.push((Message, ct::state_words(l, state)));
        let w = ct::WorkLine {
            state,
            by: name.clone(),
            at: long_ago,
            reason: Some(RejectReason::NotOurs),
            duplicate_of: Some(big),
            citizens: big,
            due: Some(long_ago),
        };
        out.push((Message, ct::work_line(l, &w, now)));
    }
    for r in &refusals {
        out.push((PopUp, ct::refusal(l, big, r, now)));
    }
    for (shown, text) in [
        (Message, ct::reopened_by_citizen(l, big)),
        (Message, ct::reopen_too_late(l, big)),
        (PopUp, ct::reopened_by_citizen(l, big)),
        (PopUp, ct::reopen_too_late(l, big)),
        (PopUp, ct::not_your_report(l)),
        (PopUp, ct::still_open(l, big)),
        (Message, ct::follow_up_question(l, big)),
        (PopUp, ct::follow_up_thanks_fixed(l, big)),
        (PopUp, ct::follow_up_already_closed(l, big)),
        (PopUp, ct::follow_up_thanks_not_fixed(l, big)),
        (PopUp, ct::follow_up_already_answered(l)),
        (Message, ct::follow_up_still_broken_staff(l, big, big)),
        (Message, ct::overdue_reminder(l, big, Severity::Severe, big)),
        (Message, ct::overdue_reminder(l, big, Severity::Minor, 60)),
        (Message, ct::another_citizen(l, big, big, big)),
        (Message, ct::another_citizen(l, big, big, 1)),
        (PopUp, ct::not_this_alert(l)),
        (PopUp, ct::no_such_pothole(l, big)),
        (PopUp, ct::press_failed(l)),
        (PopUp, ct::why_closed(l)),
        (PopUp, ct::back(l)),
        (PopUp, ct::page_from(l, big)),
        (Message, ct::report_usage(l)),
        (Message, ct::dup_usage(l)),
        (Caption, ct::export_caption(l, 30, "GeoJSON")),
        (Caption, ct::export_caption(l, 1, "CSV")),
        (Message, ct::export_started(l, 30)),
        (Message, ct::no_such_report(l, big)),
        (Message, ct::not_an_alert(l)),
        (Message, ct::not_potholes(l, big, big)),
        (Caption, ct::reopened_alert(l)),
    ] {
        out.push((shown, text));
    }
    let line = ct::OpenLine {
        id: big,
        severity: Severity::Moderate,
        state: WorkState::MadeSafe,
        opened: long_ago,
        due: Some(long_ago),
        location: GeoPoint::parse(-89.999999, -179.999999),
        needs_review: true,
    };
    let lines = vec![line; 10];
    let notices = [
        Notice::JoinedOpenReport {
            own: big,
            original: big,
            severity: Severity::Severe,
        },
        Notice::OpenPage {
            lines: lines.clone(),
            offset: u32::MAX - 20,
            total: big,
            at: now,
        },
        Notice::OpenPage {
            lines: vec![],
            offset: 10,
            total: big,
            at: now,
        },
        Notice::OpenPage {
            lines: vec![],
            offset: 0,
            total: 0,
            at: now,
        },
        Notice::Digest {
            digest: ct::Digest {
                new: ct::BySeverity {
                    severe: big / 4,
                    moderate: big / 4,
                    minor: big / 4,
                },
                open: ct::BySeverity::default(),
                overdue: ct::BySeverity::default(),
                oldest_overdue: lines,
            },
            at: now,
            timezone: "America/Argentina/ComodRivadavia".into(),
        },
        Notice::ReportSheet {
            facts: ct::ReportFacts {
                id: big,
                severity: Some(Severity::Severe),
                status: "alerted".into(),
                work: None,
                location: GeoPoint::parse(1.0, 1.0),
                events: (0..400)
                    .map(|i| ct::EventLine {
                        at: long_ago,
                        actor: "staff".into(),
                        kind: if i % 2 == 0 {
                            "fixed"
                        } else {
                            "follow_up_not_fixed"
                        }
                        .into(),
                        detail: Some(name.clone()),
                    })
                    .collect(),
            },
            at: now,
            timezone: "UTC".into(),
        },
        Notice::Stats {
            stats: StaffStats::default(),
            work: Some(ct::LoopStats {
                open: big,
                acknowledged: big,
                made_safe: big,
                overdue: big,
                fixed_30d: big,
                rejected_30d: big,
                duplicate_30d: big,
                median_ack_secs: Some(big),
                median_fix_secs: None,
            }),
        },
    ];
    for n in &notices {
        out.push((Message, render(l, n)));
        if let Notice::ReportSheet { facts, at, .. } = n {
            out.push((Caption, ct::report_caption(l, facts, *at)));
        }
    }
    out
}

#[test]
fn every_text_fits_telegrams_limits_in_every_language() {
    for l in every_locale() {
        for (shown, text) in worst_case(l) {
            let (name, limit) = match shown {
                Shown::Message => ("message", TEXT_LIMIT),
                Shown::Caption => ("caption", CAPTION_LIMIT),
                Shown::PopUp => ("popup", 200),
                // Buttons and command descriptions: Telegram allows 256 for a command's
                // description; a button that long would not be readable anyway.
                Shown::Button => ("button", 64),
            };
            let units = units(&text);
            assert!(
                units <= limit && !text.trim().is_empty(),
                "{:?} {name} is {units} long (limit {limit}): {text}",
                l.lang
            );
        }
    }
}

#[test]
fn every_text_renders_in_every_language_without_a_missing_key_or_isolation_marks() {
    for l in every_locale() {
        for (_, text) in worst_case(l) {
            assert!(
                !text.contains("Unknown localization"),
                "{:?}: {text}",
                l.lang
            );
            assert!(
                !text.contains(['{', '}']),
                "{:?}: unresolved {text}",
                l.lang
            );
            assert!(
                !text.contains(['\u{2068}', '\u{2069}']),
                "{:?}: {text:?}",
                l.lang
            );
        }
    }
}

#[test]
fn every_non_english_text_is_translated() {
    let english: Vec<_> = worst_case(Locale::ENGLISH)
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    for l in every_locale()
        .into_iter()
        .filter(|l| l.lang != Lang::ENGLISH)
    {
        let theirs: Vec<_> = worst_case(l).into_iter().map(|(_, t)| t).collect();
        let same = english
            .iter()
            .zip(&theirs)
            .filter(|(e, t)| e == t && e.chars().any(char::is_alphabetic));
        // Texts that are only numbers, names and emoji may be the same in every language.
        let same: Vec<_> = same
            .map(|(e, _)| e)
            .filter(|e| e.split_whitespace().count() > 3)
            .collect();
        assert!(
            same.is_empty(),
            "{:?} still reads as English: {same:?}",
            l.lang
        );
    }
}
