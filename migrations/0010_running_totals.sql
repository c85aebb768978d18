-- pothole-bot schema: running totals for `/stats`, `/open` and the digest.
--
-- Counting reports, or collecting every time to acknowledge in a window, grows with the
-- database (137 ms for `/stats` at 1,000,000 reports). These tables hold the same answers as
-- small running totals, kept by the triggers below in the same transaction as every change
-- to `reports` (whichever statement makes it: the grader, a staff button, a duplicate, the
-- scheduler, an operator with sqlite3). The reads then sum a few rows per day of the window.
--
-- Days are UTC day numbers (unix time / 86400). A NULL severity or work state is '' in a key.
-- Rows whose count falls to 0 stay (at most one per key and day).
--
-- A migration that rebuilds `reports` (CREATE new, copy, DROP old) drops these triggers with
-- the old table and must create them again.

-- Reports by the day they were created, their grade, pipeline status and work state:
-- `/stats` today and the last 7 days, the crews' closed work of the last 30 days.
CREATE TABLE report_days (
    day        INTEGER NOT NULL,
    severity   TEXT    NOT NULL,
    status     TEXT    NOT NULL,
    work_state TEXT    NOT NULL,
    n          INTEGER NOT NULL,
    PRIMARY KEY (day, severity, status, work_state)
) STRICT, WITHOUT ROWID;

-- Potholes by work state and severity, now: `/open`'s total, `/stats`, the digest.
CREATE TABLE work_totals (
    work_state TEXT    NOT NULL,
    severity   TEXT    NOT NULL,
    n          INTEGER NOT NULL,
    PRIMARY KEY (work_state, severity)
) STRICT, WITHOUT ROWID;

-- Pending deadlines by the day they fall due: the overdue count is every day before today
-- plus today's rows up to now (read from `reports_due`).
CREATE TABLE due_days (
    day      INTEGER NOT NULL,
    severity TEXT    NOT NULL,
    n        INTEGER NOT NULL,
    PRIMARY KEY (day, severity)
) STRICT, WITHOUT ROWID;

-- Times from opened to "On it" (kind 'ack') and to "Fixed" ('fix'), by the day of the
-- acknowledgement or fix, rounded down to what `/stats` shows (minutes under an hour, hours
-- under two days, days beyond): the medians of a window are found from these counts alone,
-- and show exactly what the median of every single time would show.
CREATE TABLE work_times (
    kind   TEXT    NOT NULL CHECK (kind IN ('ack', 'fix')),
    day    INTEGER NOT NULL,
    bucket INTEGER NOT NULL,   -- seconds, rounded down as above
    n      INTEGER NOT NULL,
    PRIMARY KEY (kind, day, bucket)
) STRICT, WITHOUT ROWID;

-- Back-fill from the reports already there.
INSERT INTO report_days (day, severity, status, work_state, n)
SELECT created_unix / 86400, COALESCE(severity, ''), status, COALESCE(work_state, ''), COUNT(*)
  FROM reports GROUP BY 1, 2, 3, 4;

INSERT INTO work_totals (work_state, severity, n)
SELECT work_state, severity, COUNT(*) FROM reports
 WHERE work_state IS NOT NULL AND severity IS NOT NULL GROUP BY 1, 2;

INSERT INTO due_days (day, severity, n)
SELECT due_unix / 86400, COALESCE(severity, ''), COUNT(*) FROM reports
 WHERE due_unix IS NOT NULL GROUP BY 1, 2;

INSERT INTO work_times (kind, day, bucket, n)
SELECT 'ack', acknowledged_unix / 86400,
       CASE WHEN acknowledged_unix - opened_unix < 3600
                THEN MAX(acknowledged_unix - opened_unix, 0) / 60 * 60
            WHEN acknowledged_unix - opened_unix < 172800
                THEN (acknowledged_unix - opened_unix) / 3600 * 3600
            ELSE (acknowledged_unix - opened_unix) / 86400 * 86400 END,
       COUNT(*)
  FROM reports WHERE acknowledged_unix IS NOT NULL AND opened_unix IS NOT NULL GROUP BY 1, 2, 3;

INSERT INTO work_times (kind, day, bucket, n)
SELECT 'fix', fixed_unix / 86400,
       CASE WHEN fixed_unix - opened_unix < 3600 THEN MAX(fixed_unix - opened_unix, 0) / 60 * 60
            WHEN fixed_unix - opened_unix < 172800 THEN (fixed_unix - opened_unix) / 3600 * 3600
            ELSE (fixed_unix - opened_unix) / 86400 * 86400 END,
       COUNT(*)
  FROM reports WHERE fixed_unix IS NOT NULL AND opened_unix IS NOT NULL GROUP BY 1, 2, 3;

