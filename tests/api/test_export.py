"""`kpi export` / kpi.warehouse.export: Parquet hive-partitioned by municipality and year, and CSV."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote, unquote

import duckdb
import pandas as pd
import pyarrow.dataset as ds
import pytest

from kpi.extractors.records import ExtractionResult
from kpi.warehouse.db import connect
from kpi.warehouse.export import CONTRACT_TABLES, ExportError, export
from tests.warehouse.loading import load_result

ROOT = Path(__file__).resolve().parents[2]
KPI = str(Path(sys.executable).parent / "kpi")


def run_kpi(*args: str) -> subprocess.CompletedProcess:
    """The real `kpi` console script, as tests/conftest.py runs it."""
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run(
        [KPI, *args], capture_output=True, text=True, timeout=600, env=env, cwd=ROOT, check=False
    )


@pytest.fixture(scope="module")
def db_with_failed_doc(handmade_db, tmp_path_factory) -> Path:
    """The hand-made warehouse plus a failed document (no municipality, no year)."""
    path = tmp_path_factory.mktemp("export") / "wh.duckdb"
    shutil.copy(handmade_db, path)
    failed = ExtractionResult(doc_id="f" * 64, source_path="broken.pdf")
    failed.fail("not a PDF")
    failed.issue("error", "not_pdf", "the file is not a PDF")
    con = connect(path)
    load_result(con, failed, "test")
    con.close()
    return path


def _counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in CONTRACT_TABLES}
    finally:
        con.close()


def test_parquet_partitions_every_document_table(db_with_failed_doc, tmp_path) -> None:
    summary = export(db_with_failed_doc, tmp_path / "out")
    out = tmp_path / "out"
    counts = _counts(db_with_failed_doc)
    assert [t.table for t in summary.tables][: len(CONTRACT_TABLES)] == list(CONTRACT_TABLES)
    for table, n in counts.items():
        assert len(pd.read_parquet(out / table)) == n, table
    parts = sorted(
        unquote(str(p.relative_to(out / "indicator_values"))) for p in (out / "indicator_values").glob("*/*")
    )
    assert parts == [
        "municipality=Ekerö/year=2019",
        "municipality=Tyresö/year=2019",
        "municipality=Tyresö/year=2020",
    ]
    docs = pd.read_parquet(out / "documents")
    assert sorted(docs["municipality"].astype(str)) == ["Ekerö", "Tyresö", "Tyresö", "Tyresö", "unknown"]
    assert (out / "extraction_issues" / "municipality=unknown" / "year=0").is_dir()
    assert (
        out / "documents" / f"municipality={quote('Ekerö')}" / "year=2019"
    ).is_dir()  # percent-encoded, as Hive
    # indicators have no document: one plain file
    assert [p.name for p in (out / "indicators").iterdir()] == ["data_0.parquet"]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {t["table"]: t["rows"] for t in manifest["tables"]} == {t.table: t.rows for t in summary.tables}
    assert manifest["tables"][1]["partitioned_by"] == ["municipality", "year"]


def test_parquet_values_round_trip(db_with_failed_doc, tmp_path) -> None:
    export(db_with_failed_doc, tmp_path)
    iv = ds.dataset(tmp_path / "indicator_values", partitioning="hive").to_table().to_pandas()
    by_part = iv.groupby(["municipality", "year"], observed=True)["value_num"].sum().to_dict()
    assert by_part == pytest.approx(
        {("Ekerö", 2019): 0.0, ("Tyresö", 2019): 3086.1, ("Tyresö", 2020): 131.54}
    )
    row = iv[iv["value_raw"] == "40.74 %"].iloc[0]
    assert list(row["bbox"]) == [56.0, 220.0, 520.0, 232.0] and row["page"] == 7
    got = duckdb.sql(
        f"SELECT count(*) FROM read_parquet('{tmp_path}/budget_lines/**/*.parquet', hive_partitioning=true)"
        " WHERE municipality = 'Tyresö' AND year = 2024"
    ).fetchall()[0][0]
    assert got == 6


def test_csv_one_file_per_table(db_with_failed_doc, tmp_path) -> None:
    export(db_with_failed_doc, tmp_path, fmt="csv")
    counts = _counts(db_with_failed_doc)
    for table, n in counts.items():
        df = pd.read_csv(tmp_path / f"{table}.csv")
        assert len(df) == n, table
    con = duckdb.connect(str(db_with_failed_doc), read_only=True)
    cols = [r[0] for r in con.execute("DESCRIBE budget_lines").fetchall()]
    con.close()
    assert list(pd.read_csv(tmp_path / "budget_lines.csv").columns) == cols


def test_existing_output_is_refused_unless_overwrite(db_with_failed_doc, tmp_path) -> None:
    export(db_with_failed_doc, tmp_path)
    keep = tmp_path / "notes.txt"
    keep.write_text("mine")
    with pytest.raises(ExportError, match="already exists"):
        export(db_with_failed_doc, tmp_path)
    export(db_with_failed_doc, tmp_path, overwrite=True)
    assert keep.read_text() == "mine"
    assert len(pd.read_parquet(tmp_path / "documents")) == 5
    with pytest.raises(ExportError, match="unknown format"):
        export(db_with_failed_doc, tmp_path / "x", fmt="xlsx")


def test_cli_export_samples(samples_db, tmp_path) -> None:
    proc = run_kpi(
        "export", "--db", str(samples_db), "--format", "parquet", "--out", str(tmp_path / "p"), "--json"
    )
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    counts = _counts(samples_db)
    assert {t["table"]: t["rows"] for t in summary["tables"] if t["table"] in counts} == counts
    assert (tmp_path / "p" / "documents" / f"municipality={quote('Tyresö')}" / "year=2020").is_dir()
    again = run_kpi("export", "--db", str(samples_db), "--out", str(tmp_path / "p"))
    assert again.returncode == 2 and "--overwrite" in again.stderr
    csv = run_kpi("export", "--db", str(samples_db), "--format", "csv", "--out", str(tmp_path / "c"))
    assert csv.returncode == 0 and "tables written" in csv.stdout
    assert len(pd.read_csv(tmp_path / "c" / "documents.csv")) == counts["documents"]
    missing = run_kpi("export", "--db", str(tmp_path / "nope.duckdb"), "--out", str(tmp_path / "n"))
    assert missing.returncode == 2 and "no warehouse" in missing.stderr
