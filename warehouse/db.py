"""Opening a warehouse file: read-write (with migrations) or read-only, with a clear 'busy' error."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # DuckDB is imported on the first connect (`kpi ingest` starts its workers first)
    import duckdb


class WarehouseBusy(RuntimeError):
    """Another process holds the warehouse file open for writing."""


def _is_lock_error(exc: Exception) -> bool:
    msg = str(exc).lower()
    return "lock" in msg or "conflicting" in msg or "being used" in msg


def connect(path: str | Path, read_only: bool = False, wait: float = 0.0) -> duckdb.DuckDBPyConnection:
    """Open ``path``; migrate it forward when writable.

    ``wait`` seconds: keep retrying while another process holds the file, then raise
    :class:`WarehouseBusy`.
    """
    import duckdb

    from warehouse.schema import migrate

    path = Path(path)
    if read_only and not path.exists():
        raise FileNotFoundError(f"no warehouse at {path}")
    deadline = time.monotonic() + wait
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            break
        except duckdb.Error as exc:  # IOException on a held lock
            if not _is_lock_error(exc):
                raise
            if time.monotonic() >= deadline:
                raise WarehouseBusy(
                    f"warehouse is busy: {path} is open in another process (another `kpi ingest`?). "
                    "Wait for it to finish, or pass --wait SECONDS."
                ) from exc
            time.sleep(0.5)
    if not read_only:
        migrate(con)
    return con


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    """(name, DuckDB type) of each column of a table or view in the main schema, in order."""
    return [
        (str(name), str(typ))
        for name, typ in con.execute(
            "SELECT column_name, data_type FROM information_schema.columns"
            " WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position",
            [table],
        ).fetchall()
    ]
