"""Generic table reconstruction from a page's words and ruling lines.

The data flow, one pure function per step:

``cells_of_line``      a text line -> cells (words split at wide gaps, at vertical rules, and
                       between numbers that stand side by side; :mod:`extractors.tables.cells`)
``find_bodies``        cells per line -> runs of lines that carry numbers right of a label
``column_slots``       a body's number cells -> columns (x-clusters of number cells)
``header_of_body``     the lines just above a body -> header lines; their cells -> each column's
                       own header and its spanning headers (``Period``/``Helår``, ``Budget 2019``)
``rows_of_body``       body lines -> rows with multi-line labels, indentation and cells
``tables_on_page``     all of the above for one page
``join_continuations`` a table split by a page break -> one table (:mod:`extractors.tables.pages`)

Recognizers decide what a table *means* (budget, risks); this module only says where its rows,
columns, headers and cells are.  Nothing here knows the samples' coordinates: gaps and
tolerances are relative to the type size.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from extractors.layout import Page, Rule, TextLine, Word
from extractors.normalize.numbers import is_placeholder
from extractors.normalize.periods import is_range_dash
from extractors.tables.cells import Cell, CellLine, crossed, page_lines
from extractors.tables.headers import (
    header_block,
    is_period_line,
    is_running_text,
    is_year_part_line,
    only_header_tail,
    paragraph_lines,
    ruled_apart,
    split_at_edges,
    split_at_rules,
    unglue,
)
from extractors.tables.rules import NO_RULES, VerticalRules, separators, table_rules
from extractors.vocabulary import COMPOUND_CONJUNCTIONS, LABEL_CONNECTOR_WORDS

BODY_GAP_EM = 2.6
"""Lines of one table body are at most this many type heights apart (row padding included)."""
HEADER_GAP_EM = 2.2
"""A header line is at most this many type heights above the line below it."""
HEADER_RULED_GAP_EM = 4.0
"""...and up to this many when a rule under it separates it from the body (a padded header band)."""
HEADER_LINE_GAP_EM = 1.0
"""Lines of one header are at most this far apart; a caption above is further away."""
STUB_WRAP_GAP_EM = 0.6
"""A stub text line above the header's first line belongs to the stub when this close."""
MAX_HEADER_LINES = 7
"""Headers taller than this are not headers but text above the table."""
CAPTION_LINES = 3
"""Lines above the header read as the table's caption / title."""
CAPTION_GAP_EM = 4.5
"""A caption line is at most this far above the header (or the body when there is none)."""
INDENT_EM = 0.7
"""A label indented by more than this (in type heights) is a child row."""
ROW_PITCH_RATIO = 1.3
"""Rows set this much further apart than a label's own lines: a label-only line that follows at
line pitch continues the row above."""

_DASH_LIST_MARK = re.compile(r"^[-\u2013\u2012\u2014\u2212•·]\s*")
FURNITURE = "furniture"
"""``Page.memo`` key: indexes of the page's running header and footer lines, which no table
reads (set by :func:`extractors.tables.pages.tables_of_document`)."""


# ----------------------------------------------------------------------------------------------
# Records
# ----------------------------------------------------------------------------------------------
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


# ----------------------------------------------------------------------------------------------
# Bodies and columns
# ----------------------------------------------------------------------------------------------
def _is_number_line(ln: CellLine, text_left: float) -> bool:
    if not ln.has_digit or len(ln.label_cells) == len(ln.cells):
        return False  # no number cell
    # a lone number at the margin is a page number or list item, not a row
    return not (ln.cells[0].is_number and len(ln.cells) == 1 and ln.cells[0].x0 <= text_left + 1)


def _is_prose(ln: CellLine, right: float) -> bool:
    """A running-text line: one wide cell reaching into the number columns."""
    return (
        len(ln.cells) == 1
        and not ln.cells[0].is_number
        and ln.cells[0].x1 > right
        and len(ln.cells[0].words) >= 6
    )


