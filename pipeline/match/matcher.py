"""Tie every printed occurrence to one canonical indicator.

Methods, in this order:

1. ``manual`` — researchers' decisions (crosswalk): `same` pairs are merged, `different` pairs
   can never be, and confirmed Kolada codes are given to their names;
2. ``code`` — occurrences printed with the same Kolada code are one (national) indicator;
3. ``exact`` / ``fuzzy`` — per municipality (and compatible organ), document by document in
   chronological order, each still-unlinked name is compared with the indicators already seen in
   earlier documents; names are scored (:mod:`kpi.pipeline.match.rules`) and tied one-to-one per
   document by assignment on the score matrix (never by chaining); pairs in the review band are
   listed for a researcher instead of being tied;
4. ``new`` — everything else starts its own indicator.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process

from kpi.pipeline.match.assign import components, linear_sum_assignment
from kpi.pipeline.match.clusters import Clusters
from kpi.pipeline.match.crosswalk import Decision, OccurrenceIndex, resolve
from kpi.pipeline.match.methods import MatchMethod, Verdict
from kpi.pipeline.match.occurrences import Occurrence
from kpi.pipeline.match.rules import PairScore, Thresholds, decide, score_pair, values_agree

ORGAN_MIN = 80.0
"""Token-set similarity two organ names need to be compared (when both are known)."""
ASSIGN_TEMPERATURE = 4.0
"""Assignment maximizes the sum of exp((score - 100) / T): one near-certain pair outweighs two
middling ones (a plain sum would trade an exact match for two weaker ties)."""
WORKERS = -1
"""rapidfuzz cdist worker threads (-1: all cores)."""


@dataclass
class Tie:
    """How one occurrence was tied to its indicator."""

    method: MatchMethod = MatchMethod.NEW
    score: float | None = None
    evidence: str = ""


@dataclass
class ReviewPair:
    """An uncertain pair: occurrence ``a`` (later) against occurrence ``b`` of a candidate."""

    a: int
    b: int
    score: float
    evidence: str


@dataclass
class MatchResult:
    occurrences: list[Occurrence]
    clusters: Clusters
    ties: list[Tie]
    reviews: list[ReviewPair] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)

    def cluster_of(self, i: int) -> int:
        return self.clusters.find(i)


def organs_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Unknown organs are compatible with anything; known ones need one similar part."""
    if not a or not b:
        return True
    return any(fuzz.token_set_ratio(x, y) >= ORGAN_MIN for x in a for y in b)


class _Block:
    """Matching state of one municipality: documents in order, columns seen so far."""

    def __init__(self, occs: list[Occurrence], idx: list[int]):
        self.idx = idx
        self.by_doc: dict[str, list[int]] = defaultdict(list)
        for i in idx:
            self.by_doc[occs[i].doc_id].append(i)
        self.docs = sorted(self.by_doc, key=lambda d: occs[self.by_doc[d][0]].doc_order)
        self.doc_rank = {d: r for r, d in enumerate(self.docs)}
        # generic names: one normalized text under two goals of one document
        self.ambiguous: set[str] = set()
        for members in self.by_doc.values():
            seen: dict[str, str] = {}
            for i in members:
                t, c = occs[i].norm.text, occs[i].context
                if t in seen and seen[t] != c:
                    self.ambiguous.add(t)
                seen.setdefault(t, c)
        self.members: dict[int, list[int]] = defaultdict(list)  # cluster root -> members here
        self.earliest: dict[int, int] = {}  # cluster root -> rank of its first document here

    def merge(self, r1: int, r2: int, root: int) -> None:
        """Keep the per-root state after clusters r1 and r2 became ``root``."""
        members = self.members.pop(r1, []) + self.members.pop(r2, [])
        self.members[root] = members
        self.earliest[root] = min(self.earliest.pop(r1, 1 << 30), self.earliest.pop(r2, 1 << 30))


def _manual(result: MatchResult, decisions: list[Decision]) -> None:
    occs, cl = result.occurrences, result.clusters
    index = OccurrenceIndex(occs)
    for d in decisions:
        side_a, side_b = resolve(d, index)
        if d.kind == "kolada_title" and d.decision == "same" and d.code_b:
            for i in side_a:
                if not occs[i].code:
                    occs[i].code = d.code_b
                    cl.data[cl.find(i)].codes.add(d.code_b)
                    result.ties[i] = Tie(
                        MatchMethod.MANUAL, None, f"Kolada code {d.code_b} confirmed by a researcher"
                    )
        elif d.kind == "pair" and d.decision == "different":
            for i in side_a:
                for j in side_b:
                    cl.add_cannot_link(i, j)
    for d in decisions:
        if d.kind != "pair" or d.decision != "same":
            continue
        side_a, side_b = resolve(d, index)
        for i in side_a:
            for j in side_b:
                why = cl.union(i, j)
                if why:
                    result.conflicts.append(
                        f"manual 'same' not applied ({why}): {occs[i].name!r} / {occs[j].name!r}"
                    )
                else:
                    decided = _tied_by_decision(occs[i], occs[j], i, j)
                    result.ties[decided] = Tie(MatchMethod.MANUAL, None, "marked same by a researcher")


