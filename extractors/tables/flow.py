"""The document as one flow of styled text lines, without running headers, footers and page numbers.

Every indicator recognizer reads this flow instead of raw words: each :class:`Line` knows its page,
its type size and boldness (for headings), and can split itself into cells at wide gaps (for
tables).  Nothing here depends on a particular font, margin or page size: sizes and gaps are
measured against the document's own body text.
"""

from __future__ import annotations

import bisect
import itertools
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from kpi.extractors.document import body_size
from kpi.extractors.layout import (
    DocumentModel,
    Page,
    TextLine,
    Word,
    WordGroup,
    geometry_slot,
    median,
)
from kpi.extractors.normalize.periods import is_range_dash
from kpi.extractors.tables.cells import Cell, cut_cells
from kpi.extractors.tables.pages import furniture
from kpi.extractors.tables.rules import heavy_drawing, table_rules
from kpi.extractors.vocabulary import COMPOUND_CONJUNCTIONS

MARGIN_ZONE = 0.085
"""Share of the page height at the top and bottom where page numbers and small-type margin
lines are dropped (running headers and footers are told by :func:`~kpi.extractors.tables.pages.furniture`)."""
GAP_SPACE_FACTOR = 1.3
"""A gap wider than this many space widths (plus :data:`GAP_SLACK`) separates two cells."""
GAP_SLACK = 0.4
"""Points added to the cell-gap threshold, so rounding never splits words set with plain spaces."""
MIN_GAP_EM = 0.3
"""The cell-gap threshold is never below this share of the type size."""
HEADING_SIZE_STEP = 0.6
"""Points by which a line must exceed body size to count as larger type."""
BOLD_SHARE = 0.8
"""Share of a line's characters in a bold font for the line to count as bold."""
CHAIN_GAP_EM = 0.8
"""A margin line this close (in its type sizes) to the text next to it belongs to that text."""
_SPACES = re.compile(r"\s+")
_FOLIO = re.compile(r"(sid(a)?\s*)?\d+(\s*\(\d+\))?")
"""A page number as printed in a margin ("3", "Sida 3", "3 (12)"), matched on lower-case text."""


@dataclass
class Line(WordGroup):
    """One text line of the flow with its style and its page's cell-gap threshold."""

    page: int
    words: list[Word]
    size: float
    bold: float
    italic: float
    gap: float  # cell-gap threshold in points
    rules: PageRules | None = None  # the page's column rules, read when a cell is first asked for
    index: int = -1  # position in the flow
    _geometry: tuple[float, float, float, float, str] | None = geometry_slot()
    _cells: list[Cell] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def is_bold(self) -> bool:
        return self.bold >= BOLD_SHARE

    def cells(self) -> list[Cell]:
        """The line cut into cells by the engine's cutter (:func:`~kpi.extractors.tables.cells.cut_cells`)
        at gaps wider than the line's threshold and at vertical rules between two words (made once
        per line; callers only read the list)."""
        if self._cells is None:
            self._cells = self._split()
        return self._cells

    @property
    def one_piece(self) -> bool:
        """Is the line one cell by its word gaps alone?  Headings and labels are asked this, so
        that telling a heading never costs reading the page's drawings (a rule through a
        heading's words is no table)."""
        if self._cells is not None:
            return len(self._cells) == 1
        gap = self.gap
        return not any(b.x0 - a.x1 > gap for a, b in itertools.pairwise(self.words))

    @property
    def splits(self) -> list[float]:
        """The x of the vertical rules that cross the line, sorted."""
        return self.rules.crossing(self.y0, self.y1) if self.rules is not None else []

    def _split(self) -> list[Cell]:
        return cut_cells(self, self.splits, self.gap) or [Cell(self.words)]


class PageRules:
    """A page's column rules as the flow uses them, read from the page's drawings the first time
    a line of the page is cut into cells (most lines never are: the recognizers test a line's
    text before its cells, and reading drawings costs more than reading the text)."""

    __slots__ = ("_page", "_rules")

    def __init__(self, page: Page):
        self._page: Page | None = page
        self._rules: list[tuple[float, float, float]] = []

    def crossing(self, y0: float, y1: float) -> list[float]:
        if self._page is not None:
            page, self._page = self._page, None
            self._rules = [] if heavy_drawing(page) else _vertical_rules(page)
        yc = (y0 + y1) / 2
        return sorted(x for x, ry0, ry1 in self._rules if ry0 - 1 <= yc <= ry1 + 1)


