"""Kill a real run in the middle (kill -9, Ctrl-C), run the same command again: the warehouse opens,
holds only whole documents, and ends up equal to an uninterrupted run; no worker outlives its run."""

from __future__ import annotations

import shutil
import signal
from pathlib import Path

import duckdb
import pytest

from kpi.samples.synth import generate
from tests.batch.support import heavy_pdf, rows_per_doc, snapshot, start_kpi, wait_for, workers_of
from tests.conftest import run_kpi

DOCS = 20
KILL_AFTER = 4
"""Documents reported committed before the run is killed."""


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> tuple[Path, Path]:
    """A 20-document synthetic archive and its uninterrupted (serial) warehouse."""
    root = tmp_path_factory.mktemp("resume")
    folder = root / "archive"
    generate(folder, 2, [2019, 2020, 2021, 2022, 2023], seed=23, monthly=1, bad_share=0.0)
    assert len(list(folder.rglob("*.pdf"))) == DOCS
    ref = root / "ref.duckdb"
    run_kpi("ingest", str(folder), "--db", str(ref), "--workers", "0", "--quiet", check=True)
    return folder, ref


def _interrupt(folder: Path, db: Path, sig: int) -> tuple[int, str]:
    """Start an ingest, stop it with ``sig`` once KILL_AFTER documents are committed."""
    proc = start_kpi("ingest", str(folder), "--db", str(db), "--workers", "2", "--verbose")
    committed = 0
    lines = []
    try:
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.append(line)
            committed += line.startswith("ok ")
            if committed >= KILL_AFTER:
                proc.send_signal(sig)
                break
        rest = proc.stderr.read()
        proc.wait(60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert committed >= KILL_AFTER, "".join(lines)
    wait_for(lambda: not workers_of(proc.pid), 10, "the workers to exit")
    return proc.returncode, "".join(lines) + rest


@pytest.mark.parametrize(
    "sig", [signal.SIGKILL, signal.SIGINT, signal.SIGTERM], ids=["kill-9", "ctrl-c", "term"]
)
def test_interrupted_run_resumes_to_the_uninterrupted_result(archive, tmp_path, sig) -> None:
    folder, ref = archive
    # a document that takes minutes keeps a worker busy, so the stop always lands mid-run
    heavy = heavy_pdf(folder / "a-heavy.pdf")
    db = tmp_path / "w.duckdb"
    try:
        code, err = _interrupt(folder, db, sig)
    finally:
        heavy.unlink()
    if sig == signal.SIGKILL:
        assert code == -signal.SIGKILL
    else:
        assert code == 130, err
        assert "interrupted" in err
    # the file opens, and every document in it is whole (same rows as in the uninterrupted run)
    partial, full = rows_per_doc(db), rows_per_doc(ref)
    assert KILL_AFTER <= len(partial) <= DOCS
    assert {d: full[d] for d in partial} == partial  # also: the heavy document is not in it
    again = run_kpi("ingest", str(folder), "--db", str(db), "--workers", "2", "--json")
    assert again.returncode == 0, again.stderr
    assert snapshot(db) == snapshot(ref)
    third = run_kpi("ingest", str(folder), "--db", str(db), "--json")
    assert '"skipped": 20' in third.stdout


def test_a_run_stopped_before_its_post_load_step_is_completed_by_the_next(archive, tmp_path) -> None:
    """Stopped after the last commit but before matching: the next run, with nothing to extract,
    still matches (the warehouse knows documents were loaded after the last finished run)."""
    folder, ref = archive
    db = tmp_path / "w.duckdb"
    shutil.copy(ref, db)
    con = duckdb.connect(str(db))
    assert (
        con.execute("SELECT count(*) FROM indicator_values WHERE indicator_id IS NOT NULL").fetchone()[0] > 0
    )
    con.execute("DELETE FROM post_load_steps")  # as if the run had been killed before matching finished
    con.execute("UPDATE indicator_values SET indicator_id = NULL")
    con.execute("DELETE FROM indicator_matches")
    con.execute("DELETE FROM indicators")
    con.close()
    proc = run_kpi("ingest", str(folder), "--db", str(db), "--json")
    assert proc.returncode == 0 and '"skipped": 20' in proc.stdout, proc.stderr
    assert snapshot(db) == snapshot(ref)
    counts = "SELECT (SELECT count(*) FROM indicators), (SELECT count(*) FROM indicator_matches)"
    assert (
        duckdb.connect(str(db), read_only=True).execute(counts).fetchone()
        == duckdb.connect(str(ref), read_only=True).execute(counts).fetchone()
    )
    con = duckdb.connect(str(db), read_only=True)
    done = con.execute("SELECT applied_at FROM post_load_steps").fetchall()
    con.close()
    again = run_kpi("ingest", str(folder), "--db", str(db), "--json")  # nothing new: no post-load step
    assert again.returncode == 0
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT applied_at FROM post_load_steps").fetchall() == done and len(done) == 1
    con.close()
