"""Monthly goal lights (månadsrapport) -> one ``goal_status`` row per coloured month.

A lights table is a row of month names (``Jan Feb Mars … Dec``, optionally ``Trend``) with a
coloured mark under each month that has been assessed.  The marks are vector shapes (circles,
squares, diamonds, …) read from the page's drawings — only on pages whose text has such a month
row, because reading drawings is slow.

* colour -> status: calibrated by the document's own legend when it prints one (``Grön: …``
  beside a mark), else by hue (red / amber-yellow / green), never by one exact RGB;
* mark -> month: the nearest month name horizontally, within half the month spacing;
* trend: the mark under ``Trend``: its direction (an arrow's tip: up = positive, level = stable,
  down = negative), or an arrow character; it is stored on the last assessed month;
* goal: the nearest numbered heading above the month row (``1. Motiverade …``, ``4 Hållbar …``),
  which may be on an earlier page.
"""

from __future__ import annotations

import colorsys
import itertools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from kpi.extractors import vocabulary as V
from kpi.extractors.domain import LightStatus, Severity, Trend
from kpi.extractors.layout import DocumentModel, Page, TextLine
from kpi.extractors.normalize.vocabulary import MONTHS, fold
from kpi.extractors.records import ExtractionResult, GoalStatus

MIN_MONTHS = 6
"""A line with at least this many month names in calendar order is a month row."""
BAND_EM = 4.0
"""Marks lie at most this many type heights below the month row."""
WRAP_SIZE_TOLERANCE = 0.08
"""A heading's wrapped second line has its first line's height within this share."""
WRAP_SPACE_EM = 0.2
"""A word space, in type heights, for the test whether a heading's line was full."""
MARK_MIN, MARK_MAX = 2.0, 30.0
"""Size range (points) of a mark; smaller is a speck, larger is a cell background."""
MIN_SATURATION, MIN_VALUE = 0.3, 0.25
"""Fills less saturated or darker than this are not lights (grey, black, white, pale shading)."""
HUE_BANDS: tuple[tuple[float, float, LightStatus], ...] = (
    (0, 25, LightStatus.RED),
    (25, 72, LightStatus.YELLOW),
    (72, 175, LightStatus.GREEN),
    (330, 360, LightStatus.RED),
)
"""Hue (degrees) -> status when the document prints no legend."""
LEGEND_DISTANCE = 0.25
"""A fill within this RGB distance of a legend colour takes that colour's status."""
LEGEND_REACH_EM = 4.0
"""A legend mark lies at most this many type heights left of its word."""
LEVEL_DEGREES = 25.0
"""An arrow within this angle of horizontal is a stable trend."""
ARROW_CHARS: dict[str, Trend] = {
    "↑": Trend.POSITIVE,
    "↗": Trend.POSITIVE,
    "⬆": Trend.POSITIVE,
    "⇧": Trend.POSITIVE,
    "▲": Trend.POSITIVE,
    "→": Trend.STABLE,
    "↔": Trend.STABLE,
    "➔": Trend.STABLE,
    "➜": Trend.STABLE,
    "⇨": Trend.STABLE,
    "►": Trend.STABLE,
    "↓": Trend.NEGATIVE,
    "↘": Trend.NEGATIVE,
    "⬇": Trend.NEGATIVE,
    "⇩": Trend.NEGATIVE,
    "▼": Trend.NEGATIVE,
}
COLOUR_TREND: dict[str, Trend] = {
    LightStatus.GREEN: Trend.POSITIVE,
    LightStatus.YELLOW: Trend.STABLE,
    LightStatus.RED: Trend.NEGATIVE,
}
"""Fallback when a trend mark has no direction (a dot): its colour, as lights read."""

T = TypeVar("T")

_GOAL_RE = re.compile(r"^(\d{1,2})[.)]?\s+(\S.*)$")


