"""Kolada codes proposed for uncoded indicators by matching their names with catalogue titles.

The bundled catalogue (``extractors/data/kpi_catalogue.csv``) holds Kolada titles such as
"Lämnat etableringsuppdraget och börjat arbeta eller studera (status efter 90 dagar), andel (%)".
A suggestion (method ``kolada_title``) is only a proposal: it goes to the review list, and a
researcher's `same` turns it into the indicator's code on the next run.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
from rapidfuzz import fuzz, process

from pipeline.match.names import NormName, normalize_name
from pipeline.match.rules import name_similarity, rule_substitution, vetoes

SUGGEST_MIN = 80.0
"""Name similarity a catalogue title needs to be proposed."""
CANDIDATE_MIN = 50.0
"""First-pass (token-sorted) similarity for a title to be scored at all."""


@dataclass(frozen=True)
class Suggestion:
    kolada_code: str
    kpi_title: str
    score: float


@lru_cache(maxsize=1)
def catalogue() -> tuple[tuple[str, str, NormName], ...]:
    """(code, title, normalized title) of every bundled catalogue KPI."""
    text = resources.files("extractors.data").joinpath("kpi_catalogue.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(text.splitlines(keepends=True))
    return tuple((r["concept"], r["name"], normalize_name(r["name"])) for r in rows if r.get("name"))


def suggest(names: list[NormName], workers: int = -1) -> list[Suggestion | None]:
    """The best catalogue title for each name, or None when none is close enough."""
    cat = catalogue()
    if not names or not cat:
        return [None] * len(names)
    sim = process.cdist([n.sorted_text for n in names], [c[2].sorted_text for c in cat], scorer=fuzz.ratio,
                        dtype=np.uint8, score_cutoff=CANDIDATE_MIN, workers=workers)
    out: list[Suggestion | None] = []
    for r, n in enumerate(names):
        best: Suggestion | None = None
        for c in np.argsort(sim[r])[-5:]:
            if sim[r, c] == 0:
                continue
            code, title, norm = cat[int(c)]
            if vetoes(n, norm):
                continue
            score = name_similarity(n, norm) + rule_substitution(n, norm)[0]
            if score >= SUGGEST_MIN and (best is None or score > best.score):
                best = Suggestion(code, title, round(score, 2))
        out.append(best)
    return out
