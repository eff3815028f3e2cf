"""kill -9 of `kpi ingest` at random moments: the warehouse always opens, holds only whole documents,
no worker survives, and running the command again ends with the same content as a clean run."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import time
from pathlib import Path

import duckdb
import pytest

from kpi.extractors.records import TABLES
from tests.conftest import SAMPLE_PDFS, SAMPLES
from tests.hostile.hostile_pdfs import council_text_pdf
from tests.hostile.procs import kill_group, run_kpi_capped, start_kpi, workers_of
from tests.hostile.warehouse_checks import document_fingerprints, orphan_rows, table_checksums

SEED = 20240317
QUICK_KILLS = 3
"""Kill/resume rounds in the default suite."""

SLOW_KILLS = 20
"""Kill/resume rounds in the slow suite."""

REAL_FOR_CRASH = ("simrishamn-kfn-arsbokslut-2025.pdf",)
"""A real council PDF in the batch (a larger file: more time spent inside one document)."""

TYPESET = [
    ("Nämndplan 2024", "helv"),
    ("Delårsrapport 2025", "tiro"),
    ("Verksamhetsberättelse 2023", "cour"),
    ("Månadsrapport mars 2024", "helv"),
    ("Tjänsteskrivelse 2022", "tiro"),
    ("Målförslag 2019–2022", "cour"),
    ("Nämndplan 2025", "tiro"),
]

PER_DOCUMENT_TABLES = list(TABLES)
FILLED_IN_LATER = frozenset({"indicator_id", "row_id"})
"""Columns the run's final matching step fills in for all documents at once: compared only after a run ends."""

WORKER_EXIT_GRACE = 5.0
"""Seconds a worker may take to notice its parent died (it is sent SIGKILL by the kernel)."""

KPI_ARGS = ("--workers", "2", "--quiet")


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> dict:
    """A dozen-odd PDFs and the warehouse a clean, uninterrupted run makes of them."""
    root = tmp_path_factory.mktemp("crash")
    folder = root / "in"
    folder.mkdir()
    for p in SAMPLE_PDFS:
        shutil.copy(p, folder / p.name)
    for name in REAL_FOR_CRASH:
        shutil.copy(SAMPLES / "real" / name, folder / name)
    for i, (title, font) in enumerate(TYPESET):
        council_text_pdf(folder / f"typeset-{i}.pdf", pages=2 + i, title=title, font=font)
    clean = root / "clean.duckdb"
    t0 = time.monotonic()
    proc = run_kpi_capped("ingest", str(folder), "--db", str(clean), *KPI_ARGS)
    seconds = time.monotonic() - t0
    assert proc.returncode == 0, proc.stderr
    return {
        "folder": folder,
        "root": root,
        "seconds": seconds,
        "exit": proc.returncode,
        "checksums": table_checksums(clean),
        "docs": document_fingerprints(clean, PER_DOCUMENT_TABLES, FILLED_IN_LATER),
    }


def assert_whole_documents(db: Path, clean_docs: dict) -> int:
    """The warehouse opens and every document in it is complete; returns how many it holds."""
    if not db.exists():
        return 0  # killed before the warehouse was created
    con = duckdb.connect(str(db), read_only=True)  # must open (DuckDB replays its WAL)
    has_docs = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'documents'"
    ).fetchone()[0]
    con.close()
    if not has_docs:
        return 0  # killed before the schema was committed
    assert orphan_rows(db) == {}
    docs = document_fingerprints(db, PER_DOCUMENT_TABLES, FILLED_IN_LATER)
    for doc_id, tables in docs.items():
        assert doc_id in clean_docs, f"a document the clean run does not have: {doc_id}"
        assert tables == clean_docs[doc_id], f"document {doc_id} is not whole"
    return len(docs)


def kill_at(db: Path, folder: Path, after: float) -> None:
    """Start `kpi ingest`, SIGKILL it ``after`` seconds in (only the kpi process, as `kill -9 PID` would)."""
    proc = start_kpi("ingest", str(folder), "--db", str(db), *KPI_ARGS)
    try:
        try:
            proc.wait(after)
        except subprocess.TimeoutExpired:  # still running: the normal case
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(30)
        deadline = time.monotonic() + WORKER_EXIT_GRACE
        while workers_of(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not workers_of(proc.pid), "workers outlived the killed `kpi ingest`"
    finally:
        kill_group(proc)


def crash_rounds(batch: dict, tmp: Path, rounds: int, seed: int) -> list[tuple[float, int]]:
    rng = random.Random(seed)
    seen = []
    for i in range(rounds):
        db = tmp / f"w{i}.duckdb"
        kills = 1 + (i % 3 == 2)  # every third round is killed twice before it may finish
        held = 0
        for _ in range(kills):
            after = rng.uniform(0.0, batch["seconds"])
            kill_at(db, batch["folder"], after)
            held = assert_whole_documents(db, batch["docs"])
            seen.append((round(after, 2), held))
        proc = run_kpi_capped("ingest", str(batch["folder"]), "--db", str(db), *KPI_ARGS)
        assert proc.returncode == batch["exit"], proc.stderr
        assert table_checksums(db) == batch["checksums"], (
            f"round {i}: resumed content differs from a clean run"
        )
        db.unlink()
        for wal in tmp.glob(f"w{i}.duckdb*"):
            wal.unlink()
    return seen


def test_kill_9_at_random_moments_quick(batch, tmp_path) -> None:
    seen = crash_rounds(batch, tmp_path, QUICK_KILLS, SEED)
    assert len(seen) >= QUICK_KILLS


@pytest.mark.slow
def test_kill_9_at_random_moments_many(batch, tmp_path) -> None:
    seen = crash_rounds(batch, tmp_path, SLOW_KILLS, SEED + 1)
    held = [h for _, h in seen]
    # the kills landed across the run: some before anything was committed, some after documents were
    assert min(held) < len(batch["docs"]) and max(held) > 0, seen


def test_a_clean_run_is_reproducible(batch, tmp_path) -> None:
    """The comparison above is meaningful only if two clean runs agree (worker order varies)."""
    db = tmp_path / "again.duckdb"
    proc = run_kpi_capped("ingest", str(batch["folder"]), "--db", str(db), *KPI_ARGS)
    assert proc.returncode == batch["exit"], proc.stderr
    assert table_checksums(db) == batch["checksums"]
    assert len(batch["docs"]) == len(SAMPLE_PDFS) + len(REAL_FOR_CRASH) + len(TYPESET)
