-- pothole-bot schema: the public read side (the map, GeoJSON, Open311, exports) and webhook
-- mode.
--
-- Indexes for the public read side.
-- Those read graded potholes by the time they were reported, newest first; the partial index
-- holds only potholes, so a date window over a million reports is a range scan, not a full one.
CREATE INDEX reports_public ON reports (created_unix)
    WHERE severity IN ('minor', 'moderate', 'severe');

-- Webhook mode: each update Telegram POSTs is stored here before Telegram hears 200, so a
-- crash right after the answer loses nothing: at the next start the updates still here are
-- handed to the dispatcher again (intake is idempotent). Rows are dropped once handled
-- (a clean shutdown, or when older than a few minutes while running).
CREATE TABLE webhook_updates (
    update_id     INTEGER PRIMARY KEY,
    body          TEXT    NOT NULL,
    received_unix INTEGER NOT NULL
) STRICT;
CREATE INDEX webhook_updates_by_time ON webhook_updates (received_unix);
