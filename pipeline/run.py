"""The ingest run: discover → skip what is loaded → extract (anywhere) → write (here, in batches).

Extraction is a pure function of a file (:func:`extract_task`) so executors can run it in other
processes or on other machines; writing happens here, in the one process that holds the
warehouse (and/or the Parquet shard folder) open.  Finished documents are committed in batches
of whole documents, so a run stopped at any point resumes where it stopped.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kpi.extractors import EXTRACTOR_VERSION
from kpi.extractors.domain import DocumentStatus
from kpi.extractors.paths import container_issue, display_path, displayable
from kpi.extractors.records import ExtractionResult
from kpi.pipeline.discover import CONTAINER, Candidate, discover, hash_file
from kpi.pipeline.executors.outputs import TaskOutput, retryable
from kpi.pipeline.outcomes import ALREADY_FAILED, ALREADY_LOADED, DocOutcome, Outcome, RunSummary
from kpi.pipeline.progress import NullProgress, Progress
from kpi.pipeline.writer import BatchWriter, DuckDBSink, SeenPath, Sink, as_output

if TYPE_CHECKING:  # DuckDB is imported once there is a warehouse to open (see ``ingest``)
    import duckdb

__all__ = [
    "ALREADY_FAILED",
    "ALREADY_LOADED",
    "DocOutcome",
    "Executor",
    "Outcome",
    "RunSummary",
    "extract_task",
    "ingest",
    "plan",
    "serial_executor",
]


def extract_task(path: str, data: bytes | None = None, ocr: bool = False) -> ExtractionResult:
    """Read, hash and extract one file (see :func:`kpi.pipeline.executors.task.extract_task`)."""
    from kpi.pipeline.executors.task import extract_task as task

    return task(path, data, ocr=ocr)


Executor = Callable[[list[str]], Iterator["ExtractionResult | TaskOutput | None"]]
"""Maps paths to their extraction outputs, in any order.  ``None`` is a heartbeat: nothing new yet."""


def serial_executor(paths: list[str], ocr: bool = False) -> Iterator[ExtractionResult]:
    """Extract in this process, one file after another (no isolation: for libraries and debugging)."""
    for p in paths:
        yield extract_task(p, ocr=ocr)


Loaded = dict[str, tuple[str, str, str | None]]
"""doc_id -> (extractor_version, status, error) of the documents a sink holds (see ``Sink.done``)."""


def plan(
    candidates: Iterable[Candidate],
    loaded: Loaded,
    force: bool = False,
    seen: list[SeenPath] | None = None,
) -> tuple[list[tuple[Candidate, str]], list[DocOutcome]]:
    """Split candidates into (to extract, with their hash) and finished (skipped) ones.

    ``loaded``: doc_id -> (extractor_version, status, error).  A document is finished when it
    was loaded ok or partial, or failed for a reason that lies in its bytes, by this extractor
    version; one that failed on a limit or a crash is extracted again.  ``seen`` collects every
    (doc_id, path, via) the candidates were found under, duplicates included (``document_paths``).
    """
    todo: list[tuple[Candidate, str]] = []
    skipped: list[DocOutcome] = []
    hashed: set[str] = set()
    for c in candidates:
        shown = display_path(c.path)
        try:
            h, head = hash_file(c.path)
        except OSError as exc:
            skipped.append(
                DocOutcome(shown, None, Outcome.FAILED, f"cannot read file: {exc.strerror or exc}")
            )
            continue
        if not head.startswith(b"%PDF-") and container_issue(head) is not None:
            c = replace(c, via=CONTAINER)
        if seen is not None:
            seen.append(SeenPath(h, c.path, c.via))
            seen += [SeenPath(h, path, via) for path, via in c.aliases]
        if h in hashed:
            skipped.append(DocOutcome(shown, h, Outcome.SKIPPED, "same content as another file in this run"))
            continue
        hashed.add(h)
        known = loaded.get(h)
        if force or known is None or known[0] != EXTRACTOR_VERSION:
            todo.append((c, h))
            continue
        _, status, error = known
        if status in (DocumentStatus.OK, DocumentStatus.PARTIAL):
            skipped.append(DocOutcome(shown, h, Outcome.SKIPPED, ALREADY_LOADED))
        elif status == DocumentStatus.FAILED and not retryable(error):
            skipped.append(DocOutcome(shown, h, Outcome.SKIPPED, ALREADY_FAILED.format(error)))
        else:
            todo.append((c, h))
    return todo, skipped


def loaded_everywhere(sinks: list[Sink]) -> Loaded:
    """Documents every sink holds with the same version and status (only those may be skipped)."""
    held = [s.done() for s in sinks]
    if not held:
        return {}
    return {d: v for d, v in held[0].items() if all(h.get(d) == v for h in held[1:])}


POST_LOAD_STEP = "after_load"
"""The ``post_load_steps`` row that records when ``after_load`` last finished."""


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _needs_after_load(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether documents were loaded after the last run that finished its post-load step.

    True after this run wrote anything, and also after a run that was stopped between its last
    commit and the end of the post-load step.
    """
    row = con.execute(
        "SELECT (SELECT max(loaded_at) FROM documents) > coalesce((SELECT max(applied_at) FROM post_load_steps "
        "WHERE step = ?), TIMESTAMP '1970-01-01')",
        [POST_LOAD_STEP],
    ).fetchone()
    return bool(row and row[0])


