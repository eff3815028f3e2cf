"""Key-figure and statistics tables -> indicator values with their period and subject.

Table-driven tests of what a column header says (real headers from council documents), tables
typeset here in layouts of our own (comparison columns, year columns, a table whose rows are
years), the real genomlysning and annual-report documents with cells read off the page by hand,
and the views end to end through the CLI into a real DuckDB file.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from kpi.extractors.domain import ValueKind
from kpi.extractors.extract import extract_pdf
from kpi.extractors.indicators.key_figures import column_slot
from kpi.extractors.records import DocumentMeta, ExtractionResult, IndicatorValue
from kpi.samples.typeset import Doc
from tests.conftest import run_kpi

ROOT = Path(__file__).resolve().parents[2]
REAL2 = ROOT / "samples" / "real2"
REAL = ROOT / "samples" / "real"
OWN = DocumentMeta(municipality="Alingsås", municipality_code="1489", doc_type="genomlysning", year=2026)

OUT, TARGET = ValueKind.OUTCOME, ValueKind.TARGET


@pytest.mark.parametrize(
    ("header", "kind", "period", "subject", "code"),
    [
        ("Alingsås 2025", OUT, "2025", None, None),
        ("Värnamo 2025", OUT, "2025", "Värnamo", "0683"),
        ("Piteå 2025", OUT, "2025", "Piteå", "2581"),
        ("Partille kommun 2024", OUT, "2024", "Partille", "1402"),
        ("Liknande kommuner 2024", OUT, "2024", "Liknande kommuner", None),
        ("Kommungemensnitt 2024", OUT, "2024", "Kommungenomsnitt", None),  # a misprint in the PDF
        ("Riket", OUT, "2026", "Riket", None),
        ("GR-snitt 2023", OUT, "2023", "GR-snitt", None),
        ("År 2023", OUT, "2023", None, None),
        ("2025", OUT, "2025", None, None),
        ("2021/2022", OUT, "2021/2022", None, None),
        ("Bokslut 2024", OUT, "2024", None, None),
        ("Utfall 2024", OUT, "2024", None, None),
        ("Utfall ack. mars 2024", OUT, "2024-03", None, None),
        ("Budget 2025", TARGET, "2025", None, None),
        ("Målvärde 2025", TARGET, "2025", None, None),
    ],
)
def test_what_a_key_figure_column_says(
    header: str, kind: ValueKind, period: str, subject: str | None, code: str | None
) -> None:
    slot = column_slot(header, None, OWN)
    assert slot is not None
    assert (slot.kind, slot.period, slot.subject, slot.subject_code) == (kind, period, subject, code)


@pytest.mark.parametrize(
    "header",
    [
        "Alingsås norra",
        "Hela kommunen",
        "Antal utförda uppdrag",
        "Pojkar (%)",
        "Varav andel föreningar",
        None,
    ],
)
def test_headers_that_name_no_period_and_no_subject(header: str | None) -> None:
    assert column_slot(header, None, OWN) is None


def test_a_spanning_group_gives_the_year(tmp_path: Path) -> None:
    slot = column_slot("Värnamo", "Jämförelse 2024", OWN)
    assert slot is not None and (slot.period, slot.subject) == ("2024", "Värnamo")


def _extract(path: Path) -> ExtractionResult:
    data = path.read_bytes()
    return extract_pdf(str(path), hashlib.sha256(data).hexdigest(), data=data)


def _facts(r: ExtractionResult) -> set[tuple[str, str, str | None, float | None, str | None]]:
    return {
        (v.indicator_name, str(v.value_kind), v.period, v.value_num, v.subject) for v in r.indicator_values
    }


def _typeset_comparisons(tmp_path: Path) -> Path:
    d = Doc(size=9)
    d.text("Socialnämnden i Tyresö kommun – genomlysning 2026", size=13, gap_after=8)
    d.text("Ekonomiska nyckeltal", size=11, gap_after=4)
    d.table(
        [
            ["", "Tyresö 2024", "Huddinge 2024", "Riket 2024"],
            ["Nettokostnad äldreomsorg, kr/inv", "11 402", "12 118", "13 020"],
            ["Andel brukare nöjda med hemtjänsten, %", "88", "85", "87"],
        ],
        [200, 90, 90, 90],
    )
    d.text("Verksamhetsmått", size=11, gap_after=4)
    d.table(
        [
            ["", "År 2023", "År 2024", "Mål 2025"],
            ["Antal hemtjänsttimmar per månad", "21 300", "22 150", "22 000"],
            ["Väntetid till särskilt boende, dagar", "54", "61", "45"],
        ],
        [200, 90, 90, 90],
    )
    d.text("Statistik per år", size=11, gap_after=4)
    d.table(
        [
            ["År", "Antal ärenden", "Andel beviljade, %"],
            ["2022", "1 204", "71,5"],
            ["2023", "1 318", "69,0"],
            ["2024", "1 402", "70,2"],
        ],
        [70, 120, 120],
    )
    return d.save(tmp_path / "tyreso-socialnamnd-genomlysning-2026.pdf")


def test_typeset_key_figure_tables_become_indicator_values(tmp_path: Path) -> None:
    r = _extract(_typeset_comparisons(tmp_path))
    got = _facts(r)
    name = "Nettokostnad äldreomsorg, kr/inv"
    assert (name, "outcome", "2024", 11402.0, None) in got
    assert (name, "outcome", "2024", 12118.0, "Huddinge") in got
    assert (name, "outcome", "2024", 13020.0, "Riket") in got
    assert ("Antal hemtjänsttimmar per månad", "outcome", "2023", 21300.0, None) in got
    assert ("Väntetid till särskilt boende, dagar", "target", "2025", 45.0, None) in got
    assert ("Antal ärenden", "outcome", "2023", 1318.0, None) in got  # rows are years
    assert ("Andel beviljade, %", "outcome", "2024", 70.2, None) in got
    huddinge = [v for v in r.indicator_values if v.subject == "Huddinge"]
    assert {v.subject_code for v in huddinge} == {"0126"}
    assert all(v.bbox is not None and v.bbox[2] - v.bbox[0] < 80 for v in huddinge)  # the cell's own box
    taken = {c.taken_by for c in r.table_cells if c.value_num is not None and c.page == 1}
    assert taken == {"indicator_values"}
    assert not [i for i in r.extraction_issues if i.code == "unread_table"]


def _value(r: ExtractionResult, page: int, name: str, period: str, subject: str | None) -> IndicatorValue:
    hits = [
        v
        for v in r.indicator_values
        if v.page == page
        and v.indicator_name.startswith(name)
        and v.period == period
        and v.subject == subject
    ]
    assert hits, f"no value for {name!r} {period} {subject} on page {page}"
    return hits[0]


@pytest.fixture(scope="module")
def social() -> ExtractionResult:
    return _extract(REAL2 / "alingsas-socialnamnd-genomlysning-2026.pdf")


def test_comparison_municipalities_in_a_real_genomlysning(social: ExtractionResult) -> None:
    """Socialnämnden genomlysning p.5, read off the page: "Snittkostnad HVB, kr/dygn" for
    Alingsås 8 763, Värnamo 5 041, Partille 5 549, Piteå 4 751 (all 2025)."""
    assert _value(social, 5, "Snittkostnad HVB", "2025", None).value_num == 8763
    assert _value(social, 5, "Snittkostnad HVB", "2025", "Värnamo").value_num == 5041
    assert _value(social, 5, "Snittkostnad HVB", "2025", "Partille").value_num == 5549
    pitea = _value(social, 5, "Snittkostnad HVB", "2025", "Piteå")
    assert (pitea.value_num, pitea.subject_code) == (4751, "2581")
    assert (pitea.unit, pitea.unit_per) == ("kr", "dygn")  # "kr/dygn": kronor per day in care


def test_a_cell_that_prints_its_own_year(social: ExtractionResult) -> None:
    """p.5: "Antal barn och unga 0–20 år som har varit placerade …" under "Liknande kommuner
    2024" prints "21 (2024)"."""
    v = _value(social, 5, "Antal barn och unga 0–20 år som har vari", "2024", "Liknande kommuner")
    assert (v.value_raw, v.value_num) == ("21 (2024)", 21)


