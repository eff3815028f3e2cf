"""Table coverage, checked independently: of the numeric cells PyMuPDF's layout-based table reader finds,
how many does kpi's warehouse hold on the same page?

For every PDF under the folders given (default ``samples/real`` and ``samples/real2``):

1. the reference: PyMuPDF4LLM with PyMuPDF-Layout (``pymupdf.layout`` + ``pymupdf4llm.to_json``, no OCR)
   finds tables; every cell right of the first (label) column whose text is one number (kpi's own
   number reader decides; a year alone or in words, ``2025`` or ``Budget 2025``, is a header, not a
   value) is a reference cell;
2. kpi: ``kpi ingest --workers 1`` into a fresh warehouse (a real subprocess), then every number any
   row holds on that page (``budget_lines.amount``, ``indicator_values.value_num``, the risks' numbers,
   and ``table_cells.value_num`` once that table exists);
3. a reference cell is *held* when kpi has the same number on the same page; each kpi number
   answers for one reference cell only (so fifty ``0,0`` cells need fifty zeros).

Prints one line per document and the total. Usage::

    .venv/bin/python benchmarks/bench_coverage.py [FOLDER_OR_PDF ...] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

KPI = str(Path(sys.executable).parent / "kpi")
DEFAULT_SETS = [ROOT / "samples" / "real", ROOT / "samples" / "real2"]
YEAR_RE = re.compile(r"^(19|20)\d\d$")
ROUND = 6  # decimals a number is compared at (amounts are printed with at most 2-3)


def pdfs(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        out += [p] if p.is_file() else sorted(q for q in p.rglob("*") if q.suffix.lower() == ".pdf")
    return out


def cell_number(text: str | None) -> float | None:
    """The one number a reference cell prints, or None (text, empty, several numbers, a bare year)."""
    from kpi.extractors.normalize.numbers import parse_number

    if not text:
        return None
    t = " ".join(text.split())
    if not t or YEAR_RE.match(t) or not any(c.isdigit() for c in t):
        return None
    n = parse_number(t)
    if n.value is None or any(i.startswith("multiple_numbers") for i in n.issues):
        return None
    if n.value == int(n.value) and YEAR_RE.match(str(int(n.value))) and any(c.isalpha() for c in t):
        return None  # "Budget 2026", "År 2024": a column header, not a value
    return round(float(n.value), ROUND)


def reference_cells(pdf: Path) -> dict[int, list[float]]:
    """Page (1-based) -> the numbers of the reference reader's numeric table cells."""
    import pymupdf.layout  # noqa: F401 - must come before pymupdf4llm: switches on the layout model
    import pymupdf4llm

    os.environ.setdefault("PYMUPDF_MESSAGE", "path:/dev/null")
    doc = json.loads(pymupdf4llm.to_json(str(pdf), use_ocr=False, show_progress=False))
    out: dict[int, list[float]] = defaultdict(list)
    for page in doc.get("pages", []):
        for box in page.get("boxes", []):
            table = box.get("table") if box.get("boxclass") == "table" else None
            if not table:
                continue
            rows = table.get("extract") or []
            if isinstance(rows, str):
                continue
            for row in rows:
                for cell in row[1:]:  # the first column holds row labels (and section numbers)
                    v = cell_number(cell)
                    if v is not None:
                        out[int(page["page_number"])].append(v)
    return out


KPI_NUMBERS = """
SELECT d.source_path, t.page, t.v FROM (
    SELECT doc_id, page, amount AS v FROM budget_lines
    UNION ALL SELECT doc_id, page, value_num FROM indicator_values
    UNION ALL SELECT doc_id, page, risk_value FROM risks
    UNION ALL SELECT doc_id, page, probability FROM risks
    UNION ALL SELECT doc_id, page, consequence FROM risks
    {extra}
) t JOIN documents d USING (doc_id) WHERE t.v IS NOT NULL
"""


