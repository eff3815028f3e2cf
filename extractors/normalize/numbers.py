"""Printed Swedish numbers -> exact values.

Rules (see the tests for the full table):

* Thousands are grouped by a space, NBSP (U+00A0), narrow NBSP (U+202F), thin or figure space:
  ``253 146`` = 253146.  A group after the first must have exactly three digits, so
  ``3 650 2 555`` is two numbers (3650 and 2555) and ``10 7`` is two numbers.
* The decimal mark is a comma or a point: ``234,1``, ``12.69``.  ``1 234,5`` = 1234.5.
  Continental ``1.234,5`` and English ``1,234.5`` are read too (with an issue).
* ``1,234`` and ``1.234`` (1-3 digits, one separator, exactly three digits after it, no other
  grouping) are *ambiguous*: the Swedish decimal reading 1.234 is taken and ``ambiguous`` is set.
* A minus is hyphen-minus, U+2212, en dash, em dash, figure dash, small/fullwidth hyphen-minus,
  with or without a space before the digits (``- 6 279``).  A dash *between* two numbers is a
  range (``13-18``, ``2018 - 2022``), except when it is glued to the second number after a space
  or tab (``3 678 -1 617`` is two numbers, the second negative).
* Parentheses around a number make it negative when ``parens_negative`` is true (table cells,
  :func:`parse_amount`).  With the default ``None`` they do when they enclose the whole text
  (a cell ``(1 234)``), except around a year-like integer (``(2020)`` is a deadline, not
  -2020); parentheses inside running text (``sida 1 (3)``) keep the number positive.  Both
  exceptions are flagged (``parenthesized_year``, ``parenthesized_number``), never silent.
* ISO dates (``2014-03-25``, ``2020-01``) are one item with ``value=None`` (issue ``date``), so
  their dashes are never read as minus signs.
* ``%`` or ``procent`` after the number sets ``is_percent``.  ``±1 %`` and ``+/- 1,0 %`` set
  ``plus_minus`` and keep the value positive.
* Number words: ``noll`` .. ``tjugo`` and beyond (``tjugofem``, ``trettio``, ``tvåhundra``,
  ``tusen``).  ``en``/``ett`` count as 1 only when they are the whole text, follow a comparison
  word (``minst en``) or precede a unit (``en procent``).
* Fractions: ``hälften`` = 0.5 with ``is_fraction`` set; :func:`parse_value` turns it into
  50 percent.
* ``miljoner``/``miljarder``/``tusen`` after a number multiply it (``2 miljoner`` = 2e6) unless a
  money word follows, in which case they are part of the unit (``sex miljoner kronor`` = 6,
  unit ``mkr``).

Nothing here raises on odd text: what cannot be settled is returned as ``value=None`` and/or a
line in ``issues`` (``"code: message"``).  Only non-text input raises
:class:`~kpi.extractors.normalize.errors.NormalizeError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from .errors import ensure_text
from .text import clean_text, phrase_pattern
from .units import detect_unit, to_tkr
from .vocabulary import (
    COMPARISON_WORDS,
    FRACTION_WORDS,
    HUNDRED_WORD,
    MULTIPLIER_WORDS,
    NUMBER_WORDS,
    ONE_PREFIXES,
    PERCENT_WORDS,
    PERCENTAGE_POINT_WORDS,
    PLACEHOLDER_CELLS,
    TENS_WORDS,
    THOUSAND_WORD,
    UNIT_NUMBER_WORDS,
    UNIT_WORDS,
    WEAK_NUMBER_WORDS,
    fold,
)

MINUS_CHARS = "-\u2212\u2013\u2012\u2014\ufe63\uff0d\u2010\u2011"
"""Hyphen-minus, minus sign, en dash, figure dash, em dash, small and fullwidth hyphen-minus,
hyphen, non-breaking hyphen: every one of them is a minus before a number."""
PLUS_CHARS = "+\uff0b"
PLUS_MINUS_CHARS = "\u00b1"


def issue(code: str, message: str) -> str:
    """Format one issue line: ``"code: message"``."""
    return f"{code}: {message}"


def issue_code(line: str) -> str:
    """The machine-readable code of an issue line (text before the first colon)."""
    return line.split(":", 1)[0].strip()


@dataclass
class ParsedNumber:
    """One number read from printed text.

    ``value`` is ``None`` when no single number could be settled (see ``issues``).  ``decimal``
    holds the exact value as printed.  ``span`` indexes into ``text`` (the cleaned input, see
    :func:`clean_text`) and covers the sign, digits, percent sign and unit word that were read.
    """

    raw: str
    value: float | None
    is_percent: bool = False
    ambiguous: bool = False
    issues: list[str] = field(default_factory=list)
    decimal: Decimal | None = None
    text: str = ""
    span: tuple[int, int] | None = None
    unit: str | None = None
    """Canonical unit of a unit word printed right after the number (``253 146 tkr`` -> ``tkr``)."""
    plus_minus: bool = False
    is_fraction: bool = False
    bounds: tuple[float, float] | None = None
    """``(low, high)`` for a range such as ``13-18``; ``value`` is then ``None``."""
    from_words: bool = False
    sign: str | None = None
    """The printed sign that made the number negative (``-``, ``−``, ``–``, ``()``, ...)."""

    @property
    def codes(self) -> list[str]:
        return [issue_code(i) for i in self.issues]


# --------------------------------------------------------------------------------------------
# Digit tokens
# --------------------------------------------------------------------------------------------
_D = "[0-9]"
_NUM_RE = re.compile(
    rf"""(?<![\w.,])(?:
        (?P<sp>{_D}{{1,3}}(?:\ {_D}{{3}}(?!{_D}))+(?:[.,]{_D}+)?)        # 1 234 / 1 234,5
      | (?P<dc>{_D}{{1,3}}(?:\.{_D}{{3}}(?!{_D}))+,{_D}+)                  # 1.234,5
      | (?P<cd>{_D}{{1,3}}(?:,{_D}{{3}}(?!{_D}))+\.{_D}+)                  # 1,234.5
      | (?P<dd>{_D}{{1,3}}(?:\.{_D}{{3}}(?!{_D})){{2,}})                   # 1.234.567
      | (?P<cc>{_D}{{1,3}}(?:,{_D}{{3}}(?!{_D})){{2,}})                    # 1,234,567
      | (?P<pl>{_D}+(?:[.,]{_D}+)?)                                        # 1234 / 12,5
    )(?![.,]?{_D})""",
    re.VERBOSE,
)

_YEAR_LIKE = re.compile(r"(?:19|20)[0-9]{2}")
_DATE_RE = re.compile(
    r"(?<![\w.,])(?:19|20)[0-9]{2}-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?(?![0-9])"
)


def _digits_value(m: re.Match[str]) -> tuple[Decimal, list[str], bool]:
    """Exact value of a digit token, issues, ambiguous."""
    s = m.group(0)
    issues: list[str] = []
    ambiguous = False
    kind = m.lastgroup
    if kind == "sp":
        canon = s.replace(" ", "").replace(",", ".")
    elif kind == "dc":
        canon = s.replace(".", "").replace(",", ".")
        issues.append(issue("thousands_point", f"'{s}' read with point as thousands separator"))
    elif kind == "cd":
        canon = s.replace(",", "")
        issues.append(issue("thousands_comma", f"'{s}' read with comma as thousands separator"))
    elif kind == "dd":
        canon = s.replace(".", "")
        issues.append(issue("thousands_point", f"'{s}' read with point as thousands separator"))
    elif kind == "cc":
        canon = s.replace(",", "")
        issues.append(issue("thousands_comma", f"'{s}' read with comma as thousands separator"))
    else:
        canon = s.replace(",", ".")
        if "." in canon:
            whole, frac = canon.split(".")
            if len(frac) == 3 and 1 <= len(whole) <= 3 and whole[0] != "0":
                ambiguous = True
                alt = whole + frac
                issues.append(
                    issue(
                        "ambiguous_separator",
                        f"'{s}' read as the decimal {canon}; it could be the thousands-grouped {alt}",
                    )
                )
    return Decimal(canon), issues, ambiguous


# --------------------------------------------------------------------------------------------
# Unit words after a number
# --------------------------------------------------------------------------------------------
_UNIT_AFTER_RE = re.compile(
    r" *(?P<u>" + "|".join(phrase_pattern(p) for p in sorted(UNIT_WORDS, key=len, reverse=True)) + ")",
    re.IGNORECASE,
)
_MULTIPLIER_RE = re.compile(
    r" *(?P<m>"
    + "|".join(phrase_pattern(p) for p in sorted(MULTIPLIER_WORDS, key=len, reverse=True))
    + r")\.?",
    re.IGNORECASE,
)
_PERCENT_AFTER_RE = re.compile(
    r" *(%|‰|"
    + "|".join(
        rf"{re.escape(w)}(?!\w)"
        for w in sorted(PERCENTAGE_POINT_WORDS + PERCENT_WORDS, key=len, reverse=True)
    )
    + ")",
    re.IGNORECASE,
)
_MONEY_UNITS = {"kr", "tkr", "mkr", "mnkr", "mdkr"}
_SCALED_MONEY = {1e3: "tkr", 1e6: "mkr", 1e9: "mdkr"}


def unit_at(text: str, pos: int) -> tuple[str, int] | None:
    """The canonical unit of a unit word starting at ``pos`` (after optional spaces) and its end."""
    m = _UNIT_AFTER_RE.match(text, pos)
    if not m:
        return None
    unit = _unit_word_value(m.group("u"))
    return (unit, m.end()) if unit else None


def _unit_word_value(word: str) -> str | None:
    key = re.sub(r"\s+", " ", word.lower())
    return UNIT_WORDS.get(key) or UNIT_WORDS.get(key.rstrip("."))


def _after(text: str, pos: int, tok: ParsedNumber) -> int:
    """Read percent sign / multiplier / unit word after a number at ``pos``; return new end."""
    m = _PERCENT_AFTER_RE.match(text, pos)
    if m:
        word = m.group(1).lower()
        if word == "‰":
            tok.issues.append(issue("per_mille", "value printed in per mille (‰); not converted"))
            return m.end()
        tok.is_percent = True
        if word in PERCENTAGE_POINT_WORDS:
            tok.issues.append(issue("percentage_points", "value is in percentage points"))
        tok.unit = "percent"
        return m.end()
    m = _MULTIPLIER_RE.match(text, pos)
    factor = MULTIPLIER_WORDS.get(m.group("m")) if m else None
    if m and factor is not None:
        u = _UNIT_AFTER_RE.match(text, m.end())
        if u and _unit_word_value(u.group("u")) == "kr" and factor in _SCALED_MONEY:
            tok.unit = _SCALED_MONEY[factor]
            return u.end()
        if tok.value is not None and tok.decimal is not None:
            tok.decimal = tok.decimal * Decimal(int(factor))
            tok.value = float(tok.decimal)
            tok.issues.append(issue("scaled_by_word", f"multiplied by {int(factor)} for '{m.group('m')}'"))
        pos = m.end()
    u = _UNIT_AFTER_RE.match(text, pos)
    if u:
        unit = _unit_word_value(u.group("u"))
        if unit:
            tok.unit = unit
            if unit == "percent":
                tok.is_percent = True
            return u.end()
    return pos


# --------------------------------------------------------------------------------------------
# Number words
# --------------------------------------------------------------------------------------------
def _below_hundred(w: str) -> int | None:
    if not w:
        return None
    v = NUMBER_WORDS.get(w)
    if v is not None and v < 100:
        return v
    for tens in TENS_WORDS:
        if w.startswith(tens):
            rest = w[len(tens) :]
            if rest in UNIT_NUMBER_WORDS:
                return NUMBER_WORDS[tens] + NUMBER_WORDS[rest]
    return None


def _below_thousand(w: str) -> int | None:
    if HUNDRED_WORD in w:
        pre, _, post = w.partition(HUNDRED_WORD)
        if pre in ONE_PREFIXES:
            head = 1
        elif pre in UNIT_NUMBER_WORDS:
            head = NUMBER_WORDS[pre]
        else:
            return None
        if not post:
            return head * 100
        tail = _below_hundred(post)
        return None if tail is None else head * 100 + tail
    return _below_hundred(w)


def word_number(word: str) -> int | None:
    """Value of a Swedish cardinal number word, simple or compound (``tjugofem``, ``tvåhundra``,
    ``tretusen``); ``None`` if the word is not one."""
    w = fold(word)
    if not w or not w.isalpha():
        return None
    if THOUSAND_WORD in w:
        pre, _, post = w.partition(THOUSAND_WORD)
        head = 1 if pre in ONE_PREFIXES else _below_thousand(pre)
        if head is None:
            return None
        if not post:
            return head * 1000
        tail = _below_thousand(post)
        return None if tail is None else head * 1000 + tail
    return _below_thousand(w)


_WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
_word_value = lru_cache(maxsize=1 << 14)(word_number)
"""``word_number`` once per distinct word: every word of every text is tried as a number word."""
_FRACTION_RE = re.compile(
    "|".join(phrase_pattern(p) for p in sorted(FRACTION_WORDS, key=len, reverse=True)), re.IGNORECASE
)
_COMPARISON_TAIL = {w.split()[-1] for w in COMPARISON_WORDS}


# --------------------------------------------------------------------------------------------
# Scanning
# --------------------------------------------------------------------------------------------
def _sign_before(text: str, start: int, prev_end: int) -> tuple[str | None, int, str]:
    """Classify what precedes the digits at ``start``.

    Returns (sign, sign_start, role) with role one of ``none``, ``sign``, ``range``,
    ``plus_minus``, ``plus``, ``dash_or_minus`` (a dash after a word with spaces on both sides:
    read as a minus but flagged).
    """
    p = start - 1
    while p >= 0 and text[p] in " \t":
        p -= 1
    if p < 0:
        return None, start, "none"
    c = text[p]
    gap_after = p < start - 1
    if c in PLUS_MINUS_CHARS:
        return c, p, "plus_minus"
    if c in MINUS_CHARS and text[max(0, p - 2) : p + 1] in ("+/-", "+/−", "+/–"):
        return "+/-", p - 2, "plus_minus"
    if c in MINUS_CHARS and p >= 1 and text[p - 1] in PLUS_CHARS:
        return "+-", p - 1, "plus_minus"
    if c in PLUS_CHARS:
        return c, p, "plus"
    if c not in MINUS_CHARS:
        return None, start, "none"
    q = p - 1
    while q >= 0 and text[q] in " \t":
        q -= 1
    ws_before = q < p - 1
    tab_before = "\t" in text[q + 1 : p]
    prev = text[q] if q >= 0 else ""
    if q >= 0 and (prev.isdigit() or prev == "%") and q + 1 == prev_end:
        # dash right after a number we read
        if tab_before or (ws_before and not gap_after):
            return c, p, "sign"
        return c, p, "range"
    if prev.isdigit():
        return c, p, "range"
    if prev.isalpha() and ws_before and gap_after and c != "\u2212":
        return c, p, "dash_or_minus"
    return c, p, "sign"


def _paren_around(text: str, start: int, end: int) -> tuple[int, int] | None:
    p = start - 1
    while p >= 0 and text[p] == " ":
        p -= 1
    if p < 0 or text[p] != "(":
        return None
    q = end
    while q < len(text) and text[q] == " ":
        q += 1
    if q < len(text) and text[q] == ")":
        return p, q + 1
    return None


def find_numbers(text: str | None, *, parens_negative: bool | None = None) -> list[ParsedNumber]:
    """Every number printed in ``text``, left to right (digits first, number words where no digit
    number overlaps).  A range ``13-18`` is one item with ``bounds`` and ``value=None``."""
    raw = ensure_text(text)
    t = clean_text(raw)
    out: list[ParsedNumber] = []
    consumed: list[tuple[int, int]] = []
    dates: list[ParsedNumber] = []
    for m in _DATE_RE.finditer(t):
        dates.append(
            ParsedNumber(
                raw=m.group(0),
                value=None,
                text=t,
                span=m.span(),
                issues=[issue("date", f"'{m.group(0)}' is a date, not a number")],
            )
        )
        consumed.append(m.span())
    body = t.strip()
    body_start = len(t) - len(t.lstrip())
    body_end = body_start + len(body)
    prev_end = -1
    for m in _NUM_RE.finditer(t):
        if _inside(m.start(), consumed):
            continue
        try:
            dec, issues, ambiguous = _digits_value(m)
        except InvalidOperation:  # pragma: no cover - the regex only admits valid digit strings
            continue
        start, end = m.span()
        tok = ParsedNumber(
            raw=m.group(0), value=float(dec), decimal=dec, ambiguous=ambiguous, issues=list(issues), text=t
        )
        sign, sign_start, role = _sign_before(t, start, prev_end)
        low = out[-1] if out else None
        if (
            role == "range"
            and low is not None
            and low.span
            and low.value is not None
            and low.bounds is None
            and low.span[1] <= sign_start
        ):
            low_start = low.span[0]
            new_end = _after(t, end, tok)
            high = tok.value
            assert high is not None  # a digit token has a value (a multiplier word only scales it)
            low.bounds = (low.value, high)
            low.issues.append(issue("range", f"'{t[low_start:end].strip()}' is a range, not one number"))
            low.value = None
            low.decimal = None
            low.is_percent = low.is_percent or tok.is_percent
            low.unit = low.unit or tok.unit
            low.span = (low_start, new_end)
            low.raw = t[low_start:new_end]
            consumed[-1] = low.span
            prev_end = end
            continue
        s0 = start
        negative = False
        if role in ("sign", "dash_or_minus"):
            negative = True
            tok.sign = sign
            s0 = sign_start
            if role == "dash_or_minus":
                tok.ambiguous = True
                tok.issues.append(
                    issue(
                        "dash_or_minus",
                        f"'{t[sign_start:end]}' read as negative; the dash may be punctuation",
                    )
                )
        elif role == "plus_minus":
            tok.plus_minus = True
            s0 = sign_start
        elif role == "plus":
            s0 = sign_start
        elif role == "range":
            # dash after a digit we did not read as a number (e.g. a code): not a sign
            pass
        new_end = _after(t, end, tok)
        paren = _paren_around(t, s0, end) or _paren_around(t, s0, new_end)
        if paren is not None:
            year_like = bool(
                not negative
                and m.lastgroup == "pl"
                and _YEAR_LIKE.fullmatch(m.group(0))
                and not tok.is_percent
            )
            whole_cell = paren[0] == body_start and paren[1] == body_end
            if parens_negative is None and not year_like and not whole_cell:
                tok.ambiguous = True
                tok.issues.append(
                    issue(
                        "parenthesized_number",
                        f"'{t[paren[0] : paren[1]]}' kept positive: parentheses inside running text "
                        "(a table cell in parentheses is negative)",
                    )
                )
            elif parens_negative or (parens_negative is None and not year_like):
                if negative:
                    tok.issues.append(
                        issue("double_negative", f"'{t[paren[0] : paren[1]]}' has a minus inside parentheses")
                    )
                else:
                    negative = True
                    tok.sign = "()"
            elif parens_negative is None and year_like:
                tok.issues.append(
                    issue(
                        "parenthesized_year",
                        f"'{t[paren[0] : paren[1]]}' kept positive: a year in parentheses",
                    )
                )
            s0 = min(s0, paren[0])
            new_end = max(new_end, paren[1])
        if negative and tok.decimal is not None:
            tok.decimal = -tok.decimal
            tok.value = float(tok.decimal)
        tok.span = (s0, new_end)
        tok.raw = t[s0:new_end]
        out.append(tok)
        consumed.append(tok.span)
        prev_end = end
    out.extend(dates)
    out.extend(_word_numbers(t, consumed))
    out.sort(key=lambda n: n.span[0] if n.span else 0)
    return out


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _word_numbers(t: str, consumed: list[tuple[int, int]]) -> list[ParsedNumber]:
    if not _WORD_RE.search(t):  # number words and fractions are letters: most table cells have none
        return []
    out: list[ParsedNumber] = []
    taken = list(consumed)
    for m in _FRACTION_RE.finditer(t):
        if _inside(m.start(), taken):
            continue
        val = FRACTION_WORDS.get(m.group(0))
        if val is None:  # matched only through a regex case-insensitivity quirk
            continue
        tok = ParsedNumber(
            raw=m.group(0), value=val, decimal=Decimal(str(val)), is_fraction=True, from_words=True, text=t
        )
        end = _after(t, m.end(), tok)
        tok.span = (m.start(), end)
        out.append(tok)
        taken.append(tok.span)
    words = list(_WORD_RE.finditer(t))
    whole: str | None = None  # the folded text, only for a weak number word
    for i, m in enumerate(words):
        if _inside(m.start(), taken):
            continue
        w = m.group(0)
        val = _word_value(w)
        if val is None:
            continue
        key = fold(w)
        if key in WEAK_NUMBER_WORDS:
            prev = fold(words[i - 1].group(0)) if i > 0 else ""
            whole = fold(t) if whole is None else whole
            ok = whole == key or prev in _COMPARISON_TAIL or unit_at(t, m.end()) is not None
            if not ok:
                continue
        tok = ParsedNumber(raw=w, value=float(val), decimal=Decimal(val), from_words=True, text=t)
        end = _after(t, m.end(), tok)
        tok.span = (m.start(), end)
        out.append(tok)
        taken.append(tok.span)
    return out


# --------------------------------------------------------------------------------------------
# Public parsers
# --------------------------------------------------------------------------------------------
def is_placeholder(text: str) -> bool:
    """True for a cell that holds only a "no value" mark (``-``, ``–``, ``..``, ``x``, ``n/a``)."""
    return fold(clean_text(text)) in PLACEHOLDER_CELLS or clean_text(text).strip() in PLACEHOLDER_CELLS


def parse_number(text: str | None, *, parens_negative: bool | None = None) -> ParsedNumber:
    """Read the one number a piece of text (a cell, a short phrase) prints.

    Returns a :class:`ParsedNumber`; ``value`` is ``None`` when the text holds no number
    (issue ``no_number``), is empty (``empty``), is a placeholder (``placeholder``) or holds a
    range (``range``, see ``bounds``).  When it holds several numbers the first is returned with
    the issue ``multiple_numbers`` (and ``ambiguous`` set when only whitespace separates them,
    since that is how split thousands look).  Raises ``NormalizeError`` only for non-text input.
    """
    raw = ensure_text(text)
    t = clean_text(raw)
    if not t.strip():
        return ParsedNumber(raw=raw, value=None, issues=[issue("empty", "no text")], text=t)
    if is_placeholder(t):
        return ParsedNumber(
            raw=raw, value=None, text=t, issues=[issue("placeholder", f"'{t.strip()}' marks a missing value")]
        )
    tokens = find_numbers(t, parens_negative=parens_negative)
    if not tokens:
        return ParsedNumber(
            raw=raw, value=None, text=t, issues=[issue("no_number", f"no number in '{t.strip()}'")]
        )
    first = replace(tokens[0], raw=raw, issues=list(tokens[0].issues))
    if len(tokens) > 1:
        between = t[tokens[0].span[1] : tokens[1].span[0]] if tokens[0].span and tokens[1].span else "x"
        if not between.strip():
            first.ambiguous = True
        first.issues.append(
            issue(
                "multiple_numbers",
                f"{len(tokens)} numbers in '{t.strip()}'; the first ('{tokens[0].raw.strip()}') was taken",
            )
        )
    return first


@dataclass
class ParsedAmount:
    """A money cell: ``value`` as printed (sign kept), ``unit`` if the cell prints one."""

    raw: str
    value: float | None
    unit: str | None = None
    ambiguous: bool = False
    issues: list[str] = field(default_factory=list)
    decimal: Decimal | None = None

    def to_tkr(self, default_unit: str | None = None) -> float | None:
        """The amount in tkr, using the cell's unit or else ``default_unit`` (table caption)."""
        unit = self.unit or default_unit
        if self.value is None or unit is None:
            return None
        return to_tkr(self.value, unit)


