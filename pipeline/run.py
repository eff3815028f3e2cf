"""The ingest run: discover → skip what is loaded → extract → load, one document at a time.

Extraction is a pure function of a file (:func:`extract_task`) so executors can run it in other
processes; loading happens here, in the one process that holds the warehouse open.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from extractors import EXTRACTOR_VERSION
from extractors.extract import extract_pdf
from extractors.records import TABLES, ExtractionResult
from pipeline.discover import Candidate, discover, sha256_file
from warehouse.db import connect
from warehouse.load import load_result, loaded_versions, touch_source_path


@dataclass
class DocOutcome:
    path: str
    doc_id: str | None
    status: str  # ok | partial | failed | skipped
    error: str | None = None
    pages: int = 0
    rows: dict[str, int] = field(default_factory=dict)


@dataclass
class RunSummary:
    outcomes: list[DocOutcome] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def counts(self) -> Counter[str]:
        c: Counter[str] = Counter({"ok": 0, "partial": 0, "failed": 0, "skipped": 0})
        c.update(o.status for o in self.outcomes)
        return c

    @property
    def rows(self) -> dict[str, int]:
        total = {t: 0 for t in TABLES}
        for o in self.outcomes:
            for t, n in o.rows.items():
                total[t] = total.get(t, 0) + n
        return total

    @property
    def pages(self) -> int:
        return sum(o.pages for o in self.outcomes if o.status != "skipped")

    @property
    def exit_code(self) -> int:
        c = self.counts
        return 1 if c["failed"] or c["partial"] else 0

    def as_dict(self) -> dict:
        return {
            "documents": dict(self.counts),
            "rows": self.rows,
            "seconds": round(self.seconds, 3),
            "pages": self.pages,
            "pages_per_second": round(self.pages / self.seconds, 2) if self.seconds else None,
            "not_ok": [
                {"path": o.path, "status": o.status, "error": o.error}
                for o in self.outcomes
                if o.status in ("failed", "partial")
            ],
            "problems": self.problems,
        }


def extract_task(path: str) -> ExtractionResult:
    """Read, hash and extract one file (runs in any process; never raises for bad input)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        r = ExtractionResult(doc_id=hashlib.sha256(path.encode()).hexdigest(), source_path=path)
        r.fail(f"cannot read file: {exc.strerror or exc}")
        return r
    doc_id = hashlib.sha256(data).hexdigest()
    return extract_pdf(path, doc_id, data=data)


Executor = Callable[[list[str]], Iterator[ExtractionResult]]


def serial_executor(paths: list[str]) -> Iterator[ExtractionResult]:
    for p in paths:
        yield extract_task(p)


def plan(candidates: Iterable[Candidate], loaded: dict[str, tuple[str, str]], force: bool = False
         ) -> tuple[list[tuple[Candidate, str]], list[DocOutcome]]:
    """Split candidates into (to extract, with their hash) and already-loaded (skipped) ones."""
    todo: list[tuple[Candidate, str]] = []
    skipped: list[DocOutcome] = []
    seen: set[str] = set()
    for c in candidates:
        try:
            h = sha256_file(c.path)
        except OSError as exc:
            skipped.append(DocOutcome(c.path, None, "failed", f"cannot read file: {exc.strerror or exc}"))
            continue
        if h in seen:
            skipped.append(DocOutcome(c.path, h, "skipped", "same content as another file in this run"))
            continue
        seen.add(h)
        version, status = loaded.get(h, (None, None))
        if not force and version == EXTRACTOR_VERSION and status in ("ok", "partial"):
            skipped.append(DocOutcome(c.path, h, "skipped", "already loaded (same content and extractor version)"))
        else:
            todo.append((c, h))
    return todo, skipped


def ingest(
    paths: list[str],
    db: str | Path,
    executor: Executor = serial_executor,
    force: bool = False,
    on_result: Callable[[DocOutcome], None] | None = None,
    wait: float = 0.0,
    after_load: Callable[[object], None] | None = None,
) -> RunSummary:
    """Ingest every PDF under ``paths`` into the warehouse ``db``."""
    t0 = time.perf_counter()
    summary = RunSummary()
    candidates, summary.problems = discover(paths)
    con = connect(db, wait=wait)
    try:
        todo, skipped = plan(candidates, loaded_versions(con), force=force)
        for o in skipped:
            if o.status == "skipped" and o.doc_id:
                touch_source_path(con, o.doc_id, o.path)
            summary.outcomes.append(o)
            if on_result:
                on_result(o)
        for result in executor([c.path for c, _ in todo]):
            rows = load_result(con, result, EXTRACTOR_VERSION)
            o = DocOutcome(result.source_path, result.doc_id, result.status, result.error,
                           result.meta.page_count or 0, rows)
            summary.outcomes.append(o)
            if on_result:
                on_result(o)
        if after_load is not None:
            after_load(con)
    finally:
        con.close()
    summary.seconds = time.perf_counter() - t0
    return summary
