"""The extractors speak the warehouse's closed value sets as the enums of :mod:`kpi.extractors.domain`,
and the records still serialize to exactly the strings stored before."""

from __future__ import annotations

import dataclasses
import json

import pytest

from kpi.extractors import vocabulary as V
from kpi.extractors.budget import DocContext, Meaning, _table_kind, classify
from kpi.extractors.domain import (
    BudgetMeasure,
    DocumentStatus,
    LightStatus,
    Severity,
    TableKind,
    TargetDirection,
    Trend,
    ValueKind,
)
from kpi.extractors.indicators.tables import is_label_cell
from kpi.extractors.indicators.values import Slot, slot_from_header
from kpi.extractors.layout import TextLine, Word
from kpi.extractors.normalize import parse_value, target_direction
from kpi.extractors.records import DocumentMeta, ExtractionResult, GoalStatus
from kpi.extractors.status_lights import arrow_direction, hue_status
from kpi.extractors.tables.model import Table


def test_document_status_moves_through_the_members() -> None:
    result = ExtractionResult(doc_id="d", source_path="x.pdf")
    assert result.status is DocumentStatus.OK
    result.mark_partial("one page failed")
    assert result.status is DocumentStatus.PARTIAL
    result.mark_partial("another")
    assert result.status is DocumentStatus.PARTIAL
    result.fail("corrupt")
    assert result.status is DocumentStatus.FAILED


def test_records_serialize_to_the_stored_strings() -> None:
    result = ExtractionResult(doc_id="d", source_path="x.pdf")
    result.issue(Severity.WARNING, "code", "message", 3)
    row = result.rows("extraction_issues")[0]
    assert row["severity"] is Severity.WARNING
    assert json.dumps(row["severity"]) == '"warning"'
    light = GoalStatus("1", "Mål", "2024-03", LightStatus.GREEN, Trend.STABLE, page=1)
    assert json.loads(json.dumps(dataclasses.asdict(light)))["status"] == "green"
    assert json.loads(json.dumps(dataclasses.asdict(light)))["trend"] == "stable"
    assert str(DocumentStatus.PARTIAL) == "partial" and f"{TableKind.MONTHLY_RESULT}" == "monthly_result"


@pytest.mark.parametrize(
    ("header", "measure"),
    [
        ("Utfall", BudgetMeasure.UTFALL),
        ("Utfall ack.", BudgetMeasure.UTFALL_ACK),
        ("Utfall fg år", BudgetMeasure.UTFALL_FG_AR),
        ("Budget", BudgetMeasure.BUDGET),
        ("Budget ack", BudgetMeasure.BUDGET_ACK),
        ("Årsbudget", BudgetMeasure.ARSBUDGET),
        ("Årsprognos", BudgetMeasure.ARSPROGNOS),
        ("Avvikelse", BudgetMeasure.AVVIKELSE),
        ("Avvikelse ack", BudgetMeasure.AVVIKELSE_ACK),
        ("Avvikelse mot 2023", BudgetMeasure.AVVIKELSE_MOT_FG_AR),
        ("Plan", BudgetMeasure.PLAN),
        ("Kommunbidrag", BudgetMeasure.KOMMUNBIDRAG),
        ("Intäkter", BudgetMeasure.INTAKTER),
        ("Kostnader", BudgetMeasure.KOSTNADER),
        ("Nettokostnad", BudgetMeasure.NETTOKOSTNAD),
    ],
)
def test_recognized_headers_give_budget_measure_members(header: str, measure: BudgetMeasure) -> None:
    got = classify(header).measure
    assert isinstance(got, BudgetMeasure)
    assert got is measure


def test_an_unrecognized_header_is_other_never_its_text() -> None:
    got = classify("Projektnummer")
    assert got.measure is BudgetMeasure.OTHER
    assert classify("Nettointäkter").measure is BudgetMeasure.RESULTAT


def test_meaning_takes_no_positional_flags() -> None:
    with pytest.raises(TypeError):
        Meaning("budget", "budget", None, False, False, False)  # type: ignore[misc]
    m = Meaning(
        measure=BudgetMeasure.BUDGET,
        kind="budget",
        flow=None,
        accumulated=False,
        previous_year=False,
        against_period=False,
    )
    assert m.measure is BudgetMeasure.BUDGET


def _table(stub: str) -> Table:
    return Table(page=1, x0=0, y0=0, x1=100, y1=100, columns=[], rows=[], stub=stub)


def test_table_kinds_are_members() -> None:
    report = DocContext(2024, "2024-03", "månadsrapport")
    plan = DocContext(2024, "2024", "nämndplan")
    assert _table_kind(_table(""), report, single_grant=True) is TableKind.KOMMUNBIDRAG
    assert _table_kind(_table("Driftbudget"), plan, single_grant=False) is TableKind.DRIFTBUDGET
    assert _table_kind(_table("Anslag"), plan, single_grant=False) is TableKind.ANSLAG
    assert _table_kind(_table(""), report, single_grant=False) is TableKind.MONTHLY_RESULT
    assert _table_kind(_table(""), plan, single_grant=False) is TableKind.OTHER
    assert all(isinstance(kind, TableKind) for _, kind in V.BUDGET_TABLE_KIND_WORDS)


def test_value_kinds_are_members() -> None:
    meta = DocumentMeta(year=2024, doc_type="nämndplan")
    slot = slot_from_header("Målvärde 2025", meta)
    assert slot == Slot(ValueKind.TARGET, "target", "2025")
    assert slot is not None and slot.kind is ValueKind.TARGET
    assert all(isinstance(kind, ValueKind) for _, kind in V.INDICATOR_COLUMN_KINDS)
    assert all(isinstance(kind, ValueKind) for _, kind, _ in V.VALUE_LABEL_KINDS)


def test_target_directions_are_members() -> None:
    assert target_direction("Ökning från föregående mätning") is TargetDirection.INCREASE
    assert target_direction("högst 2,0 procent") is TargetDirection.DECREASE
    assert target_direction("Branschgenomsnitt") is TargetDirection.EQUAL
    assert target_direction("under 2014") is None
    assert parse_value("Minst fem").target_direction is TargetDirection.INCREASE


def test_lights_and_trends_are_members() -> None:
    assert hue_status((0.0, 0.7, 0.2)) is LightStatus.GREEN
    assert hue_status((0.9, 0.1, 0.1)) is LightStatus.RED
    assert hue_status((0.5, 0.5, 0.5)) is None
    up = [(0.0, 10.0), (10.0, 10.0), (5.0, 0.0)]  # a triangle pointing up (PDF y grows down)
    assert arrow_direction(up) is Trend.POSITIVE
    assert all(isinstance(s, LightStatus) for _, s in V.STATUS_COLOUR_WORDS)


def test_label_cell_test_answers_a_bool() -> None:
    """It returned the matched label (a str) or None though declared ``-> bool``."""
    assert is_label_cell("Indikator") is True
    assert is_label_cell("Mått/nyckeltal") is True
    assert is_label_cell("Antal besökare") is False
    assert is_label_cell("") is False


def test_a_text_line_keeps_its_measured_box_in_a_slot() -> None:
    """The cached box and text live in :class:`~kpi.extractors.layout.WordGroup`'s own slot: a line
    has no instance ``__dict__``."""
    line = TextLine([Word("Budget", 10, 20, 40, 30), Word("2024", 50, 20, 70, 30)])
    assert not hasattr(line, "__dict__")
    assert line._geometry is None
    assert line.text == "Budget 2024" and line.bbox == (10, 20, 70, 30)
    assert line._geometry == (10, 20, 70, 30, "Budget 2024")
