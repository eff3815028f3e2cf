"""Finding the report's orange highlight in a PNG (a crop file or a browser screenshot)."""

from __future__ import annotations

import pymupdf


def is_highlight(r: int, g: int, b: int) -> bool:
    """The highlight colour blended over white paper (see kpi.pipeline.report.crops)."""
    return r >= 225 and 140 <= g <= 225 and 80 <= b <= 190 and r - b >= 60


def highlight_box(png: bytes | str) -> tuple[int, int, int, int] | None:
    """Pixel box (x0, y0, x1, y1) of the highlight-coloured pixels, None when there are none."""
    pix = pymupdf.Pixmap(png) if isinstance(png, str) else pymupdf.Pixmap(pymupdf.csRGB, pymupdf.Pixmap(png))
    if pix.alpha:
        pix = pymupdf.Pixmap(pix, 0)
    s, n, w = pix.samples, pix.n, pix.width
    xs, ys = [], []
    for i in range(0, len(s), n):
        if is_highlight(s[i], s[i + 1], s[i + 2]):
            k = i // n
            xs.append(k % w)
            ys.append(k // w)
    if len(xs) < 20:
        return None
    return min(xs), min(ys), max(xs) + 1, max(ys) + 1
