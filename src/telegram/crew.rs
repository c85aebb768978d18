//! The crews' loop on Telegram: the buttons under alerts (and the citizens' "Still broken"
//! and follow-up answers), and the staff commands `/open`, `/report`, `/dup`, `/export`.
//! Every press is answered with a pop-up; every change goes through the store, which queues
//! the alert's re-render and the citizens' notices in the same transaction.
//!
//! ```text
//! staff chat: [photo] 🚨 Report #42: severe pothole … 🆕 Open   [👷 On it] [🚧 Made safe] [✅ Fixed] [❌ Not a pothole]
//! Ana taps "On it":   caption → 👷 Crew on it — Ana, 14:02        citizen: 👷 Report #42: a road crew is on it.
//! Ana taps "Fixed":   caption → ✅ Fixed — Ana, 16:40             citizen: ✅ Report #42 has been fixed. [🔁 Still broken]
//! ```

use teloxide::prelude::*;
use teloxide::types::CallbackQuery;

use super::intake::Intake;
use crate::domain::Lang;
use crate::domain::callback::Callback;
use crate::domain::crew_texts as ct;
use crate::domain::notice::{Notice, StaffReply};
use crate::domain::texts;
use crate::domain::work::{Actor, Refusal, WorkAction};
use crate::store::crew::{Origin, WorkOutcome};
use crate::store::now_unix;
use crate::store::outbox::{Destination, Outgoing};

/// `/open` lines per page.
pub const OPEN_PAGE_SIZE: u32 = 10;
/// `/export` covers this many days.
pub const EXPORT_DAYS: i64 = 30;

/// Who pressed, as the events record them (a staff member's Telegram name, at most 64 chars).
fn staff_actor(user: &teloxide::types::User) -> Actor {
    Actor::Staff {
        user_id: user.id.0 as i64,
        name: crate::domain::verdict::truncate(&user.full_name(), 64),
    }
}

/// Any inline button press: decoded, checked against where it was pressed, acted on, and
/// always answered.
pub async fn on_callback_query(
    bot: Bot,
    q: CallbackQuery,
    intake: std::sync::Arc<Intake>,
) -> anyhow::Result<()> {
    let pop_up = match press(&q, &intake).await {
        Ok(text) => text,
        Err(e) => {
            tracing::error!("a button press failed: {e:#}");
            ct::press_failed(intake.presser(&q))
        }
    };
    if let Err(e) = bot.answer_callback_query(q.id.clone()).text(pop_up).await {
        tracing::warn!("could not answer a button press: {e}");
    }
    Ok(())
}

