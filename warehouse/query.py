"""Read-only SQL for users: only queries, never writes, attachments, exports or installs; bounded
in memory and time."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from kpi.warehouse.db import connect

ALLOWED = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}
DEFAULT_MAX_MEMORY = "1GB"
"""DuckDB's ``memory_limit`` for one `kpi query` (nothing spills to disk: the limit is the limit)."""
DEFAULT_TIMEOUT_SECONDS = 60.0
"""Seconds one `kpi query` may run (execution and fetching) before it is interrupted."""
PROCESS_MEMORY_FACTOR = 2
"""`kpi query`'s process may grow by this many times --max-memory (DuckDB's memory limit does not
count every allocation: ``list(range(6e8))`` built 8 GB beside a 1 GB limit, and took no interrupt)."""

_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]i?b|b|bytes)?\s*", re.IGNORECASE)
_UNITS = {"b": 1, "bytes": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12}
_UNITS |= {"kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40}

_LEADING_COMMENTS = r"(?:\s+|--[^\n]*(?:\n|$)|/\*.*?\*/)*"
_EXPLAIN = re.compile(
    _LEADING_COMMENTS
    + r"explain\b"
    + _LEADING_COMMENTS
    + r"(?:analy[sz]e\b)?"
    # EXPLAIN (FORMAT json) …: an option list, not a parenthesized query
    + _LEADING_COMMENTS
    + r"(?:\(\s*(?:format|analy[sz]e)\b[^)]*\))?",
    re.IGNORECASE | re.DOTALL,
)


class QueryRefused(ValueError):
    """The SQL holds a statement `kpi query` does not run (a write, ATTACH, COPY, INSTALL …)."""


class QueryLimitHit(RuntimeError):
    """The query ran past its time (``timeout``) or memory (``max_memory``) limit and was stopped."""


@dataclass(frozen=True)
class QueryLimits:
    max_memory: str = DEFAULT_MAX_MEMORY
    """DuckDB memory size, e.g. ``1GB``, ``500MB``."""
    timeout: float | None = DEFAULT_TIMEOUT_SECONDS
    """Seconds; None or 0 for no limit."""
    wait: float = 0.0
    """Seconds to wait while another process writes to the warehouse."""


def memory_bytes(size: str) -> int:
    """Bytes in a memory size as DuckDB writes it: ``1GB`` (10^9), ``512MiB`` (2^29), ``2000000``."""
    m = _SIZE.fullmatch(size)
    if not m or float(m.group(1)) <= 0:
        raise ValueError(f"--max-memory {size!r} is not a memory size such as 1GB or 500MB")
    return int(float(m.group(1)) * _UNITS[(m.group(2) or "b").lower()])


def cap_process_memory(max_memory: str) -> None:
    """Let this process's data grow by at most :data:`PROCESS_MEMORY_FACTOR` × ``max_memory`` from
    now on (Linux ``RLIMIT_DATA``): an allocation beyond fails, and DuckDB reports it as out of
    memory.  For a process that runs one query (the `kpi query` command), never for a library caller.
    """
    import resource

    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return  # not Linux: DuckDB's own memory limit only
    m = re.search(r"^VmData:\s+(\d+) kB", status, re.MULTILINE)
    if not m:
        return
    cap = int(m.group(1)) * 1024 + PROCESS_MEMORY_FACTOR * memory_bytes(max_memory)
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    if soft == resource.RLIM_INFINITY or cap < soft:
        resource.setrlimit(resource.RLIMIT_DATA, (cap, hard))


def explained_statement(sql: str) -> str:
    """The statement an ``EXPLAIN [ANALYZE]`` statement explains (comments before either word allowed)."""
    m = _EXPLAIN.match(sql)
    if not m or not m.group().strip():
        raise QueryRefused(f"cannot tell which statement this EXPLAIN runs: {sql[:80]!r}")
    return sql[m.end() :]


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
            # EXPLAIN [ANALYZE] runs its inner statement: that one must be a query too.  The inner
            # text is always shorter than the statement, so nested EXPLAINs end.
            inner = explained_statement(st.query)
            if len(inner) >= len(st.query):
                raise QueryRefused(f"cannot tell which statement this EXPLAIN runs: {st.query[:80]!r}")
            check_read_only(inner)
            continue
        if st.type not in ALLOWED:
            kind = st.type.name
            raise QueryRefused(
                f"kpi query is read-only: a {kind} statement is not allowed "
                "(only SELECT, WITH … SELECT, DESCRIBE, SHOW, SUMMARIZE and EXPLAIN run)"
            )


class QueryResult:
    """The result of a running query: column names and DuckDB types, rows fetched in chunks."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con
        description = con.description or []
        self.columns = [str(d[0]) for d in description]
        self.types = [str(d[1]) for d in description]

    def fetchmany(self, n: int) -> list[tuple[Any, ...]]:
        return self._con.fetchmany(n)

    def df(self) -> pd.DataFrame:
        return self._con.df()


def _lock_down(con: duckdb.DuckDBPyConnection, limits: QueryLimits) -> None:
    memory_bytes(limits.max_memory)
    try:
        con.execute("SET memory_limit = ?", [limits.max_memory])
    except duckdb.Error as exc:
        raise ValueError(
            f"--max-memory {limits.max_memory!r} is not a memory size such as 1GB or 500MB"
        ) from exc
    con.execute("SET temp_directory = ''")  # no spilling next to the user's warehouse
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")


def _limit_message(exc: duckdb.Error, limits: QueryLimits, timed_out: bool) -> str | None:
    if isinstance(exc, duckdb.InterruptException) and timed_out:
        return (
            f"query stopped after {limits.timeout:g} s (--timeout); give a longer --timeout, "
            "or narrow the query (WHERE, LIMIT)"
        )
    if isinstance(exc, duckdb.OutOfMemoryException):
        return (
            f"query stopped: it needs more memory than --max-memory {limits.max_memory}; "
            "give a larger --max-memory, or narrow the query (WHERE, LIMIT, fewer columns)"
        )
    return None


@contextmanager
def open_query(
    db: str | Path, sql: str, limits: QueryLimits | None = None, cap_process: bool = False
) -> Iterator[QueryResult]:
    """Check ``sql`` is read-only, run it under ``limits`` and yield its result while it is open.

    Past the time or memory limit, :class:`QueryLimitHit` says which one (also while fetching).
    ``cap_process``: also cap this whole process's memory (:func:`cap_process_memory`).
    """
    limits = limits or QueryLimits()
    check_read_only(sql)
    memory_bytes(limits.max_memory)
    con = connect(db, read_only=True, wait=limits.wait)
    timer: threading.Timer | None = None
    timed_out = threading.Event()

    def stop() -> None:
        timed_out.set()
        con.interrupt()

    try:
        _lock_down(con, limits)
        if cap_process:
            cap_process_memory(limits.max_memory)
        if limits.timeout:
            timer = threading.Timer(limits.timeout, stop)
            timer.daemon = True
            timer.start()
        try:
            con.execute(sql)
            yield QueryResult(con)
        except duckdb.Error as exc:
            message = _limit_message(exc, limits, timed_out.is_set())
            if message is None:
                raise
            raise QueryLimitHit(message) from exc
    finally:
        if timer is not None:
            timer.cancel()
        con.close()


def run_query(db: str | Path, sql: str, limits: QueryLimits | None = None) -> pd.DataFrame:
    with open_query(db, sql, limits) as result:
        return result.df()
