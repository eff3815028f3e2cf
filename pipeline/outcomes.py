"""What an ingest run did with each document, and its totals (shared by the run loop and the displays)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from kpi.extractors.domain import DocumentStatus
from kpi.extractors.records import TABLES
from kpi.pipeline.exitcodes import ExitCode

__all__ = ["ALREADY_FAILED", "ALREADY_LOADED", "NOT_OK", "DocOutcome", "Outcome", "RunSummary"]


class Outcome(StrEnum):
    """What the run did with one document: a :class:`~kpi.extractors.domain.DocumentStatus` of a document
    it extracted, or ``skipped`` (already loaded, failed before, or the same bytes as another file)."""

    OK = DocumentStatus.OK.value
    PARTIAL = DocumentStatus.PARTIAL.value
    FAILED = DocumentStatus.FAILED.value
    SKIPPED = "skipped"


UNREAD_LISTED = 100
"""Documents with unread numbers a run summary names (it counts them all)."""

NOT_OK = frozenset({Outcome.FAILED, Outcome.PARTIAL})
"""The outcomes that make ``kpi ingest`` exit with :attr:`ExitCode.FAILURE` and get their own line."""

ALREADY_LOADED = "already loaded (same content and extractor version)"
ALREADY_FAILED = "failed before with this content and extractor version ({}); --force tries again"


@dataclass
class DocOutcome:
    path: str
    doc_id: str | None
    status: Outcome
    error: str | None = None
    pages: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    numbers_in_tables: int = 0  # numbers printed in table layout (see kpi.extractors.tables.layer)
    numbers_read: int = 0  # of those, the ones some row or table cell holds


@dataclass
class RunSummary:
    """Totals of a run; keeps only the documents that are not ok (memory does not grow with the archive)."""

    counts: Counter[Outcome] = field(default_factory=lambda: Counter(dict.fromkeys(Outcome, 0)))
    rows: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 0))
    pages: int = 0
    not_ok: list[DocOutcome] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False
    executor: dict[str, Any] = field(default_factory=dict)
    numbers_in_tables: int = 0
    numbers_read: int = 0
    unread_documents: int = 0
    """Documents extracted in this run that left numbers in table layout unread..."""
    unread: list[DocOutcome] = field(default_factory=list)
    """...the first :data:`UNREAD_LISTED` of them (memory stays flat however large the archive)."""

    def add(self, o: DocOutcome) -> None:
        self.counts[o.status] += 1
        if o.status != Outcome.SKIPPED:
            self.pages += o.pages
            self.numbers_in_tables += o.numbers_in_tables
            self.numbers_read += o.numbers_read
            if o.numbers_read < o.numbers_in_tables:
                self.unread_documents += 1
                if len(self.unread) < UNREAD_LISTED:
                    self.unread.append(o)
        for t, n in o.rows.items():
            self.rows[t] = self.rows.get(t, 0) + n
        if o.status in NOT_OK:
            self.not_ok.append(o)

    @property
    def exit_code(self) -> ExitCode:
        if self.interrupted:
            return ExitCode.INTERRUPTED
        c = self.counts
        return ExitCode.FAILURE if c[Outcome.FAILED] or c[Outcome.PARTIAL] else ExitCode.OK

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": {str(k): n for k, n in self.counts.items()},
            "rows": self.rows,
            "seconds": round(self.seconds, 3),
            "pages": self.pages,
            "pages_per_second": round(self.pages / self.seconds, 2) if self.seconds else None,
            "not_ok": [{"path": o.path, "status": str(o.status), "error": o.error} for o in self.not_ok],
            "problems": self.problems,
            "interrupted": self.interrupted,
            "executor": self.executor,
            "table_coverage": {
                "numbers_in_tables": self.numbers_in_tables,
                "numbers_read": self.numbers_read,
                "share": round(self.coverage, 4) if self.coverage is not None else None,
                "documents_with_unread_numbers_count": self.unread_documents,
                "documents_with_unread_numbers": [
                    {"path": o.path, "numbers_in_tables": o.numbers_in_tables, "numbers_read": o.numbers_read}
                    for o in self.unread
                ],
            },
        }

    @property
    def coverage(self) -> float | None:
        """Share of the numbers in table layout that some row holds (None when there were none)."""
        return self.numbers_read / self.numbers_in_tables if self.numbers_in_tables else None
