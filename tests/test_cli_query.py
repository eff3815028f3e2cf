"""`kpi query` through the real command: formats, alignment, cutting to the terminal width, SQL
that starts with a comment, time and memory limits, and --wait."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import KPI, ROOT

SAFETY_ADDRESS_SPACE = 6 * 1024**3
"""Address-space ceiling for a query that must hit its memory limit: only a net if kpi's own
limit failed (the query would want about 16 GB)."""
TIMEOUT_SLACK_SECONDS = 30.0
"""A query with --timeout 1 must be over well within this."""


def kpi(*args: str, columns: int = 200, stdin: str | None = None, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": str(columns), "NO_COLOR": "1"}
    return subprocess.run(
        [KPI, *args], capture_output=True, text=True, env=env, cwd=ROOT, input=stdin, timeout=300, **kw
    )


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    """An empty kpi warehouse (every table, no rows): enough for queries of literals."""
    from kpi.warehouse.db import connect

    path = tmp_path_factory.mktemp("query") / "w.duckdb"
    connect(path).close()
    return path


def query(db: Path, sql: str, *args: str, **kw) -> subprocess.CompletedProcess:
    return kpi("query", sql, "--db", str(db), *args, **kw)


def test_table_aligns_text_left_and_numbers_right(db) -> None:
    proc = query(db, "SELECT * FROM (VALUES ('abc', 12345, 1.5::DOUBLE), ('x', 7, 22.25)) t(name, n, share)")
    assert proc.returncode == 0, proc.stderr
    head, rule, first, second = proc.stdout.splitlines()
    assert head.split() == ["name", "n", "share"] and set(rule) <= {"─", " "}
    assert first.startswith("abc ") and second.startswith("x ")  # text: left
    assert first.index("12345") + 5 == second.index("7") + 1  # numbers: right, same end
    assert first.endswith("1.5") and second.endswith("22.25")


def test_nan_and_null_are_empty_and_no_rows_is_said(db) -> None:
    proc = query(db, "SELECT 'nan'::DOUBLE AS a, NULL::INTEGER AS b, 'z' AS c")
    row = proc.stdout.splitlines()[2]
    assert row.strip() == "z" and "nan" not in proc.stdout.lower() and "None" not in proc.stdout
    empty = query(db, "SELECT * FROM documents")
    assert empty.returncode == 0 and empty.stdout.strip() == "(no rows)"


def test_wide_cells_are_cut_with_an_ellipsis_never_wrapped(db) -> None:
    long = "Andel verksamheter enligt verksamhetsområdets driftbudget som bedrivs inom budgeterad ram"
    sql = f"SELECT '{long}' AS indicator, '2019' AS period, 100.0::DOUBLE AS target"
    narrow = query(db, sql, columns=50)
    lines = narrow.stdout.splitlines()
    assert len(lines) == 3, narrow.stdout  # header, rule, one row: nothing wrapped onto a new line
    assert all(len(ln) <= 50 for ln in lines)
    assert "…" in lines[2] and lines[2].rstrip().endswith("100") and "2019" in lines[2]
    wide = query(db, sql, "--wide", columns=50)
    assert long in wide.stdout and "…" not in wide.stdout


def test_width_defaults_to_100_columns_when_not_a_terminal(db) -> None:
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    proc = subprocess.run(
        [KPI, "query", f"SELECT '{'x' * 300}' AS a, 1 AS b", "--db", str(db)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    assert max(len(ln) for ln in proc.stdout.splitlines()) == 100


@pytest.mark.parametrize("fmt", ["csv", "json", "markdown"])
def test_formats(db, fmt) -> None:
    sql = "SELECT 'Tyresö' AS m, 4.27::DOUBLE AS v, NULL AS x UNION ALL SELECT 'a|b', 3, NULL"
    proc = query(db, sql + " ORDER BY v DESC", "--format", fmt)
    assert proc.returncode == 0, proc.stderr
    if fmt == "csv":
        assert list(csv.reader(io.StringIO(proc.stdout))) == [
            ["m", "v", "x"],
            ["Tyresö", "4.27", ""],
            ["a|b", "3", ""],
        ]
    elif fmt == "json":
        assert json.loads(proc.stdout) == [
            {"m": "Tyresö", "v": 4.27, "x": None},
            {"m": "a|b", "v": 3, "x": None},
        ]
    else:
        assert proc.stdout.splitlines() == [
            "| m | v | x |",
            "|:---|---:|:---|",
            "| Tyresö | 4.27 |  |",
            "| a\\|b | 3 |  |",
        ]


def test_sql_starting_with_a_comment(db, tmp_path) -> None:
    sql = "-- a note\nSELECT 42 AS answer"
    assert "42" in query(db, sql).stdout  # taken as the SQL, not as an option
    after_dashes = kpi("query", "--db", str(db), "--", sql)
    assert after_dashes.returncode == 0 and "42" in after_dashes.stdout, after_dashes.stderr
    f = tmp_path / "q.sql"
    f.write_text(sql, encoding="utf-8")
    from_file = kpi("query", "--sql-file", str(f), "--db", str(db))
    assert from_file.returncode == 0 and "42" in from_file.stdout, from_file.stderr
    from_stdin = kpi("query", "-", "--db", str(db), stdin=sql)
    assert from_stdin.returncode == 0 and "42" in from_stdin.stdout, from_stdin.stderr


def test_comment_before_explain(db) -> None:
    proc = query(db, "/* c */ EXPLAIN ANALYZE SELECT 1")
    assert proc.returncode == 0, proc.stderr
    assert "recursion" not in proc.stderr
    for sql in (
        "/* c */ EXPLAIN ANALYZE DELETE FROM documents",
        "-- c\nEXPLAIN ANALYZE /* d */ DROP TABLE documents",
    ):
        refused = query(db, sql)
        assert refused.returncode == 2 and "read-only" in refused.stderr, refused.stderr


def test_timeout_stops_a_long_query(db) -> None:
    t0 = time.monotonic()
    proc = query(db, "SELECT count(*) FROM range(10000000000000)", "--timeout", "1")
    assert time.monotonic() - t0 < TIMEOUT_SLACK_SECONDS
    assert proc.returncode == 1 and "--timeout" in proc.stderr and "Traceback" not in proc.stderr, proc.stderr


def _address_space_net() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (SAFETY_ADDRESS_SPACE, SAFETY_ADDRESS_SPACE))


@pytest.mark.parametrize("args", [("--max-memory", "200MB"), ()], ids=["200MB", "default"])
def test_max_memory_stops_a_query_that_would_take_gigabytes(db, args) -> None:
    proc = query(db, "SELECT list(range(600000000))", *args, preexec_fn=_address_space_net)
    assert proc.returncode == 1, proc.stderr
    assert "--max-memory" in proc.stderr and "Traceback" not in proc.stderr
    bad = query(db, "SELECT 1", "--max-memory", "lots")
    assert bad.returncode == 2 and "--max-memory" in bad.stderr


HOLD = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
con.close()
"""


