"""Loading one document's records: one transaction per document, bulk inserts through Arrow."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING

import pyarrow as pa

from extractors.records import TABLES, ExtractionResult

if TYPE_CHECKING:  # workers convert records with this module and need no DuckDB
    import duckdb

DOC_TABLES = (*TABLES.keys(), "indicator_matches")


def loaded_versions(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    """doc_id -> (extractor_version, status) of every document in the warehouse."""
    return {
        r[0]: (r[1], r[2])
        for r in con.execute("SELECT doc_id, extractor_version, status FROM documents").fetchall()
    }


BBOX_TYPE = pa.list_(pa.float64())
"""A bounding box (x0, y0, x1, y1) in Arrow (tuples convert as they are)."""

ARROW_TYPES = {
    "str": pa.string(),
    "float": pa.float64(),
    "int": pa.int64(),
    "bool": pa.bool_(),
    "BBox": BBOX_TYPE,
}
"""Arrow type of each record field type (``str | None`` is ``str``)."""


@cache
def arrow_schema(table: str) -> pa.Schema:
    """A contract table's Arrow schema, from its record's field types (``doc_id`` first).

    Converting with known types is several times faster than letting Arrow infer them (floats
    above all), and every document's table gets the same types whatever values it holds.
    """
    types = [("doc_id", pa.string())]
    for f in fields(TABLES[table]):
        base = str(f.type).split("|")[0].strip()
        types.append((f.name, ARROW_TYPES[base]))
    return pa.schema(types)


def to_arrow(result: ExtractionResult, table: str) -> pa.Table:
    """One contract table of a result as an Arrow table (column-wise, typed, no per-row dicts)."""
    schema = arrow_schema(table)
    cols = result.columns(table)
    return pa.Table.from_arrays([pa.array(cols[c.name], type=c.type) for c in schema], schema=schema)


def insert_arrow(con: duckdb.DuckDBPyConnection, table: str, tbl: pa.Table) -> None:
    if tbl.num_rows == 0:
        return
    name = f"_kpi_in_{table}"
    con.register(name, tbl)
    try:
        cols = ", ".join(tbl.column_names)
        con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {name}")
    finally:
        con.unregister(name)


def load_result(
    con: duckdb.DuckDBPyConnection, result: ExtractionResult, extractor_version: str
) -> dict[str, int]:
    """Replace everything known about ``result.doc_id`` with ``result``, atomically.

    Returns rows inserted per table.  On any error the transaction is rolled back and the
    warehouse holds exactly what it held before.
    """
    m = result.meta
    counts: dict[str, int] = {}
    con.execute("BEGIN TRANSACTION")
    try:
        for t in DOC_TABLES:
            con.execute(f"DELETE FROM {t} WHERE doc_id = ?", [result.doc_id])
        con.execute("DELETE FROM documents WHERE doc_id = ?", [result.doc_id])
        con.execute(
            "INSERT INTO documents (doc_id, source_path, title, municipality, municipality_code, organ, doc_type,"
            " year, period, page_count, status, error, extractor_version, file_size, seconds, loaded_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                result.doc_id,
                result.source_path,
                m.title,
                m.municipality,
                m.municipality_code,
                m.organ,
                m.doc_type,
                m.year,
                m.period,
                m.page_count,
                result.status,
                result.error,
                extractor_version,
                result.file_size,
                result.seconds,
                datetime.now(UTC).replace(tzinfo=None),
            ],
        )
        for t in TABLES:
            tbl = to_arrow(result, t)
            insert_arrow(con, t, tbl)
            counts[t] = tbl.num_rows
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return counts


def touch_source_path(con: duckdb.DuckDBPyConnection, doc_id: str, source_path: str) -> None:
    """Record the path a skipped document was last seen at."""
    con.execute("UPDATE documents SET source_path = ? WHERE doc_id = ?", [source_path, doc_id])
