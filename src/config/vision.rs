//! Vision model settings: everything a client of the Chat Completions API needs, and nothing
//! of Telegram's, so a command that only grades photos can run without a bot token.

use std::time::Duration;

use super::{ConfigError, Env, Secret, invalid, parse_http_url, shown};
use crate::domain::ImageDetail;
use crate::domain::cost::PriceOverride;
use crate::vision::provider::{AZURE_DEFAULT_API_VERSION, ProviderSetting};

/// US dollars per million tokens: free (a local model) up to far above any price list.
const PRICE: std::ops::RangeInclusive<f64> = 0.0..=10_000.0;

#[derive(Debug, Clone)]
pub struct VisionSettings {
    /// `OPENAI_API_KEY`.
    pub api_key: Secret,
    /// `OPENAI_BASE_URL`, without a trailing slash.
    pub base_url: String,
    /// `OPENAI_MODEL`.
    pub model: String,
    /// `OPENAI_IMAGE_DETAIL`.
    pub image_detail: ImageDetail,
    /// `OPENAI_PRICE_INPUT_PER_MTOK`, `OPENAI_PRICE_OUTPUT_PER_MTOK`: when set, they win over
    /// the cost table's list prices for `OPENAI_MODEL`.
    pub prices: PriceOverride,
    /// `OPENAI_PROVIDER`: which kind of server `OPENAI_BASE_URL` is (`auto`: from the URL).
    pub provider: ProviderSetting,
    /// `AZURE_OPENAI_API_VERSION`: the api-version for Azure deployments.
    pub azure_api_version: String,

    /// `OPENAI_TIMEOUT_SECS`: a whole answer.
    pub timeout: Duration,
    /// `OPENAI_CONNECT_TIMEOUT_SECS`.
    pub connect_timeout: Duration,
}

impl VisionSettings {
    /// Reads the vision settings alone. Blank values count as unset.
    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<VisionSettings, ConfigError> {
        VisionSettings::read(&Env::new(&lookup))
    }

    pub(crate) fn read(env: &Env<'_>) -> Result<VisionSettings, ConfigError> {
        let api_key = env.required(
            "OPENAI_API_KEY",
            "create a key at platform.openai.com (any string for a local server) and put it in .env",
        )?;
        // It goes out in an HTTP header, which takes visible ASCII only.
        if !api_key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(invalid(
                "OPENAI_API_KEY",
                "must be printable ASCII without spaces",
            ));
        }
        let base_url = env.get_or("OPENAI_BASE_URL", "https://api.openai.com/v1")?;
        parse_http_url("OPENAI_BASE_URL", &base_url)?;
        let model = env.get_or("OPENAI_MODEL", "gpt-4o-mini")?;
        if model.chars().count() > 200 || model.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(invalid(
                "OPENAI_MODEL",
                format!(
                    "{} is not a model name (one word, at most 200 characters)",
                    shown(&model)
                ),
            ));
        }
        Ok(VisionSettings {
            api_key: Secret::new(api_key),
            base_url: base_url.trim_end_matches('/').to_owned(),
            model,
            image_detail: env.parsed("OPENAI_IMAGE_DETAIL", ImageDetail::Low)?,
            prices: PriceOverride {
                input_per_mtok: price(env, "OPENAI_PRICE_INPUT_PER_MTOK")?,
                output_per_mtok: price(env, "OPENAI_PRICE_OUTPUT_PER_MTOK")?,
            },
            provider: env.parsed("OPENAI_PROVIDER", ProviderSetting::Auto)?,
            azure_api_version: azure_api_version(env)?,

            timeout: env.secs("OPENAI_TIMEOUT_SECS", 60, 1..=3600)?,
            connect_timeout: env.secs("OPENAI_CONNECT_TIMEOUT_SECS", 10, 1..=600)?,
        })
    }
}

