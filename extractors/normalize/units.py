"""Units: printed unit words, units implied by an indicator name, coded answers, money in tkr."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from .errors import NormalizeError, ensure_text
from .text import clean_text, phrase_pattern
from .vocabulary import (
    ANSWER_HEADS,
    ANSWER_WORDS,
    CANONICAL_UNITS,
    DENOMINATOR_WORDS,
    MONEY_UNITS_IN_TKR,
    NAME_UNIT_CUES,
    UNIT_WORDS,
    fold,
)

_UNIT_RE = re.compile(
    "|".join(f"(?:{phrase_pattern(p)})" for p in sorted(UNIT_WORDS, key=len, reverse=True)), re.IGNORECASE
)
_MONEY_RE = re.compile(
    "|".join(
        f"(?:{phrase_pattern(p)})"
        for p, u in sorted(UNIT_WORDS.items(), key=lambda kv: -len(kv[0]))
        if u in MONEY_UNITS_IN_TKR
    ),
    re.IGNORECASE,
)
_NAME_CUES = tuple(
    (unit, re.compile("|".join(rf"(?<!\w){c}" for c in cues), re.IGNORECASE)) for unit, cues in NAME_UNIT_CUES
)
_PARENS_RE = re.compile(r"\([^()]*\)")

# "(Ja=1, Nej=0)", "(JA:1 Nej:0)", "Delvis= 1", "Nej, men genomfört uppföljning=1"
_LABEL_FIRST = re.compile(r"(?P<w>[^\W\d_][^\W\d_ ,]*(?:,?\s+[^\W\d_]+)*?)\s*[=:]\s*(?P<n>\d{1,2})(?!\d)")
# "(1= JA, 0= NEJ)"
_NUMBER_FIRST = re.compile(r"(?<![\w=:])(?P<n>\d{1,2})\s*=\s*(?P<w>[^\W\d_]+)")
# What every match of either pattern contains.  _LABEL_FIRST tries each word of a text as the
# start of a label, so on a long text without any code it is slow; this one scan rules that out.
_CODE_CUE = re.compile(r"[=:]\s*\d|\d\s*=")


def _unit_of(word: str) -> str | None:
    key = re.sub(r"\s+", " ", word.lower())
    return UNIT_WORDS.get(key) or UNIT_WORDS.get(key.rstrip("."))


def answer_scale(text: str | None) -> dict[str, int] | None:
    """The coded answers an indicator name defines, or ``None``.

    ``"... (Ja=1, Nej=0)"`` -> ``{"ja": 1, "nej": 0}``;
    ``"(Ja=2, Delvis= 1, Nej=0)"`` -> ``{"ja": 2, "delvis": 1, "nej": 0}``;
    ``"(1= JA, 0= NEJ)"`` -> ``{"ja": 1, "nej": 0}``.  Labels are folded to lower case.  At least
    one label must be ``ja`` or ``nej`` (so ``Grön: 2`` is not a scale).
    """
    t = clean_text(ensure_text(text))
    if not _CODE_CUE.search(t):
        return None
    codes: dict[str, int] = {}
    for m in _NUMBER_FIRST.finditer(t):
        codes.setdefault(fold(m.group("w")), int(m.group("n")))
    for m in _LABEL_FIRST.finditer(t):
        label = fold(m.group("w"))
        # start the label at its answer word: "Svar Ja" -> "ja"; keep a clause that follows it
        # ("Nej, men genomfört uppföljning")
        words = label.split()
        for i, w in enumerate(words):
            if w.strip(",") in ANSWER_HEADS:
                label = " ".join(words[i:])
                break
        codes.setdefault(label, int(m.group("n")))
    if not codes:
        return None
    heads = {label.split(",")[0].split()[0] for label in codes if label}
    if not heads & set(ANSWER_WORDS):
        return None
    return codes


def answer_unit(codes: dict[str, int] | None) -> str | None:
    """``bool`` for a two-valued 0/1 code (Ja=1/Nej=0), ``scale`` for anything richer."""
    if not codes:
        return None
    values = set(codes.values())
    if values <= {0, 1} and len(codes) <= 2:
        return "bool"
    return "scale"


def detect_unit(text: str | None) -> str | None:
    """The canonical unit a text prints, or ``None``.

    Coded answers first (``(Ja=1, Nej=0)`` -> ``bool``, ``(Ja=2, Delvis=1, Nej=0)`` ->
    ``scale``), else the first unit word by position: ``tkr``, ``mkr`` (also ``miljoner
    kronor``, ``Mkr``, ``msek``), ``mnkr``, ``mdkr``, ``kr``/``kronor``, ``percent`` (``%``,
    ``procent``), ``days`` (``dagar``, ``dygn``), ``count`` (``antal``, ``st``), ``index``.
    """
    return _detect_unit(ensure_text(text))


@lru_cache(maxsize=1 << 14)
def _detect_unit(text: str) -> str | None:
    t = clean_text(text)
    coded = answer_unit(answer_scale(t))
    if coded:
        return coded
    m = _UNIT_RE.search(t)
    return _unit_of(m.group(0)) if m else None


def detect_money_unit(text: str | None) -> str | None:
    """The first money unit printed in ``text`` (a table caption or header), or ``None``."""
    return _detect_money_unit(ensure_text(text))


@lru_cache(maxsize=1 << 14)
def _detect_money_unit(text: str) -> str | None:
    t = clean_text(text)
    m = _MONEY_RE.search(t)
    return _unit_of(m.group(0)) if m else None


def unit_from_name(indicator_name: str | None) -> str | None:
    """The unit an indicator's *name* implies for a bare number printed for it, or ``None``.

    Order: coded answers (``bool``/``scale``); a money unit printed in the name (``tkr`` ...);
    then, ignoring parenthesised asides, the first family in
    :data:`~kpi.extractors.normalize.vocabulary.NAME_UNIT_CUES` with a hit: ``index`` (Totalindex),
    ``percent`` (Andel, procent, %), ``kr`` (kostnad, pris), ``days`` (dygn, dagar, väntetid),
    ``count`` (Antal).
    """
    name = clean_text(ensure_text(indicator_name))
    if not name.strip():
        return None
    coded = answer_unit(answer_scale(name))
    if coded:
        return coded
    money = detect_money_unit(name)
    if money and money != "kr":
        return money
    for aside in _PARENS_RE.findall(name):  # "(%)", "(kr)": an aside that is only a unit says it
        said = _unit_of(aside.strip("() ").strip()) if aside.strip("() ").strip() != "%" else "percent"
        if said is not None:
            return said
    bare = _PARENS_RE.sub(" ", name)
    for unit, rx in _NAME_CUES:
        if rx.search(bare):
            return unit
    return None


_PER_RE = re.compile(
    r"(?:/|\bper\s+)\s*(?P<n>\d{1,3}(?:[ \u00a0]?\d{3})*\s+)?(?P<w>[^\W\d_]+\.?)", re.IGNORECASE
)


def unit_denominator(indicator_name: str | None) -> str | None:
    """What a rate in the name is counted per, from a closed vocabulary: "kr/inv.", "kronor per
    invånare" -> ``inv``; "kr/dygn" -> ``dygn``; "antal/1000 inv", "per 1 000 invånare" ->
    ``1000 inv``; None when the name names no rate."""
    name = clean_text(ensure_text(indicator_name))
    for m in _PER_RE.finditer(name):
        word = DENOMINATOR_WORDS.get(fold(m.group("w")).rstrip("."))
        if word is not None:
            n = re.sub(r"\s", "", m.group("n") or "")
            return f"{n} {word}" if n else word
    return None


def canonical_unit(unit: str | None) -> str | None:
    """Canonical unit for a unit name or printed unit word (``"Tkr"`` -> ``tkr``, ``"kronor"`` ->
    ``kr``, ``"percent"`` -> ``percent``); ``None`` if unknown."""
    if unit is None:
        return None
    u = fold(clean_text(unit))
    if u in CANONICAL_UNITS:
        return u
    return _unit_of(u)


def to_tkr(amount: float | Decimal, unit: str) -> float:
    """An amount in thousands of kronor: kr/1000, tkr, mkr*1000, mnkr*1000, mdkr*1e6.

    ``unit`` may be a canonical unit or a printed one (``Tkr``, ``miljoner kronor``).  Computed in
    decimal so ``to_tkr(234.1, "mkr") == 234100.0`` exactly.  Raises :class:`NormalizeError` for a
    unit that is not money or an amount that is not a finite number.
    """
    if isinstance(amount, bool) or not isinstance(amount, (int, float, Decimal)):
        raise NormalizeError(f"amount must be a number, not {type(amount).__name__}")
    if not isinstance(unit, str):
        raise NormalizeError(f"unit must be str, not {type(unit).__name__}")
    canon = canonical_unit(unit)
    if canon is None or canon not in MONEY_UNITS_IN_TKR:
        raise NormalizeError(f"'{unit}' is not a money unit")
    try:
        d = (
            amount
            if isinstance(amount, Decimal)
            else Decimal(repr(amount))
            if isinstance(amount, float)
            else Decimal(amount)
        )
        if not d.is_finite():
            raise NormalizeError(f"amount {amount!r} is not finite")
        return float(d * Decimal(repr(MONEY_UNITS_IN_TKR[canon])))
    except InvalidOperation as exc:  # pragma: no cover - guarded above
        raise NormalizeError(f"amount {amount!r} is not a number") from exc
