"""Tables read from the document flow, found from their header row: the engine's reading for
tables whose value columns may hold words as well as numbers ("Öka", "Ja", ">90 %") and whose
rows carry long wrapped names ("INDIKATORER | UTFALL 2019 | MÅL 2020", ruled or borderless).

The caller says which header words anchor a table (:class:`HeaderWords`: the indicator
recognizer's vocabulary); from there on everything is geometry.  Header cells may wrap over
several lines above and below the anchor cell.  The body is read line by line: a cell that
starts at the name column's left edge is name text, every other word goes to the value column
whose gutter it falls in.  Lines are grouped into rows by vertical spacing (rows are set further
apart than the lines inside a row), by ruling lines when present, and by where the values sit.
A table that reaches the foot of a page continues on the next page when the first lines there
fit its columns (with or without a repeated header).  Tables of numbers are read again, with
every other table, by the cell layer (:mod:`kpi.extractors.tables.layer`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from kpi.extractors.tables.cells import Cell
from kpi.extractors.tables.flow import Flow, Line, join_texts
from kpi.extractors.tables.model import Column
from kpi.extractors.tables.reader import CAPTION_LINES

HEADER_REACH = 3.2
"""Header lines are looked for up to this many type sizes above or below the label line."""
NAME_EDGE_EM = 0.8
"""A cell whose left edge is within this many type sizes of the name column's edge is name text."""
ROW_BREAK_PITCH = 1.2
"""In a table whose line pitches are of two sizes, a pitch this much larger than the smallest
starts a new row (rows are set further apart than the wrapped lines of one name)."""
LABEL_WRAP_GAP_EM = 0.6
"""A line this close (in type sizes) under a header may carry on the header's label cell."""
TABLE_BREAK_EM = 3.5
"""A vertical gap larger than this many type sizes ends a table."""
LARGER_TYPE = 0.6
"""Points of type size above (a heading) or below (a footnote) the table's own that end it."""
BOUNDARY_PAD_EM = 0.3
"""The name column ends this many type sizes left of the first value text."""
MIN_STRIP = 1.0
"""Points of free width for a strip between two columns to count as their boundary."""
ALIGN_TOL = 1.0
"""Points within which two edges count as aligned."""
NEAR_EM = 1.2
"""Values ending this close (in type sizes) before a header's left edge end their column there."""


@dataclass(frozen=True)
class HeaderWords:
    """What anchors a table in the flow: a first header cell that names the row column
    (``label``) and header text that names a value column (``kind``)."""

    label: Callable[[str], bool]
    kind: Callable[[str], bool]
    may_anchor: Callable[[str], bool]
    """A cheap test of a whole line's text that every anchoring line passes (its first cell is
    the start of its text): lines that fail it are never cut into cells to be looked at."""


@dataclass
class FlowRow:
    """One indicator row: the name lines and the text of each value column."""

    page: int
    lines: list[Line]
    name_parts: list[str] = field(default_factory=list)
    values: dict[int, list[str]] = field(default_factory=dict)
    group: str | None = None

    @property
    def name(self) -> str:
        return join_texts(self.name_parts)

    def value(self, col: int) -> str:
        return join_texts(self.values.get(col, []))

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        ls = [ln for ln in self.lines if ln.page == self.page]
        return (
            min(ln.x0 for ln in ls),
            min(ln.y0 for ln in ls),
            max(ln.x1 for ln in ls),
            max(ln.y1 for ln in ls),
        )


@dataclass
class FlowTable:
    """A table read from the flow: its anchor, columns, header lines and rows."""

    label: str
    words: HeaderWords
    name_x0: float
    size: float
    columns: list[Column]
    header_lines: list[Line]
    rows: list[FlowRow] = field(default_factory=list)
    caption: str = ""
    name_end: float = 0.0  # words left of this x are name text
    bounds: list[float] = field(default_factory=list)  # x between value column k and k+1


def _headerish(line: Line, label: Cell) -> bool:
    """Every cell right of the label cell (a wrapped header line carries no name text)."""
    return all(c.x0 > label.x1 + 0.5 * line.size for c in line.cells())


