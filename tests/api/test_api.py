"""The researcher API (warehouse.api) over a hand-made warehouse and over the ingested samples."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest
from handmade import N00973, SICK

import kpi.warehouse.api as kpi
from kpi.warehouse.db import WarehouseBusy, connect

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_PDFS = sorted((ROOT / "samples").rglob("*.pdf"))


@pytest.fixture()
def wh(handmade_db):
    with kpi.open(handmade_db) as w:
        yield w


def test_open_is_read_only_by_default(wh) -> None:
    assert wh.read_only and "read-only" in repr(wh)
    with pytest.raises(duckdb.Error):
        wh.con.execute("DELETE FROM documents")
    assert len(wh.documents()) == 4


def test_open_missing_file(tmp_path) -> None:
    with pytest.raises(FileNotFoundError):
        kpi.open(tmp_path / "nope.duckdb")


def test_open_while_another_connection_writes(handmade_db, tmp_path) -> None:
    import shutil
    import subprocess
    import sys

    copy = tmp_path / "busy.duckdb"
    shutil.copy(handmade_db, copy)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                f"import duckdb,sys; c=duckdb.connect({str(copy)!r}); print('held', flush=True); "
                "sys.stdin.read()"
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(WarehouseBusy):
            kpi.open(copy)
    finally:
        holder.communicate("")


@pytest.mark.parametrize(
    ("filters", "titles"),
    [
        (
            {},
            [
                "Förslag till mål för Socialnämnden",
                "Nämndplan 2019",
                "Nämndplan 2020",
                "Månadsrapport mars 2024",
            ],
        ),
        ({"municipality": "tyresö"}, ["Nämndplan 2019", "Nämndplan 2020", "Månadsrapport mars 2024"]),
        ({"municipality": "0125"}, ["Förslag till mål för Socialnämnden"]),
        ({"doc_type": "nämndplan", "year": 2020}, ["Nämndplan 2020"]),
    ],
)
def test_documents_filters(wh, filters, titles) -> None:
    assert wh.documents(**filters)["title"].tolist() == titles


def test_documents_count_rows_per_table(wh) -> None:
    docs = wh.documents().set_index("title")
    assert docs.loc["Nämndplan 2019", "indicator_values"] == 5
    assert docs.loc["Nämndplan 2019", "extraction_issues"] == 1
    assert docs.loc["Månadsrapport mars 2024", "budget_lines"] == 6


def test_series_by_kolada_code_newest_document_wins(wh) -> None:
    s = wh.series("N00973", municipality="Tyresö")
    got = list(zip(s["period"], s["value_kind"], s["value_num"], s["doc_title"], strict=False))
    assert got == [
        ("2018", "outcome", 33.5, "Nämndplan 2020"),  # printed in both plans: the 2020 plan wins
        ("2019", "outcome", 40.74, "Nämndplan 2020"),
        ("2019", "target", 40.0, "Nämndplan 2019"),
        ("2020", "target", 45.0, "Nämndplan 2020"),
    ]
    assert s.loc[0, "value_raw"] == "33,5 %" and s.loc[0, "page"] == 7
    assert list(s.loc[0, "bbox"]) == [56.0, 200.0, 520.0, 212.0]
    assert s["period_start"].dt.year.tolist() == [2018, 2019, 2019, 2020]


def test_values_keeps_every_printed_occurrence(wh) -> None:
    v = wh.values("N00973")
    assert sorted(v.loc[v["period"] == "2018", "value_num"]) == [33.0, 33.5]


@pytest.mark.parametrize(
    "name",
    ["Sjukfrånvaro totalt", "den totala SJUKFRÅNVARON", "Sjukfrånvaro, total", SICK, "Sjukfrånvaro totallt"],
)
def test_series_joins_a_matched_indicator_across_plans(wh, name) -> None:
    s = wh.series(name, municipality="Tyresö")
    assert s["indicator_id"].unique().tolist() == [SICK]
    assert s["canonical_name"].unique().tolist() == ["Sjukfrånvaro, total"]
    w = kpi.wide(s)
    assert w.loc["2019", "target"] == 6.0 and w.loc["2019", "outcome"] == 6.8
    assert w.loc["2020", "target"] == 5.5 and pd.isna(w.loc["2020", "outcome"])
    assert list(w.columns) == ["target", "outcome"]


def test_series_unknown_indicator_names_the_closest(wh) -> None:
    with pytest.raises(LookupError, match="closest: 'Sjukfrånvaro, total'"):
        wh.series("sjuk")
    with pytest.raises(LookupError, match="no indicator matches 'xyzzy'"):
        wh.series("xyzzy")


def test_series_filters(wh) -> None:
    assert len(wh.series("N00973", organ="familjeomsorg")) == 4
    assert wh.series("N00973", organ="socialförvaltningen").empty  # a real organ without the indicator
    with pytest.raises(LookupError, match="no organ in this warehouse contains 'arbete och integration'"):
        wh.series("N00973", organ="arbete och integration")
    assert wh.series("N00973", municipality="Ekerö").empty
    assert wh.series("N00973", value_kind="target")["value_num"].tolist() == [40.0, 45.0]


def test_wide_keeps_municipalities_apart(wh) -> None:
    s = pd.concat([wh.series("Sjukfrånvaro totalt"), wh.series("Sjukfrånvaron ska minska")])
    w = kpi.wide(s)
    assert w.index.names == ["indicator_id", "municipality", "organ", "period"] and len(w) == 4
    assert pd.isna(w.loc[("unmatched:Sjukfrånvaron ska minska", "Ekerö", "Socialnämnden", "2022"), "target"])
    assert kpi.wide(s.iloc[0:0]).empty
    merged = kpi.wide(wh.series("N00973"), by=[])
    assert merged.loc["2018", "outcome"] == 33.5  # the newest document's reading


def test_series_relation_is_the_same_rows_in_duckdb(wh) -> None:
    rel = wh.series_relation("N00973")
    assert isinstance(rel, duckdb.DuckDBPyRelation)
    assert rel.filter("value_kind = 'target'").aggregate("sum(value_num)").fetchall()[0][0] == 85.0
    assert len(rel.df()) == len(wh.series("N00973"))


def test_search_indicators_fuzzy_over_names_and_aliases(wh) -> None:
    hits = wh.search_indicators("sjukfrånvaro")
    assert hits.loc[0, "indicator_id"] == SICK
    assert set(hits.loc[0, "aliases"]) == {"Sjukfrånvaro totalt", "Den totala sjukfrånvaron"}
    assert "unmatched:Sjukfrånvaron ska minska" in set(hits["indicator_id"])
    assert "unmatched:Antal dygn på HVB-hem" not in set(hits["indicator_id"])
    assert hits["score"].is_monotonic_decreasing


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("n00973", f"unmatched:{N00973}"),
        ("etableringsuppdraget arbeta studera", f"unmatched:{N00973}"),
        ("dygn HVB", "unmatched:Antal dygn på HVB-hem"),
    ],
)
def test_search_indicators_first_hit(wh, query, first) -> None:
    assert wh.search_indicators(query).loc[0, "indicator_id"] == first


def test_search_indicators_nothing(wh) -> None:
    for q in ("", "qwertyuiop"):
        hits = wh.search_indicators(q)
        assert hits.empty and "score" in hits.columns


@pytest.mark.parametrize(
    ("filters", "n", "total"),
    [
        ({}, 6, -223310.0),
        ({"period": "2024"}, 5, -146998.0),
        ({"period": "2024-01"}, 3, -20091.0 - 20402.0 - 5715.0),
        ({"period": "2023"}, 1, -76312.0),
        ({"measure": "arsprognos"}, 2, -77929.0 - 22861.0),
        ({"municipality": "Ekerö"}, 0, 0.0),
        ({"organ": "socialförvaltningen", "table_kind": "monthly_result"}, 6, -223310.0),
    ],
)
def test_budget_filters(wh, filters, n, total) -> None:
    b = wh.budget(**filters)
    assert len(b) == n
    assert b["amount_tkr"].sum() == pytest.approx(total)


def test_budget_rows_keep_their_source(wh) -> None:
    b = wh.budget(measure="utfall_ack")
    assert b["row_label"].tolist() == ["Vård och vuxna", "Ekonomiskt bistånd"]  # page order
    assert set(b["doc_title"]) == {"Månadsrapport mars 2024"} and set(b["page"]) == {2}
    pivot = wh.budget().pivot_table(index="row_label", columns="measure", values="amount_tkr")
    assert pivot.loc["Vård och vuxna", "budget_ack"] == -20402.0


def test_issues_and_tables(wh) -> None:
    issues = wh.issues()
    assert issues[["title", "page", "code"]].values.tolist() == [["Nämndplan 2019", 9, "sum_mismatch"]]
    assert wh.issues("b" * 64).empty
    assert {"documents", "indicator_series", "budget_lines"} <= set(wh.tables())
    assert wh.table("indicators").count("*").fetchall()[0][0] == 1
    with pytest.raises(KeyError, match="no table or view"):
        wh.table("nope")
    assert (
        wh.sql("SELECT count(*) FROM indicator_values WHERE indicator_id = ?", [SICK]).fetchall()[0][0] == 4
    )


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        ("2019", "2019-01-01", "2019-12-31"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2024-01/2024-03", "2024-01-01", "2024-03-31"),
        ("2018-01/2022-12", "2018-01-01", "2022-12-31"),
    ],
)
def test_period_bounds(period, start, end) -> None:
    assert kpi.period_bounds(period) == (pd.Timestamp(start), pd.Timestamp(end))


@pytest.mark.parametrize("period", [None, "", "in spring", "2019-13"])
def test_period_bounds_unreadable(period) -> None:
    assert kpi.period_bounds(period) == (None, None)


def test_read_write_open_migrates(tmp_path) -> None:
    with kpi.open(tmp_path / "new.duckdb", read_only=False) as w:
        assert not w.read_only and w.documents().empty
        with pytest.raises(LookupError, match="no values for the Kolada code U37484"):
            w.series_relation("U37484")
    con = connect(tmp_path / "new.duckdb", read_only=True)
    assert con.execute("SELECT count(*) FROM schema_version").fetchall()[0][0] >= 1
    con.close()


def test_api_over_the_ingested_samples(samples_db) -> None:
    with kpi.open(samples_db) as w:
        docs = w.documents()
        assert len(docs) == len(SAMPLE_PDFS)
        assert {"Tyresö", "Ekerö", "Göteborg"} <= set(docs["municipality"])
        assert (docs["status"] != "failed").all()
        names = w.indicator_names()
        assert (
            len(names)
            == w.sql(
                "SELECT count(DISTINCT coalesce(indicator_id, 'unmatched:' || indicator_name))"
                " FROM indicator_values"
            ).fetchall()[0][0]
        )
