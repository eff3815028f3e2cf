"""The single writer: committed batches of whole documents, loaded in bulk through Arrow.

Workers hand over each document's tables already converted to Arrow; the writer concatenates
the tables of many documents and inserts them with one statement per table, in one transaction
per batch.  A batch holds whole documents only, so an interrupted run never leaves a document
half-loaded: a kill loses at most the uncommitted batch, which the next run extracts again.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

from extractors.records import TABLES, ExtractionResult
from pipeline.executors.outputs import TaskOutput

if TYPE_CHECKING:  # pyarrow comes with the first batch written (a run that skips everything needs none)
    import duckdb
    import pyarrow as pa

BATCH_MAX_DOCS = 4096
"""Most documents committed in one transaction."""

BATCH_MAX_ROWS = 250_000
"""Most table rows held in memory before a commit (bounds the writer's memory)."""

WRITER_THREADS = 1
"""DuckDB threads while the writer loads: the cores belong to the extraction workers, and DuckDB's
parallel insert slows down several-fold when its threads compete with them for busy cores."""

BATCH_MAX_SECONDS = 1.0
"""Longest a finished document waits for its commit (keeps progress and resume points fresh)."""


@lru_cache(maxsize=1)
def documents_schema() -> pa.Schema:
    """The Arrow schema of the `documents` rows of a batch."""
    import pyarrow as pa

    return pa.schema(
        [
            ("doc_id", pa.string()),
            ("source_path", pa.string()),
            ("title", pa.string()),
            ("municipality", pa.string()),
            ("municipality_code", pa.string()),
            ("organ", pa.string()),
            ("doc_type", pa.string()),
            ("year", pa.int32()),
            ("period", pa.string()),
            ("page_count", pa.int32()),
            ("status", pa.string()),
            ("error", pa.string()),
            ("extractor_version", pa.string()),
            ("file_size", pa.int64()),
            ("seconds", pa.float64()),
            ("loaded_at", pa.timestamp("us")),
        ]
    )


def as_output(item: TaskOutput | ExtractionResult) -> TaskOutput:
    """Executors may yield plain results (in-process) or prepared outputs (from workers)."""
    if isinstance(item, TaskOutput):
        return item
    from pipeline.executors.task import prepare

    return prepare(item)


def documents_table(outs: list[TaskOutput], extractor_version: str) -> pa.Table:
    """The `documents` rows of a batch, column-wise."""
    import pyarrow as pa

    now = datetime.now(UTC).replace(tzinfo=None)
    rs = [o.result for o in outs]
    cols = {
        "doc_id": [r.doc_id for r in rs],
        "source_path": [r.source_path for r in rs],
        "title": [r.meta.title for r in rs],
        "municipality": [r.meta.municipality for r in rs],
        "municipality_code": [r.meta.municipality_code for r in rs],
        "organ": [r.meta.organ for r in rs],
        "doc_type": [r.meta.doc_type for r in rs],
        "year": [r.meta.year for r in rs],
        "period": [r.meta.period for r in rs],
        "page_count": [r.meta.page_count for r in rs],
        "status": [r.status for r in rs],
        "error": [r.error for r in rs],
        "extractor_version": [extractor_version] * len(rs),
        "file_size": [r.file_size for r in rs],
        "seconds": [r.seconds for r in rs],
        "loaded_at": [now] * len(rs),
    }
    return pa.table(cols, schema=documents_schema())


class Sink(Protocol):
    def done(self) -> dict[str, tuple[str, str, str | None]]:
        """doc_id -> (extractor_version, status, error) of every document this sink already holds."""

    def write(self, outs: list[TaskOutput], docs: pa.Table) -> None:
        """Store a batch atomically per document (all of a document or none of it)."""

    def touch(self, seen: list[tuple[str, str]]) -> None:
        """Record the paths (doc_id, path) at which skipped documents were seen."""


class DuckDBSink:
    """The warehouse file: one transaction per batch, one INSERT per table per batch."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.known: set[str] = set()
        self.paths: dict[str, str | None] = {}  # doc_id -> source_path, as done() found them
        self._threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
        con.execute(f"SET threads = {WRITER_THREADS}")

    def release(self) -> None:
        """Give the connection its threads back (for whatever runs on it after loading)."""
        self.con.execute(f"SET threads = {int(self._threads)}")

    def done(self) -> dict[str, tuple[str, str, str | None]]:
        rows = self.con.execute(
            "SELECT doc_id, extractor_version, status, error, source_path FROM documents"
        ).fetchall()
        held = {r[0]: (r[1], r[2], r[3]) for r in rows}
        self.paths = {r[0]: r[4] for r in rows}
        self.known = set(held)
        return held

    def write(self, outs: list[TaskOutput], docs: pa.Table) -> None:
        import pyarrow as pa

        from warehouse.load import DOC_TABLES, insert_arrow

        con = self.con
        replaced = [d for d in docs.column("doc_id").to_pylist() if d in self.known]
        con.execute("BEGIN TRANSACTION")
        try:
            if replaced:
                con.register("_kpi_replaced", pa.table({"doc_id": replaced}))
                try:
                    for t in (*DOC_TABLES, "documents"):
                        con.execute(f"DELETE FROM {t} WHERE doc_id IN (SELECT doc_id FROM _kpi_replaced)")
                finally:
                    con.unregister("_kpi_replaced")
            insert_arrow(con, "documents", docs)
            for t in TABLES:
                parts = [o.tables[t] for o in outs if o.tables and t in o.tables]
                if parts:
                    insert_arrow(con, t, pa.concat_tables(parts))
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        self.known.update(docs.column("doc_id").to_pylist())

    def touch(self, seen: list[tuple[str, str]]) -> None:
        moved = [(d, p) for d, p in seen if d not in self.paths or self.paths[d] != p]
        if not moved:
            return  # the usual re-run: every file where it was
        self.con.execute(
            "UPDATE documents SET source_path = s.path "
            "FROM (SELECT unnest(?::VARCHAR[]) AS doc_id, unnest(?::VARCHAR[]) AS path) s "
            "WHERE documents.doc_id = s.doc_id AND documents.source_path IS DISTINCT FROM s.path",
            [[d for d, _ in moved], [p for _, p in moved]],
        )
        self.paths.update(moved)


class BatchWriter:
    """Collects finished documents and commits them to every sink in batches."""

    def __init__(
        self,
        sinks: list[Sink],
        extractor_version: str,
        max_docs: int = BATCH_MAX_DOCS,
        max_rows: int = BATCH_MAX_ROWS,
        max_seconds: float = BATCH_MAX_SECONDS,
    ) -> None:
        self.sinks = sinks
        self.version = extractor_version
        self.max_docs, self.max_rows, self.max_seconds = max_docs, max_rows, max_seconds
        self.pending: list[TaskOutput] = []
        self.pending_rows = 0
        self.last_flush = time.monotonic()

    def add(self, out: TaskOutput) -> list[TaskOutput]:
        """Queue one document; returns the documents committed by this call (maybe none)."""
        self.pending.append(out)
        self.pending_rows += sum(out.rows.values())
        return self.tick()

    def tick(self) -> list[TaskOutput]:
        """Commit when the batch is full or has waited long enough."""
        if not self.pending:
            self.last_flush = time.monotonic()
            return []
        if (
            len(self.pending) >= self.max_docs
            or self.pending_rows >= self.max_rows
            or time.monotonic() - self.last_flush >= self.max_seconds
        ):
            return self.flush()
        return []

    def flush(self) -> list[TaskOutput]:
        outs, self.pending, self.pending_rows = self.pending, [], 0
        if outs:
            docs = documents_table(outs, self.version)
            for sink in self.sinks:
                sink.write(outs, docs)
        self.last_flush = time.monotonic()
        return outs
