-- Whose value an indicator value is (issue 17): key-figure tables print a municipality's value
-- beside other municipalities' and comparison groups' ("Värnamo", "Liknande kommuner", "Riket").
-- NULL means the document's own municipality.
ALTER TABLE indicator_values ADD COLUMN IF NOT EXISTS subject TEXT;
ALTER TABLE indicator_values ADD COLUMN IF NOT EXISTS subject_code TEXT;

-- A series is the document's own values only; comparison values are in indicator_comparisons.
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
    WHERE iv.subject IS NULL
)
SELECT indicator_id, canonical_name, kolada_code, municipality, organ, period, value_kind,
       value_num, unit, doc_id, doc_period
FROM v
QUALIFY row_number() OVER (
    PARTITION BY indicator_id, municipality, organ, period, value_kind
    ORDER BY doc_year DESC NULLS LAST, doc_period DESC NULLS LAST, doc_id
) = 1;

-- A municipality's own value beside each comparison value printed for the same indicator,
-- period and kind in the same document (the key-figure tables of a genomlysning, say), and
-- comparison values of another document for the same indicator and period.
CREATE OR REPLACE VIEW indicator_comparisons AS
WITH v AS (
    SELECT
        coalesce(iv.indicator_id, 'unmatched:' || iv.indicator_name) AS indicator_id,
        coalesce(i.canonical_name, iv.indicator_name) AS canonical_name,
        coalesce(i.kolada_code, iv.kolada_code) AS kolada_code,
        d.municipality, d.municipality_code, d.organ, iv.period, iv.value_kind, iv.value_num,
        iv.value_raw, iv.unit, iv.subject, iv.subject_code, iv.doc_id, iv.page
    FROM indicator_values iv
    JOIN documents d USING (doc_id)
    LEFT JOIN indicators i ON i.indicator_id = iv.indicator_id
)
SELECT own.indicator_id, own.canonical_name, own.kolada_code, own.municipality,
       own.municipality_code, own.organ, own.period, own.value_kind,
       own.value_num AS own_value, own.value_raw AS own_value_raw, own.unit,
       cmp.subject AS comparison_subject, cmp.subject_code AS comparison_code,
       cmp.value_num AS comparison_value, cmp.value_raw AS comparison_value_raw,
       own.value_num - cmp.value_num AS difference,
       own.doc_id, own.page, cmp.doc_id AS comparison_doc_id, cmp.page AS comparison_page
FROM v own
JOIN v cmp
  ON cmp.indicator_id = own.indicator_id
 AND cmp.period = own.period
 AND cmp.value_kind = own.value_kind
 AND cmp.municipality IS NOT DISTINCT FROM own.municipality
WHERE own.subject IS NULL AND cmp.subject IS NOT NULL;
