"""Budget rows across years: one key per printed budget row, by the indicators' own matcher.

A budget row ("Sakkunnigt biträde", "Barn- och ungdomsvård") is an occurrence like an indicator
name: its label is the name, the row above it (or the table's title) its context, and its
outcomes (``utfall``) by period the values that speak for or against a tie.  The same ladder
runs — a researcher's decisions (crosswalk rows of kind ``budget_pair``), then exact, then fuzzy,
then new — with the same rules and evidence, and every budget line gets its row's id in
``budget_lines.row_id``; ``budget_rows`` lists the rows.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from dataclasses import replace
from typing import Any

import duckdb
import pandas as pd

from kpi.pipeline.match.crosswalk import Decision
from kpi.pipeline.match.ids import indicator_ids
from kpi.pipeline.match.matcher import match
from kpi.pipeline.match.occurrences import Occurrence, from_rows
from kpi.pipeline.match.rules import Thresholds

BUDGET_PAIR = "budget_pair"
"""The crosswalk ``kind`` of a researcher's decision about two budget rows."""
OUTCOME_MEASURES = ("utfall",)
"""Measures whose amounts are outcomes: the same outcome for the same period is evidence."""

_SQL = f"""
SELECT b.doc_id, b.row_label, coalesce(b.row_parent, b.table_title) AS context, NULL, 'tkr',
       CASE WHEN b.measure IN ({", ".join(f"'{m}'" for m in OUTCOME_MEASURES)}) THEN 'outcome'
            ELSE b.measure END,
       NULL, b.period, b.amount, b.value_raw, b.page,
       d.municipality, d.municipality_code, d.organ_canonical, d.year, d.period, d.title
FROM budget_lines b JOIN document_organs d USING (doc_id)  -- a researcher's body decisions count
WHERE b.row_label IS NOT NULL AND trim(b.row_label) <> ''
"""
"""Budget lines shaped as :func:`pipeline.match.occurrences.from_rows` reads indicator values: the
label is the name, the row above it (or the table's title) the context, outcomes the values."""


def budget_occurrences(con: duckdb.DuckDBPyConnection) -> list[Occurrence]:
    """One occurrence per (document, row label, context), with its outcomes by period."""
    return from_rows(con.execute(_SQL).fetchall())


def match_budget_rows(
    con: duckdb.DuckDBPyConnection,
    decisions: list[Decision],
    thresholds: Thresholds | None = None,
    workers: int = -1,
) -> int:
    """Give every budget line its row's id; the number of rows (one transaction)."""
    occs = budget_occurrences(con)
    mine = [replace(d, kind="pair") for d in decisions if d.kind == BUDGET_PAIR]
    result = match(occs, mine, thresholds, workers=workers)
    ids = indicator_ids(result)
    rows = []
    for i, o in enumerate(result.occurrences):
        rows.append((o.doc_id, o.name, o.section_path, ids[result.clusters.find(i)]))
    labels: dict[str, tuple[Any, ...]] = {}
    docs: dict[str, set[str]] = defaultdict(set)
    for i, o in enumerate(result.occurrences):  # chronological: the newest label wins
        rid = ids[result.clusters.find(i)]
        labels[rid] = (rid, o.municipality, o.name)
        docs[rid].add(o.doc_id)
    con.execute("BEGIN TRANSACTION")
    try:
        frame = pd.DataFrame(rows, columns=["doc_id", "row_label", "context", "row_id"], dtype=object)
        con.register("_row_ids_frame", frame)  # one bulk insert (executemany goes row by row)
        con.execute("CREATE OR REPLACE TEMP TABLE _row_ids AS SELECT * FROM _row_ids_frame")
        con.unregister("_row_ids_frame")
        con.execute("UPDATE budget_lines SET row_id = NULL WHERE row_id IS NOT NULL")
        con.execute(
            "UPDATE budget_lines AS b SET row_id = r.row_id FROM _row_ids r"
            " WHERE b.doc_id = r.doc_id AND b.row_label = r.row_label"
            " AND coalesce(b.row_parent, b.table_title) IS NOT DISTINCT FROM r.context"
        )
        con.execute("DELETE FROM budget_rows")
        if labels:
            listed = pd.DataFrame(
                [(*v, len(docs[k])) for k, v in labels.items()],
                columns=["row_id", "municipality", "canonical_label", "documents"],
            )
            con.register("_rows_frame", listed)
            con.execute("INSERT INTO budget_rows SELECT * FROM _rows_frame")
            con.unregister("_rows_frame")
        con.execute("DROP TABLE _row_ids")
        con.execute("COMMIT")
    except Exception:
        with contextlib.suppress(duckdb.Error):  # a failed COMMIT (disk full) ended it already:
            con.execute("ROLLBACK")  # the original error is the one to report
        raise
    return len(labels)
