"""`kpi query`: read-only SQL against the warehouse, printed for people or for programs.

The table is plain text (never console markup): every cell has its control characters made
visible (:func:`kpi.pipeline.console.visible`), text is left-aligned and numbers right-aligned, and
no cell wraps: cells too wide for the terminal are cut with an ellipsis (``--wide`` keeps them
whole).  CSV and JSON keep the data exact (to a terminal, CSV shows control characters visibly;
JSON writes them, and the invisible Unicode ones, as ``\\uXXXX``).
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import json
import math
import os
import re
import shutil
import sys
from collections.abc import Iterable, Iterator, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from kpi.pipeline.app import DbOption, app
from kpi.pipeline.console import error, fail, fail_warehouse, visible
from kpi.pipeline.exitcodes import ExitCode

DEFAULT_WIDTH = 100
"""Terminal width assumed when the output is not a terminal and COLUMNS is not set."""
DEFAULT_MAX_ROWS = 1000
"""Rows a table or markdown output shows (CSV and JSON write every row)."""
COLUMN_GAP = "  "
MIN_COLUMN_WIDTH = 6
"""A column is never cut narrower than this (or its natural width, if smaller)."""
FETCH_ROWS = 10_000
"""Rows fetched at a time when writing CSV or JSON."""
ELLIPSIS = "…"
NUMERIC_TYPES = frozenset(
    [
        "TINYINT",
        "SMALLINT",
        "INTEGER",
        "BIGINT",
        "HUGEINT",
        "UTINYINT",
        "USMALLINT",
        "UINTEGER",
        "UBIGINT",
        "UHUGEINT",
        "FLOAT",
        "REAL",
        "DOUBLE",
        "DECIMAL",
    ]
)
EXPLAIN_COLUMNS = ["explain_key", "explain_value"]

_JSON_INVISIBLE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


class QueryFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"


@app.command("query", context_settings={"ignore_unknown_options": True})
def query_cmd(
    sql: Annotated[
        str | None,
        typer.Argument(
            help="SQL to run (read-only: SELECT, WITH, DESCRIBE, SHOW, EXPLAIN); - reads it from stdin.",
            show_default=False,
        ),
    ] = None,
    db: DbOption = Path("kpi.duckdb"),
    fmt: Annotated[QueryFormat, typer.Option("--format", "-f", help="Output format.")] = QueryFormat.table,
    sql_file: Annotated[
        Path | None, typer.Option("--sql-file", help="Read the SQL from this file (- for stdin).")
    ] = None,
    wide: Annotated[
        bool, typer.Option("--wide", help="Table: never cut a cell to fit the terminal width.")
    ] = False,
    max_rows: Annotated[
        int,
        typer.Option("--max-rows", min=0, help="Table and markdown: rows shown (0: all; CSV/JSON: all)."),
    ] = DEFAULT_MAX_ROWS,
    max_memory: Annotated[
        str | None,
        typer.Option("--max-memory", help="Memory the query may use, e.g. 500MB, 4GB.", show_default="1GB"),
    ] = None,
    timeout: Annotated[
        float | None,
        typer.Option("--timeout", min=0, help="Seconds the query may run (0: no limit).", show_default="60"),
    ] = None,
    wait: Annotated[
        float, typer.Option(help="Seconds to wait while another process writes to the warehouse.")
    ] = 0.0,
) -> None:
    """Run read-only SQL against the warehouse and print the result.

    SQL that starts with a comment works as it is (kpi query "-- note ..." or kpi query -- "...");
    long SQL reads well from a file (--sql-file q.sql) or stdin (kpi query - < q.sql).
    Exit status: 0 done, 1 the query failed or hit --timeout/--max-memory, 2 refused or bad
    arguments, 3 the warehouse is busy.

    Example: kpi query "SELECT title, year FROM documents" --db warehouse/demo.duckdb --format csv
    """
    from kpi.warehouse.db import WarehouseError
    from kpi.warehouse.query import DEFAULT_MAX_MEMORY, DEFAULT_TIMEOUT_SECONDS, QueryLimitHit, QueryLimits

    text = _read_sql(sql, sql_file)
    limits = QueryLimits(
        max_memory=max_memory or DEFAULT_MAX_MEMORY,
        timeout=DEFAULT_TIMEOUT_SECONDS if timeout is None else timeout,
        wait=wait,
    )
    import duckdb

    from kpi.warehouse.query import QueryRefused, open_query

    try:
        with open_query(db, text, limits, cap_process=True) as result:
            _write(result, fmt, wide=wide, max_rows=max_rows)
    except QueryRefused as exc:
        fail(exc, ExitCode.USAGE, label="refused", multiline=True)
    except (ValueError, FileNotFoundError) as exc:
        fail(exc, ExitCode.USAGE)
    except WarehouseError as exc:
        fail_warehouse(exc)
    except QueryLimitHit as exc:
        fail(exc, ExitCode.FAILURE)
    except duckdb.Error as exc:  # DuckDB's own errors: shown as they are, lines kept
        fail(exc, ExitCode.FAILURE, multiline=True)
    except BrokenPipeError:  # `kpi query … | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _read_sql(sql: str | None, sql_file: Path | None) -> str:
    if sql is not None and sql_file is not None:
        fail("give the SQL as an argument or with --sql-file, not both", ExitCode.USAGE)
    if sql_file is not None and str(sql_file) != "-":
        try:
            return sql_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            fail(f"cannot read --sql-file {sql_file}: {exc}", ExitCode.USAGE)
    if sql == "-" or (sql_file is not None and str(sql_file) == "-"):
        return sys.stdin.read()
    if sql is None:
        fail('no SQL given: kpi query "SELECT …" (or --sql-file FILE, or - for stdin)', ExitCode.USAGE)
    return sql


# -- output ----------------------------------------------------------------------------------------------------


def _write(result: Any, fmt: QueryFormat, *, wide: bool, max_rows: int) -> None:
    columns: list[str] = result.columns
    numeric = [t.split("(")[0] in NUMERIC_TYPES for t in result.types]
    if fmt is QueryFormat.csv:
        _write_csv(sys.stdout, columns, _chunks(result))
    elif fmt is QueryFormat.json:
        _write_json(sys.stdout, columns, _chunks(result))
    else:
        limit = max_rows or None
        rows = result.fetchmany(limit + 1) if limit else [r for chunk in _chunks(result) for r in chunk]
        more = bool(limit and len(rows) > limit)
        rows = rows[:limit] if limit else rows
        if fmt is QueryFormat.markdown:
            sys.stdout.write(markdown_table(columns, numeric, rows))
        elif columns == EXPLAIN_COLUMNS:
            sys.stdout.write(_explain_text(rows))
        else:
            width = None if wide else terminal_width()
            sys.stdout.write(text_table(columns, numeric, rows, width))
        if more:
            error(f"only the first {limit} rows are shown; --max-rows 0 shows all", label="note")


def _chunks(result: Any) -> Iterator[list[tuple[Any, ...]]]:
    while rows := result.fetchmany(FETCH_ROWS):
        yield rows


def terminal_width() -> int:
    """COLUMNS when set, the terminal's width on a terminal, else :data:`DEFAULT_WIDTH`."""
    cols = os.environ.get("COLUMNS", "")
    if cols.isdigit() and int(cols) > 0:
        return int(cols)
    if sys.stdout.isatty():
        return shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    return DEFAULT_WIDTH


