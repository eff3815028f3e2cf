-- The cell layer (issue 16): every cell of every table kpi reads, whatever the table means, and
-- the accounting of numbers printed in table layout that no row holds.
CREATE TABLE IF NOT EXISTS table_cells (
    doc_id        TEXT,
    page          INTEGER,
    bbox          DOUBLE[4],      -- of the cell
    table_id      TEXT,           -- stable within the document: p<first page>t<n>
    table_title   TEXT,           -- the caption line nearest above the table
    row_index     INTEGER,        -- 1-based, in reading order
    col_index     INTEGER,        -- 1-based value column; 0 for a category row (label only)
    row_label     TEXT,
    row_parent    TEXT,           -- the category row above, if any
    row_kind      TEXT,           -- detail | subtotal | total | category
    column_header TEXT,           -- the column's header stack, joined
    column_group  TEXT,           -- the spanning header(s) above it
    value_raw     TEXT,
    value_num     DOUBLE,
    unit          TEXT,
    engine        TEXT,           -- kpi | pymupdf (the second opinion)
    taken_by      TEXT            -- budget_lines | indicator_values | risks | NULL
);

ALTER TABLE extraction_issues ADD COLUMN IF NOT EXISTS bbox DOUBLE[4];

ALTER TABLE documents ADD COLUMN IF NOT EXISTS numbers_in_tables INTEGER;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS numbers_read INTEGER;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS numbers_in_charts INTEGER;