def _within_documents(result: MatchResult) -> None:
    """One name printed twice in one document (under two goals) with the same values is one
    indicator: the later occurrence is tied to the first, method ``exact``.  Two different names
    side by side stay apart (the clusters' same-document rule), and so does a repeated name whose
    values disagree or that prints no value to compare."""
    occs, cl = result.occurrences, result.clusters
    groups: dict[tuple[str, str, frozenset[str], frozenset[str]], list[int]] = defaultdict(list)
    for i, o in enumerate(occs):
        if o.norm.tokens:
            groups[(o.doc_id, o.norm.text, o.norm.numbers, o.norm.organs)].append(i)
    for members in groups.values():
        first = members[0]
        for i in members[1:]:
            a, b = occs[first], occs[i]
            common = sorted(set(a.values) & set(b.values))
            if not common or not all(values_agree(*a.values[p], *b.values[p]) for p in common):
                continue
            if a.code and b.code and a.code != b.code:
                continue
            why = cl.union(first, i, within_document=True)
            if why:
                result.conflicts.append(f"not tied ({why}): {a.name!r} printed twice in {a.doc_id[:12]}")
                continue
            result.ties[i] = Tie(
                MatchMethod.EXACT,
                100.0,
                f"same name printed twice in one document, same outcome for {', '.join(common)}; "
                f"matched {a.name!r} under {a.section_path!r}",
            )


def _tied_by_decision(a: Occurrence, b: Occurrence, i: int, j: int) -> int:
    """Which of two occurrences a researcher's `same` ties: the one without a Kolada code when
    the other has one (the coded one is tied to its indicator by its code), else the later one
    (the earlier one starts the indicator)."""
    if bool(a.code) != bool(b.code):
        return j if a.code else i
    return max((i, a), (j, b), key=lambda t: t[1].sort_key)[0]


def _by_code(result: MatchResult) -> None:
    occs, cl = result.occurrences, result.clusters
    first: dict[str, int] = {}
    for i in sorted(range(len(occs)), key=lambda k: occs[k].sort_key):
        code = occs[i].code
        if not code:
            continue
        if result.ties[i].method != MatchMethod.MANUAL:
            result.ties[i] = Tie(MatchMethod.CODE, None, f"Kolada code {code}")
        if code not in first:
            first[code] = i
            continue
        why = cl.union(first[code], i)
        if why:
            result.conflicts.append(
                f"code {code} not tied ({why}): {occs[i].name!r} in {occs[i].doc_id[:12]}"
            )


Candidate = tuple[int, int, float, PairScore, int]
"""(row occurrence, candidate cluster root, score, its reasons, the candidate occurrence)."""
Evidence = tuple[frozenset[str], dict[str, tuple[float, str]]]
"""A cluster's units and outcome values by period (see :func:`_cluster_evidence`)."""


def _assign(rows: list[int], cands: list[Candidate]) -> list[Candidate]:
    """One-to-one assignment maximizing the total score (per connected component)."""
    if not cands:
        return []
    label = components((c[0], c[1]) for c in cands)
    comps: dict[Hashable, list[Candidate]] = defaultdict(list)
    for c in cands:
        comps[label[c[0]]].append(c)
    chosen: list[Candidate] = []
    for comp in comps.values():
        rr = sorted({c[0] for c in comp})
        cc = sorted({c[1] for c in comp})
        m = np.zeros((len(rr), len(cc)))
        best: dict[tuple[int, int], Candidate] = {}
        for c in comp:
            r, k = rr.index(c[0]), cc.index(c[1])
            m[r, k] = np.exp((c[2] - 100.0) / ASSIGN_TEMPERATURE)
            best[(r, k)] = c
        row_ind, col_ind = linear_sum_assignment(m.tolist(), maximize=True)
        chosen.extend(best[(a, b)] for a, b in zip(row_ind, col_ind, strict=False) if (a, b) in best)
    return chosen


def _match_block(result: MatchResult, block: _Block, th: Thresholds, workers: int) -> None:
    occs, cl = result.occurrences, result.clusters
    col_members: list[int] = []
    col_texts: list[str] = []
    seen_cols: set[tuple[int, str]] = set()
    organ_ok: dict[tuple[str, str], bool] = {}
    for i in block.idx:  # clusters made by manual decisions or codes, as seen in this block
        r = cl.find(i)
        block.members[r].append(i)
        block.earliest[r] = min(block.earliest.get(r, 1 << 30), block.doc_rank[occs[i].doc_id])
    for doc in block.docs:
        members = block.by_doc[doc]
        rank = block.doc_rank[doc]
        rows = [i for i in members if block.earliest[cl.find(i)] >= rank]
        if rows and col_members:
            _match_doc(result, block, rows, col_members, col_texts, organ_ok, th, workers)
        for i in members:  # this document's names become columns for later documents
            key = (cl.find(i), occs[i].norm.text)
            if key not in seen_cols and occs[i].norm.tokens:
                seen_cols.add(key)
                col_members.append(i)
                col_texts.append(occs[i].norm.sorted_text)


