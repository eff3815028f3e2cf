"""Target directions and missing-value phrases."""

from __future__ import annotations

import re

from kpi.extractors.domain import TargetDirection

from .errors import ensure_text
from .text import clean_text, phrase_pattern
from .vocabulary import COMPARISON_WORDS, DIRECTION_PHRASES, MISSING_PHRASES, fold

_DIRECTION_OF = {fold(p): d for p, d in DIRECTION_PHRASES}
_DIRECTION_RE = re.compile(
    "|".join(phrase_pattern(p) for p, _ in sorted(DIRECTION_PHRASES, key=lambda kv: -len(kv[0]))),
    re.IGNORECASE,
)
_COMPARISON_RE = re.compile(
    "|".join(phrase_pattern(p) for p in sorted(COMPARISON_WORDS, key=len, reverse=True)), re.IGNORECASE
)
_MISSING_RE = re.compile(
    "|".join(phrase_pattern(p) for p in sorted(set(MISSING_PHRASES), key=len, reverse=True)), re.IGNORECASE
)


def target_direction(text: str | None) -> TargetDirection | None:
    """``increase``, ``decrease`` or ``equal`` for a relative target or a bounded value, else ``None``.

    ``Ökning från föregående mätning`` -> increase; ``Minskning sedan föregående mätning``,
    ``Minskat antal jämfört med ...``, ``Minskad andel ...`` -> decrease; ``Branschgenomsnitt`` ->
    equal; ``minst``/``lägst`` -> increase (a floor), ``högst``/``max``/``inte överstiga`` ->
    decrease (a ceiling).  The first direction phrase in the text decides.
    """
    t = clean_text(ensure_text(text))
    for m in _DIRECTION_RE.finditer(t):
        d = _DIRECTION_OF.get(fold(re.sub(r"\s+", " ", m.group(0))))
        if d is not None:
            return d
    return None


def comparison_word(text: str | None) -> str | None:
    """The first bounding word (``minst``, ``högst``, ``lägst``, ``max`` ...) in ``text``, folded."""
    t = clean_text(ensure_text(text))
    m = _COMPARISON_RE.search(t)
    return fold(m.group(0)) if m else None


def missing_phrase(text: str | None) -> str | None:
    """The first missing-value phrase in ``text`` (``saknas``, ``Har ännu inte mätts`` ...), folded."""
    t = clean_text(ensure_text(text))
    m = _MISSING_RE.search(t)
    return fold(m.group(0)) if m else None
