"""Compare extracted outcomes with Kolada's official values; store the result in kolada_comparison.

An extracted outcome is compared when its indicator has a Kolada code (printed, or tied by
matching) and its document's municipality is known.  Values agree at the coarser printed
precision (see :func:`kpi.pipeline.match.rules.values_agree`).  When the value for the document's own
year disagrees (or is missing) but Kolada's value for a neighbouring year agrees, the row is a
*period offset*: a plan's "Utfall 2019" that is Kolada's 2018 value.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from kpi.extractors.domain import ValueKind
from kpi.pipeline.kolada.values import read_values, totals
from kpi.pipeline.match.names import fold_text
from kpi.pipeline.match.rules import values_agree
from kpi.warehouse.db import connect
from kpi.warehouse.load import insert_arrow

OFFSETS = (-1, 1, -2, 2)
"""Year offsets tried, in order, when the document's own year does not agree."""
PERCENT_SCALED_UNITS = frozenset({"bool", "scale"})
"""Units Kolada may publish as a share (0-100) where the plan prints 0/1."""

_SQL = f"""
SELECT iv.doc_id, iv.page, iv.indicator_id, iv.indicator_name,
       coalesce(iv.kolada_code, i.kolada_code) AS kolada_code,
       d.municipality_code, d.municipality, iv.period, iv.value_raw, iv.value_num, iv.unit
FROM indicator_values iv
JOIN documents d USING (doc_id)
LEFT JOIN indicators i ON i.indicator_id = iv.indicator_id
WHERE iv.value_kind = '{ValueKind.OUTCOME}' AND iv.value_num IS NOT NULL AND iv.period IS NOT NULL
  AND coalesce(iv.kolada_code, i.kolada_code) IS NOT NULL
ORDER BY iv.doc_id, iv.page, iv.indicator_name, iv.period
"""


@dataclass
class CompareSummary:
    compared: int
    statuses: dict[str, int]

    def as_dict(self) -> dict[str, int]:
        return {"compared": self.compared, **self.statuses}


def municipality_codes() -> dict[str, str]:
    """Folded municipality name -> 4-digit code, from the bundled list."""
    text = resources.files("kpi.extractors.data").joinpath("municipalities.csv").read_text(encoding="utf-8")
    return {fold_text(r["name"]): r["kommun"] for r in csv.DictReader(text.splitlines(keepends=True))}


def _agree(value: float, raw: str, unit: str | None, kolada: float) -> bool:
    if values_agree(value, raw or str(value), kolada, repr(kolada)):
        return True
    return unit in PERCENT_SCALED_UNITS and values_agree(value * 100, str(value * 100), kolada, repr(kolada))


def classify(
    value: float, raw: str, unit: str | None, year: int, series: dict[int, float]
) -> tuple[str, int | None, float | None]:
    """(status, Kolada year compared with, Kolada value) for one extracted value."""
    same = series.get(year)
    if same is not None and _agree(value, raw, unit, same):
        return "match", year, same
    for off in OFFSETS:
        other = series.get(year + off)
        if other is not None and _agree(value, raw, unit, other):
            return "period_offset", year + off, other
    if same is not None:
        return "mismatch", year, same
    return "not_in_kolada", None, None


COLUMNS = [
    "doc_id",
    "page",
    "indicator_id",
    "indicator_name",
    "kolada_code",
    "municipality_code",
    "period",
    "value_raw",
    "value_num",
    "unit",
    "kolada_period",
    "kolada_value",
    "kolada_value_same_period",
    "difference",
    "offset_years",
    "status",
]
"""The comparison's columns (``kolada_comparison`` adds ``compared_at``)."""