-- Each trigger takes the old row out of a total and puts the new one in. (The SELECT ...
-- WHERE form adds a row only when it belongs in that total.)

CREATE TRIGGER reports_totals_insert AFTER INSERT ON reports
BEGIN
    INSERT INTO report_days (day, severity, status, work_state, n)
    VALUES (NEW.created_unix / 86400, COALESCE(NEW.severity, ''), NEW.status,
            COALESCE(NEW.work_state, ''), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO work_totals (work_state, severity, n)
    SELECT NEW.work_state, NEW.severity, 1
     WHERE NEW.work_state IS NOT NULL AND NEW.severity IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO due_days (day, severity, n)
    SELECT NEW.due_unix / 86400, COALESCE(NEW.severity, ''), 1 WHERE NEW.due_unix IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO work_times (kind, day, bucket, n)
    SELECT 'ack', NEW.acknowledged_unix / 86400,
           CASE WHEN NEW.acknowledged_unix - NEW.opened_unix < 3600
                    THEN MAX(NEW.acknowledged_unix - NEW.opened_unix, 0) / 60 * 60
                WHEN NEW.acknowledged_unix - NEW.opened_unix < 172800
                    THEN (NEW.acknowledged_unix - NEW.opened_unix) / 3600 * 3600
                ELSE (NEW.acknowledged_unix - NEW.opened_unix) / 86400 * 86400 END, 1
     WHERE NEW.acknowledged_unix IS NOT NULL AND NEW.opened_unix IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO work_times (kind, day, bucket, n)
    SELECT 'fix', NEW.fixed_unix / 86400,
           CASE WHEN NEW.fixed_unix - NEW.opened_unix < 3600
                    THEN MAX(NEW.fixed_unix - NEW.opened_unix, 0) / 60 * 60
                WHEN NEW.fixed_unix - NEW.opened_unix < 172800
                    THEN (NEW.fixed_unix - NEW.opened_unix) / 3600 * 3600
                ELSE (NEW.fixed_unix - NEW.opened_unix) / 86400 * 86400 END, 1
     WHERE NEW.fixed_unix IS NOT NULL AND NEW.opened_unix IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER reports_totals_delete AFTER DELETE ON reports
BEGIN
    UPDATE report_days SET n = n - 1
     WHERE day = OLD.created_unix / 86400 AND severity = COALESCE(OLD.severity, '')
       AND status = OLD.status AND work_state = COALESCE(OLD.work_state, '');
    UPDATE work_totals SET n = n - 1
     WHERE work_state = OLD.work_state AND severity = OLD.severity;
    UPDATE due_days SET n = n - 1
     WHERE day = OLD.due_unix / 86400 AND severity = COALESCE(OLD.severity, '');
    UPDATE work_times SET n = n - 1
     WHERE kind = 'ack' AND OLD.opened_unix IS NOT NULL AND day = OLD.acknowledged_unix / 86400
       AND bucket = CASE WHEN OLD.acknowledged_unix - OLD.opened_unix < 3600
                             THEN MAX(OLD.acknowledged_unix - OLD.opened_unix, 0) / 60 * 60
                         WHEN OLD.acknowledged_unix - OLD.opened_unix < 172800
                             THEN (OLD.acknowledged_unix - OLD.opened_unix) / 3600 * 3600
                         ELSE (OLD.acknowledged_unix - OLD.opened_unix) / 86400 * 86400 END;
    UPDATE work_times SET n = n - 1
     WHERE kind = 'fix' AND OLD.opened_unix IS NOT NULL AND day = OLD.fixed_unix / 86400
       AND bucket = CASE WHEN OLD.fixed_unix - OLD.opened_unix < 3600
                             THEN MAX(OLD.fixed_unix - OLD.opened_unix, 0) / 60 * 60
                         WHEN OLD.fixed_unix - OLD.opened_unix < 172800
                             THEN (OLD.fixed_unix - OLD.opened_unix) / 3600 * 3600
                         ELSE (OLD.fixed_unix - OLD.opened_unix) / 86400 * 86400 END;
END;

CREATE TRIGGER reports_totals_days AFTER UPDATE OF created_unix, severity, status, work_state
    ON reports
    WHEN OLD.created_unix IS NOT NEW.created_unix OR OLD.severity IS NOT NEW.severity
      OR OLD.status IS NOT NEW.status OR OLD.work_state IS NOT NEW.work_state
BEGIN
    UPDATE report_days SET n = n - 1
     WHERE day = OLD.created_unix / 86400 AND severity = COALESCE(OLD.severity, '')
       AND status = OLD.status AND work_state = COALESCE(OLD.work_state, '');
    INSERT INTO report_days (day, severity, status, work_state, n)
    VALUES (NEW.created_unix / 86400, COALESCE(NEW.severity, ''), NEW.status,
            COALESCE(NEW.work_state, ''), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER reports_totals_work AFTER UPDATE OF severity, work_state ON reports
    WHEN OLD.severity IS NOT NEW.severity OR OLD.work_state IS NOT NEW.work_state
BEGIN
    UPDATE work_totals SET n = n - 1
     WHERE work_state = OLD.work_state AND severity = OLD.severity;
    INSERT INTO work_totals (work_state, severity, n)
    SELECT NEW.work_state, NEW.severity, 1
     WHERE NEW.work_state IS NOT NULL AND NEW.severity IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER reports_totals_due AFTER UPDATE OF due_unix, severity ON reports
    WHEN OLD.due_unix IS NOT NEW.due_unix OR OLD.severity IS NOT NEW.severity
BEGIN
    UPDATE due_days SET n = n - 1
     WHERE day = OLD.due_unix / 86400 AND severity = COALESCE(OLD.severity, '');
    INSERT INTO due_days (day, severity, n)
    SELECT NEW.due_unix / 86400, COALESCE(NEW.severity, ''), 1 WHERE NEW.due_unix IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER reports_totals_ack AFTER UPDATE OF acknowledged_unix, opened_unix ON reports
    WHEN OLD.acknowledged_unix IS NOT NEW.acknowledged_unix
      OR OLD.opened_unix IS NOT NEW.opened_unix
BEGIN
    UPDATE work_times SET n = n - 1
     WHERE kind = 'ack' AND OLD.opened_unix IS NOT NULL AND day = OLD.acknowledged_unix / 86400
       AND bucket = CASE WHEN OLD.acknowledged_unix - OLD.opened_unix < 3600
                             THEN MAX(OLD.acknowledged_unix - OLD.opened_unix, 0) / 60 * 60
                         WHEN OLD.acknowledged_unix - OLD.opened_unix < 172800
                             THEN (OLD.acknowledged_unix - OLD.opened_unix) / 3600 * 3600
                         ELSE (OLD.acknowledged_unix - OLD.opened_unix) / 86400 * 86400 END;
    INSERT INTO work_times (kind, day, bucket, n)
    SELECT 'ack', NEW.acknowledged_unix / 86400,
           CASE WHEN NEW.acknowledged_unix - NEW.opened_unix < 3600
                    THEN MAX(NEW.acknowledged_unix - NEW.opened_unix, 0) / 60 * 60
                WHEN NEW.acknowledged_unix - NEW.opened_unix < 172800
                    THEN (NEW.acknowledged_unix - NEW.opened_unix) / 3600 * 3600
                ELSE (NEW.acknowledged_unix - NEW.opened_unix) / 86400 * 86400 END, 1
     WHERE NEW.acknowledged_unix IS NOT NULL AND NEW.opened_unix IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER reports_totals_fix AFTER UPDATE OF fixed_unix, opened_unix ON reports
    WHEN OLD.fixed_unix IS NOT NEW.fixed_unix OR OLD.opened_unix IS NOT NEW.opened_unix
BEGIN
    UPDATE work_times SET n = n - 1
     WHERE kind = 'fix' AND OLD.opened_unix IS NOT NULL AND day = OLD.fixed_unix / 86400
       AND bucket = CASE WHEN OLD.fixed_unix - OLD.opened_unix < 3600
                             THEN MAX(OLD.fixed_unix - OLD.opened_unix, 0) / 60 * 60
                         WHEN OLD.fixed_unix - OLD.opened_unix < 172800
                             THEN (OLD.fixed_unix - OLD.opened_unix) / 3600 * 3600
                         ELSE (OLD.fixed_unix - OLD.opened_unix) / 86400 * 86400 END;
    INSERT INTO work_times (kind, day, bucket, n)
    SELECT 'fix', NEW.fixed_unix / 86400,
           CASE WHEN NEW.fixed_unix - NEW.opened_unix < 3600
                    THEN MAX(NEW.fixed_unix - NEW.opened_unix, 0) / 60 * 60
                WHEN NEW.fixed_unix - NEW.opened_unix < 172800
                    THEN (NEW.fixed_unix - NEW.opened_unix) / 3600 * 3600
                ELSE (NEW.fixed_unix - NEW.opened_unix) / 86400 * 86400 END, 1
     WHERE NEW.fixed_unix IS NOT NULL AND NEW.opened_unix IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
