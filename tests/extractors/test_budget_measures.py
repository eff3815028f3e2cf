"""Budget measures from any header (issue 17): a closed measure vocabulary, the flow beside it,
the period whatever the document's year, and the row kinds and parents the table engine gives
(the same rule as ``table_cells``), used by the sum and deviation checks.

Header texts are the real ones of the sample PDFs (Göteborg, Simrishamn, Alingsås, Tyresö)."""

from __future__ import annotations

import duckdb
import pytest

from kpi.extractors.budget import DocContext, read_column
from kpi.extractors.checks import Fact, check_facts
from kpi.extractors.domain import BudgetFlow, BudgetMeasure, RowKind
from tests.conftest import REAL2_PDFS, REAL_PDFS

GBG = DocContext(2026, "2026-01/2026-03", "delårsrapport")  # goteborg-intraservice-delarsrapport-2026-03
SIM = DocContext(2025, "2025", "årsredovisning")  # simrishamn-kfn-arsbokslut-2025
ALI = DocContext(2026, "2026", "månadsrapport")  # alingsas-*-fordjupad-manadsuppfoljning-2026-04
TYR_MR = DocContext(2024, "2024-03", "månadsrapport")  # tyreso-manadsrapport-2024-03-asf
TYR_NP = DocContext(2019, "2019", "nämndplan")  # tyreso-namndplan-2019-ifo
TOLK = DocContext(2025, "2025", "årsredovisning")  # tolkformedling-vast-direktion-arsredovisning-2025

M = BudgetMeasure
F = BudgetFlow


@pytest.mark.parametrize(
    "ctx,own,spans,measure,flow,period",
    [
        # Göteborg: kind and flow in one header, period or whole year
        (GBG, "Utfall intäkter period", [], M.UTFALL_ACK, F.INTAKTER, "2026-01/2026-03"),
        (GBG, "Utfall kostnader period", [], M.UTFALL_ACK, F.KOSTNADER, "2026-01/2026-03"),
        (GBG, "Resultat period", [], M.RESULTAT, F.RESULTAT, "2026-01/2026-03"),
        (GBG, "Budget kostnader period", [], M.BUDGET_ACK, F.KOSTNADER, "2026-01/2026-03"),
        (GBG, "Prognos intäkter helår", [], M.ARSPROGNOS, F.INTAKTER, "2026"),
        (GBG, "Prognos kostnader helår", [], M.ARSPROGNOS, F.KOSTNADER, "2026"),
        (GBG, "Prognos resultat helår", [], M.ARSPROGNOS, F.RESULTAT, "2026"),
        (GBG, "Budget kostnader helår", [], M.ARSBUDGET, F.KOSTNADER, "2026"),
        (GBG, "Prognosavvikelse mot budget helår", [], M.AVVIKELSE, None, "2026"),
        (GBG, "Fg prognos", ["Helår"], M.FG_PROGNOS, None, "2026"),
        (GBG, "Prognos", ["Helår"], M.ARSPROGNOS, None, "2026"),
        (GBG, "Budget", ["Helår"], M.ARSBUDGET, None, "2026"),
        (GBG, "Utfall", ["Period"], M.UTFALL_ACK, None, "2026-01/2026-03"),
        (GBG, "Utfallfg år", ["Period"], M.UTFALL_FG_AR, None, "2025-01/2025-03"),
        (GBG, "Bokslutfg år", ["Helår"], M.UTFALL_FG_AR, None, "2025"),
        # Simrishamn: "Bokslut <year>" is that year's outcome, whatever the document's year
        (SIM, "Bokslut 2023", [], M.UTFALL, None, "2023"),
        (SIM, "Bokslut 2024", [], M.UTFALL, None, "2024"),
        (SIM, "Bokslut 2025", [], M.UTFALL, None, "2025"),
        (SIM, "Budget 2025", [], M.BUDGET, None, "2025"),
        (SIM, "Återstår", [], M.AVVIKELSE, None, "2025"),
        (SIM, "Utgifter sedan projektets Total projektbudget", ["start"], M.BUDGET, None, "2025"),
        (SIM, "Ack. Utfall", ["start"], M.UTFALL_ACK, None, "2025"),
        (SIM, "Budgetavvikelse", [], M.AVVIKELSE, None, "2025"),
        # Alingsås
        (ALI, "Prognos helår 2026", [], M.ARSPROGNOS, None, "2026"),
        (ALI, "Avv. prognos/ budget 2026", [], M.AVVIKELSE, None, "2026"),
        (ALI, "Årsbokslut 2025", [], M.UTFALL, None, "2025"),
        (ALI, "Prognos fördjupad månadsuppföljning 2026", [], M.ARSPROGNOS, None, "2026"),
        (ALI, "månadsuppföljning 2026", ["Prognos fördjupad"], M.ARSPROGNOS, None, "2026"),
        # Tyresö: last year's months printed are that period's outcome; a flow alone is the measure
        (TYR_MR, "Utfall ack. Jan 24 - Mars 24", [], M.UTFALL_ACK, None, "2024-01/2024-03"),
        (TYR_MR, "Utfall ack. Jan 23 - Dec 23", [], M.UTFALL, None, "2023"),
        (TYR_MR, "Årsbudget Jan 24 - Dec 24", [], M.ARSBUDGET, None, "2024"),
        (TYR_MR, "Avvikelse mot 2023", [], M.AVVIKELSE_MOT_FG_AR, None, "2024"),
        (TYR_NP, "Intäkter", ["Budget 2019"], M.INTAKTER, F.INTAKTER, "2019"),
        (TYR_NP, "Kostnader", ["Budget 2019"], M.KOSTNADER, F.KOSTNADER, "2019"),
        (TYR_NP, "Nettokostnad", ["Budget 2019"], M.NETTOKOSTNAD, F.NETTOKOSTNAD, "2019"),
        # headers that name no measure: `other`, never their text
        (TOLK, "Not", [], M.OTHER, None, "2025"),
        (TOLK, "2024", [], M.OTHER, None, "2024"),
        (TOLK, "(tkr)", [], M.OTHER, None, "2025"),
    ],
)
def test_real_header_gives_measure_flow_and_period(ctx, own, spans, measure, flow, period):
    meaning, got_period = read_column(own, spans, ctx)
    assert (meaning.measure, meaning.flow, got_period) == (measure, flow, period)
    assert isinstance(meaning.measure, BudgetMeasure)


