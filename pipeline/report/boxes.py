"""Where one extracted value is printed: its own box on the page, and the header and label it is under.

An indicator value's stored box is often its whole table row (the contract: "the row on that
page"), which holds several values (`3 650` and `2 555` side by side).  The report shows the
value's own words instead: the words inside the row's box that spell the value as printed
(``value_raw``), one box per printed line.  When the row prints the same text twice, the column
header or the label in front of it (`Målvärde:`, `2018 års värde:`) that names the value's
period or kind decides; when nothing decides, the row's box is kept and said so.

The column header and row label are taken from ``table_cells`` (the cell at the same place) when
kpi read the table, else from the page: the label in front of the value in running text, or the
nearest line above it in the same column that is not itself a value.

Coordinates are PyMuPDF's unrotated page space, as stored in the warehouse.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

Box = tuple[float, float, float, float]

ROW_SLACK_PT = 2.0
"""A word belongs to a row when its centre lies inside the row's box grown by this much."""

LINE_TOLERANCE_PT = 2.5
"""Words whose vertical centres differ by less than this are on one line."""

COLUMN_REACH_PT = 80.0
"""A header cell ends at most this far left of the value it heads (right-aligned numbers under
left-aligned headers)."""

GROUP_GAP_PT = 8.0
"""Words on one line further apart than this are in different cells."""

HEADER_SEARCH_PT = 320.0
"""How far above a value its column header is looked for."""

HEADER_MAX_WORDS = 8
"""A longer cell above a value is running text, not a column header."""

LABEL_MAX_WORDS = 4
"""Words in front of a value read as its label (`2018 års värde:`), at most."""

NUMERIC_LINE = re.compile(r"^[\d\s.,%+−–\-()/]*$")
"""A line of numbers (another row's value), never a header."""

KIND_WORDS: dict[str, tuple[str, ...]] = {
    "target": ("mål", "målvärde", "target"),
    "outcome": ("utfall", "värde", "resultat", "bokslut"),
    "forecast": ("prognos",),
}
"""Header or label words that name a value kind (lower case, prefixes)."""

_TRAILING = ".,;:"


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def box(self) -> Box:
        return (self.x0, self.y0, self.x1, self.y1)

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True)
class Cell:
    """A ``table_cells`` row on the page: where kpi read a table cell, under which header."""

    box: Box
    value_raw: str
    column_header: str
    row_label: str


@dataclass
class Located:
    """A value's place on its page."""

    boxes: list[Box]  # one per printed line; the row's box when ``own`` is False
    own: bool  # the value's own words were found (else the row's box stands in)
    column: str = ""  # the column header (or the label in front of the value)
    row: str = ""  # the row label
    label: bool = False  # ``column`` is the label in front of the value in running text
    header_box: Box | None = None  # where the column header is printed, when on the page
    notes: list[str] = field(default_factory=list)

    @property
    def box(self) -> Box:
        return union(self.boxes)


def union(boxes: Sequence[Box]) -> Box:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def words_of(raw: Sequence[Sequence[object]]) -> list[Word]:
    """PyMuPDF's ``page.get_text("words")`` tuples as :class:`Word` (reading order kept)."""
    return [Word(float(w[0]), float(w[1]), float(w[2]), float(w[3]), str(w[4])) for w in raw]  # type: ignore[arg-type]


def _norm(text: str) -> str:
    text = text.replace("\xa0", " ").replace("−", "-").replace("–", "-")
    return " ".join(text.split()).lower()


def _token(text: str) -> str:
    return _norm(text).rstrip(_TRAILING)


def _inside(w: Word, box: Box, slack: float = ROW_SLACK_PT) -> bool:
    return box[0] - slack <= w.cx <= box[2] + slack and box[1] - slack <= w.cy <= box[3] + slack


def _lines(words: Sequence[Word]) -> list[list[Word]]:
    """Words grouped into lines, top to bottom, each left to right."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.cy, w.x0)):
        if lines and abs(lines[-1][0].cy - w.cy) < LINE_TOLERANCE_PT:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def _matches(words: Sequence[Word], value: str) -> list[list[Word]]:
    """Runs of consecutive words that spell ``value`` (spaces and trailing punctuation aside)."""
    target = _norm(value).replace(" ", "").rstrip(_TRAILING)
    if not target:
        return []
    out = []
    for i in range(len(words)):
        text = ""
        for j in range(i, len(words)):
            text += _norm(words[j].text).replace(" ", "")
            if text.rstrip(_TRAILING) == target:
                out.append(list(words[i : j + 1]))
                break
            if not target.startswith(text.rstrip(_TRAILING)):
                break
    return out


def _fragments(run: Sequence[Word]) -> list[Box]:
    """One box per printed line of a run of words."""
    return [union([w.box for w in line]) for line in _lines(run)]


def _label_before(row_words: Sequence[Word], run: Sequence[Word]) -> str:
    """The label printed just in front of a value in running text (`Målvärde:`), else ''."""
    i = row_words.index(run[0])
    if i == 0 or not row_words[i - 1].text.endswith(":"):
        return ""
    taken: list[str] = []
    for w in reversed(row_words[max(0, i - LABEL_MAX_WORDS) : i]):
        if taken and w.text.endswith(tuple(_TRAILING)):
            break
        taken.insert(0, w.text)
    return " ".join(taken).rstrip(":")


def _groups(line: Sequence[Word]) -> list[list[Word]]:
    """A line's words split where the gap is wider than a space: its cells."""
    out: list[list[Word]] = []
    for w in line:
        if out and w.x0 - out[-1][-1].x1 <= GROUP_GAP_PT:
            out[-1].append(w)
        else:
            out.append([w])
    return out


