-- The warehouse-wide step that `kpi ingest` runs after loading (indicator matching), and when it
-- last finished.  Documents loaded after `applied_at` have not been through it (a run stopped
-- between its last commit and the end of the step), so the next run does the step even when it
-- has nothing new to extract.  One row per step.
DROP TABLE IF EXISTS ingest_runs;  -- an earlier form of this table (one row per run)
CREATE TABLE IF NOT EXISTS post_load_steps (
    step       TEXT PRIMARY KEY,
    applied_at TIMESTAMP          -- UTC
);
