"""Yearly goal assessments (årsbokslut, verksamhetsberättelse, delårsrapport) -> ``goal_assessments``.

An assessment table is found by layout, never by document or position: a header line whose cells
stand apart (a stub such as ``Nämndmål`` or ``Aktivitet``, then a cell headed by an assessment word
such as ``Bedömning``, ``Status`` or ``Måluppfyllelse``, maybe ``Färdiggrad``), and below it goal
texts with an icon or a word in the assessment column.

* a word (``Delvis uppfyllt``, wrapped lines joined) maps by :data:`vocabulary.ASSESSMENT_WORDS`;
* an icon (a vector mark, as :func:`kpi.extractors.status_lights.marks` reads them, a small raster
  image, or a character such as ``●`` or ``✔`` set in colour) maps by the document's legend (an
  icon just left of an assessment word, on any page; :func:`kpi.extractors.status_lights.nearest_legend`),
  else by its colour's hue (:func:`kpi.extractors.status_lights.hue_status`): green / yellow / red mean
  fulfilled / partly / not fulfilled in a goal table and completed / in progress / not started in
  an activity table; a black check mark, cross or half circle says its meaning by its shape;
* ``Färdiggrad``: a printed percentage, or a progress bar's filled (coloured) share;
* the goal text: the text-column line level with the icon's top and its wrapped lines (a comment
  label such as ``Kommentar:`` or a change of weight ends it); a bold row without an icon above
  is the category the row stands under (``parent_goal``);
* a table that a page break leaves open goes on at the top of the next page without its header
  (the same columns, only icons and words that map, the category row carried over).

An icon or word in an assessment table that does not map keeps its row (``assessment`` None) and
gets an ``unmapped_assessment`` issue with its box, so nothing is lost in silence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kpi.extractors import vocabulary as V
from kpi.extractors.domain import Assessment, LightStatus, Severity
from kpi.extractors.icons import (
    ICONS_CAPPED,
    LIGHT,
    MAX_ICONS_PER_PAGE,
    Icon,
    image_boxes,
    is_coloured,
    page_icons,
    pixels,
)
from kpi.extractors.layout import DocumentModel, Page, TextLine, Word
from kpi.extractors.normalize.vocabulary import fold
from kpi.extractors.records import BBox, ExtractionResult, GoalAssessment
from kpi.extractors.status_lights import LEGEND_REACH_EM, hue_status, nearest_legend
from kpi.extractors.tables.pages import furniture

COLUMN_GAP_EM = 1.5
"""Header cells stand at least this many type heights apart; so do a cell and the goal text."""
CELL_GAP_EM = 0.5
"""A word in the assessment column stands at least this many type heights from the text before
it (closer, it is the goal text running on)."""
COLUMN_REACH_EM = 2.0
"""An icon's or word's centre may lie this many type heights left of its column header's start."""
ROW_REACH_EM = 0.8
"""A goal text's first line lies at most this many type heights above its icon's top."""
WRAP_GAP_EM = 0.6
"""A goal text's (or an assessment word's) wrapped line follows its line within this gap."""
MAX_GOAL_LINES = 8
"""A goal text has at most this many lines (more is running text)."""
MAX_HEADER_WORDS = 4
"""A header cell has at most this many words."""
BAR_PIXELS_PER_POINT = 2.0
"""A progress bar is rendered at this scale to measure its filled share."""
BAR_ASPECT = 3.0
"""A shape at least this many times wider than high in the completion column is a progress bar."""
BAR_STEP = 5.0
"""A progress bar's measured share is rounded to this many percent."""

