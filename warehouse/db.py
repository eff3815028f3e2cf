"""Opening a warehouse file: read-write (with migrations) or read-only, with errors that say what
is wrong — who holds the lock, a file that is no kpi warehouse, a missing folder, a full disk."""

from __future__ import annotations

import errno
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # DuckDB is imported on the first connect (`kpi ingest` starts its workers first)
    import duckdb

RETRY_SECONDS = 0.5
"""How often a busy warehouse is tried again while ``wait`` lasts."""
HOLDER_COMMAND_CHARS = 80
"""How much of the lock holder's command line a busy message shows."""

_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>.+?) \(PID (?P<pid>\d+)\)")
_NOT_DUCKDB = ("not a valid duckdb database file", "is not a duckdb database")
_NO_SPACE = ("no space left on device", "disk is full", "not enough space")
_NO_PERMISSION = ("permission denied", "operation not permitted", "read-only file system")


class WarehouseError(RuntimeError):
    """The warehouse file cannot be opened or written; the message says why and what to do."""


class WarehouseBusy(WarehouseError):
    """Another process holds the warehouse file open for writing."""


class NotAWarehouse(WarehouseError):
    """``--db`` names something that is not a kpi warehouse (another DuckDB file, no DuckDB file at
    all, a folder, a file in a folder that does not exist); it was left as it was."""


class WarehouseStorageError(WarehouseError):
    """The disk refused: no space left, or no permission to write."""


def _is_lock_error(exc: Exception) -> bool:
    msg = str(exc).lower()
    return "could not set lock" in msg or "conflicting lock" in msg or "being used" in msg


def lock_holder(message: str) -> tuple[str, int] | None:
    """(program, PID) of the process holding the lock, from DuckDB's own message."""
    m = _HOLDER.search(message)
    return (m.group("program"), int(m.group("pid"))) if m else None


def _command_line(pid: int) -> str | None:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    cmd = " ".join(a.decode(errors="replace") for a in raw.split(b"\0") if a)
    return cmd[: HOLDER_COMMAND_CHARS - 1] + "…" if len(cmd) > HOLDER_COMMAND_CHARS else cmd or None


def busy_message(path: Path, exc: Exception, wait: float) -> str:
    holder = lock_holder(str(exc))
    if holder is None:
        who = "another process"
    else:
        program, pid = holder
        cmd = _command_line(pid)
        who = f"process {pid} ({cmd or program})"
    waited = f" after waiting {wait:g} s" if wait else ""
    return (
        f"warehouse is busy: {path} is held by {who}{waited}. "
        "Wait for it to finish or close it (a notebook's connection holds it too), or pass --wait SECONDS."
    )


def storage_problem(exc: BaseException, path: str | Path | None = None) -> WarehouseStorageError | None:
    """A full disk or a refused permission anywhere in ``exc``'s chain (its cause and context),
    as a :class:`WarehouseStorageError` naming it; else None.

    DuckDB reports the disk as an IOException ("No space left on device"); a failed COMMIT
    ends the transaction, so the ROLLBACK that follows fails with "cannot rollback - no
    transaction is active": the original error is the one found here, not that one.
    """
    where = f" writing {path}" if path is not None else ""
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        msg = str(cur).lower()
        code = getattr(cur, "errno", None)
        if code in (errno.ENOSPC, errno.EDQUOT) or any(s in msg for s in _NO_SPACE):
            return WarehouseStorageError(
                f"disk full{where}: no space left on the device. What was committed before "
                "is kept, the unfinished commit is not; free space and run the same command again."
            )
        if code in (errno.EACCES, errno.EPERM, errno.EROFS) or any(s in msg for s in _NO_PERMISSION):
            return WarehouseStorageError(
                f"permission denied{where}: {first_line(cur)}. Check the file's and its folder's permissions."
            )
        cur = cur.__cause__ or cur.__context__
    return None


def first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _open_error(path: Path, exc: Exception, read_only: bool) -> WarehouseError | None:
    msg = str(exc).lower()
    if any(s in msg for s in _NOT_DUCKDB):
        return NotAWarehouse(f"{path} is not a kpi warehouse: it is not a DuckDB database file")
    if path.is_dir():
        return NotAWarehouse(f"{path} is a folder, not a warehouse file")
    if not path.parent.is_dir():
        return NotAWarehouse(f"no folder {path.parent} for the warehouse {path.name}")
    if read_only and not path.exists():
        return NotAWarehouse(f"no warehouse at {path}")
    return storage_problem(exc, path)


def _check_is_warehouse(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Refuse a DuckDB file that holds tables but no ``schema_version``: someone else's database.

    Runs before any migration, so such a file is left exactly as it was.
    """
    names = {
        str(r[0])
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database()"
        ).fetchall()
    }
    if "schema_version" in names:
        return
    if names:
        shown = ", ".join(sorted(names)[:5]) + (" …" if len(names) > 5 else "")
        raise NotAWarehouse(
            f"{path} is not a kpi warehouse: it is a DuckDB database with other tables ({shown}) "
            "and no schema_version table; it was not changed. Give another --db file."
        )


def connect(path: str | Path, read_only: bool = False, wait: float = 0.0) -> duckdb.DuckDBPyConnection:
    """Open ``path``; migrate it forward when writable.

    ``wait`` seconds: keep retrying while another process holds the file, then raise
    :class:`WarehouseBusy` naming the holder's program and PID.  A file that is not a kpi
    warehouse raises :class:`NotAWarehouse` without being changed; a full disk or a refused
    permission raises :class:`WarehouseStorageError`.
    """
    import duckdb

    from kpi.warehouse.schema import migrate

    path = Path(path)
    if read_only and not path.exists():
        raise FileNotFoundError(f"no warehouse at {path}")
    if path.is_dir():
        raise NotAWarehouse(f"{path} is a folder, not a warehouse file")
    deadline = time.monotonic() + wait
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            break
        except duckdb.Error as exc:  # IOException on a held lock
            if not _is_lock_error(exc):
                problem = _open_error(path, exc, read_only)
                if problem is None:
                    raise
                raise problem from exc
            if time.monotonic() >= deadline:
                raise WarehouseBusy(busy_message(path, exc, wait)) from exc
            time.sleep(RETRY_SECONDS)
    try:
        _check_is_warehouse(con, path)
        if read_only:
            _check_has_schema(con, path)
        else:
            migrate(con)
    except BaseException as exc:
        con.close()
        problem = storage_problem(exc, path) if isinstance(exc, Exception) else None
        if problem is not None:
            raise problem from exc
        raise
    return con


def _check_has_schema(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    rows = con.execute(  # fetchall: a result left unfinished blocks the connection's next relation
        "SELECT count(*) FROM information_schema.tables WHERE table_catalog = current_database()"
        " AND table_name = 'schema_version'"
    ).fetchall()
    if not (rows and rows[0][0]):
        raise NotAWarehouse(
            f"{path} is not a kpi warehouse: it has no tables (run `kpi ingest` into it first)"
        )


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
