"""Score the matcher on the labelled pair set (tests/match/data): precision, recall, review share.

    python tests/match/labelled.py          # prints the figures

Precision counts every pair the matcher ties across two documents of a group (a tie between
names nobody labelled `same` is a false positive); recall counts the labelled `same` pairs that are
tied; the review share is the share of labelled pairs that the matcher sent to review.
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline.match.matcher import match  # noqa: E402
from pipeline.match.occurrences import from_rows  # noqa: E402
from pipeline.match.rules import Thresholds  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"


def occurrence_rows(group: str | None = None) -> dict[str, list[tuple]]:
    """Rows shaped for :func:`pipeline.match.occurrences.from_rows`, per group."""
    out: dict[str, list[tuple]] = defaultdict(list)
    with open(DATA / "labelled_occurrences.csv", newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if group and r["group"] != group:
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


def labelled_pairs() -> list[dict]:
    with open(DATA / "labelled_pairs.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@dataclass
class Scores:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    reviewed: int = 0
    labelled: int = 0
    false_ties: list[tuple] = field(default_factory=list)
    missed: list[tuple] = field(default_factory=list)

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


def evaluate(thresholds: Thresholds | None = None, workers: int = 1) -> Scores:
    rows = occurrence_rows()
    pairs_by_group: dict[str, list[dict]] = defaultdict(list)
    for p in labelled_pairs():
        pairs_by_group[p["group"]].append(p)
    s = Scores()
    for group, grows in sorted(rows.items()):
        res = match(from_rows(grows), thresholds=thresholds, workers=workers)
        occs = res.occurrences
        key = {(o.doc_id, o.name, o.section_path or ""): i for i, o in enumerate(occs)}
        same, labelled = set(), set()
        for p in pairs_by_group[group]:
            a = key[(p["doc_a"], p["name_a"], p["section_a"])]
            b = key[(p["doc_b"], p["name_b"], p["section_b"])]
            labelled.add(frozenset((a, b)))
            if p["label"] == "same":
                same.add(frozenset((a, b)))
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
    scores = evaluate()
    if "-v" in sys.argv:
        for t in scores.false_ties:
            print("FALSE TIE", t)
        for t in scores.missed:
            print("MISSED", t)
    print(scores.line())