@dataclass
class Flow:
    """All body lines of a document in reading order, and the document's body type size."""

    lines: list[Line]
    body_size: float
    page_sizes: dict[int, tuple[float, float]]

    def on_page(self, page: int) -> list[Line]:
        return [ln for ln in self.lines if ln.page == page]


@lru_cache(maxsize=1024)
def _font_style(font: str) -> tuple[bool, bool]:
    """(bold, italic) as the font's name says; a document uses few fonts, so this is memoised."""
    low = font.lower()
    return "bold" in low, any(k in low for k in ("italic", "oblique"))


_Span = tuple[float, float, float, float, float, bool, bool]
"""A font span for :func:`_style`: y0, x0, x1, y1, size, bold, italic."""


class SlimSpan:
    """A font span reduced to what kpi's recognizers read of it (``span["bbox"]``, ``["size"]``,
    ``["flags"]``, ``["font"]``, ``["text"]``, ``["color"]``): a fifth of the memory of MuPDF's
    dictionary of a dozen keys, read the same way."""

    __slots__ = SPAN_KEYS = ("bbox", "size", "flags", "font", "text", "color")

    def __init__(self, span: dict[str, Any]) -> None:
        self.bbox = span["bbox"]
        self.size = span["size"]
        self.flags = span["flags"]
        self.font = sys.intern(span["font"])
        self.text = span["text"]
        self.color = span["color"]

    def __getitem__(self, key: str) -> Any:
        if key not in self.SPAN_KEYS:
            raise KeyError(key)
        return getattr(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        return getattr(self, key) if key in self.SPAN_KEYS else default


SLIM_SPANS_FROM = 1000
"""A page with this many spans or more keeps them as :class:`SlimSpan` and lets go of MuPDF's text
page once its spans are read (a page of 10,000 table cells holds about 7 MB of span dictionaries
and more in the text page: a 100-page document of them came within a few MB of the worker's
default memory limit)."""


def _slim_spans(page: Page) -> list[Any]:
    """``page.spans``; on a page with many spans, made :class:`SlimSpan` in place."""
    spans: list[Any] = page.spans
    if len(spans) >= SLIM_SPANS_FROM and isinstance(spans[0], dict):
        spans = [SlimSpan(s) for s in spans]
        page.__dict__["spans"] = spans  # the page's cached spans (a cached_property), slimmed
        page._textpage = None  # read for the spans only, which are now made
    return spans


def _span_index(page: Page) -> tuple[list[float], list[_Span]]:
    spans: list[_Span] = []
    for s in _slim_spans(page):
        x0, y0, x1, y1 = s["bbox"]
        flags = s["flags"]
        bold, italic = _font_style(s["font"])
        spans.append((y0, x0, x1, y1, float(s["size"]), bool(flags & 16) or bold, bool(flags & 2) or italic))
    spans.sort()
    return [s[0] for s in spans], spans


STYLE_BINS_FROM = 48
"""Spans near a line from which :func:`_style` finds each word's span through an index of the spans
by x (a dense table's line has hundreds of spans within reach: a scan per word made the style pass
quadratic, 105 s on one page of 40,000 cells); below it a scan is cheaper than the index."""

STYLE_BIN_WIDTH = 6.0
"""Width in points of the x-bins of that index (about a short number's width in small type)."""


def _span_bins(near: list[_Span]) -> dict[int, list[int]]:
    """x-bin -> indexes (ascending) of the spans whose x-range (±0.5) reaches into the bin."""
    bins: dict[int, list[int]] = defaultdict(list)
    for i, s in enumerate(near):
        for b in range(int((s[1] - 0.5) // STYLE_BIN_WIDTH), int((s[2] + 0.5) // STYLE_BIN_WIDTH) + 1):
            bins[b].append(i)
    return bins


def _style(words: list[Word], keys: list[float], spans: list[_Span]) -> tuple[float, float, float]:
    """(median size, bold share, italic share) of the words, by the spans under their centres.

    A word's span is the first, in the index's order (top to bottom, left to right), that starts
    at most 20 pt above the word and holds its centre (±0.5 pt).
    """
    sizes: list[float] = []
    bold = italic = total = 0
    centres = [(w.y0 + w.y1) / 2 for w in words]
    # the spans that can sit under any word of the line, in the index's order
    lo = bisect.bisect_left(keys, min([w.y0 for w in words]) - 20)
    hi = bisect.bisect_right(keys, max(centres) + 0.5)
    low = min(centres) - 0.5
    near = [s for s in spans[lo:hi] if s[3] >= low]  # spans ending above every word's centre never match
    bins = _span_bins(near) if len(near) >= STYLE_BINS_FROM else None
    for w, yc in zip(words, centres, strict=False):
        xc, top, below = (w.x0 + w.x1) / 2, w.y0 - 20, yc + 0.5
        n = len(w.text)
        total += n
        hit = None
        if bins is None:
            for s in near:
                if s[0] > below:
                    break  # spans further on start below the word's centre
                if s[0] >= top and s[1] - 0.5 <= xc <= s[2] + 0.5 and s[0] - 0.5 <= yc <= s[3] + 0.5:
                    hit = s
                    break
        else:
            for i in bins.get(int(xc // STYLE_BIN_WIDTH), ()):
                s = near[i]
                if s[0] > below:
                    break  # ascending indexes: the spans further on start below the word's centre
                if s[0] >= top and s[1] - 0.5 <= xc <= s[2] + 0.5 and s[0] - 0.5 <= yc <= s[3] + 0.5:
                    hit = s
                    break
        if hit is None:
            sizes.append((w.y1 - w.y0) * 0.8)
            continue
        sizes.append(hit[4])
        if hit[5]:
            bold += n
        if hit[6]:
            italic += n
    return (median(sizes) if sizes else 0.0, bold / total if total else 0.0, italic / total if total else 0.0)


def _space_width(lines: list[list[Word]]) -> dict[int, float]:
    """Typical word gap per rounded word height: the 25th percentile of gaps on the page."""
    gaps: dict[int, list[float]] = defaultdict(list)
    for ws in lines:
        for a, b in itertools.pairwise(ws):
            g = b.x0 - a.x1
            if g > 0:
                gaps[round(a.y1 - a.y0)].append(g)
    return {h: sorted(g)[len(g) // 4] for h, g in gaps.items() if len(g) >= 4}


def _vertical_rules(page: Page) -> list[tuple[float, float, float]]:
    """The page's column rules as the table engine selects them (:func:`table_rules`, read once
    per page for every reading of it)."""
    return [(r.x0 / 2 + r.x1 / 2, r.y0, r.y1) for r in table_rules(page)[0]]


def _may_be_ruled(groups: list[list[Word]], space: dict[int, float]) -> bool:
    """Whether the page's ruling lines can matter to the flow: a line of it is set in cells (a
    gap of several spaces).  They are read when a line's cells are first asked for, and not
    when the drawings are a chart's thousands of paths (:func:`heavy_drawing`)."""
    for ws in groups:
        sp = space.get(round(ws[0].y1 - ws[0].y0), 0.0)
        limit = max(sp * GAP_SPACE_FACTOR + GAP_SLACK, MIN_GAP_EM * (ws[0].y1 - ws[0].y0))
        if any(b.x0 - a.x1 > limit for a, b in itertools.pairwise(ws)):
            return True
    return False


@dataclass
class _Candidate:
    """A page line before the furniture is taken out."""

    words: list[Word]
    y0: float
    y1: float
    style: tuple[float, float, float]  # size, bold share, italic share
    gap: float  # cell-gap threshold
    drop: str | None  # folio | recurring | small | None (kept)
    source: TextLine  # the page line, whose box and text the flow line shares

    @property
    def size(self) -> float:
        return self.style[0]

    @property
    def tabular(self) -> bool:
        return any(b.x0 - a.x1 > self.gap for a, b in zip(self.words, self.words[1:], strict=False))


def _rescue_chained(lines: list[_Candidate], height: float) -> None:
    """Keep margin lines taken for furniture that are set as one piece with other text.

    A table may run into the page's top or bottom margin zone in type smaller than the body, and
    a long table repeats its header at the head of every page; running headers and footers
    stand apart from the text, further than a line space.  A small-type margin line, or a
    recurring one set in cells (a repeated table header), is kept when its vertical gap to the nearest
    kept line towards the middle of the page is at most :data:`CHAIN_GAP_EM` of its type size;
    so is a run of such lines set that close to each other when every one of them is split
    into cells (the rest of a table whose text below or above stands further away).
    """

    def rescuable(c: _Candidate) -> bool:
        return c.drop == "small" or (c.drop == "recurring" and c.tabular)

    def close(outer: _Candidate, inner: _Candidate, top: bool) -> bool:
        gap = inner.y0 - outer.y1 if top else outer.y0 - inner.y1
        return gap <= CHAIN_GAP_EM * outer.size

    by_y = sorted(lines, key=lambda c: c.y0)
    for top, order in ((True, by_y[::-1]), (False, by_y)):  # inner lines first, outwards
        side = [c for c in order if ((c.y0 + c.y1) / 2 < height / 2) == top]
        anchor: _Candidate | None = None
        for c in side:
            if c.drop and rescuable(c) and anchor is not None and close(c, anchor, top):
                c.drop = None
            if not c.drop:
                anchor = c
        run: list[_Candidate] = []
        for cand in [*side, None]:
            if (
                cand is not None
                and cand.drop
                and rescuable(cand)
                and cand.tabular
                and (not run or close(cand, run[-1], top))
            ):
                run.append(cand)
                continue
            if len(run) >= 2:
                for r in run:
                    r.drop = None
            run = [cand] if cand is not None and cand.drop and rescuable(cand) and cand.tabular else []


def build_flow(doc: DocumentModel) -> Flow:
    """Styled body lines of every page, furniture removed."""
    raw = [(page, [ln.words for ln in page.lines]) for page in doc.pages()]
    body = body_size([page for page, _ in raw])
    lines: list[Line] = []
    sizes: dict[int, tuple[float, float]] = {}
    for n, (page, groups) in enumerate(raw):
        running = furniture(page, [q for k, (q, _) in enumerate(raw) if abs(k - n) == 1])
        sizes[page.number] = (page.width, page.height)
        starts, spans = _span_index(page)
        space = _space_width(groups)
        rules = PageRules(page) if _may_be_ruled(groups, space) else None
        candidates = []
        top, bottom = page.height * MARGIN_ZONE, page.height * (1 - MARGIN_ZONE)
        for i, ln in enumerate(page.lines):  # the page's lines measure their text and box once
            ws, text, y0, y1 = ln.words, ln.text, ln.y0, ln.y1
            style = _style(ws, starts, spans)
            size = style[0]
            sp = space.get(round(ln.height), size * 0.28)
            gap = max(sp * GAP_SPACE_FACTOR + GAP_SLACK, MIN_GAP_EM * size)
            drop = None
            if y0 < top or y1 > bottom:
                if _FOLIO.fullmatch(text.lower()):
                    drop = "folio"
                elif i in running:
                    drop = "recurring"
                elif size < body - 0.25:
                    drop = "small"
            candidates.append(_Candidate(ws, y0, y1, style, gap, drop, ln))
        _rescue_chained(candidates, page.height)
        for c in candidates:
            if c.drop:
                continue
            line = Line(page.number, c.words, *c.style, c.gap, rules)
            line._geometry = c.source._geometry  # same words: the page line's measured box and text
            lines.append(line)
    for i, flow_line in enumerate(lines):
        flow_line.index = i
    return Flow(lines, body, sizes)


def is_larger(line: Line, body: float) -> bool:
    return line.size >= body + HEADING_SIZE_STEP


def join_texts(parts: list[str]) -> str:
    """Join wrapped lines: a word split by a hyphen at a line end is joined, a compound dash kept.

    "verksamhets-" + "berättelse" -> "verksamhetsberättelse"; "barn-" + "och unga" keeps
    "barn- och unga"; "13-" + "20 år" -> "13-20 år"; "jan-" + "maj" -> "jan-maj".
    """
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if not out:
            out = part
            continue
        first = part.split(" ", 1)[0]
        if out.endswith("-") and len(out) > 1 and out[-2].isalnum():
            if first.lower().strip(",") in COMPOUND_CONJUNCTIONS:
                out = f"{out} {part}"
            elif is_range_dash(out, first):
                out = out + part  # "jan-" + "maj": a range of months
            elif (out[-2].islower() and first[:1].islower()) or (out[-2].isupper() and first.isupper()):
                out = out[:-1] + part
            else:
                out = out + part
        else:
            out = f"{out} {part}"
    return _SPACES.sub(" ", out).strip()
