"""--executor dask: extraction on a Dask cluster (a LocalCluster here), results streamed back to the
one writer; the same isolation as local workers."""

from __future__ import annotations

import json
import shutil

import duckdb
import pytest

from tests.batch.support import heavy_pdf, snapshot
from tests.conftest import run_kpi

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def scheduler():
    cluster = distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=True, dashboard_address=None
    )
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


def test_dask_cluster_gives_the_serial_result(small_archive, small_reference, scheduler, tmp_path) -> None:
    db, out = tmp_path / "w.duckdb", tmp_path / "shards"
    proc = run_kpi(
        "ingest",
        str(small_archive),
        "--executor",
        "dask",
        "--scheduler",
        scheduler,
        "--db",
        str(db),
        "--out-parquet",
        str(out),
        "--json",
    )
    assert proc.returncode == 0, proc.stderr
    s = json.loads(proc.stdout)
    assert s["executor"]["workers"] == 2 and s["documents"]["ok"] == 8
    assert snapshot(db) == snapshot(small_reference)
    assert len(list(out.glob("documents/*/*/*.parquet"))) == 8


def test_dask_tasks_have_the_time_limit(small_archive, scheduler, tmp_path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    heavy_pdf(folder / "heavy.pdf")
    shutil.copy(min(small_archive.rglob("*.pdf")), folder / "good.pdf")
    db = tmp_path / "w.duckdb"
    proc = run_kpi(
        "ingest",
        str(folder),
        "--executor",
        "dask",
        "--scheduler",
        scheduler,
        "--db",
        str(db),
        "--timeout",
        "2",
        "--json",
    )
    assert proc.returncode == 1, proc.stderr
    con = duckdb.connect(str(db), read_only=True)
    rows = dict(
        con.execute(
            "SELECT regexp_extract(source_path, '[^/]+$'), status || ': ' || coalesce(error, '') "
            "FROM documents"
        ).fetchall()
    )
    con.close()
    assert rows == {"heavy.pdf": "failed: timed out after 2 s", "good.pdf": "ok: "}


def test_scheduler_needs_the_dask_executor(tmp_path) -> None:
    proc = run_kpi(
        "ingest", str(tmp_path), "--scheduler", "tcp://127.0.0.1:1", "--db", str(tmp_path / "w.duckdb")
    )
    assert proc.returncode == 2 and "--executor dask" in proc.stderr
