"""The warehouse loader: batches of whole documents in one transaction, bulk inserts through Arrow.

The records become Arrow where they were extracted (:func:`kpi.warehouse.tables.to_arrow`, in the
workers); the single writer (``pipeline/writer.py``) batches documents and hands each batch to
:func:`load_documents`.  :func:`loaded_documents` says what the warehouse already holds and
:func:`touch_source_paths` records where skipped documents were seen.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from typing import TYPE_CHECKING, NamedTuple

from kpi.extractors.records import TABLES

if TYPE_CHECKING:  # DuckDB and pyarrow are imported when needed: a re-run that loads nothing needs neither
    import duckdb
    import pyarrow as pa

    from kpi.warehouse.tables import to_arrow as to_arrow

DOC_TABLES = (*TABLES, "indicator_matches")
"""Tables whose rows belong to one document: loading the document again replaces its rows there."""


class LoadedDocument(NamedTuple):
    """What the warehouse holds about a loaded document (its ``documents`` row, in part)."""

    extractor_version: str
    status: str
    error: str | None
    source_path: str | None


def __getattr__(name: str) -> object:
    """``to_arrow``: :func:`kpi.warehouse.tables.to_arrow`, the workers' conversion, which
    ``pipeline/executors/task.py`` imports from here.  Importing it imports pyarrow, on purpose:
    a worker imports it while warming up, before its memory limit is set (a C extension loaded
    under the limit can abort the process); the writer's lookups here need no pyarrow."""
    if name == "to_arrow":
        from kpi.warehouse.tables import to_arrow

        return to_arrow
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def loaded_documents(con: duckdb.DuckDBPyConnection) -> dict[str, LoadedDocument]:
    """doc_id -> what is known about every document in the warehouse."""
    rows = con.execute(
        "SELECT doc_id, extractor_version, status, error, source_path FROM documents"
    ).fetchall()
    return {r[0]: LoadedDocument(r[1], r[2], r[3], r[4]) for r in rows}


def document_path_pairs(con: duckdb.DuckDBPyConnection) -> set[tuple[str, bytes]]:
    """(doc_id, path_bytes) of every path ``document_paths`` holds."""
    return {
        (r[0], bytes(r[1])) for r in con.execute("SELECT doc_id, path_bytes FROM document_paths").fetchall()
    }


@contextmanager
def registered(con: duckdb.DuckDBPyConnection, name: str, tbl: pa.Table) -> Iterator[None]:
    """``tbl`` as the view ``name`` for the statements in the block.

    When a statement fails inside a transaction, DuckDB refuses the unregister too (the
    transaction is aborted); that refusal must not hide the statement's own error.
    """
    import duckdb

    con.register(name, tbl)
    try:
        yield
    except BaseException:
        with suppress(duckdb.TransactionException):
            con.unregister(name)
        raise
    con.unregister(name)


def insert_arrow(con: duckdb.DuckDBPyConnection, table: str, tbl: pa.Table) -> None:
    """INSERT an Arrow table's rows (by column name) into a warehouse table."""
    if tbl.num_rows == 0:
        return
    name = f"_kpi_in_{table}"
    with registered(con, name, tbl):
        cols = ", ".join(tbl.column_names)
        con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {name}")


def load_documents(
    con: duckdb.DuckDBPyConnection,
    docs: pa.Table,
    tables: Mapping[str, Sequence[pa.Table]],
    replace: Collection[str] = (),
    paths: Sequence[tuple[str, str, bytes, str]] = (),
) -> None:
    """Load a batch of whole documents in one transaction.

    ``docs``: their ``documents`` rows (:func:`kpi.warehouse.tables.documents_table`); ``tables``: per
    contract table, the documents' Arrow tables (:func:`kpi.warehouse.tables.to_arrow`), concatenated
    into one INSERT per table; ``replace``: those of the documents the warehouse already holds,
    whose old rows are deleted first; ``paths``: (doc_id, path, path_bytes, via) the documents were
    seen under (:func:`record_document_paths`).  On any error the transaction is rolled back and the
    warehouse holds exactly what it held before.
    """
    import duckdb
    import pyarrow as pa

    con.execute("BEGIN TRANSACTION")
    try:
        if replace:
            with registered(con, "_kpi_replaced", pa.table({"doc_id": pa.array(list(replace), pa.string())})):
                for t in (*DOC_TABLES, "documents"):
                    con.execute(f"DELETE FROM {t} WHERE doc_id IN (SELECT doc_id FROM _kpi_replaced)")
        insert_arrow(con, "documents", docs)
        for t in TABLES:
            parts = tables.get(t)
            if parts:
                insert_arrow(con, t, parts[0] if len(parts) == 1 else pa.concat_tables(parts))
        record_document_paths(con, paths)
        con.execute("COMMIT")
    except BaseException:
        # a failed COMMIT (a full disk) has ended the transaction already: report its own error,
        # not "cannot rollback - no transaction is active"
        with suppress(duckdb.Error):
            con.execute("ROLLBACK")
        raise


def touch_source_paths(con: duckdb.DuckDBPyConnection, seen: Sequence[tuple[str, str]]) -> None:
    """Record the paths (doc_id, path) at which already loaded documents were seen."""
    if not seen:
        return
    con.execute(
        "UPDATE documents SET source_path = s.path "
        "FROM (SELECT unnest(?::VARCHAR[]) AS doc_id, unnest(?::VARCHAR[]) AS path) s "
        "WHERE documents.doc_id = s.doc_id AND documents.source_path IS DISTINCT FROM s.path",
        [[d for d, _ in seen], [p for _, p in seen]],
    )


def record_document_paths(
    con: duckdb.DuckDBPyConnection, seen: Sequence[tuple[str, str, bytes, str]]
) -> None:
    """Add the (doc_id, path, path_bytes, via) the warehouse does not hold yet to ``document_paths``
    (one row per document and exact path; ``first_seen`` is now, UTC).  Plain list parameters, no
    pyarrow: a re-run that finds a moved file records its new path without importing it."""
    if not seen:
        return
    con.execute(
        "INSERT INTO document_paths (doc_id, path, path_bytes, via, first_seen) "
        "SELECT doc_id, any_value(path), path_bytes, any_value(via), ?::TIMESTAMP "
        "FROM (SELECT unnest(?::VARCHAR[]) AS doc_id, unnest(?::VARCHAR[]) AS path, "
        "unnest(?::BLOB[]) AS path_bytes, unnest(?::VARCHAR[]) AS via) s "
        "WHERE NOT EXISTS (SELECT 1 FROM document_paths p WHERE p.doc_id = s.doc_id AND p.path_bytes = s.path_bytes) "
        "GROUP BY doc_id, path_bytes",
        [datetime.now(UTC).replace(tzinfo=None), *([row[i] for row in seen] for i in range(4))],
    )
