//! The languages the bot speaks and how a text is looked up in one of them.
//!
//! Every text people read lives in a Fluent catalogue, `locales/<code>/main.ftl`, embedded in
//! the binary at compile time (no file is read at run time, so the domain stays free of
//! I/O). The set of languages is the set of catalogue folders: adding a language is adding a
//! folder with one `main.ftl`, and no Rust. English is the fallback for a key a catalogue
//! lacks (the catalogue tests make sure none does).
//!
//! Dates, times and numbers follow the catalogue's `format-locale` (a CLDR locale such as
//! `en-GB` or `pt-BR`) through ICU4X, and times are shown in the reader's time zone.

use std::any::Any;
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use chrono::{DateTime, Datelike, Timelike, Utc};
use chrono_tz::Tz;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};

fluent_templates::static_loader! {
    static CATALOGUES = {
        locales: "./locales",
        fallback_language: "en",
        // Unicode isolation marks around placeholders show up as junk in Telegram.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// One language the bot has a catalogue for. Cheap to copy; only the bot's own languages
/// can be represented, so a `Lang` always finds its texts.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Lang(u8);

struct Known {
    code: String,
    id: LanguageIdentifier,
    /// ICU's locale for dates and numbers (the catalogue's `format-locale`).
    formats: icu_locale_core::Locale,
}

/// The languages, English first, then by code: the order of the `/language` buttons.
static KNOWN: LazyLock<Vec<Known>> = LazyLock::new(|| {
    let mut ids: Vec<LanguageIdentifier> = CATALOGUES.locales().cloned().collect();
    ids.sort_by_key(|id| {
        let code = id.to_string();
        (code != "en", code)
    });
    ids.into_iter()
        .map(|id| {
            let code = id.to_string().to_ascii_lowercase();
            let formats = CATALOGUES
                .try_lookup(&id, "format-locale")
                .and_then(|s| icu_locale_core::Locale::try_from_str(s.trim()).ok())
                .or_else(|| icu_locale_core::Locale::try_from_str(&code).ok())
                .unwrap_or(icu_locale_core::Locale::UNKNOWN);
            Known { code, id, formats }
        })
        .collect()
});

impl Lang {
    /// English: the fallback catalogue, always present.
    pub const ENGLISH: Lang = Lang(0);

    /// Every language the bot has, English first.
    pub fn all() -> impl Iterator<Item = Lang> {
        (0..KNOWN.len()).map(|i| Lang(i as u8))
    }

    /// The bot's language for a Telegram `language_code` (an IETF tag such as `pt-BR` or
    /// `de`): the exact catalogue if there is one, else the one for the base language.
    /// `None` when the bot lacks it.
    pub fn from_code(tag: &str) -> Option<Lang> {
        let tag = tag.trim().replace('_', "-").to_ascii_lowercase();
        if tag.is_empty() {
            return None;
        }
        let base = tag.split('-').next().unwrap_or_default();
        let find = |want: &str| {
            KNOWN
                .iter()
                .position(|k| k.code == want)
                .map(|i| Lang(i as u8))
        };
        find(&tag).or_else(|| find(base))
    }

    /// The language a citizen is answered in: the one they chose with /language, else their
    /// Telegram language when the bot has it, else `default` (`DEFAULT_LANGUAGE`).
    pub fn resolve(chosen: Option<&str>, telegram: Option<&str>, default: Lang) -> Lang {
        chosen
            .and_then(Lang::from_code)
            .or_else(|| telegram.and_then(Lang::from_code))
            .unwrap_or(default)
    }

    /// The catalogue's code (`en`, `pt`, …), as stored and as sent to `setMyCommands`.
    pub fn code(self) -> &'static str {
        &KNOWN[self.0 as usize].code
    }

    /// The `callback_data` of this language's `/language` button (`lang:pt`; codes are short,
    /// far below Telegram's 64-byte limit).
    pub fn callback_data(self) -> String {
        format!("lang:{}", self.code())
    }

    /// Reads a `/language` button's data back; `None` for anything else.
    pub fn from_callback(data: &str) -> Option<Lang> {
        let code = data.strip_prefix("lang:")?;
        Lang::all().find(|l| l.code() == code)
    }

    /// The language's own name (`Deutsch`), for the `/language` buttons.
    pub fn name(self) -> String {
        self.text("language-name", &[])
    }

    fn known(self) -> &'static Known {
        &KNOWN[self.0 as usize]
    }

    /// The text for `key` (a message, or `message.attribute`) with its arguments.
    pub(crate) fn text(self, key: &str, args: &[(&'static str, Arg)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'static>> = args
            .iter()
            .map(|(name, value)| (Cow::Borrowed(*name), value.to_fluent()))
            .collect();
        CATALOGUES.lookup_complete(&self.known().id, key, Some(&args))
    }

    /// An integer with the locale's digit grouping (`12,345`, `12.345`, `12 345`).
    pub fn integer(self, n: i64) -> String {
        formatted(
            Site::Decimal,
            self,
            || {
                icu_decimal::DecimalFormatter::try_new(
                    (&self.known().formats).into(),
                    Default::default(),
                )
            },
            |f| f.format(&icu_decimal::input::Decimal::from(n)).to_string(),
        )
        .unwrap_or_else(|| n.to_string())
    }

    /// A number with exactly `digits` decimals and the locale's separators (`0.0012`, `0,0012`).
    pub fn decimal(self, x: f64, digits: usize) -> String {
        let plain = format!("{x:.digits$}");
        let Ok(d) = icu_decimal::input::Decimal::from_str(&plain) else {
            return plain;
        };
        formatted(
            Site::Decimal,
            self,
            || {
                icu_decimal::DecimalFormatter::try_new(
                    (&self.known().formats).into(),
                    Default::default(),
                )
            },
            |f| f.format(&d).to_string(),
        )
        .unwrap_or(plain)
    }

    /// A time of day (`14:02`), today's in `tz`, or with the weekday and date on another day
    /// (`Tue 1 Dec, 14:02`); no zone (the reader's `TIMEZONE` is implied).
    pub fn short_time(self, at: DateTime<Utc>, now: DateTime<Utc>, tz: Tz) -> String {
        use icu_datetime::DateTimeFormatter;
        use icu_datetime::fieldsets::{MDE, T};
        let local = at.with_timezone(&tz);
        let Some(input) = icu_input(&local) else {
            return local.format("%Y-%m-%d %H:%M").to_string();
        };
        let prefs = (&self.known().formats).into();
        let text = if local.date_naive() == now.with_timezone(&tz).date_naive() {
            formatted(
                Site::Time,
                self,
                || DateTimeFormatter::try_new(prefs, T::hm()),
                |f| f.format(&input).to_string(),
            )
        } else {
            formatted(
                Site::DayTime,
                self,
                || DateTimeFormatter::try_new(prefs, MDE::medium().with_time_hm()),
                |f| f.format(&input).to_string(),
            )
        };
        text.unwrap_or_else(|| local.format("%Y-%m-%d %H:%M").to_string())
    }

    /// A date with its weekday in `tz` (`Tue, 1 Dec 2026`).
    pub fn date(self, at: DateTime<Utc>, tz: Tz) -> String {
        use icu_datetime::DateTimeFormatter;
        use icu_datetime::fieldsets::YMDE;
        let local = at.with_timezone(&tz);
        let Some(input) = icu_input(&local) else {
            return local.format("%Y-%m-%d").to_string();
        };
        formatted(
            Site::Date,
            self,
            || DateTimeFormatter::try_new((&self.known().formats).into(), YMDE::medium()),
            |f| f.format(&input).to_string(),
        )
        .unwrap_or_else(|| local.format("%Y-%m-%d").to_string())
    }

    /// A date and time in `tz`, in the locale's medium style with its zone's abbreviation
    /// (`26 Nov 2026, 08:30 UTC`); without the year when `with_year` is false.
    pub fn datetime(self, at: DateTime<Utc>, tz: Tz, with_year: bool) -> String {
        use icu_datetime::DateTimeFormatter;
        use icu_datetime::fieldsets::{MD, YMD};
        let local = at.with_timezone(&tz);
        let zone = local.format("%Z").to_string();
        let Some(input) = icu_input(&local) else {
            return local.format("%Y-%m-%d %H:%M %Z").to_string();
        };
        let prefs = (&self.known().formats).into();
        let text = if with_year {
            formatted(
                Site::DateTimeYear,
                self,
                || DateTimeFormatter::try_new(prefs, YMD::medium().with_time_hm()),
                |f| f.format(&input).to_string(),
            )
        } else {
            formatted(
                Site::DateTime,
                self,
                || DateTimeFormatter::try_new(prefs, MD::medium().with_time_hm()),
                |f| f.format(&input).to_string(),
            )
        };
        match text {
            Some(text) => format!("{text} {zone}"),
            None => local.format("%Y-%m-%d %H:%M %Z").to_string(),
        }
    }
}

/// Which formatter: one per shape of number or time the texts show.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Site {
    Decimal,
    Time,
    DayTime,
    Date,
    DateTime,
    DateTimeYear,
}

/// A formatter of some shape (`None`: it could not be built).
type AnyFormatter = Option<Box<dyn Any>>;

thread_local! {
    /// Formatters by shape and language, built once per thread: building one loads its
    /// locale's data, which costs more than formatting with it (a few per message sent).
    static FORMATTERS: RefCell<HashMap<(Site, Lang), AnyFormatter>> =
        RefCell::new(HashMap::new());
}

/// `with` applied to the formatter of `site` for `lang` (`make` builds it the first time);
/// `None` when it cannot be built.
fn formatted<F: 'static, E, R>(
    site: Site,
    lang: Lang,
    make: impl FnOnce() -> Result<F, E>,
    with: impl FnOnce(&F) -> R,
) -> Option<R> {
    FORMATTERS.with(|cache| {
        let mut cache = cache.borrow_mut();
        let formatter = cache
            .entry((site, lang))
            .or_insert_with(|| make().ok().map(|f| Box::new(f) as Box<dyn Any>));
        formatter.as_ref()?.downcast_ref::<F>().map(with)
    })
}

