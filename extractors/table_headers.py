"""Layout tests for table headers that :mod:`extractors.tables` applies while it reads a header.

* ``split_at_edges``  header words of neighbouring columns that a narrow borderless table sets so
  close that they read as one cell (``Budget ack  Avvikelse``) are cut where a number column's
  right edge passes between two words: numbers are right-aligned, so a column's header never
  reaches past the right edge of its numbers while the next column's header starts after it;
* ``header_block``    the last lines of a wrapped header that print only years and the ends of
  periods (``Jan 24 - Mars`` / ``24``, ``Avvikelse mot`` / ``2023``) are header lines, not the
  body's first rows;
* ``ruled_apart``     a horizontal rule between two header lines puts them in different ruled
  rows (a lone cell in a row of its own is a spanning header, whatever its cell box).

Only geometry and the shape of the text are read here; no wording.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import pairwise
from typing import Protocol

from extractors.layout import Rule, TextLine, Word

_YEAR_PART = re.compile(r"['\u2019]?(?:(?:19|20)\d\d|\d\d)")
"""A year printed in full or by its last two digits (``2024``, ``24``, ``'24``)."""


class _LineLike(Protocol):
    line: TextLine
    cells: list
    label_cells: list


EDGE_TOLERANCE_EM = 0.1
"""Slack, in type heights, of the edge test below."""


def split_at_edges(words: Sequence[Word], edges: Iterable[float]) -> list[list[Word]]:
    """The words of one header cell, cut where a number column's right edge ``e`` (all columns
    but the last) marks a column boundary between two neighbouring words: the right word starts
    after ``e`` and the left word ends no further past ``e`` than half the way to the right word
    (cell padding is the same on both sides of the boundary, so a long header word may run into
    its own padding, never into the next column's)."""
    cuts = sorted(edges)
    parts: list[list[Word]] = [[words[0]]]
    for a, b in pairwise(words):
        tol = EDGE_TOLERANCE_EM * a.height
        if any(e + tol < b.x0 and a.x1 <= (e + b.x0) / 2 + tol for e in cuts):
            parts.append([b])
        else:
            parts[-1].append(b)
    return parts


def is_year_part_line(ln: _LineLike) -> bool:
    """A line without a label whose every cell is a year or its last two digits."""
    return bool(ln.cells) and not ln.label_cells and all(_YEAR_PART.fullmatch(c.text.strip()) for c in ln.cells)


def is_header_tail(lines: Sequence[_LineLike], i: int, max_gap_em: float) -> bool:
    """Is ``lines[i]`` (a body's first line) the wrapped end of the header line above it: only
    years or two-digit year parts, no label, set at the header's line spacing below a line that
    is text (no other numbers)?"""
    if i == 0 or not is_year_part_line(lines[i]):
        return False
    above, ln = lines[i - 1], lines[i]
    if ln.line.y0 - above.line.y1 > max_gap_em * ln.line.height:
        return False
    return not any(_YEAR_PART.fullmatch(c.text.strip()) is None and any(ch.isdigit() for ch in c.text)
                   and not re.search(r"[^\W\d_]", c.text) for c in above.cells)


def ruled_apart(upper: TextLine, lower: TextLine, hrules: Iterable[Rule]) -> bool:
    """Is there a horizontal rule between two lines (across their horizontal extent)?"""
    x0, x1 = min(upper.x0, lower.x0), max(upper.x1, lower.x1)
    return any(upper.y1 - 1 <= r.y0 <= lower.y0 + 1 and r.x0 <= x1 and r.x1 >= x0 for r in hrules)


def _years_only(ln: _LineLike) -> bool:
    return all(_YEAR_PART.fullmatch(c.text.strip()) for c in ln.cells if c.is_number)


def header_block(lines: Sequence[_LineLike], body: Sequence[int], max_gap_em: float) -> int:
    """How many first lines of a body belong to the header above it: lines whose only numbers
    are years, down to a header tail (:func:`is_header_tail`); 0 when no tail ends them."""
    for k, i in enumerate(body[:-1]):
        if is_header_tail(lines, i, max_gap_em):
            return k + 1
        if not _years_only(lines[i]):
            return 0
    return 0
