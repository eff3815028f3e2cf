"""What crosses from a worker to the writer: :class:`TaskOutput`, and the output of a failed worker.

Light on purpose (no PDF library): the writer's process imports it without paying for extraction.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kpi.extractors.records import TABLES, ExtractionResult
from kpi.pipeline.discover import sha256_file

if TYPE_CHECKING:  # the tables arrive unpickled; a run that skips every document never needs pyarrow
    import pyarrow as pa

MEMORY_ERROR_PATTERN = re.compile(
    r"\bMemoryError\b|\b(?:malloc|calloc|realloc)\b[^;]*\bfailed\b|out of memory|cannot allocate memory",
    re.IGNORECASE,
)
"""How an allocation failure shows in a result's messages once the PDF library or a recognizer has
caught it (MuPDF reports ``calloc (4104 x 1 bytes) failed``; Python raises ``MemoryError``)."""


RETRYABLE_FAILURES = ("timed out after", "worker ", "cluster task failed", "cannot read file")
"""How the failures that depend on the run, not on the file, begin (a limit, a crash, a lost cluster
task, an unreadable path): such documents are extracted again by the next run.  Every other failure
is a property of the bytes and the extractor version, so the next run skips it (``--force`` retries)."""


def retryable(error: str | None) -> bool:
    return error is not None and error.startswith(RETRYABLE_FAILURES)


@dataclass
class TaskOutput:
    """One document's extraction, ready for the writer.

    ``tables`` holds the document's non-empty contract tables as Arrow, converted where the
    extraction ran (so the single writer only concatenates and inserts); the record lists of
    ``result`` are then empty.
    """

    result: ExtractionResult
    tables: dict[str, pa.Table] | None = None
    peak_rss_mb: float | None = None  # the worker's peak resident memory so far
    worker: str | None = None  # which worker ran it (pid, or host:pid on a cluster)

    @property
    def rows(self) -> dict[str, int]:
        if self.tables is not None:
            return {t: self.tables[t].num_rows if t in self.tables else 0 for t in TABLES}
        return self.result.row_counts()


def failed_output(path: str, reason: str, doc_id: str | None = None) -> TaskOutput:
    """The output recorded for a document whose worker hung, crashed or ran out of memory."""
    if doc_id is None:
        try:
            doc_id = sha256_file(path)
        except OSError:
            doc_id = hashlib.sha256(os.fsencode(path)).hexdigest()
    r = ExtractionResult(doc_id=doc_id, source_path=path)
    with contextlib.suppress(OSError):
        r.file_size = Path(path).stat().st_size
    r.fail(reason)
    return TaskOutput(r, None)
