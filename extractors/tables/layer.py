"""The cell layer: every table kpi reads, as cells, and an account of the numbers no table holds.

Geometry decides whether a table is read. A page is read when its words print at least
:data:`MIN_TABLE_NUMBERS` numbers in table layout (numbers that stand in cells of their own, not
inside running text; page numbers, running headers and chart axes aside), whatever the words
around them say. Every table the engine finds there becomes :class:`~kpi.extractors.records.TableCell`
rows: row label, the category row above it, row kind, the column's joined header stack and its
spanning group, the value as printed and as a number, the unit.

Then the accounting: each number in table layout is *read* when some cell or some semantic row
(budget line, indicator value, risk) holds its place on the page. The numbers left over are
grouped into clusters; where the page has any, PyMuPDF's own table finder is asked for a second
opinion on the cluster (:mod:`kpi.extractors.tables.fallback`), and whatever it still cannot place is
reported as an ``unread_table`` warning with its page and box. Chart tick and data labels are
counted apart (``chart_numbers``), neither rows nor silent losses.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from kpi.extractors.domain import RowKind, Severity
from kpi.extractors.layout import DocumentModel, Page
from kpi.extractors.normalize.numbers import cell_amount
from kpi.extractors.normalize.text import clean_text
from kpi.extractors.normalize.units import detect_money_unit, detect_unit
from kpi.extractors.records import BBox, ExtractionResult, TableCell
from kpi.extractors.tables import fallback
from kpi.extractors.tables.cells import Cell, CellLine, page_lines
from kpi.extractors.tables.charts import Chart, charts_on_lines
from kpi.extractors.tables.headers import is_period_line, is_year_part_line
from kpi.extractors.tables.model import Table
from kpi.extractors.tables.pages import _Stitched, furniture, tables_of_document
from kpi.extractors.tables.reader import FURNITURE, read_ruled_when
from kpi.extractors.tables.row_kinds import row_kinds, row_parents
from kpi.extractors.tables.rules import heavy_drawing

T = TypeVar("T")

MIN_TABLE_NUMBERS = 2
"""A page is read for tables when it prints at least this many numbers in table layout."""
MARGIN_BAND = 0.07
"""Share of the page height at its top and bottom where a lone number is a folio, not a value."""
CLUSTER_GAP_EM = 3.0
"""Unread numbers this many type heights apart (or nearer) belong to one unread region."""
HOLD_SLACK = 1.0
"""Points by which a cell's box is widened when it is asked whether it holds a number."""
CHART_SHARE = 0.5
"""A table most of whose numbers are chart labels is a chart read as a table: it is dropped."""
MIN_SECOND_OPINION = 3
"""PyMuPDF's table finder is asked about an unread region only when it holds this many numbers
(a stray number is reported, not searched for a table)."""
_YEARISH = re.compile(r"[(\[]?(?:19|20)\d\d[)\]]?[,.:]?")  # a year, maybe wrapped in brackets: a header
_SECTION_NUMBER = re.compile(r"\d+(\.\d+){2,}\.?|\d+\.\d+\.")
WEDGE_MIN_EM = 3.0
"""A filled curved shape at least this many type heights wide and high, under a number, is a
chart's wedge (pie, donut) and the number its label."""
PIE_TABLE_ROWS = 2
"""Labels of a pie set side by side read as a table of this many rows at most."""
FOOT_BAND = 0.15
"""Share of the page height at its foot (and head) where a row broken by the page break ends (and
goes on)."""
INDEX_BAND = 24.0
"""Points of page height per band of a :class:`BoxIndex`."""
CHART_NUMBERS = "chart_numbers"
UNREAD_TABLE = "unread_table"
PAGE_CHARTS = "table_layer_charts"
"""``Page.memo`` key: the charts found on the page."""


@dataclass
class PageNumbers:
    """What one page prints in table layout, and what of it is chart labels."""

    page: Page
    numbers: list[Cell] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    chart_numbers: list[Cell] = field(default_factory=list)


def _is_folio(page: Page, ln: CellLine) -> bool:
    """A line in the page's top or bottom band that prints one number (a page number, maybe
    beside the running title)."""
    band = MARGIN_BAND * page.height
    # one number, maybe printed twice over itself (a PDF that draws its text twice)
    return (ln.y1 <= band or ln.y0 >= page.height - band) and len(
        {c.text for c in ln.cells if c.is_number}
    ) == 1


