-- Indicator matching (pipeline/match) and the Kolada check (pipeline/kolada).

-- The same printed name can stand under two goals of one document (a generic name such as
-- "Etablerad samverkan med externa aktörer"); the goal context tells those occurrences apart.
ALTER TABLE indicator_matches ADD COLUMN section_path TEXT;   -- extra: goal context of the occurrence

-- Researchers' decisions, kept across runs: a crosswalk file is loaded here once and applied on
-- every later run (also the runs at the end of `kpi ingest`).  kind: `pair` (two printed names,
-- decision `same`/`different`) or `kolada_title` (a proposed Kolada code for a name: `same`
-- confirms it).  Empty doc ids / section paths mean "every occurrence of that name".
CREATE TABLE IF NOT EXISTS match_decisions (
    kind        TEXT,
    municipality TEXT,
    doc_id_a    TEXT,
    name_a      TEXT,
    section_a   TEXT,
    doc_id_b    TEXT,
    name_b      TEXT,
    section_b   TEXT,
    code_b      TEXT,
    decision    TEXT,
    source      TEXT,
    decided_at  TIMESTAMP
);

-- The uncertain pairs of the last matching run (rebuilt by every run): the review list.
CREATE TABLE IF NOT EXISTS match_reviews (
    kind           TEXT,
    municipality   TEXT,
    score          DOUBLE,
    doc_id_a       TEXT,
    doc_title_a    TEXT,
    page_a         INTEGER,
    section_a      TEXT,
    name_a         TEXT,
    code_a         TEXT,
    unit_a         TEXT,
    values_a       TEXT,
    indicator_id_a TEXT,
    doc_id_b       TEXT,
    doc_title_b    TEXT,
    page_b         INTEGER,
    section_b      TEXT,
    name_b         TEXT,
    code_b         TEXT,
    unit_b         TEXT,
    values_b       TEXT,
    indicator_id_b TEXT,
    evidence       TEXT
);

-- Kolada codes proposed for uncoded indicators by their names (catalogue titles), to confirm.
CREATE TABLE IF NOT EXISTS indicator_suggestions (
    indicator_id TEXT,
    kolada_code  TEXT,
    kpi_title    TEXT,
    method       TEXT,      -- kolada_title
    score        DOUBLE
);

-- Extracted outcomes against Kolada's official values (`kpi kolada compare`).
CREATE TABLE IF NOT EXISTS kolada_comparison (
    doc_id            TEXT,
    page              INTEGER,
    indicator_id      TEXT,
    indicator_name    TEXT,
    kolada_code       TEXT,
    municipality_code TEXT,
    period            TEXT,     -- the period the document gives the value
    value_raw         TEXT,
    value_num         DOUBLE,
    unit              TEXT,
    kolada_period     TEXT,     -- the Kolada year the value was compared with
    kolada_value      DOUBLE,
    kolada_value_same_period DOUBLE,  -- Kolada's value for the document's own period (NULL if none)
    difference        DOUBLE,   -- value_num - kolada_value
    offset_years      INTEGER,  -- kolada_period - the document's year (0 when the periods agree)
    status            TEXT,     -- match | period_offset | mismatch | not_in_kolada
    compared_at       TIMESTAMP
);
