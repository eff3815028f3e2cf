"""Text lines cut into table cells: the first step of table reading (:mod:`kpi.extractors.tables`).

``cells_of_line`` cuts a text line into cells: words split at wide gaps, at vertical rules,
and between numbers that stand side by side.  :class:`CellLine` is a line with its cells, cut
on first use; :func:`page_lines` gives a page's lines once per page and set of rules, which
the budget and risk recognizers and their cheap page tests share.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import InitVar, dataclass, field
from functools import lru_cache

from kpi.extractors.layout import Page, Rule, TextLine, Word, WordGroup
from kpi.extractors.normalize.numbers import find_numbers
from kpi.extractors.normalize.text import clean_text
from kpi.extractors.normalize.vocabulary import APPROXIMATION_WORDS, UNIT_WORDS
from kpi.extractors.records import BBox
from kpi.extractors.tables.rules import VerticalRules

CELL_GAP_EM = 0.9
"""Words further apart than this many type heights start a new cell (a space is ~0.3 em)."""

_MONEY_WORDS = sorted(
    (w for w, u in UNIT_WORDS.items() if u in {"kr", "tkr", "mkr", "mnkr", "mdkr"}), key=len, reverse=True
)
_APPROX = "|".join(re.escape(w) for w in sorted(APPROXIMATION_WORDS, key=len, reverse=True))
_NUMBER_CELL = re.compile(
    rf"(?:(?:{_APPROX})\s+)?"  # an approximate value: "Ca 110 000", "ung 116 000"
    r"[<>\u2264\u2265]?\s*[(\[]?\s*[-+\u2212\u2013\u2012\u2014]?\s*\d[\d .,]*\s*[)\]]?\s*(%|"
    + "|".join(re.escape(w) for w in _MONEY_WORDS)
    + r")?\s*\**(?:\s*\((?:19|20)\d\d\))?",  # a value may name its own year: "20 (2024)"
    re.IGNORECASE,
)
_VALUE_WITH_YEAR = re.compile(r"[-+\u2212]?\d[\d .,]*%?\s*\((?:19|20)\d\d\)")
_NUMBER_WORD = re.compile(
    r"[<>\u2264\u2265]?[-+\u2212\u2013\u2012\u2014(]?\d[\d.,]*[)%*]?|[-+\u2212\u2013\u2012\u2014]"
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_DIGIT = re.compile(r"\d")
_LEADER = re.compile(r"[.…·_]{3,}")
_LEADER_CHARS = "..."
LINE_CELLS = "table_line_cells"
"""``Page.memo`` key: the page's lines cut into cells without rules, as far as made (:func:`line_of`)."""


@dataclass(slots=True)
class Cell:
    """Words that belong together in one table cell.

    A cell's words never change once it is made, and table reading asks for its box, its text
    and whether it prints a number many times over (every body, header and row test does): they
    are worked out once, when the cell is made, and read as plain attributes.
    """

    words: list[Word]
    page: int = 0
    x0: float = field(init=False, repr=False, compare=False)
    y0: float = field(init=False, repr=False, compare=False)
    x1: float = field(init=False, repr=False, compare=False)
    y1: float = field(init=False, repr=False, compare=False)
    xc: float = field(init=False, repr=False, compare=False)
    text: str = field(init=False, repr=False, compare=False)
    is_number: bool = field(init=False, repr=False, compare=False)

    geometry: InitVar[tuple[float, float, float, float, str] | None] = None
    """The words' box and text when the maker knows them already (a cell that is a whole line)."""

    def __post_init__(self, geometry: tuple[float, float, float, float, str] | None) -> None:
        ws = self.words
        if geometry is not None:
            self.x0, self.y0, self.x1, self.y1, self.text = geometry
        elif len(ws) == 1:  # most cells: one word, its box and text
            w = ws[0]
            self.x0, self.y0, self.x1, self.y1, self.text = w.x0, w.y0, w.x1, w.y1, w.text
        else:
            self.x0 = min([w.x0 for w in ws])
            self.y0 = min([w.y0 for w in ws])
            self.x1 = max([w.x1 for w in ws])
            self.y1 = max([w.y1 for w in ws])
            self.text = " ".join([w.text for w in ws])
        self.xc = (self.x0 + self.x1) / 2
        self.is_number = is_number_text(self.text)

    @property
    def bbox(self) -> BBox:
        return (self.x0, self.y0, self.x1, self.y1)

    @property
    def is_year(self) -> bool:
        return bool(_YEAR.fullmatch(self.text.strip()))


