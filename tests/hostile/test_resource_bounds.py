"""Per-document time and memory limits stop PDFs crafted to hang or to allocate without end; the
batch goes on, healthy documents load, and no worker outlives the run."""

from __future__ import annotations

import json
import shutil
import time

import duckdb
import pytest

from tests.conftest import SAMPLE_PDFS
from tests.hostile.hostile_pdfs import hang_pdf, memory_bomb_pdf
from tests.hostile.procs import run_kpi_capped

HANG_TIMEOUT = 4.0
"""--timeout for the hang test: the crafted page needs hours, a healthy sample well under a second."""

BOMB_MEMORY_MB = 300
"""--max-memory for the bomb test: the bomb's word list passes it within seconds."""

BOMB_TIMEOUT = 240.0
"""--timeout for the bomb test: generous, so it is the memory limit that stops the bomb."""


ROWS_OF_DOC = " + ".join(
    f"(SELECT count(*) FROM {t} x WHERE x.doc_id = d.doc_id)"
    for t in ("indicator_values", "budget_lines", "goal_status", "risks")
)


def _statuses(db) -> dict[str, tuple[str, str | None, int]]:
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute(
        f"SELECT regexp_extract(source_path, '[^/]+$'), status, error, ({ROWS_OF_DOC}) FROM documents d"
    ).fetchall()
    con.close()
    return {n: (s, e, k) for n, s, e, k in rows}


def _batch(tmp_path, bomb) -> tuple:
    folder = tmp_path / "in"
    folder.mkdir()
    bomb(folder / "bomb.pdf")
    for p in SAMPLE_PDFS[:2]:
        shutil.copy(p, folder / p.name)
    return folder, tmp_path / "w.duckdb"


def test_timeout_stops_a_pdf_crafted_to_hang(tmp_path) -> None:
    folder, db = _batch(tmp_path, hang_pdf)
    t0 = time.monotonic()
    proc = run_kpi_capped(
        "ingest",
        str(folder),
        "--db",
        str(db),
        "--workers",
        "2",
        "--timeout",
        str(HANG_TIMEOUT),
        "--json",
        timeout=300,
    )
    took = time.monotonic() - t0
    assert proc.returncode == 1, proc.stderr
    s = _statuses(db)
    assert s["bomb.pdf"][:2] == ("failed", f"timed out after {HANG_TIMEOUT:g} s")
    for p in SAMPLE_PDFS[:2]:
        assert s[p.name][0] == "ok" and s[p.name][2] > 0, s[p.name]
    summary = json.loads(proc.stdout)
    assert summary["executor"]["workers_replaced"] >= 1
    assert took < 120, f"the hang held the batch for {took:.0f} s"
    assert not proc.leftover_workers, "workers outlived `kpi ingest`"


@pytest.mark.slow
def test_memory_limit_stops_a_pdf_that_allocates_without_end(tmp_path) -> None:
    folder, db = _batch(tmp_path, memory_bomb_pdf)
    proc = run_kpi_capped(
        "ingest",
        str(folder),
        "--db",
        str(db),
        "--workers",
        "1",
        "--timeout",
        str(BOMB_TIMEOUT),
        "--max-memory",
        str(BOMB_MEMORY_MB),
        "--json",
        timeout=BOMB_TIMEOUT + 120,
    )
    assert proc.returncode == 1, proc.stderr
    s = _statuses(db)
    assert s["bomb.pdf"][:2] == ("failed", f"worker exceeded memory limit of {BOMB_MEMORY_MB} MB"), s[
        "bomb.pdf"
    ]
    for p in SAMPLE_PDFS[:2]:
        assert s[p.name][0] == "ok" and s[p.name][2] > 0, s[p.name]
    summary = json.loads(proc.stdout)
    # the replacement worker that ran the healthy documents stayed within the limit
    assert summary["executor"]["workers_replaced"] >= 1
    assert not proc.leftover_workers, "workers outlived `kpi ingest`"