def cell_text(value: object) -> str:
    """A value as people read it: empty for NULL and NaN, whole floats without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, bytes):
        return repr(value)[2:-1]
    return str(value)


def _cells(value: object) -> str:
    return visible(cell_text(value))


def _cut(text: str, width: int) -> str:
    from rich.cells import cell_len, set_cell_size

    if cell_len(text) <= width:
        return text
    return set_cell_size(text, max(0, width - 1)) + ELLIPSIS if width else ""


def _pad(text: str, width: int, right: bool) -> str:
    from rich.cells import cell_len

    fill = " " * max(0, width - cell_len(text))
    return fill + text if right else text + fill


def fit_widths(natural: Sequence[int], total: int | None) -> list[int]:
    """Column widths that fit ``total`` cells (gaps included): the widest columns are cut first,
    none below :data:`MIN_COLUMN_WIDTH`; ``None`` keeps every column whole."""
    widths = list(natural)
    if total is None:
        return widths
    room = total - len(COLUMN_GAP) * max(0, len(widths) - 1)
    if sum(widths) <= room:
        return widths
    floor = [min(w, MIN_COLUMN_WIDTH) for w in widths]
    lo, hi = MIN_COLUMN_WIDTH, max(widths)
    while lo < hi:  # the largest cap whose capped widths fit
        mid = (lo + hi + 1) // 2
        if sum(max(f, min(w, mid)) for w, f in zip(widths, floor, strict=True)) <= room:
            lo = mid
        else:
            hi = mid - 1
    return [max(f, min(w, lo)) for w, f in zip(widths, floor, strict=True)]


def text_table(
    columns: Sequence[str], numeric: Sequence[bool], rows: Iterable[Sequence[object]], width: int | None
) -> str:
    """A plain-text table, cells made visible, fitted into ``width`` cells (None: no cutting)."""
    from rich.cells import cell_len

    head = [visible(c) for c in columns]
    body = [[_cells(v) for v in row] for row in rows]
    if not body:
        return "(no rows)\n" if columns else ""
    natural = [max([cell_len(h)] + [cell_len(r[i]) for r in body]) for i, h in enumerate(head)]
    widths = fit_widths(natural, width)

    def line(cells: Sequence[str]) -> str:
        parts = [_pad(_cut(c, w), w, right) for c, w, right in zip(cells, widths, numeric, strict=True)]
        return COLUMN_GAP.join(parts).rstrip() + "\n"

    rule = COLUMN_GAP.join("─" * w for w in widths) + "\n"
    return line(head) + rule + "".join(line(r) for r in body)


def markdown_table(columns: Sequence[str], numeric: Sequence[bool], rows: Iterable[Sequence[object]]) -> str:
    """A GitHub-flavoured markdown table; ``|`` in a cell is escaped, control characters visible."""

    def cell(text: str) -> str:
        return visible(text).replace("\\", "\\\\").replace("|", "\\|")

    body = [[cell(cell_text(v)) for v in row] for row in rows]
    if not body:
        return "(no rows)\n"
    out = ["| " + " | ".join(cell(c) for c in columns) + " |"]
    out.append("|" + "|".join("---:" if n else ":---" for n in numeric) + "|")
    out += ["| " + " | ".join(r) + " |" for r in body]
    return "\n".join(out) + "\n"


def _explain_text(rows: Iterable[Sequence[object]]) -> str:
    """EXPLAIN's plan is drawn in lines of its own: printed as lines, each made visible."""
    return "".join(visible(line) + "\n" for row in rows for line in cell_text(row[1]).splitlines())