# ----------------------------------------------------------------------------------------------
# Cells of a line
# ----------------------------------------------------------------------------------------------
@lru_cache(maxsize=1 << 16)
def is_number_text(text: str) -> bool:
    """True when a cell prints one number (sign, thousands groups, decimals, %, money unit)."""
    t = clean_text(text).strip()
    return bool(t) and bool(_NUMBER_CELL.fullmatch(t)) and any(c.isdigit() for c in t)


_GROUP_HEAD = re.compile(r"[-\u2212]?[0-9]{1,3}")
_GROUP_TAIL = re.compile(r"[0-9]{3}")


def _one_grouped_number(cell: list[Word]) -> bool:
    """Do the words print one number in thousands groups (``1 234 567``, ``-12 345``): one to
    three digits, then groups of exactly three?  The number reader takes such a run whole (its
    thousands-separated form), so there is nothing to split and no need to ask it."""
    return bool(_GROUP_HEAD.fullmatch(cell[0].text)) and all(_GROUP_TAIL.fullmatch(w.text) for w in cell[1:])


def _number_runs(cell: list[Word]) -> list[list[Word]]:
    """Split a run of number words into one run per printed number (``3 678 -1 617``)."""
    if len(cell) == 1 or _one_grouped_number(cell):
        return [cell]
    groups = _number_groups(tuple(w.text for w in cell))
    if len(groups) <= 1:
        return [cell]
    return [[cell[i] for i in g] for g in groups]


@lru_cache(maxsize=1 << 14)
def _number_groups(texts: tuple[str, ...]) -> tuple[tuple[int, ...], ...]:
    """Indexes of the words of each printed number among number words printed side by side."""
    text, starts = "", []
    for t in texts:
        starts.append(len(text))
        text += t + " "
    spans = [n.span for n in find_numbers(text.strip(), parens_negative=True) if n.span]
    if len(spans) <= 1:
        return ((*range(len(texts)),),)
    runs: dict[int, list[int]] = {}
    for i, (s, t) in enumerate(zip(starts, texts, strict=False)):
        k = max((j for j, sp in enumerate(spans) if sp[0] <= s + len(t) - 1), default=0)
        runs.setdefault(k, []).append(i)
    return tuple(tuple(runs[k]) for k in sorted(runs))


def cells_of_line(line: TextLine, vrules: Iterable[Rule] = (), gap_em: float = CELL_GAP_EM) -> list[Cell]:
    """The cells of a text line: split at gaps wider than ``gap_em`` type heights, at vertical
    rules between words (or through the right half of a word that overflows its cell), and
    between numbers printed side by side."""
    if not line.words:
        return []
    index = vrules if isinstance(vrules, VerticalRules) else VerticalRules(list(vrules))
    return _cells(line, sorted(index.xs_of_line(line.y0, line.y1)), gap_em)


def _between(xs: list[float], lo: float, hi: float) -> bool:
    """Is there an x in ``lo``..``hi`` among the sorted ``xs``?"""
    k = bisect.bisect_left(xs, lo)
    return k < len(xs) and xs[k] <= hi


def _cells(line: TextLine, cuts: list[float], gap_em: float = CELL_GAP_EM) -> list[Cell]:
    """:func:`cells_of_line` given the x of the vertical rules that cross the line, sorted."""
    if not line.words:
        return []
    return cut_cells(line, cuts, gap_em * line.height)


def cut_cells(line: WordGroup, cuts: list[float], limit: float) -> list[Cell]:
    """The one cell cutter of the engine: a line's words split where they stand more than
    ``limit`` points apart or a vertical rule (``cuts``, sorted x) passes between them, dot
    leaders dropped, and numbers printed side by side split apart.  How wide a gap must be is
    the caller's reading of the page (:data:`CELL_GAP_EM` type heights for table reading, a few
    space widths for the document flow, :mod:`kpi.extractors.tables.flow`)."""
    words = line.words
    if _LEADER_CHARS in line.text:  # dot leaders (a table of contents, a statement): a cell border
        words = [w for w in words if not _LEADER.fullmatch(w.text)]
        if not words:
            return []
    parts: list[list[Word]] = []
    part = [words[0]]
    prev = words[0]
    for w in words[1:]:
        # a word that overflows its ruled cell a little still has its cell's rule between it and
        # the next cell's word: the rule passes right of the word's middle
        if w.x0 - prev.x1 > limit or (cuts and _between(cuts, prev.xc, w.x0 + 0.5)):
            parts.append(part)
            part = [w]
        else:
            part.append(w)
        prev = w
    parts.append(part)
    out: list[Cell] = []
    for p in parts:
        if len(p) > 1 and _VALUE_WITH_YEAR.fullmatch(" ".join([w.text for w in p])):
            out.append(Cell(p))  # one value with the year it is for, not two numbers
            continue
        if len(p) > 1 and all(_NUMBER_WORD.fullmatch(w.text) for w in p):
            runs = _number_runs(p)
            if len(runs) > 1 and all(is_number_text(" ".join([w.text for w in run])) for run in runs):
                out.extend(Cell(run) for run in runs)
                continue
        if len(parts) == 1 and words is line.words:  # the whole line (prose, mostly): box and text known
            out.append(Cell(p, geometry=(line.x0, line.y0, line.x1, line.y1, line.text)))
        else:
            out.append(Cell(p))
    return out


