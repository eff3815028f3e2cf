"""The bodies (nämnder, förvaltningar) of a warehouse and a researcher's decisions about them.

Each document's body has a key, ``documents.organ_canonical``, made by rule at extraction
(:func:`kpi.extractors.document.canonical_organ`).  Where the rule keeps two names of one body apart,
or joins two bodies, a researcher decides: a crosswalk CSV with the columns ``municipality,
organ, organ_canonical`` (``municipality`` empty: every municipality) is stored in
``organ_crosswalk`` and wins over the rule in every series view; an empty ``organ_canonical``
takes a decision back.  :func:`organs` lists the bodies with the key they have now, in the
crosswalk's own format, so the list can be edited and handed back.
"""

from __future__ import annotations

import contextlib
import csv
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

CROSSWALK_COLUMNS = ("municipality", "organ", "organ_canonical")
"""The columns a crosswalk file must have (others, such as ``documents``, are ignored)."""

_EFFECTIVE = """
SELECT municipality, organ, organ_canonical, organ_by_rule AS by_rule,
       count(*) AS documents, min(year) AS first_year, max(year) AS last_year
FROM document_organs
WHERE organ IS NOT NULL
GROUP BY ALL
ORDER BY municipality NULLS LAST, 3, organ
"""


class CrosswalkError(ValueError):
    """A crosswalk file that cannot be read (missing columns, not a CSV)."""


@dataclass
class Applied:
    decided: int
    withdrawn: int


def organs(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every body as printed, per municipality: the key its documents have now, the rule's key,
    how many documents and which years."""
    return con.execute(_EFFECTIVE).df()


def write_review(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """The list of :func:`organs` as a crosswalk CSV to edit; the number of rows written."""
    df = organs(con)[[*CROSSWALK_COLUMNS, "documents", "first_year", "last_year"]]
    df.to_csv(path, index=False)
    return len(df)


def apply_crosswalk(con: duckdb.DuckDBPyConnection, path: Path) -> Applied:
    """Store the decisions of a crosswalk file (one transaction; applying it twice changes
    nothing): each row sets the key of one printed name, an empty key withdraws a decision."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            missing = [c for c in CROSSWALK_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise CrosswalkError(f"{path}: the crosswalk has no column {', '.join(missing)}")
            rows = [{k: (r.get(k) or "").strip() for k in CROSSWALK_COLUMNS} for r in reader]
    except (UnicodeDecodeError, csv.Error) as exc:
        raise CrosswalkError(f"{path}: not a UTF-8 CSV file ({exc})") from None
    now = datetime.now(UTC).replace(tzinfo=None)
    decided = withdrawn = 0
    con.execute("BEGIN TRANSACTION")
    try:
        for r in rows:
            if not r["organ"]:
                continue
            municipality = r["municipality"] or None
            con.execute(
                "DELETE FROM organ_crosswalk WHERE organ = ? AND municipality IS NOT DISTINCT FROM ?",
                [r["organ"], municipality],
            )
            by_rule = con.execute(
                "SELECT any_value(organ_canonical) FROM documents WHERE organ = ?"
                " AND (? IS NULL OR municipality = ?)",
                [r["organ"], municipality, municipality],
            ).fetchone()
            if not r["organ_canonical"] or (by_rule is not None and by_rule[0] == r["organ_canonical"]):
                withdrawn += 1  # no decision needed: the rule gives that key already
                continue
            con.execute(
                "INSERT INTO organ_crosswalk VALUES (?, ?, ?, ?)",
                [municipality, r["organ"], r["organ_canonical"], now],
            )
            decided += 1
        con.execute("COMMIT")
    except Exception:
        with contextlib.suppress(duckdb.Error):  # a failed COMMIT (disk full) ended it already:
            con.execute("ROLLBACK")  # the original error is the one to report
        raise
    return Applied(decided, withdrawn)
