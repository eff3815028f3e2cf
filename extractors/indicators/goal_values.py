"""Values written into a goal's own sentence and into the activities reported against it.

* Targets: a bounded number ("högst 2,0 procent", "Minst fem", "lägst 60 procent", "Minst 90%"),
  a number with a unit of measure ("75 procent"), or a bounding verb without a number ("ska inte
  överstiga vad som överenskommits med Regionen" -> that phrase, a text target).  Numbers without
  a unit or a bound ("25 till 65 år", "Självständighet 365") are not targets.
* Reference values: a parenthesis with a year and a measured number ("(Andel … år 2012: 2,3
  procent)") is a baseline of that year.
* Outcomes in an activities text: numbers with a unit of measure, or a number right after a word
  that names the goal's measure ("medarbetarindex 74"), dated by a year in the same sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kpi.extractors import vocabulary as V
from kpi.extractors.indicators.text import fold
from kpi.extractors.normalize import ParsedNumber, comparison_word, find_numbers, find_periods, parse_period
from kpi.extractors.normalize.vocabulary import COMPARISON_WORDS

MEASURE_UNITS = frozenset({"percent", "kr", "tkr", "mkr", "mnkr", "days", "index"})
"""Units that make a bare number in goal text a measured value."""
MIN_MEASURE_WORD = 6
"""A word before a number names the goal's measure only when at least this long (not "på")."""

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ(\"”])")
_PARENS = re.compile(r"\([^()]*\)")
_BOUNDS = sorted({*COMPARISON_WORDS, *V.BOUND_VERB_PHRASES}, key=len, reverse=True)
_BOUND_RE = re.compile("|".join(rf"(?<![^\W\d_]){re.escape(b)}(?![^\W\d_])" for b in _BOUNDS), re.IGNORECASE)


@dataclass
class Found:
    raw: str
    start: int
    end: int
    period: str | None = None
    note: str | None = None
    unit_name: str | None = None


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def first_sentence(text: str) -> str:
    """The goal's statement: its first sentence without parentheses that hold figures."""
    s = sentences(_strip_figure_parens(text))
    return s[0].rstrip(".:").strip() if s else text.strip()


def _strip_figure_parens(text: str) -> str:
    return re.sub(
        r"\s+", " ", _PARENS.sub(lambda m: "" if re.search(r"\d", m.group(0)) else m.group(0), text)
    ).strip()


def _is_year(tok: ParsedNumber) -> bool:
    return (
        tok.value is not None
        and float(tok.value).is_integer()
        and 1900 <= tok.value <= 2100
        and not tok.is_percent
        and tok.unit is None
    )


def targets(text: str) -> list[Found]:
    """Target phrases in a goal or indicator sentence (parentheses with figures left out)."""
    body = _strip_figure_parens(text)
    out: list[Found] = []
    taken: list[tuple[int, int]] = []
    for m in _BOUND_RE.finditer(body):
        after = body[m.end() :]
        nums = find_numbers(after)
        first = nums[0].span if nums else None
        if first is not None and not after[: first[0]].strip():
            end = m.end() + first[1]
            out.append(Found(body[m.start() : end].strip(), m.start(), end))
            taken.append((m.start(), end))
        elif fold(m.group(0)) in {fold(v) for v in V.BOUND_VERB_PHRASES}:
            stop = re.search(r"[.;]\s|[.;]?$", after)
            end = m.end() + (stop.start() if stop else len(after))
            out.append(Found(body[m.start() : end].strip(), m.start(), end))
            taken.append((m.start(), end))
    for tok in find_numbers(body):
        if tok.span is None or any(a <= tok.span[0] < b for a, b in taken) or _is_year(tok):
            continue
        if tok.is_percent or tok.unit in MEASURE_UNITS:
            out.append(Found(body[tok.span[0] : tok.span[1]].strip(), *tok.span))
    return sorted(out, key=lambda f: f.start)


def reference_values(text: str) -> list[Found]:
    """Baselines in parentheses: "(… år 2012: 2,3 procent)" -> 2,3 procent for 2012."""
    out: list[Found] = []
    for m in _PARENS.finditer(text):
        inner = m.group(0)[1:-1]
        periods = [p for p in find_periods(inner) if p.period is not None]
        spans = [
            t.span
            for t in find_numbers(inner)
            if t.span is not None and not _is_year(t) and (t.is_percent or t.unit in MEASURE_UNITS)
        ]
        if not periods or not spans:
            continue
        start, end = spans[0]
        note = inner[:start].strip().rstrip(":").strip()
        out.append(
            Found(
                inner[start:end].strip(),
                m.start(),
                m.end(),
                periods[0].period.end_month_text,
                note or None,
            )
        )
    return out


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[^\W\d_]+", fold(text)) if len(w) >= MIN_MEASURE_WORD}


def activity_outcomes(activities: str, goal_text: str) -> list[Found]:
    """Measured values reported in an activities text for a goal that has a target."""
    goal_words = _words(goal_text)
    out: list[Found] = []
    for sentence in sentences(activities):
        year = None
        for pm in find_periods(sentence):
            if pm.period is not None:
                year = pm.period.end_month_text
                break
        for tok in find_numbers(sentence):
            if tok.span is None or _is_year(tok) or tok.value is None:
                continue
            before = re.findall(r"[^\W\d_]+", sentence[: tok.span[0]])
            prev = fold(before[-1]) if before else ""
            if tok.is_percent or tok.unit in MEASURE_UNITS:
                out.append(
                    Found(
                        sentence[tok.span[0] : tok.span[1]].strip(),
                        *tok.span,
                        period=year,
                        unit_name=prev or None,
                    )
                )
            elif prev in goal_words and not comparison_word(prev):
                out.append(
                    Found(sentence[tok.span[0] : tok.span[1]].strip(), *tok.span, period=year, unit_name=prev)
                )
    return out


def deadline(text: str) -> tuple[str, str | None]:
    """(text without a trailing "(2020)", that year or None)."""
    m = re.search(r"\s*\(\s*((?:19|20)\d\d)\s*\)\s*\.?\s*$", text)
    if not m:
        return text, None
    p = parse_period(m.group(1))
    return text[: m.start()].strip(), p.text if p else m.group(1)
