"""The migrations against warehouse/CONTRACT.md, and the loader's records against the migrations.

The contract is parsed as written (``## name — ...`` headings, ``| column | type | meaning |``
tables, the ``schema_version(...)`` sentence and the column list of the ``indicator_series``
view), and compared with a freshly migrated warehouse file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from kpi.extractors.records import TABLES, DocumentMeta, ExtractionResult
from kpi.warehouse.db import connect
from kpi.warehouse.tables import RECORDS, arrow_schema, column_types, document_row, field_types, stored_schema

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = ROOT / "warehouse" / "CONTRACT.md"

SQL_SPELLINGS = {
    "TEXT": "VARCHAR",
    "STRING": "VARCHAR",
    "INT": "INTEGER",
    "INT4": "INTEGER",
    "FLOAT8": "DOUBLE",
}


def normalize_type(t: str) -> str:
    """A type as DuckDB's DESCRIBE prints it (``TEXT`` -> ``VARCHAR``; ``DOUBLE[4]`` stays)."""
    t = t.strip().upper()
    m = re.fullmatch(r"(\w+)((?:\[\d*\])*)", t)
    if not m:
        return t
    return SQL_SPELLINGS.get(m.group(1), m.group(1)) + m.group(2)


@dataclass
class Column:
    table: str
    name: str
    type: str  # as DuckDB spells it
    primary_key: bool


@dataclass
class Contract:
    columns: list[Column]
    views: dict[str, list[str]]  # view -> its columns, in order

    def tables(self) -> list[str]:
        return list(dict.fromkeys(c.table for c in self.columns))


def parse_contract(text: str) -> Contract:
    columns: list[Column] = []
    views: dict[str, list[str]] = {}
    m = re.search(r"`schema_version\(([^)]*)\)`", text)
    assert m, "the contract names schema_version(...)"
    for part in m.group(1).split(","):
        name, typ = part.split()
        columns.append(Column("schema_version", name, normalize_type(typ), False))
    for section in re.split(r"^## ", text, flags=re.MULTILINE)[1:]:
        heading, _, body = section.partition("\n")
        table = re.match(r"\w+", heading)
        assert table, heading
        rows = [line for line in body.splitlines() if line.startswith("|")]
        if not rows:  # a view: its columns are the backticked, comma-separated list in the prose
            listed = [s for s in re.findall(r"`([^`]*)`", body) if "," in s]
            assert listed, f"no column list for {table.group()}"
            views[table.group()] = [c.strip() for c in listed[0].replace("\n", " ").split(",")]
            continue
        for row in rows:
            cells = [c.strip() for c in row.strip("|").split("|")]
            if cells[0] == "column" or set(cells[0]) <= {"-", ":"}:
                continue  # header and separator
            typ, _, key = cells[1].partition(" ")
            for name in cells[0].split(","):
                columns.append(Column(table.group(), name.strip(), normalize_type(typ), key.strip() == "PK"))
    return Contract(columns, views)


