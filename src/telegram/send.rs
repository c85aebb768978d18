//! Sending one outbox message through the Bot API, and what a failure means for it.

use teloxide::prelude::*;
use teloxide::types::{
    ButtonRequest, FileId, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, KeyboardButton,
    KeyboardMarkup, KeyboardRemove, MessageId, ReplyMarkup, ReplyParameters, ThreadId,
};

use chrono::Utc;
use teloxide::{ApiError, RequestError};

use super::errors::TelegramError;
use crate::domain::Notice;
use crate::domain::callback::Callback;
use crate::domain::crew_texts as ct;
use crate::domain::texts::{self, AlertView};
use crate::domain::work::{RejectReason, WorkAction, WorkState};
use crate::domain::{Lang, Locale};
use crate::store::outbox::Keyboard;
use crate::store::reports::{MediaKind, ReportView};

/// What a failed send means: the one classification of Bot API errors.
pub type SendFailure = TelegramError;

/// Where and how to post into the staff chat.
#[derive(Debug, Clone, Copy)]
pub struct StaffChat {
    pub chat_id: i64,
    pub thread_id: Option<i32>,
}

/// Sends a text; returns the new message's id.
pub async fn text(
    bot: &Bot,
    chat_id: i64,
    thread_id: Option<i32>,
    text: &str,
    keyboard: Keyboard,
    reader: Locale,
) -> Result<i32, SendFailure> {
    let mut req = bot.send_message(ChatId(chat_id), texts_fit(text));
    if let Some(t) = thread_id {
        req = req.message_thread_id(ThreadId(MessageId(t)));
    }
    req = match keyboard {
        Keyboard::Keep => req,
        Keyboard::AskLocation => req.reply_markup(ReplyMarkup::Keyboard(
            KeyboardMarkup::new(vec![vec![
                KeyboardButton::new(texts::share_location_button(reader))
                    .request(ButtonRequest::Location),
            ]])
            .resize_keyboard()
            .one_time_keyboard(),
        )),
        Keyboard::Remove => req.reply_markup(ReplyMarkup::KeyboardRemove(KeyboardRemove::new())),
        Keyboard::Languages => req.reply_markup(language_buttons()),
    };
    Ok(req.await?.id.0)
}

/// `/language`: one button per language, each in its own name, two to a row.
pub fn language_buttons() -> InlineKeyboardMarkup {
    let buttons: Vec<_> = Lang::all()
        .map(|lang| {
            InlineKeyboardButton::callback(texts::language_button(lang), lang.callback_data())
        })
        .collect();
    InlineKeyboardMarkup::new(buttons.chunks(2).map(<[_]>::to_vec))
}

/// The buttons under a staff alert, for its work state: what can be done next. `menu`: the
/// choice of reasons for "Not a pothole".
pub fn alert_buttons(
    l: Locale,
    report_id: i64,
    state: Option<WorkState>,
    menu: bool,
) -> InlineKeyboardMarkup {
    let b = |label: String, cb: Callback| InlineKeyboardButton::callback(label, cb.encode());
    let label = |button| ct::button(l, button);
    let work = |action| Callback::Work {
        report: report_id,
        action,
    };
    let reject_menu = b(
        label(ct::Button::NotAPothole),
        Callback::RejectMenu { report: report_id },
    );
    let rows = match state {
        _ if menu => vec![
            RejectReason::ALL
                .into_iter()
                .map(|r| {
                    b(
                        ct::reason_button(l, r),
                        work(WorkAction::Reject { reason: r }),
                    )
                })
                .collect(),
            vec![b(
                label(ct::Button::Back),
                Callback::Back { report: report_id },
            )],
        ],
        None | Some(WorkState::Open) => vec![
            vec![
                b(label(ct::Button::OnIt), work(WorkAction::Take)),
                b(label(ct::Button::MadeSafe), work(WorkAction::MakeSafe)),
            ],
            vec![
                b(label(ct::Button::Fixed), work(WorkAction::Fix)),
                reject_menu,
            ],
        ],
        Some(WorkState::Acknowledged) => vec![
            vec![
                b(label(ct::Button::MadeSafe), work(WorkAction::MakeSafe)),
                b(label(ct::Button::Fixed), work(WorkAction::Fix)),
            ],
            vec![reject_menu],
        ],
        Some(WorkState::MadeSafe) => vec![vec![
            b(label(ct::Button::Fixed), work(WorkAction::Fix)),
            reject_menu,
        ]],
        Some(WorkState::Fixed | WorkState::Rejected | WorkState::Duplicate) => {
            vec![vec![b(label(ct::Button::Reopen), work(WorkAction::Reopen))]]
        }
    };
    InlineKeyboardMarkup::new(rows)
}