def _cluster_evidence(result: MatchResult, block: _Block, root: int, cache: dict[int, Evidence]) -> Evidence:
    """Units and outcome values (newest first) of a cluster's occurrences in this block."""
    if root not in cache:
        occs = result.occurrences
        units: set[str] = set()
        values: dict[str, tuple[float, str]] = {}
        for m in sorted(block.members[root], key=lambda k: occs[k].sort_key, reverse=True):
            units |= occs[m].units
            for p, v in occs[m].values.items():
                values.setdefault(p, v)
        cache[root] = (frozenset(units), values)
    return cache[root]


def _match_doc(
    result: MatchResult,
    block: _Block,
    rows: list[int],
    col_members: list[int],
    col_texts: list[str],
    organ_ok: dict[tuple[str, str], bool],
    th: Thresholds,
    workers: int,
) -> None:
    occs, cl = result.occurrences, result.clusters
    doc = occs[rows[0]].doc_id
    row_texts = [occs[i].norm.sorted_text for i in rows]
    sim = process.cdist(
        row_texts, col_texts, scorer=fuzz.ratio, dtype=np.uint8, score_cutoff=th.candidate, workers=workers
    )
    exact: dict[str, list[int]] = defaultdict(list)
    for c, m in enumerate(col_members):
        exact[occs[m].norm.text].append(c)
    k = min(th.top_k, len(col_members))
    evidence_cache: dict[int, Evidence] = {}
    best: dict[tuple[int, int], tuple[float, PairScore, int]] = {}
    for r, i in enumerate(rows):
        a = occs[i]
        cols = set(exact.get(a.norm.text, ()))
        row = sim[r]
        if k < len(col_members):
            top = np.argpartition(row, -k)[-k:]
        else:
            top = np.arange(len(col_members))
        cols.update(int(c) for c in top if row[c] > 0)
        for c in cols:
            m = col_members[c]
            b = occs[m]
            ok = organ_ok.get((doc, b.doc_id))
            if ok is None:
                ok = organs_compatible(a.organ_parts, b.organ_parts)
                organ_ok[(doc, b.doc_id)] = ok
            if not ok:
                continue
            root = cl.find(m)
            if cl.why_not(i, m):
                continue
            units_b, values_b = _cluster_evidence(result, block, root, evidence_cache)
            ps = score_pair(
                a,
                b.norm,
                b.context,
                units_b,
                values_b,
                a.norm.text in block.ambiguous and a.norm.text == b.norm.text,
                th,
                frozenset(cl.data[root].codes) if root in cl.data else frozenset(),
            )
            if ps.score >= th.review and ps.score > best.get((i, root), (-1.0,))[0]:
                best[(i, root)] = (ps.score, ps, m)
    cands = [(i, root, s, ps, m) for (i, root), (s, ps, m) in best.items()]
    sure = _assign(rows, [c for c in cands if c[2] >= th.accept])
    taken_rows, taken_roots = {c[0] for c in sure}, {c[1] for c in sure}
    unsure = _assign(
        rows, [c for c in cands if c[2] < th.accept and c[0] not in taken_rows and c[1] not in taken_roots]
    )
    for i, _root, score, ps, m in sorted(sure + unsure, key=lambda c: occs[c[0]].sort_key):
        verdict = decide(score, th)
        if verdict == Verdict.ACCEPT:
            ri, rm = cl.find(i), cl.find(m)
            why = cl.union(i, m)
            if why:
                result.conflicts.append(f"not tied ({why}): {occs[i].name!r} / {occs[m].name!r}")
                continue
            block.merge(ri, rm, cl.find(i))
            method = MatchMethod.EXACT if occs[i].norm.text == occs[m].norm.text else MatchMethod.FUZZY
            # the tie is recorded on the occurrence it explains: a coded name keeps method `code`,
            # and the uncoded earlier name it met is the one tied by its wording
            who, other = (m, i) if occs[i].code and result.ties[m].method == MatchMethod.NEW else (i, m)
            result.ties[who] = Tie(method, round(score, 2), f"{ps.evidence()}; matched {occs[other].name!r}")
        elif verdict == Verdict.REVIEW:
            result.reviews.append(ReviewPair(i, m, round(score, 2), ps.evidence()))
            result.ties[i] = Tie(MatchMethod.NEW, None, f"review: {score:.1f} against {occs[m].name!r}")


def match(
    occurrences: list[Occurrence],
    decisions: list[Decision] | None = None,
    thresholds: Thresholds | None = None,
    workers: int = WORKERS,
) -> MatchResult:
    """Cluster ``occurrences`` into canonical indicators (see the module docstring)."""
    th = thresholds or Thresholds()
    occs = sorted(occurrences, key=lambda o: o.sort_key)
    cl = Clusters([o.doc_id for o in occs], [o.code for o in occs])
    result = MatchResult(occs, cl, [Tie() for _ in occs])
    _manual(result, decisions or [])
    _within_documents(result)
    _by_code(result)
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, o in enumerate(occs):
        blocks[o.block].append(i)
    for key in sorted(blocks):
        _match_block(result, _Block(occs, blocks[key]), th, workers)
    return result
