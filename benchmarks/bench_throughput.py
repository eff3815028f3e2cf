"""Throughput, single worker: kpi end to end vs PyMuPDF words vs pdfplumber words, same files, same run.

Sets: ``samples/real/`` and a 500-document synthetic archive (generated once under /tmp).
Also prints the re-run of an unchanged archive as a share of the first run.

    .venv/bin/python benchmarks/bench_throughput.py [--docs 500] [--skip-real]

Targets: ``kpi ingest --workers 1`` into a fresh warehouse against a whole Python process that
opens each PDF with PyMuPDF and reads every page's words (both timed as whole processes on the
same files in this run, best of two each): >= 0.5 x on samples/real, >= 0.2 x on the synthetic
archive (issue #16). Also printed: the in-process ratios, pdfplumber, the re-run share.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

KPI = str(Path(sys.executable).parent / "kpi")
BENCH_DIR = Path(tempfile.gettempdir()) / "kpi-bench"
SEED = 7


def generator_version() -> str:
    """A short hash of the generator's source: a changed generator never reuses a stale archive."""
    h = hashlib.sha256()
    for f in [*sorted((ROOT / "samples" / "synth").glob("*.py")), ROOT / "samples" / "typeset.py"]:
        h.update(f.read_bytes())
    return h.hexdigest()[:10]


