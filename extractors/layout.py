"""The page model: words with boxes, text lines and ruling lines, built once per page.

Every recognizer reads this model; none re-opens the PDF.  The cheap part (words, from
PyMuPDF's ``get_text("words")``) is built eagerly; the slow parts (font spans, vector
drawings) are computed lazily, only for pages whose recognizers ask for them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

import pymupdf

from kpi.extractors.records import BBox

# Word boxes span the font's ascender to descender, without MuPDF's quad corrections, and MuPDF's
# messages are collected (see ``pdf_health``) rather than printed.  PyMuPDF >= 2 makes both
# settings on import through its pymupdf4llm add-on; set here, they no longer depend on which
# PyMuPDF version or add-ons are installed (every threshold here is relative to these boxes).
pymupdf.TOOLS.unset_quad_corrections(True)  # type: ignore[no-untyped-call]  # PyMuPDF: TOOLS is unannotated
pymupdf.TOOLS.mupdf_display_errors(False)  # type: ignore[no-untyped-call]  # PyMuPDF: TOOLS is unannotated


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    block: int = 0
    line: int = 0

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def height(self) -> float:
        return self.y1 - self.y0


class WordGroup:
    """Geometry and text of a group of words (a line, a cell): shared by every recognizer.

    A group's words never change after it is made, so its box and text are computed once, on
    first use, in one pass, into the ``_geometry`` slot (each subclass declares it as its last
    field, with :func:`geometry_slot`, so that it starts out ``None``).
    """

    __slots__ = ("_geometry",)
    words: list[Word]
    _geometry: tuple[float, float, float, float, str] | None

    def _measure(self) -> tuple[float, float, float, float, str]:
        g = self._geometry
        if g is None:
            ws = self.words
            g = (
                min([w.x0 for w in ws]),
                min([w.y0 for w in ws]),
                max([w.x1 for w in ws]),
                max([w.y1 for w in ws]),
                " ".join([w.text for w in ws]),
            )
            self._geometry = g
        return g

    @property
    def text(self) -> str:
        return self._measure()[4]

    @property
    def x0(self) -> float:
        return self._measure()[0]

    @property
    def x1(self) -> float:
        return self._measure()[2]

    @property
    def y0(self) -> float:
        return self._measure()[1]

    @property
    def y1(self) -> float:
        return self._measure()[3]

    @property
    def xc(self) -> float:
        g = self._measure()
        return (g[0] + g[2]) / 2

    @property
    def bbox(self) -> BBox:
        return self._measure()[:4]


def furniture_key(text: str) -> str:
    """A line's text with digits masked, lower case: equal on every page of a running header or
    footer whose page number changes."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text)).strip().lower()


def median(values: list[float]) -> float:
    """``statistics.median`` of a non-empty list, without its generality (called per line)."""
    xs = sorted(values)
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def geometry_slot() -> Any:
    """The dataclass field a :class:`WordGroup` subclass declares last: its cached box and text."""
    return field(default=None, init=False, repr=False, compare=False)


@dataclass(slots=True)
class TextLine(WordGroup):
    """Words that share a baseline band, left to right (across columns: split by gaps if needed)."""

    words: list[Word]
    _geometry: tuple[float, float, float, float, str] | None = geometry_slot()
    _height: float | None = geometry_slot()

    @property
    def height(self) -> float:
        """The median word height: the line's type size (computed once, as its words never change)."""
        h = self._height
        if h is None:
            h = self._height = median([w.y1 - w.y0 for w in self.words])
        return h

    def split_at_gaps(self, min_gap: float) -> list[TextLine]:
        """Split into cells wherever the horizontal gap between words exceeds ``min_gap``."""
        parts: list[list[Word]] = [[self.words[0]]]
        for w in self.words[1:]:
            if w.x0 - parts[-1][-1].x1 > min_gap:
                parts.append([w])
            else:
                parts[-1].append(w)
        return [TextLine(p) for p in parts]


