"""Command line of the synthetic archive generator (see :mod:`kpi.samples.synth`)."""

from __future__ import annotations

import argparse
import sys
import time

from kpi.samples.synth.archive import generate, parse_years


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m kpi.samples.synth",
        description="Write a synthetic archive of council PDFs with gold CSVs. "
        "Example: python -m kpi.samples.synth --out /tmp/archive --municipalities 5 --years 2019-2023 --seed 7",
    )
    ap.add_argument("--out", required=True, help="folder to write (never commit it)")
    ap.add_argument("--municipalities", type=int, default=3, help="how many municipalities")
    ap.add_argument("--years", default="2019-2023", help="e.g. 2019-2023 or 2019,2021")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--organs", type=int, default=1, help="nämnder per municipality (1-4)")
    ap.add_argument("--monthly", type=int, default=2, help="månadsrapporter per nämnd and year")
    ap.add_argument("--bad-share", type=float, default=0.02, help="share of files made unreadable")
    ap.add_argument("--limit", type=int, default=None, help="stop after this many documents")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    arch = generate(
        args.out,
        args.municipalities,
        parse_years(args.years),
        args.seed,
        args.organs,
        args.monthly,
        args.bad_share,
        args.limit,
    )
    bad = sum(1 for d in arch.documents if d["defect"])
    print(f"{len(arch.documents)} documents ({bad} bad) in {arch.root} in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
