"""Printed periods -> the warehouse's period text (``YYYY``, ``YYYY-MM``, ``YYYY-MM/YYYY-MM``).

Read forms (case-insensitive, any month name or abbreviation from
:data:`~kpi.extractors.normalize.vocabulary.MONTHS`):

* ``2019``, ``(2020)`` (a deadline after a goal), ``2018 års värde``, ``Värde 2018``,
  ``UTFALL 2019``, ``PROG. UTFALL 2019``, ``MÅL 2020``, ``Budget 2020``, ``Plan 2021``, ``år 2019``
* ``Värde november 2018``, ``sep. 2019``, ``3 (sep. 2019)``, ``Jan 24`` (two-digit years only
  right after a month name), ISO ``2024-03`` and ``2014-03-25`` (-> its month)
* ``Jan 24 - Mars 24``, ``januari – mars 2024``, ``Jan 23 - Dec 23`` (a whole calendar year
  collapses to ``2023``), ``2024-01/2024-03``
* ``delårsrapport 2 2019`` (-> 2019-01/2019-08; Tyresö's delårsrapporter are tertials),
  ``tertial 1 2020``, ``kvartal 3 2024``, ``T2 2019``, ``Q3 2024``, ``halvårsrapport 2024``
* ``mandatperioden 2018-2022``, ``2019–2022`` (-> 2018-01/2022-12)

A year-less header (``MÅL``, ``Årsprognos``) gets ``default_year`` when one is given.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .errors import NormalizeError, ensure_text
from .text import clean_text
from .vocabulary import (
    DEFINITE_SUFFIXES,
    HALF_YEAR_WORDS,
    MONTHS,
    ORDINAL_NUMBER_WORDS,
    ORDINAL_SUFFIXES,
    PART_YEAR_REPORTS,
    PERIOD_KIND_WORDS,
    SPAN_WORDS,
    YEAR_PREPOSITIONS,
    YEAR_WORDS,
    YEARS_GENITIVE,
    fold,
)

MIN_YEAR, MAX_YEAR = 1900, 2099


def _ym(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


@dataclass(frozen=True)
class Period:
    """A period: ``start``/``end`` are ``YYYY`` (a whole year) or ``YYYY-MM``.

    ``kind`` is a value-kind hint from the header words: ``target``, ``outcome``, ``forecast``,
    ``baseline`` ("2018 års värde", "Värde 2018"), ``budget``, ``plan``, ``deadline`` ("(2020)"),
    or ``None``.
    """

    start: str
    end: str
    kind: str | None = None
    raw: str = ""

    # -- constructors ---------------------------------------------------------------------------
    @classmethod
    def year(cls, year: int, kind: str | None = None, raw: str = "") -> Period:
        return cls(f"{year:04d}", f"{year:04d}", kind, raw)

    @classmethod
    def month(cls, year: int, month: int, kind: str | None = None, raw: str = "") -> Period:
        return cls(_ym(year, month), _ym(year, month), kind, raw)

    @classmethod
    def span(cls, y1: int, m1: int, y2: int, m2: int, kind: str | None = None, raw: str = "") -> Period:
        """A month span; Jan..Dec of one year collapses to the year, one month to the month."""
        if (y1, m1) == (y2, m2):
            return cls.month(y1, m1, kind, raw)
        if y1 == y2 and m1 == 1 and m2 == 12:
            return cls.year(y1, kind, raw)
        return cls(_ym(y1, m1), _ym(y2, m2), kind, raw)

    # -- views ----------------------------------------------------------------------------------
    @property
    def text(self) -> str:
        """``2019``, ``2024-03`` or ``2024-01/2024-03`` (the warehouse's period column)."""
        return self.start if self.start == self.end else f"{self.start}/{self.end}"

    @property
    def is_span(self) -> bool:
        return self.start != self.end

    @property
    def end_month_text(self) -> str:
        """The period as one point, as indicator values are labelled: the year for a whole year,
        else the end month (``delårsrapport 2 2019`` -> ``2019-08``)."""
        if self.start == self.end:
            return self.end
        return self.end if len(self.end) == 7 else f"{self.end}-12"

    @property
    def start_month(self) -> str:
        return self.start if len(self.start) == 7 else f"{self.start}-01"

    @property
    def end_month(self) -> str:
        return self.end if len(self.end) == 7 else f"{self.end}-12"

    @property
    def year_number(self) -> int:
        """The (end) year as an int."""
        return int(self.end[:4])

    def with_kind(self, kind: str | None) -> Period:
        return Period(self.start, self.end, kind, self.raw)

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class PeriodMatch:
    """A period found in a text: where, what, and whether a marker made it explicit (a bare year
    in running text is not explicit)."""

    start: int
    end: int
    period: Period
    explicit: bool = True


# ----------------------------------------------------------------------------------------------
# Patterns
# ----------------------------------------------------------------------------------------------
_MONTH_ALT = "|".join(sorted({re.escape(k) for k in MONTHS}, key=len, reverse=True))
_MON = rf"(?<![^\W\d_])(?:{_MONTH_ALT})(?![^\W\d_])\.?"
_Y4 = r"(?<![\d\w])(?:19|20)\d{2}(?!\d)"
_Y2 = r"(?<![\d\w])'?\d{2}(?![\d\w])"


def _alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_WORD_END = r"(?![^\W\d_])"
_DASH = rf"\s*(?:[-\u2212\u2013\u2012\u2014]|(?<![^\W\d_])(?:{_alt(SPAN_WORDS)}){_WORD_END})\s*"
_YEAR_WORD = rf"(?:{_alt(YEAR_WORDS)}){_WORD_END}"
_NR = rf"(?:{_alt(ORDINAL_NUMBER_WORDS)})"
_ORD = rf"(?:{_alt(ORDINAL_SUFFIXES)})"
_DEF = rf"(?:{_alt(DEFINITE_SUFFIXES)})"
_MM = r"(?:0[1-9]|1[0-2])"

_KIND_ALT = "|".join(
    re.escape(w).replace(r"\ ", r"\s*") for w, _ in sorted(PERIOD_KIND_WORDS, key=lambda kv: -len(kv[0]))
)
_PART_ALT = "|".join(sorted((re.escape(w) for w in PART_YEAR_REPORTS), key=len, reverse=True))
_HALF_ALT = "|".join(sorted((re.escape(w) for w in HALF_YEAR_WORDS), key=len, reverse=True))

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso_span", re.compile(rf"(?P<y1>{_Y4})-(?P<m1>{_MM})\s*/\s*(?P<y2>{_Y4})-(?P<m2>{_MM})(?![\d-])")),
    (
        "date_span",
        re.compile(
            rf"(?P<y1>{_Y4})-(?P<m1>{_MM})-\d{{2}}(?:{_DASH}|\s+)(?P<y2>{_Y4})-(?P<m2>{_MM})-\d{{2}}(?!\d)"
        ),
    ),
    ("date", re.compile(rf"(?P<y>{_Y4})-(?P<m>{_MM})-(?:0[1-9]|[12]\d|3[01])(?!\d)")),
    ("iso_month", re.compile(rf"(?P<y>{_Y4})-(?P<m>{_MM})(?![\d])(?!-\d)")),
    (
        "month_span",
        re.compile(
            rf"(?P<mo1>{_MON})\s*(?P<y1>{_Y4}|{_Y2})?{_DASH}(?P<mo2>{_MON})\s*(?P<y2>{_Y4}|{_Y2})?",
            re.IGNORECASE,
        ),
    ),
    (
        "part_year",
        re.compile(
            rf"(?<![^\W\d_])(?P<w>{_PART_ALT})\s*(?:{_NR}\s*)?(?P<n>[1-4])(?!\d)\s*,?\s*(?:{_YEAR_WORD}\s*)?(?P<y>{_Y4})?",
            re.IGNORECASE,
        ),
    ),
    (
        "part_year_rev",
        re.compile(
            rf"(?<![\w])(?P<n>[1-4])\s*{_ORD}?\s+(?P<w>{_PART_ALT}){_DEF}?\s*(?:{_YEAR_WORD}\s*)?(?P<y>{_Y4})?",
            re.IGNORECASE,
        ),
    ),
    ("half_year", re.compile(rf"(?<![^\W\d_])(?:{_HALF_ALT}){_DEF}?\s*(?P<y>{_Y4})", re.IGNORECASE)),
    ("month_year", re.compile(rf"(?P<mo>{_MON})\s*(?P<y>{_Y4}|{_Y2})", re.IGNORECASE)),
    ("year_span", re.compile(rf"(?P<y1>{_Y4}){_DASH}(?P<y2>{_Y4})", re.IGNORECASE)),
    ("paren_year", re.compile(rf"\(\s*(?P<y>{_Y4})\s*\)")),
    ("years_value", re.compile(rf"(?P<y>{_Y4})\s+{YEARS_GENITIVE}{_WORD_END}", re.IGNORECASE)),
    (
        "keyword_year",
        re.compile(
            rf"(?<![^\W\d_])(?:{_KIND_ALT}|{_YEAR_WORD})(?![^\W\d_])[\s.:]*"
            rf"(?:(?:{_alt(YEAR_PREPOSITIONS)})\s+)?(?:{_YEAR_WORD}\s+)?(?P<y>{_Y4})",
            re.IGNORECASE,
        ),
    ),
    ("bare_year", re.compile(rf"(?P<y>{_Y4})")),
]

