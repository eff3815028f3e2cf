"""Layout tests for table headers that :mod:`kpi.extractors.tables` applies while it reads a header.

* ``split_at_edges``  header words of neighbouring columns that a narrow borderless table sets so
  close that they read as one cell (``Budget ack  Avvikelse``) are cut where a number column's
  right edge passes between two words: numbers are right-aligned, so a column's header never
  reaches past the right edge of its numbers while the next column's header starts after it;
* ``header_block``    the last lines of a wrapped header that print only years and the ends of
  periods (``Jan 24 - Mars`` / ``24``, ``Avvikelse mot`` / ``2023``) are header lines, not the
  body's first rows;
* ``ruled_apart``     a horizontal rule between two header lines puts them in different ruled
  rows (a lone cell in a row of its own is a spanning header, whatever its cell box);
* ``unglue``          two columns' headers that the PDF prints as one word
  (``SannolikhetKonsekvens``) are cut where a column edge passes through the word;
* ``is_period_tail``  a wrapped header's last line of period ends (``Mars 22  Mars 22  22``);
* ``is_running_text`` a paragraph line above a table is no header line.

Only geometry and the shape of the text are read here; no wording.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from itertools import pairwise
from typing import Protocol

from kpi.extractors import vocabulary as V
from kpi.extractors.layout import Rule, TextLine, Word
from kpi.extractors.normalize.periods import is_range_dash
from kpi.extractors.tables.cells import Cell

HEADER_WORDS = frozenset(
    {w for w, _ in V.BUDGET_KIND_WORDS} | {w for w, _ in V.BUDGET_FLOW_WORDS} | {"resultat"}
)
"""The words of budget and financial table headers (kinds, flows): mended when broken mid-word,
and the budget recognizer's page cues."""


def known_header_word(word: str) -> bool:
    """Is a glued header fragment (``avvik`` + ``else``) a known header word?  Used to mend
    headers broken mid-word (:func:`kpi.extractors.tables.reader.join_fragments`)."""
    w = word.strip(".:,").lower()
    return w in HEADER_WORDS or w[:-1] in HEADER_WORDS or w[:-2] in HEADER_WORDS


_YEAR_PART = re.compile(r"['\u2019]?(?:(?:19|20)\d\d|\d\d)")
"""A year printed in full or by its last two digits (``2024``, ``24``, ``'24``)."""


class _LineLike(Protocol):
    """A text line cut into cells, as the header tests read it (:class:`~kpi.extractors.tables.cells.CellLine`)."""

    @property
    def line(self) -> TextLine: ...

    @property
    def cells(self) -> Sequence[Cell]: ...

    @property
    def label_cells(self) -> Sequence[Cell]:
        """The cells before the first number cell."""
        ...


EDGE_TOLERANCE_EM = 0.1
"""Slack, in type heights, of the edge test below."""


def split_at_edges(words: Sequence[Word], edges: Iterable[float]) -> list[list[Word]]:
    """The words of one header cell, cut where a number column's right edge ``e`` (all columns
    but the last) marks a column boundary between two neighbouring words: the right word starts
    after ``e`` and the left word ends no further past ``e`` than half the way to the right word
    (cell padding is the same on both sides of the boundary, so a long header word may run into
    its own padding, never into the next column's), or a little further when the word is too
    wide for its column (:func:`_overflows`)."""
    cuts = sorted(edges)
    parts: list[list[Word]] = [[words[0]]]
    for a, b in pairwise(words):
        tol = EDGE_TOLERANCE_EM * a.height
        if any(e + tol < b.x0 and (a.x1 <= (e + b.x0) / 2 + tol or _overflows(a, e)) for e in cuts):
            parts.append([b])
        else:
            parts[-1].append(b)
    return parts


OVERFLOW_EM = 0.6
"""A header word too wide for its column may run this many type heights past the column's edge."""


def _overflows(a: Word, e: float) -> bool:
    """Does word ``a`` belong left of edge ``e`` though it runs a little past it: a header word
    wider than its column (an exporter clips it on screen, but the PDF keeps every letter), its
    middle left of the edge, its end at most :data:`OVERFLOW_EM` past it?"""
    return a.xc < e < a.x1 <= e + OVERFLOW_EM * a.height


_GLUED = re.compile(r"(?<=[^\W\d_]{3})(?<=[a-zåäöéü])(?=[A-ZÅÄÖÉÜ][a-zåäöéü]{2})")
"""Inside a word, a lower-case letter followed by a capitalised word (``SannolikhetKonsekvens``)."""


