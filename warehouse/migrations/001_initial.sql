-- Contract tables (warehouse/CONTRACT.md). Extra columns beyond the contract are marked "extra".
CREATE TABLE IF NOT EXISTS documents (
    doc_id            TEXT PRIMARY KEY,
    source_path       TEXT,
    title             TEXT,
    municipality      TEXT,
    municipality_code TEXT,
    organ             TEXT,
    doc_type          TEXT,
    year              INTEGER,
    period            TEXT,
    page_count        INTEGER,
    status            TEXT,
    error             TEXT,
    extractor_version TEXT,      -- extra: skip re-extraction only for the same version
    file_size         BIGINT,    -- extra
    seconds           DOUBLE,    -- extra: extraction time
    loaded_at         TIMESTAMP  -- extra
);

CREATE TABLE IF NOT EXISTS indicator_values (
    doc_id           TEXT,
    page             INTEGER,
    bbox             DOUBLE[4],
    section_path     TEXT,
    indicator_name   TEXT,
    kolada_code      TEXT,
    indicator_id     TEXT,
    value_kind       TEXT,
    period           TEXT,
    value_raw        TEXT,
    value_num        DOUBLE,
    unit             TEXT,
    target_direction TEXT,
    note             TEXT,
    value_role       TEXT        -- extra: finer kind as printed (baseline, outcome, target, forecast)
);

CREATE TABLE IF NOT EXISTS indicators (
    indicator_id   TEXT PRIMARY KEY,
    canonical_name TEXT,
    kolada_code    TEXT,
    unit           TEXT,
    municipality   TEXT          -- extra: the blocking key of name-derived ids
);

CREATE TABLE IF NOT EXISTS indicator_matches (
    doc_id         TEXT,
    indicator_name TEXT,
    indicator_id   TEXT,
    method         TEXT,
    score          DOUBLE,
    evidence       TEXT          -- extra: why (matched name, rule, value agreement)
);

CREATE TABLE IF NOT EXISTS budget_lines (
    doc_id      TEXT,
    page        INTEGER,
    bbox        DOUBLE[4],
    table_kind  TEXT,
    row_label   TEXT,
    measure     TEXT,
    period      TEXT,
    amount      DOUBLE,
    unit        TEXT,
    amount_tkr  DOUBLE,
    table_title TEXT,            -- extra
    value_raw   TEXT             -- extra
);

CREATE TABLE IF NOT EXISTS goal_status (
    doc_id      TEXT,
    goal_number TEXT,
    goal_title  TEXT,
    month       TEXT,
    status      TEXT,
    trend       TEXT,            -- extra: positive | stable | negative (on the report month)
    page        INTEGER,         -- extra
    bbox        DOUBLE[4]        -- extra
);

CREATE TABLE IF NOT EXISTS risks (
    doc_id      TEXT,
    category    TEXT,
    title       TEXT,
    risk_value  DOUBLE,
    probability DOUBLE,
    consequence DOUBLE,
    page        INTEGER,         -- extra
    bbox        DOUBLE[4]        -- extra
);

CREATE TABLE IF NOT EXISTS extraction_issues (
    doc_id   TEXT,
    page     INTEGER,
    severity TEXT,
    code     TEXT,
    message  TEXT
);

CREATE OR REPLACE VIEW indicator_series AS
WITH v AS (
    SELECT
        coalesce(iv.indicator_id, 'unmatched:' || iv.indicator_name) AS indicator_id,
        coalesce(i.canonical_name, iv.indicator_name) AS canonical_name,
        coalesce(i.kolada_code, iv.kolada_code) AS kolada_code,
        d.municipality, d.organ, iv.period, iv.value_kind, iv.value_num, iv.unit,
        iv.doc_id, d.period AS doc_period, d.year AS doc_year
    FROM indicator_values iv
    JOIN documents d USING (doc_id)
    LEFT JOIN indicators i ON i.indicator_id = iv.indicator_id
)
SELECT indicator_id, canonical_name, kolada_code, municipality, organ, period, value_kind,
       value_num, unit, doc_id, doc_period
FROM v
QUALIFY row_number() OVER (
    PARTITION BY indicator_id, municipality, organ, period, value_kind
    ORDER BY doc_year DESC NULLS LAST, doc_period DESC NULLS LAST, doc_id
) = 1;
