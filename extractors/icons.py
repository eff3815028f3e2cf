"""Small icons on a page, read from their rendering: colour, shape and an inner mark.

Used by the goal-assessment recognizer (:mod:`kpi.extractors.goal_assessments`).  Rendering runs the
page's content again, so the icons a table asks for are rendered together, once, and cropped
(:func:`page_icons`); a page that prints more icons than any table holds is capped.
"""

from __future__ import annotations

import colorsys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import pymupdf

from kpi.extractors.layout import Page
from kpi.extractors.records import BBox
from kpi.extractors.status_lights import MARK_MAX, MARK_MIN, MIN_SATURATION, MIN_VALUE, hue_status, marks

MAX_ICONS_PER_PAGE = 400
"""Icons rendered per page at most (a real assessment table has a few dozen); the rest of a page
that prints more is left unread, with an ``extraction_issues`` row."""
ICONS_CAPPED = "assessment_icons_capped"
"""``Page.memo`` key: set when a page printed more icons than :data:`MAX_ICONS_PER_PAGE`."""
RENDER_PIXELS = 32
"""An icon is rendered this many pixels across to read its colour and shape."""
MIN_COLOURED_SHARE = 0.5
"""An icon whose ink is at least this share saturated has that colour (else it is grey)."""
LIGHT = 0.85
"""A pixel whose every channel is at least this bright is paper (or a mark inside an icon)."""
INNER_MARK_SHARE = 0.08
"""An icon whose centre is at least this share light carries a mark (a check, a cross, a ring)."""
SQUARE_FILL, CIRCLE_FILL = 0.9, 0.6
"""An icon filling at least this share of its box is a square, at least the second a circle."""


@dataclass
class Icon:
    x0: float
    y0: float
    x1: float
    y1: float
    rgb: tuple[float, float, float] | None  # None: no ink
    shape: str  # circle | square | shape
    marked: bool  # something light inside (a check mark, a cross, a ring's hole)

    @property
    def bbox(self) -> BBox:
        return (self.x0, self.y0, self.x1, self.y1)

    @property
    def description(self) -> str:
        text = f"{colour_name(self.rgb)} {self.shape}"
        return f"{text} with a mark" if self.marked else text


def colour_name(rgb: tuple[float, float, float] | None) -> str:
    """A plain name for an icon's colour (``green``, ``grey``, ``blue``)."""
    if rgb is None:
        return "blank"
    status = hue_status(rgb)
    if status:
        return str(status)
    h, s, v = colorsys.rgb_to_hsv(*rgb)
    if s < MIN_SATURATION or v < MIN_VALUE:
        return "black" if v < MIN_VALUE else "grey"
    return "blue" if h * 360 < 260 else "purple"


def render(page: Page, region: BBox, zoom: float) -> pymupdf.Pixmap:
    """The page rendered in ``region`` at ``zoom``, once: every call of ``get_pixmap`` runs the
    whole page's content again, so the icons of a column are rendered together and cropped."""
    cache: dict[tuple[BBox, float], pymupdf.Pixmap] = page.memo.setdefault("assessment_renders", {})
    pix = cache.get((region, zoom))
    if pix is None:
        clip = pymupdf.Rect(region)  # type: ignore[no-untyped-call]  # PyMuPDF: Rect is unannotated
        scale = pymupdf.Matrix(zoom, zoom)  # type: ignore[no-untyped-call]  # PyMuPDF: unannotated
        pix = cache[(region, zoom)] = page.raw.get_pixmap(clip=clip, matrix=scale, alpha=False)
    return pix


def pixels(
    page: Page, box: BBox, zoom: float, region: BBox | None = None
) -> tuple[int, int, list[tuple[int, int, int]]]:
    """The RGB pixels of ``box`` at ``zoom``, cropped from the rendering of ``region`` (which
    holds the box) when given."""
    zoom = round(zoom * 4) / 4 or 0.25  # icons of one size share a zoom, and so a rendering
    pix = render(page, region or box, zoom)
    s, n, stride = pix.samples, pix.n, pix.stride
    x0 = max(0, int(box[0] * zoom) - pix.x)
    y0 = max(0, int(box[1] * zoom) - pix.y)
    x1 = min(pix.width, max(x0 + 1, int(box[2] * zoom) - pix.x))
    y1 = min(pix.height, max(y0 + 1, int(box[3] * zoom) - pix.y))
    px: list[tuple[int, int, int]] = []
    for y in range(y0, y1):
        row = s[y * stride + x0 * n : y * stride + x1 * n]
        px += zip(row[0::n], row[1::n], row[2::n], strict=True)
    return x1 - x0, y1 - y0, px


