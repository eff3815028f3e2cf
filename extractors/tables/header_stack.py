"""A table's header stack: the lines above its body, each header cell given to the column it
names or spread over the columns it spans (:func:`header_of_body`).

Wrapped headers (up to :data:`MAX_HEADER_LINES` lines, mended mid-word with ``known`` words),
spanning group headers (by their ruled cell box, as a lone cell over several columns, or as a
line of group cells above a line that names every column), stubs set beside or between header
lines, header bands padded tall or ruled off from the body.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from kpi.extractors.layout import Rule, Word
from kpi.extractors.tables.cells import Cell, CellLine, crossed
from kpi.extractors.tables.headers import (
    is_period_line,
    is_prose,
    is_running_text,
    is_year_part_line,
    join_fragments,
    paragraph_lines,
    ruled_apart,
    split_at_edges,
    split_at_rules,
    stub_and_year_parts,
    unglue,
)
from kpi.extractors.tables.model import Column
from kpi.extractors.tables.rules import VerticalRules

HEADER_GAP_EM = 2.2
"""A header line is at most this many type heights above the line below it."""

HEADER_RULED_GAP_EM = 4.0
"""...and up to this many when a rule under it separates it from the body (a padded header band)."""

PADDED_ROW_SHARE = 1.1
"""...or as far apart as the body's rows (times this), when those are padded further apart."""

HEADER_LINE_GAP_EM = 1.0
"""Lines of one header are at most this far apart; a caption above is further away."""

STUB_WRAP_GAP_EM = 0.6
"""A stub text line above the header's first line belongs to the stub when this close."""

MAX_HEADER_LINES = 7
"""Headers taller than this many lines of type are not headers but text above the table."""


def _depth(hdr: Sequence[CellLine]) -> float:
    """How many lines of type tall a header stack is: cells centred in a header band of unequal
    heights set their lines at half-line offsets, so counting the lines would count too many."""
    if not hdr:
        return 0
    top, bottom = min(ln.y0 for ln in hdr), max(ln.y1 for ln in hdr)
    height = min(ln.height for ln in hdr) or 1.0
    return min(len(hdr), round((bottom - top) / height))


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


def _group_spans(
    over: list[Cell], lower: CellLine | None, cols: list[Column], label_right: float, label_left: float
) -> list[list[int]] | None:
    """The columns each cell of a group header line spans ("Period jan-mars | Helår" above
    "Utfall | Budget | Avvikelse | Prognos | Budget | Avvikelse"): when the header line below names
    every column and this one has fewer cells, each column goes to the group cell nearest to it,
    and every group takes at least two neighbouring columns. None when the line is no group line."""
    if lower is None or len(over) < 2:
        return None
    below = [c for c in lower.cells if _over(c, label_right, label_left)]
    if len(below) < len(cols) or len(over) >= len(cols):
        return None
    spans: list[list[int]] = [[] for _ in over]
    for i, col in enumerate(cols):
        spans[min(range(len(over)), key=lambda j: abs(over[j].xc - col.xc))].append(i)
    if any(len(g) < 2 for g in spans):
        return None
    return spans


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
    if not any(crossed(ln, vrules) for ln in hdr):
        return set()  # no rule crosses the header: its cells have no boxes
    for ln in hdr:
        for c in ln.cells:
            if not _over(c, label_right, label_left):
                continue
            box = _cell_box(c, vrules)
            own = _column_of_header(c, cols, label_right)
            if box is not None and len(own) == 1:
                seen.setdefault(box, set()).add(own[0])
    return {box for box, owners in seen.items() if len(owners) > 1}


def slot_bounds(cols: list[Column], left_edge: float) -> list[tuple[float, float]]:
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
    # rows padded apart (a word processor's table) pad their header rows as much
    second = lines[first + 1] if first + 1 < len(lines) else None
    row_gap = second.line.y0 - lines[first].line.y1 if second is not None and second.has_digit else 0.0
    while idx > 0 and _depth(hdr) < MAX_HEADER_LINES:
        ln = lines[idx - 1]
        if ruled and not crossed(ln, vrules):
            break  # outside the ruled box: a caption
        limit = HEADER_LINE_GAP_EM if hdr and not ruled else HEADER_GAP_EM
        if not hdr and any(ln.line.y1 <= r.y0 <= below_y0 and r.x1 > left_num for r in hrules):
            limit = HEADER_RULED_GAP_EM  # a header band ruled off from the body, padded tall
        gap = below_y0 - ln.line.y1
        if gap > limit * ln.line.height and not (hdr and gap <= PADDED_ROW_SHARE * row_gap):
            break
        if is_running_text(ln, label_left, cols[-1].x1):
            k = paragraph_lines(hdr, ln)  # the end of its paragraph is no header either
            hdr, idx = hdr[k:], idx + k
            break
        if is_prose(ln, left_num) or (
            any(c.is_number and not c.is_year for c in ln.cells)
            and not is_year_part_line(ln)
            and not (idx >= 2 and stub_and_year_parts(ln, lines[idx - 2]))
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
        groups = _group_spans(over, hdr[k + 1] if k + 1 < len(hdr) else None, cols, label_right, label_left)
        claimed: dict[int, Cell] = {}
        for n, c in enumerate(over):
            box = _cell_box(c, vrules)
            if box in frames:
                box = None  # the table's frame, shared by headers of several columns: no cell box
            if groups is not None and box is None:
                covered = groups[n]
            elif box is not None and not own_row:
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