_KIND_RE = re.compile(
    "|".join(
        rf"(?<![^\W\d_]){re.escape(w).replace(chr(92) + ' ', chr(92) + 's*')}(?![^\W\d_])"
        for w, _ in sorted(PERIOD_KIND_WORDS, key=lambda kv: -len(kv[0]))
    ),
    re.IGNORECASE,
)
_KIND_OF = {fold(w).replace(" ", ""): k for w, k in PERIOD_KIND_WORDS}


def is_range_dash(left: str, right: str) -> bool:
    """Is the dash that ends ``left`` (``jan-``, ``2023-``) the dash of a range whose end begins
    ``right`` (``maj``, ``2024``), a month or a year on both sides?  Joining wrapped lines keeps
    it (``jan-maj``), where a word broken at a hyphen is glued (``verksamhets-`` ``berättelse``)."""
    if not left.rstrip().endswith(("-", "\u2013")):
        return False
    words = left.rstrip().rstrip("-\u2013").split()
    first = right.split()
    if not words or not first:
        return False

    def point(w: str) -> bool:
        w = w.strip(".,()")
        return w in MONTHS or bool(re.fullmatch(r"['\u2019]?\d{2,4}", w))

    return point(words[-1]) and point(first[0])


def period_kind(text: str | None) -> str | None:
    """The value-kind hint of a header: ``PROG. UTFALL 2019`` -> ``forecast``, ``UTFALL`` ->
    ``outcome``, ``MÅL``/``Målvärde`` -> ``target``, ``2018 års värde``/``Värde 2018`` ->
    ``baseline``, ``Budget`` -> ``budget``, ``Plan`` -> ``plan``; ``None`` if none."""
    t = clean_text(ensure_text(text))
    m = _KIND_RE.search(t)
    if not m:
        return None
    return _KIND_OF.get(re.sub(r"\s+", "", fold(m.group(0))))


