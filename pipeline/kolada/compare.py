"""Compare extracted outcomes with Kolada's official values; store the result in kolada_comparison.

An extracted outcome is compared when its indicator has a Kolada code (printed, or tied by
matching) and its document's municipality is known.  Values agree at the coarser printed
precision (see :func:`pipeline.match.rules.values_agree`).  When the value for the document's own
year disagrees (or is missing) but Kolada's value for a neighbouring year agrees, the row is a
*period offset*: a plan's "Utfall 2019" that is Kolada's 2018 value.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import duckdb
import pyarrow as pa

from extractors.domain import ValueKind
from pipeline.kolada.values import read_values, totals
from pipeline.match.names import fold_text
from pipeline.match.rules import values_agree
from warehouse.load import insert_arrow

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
    text = resources.files("extractors.data").joinpath("municipalities.csv").read_text(encoding="utf-8")
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


def compare(con: duckdb.DuckDBPyConnection, values_csv: str | Path) -> CompareSummary:
    """Fill kolada_comparison (replacing earlier comparisons) from ``values_csv``."""
    official = totals(read_values(values_csv))
    codes = municipality_codes()
    now = datetime.now(UTC).replace(tzinfo=None)
    cols = [
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
        "compared_at",
    ]
    data: dict[str, list[object]] = {c: [] for c in cols}
    for doc, page, iid, name, code, mcode, muni, period, raw, num, unit in con.execute(_SQL).fetchall():
        mcode = mcode or codes.get(fold_text(muni or ""))
        if not mcode or not str(period)[:4].isdigit():
            continue
        year = int(str(period)[:4])
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
            now,
        ]
        for c, v in zip(cols, row, strict=False):
            data[c].append(v)
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
    return CompareSummary(table.num_rows, dict(sorted(Counter(str(s) for s in data["status"]).items())))
