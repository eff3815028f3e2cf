"""Swedish morphology as match evidence: a compound in one name that the other prints as two
words, and words that are one word in another form.

Swedish writes "Långtidssjukskrivning" one year and "Sjukskrivning, lång" the next, "Antal
placeringsdygn" and "Antal dygn i placering".  Token scores see different words.  Two named
steps, each reported in the pair's evidence:

* ``compound_split``: a word of one name that ends (or starts) with a word of the other name is
  split there, a linking ``s`` dropped ("långtids" + "sjukskrivning" -> "långtid", "sjukskrivning");
* ``synonyms``: word forms that mean the same in an indicator's name, from
  :data:`kpi.pipeline.match.vocabulary.MORPHOLOGY_SYNONYMS` ("långtid" = "lång").

The evidence counts only when the two names then hold the same words: the difference was all
morphology.  A split that leaves a word on one side only ("barnfamiljer" / "familjer") is no
evidence, so a narrower indicator is never tied to a broader one this way.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kpi.pipeline.match import vocabulary as V
from kpi.pipeline.match.names import NormName, ascii_fold, stem

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


def _as_word(part: str, others: tuple[str, ...]) -> str:
    """A compound's part as the other name's word: without its linking ``s`` and in the stem form
    the normalizer gives that word ("budget" is "budg" there)."""
    for form in (part, part[:-1] if part.endswith(LINKING) else part):
        for f in (form, ascii_fold(stem(form))):
            if f in others:
                return f
    return part


def _both_parts(t: str, others: tuple[str, ...]) -> tuple[str, str] | None:
    """A split of ``t`` whose two parts are both words of the other name, if there is one."""
    for i in range(COMPOUND_REST_MIN, len(t) - COMPOUND_REST_MIN + 1):
        head, tail = _as_word(t[:i], others), _as_word(t[i:], others)
        if head in others and tail in others and head != tail:
            return head, tail
    return None


def _split(tokens: tuple[str, ...], others: tuple[str, ...]) -> tuple[tuple[str, ...], list[str]]:
    """Each word of ``tokens`` that the other name prints as parts, split into them."""
    out: list[str] = []
    done: list[str] = []
    parts = [o for o in others if len(o) >= COMPOUND_PART_MIN and o.isalpha()]
    for t in tokens:
        if t in others or not t.isalpha():
            out.append(t)
            continue
        both = _both_parts(t, others)
        if both:
            out += both
            done.append(f"{t} = {both[0]} + {both[1]}")
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


def _minor_parts(
    tokens: tuple[str, ...], others: tuple[str, ...], other_minor: frozenset[str]
) -> tuple[tuple[str, ...], list[str]]:
    """``tokens`` without the compound parts the other name prints only as minor words."""
    keep = tuple(t for t in tokens if t in others or t not in other_minor)
    return keep, [t for t in tokens if t not in keep]


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
    minor: list[str] = []
    if split_a or split_b:  # a part the other name prints as a minor word ("Bidrag för kommun")
        ta, minor_a = _minor_parts(ta, tb, b.minor_words)
        tb, minor_b = _minor_parts(tb, ta, a.minor_words)
        minor = minor_a + minor_b
    reasons = []
    if split_a or split_b:
        extra = f"; printed as a minor word: {', '.join(minor)}" if minor else ""
        reasons.append(f"compound_split ({'; '.join(split_a + split_b)}{extra})")
    if syn_a or syn_b:
        reasons.append(f"synonyms ({'; '.join(dict.fromkeys(syn_a + syn_b))})")
    if not reasons:
        return Morphology(a, b, ())
    return Morphology(replace(a, tokens=ta), replace(b, tokens=tb), tuple(reasons))