def _year(s: str | None, default: int | None = None) -> int | None:
    if s is None:
        return default
    s = s.lstrip("'")
    y = int(s)
    if len(s) == 2:
        y += 2000 if y < 70 else 1900
    return y


def _valid(*years: int | None) -> bool:
    return all(y is not None and MIN_YEAR <= y <= MAX_YEAR for y in years)


def _build(name: str, m: re.Match[str], default_year: int | None) -> tuple[Period, bool] | None:
    g = m.groupdict()
    raw = m.group(0)
    if name in ("iso_span", "date_span"):
        y1, m1, y2, m2 = int(g["y1"]), int(g["m1"]), int(g["y2"]), int(g["m2"])
        if (y1, m1) > (y2, m2):
            return None
        return Period.span(y1, m1, y2, m2, raw=raw), True
    if name in ("date", "iso_month"):
        return Period.month(int(g["y"]), int(g["m"]), raw=raw), True
    if name == "month_span":
        mo1, mo2 = MONTHS.get(g["mo1"]), MONTHS.get(g["mo2"])
        if mo1 is None or mo2 is None:  # a regex case-insensitivity quirk, not a month name
            return None
        to_year = _year(g["y2"], None)
        from_year = _year(g["y1"], None)
        if to_year is None:
            to_year = from_year if from_year is not None else default_year
        if to_year is None:
            return None
        if from_year is None:
            from_year = to_year if mo1 <= mo2 else to_year - 1
        if not _valid(from_year, to_year) or (from_year, mo1) > (to_year, mo2):
            return None
        return Period.span(from_year, mo1, to_year, mo2, raw=raw), True
    if name in ("part_year", "part_year_rev"):
        ends = PART_YEAR_REPORTS.get(fold(g["w"]))
        n = int(g["n"])
        year = _year(g["y"], default_year)
        if ends is None or n not in ends or year is None or not _valid(year):
            return None
        return Period.span(year, 1, year, ends[n], raw=raw), True
    if name == "half_year":
        y = int(g["y"])
        return Period.span(y, 1, y, 6, raw=raw), True
    if name == "month_year":
        year = _year(g["y"])
        mo = MONTHS.get(g["mo"])
        if year is None or not _valid(year) or mo is None:
            return None
        return Period.month(year, mo, raw=raw), True
    if name == "year_span":
        y1, y2 = int(g["y1"]), int(g["y2"])
        if y2 <= y1:
            return None
        return Period.span(y1, 1, y2, 12, raw=raw), True
    if name == "paren_year":
        return Period.year(int(g["y"]), kind="deadline", raw=raw), True
    if name == "years_value":
        return Period.year(int(g["y"]), kind="baseline", raw=raw), True
    if name == "keyword_year":
        return Period.year(int(g["y"]), raw=raw), True
    if name == "bare_year":
        return Period.year(int(g["y"]), raw=raw), False
    return None  # pragma: no cover


