"""Indicators of plans, goal documents and reports -> ``indicator_values`` rows with provenance.

Layouts, each found by its own structure (never by file name, font or position on the page):

* indicator tables ("INDIKATORER | UTFALL 2019 | MÅL 2020", "Mått | Utfall perioden | Prognos
  helår", "Statistik | Bokslut 2024 | Budget 2025"), ruled or not, over page breaks
  (:mod:`.tables`);
* two-column goal tables ("Mål N" beside its activities) (:mod:`.goal_tables`);
* numbered goals with indicators and deadlines (:mod:`.numbered_goals`);
* indicators in bullets and paragraphs with value labels ("Målvärde:", "2018 års värde:")
  (:mod:`.bullets`).

Every row carries the goal hierarchy above it (:mod:`.sections`), its page and bounding box.
Kolada codes are split from names and checked against the bundled catalogue (:mod:`.kolada`).
Budget and accounting tables are left to the budget recognizers.
"""

from __future__ import annotations

from collections.abc import Sequence

from kpi.extractors.domain import ValueKind
from kpi.extractors.indicators import kolada
from kpi.extractors.indicators.blocks import build_blocks
from kpi.extractors.indicators.bullets import find_text_indicators
from kpi.extractors.indicators.goal_tables import find_goal_tables
from kpi.extractors.indicators.goal_values import activity_outcomes, first_sentence, reference_values, targets
from kpi.extractors.indicators.numbered_goals import find_numbered_goals, goal_label
from kpi.extractors.indicators.sections import SEPARATOR, SectionIndex
from kpi.extractors.indicators.tables import find_tables
from kpi.extractors.indicators.values import (
    Slot,
    default_period,
    make_value,
    slot_from_header,
    slot_from_label,
)
from kpi.extractors.layout import DocumentModel
from kpi.extractors.normalize import find_periods
from kpi.extractors.records import BBox, ExtractionResult, IndicatorValue
from kpi.extractors.tables.flow import Line, build_flow

GROUP_SEPARATOR = " – "
"""Joins a table's group label and row label ("Antal besökare – Tobisviksbadet")."""


def _join(*parts: str | None) -> str | None:
    out = SEPARATOR.join(p for p in parts if p)
    return out or None


def _name(text: str) -> tuple[str, str | None]:
    name, code = kolada.split_code(text)
    return name.strip().rstrip(".:;").strip(), code


def recognize(doc: DocumentModel, result: ExtractionResult) -> None:
    flow = build_flow(doc)
    if not flow.lines:
        return
    meta = result.meta
    out: list[IndicatorValue] = []
    consumed: set[int] = set()

    tables = find_tables(flow)
    for t in tables:
        consumed |= {ln.index for ln in t.header_lines}
        consumed |= {ln.index for row in t.rows for ln in row.lines}
    goal_tables = [
        g for g in find_goal_tables(flow) if not any(ln.index in consumed for r in g.rows for ln in r.lines)
    ]
    for g in goal_tables:
        consumed |= {ln.index for r in g.rows for ln in r.lines}
        if g.first_line > 0 and g.header:
            consumed.add(g.first_line - 1)
    blocks = build_blocks(flow, consumed)
    sections = SectionIndex(blocks, flow.body_size, meta.title)

    for t in tables:
        slots = [slot_from_header(c.header, meta) for c in t.columns]
        for row in t.rows:
            name, code = _name(row.name)
            if not name:
                continue
            if row.group:
                name = f"{row.group}{GROUP_SEPARATOR}{name}"
            section = sections.path(row.lines[0].index)
            for k, slot in enumerate(slots):
                text = row.value(k)
                if slot is None or not text:
                    continue
                v = make_value(
                    result,
                    name=name,
                    code=code,
                    raw=text,
                    slot=slot,
                    page=row.page,
                    bbox=row.bbox,
                    section=section,
                )
                if v is not None:
                    out.append(v)

    for g in goal_tables:
        year = next((pm.period.text for pm in find_periods(g.header) if pm.period), None) or default_period(
            ValueKind.TARGET, "target", meta
        )
        for goal_row in g.rows:
            goal_text = goal_row.goal_text
            name = first_sentence(goal_text)
            section = _join(sections.path(goal_row.lines[0].index), f"{goal_row.label} {goal_row.number}")
            bbox = _bbox([ln for ln in goal_row.lines if ln.page == goal_row.page])
            found = targets(name)
            for f in found:
                v = make_value(
                    result,
                    name=name,
                    code=None,
                    raw=f.raw,
                    page=goal_row.page,
                    bbox=bbox,
                    slot=Slot(ValueKind.TARGET, "target", year),
                    section=section,
                )
                if v is not None:
                    out.append(v)
            for f in reference_values(goal_text):
                v = make_value(
                    result,
                    name=name,
                    code=None,
                    raw=f.raw,
                    page=goal_row.page,
                    bbox=bbox,
                    slot=Slot(ValueKind.OUTCOME, "baseline", f.period),
                    section=section,
                    note=f.note,
                )
                if v is not None:
                    out.append(v)
            if found:
                for f in activity_outcomes(goal_row.activities, goal_text):
                    v = make_value(
                        result,
                        name=name,
                        code=None,
                        raw=f.raw,
                        page=goal_row.page,
                        bbox=bbox,
                        slot=Slot(ValueKind.OUTCOME, "outcome", f.period),
                        section=section,
                        unit_name=f.unit_name,
                    )
                    if v is not None:
                        out.append(v)

    claimed: set[int] = set()
    for goal in find_numbered_goals(blocks):
        section = _join(sections.path(goal.block.first), goal_label(goal))
        claimed.add(goal.block.first)
        for ind in goal.indicators:
            claimed |= {b.first for b in ind.blocks}
            name, code = _name(ind.name)
            period = ind.deadline or default_period(ValueKind.TARGET, "target", meta)
            slot = Slot(ValueKind.TARGET, "target", period)
            b = ind.blocks[0]
            found = targets(name)
            raws = [f.raw for f in found] or [f"({ind.deadline})" if ind.deadline else ""]
            for raw in raws:
                v = make_value(
                    result,
                    name=name,
                    code=code,
                    raw=raw,
                    slot=slot,
                    page=b.page,
                    bbox=b.bbox,
                    section=section,
                )
                if v is not None:
                    out.append(v)

    for ti in find_text_indicators(blocks):
        if ti.block.first in claimed:
            continue
        name, code = _name(ti.name)
        if not name:
            continue
        section = sections.path(ti.block.first)
        b = ti.block
        if not ti.values:
            out.append(
                IndicatorValue(
                    b.page,
                    b.bbox,
                    section,
                    name,
                    code,
                    ValueKind.TARGET,
                    default_period(ValueKind.TARGET, "target", meta),
                    None,
                    None,
                    "text",
                    value_role="target",
                )
            )
        for lv in ti.values:
            slot = slot_from_label(lv.label, lv.kind, lv.role, meta)
            v = make_value(
                result,
                name=name,
                code=code,
                raw=lv.value,
                slot=slot,
                page=b.page,
                bbox=b.bbox,
                section=section,
            )
            if v is not None:
                out.append(v)

    kolada.report_unknown(out, result)
    result.indicator_values.extend(out)


def _bbox(lines: Sequence[Line]) -> BBox:
    return (
        min(ln.x0 for ln in lines),
        min(ln.y0 for ln in lines),
        max(ln.x1 for ln in lines),
        max(ln.y1 for ln in lines),
    )