def test_wait_outlasts_a_writer(db) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db), "3"], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        busy = query(db, "SELECT 1 AS one")
        waited = query(db, "SELECT 1 AS one", "--wait", "60")
    finally:
        holder.wait(timeout=60)
    assert busy.returncode == 3 and f"process {holder.pid}" in busy.stderr and "--wait" in busy.stderr
    assert waited.returncode == 0 and waited.stdout.split() == ["one", "───", "1"], waited.stderr


def test_make_demo_query_shows_a_series_that_fits_100_columns(samples_db) -> None:
    recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("\ndemo:", 1)[1]
    line = next(ln for ln in recipe.splitlines() if "kpi query" in ln)
    sql = line.split('"', 1)[1].rsplit('"', 1)[0]
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    proc = subprocess.run(
        [KPI, "query", sql, "--db", str(samples_db)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert max(len(ln) for ln in lines) <= 100
    rows = [ln.split() for ln in lines[2:]]
    assert not any(w in ("Ja", "Nej", "nan", "NaN") for r in rows for w in r)
    sick = [ln for ln in lines if ln.startswith("Sjukfrånvaro kort")]
    periods = {re.split(r"\s{2,}", ln)[1] for ln in sick}
    assert {"2019", "2020"} <= periods and len(sick) >= 3  # the plans' outcome and target, year by year
