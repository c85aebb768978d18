-- pothole-bot schema, version 2: staff buttons.
-- The crews can close a report from its alert: ✅ Fixed or ❌ Not a pothole. `reports.status`
-- gains two values, 'fixed' and 'rejected'. SQLite cannot change a CHECK constraint in place,
-- so the table is rebuilt the documented way (https://sqlite.org/lang_altertable.html#otheralter):
-- create the new table, copy every row, drop the old one, rename, recreate the indexes.
-- Foreign keys are switched off around the migrations (src/store/migrations.rs) and checked
-- before this migration commits. Every column, index and row is kept; ids do not change.

CREATE TABLE reports_new (
    id                INTEGER PRIMARY KEY,
    chat_id           INTEGER NOT NULL,
    message_id        INTEGER NOT NULL,
    user_id           INTEGER,
    reporter_name     TEXT,
    media_kind        TEXT    NOT NULL CHECK (media_kind IN ('photo', 'document')),
    file_id           TEXT    NOT NULL,
    file_unique_id    TEXT    NOT NULL,
    grade_file_id     TEXT    NOT NULL,
    grade_width       INTEGER,
    grade_height      INTEGER,
    mime_type         TEXT,
    media_group_id    TEXT,
    note              TEXT,
    latitude          REAL,
    longitude         REAL,
    located_at        TEXT,
    -- received → graded → alerted; failed; and, set by the crews' buttons, fixed or rejected
    status            TEXT    NOT NULL DEFAULT 'received'
                              CHECK (status IN ('received', 'graded', 'alerted', 'failed',
                                                'fixed', 'rejected')),
    severity          TEXT    CHECK (severity IN ('minor', 'moderate', 'severe', 'not_pothole', 'unclear')),
    confidence        REAL,
    depth_mm          INTEGER,
    width_mm          INTEGER,
    reason            TEXT,
    model             TEXT,
    prompt_version    INTEGER,
    image_detail      TEXT,
    image_bytes       INTEGER,
    prompt_tokens     INTEGER,
    completion_tokens INTEGER,
    cost_usd          REAL,
    graded_at         TEXT,
    attempts          INTEGER NOT NULL DEFAULT 0,
    next_attempt_unix INTEGER NOT NULL DEFAULT 0,
    last_error        TEXT,
    delay_notified    INTEGER NOT NULL DEFAULT 0,
    alert_message_id  INTEGER,
    created_at        TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    created_unix      INTEGER NOT NULL DEFAULT (unixepoch()),
    UNIQUE (chat_id, message_id)
) STRICT;

INSERT INTO reports_new (
    id, chat_id, message_id, user_id, reporter_name, media_kind, file_id, file_unique_id,
    grade_file_id, grade_width, grade_height, mime_type, media_group_id, note, latitude,
    longitude, located_at, status, severity, confidence, depth_mm, width_mm, reason, model,
    prompt_version, image_detail, image_bytes, prompt_tokens, completion_tokens, cost_usd,
    graded_at, attempts, next_attempt_unix, last_error, delay_notified, alert_message_id,
    created_at, created_unix)
SELECT
    id, chat_id, message_id, user_id, reporter_name, media_kind, file_id, file_unique_id,
    grade_file_id, grade_width, grade_height, mime_type, media_group_id, note, latitude,
    longitude, located_at, status, severity, confidence, depth_mm, width_mm, reason, model,
    prompt_version, image_detail, image_bytes, prompt_tokens, completion_tokens, cost_usd,
    graded_at, attempts, next_attempt_unix, last_error, delay_notified, alert_message_id,
    created_at, created_unix
FROM reports;

DROP TABLE reports;
ALTER TABLE reports_new RENAME TO reports;

CREATE INDEX reports_waiting ON reports (status, next_attempt_unix) WHERE status = 'received';
CREATE INDEX reports_by_chat ON reports (chat_id, created_unix);
CREATE INDEX reports_by_photo ON reports (file_unique_id);

-- Events added in this version (actor 'staff', detail '{"user_id":…}'): fixed, rejected.
