"""Golden-file tests: every layout of the sample documents, against the hand-made gold and a
golden snapshot of the full rows (section path, page, code, note) under tests/extractors/golden/.

Regenerate a snapshot after a deliberate change with
``KPI_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/extractors/test_indicators_samples.py``
and review the diff.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from tests.extractors.test_indicators_support import SAMPLES, gold_keys, got_keys, run

GOLDEN = Path(__file__).parent / "golden"
LAYOUTS = {
    "tyreso-namndplan-2019-ifo": "bullet indicators with value labels",
    "tyreso-namndplan-2020-ifo-arbete-integration": "indicator tables with Kolada codes",
    "ekero-socialnamnden-malforslag-2018-2022": "numbered goals with indicators and deadlines",
    "tyreso-tjansteskrivelse-malstrategier-ifo-2014": "two-column goal tables",
}
FIELDS = [
    "page",
    "section_path",
    "indicator_name",
    "kolada_code",
    "value_kind",
    "value_role",
    "period",
    "value_raw",
    "value_num",
    "unit",
    "target_direction",
    "note",
]


@pytest.fixture(scope="module")
def results():
    return {stem: run(SAMPLES / f"{stem}.pdf") for stem in [*LAYOUTS, "tyreso-manadsrapport-2024-03-asf"]}


@pytest.mark.parametrize("stem", list(LAYOUTS), ids=list(LAYOUTS.values()))
def test_rows_equal_the_hand_made_gold(results, stem):
    got, want = got_keys(results[stem]), gold_keys(stem)
    assert got - want == {}, f"spurious rows: {sorted(got - want)}"
    assert want - got == {}, f"missed rows: {sorted(want - got)}"


def _rows(result) -> list[dict[str, str]]:
    out = []
    for v in result.indicator_values:
        d = {f: getattr(v, f) for f in FIELDS}
        d["value_num"] = "" if v.value_num is None else f"{v.value_num:g}"
        out.append({k: "" if val is None else str(val) for k, val in d.items()})
    return out


@pytest.mark.parametrize("stem", list(LAYOUTS), ids=list(LAYOUTS.values()))
def test_rows_equal_the_golden_snapshot(results, stem):
    path = GOLDEN / f"{stem}.indicators.csv"
    rows = _rows(results[stem])
    if os.environ.get("KPI_UPDATE_GOLDEN"):
        with path.open("w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, FIELDS)
            w.writeheader()
            w.writerows(rows)
    with path.open(encoding="utf-8") as f:
        assert rows == list(csv.DictReader(f))


@pytest.mark.parametrize("stem", list(LAYOUTS), ids=list(LAYOUTS.values()))
def test_every_row_has_provenance(results, stem):
    doc_pages = {"tyreso-namndplan-2019-ifo": 15, "tyreso-namndplan-2020-ifo-arbete-integration": 19}
    for v in results[stem].indicator_values:
        x0, y0, x1, y1 = v.bbox
        assert 0 <= x0 < x1 <= 600 and 0 <= y0 < y1 <= 850, v
        assert v.page >= 1 and v.page <= doc_pages.get(stem, 4)
        assert v.section_path, v.indicator_name


def test_monthly_report_has_no_indicator_rows(results):
    """Goal lights and the result table in tkr are not indicators."""
    assert results["tyreso-manadsrapport-2024-03-asf"].indicator_values == []


def test_section_paths_follow_the_goal_hierarchy(results):
    paths = {
        v.indicator_name: v.section_path
        for v in results["tyreso-namndplan-2020-ifo-arbete-integration"].indicator_values
    }
    p = paths["Antal dygn på HVB-hem för barn och unga 13-20 år för året"]
    assert p.split(" > ")[-3:] == [
        "Strategiskt målområde - Trygga - hela livet",
        "Strategiskt mål - Tyresöbornas behov av tillförlitlig kommunal verksamhet och service i olika skeden av livet tillgodoses, snabbt och enkelt",
        "Nämndmål - Insatser inom kommunen prioriteras före externa placeringar inom barn- och ungdomsvården",
    ]
    p2019 = {v.indicator_name: v.section_path for v in results["tyreso-namndplan-2019-ifo"].indicator_values}
    assert p2019["Andel med långvarigt försörjningsstöd"].endswith(
        "Nämndmål: Kontakt med individ- och familjeomsorgen leder till positiv förändring"
    )
    ekero = {
        v.indicator_name: v.section_path
        for v in results["ekero-socialnamnden-malforslag-2018-2022"].indicator_values
    }
    assert (
        ekero["Strategi för åtgärder är fastställd av Socialnämnden"]
        == "Målområde: Ekerö ska vara Sveriges bästa kommun att åldras i > Mål 6: Bryta den ofrivilliga ensamheten"
    )


def test_unknown_kolada_codes_are_kept_and_reported(results):
    res = results["tyreso-namndplan-2020-ifo-arbete-integration"]
    codes = {v.kolada_code for v in res.indicator_values if v.kolada_code}
    assert {"U37484", "U30200", "N00973"} <= codes
    unknown = {i.message.split()[2] for i in res.extraction_issues if i.code == "kolada_code_unknown"}
    assert "U37484" in unknown and "U30200" not in unknown and "N00973" not in unknown
    assert all(i.severity == "info" for i in res.extraction_issues if i.code == "kolada_code_unknown")