def _only_label_numbers(ln: CellLine, first_num_x: float) -> bool:
    """Does a line print numbers only in the label column, left of the body's values (a project
    number under its name, ``(6014)``)? It then continues a label, it is no row of values."""
    return all(c.x1 < first_num_x - 1 for c in ln.cells if c.is_number)


def column_slots(number_cells: list[Cell]) -> list[Column]:
    """Columns as clusters of horizontally overlapping number cells, left to right."""
    spans = sorted((c.x0, c.x1) for c in number_cells)
    cols: list[list[float]] = []
    for a, b in spans:
        if cols and a <= cols[-1][1] - 0.5:
            cols[-1][1] = max(cols[-1][1], b)
        else:
            cols.append([a, b])
    return [Column(a, b) for a, b in cols]


def merge_headless(cols: list[Column], body: Sequence[CellLine]) -> list[Column]:
    """Join a column without a header of its own to its neighbour that has one when no line
    prints a number in both: one column whose values are aligned two ways (numbers right,
    ``20 (2024)`` left, as a word processor sets them under one header)."""
    if len(cols) < 2:
        return cols

    def used(col: Column) -> set[int]:
        return {
            k
            for k, ln in enumerate(body)
            for c in ln.cells
            if c.is_number and c.x0 < col.x1 and c.x1 > col.x0
        }

    out = [cols[0]]
    for col in cols[1:]:
        prev = out[-1]
        bare_prev, bare = not (prev.header or prev.spans), not (col.header or col.spans)
        if bare_prev != bare and not (used(prev) & used(col)):
            named = col if bare_prev else prev
            out[-1] = Column(min(prev.x0, col.x0), max(prev.x1, col.x1), named.header, list(named.spans))
        else:
            out.append(col)
    return out


def find_bodies(lines: list[CellLine], text_left: float) -> list[list[int]]:
    """Indexes of runs of lines forming table bodies (number lines and the label lines between)."""
    bodies: list[list[int]] = []
    cur: list[int] = []
    numeric = [_is_number_line(ln, text_left) for ln in lines]
    first_num_x = 1e9  # the leftmost number cell of the current body's lines
    for i, ln in enumerate(lines):
        if cur:
            prev = lines[cur[-1]]
            gap = ln.y0 - prev.y1
            near = gap <= BODY_GAP_EM * max(prev.height, ln.height)
            label_like = (not numeric[i] or _only_label_numbers(ln, first_num_x)) and (
                not _is_prose(ln, first_num_x) and all(c.x1 < first_num_x - 1 for c in ln.cells)
            )
            if near and (numeric[i] or label_like):
                cur.append(i)
                if not label_like:
                    first_num_x = min(first_num_x, ln.number_x0)
                continue
            bodies.append(cur)
            cur = []
        if numeric[i]:
            cur = [i]
            first_num_x = ln.number_x0
    if cur:
        bodies.append(cur)
    out = []
    for b in bodies:
        last_num = max(k for k, i in enumerate(b) if numeric[i])
        keep = last_num + 1
        while keep < len(b) and _wording_continues(lines[b[keep - 1]].line.text, lines[b[keep]].line.text):
            keep += 1
        out.append(b[:keep])
    return out


def _wording_continues(above: str, text: str) -> bool:
    """Does the wording say that ``text`` goes on from the label line ``above``?"""
    first = text.split(" ")[0]
    last = above.rstrip().split(" ")[-1].lower()
    return (
        first[:1].islower()
        or first[:1] in "(&/"
        or above.rstrip()[-1:] in ",-\u2013/&"
        or last in LABEL_CONNECTOR_WORDS
    )