def _wraps_label(line: Line, above: Line, label: Cell) -> bool:
    """A line that carries on the header's label cell: one cell under the label, starting in
    lower case (the middle of a phrase, not a group row's name), set at the header's own line
    spacing (closer than :data:`LABEL_WRAP_GAP_EM` type sizes)."""
    cells = line.cells()
    return (
        len(cells) == 1
        and abs(cells[0].x0 - label.x0) <= NAME_EDGE_EM * line.size
        and cells[0].text[:1].islower()
        and line.y0 - above.y1 <= LABEL_WRAP_GAP_EM * line.size
    )


def _collect_header(flow: Flow, i: int, label: Cell, words: HeaderWords) -> list[Line]:
    anchor = flow.lines[i]
    reach = HEADER_REACH * anchor.size
    band = [anchor]
    j = i - 1
    while j >= 0:
        ln = flow.lines[j]
        if ln.page != anchor.page or band[0].y0 - ln.y1 > reach / 2 or not _headerish(ln, label):
            break
        band.insert(0, ln)
        j -= 1
    j = i + 1
    while j < len(flow.lines):
        ln = flow.lines[j]
        if ln.page != anchor.page or ln.y0 - band[-1].y1 > reach / 2:
            break
        if not _headerish(ln, label):
            if _wraps_label(ln, band[-1], label):
                band.append(ln)  # "Statistik simskola" / "deltagartillfällen": the label cell wraps
                j += 1
                continue
            break
        if not (ln.is_bold == anchor.is_bold or words.kind(ln.text) or re.fullmatch(r"[\d\s–-]+", ln.text)):
            break
        band.append(ln)
        j += 1
    return band


def _columns(band: list[Line], label: Cell, words: HeaderWords) -> list[Column]:
    cells = sorted(
        (c for ln in band for c in ln.cells() if c is not label and c.x0 > label.x1), key=lambda c: c.x0
    )
    groups: list[list[Cell]] = []
    for c in cells:
        for g in groups:
            if c.x0 <= max(x.x1 for x in g) and c.x1 >= min(x.x0 for x in g):
                g.append(c)
                break
        else:
            groups.append([c])
    # merging may make earlier groups overlap later ones: merge to a fixed point
    merged = True
    while merged:
        merged = False
        for a in groups:
            for b in groups:
                if (
                    a is not b
                    and min(x.x0 for x in b) <= max(x.x1 for x in a)
                    and max(x.x1 for x in b) >= min(x.x0 for x in a)
                ):
                    a.extend(b)
                    groups.remove(b)
                    merged = True
                    break
            if merged:
                break
    # a wrapped header line that does not overlap its first line ("PROG. UTFALL" over a right-
    # aligned "2019") joins the column whose header starts left of it
    kinds = sorted(
        (g for g in groups if words.kind(" ".join(c.text for c in g))), key=lambda g: min(c.x0 for c in g)
    )
    if kinds:
        for g in [g for g in groups if not any(g is k for k in kinds)]:
            xc = (min(c.x0 for c in g) + max(c.x1 for c in g)) / 2
            owner = [k for k in kinds if min(c.x0 for c in k) <= xc] or kinds[:1]
            owner[-1].extend(g)
        groups = kinds
    out = []
    for g in groups:
        g.sort(key=lambda c: (round(c.y0), c.x0))
        out.append(Column(min(c.x0 for c in g), max(c.x1 for c in g), join_texts([c.text for c in g])))
    return sorted(out, key=lambda c: c.x0)


def find_header(flow: Flow, i: int, words: HeaderWords) -> tuple[FlowTable, int] | None:
    """The table whose anchor cell is on line ``i``, and the index after its header."""
    line = flow.lines[i]
    if not words.may_anchor(line.text):
        return None
    cells = line.cells()
    label = cells[0]
    if not words.label(label.text):
        return None
    band = _collect_header(flow, i, label, words)
    if len(band) == 1 and len(cells) < 2:
        return None
    columns = _columns(band, label, words)
    if not columns or not any(words.kind(c.header) for c in columns):
        return None
    label_text = join_texts([c.text for ln in band for c in ln.cells()[:1] if c.x0 <= label.x1])
    first = min(ln.index for ln in band)
    caption = " ".join(
        flow.lines[k].text
        for k in range(max(0, first - CAPTION_LINES), first)
        if flow.lines[k].page == line.page
    )
    table = FlowTable(label_text, words, label.x0, line.size, columns, band, caption=caption)
    return table, max(ln.index for ln in band) + 1


def _at_name_edge(table: FlowTable, cell: Cell) -> bool:
    return abs(cell.x0 - table.name_x0) <= NAME_EDGE_EM * table.size


