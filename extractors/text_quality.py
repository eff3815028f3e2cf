"""Is a page's text layer readable Swedish, or garbage a font without a Unicode map left behind?

A PDF whose fonts have no ``/ToUnicode`` map (and no standard encoding) gives its text as glyph
numbers: "Nämndplan 2024" reads ``1¦PQGSODQ\\x03\\x15\\x13\\x15\\x17``.  Nothing can be extracted
from it, but without this check it passes as a document without indicators.  Per page, from the
words already extracted (cheap: one pass over the page's word texts):

- the share of the letters that belong to the Swedish alphabet (a-z, å, ä, ö, and é, ü);
- the share of the words (tokens of letters) that a short list of common Swedish words knows
  (``extractors/data/swedish_common_words.txt``: function words and the everyday words of municipal
  reports; running Swedish text has 20-45 % of them, a garbled layer next to none);
- the share of the characters that are control or private-use characters (glyph numbers below 32
  and the private-use area where some fonts put their glyphs).

A page is judged only when it has enough words of letters (:data:`MIN_JUDGED_WORDS`) or, for its
odd characters, enough characters (:data:`MIN_JUDGED_CHARS`): a page of numbers, a title page or
a chart is never called garbled for its words; few common words make a page garbled only
when the whole document has few (see :func:`garbled_pages`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources

SWEDISH_ALPHABET = frozenset("abcdefghijklmnopqrstuvwxyzåäöéü")
"""Letters of Swedish text (lower case), with the é and ü of loan words and names."""

MIN_JUDGED_WORDS = 40
"""Words of letters a page must have for its share of common words and of Swedish letters to be
judged (fewer: a title page, a table of numbers)."""

MIN_JUDGED_CHARS = 200
"""Characters a page must have for its share of control and private-use characters to be judged."""

MIN_KNOWN_WORD_SHARE = 0.04
"""A judged page whose words are fewer than this share common Swedish words, in a document whose
judged pages together are too, is garbled.  The real documents in ``samples/`` have at least 0.09
on every judged page (a page of names) and 0.4 or more over a document (``tests/hostile/
test_garbled_text.py`` checks that none is flagged); a garbled layer has about 0.01 or less."""

VOWELS = frozenset("aeiouyåäöéü")

MIN_VOWELLESS_SHARE = 0.2
"""Few common words make a page garbled only when more than this share of its words have no vowel:
letters shifted to other letters leave 30-40 % of the words without one (``dww``, ``wkh``), real
Swedish pages at most about 11 % (abbreviations such as tkr, mnkr, st).  A shift that keeps most
vowels (by one letter) passes unnoticed: the check's limit."""

MIN_ALPHABET_SHARE = 0.70
"""A judged page whose letters are fewer than this share Swedish-alphabet letters, in a document
whose judged pages together are too, is garbled (a layer of glyph numbers that land in other
scripts' letters)."""

MAX_ODD_CHAR_SHARE = 0.05
"""A page whose characters are more than this share control, private-use or unmapped (U+FFFD)
characters, and that has few readable words, is garbled (a font's glyph numbers below 32, glyphs in
the private-use area, glyphs the library could map to nothing).  Real tables of contents reach 0.7
with dot leaders the library cannot map, beside readable titles."""

_ODD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd\U000f0000-\U0010ffff]")
"""Control characters (C0 but tab and line breaks, DEL, C1), private-use characters and U+FFFD (the
PDF library's mark for a glyph it could map to no character)."""

_WORD_SPLIT = re.compile(r"[^\w]+")


@cache
def common_words() -> frozenset[str]:
    """The bundled list of common Swedish words (lower case)."""
    text = (
        resources.files("kpi.extractors.data")
        .joinpath("swedish_common_words.txt")
        .read_text(encoding="utf-8")
    )
    return frozenset(ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))


@dataclass(frozen=True)
class PageQuality:
    """What the check counted on one page (``words``: tokens of letters; ``chars``: all characters)."""

    words: int = 0
    known: int = 0
    vowelless: int = 0  # words of two letters or more without a vowel ("dww", "wkh")
    letters: int = 0
    swedish: int = 0
    odd: int = 0
    chars: int = 0

    @property
    def judged(self) -> bool:
        return self.words >= MIN_JUDGED_WORDS

    @property
    def known_share(self) -> float:
        return self.known / self.words if self.words else 1.0

    @property
    def alphabet_share(self) -> float:
        return self.swedish / self.letters if self.letters else 1.0

    @property
    def odd_share(self) -> float:
        return self.odd / self.chars if self.chars else 0.0

    @property
    def unreadable(self) -> bool:
        """Garbled by its characters alone: many control, private-use or unmapped characters, and
        few readable words beside them (a table of contents whose dot leaders the library could not
        map still has its readable titles)."""
        return (
            self.chars >= MIN_JUDGED_CHARS
            and self.odd_share > MAX_ODD_CHAR_SHARE
            and (self.words < MIN_JUDGED_WORDS or self.known_share < MIN_KNOWN_WORD_SHARE)
        )

    @property
    def vowelless_share(self) -> float:
        return self.vowelless / self.words if self.words else 0.0

    @property
    def unswedish(self) -> bool:
        """Letters foreign to Swedish, or few common Swedish words in words that often lack a vowel
        (judged pages only): a table whose labels are all uncommon words is not unswedish."""
        return self.judged and (
            self.alphabet_share < MIN_ALPHABET_SHARE
            or (self.known_share < MIN_KNOWN_WORD_SHARE and self.vowelless_share > MIN_VOWELLESS_SHARE)
        )

    def describe(self) -> str:
        return (
            f"{self.known_share:.0%} common Swedish words, {self.alphabet_share:.0%} Swedish letters, "
            f"{self.odd_share:.1%} control or private-use characters"
        )


def page_quality(word_texts: list[str]) -> PageQuality:
    """Count a page's words (their texts as extracted, in any order)."""
    text = " ".join(word_texts)
    if not text:
        return PageQuality()
    known_words = common_words()
    words = known = vowelless = letters = swedish = 0
    # each distinct word is judged once (a table repeats its words), then counted as often as printed
    for token, n in Counter(_WORD_SPLIT.split(text.lower())).items():
        if not token.isalpha():
            continue
        words += n
        known += n * (token in known_words)
        vowelless += n * (len(token) > 1 and VOWELS.isdisjoint(token))
        letters += n * len(token)
        swedish += n * (len(token) if token.isascii() else sum(c in SWEDISH_ALPHABET for c in token))
    return PageQuality(words, known, vowelless, letters, swedish, len(_ODD.findall(text)), len(text))


def garbled_pages(pages: dict[int, PageQuality]) -> list[int]:
    """The numbers of the pages whose text layer is garbled, in order.

    A page is garbled when its characters are (:attr:`PageQuality.unreadable`), or when it reads
    as not Swedish (:attr:`PageQuality.unswedish`) and so does the document as a whole: a page of
    names, or in Arabic, in a Swedish report is not garbled; a layer of letters shifted to other
    letters (no odd characters) is, on every page it covers.
    """
    judged = [q for q in pages.values() if q.judged]
    words = sum(q.words for q in judged)
    letters = sum(q.letters for q in judged)
    document_unswedish = words > 0 and (
        sum(q.swedish for q in judged) / max(letters, 1) < MIN_ALPHABET_SHARE
        or (
            sum(q.known for q in judged) / words < MIN_KNOWN_WORD_SHARE
            and sum(q.vowelless for q in judged) / words > MIN_VOWELLESS_SHARE
        )
    )
    return sorted(n for n, q in pages.items() if q.unreadable or (document_unswedish and q.unswedish))
