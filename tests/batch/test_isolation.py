"""Worker processes through the CLI: parallel equals serial; a hang, a memory blow-up or a crash
fails only its own document, with the reason; the worker is replaced and the batch goes on."""

from __future__ import annotations

import json
import os
import shutil
import signal

import duckdb

from tests.batch.support import cpu_seconds, heavy_pdf, snapshot, start_kpi, wait_for, workers_of
from tests.conftest import run_kpi

WORKER_STARTUP_CPU = 1.2
"""CPU seconds after which a worker is surely past its imports and warm-up (about half a second),
inside the heavy document (which takes about two more)."""


def _statuses(db) -> dict[str, tuple[str, str | None]]:
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute(
        "SELECT regexp_extract(source_path, '[^/]+$'), status, error FROM documents"
    ).fetchall()
    con.close()
    return {n: (s, e) for n, s, e in rows}


def _heavy_batch(tmp_path, small_archive):
    folder = tmp_path / "in"
    folder.mkdir()
    heavy_pdf(folder / "a-heavy.pdf")
    good = min(small_archive.rglob("*namndplan*.pdf"))
    shutil.copy(good, folder / "b-good.pdf")
    return folder, tmp_path / "w.duckdb"


def test_two_workers_give_exactly_the_serial_result(small_archive, small_reference, tmp_path) -> None:
    db = tmp_path / "par.duckdb"
    proc = run_kpi("ingest", str(small_archive), "--db", str(db), "--workers", "2", "--json")
    assert proc.returncode == 0, proc.stderr
    s = json.loads(proc.stdout)
    assert s["executor"]["workers"] == 2 and s["executor"]["workers_replaced"] == 0
    assert s["executor"]["peak_rss_mb_per_worker_max"] > 0
    assert snapshot(db) == snapshot(small_reference)


def test_a_hang_times_out_and_the_batch_goes_on(small_archive, tmp_path) -> None:
    folder, db = _heavy_batch(tmp_path, small_archive)
    proc = run_kpi("ingest", str(folder), "--db", str(db), "--workers", "1", "--timeout", "2", "--json")
    assert proc.returncode == 1, proc.stderr
    s = _statuses(db)
    assert s["a-heavy.pdf"] == ("failed", "timed out after 2 s")
    assert s["b-good.pdf"] == ("ok", None)
    assert json.loads(proc.stdout)["executor"]["workers_replaced"] >= 1
    # a limit depends on the run, not on the file: the next run tries the document again
    again = run_kpi("ingest", str(folder), "--db", str(db), "--workers", "1", "--timeout", "2", "--json")
    assert json.loads(again.stdout)["documents"] == {"ok": 0, "partial": 0, "failed": 1, "skipped": 1}


def test_a_memory_blow_up_is_stopped_at_the_limit(small_archive, tmp_path) -> None:
    folder, db = _heavy_batch(tmp_path, small_archive)
    proc = run_kpi(
        "ingest",
        str(folder),
        "--db",
        str(db),
        "--workers",
        "1",
        "--timeout",
        "300",
        "--max-memory",
        "64",
        "--json",
    )
    assert proc.returncode == 1, proc.stderr
    s = _statuses(db)
    assert s["a-heavy.pdf"] == ("failed", "worker exceeded memory limit of 64 MB")
    assert s["b-good.pdf"] == ("ok", None)


def test_a_crashing_worker_fails_its_document_only(small_archive, tmp_path) -> None:
    folder, db = _heavy_batch(tmp_path, small_archive)
    proc = start_kpi("ingest", str(folder), "--db", str(db), "--workers", "1", "--timeout", "300", "--json")
    try:
        worker = wait_for(lambda: workers_of(proc.pid), 60, "a worker")[0]
        wait_for(lambda: cpu_seconds(worker) >= WORKER_STARTUP_CPU, 60, "the worker to be busy", every=0.1)
        os.kill(worker, signal.SIGSEGV)
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 1, err
    s = _statuses(db)
    assert s["a-heavy.pdf"] == ("failed", "worker crashed (signal 11)")
    assert s["b-good.pdf"] == ("ok", None)
    summary = json.loads(out)
    assert summary["executor"]["workers_replaced"] == 1
    assert not workers_of(proc.pid)
