"""Swedish morphology as match evidence: a compound in one name that the other prints as two
words, and words that are one word in another form.

Swedish writes "Långtidssjukskrivning" one year and "Sjukskrivning, lång" the next, "Antal
placeringsdygn" and "Antal dygn i placering".  Token scores see different words.  Two named
steps, each reported in the pair's evidence:

* ``compound_split``: a word of one name that ends (or starts) with a word of the other name is
  split there, a linking ``s`` dropped ("långtids" + "sjukskrivning" -> "långtid", "sjukskrivning");
* ``synonyms``: word forms that mean the same in an indicator's name, from
  :data:`pipeline.match.vocabulary.MORPHOLOGY_SYNONYMS` ("långtid" = "lång").

The evidence counts only when the two names then hold the same words: the difference was all
morphology.  A split that leaves a word on one side only ("barnfamiljer" / "familjer") is no
evidence, so a narrower indicator is never tied to a broader one this way.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from pipeline.match import vocabulary as V
from pipeline.match.names import NormName

COMPOUND_PART_MIN = 4
"""Letters a word must have to be taken as a part of a compound in the other name."""
COMPOUND_REST_MIN = 3
"""Letters the rest of the compound must keep (so "barnen" is not "barn" + "en")."""
LINKING = "s"
"""The linking letter between the parts of a Swedish compound ("långtid-s-sjukskrivning")."""


@dataclass(frozen=True)
class Morphology:
    """Two names rewritten by the morphology steps, and what each step did."""

    a: NormName
    b: NormName
    reasons: tuple[str, ...]

    @property
    def same_words(self) -> bool:
        return bool(self.reasons) and sorted(self.a.tokens) == sorted(self.b.tokens)


def _split(tokens: tuple[str, ...], others: tuple[str, ...]) -> tuple[tuple[str, ...], list[str]]:
    """Each word of ``tokens`` that the other name prints as parts, split into them."""
    out: list[str] = []
    done: list[str] = []
    parts = [o for o in others if len(o) >= COMPOUND_PART_MIN and o.isalpha()]
    for t in tokens:
        if t in others or not t.isalpha():
            out.append(t)
            continue
        for o in sorted(parts, key=len, reverse=True):
            if t.endswith(o) and len(t) - len(o) >= COMPOUND_REST_MIN:
                head = t[: -len(o)]
                if head.endswith(LINKING) and len(head) - 1 >= COMPOUND_REST_MIN:
                    head = head[:-1]
                out += [head, o]
                done.append(f"{t} = {head} + {o}")
                break
            if t.startswith(o) and len(t) - len(o) >= COMPOUND_REST_MIN:
                tail = t[len(o) :]
                if tail.startswith(LINKING) and len(tail) - 1 >= COMPOUND_REST_MIN:
                    tail = tail[1:]
                out += [o, tail]
                done.append(f"{t} = {o} + {tail}")
                break
        else:
            out.append(t)
    return tuple(out), done


def _synonyms(tokens: tuple[str, ...]) -> tuple[tuple[str, ...], list[str]]:
    out, done = [], []
    for t in tokens:
        s = V.MORPHOLOGY_SYNONYMS.get(t, t)
        if s != t:
            done.append(f"{t} = {s}")
        out.append(s)
    return tuple(out), done


def morphology(a: NormName, b: NormName) -> Morphology:
    """Both names with compounds split against each other and synonyms unified."""
    ta, syn_a = _synonyms(a.tokens)  # word forms before compounds ("kortvarig" is "kort") ...
    tb, syn_b = _synonyms(b.tokens)
    ta, split_a = _split(ta, tb)
    tb, split_b = _split(tb, ta)
    ta, more_a = _synonyms(ta)  # ... and the parts compounds split into ("långtid" is "lång")
    tb, more_b = _synonyms(tb)
    syn_a, syn_b = syn_a + more_a, syn_b + more_b
    reasons = []
    if split_a or split_b:
        reasons.append(f"compound_split ({'; '.join(split_a + split_b)})")
    if syn_a or syn_b:
        reasons.append(f"synonyms ({'; '.join(dict.fromkeys(syn_a + syn_b))})")
    if not reasons:
        return Morphology(a, b, ())
    return Morphology(replace(a, tokens=ta), replace(b, tokens=tb), tuple(reasons))
