"""Kolada values in the warehouse: which (code, municipality, years) it asks for, and the
``kolada_values`` table that `indicator_series_kolada` reads (migration 012)."""

from __future__ import annotations

import csv
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources

import duckdb
import pyarrow as pa

from kpi.pipeline.kolada.values import KoladaValue
from kpi.pipeline.match.names import fold_text
from kpi.warehouse.load import insert_arrow

YEAR_MARGIN = 2
"""Years fetched on either side of the years the warehouse prints for a code (the comparison
tries neighbouring years for a plan's "Utfall 2019" that is Kolada's 2018 value)."""

_TARGETS_SQL = """
SELECT coalesce(i.kolada_code, iv.kolada_code) AS kpi, d.municipality_code, d.municipality,
       list(DISTINCT TRY_CAST(left(iv.period, 4) AS INTEGER)) AS years
FROM indicator_values iv
JOIN documents d USING (doc_id)
LEFT JOIN indicators i ON i.indicator_id = iv.indicator_id
WHERE coalesce(i.kolada_code, iv.kolada_code) IS NOT NULL AND iv.subject IS NULL
GROUP BY ALL
ORDER BY 1, 2, 3
"""


@dataclass(frozen=True)
class Target:
    """One Kolada question the warehouse asks: a code for a municipality, in some years."""

    kpi: str
    municipality_id: str
    years: frozenset[int]


def _names_to_codes() -> dict[str, str]:
    text = resources.files("kpi.extractors.data").joinpath("municipalities.csv").read_text(encoding="utf-8")
    return {fold_text(r["name"]): r["kommun"] for r in csv.DictReader(text.splitlines(keepends=True))}


def warehouse_targets(
    con: duckdb.DuckDBPyConnection,
    municipalities: Collection[str] | None = None,
    kpis: Collection[str] | None = None,
    years: Collection[int] | None = None,
) -> list[Target]:
    """Every Kolada code the warehouse holds (printed, or tied by matching) for each municipality
    whose documents print it, with the years printed (widened by :data:`YEAR_MARGIN`) or
    ``years``; only ``municipalities`` (codes) and ``kpis`` when given."""
    names = _names_to_codes()
    merged: dict[tuple[str, str], set[int]] = {}
    for kpi, code, name, printed in con.execute(_TARGETS_SQL).fetchall():
        code = code or names.get(fold_text(name or ""))
        if not code or (municipalities and code not in municipalities) or (kpis and kpi not in kpis):
            continue
        got = merged.setdefault((kpi, code), set())
        for y in printed or []:
            if y is not None:
                got.update(range(y - YEAR_MARGIN, y + YEAR_MARGIN + 1))
    return [
        Target(kpi, code, frozenset(years) if years else frozenset(found))
        for (kpi, code), found in sorted(merged.items())
    ]


def store_values(con: duckdb.DuckDBPyConnection, values: Iterable[KoladaValue], source: str) -> int:
    """Put ``values`` into ``kolada_values``, replacing the stored values of the same code,
    municipality, gender and year; the number stored."""
    rows = list(values)
    now = datetime.now(UTC).replace(tzinfo=None)
    table = pa.table(
        {
            "kpi": [v.kpi for v in rows],
            "municipality_id": [v.municipality_id for v in rows],
            "municipality": [v.municipality for v in rows],
            "gender": [v.gender for v in rows],
            "period": pa.array([v.period for v in rows], pa.int32()),
            "value": pa.array([v.value for v in rows], pa.float64()),
            "kpi_title": [v.kpi_title for v in rows],
            "source": [source] * len(rows),
            "fetched_at": pa.array([now] * len(rows), pa.timestamp("us")),
        }
    )
    con.execute("BEGIN TRANSACTION")
    try:
        con.register("_new_kolada", table)
        con.execute(
            "DELETE FROM kolada_values k USING _new_kolada n WHERE k.kpi = n.kpi"
            " AND k.municipality_id = n.municipality_id AND k.gender = n.gender AND k.period = n.period"
        )
        con.unregister("_new_kolada")
        insert_arrow(con, "kolada_values", table)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return len(rows)


def stored_values(con: duckdb.DuckDBPyConnection) -> list[KoladaValue]:
    """Every value in ``kolada_values`` (the newest of each key); none in a warehouse older than
    migration 012."""
    have = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'kolada_values'"
    ).fetchall()[0][0]
    if not have:
        return []
    rows = con.execute(
        "SELECT kpi, municipality_id, municipality, gender, period, value, kpi_title FROM kolada_values"
        " QUALIFY row_number() OVER (PARTITION BY kpi, municipality_id, gender, period"
        " ORDER BY fetched_at DESC) = 1 ORDER BY kpi, municipality_id, period, gender"
    ).fetchall()
    return [KoladaValue(k, m, n or "", g or "T", int(p), v, t or "") for k, m, n, g, p, v, t in rows]
