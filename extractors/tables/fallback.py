"""The second opinion: PyMuPDF's own table finder, asked only about regions kpi left unread.

kpi's reader (:mod:`kpi.extractors.tables.reader`) reads almost every table from words alone and
costs little. Where it leaves numbers in table layout unread, the region (widened by
:data:`REGION_MARGIN_EM` type heights) goes to ``Page.find_tables``: ruling lines first, then text
alignment. What that finds becomes cells like kpi's own, with ``engine = 'pymupdf'``. PyMuPDF's
layout model (an ONNX network that PyMuPDF >= 2 can use to gate its finder) is not used: kpi's
workers never load it (half a second per worker), and a reading must not depend on whether the
model happens to be installed or loaded. Most pages
never get here; the ``second_opinion`` issues and ``stage_seconds['second_opinion']`` say how
often it ran and what it cost.
"""

from __future__ import annotations

from typing import Any

from kpi.extractors.domain import RowKind, TableEngine
from kpi.extractors.layout import Page
from kpi.extractors.normalize.numbers import parse_amount
from kpi.extractors.normalize.text import clean_text
from kpi.extractors.normalize.units import detect_unit
from kpi.extractors.records import BBox, TableCell
from kpi.extractors.tables.cells import is_number_text

SECOND_OPINION = "second_opinion"
REGION_MARGIN_EM = 4.0
"""A region is widened by this many type heights up and down (to take in its header) before
PyMuPDF is asked about it, and to the page's full width (a table's labels stand far left)."""
STRATEGIES = ("lines", "text")
"""PyMuPDF's table-finding strategies, tried in this order until one finds a table."""
TYPE_HEIGHT = 10.0
"""Points taken as the type height of a region whose words PyMuPDF reports without one."""


def _text(value: Any) -> str:
    return " ".join(clean_text(str(value or "")).split())


def _find(page: Any, clip: tuple[float, float, float, float]) -> list[Any]:
    for strategy in STRATEGIES:
        try:
            found = page.find_tables(clip=clip, strategy=strategy, use_layout=False)
        except (RuntimeError, ValueError):  # MuPDF gives up on a damaged page: no opinion
            return []
        if found.tables:
            return list(found.tables)
    return []


def _cell_text(page: Page, box: Any, fallback: Any) -> str:
    """A found cell's text from kpi's own words inside its box, in reading order (PyMuPDF's
    own extract may set a minus sign after the digits it belongs to), else PyMuPDF's text."""
    if box:
        words = page.words_in(*(float(v) for v in box))
        if words:
            lines: dict[int, list[Any]] = {}
            for w in sorted(words, key=lambda w: (w.y0, w.x0)):
                key = next((k for k in lines if abs(k - w.yc) <= (w.y1 - w.y0) / 2), round(w.yc))
                lines.setdefault(key, []).append(w)
            return " ".join(
                " ".join(w.text for w in sorted(ws, key=lambda w: w.x0)) for _, ws in sorted(lines.items())
            )
    return _text(fallback)


def cells_of_found(table: Any, page: Page, table_id: str) -> list[TableCell]:
    """A PyMuPDF table as cells: its first row is the header when it prints no number, its
    first column the row labels."""
    extracted = table.extract()
    boxes = [row.cells for row in table.rows]
    grid = [
        [
            _cell_text(page, boxes[i][j] if i < len(boxes) and j < len(boxes[i]) else None, c)
            for j, c in enumerate(row)
        ]
        for i, row in enumerate(extracted)
    ]
    if not grid or not grid[0]:
        return []
    header = grid[0] if not any(is_number_text(c) for c in grid[0][1:]) else [""] * len(grid[0])
    first = 1 if header is grid[0] else 0
    out: list[TableCell] = []
    for i in range(first, len(grid)):
        label = grid[i][0] or None
        for j in range(1, len(grid[i])):
            text = grid[i][j]
            if not text or not is_number_text(text):
                continue
            box = boxes[i][j] if i < len(boxes) and j < len(boxes[i]) else None
            bbox: BBox | None = (float(box[0]), float(box[1]), float(box[2]), float(box[3])) if box else None
            amount = parse_amount(text)
            head = header[j] if j < len(header) else ""
            out.append(
                TableCell(
                    page.number,
                    bbox,
                    table_id,
                    None,
                    i + 1 - first,
                    j,
                    label,
                    None,
                    RowKind.DETAIL,
                    head or None,
                    None,
                    text,
                    amount.value,
                    amount.unit or detect_unit(head) or detect_unit(label),
                    engine=TableEngine.PYMUPDF,
                )
            )
    return out


def read_regions(page: Page, regions: list[BBox], tables_before: int) -> list[TableCell]:
    """Cells PyMuPDF's table finder reads in the unread ``regions`` of ``page``; table ids go on
    from the ``tables_before`` tables kpi read on the page."""
    raw = page.raw
    if raw is None or not regions:
        return []
    out: list[TableCell] = []
    seen: set[tuple[int, ...]] = set()
    n = tables_before
    for _x0, y0, _x1, y1 in regions:
        margin = REGION_MARGIN_EM * TYPE_HEIGHT
        clip = (0.0, max(0.0, y0 - margin), page.width, min(page.height, y1 + margin))
        for table in _find(raw, clip):
            key = tuple(round(v) for v in table.bbox)
            if key in seen:
                continue
            seen.add(key)
            n += 1
            out += cells_of_found(table, page, f"p{page.number}t{n}")
    return out