@dataclass
class Mark:
    x0: float
    y0: float
    x1: float
    y1: float
    fill: tuple[float, float, float]
    points: list[tuple[float, float]]

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass
class MonthRow:
    page: int
    line: TextLine
    months: dict[int, float]  # month number -> x centre
    trend_x: float | None


# ----------------------------------------------------------------------------------------------
# Reading the page
# ----------------------------------------------------------------------------------------------
@lru_cache(maxsize=1 << 14)
def _word_role(text: str) -> tuple[int | None, bool]:
    """(month number or None, whether a trend word) of a word's text: every word of every page
    is looked up, and words repeat, so the folding lookups are made once per distinct text."""
    return MONTHS.get(text.strip(".:")), fold(text) in V.TREND_WORDS


def month_rows(page: Page) -> list[MonthRow]:
    """Lines that name at least MIN_MONTHS months in calendar order."""
    out = []
    for ln in page.lines:
        if len(ln.words) < MIN_MONTHS:
            continue  # each word names one month at most
        months: dict[int, float] = {}
        last = 0  # the latest month taken: months are only taken in calendar order
        trend_x = None
        for w in ln.words:
            m, trend = _word_role(w.text)
            if m and m > last:
                months[m] = w.xc
                last = m
            elif trend:
                trend_x = w.xc
        if len(months) >= MIN_MONTHS:
            out.append(MonthRow(page.number, ln, months, trend_x))
    return out


def marks(page: Page) -> list[Mark]:
    """Small filled vector shapes with a fill colour (slow: reads the page's drawings; read once
    per page)."""
    if "status_marks" not in page.memo:
        page.memo["status_marks"] = _marks(page)
    found: list[Mark] = page.memo["status_marks"]
    return found


def _marks(page: Page) -> list[Mark]:
    out = []
    for d in page.drawings:
        fill = d.get("fill")
        if fill is None:
            continue
        x0, y0, x1, y1 = d["rect"]
        w, h = x1 - x0, y1 - y0
        if not (MARK_MIN <= w <= MARK_MAX and MARK_MIN <= h <= MARK_MAX):
            continue
        pts: list[tuple[float, float]] = []
        for it in d["items"]:
            if it[0] == "re":
                a, b, c, e = it[1]
                pts += [(a, b), (c, b), (c, e), (a, e)]
            elif it[0] != "qu":
                pts += [(p[0], p[1]) for p in it[1:]]
        out.append(Mark(x0, y0, x1, y1, tuple(fill[:3]), pts))
    return out


# ----------------------------------------------------------------------------------------------
# Colour and direction
# ----------------------------------------------------------------------------------------------
def hue_status(rgb: tuple[float, float, float]) -> LightStatus | None:
    """Status by hue, or None for greys, blacks, whites and other hues."""
    h, s, v = colorsys.rgb_to_hsv(*rgb)
    if s < MIN_SATURATION or v < MIN_VALUE:
        return None
    deg = h * 360
    return next((status for lo, hi, status in HUE_BANDS if lo <= deg < hi), None)


def nearest_legend(
    rgb: tuple[float, float, float], legend: Mapping[tuple[float, float, float], T]
) -> T | None:
    """What the legend colour nearest to a fill means, when it is within LEGEND_DISTANCE (the
    goal lights' statuses here, the yearly assessments' meanings in ``goal_assessments``)."""
    if legend:
        best = min(legend, key=lambda c: math.dist(c, rgb))
        if math.dist(best, rgb) <= LEGEND_DISTANCE:
            return legend[best]
    return None


def classify_colour(
    rgb: tuple[float, float, float], legend: dict[tuple[float, float, float], LightStatus]
) -> LightStatus | None:
    """Status of a fill: the nearest legend colour when close, else by hue."""
    return nearest_legend(rgb, legend) or hue_status(rgb)