def described(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    """Column -> type of a table or view in a warehouse, as DuckDB's DESCRIBE gives them."""
    return {r[0]: normalize_type(r[1]) for r in con.execute(f'DESCRIBE "{table}"').fetchall()}


def primary_keys(con: duckdb.DuckDBPyConnection) -> set[tuple[str, str]]:
    rows = con.execute(
        "SELECT table_name, unnest(constraint_column_names) FROM duckdb_constraints() "
        "WHERE constraint_type = 'PRIMARY KEY'"
    ).fetchall()
    return {(r[0], r[1]) for r in rows}


def contract_problems(con: duckdb.DuckDBPyConnection, contract: Contract) -> list[str]:
    """What a warehouse lacks of the contract: missing tables and columns, other types, no PK."""
    problems = []
    kinds = dict(con.execute("SELECT table_name, table_type FROM information_schema.tables").fetchall())
    keys = primary_keys(con)
    for table in contract.tables():
        if kinds.get(table) != "BASE TABLE":
            problems.append(f"table {table} is missing (found {kinds.get(table)})")
            continue
        have = described(con, table)
        for c in (c for c in contract.columns if c.table == table):
            if c.name not in have:
                problems.append(f"{table}.{c.name} is missing")
            elif have[c.name] != c.type:
                problems.append(f"{table}.{c.name} is {have[c.name]}, the contract says {c.type}")
            elif c.primary_key and (table, c.name) not in keys:
                problems.append(f"{table}.{c.name} is not the primary key")
    for view, cols in contract.views.items():
        if kinds.get(view) != "VIEW":
            problems.append(f"view {view} is missing (found {kinds.get(view)})")
        elif list(described(con, view)) != cols:
            problems.append(f"view {view} has columns {list(described(con, view))}, the contract says {cols}")
    return problems


@pytest.fixture(scope="module")
def contract() -> Contract:
    return parse_contract(CONTRACT.read_text(encoding="utf-8"))


@pytest.fixture
def migrated(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A warehouse file with every migration applied (``kpi.warehouse.db.connect``, as ``kpi ingest``)."""
    path = tmp_path / "fresh.duckdb"
    connect(path).close()
    con = duckdb.connect(str(path))
    yield con
    con.close()


def test_the_contract_parses_into_every_table_and_column(contract: Contract) -> None:
    assert contract.tables() == [
        "schema_version",
        "documents",
        "indicator_values",
        "indicators",
        "indicator_matches",
        "budget_lines",
        "goal_status",
        "goal_assessments",
        "risks",
        "extraction_issues",
        "table_cells",
        "document_paths",
    ]
    by_table = {t: [c.name for c in contract.columns if c.table == t] for t in contract.tables()}
    assert by_table["indicator_matches"][:2] == ["doc_id", "indicator_name"]  # "doc_id, indicator_name"
    assert len(by_table["documents"]) == 16 and len(by_table["indicator_values"]) == 18
    assert by_table["indicator_values"][-3:] == ["subject", "subject_code", "unit_per"]
    assert len(by_table["table_cells"]) == 17 and by_table["extraction_issues"][-1] == "bbox"
    assert len(by_table["goal_assessments"]) == 11 and by_table["goal_assessments"][-1] == "completion"
    assert [c.name for c in contract.columns if c.primary_key] == ["doc_id", "indicator_id"]
    assert {c.type for c in contract.columns} == {
        "VARCHAR",
        "INTEGER",
        "DOUBLE",
        "DOUBLE[4]",
        "TIMESTAMP",
        "BLOB",
    }
    assert (
        contract.views["indicator_series"][0] == "indicator_id"
        and len(contract.views["indicator_series"]) == 14
        and contract.views["indicator_series"][-3:] == ["organ_canonical", "sub_measure", "conflict"]
    )
    assert contract.views["indicator_observations"][-3:] == ["rank", "superseded_by", "conflict"]
    assert "value_raw" in contract.views["series_conflicts"]
    assert contract.views["budget_series"][:2] == ["municipality", "organ_canonical"]
    assert contract.views["indicator_comparisons"][:3] == ["indicator_id", "canonical_name", "kolada_code"]
    assert "comparison_subject" in contract.views["indicator_comparisons"]


def test_a_migrated_warehouse_holds_the_contract(
    migrated: duckdb.DuckDBPyConnection, contract: Contract
) -> None:
    assert contract_problems(migrated, contract) == []


@pytest.mark.parametrize(
    "change, problem",
    [
        ("ALTER TABLE risks RENAME COLUMN probability TO likelihood", "risks.probability is missing"),
        ("ALTER TABLE goal_status DROP COLUMN month", "goal_status.month is missing"),
        ("ALTER TABLE budget_lines ALTER amount TYPE VARCHAR", "budget_lines.amount is VARCHAR"),
        ("ALTER TABLE documents ALTER year TYPE BIGINT", "documents.year is BIGINT"),
        (
            "DROP VIEW indicator_series; CREATE VIEW indicator_series AS SELECT 1 AS x",
            "view indicator_series",
        ),
        ("DROP TABLE extraction_issues", "table extraction_issues is missing"),
    ],
)
def test_the_check_fails_when_a_column_is_renamed_dropped_or_retyped(
    migrated: duckdb.DuckDBPyConnection, contract: Contract, change: str, problem: str
) -> None:
    if "indicator_series" not in change:
        migrated.execute("DROP VIEW indicator_series")  # it pins the columns it reads
    migrated.execute(change)
    assert any(p.startswith(problem) for p in contract_problems(migrated, contract)), problem


def test_the_bbox_array_type_is_what_the_contract_says(contract: Contract) -> None:
    bbox = {c.type for c in contract.columns if c.name == "bbox"}
    assert bbox == {"DOUBLE[4]"}  # DuckDB's fixed-size ARRAY, which DESCRIBE prints as DOUBLE[4]


@pytest.mark.parametrize("table", list(RECORDS))
def test_every_record_field_is_a_column_of_its_table_with_its_type(
    migrated: duckdb.DuckDBPyConnection, table: str
) -> None:
    """Both ways: the loader fills every column of the table, and nothing the table lacks."""
    assert column_types(table) == described(migrated, table)


@pytest.mark.parametrize("table", list(RECORDS))
def test_the_arrow_schema_is_the_warehouses(table: str) -> None:
    """The schema rows are converted with is the one DuckDB reads and writes for the table."""
    converted = {f.name: f.type for f in arrow_schema(table)}
    stored = {f.name: f.type for f in stored_schema(table)}
    assert converted == stored


def test_the_document_meta_fills_its_documents_columns() -> None:
    """Every ``documents`` column named like a DocumentMeta field is filled from it, with its type
    (a meta field no migration has made a column is not loaded)."""
    meta = field_types(DocumentMeta)
    shared = meta.keys() & column_types("documents").keys()
    assert {"title", "municipality", "municipality_code", "organ", "doc_type", "year", "period"} <= shared
    assert {c: meta[c] for c in shared} == {c: column_types("documents")[c] for c in shared}
    r = ExtractionResult("d", "p.pdf", meta=DocumentMeta(**dict.fromkeys(meta)))
    for c in shared:
        setattr(r.meta, c, 7 if meta[c] == "INTEGER" else f"{c}!")
    row = document_row(r, "v", datetime(2024, 1, 1))
    assert all(getattr(row, c) == getattr(r.meta, c) for c in shared)
    assert set(TABLES) < set(RECORDS)