def _is_mark(cells: Sequence[Cell], c: Cell) -> bool:
    """A number that opens a line and is followed by text: a list, heading or section number
    (``2``, ``1.4.1 Granskningar``), part of the row's label, not a value."""
    return c is cells[0] and len(cells) > 1 and not cells[1].is_number


def numbers_of_page(page: Page) -> PageNumbers:
    """The numbers a page prints in table layout: number cells, not a year (a header), not on a
    running header or footer or a folio line, not a lone number at the left margin (a list mark)."""
    out = PageNumbers(page)
    lines = page_lines(page)
    if not lines:
        return out
    skip = page.memo.get(FURNITURE) or frozenset()
    left = min(ln.line.x0 for ln in lines)
    right = max(ln.line.x1 for ln in lines)
    charts = charts_on_lines(lines, right)
    page.memo[PAGE_CHARTS] = charts
    out.charts = charts
    for i, ln in enumerate(lines):
        if i in skip or not ln.has_digit or _is_folio(page, ln):
            continue
        if ln.y0 >= page.height * (1 - FOOT_BAND) and (
            (is_year_part_line(ln) and len(ln.cells) >= 2) or is_period_line(ln)
        ):
            continue  # a header that a page break left at the foot: period parts ("Mars 24 | 2024")
        cells = ln.cells
        for c in cells:
            if not c.is_number or _YEARISH.fullmatch(c.text):
                continue
            if any(ch.holds(c) for ch in charts):
                out.chart_numbers.append(c)
            elif not (
                (len(cells) == 1 and c.x0 <= left + 1)
                or _is_mark(cells, c)
                or _SECTION_NUMBER.fullmatch(c.text)
            ):
                out.numbers.append(c)
    return out


# ----------------------------------------------------------------------------------------------
# Tables -> cells
# ----------------------------------------------------------------------------------------------
def read_page(page: Page) -> list[Table]:
    """A page's tables: from its words, and with its ruling lines when the words show a table
    and reading them is cheap (no chart on the page, no heavy drawing)."""
    return read_ruled_when(
        page, lambda found: bool(found) and not page.memo.get(PAGE_CHARTS) and not heavy_drawing(page)
    )


def header_boxes(page: Page, tables: list[Table]) -> list[tuple[int, BBox]]:
    """(page, box) of each table's header stack, on the page that prints it (a header that a page
    break left at the foot of the page before, read on a stitched page, is boxed there), and of
    each row's label: the numbers there are the table's own words, not values left unread."""
    out: list[tuple[int, BBox]] = []
    for t in tables:
        if not (t.header_rows and t.rows):
            continue
        x0, y0, x1, y1 = t.x0, t.y0, t.x1, t.rows[0].y0
        if isinstance(page, _Stitched):
            for source, top, bottom, dy in page.sources:
                lo, hi = max(y0, top + dy), min(y1, bottom + dy)
                if lo < hi:
                    out.append((source.number, (x0, lo - dy, x1, hi - dy)))
        else:
            out.append((page.number, (x0, y0, x1, y1)))
    if not isinstance(page, _Stitched):  # a number in a row's label is part of it ("(6014)")
        out += [
            (r.page, (t.x0, r.y0, t.columns[0].x0 - 1, r.y1))
            for t in tables
            if t.columns
            for r in t.rows
            if r.label
        ]
    return out


def _header(parts: Iterable[str]) -> str | None:
    text = " ".join(clean_text(p).strip() for p in parts if p and p.strip())
    return " ".join(text.split()) or None


def table_unit(t: Table) -> str | None:
    """The unit a table prints for all its cells: in its stub, spanning headers or caption."""
    for text in [t.stub, *(s for c in t.columns for s in c.spans), *reversed(t.caption[-2:])]:
        u = detect_money_unit(text) or detect_unit(text)
        if u:
            return u
    return None


