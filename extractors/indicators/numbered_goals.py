"""Numbered goals with their indicators and deadlines ("1. Goal … Indikator: … (2018)").

A goal is a numbered list item followed by an indicator label ("Indikator:", "Indikatorer:").
The indicators are the blocks after the label: one unnumbered paragraph, or items numbered 1, 2, 3
…; each may end with (or be followed by) a deadline in parentheses, the target's year.  The
indicator's value is the target printed in it ("Minst 90%", "Minst två", "inte överstiga …"),
else the deadline itself ("(2020)", a text value for that year).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kpi.extractors import vocabulary as V
from kpi.extractors.indicators.blocks import Block
from kpi.extractors.indicators.goal_values import deadline
from kpi.extractors.indicators.text import fold, starts_with_any

_LABEL_SET = tuple(V.INDICATOR_LABELS)
_DEADLINE_ONLY = re.compile(r"^\(\s*(?:19|20)\d\d\s*\)\.?$")


@dataclass
class GoalIndicator:
    name: str
    deadline: str | None
    blocks: list[Block]


@dataclass
class NumberedGoal:
    number: int
    text: str
    block: Block
    indicators: list[GoalIndicator] = field(default_factory=list)


def label_rest(block: Block) -> str | None:
    """The text after an indicator label ("" for a bare label), or None when not a label."""
    text = block.text.strip()
    label = starts_with_any(text, _LABEL_SET)
    if label is None:
        return None
    rest = text[len(label) :].lstrip()
    if not rest.startswith(":"):
        return None
    return rest[1:].strip()


def _goal_before(blocks: list[Block], k: int) -> int | None:
    j = k - 1
    while j >= 0 and blocks[j].kind != "numbered" and blocks[j].kind != "heading":
        j -= 1
    return j if j >= 0 and blocks[j].kind == "numbered" else None


def _is_goal(blocks: list[Block], j: int) -> bool:
    """A numbered block is a goal when an indicator label follows before the next numbered block."""
    for b in blocks[j + 1 :]:
        if label_rest(b) is not None:
            return True
        if b.kind in ("numbered", "heading"):
            return False
    return False


def find_numbered_goals(blocks: list[Block]) -> list[NumberedGoal]:
    goals: list[NumberedGoal] = []
    for k, b in enumerate(blocks):
        rest = label_rest(b)
        if rest is None:
            continue
        g = _goal_before(blocks, k)
        if g is None:
            continue
        goal = NumberedGoal(blocks[g].number or 0, blocks[g].text.strip().rstrip(".").strip(), blocks[g])
        items: list[GoalIndicator] = []
        expected = 1
        if rest:
            m = re.match(r"^(\d{1,2})[.)]\s+", rest)  # "Indikatorer: 1. …" on one line
            if m and int(m.group(1)) == 1:
                rest, expected = rest[m.end() :], 2
            name, year = deadline(rest)
            items.append(GoalIndicator(name, year, [b]))
        j = k + 1
        while j < len(blocks):
            nb = blocks[j]
            text = nb.text.strip()
            if nb.kind == "heading" or label_rest(nb) is not None:
                break
            if _DEADLINE_ONLY.match(text) and items and items[-1].deadline is None:
                items[-1].deadline = deadline(text)[1]
                items[-1].blocks.append(nb)
            elif nb.kind == "numbered":
                if nb.number != expected or _is_goal(blocks, j):
                    break
                name, year = deadline(text)
                items.append(GoalIndicator(name, year, [nb]))
                expected += 1
            elif nb.kind in ("para", "bullet") and (not items or (expected == 1 and items[-1].deadline)):
                if items and expected == 1 and not _looks_indicator(blocks, j):
                    break
                name, year = deadline(text)
                items.append(GoalIndicator(name, year, [nb]))
            else:
                break
            j += 1
        for it in items:
            it.name = it.name.rstrip(".:").strip()
        goal.indicators = [it for it in items if it.name]
        if goal.indicators:
            goals.append(goal)
    return goals


def _looks_indicator(blocks: list[Block], j: int) -> bool:
    """A further unnumbered paragraph is an indicator only when it carries a deadline."""
    text = blocks[j].text.strip()
    if deadline(text)[1]:
        return True
    nxt = blocks[j + 1].text.strip() if j + 1 < len(blocks) else ""
    return bool(_DEADLINE_ONLY.match(nxt))


def goal_label(goal: NumberedGoal) -> str:
    """ "Mål 3: Krav på att …" — the goal's number and statement for the section path."""
    word = next((w for w, _ in V.GOAL_LABELS if fold(w) == "mål"), "mål")
    return f"{word.capitalize()} {goal.number}: {goal.text}"
