"""Score the matcher on the labelled pair set (tests/match/data): precision, recall, review share.

    python tests/match/labelled.py            # prints the figures of the labelled set
    python tests/match/labelled.py --heldout  # the held-out set (make_heldout.py), per target

Precision counts every pair the matcher ties across two documents of a group (a tie between
names nobody labelled `same` is a false positive); recall counts the labelled `same` pairs that are
tied; the review share is the share of labelled pairs that the matcher sent to review.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kpi.pipeline.match.matcher import match  # noqa: E402
from kpi.pipeline.match.occurrences import from_rows  # noqa: E402
from kpi.pipeline.match.rules import Thresholds  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"


def occurrence_rows(
    group: str | None = None, data: str = "labelled", target: str | None = None
) -> dict[str, list[tuple]]:
    """Rows shaped for :func:`kpi.pipeline.match.occurrences.from_rows`, per group.

    ``data`` names the set: ``labelled`` (``make_labelled.py``) or ``heldout`` (``make_heldout.py``);
    ``target`` keeps one kind of name of the held-out set (``indicator`` or ``budget``)."""
    out: dict[str, list[tuple]] = defaultdict(list)
    with open(DATA / f"{data}_occurrences.csv", newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if group and r["group"] != group:
                continue
            if target and r.get("target") != target:
                continue
            out[r["group"]].append(
                (
                    r["doc_id"],
                    r["indicator_name"],
                    r["section_path"] or None,
                    r["kolada_code"] or None,
                    r["unit"],
                    r["value_kind"],
                    None,
                    r["period"],
                    float(r["value_num"]) if r["value_num"] else None,
                    r["value_raw"],
                    1,
                    r["municipality"],
                    r["municipality_code"],
                    r["organ"],
                    int(r["year"]),
                    r["year"],
                    r["doc_id"],
                )
            )
    return out


def labelled_pairs(data: str = "labelled", target: str | None = None) -> list[dict]:
    with open(DATA / f"{data}_pairs.csv", newline="", encoding="utf-8") as fh:
        return [p for p in csv.DictReader(fh) if not target or p.get("target") == target]


@dataclass
class Scores:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    reviewed: int = 0
    labelled: int = 0
    false_ties: list[tuple] = field(default_factory=list)
    missed: list[tuple] = field(default_factory=list)
    by_kind: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    """Pair kind -> [labelled `same` pairs tied, labelled `same` pairs]."""

    rules: Counter[str] = field(default_factory=Counter)
    """How the ties were made: the method, and each named rule in the evidence of a fuzzy tie."""

    def recall_of(self, kind: str) -> float:
        tied, total = self.by_kind[kind]
        return tied / total if total else 1.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def review_share(self) -> float:
        return self.reviewed / self.labelled if self.labelled else 0.0

    def line(self) -> str:
        return (
            f"precision {self.precision:.3f}  recall {self.recall:.3f}  review {self.review_share:.3f}  "
            f"(tp {self.tp}, fp {self.fp}, fn {self.fn}, reviewed {self.reviewed} of {self.labelled} pairs)"
        )


RULE_NAMES = (
    "compound_split",
    "synonyms",
    "printed as a minor word",
    "same outcome",
    "kolada_title_bridge",
    "same goal",
    "words differ",
    "numbers on one side only",
    "units differ",
    "rates differ",
    "printed under several contexts",
)
"""Evidence phrases of kpi.pipeline.match.rules / morphology counted in the figures."""


def evaluate(
    thresholds: Thresholds | None = None, workers: int = 1, data: str = "labelled", target: str | None = None
) -> Scores:
    rows = occurrence_rows(data=data, target=target)
    pairs_by_group: dict[str, list[dict]] = defaultdict(list)
    for p in labelled_pairs(data, target):
        pairs_by_group[p["group"]].append(p)
    s = Scores()
    for group, grows in sorted(rows.items()):
        res = match(from_rows(grows), thresholds=thresholds, workers=workers)
        occs = res.occurrences
        key = {(o.doc_id, o.name, o.section_path or ""): i for i, o in enumerate(occs)}
        same, labelled, kind_of = set(), set(), {}
        for p in pairs_by_group[group]:
            a = key[(p["doc_a"], p["name_a"], p["section_a"])]
            b = key[(p["doc_b"], p["name_b"], p["section_b"])]
            labelled.add(frozenset((a, b)))
            if p["label"] == "same":
                same.add(frozenset((a, b)))
                kind_of[frozenset((a, b))] = p["kind"]
        tied = set()
        members = defaultdict(list)
        for i in range(len(occs)):
            members[res.cluster_of(i)].append(i)
        for ms in members.values():
            for x in ms:
                for y in ms:
                    if x < y and occs[x].doc_id != occs[y].doc_id:
                        tied.add(frozenset((x, y)))
        reviewed = {frozenset((rv.a, rv.b)) for rv in res.reviews}
        for t in res.ties:
            if t.method in ("new", None):
                continue
            s.rules[f"method {t.method}"] += 1
            for rule in RULE_NAMES:
                if t.method == "fuzzy" and rule in (t.evidence or ""):
                    s.rules[rule] += 1
        for pair, kind in kind_of.items():
            s.by_kind[kind][0] += pair in tied
            s.by_kind[kind][1] += 1
        s.tp += len(tied & same)
        s.fp += len(tied - same)
        s.fn += len(same - tied)
        s.reviewed += len(reviewed & labelled)
        s.labelled += len(labelled)
        s.false_ties += [(group, *(occs[i].name for i in sorted(p))) for p in tied - same]
        s.missed += [
            (group, *(occs[i].name for i in sorted(p)), "review" if p in reviewed else "")
            for p in same - tied
        ]
    return s


if __name__ == "__main__":
    sets = (
        [("labelled", None)]
        if "--heldout" not in sys.argv
        else [("heldout", "indicator"), ("heldout", "budget")]
    )
    for data, target in sets:
        scores = evaluate(data=data, target=target)
        if "-v" in sys.argv:
            for t in scores.false_ties:
                print("FALSE TIE", t)
            for t in scores.missed:
                print("MISSED", t)
        kinds = "  ".join(
            f"{k} {scores.recall_of(k):.3f} ({v[0]}/{v[1]})" for k, v in sorted(scores.by_kind.items())
        )
        rules = "  ".join(f"{k} {v}" for k, v in scores.rules.most_common())
        print(f"{data} {target or ''}: {scores.line()}\n  recall by kind: {kinds}\n  ties: {rules}")
