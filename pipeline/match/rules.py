"""Named match rules: how a pair (printed name, candidate indicator) is scored and decided.

Each rule looks at one kind of evidence and returns a score adjustment (or a veto) together with
a short reason; :func:`score_pair` adds them to the name similarity and keeps every reason, so a
decision can always be explained.  Thresholds are arguments (:class:`Thresholds`), not globals.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from kpi.pipeline.match import vocabulary as V
from kpi.pipeline.match.methods import Verdict
from kpi.pipeline.match.morphology import morphology
from kpi.pipeline.match.names import NormName, normalize_name
from kpi.pipeline.match.occurrences import Occurrence


@dataclass(frozen=True)
class Thresholds:
    """Decision thresholds on the 0-100 pair score."""

    accept: float = 85.0
    """At or above: the pair is tied automatically (method `exact` or `fuzzy`)."""
    review: float = 70.0
    """At or above (and below `accept`): the pair goes to the review list; the name stays its own
    indicator until a researcher marks it `same`.  Below: a new indicator."""
    candidate: float = 40.0
    """Token-sorted similarity a pair needs to be scored at all (the fast first pass)."""
    top_k: int = 6
    """Candidates per printed name kept from the first pass for full scoring."""
    goal_min: float = 75.0
    """Goal-context similarity an ambiguous (generic) name needs to tie to a same-named one."""


UNIT_GROUPS: tuple[frozenset[str], ...] = (
    frozenset({"percent", "index", "scale"}),
    frozenset({"kr", "tkr", "mkr", "mnkr"}),
    frozenset({"days"}),
    frozenset({"count"}),
    frozenset({"bool", "scale", "percent"}),
)
"""Units that can stand for the same indicator in two documents (a satisfaction index printed
as "83 %" one year and "83" the next; Ja/Nej printed as 1/0 or as a share of units)."""

VALUE_AGREE_BONUS = 8.0
"""Added when both sides print an outcome for the same period and the values agree."""
VALUE_CONFLICT_PENALTY = 12.0
"""Subtracted when both sides print an outcome for the same period and every one disagrees."""
UNIT_CONFLICT_PENALTY = 10.0
"""Subtracted when both sides have numeric units and no unit group holds both."""
MEASURE_CONFLICT_PENALTY = 15.0
"""Subtracted when the names measure different things ("Andel ..." vs "Antal ...")."""
NUMBER_ONE_SIDED_PENALTY = 10.0
"""Subtracted when only one name has defining numbers ("antal" vs "antal/10 000 inv")."""
GOAL_AGREE_BONUS = 3.0
"""Added when the goal contexts are (nearly) the same."""
SUBSTITUTION_PENALTY = 15.0
"""Subtracted when each name has a content word the other lacks (a word replaced by another:
"Röster på Centerpartiet ..." vs "Röster på Moderaterna ...", "... barn" vs "... vuxna")."""
TOKEN_MATCH = 80.0
"""Two words are the same word (spelling, typo, agreement) at this similarity or when one is a
prefix of the other of at least PREFIX_MIN letters."""
PREFIX_MIN = 5
SUBSET_WEIGHT = 0.9
"""Weight of the token-set score (one name's words contained in the other's)."""
VALUE_RELATIVE_TOLERANCE = 0.02
"""Two printed outcomes that differ by rounding agree; within this share they are close (neither
evidence for nor against); further apart they conflict."""
RATE_ONE_SIDED_PENALTY = 10.0
"""Subtracted when one name is a rate ("kg/inv") and the other is not ("kg"), or the two divide
by different things ("kr/inv" vs "kr/elev")."""
TARGET_BOUND_CONFLICT_PENALTY = 10.0
"""Subtracted when both names print their own target and one is a floor ("minst"), the other a
ceiling ("högst", "ska understiga"): the indicators point different ways."""
AMBIGUOUS_CONTEXT_WEIGHT = 0.5
"""A name printed under several contexts of one document (a budget row under "Intäkter" and
"Kostnader", one goal's indicator under two goals): each point of context similarity below 100
costs this much, so the candidate under the same context wins the one-to-one assignment."""
VETO_SCORE = 0.0
BRIDGE_MIN = 85.0
"""Both names must be this close to a Kolada code's catalogue title for the title to tie them."""
BRIDGE_BONUS = 6.0
"""Added when both names are close to the catalogue title of the code one of them prints."""
MORPHOLOGY_SCORE = 90.0
"""Name score of two names that hold the same words once compounds are split and word forms
unified (kpi.pipeline.match.morphology): as good as a near-identical spelling, below an exact match,
so that other evidence (values, units, goals) still counts."""


@dataclass
class PairScore:
    """The score of one pair and the reasons behind it."""

    name: float
    score: float
    reasons: list[str] = field(default_factory=list)
    vetoed: bool = False

    def evidence(self) -> str:
        return "; ".join([f"name {self.name:.1f}", *self.reasons])


def name_similarity(a: NormName, b: NormName) -> float:
    """0-100 similarity of two normalized names: order-free, tolerant of added words."""
    if a.text == b.text:
        return 100.0
    if not a.tokens or not b.tokens:
        return 0.0
    sort = fuzz.ratio(a.sorted_text, b.sorted_text)
    seq = fuzz.ratio(a.text, b.text)
    subset = fuzz.token_set_ratio(a.text, b.text) * SUBSET_WEIGHT
    shorter = min(len(a.text), len(b.text))
    if shorter < 8:  # a very short name inside a long one says little
        subset *= 0.85
    return max(sort, seq, subset)


def _unit_groups(units: frozenset[str]) -> set[int]:
    return {i for i, g in enumerate(UNIT_GROUPS) if units & g}


def rule_units(a: Occurrence, units_b: frozenset[str]) -> tuple[float, str | None]:
    if not a.units or not units_b:
        return 0.0, None
    if _unit_groups(a.units) & _unit_groups(units_b):
        return 0.0, None
    return -UNIT_CONFLICT_PENALTY, f"units differ ({a.unit} vs {','.join(sorted(units_b))})"


def _decimals(raw: str) -> int:
    digits = "".join(c for c in raw if c.isdigit() or c in ",.")
    for sep in (",", "."):
        if sep in digits:
            return len(digits.rsplit(sep, 1)[1])
    return 0


def values_agree(x: float, raw_x: str, y: float, raw_y: str, rel_tol: float = 0.0) -> bool:
    """Equal at the coarser printed precision (or within ``rel_tol`` of each other)."""
    d = min(_decimals(raw_x), _decimals(raw_y))
    if abs(x - y) <= 0.5 * 10 ** (-d) + 1e-9:
        return True
    return rel_tol > 0 and math.isclose(x, y, rel_tol=rel_tol, abs_tol=1e-9)


def rule_values(a: Occurrence, values_b: dict[str, tuple[float, str]]) -> tuple[float, str | None]:
    common = sorted(set(a.values) & set(values_b))
    if not common:
        return 0.0, None
    agree = [p for p in common if values_agree(a.values[p][0], a.values[p][1], *values_b[p])]
    if agree:
        return VALUE_AGREE_BONUS, f"same outcome for {', '.join(agree)}"
    close = [
        p
        for p in common
        if values_agree(a.values[p][0], a.values[p][1], *values_b[p], rel_tol=VALUE_RELATIVE_TOLERANCE)
    ]
    if close:
        return 0.0, f"outcome {close[0]} close ({a.values[close[0]][1]} vs {values_b[close[0]][1]})"
    p = common[0]
    return -VALUE_CONFLICT_PENALTY, f"outcome {p} differs ({a.values[p][1]} vs {values_b[p][1]})"


def rule_target_bound(a: NormName, b: NormName) -> tuple[float, str | None]:
    """``target_bound``: both names carry a target; a floor and a ceiling are different aims."""
    if a.target_bound and b.target_bound and a.target_bound != b.target_bound:
        return (
            -TARGET_BOUND_CONFLICT_PENALTY,
            f"target directions differ ({a.target_bound} / {b.target_bound})",
        )
    return 0.0, None


def rule_rate(a: NormName, b: NormName) -> tuple[float, str | None]:
    """``rate``: a total and a rate per inhabitant (or per pupil, per day) are different measures."""
    if a.per != b.per and not (a.per and b.per and (a.per.endswith(b.per) or b.per.endswith(a.per))):
        return -RATE_ONE_SIDED_PENALTY, f"rates differ (per {a.per or '-'} / per {b.per or '-'})"
    return 0.0, None


def _measure_groups(n: NormName) -> set[int]:
    toks = set(n.tokens)
    return {i for i, g in enumerate(V.MEASURE_WORDS) if toks & g}


def rule_measure(a: NormName, b: NormName) -> tuple[float, str | None]:
    ga, gb = _measure_groups(a), _measure_groups(b)
    if ga and gb and not (ga & gb):
        return -MEASURE_CONFLICT_PENALTY, "measures differ (share / count / price)"
    return 0.0, None


def _unmatched(xs: tuple[str, ...], ys: tuple[str, ...]) -> list[str]:
    out = []
    for x in xs:
        if x[0].isdigit() or x in ys:
            continue
        if any(
            (len(x) >= PREFIX_MIN and y.startswith(x))
            or (len(y) >= PREFIX_MIN and x.startswith(y))
            or fuzz.ratio(x, y) >= TOKEN_MATCH
            for y in ys
        ):
            continue
        out.append(x)
    return out


def rule_numbers(a: NormName, b: NormName) -> tuple[float, str | None]:
    if bool(a.numbers) != bool(b.numbers):
        return (
            -NUMBER_ONE_SIDED_PENALTY,
            f"numbers on one side only ({' '.join(sorted(a.numbers | b.numbers))})",
        )
    return 0.0, None


def rule_substitution(a: NormName, b: NormName) -> tuple[float, str | None]:
    ua, ub = _unmatched(a.tokens, b.tokens), _unmatched(b.tokens, a.tokens)
    if ua and ub:
        return -SUBSTITUTION_PENALTY, f"words differ ({' '.join(ua[:3])} / {' '.join(ub[:3])})"
    return 0.0, None


def vetoes(a: NormName, b: NormName) -> str | None:
    """Hard rules: differences that make two names different indicators whatever the rest says."""
    if a.numbers and b.numbers and a.numbers != b.numbers:
        return f"numbers differ ({' '.join(sorted(a.numbers))} vs {' '.join(sorted(b.numbers))})"
    if a.paren_numbers and b.paren_numbers and a.paren_numbers != b.paren_numbers:
        return (
            f"explaining numbers differ ({' '.join(sorted(a.paren_numbers))}"
            f" vs {' '.join(sorted(b.paren_numbers))})"
        )
    if a.negated != b.negated:
        return "one name is negated"
    if a.organs and b.organs and not (a.organs & b.organs):
        return f"organs differ ({','.join(sorted(a.organs))} vs {','.join(sorted(b.organs))})"
    return None


def goal_similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    return fuzz.token_sort_ratio(a, b)


def score_pair(
    a: Occurrence,
    b_norm: NormName,
    b_context: str,
    units_b: frozenset[str],
    values_b: dict[str, tuple[float, str]],
    ambiguous: bool,
    th: Thresholds,
    codes_b: frozenset[str] = frozenset(),
) -> PairScore:
    """Score printed occurrence ``a`` against one name (with its evidence) of a candidate."""
    name = name_similarity(a.norm, b_norm)
    ps = PairScore(name=name, score=name)
    bridge = kolada_bridge(a, b_norm, codes_b)
    morph = morphology(a.norm, b_norm) if name < 100.0 else None
    if morph is not None and morph.same_words:
        # the names differ only by compounds and word forms: score them as the same words
        name = ps.name = ps.score = max(name, MORPHOLOGY_SCORE)
        ps.reasons.extend(morph.reasons)
    veto = vetoes(a.norm, b_norm)
    if veto:
        ps.reasons.append(veto)
        ps.score, ps.vetoed = VETO_SCORE, True
        return ps
    goal = goal_similarity(a.context, b_context)
    if ambiguous and goal < th.goal_min:
        ps.reasons.append(f"generic name under another goal (goal {goal:.0f})")
        ps.score, ps.vetoed = min(ps.score, th.review - 1), True
        return ps
    na, nb = (morph.a, morph.b) if morph is not None and morph.same_words else (a.norm, b_norm)
    rules: list[tuple[float, str | None]] = [
        rule_substitution(na, nb),
        rule_numbers(na, nb),
        rule_measure(na, nb),
        rule_units(a, units_b),
        rule_values(a, values_b),
        rule_target_bound(na, nb),
        rule_rate(na, nb),
    ]
    if bridge is not None:
        rules.append((BRIDGE_BONUS, bridge))
    for delta, why in rules:
        if why:
            ps.score += delta
            ps.reasons.append(why)
    if goal >= th.goal_min:
        ps.score += GOAL_AGREE_BONUS
        ps.reasons.append(f"same goal ({goal:.0f})")
    if ambiguous and goal < 100.0:
        ps.score -= (100.0 - goal) * AMBIGUOUS_CONTEXT_WEIGHT
        ps.reasons.append(f"printed under several contexts; this one {goal:.0f} alike")
    ps.score = max(0.0, min(100.0, ps.score))
    return ps


@lru_cache(maxsize=4096)
def _title_norm(code: str) -> NormName | None:
    from kpi.extractors.indicators.kolada import title

    text = title(code)
    return normalize_name(text) if text else None


def kolada_bridge(a: Occurrence, b_norm: NormName, codes_b: frozenset[str]) -> str | None:
    """``kolada_title_bridge``: one side is coded, the other not, and both names are close to
    the code's catalogue title (at least :data:`BRIDGE_MIN`): evidence worth
    :data:`BRIDGE_BONUS` that the uncoded name is that code's indicator too."""
    if bool(a.code) == bool(codes_b) or len(codes_b) > 1:
        return None
    code = a.code or next(iter(codes_b))
    t = _title_norm(code)
    if t is None:
        return None
    to_a, to_b = name_similarity(a.norm, t), name_similarity(b_norm, t)
    weaker = min(to_a, to_b)
    if weaker < BRIDGE_MIN:
        return None
    for side in (a.norm, b_norm):  # "… svenska …" is close to a title on "… matematik …" too
        if rule_substitution(side, t)[1] or vetoes(side, t):
            return None
    return f"kolada_title_bridge ({code}: {to_a:.0f} / {to_b:.0f} to its title)"


def decide(score: float, th: Thresholds) -> Verdict:
    """`accept`, `review` or `new` for a final pair score."""
    if score >= th.accept:
        return Verdict.ACCEPT
    if score >= th.review:
        return Verdict.REVIEW
    return Verdict.NEW
