"""The unit of work an executor runs: one file in, one :class:`TaskOutput` out.

This module is imported by worker processes, so it stays light: the extractors, pyarrow and the
warehouse's record-to-Arrow conversion — no DuckDB connection, no pandas, no CLI.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from extractors.extract import extract_pdf
from extractors.records import TABLES, ExtractionResult
from pipeline.discover import sha256_file

MEMORY_ERROR_PATTERN = re.compile(
    r"\bMemoryError\b|\b(?:malloc|calloc|realloc)\b[^;]*\bfailed\b|out of memory|cannot allocate memory",
    re.IGNORECASE,
)
"""How an allocation failure shows in a result's messages once the PDF library or a recognizer has
caught it (MuPDF reports ``calloc (4104 x 1 bytes) failed``; Python raises ``MemoryError``)."""


@dataclass
class TaskOutput:
    """One document's extraction, ready for the writer.

    ``tables`` holds the contract tables as Arrow, converted where the extraction ran (so the
    single writer only concatenates and inserts); the record lists of ``result`` are then empty.
    """

    result: ExtractionResult
    tables: dict[str, pa.Table] | None = None
    peak_rss_mb: float | None = None  # the worker's peak resident memory so far
    worker: str | None = None  # which worker ran it (pid, or host:pid on a cluster)

    @property
    def rows(self) -> dict[str, int]:
        if self.tables is not None:
            return {t: tbl.num_rows for t, tbl in self.tables.items()}
        return self.result.row_counts()


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
    """Convert the record lists to Arrow tables and drop the lists (halves what crosses a pipe)."""
    from warehouse.load import to_arrow

    tables = {t: to_arrow(result, t) for t in TABLES}
    for t in TABLES:
        setattr(result, t, [])
    return TaskOutput(result, tables)


def ran_out_of_memory(result: ExtractionResult) -> bool:
    """Whether the extraction failed because an allocation failed (under the worker's limit)."""
    texts = [result.error or ""] + [i.message for i in result.extraction_issues]
    return any(MEMORY_ERROR_PATTERN.search(t) for t in texts)


def failed_output(path: str, reason: str, doc_id: str | None = None) -> TaskOutput:
    """The output recorded for a document whose worker hung, crashed or ran out of memory."""
    if doc_id is None:
        try:
            doc_id = sha256_file(path)
        except OSError:
            doc_id = hashlib.sha256(path.encode()).hexdigest()
    r = ExtractionResult(doc_id=doc_id, source_path=path)
    try:
        r.file_size = Path(path).stat().st_size
    except OSError:
        pass
    r.fail(reason)
    return TaskOutput(r, None)
