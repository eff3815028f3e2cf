"""One document's rows, page region by page region: a picture per region, a table of its values.

For each table (``indicator_values``, ``budget_lines`` ...) the document's located rows are
grouped by page and, on a page, into regions (:mod:`kpi.pipeline.report.regions`).  Each region is
one JPEG with every value's own box drawn over it (:mod:`kpi.pipeline.report.boxes` finds the box
inside an indicator's row and names the column header and row label) and, beside it, the table of
its values.  Rows that cannot be shown on their page are listed below, with the reason.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pymupdf

from kpi.extractors.domain import Severity
from kpi.pipeline.report import checks as C
from kpi.pipeline.report import html as H
from kpi.pipeline.report.boxes import Box, Cell, Located, locate_value, union, words_of
from kpi.pipeline.report.crops import UNREAD_RGB, bbox_on_page, render_crop, text_extent
from kpi.pipeline.report.regions import REGION_DPI, cluster, region_rect, render_region

DOC_ID_CHARS = 16
"""Characters of the SHA-256 doc id used in page and image file names."""


@dataclass
class Shown:
    """One row as the report shows it."""

    table: str
    row: pd.Series
    located: Located | None = None  # None: no crop (``reason`` says why)
    reason: str = ""
    flags: list[C.Check] = field(default_factory=list)


def _box(value: Any) -> Box:
    x0, y0, x1, y1 = (float(v) for v in value)
    return (x0, y0, x1, y1)


def table_cells(con: duckdb.DuckDBPyConnection, doc_id: str) -> dict[int, list[Cell]]:
    """The document's table cells by page (empty when the warehouse has none)."""
    rows = con.execute(
        "SELECT page, bbox, value_raw, column_header, row_label FROM table_cells"
        " WHERE doc_id = ? AND page IS NOT NULL AND bbox IS NOT NULL",
        [doc_id],
    ).fetchall()
    out: dict[int, list[Cell]] = defaultdict(list)
    for page, bbox, raw, header, label in rows:
        if len(bbox) == 4:
            out[int(page)].append(Cell(_box(bbox), raw or "", header or "", label or ""))
    return out


