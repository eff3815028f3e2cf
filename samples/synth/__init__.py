"""A synthetic archive generator: realistic council PDFs with ground truth, deterministic from a seed.

    python -m kpi.samples.synth --out /tmp/archive --municipalities 5 --years 2019-2023 --seed 7

Nämndplaner (indicators as bullets with "Målvärde:" / "<år> års värde:" or as tables
"INDIKATORER | UTFALL | MÅL" with Kolada codes; risk tables; a driftbudget in tkr) and
månadsrapporter (monthly goal lights, a result table per verksamhet in tkr), in several fonts and
sizes, ruled and borderless tables, page breaks inside tables with and without repeated headers,
indicator names that drift across years, NBSP and U+2212 in numbers, and an occasional bad file
(empty, an HTML page, truncated, junk after a PDF header).  Gold CSVs in the ``samples/gold`` format go to
``OUT/gold/``; ``OUT/MANIFEST.csv`` lists every file with the status expected for it.
"""

from kpi.samples.synth.archive import Archive, generate, parse_years

__all__ = ["Archive", "generate", "parse_years"]