def test_year_columns_in_a_real_genomlysning(social: ExtractionResult) -> None:
    """p.5: "Antal barn och unga placerade på HVB, april" År 2023 11, År 2024 13, År 2025 8."""
    for period, value in [("2023", 11), ("2024", 13), ("2025", 8)]:
        assert _value(social, 5, "Antal barn och unga placerade på HVB", period, None).value_num == value


def test_a_table_whose_rows_are_years_in_a_real_annual_report() -> None:
    """Tolkförmedling Väst årsredovisning p.9: År | Antal utförda uppdrag | … with one row per
    year; 2024: 313 533 assignments, 934 translations."""
    r = _extract(REAL2 / "tolkformedling-vast-direktion-arsredovisning-2025.pdf")
    assert _value(r, 9, "Antal utförda uppdrag", "2024", None).value_num == 313533
    assert _value(r, 9, "Antal utförda översättningsuppdrag", "2024", None).value_num == 934


def test_money_tables_stay_budget_lines() -> None:
    """Alingsås KS p.2 "Driftsprognos" in Miljoner kronor is a budget, not key figures."""
    r = _extract(REAL2 / "alingsas-kommunstyrelse-fordjupad-manadsuppfoljning-2026-04.pdf")
    assert not [v for v in r.indicator_values if v.page == 2]