def _own_cell(row_words: Sequence[Word], run: Sequence[Word]) -> bool:
    """Whether a value stands apart from the words in front of it on its line, as in a table
    (running text, `… med stödet 88 procent`, has no column header)."""
    i = row_words.index(run[0])
    if i == 0:
        return True
    before = row_words[i - 1]
    same_line = abs(before.cy - run[0].cy) < LINE_TOLERANCE_PT
    return not same_line or run[0].x0 - before.x1 > GROUP_GAP_PT


def _header_above(words: Sequence[Word], box: Box, values: set[str]) -> tuple[str, Box | None]:
    """The column header over ``box``: on the nearest line above that prints something in the
    value's column (the rightmost cell starting left of the value's right edge, and reaching
    near it) and is not itself a value."""
    above = [w for w in words if w.cy < box[1] and box[1] - w.y1 <= HEADER_SEARCH_PT]
    for line in reversed(_lines(above)):
        cells = [g for g in _groups(line) if g[0].x0 <= box[2] and g[-1].x1 >= box[0] - COLUMN_REACH_PT]
        if not cells:
            continue
        cell = cells[-1]
        text = " ".join(w.text for w in cell)
        if len(cell) > HEADER_MAX_WORDS:
            return "", None  # running text above: no table header
        if NUMERIC_LINE.match(text) or _norm(text).rstrip(_TRAILING) in values:
            continue
        return text, union([w.box for w in cell])
    return "", None


def _cell_at(cells: Sequence[Cell], box: Box) -> Cell | None:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    for c in cells:
        b = c.box
        if (
            b[0] - ROW_SLACK_PT <= cx <= b[2] + ROW_SLACK_PT
            and b[1] - ROW_SLACK_PT <= cy <= b[3] + ROW_SLACK_PT
        ):
            return c
    return None


def _names(text: str, period: str, kind: str) -> int:
    """How well a header or label names a value's period and kind (0-3)."""
    t = _norm(text)
    year = period[:4] if period[:4].isdigit() else ""
    score = 2 if year and year in t else 0
    if any(re.search(rf"\b{k}", t) for k in KIND_WORDS.get(kind, ())):
        score += 1
    return score


def locate_value(
    row_box: Box,
    value_raw: str,
    words: Sequence[Word],
    cells: Sequence[Cell] = (),
    period: str = "",
    kind: str = "",
    row_label: str = "",
    values: set[str] | None = None,
) -> Located:
    """Where ``value_raw`` is printed inside ``row_box`` (see the module docstring).

    ``values``: the other values printed on the page (normalized), so that a line of them is
    never taken for a column header."""
    row_words = [w for line in _lines([w for w in words if _inside(w, row_box)]) for w in line]
    runs = _matches(row_words, value_raw) if value_raw else []
    if not runs:
        return Located(
            [row_box], False, row=row_label, notes=["the value's words were not found: the row is shown"]
        )
    candidates = []
    others = values or set()
    for run in runs:
        boxes = _fragments(run)
        box = union(boxes)
        cell = _cell_at(cells, box)
        header_box: Box | None = None
        if cell is not None and cell.column_header:
            column, row = cell.column_header, cell.row_label or row_label
        else:
            column, row = _label_before(row_words, run), row_label
            if not column and len(boxes) == 1 and _own_cell(row_words, run):
                column, header_box = _header_above(words, box, others | {_norm(value_raw)})
        label = bool(column) and cell is None and header_box is None
        at_start = row_words.index(run[0]) == 0 and len(run) < len(row_words)
        score = _names(column, period, kind) * 2 + (0 if at_start else 1)
        candidates.append((score, Located(boxes, True, column, row, label=label, header_box=header_box)))
    best = max(c[0] for c in candidates)
    top = [loc for s, loc in candidates if s == best]
    if len(top) > 1:
        return Located(
            [row_box],
            False,
            row=row_label,
            notes=[f"the row prints {value_raw!r} {len(top)} times and no header tells them apart"],
        )
    return top[0]