def unglue(words: Sequence[Word], edges: Iterable[float]) -> list[list[Word]]:
    """The words of a header cell in groups, cut inside a word that the PDF prints without a
    space between two columns' headers (a header too wide for its column runs into the next
    one's: ``SannolikhetKonsekvens``) at its capitalised parts, where a column edge passes
    through the word; each part gets its share of the word's width by its share of letters."""
    cuts = list(edges)
    groups: list[list[Word]] = [[]]
    for w in words:
        bounds = [m.start() for m in _GLUED.finditer(w.text)]
        if not bounds or not any(w.x0 < e < w.x1 for e in cuts):
            groups[-1].append(w)
            continue
        per = (w.x1 - w.x0) / len(w.text)
        for k, (a, b) in enumerate(pairwise([0, *bounds, len(w.text)])):
            part = replace(w, text=w.text[a:b], x0=w.x0 + a * per, x1=w.x0 + b * per)
            if k:
                groups.append([part])
            else:
                groups[-1].append(part)
    return [g for g in groups if g]


def split_at_rules(words: Sequence[Word], xs: Sequence[float]) -> list[list[Word]]:
    """The words of one ruled cell, cut where a vertical rule passes between two of them."""
    parts: list[list[Word]] = [[words[0]]]
    for a, b in pairwise(words):
        if any(a.xc <= x <= b.x0 + 0.5 for x in xs):
            parts.append([b])
        else:
            parts[-1].append(b)
    return parts


def is_year_part_line(ln: _LineLike) -> bool:
    """A line without a label whose every cell is a year or its last two digits."""
    return (
        bool(ln.cells) and not ln.label_cells and all(_YEAR_PART.fullmatch(c.text.strip()) for c in ln.cells)
    )


def stub_and_year_parts(ln: _LineLike, above: _LineLike) -> bool:
    """The header's last line with the stub set beside it ("Verksamhet (tkr) | 24 | 24 | 2024"):
    one label cell, every other cell a year or its two digits, below a line of header texts."""
    rest = ln.cells[len(ln.label_cells) :]
    return (
        len(ln.label_cells) == 1
        and len(rest) >= 2
        and all(_YEAR_PART.fullmatch(c.text.strip()) for c in rest)
        and sum(1 for c in above.cells if not c.is_number) >= 2
    )


def is_header_tail(lines: Sequence[_LineLike], i: int, max_gap_em: float) -> bool:
    """Is ``lines[i]`` (a body's first line) the wrapped end of the header line above it: only
    years or two-digit year parts, no label, set at the header's line spacing below a line that
    is text (no other numbers)?"""
    if i == 0:
        return False
    above, ln = lines[i - 1], lines[i]
    if not is_year_part_line(ln) and not stub_and_year_parts(ln, above):
        return False
    if ln.line.y0 - above.line.y1 > max_gap_em * ln.line.height:
        return False
    return not any(
        _YEAR_PART.fullmatch(c.text.strip()) is None
        and any(ch.isdigit() for ch in c.text)
        and not re.search(r"[^\W\d_]", c.text)
        for c in above.cells
    )


PROSE_MIN_WORDS = 6
"""A line of running text has at least this many words (a header cell has a few)."""
PROSE_WIDTH_SHARE = 0.5
"""...runs over more than this share of the table's width from the label column on..."""
PROSE_LOWER_SHARE = 0.6
"""...and this share of its words begin in lower case (headers capitalise their cells)."""


def is_running_text(ln: _LineLike, label_left: float, right: float) -> bool:
    """Is a line above a table body a line of running text rather than a header line: one text
    cell (list marks aside) of many words, most of them in lower case, that runs over more than
    half the table's width (a stub stays in the label column, a column header over its columns,
    and header cells that run together still begin in capitals)?"""
    text = _text_cells(ln)
    if len(text) != 1:
        return False
    c = text[0]
    lower = sum(1 for w in c.words if w.text[:1].islower())
    return (
        len(c.words) >= PROSE_MIN_WORDS
        and lower >= PROSE_LOWER_SHARE * len(c.words)
        and c.x1 - c.x0 > PROSE_WIDTH_SHARE * (right - min(label_left, c.x0))
    )


def _text_cells(ln: _LineLike) -> list[Cell]:
    """The cells of a line but its list marks (bullets: no letter or digit)."""
    return [c for c in ln.cells if any(ch.isalnum() for ch in c.text)]


def paragraph_lines(hdr: Sequence[_LineLike], prose: _LineLike) -> int:
    """How many first lines of a would-be header go on the paragraph of the running-text line
    ``prose`` above them: single text cells starting where its text starts."""
    x0 = _text_cells(prose)[0].x0
    k = 0
    for ln in hdr:
        text = _text_cells(ln)
        if len(text) != 1 or abs(text[0].x0 - x0) > 1.0:
            break
        k += 1
    return k


