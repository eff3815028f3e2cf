-- Budget rows (issue 17): what a budget cell's column and row are, beyond its measure.
-- budget_lines.measure is now a closed vocabulary (warehouse/CONTRACT.md); the header as printed
-- moves to column_header, the money flow a header names beside the measure to flow, and the row's
-- place in the table (its category row, and whether it is a detail, subtotal or total) to
-- row_parent and row_kind, as table_cells has them.
ALTER TABLE budget_lines ADD COLUMN IF NOT EXISTS flow TEXT;           -- intakter | kostnader | nettokostnad | resultat | kommunbidrag | NULL
ALTER TABLE budget_lines ADD COLUMN IF NOT EXISTS column_header TEXT;  -- the column's header stack, joined, as printed
ALTER TABLE budget_lines ADD COLUMN IF NOT EXISTS row_parent TEXT;     -- the category (or measured) row above
ALTER TABLE budget_lines ADD COLUMN IF NOT EXISTS row_kind TEXT;       -- detail | subtotal | total | category
