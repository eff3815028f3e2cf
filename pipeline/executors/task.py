"""The unit of work an executor runs: one file in, one extraction result out (imported by workers).

Stays light for a worker: the extractors, pyarrow and the warehouse's record-to-Arrow conversion —
no DuckDB connection, no pandas, no CLI.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from extractors.extract import extract_pdf
from extractors.records import TABLES, ExtractionResult
from pipeline.executors.outputs import MEMORY_ERROR_PATTERN, TaskOutput, failed_output

__all__ = ["TaskOutput", "extract_task", "failed_output", "prepare", "ran_out_of_memory"]


def extract_task(path: str, data: bytes | None = None, ocr: bool = False) -> ExtractionResult:
    """Read, hash and extract one file (runs in any process; never raises for bad input).

    ``data``: the file's bytes when the caller already has them (e.g. shipped to a cluster
    worker that cannot see the caller's disk).  ``ocr``: OCR pages without a text layer first.
    """
    if data is None:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            r = ExtractionResult(doc_id=hashlib.sha256(path.encode()).hexdigest(), source_path=path)
            r.fail(f"cannot read file: {exc.strerror or exc}")
            return r
    doc_id = hashlib.sha256(data).hexdigest()
    if ocr:
        return extract_pdf(path, doc_id, data=data, ocr=True)
    return extract_pdf(path, doc_id, data=data)


def prepare(result: ExtractionResult) -> TaskOutput:
    """Convert the record lists to Arrow tables and drop the lists (halves what crosses a pipe).

    Empty tables are left out: most documents fill only some of the tables, and an empty Arrow
    table costs as much to make and to pickle as a small one.
    """
    from warehouse.load import to_arrow

    tables = {t: to_arrow(result, t) for t in TABLES if getattr(result, t)}
    for t in TABLES:
        setattr(result, t, [])
    return TaskOutput(result, tables)


def ran_out_of_memory(result: ExtractionResult) -> bool:
    """Whether the extraction failed because an allocation failed (under the worker's limit)."""
    texts = [result.error or ""] + [i.message for i in result.extraction_issues]
    return any(MEMORY_ERROR_PATTERN.search(t) for t in texts)