def ruled_apart(upper: TextLine, lower: TextLine, hrules: Iterable[Rule]) -> bool:
    """Is there a horizontal rule between two lines (across their horizontal extent)?"""
    x0, x1 = min(upper.x0, lower.x0), max(upper.x1, lower.x1)
    return any(upper.y1 - 1 <= r.y0 <= lower.y0 + 1 and r.x0 <= x1 and r.x1 >= x0 for r in hrules)


def _years_only(ln: _LineLike) -> bool:
    return all(_YEAR_PART.fullmatch(c.text.strip()) for c in ln.cells if c.is_number)


_NUMBER_TOKEN = re.compile(r"['\u2019]?\d[\d.,]*")


def _period_words(text: str) -> bool:
    """Words and years only: every number in the text is a year or its last two digits."""
    return all(_YEAR_PART.fullmatch(m.group(0)) for m in _NUMBER_TOKEN.finditer(text))


def is_period_line(ln: _LineLike) -> bool:
    """A line of words and years only (``Mars 22  Mars 22  22``): a header line's period ends."""
    return bool(ln.cells) and all(_period_words(c.text) for c in ln.cells)


def is_period_tail(lines: Sequence[_LineLike], i: int, body: Sequence[int], max_gap_em: float) -> bool:
    """Is ``lines[i]`` the last line of a wrapped header that prints the ends of its periods
    (``Mars 22  Mars 22  22  Mars 21``): words and years only, set at the header's line spacing
    below a text line, and nothing of it in the row-label column, which ends where the labels of
    the body's rows below end (a row always has its label there; a header line sits over the
    number columns)?"""
    ln = lines[i]
    if i == 0 or not is_period_line(ln):
        return False
    above = lines[i - 1]
    if ln.line.y0 - above.line.y1 > max_gap_em * ln.line.height or not above.cells:
        return False
    if any(c.is_number and not _YEAR_PART.fullmatch(c.text.strip()) for c in above.cells):
        return False
    label_right = max((c.x1 for j in body if j > i for c in lines[j].label_cells), default=None)
    return label_right is not None and ln.cells[0].x0 > label_right


def only_header_tail(lines: Sequence[_LineLike], body: Sequence[int], max_gap_em: float) -> bool:
    """Is the whole body the wrapped end of the header above it (``23  23  22`` under a header
    that a page break parted from its rows)?"""
    return is_header_tail(lines, body[0], max_gap_em) and all(is_year_part_line(lines[i]) for i in body)


def header_block(lines: Sequence[_LineLike], body: Sequence[int], max_gap_em: float) -> int:
    """How many first lines of a body belong to the header above it: lines whose only numbers
    are years, down to a header tail (:func:`is_header_tail`, :func:`is_period_tail`); 0 when
    no tail ends them."""
    for k, i in enumerate(body[:-1]):
        if is_header_tail(lines, i, max_gap_em) or is_period_tail(lines, i, body, max_gap_em):
            end = k + 1  # and the tail's own wrapped end ("Jan 24 - Mars" / "24")
            while end < len(body) - 1 and is_header_tail(lines, body[end], max_gap_em):
                end += 1
            return end
        if not _years_only(lines[i]):
            return 0
    return 0


def is_prose(ln: _LineLike, right: float) -> bool:
    """A running-text line: one wide cell reaching into the number columns."""
    return (
        len(ln.cells) == 1
        and not ln.cells[0].is_number
        and ln.cells[0].x1 > right
        and len(ln.cells[0].words) >= 6
    )


def join_fragments(parts: list[str], known: Callable[[str], bool] = lambda s: False) -> str:
    """Join header lines top to bottom, mending words broken at a line end: ``Prognos-`` +
    ``avvikelse`` -> ``Prognosavvikelse``, ``Avvik`` + ``else`` -> ``Avvikelse`` when ``known``
    says the glued word is one; otherwise with a space.  A range's dash stays (``jan-`` + ``maj``
    -> ``jan-maj``), and so does a compound's (``barn-`` + ``och unga``)."""
    out = ""
    for p in (x.strip() for x in parts):
        if not p:
            continue
        if not out:
            out = p
            continue
        last = out.split(" ")[-1]
        first = p.split(" ")[0]
        if is_range_dash(last, first):
            out = out + p  # "jan-" + "maj": a range, not a broken word
        elif last.endswith("-") and first.lower() in V.COMPOUND_CONJUNCTIONS:
            out = f"{out} {p}"  # "barn-" + "och unga": a compound's shared part
        elif last.endswith("-") and len(last) > 1 and first[:1].islower():
            out = out[:-1] + p
        elif first[:1].islower() and known((last + first).lower()):
            out = out + p
        else:
            out = f"{out} {p}"
    return out
