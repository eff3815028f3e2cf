from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SAMPLE_PDFS = sorted((SAMPLES / "pdf").glob("*.pdf"))
REAL_PDFS = sorted((SAMPLES / "real").glob("*.pdf"))
REAL2_PDFS = sorted((SAMPLES / "real2").glob("*.pdf"))
ALL_SAMPLE_PDFS = [*SAMPLE_PDFS, *REAL_PDFS, *REAL2_PDFS]
"""Every PDF under ``samples/``: what the ``samples_db`` fixture (and ``make demo``) ingests."""
GOLD = SAMPLES / "gold"
KPI = str(Path(sys.executable).parent / "kpi")

# kpi's cache files (normalized Kolada titles) go to a scratch folder, also for `kpi` subprocesses
os.environ.setdefault("KPI_CACHE_DIR", tempfile.mkdtemp(prefix="kpi-test-cache-"))


def run_kpi(*args: str, check: bool = False, timeout: float = 600, **kw) -> subprocess.CompletedProcess:
    """Run the real `kpi` console script in a subprocess."""
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    proc = subprocess.run(
        [KPI, *args], capture_output=True, text=True, timeout=timeout, env=env, cwd=ROOT, **kw
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"kpi {' '.join(args)} -> {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture(scope="session")
def samples_db(tmp_path_factory) -> Path:
    """A warehouse with every sample and real PDF ingested once for the whole session."""
    db = tmp_path_factory.mktemp("wh") / "samples.duckdb"
    proc = run_kpi("ingest", str(SAMPLES), "--db", str(db), "--quiet")
    assert proc.returncode in (0, 1), proc.stderr
    return db


def recognize_with(recognize, path, **meta):
    """Run one recognizer (``module.recognize``) on a PDF with the given document metadata."""
    from kpi.extractors.layout import DocumentModel
    from kpi.extractors.records import DocumentMeta, ExtractionResult

    with DocumentModel(str(path)) as doc:
        r = ExtractionResult("t", str(path))
        r.meta = DocumentMeta(**meta)
        recognize(doc, r)
    return r


def value_facts(result) -> set[tuple]:
    """(indicator name, value kind, period, number) of every indicator value of a result."""
    return {(v.indicator_name, v.value_kind, v.period, v.value_num) for v in result.indicator_values}
