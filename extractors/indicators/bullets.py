"""Indicators printed as text: "Name. Målvärde: X. 2018 års värde: Y" in a bullet or a paragraph.

A value label is a kind word ("Målvärde", "Värde", "års värde", "Utfall", "Prognos"), optionally
with a month and a year, followed by a colon.  The text before the first label is the indicator's
name; the text after each label, up to the next label, is that label's value.  List items that
follow a sentence announcing indicators ("… följs upp genom följande indikatorer:") are indicators
even when they print no value: they become one row without a value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kpi.extractors import vocabulary as V
from kpi.extractors.domain import ValueKind
from kpi.extractors.indicators.blocks import Block
from kpi.extractors.indicators.text import LABEL_RE, has_any_word

_KIND = {w: (k, r) for w, k, r in V.VALUE_LABEL_KINDS}


@dataclass
class Labelled:
    """One printed value: the label as printed, its kind and role, and the value text."""

    label: str
    kind: ValueKind
    role: str
    value: str


def _trim(value: str) -> str:
    value = value.strip()
    if value.endswith(".") and not re.search(r"\d\.$", value):
        value = value[:-1]
    return value.strip()


def split_labels(text: str) -> tuple[str, list[Labelled]]:
    """(name, labelled values) of a text; the name is empty when the text has no label."""
    if ":" not in text:  # every label ends with a colon: most blocks are done here
        return text, []
    matches = list(LABEL_RE.finditer(text))
    if not matches:
        return text, []
    name = text[: matches[0].start()].strip().rstrip(".:;,").strip()
    out: list[Labelled] = []
    for m, nxt in zip(matches, [*matches[1:], None], strict=False):
        value = text[m.end() : nxt.start() if nxt else len(text)]
        kind, role = _KIND[m.group("word").lower()]
        out.append(Labelled(m.group("label"), kind, role, _trim(value)))
    return name, out


def is_intro(block: Block) -> bool:
    """A sentence that announces a list of indicators: ends with ':' and names indicators."""
    text = block.text.strip()
    return text.endswith(":") and has_any_word(text, V.INDICATOR_INTRO_WORDS) and not LABEL_RE.search(text)


@dataclass
class TextIndicator:
    """An indicator found in running text or a list item."""

    block: Block
    name: str
    values: list[Labelled]


def find_text_indicators(blocks: list[Block]) -> list[TextIndicator]:
    out: list[TextIndicator] = []
    announced = False
    for b in blocks:
        if b.kind == "heading":
            announced = False
            continue
        if is_intro(b):
            announced = True
            continue
        name, values = split_labels(b.text)
        if values and name:
            out.append(TextIndicator(b, name, values))
            continue
        if announced and b.kind in ("bullet", "numbered") and b.text.strip():
            out.append(TextIndicator(b, b.text.strip().rstrip(".:;").strip(), []))
            continue
        if b.kind == "para":
            announced = False
    return out