def parse_amount(text: str | None) -> ParsedAmount:
    """Read a money amount from a table cell: ``- 6 279`` -> -6279, ``(1 234)`` -> -1234,
    ``−2 890`` -> -2890, ``20,5`` -> 20.5, ``253 146 tkr`` -> 253146 (unit ``tkr``),
    ``sex miljoner kronor`` -> 6 (unit ``mkr``).

    Parentheses always mean a negative here.  ``value`` is ``None`` with an issue when the cell
    holds no single amount; a percent value is returned but flagged (``percent_in_amount``).
    """
    n = parse_number(text, parens_negative=True)
    issues = list(n.issues)
    value = n.value
    unit = n.unit if n.unit in _MONEY_UNITS else None
    if unit is None and n.value is not None:
        found = detect_unit(n.text)
        if found in _MONEY_UNITS:
            unit = found
    if n.is_percent:
        issues.append(issue("percent_in_amount", f"'{n.text.strip()}' is a percentage, not an amount"))
    if n.is_fraction:
        issues.append(issue("fraction_in_amount", f"'{n.text.strip()}' is a share, not an amount"))
        value = None
    if n.plus_minus:
        issues.append(issue("plus_minus", f"'{n.text.strip()}' is a tolerance, not an amount"))
    return ParsedAmount(
        raw=n.raw,
        value=value,
        unit=unit,
        ambiguous=n.ambiguous,
        issues=issues,
        decimal=n.decimal if value is not None else None,
    )


_PLAIN_AMOUNT = re.compile(r"([-\u2212]?)([0-9]{1,3}(?: [0-9]{3})+|[0-9]+)")
"""A whole number, in thousands groups or not, with a minus or none: most cells of a table."""


@lru_cache(maxsize=1 << 15)
def cell_amount(text: str) -> tuple[float | None, str | None]:
    """The value and money unit of a table cell, as :func:`parse_amount` reads them; a plain whole
    number (most cells) is read directly: digits only, negative after a minus, no unit."""
    m = _PLAIN_AMOUNT.fullmatch(text)
    if m is not None:
        value = float(m.group(2).replace(" ", ""))
        return (-value if m.group(1) and value else value), None  # "-0" is 0, as the reader has it
    amount = parse_amount(text)
    return amount.value, amount.unit
