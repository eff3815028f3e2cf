"""The goal hierarchy above each line: headings and goal-labelled paragraphs, as printed.

Headings nest by type size (a heading closes every open heading set in the same or smaller
type).  Goal labels refine that: a heading or short paragraph that starts with a goal label
("Strategiskt målområde", "Strategiskt mål", "Nämndmål", "Grundförutsättning") closes only
labelled levels of the same or a lower rank, so "Nämndmål - …" set in the same type as the goal
area above it stays under it.  A bare label heading ("Nämndmål") takes its text from the
paragraph below it ("Nämndmål: Kontakt med … leder till positiv förändring").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from kpi.extractors import vocabulary as V
from kpi.extractors.indicators.blocks import Block
from kpi.extractors.indicators.text import fold, starts_with_any

SEPARATOR = " > "
LABEL_PARAGRAPH_WORDS = 60
"""A paragraph starting with a goal label is a goal statement when it is at most this long."""
COVER_SIZE_FACTOR = 1.8
"""Headings on page 1 set this many times the body size are the cover title, not a section."""

TOP_RANK = 1
"""Rank of goal areas ("Strategiskt målområde", "Grundförutsättning"): they start a new chapter."""
_RANK = {fold(label): rank for label, rank in V.GOAL_LABELS}


@dataclass
class _Entry:
    text: str
    size: float
    rank: int | None  # goal-label rank, None for a plain heading


def goal_rank(text: str) -> int | None:
    label = starts_with_any(text, tuple(_RANK))
    return _RANK[label] if label else None


def _is_title(text: str, title: str | None) -> bool:
    if not title:
        return False
    a, b = fold(text), fold(title)
    return a == b or (len(a) > 8 and (a in b or b in a))


_SPACES = re.compile(r"\s+")


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip().rstrip(".:").strip()


class SectionIndex:
    """``path(line_index)``: the goal hierarchy in force at a line of the flow."""

    def __init__(self, blocks: list[Block], body_size: float, title: str | None = None):
        self._keys: list[int] = []
        self._paths: list[str] = []
        stack: list[_Entry] = []
        pending: _Entry | None = None
        for b in blocks:
            text = _clean(b.text)
            if not text:
                continue
            if pending is not None and b.kind == "para":
                pending.text = f"{pending.text}: {text}"
                pending = None
                self._record(b.first, stack)
                continue
            pending = None
            rank = goal_rank(text)
            if b.kind == "heading":
                if b.page == 1 and (b.size >= COVER_SIZE_FACTOR * body_size or _is_title(text, title)):
                    continue  # the document's own title is not a section
                entry = _Entry(text, b.size, rank)
            elif (
                b.kind == "para"
                and rank is not None
                and len(text.split()) <= LABEL_PARAGRAPH_WORDS
                and not b.text.rstrip().endswith(":")
            ):
                entry = _Entry(text, b.size, rank)
            elif (
                b.kind in ("para", "bullet")
                and all(ln.is_bold and ln.one_piece for ln in b.lines)
                and len(text.split()) <= LABEL_PARAGRAPH_WORDS
                and not b.text.rstrip().endswith(":")
            ):
                entry = _Entry(text, b.size, rank)  # a goal set in bold ("➢ Alla kommunens … ska …")
            else:
                continue
            self._push(stack, entry)
            if rank is not None and starts_with_any(text, tuple(_RANK)) == fold(text):
                pending = entry  # a bare label: its text is the next paragraph
            self._record(b.first, stack)

    @staticmethod
    def _push(stack: list[_Entry], new: _Entry) -> None:
        def closes(old: _Entry) -> bool:
            if new.rank is None:
                return old.size <= new.size + 0.05
            if old.rank is not None:
                return old.rank >= new.rank
            if new.rank == TOP_RANK:  # a goal area closes a chapter heading of its own size
                return old.size <= new.size + 0.05
            return old.size < new.size - 0.05

        while stack and closes(stack[-1]):
            stack.pop()
        # a plain heading may also close deeper labelled levels below a larger open heading
        stack.append(new)

    def _record(self, index: int, stack: list[_Entry]) -> None:
        self._keys.append(index)
        self._paths.append(SEPARATOR.join(e.text for e in stack))

    def path(self, line_index: int) -> str | None:
        """The path in force just before ``line_index`` (headings at or after it do not count)."""
        k = bisect.bisect_left(self._keys, line_index) - 1
        if k < 0:
            return None
        return self._paths[k] or None