def synthetic_archive(docs: int) -> Path:
    """A synthetic archive of ``docs`` documents (20 municipalities × 5 years × plan + 4 reports for 500)."""
    from kpi.samples.synth import generate

    root = BENCH_DIR / f"synth-{docs}-seed-{SEED}-gen-{generator_version()}"
    marker = root / "MANIFEST.csv"
    if marker.exists():
        return root
    per_muni = 5 * 5
    t0 = time.perf_counter()
    generate(root, -(-docs // per_muni), list(range(2019, 2024)), SEED, monthly=4, bad_share=0.01, limit=docs)
    print(f"(generated {docs} synthetic documents in {time.perf_counter() - t0:.0f} s under {root})")
    return root


def pdfs(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() == ".pdf")


def pymupdf_words(files: list[Path]) -> tuple[int, float]:
    import pymupdf

    pages = 0
    t0 = time.perf_counter()
    for f in files:
        try:
            with pymupdf.open(f) as doc:
                for page in doc:
                    page.get_text("words")
                    pages += 1
        except Exception:  # noqa: BLE001, S110 - a bad file costs what it costs; no words to count
            pass
    return pages, time.perf_counter() - t0


def pdfplumber_words(files: list[Path]) -> tuple[int, float]:
    import pdfplumber

    pages = 0
    t0 = time.perf_counter()
    for f in files:
        try:
            with pdfplumber.open(f) as pdf:
                for page in pdf.pages:
                    page.extract_words()
                    pages += 1
        except Exception:  # noqa: BLE001, S110 - as above
            pass
    return pages, time.perf_counter() - t0


WORDS_SCRIPT = """
import sys, pymupdf
for f in sys.argv[1:]:
    try:
        with pymupdf.open(f) as doc:
            for page in doc:
                page.get_text("words")
    except Exception:
        pass
"""


def pymupdf_words_process(files: list[Path]) -> float:
    """A whole Python process that opens each PDF with PyMuPDF and reads every page's words: the
    bare pass ``kpi ingest`` is measured against (start-up included on both sides)."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", WORDS_SCRIPT, *map(str, files)], check=True, cwd=ROOT)
    return time.perf_counter() - t0


def kpi_in_process(files: list[Path], stages: dict[str, float] | None = None) -> tuple[int, float]:
    """kpi's extraction alone (page model, metadata, every recognizer), in this process, no writer.

    ``stages`` collects the seconds per stage (``ExtractionResult.stage_seconds``) over all files.
    """
    from kpi.pipeline.executors.task import extract_task

    extract_task(str(files[0]))  # imports and first-use set-up are not per-document costs
    pages = 0
    t0 = time.perf_counter()
    for f in files:
        r = extract_task(str(f))
        pages += r.meta.page_count or 0
        if stages is not None:
            for k, v in r.stage_seconds.items():
                stages[k] = stages.get(k, 0.0) + v
    return pages, time.perf_counter() - t0


def kpi_ingest(folder: Path, db: Path, workers: int = 1) -> tuple[dict, float]:
    """``kpi ingest`` as a user runs it; wall time includes start-up, workers and the writer."""
    t0 = time.perf_counter()
    proc = subprocess.run(
        [KPI, "ingest", str(folder), "--db", str(db), "--workers", str(workers), "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    took = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        raise SystemExit(f"kpi ingest failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return json.loads(proc.stdout), took


def run_set(name: str, folder: Path, target: float) -> None:
    files = pdfs(folder)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        t_words_proc = pymupdf_words_process(files)
        summary, t_kpi = kpi_ingest(folder, db)
        pages = summary["pages"]
        summary2, t_rerun = kpi_ingest(folder, db)
        t_words_proc = min(t_words_proc, pymupdf_words_process(files))  # both sides: best of their runs
        db.unlink()
        _, t_kpi2 = kpi_ingest(folder, db)
        t_kpi = min(t_kpi, t_kpi2)
    p_mu, t_mu = pymupdf_words(files)
    p_pl, t_pl = pdfplumber_words(files)
    stages: dict[str, float] = {}
    p_in, t_in = kpi_in_process(files, stages)
    kpi_rate, mu_rate, pl_rate, in_rate = pages / t_kpi, p_mu / t_mu, p_pl / t_pl, p_in / t_in
    docs = summary["documents"]
    print(
        f"\n== {name}: {len(files)} files, {p_mu} pages ({docs['ok']} ok, {docs['partial']} partial, "
        f"{docs['failed']} failed) =="
    )
    print(
        f"  kpi ingest end to end, 1 worker : {t_kpi:8.2f} s  {kpi_rate:8.1f} pages/s "
        f"(peak RSS per worker {summary['executor'].get('peak_rss_mb_per_worker_max')} MB)"
    )
    print(
        f"  kpi extraction alone, in process: {t_in:8.2f} s  {in_rate:8.1f} pages/s (no workers, no writer)"
    )
    print(
        "    of which: "
        + ", ".join(f"{k} {v:.2f} s ({100 * v / t_in:.0f} %)" for k, v in stages.items())
        + " (pages: MuPDF text of every page and the words; the rest: opening, hashing, checks)"
    )
    print(f"  PyMuPDF get_text('words') alone : {t_mu:8.2f} s  {mu_rate:8.1f} pages/s")
    print(f"  pdfplumber extract_words alone  : {t_pl:8.2f} s  {pl_rate:8.1f} pages/s")
    print(f"  PyMuPDF words, a whole process  : {t_words_proc:8.2f} s  {p_mu / t_words_proc:8.1f} pages/s")
    print(
        f"  ratio kpi ingest / PyMuPDF words, whole processes: {t_words_proc / t_kpi:6.3f}   "
        f"(target >= {target})"
    )
    print(f"  ratio kpi / PyMuPDF words in process: {kpi_rate / mu_rate:8.3f}")
    print(f"  ratio kpi / pdfplumber words    : {kpi_rate / pl_rate:8.2f}   (target >= 8)")
    print(
        f"  ratio extraction alone / PyMuPDF: {in_rate / mu_rate:8.3f}   (the recognizers' share of the gap)"
    )
    print(
        f"  re-run of the unchanged archive : {t_rerun:8.2f} s = {100 * t_rerun / t_kpi:.1f} % of the first run "
        f"(target <= 5 %; {summary2['documents']['skipped']} skipped)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=500, help="documents in the synthetic archive")
    ap.add_argument("--skip-real", action="store_true")
    args = ap.parse_args()
    print(
        f"bench_throughput: python {sys.version.split()[0]}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}"
    )
    if not args.skip_real:
        run_set("samples/real", ROOT / "samples" / "real", 0.5)
    run_set(f"synthetic archive ({args.docs} documents)", synthetic_archive(args.docs), 0.2)


if __name__ == "__main__":
    main()
