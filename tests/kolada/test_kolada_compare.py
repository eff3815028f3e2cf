"""`kpi kolada compare` on the bundled values: matches, period offsets, mismatches, unknowns."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from kpi.extractors.records import DocumentMeta, ExtractionResult, IndicatorValue
from kpi.pipeline.kolada.compare import classify
from kpi.warehouse.db import connect
from tests.conftest import SAMPLES, run_kpi
from tests.warehouse.loading import load_result

VALUES = SAMPLES / "kolada" / "values_tyreso_0138_ekero_0125.csv"
N00973 = "Lämnat etableringsuppdraget och börjat arbeta eller studera (status efter 90 dagar), andel (%)"


def _plan(name: str, year: int, rows: list[tuple], municipality: str = "Tyresö", code: str | None = "0138"):
    r = ExtractionResult(doc_id=hashlib.sha256(name.encode()).hexdigest(), source_path=name)
    r.meta = DocumentMeta(
        title=name,
        municipality=municipality,
        municipality_code=code,
        organ="Socialnämnden",
        doc_type="nämndplan",
        year=year,
        period=str(year),
        page_count=1,
    )
    for ind, kcode, period, raw, num, unit in rows:
        r.indicator_values.append(
            IndicatorValue(3, None, "Mål 1", ind, kcode, "outcome", period, raw, num, unit)
        )
    return r


@pytest.mark.parametrize(
    "value, raw, year, series, expected",
    [
        (40.74, "40.74 %", 2019, {2018: 40.74074, 2019: 47.457627}, ("period_offset", 2018)),
        (82.0, "82", 2018, {2018: 82.47222222}, ("match", 2018)),
        (82.5, "82,5", 2018, {2018: 82.47222222}, ("match", 2018)),
        (81.0, "81", 2018, {2018: 82.47222222}, ("mismatch", 2018)),
        (45.0, "45 %", 2020, {}, ("not_in_kolada", None)),
        (1.0, "1", 2019, {2019: 100.0}, ("match", 2019)),  # Ja=1 published as a share
    ],
)
def test_classify(value, raw, year, series, expected) -> None:
    status, kyear, _ = classify(value, raw, "bool" if raw == "1" else "percent", year, series)
    assert (status, kyear) == expected


def test_compare_on_bundled_values(tmp_path: Path) -> None:
    db = tmp_path / "k.duckdb"
    con = connect(db)
    try:
        load_result(
            con,
            _plan(
                "plan2020",
                2020,
                [
                    (N00973, "N00973", "2019", "40.74 %", 40.74, "percent"),  # Kolada's 2018 value
                    ("Totalindex HME", "U30200", "2018", "82", 82.0, "index"),  # agrees at printed precision
                    ("Totalindex HME", "U30200", "2016", "70", 70.0, "index"),  # disagrees
                    ("Utan kod", None, "2019", "3", 3.0, "count"),  # not compared
                ],
            ),
            "test",
        )
        load_result(
            con,
            _plan(
                "ekero2019",
                2019,
                [(N00973, "N00973", "2017", "x", 50.0, "percent")],
                municipality="Ekerö",
                code=None,
            ),
            "test",
        )  # code from the name list
    finally:
        con.close()
    proc = run_kpi("kolada", "compare", "--db", str(db), "--values", str(VALUES), "--json", check=True)
    assert '"compared": 4' in proc.stdout
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "SELECT kolada_code, municipality_code, period, status, kolada_period, offset_years, "
            "round(kolada_value, 2) FROM kolada_comparison ORDER BY kolada_code, period"
        ).fetchall()
    finally:
        con.close()
    assert ("N00973", "0138", "2019", "period_offset", "2018", -1, 40.74) in rows
    assert ("U30200", "0138", "2018", "match", "2018", 0, 82.47) in rows
    assert ("U30200", "0138", "2016", "mismatch", "2016", 0, 75.11) in rows
    assert any(
        r[1] == "0125" and r[3] in ("mismatch", "not_in_kolada", "period_offset", "match") for r in rows
    )


def test_compare_rejects_a_file_that_is_not_kolada_values(tmp_path: Path) -> None:
    db = tmp_path / "k.duckdb"
    connect(db).close()
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    assert run_kpi("kolada", "compare", "--db", str(db), "--values", str(bad)).returncode == 2