def arrow_direction(points: list[tuple[float, float]]) -> Trend | None:
    """Trend of an arrow-shaped polygon: along its main axis, the tip is the end reached by a
    single vertex (the tail end has two corners).  Up = positive, level = stable, down = negative."""
    pts = list(dict.fromkeys((round(x, 2), round(y, 2)) for x, y in points))
    if len(pts) < 3:
        return None
    cx = sum(p[0] for p in pts) / len(pts)
    cy = sum(p[1] for p in pts) / len(pts)
    sxx = sum((p[0] - cx) ** 2 for p in pts)
    syy = sum((p[1] - cy) ** 2 for p in pts)
    sxy = sum((p[0] - cx) * (p[1] - cy) for p in pts)
    if abs(sxx - syy) < 1e-6 * (sxx + syy) and abs(sxy) < 1e-6 * (sxx + syy):
        return None  # no main axis: a dot or a square
    theta = 0.5 * math.atan2(2 * sxy, sxx - syy)
    ux, uy = math.cos(theta), math.sin(theta)
    proj = [(p[0] - cx) * ux + (p[1] - cy) * uy for p in pts]
    span = max(proj) - min(proj)
    tol = 0.12 * span
    n_hi = sum(1 for v in proj if v >= max(proj) - tol)
    n_lo = sum(1 for v in proj if v <= min(proj) + tol)
    if n_hi == n_lo:
        return None
    if n_lo < n_hi:
        ux, uy = -ux, -uy
    angle = math.degrees(math.atan2(-uy, ux))  # PDF y grows downwards
    if abs(angle) <= LEVEL_DEGREES or abs(angle) >= 180 - LEVEL_DEGREES:
        return Trend.STABLE
    return Trend.POSITIVE if angle > 0 else Trend.NEGATIVE


def legend_colours(doc: DocumentModel, em: float) -> dict[tuple[float, float, float], LightStatus]:
    """Colours the document's legend names: a mark just left of ``Grön``/``Gul``/``Röd``."""
    words = dict(V.STATUS_COLOUR_WORDS)
    out: dict[tuple[float, float, float], LightStatus] = {}
    for page in doc.pages():
        hits = [ln for ln in page.lines if fold(ln.words[0].text).rstrip(":") in words]
        if len(hits) < 2:
            continue
        ms = marks(page)
        for ln in hits:
            status = words[fold(ln.words[0].text).rstrip(":")]
            near = [
                m
                for m in ms
                if m.x1 <= ln.x0 + 1
                and ln.x0 - m.x1 <= LEGEND_REACH_EM * em
                and m.y0 <= (ln.y0 + ln.y1) / 2 <= m.y1 + 1
            ]
            if near:
                out[max(near, key=lambda m: m.x1).fill] = status
        if out:
            break
    return out


# ----------------------------------------------------------------------------------------------
# Goals
# ----------------------------------------------------------------------------------------------
@dataclass
class GoalHead:
    page: int
    y: float
    number: str
    title: str


def goal_heads(doc: DocumentModel, last_page: int) -> list[GoalHead]:
    """Numbered headings (bold or larger than body text), with a wrapped second line joined."""
    out: list[GoalHead] = []
    for page in doc.pages():
        if page.number > last_page:
            break
        lines = page.lines
        right = max((x.x1 for x in lines), default=0.0)  # the text column's right edge
        for i, ln in enumerate(lines):
            m = _GOAL_RE.match(ln.text)
            if not m or not m.group(2)[:1].isupper() or len(ln.words) < 2:
                continue
            if not page.is_bold(ln.words[1]):
                continue
            title = m.group(2)
            if i + 1 < len(lines):
                nxt = lines[i + 1]
                if (
                    nxt.y0 - ln.y1 < 0.6 * ln.height
                    and page.is_bold(nxt.words[0])
                    and not _GOAL_RE.match(nxt.text)
                    and _wraps_onto(ln, nxt, right)
                ):
                    title = f"{title} {nxt.text}"
            out.append(GoalHead(page.number, ln.y0, m.group(1), re.sub(r"\s+", " ", title).strip()))
    return out