class DocumentPage:
    """Builds one document's row sections and issue regions (see the module docstring)."""

    def __init__(
        self,
        out: Path,
        doc: pd.Series,
        pdf: pymupdf.Document | None,
        max_crops: int,
        dpi: int = REGION_DPI,
        cells: dict[int, list[Cell]] | None = None,
    ) -> None:
        self.out, self.doc, self.pdf, self.max_crops, self.dpi = out, doc, pdf, max_crops, dpi
        self.img_dir = Path("img") / doc.doc_id[:DOC_ID_CHARS]
        self.cells = cells or {}
        self.crops = 0
        self.regions = 0
        self._extents: dict[int, tuple[float, float]] = {}
        self._words: dict[int, Any] = {}
        self._page_values: dict[int, list[str]] = {}  # indicator values printed on each page

    def _page(self, page: int) -> pymupdf.Page:
        assert self.pdf is not None
        return self.pdf[page - 1]

    def _extent(self, page: int) -> tuple[float, float]:
        if page not in self._extents:
            self._extents[page] = text_extent(self._page(page))
        return self._extents[page]

    def _page_words(self, page: int) -> Any:
        if page not in self._words:
            self._words[page] = words_of(self._page(page).get_text("words"))  # type: ignore[no-untyped-call]  # pymupdf: unannotated
        return self._words[page]

    def _where(self, table: str, row: pd.Series, checks: list[C.Check]) -> Shown:
        """Place one row on its page, or say why it cannot be."""
        shown = Shown(table, row)
        if self.pdf is None:
            shown.reason = "PDF not found: no crop"
            return shown
        page, bbox = row["page"], row["bbox"]
        if C.is_missing(page) or C.is_missing(bbox) or len(bbox) != 4:
            shown.reason = "no page location recorded"
            return shown
        if not 1 <= int(page) <= self.pdf.page_count:
            shown.reason = f"page {int(page)} is not in the PDF"
            return shown
        pdf_page = self._page(int(page))
        box = _box(bbox)
        area = pdf_page.rect * pdf_page.derotation_matrix
        clipped = pymupdf.Rect(box) & area  # type: ignore[no-untyped-call]  # pymupdf: unannotated
        if not bbox_on_page(pdf_page, box):
            where = "outside" if clipped.is_empty else "partly outside"
            checks.append(
                C.Check(
                    self.doc.doc_id,
                    Severity.WARNING,
                    "bbox_off_page",
                    f"the row's box {H.plain(bbox)} lies {where} page {int(page)}",
                    int(page),
                    table,
                    int(row["row_no"]),
                )
            )
            if clipped.is_empty:
                shown.reason = f"the row's box is not on page {int(page)}: no crop"
                return shown
            box = (clipped.x0, clipped.y0, clipped.x1, clipped.y1)
        shown.located = self._locate(table, row, box, int(page))
        return shown

    def _locate(self, table: str, row: pd.Series, box: Box, page: int) -> Located:
        if table == "indicator_values":
            values = {" ".join(v.split()).lower() for v in self._page_values.get(page, ())}
            return locate_value(
                box,
                C.text_of(row.get("value_raw")),
                self._page_words(page),
                self.cells.get(page, ()),
                C.text_of(row.get("period")),
                C.text_of(row.get("value_kind")),
                C.text_of(row.get("indicator_name")),
                values,
            )
        if table == "budget_lines":  # the box is the cell's own
            return Located([box], True, C.text_of(row.get("column_header")), C.text_of(row.get("row_label")))
        return Located([box], True)

    def table_section(self, table: str, frame: pd.DataFrame, checks: list[C.Check]) -> str:
        """The table's rows, page region by page region, then the rows without a crop."""
        if table == "indicator_values":
            self._page_values = defaultdict(list)
            for p, raw in zip(frame["page"], frame["value_raw"], strict=True):
                if not C.is_missing(p) and not C.is_missing(raw):
                    self._page_values[int(p)].append(str(raw))
        shown = [self._where(table, row, checks) for _, row in frame.iterrows()]
        for s in shown:
            s.flags = [c for c in checks if c.table == table and c.row_no == int(s.row["row_no"])]
        by_page: dict[int, list[Shown]] = defaultdict(list)
        for s in shown:
            if s.located is not None:
                by_page[int(s.row["page"])].append(s)
        blocks: list[str] = []
        rendered = not_rendered = 0
        for page in sorted(by_page):
            rows = by_page[page]
            boxes = [union([*r.located.boxes, _box(r.row["bbox"])]) for r in rows if r.located]
            for k, group in enumerate(cluster(boxes), start=1):
                members = [rows[i] for i in group]
                if rendered < self.max_crops:
                    figure = self._picture(table, page, k, members)
                    rendered += 1
                else:
                    figure = H.no_crop("picture not rendered (limit reached)")
                    not_rendered += 1
                blocks.append(H.region(table, page, k, members, figure))
        unplaced = [s for s in shown if s.located is None]
        if unplaced:
            blocks.append(H.unplaced(table, unplaced))
        return H.section(table, len(frame), blocks, not_rendered, self.max_crops)

    def _picture(self, table: str, page: int, k: int, members: list[Shown]) -> str:
        pdf_page = self._page(page)
        boxes = [b for m in members if m.located for b in [*m.located.boxes, _box(m.row["bbox"])]]
        headers = [m.located.header_box for m in members if m.located and m.located.header_box]
        rect = region_rect(pdf_page, boxes, self._extent(page), headers)
        rel = self.img_dir / f"{re.sub(r'[^A-Za-z0-9_-]', '_', table)}-p{page:04d}-{k:02d}.jpg"
        picture = render_region(pdf_page, rect, self.out / rel, dpi=self.dpi)
        self.crops += 1
        return H.region_figure(rel.as_posix(), picture, page, members)

    def region(self, issue: Any) -> str:
        """A crop of the region an issue is about (numbers no row holds), drawn in its own colour;
        empty for an issue without a region."""
        page, bbox = issue.page, issue.bbox
        if self.pdf is None or C.is_missing(page) or C.is_missing(bbox) or len(bbox) != 4:
            return ""
        if not 1 <= int(page) <= self.pdf.page_count:
            return ""
        self.regions += 1
        rel = self.img_dir / f"unread-{self.regions:04d}.png"
        crop = render_crop(self._page(int(page)), _box(bbox), self.out / rel, dpi=self.dpi, colour=UNREAD_RGB)
        if crop is None:
            return ""
        self.crops += 1
        return H.crop_figure(rel.as_posix(), crop.width, crop.height, page, bbox)