/// How alerts are rendered: in `STAFF_LANGUAGE` and `TIMEZONE`, and whether to name the
/// reporter.
#[derive(Debug, Clone, Copy)]
pub struct AlertStyle {
    pub show_reporter: bool,
    pub staff: Locale,
}

fn caption(report: &ReportView, style: AlertStyle) -> Result<String, SendFailure> {
    let Some(verdict) = &report.verdict else {
        return Err(SendFailure::Permanent(format!(
            "report #{} has no verdict",
            report.id
        )));
    };
    let work = report
        .work
        .as_ref()
        .map(|w| ct::work_line(style.staff, w, Utc::now()));
    Ok(texts::alert_caption(
        style.staff,
        &AlertView {
            id: report.id,
            verdict,
            note: report.note.as_deref(),
            created_at: report.created_at,
            location: report.location,
            reporter: if style.show_reporter {
                report.reporter_name.as_deref()
            } else {
                None
            },
            needs_review: report.needs_review,
            work: work.as_deref(),
        },
    ))
}

/// Posts the alert for a graded report: its photo by `file_id` (never re-uploaded) with the
/// caption crews need, and the buttons of its work state. `reopened`: as a reply to the old
/// alert.
pub async fn alert(
    bot: &Bot,
    staff: StaffChat,
    report: &ReportView,
    style: AlertStyle,
    reopened: bool,
) -> Result<i32, SendFailure> {
    let mut caption = caption(report, style)?;
    if reopened {
        caption = crate::domain::verdict::truncate(
            &format!("{}\n{caption}", ct::reopened_alert(style.staff)),
            texts::CAPTION_LIMIT,
        );
    }
    let buttons = alert_buttons(
        style.staff,
        report.id,
        report.work.as_ref().map(|w| w.state),
        false,
    );
    let reply = report.alert_message_id.filter(|_| reopened).map(|old| {
        let mut reply = ReplyParameters::new(MessageId(old));
        reply.allow_sending_without_reply = Some(true);
        reply
    });
    report_media(
        bot,
        staff.chat_id,
        staff.thread_id,
        report,
        caption,
        Some(buttons),
        reply,
    )
    .await
}

/// The report's own photo (by its stored `file_id`, never re-uploaded; a file sent as a file
/// goes back as the same file) with `caption` (`/report N`).
pub async fn report_photo(
    bot: &Bot,
    chat_id: i64,
    thread_id: Option<i32>,
    report: &ReportView,
    caption: &str,
) -> Result<i32, SendFailure> {
    let caption = crate::domain::verdict::truncate(caption, texts::CAPTION_LIMIT);
    report_media(bot, chat_id, thread_id, report, caption, None, None).await
}

/// Sends a report's own photo by its stored `file_id` (never re-uploaded; a file sent as a
/// file goes back as the same file), with its caption and, when given, buttons and a reply.
async fn report_media(
    bot: &Bot,
    chat_id: i64,
    thread_id: Option<i32>,
    report: &ReportView,
    caption: String,
    buttons: Option<InlineKeyboardMarkup>,
    reply: Option<ReplyParameters>,
) -> Result<i32, SendFailure> {
    let chat = ChatId(chat_id);
    let file = InputFile::file_id(FileId(report.file_id.clone()));
    let thread = thread_id.map(|t| ThreadId(MessageId(t)));
    macro_rules! finish {
        ($req:expr) => {{
            let mut req = $req.caption(caption);
            if let Some(b) = buttons {
                req = req.reply_markup(b);
            }
            if let Some(t) = thread {
                req = req.message_thread_id(t);
            }
            if let Some(r) = reply {
                req = req.reply_parameters(r);
            }
            req.await?
        }};
    }
    let sent = match report.media_kind {
        MediaKind::Photo => finish!(bot.send_photo(chat, file)),
        MediaKind::Document => finish!(bot.send_document(chat, file)),
    };
    Ok(sent.id.0)
}

/// Re-renders an alert in place from the stored state: caption and buttons in one edit.
/// Telegram's "message is not modified" (nothing changed) counts as done.
pub async fn edit_alert(
    bot: &Bot,
    staff: StaffChat,
    report: &ReportView,
    style: AlertStyle,
    menu: bool,
) -> Result<Option<i32>, SendFailure> {
    let Some(alert) = report.alert_message_id else {
        return Ok(None);
    };
    let caption = caption(report, style)?;
    let buttons = alert_buttons(
        style.staff,
        report.id,
        report.work.as_ref().map(|w| w.state),
        menu,
    );
    let result = bot
        .edit_message_caption(ChatId(staff.chat_id), MessageId(alert))
        .caption(caption)
        .reply_markup(buttons)
        .await;
    match result {
        Ok(_) | Err(RequestError::Api(ApiError::MessageNotModified)) => Ok(Some(alert)),
        Err(e) => Err(e.into()),
    }
}

