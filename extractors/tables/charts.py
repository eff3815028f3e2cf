"""Chart axes: numbers that are tick labels, not table values.

A chart's value axis prints evenly spaced numbers in an arithmetic progression (``0, 20, 40, 60``
or ``3000, 2950, 2900``), one above the other with no label beside them, or side by side on one
line with no numbers below them. Words only: the test runs on a page's cells, before (and
instead of) reading its vector drawings, so a page of charts costs no more than its text.

The plot area right of a vertical axis, between its first and last tick, is the chart's box:
numbers in it (data labels) are chart numbers too. Chart numbers are counted apart by the
coverage accounting (:mod:`kpi.extractors.tables.layer`) and never become table rows.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from kpi.extractors.normalize.numbers import cell_amount
from kpi.extractors.tables.cells import Cell, CellLine

MIN_TICKS = 3
"""An axis has at least this many tick labels."""
STEP_TOLERANCE = 0.15
"""Tick labels are evenly spaced: each gap within this share of the first gap."""
ALIGN_EM = 0.5
"""Tick labels of a vertical axis share their right edge within this many type heights."""
INTERLEAVED = 2
"""At most this many axes printed into one column are told apart (a text layer drawn twice)."""
MAX_TICKS = 40
"""An axis has at most this many tick labels."""
RIGHT_TEXT_EM = 2.0
"""Text this many type heights right of a number (or nearer) reads with it: no tick."""
ROUND_STEPS = (1.0, 2.0, 2.5, 5.0)
"""Axis steps are round: one of these times a power of ten (0, 20, 40 or 2750, 2800, 2850)."""
PLOT_BELOW_EM = 2.5
"""The chart's box reaches this far below its lowest tick (the category labels of the x axis)."""


@dataclass(frozen=True, slots=True)
class Chart:
    """The box of one chart on a page and the number cells that are its tick and data labels."""

    x0: float
    y0: float
    x1: float
    y1: float

    def holds(self, cell: Cell) -> bool:
        return self.x0 <= cell.xc <= self.x1 and self.y0 <= (cell.y0 + cell.y1) / 2 <= self.y1


@dataclass(frozen=True, slots=True)
class _Tick:
    cell: Cell
    line: int
    value: float


def _value(cell: Cell) -> float | None:
    return cell_amount(cell.text)[0]


def _unlabelled(line: CellLine) -> list[Cell]:
    """The number cells of a line that no text goes with: no text cell left of it nearer than
    any number (a row label, a contents entry), none right after it (a section number,
    ``1.2 Mål``). A tick has nothing left of it but another chart's tick, and the plot area right
    of it. (Cells are in reading order: one pass.)"""
    cells = line.cells
    gap = RIGHT_TEXT_EM * line.height
    out: list[Cell] = []
    for k, c in enumerate(cells):
        if not c.is_number or c.is_year:
            continue
        if k and not cells[k - 1].is_number:
            continue
        nxt = cells[k + 1] if k + 1 < len(cells) else None
        if nxt is not None and not nxt.is_number and nxt.x0 - c.x1 <= gap:
            continue
        out.append(c)
    return out


def _even(values: Sequence[float]) -> bool:
    steps = [b - a for a, b in itertools.pairwise(values)]
    first = steps[0]
    if first == 0:
        return False
    return all(abs(s - first) <= STEP_TOLERANCE * abs(first) + 1e-9 for s in steps)


def _round_step(values: Sequence[float]) -> bool:
    step = abs(values[1] - values[0])
    if step == 0:
        return False
    scale = 10 ** math.floor(math.log10(step))
    return any(math.isclose(step, r * scale, rel_tol=1e-6) for r in ROUND_STEPS) or math.isclose(
        step, 10 * scale, rel_tol=1e-6
    )


def _runs(ticks: list[_Tick], pos: Sequence[float]) -> list[list[_Tick]]:
    """Maximal runs of at least :data:`MIN_TICKS` ticks with even values and even positions."""
    out: list[list[_Tick]] = []
    i = 0
    while i + MIN_TICKS <= len(ticks):
        j = i + 2
        values = [ticks[i].value, ticks[i + 1].value, ticks[j].value]
        if not (_even(values) and _round_step(values) and _even(pos[i : j + 1])):
            i += 1
            continue
        while j + 1 < len(ticks) and _even([t.value for t in ticks[i : j + 2]]) and _even(pos[i : j + 2]):
            j += 1
        out.append(ticks[i : j + 1])
        i = j + 1
    return out


