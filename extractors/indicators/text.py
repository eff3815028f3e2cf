"""Small text helpers shared by the indicator recognizers: folding and word-boundary matching."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from kpi.extractors import vocabulary as V
from kpi.extractors.normalize import MONTHS

LETTER = r"[^\W\d_]"
YEAR = r"(?:19|20)\d\d"
_MONTH = "|".join(sorted((re.escape(m) for m in MONTHS if len(m) >= 3), key=len, reverse=True))
_WORDS = "|".join(re.escape(w) for w, _, _ in sorted(V.VALUE_LABEL_KINDS, key=lambda t: -len(t[0])))
LABEL_RE = re.compile(
    rf"(?<![^\W\d_])(?P<label>(?:{YEAR}\s+)?(?P<word>{_WORDS})(?:\s+(?:{_MONTH})\.?)?(?:\s+{YEAR})?)\s*:",
    re.IGNORECASE,
)
"""A value label in running text: "Målvärde:", "2018 års värde:", "Utfall mars 2024:"."""


def ends_with_label(text: str) -> bool:
    """Whether a text ends with a value label still waiting for its value ("… Målvärde:")."""
    if ":" not in text:  # every label ends with a colon
        return False
    last = None
    for match in LABEL_RE.finditer(text):
        last = match
    return last is not None and not text[last.end() :].strip()


_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """NFC, lower case, every whitespace run (NBSP too) as one space."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text).replace("\u00a0", " ")).strip().lower()


@lru_cache(maxsize=4096)
def _word_re(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!{LETTER}){re.escape(phrase)}(?!{LETTER})", re.IGNORECASE)


def has_word(text: str, phrase: str) -> bool:
    """True when ``phrase`` occurs in ``text`` as whole words (case-insensitive)."""
    return bool(_word_re(fold(phrase)).search(fold(text)))


@lru_cache(maxsize=256)
def _any_word_re(phrases: tuple[str, ...] | frozenset[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(p) for p in sorted({fold(p) for p in phrases}, key=len, reverse=True))
    return re.compile(rf"(?<!{LETTER})(?:{alternatives})(?!{LETTER})", re.IGNORECASE)


def has_any_word(text: str, phrases: tuple[str, ...] | frozenset[str]) -> bool:
    """``any(has_word(text, p) for p in phrases)`` with one regex search instead of one per phrase.

    The alternation finds a match exactly when some phrase occurs between the same letter
    boundaries (the regex engine tries every alternative at every position)."""
    return bool(_any_word_re(phrases).search(fold(text)))


def find_word(text: str, phrase: str) -> re.Match[str] | None:
    return _word_re(fold(phrase)).search(text)


@lru_cache(maxsize=256)
def _prefix_re(phrases: tuple[str, ...] | frozenset[str]) -> re.Pattern[str]:
    # Longest first: the regex engine takes the first alternative that matches with a word end
    # after it, which is then the longest such phrase.
    alternatives = "|".join(re.escape(p) for p in sorted({fold(p) for p in phrases}, key=len, reverse=True))
    return re.compile(rf"(?:{alternatives})(?!{LETTER})")


def starts_with_any(text: str, phrases: tuple[str, ...] | list[str] | frozenset[str]) -> str | None:
    """The longest phrase that ``text`` starts with (as whole words), folded; or None.

    The phrases are compiled once per phrase set into one anchored regex (this runs on every
    line of every document)."""
    if isinstance(phrases, list):
        phrases = tuple(phrases)
    m = _prefix_re(phrases).match(fold(text))
    return m.group(0) if m else None