# ----------------------------------------------------------------------------------------------
# Headers
# ----------------------------------------------------------------------------------------------
def join_fragments(parts: list[str], known: Callable[[str], bool] = lambda s: False) -> str:
    """Join header lines top to bottom, mending words broken at a line end: ``Prognos-`` +
    ``avvikelse`` -> ``Prognosavvikelse``, ``Avvik`` + ``else`` -> ``Avvikelse`` when ``known``
    says the glued word is one; otherwise with a space.  A range's dash stays (``jan-`` + ``maj``
    -> ``jan-maj``), and so does a compound's (``barn-`` + ``och unga``)."""
    out = ""
    for p in (x.strip() for x in parts):
        if not p:
            continue
        if not out:
            out = p
            continue
        last = out.split(" ")[-1]
        first = p.split(" ")[0]
        if is_range_dash(last, first):
            out = out + p  # "jan-" + "maj": a range, not a broken word
        elif last.endswith("-") and first.lower() in COMPOUND_CONJUNCTIONS:
            out = f"{out} {p}"  # "barn-" + "och unga": a compound's shared part
        elif last.endswith("-") and len(last) > 1 and first[:1].islower():
            out = out[:-1] + p
        elif first[:1].islower() and known((last + first).lower()):
            out = out + p
        else:
            out = f"{out} {p}"
    return out


def _over(cell: Cell, label_right: float, label_left: float) -> bool:
    """Is a header cell over the number columns (its centre right of the row labels, and it
    does not start where the labels start, as the stub does)?"""
    return cell.xc > label_right + 1 and cell.x0 > label_left + 2


def _unglued(ln: CellLine, vrules: VerticalRules) -> CellLine:
    """A ruled header line whose words two cells' headers glued together are cut at the rule."""
    xs = vrules.xs_of_line(ln.y0, ln.y1)
    return _recut(ln, xs, split_at_rules)


def _recut(
    ln: CellLine, xs: Sequence[float], split: Callable[[list[Word], Sequence[float]], list[list[Word]]]
) -> CellLine:
    """The line with each cell's words unglued and split at ``xs`` (rules or column edges).  A
    cell that stays whole is kept as it is, and so is a line none of whose cells is cut (most
    are not): making cells anew costs more than the cutting test.  A one-word cell is cut only
    where an x passes through the word (a split needs two words)."""
    cells: list[Cell] = []
    for c in ln.cells:
        if len(c.words) == 1 and not any(c.x0 < x < c.x1 for x in xs):
            cells.append(c)
            continue
        parts = [p for g in unglue(c.words, xs) for p in split(g, xs)]
        if len(parts) == 1:  # neither cut nor a word split: the same words
            cells.append(c)
        else:
            cells.extend(Cell(p) for p in parts)
    return ln if len(cells) == len(ln.cells) else CellLine(ln.line, cells)


def _cell_box(cell: Cell, vrules: VerticalRules) -> tuple[float, float] | None:
    """The nearest vertical rules left and right of a cell that cross its line, if any."""
    crossing = vrules.xs_of_line(cell.y0, cell.y1)
    if not crossing:
        return None
    # a word that overflows the box a little still has the box's rule on its far half
    left = [x for x in crossing if x <= max(cell.x0 + 0.5, cell.words[0].xc)]
    right = [x for x in crossing if x >= min(cell.x1 - 0.5, cell.words[-1].xc)]
    if not left or not right:
        return None
    return max(left), min(right)


def _column_of_header(cell: Cell, cols: list[Column], label_right: float) -> list[int]:
    """The column a header cell names: the one its text overlaps most, else the one whose
    territory holds its centre — numbers are right-aligned, so a column reaches left to the
    previous column's right edge (a left-aligned header sits there)."""
    overlaps = [(min(cell.x1, c.x1) - max(cell.x0, c.x0), i) for i, c in enumerate(cols)]
    best = max(overlaps)
    if best[0] > 0:
        return [best[1]]
    for i, c in enumerate(cols):
        lo = cols[i - 1].x1 if i else label_right - 2
        hi = c.x1 if i < len(cols) - 1 else 1e9
        if lo < cell.xc <= hi:
            return [i]
    return []