/// ICU's view of a local time (to the minute).
fn icu_input(local: &DateTime<Tz>) -> Option<icu_time::DateTime<icu_calendar::Iso>> {
    Some(icu_time::DateTime {
        date: icu_calendar::Date::try_new_iso(local.year(), local.month() as u8, local.day() as u8)
            .ok()?,
        time: icu_time::Time::try_new(local.hour() as u8, local.minute() as u8, 0, 0).ok()?,
    })
}

impl Default for Lang {
    fn default() -> Lang {
        Lang::ENGLISH
    }
}

impl fmt::Debug for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Lang({})", self.code())
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A language code the bot has no catalogue for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a language the bot has ({list})", list = Lang::all().map(Lang::code).collect::<Vec<_>>().join(", "))]
pub struct UnknownLang(pub String);

impl FromStr for Lang {
    type Err = UnknownLang;
    fn from_str(s: &str) -> Result<Lang, UnknownLang> {
        Lang::from_code(s).ok_or_else(|| UnknownLang(s.to_owned()))
    }
}

/// Who reads a text: their language and the time zone times are shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Locale {
    pub lang: Lang,
    pub tz: Tz,
}

impl Locale {
    /// English, times in UTC.
    pub const ENGLISH: Locale = Locale {
        lang: Lang::ENGLISH,
        tz: Tz::UTC,
    };

