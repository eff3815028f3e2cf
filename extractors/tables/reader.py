"""Generic table reconstruction from a page's words and ruling lines.

The data flow, one pure function per step:

``cells_of_line``      a text line -> cells (words split at wide gaps, at vertical rules, and
                       between numbers that stand side by side; :mod:`kpi.extractors.tables.cells`)
``find_bodies``        cells per line -> runs of lines that carry numbers right of a label
``column_slots``       a body's number cells -> columns (x-clusters of number cells)
``header_of_body``     the lines just above a body -> header lines; their cells -> each column's
                       own header and its spanning headers (``Period``/``Helår``, ``Budget 2019``)
``rows_of_body``       body lines -> rows with multi-line labels, indentation and cells
``tables_on_page``     all of the above for one page
``join_continuations`` a table split by a page break -> one table (:mod:`kpi.extractors.tables.pages`)

Recognizers decide what a table *means* (budget, risks); this module only says where its rows,
columns, headers and cells are.  Nothing here knows the samples' coordinates: gaps and
tolerances are relative to the type size.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Callable, Sequence

from kpi.extractors.layout import Page, TextLine
from kpi.extractors.normalize.numbers import is_placeholder
from kpi.extractors.tables.cells import Cell, CellLine, page_lines
from kpi.extractors.tables.header_stack import (
    HEADER_LINE_GAP_EM,
    MAX_HEADER_LINES,
    header_of_body,
    slot_bounds,
)
from kpi.extractors.tables.headers import (
    header_block,
    is_prose,
    join_fragments,
    known_header_word,
    only_header_tail,
)
from kpi.extractors.tables.model import Column, Row, Table, copy_table
from kpi.extractors.tables.rules import NO_RULES, separators, table_rules
from kpi.extractors.vocabulary import LABEL_CONNECTOR_WORDS

BODY_GAP_EM = 2.6
"""Lines of one table body are at most this many type heights apart (row padding included)."""
CAPTION_LINES = 3
"""Lines above the header read as the table's caption / title."""
CAPTION_GAP_EM = 4.5
"""A caption line is at most this far above the header (or the body when there is none)."""
INDENT_EM = 0.7
"""A label indented by more than this (in type heights) is a child row."""
WRAPPED_VALUES_PITCH = 0.8
"""Values closer than this many type heights below a label-only line sit in the middle of that
label's wrapped lines (a vertically centred cell)."""
TEXT_VALUE_CHARS = 12
"""Text this short in a column of numbers is a value printed in words ("i.u", "Stängt")."""
MIN_COLUMN_NUMBERS = 2
"""Numbers a column must print on other lines for short text in it to be read as a value."""
ROW_PITCH_RATIO = 1.3
"""Rows set this much further apart than a label's own lines: a label-only line that follows at
line pitch continues the row above."""

_DASH_LIST_MARK = re.compile(r"^[-\u2013\u2012\u2014\u2212•·]\s*")
FURNITURE = "furniture"
"""``Page.memo`` key: indexes of the page's running header and footer lines, which no table
reads (set by :func:`kpi.extractors.tables.pages.tables_of_document`)."""


# ----------------------------------------------------------------------------------------------
# Records
# ----------------------------------------------------------------------------------------------


# ----------------------------------------------------------------------------------------------
# Bodies and columns
# ----------------------------------------------------------------------------------------------
def _is_number_line(ln: CellLine, text_left: float) -> bool:
    if not ln.has_digit or len(ln.label_cells) == len(ln.cells):
        return False  # no number cell
    # a lone number at the margin is a page number or list item, not a row
    return not (ln.cells[0].is_number and len(ln.cells) == 1 and ln.cells[0].x0 <= text_left + 1)


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
                not is_prose(ln, first_num_x) and all(c.x1 < first_num_x - 1 for c in ln.cells)
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
    bounds = slot_bounds(cols, -1e9)
    left_num = cols[0].x0 if cols else 1e9
    rows: list[Row] = []
    ruled = len(seps) >= 2
    num_lines = [lines[i].line for i in body if any(c.is_number for c in lines[i].cells)]
    pitches = [_yc(b) - _yc(a) for a, b in itertools.pairwise(num_lines)]
    row_pitch = statistics.median(pitches) if pitches else 0.0
    prev_line: TextLine | None = None
    for pos, i in enumerate(body):
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
            if _wraps_its_values(lines, body, pos, label_left_of=left_num):
                # a label wrapped around the values set in the middle of its cell: it starts a row
                rows.append(Row(label, label_x0, ln.line.y0, ln.line.y1, page.number))
            elif prev is not None and _continues(prev, label, ratio, ruled_apart):
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


