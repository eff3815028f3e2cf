"""The cell layer (``kpi.extractors.tables.layer``): every table becomes cells whatever its words, chart
axes are counted apart, and numbers no row holds are reported, never dropped in silence.

Test PDFs are typeset here (reportlab, three layouts); the real documents of ``samples/real2``
have their own tests in ``test_table_layer_real.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kpi.extractors.domain import RowKind, Severity, TableEngine
from kpi.extractors.extract import extract_pdf
from kpi.extractors.layout import DocumentModel
from kpi.extractors.records import ExtractionResult, TableCell
from kpi.extractors.tables import layer
from kpi.extractors.tables.cells import page_lines
from kpi.extractors.tables.charts import charts_on_lines, vertical_axes
from kpi.samples.typeset import Doc
from tests.conftest import SAMPLE_PDFS


def _extract(path: Path) -> ExtractionResult:
    return extract_pdf(str(path), "test")


def _cell(result: ExtractionResult, label: str, header: str) -> TableCell:
    found = [
        c
        for c in result.table_cells
        if c.row_label and label in c.row_label and c.column_header and header in c.column_header
    ]
    assert len(found) == 1, (label, header, [(c.row_label, c.column_header) for c in result.table_cells])
    return found[0]


def _unread(result: ExtractionResult) -> list[str]:
    return [i.message for i in result.extraction_issues if i.code == layer.UNREAD_TABLE]


# ----------------------------------------------------------------------------------------------
# Tables whose words kpi has no vocabulary for
# ----------------------------------------------------------------------------------------------
def test_a_key_figure_table_with_municipality_columns_is_read_whatever_its_words(tmp_path: Path) -> None:
    d = Doc(size=9)
    d.text("Nyckeltal i jämförelse", size=12, gap_after=6)
    d.table(
        [
            ["Nyckeltal", "Alingsås 2025", "Värnamo 2025", "Partille 2025"],
            ["Snittkostnad HVB, kr/dygn", "8 763", "5 041", "5 549"],
            ["Antal placerade barn", "20 (2024)", "21 (2024)", "27 (2024)"],
            ["Andel i egen regi", "61,5 %", "48,0 %", "52,2 %"],
        ],
        [200, 90, 90, 90],
    )
    r = _extract(d.save(tmp_path / "k.pdf"))
    hvb = _cell(r, "Snittkostnad HVB", "Värnamo")
    assert (hvb.value_num, hvb.value_raw, hvb.unit) == (5041, "5 041", "kr")
    placed = _cell(r, "Antal placerade", "Partille")
    assert (placed.value_num, placed.value_raw) == (27, "27 (2024)")
    share = _cell(r, "egen regi", "Alingsås 2025")
    assert (share.value_num, share.unit) == (61.5, "percent")
    assert {c.engine for c in r.table_cells} == {TableEngine.KPI}
    assert r.meta.numbers_in_tables == r.meta.numbers_read == 9
    assert not _unread(r)


def test_years_as_columns_category_rows_and_totals(tmp_path: Path) -> None:
    d = Doc(size=9)
    d.text("Personal", size=12, gap_after=6)
    d.table(
        [
            ["Årsarbetare", "År 2023", "År 2024"],
            ["Kvinnor", "", ""],
            ["Förskola", "120,5", "118,0"],
            ["Grundskola", "210,0", "215,5"],
            ["Summa kvinnor", "330,5", "333,5"],
            ["Män", "", ""],
            ["Förskola", "10,0", "12,0"],
            ["Totalt", "340,5", "345,5"],
        ],
        [200, 90, 90],
    )
    r = _extract(d.save(tmp_path / "y.pdf"))
    by_row = {}
    for c in r.table_cells:
        by_row.setdefault(c.row_index, c)
    kinds = [(c.row_label, c.row_kind) for _, c in sorted(by_row.items())]
    assert kinds == [
        ("Kvinnor", RowKind.CATEGORY),
        ("Förskola", RowKind.DETAIL),
        ("Grundskola", RowKind.DETAIL),
        ("Summa kvinnor", RowKind.SUBTOTAL),
        ("Män", RowKind.CATEGORY),
        ("Förskola", RowKind.DETAIL),
        ("Totalt", RowKind.TOTAL),
    ]
    second = [c for c in r.table_cells if c.row_label == "Förskola" and c.column_header == "År 2024"]
    assert [(c.row_parent, c.value_num) for c in second] == [("Kvinnor", 118.0), ("Män", 12.0)]


def test_a_table_of_contents_with_dot_leaders_is_a_table_of_page_numbers(tmp_path: Path) -> None:
    d = Doc(size=10)
    d.text("Innehåll", size=14, gap_after=8)
    for n, (title, page) in enumerate(
        [("Inledning", 3), ("Ekonomi", 5), ("Personal", 9), ("Bilagor", 12)], 1
    ):
        d.text(f"{n}. {title} " + "." * (70 - len(title)) + f" {page}", gap_after=2)
    r = _extract(d.save(tmp_path / "toc.pdf"))
    assert sorted(c.value_num for c in r.table_cells if c.value_num is not None) == [3, 5, 9, 12]
    assert not _unread(r)


# ----------------------------------------------------------------------------------------------
# Charts
# ----------------------------------------------------------------------------------------------
def _chart_page(tmp_path: Path) -> Path:
    """A line chart's labels as a word processor exports them: a value axis 0-100 %, years below."""
    d = Doc(size=8)
    d.text("Diagram 3. Andel behöriga lärare (%)", size=11, gap_after=10)
    top = d.y
    for k, v in enumerate(range(100, -1, -20)):
        d.put(d.margin, top + k * 18, f"{v}%")
    for k, year in enumerate(range(2019, 2024)):
        d.put(d.margin + 60 + k * 50, top + 5 * 18 + 14, str(year))
    d.y = top + 130
    d.text("Andelen behöriga lärare har ökat under perioden.")
    return d.save(tmp_path / "chart.pdf")