async fn press(q: &CallbackQuery, intake: &Intake) -> anyhow::Result<String> {
    let Some(message) = q.message.as_ref() else {
        return Ok(texts::staff_button_refused(intake.presser(q)));
    };
    let (chat_id, message_id) = (message.chat().id.0, message.id().0);
    if let Some(lang) = q.data.as_deref().and_then(Lang::from_callback) {
        return super::intake::language_chosen(q, intake, chat_id, lang).await;
    }
    let Some(cb) = q.data.as_deref().and_then(Callback::decode) else {
        tracing::warn!(chat_id, user_id = q.from.id.0, data = ?q.data, "unknown button data");
        return Ok(texts::staff_button_refused(intake.presser(q)));
    };
    let now = now_unix();
    let rules = intake.rules;
    let now_utc = chrono::DateTime::from_timestamp(now, 0).unwrap_or_default();
    if cb.is_citizens() {
        // Citizens' buttons work in their own private chat only.
        if !message.chat().is_private() || chat_id != q.from.id.0 as i64 {
            return Ok(ct::not_your_report(intake.presser(q)));
        }
        let l = intake.citizen_locale(chat_id, q).await;
        let origin = Origin::Citizen { chat_id };
        let outcome = match cb {
            Callback::StillBroken { report } => {
                intake
                    .db
                    .work_action(
                        report,
                        WorkAction::Reopen,
                        Actor::Citizen,
                        origin,
                        rules,
                        now,
                    )
                    .await?
            }
            Callback::FollowUp { report, fixed } => {
                intake
                    .db
                    .follow_up_answer(report, chat_id, fixed, rules, now)
                    .await?
            }
            _ => unreachable!("is_citizens"),
        };
        let report = cb.report().unwrap_or_default();
        tracing::info!(report_id = report, chat_id, ?outcome, "citizen button");
        return Ok(match outcome {
            WorkOutcome::Done(_) => match cb {
                Callback::StillBroken { .. } => ct::reopened_by_citizen(l, report),
                _ => ct::follow_up_thanks_fixed(l, report),
            },
            WorkOutcome::Noted => ct::follow_up_thanks_not_fixed(l, report),
            WorkOutcome::TooLate => {
                intake
                    .db
                    .enqueue(
                        Destination::Chat(chat_id),
                        Outgoing::notice(Notice::ReopenTooLate { id: report }),
                    )
                    .await?;
                ct::reopen_too_late(l, report)
            }
            WorkOutcome::AlreadyAnswered => ct::follow_up_already_answered(l),
            WorkOutcome::Refused(Refusal::NotClosed { .. } | Refusal::Already { .. }) => {
                ct::still_open(l, report)
            }
            WorkOutcome::Refused(r) => ct::refusal(l, report, &r, now_utc),
            WorkOutcome::NotYours | WorkOutcome::NoSuchReport | WorkOutcome::NotThisAlert => {
                ct::not_your_report(l)
            }
        });
    }
    if !intake.is_staff(chat_id) {
        tracing::warn!(
            chat_id,
            user_id = q.from.id.0,
            "a staff button pressed outside the staff chat; ignored"
        );
        return Ok(texts::staff_button_refused(intake.presser(q)));
    }
    let l = intake.staff_locale();
    let text = match cb {
        Callback::Work { report, action } => {
            let outcome = intake
                .db
                .work_action(
                    report,
                    action,
                    staff_actor(&q.from),
                    Origin::Alert { message_id },
                    rules,
                    now,
                )
                .await?;
            tracing::info!(
                report_id = report,
                user_id = q.from.id.0,
                ?action,
                ?outcome,
                "staff button"
            );
            match outcome {
                WorkOutcome::Done(_) => ct::action_done(l, report, action),
                WorkOutcome::Refused(r) => {
                    // The alert may show an old state (an edit still queued): show the stored one.
                    intake.render_alert(report, false).await?;
                    ct::refusal(l, report, &r, now_utc)
                }
                WorkOutcome::NotThisAlert => ct::not_this_alert(l),
                _ => ct::no_such_pothole(l, report),
            }
        }
        Callback::RejectMenu { report } | Callback::Back { report } => {
            let menu = matches!(cb, Callback::RejectMenu { .. });
            match intake.db.report_view(report).await? {
                Some(v) if v.alert_message_id == Some(message_id) => {
                    let open = v.work.as_ref().is_some_and(|w| w.state.is_open());
                    intake.render_alert(report, menu && open).await?;
                    if menu && open {
                        ct::why_closed(l)
                    } else if menu {
                        texts::alert_already_closed(l, report)
                    } else {
                        ct::back(l)
                    }
                }
                Some(_) => ct::not_this_alert(l),
                None => ct::no_such_pothole(l, report),
            }
        }
        Callback::Label { report } => texts::alert_already_closed(l, report),
        Callback::OpenPage { offset } => {
            let page = open_page(intake, offset).await?;
            intake
                .db
                .enqueue(Destination::Chat(chat_id), Outgoing::notice(page))
                .await?;
            ct::page_from(l, i64::from(offset) + 1)
        }
        Callback::StillBroken { .. } | Callback::FollowUp { .. } => unreachable!("citizens'"),
    };
    Ok(text)
}

