"""What the QA report reads from the warehouse: documents, located rows per table, issues."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from kpi.extractors.domain import Severity
from kpi.warehouse.db import table_columns

ROW_TABLES = ("indicator_values", "budget_lines", "goal_status", "risks")
"""Contract tables whose rows are shown next to their page, in this order (any other table with
``doc_id``, ``page`` and ``bbox`` columns follows)."""

NOT_CROPPED = ("table_cells", "extraction_issues")
"""Located tables not shown row by row: every cell of every table would be thousands of crops a
document (the semantic rows they feed are shown), and issues have their own section."""

HIDDEN_COLUMNS = ("doc_id", "page", "bbox")
"""Columns not listed in a row's field table (the crop and its caption show them)."""


@dataclass
class DocRows:
    table: str
    frame: pd.DataFrame  # ordered by page, then top to bottom, left to right


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [name for name, _ in table_columns(con, table)]


def row_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Tables with rows that have a page location, contract ones first."""
    have = [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
            " AND table_type = 'BASE TABLE' ORDER BY 1"
        ).fetchall()
    ]
    located = [
        t for t in have if {"doc_id", "page", "bbox"} <= set(_columns(con, t)) and t not in NOT_CROPPED
    ]
    return [t for t in ROW_TABLES if t in located] + [t for t in located if t not in ROW_TABLES]


def documents(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute(
        "SELECT doc_id, source_path, title, municipality, organ, doc_type, year, period, page_count, status, error,"
        " numbers_in_tables, numbers_read"
        " FROM documents ORDER BY municipality NULLS LAST, year NULLS LAST, period, title, doc_id"
    ).df()


def rows(con: duckdb.DuckDBPyConnection, table: str, doc_id: str) -> pd.DataFrame:
    """One document's rows of ``table`` in reading order, with a stable ``row_no`` (1-based)."""
    df = con.execute(
        f'SELECT * FROM "{table}" WHERE doc_id = ? ORDER BY page NULLS LAST, bbox[2] NULLS LAST, bbox[1]',
        [doc_id],
    ).df()
    df.insert(0, "row_no", range(1, len(df) + 1))
    return df


def counts(con: duckdb.DuckDBPyConnection, tables: list[str]) -> pd.DataFrame:
    """Rows per document and table (documents as rows, tables as columns)."""
    parts = [f'(SELECT count(*) FROM "{t}" x WHERE x.doc_id = d.doc_id) AS "{t}"' for t in tables]
    return con.execute(f"SELECT d.doc_id, {', '.join(parts)} FROM documents d").df().set_index("doc_id")


def issues(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute(
        "SELECT doc_id, page, severity, code, message, bbox FROM extraction_issues"
        f" ORDER BY doc_id, page NULLS FIRST, CASE severity WHEN '{Severity.ERROR}' THEN 0 WHEN '{Severity.WARNING}' THEN 1 ELSE 2 END,"
        " code"
    ).df()


def has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' AND table_name = ?",
            [name],
        ).fetchall()[0][0]
    )