def _fits(table: FlowTable, line: Line, prev: Line | None) -> bool:
    """Whether a line can belong to the table body (columns are settled after the body is read)."""
    if abs(line.size - table.size) > LARGER_TYPE or header_line(line, table.words):
        return False  # a heading, or a footnote in smaller type
    if prev is not None and prev.page == line.page and line.y0 - prev.y1 > TABLE_BREAK_EM * table.size:
        return False
    cells = line.cells()
    if cells[0].x0 < table.name_x0 - NAME_EDGE_EM * table.size:
        return False
    if len(cells) == 1 and _at_name_edge(table, cells[0]) and cells[0].x1 > table.columns[-1].x0:
        return False  # a paragraph running across the whole table
    return not _runs_on(table, cells[0])


def _runs_on(table: FlowTable, cell: Cell) -> bool:
    """Running text below the table: a line at the name edge whose words carry on into the value
    columns at the line's own word spacing, in lower case and without a digit (a sentence going
    on), where a value squeezed against a long name would be a number or a capitalised word."""
    if not _at_name_edge(table, cell):
        return False
    words = cell.words
    k = next((n for n, w in enumerate(words) if w.x0 >= table.columns[0].x0 - ALIGN_TOL), 0)
    if k < 2:
        return False
    spacing = sorted(b.x0 - a.x1 for a, b in itertools.pairwise(words[:k]))
    step = words[k].x0 - words[k - 1].x1
    return (
        words[k].text[:1].islower()
        and not any(ch.isdigit() for w in words[k:] for ch in w.text)
        and abs(step - spacing[len(spacing) // 2]) <= ALIGN_TOL
    )


def header_line(line: Line, words: HeaderWords) -> bool:
    """Does the line look like an anchoring header line (a cheap test: no header stack read)?"""
    return words.may_anchor(line.text) and words.label(line.cells()[0].text) and words.kind(line.text)


def _continues(table: FlowTable, line: Line) -> bool:
    """A line at the top of a new page that carries on the table (name text and other cells)."""
    cells = line.cells()
    return _fits(table, line, None) and _at_name_edge(table, cells[0]) and len(cells) > 1


def read_body(flow: Flow, table: FlowTable, start: int) -> int:
    """Fill ``table.rows`` from line ``start``; return the index of the first line after the table."""
    body: list[Line] = []
    j = start
    prev: Line | None = None
    while j < len(flow.lines):
        ln = flow.lines[j]
        if prev is not None and ln.page != prev.page:
            if not _continues(table, ln):
                break
        elif not _fits(table, ln, prev):
            break
        body.append(ln)
        prev = ln
        j += 1
    _settle_columns(table, body)
    table.rows = _rows(table, body, flow)
    return j


def _settle_columns(table: FlowTable, body: list[Line]) -> None:
    """Where the name column ends and each value column begins, from the header and the body.

    Header cells may be left-aligned, centred or right-aligned over their values, so the
    boundary between two columns is put in the widest vertical strip of the gap between their
    headers that no value cell covers (the white river between the columns).
    """
    cells = [c for ln in body for c in ln.cells() if not _at_name_edge(table, c)]
    pad = BOUNDARY_PAD_EM * table.size
    table.name_end = min([table.columns[0].x0, *(c.x0 for c in cells)]) - pad
    table.bounds = []
    for a, b in zip(table.columns, table.columns[1:], strict=False):
        table.bounds.append(_boundary(a, b, cells))


def _boundary(a: Column, b: Column, cells: list[Cell]) -> float:
    """The x between columns a and b: in a strip of the gap between their headers that no value
    cell covers; next to b when b's values are left-aligned under it, next to a when a's values
    are right-aligned under it, else the widest such strip."""
    lo, hi = a.x1, b.x0
    if hi <= lo:
        return (lo + hi) / 2
    strips: list[tuple[float, float]] = []
    x = lo
    for c0, c1 in sorted((max(lo, c.x0), min(hi, c.x1)) for c in cells if c.x1 > lo and c.x0 < hi):
        if c0 - x >= MIN_STRIP:
            strips.append((x, c0))
        x = max(x, c1)
    if hi - x >= MIN_STRIP:
        strips.append((x, hi))
    if not strips:
        return (lo + hi) / 2
    near = NEAR_EM * max(c.y1 - c.y0 for c in cells) if cells else 0.0
    left_under_b = any(abs(c.x0 - b.x0) < ALIGN_TOL or 0 <= b.x0 - c.x1 <= near for c in cells)
    right_under_a = any(abs(c.x1 - a.x1) < ALIGN_TOL for c in cells)
    if left_under_b and not right_under_a:
        s = strips[-1]
    elif right_under_a and not left_under_b:
        s = strips[0]
    else:
        s = max(strips, key=lambda t: t[1] - t[0])
    return (s[0] + s[1]) / 2


def _column_of(table: FlowTable, x: float) -> int:
    return sum(1 for b in table.bounds if x > b)


def _split_line(table: FlowTable, line: Line) -> tuple[list[str], dict[int, list[str]]]:
    """Name text and the text of each value column on one body line, word by word."""
    names: list[str] = []
    values: dict[int, list[str]] = {}
    name_x1: float | None = None
    for c in line.cells():
        edge = _at_name_edge(table, c) or (
            # name text that overflows its cell a little, left of the first column's header
            name_x1 is not None and c.x0 < table.columns[0].x0 - ALIGN_TOL and c.x0 - name_x1 < 2 * line.gap
        )
        groups: list[tuple[int, list[str]]] = []  # column (-1 = name), words
        for w in c.words:
            if edge:  # name text, unless a value sits in the same cell (a gap too tight to see)
                col = -1 if w.x0 < table.columns[0].x0 - ALIGN_TOL or not groups else _column_of(table, w.xc)
                if groups and groups[-1][0] >= 0:
                    col = _column_of(table, w.xc)
            else:
                col = -1 if w.x1 <= table.name_end else _column_of(table, w.xc)
            if groups and groups[-1][0] == col:
                groups[-1][1].append(w.text)
            else:
                groups.append((col, [w.text]))
        if groups and groups[0][0] < 0:
            name_x1 = c.words[len(groups[0][1]) - 1].x1
        for col, words in groups:
            if col < 0:
                names.append(" ".join(words))
            else:
                values.setdefault(col, []).append(" ".join(words))
    return names, values


def _row_breaks(table: FlowTable, body: list[Line], flow: Flow) -> set[int]:
    """Indexes into ``body`` of lines that start a new row."""
    breaks: set[int] = {0} if body else set()
    pitches = [b.y0 - a.y0 for a, b in itertools.pairwise(body) if a.page == b.page]
    small = min(pitches) if pitches else 0.0
    bimodal = bool(pitches) and max(pitches) > small * ROW_BREAK_PITCH
    splits = [_split_line(table, ln) for ln in body]
    filled: set[int] = set()
    for n in range(len(body)):
        names, values = splits[n]
        new = n == 0 or body[n].page != body[n - 1].page
        if not new and bimodal:
            new = body[n].y0 - body[n - 1].y0 > small * ROW_BREAK_PITCH
        elif not new:
            new = bool(names) and bool(values) and bool(filled & set(values))
        if not new and names and n > 0 and body[n].is_bold != body[n - 1].is_bold:
            new = True  # a bold group label above plain rows, or the reverse
        if not new and names and re.match(r"\(?[NU]\d{5}\)?\s", names[0]):
            new = True
        if new:
            breaks.add(n)
            filled = set()
        filled |= set(values)
    return breaks


def _rows(table: FlowTable, body: list[Line], flow: Flow) -> list[FlowRow]:
    breaks = _row_breaks(table, body, flow)
    group: str | None = None
    rows: list[FlowRow] = []
    for n, ln in enumerate(body):
        names, values = _split_line(table, ln)
        if n in breaks or not rows:
            rows.append(FlowRow(ln.page, []))
        row = rows[-1]
        row.lines.append(ln)
        row.name_parts += names
        for k, texts in values.items():
            row.values.setdefault(k, []).extend(texts)
    out: list[FlowRow] = []
    for row in rows:
        if not row.values and row.name:
            group = row.name  # a label-only row heads the rows below it ("Antal besökare")
            continue
        row.group = group
        out.append(row)
    return out


def find_tables(flow: Flow, words: HeaderWords) -> list[FlowTable]:
    """Every table of the flow that ``words`` anchors, with at least one row."""
    tables: list[FlowTable] = []
    i = 0
    while i < len(flow.lines):
        found = find_header(flow, i, words)
        if found is None:
            i += 1
            continue
        table, start = found
        end = read_body(flow, table, start)
        if table.rows:
            tables.append(table)
        i = max(end, i + 1)
    return tables