/// One `/open` page (its Previous / Next buttons follow from the notice).
pub async fn open_page(intake: &Intake, offset: u32) -> anyhow::Result<Notice> {
    let (lines, total) = intake.db.open_page(OPEN_PAGE_SIZE, offset).await?;
    Ok(Notice::OpenPage {
        lines,
        offset,
        total,
        at: chrono::Utc::now(),
    })
}

/// `/report N`: the state and every event.
pub async fn report(intake: &Intake, arg: &str) -> anyhow::Result<Notice> {
    let Some(id) = parse_id(arg) else {
        return Ok(staff(StaffReply::ReportUsage));
    };
    let Some(detail) = intake.db.report_detail(id).await? else {
        return Ok(staff(StaffReply::NoSuchReport { id }));
    };
    let v = detail.view;
    Ok(Notice::ReportSheet {
        facts: ct::ReportFacts {
            id,
            severity: v.verdict.as_ref().map(|v| v.severity),
            status: detail.status,
            work: v.work,
            location: v.location,
            events: detail.events,
        },
        at: chrono::Utc::now(),
        timezone: intake.crews.timezone.name().to_owned(),
    })
}

fn staff(reply: StaffReply) -> Notice {
    Notice::Staff { reply }
}

/// `/dup 12 7` (12 is the same pothole as 7), or `/dup 7` as a reply to #12's alert.
pub async fn dup(intake: &Intake, msg: &Message, arg: &str) -> anyhow::Result<Notice> {
    let numbers: Vec<&str> = arg.split_whitespace().collect();
    let (report, original) = match numbers.as_slice() {
        [a, b] => match (parse_id(a), parse_id(b)) {
            (Some(a), Some(b)) => (a, b),
            _ => return Ok(staff(StaffReply::DupUsage)),
        },
        [b] => {
            let (Some(original), Some(replied)) = (parse_id(b), msg.reply_to_message()) else {
                return Ok(staff(StaffReply::DupUsage));
            };
            match intake.db.report_of_alert(replied.id.0).await? {
                Some(report) => (report, original),
                None => return Ok(staff(StaffReply::NotAnAlert)),
            }
        }
        _ => return Ok(staff(StaffReply::DupUsage)),
    };
    let Some(user) = msg.from.as_ref() else {
        return Ok(staff(StaffReply::DupUsage));
    };
    let outcome = intake
        .db
        .mark_duplicate(
            report,
            original,
            staff_actor(user),
            intake.rules,
            now_unix(),
        )
        .await?;
    Ok(staff(match outcome {
        WorkOutcome::Done(_) => StaffReply::Duplicate {
            id: report,
            of: original,
        },
        WorkOutcome::Refused(refusal) => StaffReply::Refused {
            id: report,
            refusal,
            at: chrono::Utc::now(),
            timezone: intake.crews.timezone.name().to_owned(),
        },
        _ => StaffReply::NotPotholes {
            id: report,
            of: original,
        },
    }))
}

/// `/export`: the last 30 days as CSV and GeoJSON documents (rendered when sent).
pub async fn export(intake: &Intake, chat_id: i64) -> anyhow::Result<Notice> {
    let since = now_unix() - EXPORT_DAYS * 86_400;
    for geojson in [false, true] {
        intake
            .db
            .enqueue(
                Destination::Chat(chat_id),
                Outgoing::Export {
                    since_unix: since,
                    geojson,
                },
            )
            .await?;
    }
    Ok(staff(StaffReply::ExportStarted { days: EXPORT_DAYS }))
}

/// A report number as people type it: `12` or `#12`.
fn parse_id(s: &str) -> Option<i64> {
    let s = s.trim().trim_start_matches('#');
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok().filter(|n| *n > 0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn report_numbers_are_digits_with_an_optional_hash() {
        assert_eq!(super::parse_id("12"), Some(12));
        assert_eq!(super::parse_id("#12"), Some(12));
        for bad in ["", "abc", "-1", "0", "1.5", "99999999999999999999", "12 7"] {
            assert_eq!(super::parse_id(bad), None, "{bad:?}");
        }
    }
}
