"""One picture per page region: the values of a page grouped by vertical proximity, one crop each.

A document page prints dozens of values; one crop per value repeated the same table dozens of
times (and made a report of nine documents 19 MB).  Here the located rows of one table on one
page are clustered top to bottom into regions (a gap of :data:`REGION_GAP_PT` or a height of
:data:`MAX_REGION_HEIGHT_PT` starts a new one), each region is rendered once as a JPEG without
any marks, and every value's own box is drawn over it in the HTML (an SVG rectangle per printed
line, in the picture's pixel coordinates), so the browser can highlight the value one points at.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pymupdf

from kpi.pipeline.report.boxes import Box, union
from kpi.pipeline.report.crops import SIDE_MARGIN_PT

REGION_DPI = 100
"""Resolution of the region pictures: 8-point table text stays readable, files stay small."""

JPEG_QUALITY = 70
"""JPEG quality of the region pictures (text on white compresses well at this level)."""

REGION_GAP_PT = 48.0
"""Vertical gap between two rows' boxes, in points, that starts a new region (about three lines)."""

MAX_REGION_HEIGHT_PT = 380.0
"""Tallest region, in points (about half an A4 page); a taller group of rows is split."""

REGION_CONTEXT_PT = 14.0
"""Page height shown above and below a region's boxes, in points (about one line)."""

HEADER_REACH_PT = 160.0
"""A region grows upwards to show its values' column header when the header is this close."""


@dataclass
class Picture:
    """A rendered region: the file, its pixel size, and how page points map to its pixels."""

    path: Path
    width: int
    height: int
    clip: tuple[float, float, float, float]  # the area asked for, rotated page space, points
    zoom: float  # pixels per point
    origin: tuple[int, int]  # the picture's top left pixel in the zoomed page
    rotation: pymupdf.Matrix  # unrotated page space -> rotated page space

    def pixels(self, box: Box) -> tuple[float, float, float, float]:
        """A box in unrotated page space as (x, y, width, height) in this picture's pixels."""
        r = pymupdf.Rect(box) * self.rotation  # type: ignore[no-untyped-call]  # pymupdf: unannotated
        x0 = r.x0 * self.zoom - self.origin[0]
        y0 = r.y0 * self.zoom - self.origin[1]
        return (x0, y0, r.width * self.zoom, r.height * self.zoom)


def cluster(boxes: Sequence[Box]) -> list[list[int]]:
    """Indexes of ``boxes`` grouped into regions, top to bottom (see the module docstring)."""
    order = sorted(range(len(boxes)), key=lambda i: (boxes[i][1], boxes[i][0]))
    groups: list[list[int]] = []
    top = bottom = 0.0
    for i in order:
        y0, y1 = boxes[i][1], boxes[i][3]
        if groups and y0 <= bottom + REGION_GAP_PT and max(bottom, y1) - top <= MAX_REGION_HEIGHT_PT:
            groups[-1].append(i)
            bottom = max(bottom, y1)
        else:
            groups.append([i])
            top, bottom = y0, y1
    return groups


def region_rect(
    page: pymupdf.Page,
    boxes: Sequence[Box],
    extent: tuple[float, float],
    headers: Sequence[Box] = (),
) -> pymupdf.Rect:
    """The area to render for a region (unrotated space): the page's text column across, the
    boxes (and a close column header) down, with a line of context."""
    area = page.rect * page.derotation_matrix
    b = union(boxes)
    near = [h for h in headers if b[1] - h[1] <= HEADER_REACH_PT]
    top = min([b[1], *(h[1] for h in near)])
    x0 = max(area.x0, min(extent[0], b[0]) - SIDE_MARGIN_PT)
    x1 = min(area.x1, max(extent[1], b[2]) + SIDE_MARGIN_PT)
    y0 = max(area.y0, top - REGION_CONTEXT_PT)
    y1 = min(area.y1, b[3] + REGION_CONTEXT_PT)
    return pymupdf.Rect(x0, y0, x1, y1)  # type: ignore[no-untyped-call]  # pymupdf: unannotated


def render_region(page: pymupdf.Page, rect: pymupdf.Rect, out: Path, dpi: int = REGION_DPI) -> Picture:
    """Write ``rect`` (unrotated space) of ``page`` as a JPEG, as a reader sees the page."""
    clip = rect * page.rotation_matrix
    pix = page.get_pixmap(clip=clip, dpi=dpi, annots=False)
    out.parent.mkdir(parents=True, exist_ok=True)
    pix.save(str(out), output="jpeg", jpg_quality=JPEG_QUALITY)  # type: ignore[no-untyped-call]  # pymupdf: unannotated
    return Picture(
        out,
        pix.width,
        pix.height,
        (clip.x0, clip.y0, clip.x1, clip.y1),
        dpi / 72,
        (pix.x, pix.y),
        page.rotation_matrix,
    )