def _compared(
    con: duckdb.DuckDBPyConnection,
    official: dict[tuple[str, str], dict[int, float]],
    municipalities: Collection[str] | None = None,
    years: Collection[int] | None = None,
    kpis: Collection[str] | None = None,
) -> dict[str, list[object]]:
    """Every extracted outcome with a Kolada code beside Kolada's value, column by column."""
    codes = municipality_codes()
    data: dict[str, list[object]] = {c: [] for c in COLUMNS}
    for doc, page, iid, name, code, mcode, muni, period, raw, num, unit in con.execute(_SQL).fetchall():
        mcode = mcode or codes.get(fold_text(muni or ""))
        if not mcode or not str(period)[:4].isdigit():
            continue
        year = int(str(period)[:4])
        if (municipalities and mcode not in municipalities) or (years and year not in years):
            continue
        if kpis and code not in kpis:
            continue
        series = official.get((code, mcode), {})
        status, kyear, kval = classify(num, raw, unit, year, series)
        row = [
            doc,
            page,
            iid,
            name,
            code,
            mcode,
            period,
            raw,
            num,
            unit,
            str(kyear) if kyear is not None else None,
            kval,
            series.get(year),
            (num - kval) if kval is not None else None,
            (kyear - year) if kyear is not None else None,
            status,
        ]
        for c, v in zip(COLUMNS, row, strict=True):
            data[c].append(v)
    return data


def compare(
    db: str | Path | duckdb.DuckDBPyConnection,
    values: str | Path | None = None,
    *,
    municipality: str | Iterable[str] | None = None,
    years: Iterable[int] | None = None,
    kpi: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """Extracted outcomes beside Kolada's official values, as a DataFrame (nothing is written).

    ``db``: a warehouse file (opened read-only) or an open connection.  ``values``: a Kolada
    values CSV (``kpi kolada fetch --out``, ``samples/kolada/``); without it, the values stored in
    the warehouse (``kpi kolada fetch --db``; :class:`LookupError` when there are none).  ``municipality`` (names or SCB codes, see
    :func:`kpi.pipeline.kolada.municipalities.resolve_municipality`), ``years`` and ``kpi`` narrow
    the rows.  One row per outcome with a Kolada code: the columns of :data:`COLUMNS`; ``status``
    is ``match``, ``period_offset``, ``mismatch`` or ``not_in_kolada`` (see :func:`classify`).
    """
    from kpi.pipeline.kolada.municipalities import resolve_municipality
    from kpi.pipeline.kolada.store import stored_values

    munis = [municipality] if isinstance(municipality, str) else list(municipality or [])
    kpis = [kpi] if isinstance(kpi, str) else list(kpi or [])
    wanted = {resolve_municipality(m) for m in munis}
    own = not isinstance(db, duckdb.DuckDBPyConnection)
    con = connect(db, read_only=True) if not isinstance(db, duckdb.DuckDBPyConnection) else db
    try:
        if values is not None:
            official = totals(read_values(values))
        else:
            stored = stored_values(con)
            if not stored:
                raise LookupError(
                    "the warehouse holds no Kolada values: fetch them with `kpi kolada fetch --db FILE` "
                    "(or `--values FILE` offline), or pass a values CSV as `values`"
                )
            official = totals(stored)
        data = _compared(con, official, wanted, set(years or []), {k.strip().upper() for k in kpis})
    finally:
        if own:
            con.close()
    frame = pd.DataFrame(data, columns=COLUMNS)
    for c in ("page", "offset_years"):
        frame[c] = frame[c].astype("Int64")
    for c in ("value_num", "kolada_value", "kolada_value_same_period", "difference"):
        frame[c] = frame[c].astype("float64")
    return frame


def store_comparison(con: duckdb.DuckDBPyConnection, values_csv: str | Path) -> CompareSummary:
    """Fill kolada_comparison (replacing earlier comparisons) from ``values_csv``, and keep the
    file's values in ``kolada_values`` (for the ``indicator_series_kolada`` view)."""
    from kpi.pipeline.kolada.store import store_values

    values = read_values(values_csv)
    official = totals(values)
    now = datetime.now(UTC).replace(tzinfo=None)
    data = _compared(con, official)
    data["compared_at"] = [now] * len(data["status"])
    cols = [*COLUMNS, "compared_at"]
    types = {
        "page": pa.int32(),
        "value_num": pa.float64(),
        "kolada_value": pa.float64(),
        "kolada_value_same_period": pa.float64(),
        "difference": pa.float64(),
        "offset_years": pa.int32(),
        "compared_at": pa.timestamp("us"),
    }
    table = pa.table(data, schema=pa.schema([(c, types.get(c, pa.string())) for c in cols]))
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM kolada_comparison")
        insert_arrow(con, "kolada_comparison", table)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    store_values(con, values, str(values_csv))
    return CompareSummary(table.num_rows, dict(sorted(Counter(str(s) for s in data["status"]).items())))
