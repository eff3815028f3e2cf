"""Matching on real DuckDB files through the real loader and the real `kpi` command."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import duckdb
import pytest

from kpi.pipeline.match.run import run_matching
from kpi.warehouse.db import connect
from tests.conftest import run_kpi
from tests.match.match_fixtures import PLAN_2019, PLAN_2020, build, doc

LEDARSKAP_19 = PLAN_2019[0][0]
LEDARSKAP_20 = PLAN_2020[0][0]


_IDS_SQL = (
    "SELECT d.title, m.indicator_name, m.indicator_id FROM indicator_matches m "
    "JOIN documents d USING (doc_id)"
)


def _ids(path: Path, con=None) -> dict[tuple[str, str], str]:
    if con is not None:
        return {(t, n): i for t, n, i in con.execute(_IDS_SQL).fetchall()}
    con = duckdb.connect(str(path), read_only=True)
    try:
        return _ids(path, con)
    finally:
        con.close()


def _two_plans(tmp_path: Path, name: str = "wh.duckdb") -> Path:
    return build(tmp_path / name, [doc("plan19", 2019, PLAN_2019), doc("plan20", 2020, PLAN_2020)])


def test_match_fills_the_contract_tables(tmp_path: Path) -> None:
    db = _two_plans(tmp_path)
    run_kpi("match", "--db", str(db), check=True)
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert (
            con.execute("SELECT count(*) FROM indicator_values WHERE indicator_id IS NULL").fetchone()[0] == 0
        )
        orphans = con.execute(
            "SELECT count(*) FROM indicator_values iv LEFT JOIN indicators i USING (indicator_id) "
            "WHERE i.indicator_id IS NULL"
        ).fetchone()[0]
        assert orphans == 0
        kolada = con.execute(
            "SELECT kolada_code, unit FROM indicators WHERE indicator_id = 'kolada:U30202'"
        ).fetchone()
        assert kolada[0] == "U30202"
        methods = dict(con.execute("SELECT indicator_name, method FROM indicator_matches").fetchall())
        assert methods[LEDARSKAP_20] == "code" and methods[PLAN_2020[2][0]] == "exact"
        # the 2019 name without a code joined the coded indicator (its 2018 value agrees)
        series = con.execute(
            "SELECT period, value_num FROM indicator_series WHERE indicator_id = 'kolada:U30202' "
            "ORDER BY period"
        ).fetchall()
        assert series == [("2018", 88.0)]
        scores = con.execute(
            "SELECT min(score), max(score) FROM indicator_matches WHERE method IN ('code','new')"
        ).fetchone()
        assert scores == (None, None)
    finally:
        con.close()
    ids = _ids(db)
    assert ids[("Nämndplan 2019", LEDARSKAP_19)] == ids[("Nämndplan 2020", LEDARSKAP_20)] == "kolada:U30202"
    # near-miss ages stay apart; drifted wording of the 13-20 one ties
    assert ids[("Nämndplan 2019", PLAN_2019[3][0])] != ids[("Nämndplan 2020", PLAN_2020[4][0])]
    assert ids[("Nämndplan 2019", PLAN_2019[4][0])] == ids[("Nämndplan 2020", PLAN_2020[4][0])]


def test_ids_stable_under_shuffled_input_and_reruns(tmp_path: Path) -> None:
    rng = random.Random(7)
    docs = [
        doc("plan19", 2019, PLAN_2019),
        doc("plan20", 2020, PLAN_2020),
        doc("plan21", 2021, [(n.replace("Antal ", "Antalet "), *rest) for n, *rest in PLAN_2020]),
    ]
    results = []
    for k in range(3):
        shuffled = [doc(d.source_path[:-4], d.meta.year, []) for d in docs]
        for d, s in zip(docs, shuffled, strict=False):
            s.indicator_values = rng.sample(d.indicator_values, len(d.indicator_values))
        order = rng.sample(range(3), 3)
        db = build(tmp_path / f"s{k}.duckdb", [shuffled[i] for i in order])
        con = connect(db)
        try:
            run_matching(con, workers=1)
            first = _ids(db, con)
            run_matching(con, workers=1)
            assert _ids(db, con) == first
        finally:
            con.close()
        results.append(first)
    assert results[0] == results[1] == results[2]


def test_crosswalk_round_trip(tmp_path: Path) -> None:
    """export review -> mark -> re-run: decisions applied, ids unchanged, idempotent, never lost."""
    # similar wording, but last year's outcome printed differently: a pair for review
    extra_19 = (
        "Andel medarbetare som rekommenderar arbetsplatsen",
        None,
        "Mål 9",
        "outcome",
        "2018",
        83.0,
        "percent",
    )
    extra_20 = (
        "Andel medarbetare som kan rekommendera sin arbetsplats till andra",
        None,
        "Mål 9",
        "outcome",
        "2018",
        61.0,
        "percent",
    )
    db = build(
        tmp_path / "cw.duckdb",
        [doc("plan19", 2019, [*PLAN_2019, extra_19]), doc("plan20", 2020, [*PLAN_2020, extra_20])],
    )
    review = tmp_path / "review.csv"
    run_kpi("match", "--db", str(db), "--review-out", str(review), check=True)
    before = _ids(db)
    rows = list(csv.DictReader(review.open(encoding="utf-8")))
    pairs = [r for r in rows if r["kind"] == "pair"]
    assert pairs, "the reworded pair should be in the review band"
    target = next(r for r in pairs if {r["name_a"], r["name_b"]} == {extra_19[0], extra_20[0]})
    for key in (
        "name_a",
        "name_b",
        "doc_id_a",
        "doc_id_b",
        "values_a",
        "values_b",
        "page_a",
        "score",
        "unit_a",
    ):
        assert target[key], key
    assert before[("Nämndplan 2019", extra_19[0])] != before[("Nämndplan 2020", extra_20[0])]
    target["decision"] = "same"
    for r in rows:
        if r["kind"] == "kolada_title":
            r["decision"] = "different"
    with review.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)

    run_kpi("match", "--db", str(db), "--review-out", str(review), check=True)
    after = _ids(db)
    merged = after[("Nämndplan 2019", extra_19[0])]
    assert merged == after[("Nämndplan 2020", extra_20[0])] == before[("Nämndplan 2019", extra_19[0])]
    untouched = {k: v for k, v in before.items() if k[1] not in (extra_19[0], extra_20[0])}
    assert {k: after[k] for k in untouched} == untouched
    con = duckdb.connect(str(db), read_only=True)
    try:
        m = con.execute(
            "SELECT method FROM indicator_matches WHERE indicator_name = ?", [extra_20[0]]
        ).fetchone()
        assert m == ("manual",)
        assert (
            con.execute("SELECT count(*) FROM indicator_suggestions").fetchone()[0] == 0
        )  # rejected proposals
    finally:
        con.close()
    kept = list(csv.DictReader(review.open(encoding="utf-8")))
    assert any(r["decision"] == "same" and r["name_a"] in (extra_19[0], extra_20[0]) for r in kept)

    # the decisions live in the warehouse: a run without the file (as after `kpi ingest`) keeps them
    run_kpi("match", "--db", str(db), check=True)
    assert _ids(db) == after
    # applying the same file again changes nothing
    proc = run_kpi("match", "--db", str(db), "--crosswalk", str(review), "--json", check=True)
    assert '"decisions_loaded": 0' in proc.stdout
    assert _ids(db) == after


def test_bad_crosswalk_is_a_usage_error(tmp_path: Path) -> None:
    db = _two_plans(tmp_path)
    bad = tmp_path / "bad.csv"
    bad.write_text("decision,kind,name_a,name_b\nmaybe,pair,A,B\n", encoding="utf-8")
    proc = run_kpi("match", "--db", str(db), "--crosswalk", str(bad))
    assert proc.returncode == 2 and "same" in proc.stderr


@pytest.mark.parametrize("missing", ["db", "crosswalk"])
def test_missing_files(tmp_path: Path, missing: str) -> None:
    db = _two_plans(tmp_path) if missing == "crosswalk" else tmp_path / "none.duckdb"
    args = ["match", "--db", str(db)] + (
        ["--crosswalk", str(tmp_path / "nope.csv")] if missing == "crosswalk" else []
    )
    proc = run_kpi(*args)
    assert proc.returncode == 2


def test_ingest_runs_matching(samples_db: Path) -> None:
    con = duckdb.connect(str(samples_db), read_only=True)
    try:
        n_values, n_null = con.execute(
            "SELECT count(*), count(*) - count(indicator_id) FROM indicator_values"
        ).fetchone()
        methods = dict(con.execute("SELECT method, count(*) FROM indicator_matches GROUP BY 1").fetchall())
    finally:
        con.close()
    if n_values == 0:
        pytest.skip("no indicator rows extracted from the samples yet")
    assert n_null == 0
    assert methods.get("code", 0) > 0 and sum(methods.values()) > 0
