"""Concurrent use of one warehouse: a second writer is told the warehouse is busy (or waits with
--wait), a reader is refused cleanly while a writer runs, and nothing is corrupted either way."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import duckdb
import pytest

from kpi.warehouse.query import QueryRefused, check_read_only, run_query
from tests.conftest import KPI, ROOT, SAMPLE_PDFS, run_kpi
from tests.hostile.hostile_pdfs import slow_pdf
from tests.hostile.warehouse_checks import table_checksums

SLOW_DOCUMENTS = 2
"""Slow pages in the first writer's batch (about 3 s each): long enough to overlap a second command."""
SLOW_LEVELS = 7
"""Nesting of the slow pages: six levels now extract in a quarter of a second, and the workers are
already running when the warehouse file appears."""


def _folder(tmp: Path) -> Path:
    folder = tmp / "in"
    folder.mkdir()
    for i in range(SLOW_DOCUMENTS):
        slow_pdf(folder / f"slow-{i}.pdf", levels=SLOW_LEVELS, label=f"Långsam sida {i}")
    shutil.copy(SAMPLE_PDFS[0], folder / SAMPLE_PDFS[0].name)
    return folder


def _start_writer(folder: Path, db: Path) -> subprocess.Popen:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    proc = subprocess.Popen(
        [KPI, "ingest", str(folder), "--db", str(db), "--json"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not db.exists():  # the writer creates the file when it opens it, and holds it from then on
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the writer never opened the warehouse"
        time.sleep(0.05)
    return proc


@pytest.fixture(scope="module")
def clean_checksums(tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("lock-clean")
    db = tmp / "clean.duckdb"
    run_kpi("ingest", str(_folder(tmp)), "--db", str(db), "--quiet", check=True)
    return table_checksums(db)


def test_second_writer_is_told_the_warehouse_is_busy(tmp_path, clean_checksums) -> None:
    folder, db = _folder(tmp_path), tmp_path / "w.duckdb"
    first = _start_writer(folder, db)
    try:
        second = run_kpi("ingest", str(SAMPLE_PDFS[1]), "--db", str(db), timeout=60)
        reader = run_kpi("query", "SELECT count(*) FROM documents", "--db", str(db), timeout=60)
        still_running = first.poll() is None
    finally:
        out, errs = first.communicate(timeout=300)
    assert still_running, "the first writer finished before the second command: the test proved nothing"
    assert second.returncode == 3, (second.stdout, second.stderr)
    assert "warehouse is busy" in second.stderr and "--wait" in second.stderr
    assert "Traceback" not in second.stderr
    assert reader.returncode != 0 and "busy" in reader.stderr and "Traceback" not in reader.stderr
    assert first.returncode == 0, errs
    assert json.loads(out)["documents"]["ok"] == SLOW_DOCUMENTS + 1
    assert table_checksums(db) == clean_checksums


def test_second_writer_with_wait_runs_after_the_first(tmp_path, clean_checksums) -> None:
    folder, db = _folder(tmp_path), tmp_path / "w.duckdb"
    first = _start_writer(folder, db)
    try:
        second = run_kpi(
            "ingest", str(SAMPLE_PDFS[1]), "--db", str(db), "--wait", "300", "--json", timeout=400
        )
    finally:
        _, errs = first.communicate(timeout=300)
    assert first.returncode == 0, errs
    assert second.returncode == 0, second.stderr
    assert json.loads(second.stdout)["documents"]["ok"] == 1
    con = duckdb.connect(str(db), read_only=True)
    n = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    con.close()
    assert n == SLOW_DOCUMENTS + 2
    # the first writer's content is untouched by the second
    got = table_checksums(db)
    assert got["schema_version"] == clean_checksums["schema_version"]


@pytest.mark.slow
def test_same_batch_twice_at_once_loads_each_document_once(tmp_path, clean_checksums) -> None:
    folder, db = _folder(tmp_path), tmp_path / "w.duckdb"
    first = _start_writer(folder, db)
    second = run_kpi("ingest", str(folder), "--db", str(db), "--wait", "300", "--json", timeout=400)
    _, errs = first.communicate(timeout=300)
    assert first.returncode == 0 and second.returncode == 0, (errs, second.stderr)
    assert json.loads(second.stdout)["documents"]["skipped"] == SLOW_DOCUMENTS + 1
    assert table_checksums(db) == clean_checksums


# -- kpi query is read-only ------------------------------------------------------------------------------------

REFUSED = [  # statements the guard must refuse before anything runs (exit 2, "read-only")
    "PRAGMA enable_profiling",
    "CALL pragma_version()",
    "LOAD httpfs",
    "EXPORT DATABASE 'dump'",
    "CHECKPOINT",
    "VACUUM",
    "COPY (SELECT * FROM documents) TO 'out.parquet' (FORMAT parquet)",
    "COPY documents FROM 'in.csv'",
    "WITH x AS (SELECT 1) INSERT INTO documents (doc_id) SELECT 'x'",
    "UPDATE documents SET title = 'x'",
    "/* looks harmless */ DROP TABLE documents",
    "select 1; attach ':memory:' as m",
    "SELECT 1;\n-- comment\nINSTALL spatial",
    "DETACH main",
    "USE system",
    "CREATE MACRO m() AS 1",
    "CREATE TEMP TABLE t AS SELECT 1",
    "ALTER TABLE documents ADD COLUMN x INT",
    "RESET threads",
    "BEGIN TRANSACTION",
    "EXPLAIN ANALYZE DELETE FROM documents",  # EXPLAIN ANALYZE runs its statement: checked too
]

BLOCKED_AT_RUN = [  # pass the statement check but the read-only, no-file-access connection stops them
    "SELECT * FROM read_text('/etc/passwd')",
    "SELECT * FROM glob('/*')",
    "SELECT * FROM 'samples/gold/indicators.csv'",
    "SELECT * FROM read_parquet('https://example.invalid/x.parquet')",
]


@pytest.fixture(scope="module")
def small_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("query") / "one.duckdb"
    run_kpi("ingest", str(SAMPLE_PDFS[0]), "--db", str(db), "--quiet", check=True)
    return db


@pytest.mark.parametrize("sql", REFUSED)
def test_query_guard_refuses_statements_that_write_or_reach_outside(sql) -> None:
    with pytest.raises(QueryRefused, match="read-only"):
        check_read_only(sql)


@pytest.mark.parametrize("sql", BLOCKED_AT_RUN)
def test_query_cannot_write_or_read_files_through_allowed_statements(small_db, sql) -> None:
    before = table_checksums(small_db)
    check_read_only(sql)  # the statement check lets these through ...
    with pytest.raises(duckdb.Error):  # ... and the connection stops them
        run_query(small_db, sql)
    assert table_checksums(small_db) == before


@pytest.mark.parametrize("sql", [REFUSED[2], REFUSED[6], REFUSED[11], REFUSED[-1], BLOCKED_AT_RUN[0]])
def test_kpi_query_refuses_on_the_command_line(small_db, sql) -> None:
    before = table_checksums(small_db)
    proc = run_kpi("query", sql, "--db", str(small_db))
    if sql in REFUSED:
        assert proc.returncode == 2 and "read-only" in proc.stderr, (sql, proc.stderr)
    else:
        assert proc.returncode == 1 and "error" in proc.stderr and "root:" not in proc.stdout, (
            sql,
            proc.stdout,
        )
    assert "Traceback" not in proc.stderr
    assert table_checksums(small_db) == before
