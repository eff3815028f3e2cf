"""The unit of work an executor runs: one file in, one extraction result out (imported by workers).

Stays light for a worker: the extractors, pyarrow and the warehouse's record-to-Arrow conversion —
no DuckDB connection, no pandas, no CLI.
"""

from __future__ import annotations

import contextlib
import hashlib

from kpi.extractors.extract import extract_pdf, opened_file, sha256_fd
from kpi.extractors.paths import path_bytes
from kpi.extractors.records import TABLES, ExtractionResult
from kpi.pipeline.executors.outputs import MEMORY_ERROR_PATTERN, TaskOutput, failed_output

__all__ = ["TaskOutput", "extract_task", "failed_output", "prepare", "ran_out_of_memory"]


def extract_task(path: str, data: bytes | None = None, ocr: bool = False) -> ExtractionResult:
    """Hash and extract one file (runs in any process; never raises for bad input).

    ``data``: the file's bytes when the caller already has them (e.g. shipped to a cluster
    worker that cannot see the caller's disk).  Otherwise the file is opened once: hashed through
    that descriptor in chunks and read by the PDF library from it, never held whole in memory.
    ``ocr``: OCR pages without a text layer (or with a garbled one) first.
    """
    if data is not None:
        return extract_pdf(path, hashlib.sha256(data).hexdigest(), data=data, ocr=ocr)
    with contextlib.ExitStack() as stack:
        try:
            fd, open_as = stack.enter_context(opened_file(path))
            doc_id = sha256_fd(fd)
        except OSError as exc:
            r = ExtractionResult(doc_id=hashlib.sha256(path_bytes(path)).hexdigest(), source_path=path)
            r.fail(f"cannot read file: {exc.strerror or exc}")
            return r
        return extract_pdf(path, doc_id, fd=fd, open_as=open_as, ocr=ocr)
    raise AssertionError("unreachable")  # pragma: no cover (ExitStack swallows nothing)


def prepare(result: ExtractionResult) -> TaskOutput:
    """Convert the record lists to Arrow tables and drop the lists (halves what crosses a pipe).

    Empty tables are left out: most documents fill only some of the tables, and an empty Arrow
    table costs as much to make and to pickle as a small one.
    """
    from kpi.warehouse.load import to_arrow

    tables = {t: to_arrow(result, t) for t in TABLES if getattr(result, t)}
    for t in TABLES:
        setattr(result, t, [])
    return TaskOutput(result, tables)


def ran_out_of_memory(result: ExtractionResult) -> bool:
    """Whether the extraction failed because an allocation failed (under the worker's limit)."""
    texts = [result.error or ""] + [i.message for i in result.extraction_issues]
    return any(MEMORY_ERROR_PATTERN.search(t) for t in texts)