def _heads_own_column(
    cell: Cell, lower: Sequence[CellLine], cols: list[Column], label_right: float, label_left: float
) -> bool:
    """Is a header cell alone on its line the header of the one column that the first lower
    header line with several cells has no cell for?"""
    many = next(
        (ln for ln in lower if sum(1 for c in ln.cells if _over(c, label_right, label_left)) >= 2), None
    )
    if many is None:
        return False
    below = [c for c in many.cells if _over(c, label_right, label_left)]
    if any(c.x0 - 1 <= cell.xc <= c.x1 + 1 for c in below):
        return False
    owners = _column_of_header(cell, cols, label_right)
    taken = {i for c in below for i in _column_of_header(c, cols, label_right)}
    return len(owners) == 1 and owners[0] not in taken


def _frame_boxes(
    hdr: Sequence[CellLine], cols: list[Column], vrules: VerticalRules, label_right: float, label_left: float
) -> set[tuple[float, float]]:
    """Rule pairs that box several header cells of different columns: the table's frame (a
    shaded header band with rules only at its ends), not a spanning cell."""
    seen: dict[tuple[float, float], set[int]] = {}
    for ln in hdr:
        for c in ln.cells:
            if not _over(c, label_right, label_left):
                continue
            box = _cell_box(c, vrules)
            own = _column_of_header(c, cols, label_right)
            if box is not None and len(own) == 1:
                seen.setdefault(box, set()).add(own[0])
    return {box for box, owners in seen.items() if len(owners) > 1}


def _slot_bounds(cols: list[Column], left_edge: float) -> list[tuple[float, float]]:
    bounds = []
    for i, c in enumerate(cols):
        lo = left_edge if i == 0 else (cols[i - 1].x1 + c.x0) / 2
        hi = 1e9 if i == len(cols) - 1 else (c.x1 + cols[i + 1].x0) / 2
        bounds.append((lo, hi))
    return bounds


