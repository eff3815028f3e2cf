"""Swedish morphology as evidence: compounds written as two words, word forms that are one word.

Each pair is tied across two years' plans through the whole matcher, with the morphology step
named in the evidence; names that differ by more than morphology stay apart."""

from __future__ import annotations

import pytest

from pipeline.match.matcher import match
from pipeline.match.morphology import morphology
from pipeline.match.names import normalize_name
from tests.match.test_match_rules import occ, tied


@pytest.mark.parametrize(
    ("a", "b", "step"),
    [
        (
            "Långtidssjukskrivning bland medarbetare",
            "Sjukskrivning, lång, bland medarbetare",
            "compound_split",
        ),
        ("Antal placeringsdygn för vuxna", "Antal dygn i placering för vuxna", "compound_split"),
        ("Andel kortvarig sjukfrånvaro", "Korttidsfrånvaro, andel", "synonyms"),
        ("Antal vårddygn på HVB", "Antal dygn i vård på HVB", "compound_split"),
    ],
)
def test_names_that_differ_only_by_morphology_are_tied(a: str, b: str, step: str) -> None:
    m = morphology(normalize_name(a), normalize_name(b))
    assert m.same_words and any(r.startswith(step) for r in m.reasons)
    res = match([occ("d19", 2019, a, units=("count",)), occ("d20", 2020, b, units=("count",))], workers=1)
    assert tied(res, a, b)
    evidence = " ".join(t.evidence or "" for t in res.ties)
    assert step in evidence or "exact" in {t.method for t in res.ties}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Antal barnfamiljer med ekonomiskt bistånd", "Antal familjer med ekonomiskt bistånd"),
        ("Antal skolbarn i fritidshem", "Antal barn i fritidshem"),
    ],
)
def test_a_compound_that_narrows_a_name_is_no_evidence(a: str, b: str) -> None:
    """ "barnfamiljer" is a kind of "familjer": splitting it leaves "barn" on one side only."""
    m = morphology(normalize_name(a), normalize_name(b))
    assert not m.same_words
    res = match([occ("d19", 2019, a, units=("count",)), occ("d20", 2020, b, units=("count",))], workers=1)
    assert not tied(res, a, b)
