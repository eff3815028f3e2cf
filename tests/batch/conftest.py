from __future__ import annotations

from pathlib import Path

import pytest

from kpi.samples.synth import generate
from tests.conftest import run_kpi


@pytest.fixture(scope="session")
def small_archive(tmp_path_factory) -> Path:
    """8 synthetic documents (2 municipalities × 2 years × plan + 1 monthly report), no bad files."""
    root = tmp_path_factory.mktemp("synth-small") / "archive"
    generate(root, 2, [2020, 2021], seed=11, monthly=1, bad_share=0.0)
    return root


@pytest.fixture(scope="session")
def small_reference(small_archive, tmp_path_factory) -> Path:
    """The small archive ingested in-process, one file after another: what every other mode must equal."""
    db = tmp_path_factory.mktemp("ref") / "ref.duckdb"
    run_kpi("ingest", str(small_archive), "--db", str(db), "--workers", "0", "--quiet", check=True)
    return db
