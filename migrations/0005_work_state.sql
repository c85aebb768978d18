-- pothole-bot schema, version 5: the crews' loop.
--
-- A graded pothole (minor, moderate, severe) has a work state beside its pipeline status:
-- `status` says how far the bot got (received, graded, alerted, failed); `work_state` says
-- what the crews did (open, acknowledged, made_safe, fixed, rejected, duplicate; NULL for
-- reports that are not potholes or not graded yet). Columns are added in place (ALTER TABLE
-- ... ADD COLUMN, no rebuild). The allowed work states are rows of `work_states`, which
-- `reports.work_state` references: a new work state is one INSERT, never a rebuild of
-- `reports` (a CHECK constraint cannot be changed in place in SQLite).
--
-- Times are seconds since 1970 (`*_unix`), like the other scheduling columns.

CREATE TABLE work_states (
    name TEXT PRIMARY KEY
) STRICT, WITHOUT ROWID;
INSERT INTO work_states (name)
VALUES ('open'), ('acknowledged'), ('made_safe'), ('fixed'), ('rejected'), ('duplicate');

ALTER TABLE reports ADD COLUMN work_state TEXT REFERENCES work_states (name);
-- The report this one is the same pothole as (work_state 'duplicate').
ALTER TABLE reports ADD COLUMN duplicate_of INTEGER REFERENCES reports (id);
-- When the work state last changed, and the name of who changed it (a staff member's
-- Telegram name, 'citizen' or 'system'); shown in the alert's caption. Staff only.
ALTER TABLE reports ADD COLUMN work_changed_unix INTEGER;
ALTER TABLE reports ADD COLUMN work_actor TEXT;
-- Why it was rejected: not_pothole, not_ours, no_action (also in its event).
ALTER TABLE reports ADD COLUMN rejected_reason TEXT;
-- When the pothole was last (re)opened: graded, or reopened by "Still broken".
ALTER TABLE reports ADD COLUMN opened_unix INTEGER;
-- First "On it", "Made safe" and "Fixed" since it was opened (for /stats medians).
ALTER TABLE reports ADD COLUMN acknowledged_unix INTEGER;
ALTER TABLE reports ADD COLUMN made_safe_unix INTEGER;
ALTER TABLE reports ADD COLUMN fixed_unix INTEGER;
-- The deadline still to meet; NULL when none is pending (closed, or a severe one made safe).
ALTER TABLE reports ADD COLUMN due_unix INTEGER;
-- When the one overdue reminder goes to the staff chat; NULL once sent, or when none is due.
ALTER TABLE reports ADD COLUMN remind_unix INTEGER;
-- When the citizen is asked "Is it fixed now?"; NULL once asked, or when not to ask.
ALTER TABLE reports ADD COLUMN follow_up_unix INTEGER;
-- The citizen's follow-up question went out (its Yes/No buttons are accepted once).
ALTER TABLE reports ADD COLUMN follow_up_asked INTEGER NOT NULL DEFAULT 0;

-- Today's potholes get their work state from today's status. Staff buttons set status to
-- 'fixed' or 'rejected' until now; those rows were alerted, so their pipeline status says so
-- again and the crews' answer moves to work_state.
UPDATE reports
   SET work_state = CASE
           WHEN status = 'fixed' THEN 'fixed'
           WHEN status = 'rejected' THEN 'rejected'
           WHEN status IN ('graded', 'alerted') AND severity IN ('minor', 'moderate', 'severe')
               THEN 'open'
       END,
       opened_unix = COALESCE(unixepoch(graded_at), created_unix)
 WHERE status IN ('fixed', 'rejected')
    OR (status IN ('graded', 'alerted') AND severity IN ('minor', 'moderate', 'severe'));

UPDATE reports
   SET fixed_unix = (SELECT MIN(unixepoch(e.at)) FROM events e
                      WHERE e.report_id = reports.id AND e.kind = 'fixed'),
       work_changed_unix = (SELECT MAX(unixepoch(e.at)) FROM events e
                             WHERE e.report_id = reports.id AND e.kind IN ('fixed', 'rejected')),
       work_actor = 'staff',
       status = 'alerted'
 WHERE status IN ('fixed', 'rejected');

-- Deadlines of the potholes still open, at the default durations (24 h, 14 d, 90 d); the bot
-- keeps them from now on. No reminder is scheduled for alerts from before this version: the
-- daily digest lists them.
UPDATE reports
   SET due_unix = opened_unix + CASE severity
           WHEN 'severe' THEN 86400
           WHEN 'moderate' THEN 14 * 86400
           ELSE 90 * 86400
       END,
       work_changed_unix = opened_unix,
       work_actor = 'system'
 WHERE work_state = 'open';

-- Nearby duplicates: open potholes in a latitude band, longitude checked from the index.
CREATE INDEX reports_work_place ON reports (work_state, latitude, longitude)
    WHERE work_state IS NOT NULL;
-- /open and the digest: open potholes, oldest deadline first, those without one last.
CREATE INDEX reports_open_by_due ON reports (due_unix IS NULL, due_unix, id)
    WHERE work_state IN ('open', 'acknowledged', 'made_safe');
-- Overdue count.
CREATE INDEX reports_due ON reports (due_unix) WHERE due_unix IS NOT NULL;
-- The scheduler's two queues.
CREATE INDEX reports_remind ON reports (remind_unix) WHERE remind_unix IS NOT NULL;
CREATE INDEX reports_follow_up ON reports (follow_up_unix) WHERE follow_up_unix IS NOT NULL;
-- Reports that joined another (their citizens hear about its changes).
CREATE INDEX reports_duplicates ON reports (duplicate_of) WHERE duplicate_of IS NOT NULL;
-- A staff reply to an alert names its report by the alert's message id.
CREATE INDEX reports_by_alert ON reports (alert_message_id) WHERE alert_message_id IS NOT NULL;
-- /stats, the digest and /export: reports of the last days.
CREATE INDEX reports_created ON reports (created_unix);
-- /stats medians over recent acknowledgements and fixes.
CREATE INDEX reports_acknowledged ON reports (acknowledged_unix) WHERE acknowledged_unix IS NOT NULL;
CREATE INDEX reports_fixed ON reports (fixed_unix) WHERE fixed_unix IS NOT NULL;

-- Events added in this version (actor 'staff' with detail '{"user_id":…,"name":…}',
-- 'citizen' or 'system'): acknowledged, made_safe, fixed, rejected (detail carries the
-- reason), reopened, duplicate (detail '{"of":N}'), reminder_sent, follow_up_asked.