def kpi_numbers(
    files: list[Path],
) -> tuple[dict[tuple[str, int], Counter[float]], dict[str, dict[str, Any]], float]:
    """Ingest ``files`` with kpi into a fresh warehouse; (path, page) -> numbers held, per-path document info."""
    import duckdb

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "cov.duckdb"
        t0 = time.perf_counter()
        subprocess.run(
            [KPI, "ingest", *map(str, files), "--db", str(db), "--workers", "1", "--quiet"],
            check=False,
            cwd=ROOT,
        )
        seconds = time.perf_counter() - t0
        con = duckdb.connect(str(db), read_only=True)
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        extra = "UNION ALL SELECT doc_id, page, value_num FROM table_cells" if "table_cells" in tables else ""
        held: dict[tuple[str, int], Counter[float]] = defaultdict(Counter)
        for path, page, v in con.execute(KPI_NUMBERS.format(extra=extra)).fetchall():
            held[(str(Path(path).resolve()), int(page))][round(float(v), ROUND)] += 1
        cols = {
            r[0]
            for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name='documents'"
            ).fetchall()
        }
        own = ", numbers_in_tables, numbers_read" if {"numbers_in_tables", "numbers_read"} <= cols else ""
        info: dict[str, dict[str, Any]] = {}
        for row in con.execute(f"SELECT source_path, status{own} FROM documents").fetchall():
            info[str(Path(row[0]).resolve())] = {
                "status": row[1],
                **({"own": (row[2], row[3])} if own else {}),
            }
        unread = dict(
            con.execute(
                "SELECT d.source_path, count(*) FROM extraction_issues i JOIN documents d USING (doc_id) "
                "WHERE i.code = 'unread_table' GROUP BY 1"
            ).fetchall()
        )
        for path, n in unread.items():
            info.setdefault(str(Path(path).resolve()), {})["unread_table"] = n
        con.close()
    return held, info, seconds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", type=Path, default=DEFAULT_SETS)
    ap.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = ap.parse_args(argv)
    files = pdfs(args.paths)
    held, info, kpi_seconds = kpi_numbers(files)
    rows = []
    t_ref = 0.0
    for pdf in files:
        t0 = time.perf_counter()
        ref = reference_cells(pdf)
        t_ref += time.perf_counter() - t0
        key = str(pdf.resolve())
        total = found = 0
        for page, values in ref.items():
            have = Counter(held.get((key, page), Counter()))
            for v in values:
                total += 1
                if have[v] > 0:
                    have[v] -= 1
                    found += 1
        doc = info.get(key, {})
        own = doc.get("own")
        own_share = (own[1] / own[0]) if own and own[0] else None
        rows.append(
            {
                "file": pdf.name,
                "reference_cells": total,
                "held": found,
                "share": found / total if total else None,
                "kpi_own_coverage": own_share,
                "unread_table_issues": doc.get("unread_table", 0),
                "status": doc.get("status"),
            }
        )
    print(f"{'document':<62} {'ref cells':>9} {'held':>6} {'share':>6} {'own':>6} {'unread':>6}")
    for r in rows:
        share = f"{r['share']:.2f}" if r["share"] is not None else "-"
        own = f"{r['kpi_own_coverage']:.2f}" if r["kpi_own_coverage"] is not None else "-"
        print(
            f"{r['file'][:62]:<62} {r['reference_cells']:>9} {r['held']:>6} {share:>6} {own:>6} {r['unread_table_issues']:>6}"
        )
    tot, got = sum(r["reference_cells"] for r in rows), sum(r["held"] for r in rows)
    print(f"{'all':<62} {tot:>9} {got:>6} {got / max(tot, 1):>6.2f}")
    print(f"(kpi ingest {kpi_seconds:.1f} s for {len(files)} documents; the reference reader {t_ref:.1f} s)")
    if args.json:
        args.json.write_text(
            json.dumps({"documents": rows, "total": tot, "held": got}, indent=2), encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
