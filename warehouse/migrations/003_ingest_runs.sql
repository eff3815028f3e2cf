-- One row per `kpi ingest` run that finished its post-load step (indicator matching): a run
-- stopped before that step leaves documents loaded after the newest row, and the next run
-- then does the step even when it has nothing new to extract.
CREATE TABLE IF NOT EXISTS ingest_runs (
    started_at        TIMESTAMP,  -- UTC
    finished_at       TIMESTAMP,  -- UTC, after the post-load step
    documents_written INTEGER,
    extractor_version TEXT
);
