-- Results of `pothole-bot eval`, so a re-run after an interruption does not pay for an image
-- twice. One row per (image content, model, prompt version, detail); nothing here is about a
-- citizen or a report.
CREATE TABLE eval_cache (
    image_sha256      TEXT    NOT NULL,   -- hex SHA-256 of the file's bytes
    model             TEXT    NOT NULL,   -- the model asked for (--model)
    prompt_version    INTEGER NOT NULL,
    detail            TEXT    NOT NULL,   -- low / high / auto, '+high' when unclear ones were retried
    severity          TEXT    NOT NULL CHECK (severity IN ('minor', 'moderate', 'severe', 'not_pothole', 'unclear')),
    confidence        REAL,
    depth_mm          INTEGER,
    width_mm          INTEGER,
    reason            TEXT    NOT NULL,
    answered_model    TEXT    NOT NULL,   -- the model the server said answered
    prompt_tokens     INTEGER,
    completion_tokens INTEGER,
    cost_usd          REAL,               -- NULL when unknown
    latency_ms        INTEGER NOT NULL,
    created_at        TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (image_sha256, model, prompt_version, detail)
) STRICT, WITHOUT ROWID;

-- A pothole graded with less confidence than REVIEW_BELOW_CONFIDENCE (or with none) is flagged
-- for the crews to look at rather than trust blindly: 1 = needs a look.
ALTER TABLE reports ADD COLUMN needs_review INTEGER NOT NULL DEFAULT 0 CHECK (needs_review IN (0, 1));
