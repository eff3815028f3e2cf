"""How an occurrence was tied to its indicator (``indicator_matches.method``), and what a pair score decides."""

from __future__ import annotations

from enum import StrEnum


class MatchMethod(StrEnum):
    """``indicator_matches.method``; the values are the stored strings (see ``warehouse/CONTRACT.md``)."""

    MANUAL = "manual"  # a researcher's decision in a crosswalk
    CODE = "code"  # the same Kolada code printed beside the names
    EXACT = "exact"  # the same normalized wording, scored at or above the accept threshold
    FUZZY = "fuzzy"  # a similar wording, scored at or above the accept threshold
    NEW = "new"  # its own indicator


SCORED = frozenset({MatchMethod.EXACT, MatchMethod.FUZZY})
"""The methods whose ties carry a pair score."""


class Verdict(StrEnum):
    """What a final pair score decides (:func:`kpi.pipeline.match.rules.decide`)."""

    ACCEPT = "accept"  # tie the pair
    REVIEW = "review"  # list the pair for a researcher
    NEW = "new"  # leave the name its own indicator