def _wraps_onto(line: TextLine, nxt: TextLine, right: float) -> bool:
    """Is ``nxt`` the wrapped rest of the heading ``line``: set in the same type, and its first
    word would not have fitted at the end of ``line`` (a heading that follows at once, in
    smaller type or after a short line, is a heading of its own)?"""
    if abs(nxt.height - line.height) > WRAP_SIZE_TOLERANCE * line.height:
        return False
    first = nxt.words[0]
    space = WRAP_SPACE_EM * line.height
    return line.x1 + space + (first.x1 - first.x0) > right - 1.0


def _goal_for(heads: list[GoalHead], row: MonthRow) -> GoalHead | None:
    before = [h for h in heads if (h.page, h.y) < (row.page, row.line.y0)]
    return before[-1] if before else None


# ----------------------------------------------------------------------------------------------
# Recognizer
# ----------------------------------------------------------------------------------------------
def _year(result: ExtractionResult) -> int | None:
    if result.meta.year:
        return result.meta.year
    m = re.match(r"(\d{4})", result.meta.period or "")
    return int(m.group(1)) if m else None


def lights_of_row(
    row: MonthRow, page: Page, legend: dict[tuple[float, float, float], LightStatus]
) -> tuple[dict[int, tuple[LightStatus, Mark]], Trend | None]:
    """Status per month and the trend of one month row."""
    xs = sorted(row.months.values())
    spacing = min(b - a for a, b in itertools.pairwise(xs))
    half = spacing / 2
    h = row.line.height
    top, bottom = row.line.y1 - 1, row.line.y1 + BAND_EM * h  # the band of marks below the row
    band = [m for m in marks(page) if top <= (m.y0 + m.y1) / 2 <= bottom]
    status: dict[int, tuple[LightStatus, Mark]] = {}
    trend: Trend | None = None
    for mk in band:
        xc = mk.xc
        if row.trend_x is not None and abs(xc - row.trend_x) < half:
            trend = arrow_direction(mk.points) or COLOUR_TREND.get(classify_colour(mk.fill, legend) or "")
            continue
        month, x = min(row.months.items(), key=lambda kv: abs(kv[1] - xc))
        if abs(x - xc) > half:
            continue
        s = classify_colour(mk.fill, legend)
        if s:
            status[month] = (s, mk)
    if trend is None and row.trend_x is not None:
        for w in page.words:  # every word of the page: box arithmetic inline, not through properties
            if top <= (w.y0 + w.y1) / 2 <= bottom and abs((w.x0 + w.x1) / 2 - row.trend_x) < half:
                trend = next((t for ch, t in ARROW_CHARS.items() if ch in w.text), trend)
    return status, trend


def recognize(doc: DocumentModel, result: ExtractionResult) -> None:
    rows: list[tuple[MonthRow, Page]] = []
    for page in doc.pages():
        if not page.has_text:
            continue
        rows += [(r, page) for r in month_rows(page)]
    if not rows:
        return
    year = _year(result)
    if year is None:
        result.issue(
            Severity.WARNING, "lights_without_year", "goal lights found but the report year is unknown"
        )
        return
    em = rows[0][0].line.height
    legend = legend_colours(doc, em)
    heads = goal_heads(doc, max(r.page for r, _ in rows))
    for row, page in rows:
        status, trend = lights_of_row(row, page, legend)
        if not status:
            continue
        goal = _goal_for(heads, row)
        if goal is None:
            result.issue(
                Severity.WARNING,
                "lights_without_goal",
                "goal lights found with no numbered goal above",
                page.number,
            )
        last = max(status)
        for month, (s, mk) in sorted(status.items()):
            result.goal_status.append(
                GoalStatus(
                    goal_number=goal.number if goal else None,
                    goal_title=goal.title if goal else None,
                    month=f"{year:04d}-{month:02d}",
                    status=s,
                    trend=trend if month == last else None,
                    page=page.number,
                    bbox=(mk.x0, mk.y0, mk.x1, mk.y1),
                )
            )
