//! Intake: the teloxide handlers. They parse an update and store what it brings (a report, a
//! pin) in one transaction with the answer it implies; the store wakes the grader and the
//! courier. They never call the vision model. Answers go through the outbox, so they survive a
//! crash and respect Telegram's rate limits — except the three that cannot wait for it: the
//! apology when a message could not even be stored, a button's pop-up, and the edit of an
//! alert's buttons after a press.
//!
//! ```text
//! citizen: [photo]                 bot: Report #42 received — grading it now… [📍 Share location]
//! citizen: [location pin]          bot: 📍 Location added to report #42. Thank you!
//!                                  bot: Report #42: severe pothole. … The road crews have been alerted.
//! staff chat:                      bot: [photo] 🚨 Report #42: severe pothole … + [map pin]
//! ```

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use teloxide::dispatching::UpdateHandler;
use teloxide::prelude::*;
use teloxide::types::{CallbackQuery, ChatMemberUpdated, Me, MediaKind as TgMedia, MessageKind};
use teloxide::utils::command::BotCommands;
use tracing::Instrument;

use crate::config::CrewSettings;
use crate::domain::photo::{self, PhotoSize};
use crate::domain::texts;
use crate::domain::verdict::truncate;
use crate::domain::work::LoopRules;
use crate::domain::{GeoPoint, ImageDetail, Lang, Locale, Notice};
use crate::store::outbox::{Destination, Keyboard, Outgoing};
use crate::store::reports::{IntakeRules, MediaKind, NewReport, SubmitOutcome};
use crate::store::{Db, now_unix};
use crate::telegram::files::MAX_DOWNLOAD_BYTES;

/// What a citizen can ask in a private chat. (The command menus' words are the catalogues':
/// `listener::set_commands`.)
#[derive(BotCommands, Clone, Debug, PartialEq)]
#[command(rename_rule = "lowercase")]
pub enum CitizenCommand {
    /// how to report a pothole
    Start,
    /// how to report a pothole
    Help,
    /// your recent reports and their grades
    Status,
    /// choose the language I answer in
    Language,
    /// show this chat's id
    Chatid,
}

/// What the bot answers in groups: everything in the staff chat, only `/chatid` elsewhere
/// (the rest gets a pointer to the private chat).
#[derive(BotCommands, Clone, Debug, PartialEq)]
#[command(rename_rule = "lowercase")]
pub enum StaffCommand {
    /// what the bot does here
    Help,
    /// (the citizens' commands, answered with the staff help)
    Start,
    Status,
    Language,
    /// show this chat's id for STAFF_CHAT_ID
    Chatid,
    /// reports today and in the last 7 days, the crews' work, the cost
    Stats,
    /// open potholes, most overdue first
    Open,
    /// one report: state and every event — /report 12
    Report(String),
    /// mark a duplicate — /dup 12 7, or reply to #12's alert with /dup 7
    Dup(String),
    /// the last 30 days as CSV and GeoJSON
    Export,
}

/// What intake needs, shared by all handlers.
pub struct Intake {
    pub db: Db,
    /// The staff chat's id now (it changes if the group is upgraded to a supergroup).
    pub staff_chat_id: Arc<AtomicI64>,
    /// The id in the configuration, still recognised after an upgrade.
    pub configured_staff_chat_id: i64,
    pub detail: ImageDetail,
    pub reports_per_hour: u32,
    pub pin_before_secs: i64,
    pub pin_after_secs: i64,
    /// The crews' loop: deadlines, duplicate radius, reopen window, time zone.
    pub rules: LoopRules,
    pub crews: CrewSettings,
    /// For citizens whose Telegram language the bot lacks (`DEFAULT_LANGUAGE`).
    pub default_language: Lang,
    /// The staff chat's language, for the pop-ups under alerts (`STAFF_LANGUAGE`).
    pub staff_language: Lang,
}

impl Intake {
    fn rules(&self) -> IntakeRules {
        IntakeRules {
            now_unix: now_unix(),
            reports_per_hour: self.reports_per_hour,
            pin_before_secs: self.pin_before_secs,
            pin_after_secs: self.pin_after_secs,
        }
    }