def cells_of_table(t: Table, table_id: str) -> list[TableCell]:
    """One :class:`TableCell` per filled cell of ``t`` (numbers and text in its value columns),
    one per category row."""
    title = _header([t.title]) if t.title else None
    unit_all = table_unit(t)
    headers = [_header([*c.spans, c.header]) for c in t.columns]
    groups = [_header(c.spans) for c in t.columns]
    col_units = [detect_unit(h) if h else None for h in headers]
    out: list[TableCell] = []
    kinds = row_kinds(t.rows)
    parents = row_parents(t.rows, kinds)
    for n, (row, kind, parent) in enumerate(zip(t.rows, kinds, parents, strict=True), start=1):
        label = _header([row.label])
        if kind is RowKind.CATEGORY:
            out.append(
                TableCell(
                    row.page,
                    (t.x0, row.y0, t.x1, row.y1),
                    table_id,
                    title,
                    n,
                    0,
                    label,
                    None,
                    kind,
                    _header([t.stub]),
                    None,
                    None,
                    None,
                    None,
                )
            )
            continue
        row_unit = detect_unit(row.label) if row.label else None
        for k in sorted({*row.cells, *row.texts}):
            cell = row.cells.get(k) or row.texts[k]
            value, cell_unit = cell_amount(cell.text) if k in row.cells else (None, None)
            unit = cell_unit or col_units[k] or row_unit or unit_all
            if unit is None and cell.text.strip().endswith("%"):
                unit = "percent"
            out.append(
                TableCell(
                    row.page,
                    cell.bbox,
                    table_id,
                    title,
                    n,
                    k + 1,
                    label,
                    parent,
                    kind,
                    headers[k],
                    groups[k],
                    clean_text(cell.text).strip() or None,
                    value,
                    unit,
                )
            )
    return out


def _without_stray_numbers(cells: list[TableCell]) -> list[TableCell]:
    """Drop the "tables" of a single number that no recognizer took: a heading's number, a folio
    the running-footer test missed. A table has at least :data:`MIN_TABLE_NUMBERS` values."""
    values: dict[str, int] = {}
    taken: set[str] = set()
    for c in cells:
        if c.value_num is not None:
            values[c.table_id] = values.get(c.table_id, 0) + 1
        if c.taken_by:
            taken.add(c.table_id)
    keep = {t for t, n in values.items() if n >= MIN_TABLE_NUMBERS} | taken
    return [c for c in cells if c.table_id in keep]


def _chart_share(t: Table, charts: dict[int, list[Chart]]) -> float:
    numbers = [(r.page, c) for r in t.rows for c in r.cells.values()]
    if not numbers:
        return 0.0
    inside = sum(1 for page, c in numbers if any(ch.holds(c) for ch in charts.get(page, ())))
    return inside / len(numbers)


