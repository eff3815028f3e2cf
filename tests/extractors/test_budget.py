"""Budget tables typeset here (other fonts, borderless/ruled, page breaks, U+2212, NBSP) and
the samples: measure, period, unit and amount_tkr of every cell, and the consistency checks."""

from __future__ import annotations

import math
import re

import duckdb
import pytest
from test_tables_fonts import UnicodeDoc, font_for

from kpi.extractors import budget
from kpi.extractors.checks import Fact, check_facts, decimals, tolerance
from kpi.extractors.normalize.numbers import cell_amount, parse_amount
from kpi.extractors.records import ExtractionResult
from kpi.samples.typeset import Doc
from tests.conftest import GOLD, recognize_with, run_kpi


def run(path, **meta) -> ExtractionResult:
    return recognize_with(budget.recognize, path, **meta)


def cells(r: ExtractionResult) -> set[tuple]:
    return {
        (b.table_kind, b.row_label, b.measure, b.period, b.amount, b.unit, b.amount_tkr)
        for b in r.budget_lines
    }


DRIFT = [
    ("Boende", 1200, -9800, -8600),
    ("Öppenvård för vuxna och barn i egen regi", 300, -2000, -1700),
    ("Summa nettokostnad", 1500, -11800, -10300),
]


@pytest.mark.parametrize("ruled", [False, True])
@pytest.mark.parametrize(
    "font,minus,sep", [("tiro", "-", " "), ("cour", "-", " "), ("unicode", "\u2212", "\u00a0")]
)
def test_driftbudget_with_spanning_period(tmp_path, ruled, font, minus, sep):
    d = UnicodeDoc(font_for(minus + sep), size=9) if font == "unicode" else Doc(font=font, size=9)
    d.text("Driftbudget", size=13, gap_after=4)

    def num(v: int) -> str:
        return (minus if v < 0 else "") + f"{abs(v):,}".replace(",", sep)

    # a merged header cell "Budget 2026" over the three number columns, then the table
    top, x0 = d.y + 4, d.margin
    d.put(x0 + 3, top + 11, "Verksamhet, tkr")
    d.put(x0 + 170 + 150 - d.width("Budget 2026") / 2, top + 11, "Budget 2026")
    if ruled:
        d.page.draw_rect((x0, top, x0 + 470, top + 15), width=0.5)
        d.page.draw_line((x0 + 170, top), (x0 + 170, top + 15), width=0.5)
    d.y = top + 15
    rows = [["", "Intäkter", "Kostnader", "Nettokostnad"]]
    rows += [[a, num(b), num(c), num(e)] for a, b, c, e in DRIFT]
    d.table(rows, [170, 100, 100, 100], ruled=ruled)
    r = run(d.save(tmp_path / "drift.pdf"), doc_type="nämndplan", year=2026, period="2026")
    want = set()
    for label, i, k, n in DRIFT:
        for measure, v in (("intakter", i), ("kostnader", k), ("nettokostnad", n)):
            want.add(("driftbudget", label, measure, "2026", float(v), "tkr", float(v)))
    assert cells(r) == want
    assert not [i for i in r.extraction_issues if i.severity != "info"]


def test_monthly_result_in_mnkr_with_period_headers(tmp_path):
    d = Doc(font="helv", size=8)
    d.text("Resultat per verksamhet, mnkr", size=11)
    rows = [
        [
            "Verksamhet",
            "Utfall ack. jan-jun 25",
            "Budget ack. jan-jun 25",
            "Avvikelse ack.",
            "Årsprognos",
            "Årsbudget",
            "Avvikelse",
            "Utfall 2024",
        ],
        ["Skola", "-120,5", "-118,0", "-2,5", "-240,0", "-236,0", "-4,0", "-230,2"],
        ["Resultat", "-120,5", "-118,0", "-2,5", "-240,0", "-236,0", "-4,0", "-230,2"],
    ]
    d.table(rows, [110, 55, 55, 55, 55, 55, 55, 55], ruled=False)
    r = run(d.save(tmp_path / "mr.pdf"), doc_type="månadsrapport", year=2025, period="2025-06")
    got = {(b.measure, b.period, b.amount, b.amount_tkr) for b in r.budget_lines if b.row_label == "Skola"}
    assert got == {
        ("utfall_ack", "2025-01/2025-06", -120.5, -120500.0),
        ("budget_ack", "2025-01/2025-06", -118.0, -118000.0),
        ("avvikelse_ack", "2025-01/2025-06", -2.5, -2500.0),
        ("arsprognos", "2025", -240.0, -240000.0),
        ("arsbudget", "2025", -236.0, -236000.0),
        ("avvikelse", "2025", -4.0, -4000.0),
        ("utfall", "2024", -230.2, -230200.0),  # "Utfall 2024": the 2024 outcome, in any document
    }
    assert {b.table_kind for b in r.budget_lines} == {"monthly_result"}
    assert {b.unit for b in r.budget_lines} == {"mnkr"}


