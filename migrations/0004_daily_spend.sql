-- pothole-bot schema, version 4: the day's spend without reading the whole table.
--
-- The grader checks DAILY_BUDGET_USD on every wake, and /stats shows the cost of today and the
-- last 7 days. Summing reports.cost_usd over graded_at read every report ever graded (no index),
-- on the single database thread. `daily_spend` keeps a running total per UTC day instead,
-- added to in the same transaction that stores a grade (store/spend.rs), so the budget check
-- reads one row and /stats at most seven, however many reports there are.
CREATE TABLE daily_spend (
    day      TEXT PRIMARY KEY,                 -- 'YYYY-MM-DD' (UTC), the day of reports.graded_at
    cost_usd REAL NOT NULL
) STRICT, WITHOUT ROWID;

-- Existing grades, day by day.
INSERT INTO daily_spend (day, cost_usd)
SELECT substr(graded_at, 1, 10), SUM(cost_usd)
  FROM reports
 WHERE graded_at IS NOT NULL AND cost_usd IS NOT NULL
 GROUP BY substr(graded_at, 1, 10);

-- /stats counts reports by when they arrived (today, the last 7 days); with the two columns it
-- counts by, the index alone answers it.
CREATE INDEX reports_by_created ON reports (created_unix, status, severity);

-- outbox.report_id references reports: without an index, each foreign-key check on a change
-- to reports walks the whole outbox (events has events_by_report for the same reason).
CREATE INDEX outbox_by_report ON outbox (report_id);
