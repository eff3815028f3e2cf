"""Exporting the warehouse to files: Parquet (hive-partitioned) or CSV, one dataset per table.

Parquet: every table or view whose rows belong to a document (it has a ``doc_id`` column) is
written as ``OUT/<table>/municipality=<name>/year=<year>/data_0.parquet``, the municipality and
year being the document's (names percent-encoded as Hive does: ``municipality=Tyres%C3%B6``); every other table as ``OUT/<table>/data_0.parquet``.  So
``pandas.read_parquet("OUT/indicator_values")``, ``duckdb.read_parquet("OUT/budget_lines/**/*.parquet",
hive_partitioning=true)`` or Spark/Arrow datasets read each table with its partition columns.
CSV: ``OUT/<table>.csv``, one file per table with a header row.

``OUT/manifest.json`` lists what was written (rows per table, schema version, source file).
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from kpi.warehouse.db import connect, table_columns

CONTRACT_TABLES = (
    "documents",
    "indicator_values",
    "indicators",
    "indicator_matches",
    "budget_lines",
    "goal_status",
    "goal_assessments",
    "risks",
    "extraction_issues",
    "table_cells",
    "indicator_series",
    "indicator_comparisons",
    "indicator_observations",
    "series_conflicts",
    "budget_series",
    "schema_version",
)
"""The tables and views of warehouse/CONTRACT.md, always exported (in this order)."""

FORMATS = ("parquet", "csv")

PARTITION_COLUMNS = ("municipality", "year")
"""Hive partition keys of document tables (the document's municipality and year)."""

UNKNOWN_MUNICIPALITY = "unknown"
"""Partition value for documents whose municipality is not known (NULL in the warehouse).
Hive readers (pyarrow, pandas) cannot yet combine a NULL partition with named ones."""

UNKNOWN_YEAR = 0
"""Partition value for documents whose year is not known (NULL in the warehouse)."""

MANIFEST = "manifest.json"
INTERNAL_PREFIX = "_kpi_"
"""Tables and views with this prefix are scratch space of the loader and never exported."""


class ExportError(RuntimeError):
    """The export cannot be written as asked (an output already exists, an unknown format ...)."""


@dataclass
class TableExport:
    table: str
    rows: int
    path: str  # relative to the output folder
    partitioned_by: list[str] = field(default_factory=list)


@dataclass
class ExportSummary:
    format: str
    out: str
    source: str
    schema_version: int | None
    exported_at: str
    tables: list[TableExport] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def export_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Contract tables first, then every other table or view in the warehouse, by name."""
    have = [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1"
        ).fetchall()
    ]
    extra = [t for t in have if t not in CONTRACT_TABLES and not t.startswith(INTERNAL_PREFIX)]
    return [t for t in CONTRACT_TABLES if t in have] + extra


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [name for name, _ in table_columns(con, table)]


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _select(con: duckdb.DuckDBPyConnection, table: str, partition: bool) -> str:
    """The SELECT that feeds one table's export; adds the partition keys for document tables."""
    t = _ident(table)
    lists = _as_lists(con, table)
    if not partition:
        return f"SELECT *{lists} FROM {t}"
    muni = f"coalesce(d.municipality, {_literal(UNKNOWN_MUNICIPALITY)})"
    year = f"coalesce(d.year, {UNKNOWN_YEAR})"
    if table == "documents":
        return f"SELECT d.* REPLACE ({muni} AS municipality, {year} AS year) FROM documents d"
    own = [c for c in _columns(con, table) if c in PARTITION_COLUMNS]
    exclude = f" EXCLUDE ({', '.join(_ident(c) for c in own)})" if own else ""
    return (
        f"SELECT t.*{exclude}{lists}, {muni} AS municipality, {year} AS year"
        f" FROM {t} t LEFT JOIN documents d ON d.doc_id = t.doc_id"
    )


def _as_lists(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """A ``REPLACE`` clause that writes fixed-size array columns (``bbox DOUBLE[4]``) as plain
    lists: DuckDB writes a fixed-size array with NULL entries to Parquet in a form pyarrow (and so
    pandas) cannot read back ("Length spanned by list offsets ... larger than values array")."""
    arrays = [(name, typ) for name, typ in table_columns(con, table) if re.fullmatch(r"[A-Z]+\[\d+\]", typ)]
    if not arrays:
        return ""
    casts = ", ".join(
        f"CAST({_ident(n)} AS {str(typ).rsplit('[', 1)[0]}[]) AS {_ident(n)}" for n, typ in arrays
    )
    return f" REPLACE ({casts})"


def _prepare(target: Path, overwrite: bool) -> None:
    if target.exists():
        if not overwrite:
            raise ExportError(f"{target} already exists; pass --overwrite to replace it")
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink()


def export(
    db: str | Path,
    out: str | Path,
    fmt: str = "parquet",
    overwrite: bool = False,
    con: duckdb.DuckDBPyConnection | None = None,
) -> ExportSummary:
    """Write every table of the warehouse at ``db`` to ``out`` (see the module docstring).

    The warehouse is opened read-only.  An output that already exists is an error unless
    ``overwrite`` (then only the files of the exported tables are replaced).
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    out = Path(out)
    own = con is None
    con = con or connect(db, read_only=True)
    try:
        tables = export_tables(con)
        targets = {t: out / (t if fmt == "parquet" else f"{t}.csv") for t in tables}
        for target in targets.values():
            if target.exists() and not overwrite:
                raise ExportError(f"{target} already exists; pass --overwrite to replace it")
        out.mkdir(parents=True, exist_ok=True)
        version = None
        if "schema_version" in tables:
            version = con.execute("SELECT max(version) FROM schema_version").fetchall()[0][0]
        summary = ExportSummary(
            fmt, str(out), str(db), version, datetime.now(UTC).isoformat(timespec="seconds")
        )
        for table in tables:
            target = targets[table]
            _prepare(target, overwrite)
            partition = fmt == "parquet" and "doc_id" in _columns(con, table)
            select = _select(con, table, partition)
            rows = con.execute(f"SELECT count(*) FROM ({select})").fetchall()[0][0]
            if fmt == "csv":
                con.execute(f"COPY ({select}) TO {_literal(str(target))} (FORMAT CSV, HEADER)")
            elif partition:
                if rows:
                    con.execute(
                        f"COPY ({select}) TO {_literal(str(target))} "
                        f"(FORMAT PARQUET, PARTITION_BY ({', '.join(PARTITION_COLUMNS)}))"
                    )
                else:  # no rows, no partitions: still leave a typed, readable file
                    target.mkdir(parents=True)
                    con.execute(
                        f"COPY ({select}) TO {_literal(str(target / 'data_0.parquet'))} (FORMAT PARQUET)"
                    )
            else:
                target.mkdir(parents=True)
                con.execute(f"COPY ({select}) TO {_literal(str(target / 'data_0.parquet'))} (FORMAT PARQUET)")
            summary.tables.append(
                TableExport(
                    table, int(rows), target.name, list(PARTITION_COLUMNS) if partition and rows else []
                )
            )
        (out / MANIFEST).write_text(
            json.dumps(summary.as_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        return summary
    finally:
        if own:
            con.close()