def find_periods(text: str | None, default_year: int | None = None) -> list[PeriodMatch]:
    """Every period printed in ``text``, left to right, without overlaps (more specific forms win:
    a month span beats the years inside it).  Offsets index :func:`clean_text` of the input."""
    t = clean_text(ensure_text(text))
    taken: list[tuple[int, int]] = []
    found: list[PeriodMatch] = []
    for name, rx in _PATTERNS:
        for m in rx.finditer(t):
            s, e = m.span()
            if any(s < b and a < e for a, b in taken):
                continue
            built = _build(name, m, default_year)
            if built is None:
                continue
            period, explicit = built
            # trim trailing whitespace from the span
            raw = m.group(0).rstrip()
            e = s + len(raw)
            found.append(PeriodMatch(s, e, Period(period.start, period.end, period.kind, raw), explicit))
            taken.append((s, e))
    found.sort(key=lambda pm: pm.start)
    return found


def parse_period(text: str | None, default_year: int | None = None) -> Period | None:
    """The period a header or value text refers to, or ``None``.

    The first period with an explicit marker wins over bare years; a text with only a value-kind
    word (``MÅL``, ``Årsprognos``) gets ``default_year``.  The result's ``kind`` is the header's
    value-kind hint (see :func:`period_kind`), else the match's own (``(2020)`` -> ``deadline``).
    """
    t = clean_text(ensure_text(text))
    if default_year is not None and (isinstance(default_year, bool) or not isinstance(default_year, int)):
        raise NormalizeError(f"default_year must be int or None, not {type(default_year).__name__}")
    if default_year is not None and not MIN_YEAR <= default_year <= MAX_YEAR:
        default_year = None
    matches = find_periods(t, default_year)
    kind = period_kind(t)
    chosen = next((pm for pm in matches if pm.explicit), None) or (matches[0] if matches else None)
    if chosen is not None:
        p = chosen.period
        return p.with_kind(kind or p.kind)
    if default_year is not None and kind is not None:
        return Period.year(default_year, kind=kind, raw=t.strip())
    return None