# ----------------------------------------------------------------------------------------------
# What the semantic recognizers took, and what nobody holds
# ----------------------------------------------------------------------------------------------
class BoxIndex(Generic[T]):
    """Boxes on one page, each with what it belongs to, found by height: each box is filed under
    every band of :data:`INDEX_BAND` points it reaches, so a point is tested against the boxes of
    its band only."""

    def __init__(self) -> None:
        self.bands: dict[int, list[tuple[BBox, T]]] = {}

    def add(self, b: BBox, item: T) -> None:
        for k in range(int((b[1] - HOLD_SLACK) // INDEX_BAND), int((b[3] + HOLD_SLACK) // INDEX_BAND) + 1):
            self.bands.setdefault(k, []).append((b, item))

    def at(self, x: float, y: float) -> Iterator[T]:
        """What the boxes that hold the point belong to."""
        return (item for b, item in self.bands.get(int(y // INDEX_BAND), ()) if _holds(b, x, y))

    def holds(self, x: float, y: float) -> bool:
        return any(_holds(b, x, y) for b, _ in self.bands.get(int(y // INDEX_BAND), ()))


SemanticRow = tuple[str, int, BBox, tuple[float | None, ...]]
"""(table, page, box, values) of a row a semantic recognizer made."""


def semantic_rows(result: ExtractionResult) -> Iterator[SemanticRow]:
    """Every located budget line, indicator value and risk, with the numbers it holds."""
    for b in result.budget_lines:
        if b.bbox is not None:
            yield "budget_lines", b.page, b.bbox, (b.amount,)
    for v in result.indicator_values:
        if v.bbox is not None:
            yield "indicator_values", v.page, v.bbox, (v.value_num,)
    for r in result.risks:
        if r.bbox is not None and r.page is not None:
            yield "risks", r.page, r.bbox, (r.risk_value, r.probability, r.consequence)


def _holds(box: BBox | None, x: float, y: float) -> bool:
    return (
        box is not None
        and box[0] - HOLD_SLACK <= x <= box[2] + HOLD_SLACK
        and box[1] - HOLD_SLACK <= y <= box[3] + HOLD_SLACK
    )


def _same(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def mark_taken(cells: list[TableCell], result: ExtractionResult) -> None:
    """Set ``taken_by`` on each cell whose value a semantic row holds at the same place."""
    rows: dict[int, BoxIndex[SemanticRow]] = {}
    for row in semantic_rows(result):
        rows.setdefault(row[1], BoxIndex()).add(row[2], row)
    for cell in cells:
        index = rows.get(cell.page)
        if cell.value_num is None or cell.bbox is None or index is None:
            continue
        x, y = (cell.bbox[0] + cell.bbox[2]) / 2, (cell.bbox[1] + cell.bbox[3]) / 2
        cell.taken_by = next(
            (
                table
                for table, _, _, values in index.at(x, y)
                if any(_same(cell.value_num, v) for v in values)
            ),
            None,
        )


def _held_boxes(result: ExtractionResult, cells: Iterable[TableCell]) -> dict[int, BoxIndex[None]]:
    """Per page, the boxes of every cell and semantic row: what holds a number there."""
    boxes: dict[int, BoxIndex[None]] = {}
    for c in cells:
        if c.bbox is not None:
            boxes.setdefault(c.page, BoxIndex()).add(c.bbox, None)
    for _, page, box, _ in semantic_rows(result):
        boxes.setdefault(page, BoxIndex()).add(box, None)
    return boxes


def _unheld(numbers: list[Cell], boxes: BoxIndex[None] | None) -> list[Cell]:
    if boxes is None:
        return list(numbers)
    return [c for c in numbers if not boxes.holds(c.xc, (c.y0 + c.y1) / 2)]


def _on_chart_shapes(page: Page, numbers: list[Cell]) -> list[Cell]:
    """The numbers printed on a filled curved shape many times their height (a pie's or donut's
    wedge): chart labels. The page's drawings are read for this only when numbers are left
    unread and reading them is cheap (:func:`_heavy_drawing`)."""
    if heavy_drawing(page):
        return []
    out = []
    for c in numbers:
        h = c.y1 - c.y0
        x, y = c.xc, (c.y0 + c.y1) / 2
        if any(
            sh.kind == "curve"
            and sh.x1 - sh.x0 >= WEDGE_MIN_EM * h
            and sh.y1 - sh.y0 >= WEDGE_MIN_EM * h
            and sh.x0 <= x <= sh.x1
            and sh.y0 <= y <= sh.y1
            for sh in page.shapes
        ):
            out.append(c)
    return out


def _pie_labels(t: Table, pages: dict[int, Page]) -> bool:
    """Is a small "table" (a row or two) only labels printed on a chart's wedges?"""
    if len(t.rows) > PIE_TABLE_ROWS:
        return False
    cells = [c for r in t.rows for c in r.cells.values()]
    page = pages.get(t.page)
    return bool(cells) and page is not None and len(_on_chart_shapes(page, cells)) == len(cells)


def _values_at_page_foot(result: ExtractionResult, pages: dict[int, Page]) -> dict[int, set[str]]:
    """Per page, the printed values of indicator rows that end at its foot: a value that a page
    break carried to the top of the next page is read with its row on this one."""
    out: dict[int, set[str]] = {}
    for v in result.indicator_values:
        page = pages.get(v.page)
        if (
            v.bbox is not None
            and v.value_raw
            and page is not None
            and v.bbox[3] >= page.height * (1 - FOOT_BAND)
        ):
            out.setdefault(v.page, set()).add(clean_text(v.value_raw).strip())
    return out


def _continued(unread: list[Cell], page: Page, carried: set[str]) -> list[Cell]:
    """Unread numbers less those at the top of ``page`` that continue a row of the page before."""
    if not carried:
        return unread
    top = page.height * FOOT_BAND
    return [c for c in unread if not (c.y1 <= top and clean_text(c.text).strip() in carried)]


def clusters(cells: list[Cell]) -> list[list[Cell]]:
    """Unread numbers grouped into regions: a number joins a region whose box it comes within
    :data:`CLUSTER_GAP_EM` type heights of, vertically."""
    out: list[list[Cell]] = []
    for c in sorted(cells, key=lambda c: (c.y0, c.x0)):
        h = c.y1 - c.y0
        home = next((g for g in out if c.y0 - max(x.y1 for x in g) <= CLUSTER_GAP_EM * h), None)
        if home is None:
            out.append([c])
        else:
            home.append(c)
    return out


def box_of(cells: Sequence[Cell]) -> BBox:
    return (
        min(c.x0 for c in cells),
        min(c.y0 for c in cells),
        max(c.x1 for c in cells),
        max(c.y1 for c in cells),
    )


# ----------------------------------------------------------------------------------------------
# The recognizer
# ----------------------------------------------------------------------------------------------
def recognize(doc: DocumentModel, result: ExtractionResult) -> None:
    pages = [p for p in doc.pages() if p.has_text]
    by_number = {p.number: p for p in pages}
    counted: dict[int, PageNumbers] = {}
    for i, page in enumerate(pages):
        if not any(ln.has_digit for ln in page_lines(page)):
            continue
        if FURNITURE not in page.memo:
            near = [
                q for q in (pages[i - 1] if i else None, pages[i + 1] if i + 1 < len(pages) else None) if q
            ]
            page.memo[FURNITURE] = furniture(page, near)
        counted[page.number] = numbers_of_page(page)
    candidates = {n for n, pn in counted.items() if len(pn.numbers) >= MIN_TABLE_NUMBERS}
    charts = {n: pn.charts for n, pn in counted.items() if pn.charts}
    headers: list[tuple[int, BBox]] = []  # a table's header stack holds its own numbers ("Mars 24")

    def read(page: Page) -> list[Table]:
        found = read_page(page)
        headers.extend(header_boxes(page, found))
        return found

    tables = tables_of_document(
        (by_number[n] for n in sorted(by_number)), lambda p: p.number in candidates, read
    )
    cells: list[TableCell] = []
    per_page: dict[int, int] = {}
    for t in tables:
        if _chart_share(t, charts) >= CHART_SHARE or _pie_labels(t, by_number):
            continue
        per_page[t.page] = per_page.get(t.page, 0) + 1
        cells += cells_of_table(t, f"p{t.page}t{per_page[t.page]}")
    mark_taken(cells, result)
    cells = _without_stray_numbers(cells)
    boxes = _held_boxes(result, cells)
    for number, box in headers:
        boxes.setdefault(number, BoxIndex()).add(box, None)
    carried = _values_at_page_foot(result, by_number)
    in_tables = held = in_charts = 0
    for n, pn in sorted(counted.items()):
        # a number in a chart's box that a table holds is a table value after all
        charted = _unheld(pn.chart_numbers, boxes.get(n))
        numbers = pn.numbers + [c for c in pn.chart_numbers if all(c is not x for x in charted)]
        left = _continued(_unheld(numbers, boxes.get(n)), pn.page, carried.get(n - 1, set()))
        if left:  # labels printed on a pie's or donut's wedges are chart numbers too
            on_wedges = _on_chart_shapes(pn.page, left)
            if on_wedges:
                charted = charted + on_wedges
                numbers = [c for c in numbers if all(c is not w for w in on_wedges)]
                left = [c for c in left if all(c is not w for w in on_wedges)]
        in_tables += len(numbers)
        in_charts += len(charted)
        regions = [box_of(g) for g in clusters(left) if len(g) >= MIN_SECOND_OPINION]
        if regions:
            unread_before, t0 = len(left), time.perf_counter()
            extra = fallback.read_regions(pn.page, regions, per_page.get(n, 0))
            spent = time.perf_counter() - t0
            if extra:
                per_page[n] = per_page.get(n, 0) + len({c.table_id for c in extra})
                cells += extra
                mark_taken(extra, result)
                for c in extra:
                    if c.bbox is not None:
                        boxes.setdefault(n, BoxIndex()).add(c.bbox, None)
                left = _unheld(left, boxes.get(n))
            result.issue(
                Severity.INFO,
                fallback.SECOND_OPINION,
                f"kpi's reader left {unread_before} numbers unread here; PyMuPDF's table finder read {sum(1 for c in extra if c.value_num is not None)} cells "
                f"in {spent:.3f} s",
                n,
            )
        held += len(numbers) - len(left)
        for group in clusters(left):
            x0, y0, x1, y1 = box_of(group)
            sample = ", ".join(repr(c.text) for c in group[:4]) + (" …" if len(group) > 4 else "")
            result.issue(
                Severity.WARNING,
                UNREAD_TABLE,
                f"{len(group)} number(s) in table layout are in no row: {sample} "
                f"(box {x0:.0f}, {y0:.0f}, {x1:.0f}, {y1:.0f})",
                n,
                (x0, y0, x1, y1),
            )
        if charted:
            result.issue(
                Severity.INFO,
                CHART_NUMBERS,
                f"{len(charted)} number(s) are chart axis or data labels, not table values",
                n,
            )
    result.table_cells.extend(cells)
    result.meta.numbers_in_tables = in_tables
    result.meta.numbers_read = held
    result.meta.numbers_in_charts = in_charts