GLYPHS: dict[str, str] = {
    "●": "circle",
    "⬤": "circle",
    "◉": "circle",
    "○": "ring",
    "◯": "ring",
    "◐": "half circle",
    "◑": "half circle",
    "◒": "half circle",
    "◓": "half circle",
    "■": "square",
    "◼": "square",
    "▲": "triangle",
    "◆": "diamond",
    "♦": "diamond",
    "✓": "check",
    "✔": "check",
    "☑": "check",
    "✗": "cross",
    "✘": "cross",
    "✕": "cross",
    "☒": "cross",
}
"""Icons set in type (a character in the assessment column or legend), by their shape."""
GLYPH_MEANING: dict[str, Assessment] = {
    "check": Assessment.FULFILLED,
    "cross": Assessment.NOT_FULFILLED,
    "half circle": Assessment.PARTLY_FULFILLED,
}
"""A shape that says its meaning when its colour does not (a black check mark)."""

_NUMBER_RE = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)[.)]?\s+(?=\S)")
_PERCENT_RE = re.compile(r"(\d{1,3}(?:[,.]\d+)?)\s*%")
_PHRASES = sorted(V.ASSESSMENT_WORDS, key=len, reverse=True)

COLOUR_MEANING: dict[bool, dict[LightStatus, Assessment]] = {
    False: {
        LightStatus.GREEN: Assessment.FULFILLED,
        LightStatus.YELLOW: Assessment.PARTLY_FULFILLED,
        LightStatus.RED: Assessment.NOT_FULFILLED,
    },
    True: {
        LightStatus.GREEN: Assessment.COMPLETED,
        LightStatus.YELLOW: Assessment.IN_PROGRESS,
        LightStatus.RED: Assessment.NOT_STARTED,
    },
}
"""Colour -> assessment without a legend, for goal tables (False) and activity tables (True)."""
ACTIVITY_OF: dict[Assessment, Assessment] = {
    Assessment.FULFILLED: Assessment.COMPLETED,
    Assessment.PARTLY_FULFILLED: Assessment.IN_PROGRESS,
    Assessment.NOT_FULFILLED: Assessment.NOT_STARTED,
}
"""A goal legend read for an activity table's icon of the same colour."""


@dataclass
class Header:
    line: TextLine
    level: str | None
    activity: bool
    assess: tuple[float, float]  # the assessment column's x range
    completion: tuple[float, float] | None


@dataclass
class Anchor:
    """One assessed row: its icon or word."""

    bbox: BBox
    icon: Icon | None = None
    word: str | None = None
    lines: list[TextLine] = field(default_factory=list)  # the goal text


# ----------------------------------------------------------------------------------------------
# Words and colours
# ----------------------------------------------------------------------------------------------
def phrase(text: str) -> Assessment | None:
    """The assessment a word or legend text names (``Delvis uppfyllt``, ``Uppfyllt – målet nås``,
    ``● Uppfyllt``)."""
    t = fold(text).lstrip("".join(GLYPHS) + " ").strip(":").strip()
    for p in _PHRASES:
        if t == p or (t.startswith(p) and not t[len(p)].isalnum()):
            return V.ASSESSMENT_WORDS[p]
    return None


Legend = dict[tuple[float, float, float], Assessment]


def legend(doc: DocumentModel) -> Legend:
    """Icon colours the document's legend names: an icon just left of an assessment word."""
    out: Legend = {}
    for page in doc.pages():
        cells = [
            c
            for ln in page.lines
            if any(w.text[:1].isalpha() for w in ln.words)
            for c in ln.split_at_gaps(COLUMN_GAP_EM * ln.height)
        ]
        named = [(c, a) for c in cells if (a := phrase(c.text)) is not None]
        if len(named) < 2:
            continue

        def beside(box: BBox, cells: list[tuple[TextLine, Assessment]] = named) -> bool:
            return any(
                box[2] <= c.x0 + 1
                and c.x0 - box[2] <= LEGEND_REACH_EM * c.height
                and box[1] - 1 <= (c.y0 + c.y1) / 2 <= box[3] + 1
                for c, _ in cells
            )

        icons = page_icons(page, beside)
        for cell, meaning in named:
            em = cell.height
            first = cell.words[0]
            if first.text[:1] in GLYPHS:  # "● Uppfyllt": the icon is set in type
                rgb = _type_colour(page, first)
                if rgb is not None:
                    out.setdefault(rgb, meaning)
                continue
            near = [
                i
                for i in icons
                if i.rgb is not None
                and i.x1 <= cell.x0 + 1
                and cell.x0 - i.x1 <= LEGEND_REACH_EM * em
                and i.y0 - 1 <= (cell.y0 + cell.y1) / 2 <= i.y1 + 1
            ]
            if near:
                icon = max(near, key=lambda i: i.x1)
                assert icon.rgb is not None
                out.setdefault(icon.rgb, meaning)
    return out


