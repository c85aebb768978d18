//! What to tell someone, as data. The outbox stores a [`Notice`]; the courier turns it into
//! words at send time ([`super::texts::render`]), so the text can follow the reader's language
//! and the newest wording, and nothing but `texts` decides how a thing is said.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::crew_texts::{Digest, LoopStats, OpenLine, ReportFacts};
use super::texts::{StaffStats, StatusLine};
use super::work::{Refusal, WorkAction};
use super::{Severity, Verdict};

/// Why grading a report is taking longer than usual. Each cause says what is happening and
/// when the citizen will hear back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "cause", rename_all = "snake_case")]
pub enum DelayCause {
    /// The vision model is down, overloaded or unreachable: the bot keeps retrying.
    ModelDown,
    /// `DAILY_BUDGET_USD` is reached: grading resumes at the start of the next UTC day.
    DailyBudget { resumes_at: DateTime<Utc> },
    /// The vision API account is out of credit: grading resumes once the operator tops it up.
    Quota,
}

/// A warning for the operator, posted in the staff chat.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "warning", rename_all = "snake_case")]
pub enum OperatorWarning {
    /// Today's spend reached `DAILY_BUDGET_USD`.
    BudgetReached {
        spent_usd: f64,
        budget_usd: f64,
        resumes_at: DateTime<Utc>,
    },
    /// The vision API's account has no credit left.
    QuotaExceeded { error: String },
    /// The vision API refused requests for a reason the operator must fix (key, model, …).
    VisionRefused { error: String },
}

/// One message to one reader, before it is put into words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "notice", rename_all = "snake_case")]
pub enum Notice {
    /// `/start` and `/help` in a private chat.
    Help,
    /// A photo was stored as report `id`.
    Received {
        id: i64,
        has_location: bool,
    },
    /// A pin attached to these reports (several when they came as one album).
    LocationAdded {
        ids: Vec<i64>,
    },
    /// A pin with no report to attach to, held for the next photo for `minutes`.
    LocationHeld {
        minutes: u64,
    },
    /// The model's grade for the citizen.
    Verdict {
        id: i64,
        verdict: Verdict,
        alerted: bool,
        has_location: bool,
    },
    /// The model would not judge the photo (refusal or content filter).
    NotJudged {
        id: i64,
    },
    /// Grading is held up; told once per report.
    GradingDelayed {
        id: i64,
        cause: DelayCause,
    },
    /// The report can never be graded automatically.
    GradingFailed {
        id: i64,
    },
    /// The downloaded image could not be read.
    UnreadableImage {
        id: i64,
    },
    /// An image file whose header claims more pixels than the bot decodes.
    ImageTooLarge {
        id: i64,
    },
    HeicNotSupported,
    SendAPhoto,
    UnknownCommand,
    NotAnImage,
    FileTooLarge,
    EditsIgnored,
    /// The citizen reached the hourly report limit.
    RateLimited {
        per_hour: u32,
    },
    /// The same photo is already report `id`, the citizen's own or someone else's.
    DuplicatePhoto {
        id: i64,
        yours: bool,
    },
    /// The bot is written to in a group that is not the staff chat.
    PrivateOnly {
        bot_username: String,
    },
    StaffHelp,
    StaffWelcome,
    /// `/chatid` in a group.
    ChatId {
        chat_id: i64,
        thread_id: Option<i32>,
    },
    /// `/stats` in the staff chat, with the figures at the time of asking.
    Stats {
        stats: StaffStats,
        /// The crews' work (open, overdue, medians).
        #[serde(default)]
        work: Option<LoopStats>,
    },
    /// `/status`: the citizen's recent reports, at the time of asking (`at`, for their ages).
    StatusList {
        lines: Vec<StatusLine>,
        #[serde(default)]
        at: Option<DateTime<Utc>>,
    },
    /// The crews changed report `id`; told to the citizen of report `own`, which is `id` or a
    /// report that joined it.
    WorkUpdate {
        own: i64,
        id: i64,
        action: WorkAction,
    },
    /// The citizen's "Still broken" reopened report `id`.
    ReopenedByCitizen {
        id: i64,
    },
    /// "Still broken" after `REOPEN_WINDOW`.
    ReopenTooLate {
        id: i64,
    },
    /// The citizen's new report `own` is the same pothole as open report `original`.
    JoinedOpenReport {
        own: i64,
        original: i64,
        severity: Severity,
    },
    /// "Is it fixed now?" (with Yes / No buttons).
    FollowUpQuestion {
        id: i64,
    },
    /// The citizen answered the follow-up (`closed_before`: it was closed already).
    FollowUpAnswered {
        id: i64,
        fixed: bool,
        closed_before: bool,
    },
    /// Staff chat, under the alert: the one overdue reminder.
    OverdueReminder {
        id: i64,
        severity: Severity,
        age_secs: i64,
    },
    /// Staff chat, under the alert: the citizen answered the follow-up with "No".
    CitizenSaysNotFixed {
        id: i64,
        age_secs: i64,
    },
    /// Staff chat, under the original's alert: another citizen reported the same pothole.
    AnotherCitizen {
        original: i64,
        dup: i64,
        citizens: i64,
    },
    /// The daily digest, with the figures at `at`; times in `timezone`.
    Digest {
        digest: Digest,
        at: DateTime<Utc>,
        timezone: String,
    },
    /// `/open`: one page (with Previous / Next buttons), at the time of asking.
    OpenPage {
        lines: Vec<OpenLine>,
        offset: u32,
        total: i64,
        at: DateTime<Utc>,
    },
    /// `/report N`, at the time of asking; times in `timezone`.
    ReportSheet {
        facts: ReportFacts,
        at: DateTime<Utc>,
        timezone: String,
    },
    /// A staff command's short answer.
    Staff {
        reply: StaffReply,
    },
    /// A warning for the operator in the staff chat.
    Operator {
        warning: OperatorWarning,
    },
    /// `/language`: which language should the bot answer in (sent with one button each).
    LanguageChoose,
    /// The citizen picked a language; said in it.
    LanguageChosen,
}