@lru_cache(maxsize=1 << 14)  # a rendering has few distinct colours: paper, ink, the icon's
def is_coloured(p: tuple[int, int, int]) -> bool:
    _, s, v = colorsys.rgb_to_hsv(p[0] / 255, p[1] / 255, p[2] / 255)
    return s >= MIN_SATURATION and v >= MIN_VALUE


@lru_cache(maxsize=1 << 14)
def is_light(p: tuple[int, int, int]) -> bool:
    """Paper: a bright pixel that is not coloured (white, or a pale cell shading)."""
    return max(p) >= LIGHT * 255 and not is_coloured(p)


def read_icon(
    page: Page, box: BBox, fill: tuple[float, float, float] | None = None, region: BBox | None = None
) -> Icon:
    """Colour, shape and inner mark of an icon, from its rendering (a vector fill when known)."""
    w, h = box[2] - box[0], box[3] - box[1]
    width, height, px = pixels(page, box, RENDER_PIXELS / max(w, h, 1.0), region)
    ink = [p for p in px if not is_light(p)]
    coloured = [p for p in ink if is_coloured(p)]
    rgb = fill
    if rgb is None and ink:
        pool = coloured if len(coloured) >= MIN_COLOURED_SHARE * len(ink) else ink
        top = Counter(pool).most_common(1)[0][0]
        rgb = (top[0] / 255, top[1] / 255, top[2] / 255)
    share = len(ink) / max(len(px), 1)
    shape = "square" if share >= SQUARE_FILL else "circle" if share >= CIRCLE_FILL else "shape"
    cx0, cx1, cy0, cy1 = int(width * 0.3), int(width * 0.7), int(height * 0.3), int(height * 0.7)
    centre = [px[y * width + x] for y in range(cy0, cy1) for x in range(cx0, cx1)]
    marked = bool(centre) and sum(map(is_light, centre)) >= INNER_MARK_SHARE * len(centre)
    return Icon(*box, rgb=rgb, shape=shape, marked=marked)


def _icon_boxes(page: Page) -> list[tuple[BBox, tuple[float, float, float] | None]]:
    """Boxes of a page's small vector marks (with their fill) and small raster images."""
    if "assessment_icon_boxes" not in page.memo:
        out: list[tuple[BBox, tuple[float, float, float] | None]] = []
        if page.raw is not None:
            out += [((mk.x0, mk.y0, mk.x1, mk.y1), mk.fill) for mk in marks(page)]
            for x0, y0, x1, y1 in image_boxes(page):
                if MARK_MIN <= x1 - x0 <= MARK_MAX and MARK_MIN <= y1 - y0 <= MARK_MAX:
                    out.append(((x0, y0, x1, y1), None))
        page.memo["assessment_icon_boxes"] = out
    boxes: list[tuple[BBox, tuple[float, float, float] | None]] = page.memo["assessment_icon_boxes"]
    return boxes


def page_icons(page: Page, where: Callable[[BBox], bool]) -> list[Icon]:
    """The page's icons whose box ``where`` accepts, each rendered and read once (only the icons
    a table or a legend asks for are rendered)."""
    read: dict[BBox, Icon] = page.memo.setdefault("assessment_icons", {})
    wanted = [(box, fill) for box, fill in _icon_boxes(page) if where(box)]
    todo = [box for box, _ in wanted if box not in read]
    region = (
        (min(b[0] for b in todo), min(b[1] for b in todo), max(b[2] for b in todo), max(b[3] for b in todo))
        if todo
        else None
    )
    out = []
    for box, fill in wanted:
        if box not in read:
            if len(read) >= MAX_ICONS_PER_PAGE:
                page.memo[ICONS_CAPPED] = True  # a hostile page of thousands of marks
                break
            read[box] = read_icon(page, box, fill, region)
        out.append(read[box])
    return out


def image_boxes(page: Page) -> list[BBox]:
    """The boxes of the page's raster images, read once per page."""
    if "assessment_image_boxes" not in page.memo:
        infos = page.raw.get_image_info() if page.raw is not None else []
        page.memo["assessment_image_boxes"] = [tuple(i["bbox"]) for i in infos]
    boxes: list[BBox] = page.memo["assessment_image_boxes"]
    return boxes