# ----------------------------------------------------------------------------------------------
# Every budget table of the real samples
# ----------------------------------------------------------------------------------------------
def _real(con: duckdb.DuckDBPyConnection, sql: str, *args: object) -> list[tuple]:
    names = [p.name for p in (*REAL_PDFS, *REAL2_PDFS)]
    return con.execute(
        sql.replace(
            "REAL",
            f"(SELECT doc_id FROM documents WHERE regexp_extract(source_path, '[^/]+$') IN "
            f"({', '.join('?' for _ in names)}))",
        ),
        [*names, *args],
    ).fetchall()


def test_every_real_budget_line_has_a_vocabulary_measure_a_period_and_a_row_kind(samples_db):
    con = duckdb.connect(str(samples_db), read_only=True)
    vocabulary = {m.value for m in BudgetMeasure}
    rows = _real(
        con,
        "SELECT regexp_extract(d.source_path, '[^/]+$'), b.measure, b.period, b.row_kind, b.flow, "
        "b.column_header FROM budget_lines b JOIN documents d USING (doc_id) WHERE doc_id IN REAL",
    )
    assert len(rows) > 1000
    assert {r[0] for r in rows} >= {
        "goteborg-intraservice-delarsrapport-2026-03.pdf",
        "simrishamn-kfn-arsbokslut-2025.pdf",
    }
    assert [r for r in rows if r[1] not in vocabulary] == []
    assert [r for r in rows if r[2] is None] == []
    assert [r for r in rows if r[3] not in {k.value for k in RowKind}] == []
    assert [r for r in rows if r[4] is not None and r[4] not in {f.value for f in BudgetFlow}] == []
    # the header as printed is kept beside the measure, never in it
    assert {r[5] for r in rows if r[1] == "fg_prognos"} == {"Helår Fg prognos"}
    assert [r for r in rows if r[5] and r[1] == r[5].lower()] == []


def test_budget_lines_and_table_cells_agree_on_row_kinds(samples_db):
    con = duckdb.connect(str(samples_db), read_only=True)
    disagree = con.execute(
        "SELECT b.page, b.row_label, b.row_kind, c.row_kind FROM budget_lines b JOIN table_cells c "
        "ON c.doc_id = b.doc_id AND c.page = b.page AND c.bbox = b.bbox AND c.taken_by = 'budget_lines' "
        "WHERE b.row_kind <> c.row_kind"
    ).fetchall()
    assert disagree == []
    # Göteborg p.14: the totals are marked, so a sum of the details counts each amount once
    assert con.execute(
        "SELECT row_label, row_kind FROM budget_lines WHERE page = 14 AND column_header = "
        "'Utfall intäkter period' AND row_kind <> 'detail' AND doc_id IN (SELECT doc_id FROM documents "
        "WHERE source_path LIKE '%goteborg-intraservice%') ORDER BY bbox[2]"
    ).fetchall() == [
        ("Total förvaltning", "subtotal"),
        ("Total förvaltning och förändringsinitiativ", "subtotal"),
        ("Totalt", "total"),
    ]


