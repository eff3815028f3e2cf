"""One indicator cell -> (num, unit, target_direction, note, period), as the warehouse stores it.

Decision order for a value text and its indicator name:

1. Empty cell or placeholder (``-``, ``..``) -> ``num`` NULL, unit ``text``.
2. Sentences that hold a missing-value phrase (``Tidigare utfall för indikatorn saknas``,
   ``Har ännu inte mätts``, ``Utfall saknas, kommer tas fram till ...``) go to ``note`` and are
   not searched for numbers; the rest of the text still is (``Utfall för 2019 saknas. Vid
   delårsrapport 2 2019 var dock 3 ... påbörjade.`` -> 3, period 2019-01/2019-08).
3. Explicit periods in the value (``3 (sep. 2019)``, a deadline ``(2020)``) go to ``period`` and
   are removed before numbers are read.
4. ``Ja``/``Nej``/``Delvis`` answers use the scale printed in the name (``(Ja=2, Delvis=1,
   Nej=0)``), else Ja=1/Nej=0.
5. The first number is the value.  Its unit is the unit printed with it (``%``, ``procent``,
   ``kr``, ``dagar``, ``miljoner kronor``), else a unit word elsewhere in the value, else the unit
   the indicator name implies (:func:`~kpi.extractors.normalize.units.unit_from_name`), else
   ``count`` (with the issue ``unit_assumed``).  Fractions (``hälften``) become percent (50).
   ``mnkr`` is stored as ``mkr`` and ``mdkr`` as ``mkr`` x 1000, the contract's money units.
6. No number: a relative target (``Ökning från föregående mätning``, ``Branschgenomsnitt``)
   keeps ``num`` NULL with ``target_direction``; anything else is ``text`` with ``no_number``.

``target_direction`` is set whenever the text carries a direction phrase: relative targets and
bounds (``Minst fem`` -> increase, ``högst 2,0 procent`` -> decrease).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from kpi.extractors.domain import TargetDirection

from .directions import missing_phrase, target_direction
from .errors import ensure_text
from .numbers import ParsedNumber, find_numbers, is_placeholder, issue
from .periods import Period, find_periods
from .text import clean_text
from .units import answer_scale, answer_unit, detect_unit, unit_from_name
from .vocabulary import ANSWER_HEADS, ANSWER_WORDS, APPROXIMATION_WORDS, fold

_CLAUSE_BREAK = re.compile(r"(?<=[.;!?])\s+(?=[^\W\d_])")
_APPROX_RE = re.compile(
    r"(?<![^\W\d_])(?:"
    + "|".join(re.escape(w) for w in sorted(APPROXIMATION_WORDS, key=len, reverse=True))
    + r")(?![^\W\d_])",
    re.IGNORECASE,
)
_VALUE_UNITS = {"percent", "kr", "tkr", "mkr", "mnkr", "mdkr", "days", "count", "index"}


@dataclass
class ParsedValue:
    """An indicator value as the warehouse stores it (see ``indicator_values`` in the contract)."""

    raw: str
    num: float | None
    unit: str
    target_direction: TargetDirection | None = None
    note: str | None = None
    issues: list[str] = field(default_factory=list)
    period: Period | None = None
    """A period printed *in the value* (``3 (sep. 2019)``, ``(2020)``); the column header's
    period is the extractor's business."""
    ambiguous: bool = False
    number: ParsedNumber | None = None


def _mask(chars: list[str], start: int, end: int) -> None:
    for i in range(max(0, start), min(len(chars), end)):
        if chars[i] not in "\t\n":
            chars[i] = " "


def _money_for_indicator(num: float | None, unit: str, issues: list[str]) -> tuple[float | None, str]:
    if unit == "mnkr":
        return num, "mkr"
    if unit == "mdkr":
        issues.append(issue("unit_converted", "mdkr stored as mkr (x 1000)"))
        return (None if num is None else float(Decimal(repr(num)) * 1000)), "mkr"
    return num, unit