class Rule(NamedTuple):
    """A ruling line (thin rectangle or stroked segment): horizontal or vertical.

    A named tuple rather than a frozen dataclass: a ruled page has hundreds of rules and a
    frozen dataclass costs three times as much to make (every field set through
    ``object.__setattr__``); fields, immutability, equality and hashing are the same."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.y1 - self.y0)


@dataclass(frozen=True, slots=True)
class Shape:
    """A filled vector shape (e.g. a traffic-light dot), with its fill colour as RGB 0..1."""

    x0: float
    y0: float
    x1: float
    y1: float
    fill: tuple[float, float, float] | None
    kind: str  # 'curve' (has bezier items), 'rect', 'poly'

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.y0 + self.y1) / 2


def group_lines(words: list[Word], y_tolerance: float | None = None) -> list[TextLine]:
    """Cluster words into lines by vertical overlap of their centres, then sort by x.

    Works on the words' geometry, not PyMuPDF's block/line numbering, so it does not depend on
    how the PDF producer ordered its text.
    """
    if not words:
        return []
    ws = sorted([((w.y0 + w.y1) / 2, w.x0, i, w) for i, w in enumerate(words)])
    lines: list[list[Word]] = []
    centres: list[float] = []  # the words' centres of the current line, sorted, while it is short
    for yc, _, _, w in ws:
        tol = y_tolerance if y_tolerance is not None else max(1.5, (w.y1 - w.y0) * 0.45)
        if lines:
            cur = lines[-1]
            n = len(cur)
            if n < 8:
                ref = centres[n // 2] if n % 2 else (centres[n // 2 - 1] + centres[n // 2]) / 2
            else:
                ref = (cur[-1].y0 + cur[-1].y1) / 2
            if abs(yc - ref) <= tol:
                cur.append(w)
                if n < 8:
                    bisect.insort(centres, yc)
                continue
        lines.append([w])
        centres = [yc]
    return [TextLine(sorted(ln, key=_x0)) for ln in lines]


def _x0(w: Word) -> float:
    return w.x0


@dataclass
class Page:
    """One PDF page: number (1-based), size, words and lines; lazy spans and drawings."""

    number: int
    width: float
    height: float
    words: list[Word]
    _page: Any = field(default=None, repr=False)  # the live pymupdf.Page, for lazy parts
    _textpage: Any = field(
        default=None, repr=False
    )  # MuPDF's text of the page, parsed once for words and spans
    memo: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)
    """Structures derived from this page that several recognizers read (see ``table_cells.page_lines``)."""

    @property
    def raw(self) -> Any:
        """The live ``pymupdf.Page`` (None for a page made from words alone), for the slow parts."""
        return self._page

    @cached_property
    def lines(self) -> list[TextLine]:
        return group_lines(self.words)

    @cached_property
    def text(self) -> str:
        return "\n".join(ln.text for ln in self.lines)

    @property
    def has_text(self) -> bool:
        return bool(self.words)

    @cached_property
    def spans(self) -> list[dict[str, Any]]:
        """Text spans with font name, size and flags (bold = flags & 16). Slow: ask only when needed."""
        if self._page is None:
            return []
        out = []
        for b in self._page.get_text("dict", textpage=self._textpage)["blocks"]:
            for ln in b.get("lines", []):
                for s in ln["spans"]:
                    if s["text"].strip():
                        out.append(s)
        return out

    def is_bold(self, word: Word) -> bool:
        """True when the span under the word's centre uses a bold font."""
        for s in self.spans:
            x0, y0, x1, y1 = s["bbox"]
            if x0 - 0.5 <= word.xc <= x1 + 0.5 and y0 - 0.5 <= word.yc <= y1 + 0.5:
                return bool(s["flags"] & 16) or "bold" in s["font"].lower()
        return False

    @cached_property
    def drawings(self) -> list[dict[str, Any]]:
        """Vector paths of the page as MuPDF gives them (``get_cdrawings``: plain tuples, not
        Point/Rect objects, which cost more to make than the reading itself); computed on first
        use.  Items: ``("l", p, q)``, ``("c", p1, p2, p3, p4)``, ``("re", (x0, y0, x1, y1), o)``,
        ``("qu", (ul, ur, ll, lr))``; ``rect`` is the path's box as a 4-tuple."""
        if self._page is None:
            return []
        drawings: list[dict[str, Any]] = self._page.get_cdrawings()
        return drawings

    @cached_property
    def rules(self) -> list[Rule]:
        """Horizontal and vertical ruling lines (stroked lines and thin filled rectangles)."""
        # a chart page has thousands of path items: test each one's size before making a Rule
        out: list[Rule] = []
        for d in self.drawings:
            for item in d["items"]:
                op = item[0]
                if op == "l":
                    (a, b), (c, e) = item[1], item[2]
                elif op == "re":
                    a, b, c, e = item[1]
                else:
                    continue
                x0, y0, x1, y1 = min(a, c), min(b, e), max(a, c), max(b, e)
                w, h = x1 - x0, y1 - y0
                if (h <= 2.5 and w > 5) or (w <= 2.5 and h > 5):
                    out.append(Rule(x0, y0, x1, y1))
        return out

    @cached_property
    def shapes(self) -> list[Shape]:
        """Filled vector shapes that are small enough to be marks (dots, arrows, squares)."""
        out: list[Shape] = []
        for d in self.drawings:
            if d.get("fill") is None:
                continue
            x0, y0, x1, y1 = d["rect"]
            kinds = {it[0] for it in d["items"]}
            kind = "curve" if "c" in kinds else ("rect" if kinds <= {"re", "qu"} else "poly")
            out.append(Shape(x0, y0, x1, y1, tuple(d["fill"]), kind))
        return out

    def words_in(self, x0: float, y0: float, x1: float, y1: float) -> list[Word]:
        return [w for w in self.words if w.xc >= x0 and w.xc <= x1 and w.yc >= y0 and w.yc <= y1]