def _type_colour(page: Page, word: Word) -> tuple[float, float, float] | None:
    """The text colour of the span under a word's centre (a glyph icon's colour)."""
    for span in page.spans:
        x0, y0, x1, y1 = span["bbox"]
        if x0 - 0.5 <= word.xc <= x1 + 0.5 and y0 - 0.5 <= word.yc <= y1 + 0.5:
            c = int(span["color"])
            return ((c >> 16 & 255) / 255, (c >> 8 & 255) / 255, (c & 255) / 255)
    return None


def icon_meaning(icon: Icon, activity: bool, known: Legend) -> Assessment | None:
    rgb = icon.rgb
    if rgb is None:
        return None
    found = nearest_legend(rgb, known)
    if found is not None:
        return ACTIVITY_OF.get(found, found) if activity else found
    status = hue_status(rgb)
    if status:
        return COLOUR_MEANING[activity][status]
    found = GLYPH_MEANING.get(icon.shape)  # a black check mark or cross
    return ACTIVITY_OF.get(found, found) if activity and found else found


# ----------------------------------------------------------------------------------------------
# Tables
# ----------------------------------------------------------------------------------------------
_HEADER_CUE = re.compile(
    "|".join(
        rf"(?<![^\W\d_]){re.escape(w)}(?![^\W\d_])"
        for w in sorted(V.ASSESSMENT_HEADERS, key=len, reverse=True)
    ),
    re.IGNORECASE,
)
"""Any assessment header word in a page's text (a cheap test before the page's lines are read)."""


@lru_cache(maxsize=1 << 14)
def _header_word(text: str) -> bool:
    """Whether a word heads an assessment column (every word of every page is asked; words repeat)."""
    return fold(text).strip(":") in V.ASSESSMENT_HEADERS


def headers(page: Page) -> list[Header]:
    """Header lines of assessment tables on a page."""
    if not any(_HEADER_CUE.search(ln.text) for ln in page.lines):
        return []  # no assessment header word anywhere on the page: no line to look at
    out = []
    for ln in page.lines:
        if len(ln.words) > 4 * MAX_HEADER_WORDS or not any(_header_word(w.text) for w in ln.words[1:]):
            continue
        em = ln.height
        cells = ln.split_at_gaps(COLUMN_GAP_EM * em)
        if len(cells) < 2 or any(len(c.words) > MAX_HEADER_WORDS for c in cells):
            continue
        keys = [fold(c.text).strip(":") for c in cells]
        at = next((i for i, k in enumerate(keys) if i and k in V.ASSESSMENT_HEADERS), None)
        if at is None:
            continue

        done = next((i for i, k in enumerate(keys) if i and k in V.COMPLETION_HEADERS), None)
        level = keys[0] or None
        out.append(
            Header(
                line=ln,
                level=level,
                activity=level in V.ACTIVITY_LEVELS or done is not None,
                assess=_span(cells, at, page.width),
                completion=_span(cells, done, page.width) if done is not None else None,
            )
        )
    return out


def _span(cells: list[TextLine], i: int, page_width: float) -> tuple[float, float]:
    """The x range of the column headed by header cell ``i``."""
    em = cells[i].height
    left = max(cells[i].x0 - COLUMN_REACH_EM * em, cells[i - 1].x1)
    right = cells[i + 1].x0 - 0.25 * em if i + 1 < len(cells) else page_width
    return left, right