def header_of_body(
    lines: list[CellLine],
    first: int,
    cols: list[Column],
    label_right: float,
    vrules: VerticalRules,
    known: Callable[[str], bool],
    hrules: Sequence[Rule] = (),
    label_left: float = -1e9,
) -> tuple[int, str, list[str]]:
    """Find the header lines above ``lines[first]``; fill each column's header and spans.

    Returns (index of the first header line, stub text, headers of columns without numbers).
    A header cell that covers several
    columns (by its ruled cell box, or as the only cell over the number area on its line while
    a lower header line has several) becomes a spanning header of those columns.
    """
    if not cols:
        return first, "", []
    left_num = cols[0].x0
    idx = first
    hdr: list[CellLine] = []
    below_y0 = lines[first].line.y0
    ruled = crossed(lines[first], vrules)
    while idx > 0 and len(hdr) < MAX_HEADER_LINES:
        ln = lines[idx - 1]
        if ruled and not crossed(ln, vrules):
            break  # outside the ruled box: a caption
        limit = HEADER_LINE_GAP_EM if hdr and not ruled else HEADER_GAP_EM
        if not hdr and any(ln.line.y1 <= r.y0 <= below_y0 and r.x1 > left_num for r in hrules):
            limit = HEADER_RULED_GAP_EM  # a header band ruled off from the body, padded tall
        if below_y0 - ln.line.y1 > limit * ln.line.height:
            break
        if is_running_text(ln, label_left, cols[-1].x1):
            k = paragraph_lines(hdr, ln)  # the end of its paragraph is no header either
            hdr, idx = hdr[k:], idx + k
            break
        if _is_prose(ln, left_num) or (
            any(c.is_number and not c.is_year for c in ln.cells)
            and not is_year_part_line(ln)
            and not (is_period_line(ln) and _over(ln.cells[0], label_right, label_left))
        ):
            break
        if not any(_over(c, label_right, label_left) for c in ln.cells):
            # nothing over the number columns: a caption, unless it is the stub's first line
            wrapped_stub = (
                hdr
                and not _over(hdr[0].cells[0], label_right, label_left)
                and abs(ln.line.height - hdr[0].line.height) <= 0.1 * hdr[0].line.height
                and below_y0 - ln.line.y1 <= STUB_WRAP_GAP_EM * ln.line.height
                and not any(ln.line.y1 < r.y0 < below_y0 for r in hrules if r.x0 <= ln.line.x0 + 1)
            )
            # ...or the stub's text set in the middle of a header band ("Indikator" between
            # "Utfall | Målvärde" and "2024 | 2025"): the line above goes on with the header
            above = lines[idx - 2] if idx >= 2 else None
            centred_stub = (
                bool(hdr)
                and len(ln.cells) == 1
                and above is not None
                and ln.line.y0 - above.line.y1 <= HEADER_LINE_GAP_EM * ln.line.height
                and sum(1 for c in above.cells if _over(c, label_right, label_left)) >= 2
                and not any(c.is_number and not c.is_year for c in above.cells)
            )
            if not (wrapped_stub or centred_stub):
                break
        hdr.insert(0, ln)
        below_y0 = ln.line.y0
        idx -= 1
    if not any(_over(c, label_right, label_left) for ln in hdr for c in ln.cells):
        return first, "", []
    edges = [c.x1 for c in cols[:-1]]  # borderless headers of neighbouring columns set too close
    hdr = [
        _unglued(ln, vrules)
        if crossed(ln, vrules)
        # ...or printed without a space
        else _recut(ln, edges, split_at_edges)
        for ln in hdr
    ]
    own: list[list[str]] = [[] for _ in cols]
    spans: list[list[str]] = [[] for _ in cols]
    stub: list[str] = []
    empty: list[str] = []
    lines_with_many = [sum(1 for c in ln.cells if _over(c, label_right, label_left)) >= 2 for ln in hdr]
    frames = _frame_boxes(hdr, cols, vrules, label_right, label_left)
    for k, ln in enumerate(hdr):
        over = [c for c in ln.cells if _over(c, label_right, label_left)]
        for c in ln.cells:
            if c not in over:
                stub.append(c.text)
        # a lone cell over the number columns spans them ("Period" over "Utfall | Budget"), unless
        # it heads a column that the lower header line leaves out (a header band whose texts are
        # centred in height: "Prognos fördjupad" above "Budget | Årsbokslut")
        lone_span = (
            len(over) == 1
            and any(lines_with_many[k + 1 :])
            and len(cols) > 1
            and not _heads_own_column(over[0], hdr[k + 1 :], cols, label_right, label_left)
        )
        own_row = lone_span and ruled_apart(ln.line, hdr[k + 1].line, hrules)  # alone in its ruled row
        claimed: dict[int, Cell] = {}
        for c in over:
            box = _cell_box(c, vrules)
            if box in frames:
                box = None  # the table's frame, shared by headers of several columns: no cell box
            if box is not None and not own_row:
                covered = [i for i, col in enumerate(cols) if box[0] - 1 <= col.xc <= box[1] + 1]
            elif lone_span:
                covered = list(range(len(cols)))
            else:
                covered = _column_of_header(c, cols, label_right)
            if len(covered) > 1:
                for i in covered:
                    spans[i].append(c.text)
            elif covered:
                i = covered[0]
                if i in claimed:  # two headers on one line for one column: one names an empty column
                    keep, drop = sorted((claimed[i], c), key=lambda h: abs(h.x1 - cols[i].x1))
                    empty.append(drop.text)
                    own[i][own[i].index(claimed[i].text)] = keep.text
                    claimed[i] = keep
                else:
                    claimed[i] = c
                    own[i].append(c.text)
            elif box is not None:
                empty.append(c.text)  # a ruled header cell over no number: an empty column
    for i, col in enumerate(cols):
        col.header = join_fragments(own[i], known)
        col.spans = spans[i]
    return idx, join_fragments(stub, known), empty


