"""Loading one document's records: one transaction per document, bulk inserts through Arrow."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING

import pyarrow as pa

from extractors.records import TABLES, ExtractionResult, column_names

if TYPE_CHECKING:  # workers convert records with this module and need no DuckDB
    import duckdb

DOC_TABLES = (*TABLES.keys(), "indicator_matches")


def loaded_versions(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    """doc_id -> (extractor_version, status) of every document in the warehouse."""
    return {r[0]: (r[1], r[2]) for r in con.execute("SELECT doc_id, extractor_version, status FROM documents").fetchall()}


def to_arrow(result: ExtractionResult, table: str) -> pa.Table:
    """One contract table of a result as an Arrow table (column-wise, no per-row dicts)."""
    cols = column_names(table)
    records = getattr(result, table)
    data: dict[str, list] = {c: [] for c in cols}
    data["doc_id"] = [result.doc_id] * len(records)
    names = cols[1:]
    for r in records:
        for c in names:
            v = getattr(r, c)
            data[c].append(list(v) if c == "bbox" and v is not None else v)
    arrays = {}
    for c, vals in data.items():
        if c == "bbox":
            arrays[c] = pa.array(vals, type=pa.list_(pa.float64()))
        else:
            arrays[c] = pa.array(vals)
    return pa.table(arrays)


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


def load_result(con: duckdb.DuckDBPyConnection, result: ExtractionResult, extractor_version: str) -> dict[str, int]:
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
            [result.doc_id, result.source_path, m.title, m.municipality, m.municipality_code, m.organ,
             m.doc_type, m.year, m.period, m.page_count, result.status, result.error, extractor_version,
             result.file_size, result.seconds, datetime.now(timezone.utc).replace(tzinfo=None)],
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