TEXT_FLAGS = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_PRESERVE_LIGATURES | pymupdf.TEXT_MEDIABOX_CLIP
"""MuPDF text flags: one text page per PDF page serves both words and font spans (no images)."""


def page_from_pymupdf(page: Any, number: int) -> Page:
    textpage = page.get_textpage(flags=TEXT_FLAGS)
    raw = page.get_text("words", sort=False, textpage=textpage)
    words = [Word(t, x0, y0, x1, y1, b, ln) for (x0, y0, x1, y1, t, b, ln, _wn) in raw if t.strip()]
    return Page(
        number=number,
        width=page.rect.width,
        height=page.rect.height,
        words=words,
        _page=page,
        _textpage=textpage,
    )


class DocumentModel:
    """An open PDF with lazily built pages. Use as a context manager."""

    def __init__(self, path: str, data: bytes | None = None):
        self.path = path
        # PyMuPDF leaves Document.__init__ (what pymupdf.open is) and Document.close unannotated
        self._doc = pymupdf.open(stream=data, filetype="pdf") if data is not None else pymupdf.open(path)  # type: ignore[no-untyped-call]
        self._pages: dict[int, Page] = {}

    def __enter__(self) -> DocumentModel:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._doc.close()  # type: ignore[no-untyped-call]  # see __init__

    @property
    def page_count(self) -> int:
        count: int = self._doc.page_count
        return count

    @property
    def raw(self) -> Any:
        return self._doc

    def page(self, number: int) -> Page:
        """1-based page number."""
        if number not in self._pages:
            self._pages[number] = page_from_pymupdf(self._doc[number - 1], number)
        return self._pages[number]

    def pages(self) -> Iterator[Page]:
        for n in range(1, self.page_count + 1):
            yield self.page(n)
