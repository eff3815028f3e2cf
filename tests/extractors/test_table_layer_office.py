"""Tables typeset the way councils' tools typeset them (WeasyPrint from HTML/CSS, LibreOffice from a
.docx) are read whole into ``table_cells``: borderless with one rule under a header wrapped over
five lines, zebra shading without rules, merged group headers, a header repeated after a page
break, NBSP thousands and U+2212 minus, a unit beside the label."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kpi.extractors.extract import extract_pdf
from kpi.extractors.records import ExtractionResult
from kpi.extractors.tables import layer
from tests.extractors.office_typeset import TableSpec, libreoffice_pdf, weasyprint_pdf

Maker = Callable[[TableSpec, Path], Path]
MAKERS = [pytest.param(weasyprint_pdf, id="weasyprint"), pytest.param(libreoffice_pdf, id="libreoffice")]

MONTHLY = TableSpec(
    title="Resultat per verksamhet, mars 2024",
    stub="Verksamhet (tkr)",
    headers=[
        "Utfall ack. Jan 24 - Mars 24",
        "Budget ack. Jan 24 - Mars 24",
        "Avvikelse ack. Jan 24 - Mars 24",
        "Årsbudget 2024",
        "Prognos helår 2024",
        "Avvikelse prognos 2024",
    ],
    rows=[
        ("Förvaltningsledning", [-3412, -3600, 188, -14400, -14100, 300]),
        ("Placeringar barn och unga", [-18506, -16250, -2256, -65000, -71200, -6200]),
        ("Öppenvård", [-4315, -4500, 185, -18000, -17600, 400]),
        ("Ekonomiskt bistånd", [-24167, -23800, -367, -95200, -96000, -800]),
        ("Försörjningsstöd, intäkter", [1841, 1500, 341, 6000, 6900, 900]),
        ("Vuxna missbruk", [-7620, -7750, 130, -31000, -30500, 500]),
        ("Familjehem", [-9188, -9000, -188, -36000, -36900, -900]),
        ("Summa nettokostnad", [-65367, -63400, -1967, -253600, -259400, -5800]),
    ],
)


def _read(maker: Maker, spec: TableSpec, tmp_path: Path) -> ExtractionResult:
    path = maker(spec, tmp_path / "t.pdf")
    return extract_pdf(str(path), "office")


def _grid(r: ExtractionResult) -> dict[tuple[str, int], float]:
    return {
        (c.row_label or "", c.col_index): c.value_num
        for c in r.table_cells
        if c.value_num is not None and c.col_index > 0
    }


def _expected(spec: TableSpec) -> dict[tuple[str, int], float]:
    return {
        (label, j): float(v)
        for label, values in spec.rows
        for j, v in enumerate(values, 1)
        if isinstance(v, int)
    }


@pytest.mark.parametrize("maker", MAKERS)
def test_a_borderless_monthly_table_with_a_five_line_header_is_read_whole(
    maker: Maker, tmp_path: Path
) -> None:
    r = _read(maker, MONTHLY, tmp_path)
    assert _grid(r) == _expected(MONTHLY)
    headers = {c.col_index: c.column_header or "" for c in r.table_cells if c.col_index > 0}
    assert "Utfall" in headers[1] and "Mars" in headers[1] and "Prognos" in headers[5], headers
    assert {c.unit for c in r.table_cells} == {"tkr"}
    assert next(c.row_kind for c in r.table_cells if c.row_label == "Summa nettokostnad") == "total"
    assert r.meta.numbers_read == r.meta.numbers_in_tables >= 48
    assert not [i for i in r.extraction_issues if i.code == layer.UNREAD_TABLE]


ZEBRA = TableSpec(
    title="Nyckeltal i jämförelse",
    stub="Nyckeltal",
    headers=["Alingsås 2025", "Värnamo 2025", "Partille 2025", "Piteå 2025"],
    rows=[
        ("Snittkostnad HVB, kr/dygn", [8763, 5041, 5549, 4751]),
        ("Kostnad familjehemsvård, kr/inv", [1398, 1051, 1398, 1203]),
        ("Antal placerade barn", ["20 (2024)", "21 (2024)", "27 (2024)", "19 (2024)"]),
        ("Andel i egen regi, %", ["61,5", "48,0", "52,2", "57,9"]),
    ],
    zebra=True,
    narrow=False,
)


@pytest.mark.parametrize("maker", MAKERS)
def test_zebra_shaded_key_figures_without_rules(maker: Maker, tmp_path: Path) -> None:
    r = _read(maker, ZEBRA, tmp_path)
    got = {(c.row_label, c.column_header): (c.value_raw, c.value_num) for c in r.table_cells}
    assert got[("Snittkostnad HVB, kr/dygn", "Partille 2025")] == (
        "5\u00a0549".replace("\u00a0", " "),
        5549.0,
    )
    assert got[("Antal placerade barn", "Piteå 2025")] == ("19 (2024)", 19.0)
    assert got[("Andel i egen regi, %", "Värnamo 2025")] == ("48,0", 48.0)
    units = {c.row_label: c.unit for c in r.table_cells}
    assert units["Snittkostnad HVB, kr/dygn"] == "kr" and units["Andel i egen regi, %"] == "percent"
    assert r.meta.numbers_read == r.meta.numbers_in_tables == 16


GROUPED = TableSpec(
    title="Driftredovisning",
    stub="Verksamhet, tkr",
    headers=["Utfall", "Budget", "Avvikelse", "Prognos", "Budget", "Avvikelse"],
    groups=[("Period jan-mars", 3), ("Helår", 3)],
    rows=[
        ("Äldreomsorg", [-61200, -60000, -1200, -245000, -240000, -5000]),
        ("Hemtjänst", [-30150, -31000, 850, -121000, -124000, 3000]),
        ("Summa", [-91350, -91000, -350, -366000, -364000, -2000]),
    ],
    narrow=False,
)


@pytest.mark.parametrize("maker", MAKERS)
def test_merged_group_headers_over_their_columns(maker: Maker, tmp_path: Path) -> None:
    r = _read(maker, GROUPED, tmp_path)
    assert _grid(r) == _expected(GROUPED)
    groups = {c.col_index: c.column_group for c in r.table_cells if c.col_index > 0}
    assert [groups[k] for k in range(1, 7)] == ["Period jan-mars"] * 3 + ["Helår"] * 3
    headers = {c.col_index: c.column_header for c in r.table_cells if c.col_index > 0}
    assert headers[2] == "Period jan-mars Budget" and headers[4] == "Helår Prognos"


LONG = TableSpec(
    title="Bidrag per förening",
    stub="Förening (kr)",
    headers=["Beviljat 2023", "Beviljat 2024", "Sökt 2025"],
    rows=[(f"Förening nummer {i}", [1000 * i + 250, 1100 * i + 300, 1200 * i + 350]) for i in range(1, 61)],
    narrow=False,
)


def test_a_table_across_a_page_break_with_its_header_repeated(tmp_path: Path) -> None:
    path = weasyprint_pdf(LONG, tmp_path / "long.pdf", paragraphs=6)  # thead repeats on every page
    r = extract_pdf(str(path), "long")
    assert r.meta.page_count and r.meta.page_count >= 2
    assert _grid(r) == _expected(LONG)
    assert len({c.page for c in r.table_cells}) >= 2
    assert {c.column_header for c in r.table_cells} == {"Beviljat 2023", "Beviljat 2024", "Sökt 2025"}
    assert r.meta.numbers_read == r.meta.numbers_in_tables == 180