def _wraps_its_values(lines: list[CellLine], body: list[int], k: int, label_left_of: float) -> bool:
    """Is body line ``k`` (a label only) the first line of a label wrapped around its values: the
    next line prints values and no label, closer than a line apart (a cell whose text is centred
    in its height puts the values between the label's lines)?"""
    if k + 1 >= len(body):
        return False
    ln, nxt = lines[body[k]], lines[body[k + 1]]
    no_label = all(c.x0 >= label_left_of - 1 for c in nxt.cells)
    return (
        no_label
        and any(c.is_number for c in nxt.cells)
        and _yc(nxt.line) - _yc(ln.line) < WRAPPED_VALUES_PITCH * ln.line.height
    )


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
        if below.y0 - ln.line.y1 > BODY_GAP_EM * ln.line.height or is_prose(ln, left_num):
            return []
        if all(c.x1 < left_num - 1 and not c.is_number for c in ln.cells):
            extra.insert(0, i - 1)
            i -= 1
            continue
        over = [c for c in ln.cells if c.x1 > left_num - 2]
        return extra if over and not any(c.is_number and not c.is_year for c in over) else []
    return []


def _never(_word: str) -> bool:
    return False


def tables_on_page(page: Page, known: Callable[[str], bool] = _never, use_rules: bool = True) -> list[Table]:
    """Every table on a page: bodies of number rows with their headers, stubs and captions.

    A page is read once per way of reading it (``known``, ``use_rules``, its running lines): the
    budget, risk and cell-layer recognizers all ask, and each gets its own copy of the tables
    (joining tables across a page break changes them)."""
    key = ("tables_on_page", known, use_rules, page.memo.get(FURNITURE))
    made = page.memo.get(key)
    if made is None:
        made = page.memo[key] = _read_tables(page, known, use_rules)
    return [copy_table(t) for t in made]


def read_ruled_when(page: Page, need_rules: Callable[[list[Table]], bool]) -> list[Table]:
    """A page's tables read from its words (header words mended), and again with its ruling
    lines when ``need_rules`` says the words' reading calls for them and the page has rules:
    rules come from the page's vector drawings, slow on chart pages."""
    found = tables_on_page(page, known=known_header_word, use_rules=False)
    if not need_rules(found):
        return found
    vrules, hrules = table_rules(page)
    return tables_on_page(page, known=known_header_word) if vrules or hrules else found


def _read_tables(page: Page, known: Callable[[str], bool], use_rules: bool) -> list[Table]:
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
        label_right = _label_right(body_lines, text_left)
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
            label_right = _label_right(body_lines, text_left)
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


def _label_right(body: Sequence[CellLine], text_left: float) -> float:
    """Where the label column ends: the right edge of the cells before each line's first number,
    leaving out short text set in a column where other lines print numbers ("i.u", "**",
    "Stängt" in a year column: a value as words, not part of the label)."""
    numbers = [c for ln in body for c in ln.cells if c.is_number]
    columns = [
        col
        for col in column_slots(numbers)
        if sum(1 for c in numbers if c.x0 < col.x1 and c.x1 > col.x0) >= MIN_COLUMN_NUMBERS
    ]

    def text_value(c: Cell) -> bool:
        return len(c.text) <= TEXT_VALUE_CHARS and any(c.x0 < col.x1 and c.x1 > col.x0 for col in columns)

    return max(
        (c.x1 for ln in body for k, c in enumerate(ln.label_cells) if k == 0 or not text_value(c)),
        default=text_left,
    )


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
