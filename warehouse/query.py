"""Read-only SQL for users: only queries, never writes, attachments, exports or installs."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd

from warehouse.db import connect

ALLOWED = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}


class QueryRefused(ValueError):
    """The SQL holds a statement `kpi query` does not run (a write, ATTACH, COPY, INSTALL …)."""


def check_read_only(sql: str) -> None:
    parser = duckdb.connect()
    try:
        statements = parser.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryRefused(f"SQL does not parse: {exc}") from exc
    finally:
        parser.close()
    if not statements:
        raise QueryRefused("no SQL statement given")
    for st in statements:
        if st.type == duckdb.StatementType.EXPLAIN:
            # EXPLAIN [ANALYZE] runs its inner statement: that one must be a query too.
            inner = re.sub(r"^\s*explain\s+(analyze\s+)?", "", st.query, flags=re.IGNORECASE)
            check_read_only(inner)
            continue
        if st.type not in ALLOWED:
            kind = st.type.name
            raise QueryRefused(
                f"kpi query is read-only: a {kind} statement is not allowed "
                "(only SELECT, WITH … SELECT, DESCRIBE, SHOW, SUMMARIZE and EXPLAIN run)"
            )


def run_query(db: str | Path, sql: str) -> pd.DataFrame:
    check_read_only(sql)
    con = connect(db, read_only=True)
    try:
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
        return con.execute(sql).df()
    finally:
        con.close()
