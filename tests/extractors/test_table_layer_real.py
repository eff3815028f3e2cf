"""The cell layer on real council documents nobody on the team wrote (``samples/real2``, and the
four of ``samples/real``): a floor on each document's table coverage, and cells read off the
rendered pages by hand (page, row label, column header, value as printed)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from kpi.extractors.domain import RowKind
from kpi.extractors.extract import extract_pdf
from kpi.extractors.records import ExtractionResult, TableCell
from kpi.extractors.tables import layer
from tests.conftest import REAL2_PDFS, REAL_PDFS, SAMPLES

COVERAGE_FLOOR = 0.95
"""Share of the numbers printed in table layout that some row or cell must hold, per document."""


@cache
def _extract(name: str) -> ExtractionResult:
    path = next(p for p in (SAMPLES / "real2").glob("*.pdf") if p.stem == name)
    return extract_pdf(str(path), name)


@pytest.mark.parametrize("path", REAL2_PDFS + REAL_PDFS, ids=lambda p: p.stem)
def test_coverage_floor_and_no_silent_loss(path: Path) -> None:
    r = extract_pdf(str(path), path.stem)
    m = r.meta
    assert m.numbers_in_tables is not None and m.numbers_read is not None
    if m.numbers_in_tables:
        assert m.numbers_read / m.numbers_in_tables >= COVERAGE_FLOOR, [
            i.message for i in r.extraction_issues if i.code == layer.UNREAD_TABLE
        ]
    unread = [i for i in r.extraction_issues if i.code == layer.UNREAD_TABLE]
    # every number left unread is in some warning, with its page and box
    assert (m.numbers_in_tables - m.numbers_read == 0) == (not unread)
    assert all(i.page and i.bbox for i in unread)


# (document, page, row label starts with, column header contains, value as printed, number)
HAND_READ = [
    # Driftsprognos in "Miljoner kronor", a header band whose texts are centred in height
    (
        "alingsas-kommunstyrelse-fordjupad-manadsuppfoljning-2026-04",
        2,
        "Finansieringen",
        "Prognos",
        "225,2",
        225.2,
    ),
    (
        "alingsas-kommunstyrelse-fordjupad-manadsuppfoljning-2026-04",
        2,
        "Kommunstyrelsen",
        "Årsbokslut 2025",
        "-5,0",
        -5.0,
    ),
    (
        "alingsas-kommunstyrelse-fordjupad-manadsuppfoljning-2026-04",
        2,
        "Totalt kommunen",
        "Budget 2026",
        "146,3",
        146.3,
    ),
    # key figures beside comparable municipalities; a value naming its own year
    ("alingsas-socialnamnd-genomlysning-2026", 5, "Snittkostnad HVB", "Värnamo 2025", "5 041", 5041),
    (
        "alingsas-socialnamnd-genomlysning-2026",
        5,
        "Antal barn och unga placerade på HVB",
        "År 2024",
        "13",
        13,
    ),
    (
        "alingsas-socialnamnd-genomlysning-2026",
        5,
        "Kostnad öppna insatser",
        "Liknande kommuner",
        "850 (2024)",
        850,
    ),
    # indicator tables with targets that carry an operator
    ("tolkformedling-vast-direktion-arsredovisning-2025", 18, "Sjukfrånvaron", "Utfall 2025", "7,1%", 7.1),
    ("tolkformedling-vast-direktion-arsredovisning-2025", 18, "Nöjd-Kund-Index", "Utfall 2024", "81", 81),
    ("tolkformedling-vast-direktion-arsredovisning-2025", 18, "Andel tillsatta", "Målvärde 2025", ">99%", 99),
    # an audit office's result in tkr
    ("goteborg-stadsrevisionen-arsredogorelse-2022", 43, "Kommunbidrag", "Budget 2022", "38 352", 38352),
    ("goteborg-stadsrevisionen-arsredogorelse-2022", 43, "Periodens resultat", "Utfall 2022", "-584", -584),
    ("goteborg-stadsrevisionen-arsredogorelse-2022", 43, "Eget kapital", "Utfall 2021", "4 439", 4439),
    (
        "alingsas-barn-ungdomsnamnd-ekonomisk-uppfoljning-2026-05",
        1,
        "Personalkostnader",
        "Prognos",
        "-709 944",
        -709944,
    ),
]


def _one(r: ExtractionResult, page: int, label: str, header: str) -> TableCell:
    found = [
        c
        for c in r.table_cells
        if c.page == page and (c.row_label or "").startswith(label) and header in (c.column_header or "")
    ]
    assert len(found) == 1, (
        label,
        header,
        [(c.row_label, c.column_header) for c in r.table_cells if c.page == page],
    )
    return found[0]


@pytest.mark.parametrize(
    ("doc", "page", "label", "header", "raw", "value"), HAND_READ, ids=lambda v: str(v)[:24]
)
def test_cells_read_off_the_page(
    doc: str, page: int, label: str, header: str, raw: str, value: float
) -> None:
    cell = _one(_extract(doc), page, label, header)
    assert (cell.value_raw, cell.value_num) == (raw, value)


def test_units_and_row_kinds_of_the_forecast_table() -> None:
    r = _extract("alingsas-kommunstyrelse-fordjupad-manadsuppfoljning-2026-04")
    table = [
        c
        for c in r.table_cells
        if c.table_id
        == _one(
            r,
            2,
            "Finansieringen",
            "Prognos",
        ).table_id
    ]
    assert {c.unit for c in table} == {"mkr"}  # "Miljoner kronor" in the stub
    kinds = {c.row_label: c.row_kind for c in table}
    assert kinds["Summa skattefinansierad verksamhet"] is RowKind.SUBTOTAL
    assert kinds["Totalt kommunen"] is RowKind.TOTAL
    assert kinds["Socialnämnden"] is RowKind.DETAIL
    assert len({c.row_label for c in table}) == 14  # 8 nämnder, 2 sums, Avfall, VA, Finansieringen, Totalt