/// A price override, or `None` when unset (the cost table's price applies).
fn price(env: &Env<'_>, name: &'static str) -> Result<Option<f64>, ConfigError> {
    match env.get(name)? {
        None => Ok(None),
        Some(_) => env.number(name, 0.0, PRICE).map(Some),
    }
}

/// `YYYY-MM-DD` or `YYYY-MM-DD-preview`, as Azure names its API versions.
fn azure_api_version(env: &Env<'_>) -> Result<String, ConfigError> {
    let v = env.get_or("AZURE_OPENAI_API_VERSION", AZURE_DEFAULT_API_VERSION)?;
    let (date, rest) = v.split_at(v.len().min(10));
    let date_ok = date.len() == 10
        && date.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !date_ok || !(rest.is_empty() || rest == "-preview") {
        return Err(invalid(
            "AZURE_OPENAI_API_VERSION",
            format!(
                "{} is not an API version like {AZURE_DEFAULT_API_VERSION} or 2025-04-01-preview",
                shown(&v)
            ),
        ));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::tests::lookup;

    #[test]
    fn prices_are_overrides_only_when_set() {
        let v = VisionSettings::from_lookup(lookup(&[("OPENAI_API_KEY", "k")])).unwrap();
        assert_eq!(v.prices, PriceOverride::default());
        let v = VisionSettings::from_lookup(lookup(&[
            ("OPENAI_API_KEY", "k"),
            ("OPENAI_PRICE_INPUT_PER_MTOK", "0.2"),
        ]))
        .unwrap();
        assert_eq!(v.prices.input_per_mtok, Some(0.2));
        assert_eq!(v.prices.output_per_mtok, None);
    }

    #[test]
    fn provider_and_azure_version_are_checked() {
        let read = |pairs: &[(&str, &str)]| {
            let mut all = vec![("OPENAI_API_KEY", "k")];
            all.extend_from_slice(pairs);
            VisionSettings::from_lookup(lookup(&all))
        };
        let v = read(&[]).unwrap();
        assert_eq!(v.provider, ProviderSetting::Auto);
        assert_eq!(v.azure_api_version, AZURE_DEFAULT_API_VERSION);
        assert!(read(&[("OPENAI_PROVIDER", "ollama")]).is_ok());
        assert!(read(&[("AZURE_OPENAI_API_VERSION", "2025-04-01-preview")]).is_ok());
        for (name, value) in [
            ("OPENAI_PROVIDER", "anthropic"),
            ("AZURE_OPENAI_API_VERSION", "latest"),
            ("AZURE_OPENAI_API_VERSION", "2024-10-21&x=1"),
        ] {
            let e = read(&[(name, value)]).unwrap_err().to_string();
            assert!(e.starts_with(&format!("{name} is invalid")), "{e}");
        }
    }

    #[test]
    fn vision_settings_need_no_telegram_token_or_staff_chat() {
        let v = VisionSettings::from_lookup(lookup(&[("OPENAI_API_KEY", "sk-x")])).unwrap();
        assert_eq!(v.base_url, "https://api.openai.com/v1");
        assert_eq!(v.api_key.expose(), "sk-x");
        // And the client the grader uses can be built from them alone.
        crate::vision::VisionClient::new(&v).unwrap();
    }

    #[test]
    fn vision_settings_still_need_their_own_key() {
        let err = VisionSettings::from_lookup(lookup(&[("TELEGRAM_BOT_TOKEN", "1:a")]))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("OPENAI_API_KEY is not set"), "{err}");
    }

    #[test]
    fn a_trailing_slash_on_the_openai_url_is_dropped() {
        let v = VisionSettings::from_lookup(lookup(&[
            ("OPENAI_API_KEY", "k"),
            ("OPENAI_BASE_URL", "http://127.0.0.1:9/v1/"),
        ]))
        .unwrap();
        assert_eq!(v.base_url, "http://127.0.0.1:9/v1");
    }
}
