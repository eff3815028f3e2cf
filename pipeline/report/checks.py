"""Consistency checks the QA report runs over the warehouse (beyond the extractors' own).

The extractors already check each financial table's identities while reading it (sums, income
and costs against net, deviations; :mod:`extractors.checks`) and record the result as an
extraction issue; :func:`is_consistency_issue` picks those out.  The checks here look at the
loaded rows: can every row be traced to its page, are values read consistently, do budget cells
convert to tkr as their unit says, and do outcomes agree with Kolada's official values.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import pandas as pd

from extractors.normalize import NormalizeError, to_tkr

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

LIGHT_STATUSES = ("green", "yellow", "red")


@dataclass(frozen=True)
class Check:
    """One finding about one document (optionally one row of one table)."""

    doc_id: str
    severity: str  # error | warning | info
    code: str
    message: str
    page: int | None = None
    table: str | None = None
    row_no: int | None = None


def is_consistency_issue(code: str) -> bool:
    return code.endswith(CONSISTENCY_CODE_SUFFIXES)


def page_number(v: object) -> int | None:
    """A page number from a nullable column (None when missing)."""
    return None if v is None or pd.isna(v) else int(v)


def check_locations(doc: pd.Series, table: str, rows: pd.DataFrame) -> list[Check]:
    """Every row should name a page of the document and a box on it."""
    out = []
    for r in rows.itertuples(index=False):
        page = page_number(r.page)
        if page is None or r.bbox is None or (isinstance(r.bbox, float) and math.isnan(r.bbox)):
            out.append(
                Check(
                    doc.doc_id,
                    "warning",
                    "row_without_location",
                    "row has no page or bounding box, so it cannot be shown on its page",
                    page,
                    table,
                    r.row_no,
                )
            )
        elif doc.page_count and not 1 <= page <= int(doc.page_count):
            out.append(
                Check(
                    doc.doc_id,
                    "warning",
                    "page_out_of_range",
                    f"row points at page {page} of a {int(doc.page_count)}-page document",
                    page,
                    table,
                    r.row_no,
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
        if r.unit in NUMERIC_UNITS and pd.isna(r.value_num):
            out.append(
                Check(
                    doc.doc_id,
                    "info",
                    "value_without_number",
                    f"{r.indicator_name[:80]}: unit {r.unit} but no number read from {r.value_raw!r}",
                    page_number(r.page),
                    table,
                    r.row_no,
                )
            )
        m = re.match(r"(\d{4})", str(r.period or ""))
        if m and pd.notna(doc.year) and abs(int(m.group(1)) - int(doc.year)) > MAX_YEARS_FROM_DOCUMENT:
            out.append(
                Check(
                    doc.doc_id,
                    "info",
                    "period_far_from_document",
                    f"{r.indicator_name[:80]}: period {r.period} in a document for {int(doc.year)}",
                    page_number(r.page),
                    table,
                    r.row_no,
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
                    "warning",
                    "conflicting_values",
                    f"{first.indicator_name[:80]}: {first.value_kind} {first.period or ''} read as {vals}",
                    page_number(first.page),
                    table,
                    int(first.row_no),
                )
            )
    return out


def check_budget_lines(doc: pd.Series, rows: pd.DataFrame) -> list[Check]:
    """``amount_tkr`` is ``amount`` converted from the printed unit."""
    out = []
    for r in rows.itertuples(index=False):
        if pd.isna(r.amount) or not r.unit:
            continue
        try:
            expected = to_tkr(float(r.amount), r.unit)
        except NormalizeError:
            out.append(
                Check(
                    doc.doc_id,
                    "warning",
                    "unit_not_money",
                    f"{r.row_label}: unit {r.unit!r} is not money",
                    page_number(r.page),
                    "budget_lines",
                    r.row_no,
                )
            )
            continue
        if pd.isna(r.amount_tkr) or abs(expected - float(r.amount_tkr)) > TKR_TOLERANCE:
            out.append(
                Check(
                    doc.doc_id,
                    "warning",
                    "tkr_conversion",
                    f"{r.row_label} {r.measure}: {r.amount:g} {r.unit} is {expected:g} tkr, "
                    f"stored {r.amount_tkr}",
                    page_number(r.page),
                    "budget_lines",
                    r.row_no,
                )
            )
    return out


def check_goal_status(doc: pd.Series, rows: pd.DataFrame) -> list[Check]:
    out = []
    for r in rows.itertuples(index=False):
        if r.status not in LIGHT_STATUSES:
            out.append(
                Check(
                    doc.doc_id,
                    "warning",
                    "unknown_light",
                    f"goal {r.goal_number}: status {r.status!r} is not green, yellow or red",
                    page_number(r.page),
                    "goal_status",
                    r.row_no,
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
    if doc.status != "ok":
        sev = "error" if doc.status == "failed" else "warning"
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
            r.doc_id,
            "warning",
            "kolada_mismatch",
            f"{r.kolada_code} {r.indicator_name[:70]}: {r.value_raw} for {r.period}, Kolada has "
            f"{r.kolada_value:g} for {r.kolada_period}",
            page_number(r.page),
            "indicator_values",
        )
        for r in df.itertuples(index=False)
    ]
