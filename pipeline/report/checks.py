"""Consistency checks the QA report runs over the warehouse (beyond the extractors' own).

The extractors already check each financial table's identities while reading it (sums, income
and costs against net, deviations; :mod:`kpi.extractors.checks`) and record the result as an
extraction issue; :func:`is_consistency_issue` picks those out.  The checks here look at the
loaded rows: can every row be traced to its page, are values read consistently, do budget cells
convert to tkr as their unit says, and do outcomes agree with Kolada's official values.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, SupportsFloat, SupportsInt, cast

import duckdb
import numpy as np
import pandas as pd

from kpi.extractors.domain import DocumentStatus, LightStatus, Severity
from kpi.extractors.normalize import NormalizeError, to_tkr

CONSISTENCY_CODE_SUFFIXES = ("_mismatch", "_rounding")
"""Extraction-issue codes ending so come from the extractors' consistency checks
(``sum_mismatch``, ``flow_rounding``, ``deviation_mismatch`` ...)."""

NUMERIC_UNITS = ("percent", "kr", "tkr", "mkr", "mnkr", "days", "count", "index", "bool", "scale")
"""Units of values that should carry a number (``text`` values need not)."""

MAX_YEARS_FROM_DOCUMENT = 6
"""A value whose period lies further than this from its document's year is flagged for a look
(a plan speaks of last year, this year and a few years ahead; a goal period spans a term)."""

TKR_TOLERANCE = 0.5
"""Allowed difference, in tkr, between ``amount_tkr`` and the amount converted from its unit."""

LIGHT_STATUSES = tuple(LightStatus)


@dataclass(frozen=True)
class Check:
    """One finding about one document (optionally one row of one table)."""

    doc_id: str
    severity: str  # a Severity; issues read back from the warehouse keep their stored text
    code: str
    message: str
    page: int | None = None
    table: str | None = None
    row_no: int | None = None


def is_consistency_issue(code: object) -> bool:
    """Whether an extraction issue's code (text, or missing) names a consistency check."""
    return isinstance(code, str) and code.endswith(CONSISTENCY_CODE_SUFFIXES)


def is_missing(value: object) -> bool:
    """None, NaN, NA or NaT; a list or array (a bbox) is never missing."""
    if value is None:
        return True
    if isinstance(value, (list, tuple, np.ndarray)):
        return False
    try:  # pd.isna takes any scalar; its stubs name only some
        return bool(pd.isna(cast(Any, value)))
    except (TypeError, ValueError):
        return False


def integer(v: object) -> int | None:
    """A whole number from a nullable integer column (None when missing)."""
    if is_missing(v) or not isinstance(v, (SupportsInt, str)):
        return None
    return int(v)


def page_number(v: object) -> int | None:
    """A page (or row) number from a nullable column (None when missing)."""
    return integer(v)


def number(v: object) -> float | None:
    """A number from a nullable numeric column (None when missing)."""
    if is_missing(v) or not isinstance(v, (SupportsFloat, str)):
        return None
    return float(v)


def text_of(v: object) -> str:
    """A nullable text cell as text ('' when missing)."""
    return "" if is_missing(v) else str(v)


def label(v: object, limit: int = 80) -> str:
    """The start of a nullable text cell, for a message ('' when missing)."""
    return text_of(v)[:limit]


def check_locations(doc: pd.Series, table: str, rows: pd.DataFrame) -> list[Check]:
    """Every row should name a page of the document and a box on it."""
    out: list[Check] = []
    for r in rows.itertuples(index=False):
        page = page_number(r.page)
        if page is None or is_missing(r.bbox):
            out.append(
                Check(
                    doc.doc_id,
                    Severity.WARNING,
                    "row_without_location",
                    "row has no page or bounding box, so it cannot be shown on its page",
                    page,
                    table,
                    page_number(r.row_no),
                )
            )
        elif doc.page_count and not 1 <= page <= int(doc.page_count):
            out.append(
                Check(
                    doc.doc_id,
                    Severity.WARNING,
                    "page_out_of_range",
                    f"row points at page {page} of a {int(doc.page_count)}-page document",
                    page,
                    table,
                    page_number(r.row_no),
                )
            )
    return out