def test_grant_line_and_plan_years(tmp_path):
    d = Doc(font="tiro", size=10)
    d.text("Ramtilldelning", size=13)
    d.table([["Kommunbidrag 2027:", "812,5 mkr"]], [300, 150], ruled=True)
    d.text("Kommunbidraget för år 2027 är 812 mkr enligt kommunplanen.")
    d.table(
        [["Anslag, mkr", "Budget 2027", "Plan 2028", "Plan 2029"], ["Anslag", "812,5", "830,0", "845,1"]],
        [150, 100, 100, 100],
    )
    r = run(d.save(tmp_path / "grant.pdf"), doc_type="nämndplan", year=2027, period="2027")
    assert cells(r) == {
        ("kommunbidrag", "Kommunbidrag 2027:", "budget", "2027", 812.5, "mkr", 812500.0),
        ("anslag", "Anslag", "budget", "2027", 812.5, "mkr", 812500.0),
        ("anslag", "Anslag", "plan", "2028", 830.0, "mkr", 830000.0),
        ("anslag", "Anslag", "plan", "2029", 845.1, "mkr", 845100.0),
    }


def test_table_split_by_page_break_keeps_unit_and_headers(tmp_path):
    d = Doc(font="helv", size=9)
    d.y = d.bottom - 110
    d.text("Driftredovisning", size=13)
    rows = [["Verksamheter (tkr)", "Utfall 2025", "Budget 2025", "Återstår"]]
    rows += [[f"Enhet {i}", f"-{1000 + i}", f"-{1010 + i}", "10"] for i in range(10)]
    d.table(rows, [200, 90, 90, 90], ruled=True, repeat_header=False)
    r = run(d.save(tmp_path / "split.pdf"), doc_type="årsredovisning", year=2025, period="2025")
    assert len(r.budget_lines) == 30
    assert {b.page for b in r.budget_lines} == {1, 2}
    assert {(b.measure, b.unit, b.table_kind) for b in r.budget_lines} == {
        ("utfall", "tkr", "driftbudget"),
        ("budget", "tkr", "driftbudget"),
        ("avvikelse", "tkr", "driftbudget"),
    }


def test_indicator_and_percent_tables_are_not_budget(tmp_path):
    d = Doc(size=9)
    d.table(
        [["Indikator", "Utfall 2024", "Målvärde 2025"], ["Andel nöjda brukare", "85", "90"]], [200, 90, 90]
    )
    d.text("Tabellen visar nyckeltal för verksamheten.")
    d.table(
        [
            ["Nyckeltal", "Utfall perioden", "Prognos helår"],
            ["Intäkter", "7,8 %", "6,0 %"],
            ["Kostnader", "5,1 %", "4,0 %"],
        ],
        [200, 90, 90],
    )
    assert (
        run(
            d.save(tmp_path / "ind.pdf"), doc_type="delårsrapport", year=2026, period="2026-01/2026-03"
        ).budget_lines
        == []
    )


# ----------------------------------------------------------------------------------------------
# Consistency checks
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("total,code", [(-10300, None), (-10301, "sum_rounding"), (-10400, "sum_mismatch")])
def test_total_row_check(tmp_path, total, code):
    d = Doc(size=9)
    rows = [
        ["Nämnd tkr", "Nettokostnad 2026"],
        ["Boende", "-8 600"],
        ["Öppenvård", "-1 700"],
        ["Summa", f"-{abs(total):,}".replace(",", " ")],
    ]
    d.table(rows, [200, 120])
    r = run(d.save(tmp_path / "sum.pdf"), doc_type="nämndplan", year=2026)
    codes = [i.code for i in r.extraction_issues]
    assert codes == ([code] if code else [])
    if code == "sum_mismatch":
        assert r.extraction_issues[0].severity == "warning" and r.extraction_issues[0].page == 1


