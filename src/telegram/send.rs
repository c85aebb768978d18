//! Sending one outbox message through the Bot API, and what a failure means for it.

use teloxide::prelude::*;
use teloxide::types::{
    ButtonRequest, FileId, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, KeyboardButton,
    KeyboardMarkup, KeyboardRemove, MessageId, ReplyMarkup, ReplyParameters, ThreadId,
};

use super::errors::TelegramError;
use crate::domain::StaffAction;
use crate::domain::texts::{self, AlertView, FIXED_BUTTON, REJECT_BUTTON, SHARE_LOCATION_BUTTON};
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
) -> Result<i32, SendFailure> {
    let mut req = bot.send_message(ChatId(chat_id), texts_fit(text));
    if let Some(t) = thread_id {
        req = req.message_thread_id(ThreadId(MessageId(t)));
    }
    req = match keyboard {
        Keyboard::Keep => req,
        Keyboard::AskLocation => req.reply_markup(ReplyMarkup::Keyboard(
            KeyboardMarkup::new(vec![vec![
                KeyboardButton::new(SHARE_LOCATION_BUTTON).request(ButtonRequest::Location),
            ]])
            .resize_keyboard()
            .one_time_keyboard(),
        )),
        Keyboard::Remove => req.reply_markup(ReplyMarkup::KeyboardRemove(KeyboardRemove::new())),
    };
    Ok(req.await?.id.0)
}

/// The buttons under a staff alert: ✅ Fixed and ❌ Not a pothole.
pub fn alert_buttons(report_id: i64) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(vec![vec![
        InlineKeyboardButton::callback(FIXED_BUTTON, StaffAction::Fixed.callback_data(report_id)),
        InlineKeyboardButton::callback(
            REJECT_BUTTON,
            StaffAction::Rejected.callback_data(report_id),
        ),
    ]])
}

/// Posts the alert for a graded report: its photo by `file_id` (never re-uploaded) with the
/// caption crews need, and the buttons that close it.
pub async fn alert(
    bot: &Bot,
    staff: StaffChat,
    report: &ReportView,
    show_reporter: bool,
) -> Result<i32, SendFailure> {
    let Some(verdict) = &report.verdict else {
        return Err(SendFailure::Permanent(format!(
            "report #{} has no verdict",
            report.id
        )));
    };
    let caption = texts::alert_caption(&AlertView {
        id: report.id,
        verdict,
        note: report.note.as_deref(),
        created_at: report.created_at,
        location: report.location,
        reporter: if show_reporter {
            report.reporter_name.as_deref()
        } else {
            None
        },
        needs_review: report.needs_review,
    });
    let chat = ChatId(staff.chat_id);
    let file = InputFile::file_id(FileId(report.file_id.clone()));
    let thread = staff.thread_id.map(|t| ThreadId(MessageId(t)));
    let sent = match report.media_kind {
        MediaKind::Photo => {
            let mut req = bot
                .send_photo(chat, file)
                .caption(caption)
                .reply_markup(alert_buttons(report.id));
            if let Some(t) = thread {
                req = req.message_thread_id(t);
            }
            req.await?
        }
        // A file's id cannot be sent as a photo; send it back as the same file.
        MediaKind::Document => {
            let mut req = bot
                .send_document(chat, file)
                .caption(caption)
                .reply_markup(alert_buttons(report.id));
            if let Some(t) = thread {
                req = req.message_thread_id(t);
            }
            req.await?
        }
    };
    Ok(sent.id.0)
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
    crate::domain::verdict::truncate(text, texts::TEXT_LIMIT)
}
