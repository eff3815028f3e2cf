"""Files that disappear or change while a batch runs: the batch finishes, the vanished file is
failed with a plain reason, a changed file is loaded as the content actually read, and nothing
else is touched."""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from pathlib import Path

import duckdb

from kpi.pipeline import run
from tests.conftest import SAMPLE_PDFS
from tests.hostile.hostile_pdfs import council_text_pdf, slow_pdf
from tests.hostile.procs import kill_group, start_kpi
from tests.hostile.warehouse_checks import document_statuses

PLAN_SETTLE_SECONDS = 1.5
SLOW_FILES = 16  # a quarter of a second or more each: the z- files are reached only after they are touched
# (the worker starts before the warehouse file appears, so it is already working during the settle time)
"""Time after the warehouse file appears for kpi to finish hashing the (small) inputs."""


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_files_vanishing_or_changing_after_planning(tmp_path) -> None:
    folder, db = tmp_path / "in", tmp_path / "w.duckdb"
    folder.mkdir()
    for i in range(SLOW_FILES):  # keep the one worker busy for several seconds before it reaches the z- files
        slow_pdf(folder / f"a-slow-{i}.pdf", label=f"Långsam sida {i}")
    shutil.copy(SAMPLE_PDFS[0], folder / "b-sample.pdf")
    council_text_pdf(folder / "z-changes.pdf", title="Nämndplan 2023")
    council_text_pdf(folder / "z-vanishes.pdf", title="Nämndplan 2022")
    replacement = council_text_pdf(tmp_path / "replacement.pdf", title="Nämndplan 2024 (reviderad)")
    old_sha = _sha(folder / "z-changes.pdf")

    proc = start_kpi("ingest", str(folder), "--db", str(db), "--workers", "1", "--json")
    try:
        deadline = time.monotonic() + 60
        while not db.exists():
            assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
            time.sleep(0.05)
        time.sleep(PLAN_SETTLE_SECONDS)
        (folder / "z-vanishes.pdf").unlink()
        shutil.copy(replacement, folder / "z-changes.pdf")
        still_running = proc.poll() is None
        out, err = proc.communicate(timeout=300)
    finally:
        kill_group(proc)
    assert still_running, "the batch ended before the files were touched: the test proved nothing"
    assert proc.returncode == 1, err
    assert json.loads(out)["documents"] == {"ok": SLOW_FILES + 2, "partial": 0, "failed": 1, "skipped": 0}

    s = document_statuses(db)
    assert s["z-vanishes.pdf"][:2] == ("failed", "cannot read file: No such file or directory")
    assert s["z-changes.pdf"][0] == "ok"
    assert s["z-changes.pdf"][2] == _sha(replacement) != old_sha  # the content that was read, under its hash
    con = duckdb.connect(str(db), read_only=True)
    title = con.execute("SELECT title FROM documents WHERE doc_id = ?", [_sha(replacement)]).fetchone()
    con.close()
    assert title == ("Nämndplan 2024 (reviderad) för socialnämnden",)
    assert s["b-sample.pdf"][0] == "ok" and s["a-slow-0.pdf"][0] == "ok"


def test_a_file_removed_between_discovery_and_hashing(tmp_path, monkeypatch) -> None:
    folder, db = tmp_path / "in", tmp_path / "w.duckdb"
    folder.mkdir()
    shutil.copy(SAMPLE_PDFS[0], folder / "kept.pdf")
    council_text_pdf(folder / "gone.pdf")
    real_discover = run.discover

    def discover_then_lose_one(paths):
        found = real_discover(paths)
        (folder / "gone.pdf").unlink()
        return found

    monkeypatch.setattr(run, "discover", discover_then_lose_one)
    summary = run.ingest([str(folder)], db)
    assert dict(summary.counts) == {"ok": 1, "partial": 0, "failed": 1, "skipped": 0}
    assert [(Path(o.path).name, o.error) for o in summary.not_ok] == [
        ("gone.pdf", "cannot read file: No such file or directory")
    ]
    assert list(document_statuses(db)) == ["kept.pdf"]
