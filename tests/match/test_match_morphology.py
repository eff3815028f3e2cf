"""Swedish morphology as evidence: compounds written as two words, word forms that are one word.

Each pair is tied across two years' plans through the whole matcher, with the morphology step
named in the evidence; names that differ by more than morphology stay apart."""

from __future__ import annotations

import pytest

from kpi.pipeline.match.matcher import match
from kpi.pipeline.match.morphology import morphology
from kpi.pipeline.match.names import normalize_name
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


def test_each_occurrence_shows_the_method_that_tied_it() -> None:
    """A researcher marks an uncoded 2019 name `same` as a coded 2020 name: the 2019 name is tied
    by the decision (`manual`), the 2020 name by its code (`code`) — not the other way round."""
    from kpi.pipeline.match.crosswalk import Decision

    a = "Hållbart medarbetarengagemang, HME, inom IFO avseende ledarskap"
    b = "Medarbetarengagemang (HME) individ- och familjeomsorg – Ledarskapsindex"
    occs = [occ("d19", 2019, a), occ("d20", 2020, b, code="U30202")]
    d = Decision("pair", "same", None, "d19", a, None, "d20", b, None)
    res = match(occs, decisions=[d], workers=1)
    methods = {o.name: str(res.ties[i].method) for i, o in enumerate(res.occurrences)}
    assert tied(res, a, b)
    assert methods == {a: "manual", b: "code"}


def test_one_name_printed_twice_in_one_document_is_one_indicator() -> None:
    """A plan prints "Antal hushåll med ekonomiskt bistånd" under two goals with the same 2018
    outcome: one indicator. Two different names side by side, and a repeated name whose values
    disagree, stay apart."""
    n = "Antal hushåll med ekonomiskt bistånd"
    same = {"2018": (412.0, "412")}
    occs = [
        occ("d19", 2019, n, section="Mål 1", values=same, units=("count",)),
        occ("d19", 2019, n, section="Mål 3", values=same, units=("count",)),
        occ(
            "d19", 2019, "Antal hushåll med försörjningsstöd", section="Mål 3", values=same, units=("count",)
        ),
        occ("d20", 2020, "Andel nöjda brukare", section="Mål 1", values={"2019": (80.0, "80")}),
        occ("d20", 2020, "Andel nöjda brukare", section="Mål 2", values={"2019": (75.0, "75")}),
    ]
    res = match(occs, workers=1)
    by = {(o.name, o.section_path): i for i, o in enumerate(res.occurrences)}
    assert res.cluster_of(by[(n, "Mål 1")]) == res.cluster_of(by[(n, "Mål 3")])
    assert "printed twice" in (res.ties[by[(n, "Mål 3")]].evidence or "")
    assert res.cluster_of(by[(n, "Mål 3")]) != res.cluster_of(
        by[("Antal hushåll med försörjningsstöd", "Mål 3")]
    )
    assert res.cluster_of(by[("Andel nöjda brukare", "Mål 1")]) != res.cluster_of(
        by[("Andel nöjda brukare", "Mål 2")]
    )


def test_a_kolada_title_bridges_a_coded_and_an_uncoded_name() -> None:
    """Both names are close to N00090's catalogue title ("Sjukfrånvaro totalt bland anställda,
    kommun, andel (%)"): evidence that the uncoded one is that indicator too, named in the pair's
    reasons; without the code there is no bridge."""
    from kpi.pipeline.match.rules import BRIDGE_BONUS, Thresholds, score_pair

    a = occ("d19", 2019, "Total sjukfrånvaro bland anställda")
    b = normalize_name("Andel sjukfrånvaro totalt, kommunens anställda")
    coded = score_pair(a, b, "", frozenset({"percent"}), {}, False, Thresholds(), frozenset({"N00090"}))
    plain = score_pair(a, b, "", frozenset({"percent"}), {}, False, Thresholds(), frozenset())
    assert "kolada_title_bridge (N00090" in coded.evidence()
    assert coded.score == plain.score + BRIDGE_BONUS
    two_codes = score_pair(
        occ("d19", 2019, "Total sjukfrånvaro bland anställda", code="N00090"),
        b,
        "",
        frozenset({"percent"}),
        {},
        False,
        Thresholds(),
        frozenset({"N00090"}),
    )
    assert "kolada_title_bridge" not in two_codes.evidence()  # both coded: the code decides
