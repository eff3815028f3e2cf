"""Schema, migrations, loader atomicity and the eval scorer on hand-made rows."""

from __future__ import annotations

import duckdb
import pytest

from kpi.extractors.records import BudgetLine, ExtractionResult, IndicatorValue
from kpi.pipeline.evaluate import Score, _match_doc
from kpi.warehouse.db import WarehouseBusy, connect
from kpi.warehouse.schema import LATEST_VERSION, current_version, migrations
from tests.warehouse.loading import load_result


def _result(doc_id: str = "d1", n: int = 3) -> ExtractionResult:
    r = ExtractionResult(doc_id=doc_id, source_path=f"/x/{doc_id}.pdf")
    for i in range(n):
        r.indicator_values.append(
            IndicatorValue(
                1,
                (1.0, 2.0, 3.0, 4.0),
                "Mål 1",
                f"Andel {i}",
                None,
                "target",
                "2020",
                f"{i} %",
                float(i),
                "percent",
            )
        )
    r.budget_lines.append(
        BudgetLine(2, None, "driftbudget", "Summa", "nettokostnad", "2019", -5.0, "tkr", -5.0)
    )
    return r


def test_fresh_file_gets_latest_schema(tmp_path) -> None:
    con = connect(tmp_path / "w.duckdb")
    assert current_version(con) == LATEST_VERSION
    assert con.execute("SELECT count(*) FROM schema_version").fetchone()[0] == len(migrations())
    con.close()


def test_migration_upgrades_an_older_file_in_place(tmp_path) -> None:
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_version (version INTEGER, applied_at TIMESTAMP)")
    con.execute(migrations()[0][2])
    con.execute("INSERT INTO schema_version VALUES (1, now())")
    con.execute("INSERT INTO documents (doc_id, title) VALUES ('keep', 'old row')")
    con.close()
    con = connect(path)
    assert current_version(con) == LATEST_VERSION
    assert con.execute("SELECT title FROM documents WHERE doc_id='keep'").fetchone() == ("old row",)
    con.close()


def test_load_is_atomic_and_replaces(tmp_path) -> None:
    con = connect(tmp_path / "w.duckdb")
    counts = load_result(con, _result(n=3), "v")
    assert counts["indicator_values"] == 3 and counts["budget_lines"] == 1
    assert list(con.execute("SELECT bbox FROM indicator_values LIMIT 1").fetchone()[0]) == [
        1.0,
        2.0,
        3.0,
        4.0,
    ]
    load_result(con, _result(n=2), "v")  # re-load replaces, never duplicates
    assert con.execute("SELECT count(*) FROM indicator_values").fetchone()[0] == 2
    broken = _result(n=2)
    broken.budget_lines[0].amount = "not a number"  # type: ignore[assignment]
    with pytest.raises(Exception):  # noqa: B017 - Arrow's conversion error; its class is not the point
        load_result(con, broken, "v")
    assert con.execute("SELECT count(*) FROM indicator_values").fetchone()[0] == 2
    assert con.execute("SELECT count(*) FROM budget_lines").fetchone()[0] == 1
    con.close()
    # an error inside the loader's transaction: tests/warehouse/test_loader.py


def test_second_writer_gets_busy_error(tmp_path) -> None:
    import subprocess
    import sys

    path = tmp_path / "w.duckdb"
    connect(path).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb,time; c=duckdb.connect({str(path)!r}); print('held', flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(WarehouseBusy, match="busy"):
            connect(path, wait=0.5)
    finally:
        holder.kill()
        holder.wait()


G = {
    "indicator_name": "Andel X",
    "kolada_code": "",
    "value_kind": "baseline",
    "period": "2018",
    "value_raw": "12 %",
    "value_num": "12",
    "unit": "percent",
}


@pytest.mark.parametrize(
    "got, expected",
    [
        ([dict(G, value_kind="outcome", value_num=12.0)], Score(1, 0, 0)),  # baseline counts as outcome
        (
            [dict(G, value_kind="outcome", indicator_name="andel  x", value_num=12.0)],
            Score(1, 0, 0),
        ),  # folding
        ([dict(G, value_kind="outcome", value_num=13.0)], Score(0, 1, 1)),  # wrong number
        ([dict(G, value_kind="target", value_num=12.0)], Score(0, 1, 1)),  # wrong kind
        ([dict(G, value_kind="outcome", period="2019", value_num=12.0)], Score(0, 1, 1)),
        ([], Score(0, 0, 1)),
        ([dict(G, value_kind="outcome", value_num=12.0)] * 2, Score(1, 1, 0)),  # duplicates are spurious
    ],
)
def test_indicator_matching_rule(got, expected) -> None:
    s, _, _ = _match_doc("indicator_values", [G], got)
    assert (s.tp, s.fp, s.fn) == (expected.tp, expected.fp, expected.fn)


def test_code_match_ties_reworded_names() -> None:
    g = dict(G, kolada_code="U37484", value_kind="target", value_num="5", value_raw="5")
    w = dict(g, indicator_name="Helt annat namn", kolada_code="U37484", value_num=5.0)
    assert _match_doc("indicator_values", [g], [w])[0].tp == 1
