"""Lines grouped into blocks: headings, list items (bulleted or numbered) and paragraphs.

Blocks are found from the lines' own geometry and style: a list item starts with a bullet glyph
or an item number and carries on over lines set with the item's leading; a heading is set larger
than the body or wholly bold; a paragraph ends at extra vertical space, at a change of type, or
after a short line ending a sentence.  Leading is measured per type size from the document itself.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from kpi.extractors.indicators.text import ends_with_label
from kpi.extractors.tables.flow import Flow, Line, is_larger, join_texts

BULLETS = frozenset("•●▪■◦○►▶➢➤✓✔*·–-‣⁃◆◇□")
"""Glyphs that mark an unnumbered list item when they stand first on a line."""
NUMBER_MARK = re.compile(r"^(\d{1,2})[.)]$")
LEADING_SLACK = 1.15
"""A line belongs to the block above when its pitch is at most this times the usual leading."""
SHORT_LINE_EM = 4.0
"""A line ending a sentence this many type sizes short of the block's right edge ends a paragraph."""
HEADING_MAX_WORDS = 40
"""A bold run of more words than this is emphasised text, not a heading."""


@dataclass
class Block:
    kind: str  # heading | bullet | numbered | para
    lines: list[Line]
    number: int | None = None  # for numbered items
    _text: tuple[tuple[str, int], str] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def text(self) -> str:
        """The block's lines joined (marker dropped).  Every recognizer reads it, several times
        per block, so it is kept until the block changes: blocks only ever grow by lines
        appended while they are built, or change kind, so (kind, line count) tells."""
        key = (self.kind, len(self.lines))
        if self._text is None or self._text[0] != key:
            parts = [ln.text for ln in self.lines]
            if self.kind in ("bullet", "numbered") and parts:
                parts[0] = parts[0].split(" ", 1)[1] if " " in parts[0] else ""
            self._text = (key, join_texts(parts))
        return self._text[1]

    @property
    def page(self) -> int:
        return self.lines[0].page

    @property
    def first(self) -> int:
        return self.lines[0].index

    @property
    def size(self) -> float:
        return statistics.median(ln.size for ln in self.lines)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        ls = [ln for ln in self.lines if ln.page == self.page]
        return (
            min(ln.x0 for ln in ls),
            min(ln.y0 for ln in ls),
            max(ln.x1 for ln in ls),
            max(ln.y1 for ln in ls),
        )


def _leading(flow: Flow) -> dict[float, float]:
    pitches: dict[float, list[float]] = defaultdict(list)
    for a, b in zip(flow.lines, flow.lines[1:], strict=False):
        if a.page == b.page and abs(a.size - b.size) < 0.3:
            p = b.y0 - a.y0
            if p > 0.8 * a.size:
                pitches[round(a.size, 1)].append(p)
    return {s: sorted(p)[len(p) // 5] for s, p in pitches.items() if p}


def marker(line: Line) -> tuple[str, int | None] | None:
    """('bullet', None) or ('numbered', n) when the line starts a list item."""
    first = line.words[0].text
    if first in BULLETS or (len(first) > 1 and first[0] in "•●▪■➢➤►▶" and len(line.words) > 1):
        return ("bullet", None)
    m = NUMBER_MARK.match(first)
    if m and len(line.words) > 1:
        return ("numbered", int(m.group(1)))
    return None


def _is_heading(line: Line, body: float) -> bool:
    """Larger or bold type, one cell (a letterhead spread over the page is not a heading)."""
    return (is_larger(line, body) or line.is_bold) and marker(line) is None and line.one_piece


def build_blocks(flow: Flow, skip: set[int]) -> list[Block]:
    """Blocks of every flow line whose index is not in ``skip`` (lines already read as tables)."""
    lead = _leading(flow)
    blocks: list[Block] = []
    prev: Line | None = None
    for ln in flow.lines:
        if ln.index in skip:
            prev = None
            continue
        mk = marker(ln)
        if (
            mk is not None
            and mk[0] == "numbered"
            and prev is not None
            and blocks
            and _value_of_label(blocks[-1], prev, ln)
        ):
            mk = None
        heading = _is_heading(ln, flow.body_size)
        turn = prev is not None and prev.page != ln.page and prev.index == ln.index - 1 and not heading
        if (
            prev is not None
            and blocks
            and _continues(blocks[-1], prev, ln, mk, heading, lead, flow.body_size, turn)
        ):
            blocks[-1].lines.append(ln)
        elif mk is not None:
            blocks.append(Block(mk[0], [ln], mk[1]))
        else:
            blocks.append(Block("heading" if heading else "para", [ln]))
        prev = ln
    for b in blocks:
        if b.kind == "heading" and len(b.text.split()) > HEADING_MAX_WORDS:
            b.kind = "para"
    return blocks


def _value_of_label(block: Block, prev: Line, ln: Line) -> bool:
    """A line that looks like a numbered item but prints the value of a label ending the line
    above ("… Målvärde:" / "1. 2018 års värde: 1"): it starts no further left than the text of
    the block above carries on."""
    if block.kind == "heading" or prev is not block.lines[-1] or not prev.text.rstrip().endswith(":"):
        return False
    first = block.lines[0]
    text_x = first.words[1].x0 if block.kind in ("bullet", "numbered") and len(first.words) > 1 else first.x0
    return ln.x0 >= text_x - 0.5 * ln.size and ends_with_label(prev.text)


def _continues(
    block: Block,
    prev: Line,
    ln: Line,
    mk: tuple[str, int | None] | None,
    heading: bool,
    lead: dict[float, float],
    body: float,
    page_turn: bool = False,
) -> bool:
    if mk is not None or abs(prev.size - ln.size) > 0.3:
        return False
    if prev.page != ln.page:
        if block.kind == "heading" or not page_turn:
            return False  # only a text running from the foot of one page to the head of the next
    else:
        leading = lead.get(round(prev.size, 1), prev.size * 1.25)
        if ln.y0 - prev.y0 > leading * LEADING_SLACK:
            return False
    if block.kind == "heading":
        return heading and prev.is_bold == ln.is_bold
    if block.kind == "bullet":
        text_x = block.lines[0].words[1].x0 if len(block.lines[0].words) > 1 else block.lines[0].x0
        if ln.x0 < text_x - 0.8 * ln.size:
            return False
    elif block.kind == "numbered":
        if ln.x0 < block.lines[0].x0 - 0.5 * ln.size:
            return False
    elif (heading and not prev.is_bold) or (
        abs(ln.x0 - block.lines[0].x0) > 1.5 * ln.size and abs(ln.x0 - prev.x0) > 0.5 * ln.size
    ):
        return False
    right = max(x.x1 for x in block.lines)
    return not (prev.text.rstrip()[-1:] in ".:!?" and prev.x1 < right - SHORT_LINE_EM * ln.size)
