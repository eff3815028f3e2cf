"""Applying the migrations: the warehouse's schema is the SQL in ``warehouse/migrations``.

The migrations are the only definition of the tables (``warehouse/tables.py`` maps the records
onto them; ``tests/warehouse/test_contract.py`` checks both against ``CONTRACT.md``).
Migrations are numbered SQL files in ``warehouse/migrations`` (``NNN_name.sql``).  A file's
version is recorded in ``schema_version`` once applied; opening an older warehouse applies the
missing ones in order, inside one transaction each.
"""

from __future__ import annotations

import contextlib
import re
from importlib import resources

import duckdb

SCHEMA_TABLE = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER, applied_at TIMESTAMP)"


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every bundled migration, in order."""
    out = []
    for f in resources.files("kpi.warehouse.migrations").iterdir():
        m = re.fullmatch(r"(\d+)_(\w+)\.sql", f.name)
        if m:
            out.append((int(m.group(1)), m.group(2), f.read_text(encoding="utf-8")))
    return sorted(out)


LATEST_VERSION = max(v for v, _, _ in migrations())


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    con.execute(SCHEMA_TABLE)
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Bring the file up to LATEST_VERSION; returns the versions applied."""
    applied = []
    have = current_version(con)
    for version, _name, sql in migrations():
        if version <= have:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute("INSERT INTO schema_version VALUES (?, now())", [version])
            con.execute("COMMIT")
        except Exception:
            # a failed COMMIT (disk full) has ended the transaction already: the error to report is
            # the original one, not "cannot rollback - no transaction is active"
            with contextlib.suppress(duckdb.Error):
                con.execute("ROLLBACK")
            raise
        applied.append(version)
    return applied
