"""The warehouse loader (warehouse/load.py) and the records -> Arrow mapping (warehouse/tables.py)."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from kpi.extractors.domain import (
    Assessment,
    BudgetMeasure,
    DocumentStatus,
    LightStatus,
    RowKind,
    Severity,
    TableEngine,
    TableKind,
    TargetDirection,
    Trend,
    ValueKind,
)
from kpi.extractors.records import (
    BudgetLine,
    DocumentMeta,
    ExtractionIssue,
    ExtractionResult,
    GoalAssessment,
    GoalStatus,
    IndicatorValue,
    Risk,
    TableCell,
)
from kpi.pipeline.executors.task import prepare
from kpi.pipeline.parquet import ParquetSink
from kpi.pipeline.writer import BatchWriter
from kpi.warehouse.db import connect
from kpi.warehouse.load import load_documents, loaded_documents, touch_source_paths
from kpi.warehouse.tables import DOCUMENT_TABLES, arrow_schema, documents_table, stored_schema, to_arrow
from tests.warehouse.loading import load_result

ROOT = Path(__file__).resolve().parents[2]


def row(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[Any, ...]:
    got = con.execute(sql).fetchone()
    assert got is not None
    return got


def one(con: duckdb.DuckDBPyConnection, sql: str) -> Any:
    return row(con, sql)[0]


def enum_result(doc_id: str = "e" * 64) -> ExtractionResult:
    """A result whose closed-set fields are all StrEnum members (as the extractors make them)."""
    r = ExtractionResult(
        doc_id=doc_id,
        source_path="/archive/plan.pdf",
        meta=DocumentMeta("Nämndplan 2021", "Tyresö", "0138", "Socialnämnden", "nämndplan", 2021, "2021", 3),
        file_size=1234,
        seconds=0.5,
    )
    r.mark_partial("one table could not be read")
    r.status = DocumentStatus.PARTIAL
    r.indicator_values.append(
        IndicatorValue(
            page=1,
            bbox=(1.0, 2.0, 3.0, 4.0),
            section_path="Mål 1",
            indicator_name="Andel nöjda",
            kolada_code="U28507",
            value_kind=ValueKind.TARGET,
            period="2021",
            value_raw="Ökning",
            value_num=None,
            unit="text",
            target_direction=TargetDirection.INCREASE,
        )
    )
    r.budget_lines += [
        BudgetLine(
            2, None, TableKind.DRIFTBUDGET, "Summa", BudgetMeasure.NETTOKOSTNAD, "2021", -5.0, "tkr", -5.0
        ),
        BudgetLine(2, None, TableKind.OTHER, "Rad", "eget huvud", "2021", 1.0, "tkr", 1.0),  # a plain str
    ]
    r.goal_status.append(GoalStatus("1", "Trygghet", "2021-03", LightStatus.GREEN, Trend.STABLE, 3, None))
    r.risks.append(Risk("Finansiella risker", "Kostnader ökar", 6.0, 2.0, 3.0))
    r.goal_assessments.append(
        GoalAssessment(
            4,
            (1.0, 2.0, 3.0, 4.0),
            "1",
            "Trygghet",
            "nämndmål",
            None,
            "2021",
            Assessment.PARTLY_FULFILLED,
            "yellow circle",
        )
    )
    r.extraction_issues.append(ExtractionIssue(Severity.WARNING, "sum_mismatch", "summan stämmer inte", 2))
    r.table_cells.append(
        TableCell(
            2,
            (1.0, 2.0, 3.0, 4.0),
            "p2t1",
            None,
            1,
            1,
            "Summa",
            None,
            RowKind.TOTAL,
            "Budget 2021",
            None,
            "-5",
            -5.0,
            "tkr",
            TableEngine.PYMUPDF,
            "budget_lines",
        )
    )
    r.meta.numbers_in_tables, r.meta.numbers_read, r.meta.numbers_in_charts = 3, 2, 0
    return r


def test_strenum_fields_load_as_plain_text(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    counts = load_result(con, enum_result(), "v1")
    assert counts == {
        "indicator_values": 1,
        "budget_lines": 2,
        "goal_status": 1,
        "risks": 1,
        "extraction_issues": 1,
        "table_cells": 1,
        "goal_assessments": 1,
    }
    got = {
        "status": row(con, "SELECT status FROM documents"),
        "iv": row(con, "SELECT value_kind, target_direction FROM indicator_values"),
        "bl": con.execute("SELECT table_kind, measure FROM budget_lines ORDER BY row_label DESC").fetchall(),
        "gs": row(con, "SELECT status, trend FROM goal_status"),
        "ei": row(con, "SELECT severity FROM extraction_issues"),
        "tc": row(con, "SELECT row_kind, engine FROM table_cells"),
        "ga": row(con, "SELECT assessment FROM goal_assessments"),
    }
    assert got == {
        "status": ("partial",),
        "iv": ("target", "increase"),
        "bl": [("driftbudget", "nettokostnad"), ("other", "eget huvud")],
        "gs": ("green", "stable"),
        "ei": ("warning",),
        "tc": ("total", "pymupdf"),
        "ga": ("partly_fulfilled",),
    }
    values = [v for row in got.values() for v in (row if isinstance(row, list) else [row]) for v in v]
    assert all(type(v) is str for v in values)  # plain text back, never an enum
    con.close()


def test_strenum_fields_convert_to_plain_arrow_strings() -> None:
    r = enum_result()
    docs = documents_table([r], "v1")
    assert docs.column("status").to_pylist() == ["partial"] and docs.column("status").type == pa.string()
    iv = to_arrow(r, "indicator_values")
    assert iv.column("value_kind").to_pylist() == ["target"]
    assert type(iv.column("value_kind")[0].as_py()) is str


def test_a_document_round_trips_through_the_loader(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    r = enum_result()
    load_result(con, r, "v1")
    stored = row(con, "SELECT * EXCLUDE (loaded_at) FROM documents")
    assert stored == (
        r.doc_id,
        "/archive/plan.pdf",
        "Nämndplan 2021",
        "Tyresö",
        "0138",
        "Socialnämnden",
        "nämndplan",
        2021,
        "2021",
        3,
        "partial",
        "one table could not be read",
        "v1",
        1234,
        0.5,
        3,
        2,
        0,
        None,  # organ_canonical: the extractor's, not set in this hand-made result
    )
    loaded_at = one(con, "SELECT loaded_at FROM documents")
    assert isinstance(loaded_at, datetime) and loaded_at.tzinfo is None
    assert one(con, "SELECT bbox FROM indicator_values") == (1.0, 2.0, 3.0, 4.0)
    assert r.indicator_values, "the helper converts a copy; the result keeps its records"
    con.close()


def _batch(results: list[ExtractionResult]) -> tuple[pa.Table, dict[str, list[pa.Table]]]:
    outs = [prepare(r) for r in results]
    tables = {t: [o.tables[t] for o in outs if o.tables and t in o.tables] for t in DOCUMENT_TABLES}
    return documents_table([o.result for o in outs], "v1"), tables


def test_a_batch_is_one_transaction_and_replaces_what_it_names(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    docs, tables = _batch([enum_result("a" * 64), enum_result("b" * 64)])
    load_documents(con, docs, tables)
    assert one(con, "SELECT count(*) FROM budget_lines") == 4

    # an error inside the transaction (DuckDB cannot cast the text): the old rows stay, deletes too
    docs, tables = _batch([enum_result("a" * 64)])
    bad = tables["budget_lines"][0]
    amount = bad.schema.get_field_index("amount")
    tables["budget_lines"] = [bad.set_column(amount, "amount", pa.array(["x"] * bad.num_rows))]
    with pytest.raises(duckdb.ConversionException):
        load_documents(con, docs, tables, replace=["a" * 64])
    assert one(con, "SELECT count(*) FROM documents") == 2
    assert one(con, "SELECT count(*) FROM budget_lines") == 4
    assert one(con, "SELECT count(*) FROM indicator_values") == 2

    docs, tables = _batch([enum_result("a" * 64)])
    del tables["budget_lines"]
    con.execute(
        "INSERT INTO indicator_matches (doc_id, indicator_name) VALUES (?, 'Andel nöjda')", ["a" * 64]
    )
    load_documents(con, docs, tables, replace=["a" * 64])
    per_doc = con.execute("SELECT doc_id, count(*) FROM budget_lines GROUP BY 1 ORDER BY 1").fetchall()
    assert per_doc == [("b" * 64, 2)]  # a's old lines are gone, its new load has none
    assert one(con, "SELECT count(*) FROM indicator_matches") == 0
    assert one(con, "SELECT count(*) FROM documents") == 2
    con.close()


def test_done_lookup_and_touch(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    load_result(con, enum_result(), "v1")
    held = loaded_documents(con)
    assert held == {"e" * 64: ("v1", "partial", "one table could not be read", "/archive/plan.pdf")}
    touch_source_paths(con, [("e" * 64, "/moved/plan.pdf"), ("unknown", "/x.pdf")])
    assert loaded_documents(con)["e" * 64].source_path == "/moved/plan.pdf"
    con.close()


def test_parquet_shards_have_the_warehouse_columns_in_its_order(tmp_path: Path) -> None:
    sink = ParquetSink(tmp_path / "shards")
    sink.done()
    writer = BatchWriter([sink], "v1")
    writer.add(prepare(enum_result()))
    writer.flush()
    for table in ("documents", *DOCUMENT_TABLES):
        files = list((tmp_path / "shards" / table).glob("*/*/*.parquet"))
        assert len(files) == 1, table
        got = pq.read_schema(files[0])
        assert got.names == stored_schema(table).names
        assert got.equals(stored_schema(table), check_metadata=False)
    issues = pq.read_table(next((tmp_path / "shards" / "extraction_issues").glob("*/*/*.parquet")))
    assert issues.column("severity").to_pylist() == ["warning"]


@pytest.mark.parametrize("table", ["documents", *DOCUMENT_TABLES])
def test_arrow_schemas_start_with_doc_id(table: str) -> None:
    assert arrow_schema(table).names[0] == "doc_id"


@pytest.mark.parametrize(
    "imports, pyarrow_loaded",
    [
        (
            "import pipeline.writer; from kpi.warehouse.load import loaded_documents, touch_source_paths",
            False,
        ),
        ("from kpi.warehouse.load import to_arrow", True),  # a worker's warm-up, before its memory limit
    ],
)
def test_what_importing_the_loader_loads(imports: str, pyarrow_loaded: bool) -> None:
    code = f"import sys; {imports}; print('pyarrow' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert proc.stdout.strip() == str(pyarrow_loaded)
