-- Budget rows across years (issue 18): one key per budget row, given by the same matcher as
-- indicators (manual -> exact -> fuzzy -> new, the crosswalk's `budget_pair` decisions first),
-- so that "Sakkunnigt biträde" in three annual reports is one row of budget_series.
ALTER TABLE budget_lines ADD COLUMN IF NOT EXISTS row_id TEXT;

CREATE TABLE IF NOT EXISTS budget_rows (
    row_id          TEXT,   -- stable across runs: municipality and the first printed label's hash
    municipality    TEXT,
    canonical_label TEXT,   -- the label as the newest document prints it
    documents       INTEGER
);

CREATE OR REPLACE VIEW budget_series AS
SELECT d.municipality, d.organ_canonical, b.table_kind, b.row_label, b.row_parent, b.row_kind,
       b.measure, b.flow, b.period, b.amount_tkr, b.unit, b.amount, b.doc_id, d.period AS doc_period,
       b.page, b.row_id
FROM budget_lines b
JOIN document_organs d USING (doc_id)
QUALIFY row_number() OVER (
    PARTITION BY d.municipality, d.organ_canonical, b.table_kind, coalesce(b.row_id, b.row_label),
                 b.row_parent, b.measure, b.flow, b.period
    ORDER BY d.year DESC NULLS LAST, d.period DESC NULLS LAST, b.doc_id, b.page
) = 1;
