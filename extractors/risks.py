"""Risk tables -> one ``risks`` row per risk.

A risk table has a title column and the columns ``Riskvärde | Sannolikhet | Konsekvens`` (any
case, any order; Riskvärde is often left empty or printed as a coloured box).  Titles may wrap
over several lines; the category is the heading just above the table (``Finansiella risker``,
``Verksamhetsrisker``, or the section's ``Riskhantering``).  Tables are reconstructed by
:mod:`kpi.extractors.tables`, so ruled and borderless tables and tables split by a page break read
alike.
"""

from __future__ import annotations

from kpi.extractors import vocabulary as V
from kpi.extractors.layout import DocumentModel, Page
from kpi.extractors.normalize.numbers import parse_number
from kpi.extractors.normalize.vocabulary import fold
from kpi.extractors.records import ExtractionResult, Risk
from kpi.extractors.tables.model import Table
from kpi.extractors.tables.pages import tables_of_document

MIN_RISK_COLUMNS = 2
"""A table is a risk table when its header names at least this many of the risk columns."""
HEADING_MAX_WORDS = 8
"""A caption line longer than this is running text, not a category heading."""


def _field(header: str) -> str | None:
    h = fold(header)
    return next((name for word, name in V.RISK_COLUMN_WORDS if word in h), None)


def risk_fields(t: Table) -> dict[int, str]:
    """Column index -> risk field, or {} when the table is not a risk table."""
    fields = {i: f for i, c in enumerate(t.columns) if (f := _field(c.header))}
    around = fold(" ".join([t.stub, *t.empty_headers]))
    named = set(fields.values()) | {name for word, name in V.RISK_COLUMN_WORDS if word in around}
    return fields if len(named) >= MIN_RISK_COLUMNS else {}


def category(t: Table) -> str | None:
    """The heading just above the table (the caption's last short line without end stop)."""
    for line in reversed(t.caption):
        words = line.split()
        if (
            0 < len(words) <= HEADING_MAX_WORDS
            and not line.rstrip().endswith((".", ":", ","))
            and not any(ch.isdigit() for ch in line)
        ):
            return line.strip()
    return None


def risks_of_table(t: Table, fields: dict[int, str]) -> list[Risk]:
    cat = category(t)
    out = []
    for row in t.rows:
        if not row.label or not row.cells:
            continue
        values: dict[str, float | None] = {"risk_value": None, "probability": None, "consequence": None}
        for k, cell in row.cells.items():
            if k in fields:
                values[fields[k]] = parse_number(cell.text).value
        out.append(
            Risk(category=cat, title=row.label, page=row.page, bbox=(t.x0, row.y0, t.x1, row.y1), **values)
        )
    return out


def _may_hold_risks(page: Page) -> bool:
    text = fold(page.text)
    return sum(1 for word, _ in V.RISK_COLUMN_WORDS if word in text) >= MIN_RISK_COLUMNS


def recognize(doc: DocumentModel, result: ExtractionResult) -> None:
    for t in tables_of_document(doc.pages(), _may_hold_risks):
        fields = risk_fields(t)
        if fields:
            result.risks.extend(risks_of_table(t, fields))