# ----------------------------------------------------------------------------------------------
# Rows
# ----------------------------------------------------------------------------------------------
def _continues(prev: Row, text: str, pitch_ratio: float, ruled_apart: bool | None) -> bool:
    """Is a label-only line the next line of ``prev``'s label?"""
    if ruled_apart is not None:
        return not ruled_apart
    if not prev.label:
        return True
    return _wording_continues(prev.label, text) or pitch_ratio >= ROW_PITCH_RATIO


def rows_of_body(
    lines: list[CellLine], body: list[int], cols: list[Column], page: Page, seps: list[float]
) -> list[Row]:
    """Rows of a body: each number line starts a row; label-only lines continue the row above
    (when the wording or a missing rule says so) or start a label-only row (a category)."""
    bounds = _slot_bounds(cols, -1e9)
    left_num = cols[0].x0 if cols else 1e9
    rows: list[Row] = []
    ruled = len(seps) >= 2
    num_lines = [lines[i].line for i in body if any(c.is_number for c in lines[i].cells)]
    pitches = [_yc(b) - _yc(a) for a, b in itertools.pairwise(num_lines)]
    row_pitch = statistics.median(pitches) if pitches else 0.0
    prev_line: TextLine | None = None
    for i in body:
        ln = lines[i]
        label_cells: list[Cell] = []
        value_cells: list[Cell] = []
        for c in ln.cells:
            # a number left of every value column is part of the label (``(6014)``, a year)
            (label_cells if c.x1 <= left_num - 1 else value_cells).append(c)
        label = " ".join(c.text for c in label_cells)
        label_x0 = min((c.x0 for c in label_cells), default=ln.line.x0)
        numeric = any(c.is_number for c in value_cells)
        ruled_apart = None
        if ruled and prev_line is not None:
            ruled_apart = any(_yc(prev_line) < y < _yc(ln.line) for y in seps)
        prev = rows[-1] if rows else None
        if numeric and label:
            rows.append(Row(label, label_x0, ln.line.y0, ln.line.y1, page.number))
        elif numeric:
            if prev is not None and not prev.has_numbers and ruled_apart is not True:
                pass  # values printed beside a label that started on the line above
            else:
                rows.append(Row("", ln.line.x0, ln.line.y0, ln.line.y1, page.number))
        else:
            line_pitch = _yc(ln.line) - _yc(prev_line) if prev_line else 0.0
            ratio = row_pitch / line_pitch if line_pitch else 0.0
            if prev is not None and _continues(prev, label, ratio, ruled_apart):
                prev.label = join_fragments([prev.label, label]) if prev.label else label
                prev.y1 = ln.line.y1
                if not prev.label_x0 or not prev.label:
                    prev.label_x0 = label_x0
            else:
                rows.append(Row(label, label_x0, ln.line.y0, ln.line.y1, page.number))
            prev_line = ln.line
            continue
        row = rows[-1]
        row.y1 = max(row.y1, ln.line.y1)
        for c in value_cells:
            c.page = page.number
            k = next((j for j, (lo, hi) in enumerate(bounds) if lo <= c.xc < hi), None)
            if k is None:
                continue
            if c.is_number:
                row.cells[k] = c
            elif not is_placeholder(c.text):
                row.texts[k] = c
        prev_line = ln.line
    _mark_levels(rows, statistics.median(lines[i].line.height for i in body))
    return rows


def _yc(line: TextLine) -> float:
    return (line.y0 + line.y1) / 2


def _mark_levels(rows: list[Row], em: float) -> None:
    labelled = [r for r in rows if r.label]
    if not labelled:
        return
    base = min(r.label_x0 for r in labelled)
    for r in labelled:
        if _DASH_LIST_MARK.match(r.label) or r.label_x0 - base > INDENT_EM * em:
            r.level = 1


