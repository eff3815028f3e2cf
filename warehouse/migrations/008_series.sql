-- Series a researcher can trust (issue 17): one key per body across documents, every own value
-- either in the series or shown as superseded, two measures of one indicator kept apart, and
-- disagreeing documents flagged.

-- The body's key across documents, by rule at extraction (extractors.document.canonical_organ) ...
ALTER TABLE documents ADD COLUMN IF NOT EXISTS organ_canonical TEXT;

-- ... and by a researcher's decision (`kpi organs --crosswalk FILE`), which wins over the rule.
CREATE TABLE IF NOT EXISTS organ_crosswalk (
    municipality    TEXT,        -- NULL: the organ as printed in any municipality
    organ           TEXT,        -- as printed in documents.organ
    organ_canonical TEXT,        -- the key its documents take
    decided_at      TIMESTAMP    -- UTC
);

-- Each document with the key its body has now: a researcher's decision, else the rule's key,
-- else the organ as printed. Every series view and `kpi organs` read the key from here.
CREATE OR REPLACE VIEW document_organs AS
SELECT d.doc_id, d.municipality, d.municipality_code, d.organ, d.period, d.year, d.title,
       coalesce(
           (SELECT oc.organ_canonical FROM organ_crosswalk oc
             WHERE oc.organ = d.organ
               AND (oc.municipality IS NULL OR oc.municipality = d.municipality)
             ORDER BY oc.municipality NULLS LAST, oc.decided_at DESC LIMIT 1),
           d.organ_canonical, d.organ) AS organ_canonical,
       d.organ_canonical AS organ_by_rule
FROM documents d;

-- Every value a document prints about its own municipality, with its series key, its place in
-- the series (rank 1 is in indicator_series) and the document whose value stands instead.
CREATE OR REPLACE VIEW indicator_observations AS
WITH v AS (
    SELECT
        coalesce(iv.indicator_id, 'unmatched:' || iv.indicator_name) AS indicator_id,
        coalesce(i.canonical_name, iv.indicator_name) AS canonical_name,
        coalesce(i.kolada_code, iv.kolada_code) AS kolada_code,
        d.municipality, d.organ, d.organ_canonical, iv.period, iv.value_kind, iv.value_num,
        iv.value_raw, iv.unit, iv.doc_id, d.period AS doc_period, d.year AS doc_year, iv.page,
        iv.page * 100000 + coalesce(round(iv.bbox[2] * 10), 0) AS pos
    FROM indicator_values iv
    JOIN document_organs d USING (doc_id)
    LEFT JOIN indicators i ON i.indicator_id = iv.indicator_id
    WHERE iv.subject IS NULL
),
m AS (
    -- two different values of one indicator, period and kind in one document are two measures
    -- ("minst 75 procent … lägst 60 procent"), numbered in the order the document prints them
    SELECT *,
           dense_rank() OVER (
               PARTITION BY indicator_id, municipality, organ_canonical, period, value_kind, doc_id
               ORDER BY first_pos, coalesce(CAST(value_num AS VARCHAR), value_raw)
           ) AS sub_measure
    FROM (
        SELECT *,
               min(pos) OVER (
                   PARTITION BY indicator_id, municipality, organ_canonical, period, value_kind, doc_id,
                                value_num, value_raw
               ) AS first_pos
        FROM v
    )
),
r AS (
    SELECT *,
           row_number() OVER w AS rank,
           first_value(doc_id) OVER w AS series_doc_id,
           min(coalesce(CAST(value_num AS VARCHAR), value_raw)) OVER k
               IS DISTINCT FROM max(coalesce(CAST(value_num AS VARCHAR), value_raw)) OVER k AS conflict
    FROM m
    WINDOW
        k AS (PARTITION BY indicator_id, municipality, organ_canonical, period, value_kind, sub_measure),
        w AS (PARTITION BY indicator_id, municipality, organ_canonical, period, value_kind, sub_measure
              ORDER BY doc_year DESC NULLS LAST, doc_period DESC NULLS LAST, doc_id, pos)
)
SELECT indicator_id, canonical_name, kolada_code, municipality, organ, organ_canonical, period,
       value_kind, sub_measure, value_num, value_raw, unit, doc_id, doc_period, page, rank,
       CASE WHEN rank > 1 THEN series_doc_id END AS superseded_by, conflict
FROM r;

-- One row per (indicator, own municipality, body, period, value kind, sub-measure): the newest
-- document's value. The first eleven columns are as before; organ is the printed name in that
-- document, organ_canonical the key the series is partitioned by.
CREATE OR REPLACE VIEW indicator_series AS
SELECT indicator_id, canonical_name, kolada_code, municipality, organ, period, value_kind,
       value_num, unit, doc_id, doc_period, organ_canonical, sub_measure, conflict
FROM indicator_observations
WHERE rank = 1;

-- The keys of indicator_series whose documents print different values, each value beside the
-- document that prints it.
CREATE OR REPLACE VIEW series_conflicts AS
SELECT indicator_id, canonical_name, municipality, organ_canonical, period, value_kind, sub_measure,
       value_num, value_raw, unit, doc_id, page, rank
FROM indicator_observations
WHERE conflict;

-- What indicator_series does for indicators, for budgets: one row per (municipality, body,
-- table kind, row, its parent row, measure, flow, period), the newest document's amount in tkr.
-- row_kind tells totals and subtotals apart, so that sums can leave them out.
CREATE OR REPLACE VIEW budget_series AS
SELECT d.municipality, d.organ_canonical, b.table_kind, b.row_label, b.row_parent, b.row_kind,
       b.measure, b.flow, b.period, b.amount_tkr, b.unit, b.amount, b.doc_id, d.period AS doc_period,
       b.page
FROM budget_lines b
JOIN document_organs d USING (doc_id)
QUALIFY row_number() OVER (
    PARTITION BY d.municipality, d.organ_canonical, b.table_kind, b.row_label, b.row_parent, b.measure,
                 b.flow, b.period
    ORDER BY d.year DESC NULLS LAST, d.period DESC NULLS LAST, b.doc_id, b.page
) = 1;
