"""Tables across pages: which pages to read, and a table that a page break split, joined again.

``tables_of_document`` reads the pages whose text suggests a table (and the page after each, as
a table may go on without its header); ``join_continuations`` merges the last table of a page
with the first of the next when their columns line up and the second has no header or repeats
the first one's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from extractors.layout import Page
from extractors.tables import Table, tables_on_page

PAGE_MARGIN_SHARE = 0.1
"""Top/bottom share of a page where running headers and footers live (continuation test)."""

# ----------------------------------------------------------------------------------------------
def _near_bottom(t: Table, page: Page) -> bool:
    after = [ln for ln in page.lines if ln.y0 > t.y1 + 1 and ln.y0 < page.height * (1 - PAGE_MARGIN_SHARE)]
    return len(after) <= 1


def _near_top(t: Table, page: Page) -> bool:
    before = [ln for ln in page.lines if ln.y1 < t.y0 - 1 and ln.y0 > page.height * PAGE_MARGIN_SHARE]
    return len(before) <= 2


def join_continuations(tables: list[Table], pages: dict[int, Page]) -> list[Table]:
    """Merge a table that a page break split: the last table of page n and the first of page
    n+1 when the second has no header or repeats the first one's, and their columns line up."""
    out: list[Table] = []
    for t in tables:
        prev = out[-1] if out else None
        if prev is not None and t.page == prev.pages[-1] + 1 and _same_columns(prev, t) \
                and _near_bottom(prev, pages[prev.pages[-1]]) and _near_top(t, pages[t.page]) \
                and (t.header_rows == 0 or _headers_match(prev, t)):
            mapping = _column_map(prev, t)
            for r in t.rows:
                r.cells = {mapping[k]: c for k, c in r.cells.items() if k in mapping}
                r.texts = {mapping[k]: c for k, c in r.texts.items() if k in mapping}
            prev.rows.extend(t.rows)
            prev.pages.append(t.page)
            continue
        out.append(t)
    return out


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
    return [c.header for c in a.columns] == [b.columns[_column_map(b, a)[i]].header for i in range(len(a.columns))] \
        if len(a.columns) == len(b.columns) else False



def tables_of_document(pages: Iterable[Page], is_candidate: Callable[[Page], bool],
                       read: Callable[[Page], list[Table]] = tables_on_page) -> list[Table]:
    """Tables on the pages whose text suggests one, and on the page after each (a table may go
    on without its header), joined across page breaks."""
    seen: dict[int, Page] = {}
    tables: list[Table] = []
    with_tables: set[int] = set()
    for page in pages:
        if not page.has_text:
            continue
        primary = is_candidate(page)
        if primary or page.number - 1 in with_tables:
            seen[page.number] = page
            found = read(page)
            tables.extend(found)
            if primary and found:
                with_tables.add(page.number)
    return join_continuations(tables, seen)
