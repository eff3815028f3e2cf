"""Printed value + its column or label -> an :class:`IndicatorValue` (through the normalize library).

The layout recognizers say *what* was printed (indicator name, value text, the header or label
that gives it a kind and a period); this module turns that into the contract's row: number,
unit, direction and note come from :func:`kpi.extractors.normalize.parse_value`, periods from
:func:`kpi.extractors.normalize.parse_period`.  Period conventions:

* a column or label with a period uses it; a part-year report ("Utfall delårsrapport 2 2019")
  is labelled by its end month (``2019-08``), as indicator values are points in time;
* a period printed in the value itself wins ("3 (sep. 2019)" -> ``2019-09``), and a forecast
  column's value dated that way is an observed outcome;
* without a period: targets are for the document's year, outcomes in a plan are for the year
  before, outcomes and forecasts in a report are for the report's period.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kpi.extractors import vocabulary as V
from kpi.extractors.domain import Severity, ValueKind
from kpi.extractors.indicators.text import find_word, has_any_word, has_word
from kpi.extractors.normalize import is_placeholder, issue_code, parse_period, parse_value
from kpi.extractors.normalize.units import unit_denominator
from kpi.extractors.records import BBox, DocumentMeta, ExtractionResult, IndicatorValue

REPORTED_ISSUES = {
    "ambiguous_separator",
    "multiple_numbers",
    "unit_conflict",
    "answer_out_of_range",
    "answer_not_in_scale",
    "thousands_point",
    "thousands_comma",
}
"""normalize issue codes worth an ``extraction_issues`` row (others are routine)."""


RATE_UNITS = frozenset({"kr", "tkr", "mkr", "count", "days"})
"""Units a value can be counted per something in (``kr`` per inhabitant); not percent, index or codes."""


@dataclass(frozen=True)
class Slot:
    """What a column header or a value label says about the values under it."""

    kind: ValueKind
    role: str  # target | outcome | forecast | baseline
    period: str | None


def _strip_comparison(text: str) -> str:
    low = text
    for clause in V.COMPARISON_CLAUSES:
        m = find_word(low.lower(), clause)
        if m:
            low = low[: m.start()]
    return low.strip()


def doc_year(meta: DocumentMeta) -> int | None:
    if meta.year:
        return meta.year
    if meta.period:
        m = re.match(r"(\d{4})", meta.period)
        return int(m.group(1)) if m else None
    return None


def default_period(kind: ValueKind, role: str, meta: DocumentMeta) -> str | None:
    """The period of a value whose header or label prints none."""
    year = doc_year(meta)
    if year is None:
        return None
    if kind in (ValueKind.TARGET, ValueKind.FORECAST):
        return str(year)  # plans set yearly targets; forecasts are for the whole year
    if meta.doc_type in V.PLAN_DOC_TYPES and kind == ValueKind.OUTCOME:
        return str(year - 1)
    if meta.period:
        p = parse_period(meta.period)
        if p is not None:
            return p.end_month_text
    return str(year)


def slot_from_header(header: str, meta: DocumentMeta) -> Slot | None:
    """Kind, role and period of a value column from its header text, or None for no kind word."""
    text = _strip_comparison(header)
    kind = next((k for w, k in V.INDICATOR_COLUMN_KINDS if has_word(text, w)), None)
    if kind is None:
        return None
    role: str = kind
    period = parse_period(text)
    if period is not None and period.kind == "baseline":
        role = "baseline"
    if has_any_word(text, V.REPORT_PERIOD_WORDS) and meta.period:
        p = parse_period(meta.period)  # "Utfall perioden (2026)": the report's own period
        if p is not None and (period is None or period.year_number == p.year_number):
            return Slot(kind, role, p.end_month_text)
    if period is not None:
        return Slot(kind, role, period.end_month_text)
    return Slot(kind, role, default_period(kind, role, meta))


def slot_from_label(label: str, kind: ValueKind, role: str, meta: DocumentMeta) -> Slot:
    period = parse_period(label)
    return Slot(kind, role, period.end_month_text if period else default_period(kind, role, meta))


def make_value(
    result: ExtractionResult,
    *,
    name: str,
    code: str | None,
    raw: str | None,
    slot: Slot,
    page: int,
    bbox: BBox | None,
    section: str | None = None,
    unit_name: str | None = None,
    note: str | None = None,
) -> IndicatorValue | None:
    """The contract row for one printed value; None for a placeholder cell ("-", "..")."""
    text = (raw or "").strip()
    if text and is_placeholder(text):
        return None
    pv = parse_value(text, unit_name or name)
    kind, role, period = slot.kind, slot.role, slot.period
    if pv.period is not None and pv.num is not None:
        period = pv.period.end_month_text
        if kind == ValueKind.FORECAST and not pv.period.is_span and len(pv.period.end) == 7:
            # "3 (sep. 2019)" under PROG. UTFALL: observed in September
            kind, role = ValueKind.OUTCOME, "outcome"
    for msg in pv.issues:
        if issue_code(msg) in REPORTED_ISSUES:
            result.issue(Severity.INFO, f"value_{issue_code(msg)}", f"{name[:80]}: {msg}", page)
    return IndicatorValue(
        page=page,
        bbox=bbox,
        section_path=section,
        indicator_name=name,
        kolada_code=code,
        value_kind=kind,
        period=period,
        value_raw=text or None,
        value_num=pv.num,
        unit=pv.unit,
        target_direction=pv.target_direction,
        note=note or pv.note,
        value_role=role,
        unit_per=unit_denominator(unit_name or name)
        if pv.num is not None and pv.unit in RATE_UNITS
        else None,
    )
