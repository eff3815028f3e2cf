"""Tables across pages: which pages to read, and a table that a page break split, joined again.

``tables_of_document`` reads the pages whose text suggests a table (and the page after each, as
a table may go on without its header); ``join_continuations`` merges the last table of a page
with the first of the next when their columns line up and the second has no header or repeats
the first one's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property

from kpi.extractors.layout import Page, Rule, TextLine, furniture_key
from kpi.extractors.tables.cells import page_lines
from kpi.extractors.tables.headers import is_year_part_line
from kpi.extractors.tables.model import Table
from kpi.extractors.tables.reader import CAPTION_GAP_EM, CAPTION_LINES, FURNITURE, tables_on_page
from kpi.extractors.vocabulary import TABLE_CONTINUED_WORDS

HEADER_BREAK_GAP_EM = (0.1, 1.0)
"""Bounds, in type heights, of the gap set between a header left at the foot of a page and the
body it heads at the top of the next (the header's own line spacing when it has several lines)."""
PAGE_MARGIN_SHARE = 0.1
"""Top/bottom share of a page where running headers and footers live (continuation test)."""
FURNITURE_Y_TOLERANCE = 3.0
"""Points a running header or footer may move between neighbouring pages."""


# ----------------------------------------------------------------------------------------------


def _edge_lines(page: Page) -> list[int]:
    """Indexes of the lines that run from the top or the bottom edge of the page into its
    margin band, outermost first (what a running header or footer can be)."""
    lines = page.lines
    top = page.height * PAGE_MARGIN_SHARE
    bottom = page.height * (1 - PAGE_MARGIN_SHARE)
    order = sorted(range(len(lines)), key=lambda i: lines[i].y0)
    out = []
    for i in order:
        if lines[i].y1 > top:
            break
        out.append(i)
    for i in reversed(order):
        if lines[i].y0 < bottom or i in out:
            break
        out.append(i)
    return out


def furniture(page: Page, neighbours: Iterable[Page]) -> frozenset[int]:
    """Running headers and footers of a page: lines in its top or bottom band that a
    neighbouring page prints at the same place with the same text (page numbers aside)."""
    marks: list[tuple[str, float]] = []
    for other in neighbours:
        marks.extend((furniture_key(other.lines[i].text), other.lines[i].y0) for i in _edge_lines(other))
    if not marks:
        return frozenset()
    out = set()
    for i in _edge_lines(page):
        ln: TextLine = page.lines[i]
        key = furniture_key(ln.text)
        if any(k == key and abs(y - ln.y0) <= FURNITURE_Y_TOLERANCE for k, y in marks):
            out.add(i)
    return frozenset(out)


def _with_neighbours(pages: Iterable[Page]) -> Iterator[tuple[Page | None, Page, Page | None]]:
    prev: Page | None = None
    cur: Page | None = None
    for page in pages:
        if cur is not None:
            yield prev, cur, page
        prev, cur = cur, page
    if cur is not None:
        yield prev, cur, None


# ----------------------------------------------------------------------------------------------
def _near_bottom(t: Table, page: Page) -> bool:
    after = [ln for ln in page.lines if ln.y0 > t.y1 + 1 and ln.y0 < page.height * (1 - PAGE_MARGIN_SHARE)]
    return len(after) <= 1


def _near_top(t: Table, page: Page) -> bool:
    before = [ln for ln in page.lines if ln.y1 < t.y0 - 1 and ln.y0 > page.height * PAGE_MARGIN_SHARE]
    return len(before) <= 2


def join_continuations(tables: list[Table], pages: dict[int, Page]) -> list[Table]:
    """Merge a table that a page break split: the last table of page n and the first of page
    n+1 when the second has no header or repeats the first one's, and their columns line up.
    When the columns do not line up (an empty column in one part) but the header is the same,
    the second part keeps the first one's caption."""
    out: list[Table] = []
    for t in tables:
        prev = out[-1] if out else None
        if (
            prev is not None
            and t.page == prev.pages[-1] + 1
            and _same_columns(prev, t)
            and _near_bottom(prev, pages[prev.pages[-1]])
            and _near_top(t, pages[t.page])
            and (t.header_rows == 0 or _headers_match(prev, t))
            and _no_new_title(prev, t)
        ):
            mapping = _column_map(prev, t)
            for r in t.rows:
                r.cells = {mapping[k]: c for k, c in r.cells.items() if k in mapping}
                r.texts = {mapping[k]: c for k, c in r.texts.items() if k in mapping}
            prev.rows.extend(t.rows)
            prev.pages.append(t.page)
            continue
        if (
            prev is not None
            and t.page == prev.pages[-1] + 1
            and t.header_rows
            and not t.caption
            and _header_words(prev) == _header_words(t)
            and _near_bottom(prev, pages[prev.pages[-1]])
            and _near_top(t, pages[t.page])
        ):
            t.caption = list(prev.caption)  # the same header again (other empty columns): it goes on
        out.append(t)
    return out


def _header_words(t: Table) -> list[str]:
    """The words of a table's header, empty columns' headers included."""
    return sorted(" ".join([t.header_text, *t.empty_headers]).split())


def _no_new_title(prev: Table, t: Table) -> bool:
    """Does nothing above ``t`` (its running header and footer left out) name a table of its own:
    no caption, the first part's caption again, or one that says the table goes on?"""
    if not t.caption or t.caption[-1:] == prev.caption[-1:]:
        return True
    words = re.findall(r"[^\W\d_]+", t.caption[-1].lower())
    return any(w in TABLE_CONTINUED_WORDS for w in words)


def _column_map(a: Table, b: Table) -> dict[int, int]:
    out = {}
    for j, cb in enumerate(b.columns):
        k = min(range(len(a.columns)), key=lambda i: abs(a.columns[i].x1 - cb.x1))
        out[j] = k
    return out


def _same_columns(a: Table, b: Table) -> bool:
    if len(b.columns) > len(a.columns):
        return False
    tol = 12.0
    return all(min(abs(ca.x1 - cb.x1) for ca in a.columns) <= tol for cb in b.columns)


def _headers_match(a: Table, b: Table) -> bool:
    return (
        [c.header for c in a.columns]
        == [b.columns[_column_map(b, a)[i]].header for i in range(len(a.columns))]
        if len(a.columns) == len(b.columns)
        else False
    )


# ----------------------------------------------------------------------------------------------
@dataclass
class _Stitched(Page):
    """A page with the foot of the page before it set just above its first line: a header that a
    page break left alone at the foot of one page, read with the body it heads on the next."""

    sources: list[tuple[Page, float, float, float]] = field(default_factory=list)  # page, y0, y1, dy
    """Where the words came from: the rules of each page between y0 and y1 are moved by dy."""

    @cached_property
    def rules(self) -> list[Rule]:
        # only rules the pages' own reading already took from their drawings: reading a chart
        # page's drawings costs seconds, and the page's own reading knew when they were needed
        return [
            Rule(r.x0, r.y0 + dy, r.x1, r.y1 + dy)
            for page, y0, y1, dy in self.sources
            for r in page.__dict__.get("rules", ())
            if y0 - 2 <= r.y0 and r.y1 <= y1 + 2
        ]


def _kept(page: Page) -> list[TextLine]:
    skip = page.memo.get(FURNITURE) or ()
    return [ln for i, ln in enumerate(page.lines) if i not in skip]


def _ends_in_header(page: Page) -> bool:
    """Could the page end with a table header whose body the next page holds: its last line
    (running footer aside) has several cells and no number but years?"""
    skip = page.memo.get(FURNITURE) or ()
    lines = [ln for i, ln in enumerate(page_lines(page, [])) if i not in skip]
    if not lines:
        return False
    last = max(lines, key=lambda ln: ln.line.y0)
    return len(last.cells) >= 2 and (
        all(c.is_year or not c.is_number for c in last.cells) or is_year_part_line(last)
    )


def _caption_before_break(t: Table, page: Page, tail: list[TextLine]) -> None:
    """A table with a header but no caption at the top of a page takes its caption from the foot
    of the page before: the lines that end it (a heading a page break parted from its table,
    ``Finansiella risker``), or those above the same header when it ends that page too (the
    header set twice around the break, ``Driftbudget``)."""
    if t.caption:
        return
    header = [ln.text for ln in _kept(page) if t.y0 - 0.5 <= ln.y0 and ln.y1 <= t.rows[0].y0 + 0.5]
    k = len(header) if header and [ln.text for ln in tail[-len(header) :]] == header else 0
    if len(tail) <= k:
        return
    caption: list[str] = []
    below = tail[-k] if k else None
    for ln in reversed(tail[: len(tail) - k]):
        if len(caption) >= CAPTION_LINES or (
            below is not None and below.y0 - ln.y1 > CAPTION_GAP_EM * ln.height
        ):
            break
        caption.insert(0, ln.text)
        below = ln
    t.caption = caption


def _orphan_header(
    found: list[Table],
    page: Page,
    before: Page,
    before_tables: list[Table],
    read: Callable[[Page], list[Table]],
) -> list[Table]:
    """The tables of a page whose first table starts at the top without a header, when the page
    before ends, after its last table, with text: read again with that text set above it, the
    table gets the header a page break left behind (when the text is one).  A first table with
    a header gets its caption from that text (:func:`_caption_before_break`)."""
    first = min(found, key=lambda t: t.y0)
    if not first.rows or not _near_top(first, page):
        return found
    if FURNITURE not in before.memo:
        before.memo[FURNITURE] = furniture(before, [page])
    end = max((t.y1 for t in before_tables), default=-1e9)
    tail = [ln for ln in _kept(before) if ln.y0 > end]
    if not tail:
        return found
    if first.header_rows:
        _caption_before_break(first, page, tail)
        return found
    h = tail[-1].height
    lo, hi = HEADER_BREAK_GAP_EM
    gap = tail[-1].y0 - tail[-2].y1 if len(tail) > 1 else lo * h
    dy = first.y0 - min(max(gap, lo * h), hi * h) - tail[-1].y1
    own = _kept(page)
    words = [replace(w, y0=w.y0 + dy, y1=w.y1 + dy) for ln in tail for w in ln.words]
    stitched = _Stitched(
        page.number,
        page.width,
        page.height,
        words + [w for ln in own for w in ln.words],
        sources=[(before, tail[0].y0, tail[-1].y1 + h, dy), (page, -1e9, 1e9, 0.0)],
    )
    stitched.memo[FURNITURE] = frozenset()
    y = first.rows[0].y0
    again = [t for t in read(stitched) if t.header_rows and t.rows and abs(t.rows[0].y0 - y) < 0.5]
    if not again:
        return found
    return [again[0] if t is first else t for t in found]


def tables_of_document(
    pages: Iterable[Page],
    is_candidate: Callable[[Page], bool],
    read: Callable[[Page], list[Table]] = tables_on_page,
) -> list[Table]:
    """Tables on the pages whose text suggests one, and on the page after each (a table may go
    on without its header), joined across page breaks."""
    seen: dict[int, Page] = {}
    tables: list[Table] = []
    with_tables: set[int] = set()
    for before, page, after in _with_neighbours(pages):
        if not page.has_text:
            continue
        primary = is_candidate(page)
        if primary or page.number - 1 in with_tables:
            seen[page.number] = page
            if FURNITURE not in page.memo:
                page.memo[FURNITURE] = furniture(
                    page, [p for p in (before, after) if p is not None and p.has_text]
                )
            found = read(page)
            if found and before is not None and before.has_text:
                found = _orphan_header(
                    found, page, before, [t for t in tables if t.pages[-1] == before.number], read
                )
            tables.extend(found)
            if primary and (found or _ends_in_header(page)):
                with_tables.add(page.number)
    return join_continuations(tables, seen)
