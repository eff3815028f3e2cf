"""The table engine's records: a table's columns, rows and cells, as the reader makes them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from kpi.extractors.tables.cells import Cell

_SENTENCE_BREAK = re.compile(r"[^\W\d_]{2}\. +[^\W\d_]")
"""A full stop after a word and a word after it: one sentence ends and the next begins."""
TITLE_MAX_WORDS = 12
"""A caption line longer than this is running text, not the table's title."""


@dataclass
class Column:
    """A column of number cells: its extent, its own header text and spanning header texts."""

    x0: float
    x1: float
    header: str = ""
    spans: list[str] = field(default_factory=list)  # outermost first

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class Row:
    """One table row: label (lines joined), indentation, and cells by column index."""

    label: str
    label_x0: float
    y0: float
    y1: float
    page: int
    cells: dict[int, Cell] = field(default_factory=dict)
    texts: dict[int, Cell] = field(default_factory=dict)  # non-numeric cells in number columns
    level: int = 0  # 1 for a child row (indented or "- " marked)

    @property
    def has_numbers(self) -> bool:
        return bool(self.cells)


@dataclass
class Table:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    columns: list[Column]
    rows: list[Row]
    stub: str = ""  # header text over the label column ("IFO Tkr", "Belopp i mnkr")
    caption: list[str] = field(default_factory=list)  # lines above the header, nearest last
    header_rows: int = 0
    pages: list[int] = field(default_factory=list)
    empty_headers: list[str] = field(default_factory=list)  # headers of columns with no numbers

    @property
    def title(self) -> str | None:
        """The nearest caption line that reads as a title: at most :data:`TITLE_MAX_WORDS` words,
        not a lead-in (a colon at its end: the line above may be the title).  Running text above
        the table (a line that ends or breaks a sentence, starts in lower case or with a list
        mark) means there is no title."""
        for line in reversed(self.caption):
            words = line.split()
            if not words:
                continue
            if line.rstrip().endswith(":"):
                continue
            if (
                len(words) > TITLE_MAX_WORDS
                or line.rstrip().endswith(".")
                or _SENTENCE_BREAK.search(line)
                or not words[0][:1].isalnum()
                or words[0][:1].islower()
            ):
                return None
            return " ".join(words)
        return None

    @property
    def header_text(self) -> str:
        return " ".join([self.stub, *(" ".join([*c.spans, c.header]) for c in self.columns)])


def copy_table(t: Table) -> Table:
    """A table whose rows, columns and lists can change without changing ``t`` (cells and words,
    which nobody changes, are shared)."""
    return replace(
        t,
        columns=[replace(c, spans=list(c.spans)) for c in t.columns],
        rows=[replace(r, cells=dict(r.cells), texts=dict(r.texts)) for r in t.rows],
        caption=list(t.caption),
        pages=list(t.pages),
        empty_headers=list(t.empty_headers),
    )
