"""--out-parquet: per-document shards, hive-partitioned by municipality and year, that DuckDB reads
as tables equal to the warehouse's; resumable like the warehouse."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb

from tests.batch.support import CONTENT_TABLES, VOLATILE
from tests.conftest import ROOT, run_kpi

WAREHOUSE_WIDE = {"indicator_id", "row_id"}
"""Filled by the warehouse's matching step across documents (after loading), not per document."""


def _plain(rows: list[tuple]) -> list[tuple]:
    """Rows with fixed-size arrays (DOUBLE[4] in DuckDB, a plain list in Parquet) as lists, sorted."""
    return sorted((tuple(list(v) if isinstance(v, (tuple, list)) else v for v in r) for r in rows), key=repr)


def _parquet_rows(root: Path, table: str, cols: list[str]) -> list[tuple]:
    sql = (
        f"SELECT {', '.join(cols)} FROM read_parquet('{root}/{table}/**/*.parquet', hive_partitioning = true)"
    )
    return _plain(duckdb.execute(sql).fetchall())


def test_parquet_shards_equal_the_warehouse_and_resume(small_archive, small_reference, tmp_path) -> None:
    out = tmp_path / "shards"
    default_db = ROOT / "kpi.duckdb"
    existed = default_db.exists()
    proc = run_kpi("ingest", str(small_archive), "--out-parquet", str(out), "--workers", "2", "--json")
    assert proc.returncode == 0, proc.stderr
    assert default_db.exists() == existed, "--out-parquet alone must not write a warehouse file"
    docs = sorted(out.glob("documents/municipality=*/year=*/*.parquet"))
    assert len(docs) == 8
    ref = duckdb.connect(str(small_reference), read_only=True)
    try:
        for table in ("documents", *CONTENT_TABLES):
            cols = [
                r[0]
                for r in ref.execute(f"DESCRIBE {table}").fetchall()
                if r[0] not in VOLATILE | WAREHOUSE_WIDE
            ]
            want = _plain(ref.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall())
            if want:
                assert _parquet_rows(out, table, cols) == want, table
        # the partition a document's shards sit in is its municipality and year
        meta = {
            d: (m, y)
            for d, m, y in ref.execute("SELECT doc_id, municipality, year FROM documents").fetchall()
        }
    finally:
        ref.close()
    for p in out.glob("*/*/*/*.parquet"):
        m, y = meta[p.stem]
        assert (
            p.parent.name == f"year={y}"
            and duckdb.execute(
                f"SELECT DISTINCT municipality FROM read_parquet('{p}', hive_partitioning = true)"
            ).fetchone()[0]
            == m
        )
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.parquet")}
    # an interrupted write leaves shards without a documents shard: the next run removes them
    orphan = next(out.glob("budget_lines/*/*/*.parquet"))
    stray = orphan.with_name("0" * 64 + ".parquet")
    shutil.copy(orphan, stray)
    again = run_kpi("ingest", str(small_archive), "--out-parquet", str(out), "--json")
    assert json.loads(again.stdout)["documents"]["skipped"] == 8
    assert not stray.exists()
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.parquet")} == before


def test_warehouse_and_shards_in_one_run(small_archive, small_reference, tmp_path) -> None:
    db, out = tmp_path / "w.duckdb", tmp_path / "shards"
    proc = run_kpi("ingest", str(small_archive), "--db", str(db), "--out-parquet", str(out), "--json")
    assert proc.returncode == 0, proc.stderr
    n = duckdb.execute(
        f"SELECT count(*) FROM read_parquet('{out}/indicator_values/**/*.parquet')"
    ).fetchone()[0]
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM indicator_values").fetchone()[0] == n > 0
    con.close()
    # shards deleted by hand are rebuilt: a document counts as done only where every output holds it
    shutil.rmtree(out)
    again = run_kpi("ingest", str(small_archive), "--db", str(db), "--out-parquet", str(out), "--json")
    assert json.loads(again.stdout)["documents"]["ok"] == 8