def test_chart_axis_labels_are_counted_apart_and_never_become_rows(tmp_path: Path) -> None:
    path = _chart_page(tmp_path)
    with DocumentModel(str(path)) as doc:
        lines = page_lines(doc.page(1))
        axes = vertical_axes(lines)
        assert [[t.value for t in a] for a in axes] == [[100, 80, 60, 40, 20, 0]]
        assert charts_on_lines(lines, 500)
    r = _extract(path)
    assert not r.table_cells
    assert r.meta.numbers_in_charts == 6
    assert not _unread(r)
    assert [i.code for i in r.extraction_issues if i.page == 1] == [layer.CHART_NUMBERS]


def test_a_value_column_that_happens_to_count_evenly_is_no_axis(tmp_path: Path) -> None:
    d = Doc(size=9)
    d.table(
        [
            ["Enhet", "Platser", "Budget"],
            ["Ängen", "10", "1 200"],
            ["Solen", "20", "2 450"],
            ["Månen", "30", "3 900"],
        ],
        [200, 90, 90],
    )
    r = _extract(d.save(tmp_path / "even.pdf"))
    assert r.meta.numbers_in_charts == 0
    assert sorted(c.value_num for c in r.table_cells if c.column_header == "Platser") == [10, 20, 30]


# ----------------------------------------------------------------------------------------------
# Accounting: nothing is lost in silence
# ----------------------------------------------------------------------------------------------
def test_numbers_no_reader_holds_become_unread_table_warnings_with_their_box(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    d = Doc(size=9)
    d.table(
        [["Post", "2024", "2025"], ["Intäkter", "1 200", "1 350"], ["Kostnader", "-900", "-1 010"]],
        [200, 90, 90],
    )
    path = d.save(tmp_path / "t.pdf")
    monkeypatch.setattr(layer, "read_page", lambda page: [])  # a reader that sees nothing
    monkeypatch.setattr(layer.fallback, "read_regions", lambda page, regions, n: [])
    r = _extract(path)
    issues = [i for i in r.extraction_issues if i.code == layer.UNREAD_TABLE]
    assert len(issues) == 1
    (issue,) = issues
    assert issue.severity is Severity.WARNING and issue.page == 1 and issue.bbox is not None
    assert "4 number(s)" in issue.message and "'1 200'" in issue.message
    assert (r.meta.numbers_in_tables, r.meta.numbers_read) == (4, 0)


def test_the_second_opinion_reads_what_kpis_reader_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    d = Doc(size=9)
    d.table(
        [["Post", "Budget", "Utfall"], ["Intäkter", "1 200", "1 350"], ["Kostnader", "-900", "-1 010"]],
        [200, 90, 90],
        ruled=True,
    )
    path = d.save(tmp_path / "ruled.pdf")
    monkeypatch.setattr(layer, "read_page", lambda page: [])
    r = _extract(path)
    second = [c for c in r.table_cells if c.engine is TableEngine.PYMUPDF]
    assert sorted(c.value_num for c in second) == [-1010, -900, 1200, 1350]
    assert [c.column_header for c in second if c.value_num == 1350] == ["Utfall"]
    assert [i.code for i in r.extraction_issues if i.code == fallback_code()] == [fallback_code()]
    assert (r.meta.numbers_in_tables, r.meta.numbers_read) == (4, 4)
    assert not _unread(r)


def fallback_code() -> str:
    return layer.fallback.SECOND_OPINION


@pytest.mark.parametrize("path", SAMPLE_PDFS, ids=lambda p: p.stem)
def test_every_budget_line_and_risk_of_the_samples_is_a_cell_taken_by_it(path: Path) -> None:
    r = _extract(path)
    taken = {(c.page, c.value_num) for c in r.table_cells if c.taken_by == "budget_lines"}
    assert {(b.page, b.amount) for b in r.budget_lines} <= taken
    assert r.meta.numbers_read == r.meta.numbers_in_tables, _unread(r)


def test_a_header_left_at_a_page_foot_holds_no_values(tmp_path: Path) -> None:
    """A page break leaves a header's last lines ("Jan 24 - Mars 24" / "24 | 24 | 2024") at the
    foot of a page: period parts, not numbers in table layout."""
    d = Doc(size=9)
    d.text("Resultat per verksamhet", size=12, gap_after=6)
    foot = 790  # the foot of an A4 page (842 points)
    for k, text in enumerate(["Jan 24 -", "Jan 24 -", "Årsbudget"]):
        d.put(d.margin + 200 + 60 * k, foot, text)
    for k, text in enumerate(["Mars 24", "Mars 24", "2024"]):
        d.put(d.margin + 200 + 60 * k, foot + 12, text)
    with DocumentModel(str(d.save(tmp_path / "foot.pdf"))) as doc:
        assert layer.numbers_of_page(doc.page(1)).numbers == []


def test_a_value_carried_to_the_next_page_is_read_with_its_row() -> None:
    """'… 2018 års värde:' at the foot of page 2 and '48,6 %' at the head of page 3: the indicator
    row on page 2 holds the value, so page 3's number is not unread."""
    from kpi.extractors.layout import Page, Word
    from kpi.extractors.tables.cells import Cell

    page = Page(3, 595, 842, [])
    carried = Cell([Word("48,6 %", 70, 60, 108, 74)], 3)
    other = Cell([Word("12", 70, 400, 80, 410)], 3)
    assert layer._continued([carried, other], page, {"48,6 %"}) == [other]
    assert layer._continued([carried, other], page, set()) == [carried, other]


def test_labels_on_a_pie_chart_are_chart_numbers(tmp_path: Path) -> None:
    d = Doc(size=9)
    d.text("Fördelning av uppdrag per språk", size=12, gap_after=12)
    cx, cy = 200, d.y + 80
    d.circle(cx, cy, 70, (0.2, 0.4, 0.8))
    for k, (label, dx, dy) in enumerate([("29%", -30, -20), ("27%", 25, -10), ("3%", -5, 35)]):
        d.put(cx + dx, cy + dy, label, color=(1, 1, 1) if k else (0, 0, 0))
    d.y = cy + 100
    d.text("Arabiska och somaliska är de mest efterfrågade språken.")
    r = _extract(d.save(tmp_path / "pie.pdf"))
    assert r.meta.numbers_in_charts == 3
    assert not _unread(r)
