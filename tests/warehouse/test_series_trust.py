"""Series a researcher can trust: one key per body across documents, nothing printed dropped from
a series without a trace, two measures of one indicator kept apart, disagreements flagged, and a
researcher's decisions about bodies kept.  Real DuckDB files, real CLI runs."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import duckdb
import pytest

from kpi.extractors.document import canonical_organ
from tests.conftest import run_kpi

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "api"))


@pytest.mark.parametrize(
    ("printed", "key"),
    [
        ("Verksamhetsområde 3 – Individ- och familjeomsorg", "Individ och familjeomsorg"),
        (
            "Verksamhetsområde 3 – Individ och familjeomsorg; Verksamhetsområde 8 - Arbete och integration",
            "Individ och familjeomsorg",
        ),
        ("Kultur- och fritidsnämnden", "Kultur och fritidsnämnden"),
        ("Kultur och  fritidsnämnden", "Kultur och fritidsnämnden"),
        ("Socialnämnden", "Socialnämnden"),
        ("Nämnden för Intraservice", "Nämnden för Intraservice"),
        ("verksamhetsområde 8: Arbete och integration", "Arbete och integration"),
        ("", None),
        (None, None),
    ],
)
def test_one_key_for_a_body_whose_name_varies(printed: str | None, key: str | None) -> None:
    assert canonical_organ(printed) == key


@pytest.fixture(scope="module")
def samples_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("series") / "w.duckdb"
    done = run_kpi("ingest", str(ROOT / "samples" / "pdf"), "--db", str(db), "--workers", "2", "--quiet")
    assert done.returncode == 0, done.stderr
    return db


def test_nothing_printed_is_dropped_from_a_series(samples_db: Path) -> None:
    con = duckdb.connect(str(samples_db), read_only=True)
    own = con.execute("SELECT count(*) FROM indicator_values WHERE subject IS NULL").fetchone()
    seen = con.execute("SELECT count(*) FROM indicator_observations").fetchone()
    assert own == seen
    # every observation is in the series, or says which document's value stands instead
    lost = con.execute(
        "SELECT count(*) FROM indicator_observations WHERE rank > 1 AND superseded_by IS NULL"
    ).fetchone()
    assert lost == (0,)
    in_series = con.execute("SELECT count(*) FROM indicator_observations WHERE rank = 1").fetchone()
    assert in_series == con.execute("SELECT count(*) FROM indicator_series").fetchone()
    dupes = con.execute(
        "SELECT count(*) FROM (SELECT indicator_id, municipality, organ_canonical, period, value_kind,"
        " sub_measure FROM indicator_series GROUP BY ALL HAVING count(*) > 1)"
    ).fetchone()
    assert dupes == (0,)


def test_two_measures_of_one_goal_stay_apart(samples_db: Path) -> None:
    """Tyresö 2014: "Minst 75 procent … lägst 60 procent": two targets for 2014, both kept."""
    con = duckdb.connect(str(samples_db), read_only=True)
    rows = con.execute(
        "SELECT sub_measure, value_num FROM indicator_series WHERE canonical_name LIKE 'Minst 75 procent%'"
        " AND value_kind = 'target' AND period = '2014' ORDER BY sub_measure"
    ).fetchall()
    assert [v for _, v in rows] == [60.0, 75.0] or [v for _, v in rows] == [75.0, 60.0]
    assert [s for s, _ in rows] == [1, 2]


def test_one_body_across_the_plans_of_two_years(samples_db: Path) -> None:
    con = duckdb.connect(str(samples_db), read_only=True)
    keys = con.execute(
        "SELECT DISTINCT organ_canonical FROM documents WHERE organ LIKE 'Verksamhetsområde 3%'"
    ).fetchall()
    assert keys == [("Individ och familjeomsorg",)]


def test_documents_that_disagree_are_flagged(handmade_db_path: Path) -> None:
    """Two plans print N00973's 2018 outcome as 33 % and 33,5 %: the newer stands, both are
    listed in series_conflicts, the series row says so."""
    from handmade import N00973

    con = duckdb.connect(str(handmade_db_path), read_only=True)
    conflict = con.execute(
        "SELECT value_num, conflict FROM indicator_series WHERE canonical_name = ? AND period = '2018'",
        [N00973],
    ).fetchall()
    assert conflict == [(33.5, True)]
    listed = con.execute(
        "SELECT value_num, rank FROM series_conflicts WHERE canonical_name = ? ORDER BY rank", [N00973]
    ).fetchall()
    assert listed == [(33.5, 1), (33.0, 2)]
    older = con.execute(
        "SELECT superseded_by FROM indicator_observations WHERE canonical_name = ? AND value_num = 33.0",
        [N00973],
    ).fetchall()
    assert older == [("b" * 64,)]


@pytest.fixture()
def handmade_db_path(tmp_path: Path) -> Path:
    from handmade import DOCS

    from kpi.warehouse.db import connect
    from tests.warehouse.loading import load_result

    path = tmp_path / "handmade.duckdb"
    con = connect(path)
    for result in DOCS:
        load_result(con, result, "test")
    con.close()
    return path


def test_a_researchers_decision_about_a_body_is_kept(samples_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.duckdb"
    db.write_bytes(samples_db.read_bytes())
    review = tmp_path / "organs.csv"
    done = run_kpi("organs", "--db", str(db), "--review-out", str(review))
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(review.open(encoding="utf-8")))
    assert {"municipality", "organ", "organ_canonical", "documents"} <= set(rows[0])
    for r in rows:  # the researcher decides the 2024 report's förvaltning is the IFO body too
        if r["organ"] == "Arbetsmarknads- och socialförvaltningen":
            r["organ_canonical"] = "Individ och familjeomsorg"
    with review.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    for _ in range(2):  # applying the same file twice changes nothing
        done = run_kpi("organs", "--db", str(db), "--crosswalk", str(review))
        assert done.returncode == 0, done.stderr
        assert "1 decision(s) stored" in done.stdout
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM organ_crosswalk").fetchone() == (1,)
    from kpi.warehouse.organs import organs

    now = {(r.municipality, r.organ): r.organ_canonical for r in organs(con).itertuples()}
    assert now[("Tyresö", "Arbetsmarknads- och socialförvaltningen")] == "Individ och familjeomsorg"
    assert now[("Tyresö", "Socialnämnden")] == "Socialnämnden"  # other bodies keep the rule's key
    listed = run_kpi("organs", "--db", str(db))
    assert "Individ och" in listed.stdout
    con.close()
    # an empty key takes the decision back
    for r in rows:
        if r["organ"] == "Arbetsmarknads- och socialförvaltningen":
            r["organ_canonical"] = ""
    with review.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    done = run_kpi("organs", "--db", str(db), "--crosswalk", str(review))
    assert done.returncode == 0 and "0 decision(s) stored" in done.stdout
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM organ_crosswalk").fetchone() == (0,)


def test_a_crosswalk_without_its_columns_is_refused(samples_db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("name,key\nA,B\n", encoding="utf-8")
    done = run_kpi("organs", "--db", str(samples_db), "--crosswalk", str(bad))
    assert done.returncode == 2
    assert "no column" in done.stderr


def test_budget_rows_across_documents(samples_db: Path) -> None:
    """budget_series: one row per budget row, measure, flow and period; totals marked, so a sum
    of detail rows does not count them twice."""
    con = duckdb.connect(str(samples_db), read_only=True)
    dupes = con.execute(
        "SELECT count(*) FROM (SELECT municipality, organ_canonical, table_kind, row_id, row_parent,"
        " measure, flow, period FROM budget_series GROUP BY ALL HAVING count(*) > 1)"
    ).fetchone()
    assert dupes == (0,)
    assert con.execute("SELECT count(*) FROM budget_series WHERE row_id IS NULL").fetchone() == (0,)
    every = con.execute(
        "SELECT count(*) FROM (SELECT DISTINCT d.municipality, d.organ_canonical, table_kind, row_id,"
        " row_parent, measure, flow, b.period FROM budget_lines b JOIN documents d USING (doc_id))"
    ).fetchone()
    assert every == con.execute("SELECT count(*) FROM budget_series").fetchone()
    kinds = {k for (k,) in con.execute("SELECT DISTINCT row_kind FROM budget_series").fetchall()}
    assert "detail" in kinds and kinds & {"total", "subtotal"}


def test_one_budget_row_across_years(tmp_path: Path) -> None:
    """Three yearly reports print "Sakkunnigt biträde" (once as "Sakkunniga biträden"): one row,
    tied by its wording and its outcomes; a different row stays apart; a researcher's
    `budget_pair` decision ties a renamed row."""
    from kpi.extractors.records import BudgetLine, DocumentMeta, ExtractionResult
    from kpi.pipeline.match.crosswalk import Decision
    from kpi.pipeline.match.run import run_matching
    from kpi.warehouse.db import connect
    from tests.warehouse.loading import load_result

    def line(label: str, measure: str, period: str, amount: float, y: float) -> BudgetLine:
        return BudgetLine(
            2,
            (300.0, y, 340.0, y + 10),
            "driftbudget",
            label,
            measure,
            period,
            amount,
            "tkr",
            amount,
            "Utfall per år",
            str(amount),
        )

    docs = []
    for year, labels in [
        (2022, ["Sakkunnigt biträde", "Revisorernas arvoden", "Lokaler"]),
        (2023, ["Sakkunniga biträden", "Revisorernas arvoden", "Lokalkostnader"]),
        (2024, ["Sakkunnigt biträde", "Arvoden till revisorer", "Lokaler och IT"]),
    ]:
        r = ExtractionResult(f"{year}" * 16, f"sr{year}.pdf")
        r.meta = DocumentMeta(
            f"Årsredogörelse {year}",
            "Göteborg",
            "1480",
            "Stadsrevisionen",
            "årsredovisning",
            year,
            str(year),
            40,
        )
        r.budget_lines = [
            line(labels[0], "utfall", str(year), -33000.0 - year, 100),
            line(labels[0], "utfall", str(year - 1), -33000.0 - (year - 1), 100),
            line(labels[1], "utfall", str(year), -5000.0 - year, 120),
            line(labels[1], "utfall", str(year - 1), -5000.0 - (year - 1), 120),
            line(labels[2], "utfall", str(year), -900.0 - 3 * year, 140),
        ]
        docs.append(r)
    con = connect(tmp_path / "w.duckdb")
    for r in docs:
        load_result(con, r, "test")
    run_matching(con)
    ids = dict(con.execute("SELECT DISTINCT row_label, row_id FROM budget_lines").fetchall())
    assert ids["Sakkunnigt biträde"] == ids["Sakkunniga biträden"]
    assert ids["Revisorernas arvoden"] != ids["Sakkunnigt biträde"]
    assert ids["Lokaler"] != ids["Lokaler och IT"]  # a wider row is another row
    series = con.execute(
        "SELECT count(DISTINCT period) FROM budget_series WHERE row_id = ? AND measure = 'utfall'",
        [ids["Sakkunnigt biträde"]],
    ).fetchone()
    assert series == (4,)  # 2021-2024, the newest document's amount for each
    d = Decision(
        "budget_pair", "same", None, "2022" * 16, "Lokaler", None, "2023" * 16, "Lokalkostnader", None
    )
    run_matching_with = __import__(
        "kpi.pipeline.match.crosswalk", fromlist=["store_decisions"]
    ).store_decisions
    run_matching_with(con, [d], source="test")
    run_matching(con)
    ids = dict(con.execute("SELECT DISTINCT row_label, row_id FROM budget_lines").fetchall())
    assert ids["Lokaler"] == ids["Lokalkostnader"]
    con.close()