def test_series_holds_own_values_and_comparisons_sit_beside_them(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    pdf = _typeset_comparisons(tmp_path)
    done = run_kpi("ingest", str(pdf), "--db", str(db), "--workers", "1", "--quiet")
    assert done.returncode == 0, done.stderr
    con = duckdb.connect(str(db), read_only=True)
    own = con.execute(
        "SELECT value_num FROM indicator_series WHERE canonical_name = 'Nettokostnad äldreomsorg, kr/inv'"
    ).fetchall()
    assert own == [(11402.0,)]
    rows = con.execute(
        "SELECT comparison_subject, comparison_code, own_value, comparison_value, difference "
        "FROM indicator_comparisons WHERE canonical_name = 'Nettokostnad äldreomsorg, kr/inv' "
        "ORDER BY comparison_subject"
    ).fetchall()
    assert rows == [
        ("Huddinge", "0126", 11402.0, 12118.0, -716.0),
        ("Riket", None, 11402.0, 13020.0, -1618.0),
    ]


def test_hand_labelled_key_figures_of_real_documents(tmp_path: Path) -> None:
    """samples/gold-real: 275 values read off the pages of four real documents by hand; kpi
    must find them with the right name, kind, period, number and subject (F1 >= 0.95)."""
    import json

    db = tmp_path / "w.duckdb"
    docs = [
        REAL2 / "alingsas-socialnamnd-genomlysning-2026.pdf",
        REAL2 / "alingsas-kultur-utbildningsnamnd-genomlysning-2026.pdf",
        REAL / "simrishamn-kfn-arsbokslut-2025.pdf",
        REAL / "goteborg-intraservice-delarsrapport-2026-03.pdf",
    ]
    done = run_kpi("ingest", *map(str, docs), "--db", str(db), "--workers", "2", "--quiet")
    assert done.returncode == 0, done.stderr
    scored = run_kpi("eval", "--gold", str(ROOT / "samples" / "gold-real"), "--db", str(db), "--json")
    assert scored.returncode == 0, scored.stderr
    rows = json.loads(scored.stdout)
    total = next(r for r in rows if r["table"] == "indicator_values" and r["document"] == "ALL")
    assert total["gold"] >= 270
    assert total["f1"] >= 0.95, rows
    per_doc = [r for r in rows if r["table"] == "indicator_values" and r["document"] != "ALL"]
    assert len(per_doc) == 4 and all(r["f1"] >= 0.9 for r in per_doc), per_doc