    pub fn new(lang: Lang, tz: Tz) -> Locale {
        Locale { lang, tz }
    }
}

impl From<Lang> for Locale {
    fn from(lang: Lang) -> Locale {
        Locale { lang, tz: Tz::UTC }
    }
}

/// A placeholder's value. Report numbers and chat ids are `Str` so they are never grouped
/// (`#12345`, not `#12,345`); `Count` is a number Fluent picks the plural form by.
#[derive(Debug, Clone)]
pub(crate) enum Arg {
    Str(String),
    Count(i64),
}

impl Arg {
    fn to_fluent(&self) -> FluentValue<'static> {
        match self {
            Arg::Str(s) => FluentValue::from(s.clone()),
            Arg::Count(n) => FluentValue::from(*n),
        }
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Str(s)
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Str(s.to_owned())
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Str(s.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_comes_first_and_every_catalogue_is_a_language() {
        let codes: Vec<_> = Lang::all().map(Lang::code).collect();
        assert_eq!(codes[0], "en");
        for code in ["es", "pt", "fr", "de", "af"] {
            assert!(codes.contains(&code), "{codes:?} lacks {code}");
        }
        assert_eq!(Lang::ENGLISH.code(), "en");
    }

    #[test]
    fn a_telegram_language_code_finds_the_base_language() {
        assert_eq!(Lang::from_code("pt-BR").map(Lang::code), Some("pt"));
        assert_eq!(Lang::from_code("DE").map(Lang::code), Some("de"));
        assert_eq!(Lang::from_code("en_US").map(Lang::code), Some("en"));
        assert_eq!(Lang::from_code("af").map(Lang::code), Some("af"));
        assert_eq!(Lang::from_code("xx"), None);
        assert_eq!(Lang::from_code(""), None);
        let e = "zz".parse::<Lang>().unwrap_err().to_string();
        let codes: Vec<_> = Lang::all().map(Lang::code).collect();
        assert_eq!(
            e,
            format!("not a language the bot has ({})", codes.join(", "))
        );
    }

    #[test]
    fn a_choice_wins_over_telegrams_language_which_wins_over_the_default() {
        let [de, fr] = ["de", "fr"].map(|c| Lang::from_code(c).unwrap());
        assert_eq!(Lang::resolve(Some("fr"), Some("de-AT"), Lang::ENGLISH), fr);
        assert_eq!(Lang::resolve(None, Some("de-AT"), Lang::ENGLISH), de);
        assert_eq!(Lang::resolve(None, Some("qq"), fr), fr);
        assert_eq!(Lang::resolve(Some("gone"), None, de), de);
        assert_eq!(Lang::resolve(None, None, Lang::ENGLISH), Lang::ENGLISH);
    }

    #[test]
    fn language_buttons_round_trip_and_fit_telegrams_limit() {
        for lang in Lang::all() {
            let data = lang.callback_data();
            assert!(data.len() <= 64, "{data}");
            assert_eq!(Lang::from_callback(&data), Some(lang));
        }
        assert_eq!(Lang::from_callback("lang:xx"), None);
        assert_eq!(Lang::from_callback("fixed:1"), None);
    }

    #[test]
    fn numbers_follow_the_locale() {
        let de: Lang = "de".parse().unwrap();
        assert_eq!(Lang::ENGLISH.integer(12345), "12,345");
        assert_eq!(de.integer(12345), "12.345");
        assert_eq!(Lang::ENGLISH.decimal(0.0012, 4), "0.0012");
        assert_eq!(de.decimal(0.0012, 4), "0,0012");
        // The formatters are kept per language and shape: asking again, in any order, gives
        // each language its own.
        for _ in 0..2 {
            assert_eq!(de.decimal(1.5, 1), "1,5");
            assert_eq!(Lang::ENGLISH.integer(1234), "1,234");
            assert_eq!(de.integer(1234), "1.234");
            assert_eq!(Lang::ENGLISH.decimal(1.5, 1), "1.5");
        }
    }

    #[test]
    fn short_times_are_local_and_name_the_day_only_when_it_is_not_today() {
        let at = DateTime::parse_from_rfc3339("2026-07-01T12:02:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let berlin = chrono_tz::Europe::Berlin;
        assert_eq!(Lang::ENGLISH.short_time(at, at, berlin), "14:02");
        let later = at + chrono::Duration::days(2);
        let other_day = Lang::ENGLISH.short_time(at, later, berlin);
        assert!(
            other_day.contains("Wed") && other_day.contains("1 Jul") && other_day.contains("14:02"),
            "{other_day}"
        );
        let de: Lang = "de".parse().unwrap();
        let german = de.short_time(at, later, berlin);
        assert!(
            german.contains("1.") && german.contains("14:02"),
            "{german}"
        );
        let day = Lang::ENGLISH.date(at, berlin);
        assert!(day.contains("Wed") && day.contains("2026"), "{day}");
    }

    #[test]
    fn times_are_shown_in_the_readers_time_zone() {
        let at = DateTime::parse_from_rfc3339("2026-11-26T08:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let en = Lang::ENGLISH.datetime(at, Tz::UTC, true);
        assert!(
            en.contains("2026") && en.contains("08:30") && en.ends_with("UTC"),
            "{en}"
        );
        let jhb = Lang::ENGLISH.datetime(at, chrono_tz::Africa::Johannesburg, false);
        assert!(jhb.contains("10:30") && jhb.ends_with("SAST"), "{jhb}");
        assert!(!jhb.contains("2026"), "{jhb}");
        let de = "de".parse::<Lang>().unwrap().datetime(at, Tz::UTC, true);
        assert!(de.contains("26.") && de.contains("08:30"), "{de}");
    }
}
