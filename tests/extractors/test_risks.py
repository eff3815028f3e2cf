"""Risk tables typeset here: borderless and ruled, category headings, wrapped titles, an empty
Riskvärde column or a printed one, and a table split by a page break."""

from __future__ import annotations

import pytest

from kpi.extractors import risks
from kpi.extractors.layout import DocumentModel
from kpi.extractors.records import DocumentMeta, ExtractionResult
from kpi.samples.typeset import Doc

FINANCIAL = [
    ("Ökade kostnader för externa placeringar av barn och unga i hem för vård eller boende", "", "4", "5"),
    ("Minskade statsbidrag", "", "2", "3"),
]
OPERATIONAL = [("Svårt att rekrytera erfarna socialsekreterare till myndighetsutövningen", "", "5", "4")]


def run(path) -> ExtractionResult:
    with DocumentModel(str(path)) as doc:
        r = ExtractionResult("t", str(path))
        r.meta = DocumentMeta(doc_type="nämndplan", year=2026)
        risks.recognize(doc, r)
    return r


@pytest.mark.parametrize("font", ["helv", "tiro", "cour"])
@pytest.mark.parametrize("ruled", [False, True])
@pytest.mark.parametrize(
    "header",
    [("Titel", "Riskvärde", "Sannolikhet", "Konsekvens"), ("RISK", "RISKVÄRDE", "SANNOLIKHET", "KONSEKVENS")],
)
def test_categories_and_wrapped_titles(tmp_path, font, ruled, header):
    d = Doc(font=font, size=9)
    d.text("Riskhantering", size=14)
    d.text("Riskerna följs upp varje månad och redovisas i delårsrapporten och verksamhetsberättelsen.")
    for category, rows in (("Finansiella risker", FINANCIAL), ("Verksamhetsrisker", OPERATIONAL)):
        d.text(category, size=11, gap_after=3)
        d.table([list(header), *[list(r) for r in rows]], [250, 70, 80, 80], ruled=ruled)
    got = [
        (x.category, x.title, x.risk_value, x.probability, x.consequence)
        for x in run(d.save(tmp_path / "r.pdf")).risks
    ]
    assert got == [
        (cat, t, None, float(p), float(k))
        for cat, rows in (("Finansiella risker", FINANCIAL), ("Verksamhetsrisker", OPERATIONAL))
        for t, _, p, k in rows
    ]


def test_printed_risk_value_and_page_break(tmp_path):
    d = Doc(size=9)
    d.y = d.bottom - 100
    d.text("Risker i verksamheten", size=11)
    rows = [["Risk", "Sannolikhet", "Konsekvens", "Riskvärde"]]
    rows += [
        [f"Risk nummer {i} för verksamheten", str(1 + i % 5), str(2 + i % 3), str((1 + i % 5) * (2 + i % 3))]
        for i in range(9)
    ]
    d.table(rows, [250, 80, 80, 70], ruled=True, repeat_header=True)
    got = run(d.save(tmp_path / "split.pdf")).risks
    assert [(x.title, x.probability, x.consequence, x.risk_value) for x in got] == [
        (
            f"Risk nummer {i} för verksamheten",
            float(1 + i % 5),
            float(2 + i % 3),
            float((1 + i % 5) * (2 + i % 3)),
        )
        for i in range(9)
    ]
    assert {x.page for x in got} == {1, 2}
    assert {x.category for x in got} == {"Risker i verksamheten"}


def test_tables_without_risk_columns_are_ignored(tmp_path):
    d = Doc(size=9)
    d.table([["Åtgärd", "Startdatum", "Slutdatum"], ["Följa upp kostnaderna", "2026", "2027"]], [250, 90, 90])
    d.table([["Verksamhet tkr", "Budget 2026"], ["Boende", "-8 600"]], [250, 90])
    assert run(d.save(tmp_path / "none.pdf")).risks == []