def test_simrishamn_operating_and_investment_budgets_have_different_parents(samples_db):
    con = duckdb.connect(str(samples_db), read_only=True)
    got = con.execute(
        "SELECT row_parent, amount, measure, period FROM budget_lines WHERE page = 13 AND row_label = 'Budget' "
        "AND period = '2025' AND doc_id IN (SELECT doc_id FROM documents WHERE source_path LIKE "
        "'%simrishamn-kfn%') ORDER BY bbox[2]"
    ).fetchall()
    assert got == [
        ("Nettokostnader", -63119.0, "budget", "2025"),
        ("Nettoinvesteringar", 10525.0, "budget", "2025"),
    ]


def test_simrishamn_investment_deviations_check_out_against_their_own_columns(samples_db):
    """p.21: ``Total projektbudget | Ack. Utfall | Avvikelse`` since the project's start, then
    ``Budget 2025 | Utfall 2025 | Budgetavvikelse`` for the year; each deviation is its own
    group's budget less its outcome (4,827 - 4,812 = 0,015), no false mismatch."""
    con = duckdb.connect(str(samples_db), read_only=True)
    sim = "(SELECT doc_id FROM documents WHERE source_path LIKE '%simrishamn-kfn%')"
    assert con.execute(
        f"SELECT code, message FROM extraction_issues WHERE doc_id IN {sim} AND page = 21 "
        "AND code LIKE 'deviation%'"
    ).fetchall() == [
        (
            "deviation_rounding",
            "'Ny teknik bowlinghall Korsavad (6154)' avvikelse 0,884 vs utfall_ack 2,117 and budget 3,000 "
            "(off by 0.001, within rounding tolerance 0.0015)",
        ),
        (
            "deviation_rounding",
            "'Ny teknik bowlinghall Korsavad (6154)' avvikelse 0,884 vs utfall 2,117 and budget 3,000 "
            "(off by 0.001, within rounding tolerance 0.0015)",
        ),
    ]
    # two sums: the one of the ongoing projects, then the table's total; neither is a detail
    assert con.execute(
        f"SELECT DISTINCT row_label, row_kind, row_parent FROM budget_lines WHERE doc_id IN {sim} "
        "AND page = 21 AND row_kind <> 'detail' ORDER BY row_label"
    ).fetchall() == [
        ("Summa färdigställda projekt", "subtotal", "Färdigställda projekt"),
        ("Summa investeringsprojekt", "total", None),
        ("Summa pågående projekt", "subtotal", "Pågående projekt"),
    ]
    assert con.execute(
        f"SELECT measure, amount FROM budget_lines WHERE doc_id IN {sim} AND page = 21 "
        "AND row_label = 'Ny inredning, biblioteket (6014)' ORDER BY bbox[1]"
    ).fetchall() == [
        ("budget", 4.827),
        ("utfall_ack", 4.812),
        ("avvikelse", 0.015),
        ("budget", 0.709),
        ("utfall", 0.694),
        ("avvikelse", 0.015),
    ]


def _fact(measure: str, kind: str | None, value: float, col: int, acc: bool = False, **kw: object) -> Fact:
    return Fact(
        row=kw.get("row", 0),  # type: ignore[arg-type]
        col=col,
        label=str(kw.get("label", "Rad")),
        level=0,
        measure=measure,
        kind=kind,
        flow=None,
        accumulated=acc,
        previous_year=False,
        against=False,
        period="2025",
        value=value,
        raw=f"{value:.3f}".replace(".", ","),
        page=21,
        row_kind=kw.get("row_kind"),  # type: ignore[arg-type]
    )


def test_a_deviation_compares_the_budget_and_outcome_of_its_own_columns():
    row = [
        _fact("budget", "budget", 4.827, 0),
        _fact("utfall_ack", "outcome", 4.812, 1, acc=True),
        _fact("avvikelse", "deviation", 0.015, 2),
        _fact("budget", "budget", 0.709, 3),
        _fact("utfall", "outcome", 0.694, 4),
        _fact("avvikelse", "deviation", 0.015, 5),
    ]
    assert check_facts(row) == []
    wrong = [*row[:2], _fact("avvikelse", "deviation", 0.5, 2), *row[3:]]
    assert [i[1] for i in check_facts(wrong)] == ["deviation_mismatch"]


def test_sum_check_takes_totals_from_the_row_kinds():
    # "Samtliga" is no total word, but the engine's row kind says the row is a total; a row named
    # "Summa" that the engine calls a detail is not checked as a sum
    facts = [
        _fact("utfall", "outcome", 1.0, 0, row=0, label="A", row_kind=RowKind.DETAIL),
        _fact("utfall", "outcome", 2.0, 0, row=1, label="B", row_kind=RowKind.DETAIL),
        _fact("utfall", "outcome", 4.0, 0, row=2, label="Samtliga", row_kind=RowKind.TOTAL),
    ]
    assert [i[1] for i in check_facts(facts)] == ["sum_mismatch"]
    facts[2] = _fact("utfall", "outcome", 4.0, 0, row=2, label="Summa", row_kind=RowKind.DETAIL)
    assert check_facts(facts) == []