def _outcome(out: TaskOutput) -> DocOutcome:
    r = out.result
    m = r.meta
    return DocOutcome(
        display_path(r.source_path),
        r.doc_id,
        Outcome(r.status),
        r.error,
        m.page_count or 0,
        out.rows,
        m.numbers_in_tables or 0,
        m.numbers_read or 0,
    )


def _start_workers(executor: Executor, documents: int) -> None:
    """Let an executor that can start its workers ahead of the paths (``start(n)``) do so."""
    start = getattr(executor, "start", None)
    if start is not None and documents:
        start(documents)


PREPARE_JOIN_SECONDS = 30.0
"""Longest wait for ``prepare_after_load`` to finish when the run ends without ``after_load``."""


def _in_background(fn: Callable[[], None]) -> threading.Thread:
    """Run ``fn`` in a daemon thread; its errors are left to the step it prepares, which repeats its work."""

    def run() -> None:
        with contextlib.suppress(Exception):  # after_load does the same work and reports the error
            fn()

    t = threading.Thread(target=run, daemon=True, name="prepare-after-load")
    t.start()
    return t


def ingest(
    paths: Sequence[str | Path],
    db: str | Path | None = None,
    executor: Executor = serial_executor,
    force: bool = False,
    on_result: Callable[[DocOutcome], None] | None = None,
    wait: float = 0.0,
    after_load: Callable[[duckdb.DuckDBPyConnection], None] | None = None,
    out_parquet: str | Path | None = None,
    progress: Progress | None = None,
    prepare_after_load: Callable[[], None] | None = None,
) -> RunSummary:
    """Ingest every PDF under ``paths`` into the warehouse ``db`` and/or Parquet shards ``out_parquet``.

    Ctrl-C (KeyboardInterrupt) stops extraction, commits the documents already finished and
    returns a summary with ``interrupted`` set; running the same call again resumes.
    ``after_load(con)`` runs once at the end when documents were loaded since it last completed
    (by this run, or by an earlier one that was stopped before it); its last completion is recorded
    in ``post_load_steps``.  ``prepare_after_load()`` (imports, reference data) runs in a
    background thread while documents are extracted, when there are any to extract.
    """
    if db is None and out_parquet is None:
        raise ValueError("nothing to write to: give a warehouse file, a Parquet folder, or both")
    t0 = time.perf_counter()
    progress = progress or NullProgress()
    summary = RunSummary()
    candidates, problems = discover(paths)
    summary.problems = [displayable(p) for p in problems]
    if force or (out_parquet is None and db is not None and not Path(db).exists()):
        _start_workers(executor, len(candidates))  # everything is to extract: workers start while we set up
    con: duckdb.DuckDBPyConnection | None = None
    preparing: threading.Thread | None = None
    try:
        if db is not None:
            from kpi.warehouse.db import connect  # DuckDB: imported after the workers were started

            con = connect(db, wait=wait)
        sinks: list[Sink] = [DuckDBSink(con)] if con is not None else []
        if out_parquet is not None:
            from kpi.pipeline.parquet import ParquetSink

            sinks.append(ParquetSink(out_parquet))
        seen_paths: list[SeenPath] = []
        todo, skipped = plan(candidates, loaded_everywhere(sinks), force=force, seen=seen_paths)
        _start_workers(executor, len(todo))
        if todo and prepare_after_load is not None and after_load is not None and con is not None:
            preparing = _in_background(prepare_after_load)
        seen = [(o.doc_id, o.path) for o in skipped if o.status == Outcome.SKIPPED and o.doc_id]
        for sink in sinks:
            sink.touch(seen)
            if isinstance(sink, DuckDBSink):
                sink.record_paths(seen_paths)
        for o in skipped:
            summary.add(o)
            if on_result:
                on_result(o)
        sizes = {display_path(c.path): c.size for c, _ in todo}
        progress.start(len(todo), sum(sizes.values()), skipped, getattr(executor, "workers", None))

        def report(outs: list[TaskOutput]) -> None:
            for out in outs:
                o = _outcome(out)
                summary.add(o)
                progress.advance(o, sizes.get(o.path, 0))
                if on_result:
                    on_result(o)

        writer = BatchWriter(sinks, EXTRACTOR_VERSION)
        try:
            with closing(executor([c.path for c, _ in todo])) as stream:  # type: ignore[type-var]
                for item in stream:
                    report(writer.tick() if item is None else writer.add(as_output(item)))
                    progress.tick()
        except KeyboardInterrupt:
            summary.interrupted = True
        report(writer.flush())  # documents that finished before a stop are kept
        for sink in sinks:
            if isinstance(sink, DuckDBSink):
                sink.release()
        if after_load is not None and con is not None and not summary.interrupted and _needs_after_load(con):
            if preparing is not None:
                preparing.join()
            after_load(con)
            con.execute("INSERT OR REPLACE INTO post_load_steps VALUES (?, ?)", [POST_LOAD_STEP, _utc_now()])
    finally:
        release = getattr(executor, "release", None)
        if release is not None:
            release()  # workers started ahead that no document needed
        if preparing is not None:
            preparing.join(PREPARE_JOIN_SECONDS)  # no exit in the middle of its imports
        if con is not None:
            con.close()
        stats = getattr(executor, "stats", None)
        summary.executor = stats.as_dict() if stats is not None else {"workers": 0}
        summary.seconds = time.perf_counter() - t0
        progress.finish(summary)
    return summary
