-- pothole-bot schema: fewer writes per graded pothole.
--
-- Since the running totals (0010) answer `/stats`, nothing reads `reports` by the time a
-- pothole was acknowledged or fixed, and `reports_by_created` (created_unix, status,
-- severity) serves every read by creation time that `reports_created` served. Each index
-- left is one more b-tree written by every report.
DROP INDEX reports_created;
DROP INDEX reports_acknowledged;
DROP INDEX reports_fixed;

-- The totals of times to "On it" and to "Fixed" change only for a pothole that has (or had)
-- such a time. Grading a new pothole sets `opened_unix` and used to run both triggers for
-- nothing; the same condition, with that added, skips them.
DROP TRIGGER reports_totals_ack;
CREATE TRIGGER reports_totals_ack AFTER UPDATE OF acknowledged_unix, opened_unix ON reports
    WHEN (OLD.acknowledged_unix IS NOT NEW.acknowledged_unix
          OR OLD.opened_unix IS NOT NEW.opened_unix)
     AND (OLD.acknowledged_unix IS NOT NULL OR NEW.acknowledged_unix IS NOT NULL)
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

DROP TRIGGER reports_totals_fix;
CREATE TRIGGER reports_totals_fix AFTER UPDATE OF fixed_unix, opened_unix ON reports
    WHEN (OLD.fixed_unix IS NOT NEW.fixed_unix OR OLD.opened_unix IS NOT NEW.opened_unix)
     AND (OLD.fixed_unix IS NOT NULL OR NEW.fixed_unix IS NOT NULL)
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