    /// What the staff chat reads: `STAFF_LANGUAGE`, times in `TIMEZONE`.
    pub(crate) fn staff_locale(&self) -> Locale {
        Locale::new(self.staff_language, self.crews.timezone)
    }

    /// The language of whoever pressed a button (their Telegram language, else the default).
    pub(crate) fn presser(&self, q: &CallbackQuery) -> Locale {
        let lang = Lang::resolve(None, q.from.language_code.as_deref(), self.default_language);
        Locale::new(lang, self.crews.timezone)
    }

    /// What a citizen reads in their chat: their chosen or Telegram language (else the
    /// default), times in `TIMEZONE`.
    pub(crate) async fn citizen_locale(&self, chat_id: i64, q: &CallbackQuery) -> Locale {
        match self.db.chat_language(chat_id).await {
            Ok(stored) => Locale::new(
                Lang::resolve(
                    stored.chosen.as_deref(),
                    stored
                        .language_code
                        .as_deref()
                        .or(q.from.language_code.as_deref()),
                    self.default_language,
                ),
                self.crews.timezone,
            ),
            Err(e) => {
                tracing::warn!(chat_id, "cannot read the citizen's language: {e}");
                self.presser(q)
            }
        }
    }

    pub(crate) fn is_staff(&self, chat_id: i64) -> bool {
        chat_id == self.staff_chat_id.load(Ordering::Relaxed)
            || chat_id == self.configured_staff_chat_id
    }

    /// Answers a message once: a redelivered update (after a crash) gets no second answer.
    async fn answer(&self, msg: &Message, message: Outgoing) -> anyhow::Result<()> {
        let chat_id = msg.chat.id.0;
        if !self
            .db
            .reply_once(chat_id, msg.id.0, Destination::Chat(chat_id), message)
            .await?
        {
            tracing::info!(
                chat_id,
                message_id = msg.id.0,
                "already answered; redelivered update ignored"
            );
        }
        Ok(())
    }

    /// Re-renders a report's alert from its stored state (`menu`: the reasons to close it).
    pub(crate) async fn render_alert(&self, report_id: i64, menu: bool) -> anyhow::Result<()> {
        self.db
            .enqueue(Destination::Staff, Outgoing::AlertEdit { report_id, menu })
            .await?;
        Ok(())
    }

    async fn reply(&self, chat_id: i64, message: Outgoing) -> anyhow::Result<()> {
        self.db.enqueue(Destination::Chat(chat_id), message).await?;
        Ok(())
    }
}

/// The whole handler tree: a private chat's commands (`CitizenCommand`), everything else a
/// citizen sends, a group's commands (`StaffCommand`; other group messages are deliberately
/// ignored), edits, membership changes and button presses.
pub fn schema() -> UpdateHandler<anyhow::Error> {
    let private = dptree::filter(|msg: Message| msg.chat.is_private())
        .branch(
            dptree::entry()
                .filter_command::<CitizenCommand>()
                .endpoint(on_citizen_command),
        )
        .endpoint(on_message);
    let groups = dptree::filter(|msg: Message| !msg.chat.is_private() && !msg.chat.is_channel())
        .filter_command::<StaffCommand>()
        .endpoint(on_group_command);
    dptree::entry()
        .branch(Update::filter_message().branch(private).branch(groups))
        .branch(Update::filter_edited_message().endpoint(on_edited_message))
        .branch(Update::filter_my_chat_member().endpoint(on_my_chat_member))
        .branch(Update::filter_callback_query().endpoint(super::crew::on_callback_query))
    // Channel posts and the rest: deliberately ignored (and not even asked for: teloxide
    // requests only the update kinds this tree handles).
}

