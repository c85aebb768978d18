//! Language settings: which catalogue answers citizens the bot has no language for, and which
//! one the staff chat reads.

use super::{ConfigError, Env};
use crate::domain::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LanguageSettings {
    /// `DEFAULT_LANGUAGE`: for citizens whose Telegram language has no catalogue.
    pub default_language: Lang,
    /// `STAFF_LANGUAGE`: alerts, buttons, pop-ups, staff commands and the model's reason.
    pub staff_language: Lang,
}

impl LanguageSettings {
    /// Reads the language settings alone. Blank values count as unset.
    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<LanguageSettings, ConfigError> {
        LanguageSettings::read(&Env::new(&lookup))
    }

    /// Each must be a language the bot has a catalogue for (`pt-BR` reads as `pt`).
    pub(crate) fn read(env: &Env<'_>) -> Result<LanguageSettings, ConfigError> {
        Ok(LanguageSettings {
            default_language: env.parsed("DEFAULT_LANGUAGE", Lang::ENGLISH)?,
            staff_language: env.parsed("STAFF_LANGUAGE", Lang::ENGLISH)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::tests::lookup;

    #[test]
    fn languages_default_to_english_and_must_be_ones_the_bot_has() {
        let s = LanguageSettings::from_lookup(lookup(&[])).unwrap();
        assert_eq!(
            (s.default_language, s.staff_language),
            (Lang::ENGLISH, Lang::ENGLISH)
        );
        let s = LanguageSettings::from_lookup(lookup(&[
            ("DEFAULT_LANGUAGE", "pt-BR"),
            ("STAFF_LANGUAGE", "af"),
        ]))
        .unwrap();
        assert_eq!(
            (s.default_language.code(), s.staff_language.code()),
            ("pt", "af")
        );
        for name in ["DEFAULT_LANGUAGE", "STAFF_LANGUAGE"] {
            let err = LanguageSettings::from_lookup(lookup(&[(name, "xx")]))
                .unwrap_err()
                .to_string();
            assert!(err.starts_with(name) && err.contains("\"xx\""), "{err}");
            assert!(err.contains("(en, ") && !err.contains('\n'), "{err}");
        }
    }
}
