"""Text clean-up and word patterns shared by the number, unit, period and direction readers.

It depends on nothing else in :mod:`kpi.extractors.normalize`, so every reader can use it without an
import cycle (:mod:`~kpi.extractors.normalize.numbers` reads units, and
:mod:`~kpi.extractors.normalize.units` cleans text).
"""

from __future__ import annotations

import re
import unicodedata

SPACE_CHARS = " \u00a0\u202f\u2009\u2007\u2002\u2003\u2004\u2005\u2006\u2008\u200a\u205f\u3000"
"""Characters printed as thousands separators (all mapped to a plain space by :func:`clean_text`)."""

_SPACE_TRANS: dict[int, str | None] = {ord(c): " " for c in SPACE_CHARS[1:]}
_SPACE_TRANS.update({ord("\u00ad"): None, ord("\u200b"): None, ord("\ufeff"): None})


def clean_text(text: str) -> str:
    """NFC, every space-like character -> plain space, soft hyphens and zero-width spaces dropped.

    Tabs and newlines are kept (they separate table cells and lines).
    """
    return unicodedata.normalize("NFC", text).translate(_SPACE_TRANS)


def phrase_pattern(phrase: str) -> str:
    """A regex for a word or phrase: any run of whitespace between its words, and whole words
    only (no word character right before a leading letter or right after a final one)."""
    esc = re.escape(phrase).replace(r"\ ", r"\s+")
    head = r"(?<!\w)" if phrase[0].isalnum() else ""
    tail = r"(?!\w)" if phrase[-1].isalnum() else ""
    return head + esc + tail
