//! The HTTP server's settings: where it listens, how the world reaches it, what it shows.

use std::net::SocketAddr;
use std::time::Duration;

use super::ConfigError;

/// Whether `path` is (under) one of the public HTTP server's routes.
pub fn is_public_path(path: &str) -> bool {
    ["/assets/", "/photos/", "/open311/"]
        .iter()
        .any(|p| path.starts_with(p))
        || ["/", "/healthz", "/metrics", "/reports.geojson"].contains(&path)
}

/// OpenStreetMap's standard tile layer.
pub const OSM_TILES: &str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

#[derive(Debug, Clone, PartialEq)]
pub struct HttpSettings {
    /// `None` when `HTTP_ADDR=off`.
    pub addr: Option<SocketAddr>,
    /// How the outside world reaches the server, without a trailing slash (for links).
    pub public_base_url: String,
    pub public_photos: bool,
    pub map_tiles_url: String,
    /// A request must arrive (headers) and be answered (head) within this.
    pub request_timeout: Duration,
    /// Connections served at once; more wait in the kernel's queue.
    pub max_connections: usize,
}

impl HttpSettings {
    /// Reads `HTTP_ADDR`, `PUBLIC_BASE_URL`, `PUBLIC_PHOTOS`, `MAP_TILES_URL`,
    /// `HTTP_REQUEST_TIMEOUT` and `HTTP_MAX_CONNECTIONS` through `get` (blank counts as unset).
    pub fn from_lookup(get: &dyn Fn(&str) -> Option<String>) -> Result<HttpSettings, ConfigError> {
        let get = |name: &str| {
            get(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let invalid = |name: &'static str, reason: String| ConfigError::Invalid { name, reason };
        let addr = match get("HTTP_ADDR").as_deref() {
            Some(v) if v.eq_ignore_ascii_case("off") => None,
            Some(v) => Some(v.parse::<SocketAddr>().map_err(|_| {
                invalid(
                    "HTTP_ADDR",
                    format!("{v:?} is not an address like 127.0.0.1:8080 (or off)"),
                )
            })?),
            None => Some(SocketAddr::from(([127, 0, 0, 1], 8080))),
        };
        let public_base_url = match get("PUBLIC_BASE_URL") {
            Some(v) => {
                let url = reqwest::Url::parse(&v)
                    .ok()
                    .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
                    .ok_or_else(|| {
                        invalid("PUBLIC_BASE_URL", format!("{v:?} is not an http(s) URL"))
                    })?;
                url.as_str().trim_end_matches('/').to_owned()
            }
            None => format!(
                "http://{}",
                addr.unwrap_or(SocketAddr::from(([127, 0, 0, 1], 8080)))
            ),
        };
        let public_photos = match get("PUBLIC_PHOTOS").map(|v| v.to_ascii_lowercase()) {
            None => false,
            Some(v) if ["1", "true", "yes", "on"].contains(&v.as_str()) => true,
            Some(v) if ["0", "false", "no", "off"].contains(&v.as_str()) => false,
            Some(v) => {
                return Err(invalid(
                    "PUBLIC_PHOTOS",
                    format!("{v:?} is not true or false"),
                ));
            }
        };
        let map_tiles_url = get("MAP_TILES_URL").unwrap_or_else(|| OSM_TILES.to_owned());
        if !(map_tiles_url.starts_with("https://") || map_tiles_url.starts_with("http://"))
            || !["{z}", "{x}", "{y}"]
                .iter()
                .all(|p| map_tiles_url.contains(p))
            || map_tiles_url.contains(['"', '<', '>', '\\', '`'])
        {
            return Err(invalid(
                "MAP_TILES_URL",
                "expected an http(s) template with {z}, {x} and {y}".to_owned(),
            ));
        }
        let request_timeout = match get("HTTP_REQUEST_TIMEOUT") {
            None => Duration::from_secs(10),
            Some(v) => parse_duration(&v)
                .filter(|d| !d.is_zero() && *d <= Duration::from_secs(600))
                .ok_or_else(|| {
                    invalid(
                        "HTTP_REQUEST_TIMEOUT",
                        format!("{v:?} is not a duration like 10s (at most 10m)"),
                    )
                })?,
        };
        let max_connections = match get("HTTP_MAX_CONNECTIONS") {
            None => 256,
            Some(v) => v
                .parse()
                .ok()
                .filter(|n: &usize| (1..=100_000).contains(n))
                .ok_or_else(|| {
                    invalid(
                        "HTTP_MAX_CONNECTIONS",
                        format!("{v:?} is not a whole number from 1 to 100000"),
                    )
                })?,
        };
        Ok(HttpSettings {
            addr,
            public_base_url,
            public_photos,
            map_tiles_url,
            request_timeout,
            max_connections,
        })
    }
}

/// `90s`, `15m`, `24h`, `14d` (and `500ms`).
fn parse_duration(v: &str) -> Option<Duration> {
    let split = v.find(|c: char| !c.is_ascii_digit())?;
    let (n, unit) = v.split_at(split);
    let n: u64 = n.parse().ok()?;
    let secs = match unit.trim() {
        "ms" => return Some(Duration::from_millis(n)),
        "s" => n,
        "m" => n.checked_mul(60)?,
        "h" => n.checked_mul(3600)?,
        "d" => n.checked_mul(86_400)?,
        _ => return None,
    };
    Some(Duration::from_secs(secs))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn from(pairs: &[(&str, &str)]) -> Result<HttpSettings, ConfigError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        HttpSettings::from_lookup(&|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_follow_the_spec() {
        let s = from(&[]).unwrap();
        assert_eq!(s.addr, Some("127.0.0.1:8080".parse().unwrap()));
        assert_eq!(s.public_base_url, "http://127.0.0.1:8080");
        assert!(!s.public_photos);
        assert_eq!(s.map_tiles_url, OSM_TILES);
    }

    #[test]
    fn off_turns_the_server_off_and_the_base_url_follows_the_address() {
        assert_eq!(from(&[("HTTP_ADDR", "off")]).unwrap().addr, None);
        let s = from(&[("HTTP_ADDR", "0.0.0.0:9000")]).unwrap();
        assert_eq!(s.public_base_url, "http://0.0.0.0:9000");
        let s = from(&[("PUBLIC_BASE_URL", "https://potholes.example.org/")]).unwrap();
        assert_eq!(s.public_base_url, "https://potholes.example.org");
    }

    #[test]
    fn malformed_values_are_named_in_one_line() {
        for (name, value) in [
            ("HTTP_ADDR", "localhost"),
            ("PUBLIC_BASE_URL", "ftp://x"),
            ("PUBLIC_PHOTOS", "maybe"),
            ("MAP_TILES_URL", "https://tiles.example/{z}.png"),
            ("MAP_TILES_URL", "javascript:alert(1)/{z}/{x}/{y}"),
            ("HTTP_REQUEST_TIMEOUT", "soon"),
            ("HTTP_MAX_CONNECTIONS", "0"),
        ] {
            let err = from(&[(name, value)]).unwrap_err().to_string();
            assert!(err.starts_with(&format!("{name} is invalid")), "{err}");
            assert!(!err.contains('\n'));
        }
    }
}
