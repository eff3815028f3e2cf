-- Yearly goal assessments (issue 17): an annual or part-year report judges each goal or activity
-- with a word or an icon in a "Bedömning" / "Status" / "Måluppfyllelse" column. goal_status keeps
-- the monthly traffic lights (its month is YYYY-MM and its status a light colour); these rows have
-- a report period and a closed vocabulary of their own (warehouse/CONTRACT.md).
CREATE TABLE IF NOT EXISTS goal_assessments (
    doc_id         TEXT,
    page           INTEGER,
    bbox           DOUBLE[4],      -- of the icon or word
    goal_number    TEXT,           -- as printed before the goal text, NULL when none
    goal_text      TEXT,
    level          TEXT,           -- the table's stub header, folded: nämndmål | verksamhetsmål | aktivitet | ...
    parent_goal    TEXT,           -- the category row above in the same table, NULL when none
    period         TEXT,           -- the report's period: 2025, 2026-01/2026-08
    assessment     TEXT,           -- fulfilled | partly_fulfilled | not_fulfilled | not_assessed | completed | in_progress | not_started | NULL
    assessment_raw TEXT,           -- the word as printed, or the icon described (green circle)
    completion     DOUBLE          -- Färdiggrad, percent
);