# ----------------------------------------------------------------------------------------------
# Page -> tables
# ----------------------------------------------------------------------------------------------
def _leading_labels(lines: list[CellLine], body: list[int], left_num: float) -> list[int]:
    """Label-only lines just above a body that sit under a header line (category rows such as
    ``Gemensamma tjänster``): they belong to the body."""
    i = body[0]
    extra: list[int] = []
    while i > 0 and len(extra) < MAX_HEADER_LINES:
        ln = lines[i - 1]
        below = lines[i].line
        if below.y0 - ln.line.y1 > BODY_GAP_EM * ln.line.height or _is_prose(ln, left_num):
            return []
        if all(c.x1 < left_num - 1 and not c.is_number for c in ln.cells):
            extra.insert(0, i - 1)
            i -= 1
            continue
        over = [c for c in ln.cells if c.x1 > left_num - 2]
        return extra if over and not any(c.is_number and not c.is_year for c in over) else []
    return []


def tables_on_page(
    page: Page, known: Callable[[str], bool] = lambda s: False, use_rules: bool = True
) -> list[Table]:
    """Every table on a page: bodies of number rows with their headers, stubs and captions."""
    vrules, hrules = table_rules(page) if use_rules else (NO_RULES, [])
    lines = page_lines(page, vrules)
    skip = page.memo.get(FURNITURE)
    if skip:
        lines = [ln for i, ln in enumerate(lines) if i not in skip]
    if not lines:
        return []
    text_left = min(ln.line.x0 for ln in lines)
    tables: list[Table] = []
    for body in find_bodies(lines, text_left):
        if only_header_tail(lines, body, HEADER_LINE_GAP_EM):
            continue  # a header whose body the next page holds
        body = body[header_block(lines, body, HEADER_LINE_GAP_EM) :]  # a header's wrapped end ("Mars" / "24")
        body_lines = [lines[i] for i in body]
        label_right = max((c.x1 for ln in body_lines for c in ln.label_cells), default=text_left)
        numbers = [c for ln in body_lines for c in ln.cells if c.is_number and c.x0 > label_right - 1]
        cols = column_slots(numbers)
        if not cols:
            continue
        # a first body line carrying only years is a header row ("Ekonomi (tkr) | 2024 | 2025")
        first_line = lines[body[0]]
        if all(c.is_year for c in first_line.cells if c.is_number) and len(body) > 1:
            body = body[1:]
            # its years made columns of their own where they are not set over the values
            body_lines = [lines[i] for i in body]
            label_right = max((c.x1 for ln in body_lines for c in ln.label_cells), default=text_left)
            values = [c for ln in body_lines for c in ln.cells if c.is_number and c.x0 > label_right - 1]
            cols = column_slots(values) or cols
        body = _leading_labels(lines, body, cols[0].x0) + body
        label_left = min((ln.label_cells[0].x0 for ln in body_lines if ln.label_cells), default=-1e9)
        hdr_start, stub, empty = header_of_body(
            lines, body[0], cols, label_right, vrules, known, hrules, label_left
        )
        cols = merge_headless(cols, [lines[i] for i in body])
        x0 = min(lines[i].line.x0 for i in body)
        x1 = max(cols[-1].x1, max(lines[i].line.x1 for i in body))
        rows = rows_of_body(lines, body, cols, page, separators(hrules, x0, x1))
        caption = _caption(lines, hdr_start)
        tables.append(
            Table(
                page.number,
                x0,
                lines[hdr_start].line.y0,
                x1,
                lines[body[-1]].line.y1,
                cols,
                rows,
                stub,
                caption,
                body[0] - hdr_start,
                [page.number],
                empty,
            )
        )
    return tables


def _caption(lines: list[CellLine], start: int) -> list[str]:
    out: list[str] = []
    y = lines[start].line.y0
    i = start - 1
    while i >= 0 and len(out) < CAPTION_LINES:
        ln = lines[i].line
        if y - ln.y1 > CAPTION_GAP_EM * ln.height or (
            _is_number_line(lines[i], -1e9) and not all(c.is_year for c in lines[i].cells if c.is_number)
        ):
            break  # a row of a table above is no caption
        out.insert(0, ln.text)
        y = ln.y0
        i -= 1
    return out