def _in(x: float, span: tuple[float, float]) -> bool:
    return span[0] <= x <= span[1]


def anchors(
    page: Page, hd: Header, top: float, y_end: float, skip: frozenset[int]
) -> tuple[list[Anchor], list[TextLine]]:
    """The icons and word blocks in a table's assessment column between ``top`` and ``y_end``,
    top to bottom, and the table's lines there (running headers and footers, ``skip``, aside)."""
    em = hd.line.height
    lines = [ln for k, ln in enumerate(page.lines) if k not in skip and top < (ln.y0 + ln.y1) / 2 < y_end]
    icons = page_icons(page, lambda b: _in((b[0] + b[2]) / 2, hd.assess) and top < (b[1] + b[3]) / 2 < y_end)
    cells: list[TextLine] = []
    for ln in lines:
        words = _split(ln, hd)[1]
        if words:
            cells.append(TextLine(words))
    blocks: list[list[TextLine]] = []
    for c in cells:
        if (
            blocks
            and c.y0 - blocks[-1][-1].y1 <= WRAP_GAP_EM * em
            and phrase(" ".join(b.text for b in blocks[-1])) is None
            and _has_letters(c.text)
            and _has_letters(blocks[-1][-1].text)
        ):
            blocks[-1].append(c)  # a wrapped word ("Delvis / uppfyllt"); a full phrase ends a block
        else:
            blocks.append([c])
    out: list[Anchor] = []
    for b in blocks:
        box = (min(c.x0 for c in b), b[0].y0, max(c.x1 for c in b), b[-1].y1)
        text = " ".join(c.text for c in b)
        if all(ch in GLYPHS or ch.isspace() for ch in text):  # an icon set in type: ● ✔ ◐
            shape = GLYPHS[text.strip()[0]]
            out.append(Anchor(box, icon=Icon(*box, _type_colour(page, b[0].words[0]), shape, False)))
        else:
            out.append(Anchor(box, word=text))
    for i in icons:
        level = [a for a in out if a.word and a.bbox[1] - 1 <= (i.y0 + i.y1) / 2 <= a.bbox[3] + 1]
        if level:
            level[0].icon = i  # an icon beside its word: the word says it
        else:
            out.append(Anchor(i.bbox, icon=i))
    out.sort(key=lambda a: a.bbox[1])
    return out, lines


def _has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def _split(ln: TextLine, hd: Header) -> tuple[list[Word], list[Word]]:
    """A line's words in the goal-text column and in the assessment column."""
    em = hd.line.height
    words = ln.words
    start = next((i for i, w in enumerate(words) if w.xc >= hd.assess[0]), len(words))
    while start < len(words) and start > 0 and words[start].x0 - words[start - 1].x1 < CELL_GAP_EM * em:
        start += 1  # the goal text running into the column's reach
    column = [w for w in words[start:] if _in(w.xc, hd.assess)]
    return [w for w in words[:start] if w.x0 < hd.assess[1]], column


def _text_part(ln: TextLine, hd: Header) -> TextLine | None:
    """The part of a line in the goal-text column."""
    em = hd.line.height
    keep = _split(ln, hd)[0]
    if not keep or keep[0].x0 < hd.line.x0 - COLUMN_REACH_EM * em:
        return None
    return TextLine(keep)


def _is_comment(ln: TextLine) -> bool:
    return fold(ln.words[0].text).rstrip(":") in V.COMMENT_LABELS


