"""Per-document Parquet shards, hive-partitioned by municipality and year.

Layout: ``ROOT/<table>/municipality=<name>/year=<year>/<doc_id>.parquet`` for ``documents`` and
every contract table a document has rows in.  Columns and types are the warehouse's own, in its
order (:func:`kpi.warehouse.tables.stored_schema`, from the migrations), so DuckDB reads the shards
as one table::

    SELECT * FROM read_parquet('ROOT/indicator_values/**/*.parquet', hive_partitioning = true)

A document's ``documents`` shard is written last: it is the commit mark.  Shards of a document
without one (an interrupted write) are removed when the next run starts.  Partition values are
percent-encoded and a missing value is ``__HIVE_DEFAULT_PARTITION__``, as DuckDB writes them.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from kpi.pipeline.executors.outputs import TaskOutput
from kpi.warehouse.tables import DOCUMENT_TABLES, RECORDS, stored_schema

PARTITION_KEYS = ("municipality", "year")
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"
SHARD_TABLES = tuple(RECORDS)  # documents and the contract tables
COMPRESSION = "zstd"


def conform(tbl: pa.Table, schema: pa.Schema) -> pa.Table:
    """``tbl`` with exactly the schema's columns and types (missing columns as nulls)."""
    cols = []
    for f in schema:
        if f.name in tbl.column_names:
            cols.append(tbl.column(f.name).cast(f.type))
        else:
            cols.append(pa.nulls(tbl.num_rows, f.type))
    return pa.Table.from_arrays(cols, schema=schema)


def partition_dir(municipality: str | None, year: int | None) -> str:
    m = NULL_PARTITION if municipality is None else quote(municipality, safe=" ")
    y = NULL_PARTITION if year is None else str(year)
    return f"municipality={m}/year={y}"


class ParquetSink:
    """Writes each finished document as its own set of shards under ``root``."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.shards: dict[str, list[Path]] = {}  # doc_id -> its shard files

    def _scan(self) -> dict[str, list[Path]]:
        found: dict[str, list[Path]] = {}
        for table in SHARD_TABLES:
            for p in (self.root / table).glob("*/*/*.parquet"):
                found.setdefault(p.stem, []).append(p)
        return found

    def done(self) -> dict[str, tuple[str, str, str | None]]:
        """Committed documents; removes the shards of documents whose write was interrupted."""
        self.shards = self._scan()
        committed = {p.stem: p for p in (self.root / "documents").glob("*/*/*.parquet")}
        for doc_id in [d for d in self.shards if d not in committed]:
            for p in self.shards.pop(doc_id):
                p.unlink(missing_ok=True)
        for tmp in self.root.glob("*/*/*/.*.tmp"):
            tmp.unlink(missing_ok=True)
        if not committed:
            return {}
        files = [str(p) for p in committed.values()]
        rows = duckdb.execute(
            "SELECT doc_id, extractor_version, status, error FROM read_parquet(?, hive_partitioning = false)",
            [files],
        ).fetchall()
        return {r[0]: (r[1], r[2], r[3]) for r in rows}

    def _write(self, table: str, part: str, doc_id: str, tbl: pa.Table) -> Path:
        path = self.root / table / part / f"{doc_id}.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{doc_id}.tmp")
        pq.write_table(conform(tbl, stored_schema(table)), tmp, compression=COMPRESSION)
        os.replace(tmp, path)
        return path

    def write(self, outs: list[TaskOutput], docs: pa.Table) -> None:
        for i, out in enumerate(outs):
            r = out.result
            old = self.shards.pop(r.doc_id, [])
            for p in sorted(old, key=lambda p: p.parts[-4] != "documents"):  # un-commit first
                p.unlink(missing_ok=True)
            part = partition_dir(r.meta.municipality, r.meta.year)
            written = []
            for t in DOCUMENT_TABLES:
                tbl = out.tables.get(t) if out.tables else None
                if tbl is not None and tbl.num_rows:
                    written.append(self._write(t, part, r.doc_id, tbl))
            written.append(self._write("documents", part, r.doc_id, docs.slice(i, 1)))
            self.shards[r.doc_id] = written

    def touch(self, seen: list[tuple[str, str]]) -> None:
        """Shards keep the path a document was first loaded from."""
