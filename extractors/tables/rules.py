"""A page's ruling lines as table reading asks for them.

Table reading asks the same few questions of a page's rules over and over (for every text
line, every header cell and every body): does a vertical rule run through this line's height,
and at which x?  A ruled page has a hundred or more rules, so :class:`VerticalRules` answers the
first question by bisection and remembers the answer to the second per height band (the cells
of one line and the lines of one type size share their bands).  :func:`table_rules` selects a
page's column rules and row rules once per page.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence

from kpi.extractors.layout import Page, Rule

FRAME_SHARE = 0.8
"""A vertical rule taller than this share of the page is a page frame, not a column border."""
FRAME_MARGIN = 5.0
"""Vertical rules this close to the paper edge are page frames."""
RULE_TOLERANCE = 1.5
"""Points a rule may miss a text line and still count as crossing it."""
SEPARATOR_COVERAGE = 0.85
"""A horizontal rule line is a row border when it covers this share of the table's width."""
MAX_PATHS_FOR_RULES = 4000
"""A page that paints more vector paths than this is read for tables from its words alone (a
page of ruled tables paints a few hundred; a chart or a background pattern, tens of thousands)."""
_PATH_OPERATOR = re.compile(rb"(?<=\s)(?:m|re)(?=\s)")  # a subpath starts
TABLE_RULES = "table_rules"
"""``Page.memo`` key of the page's column and row rules (see :func:`table_rules`)."""


class VerticalRules:
    """Vertical rules, indexed: which of them run through a band ``top``..``bottom``?

    A rule crosses a band when it starts at or above the band's top and ends at or below its
    bottom.  Sorted by top, the rules that start high enough are a prefix; one of them reaches
    low enough exactly when the largest bottom of that prefix does.
    """

    __slots__ = ("_reach", "_tops", "_xs", "rules")

    def __init__(self, rules: Sequence[Rule] = ()):
        self.rules = tuple(rules)
        by_top = sorted((r.y0, r.y1) for r in self.rules)
        self._tops = [y0 for y0, _ in by_top]
        self._reach: list[float] = []
        lowest = float("-inf")
        for _, y1 in by_top:
            lowest = max(lowest, y1)
            self._reach.append(lowest)
        self._xs: dict[tuple[float, float], tuple[float, ...]] = {}

    def __bool__(self) -> bool:
        return bool(self.rules)

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def crosses(self, top: float, bottom: float) -> bool:
        """Does any rule run from ``top`` (or above) to ``bottom`` (or below)?"""
        k = bisect.bisect_right(self._tops, top)
        return k > 0 and self._reach[k - 1] >= bottom

    def xs(self, top: float, bottom: float) -> tuple[float, ...]:
        """The x of every rule that runs through the band, in the rules' order."""
        key = (top, bottom)
        xs = self._xs.get(key)
        if xs is None:
            xs = (
                tuple(r.x0 for r in self.rules if r.y0 <= top and r.y1 >= bottom)
                if self.crosses(top, bottom)
                else ()
            )
            self._xs[key] = xs
        return xs

    def crossing_line(self, y0: float, y1: float) -> bool:
        """Does a rule run through a text line from ``y0`` to ``y1`` (it may miss its ends by
        :data:`RULE_TOLERANCE`)?"""
        return self.crosses(y0 + RULE_TOLERANCE, y1 - RULE_TOLERANCE)

    def xs_of_line(self, y0: float, y1: float) -> tuple[float, ...]:
        """The x of every rule that runs through a text line (see :meth:`crossing_line`)."""
        return self.xs(y0 + RULE_TOLERANCE, y1 - RULE_TOLERANCE)


NO_RULES = VerticalRules()


def table_rules(page: Page) -> tuple[VerticalRules, list[Rule]]:
    """The page's column rules (vertical, neither a page frame nor at the paper's edge) and row
    rules (horizontal), selected once per page."""
    got = page.memo.get(TABLE_RULES)
    if got is None:
        rules = page.rules
        limit = FRAME_SHARE * page.height
        right = page.width - FRAME_MARGIN
        vertical, horizontal = [], []
        for r in rules:
            if r.horizontal:
                horizontal.append(r)
            elif r.y1 - r.y0 < limit and FRAME_MARGIN < r.x0 < right:
                vertical.append(r)
        got = (VerticalRules(vertical), horizontal)
        page.memo[TABLE_RULES] = got
    return got


def separators(hrules: list[Rule], x0: float, x1: float) -> list[float]:
    """The y of every horizontal rule line (collinear segments joined) that crosses most of the
    table's width: real row borders, not the boxes some exporters draw around each text line."""
    by_y: dict[float, list[tuple[float, float]]] = {}
    for r in hrules:
        by_y.setdefault(round(r.y0 * 2) / 2, []).append((max(r.x0, x0), min(r.x1, x1)))
    out = []
    width = max(x1 - x0, 1.0)
    for y, segs in by_y.items():
        covered, reach = 0.0, x0
        for a, b in sorted(segs):
            if b <= reach:
                continue
            covered += b - max(a, reach)
            reach = b
        if covered / width >= SEPARATOR_COVERAGE:
            out.append(y)
    return sorted(out)


def heavy_drawing(page: Page) -> bool:
    """Would reading the page's vector paths cost many times its text (a chart, a map, a
    background pattern)? Told without reading them: the path operators in its content streams
    and the forms it paints (a byte scan of a millisecond), and any tiling pattern there, which
    MuPDF expands into a path per tile."""
    raw = page.raw
    if raw is None or "rules" in page.__dict__:
        return False  # the page's rules are read already (another recognizer wanted them)
    doc = raw.parent
    try:
        xrefs = [raw.xref] + [x[0] for x in raw.get_xobjects()]
        if any(doc.xref_get_key(x, "Resources/Pattern")[0] != "null" for x in xrefs):
            return True
        streams = [raw.read_contents()] + [doc.xref_stream(x) or b"" for x in xrefs[1:]]
    except (RuntimeError, ValueError):  # a damaged content stream: its drawings would fail too
        return True
    return sum(len(_PATH_OPERATOR.findall(s)) for s in streams) > MAX_PATHS_FOR_RULES