def _fact(
    measure, kind, value, raw=None, flow=None, row=0, col=0, label="Rad", acc=False, prev=False, against=False
):
    return Fact(
        row, col, label, 0, measure, kind, flow, acc, prev, against, "2026", value, raw or str(value), 1
    )


@pytest.mark.parametrize(
    "facts,codes",
    [
        # Intäkter + Kostnader = Nettokostnad (costs negative), and the positive-costs convention
        (
            [
                _fact("intakter", None, 100, flow="intakter", col=0),
                _fact("kostnader", None, -300, flow="kostnader", col=1),
                _fact("nettokostnad", None, -200, flow="nettokostnad", col=2),
            ],
            [],
        ),
        (
            [
                _fact("intakter", None, 100, flow="intakter", col=0),
                _fact("kostnader", None, 300, flow="kostnader", col=1),
                _fact("nettokostnad", None, 200, flow="nettokostnad", col=2),
            ],
            [],
        ),
        (
            [
                _fact("intakter", None, 100, flow="intakter", col=0),
                _fact("kostnader", None, -300, flow="kostnader", col=1),
                _fact("nettokostnad", None, -250, flow="nettokostnad", col=2),
            ],
            ["flow_mismatch"],
        ),
        # Avvikelse = Utfall - Budget (either sign convention), within rounding or not
        (
            [
                _fact("utfall_ack", "outcome", -24278, acc=True, col=0),
                _fact("budget_ack", "budget", -24200, acc=True, col=1),
                _fact("avvikelse_ack", "deviation", -79, acc=True, col=2),
            ],
            ["deviation_rounding"],
        ),
        (
            [
                _fact("utfall_ack", "outcome", -24278, acc=True, col=0),
                _fact("budget_ack", "budget", -24200, acc=True, col=1),
                _fact("avvikelse_ack", "deviation", -90, acc=True, col=2),
            ],
            ["deviation_mismatch"],
        ),
        (
            [
                _fact("utfall", "outcome", 50.5, "50,5", col=0),
                _fact("budget", "budget", 60.0, "60,0", col=1),
                _fact("avvikelse", "deviation", 9.5, "9,5", col=2),
            ],
            [],
        ),
        # Avvikelse mot fg år compares the forecast with last year's outcome
        (
            [
                _fact("arsprognos", "forecast", -94513, col=0),
                _fact("avvikelse_mot_fg_ar", "deviation", -2882, col=1, against=True),
                _fact("utfall_fg_ar", "outcome", -91631, col=2, prev=True),
            ],
            [],
        ),
    ],
)
def test_flow_and_deviation_checks(facts, codes):
    assert [i[1] for i in check_facts(facts)] == codes


@pytest.mark.parametrize(
    "raws,expected",
    [(["-24 278", "311"], 1.0 + 1e-9), (["20,5", "-13,7", "6,8"], 0.15 + 1e-9), (["1.234"], 0.5 + 1e-9)],
)
def test_rounding_tolerance_follows_printed_decimals(raws, expected):
    facts = [_fact("x", None, 0.0, raw) for raw in raws]
    assert tolerance(facts) == pytest.approx(expected)
    assert decimals("20,5") == 1 and decimals("-24 278") == 0


# ----------------------------------------------------------------------------------------------
# Samples (real subprocess, real warehouse)
# ----------------------------------------------------------------------------------------------
def test_samples_budget_goal_status_and_risks_are_exact(samples_db):
    out = run_kpi("eval", "--gold", str(GOLD), "--db", str(samples_db), check=True).stdout
    for table in ("budget_lines", "goal_status", "risks"):
        m = re.search(rf"^\s*{table}\s+ALL\s+(\d+)\s+(\d+)\s+(\d+)\s+([\d.]+)\s+([\d.]+)", out, re.MULTILINE)
        assert m, out
        gold, _extracted, tp, precision, recall = m.groups()
        assert (float(precision), float(recall)) == (1.0, 1.0), out
        assert int(gold) == int(tp) > 0


FACTOR = {"kr": 0.001, "tkr": 1.0, "mkr": 1000.0, "mnkr": 1000.0}


