"""Two-column goal tables: "Mål N" with the goal's text beside a column of activities.

A row starts where the left column prints a goal label with a number ("Mål 2", "Delmål 3"); the
right column's left edge is where the text beside those labels starts.  Lines are split into
the two columns by that edge, rows run until the next goal label, and the table ends at a
heading or a line that runs across both columns.  Rows broken by a page break carry on at the
top of the next page.  The header line above the first row ("Socialnämndens mål 2014 |
Målstrategi IFO") gives the year of the targets.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from kpi.extractors import vocabulary as V
from kpi.extractors.indicators.text import starts_with_any
from kpi.extractors.tables.flow import Flow, Line, join_texts

COLUMN_EM = 1.0
"""A cell starting within this many type sizes of a column's edge belongs to that column."""
EDGE_WINDOW = 40
"""Lines after the last goal label searched for the activities column's edge."""
EDGE_TOL = 1.5
"""Points within which a word starts at the activities column's edge."""
MIN_ROWS = 1
"""A table needs this many goal rows."""
GAP_EM = 2.2
"""A vertical gap of more than this many type sizes inside a page ends the table."""
_LABEL_RE = re.compile(r"^\s*(?P<label>[^\W\d_]+)\s+(?P<n>\d{1,3})\b[.:]?\s*(?P<rest>.*)$")


@dataclass
class GoalRow:
    number: str
    label: str
    lines: list[Line] = field(default_factory=list)
    left: list[str] = field(default_factory=list)
    right: list[str] = field(default_factory=list)

    @property
    def goal_text(self) -> str:
        return join_texts(self.left)

    @property
    def activities(self) -> str:
        text = join_texts(self.right)
        word = starts_with_any(text, V.GOAL_ACTIVITY_LABELS)
        return text[len(word) :].lstrip(" :").strip() if word else text

    @property
    def page(self) -> int:
        return self.lines[0].page


@dataclass
class GoalTable:
    header: str
    left_x: float
    right_x: float
    rows: list[GoalRow]
    first_line: int


def _goal_label(line: Line) -> tuple[str, str, str] | None:
    if not _LABEL_RE.match(line.text) or starts_with_any(line.text, V.GOAL_ROW_LABELS) is None:
        return None  # the first cell starts the line: what it cannot match, no cell cut can
    m = _LABEL_RE.match(line.cells()[0].text)
    if not m or starts_with_any(m.group("label"), V.GOAL_ROW_LABELS) is None:
        return None
    if len(m.group("label")) != len(starts_with_any(m.group("label"), V.GOAL_ROW_LABELS) or ""):
        return None
    return m.group("label"), m.group("n"), m.group("rest")


def _right_edge(flow: Flow, starts: list[int]) -> float | None:
    """The left edge of the activities column: where most second cells start near the goal rows."""
    first, last = starts[0], starts[-1]
    window = [
        ln
        for ln in flow.lines[max(0, first - 1) : last + EDGE_WINDOW]
        if ln.page <= flow.lines[last].page + 1
    ]
    xs = [round(c.x0) for ln in window for c in ln.cells()[1:]]
    if not xs:
        return None
    best = Counter(xs).most_common(1)[0][0]
    return statistics.median(x for x in xs if abs(x - best) <= 1)


def find_goal_tables(flow: Flow) -> list[GoalTable]:
    starts = [i for i, ln in enumerate(flow.lines) if _goal_label(ln)]
    tables: list[GoalTable] = []
    used: set[int] = set()
    for s in starts:
        if s in used:
            continue
        left_x = flow.lines[s].x0
        group = [
            i for i in starts if i >= s and abs(flow.lines[i].x0 - left_x) <= COLUMN_EM * flow.lines[i].size
        ]
        right_x = _right_edge(flow, group)
        if right_x is None:
            continue
        table = _read(flow, s, left_x, right_x)
        if table is not None and len(table.rows) >= MIN_ROWS:
            tables.append(table)
            used |= {i for i in group if i <= table.rows[-1].lines[-1].index}
    return tables


def _split(line: Line, left_x: float, right_x: float) -> tuple[list[str], list[str]] | None:
    """Left and right column text of a line; None for a line that is not part of the table.

    Words are placed by where they start, so a gap too tight to split cells by does not matter;
    a line that starts left of the goal column, or runs across the column edge without a word
    starting at it, is running text.
    """
    tol = COLUMN_EM * line.size
    if line.x0 < left_x - tol:
        return None
    left: list[str] = []
    right: list[str] = []
    for c in line.cells():
        if (
            c.x0 < right_x - tol
            and c.x1 > right_x + tol
            and not any(abs(w.x0 - right_x) <= EDGE_TOL for w in c.words)
        ):
            return None  # runs across both columns: not part of the table
        for w in c.words:
            (right if w.x0 >= right_x - EDGE_TOL else left).append(w.text)
    return ([" ".join(left)] if left else []), ([" ".join(right)] if right else [])


def _read(flow: Flow, start: int, left_x: float, right_x: float) -> GoalTable | None:
    head = flow.lines[start - 1] if start > 0 else None
    header = ""
    if (
        head is not None
        and head.page == flow.lines[start].page
        and len(head.cells()) >= 2
        and _split(head, left_x, right_x) is not None
    ):
        header = head.text
    rows: list[GoalRow] = []
    size = flow.lines[start].size
    j = start
    while j < len(flow.lines):
        ln = flow.lines[j]
        label = _goal_label(ln)
        if ln.size > size + 0.6 or (ln.is_bold and label is None):
            break
        if rows and ln.page == rows[-1].lines[-1].page and ln.y0 - rows[-1].lines[-1].y1 > GAP_EM * size:
            break
        split = _split(ln, left_x, right_x)
        if split is None:
            break
        if label is not None:
            rows.append(GoalRow(label[1], label[0]))
            split = ([label[2]] if label[2] else []) + split[0][1:], split[1]
        elif not rows or (ln.page != rows[-1].lines[-1].page and not split[0] and not split[1]):
            break
        row = rows[-1]
        row.lines.append(ln)
        row.left += [t for t in split[0] if t]
        row.right += split[1]
        j += 1
    return GoalTable(header, left_x, right_x, rows, start) if rows else None