def check_indicator_values(doc: pd.Series, rows: pd.DataFrame) -> list[Check]:
    """Numbers read where the unit says there should be one; one value per printed key; periods
    near the document's year."""
    out: list[Check] = []
    table = "indicator_values"
    if rows.empty:
        return out
    for r in rows.itertuples(index=False):
        if r.unit in NUMERIC_UNITS and is_missing(r.value_num):
            out.append(
                Check(
                    doc.doc_id,
                    Severity.INFO,
                    "value_without_number",
                    f"{label(r.indicator_name)}: unit {r.unit!s} but no number read from {r.value_raw!r}",
                    page_number(r.page),
                    table,
                    page_number(r.row_no),
                )
            )
        m = re.match(r"(\d{4})", str(r.period or ""))
        if m and pd.notna(doc.year) and abs(int(m.group(1)) - int(doc.year)) > MAX_YEARS_FROM_DOCUMENT:
            out.append(
                Check(
                    doc.doc_id,
                    Severity.INFO,
                    "period_far_from_document",
                    f"{label(r.indicator_name)}: period {r.period} in a document for {int(doc.year)}",
                    page_number(r.page),
                    table,
                    page_number(r.row_no),
                )
            )
    key = ["indicator_name", "section_path", "value_kind", "period"]
    numbered = rows[rows["value_num"].notna()]
    for _, group in numbered.groupby(key, dropna=False):
        if group["value_num"].nunique() > 1:
            first = group.iloc[0]
            vals = ", ".join(f"{v:g}" for v in group["value_num"])
            out.append(
                Check(
                    doc.doc_id,
                    Severity.WARNING,
                    "conflicting_values",
                    f"{label(first.indicator_name)}: {first.value_kind} {first.period or ''} read as {vals}",
                    page_number(first.page),
                    table,
                    int(first.row_no),
                )
            )
    return out


def check_budget_lines(doc: pd.Series, rows: pd.DataFrame) -> list[Check]:
    """``amount_tkr`` is ``amount`` converted from the printed unit."""
    out: list[Check] = []
    for r in rows.itertuples(index=False):
        amount = number(r.amount)
        if amount is None or not r.unit:
            continue
        try:
            expected = to_tkr(amount, str(r.unit))
        except NormalizeError:
            out.append(
                Check(
                    doc.doc_id,
                    Severity.WARNING,
                    "unit_not_money",
                    f"{r.row_label}: unit {r.unit!r} is not money",
                    page_number(r.page),
                    "budget_lines",
                    page_number(r.row_no),
                )
            )
            continue
        stored = number(r.amount_tkr)
        if stored is None or abs(expected - stored) > TKR_TOLERANCE:
            out.append(
                Check(
                    doc.doc_id,
                    Severity.WARNING,
                    "tkr_conversion",
                    f"{r.row_label!s} {r.measure!s}: {amount:g} {r.unit!s} is {expected:g} tkr, "
                    f"stored {r.amount_tkr}",
                    page_number(r.page),
                    "budget_lines",
                    page_number(r.row_no),
                )
            )
    return out


def check_goal_status(doc: pd.Series, rows: pd.DataFrame) -> list[Check]:
    out: list[Check] = []
    for r in rows.itertuples(index=False):
        if r.status not in LIGHT_STATUSES:
            out.append(
                Check(
                    doc.doc_id,
                    Severity.WARNING,
                    "unknown_light",
                    f"goal {r.goal_number}: status {r.status!r} is not green, yellow or red",
                    page_number(r.page),
                    "goal_status",
                    page_number(r.row_no),
                )
            )
    return out


TABLE_CHECKS: dict[str, Callable[[pd.Series, pd.DataFrame], list[Check]]] = {
    "indicator_values": check_indicator_values,
    "budget_lines": check_budget_lines,
    "goal_status": check_goal_status,
}
"""Per-table checks run on one document's rows (after :func:`check_locations`)."""


def check_rows(doc: pd.Series, table: str, rows: pd.DataFrame) -> list[Check]:
    checks = check_locations(doc, table, rows)
    if table in TABLE_CHECKS and not rows.empty:
        checks += TABLE_CHECKS[table](doc, rows)
    return checks


def check_document(doc: pd.Series) -> list[Check]:
    if doc.status != DocumentStatus.OK:
        sev = Severity.ERROR if doc.status == DocumentStatus.FAILED else Severity.WARNING
        return [Check(doc.doc_id, sev, f"document_{doc.status}", doc.error or f"document is {doc.status}")]
    return []


def kolada_checks(con: duckdb.DuckDBPyConnection) -> list[Check]:
    """Extracted outcomes that disagree with Kolada (``kolada_comparison``, if it was filled)."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'kolada_comparison'"
    ).fetchall()[0][0]
    if not exists:
        return []
    df = con.execute("SELECT * FROM kolada_comparison WHERE status = 'mismatch' ORDER BY doc_id, page").df()
    return [
        Check(
            str(r.doc_id),
            Severity.WARNING,
            "kolada_mismatch",
            f"{r.kolada_code} {label(r.indicator_name, 70)}: {r.value_raw} for {r.period}, Kolada has "
            f"{r.kolada_value:g} for {r.kolada_period}",
            page_number(r.page),
            "indicator_values",
        )
        for r in df.itertuples(index=False)
    ]
