-- pothole-bot schema, version 1.
-- Times are UTC. `*_at` TEXT columns are ISO-8601 ('2026-11-26T08:30:00.123Z') for people
-- reading the file with sqlite3; `*_unix` INTEGER columns are seconds since 1970 for the
-- bot's own scheduling queries.

-- One row per photo a citizen sent. `id` is the report number people see (#42).
CREATE TABLE reports (
    id                INTEGER PRIMARY KEY,
    chat_id           INTEGER NOT NULL,          -- the citizen's private chat
    message_id        INTEGER NOT NULL,          -- the photo message; (chat_id, message_id) makes intake idempotent
    user_id           INTEGER,
    reporter_name     TEXT,                      -- shown to staff only when ALERT_SHOW_REPORTER is on
    media_kind        TEXT    NOT NULL CHECK (media_kind IN ('photo', 'document')),
    file_id           TEXT    NOT NULL,          -- what the crews are shown (largest photo size, or the document)
    file_unique_id    TEXT    NOT NULL,          -- detects the same photo sent twice
    grade_file_id     TEXT    NOT NULL,          -- what the model is shown (smallest size that detail can use)
    grade_width       INTEGER,
    grade_height      INTEGER,
    mime_type         TEXT,
    media_group_id    TEXT,                      -- albums: each photo is its own report
    note              TEXT,                      -- the caption; never sent to the model
    latitude          REAL,
    longitude         REAL,
    located_at        TEXT,
    status            TEXT    NOT NULL DEFAULT 'received'
                              CHECK (status IN ('received', 'graded', 'alerted', 'failed')),
    severity          TEXT    CHECK (severity IN ('minor', 'moderate', 'severe', 'not_pothole', 'unclear')),
    confidence        REAL,
    depth_mm          INTEGER,
    width_mm          INTEGER,
    reason            TEXT,
    model             TEXT,
    prompt_version    INTEGER,
    image_detail      TEXT,
    image_bytes       INTEGER,                   -- bytes uploaded to the model
    prompt_tokens     INTEGER,
    completion_tokens INTEGER,
    cost_usd          REAL,
    graded_at         TEXT,
    attempts          INTEGER NOT NULL DEFAULT 0,   -- grading attempts that failed
    next_attempt_unix INTEGER NOT NULL DEFAULT 0,   -- grader waits until then (backoff)
    last_error        TEXT,
    delay_notified    INTEGER NOT NULL DEFAULT 0,   -- citizen told "grading is delayed" once
    alert_message_id  INTEGER,                   -- the staff chat message of the alert, once sent
    created_at        TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    created_unix      INTEGER NOT NULL DEFAULT (unixepoch()),
    UNIQUE (chat_id, message_id)
) STRICT;

CREATE INDEX reports_waiting ON reports (status, next_attempt_unix) WHERE status = 'received';
CREATE INDEX reports_by_chat ON reports (chat_id, created_unix);
CREATE INDEX reports_by_photo ON reports (file_unique_id);

-- Every change to a report, one row each: received, location_added, graded, grading_failed,
-- grading_delayed, alerted, alert_pin_sent, message_failed, fixed and rejected (the staff
-- buttons, version 2), ...
CREATE TABLE events (
    id        INTEGER PRIMARY KEY,
    report_id INTEGER REFERENCES reports (id),
    at        TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    actor     TEXT    NOT NULL,                  -- 'citizen', 'grader', 'courier', 'staff', 'system'
    kind      TEXT    NOT NULL,
    detail    TEXT                               -- short JSON or text
) STRICT;

CREATE INDEX events_by_report ON events (report_id);

-- A pin sent before its photo, held for the citizen's next photo.
CREATE TABLE pending_locations (
    chat_id       INTEGER PRIMARY KEY,
    latitude      REAL    NOT NULL,
    longitude     REAL    NOT NULL,
    received_unix INTEGER NOT NULL
) STRICT;

-- Messages to send (the transactional outbox). Written in the same transaction as the change
-- that implies them; the courier sends them in id order per chat, within Telegram's limits,
-- and survives restarts. `chat_id` NULL means "the staff chat" (resolved at send time, so a
-- group upgraded to a supergroup keeps working).
CREATE TABLE outbox (
    id                INTEGER PRIMARY KEY,
    report_id         INTEGER REFERENCES reports (id),
    chat_id           INTEGER,
    kind              TEXT    NOT NULL,          -- 'text', 'alert', 'alert_pin', 'staff_text'
    payload           TEXT    NOT NULL,          -- JSON
    status            TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts          INTEGER NOT NULL DEFAULT 0,
    next_attempt_unix INTEGER NOT NULL DEFAULT 0,
    sent_message_id   INTEGER,
    last_error        TEXT,
    created_at        TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    sent_at           TEXT
) STRICT;

CREATE INDEX outbox_pending ON outbox (chat_id, id) WHERE status = 'pending';

-- Small facts the bot learns at run time: the staff chat's new id after a supergroup upgrade,
-- the day an operator warning was last sent.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
