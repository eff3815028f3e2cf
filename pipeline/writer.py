"""The single writer: committed batches of whole documents, loaded in bulk through Arrow.

Workers hand over each document's tables already converted to Arrow; the writer concatenates
the tables of many documents and inserts them with one statement per table, in one transaction
per batch.  A batch holds whole documents only, so an interrupted run never leaves a document
half-loaded: a kill loses at most the uncommitted batch, which the next run extracts again.

The batching and the sinks are here; the warehouse's loader (the transaction, the deletes and
inserts, the "done" lookup) is ``warehouse/load.py``, and the records-to-tables mapping (the
``documents`` rows, the Arrow schemas) is ``warehouse/tables.py``.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, NamedTuple, Protocol

from kpi.extractors.paths import display_path, path_bytes
from kpi.extractors.records import TABLES, ExtractionResult
from kpi.pipeline.executors.outputs import TaskOutput

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


UNSTORABLE = "could not be stored in the warehouse"
"""How the error of a document the writer refused begins (the rest of its batch was stored)."""

MAX_STORE_ERROR_CHARS = 300
"""Longest quote of the writer's error in a refused document's ``error``."""


class SeenPath(NamedTuple):
    """A path a document was seen under (``document_paths``): its hash, the path as the OS gave it
    (``str`` with surrogate escapes where the name is not UTF-8) and how it was reached."""

    doc_id: str
    path: str
    via: str


def _path_row(s: SeenPath) -> tuple[str, str, bytes, str]:
    return (s.doc_id, display_path(s.path), path_bytes(s.path), s.via)


def as_output(item: TaskOutput | ExtractionResult) -> TaskOutput:
    """Executors may yield plain results (in-process) or prepared outputs (from workers)."""
    if isinstance(item, TaskOutput):
        return item
    from kpi.pipeline.executors.task import prepare

    return prepare(item)


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
        self.pending_paths: dict[str, list[SeenPath]] = {}  # paths of documents not loaded yet
        self.path_pairs: set[tuple[str, bytes]] = set()  # (doc_id, path_bytes) in document_paths
        row = con.execute("SELECT current_setting('threads')").fetchone()
        assert row is not None  # a setting always has a value
        self._threads = int(row[0])
        con.execute(f"SET threads = {WRITER_THREADS}")

    def release(self) -> None:
        """Give the connection its threads back (for whatever runs on it after loading)."""
        self.con.execute(f"SET threads = {int(self._threads)}")

    def done(self) -> dict[str, tuple[str, str, str | None]]:
        from kpi.warehouse.load import document_path_pairs, loaded_documents

        held = loaded_documents(self.con)
        self.path_pairs = document_path_pairs(self.con)
        self.paths = {d: h.source_path for d, h in held.items()}
        self.known = set(held)
        return {d: (h.extractor_version, h.status, h.error) for d, h in held.items()}

    def write(self, outs: list[TaskOutput], docs: pa.Table) -> None:
        from kpi.warehouse.load import load_documents

        ids = docs.column("doc_id").to_pylist()
        tables = {t: [o.tables[t] for o in outs if o.tables and t in o.tables] for t in TABLES}
        paths = [_path_row(p) for d in ids for p in self.pending_paths.get(d, ())]
        load_documents(self.con, docs, tables, replace=[d for d in ids if d in self.known], paths=paths)
        self.known.update(ids)
        for d in ids:
            self.pending_paths.pop(d, None)

    def record_paths(self, seen: list[SeenPath]) -> None:
        """Record in ``document_paths`` the paths the documents were seen under (new pairs only).

        Paths of documents the warehouse holds are written now; those of documents still to be
        loaded are written with them, in their batch's transaction (a stopped run leaves no path
        of a document it did not load)."""
        from kpi.warehouse.load import record_document_paths

        new = [s for s in seen if (s.doc_id, path_bytes(s.path)) not in self.path_pairs]
        if not new:
            return  # the usual re-run: every file where it was (no write, no pyarrow)
        record_document_paths(self.con, [_path_row(s) for s in new if s.doc_id in self.known])
        for s in new:
            if s.doc_id not in self.known:
                self.pending_paths.setdefault(s.doc_id, []).append(s)
        self.path_pairs.update((s.doc_id, path_bytes(s.path)) for s in new if s.doc_id in self.known)

    def touch(self, seen: list[tuple[str, str]]) -> None:
        from kpi.warehouse.load import touch_source_paths

        moved = [(d, p) for d, p in seen if d not in self.paths or self.paths[d] != p]
        if not moved:
            return  # the usual re-run: every file where it was
        touch_source_paths(self.con, moved)
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
        """Commit the pending documents; returns them as stored (a refused one as failed)."""
        outs, self.pending, self.pending_rows = self.pending, [], 0
        stored = self._commit(outs) if outs else []
        self.last_flush = time.monotonic()
        return stored

    def _write(self, outs: list[TaskOutput]) -> None:
        from kpi.warehouse.tables import documents_table

        docs = documents_table([o.result for o in outs], self.version)
        for sink in self.sinks:
            sink.write(outs, docs)

    def _commit(self, outs: list[TaskOutput]) -> list[TaskOutput]:
        """Write ``outs``; when the write fails, confine the error to the document that caused it.

        The batch is split in halves and each half written again, down to single documents; a
        document that cannot be written alone is stored as failed, with the writer's error, so
        the rest of the batch is loaded (and matching runs).  A full disk or a refused permission
        is raised at once (no document is blamed, so a later run loads them all once there is
        room), and so is any error that even the failed record meets.
        """
        try:
            self._write(outs)
            return outs
        except Exception as exc:  # any writer error: find the document that caused it
            from kpi.warehouse.db import storage_problem

            if storage_problem(exc) is not None:
                raise  # a full disk or a refused permission is no document's fault: stop, blame none
            if len(outs) > 1:
                half = len(outs) // 2
                return self._commit(outs[:half]) + self._commit(outs[half:])
            refused = unstorable(outs[0], exc)
            try:
                self._write([refused])
            except Exception:  # noqa: BLE001 - not the document's fault: report the original error
                raise exc from None
            return [refused]


def unstorable(out: TaskOutput, exc: Exception) -> TaskOutput:
    """The failed record of a document whose rows the writer refused (its extraction is dropped)."""
    r = out.result
    said = " ".join(str(exc).split())[:MAX_STORE_ERROR_CHARS]
    failed = ExtractionResult(
        doc_id=r.doc_id, source_path=r.source_path, file_size=r.file_size, seconds=r.seconds
    )
    failed.fail(f"{UNSTORABLE}: {type(exc).__name__}: {said}")
    return TaskOutput(failed, None, out.peak_rss_mb, out.worker)
