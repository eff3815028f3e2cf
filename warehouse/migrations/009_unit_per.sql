-- What a rate is counted per (issue 17): "Nettokostnad …, kr/inv" is kr per inhabitant,
-- "Snittkostnad HVB, kr/dygn" kr per day in care, "… antal/1000 inv" a count per 1000
-- inhabitants. unit keeps the base unit (kr, count, days); unit_per says per what.
ALTER TABLE indicator_values ADD COLUMN IF NOT EXISTS unit_per TEXT;