def attach_texts(page: Page, hd: Header, found: list[Anchor], lines: list[TextLine]) -> list[str | None]:
    """Fill each anchor's goal text lines; return each anchor's category row (parent goal)."""
    em = hd.line.height
    used: set[int] = set()
    starts: list[int | None] = []
    for a in found:
        y0, y1 = a.bbox[1], a.bbox[3]
        cand = [
            k
            for k, ln in enumerate(lines)
            if k not in used and y0 - ROW_REACH_EM * em <= ln.y0 < y1 and _text_part(ln, hd)
        ]
        start = cand[0] if cand else None
        starts.append(start)
        if start is not None:
            used.add(start)
    for n, (a, start) in enumerate(zip(found, starts, strict=True)):
        if start is None:
            continue
        stop = next((s for s in starts[n + 1 :] if s is not None), len(lines))
        first = lines[start]
        bold = page.is_bold(first.words[0])
        part = _text_part(first, hd)
        assert part is not None
        a.lines = [part]
        for k in range(start + 1, min(stop, start + MAX_GOAL_LINES)):
            ln, prev = lines[k], lines[k - 1]
            nxt = _text_part(ln, hd)
            if (
                nxt is None
                or ln.y0 - prev.y1 > WRAP_GAP_EM * em
                or _is_comment(ln)
                or page.is_bold(ln.words[0]) != bold
            ):
                break
            a.lines.append(nxt)
            used.add(k)
    # category rows: bold lines of the table that no anchor took, none of them a comment label
    cats: list[tuple[float, str]] = []
    k = 0
    while k < len(lines):
        ln = lines[k]
        if k in used or not page.is_bold(ln.words[0]) or _is_comment(ln) or ln.x0 > hd.line.x0 + em:
            k += 1
            continue
        text, y, k = ln.text, ln.y0, k + 1
        while (
            k < len(lines)
            and k not in used
            and lines[k].y0 - lines[k - 1].y1 <= WRAP_GAP_EM * em
            and page.is_bold(lines[k].words[0])
        ):
            text, k = f"{text} {lines[k].text}", k + 1
        cats.append((y, text))
    parents: list[str | None] = []
    for a in found:
        row_top = a.lines[0].y0 if a.lines else a.bbox[1]
        above = [t for y, t in cats if y < row_top]
        parents.append(above[-1] if above else None)
    return parents


def _inside(box: BBox, region: BBox) -> bool:
    return region[0] <= box[0] and region[1] <= box[1] and box[2] <= region[2] and box[3] <= region[3]