def _write_csv(stream: TextIO, columns: Sequence[str], chunks: Iterable[list[tuple[Any, ...]]]) -> None:
    shown = visible if stream.isatty() else str  # to a terminal no byte drives it; to a file: exact
    writer = csv.writer(stream, lineterminator="\n")
    quoted = csv.writer(stream, lineterminator="\n", quoting=csv.QUOTE_ALL)  # csv leaves a lone CR bare

    def write(cells: list[str]) -> None:
        (quoted if any("\r" in c for c in cells) else writer).writerow(cells)

    write([shown(c) for c in columns])
    for chunk in chunks:
        for row in chunk:
            write([shown(cell_text(v)) for v in row])


def _json_value(value: object) -> object:
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    return value


def _write_json(stream: TextIO, columns: Sequence[str], chunks: Iterable[list[tuple[Any, ...]]]) -> None:
    """A JSON array of one object per row, written as it is fetched; exact and safe to print."""
    stream.write("[")
    first = True
    for chunk in chunks:
        for row in chunk:
            record = {c: _json_value(v) for c, v in zip(columns, row, strict=True)}
            text = json.dumps(record, ensure_ascii=False, default=str)
            stream.write(
                ("\n" if first else ",\n") + _JSON_INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
            )
            first = False
    stream.write("\n]\n" if not first else "]\n")