def test_amount_tkr_for_every_money_unit(samples_db):
    con = duckdb.connect(str(samples_db), read_only=True)
    rows = con.execute("SELECT unit, amount, amount_tkr FROM budget_lines").fetchall()
    units = {u for u, _, _ in rows}
    assert {"tkr", "mkr", "mnkr"} <= units
    for unit, amount, tkr in rows:
        assert tkr == pytest.approx(amount * FACTOR[unit]), (unit, amount, tkr)


def test_real_reports(samples_db):
    con = duckdb.connect(str(samples_db), read_only=True)

    def q(name, sql, *args):
        return con.execute(
            sql.replace("DOC", "(SELECT doc_id FROM documents WHERE source_path LIKE ?)"),
            [f"%{name}%", *args],
        ).fetchall()

    gbg = "goteborg-intraservice"
    assert q(
        gbg,
        "SELECT measure, period, amount, unit, page FROM budget_lines WHERE doc_id = DOC "
        "AND row_label = 'Intäkter' AND page = 11 ORDER BY bbox[1]",
    ) == [
        ("utfall_ack", "2026-01/2026-03", 373.6, "mnkr", 11),
        ("budget_ack", "2026-01/2026-03", 375.7, "mnkr", 11),
        ("avvikelse_ack", "2026-01/2026-03", -2.1, "mnkr", 11),
        ("utfall_fg_ar", "2025-01/2025-03", 346.2, "mnkr", 11),
        ("arsprognos", "2026", 1513.3, "mnkr", 11),
        ("fg_prognos", "2026", 1506.8, "mnkr", 11),
        ("arsbudget", "2026", 1506.8, "mnkr", 11),
        ("utfall_fg_ar", "2025", 1413.5, "mnkr", 11),
    ]
    # a child row under a category row, and a label wrapped over three lines
    assert q(gbg, "SELECT count(*) FROM budget_lines WHERE doc_id = DOC AND row_label = '- Ekonomi'") == [
        (10,)
    ]
    assert q(
        gbg,
        "SELECT DISTINCT measure, flow FROM budget_lines WHERE doc_id = DOC AND page = 14 "
        "AND row_label = 'Digital infrastruktur, Demokrati- och Medborgarservice (DM)' ORDER BY 1, 2",
    ) == [
        ("avvikelse_ack", None),
        ("budget_ack", "kostnader"),
        ("resultat", "resultat"),
        ("utfall_ack", "intakter"),
        ("utfall_ack", "kostnader"),
    ]
    # the printed negative total of the year table and the other source inconsistencies are reported
    assert q(
        gbg,
        "SELECT page, code FROM extraction_issues WHERE doc_id = DOC AND severity = 'warning' "
        "AND code LIKE '%mismatch' ORDER BY 1, 2",
    ) == [
        (14, "deviation_mismatch"),
        (14, "deviation_mismatch"),
        (14, "deviation_mismatch"),
        (16, "sum_mismatch"),
    ]
    sim = "simrishamn"
    # "- 6 279" (space after the minus) on PDF page 33, printed as page 32
    assert q(
        sim,
        "SELECT amount, page, measure, period FROM budget_lines WHERE doc_id = DOC "
        "AND row_label = 'Allmän fritidsverksamhet'",
    ) == [(-6279.0, 33, "utfall", "2025"), (-6827.0, 33, "budget", "2025"), (548.0, 33, "avvikelse", "2025")]
    assert q(sim, "SELECT count(*) FROM budget_lines WHERE doc_id = DOC AND table_kind = 'driftbudget'") == [
        (38,)
    ]  # 13 rows, one empty cell


@pytest.mark.parametrize(
    "text",
    [
        "0",
        "-0",
        "−0 000",
        "007",
        "12",
        "2024",
        "1 234",
        "−12",
        "-1 234 567",
        "0 123",
        "12345678901234567890",
        "1 234,5",
        "(1 234)",
        "- 6 279",
        "253 146 tkr",
        "12 %",
        "1 23",
        "1234 567",
        "-",
        "x",
    ],
)
def test_plain_cells_are_read_as_the_number_reader_reads_them(text):
    """The direct reading of plain whole table cells agrees with ``parse_amount`` (sign of
    zero included); every other cell goes to ``parse_amount`` itself."""
    expected = parse_amount(text)
    value, unit = cell_amount(text)
    assert (value, unit) == (expected.value, expected.unit)
    if value is not None:
        assert math.copysign(1, value) == math.copysign(1, expected.value)