def completion(page: Page, hd: Header, a: Anchor) -> float | None:
    """Färdiggrad on the anchor's row: a printed percentage, else a progress bar's filled share."""
    if hd.completion is None:
        return None
    em = hd.line.height
    y0 = min([a.bbox[1], *(ln.y0 for ln in a.lines[:1])]) - 0.2 * em
    y1 = max([a.bbox[3], *(ln.y1 for ln in a.lines[:1])]) + 0.2 * em
    words = [w for w in page.words if _in(w.xc, hd.completion) and y0 <= w.yc <= y1]
    m = _PERCENT_RE.search(" ".join(w.text for w in words))
    if m:
        return float(m.group(1).replace(",", "."))
    boxes: list[tuple[float, float, float, float]] = list(image_boxes(page))
    boxes += [tuple(d["rect"]) for d in page.drawings if d.get("fill") is not None]
    bars = [
        b
        for b in boxes
        if _in((b[0] + b[2]) / 2, hd.completion) and y0 <= (b[1] + b[3]) / 2 <= y1 and b[3] - b[1] <= 2 * em
    ]
    if not bars or page.raw is None:
        return None
    box = (min(b[0] for b in bars), min(b[1] for b in bars), max(b[2] for b in bars), max(b[3] for b in bars))
    if box[2] - box[0] < BAR_ASPECT * (box[3] - box[1]):
        return None
    column = (hd.completion[0], hd.line.y1, min(hd.completion[1], page.width), page.height)
    width, height, px = pixels(page, box, BAR_PIXELS_PER_POINT, column if _inside(box, column) else None)
    row = px[(height // 2) * width : (height // 2 + 1) * width]
    done = sum(map(is_coloured, row))
    rest = sum(1 for p in row if not is_coloured(p) and max(p) < LIGHT * 255)
    if done + rest == 0:
        return None
    return round(100 * done / (done + rest) / BAR_STEP) * BAR_STEP


# ----------------------------------------------------------------------------------------------
# Recognizer
# ----------------------------------------------------------------------------------------------
def _period(result: ExtractionResult) -> str | None:
    if result.meta.period:
        return result.meta.period
    return str(result.meta.year) if result.meta.year else None


def recognize(doc: DocumentModel, result: ExtractionResult) -> None:
    period = _period(result)
    known: list[Legend] = []  # read once, when the first table with icons is found
    carry: tuple[Header, str | None] | None = None  # a table a page break left open
    for page in doc.pages():
        hs = headers(page) if page.has_text else []
        regions = [
            (hd, hd.line.y1, hs[n + 1].line.y0 if n + 1 < len(hs) else page.height) for n, hd in enumerate(hs)
        ]
        if carry is not None and page.has_text:
            regions.insert(0, (carry[0], 0.0, hs[0].line.y0 if hs else page.height))
        if not regions:
            carry = None
            continue
        near = [doc.page(n) for n in (page.number - 1, page.number + 1) if 1 <= n <= doc.page_count]
        skip = furniture(page, near)
        last: tuple[Header, str | None] | None = None
        for k, (hd, top, y_end) in enumerate(regions):
            continued = carry is not None and k == 0
            rows, lines = anchors(page, hd, top, y_end, skip)
            if any(a.icon for a in rows) and not known:
                known.append(legend(doc))
            meanings = [_meaning(a, hd, known[0] if known else {}) for a in rows]
            if continued:  # the rest of a table: only what reads as an assessment
                kept = [n for n, a in enumerate(rows) if a.icon or meanings[n]]
                rows, meanings = [rows[n] for n in kept], [meanings[n] for n in kept]
            if not any(a.icon for a in rows) and not any(meanings):
                last = None
                continue  # a Status column of some other table (no icon, no assessment word)
            parents = attach_texts(page, hd, rows, lines)
            if continued and carry is not None:
                parents = [p or carry[1] for p in parents]
            for a, meaning, parent in zip(rows, meanings, parents, strict=True):
                _emit(result, page, hd, a, meaning, parent, period)
            last = (hd, parents[-1] if parents else None)
        carry = last  # the page's last table, when it had rows, may go on overleaf
        if page.memo.get(ICONS_CAPPED):
            result.issue(
                Severity.WARNING,
                "unmapped_assessment",
                f"more than {MAX_ICONS_PER_PAGE} icons on the page: the rest were not read",
                page.number,
            )


def _meaning(a: Anchor, hd: Header, known: Legend) -> Assessment | None:
    if a.word:
        found = phrase(a.word)
        if found is None:
            return None
        return ACTIVITY_OF.get(found, found) if hd.activity else found
    assert a.icon is not None
    return icon_meaning(a.icon, hd.activity, known)


def _emit(
    result: ExtractionResult,
    page: Page,
    hd: Header,
    a: Anchor,
    meaning: Assessment | None,
    parent: str | None,
    period: str | None,
) -> None:
    raw = a.word if a.word else a.icon.description if a.icon else ""
    if not a.lines:
        result.issue(
            Severity.WARNING,
            "unmapped_assessment",
            f"an assessment ({raw}) with no goal text beside it",
            page.number,
            a.bbox,
        )
        return
    text = re.sub(r"\s+", " ", " ".join(ln.text for ln in a.lines)).strip()
    m = _NUMBER_RE.match(text)
    number = m.group(1) if m else None
    if m:
        text = text[m.end() :]
    if meaning is None:
        result.issue(
            Severity.WARNING,
            "unmapped_assessment",
            f"the assessment '{raw}' of '{text[:60]}' maps to no known assessment",
            page.number,
            a.bbox,
        )
    result.goal_assessments.append(
        GoalAssessment(
            page=page.number,
            bbox=a.bbox,
            goal_number=number,
            goal_text=text,
            level=hd.level,
            parent_goal=parent,
            period=period,
            assessment=meaning,
            assessment_raw=raw,
            completion=completion(page, hd, a),
        )
    )