def parse_value(text: str | None, indicator_name: str | None = None) -> ParsedValue:
    """Parse one printed indicator value, using the indicator's name to settle the unit.

    Never raises for any text; raises :class:`~kpi.extractors.normalize.errors.NormalizeError` only
    when ``text`` or ``indicator_name`` is neither ``str`` nor ``None``.
    """
    raw = ensure_text(text, "text")
    name = ensure_text(indicator_name, "indicator_name")
    s = clean_text(raw).strip()
    issues: list[str] = []
    if not s:
        return ParsedValue(raw, None, "text", issues=[issue("empty", "no value printed")])
    if is_placeholder(s):
        return ParsedValue(
            raw, None, "text", note=s, issues=[issue("placeholder", f"'{s}' marks a missing value")]
        )

    direction = target_direction(s)
    chars = list(s)

    # 2. missing-value sentences -> note
    note_parts: list[str] = []
    pos = 0
    bounds = [m.start() for m in _CLAUSE_BREAK.finditer(s)] + [len(s)]
    for end in bounds:
        clause = s[pos:end]
        if missing_phrase(clause):
            note_parts.append(clause.strip().rstrip(".;!? ").strip())
            _mask(chars, pos, end)
        pos = end
    note = "; ".join(p for p in note_parts if p) or None

    # 3. explicit periods in the value
    rest = "".join(chars)
    period: Period | None = None
    for pm in find_periods(rest):
        if not pm.explicit:
            continue
        if period is None:
            period = pm.period
        _mask(chars, pm.start, pm.end)
    rest = "".join(chars)

    # 4. coded answers
    codes = answer_scale(name)
    answer = fold(re.sub(r"[^\w ,]", " ", rest))
    if answer and (answer in ANSWER_WORDS or (codes and answer in codes) or answer in ANSWER_HEADS):
        unit = answer_unit(codes) or "bool"
        code = codes.get(answer) if codes else None
        if code is None:
            code = ANSWER_WORDS.get(answer)
        if code is None:
            issues.append(issue("answer_not_in_scale", f"'{s}' is not defined by the indicator's scale"))
        return ParsedValue(raw, None if code is None else float(code), unit, direction, note, issues, period)

    # 5. numbers
    tokens = find_numbers(rest)
    if tokens:
        tok = tokens[0]
        issues.extend(tok.issues)
        if len(tokens) > 1:
            issues.append(
                issue(
                    "multiple_numbers",
                    f"{len(tokens)} numbers in '{s}'; the first ('{tok.raw.strip()}') was taken",
                )
            )
        num = tok.value
        name_unit = unit_from_name(name)
        if tok.is_fraction:
            num = None if num is None else float(Decimal(repr(num)) * 100)
            unit = "percent"
        elif tok.is_percent:
            unit = "percent"
        elif tok.unit is not None and tok.unit in _VALUE_UNITS:
            unit = tok.unit
        else:
            found = detect_unit(rest)
            if found is not None and found in _VALUE_UNITS:
                unit = found
            elif name_unit is not None:
                unit = name_unit
            else:
                unit = "count"
                issues.append(issue("unit_assumed", f"no unit printed or implied for '{s}'; count assumed"))
        if unit in ("bool", "scale"):
            allowed = set((codes or {"ja": 1, "nej": 0}).values())
            if num is not None and num not in allowed:
                issues.append(
                    issue(
                        "answer_out_of_range",
                        f"{num:g} is not one of the codes {sorted(allowed)} the name defines",
                    )
                )
        elif name_unit in ("bool", "scale"):
            issues.append(issue("unit_conflict", f"'{s}' prints {unit} but the name defines a {name_unit}"))
        num, unit = _money_for_indicator(num, unit, issues)
        if _APPROX_RE.search(rest[: tok.span[0]] if tok.span else rest):
            issues.append(issue("approximate", f"'{s}' is an approximate value"))
        if tok.plus_minus:
            issues.append(issue("plus_minus", f"'{tok.raw.strip()}' is a tolerance (±)"))
        if num == 0:
            num = 0.0  # no negative zero
        return ParsedValue(raw, num, unit, direction, note, issues, period, tok.ambiguous, tok)

    # 6. no number
    leftover = re.sub(r"[\W_]+", "", rest)
    if note is None and direction is None and leftover:
        issues.append(issue("no_number", f"no number in '{s}'"))
    return ParsedValue(raw, None, "text", direction, note, issues, period)
