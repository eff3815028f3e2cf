"""The one output layer for people: every untrusted string reaches the terminal through here.

Paths, PDF text, error messages and query cells come from outside kpi.  Printed as they are, a
cell reading ``[b]x[/b]`` would be read as console markup (a ``[/`` in a file name crashed
ingest), ``:smile:`` would become an emoji and an ESC byte in a file name would drive the
terminal.  So:

- the consoles never interpret emoji codes and never colour numbers or paths on their own
  (``emoji=False``, ``highlight=False``);
- :func:`visible` shows every control character (C0, DEL, C1), bidirectional override, line
  separator and byte that is not UTF-8 (a surrogate escape) as a visible escape such as ``\\x1b``,
  ``\\n`` or ``\\u202e``; nothing else of the text changes;
- :func:`safe` does that and escapes console markup, for text put into kpi's own markup lines;
  :func:`plain` gives a :class:`rich.text.Text` that is never parsed as markup at all.

Machine formats (``--json``, ``kpi query --format csv|json``) keep the data exact; see
:mod:`kpi.pipeline.commands.query`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NoReturn

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from kpi.pipeline.exitcodes import ExitCode

if TYPE_CHECKING:
    from pathlib import Path

    import duckdb

    from kpi.warehouse.db import WarehouseError

err = Console(stderr=True, highlight=False, emoji=False)
"""Errors, warnings and progress."""
out = Console(highlight=False, emoji=False)
"""Results."""

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f"  # C0, DEL, C1
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidirectional marks, embeddings, overrides, isolates
    "\u2028\u2029"  # line and paragraph separators
    "\udc80-\udcff]"  # a byte that is not UTF-8, kept by surrogateescape (os.fsdecode)
)


def _escape_char(m: re.Match[str]) -> str:
    ch = m.group()
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"  # the original byte
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(value: object) -> str:
    """``value`` as text with every control, bidi-override and undecodable character made visible."""
    return _INVISIBLE.sub(_escape_char, str(value))


def visible_lines(text: str) -> str:
    """Like :func:`visible`, but line breaks stay line breaks (a table printed as text)."""
    return "\n".join(visible(line) for line in text.split("\n"))


def safe(value: object) -> str:
    """``value`` ready to put into a markup line: characters made visible, markup escaped."""
    return escape(visible(value))


def plain(value: object, style: str = "") -> Text:
    """``value`` as a :class:`~rich.text.Text`: printed as it reads, never parsed as markup."""
    return Text(visible(value), style=style)


def error(message: object, *, label: str = "error", multiline: bool = False) -> None:
    """``label: message`` on stderr, ``message`` untrusted (an exception, a path …).

    One line, newlines shown as ``\\n``; with ``multiline`` (DuckDB's messages, whose lines point
    into the SQL) each line is kept a line of its own and made safe by itself.
    """
    lines = str(message).splitlines() if multiline else [str(message)]
    text = "\n".join(safe(line) for line in lines or [""])
    err.print(f"[red]{label}:[/red] {text}", soft_wrap=True)


def warning(message: object) -> None:
    err.print(f"[yellow]warning:[/yellow] {safe(message)}", soft_wrap=True)


def fail(message: object, code: int, *, label: str = "error", multiline: bool = False) -> NoReturn:
    """Print ``label: message`` and leave the command with exit status ``code``."""
    import typer

    error(message, label=label, multiline=multiline)
    raise typer.Exit(code)


def warehouse_exit_code(exc: WarehouseError) -> ExitCode:
    """3 when another process holds the warehouse, 2 for a --db that is no kpi warehouse (or whose
    folder is missing), 1 for the disk (full, not permitted)."""
    from kpi.warehouse.db import NotAWarehouse, WarehouseBusy

    if isinstance(exc, WarehouseBusy):
        return ExitCode.BUSY
    if isinstance(exc, NotAWarehouse):
        return ExitCode.USAGE
    return ExitCode.FAILURE


def fail_warehouse(exc: WarehouseError) -> NoReturn:
    """A warehouse that could not be opened or written: its message and exit status."""
    fail(exc, warehouse_exit_code(exc))


def require_warehouse(db: Path) -> None:
    """Leave with exit status 2 when ``db`` does not exist (a command never creates one by mistake)."""
    if not db.exists():
        fail(f"no warehouse at {db}", ExitCode.USAGE)


def open_warehouse(db: Path, read_only: bool = False, wait: float = 0.0) -> duckdb.DuckDBPyConnection:
    """The warehouse a command works on, or its message and exit status when it cannot be opened."""
    from kpi.warehouse.db import WarehouseError, connect

    require_warehouse(db)
    try:
        return connect(db, read_only=read_only, wait=wait)
    except WarehouseError as exc:
        fail_warehouse(exc)