def _chains(col: list[_Tick]) -> list[list[_Tick]]:
    """Ticks of one column that form arithmetic chains: each next tick one value step and one
    position step further, for at least :data:`MIN_TICKS` ticks. Chains, not runs of neighbours,
    so that two axes printed into one column (a PDF that draws its text twice, slightly offset)
    are both found."""
    out: list[list[_Tick]] = []
    used: set[int] = set()
    for i, a in enumerate(col):
        if i in used:
            continue
        # the next tick is the next number of the column, or the one after (two axes printed
        # into one column interleave); a chain that skips more is no axis (see vertical_axes)
        for j in range(i + 1, min(i + 1 + INTERLEAVED, len(col))):
            b = col[j]
            dv, dy = b.value - a.value, b.cell.y0 - a.cell.y0
            if dv == 0 or dy <= 0 or not _round_step([a.value, b.value]):
                continue
            chain, last = [i, j], b
            for k in range(j + 1, min(j + 1 + INTERLEAVED * (MAX_TICKS - 2), len(col))):
                c = col[k]
                if (
                    abs(c.value - last.value - dv) <= 1e-9 * max(1.0, abs(dv))
                    and abs(c.cell.y0 - last.cell.y0 - dy) <= STEP_TOLERANCE * dy + 0.5
                ):
                    chain.append(k)
                    last = c
                elif c.cell.y0 - last.cell.y0 > dy * (1 + STEP_TOLERANCE) + 0.5:
                    break  # past the next step: the chain has ended
            if len(chain) >= MIN_TICKS:
                used.update(chain)
                out.append([col[k] for k in chain])
                break
    return out


def vertical_axes(lines: Sequence[CellLine]) -> list[list[_Tick]]:
    """Columns of unlabelled numbers in arithmetic progression, evenly spaced down the page."""
    ticks = [
        _Tick(c, i, v)
        for i, ln in enumerate(lines)
        if ln.has_digit
        for c in _unlabelled(ln)
        if (v := _value(c)) is not None
    ]
    columns: list[list[_Tick]] = []
    for t in sorted(ticks, key=lambda t: (t.cell.x1, t.cell.y0)):
        tol = ALIGN_EM * (t.cell.y1 - t.cell.y0)
        home = next((col for col in columns if abs(col[-1].cell.x1 - t.cell.x1) <= tol), None)
        if home is None:
            columns.append([t])
        else:
            home.append(t)
    out: list[list[_Tick]] = []
    for col in columns:
        col.sort(key=lambda t: t.cell.y0)
        chains = _chains(col)
        # an axis has nothing but ticks between its ends: a chain that skips other numbers of
        # its column is a coincidence of table values
        for chain in chains:
            inside = [t for t in col if chain[0].cell.y0 <= t.cell.y0 <= chain[-1].cell.y0]
            if all(any(t is u for c in chains for u in c) for t in inside):
                out.append(chain)
    return out


def horizontal_axes(lines: Sequence[CellLine]) -> list[list[_Tick]]:
    """Lines of numbers in arithmetic progression, evenly spaced across, with no number under
    them (a header of years has its values below; an axis has none)."""
    out: list[list[_Tick]] = []
    for i, ln in enumerate(lines):
        if not ln.has_digit:
            continue
        ticks = [
            _Tick(c, i, v) for c in ln.cells if c.is_number and not c.is_year and (v := _value(c)) is not None
        ]
        if len(ticks) < MIN_TICKS:
            continue
        for run in _runs(ticks, [t.cell.xc for t in ticks]):
            below = lines[i + 1] if i + 1 < len(lines) else None
            near = below is not None and below.y0 - ln.y1 <= PLOT_BELOW_EM * ln.height
            x0, x1 = run[0].cell.x0, run[-1].cell.x1
            if not (near and any(c.is_number and x0 <= c.xc <= x1 for c in below.cells)):  # type: ignore[union-attr]
                out.append(run)
    return out


def charts_on_lines(lines: Sequence[CellLine], right_edge: float) -> list[Chart]:
    """The charts a page's lines show: each vertical axis with its plot area to the right (up to
    the next axis beside it, or ``right_edge``), and each horizontal axis's own box."""
    verticals = vertical_axes(lines)
    boxes: list[Chart] = []
    for run in verticals:
        top, bottom = run[0].cell, run[-1].cell
        x0 = min(t.cell.x0 for t in run)
        axis_x1 = max(t.cell.x1 for t in run)
        y0, y1 = top.y0, bottom.y1 + PLOT_BELOW_EM * (bottom.y1 - bottom.y0)
        beside = [
            min(t.cell.x0 for t in other)
            for other in verticals
            if other is not run
            and min(t.cell.x0 for t in other) > axis_x1
            and other[0].cell.y0 < y1
            and other[-1].cell.y1 > y0
        ]
        boxes.append(Chart(x0, y0, min([right_edge, *beside]), y1))
    for run in horizontal_axes(lines):
        cells = [t.cell for t in run]
        boxes.append(
            Chart(
                min(c.x0 for c in cells),
                min(c.y0 for c in cells),
                max(c.x1 for c in cells),
                max(c.y1 for c in cells),
            )
        )
    return boxes