/// What a private message brings.
#[derive(Debug, Clone, PartialEq)]
pub enum Incoming {
    Photo {
        sizes: Vec<PhotoSize>,
    },
    ImageFile {
        file_id: String,
        file_unique_id: String,
        mime: Option<String>,
    },
    Heic,
    NotAnImage,
    TooLarge,
    Location(GeoPoint),
    Command(String),
    Text,
    /// Anything else: stickers, voice, video, contacts, polls, dice…
    Other(&'static str),
}

/// Sorts a message into what intake does with it.
pub fn classify(msg: &Message) -> Incoming {
    if let Some(sizes) = msg.photo() {
        let sizes = sizes
            .iter()
            .map(|s| PhotoSize {
                file_id: s.file.id.0.clone(),
                file_unique_id: s.file.unique_id.0.clone(),
                width: s.width,
                height: s.height,
                file_size: Some(s.file.size),
            })
            .collect::<Vec<_>>();
        if sizes.is_empty() {
            return Incoming::Other("empty photo");
        }
        return Incoming::Photo { sizes };
    }
    if let Some(doc) = msg.document() {
        let mime = doc
            .mime_type
            .as_ref()
            .map(|m| m.essence_str().to_ascii_lowercase());
        let name = doc.file_name.as_deref().unwrap_or("").to_ascii_lowercase();
        let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
        let is = |mimes: &[&str], exts: &[&str]| {
            mime.as_deref().is_some_and(|m| mimes.contains(&m)) || exts.contains(&ext)
        };
        if is(
            &[
                "image/heic",
                "image/heif",
                "image/heic-sequence",
                "image/heif-sequence",
            ],
            &["heic", "heif"],
        ) {
            return Incoming::Heic;
        }
        if !is(
            &["image/jpeg", "image/jpg", "image/png", "image/webp"],
            &["jpg", "jpeg", "png", "webp"],
        ) {
            return Incoming::NotAnImage;
        }
        if doc.file.size > MAX_DOWNLOAD_BYTES {
            return Incoming::TooLarge;
        }
        return Incoming::ImageFile {
            file_id: doc.file.id.0.clone(),
            file_unique_id: doc.file.unique_id.0.clone(),
            mime,
        };
    }
    if let Some(venue) = msg.venue() {
        return location(venue.location.latitude, venue.location.longitude);
    }
    if let Some(loc) = msg.location() {
        return location(loc.latitude, loc.longitude);
    }
    if let Some(text) = msg.text() {
        if text.starts_with('/') {
            return Incoming::Command(text.to_owned());
        }
        return Incoming::Text;
    }
    Incoming::Other(match &msg.kind {
        MessageKind::Common(c) => match &c.media_kind {
            TgMedia::Sticker(_) => "sticker",
            TgMedia::Voice(_) => "voice",
            TgMedia::Audio(_) => "audio",
            TgMedia::Video(_) => "video",
            TgMedia::VideoNote(_) => "video note",
            TgMedia::Animation(_) => "animation",
            TgMedia::Contact(_) => "contact",
            TgMedia::Poll(_) => "poll",
            _ => "other",
        },
        MessageKind::Dice(_) => "dice",
        _ => "service",
    })
}

fn location(lat: f64, lon: f64) -> Incoming {
    GeoPoint::parse(lat, lon).map_or(Incoming::Other("invalid location"), Incoming::Location)
}

async fn on_message(bot: Bot, msg: Message, intake: Arc<Intake>) -> anyhow::Result<()> {
    let span = tracing::info_span!("intake", chat_id = msg.chat.id.0, message_id = msg.id.0);
    private(&bot, &msg, &intake, citizen_message(&msg, &intake))
        .instrument(span)
        .await
}

async fn on_citizen_command(
    bot: Bot,
    msg: Message,
    command: CitizenCommand,
    intake: Arc<Intake>,
) -> anyhow::Result<()> {
    let span = tracing::info_span!("intake", chat_id = msg.chat.id.0, message_id = msg.id.0);
    private(&bot, &msg, &intake, citizen_command(&msg, command, &intake))
        .instrument(span)
        .await
}

/// Runs a private chat's handler; when even storing failed, says so now, directly, so the
/// citizen sends it again.
async fn private(
    bot: &Bot,
    msg: &Message,
    intake: &Intake,
    handler: impl std::future::Future<Output = anyhow::Result<()>>,
) -> anyhow::Result<()> {
    if let Err(e) = handler.await {
        tracing::error!(chat_id = msg.chat.id.0, "intake failed: {e:#}");
        let code = msg.from.as_ref().and_then(|u| u.language_code.as_deref());
        let lang = Lang::resolve(None, code, intake.default_language);
        let _ = bot
            .send_message(msg.chat.id, texts::intake_failed(Locale::from(lang)))
            .await;
    }
    Ok(())
}

/// A command addressed to us in a group.
async fn on_group_command(
    me: Me,
    msg: Message,
    command: StaffCommand,
    intake: Arc<Intake>,
) -> anyhow::Result<()> {
    let span = tracing::info_span!("intake", chat_id = msg.chat.id.0, message_id = msg.id.0);
    group_command(&me, &msg, command, &intake)
        .instrument(span)
        .await
}

async fn group_command(
    me: &Me,
    msg: &Message,
    command: StaffCommand,
    intake: &Intake,
) -> anyhow::Result<()> {
    let chat_id = msg.chat.id.0;
    let thread_id = msg
        .thread_id
        .filter(|_| msg.is_topic_message)
        .map(|t| t.0.0);
    let staff = intake.is_staff(chat_id);
    let answer = match command {
        StaffCommand::Chatid => Notice::ChatId { chat_id, thread_id },
        // Staff commands do nothing outside the staff chat.
        _ if !staff => Notice::PrivateOnly {
            bot_username: me.username().to_owned(),
        },
        StaffCommand::Stats => {
            let now = now_unix();
            let day_start = now - now.rem_euclid(86_400);
            Notice::Stats {
                stats: intake.db.staff_stats(day_start).await?,
                work: Some(intake.db.loop_stats(now_unix()).await?),
            }
        }
        StaffCommand::Open => super::crew::open_page(intake, 0).await?,
        StaffCommand::Report(arg) => super::crew::report(intake, &arg).await?,
        StaffCommand::Dup(arg) => super::crew::dup(intake, msg, &arg).await?,
        StaffCommand::Export => super::crew::export(intake, chat_id).await?,
        StaffCommand::Start
        | StaffCommand::Help
        | StaffCommand::Status
        | StaffCommand::Language => Notice::StaffHelp,
    };
    intake
        .answer(
            msg,
            Outgoing::Notice {
                notice: answer,
                keyboard: Default::default(),
                thread_id,
            },
        )
        .await
}

/// A citizen's command in their private chat.
async fn citizen_command(
    msg: &Message,
    command: CitizenCommand,
    intake: &Intake,
) -> anyhow::Result<()> {
    let chat_id = msg.chat.id.0;
    let language_code = msg.from.as_ref().and_then(|u| u.language_code.clone());
    intake.db.remember_language(chat_id, language_code).await?;
    let answer = match command {
        CitizenCommand::Start | CitizenCommand::Help => Notice::Help,
        CitizenCommand::Status => Notice::StatusList {
            lines: intake.db.recent_reports(chat_id, 5).await?,
            at: Some(chrono::Utc::now()),
        },
        CitizenCommand::Chatid => Notice::ChatId {
            chat_id,
            thread_id: None,
        },
        CitizenCommand::Language => {
            return intake
                .answer(
                    msg,
                    Outgoing::notice_with(Notice::LanguageChoose, Keyboard::Languages),
                )
                .await;
        }
    };
    intake.answer(msg, Outgoing::notice(answer)).await
}

async fn citizen_message(msg: &Message, intake: &Intake) -> anyhow::Result<()> {
    let language_code = msg.from.as_ref().and_then(|u| u.language_code.clone());
    // Queued before the message is stored and awaited after, so both share one batch: the
    // language costs the photo no database trip of its own.
    let remembered = intake.db.remember_language(msg.chat.id.0, language_code);
    let handled = store_citizen_message(msg, intake).await;
    let remembered = remembered.await;
    handled?;
    Ok(remembered?)
}

async fn store_citizen_message(msg: &Message, intake: &Intake) -> anyhow::Result<()> {
    let chat_id = msg.chat.id.0;
    let answer = match classify(msg) {
        Incoming::Photo { sizes } => {
            let shown = photo::largest(&sizes).expect("non-empty");
            let graded = photo::for_grading(&sizes, intake.detail).expect("non-empty");
            let new = new_report(
                msg,
                MediaKind::Photo,
                shown.file_id.clone(),
                shown.file_unique_id.clone(),
                graded.file_id.clone(),
                Some((graded.width, graded.height)),
                Some("image/jpeg".into()),
            );
            return submit(intake, new).await;
        }
        Incoming::ImageFile {
            file_id,
            file_unique_id,
            mime,
        } => {
            let new = new_report(
                msg,
                MediaKind::Document,
                file_id.clone(),
                file_unique_id,
                file_id,
                None,
                mime,
            );
            return submit(intake, new).await;
        }
        Incoming::Location(point) => {
            let outcome = intake
                .db
                .submit_location(chat_id, msg.id.0, point, intake.rules(), intake.rules)
                .await?;
            tracing::info!(chat_id, ?outcome, "location");
            return Ok(());
        }
        Incoming::Heic => Notice::HeicNotSupported,
        Incoming::NotAnImage => Notice::NotAnImage,
        Incoming::TooLarge => Notice::FileTooLarge,
        // Not one of ours (another bot's, or a staff command): what any unknown command gets.
        Incoming::Command(_) => Notice::UnknownCommand,
        Incoming::Text | Incoming::Other(_) => Notice::SendAPhoto,
    };
    intake.answer(msg, Outgoing::notice(answer)).await
}

fn new_report(
    msg: &Message,
    media_kind: MediaKind,
    file_id: String,
    file_unique_id: String,
    grade_file_id: String,
    grade_size: Option<(u32, u32)>,
    mime_type: Option<String>,
) -> NewReport {
    let reporter_name = msg.from.as_ref().map(|u| match &u.username {
        Some(name) => format!("{} (@{name})", u.full_name()),
        None => u.full_name(),
    });
    NewReport {
        chat_id: msg.chat.id.0,
        message_id: msg.id.0,
        user_id: msg.from.as_ref().map(|u| u.id.0 as i64),
        reporter_name,
        media_kind,
        file_id,
        file_unique_id,
        grade_file_id,
        grade_size,
        mime_type,
        media_group_id: msg.media_group_id().map(|g| g.0.clone()),
        // Telegram caps captions at 1,024 characters; cut anyway, in case a server does not.
        note: msg
            .caption()
            .map(|c| truncate(c.trim(), 1024))
            .filter(|c| !c.is_empty()),
    }
}

async fn submit(intake: &Intake, new: NewReport) -> anyhow::Result<()> {
    let chat_id = new.chat_id;
    let outcome = intake.db.submit_report(new, intake.rules()).await?;
    match outcome {
        SubmitOutcome::Created { id, has_location } => {
            tracing::info!(report_id = id, chat_id, has_location, "report received");
        }
        other => tracing::info!(chat_id, ?other, "photo not stored as a new report"),
    }
    Ok(())
}

async fn on_edited_message(msg: Message, intake: Arc<Intake>) -> anyhow::Result<()> {
    // Live locations send an edit every few seconds: the first position is the one kept.
    if !msg.chat.is_private() || msg.location().is_some() {
        return Ok(());
    }
    intake
        .answer(&msg, Outgoing::notice(Notice::EditsIgnored))
        .await
}

async fn on_my_chat_member(
    me: Me,
    update: ChatMemberUpdated,
    intake: Arc<Intake>,
) -> anyhow::Result<()> {
    let joined = !update.old_chat_member.is_present() && update.new_chat_member.is_present();
    if !joined || !(update.chat.is_group() || update.chat.is_supergroup()) {
        return Ok(());
    }
    let chat_id = update.chat.id.0;
    let notice = if intake.is_staff(chat_id) {
        Notice::StaffWelcome
    } else {
        Notice::PrivateOnly {
            bot_username: me.username().to_owned(),
        }
    };
    intake.reply(chat_id, Outgoing::notice(notice)).await
}

/// A `/language` button: in a private chat it sets the chat's language, and the citizen is
/// answered in it; anywhere else it changes nothing. Returns the pop-up.
pub(super) async fn language_chosen(
    q: &CallbackQuery,
    intake: &Intake,
    chat_id: i64,
    lang: Lang,
) -> anyhow::Result<String> {
    let private = q.message.as_ref().is_some_and(|m| m.chat().is_private());
    if private {
        intake.db.choose_language(chat_id, lang.code()).await?;
        tracing::info!(chat_id, language = lang.code(), "language chosen");
        intake
            .reply(chat_id, Outgoing::notice(Notice::LanguageChosen))
            .await?;
        Ok(texts::language_chosen(Locale::from(lang)))
    } else {
        Ok(texts::staff_button_refused(intake.presser(q)))
    }
}
