-- Kolada's official values stored in the warehouse (`kpi kolada fetch --db`, `kpi kolada compare
-- --values`), and beside every row of indicator_series (issue 19).  Nothing existing changes.
CREATE TABLE IF NOT EXISTS kolada_values (
    kpi              TEXT,      -- Kolada KPI id, e.g. U30202
    municipality_id  TEXT,      -- 4-digit SCB code
    municipality     TEXT,
    gender           TEXT,      -- T (total), K, M
    period           INTEGER,   -- the year
    value            DOUBLE,    -- NULL when Kolada publishes no value
    kpi_title        TEXT,
    source           TEXT,      -- the API URL or the values file the value came from
    fetched_at       TIMESTAMP
);

-- One row per row of indicator_series, with Kolada's total for the same code, municipality (by
-- SCB code; by name when the document has no code) and year beside it: NULL when Kolada has none,
-- the period is no plain year or the row has no code.  The newest stored value of a key counts.
CREATE OR REPLACE VIEW indicator_series_kolada AS
WITH k AS (
    SELECT kpi, municipality_id, lower(any_value(municipality)) AS municipality, period,
           arg_max(value, fetched_at) AS value
    FROM kolada_values
    WHERE upper(gender) = 'T'
    GROUP BY kpi, municipality_id, period
)
SELECT s.indicator_id, s.canonical_name, s.kolada_code, s.municipality, d.municipality_code, s.organ,
       s.period, s.value_kind, s.value_num, s.unit, k.value AS kolada_value,
       s.value_num - k.value AS kolada_difference, s.doc_id, s.doc_period, s.organ_canonical,
       s.sub_measure, s.conflict
FROM indicator_observations s  -- rank 1: exactly the rows of indicator_series (migration 008)
JOIN documents d ON d.doc_id = s.doc_id
LEFT JOIN k
       ON k.kpi = s.kolada_code
      AND (k.municipality_id = d.municipality_code
           OR (d.municipality_code IS NULL AND k.municipality = lower(s.municipality)))
      AND regexp_full_match(s.period, '\d{4}')
      AND k.period = TRY_CAST(s.period AS INTEGER)
WHERE s.rank = 1;
