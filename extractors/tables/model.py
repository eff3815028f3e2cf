"""The table engine's records: a table's columns, rows and cells, as the reader makes them."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from extractors.tables.cells import Cell


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
