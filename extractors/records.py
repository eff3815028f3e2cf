"""Plain, picklable records: one dataclass per warehouse contract table.

Every recognizer appends to an :class:`ExtractionResult`; the loader turns the lists into
Arrow/pandas frames.  Field names are the contract's column names, so the loader needs no
mapping table.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from kpi.extractors.domain import (
    Assessment,
    BudgetFlow,
    BudgetMeasure,
    DocumentStatus,
    LightStatus,
    RowKind,
    Severity,
    TableEngine,
    TableKind,
    TargetDirection,
    Trend,
    ValueKind,
)

BBox = tuple[float, float, float, float]


@dataclass
class DocumentMeta:
    """The `documents` row (minus doc_id/status, which the pipeline owns)."""

    title: str | None = None
    municipality: str | None = None
    municipality_code: str | None = None
    organ: str | None = None
    doc_type: str | None = None
    year: int | None = None
    period: str | None = None
    page_count: int | None = None
    numbers_in_tables: int | None = None  # numbers printed in table layout (charts, folios aside)
    numbers_read: int | None = None  # of those, the ones some table cell or row holds
    numbers_in_charts: int | None = None  # chart axis and data labels, counted apart
    organ_canonical: str | None = None  # one key for the body across documents (migration 008)


@dataclass
class IndicatorValue:
    page: int
    bbox: BBox | None
    section_path: str | None
    indicator_name: str
    kolada_code: str | None
    value_kind: ValueKind
    period: str | None
    value_raw: str | None
    value_num: float | None
    unit: str | None
    target_direction: TargetDirection | None = None
    note: str | None = None
    indicator_id: str | None = None
    value_role: str | None = None  # finer kind as printed: baseline, outcome, target, forecast
    subject: str | None = None  # whose value: another municipality or a group; None = the document's own
    subject_code: str | None = None  # the subject municipality's SCB code
    unit_per: str | None = None  # what a rate is counted per: inv, dygn, 1000 inv (migration 009)


@dataclass
class BudgetLine:
    page: int
    bbox: BBox | None
    table_kind: TableKind
    row_label: str
    measure: BudgetMeasure  # closed: a header kpi does not recognize is BudgetMeasure.OTHER
    period: str | None
    amount: float | None
    unit: str | None
    amount_tkr: float | None
    table_title: str | None = None
    value_raw: str | None = None
    flow: BudgetFlow | None = None  # migration 006: the money flow the header names
    column_header: str | None = None  # the column's header stack as printed, spanning headers first
    row_parent: str | None = None  # the category row above (or the measured row, see the contract)
    row_kind: RowKind | None = None  # detail | subtotal | total | category
    row_id: str | None = None  # the row across documents, set by matching after load (migration 010)


@dataclass
class GoalStatus:
    goal_number: str | None
    goal_title: str | None
    month: str
    status: LightStatus
    trend: Trend | None = None
    page: int | None = None
    bbox: BBox | None = None


@dataclass
class GoalAssessment:
    """A goal's or an activity's yearly (or part-year) assessment (``goal_assessments``, migration
    007). ``assessment`` is None when the icon or word could not be mapped (an extraction issue
    ``unmapped_assessment`` says so); ``assessment_raw`` keeps what was printed either way."""

    page: int
    bbox: BBox | None  # of the icon or word
    goal_number: str | None
    goal_text: str
    level: str | None  # the table's stub header, folded: nämndmål, verksamhetsmål, aktivitet
    parent_goal: str | None  # the category row above in the same table (the goal an activity serves)
    period: str | None
    assessment: Assessment | None
    assessment_raw: str
    completion: float | None = None  # Färdiggrad, percent


@dataclass
class Risk:
    category: str | None
    title: str
    risk_value: float | None
    probability: float | None
    consequence: float | None
    page: int | None = None
    bbox: BBox | None = None


@dataclass
class TableCell:
    """One cell of a table kpi saw, whatever the table means (see ``table_cells`` in the contract).

    ``col_index`` counts the value columns from 1; a category row (a label without values) has
    one cell with ``col_index`` 0 and no value. ``taken_by`` names the semantic table that holds
    the same value (``budget_lines``, ``indicator_values``, ``risks``), or is None."""

    page: int
    bbox: BBox | None
    table_id: str
    table_title: str | None
    row_index: int
    col_index: int
    row_label: str | None
    row_parent: str | None
    row_kind: RowKind
    column_header: str | None
    column_group: str | None
    value_raw: str | None
    value_num: float | None
    unit: str | None
    engine: TableEngine = TableEngine.KPI
    taken_by: str | None = None


@dataclass
class ExtractionIssue:
    severity: Severity
    code: str
    message: str
    page: int | None = None
    bbox: BBox | None = None  # the region the issue is about (an unread table), when it has one


TABLES: dict[str, type] = {
    "indicator_values": IndicatorValue,
    "budget_lines": BudgetLine,
    "goal_status": GoalStatus,
    "risks": Risk,
    "extraction_issues": ExtractionIssue,
    "table_cells": TableCell,
    "goal_assessments": GoalAssessment,
}


@dataclass
class ExtractionResult:
    """Everything extracted from one PDF; :attr:`status` says how far extraction got."""

    doc_id: str
    source_path: str
    meta: DocumentMeta = field(default_factory=DocumentMeta)
    status: DocumentStatus = DocumentStatus.OK
    error: str | None = None
    indicator_values: list[IndicatorValue] = field(default_factory=list)
    budget_lines: list[BudgetLine] = field(default_factory=list)
    goal_status: list[GoalStatus] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    extraction_issues: list[ExtractionIssue] = field(default_factory=list)
    table_cells: list[TableCell] = field(default_factory=list)
    goal_assessments: list[GoalAssessment] = field(default_factory=list)
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)  # "pages", "metadata", each recognizer
    file_size: int | None = None

    def issue(
        self, severity: Severity, code: str, message: str, page: int | None = None, bbox: BBox | None = None
    ) -> None:
        self.extraction_issues.append(ExtractionIssue(severity, code, message, page, bbox))

    def mark_partial(self, reason: str) -> None:
        if self.status == DocumentStatus.OK:
            self.status = DocumentStatus.PARTIAL
        self.error = reason if not self.error else f"{self.error}; {reason}"

    def fail(self, reason: str) -> None:
        self.status = DocumentStatus.FAILED
        self.error = reason

    def rows(self, table: str) -> list[dict[str, Any]]:
        """Rows of one contract table as dicts, each with this document's doc_id."""
        return [{"doc_id": self.doc_id, **asdict(r)} for r in getattr(self, table)]

    def row_counts(self) -> dict[str, int]:
        return {t: len(getattr(self, t)) for t in TABLES}

    def columns(self, table: str) -> dict[str, list[Any]]:
        """One contract table column-wise (``column_names(table)`` order), as plain Python lists:
        what :func:`kpi.warehouse.load.to_arrow` converts."""
        records = getattr(self, table)
        cols: dict[str, list[Any]] = {"doc_id": [self.doc_id] * len(records)}
        for name in column_names(table)[1:]:
            cols[name] = [getattr(r, name) for r in records]
        return cols


def column_names(table: str) -> list[str]:
    return ["doc_id", *[f.name for f in fields(TABLES[table])]]
