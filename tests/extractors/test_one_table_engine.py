"""One table engine: every recognizer reads tables through ``extractors/tables``.

The structural tests hold the line (no second set of table records, no second cell cutter, rules
and running headers read in one place); the behaviour tests show what the indicator recognizers'
flow gets from sharing the engine: the engine's cells (numbers side by side split apart), ruling
lines read by geometry rather than by header words, running headers told by the neighbouring
pages, and table titles that are never a line of running text.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from kpi.extractors.layout import DocumentModel
from kpi.extractors.tables.cells import Cell
from kpi.extractors.tables.flow import build_flow
from kpi.extractors.tables.model import Table
from kpi.samples.typeset import Doc

ROOT = Path(__file__).resolve().parents[2]
ENGINE = ROOT / "extractors" / "tables"
ENGINE_RECORDS = {"Cell", "Column", "Row", "Table", "TableRow", "CellLine"}


def _outside_engine() -> list[Path]:
    return [p for p in sorted((ROOT / "extractors").rglob("*.py")) if ENGINE not in p.parents]


@pytest.mark.parametrize("path", _outside_engine(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_table_records_outside_the_engine(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef)}
    assert not names & ENGINE_RECORDS, (
        f"{path.name} defines {names & ENGINE_RECORDS}: use kpi.extractors.tables"
    )


@pytest.mark.parametrize("path", _outside_engine(), ids=lambda p: str(p.relative_to(ROOT)))
def test_rules_and_running_headers_are_read_by_the_engine_only(path: Path) -> None:
    """Ruling lines (``page.rules``) and running headers are the engine's to read: a recognizer
    that read them itself would have its own idea of a column border or a page's furniture."""
    if path.name == "layout.py":  # the page model that defines them
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    attrs = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    assert "rules" not in attrs, f"{path.name} reads page.rules; use kpi.extractors.tables.rules.table_rules"
    funcs = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
    assert not {"furniture", "cells_of_line", "cut_cells"} & funcs


def _cells_of_lines(path: Path) -> list[list[str]]:
    """The flow's lines cut into cells, while the document is open (rules are read on demand)."""
    with DocumentModel(str(path)) as doc:
        return [[c.text for c in ln.cells()] for ln in build_flow(doc).lines]


def test_flow_lines_are_cut_by_the_engines_cutter(tmp_path: Path) -> None:
    """Two numbers printed side by side with a plain space ("3 678 -1 617") are two cells."""
    d = Doc(size=10)
    d.put(60, 100, "Hemtjänst")
    d.put(250, 100, "3 678 -1 617")
    path = d.save(tmp_path / "side.pdf")
    assert _cells_of_lines(path)[0] == ["Hemtjänst", "3 678", "-1 617"]
    with DocumentModel(str(path)) as doc:
        assert all(isinstance(c, Cell) for c in build_flow(doc).lines[0].cells())


def test_flow_reads_rules_by_geometry_not_by_header_words(tmp_path: Path) -> None:
    """A ruled table whose header names no indicator column: the vertical rule still parts two
    words set a space apart (the old flow read rules only under an "Indikator" header)."""
    d = Doc(size=10)
    y = 120.0
    for left, right in [("Område", "Utfall"), ("Bibliotek", "117"), ("Simhall", "Stängt")]:
        d.put(60, y, left)
        d.put(60 + d.width(left) + 3, y, right)
        d.put(400, y, "x")
        y += 16
    rule_x = 60 + max(d.width(t) for t in ("Område", "Bibliotek", "Simhall")) + 1.5
    d.page.draw_line((rule_x, 100), (rule_x, y), width=0.5)
    d.page.draw_line((rule_x + 120, 100), (rule_x + 120, y), width=0.5)
    lines = _cells_of_lines(d.save(tmp_path / "ruled.pdf"))
    assert lines[1][:2] == ["Bibliotek", "117"]


def test_running_header_is_told_by_the_neighbouring_page(tmp_path: Path) -> None:
    d = Doc(size=10)
    for n in range(1, 4):
        if n > 1:
            d.new_page()
        d.put(60, 40, "Socialnämnden – Verksamhetsplan 2025")
        d.put(60, 200, f"Text på sidan {n}.")
    lines = _cells_of_lines(d.save(tmp_path / "heads.pdf"))
    assert lines == [["Text på sidan 1."], ["Text på sidan 2."], ["Text på sidan 3."]]


def _table(caption: list[str]) -> Table:
    return Table(page=1, x0=0, y0=0, x1=1, y1=1, columns=[], rows=[], caption=caption)


@pytest.mark.parametrize(
    ("caption", "title"),
    [
        (["Driftredovisning per verksamhet"], "Driftredovisning per verksamhet"),
        (["3.1. Ekonominyckeltal"], "3.1. Ekonominyckeltal"),
        (
            ["7.2.3 Beläggningsgrad scener", "Beläggningsgrad Palladium 2026-01-01 – 2026-04-30:"],
            "7.2.3 Beläggningsgrad scener",
        ),
        (["Investeringar", "Belopp i tkr:"], "Investeringar"),
        (["Kostnaderna har ökat jämfört med föregående år."], None),
        (["arbetsbelastningen. Kostnaderna för externa placeringar har minskat"], None),
        (["Ekonomi", "Antalet ärenden har ökat jämfört med föregående år. En"], None),
        (["föregående år vilket påverkar arbetsbelastningen"], None),
        (["• Målgruppsanpassade insatser"], None),
        (["Nyckeltal"], "Nyckeltal"),
        ([], None),
        (["en mycket lång rad med många ord som går över hela sidans bredd utan att sluta här"], None),
    ],
)
def test_table_title_is_never_running_text(caption: list[str], title: str | None) -> None:
    assert _table(caption).title == title


def test_a_wrapped_header_label_is_no_group_row(tmp_path: Path) -> None:
    """ "Statistik simskola" / "deltagartillfällen": the header's label cell wraps onto a second
    line in lower case at the header's line spacing; the rows below are not named after it."""
    from kpi.extractors import indicators
    from tests.conftest import recognize_with, value_facts

    d = Doc(size=9)
    y = 120.0
    d.put(70, y, "Statistik simskola")
    for x, text in [(250, "Bokslut 2024"), (350, "Bokslut 2025")]:
        d.put(x, y, text)
    d.put(70, y + 11, "deltagartillfällen")
    for n, (name, a, b) in enumerate(
        [("Tobisviksbadet", "240", "1 310"), ("Hammenhögsbadet", "1 420", "1 170")]
    ):
        yy = y + 30 + 18 * n
        d.put(70, yy, name)
        d.put(290 - d.width(a), yy, a)
        d.put(390 - d.width(b), yy, b)
    r = recognize_with(indicators.recognize, d.save(tmp_path / "wrap.pdf"), doc_type="årsbokslut", year=2025)
    got = value_facts(r)
    assert ("Tobisviksbadet", "outcome", "2024", 240.0) in got
    assert ("Hammenhögsbadet", "outcome", "2025", 1170.0) in got
