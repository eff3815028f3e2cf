"""One matching run over the whole warehouse (``kpi match`` and the end of ``kpi ingest``)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from kpi.pipeline.match.budget_rows import match_budget_rows
from kpi.pipeline.match.crosswalk import (
    Decision,
    load_decisions,
    read_crosswalk,
    store_decisions,
    write_review,
)
from kpi.pipeline.match.matcher import MatchResult, match
from kpi.pipeline.match.occurrences import load_occurrences
from kpi.pipeline.match.rules import Thresholds
from kpi.pipeline.match.store import write_result
from kpi.pipeline.match.suggest import Suggestion, suggest


@dataclass
class MatchSummary:
    counts: dict[str, int] = field(default_factory=dict)
    decisions_loaded: int = 0
    conflicts: list[str] = field(default_factory=list)
    seconds: float = 0.0
    review_file: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            **self.counts,
            "decisions_loaded": self.decisions_loaded,
            "conflicts": self.conflicts,
            "seconds": round(self.seconds, 3),
            "review_file": self.review_file,
        }


def _suggestions(result: MatchResult, decisions: list[Decision], workers: int) -> dict[int, Suggestion]:
    occs = result.occurrences
    rejected = {
        (d.name_a, d.code_b) for d in decisions if d.kind == "kolada_title" and d.decision == "different"
    }
    roots = [r for r in result.clusters.roots() if not result.clusters.data[r].codes]
    newest = [max(result.clusters.data[r].members, key=lambda m: occs[m].sort_key) for r in roots]
    out = {}
    for root, m, s in zip(
        roots, newest, suggest([occs[m].norm for m in newest], workers=workers), strict=False
    ):
        if s is not None and (occs[m].name, s.kolada_code) not in rejected:
            out[root] = s
    return out


def _decided_rows(decisions: list[Decision]) -> list[dict[str, object]]:
    return [
        {
            "decision": d.decision,
            "kind": d.kind,
            "municipality": d.municipality,
            "doc_id_a": d.doc_id_a,
            "name_a": d.name_a,
            "section_a": d.section_a,
            "doc_id_b": d.doc_id_b,
            "name_b": d.name_b,
            "section_b": d.section_b,
            "code_b": d.code_b,
        }
        for d in decisions
    ]


def run_matching(
    con: duckdb.DuckDBPyConnection,
    crosswalks: Sequence[str | Path] = (),
    review_out: str | Path | None = None,
    thresholds: Thresholds | None = None,
    workers: int = -1,
) -> MatchSummary:
    """Load decisions, match every occurrence, store the result, write the review CSV."""
    t0 = time.perf_counter()
    summary = MatchSummary()
    files = [Path(p) for p in crosswalks]
    if review_out is not None and Path(review_out).exists():
        files.insert(0, Path(review_out))  # marks made in the review file itself are decisions too
    for f in files:
        summary.decisions_loaded += store_decisions(con, read_crosswalk(f), source=str(f))
    decisions = load_decisions(con)
    result = match(load_occurrences(con), decisions, thresholds, workers=workers)
    suggestions = _suggestions(result, decisions, workers)
    summary.counts = write_result(con, result, suggestions)
    summary.counts["budget_rows"] = match_budget_rows(con, decisions, thresholds, workers)
    summary.conflicts = result.conflicts
    if review_out is not None:
        cur = con.execute("SELECT * FROM match_reviews ORDER BY kind DESC, score DESC, name_a")
        cols = [d[0] for d in cur.description]
        pending = [dict(zip(cols, row, strict=False)) for row in cur.fetchall()]
        write_review(review_out, pending + _decided_rows(decisions))
        summary.review_file = str(review_out)
    summary.seconds = time.perf_counter() - t0
    return summary
