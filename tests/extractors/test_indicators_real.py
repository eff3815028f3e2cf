"""Indicator tables in real council reports (samples/real): what must be read, what must not."""

from __future__ import annotations

import pytest

from tests.extractors.test_indicators_support import ROOT, run

REAL = ROOT / "samples" / "real"


@pytest.fixture(scope="module")
def real():
    return {p.stem: run(p) for p in sorted(REAL.glob("*.pdf"))}


def _rows(result, page):
    return {
        (v.indicator_name, v.value_kind, v.period): (v.value_num, v.unit)
        for v in result.indicator_values
        if v.page == page
    }


def test_goteborg_matt_nyckeltal_table(real):
    """p.4: growth in % for the period (outcome, Jan-Mar 2026) and the full-year forecast."""
    rows = _rows(real["goteborg-intraservice-delarsrapport-2026-03"], 4)
    assert rows == {
        ("Intäkter, inkl kommunbidrag", "outcome", "2026-03"): (7.8, "percent"),
        ("Intäkter, inkl kommunbidrag", "forecast", "2026"): (6.0, "percent"),
        ("Personalkostnader", "outcome", "2026-03"): (7.6, "percent"),
        ("Personalkostnader", "forecast", "2026"): (6.0, "percent"),
        ("Konsultkostnader", "outcome", "2026-03"): (15.5, "percent"),
        ("Konsultkostnader", "forecast", "2026"): (17.8, "percent"),
        ("IT-tjänster, IT-program, licenser och hyra leasing IT-utrustning", "outcome", "2026-03"): (
            -2.7,
            "percent",
        ),
        ("IT-tjänster, IT-program, licenser och hyra leasing IT-utrustning", "forecast", "2026"): (
            9.9,
            "percent",
        ),
        ("Övriga kostnader", "outcome", "2026-03"): (10.6, "percent"),
        ("Övriga kostnader", "forecast", "2026"): (-13.6, "percent"),
    }


def test_goteborg_effect_measures_skip_placeholders(real):
    rows = _rows(real["goteborg-intraservice-delarsrapport-2026-03"], 5)
    assert rows[("Antal Major Incidents", "outcome", "2025")] == (55.0, "count")
    assert ("Antal Major Incidents", "forecast", "2026") not in rows  # printed "-"
    assert rows[("Antal incidenter lösta inom Service Level Agreement snitt", "outcome", "2024")] == (
        85.0,
        "percent",
    )


def test_simrishamn_statistics_tables(real):
    res = real["simrishamn-kfn-arsbokslut-2025"]
    rows = _rows(res, 35)
    assert rows[("Antal besökare – Hammenhögsbadet", "outcome", "2025")] == (8035.0, "count")
    assert rows[("Antal besökare – Hammenhögsbadet", "target", "2025")] == (7000.0, "count")  # Budget 2025
    assert rows[("Antal bibliotekslån – Bibliotekslån", "outcome", "2023")] == (97032.0, "count")
    # the header's label cell wraps ("Statistik simskola" / "deltagartillfällen"): no group row
    assert rows[("Sankt Olofsbadet", "outcome", "2024")] == (1946.0, "count")
    assert not any(name.startswith("deltagartillfällen") for name, _, _ in rows)
    closed = [v for v in res.indicator_values if v.value_raw == "Stängt"]
    assert closed and all(v.value_num is None and v.unit == "text" for v in closed)
    p36 = _rows(res, 36)
    assert p36[("Antal besökare – Ungdomens hus", "outcome", "2024")] == (10398.0, "count")
    assert p36[("Antal besökare – Ungdomens hus", "outcome", "2025")] == (13818.0, "count")


def test_financial_tables_are_not_indicators(real):
    """Simrishamn's "Ekonomi (tkr)" and "Bidrag, tkr" tables and all of the audit report."""
    res = real["simrishamn-kfn-arsbokslut-2025"]
    assert not [v for v in res.indicator_values if v.page in (13, 33) or "tkr" in (v.section_path or "")]
    assert {v.page for v in res.indicator_values} <= {34, 35, 36}
    assert real["goteborg-stadsrevision-arsredogorelse-2024"].indicator_values == []
    assert real["ljungby-bun-kvalitet-resultat-grundskola-2024"].indicator_values == []  # chart labels only