class CellLine:
    """A text line and its cells, with what the body, header and row tests read of it again and
    again worked out once (a page's lines are shared by every reading of the page).

    The cells are cut on first use: a reading asks for the cells of the lines with a number and
    of those around a table only, and a line without a digit has no number cell
    (:attr:`has_digit`), so the lines of running text far from any table are never cut.
    """

    __slots__ = ("_cells", "_cuts", "_label_cells", "_number_x0", "has_digit", "height", "line", "y0", "y1")

    def __init__(self, line: TextLine, cells: list[Cell] | None = None, cuts: list[float] | None = None):
        self.line = line
        self._cells = cells
        self._cuts = cuts or []  # x of the vertical rules that cross the line, sorted
        self._label_cells: list[Cell] | None = None
        self._number_x0 = 1e9
        self.y0, self.y1, self.height = line.y0, line.y1, line.height
        self.has_digit = _DIGIT.search(line.text) is not None

    @property
    def cells(self) -> list[Cell]:
        cells = self._cells
        if cells is None:
            cells = self._cells = _cells(self.line, self._cuts)
        return cells

    @property
    def label_cells(self) -> list[Cell]:
        """The cells before the first number cell."""
        labels = self._label_cells
        if labels is None:
            labels = self._split_at_first_number()
        return labels

    @property
    def number_x0(self) -> float:
        """The left edge of the leftmost number cell (1e9 without one)."""
        if self._label_cells is None:
            self._split_at_first_number()
        return self._number_x0

    def _split_at_first_number(self) -> list[Cell]:
        """Work out :attr:`label_cells` and :attr:`number_x0`; the label cells."""
        cells = self.cells
        first_num = next((i for i, c in enumerate(cells) if c.is_number), len(cells))
        labels = self._label_cells = cells[:first_num]
        self._number_x0 = min([c.x0 for c in cells[first_num:] if c.is_number], default=1e9)
        return labels


def crossed(ln: CellLine, vrules: VerticalRules) -> bool:
    """Does a vertical rule run through the line's height (is the line inside a ruled table)?"""
    return vrules.crossing_line(ln.y0, ln.y1)


def page_lines(page: Page, vrules: Sequence[Rule] | VerticalRules = ()) -> list[CellLine]:
    """The page's text lines cut into cells (made once per page and set of vertical rules: the
    budget and risk recognizers and their cheap page tests all read the same lines)."""
    key: VerticalRules | tuple[Rule, ...]
    index: VerticalRules | None = None
    rules: Sequence[Rule] = ()
    if isinstance(vrules, VerticalRules):
        key = index = vrules  # the page's own rules (:func:`table_rules`): one object per page
    else:
        key = tuple(vrules)
        rules = vrules
    if not vrules:
        key = ()
    lines: list[CellLine] | None = page.memo.get(("table_lines", key))
    if lines is None:
        if vrules:  # only lines a rule crosses are cut differently from the rule-less reading
            index = index or VerticalRules(rules)
            lines = [
                pl
                if not crossed(pl, index)
                else CellLine(pl.line, cuts=sorted(index.xs_of_line(pl.y0, pl.y1)))
                for pl in page_lines(page)
            ]
        else:
            lines = [line_of(page, i) for i in range(len(page.lines))]
        page.memo[("table_lines", key)] = lines
    return lines


def line_of(page: Page, i: int) -> CellLine:
    """The page's ``i``-th text line cut into cells without rules, made once: a cheap page test
    that reads a few lines (:func:`numbered_lines`) and :func:`page_lines` share them."""
    made: list[CellLine | None] | None = page.memo.get(LINE_CELLS)
    if made is None:
        made = page.memo[LINE_CELLS] = [None] * len(page.lines)
    ln = made[i]
    if ln is None:
        line = page.lines[i]
        ln = made[i] = CellLine(line)
    return ln


def numbered_lines(page: Page) -> Iterator[int]:
    """Indexes of the lines that print a digit after their first word: only they can have a
    number cell right of another cell (a number cell holds a digit, and the first cell holds the
    first word)."""
    for i, line in enumerate(page.lines):
        if _DIGIT.search(line.text, len(line.words[0].text)):
            yield i