/// Short answers to staff commands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "reply", rename_all = "snake_case")]
pub enum StaffReply {
    /// `/report` without a report number.
    ReportUsage,
    /// `/report N` for a report that does not exist.
    NoSuchReport { id: i64 },
    /// `/dup` without usable numbers.
    DupUsage,
    /// `/dup N` as a reply to a message that is not an alert.
    NotAnAlert,
    /// `/dup` done.
    Duplicate { id: i64, of: i64 },
    /// `/dup` refused by the rules; times in `timezone`.
    Refused {
        id: i64,
        refusal: Refusal,
        at: DateTime<Utc>,
        timezone: String,
    },
    /// `/dup` naming something that is not a pothole report.
    NotPotholes { id: i64, of: i64 },
    /// `/export` queued its documents.
    ExportStarted { days: i64 },
}

impl Notice {
    /// The severity this notice names, if any (for logs and tests).
    pub fn severity(&self) -> Option<Severity> {
        match self {
            Notice::Verdict { verdict, .. } => Some(verdict.severity),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_round_trips_through_its_stored_json() {
        let notices = [
            Notice::Received {
                id: 4,
                has_location: false,
            },
            Notice::Verdict {
                id: 4,
                verdict: Verdict::new(Severity::Severe, Some(0.9), Some(60.0), None, "deep"),
                alerted: true,
                has_location: true,
            },
            Notice::GradingDelayed {
                id: 4,
                cause: DelayCause::DailyBudget {
                    resumes_at: DateTime::from_timestamp(1_795_737_600, 0).unwrap(),
                },
            },
            Notice::Operator {
                warning: OperatorWarning::QuotaExceeded {
                    error: "insufficient_quota".into(),
                },
            },
        ];
        for n in notices {
            let json = serde_json::to_string(&n).unwrap();
            assert_eq!(serde_json::from_str::<Notice>(&json).unwrap(), n, "{json}");
        }
    }

    #[test]
    fn the_stored_form_names_the_notice_not_its_words() {
        let json = serde_json::to_string(&Notice::RateLimited { per_hour: 10 }).unwrap();
        assert_eq!(json, r#"{"notice":"rate_limited","per_hour":10}"#);
    }
}