/// A text in the staff chat as a reply to the report's alert.
pub async fn alert_reply(
    bot: &Bot,
    staff: StaffChat,
    report: &ReportView,
    text: &str,
) -> Result<i32, SendFailure> {
    let mut req = bot.send_message(ChatId(staff.chat_id), texts_fit(text));
    if let Some(t) = staff.thread_id {
        req = req.message_thread_id(ThreadId(MessageId(t)));
    }
    if let Some(alert) = report.alert_message_id {
        let mut reply = ReplyParameters::new(MessageId(alert));
        reply.allow_sending_without_reply = Some(true);
        req = req.reply_parameters(reply);
    }
    Ok(req.await?.id.0)
}

/// The inline buttons a notice carries: "Still broken" after a fix, "Yes" / "No" under the
/// follow-up question, Previous / Next under an `/open` page.
pub fn notice_buttons(notice: &Notice, reader: Locale) -> Option<InlineKeyboardMarkup> {
    let b = |button, cb: Callback| {
        InlineKeyboardButton::callback(ct::button(reader, button), cb.encode())
    };
    let row = match notice {
        Notice::WorkUpdate {
            own,
            action: WorkAction::Fix,
            ..
        } => vec![b(
            ct::Button::StillBroken,
            Callback::StillBroken { report: *own },
        )],
        Notice::FollowUpQuestion { id } => vec![
            b(
                ct::Button::Yes,
                Callback::FollowUp {
                    report: *id,
                    fixed: true,
                },
            ),
            b(
                ct::Button::No,
                Callback::FollowUp {
                    report: *id,
                    fixed: false,
                },
            ),
        ],
        Notice::OpenPage {
            offset,
            total,
            lines,
            ..
        } => {
            let mut row = Vec::new();
            let size = lines.len().max(1) as u32;
            if *offset > 0 {
                let previous = offset.saturating_sub(crate::telegram::crew::OPEN_PAGE_SIZE);
                row.push(b(
                    ct::Button::Previous,
                    Callback::OpenPage { offset: previous },
                ));
            }
            if i64::from(*offset) + i64::from(size) < *total && !lines.is_empty() {
                let next = offset + size;
                row.push(b(ct::Button::Next, Callback::OpenPage { offset: next }));
            }
            row
        }
        _ => vec![],
    };
    (!row.is_empty()).then(|| InlineKeyboardMarkup::new(vec![row]))
}

/// A text with inline buttons.
pub async fn text_with_buttons(
    bot: &Bot,
    chat_id: i64,
    thread_id: Option<i32>,
    text: &str,
    buttons: InlineKeyboardMarkup,
) -> Result<i32, SendFailure> {
    let mut req = bot
        .send_message(ChatId(chat_id), texts_fit(text))
        .reply_markup(buttons);
    if let Some(t) = thread_id {
        req = req.message_thread_id(ThreadId(MessageId(t)));
    }
    Ok(req.await?.id.0)
}

/// A document (an export) with a caption.
pub async fn document(
    bot: &Bot,
    chat_id: i64,
    thread_id: Option<i32>,
    name: &str,
    bytes: Vec<u8>,
    caption: &str,
) -> Result<i32, SendFailure> {
    let mut req = bot
        .send_document(
            ChatId(chat_id),
            InputFile::memory(bytes).file_name(name.to_owned()),
        )
        .caption(caption);
    if let Some(t) = thread_id {
        req = req.message_thread_id(ThreadId(MessageId(t)));
    }
    Ok(req.await?.id.0)
}

/// Posts the report's location as a native pin, replying to its alert.
pub async fn alert_pin(
    bot: &Bot,
    staff: StaffChat,
    report: &ReportView,
) -> Result<Option<i32>, SendFailure> {
    let Some(point) = report.location else {
        return Ok(None);
    };
    let mut req = bot.send_location(ChatId(staff.chat_id), point.lat(), point.lon());
    if let Some(t) = staff.thread_id {
        req = req.message_thread_id(ThreadId(MessageId(t)));
    }
    if let Some(alert) = report.alert_message_id {
        let mut reply = ReplyParameters::new(MessageId(alert));
        reply.allow_sending_without_reply = Some(true);
        req = req.reply_parameters(reply);
    }
    Ok(Some(req.await?.id.0))
}

/// Shows "typing…" in a chat. Best effort: a failure only loses the indicator.
pub async fn typing(bot: &Bot, chat_id: i64) {
    let _ = bot
        .send_chat_action(ChatId(chat_id), teloxide::types::ChatAction::Typing)
        .await;
}

fn texts_fit(text: &str) -> String {
    texts::fit(text, texts::TEXT_LIMIT)
}
