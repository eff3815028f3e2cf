"""Rendering a crop of a PDF page around one box (an issue's region), with the box highlighted.

(A document's values are pictured page region by page region, see :mod:`kpi.pipeline.report.regions`.)

Coordinates are PyMuPDF's unrotated page space (what the page model and the warehouse store);
a rotated page is rendered as a reader sees it.  The highlight is a translucent rectangle
annotation added for the rendering and removed right after, so the PDF is never changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pymupdf

CROP_DPI = 110
"""Resolution of the crops: sharp enough to read 8-point table text, small enough to load fast."""

CONTEXT_PT = 42.0
"""Page height shown above and below the row's box, in points (about three lines of body text)."""

MIN_CROP_HEIGHT_PT = 110.0
"""Shortest crop, in points, so a one-line row still shows its neighbours."""

SIDE_MARGIN_PT = 12.0
"""Space kept left and right of the widest of the page text column and the row's box."""

HIGHLIGHT_RGB = (1.0, 0.45, 0.0)
"""The highlight colour (orange): stroke and translucent fill of the row's box."""

UNREAD_RGB = (0.85, 0.1, 0.55)
"""Colour of a region of numbers that no row holds (an ``unread_table`` issue): not a row's orange."""
HIGHLIGHT_OPACITY = 0.45
"""Opacity of the highlight, blended by multiplication so the text under it stays dark."""

HIGHLIGHT_STROKE_WIDTH = 1.6

OFF_PAGE_TOLERANCE_PT = 2.0
"""A box reaching this far outside the page is still on the page (rounding of glyph boxes)."""


@dataclass(frozen=True)
class Crop:
    path: Path
    width: int
    height: int
    on_page: bool  # the box lies on the page (else it was clipped to it)


def bbox_on_page(page: pymupdf.Page, bbox: tuple[float, float, float, float]) -> bool:
    """Whether ``bbox`` (unrotated page space) lies on the page, within rounding tolerance."""
    area = page.rect * page.derotation_matrix
    t = OFF_PAGE_TOLERANCE_PT
    x0, y0, x1, y1 = bbox
    return (
        x0 < x1
        and y0 < y1
        and x0 >= area.x0 - t
        and y0 >= area.y0 - t
        and x1 <= area.x1 + t
        and y1 <= area.y1 + t
    )


def text_extent(page: pymupdf.Page) -> tuple[float, float]:
    """Left and right edge of the page's text (unrotated space); the page's edges if it has none."""
    area = page.rect * page.derotation_matrix
    words = page.get_text("words")  # type: ignore[no-untyped-call]  # pymupdf: unannotated
    return min((w[0] for w in words), default=area.x0), max((w[2] for w in words), default=area.x1)


def crop_rect(
    page: pymupdf.Page, bbox: pymupdf.Rect, extent: tuple[float, float] | None = None
) -> pymupdf.Rect:
    """The region to show for a row: a band across the page's text column around it (unrotated
    space).  ``extent``: the page's :func:`text_extent`, when the caller has it already."""
    area = page.rect * page.derotation_matrix
    text_x0, text_x1 = extent or text_extent(page)
    x0 = max(area.x0, min(text_x0, bbox.x0) - SIDE_MARGIN_PT)
    x1 = min(area.x1, max(text_x1, bbox.x1) + SIDE_MARGIN_PT)
    pad = max(CONTEXT_PT, (MIN_CROP_HEIGHT_PT - bbox.height) / 2)
    y0 = max(area.y0, bbox.y0 - pad)
    y1 = min(area.y1, bbox.y1 + pad)
    return pymupdf.Rect(x0, y0, x1, y1)  # type: ignore[no-untyped-call]  # pymupdf: unannotated


def render_crop(
    page: pymupdf.Page,
    bbox: tuple[float, float, float, float],
    out: Path,
    dpi: int = CROP_DPI,
    extent: tuple[float, float] | None = None,
    colour: tuple[float, float, float] = HIGHLIGHT_RGB,
) -> Crop | None:
    """Write a PNG of the page band around ``bbox`` with ``bbox`` highlighted; return its size.

    A box reaching partly off the page is clipped to it (``Crop.on_page`` is False); a box not
    on the page at all (or empty) gives no crop (None)."""
    area = page.rect * page.derotation_matrix
    on_page = bbox_on_page(page, bbox)
    box = pymupdf.Rect(bbox) & area  # type: ignore[no-untyped-call]  # pymupdf: unannotated
    if box.is_empty:
        return None
    clip = crop_rect(page, box, extent) * page.rotation_matrix
    annot = page.add_rect_annot(box)
    try:
        annot.set_colors(stroke=colour, fill=colour)  # type: ignore[no-untyped-call]  # pymupdf: unannotated
        annot.set_border(width=HIGHLIGHT_STROKE_WIDTH)  # type: ignore[no-untyped-call]  # pymupdf: unannotated
        annot.set_opacity(HIGHLIGHT_OPACITY)  # type: ignore[no-untyped-call]  # pymupdf: unannotated
        annot.update(blend_mode="Multiply")
        pix = page.get_pixmap(clip=clip, dpi=dpi, annots=True)
    finally:
        page.delete_annot(annot)  # type: ignore[no-untyped-call]  # pymupdf: unannotated
    out.parent.mkdir(parents=True, exist_ok=True)
    pix.save(str(out))  # type: ignore[no-untyped-call]  # pymupdf: unannotated
    return Crop(out, pix.width, pix.height, on_page)
