//! The `eval_cache` table: verdicts `pothole-bot eval` already paid for, keyed by the image's
//! content, the model, the prompt version and the detail.

use rusqlite::{OptionalExtension, named_params};

use super::{Db, StoreError};
use crate::domain::{Severity, Verdict};

/// What identifies one paid-for verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheKey {
    pub image_sha256: String,
    pub model: String,
    pub prompt_version: u32,
    pub detail: String,
}

/// A cached verdict with what it cost when it was paid for.
#[derive(Debug, Clone, PartialEq)]
pub struct Cached {
    pub verdict: Verdict,
    pub answered_model: String,
    pub prompt_tokens: Option<u64>,
    pub completion_tokens: Option<u64>,
    pub cost_usd: Option<f64>,
    pub latency_ms: u64,
}

const LOOKUP: &str = "SELECT severity, confidence, depth_mm, width_mm, reason, answered_model,
        prompt_tokens, completion_tokens, cost_usd, latency_ms
   FROM eval_cache
  WHERE image_sha256 = :hash AND model = :model AND prompt_version = :pv AND detail = :detail";

impl Db {
    pub async fn eval_cached(&self, key: CacheKey) -> Result<Option<Cached>, StoreError> {
        self.call(move |conn| {
            let row = conn
                .prepare_cached(LOOKUP)?
                .query_row(
                    named_params! {
                        ":hash": key.image_sha256, ":model": key.model,
                        ":pv": key.prompt_version, ":detail": key.detail,
                    },
                    |r| {
                        Ok((
                            r.get::<_, String>(0)?,
                            r.get::<_, Option<f64>>(1)?,
                            r.get::<_, Option<i64>>(2)?,
                            r.get::<_, Option<i64>>(3)?,
                            r.get::<_, String>(4)?,
                            Cached {
                                verdict: Verdict::new(Severity::Unclear, None, None, None, ""),
                                answered_model: r.get(5)?,
                                prompt_tokens: r.get::<_, Option<i64>>(6)?.map(|t| t as u64),
                                completion_tokens: r.get::<_, Option<i64>>(7)?.map(|t| t as u64),
                                cost_usd: r.get(8)?,
                                latency_ms: r.get::<_, i64>(9)? as u64,
                            },
                        ))
                    },
                )
                .optional()?;
            Ok(
                row.and_then(|(sev, conf, depth, width, reason, mut cached)| {
                    // A row whose severity no longer parses is as good as absent.
                    let severity: Severity = sev.parse().ok()?;
                    cached.verdict = Verdict::new(
                        severity,
                        conf,
                        depth.map(|d| d as f64),
                        width.map(|w| w as f64),
                        &reason,
                    );
                    Some(cached)
                }),
            )
        })
        .await
    }

    pub async fn eval_store(&self, key: CacheKey, value: Cached) -> Result<(), StoreError> {
        self.call(move |conn| {
            let v = &value.verdict;
            conn.prepare_cached(
                "INSERT INTO eval_cache (image_sha256, model, prompt_version, detail, severity,
                        confidence, depth_mm, width_mm, reason, answered_model, prompt_tokens,
                        completion_tokens, cost_usd, latency_ms)
                 VALUES (:hash, :model, :pv, :detail, :severity, :conf, :depth, :width, :reason,
                        :answered, :pt, :ct, :cost, :latency)
                 ON CONFLICT DO UPDATE SET severity = excluded.severity,
                        confidence = excluded.confidence, depth_mm = excluded.depth_mm,
                        width_mm = excluded.width_mm, reason = excluded.reason,
                        answered_model = excluded.answered_model,
                        prompt_tokens = excluded.prompt_tokens,
                        completion_tokens = excluded.completion_tokens,
                        cost_usd = excluded.cost_usd, latency_ms = excluded.latency_ms",
            )?
            .execute(named_params! {
                ":hash": key.image_sha256, ":model": key.model, ":pv": key.prompt_version,
                ":detail": key.detail, ":severity": v.severity.as_str(), ":conf": v.confidence,
                ":depth": v.depth_mm, ":width": v.width_mm, ":reason": v.reason,
                ":answered": value.answered_model,
                ":pt": value.prompt_tokens.map(|t| t as i64),
                ":ct": value.completion_tokens.map(|t| t as i64),
                ":cost": value.cost_usd, ":latency": value.latency_ms as i64,
            })?;
            Ok(())
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(model: &str) -> CacheKey {
        CacheKey {
            image_sha256: "ab".repeat(32),
            model: model.into(),
            prompt_version: 2,
            detail: "low".into(),
        }
    }

    #[tokio::test]
    async fn a_stored_verdict_is_found_by_its_whole_key_only() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("t.db")).unwrap();
        assert_eq!(db.eval_cached(key("m")).await.unwrap(), None);
        let value = Cached {
            verdict: Verdict::new(Severity::Severe, Some(0.9), Some(80.0), None, "deep"),
            answered_model: "m-2024".into(),
            prompt_tokens: Some(2900),
            completion_tokens: None,
            cost_usd: None,
            latency_ms: 812,
        };
        db.eval_store(key("m"), value.clone()).await.unwrap();
        assert_eq!(db.eval_cached(key("m")).await.unwrap(), Some(value));
        assert_eq!(db.eval_cached(key("other")).await.unwrap(), None);
        let mut k = key("m");
        k.prompt_version = 3;
        assert_eq!(db.eval_cached(k).await.unwrap(), None);
    }

    #[test]
    fn the_lookup_uses_the_primary_key() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        super::super::migrations::apply(&mut conn).unwrap();
        let plan: Vec<String> = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {LOOKUP}"))
            .unwrap()
            .query_map(
                named_params! {":hash": "h", ":model": "m", ":pv": 1, ":detail": "low"},
                |r| r.get::<_, String>(3),
            )
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert!(
            plan.iter().any(|p| p.contains("USING PRIMARY KEY")),
            "{plan:?}"
        );
    }
}
