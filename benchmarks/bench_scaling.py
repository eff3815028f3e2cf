"""Scaling with workers 1 and 2 on the synthetic archive, and peak resident memory per worker.

    .venv/bin/python benchmarks/bench_scaling.py [--docs 500]

Target (issue #7): peak RSS per worker <= 400 MB.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_throughput import kpi_ingest, synthetic_archive


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=500)
    args = ap.parse_args()
    folder = synthetic_archive(args.docs)
    print(
        f"bench_scaling: {args.docs} synthetic documents, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}"
    )
    base = None
    for workers in (1, 2):
        with tempfile.TemporaryDirectory() as tmp:
            summary, took = kpi_ingest(folder, Path(tmp) / "w.duckdb", workers)
        rate = summary["pages"] / took
        base = base or rate
        ex = summary["executor"]
        print(
            f"  workers={workers}: {took:7.2f} s  {rate:7.1f} pages/s  speed-up {rate / base:4.2f}x  "
            f"peak RSS per worker {ex.get('peak_rss_mb_per_worker_max')} MB (target <= 400)  "
            f"replaced {ex.get('workers_replaced')}"
        )


if __name__ == "__main__":
    main()
