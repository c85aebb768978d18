//! Webhook mode's settings: `TELEGRAM_WEBHOOK_URL` and `TELEGRAM_WEBHOOK_SECRET`.

use std::io::Read;

use super::ConfigError;

/// Ports Telegram delivers webhooks to.
pub const TELEGRAM_PORTS: [u16; 4] = [443, 80, 88, 8443];

/// 32 random bytes from the system's CSPRNG, as 64 hex digits (a valid secret token).
fn random_secret() -> std::io::Result<String> {
    let mut bytes = [0u8; 32];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// `TELEGRAM_WEBHOOK_URL` and `TELEGRAM_WEBHOOK_SECRET`.
#[derive(Clone, PartialEq, Eq)]
pub struct WebhookSettings {
    pub url: reqwest::Url,
    /// Random at each start when not set.
    pub secret: String,
}

impl std::fmt::Debug for WebhookSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookSettings")
            .field("url", &self.url.as_str())
            .field("secret", &"[redacted]")
            .finish()
    }
}

impl WebhookSettings {
    /// `None` when `TELEGRAM_WEBHOOK_URL` is unset (long polling). Against Telegram itself the
    /// URL must be https on one of the ports Telegram delivers to; a local Bot API server
    /// (`TELEGRAM_API_URL` elsewhere) also takes http and any port.
    pub fn from_lookup(
        get: &dyn Fn(&str) -> Option<String>,
        api_url: &reqwest::Url,
    ) -> Result<Option<WebhookSettings>, ConfigError> {
        let get = |name: &str| {
            get(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let invalid = |name: &'static str, reason: String| ConfigError::Invalid { name, reason };
        let secret = get("TELEGRAM_WEBHOOK_SECRET");
        if let Some(s) = &secret {
            let ok = (1..=256).contains(&s.len())
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
            if !ok {
                return Err(invalid(
                    "TELEGRAM_WEBHOOK_SECRET",
                    "must be 1 to 256 characters of A-Z, a-z, 0-9, _ and -".to_owned(),
                ));
            }
        }
        let Some(raw) = get("TELEGRAM_WEBHOOK_URL") else {
            return Ok(None);
        };
        let name = "TELEGRAM_WEBHOOK_URL";
        let url = reqwest::Url::parse(&raw)
            .map_err(|e| invalid(name, format!("{raw:?} is not a URL ({e})")))?;
        let official = api_url.host_str() == Some("api.telegram.org");
        match url.scheme() {
            "https" => {}
            "http" if !official => {}
            _ => return Err(invalid(name, format!("{raw:?} must be an https URL"))),
        }
        if url.host().is_none() {
            return Err(invalid(name, format!("{raw:?} has no host")));
        }
        let port = url.port_or_known_default().unwrap_or(0);
        if official && !TELEGRAM_PORTS.contains(&port) {
            return Err(invalid(
                name,
                format!("port {port}: Telegram delivers only to ports 443, 80, 88 and 8443"),
            ));
        }
        if url.path() == "/" || super::http::is_public_path(url.path()) {
            return Err(invalid(
                name,
                format!(
                    "{raw:?} needs a path of its own, like /telegram/webhook (not / or a public page)"
                ),
            ));
        }
        let secret = match secret {
            Some(s) => s,
            None => random_secret().map_err(|e| {
                invalid(
                    "TELEGRAM_WEBHOOK_SECRET",
                    format!("not set, and no random one could be made ({e})"),
                )
            })?,
        };
        Ok(Some(WebhookSettings { url, secret }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn from(pairs: &[(&str, &str)], api: &str) -> Result<Option<WebhookSettings>, ConfigError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        WebhookSettings::from_lookup(&|k| map.get(k).cloned(), &api.parse().unwrap())
    }

    const TG: &str = "https://api.telegram.org";

    #[test]
    fn unset_means_polling_and_a_secret_is_made_when_missing() {
        assert_eq!(from(&[], TG).unwrap(), None);
        let a = from(
            &[("TELEGRAM_WEBHOOK_URL", "https://bot.example.org/tg")],
            TG,
        )
        .unwrap()
        .unwrap();
        let b = from(
            &[("TELEGRAM_WEBHOOK_URL", "https://bot.example.org/tg")],
            TG,
        )
        .unwrap()
        .unwrap();
        assert!(a.secret.len() >= 32, "{}", a.secret.len());
        assert_ne!(a.secret, b.secret, "random at each start");
        assert!(!format!("{a:?}").contains(&a.secret));
    }

    #[test]
    fn telegram_delivers_only_over_https_to_four_ports() {
        for ok in [
            "https://bot.example.org/tg",
            "https://bot.example.org:8443/tg",
            "https://bot.example.org:88/tg",
        ] {
            assert!(from(&[("TELEGRAM_WEBHOOK_URL", ok)], TG).is_ok(), "{ok}");
        }
        for bad in [
            "http://bot.example.org/tg",
            "https://bot.example.org:8080/tg",
            "https://bot.example.org/",
            "https://bot.example.org/healthz",
            "https://bot.example.org/open311/v2/requests.json",
            "not a url",
        ] {
            let e = from(&[("TELEGRAM_WEBHOOK_URL", bad)], TG)
                .unwrap_err()
                .to_string();
            assert!(e.starts_with("TELEGRAM_WEBHOOK_URL is invalid"), "{e}");
            assert!(!e.contains('\n'));
        }
        // A local Bot API server takes http on any port.
        assert!(
            from(
                &[("TELEGRAM_WEBHOOK_URL", "http://127.0.0.1:9000/tg")],
                "http://127.0.0.1:8081"
            )
            .is_ok()
        );
    }

    #[test]
    fn a_secret_must_be_what_telegram_accepts() {
        let url = ("TELEGRAM_WEBHOOK_URL", "https://bot.example.org/tg");
        for bad in ["has space", "ünïcode", &"x".repeat(257)] {
            let e = from(&[url, ("TELEGRAM_WEBHOOK_SECRET", bad)], TG)
                .unwrap_err()
                .to_string();
            assert!(e.starts_with("TELEGRAM_WEBHOOK_SECRET is invalid"), "{e}");
        }
        let s = from(&[url, ("TELEGRAM_WEBHOOK_SECRET", "abc_DEF-123")], TG)
            .unwrap()
            .unwrap();
        assert_eq!(s.secret, "abc_DEF-123");
    }
}
