"""Benchmark: match 10,000 printed names against 10,000 (one municipality, two documents), one core.

    python benchmarks/bench_match.py [--names 10000] [--workers 1]

Names are real Kolada catalogue titles (extractors/data/kpi_catalogue.csv) multiplied by
qualifiers; the second document prints most of them with drifted wording (definite forms,
reordering, punctuation, case) and adds new ones.  Prints the seconds of the whole matcher
(normalization, candidate search with rapidfuzz cdist, rule scoring, assignment) and the ties.
Target: <= 60 s on one core (the CPU time printed beside the wall time is that core's share).
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kpi.pipeline.match.matcher import match  # noqa: E402
from kpi.pipeline.match.names import normalize_name  # noqa: E402
from kpi.pipeline.match.occurrences import Occurrence  # noqa: E402

QUALIFIERS = (
    "",
    ", kvinnor",
    ", män",
    " inom hemtjänsten",
    " i grundskolan",
    ", 0-17 år",
    ", 18-64 år",
    " (enkät)",
    ", kommunala enheter",
    ", privata utförare",
)


def names(n: int, rng: random.Random) -> list[str]:
    with open(ROOT / "extractors/data/kpi_catalogue.csv", newline="", encoding="utf-8") as fh:
        titles = [r["name"] for r in csv.DictReader(fh) if r["name"]]
    out = sorted({t + q for t in titles for q in QUALIFIERS})
    rng.shuffle(out)
    return out[:n]


def drift(name: str, rng: random.Random) -> str:
    ops = [
        lambda s: s.lower(),
        lambda s: s.replace(",", ""),
        lambda s: s.replace("Antal ", "Antalet "),
        lambda s: s.replace(" i ", " inom "),
        lambda s: s.rstrip(".") + ".",
    ]
    for op in rng.sample(ops, 2):
        name = op(name)
    return name


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--names", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(1)
    pool = names(args.names + args.names // 5, rng)
    a_names = pool[: args.names]
    kept = a_names[: int(args.names * 0.8)]
    b_names = sorted({drift(n, rng) for n in kept} | set(pool[args.names :]))[: args.names]

    def occ(doc: str, year: int, name: str) -> Occurrence:
        return Occurrence(
            doc_id=doc,
            name=name,
            section_path=None,
            municipality="Bench",
            municipality_code="9999",
            organ="Nämnden",
            doc_year=year,
            doc_period=str(year),
        )

    c0, t0 = time.process_time(), time.perf_counter()
    occs = [occ("a", 2020, n) for n in a_names] + [occ("b", 2021, n) for n in b_names]
    t1 = time.perf_counter()
    res = match(occs, workers=args.workers)
    t2, c2 = time.perf_counter(), time.process_time()
    methods: dict[str, int] = {}
    for t in res.ties:
        methods[t.method] = methods.get(t.method, 0) + 1
    print(
        f"{len(a_names)} x {len(b_names)} names, workers={args.workers}: "
        f"normalize {t1 - t0:.1f} s, match {t2 - t1:.1f} s, total {t2 - t0:.1f} s "
        f"(CPU {c2 - c0:.1f} s: on a shared machine the wall time includes waiting for a core); "
        f"ties {methods}, reviews {len(res.reviews)} (normalize cache {normalize_name.cache_info().currsize})"
    )


if __name__ == "__main__":
    main()
