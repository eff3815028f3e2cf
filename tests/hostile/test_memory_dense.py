"""Big dense documents and errors that point the right way (issue 20, problems 5 and 7; issue 19).

- A 100-page document of about a million table values loads within the default worker memory
  limit (2,048 MB): the file is opened by descriptor, not read whole, and dense pages keep slim
  font spans.
- The flow's style pass is near-linear in the cells of a page: a page of 40,000 cells in tiny
  type took 105 s (each word scanned every span within reach).
- An xref ``/Prev`` loop says what MuPDF said, not only "it has no pages".
- ``kpi ingest /nonexistent`` exits 2 and creates no warehouse.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import duckdb
import pytest

from kpi.extractors.extract import extract_pdf
from kpi.extractors.layout import DocumentModel
from kpi.extractors.tables import flow
from tests.conftest import run_kpi
from tests.hostile.craft import FONT, raw_pdf, single_page, stream, text_ops


def _grid_ops(rows: int, cols: int, title: str = "Tabell 1. Kostnader per enhet, tkr") -> bytes:
    """Content of a page-filling table: a title, a header row of years, rows "Enhet N" of numbers,
    every cell its own text object (as report tools write tables), in type small enough to fit."""
    size = min(5.0, 480 / cols / 3.0)
    w, h = 480 / cols, 760 / (rows + 1)
    ops = [b"BT /F1 %g Tf" % size, b"1 0 0 1 40 810 Tm (%s) Tj" % title.encode("latin-1")]
    ops += [b"1 0 0 1 %.2f 795 Tm (%d) Tj" % (110 + c * w, 2000 + c) for c in range(cols)]
    for r in range(rows):
        y = 795 - (r + 1) * h
        ops.append(b"1 0 0 1 40 %.2f Tm (Enhet %d) Tj" % (y, r + 1))
        ops += [
            b"1 0 0 1 %.2f %.2f Tm (%d) Tj" % (110 + c * w, y, (r * 13 + c * 7) % 1000) for c in range(cols)
        ]
    ops.append(b"ET")
    return b"\n".join(ops)


def dense_pdf(path: Path, pages: int, rows: int, cols: int) -> Path:
    """``pages`` pages of ``rows`` x ``cols`` table values (built as raw PDF objects: fast)."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", FONT]
    kids = []
    for _ in range(pages):
        kids.append(len(objs) + 1)
        objs.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents %d 0 R >>" % (len(objs) + 2)
        )
        objs.append(stream(_grid_ops(rows, cols)))
    objs[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), pages)
    path.write_bytes(raw_pdf(objs))
    return path


def _wide_grid_ops(rows: int, cols: int) -> bytes:
    """A table in tiny type (0.6 pt): ``cols`` one-digit cells per row, each its own text object."""
    w = 540 / cols
    ops = [b"BT /F1 0.6 Tf"]
    for r in range(rows):
        ops += [
            b"1 0 0 1 %.2f %.2f Tm (%d) Tj" % (30 + c * w, 820 - r * 7.5, (r + c) % 10) for c in range(cols)
        ]
    ops.append(b"ET")
    return b"\n".join(ops)


def _style_seconds(tmp_path: Path, cols: int, scan: bool = False) -> tuple[float, int]:
    """The style pass's time over one page of 100 rows (best of three) and the page's words;
    ``scan`` times the old per-word scan instead of the x-bin index."""
    pdf = tmp_path / f"grid{cols}.pdf"
    pdf.write_bytes(single_page(_wide_grid_ops(100, cols)))
    old = flow.STYLE_BINS_FROM
    with DocumentModel(str(pdf)) as doc:
        page = doc.page(1)
        starts, spans = flow._span_index(page)
        best = float("inf")
        try:
            if scan:
                flow.STYLE_BINS_FROM = 10**9
            for _ in range(3):
                t = time.perf_counter()
                for ln in page.lines:
                    flow._style(ln.words, starts, spans)
                best = min(best, time.perf_counter() - t)
        finally:
            flow.STYLE_BINS_FROM = old
        return best, len(page.words)


def test_the_style_pass_does_not_scan_a_dense_page_per_word(tmp_path) -> None:
    """Measured side by side on the same page of 40,000 cells in tiny type, so a busy machine slows
    both: the per-word scan (105 s on one real page of that kind) against the x-bin index."""
    fast, words = _style_seconds(tmp_path, 400)
    slow, _ = _style_seconds(tmp_path, 400, scan=True)
    assert words == 40_000
    assert fast * 3 < slow, (fast, slow)


def test_a_dense_page_gives_the_same_styles_as_the_scan(tmp_path) -> None:
    """The x-bin index finds the very span the scan found, for every word of a dense page."""
    pdf = tmp_path / "grid.pdf"
    pdf.write_bytes(single_page(_grid_ops(60, 60)))
    with DocumentModel(str(pdf)) as doc:
        page = doc.page(1)
        starts, spans = flow._span_index(page)
        fast = [flow._style(ln.words, starts, spans) for ln in page.lines]
        old, flow.STYLE_BINS_FROM = flow.STYLE_BINS_FROM, 10**9
        try:
            scan = [flow._style(ln.words, starts, spans) for ln in page.lines]
        finally:
            flow.STYLE_BINS_FROM = old
    assert fast == scan


@pytest.mark.slow
def test_a_hundred_page_dense_document_loads_within_the_default_memory_limit(tmp_path) -> None:
    folder = tmp_path / "arkiv"
    folder.mkdir()
    dense_pdf(folder / "tat-tabellbilaga.pdf", pages=100, rows=100, cols=100)  # a million values
    db = tmp_path / "w.duckdb"
    proc = run_kpi("ingest", str(folder), "--db", str(db), "--workers", "1", "--json", timeout=900)
    s = json.loads(proc.stdout)
    assert s["documents"]["ok"] == 1, (s["not_ok"], proc.stderr[-2000:])
    assert s["executor"]["peak_rss_mb_per_worker_max"] < 2048
    con = duckdb.connect(str(db), read_only=True)
    cells = con.execute("SELECT count(*) FROM table_cells").fetchone()[0]
    con.close()
    assert cells > 800_000


def test_an_xref_loop_says_what_the_pdf_library_said(tmp_path) -> None:
    data = single_page(text_ops(["Nämndplan 2024"]))
    at = len(data)  # an update section whose /Prev is itself, hiding every object
    data += (
        b"xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 6 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n"
        % (at, at)
    )
    pdf = tmp_path / "loop.pdf"
    pdf.write_bytes(data)
    r = extract_pdf(str(pdf), "x")
    assert r.status == "failed"
    assert re.fullmatch(r"corrupt PDF: it has no pages \(the PDF library said: .*recursion.*\)", r.error), (
        r.error
    )


def test_a_path_that_does_not_exist_exits_2_and_creates_nothing(tmp_path) -> None:
    db = tmp_path / "w.duckdb"
    proc = run_kpi("ingest", str(tmp_path / "finns-inte"), "--db", str(db))
    assert proc.returncode == 2
    assert "no such file or folder" in proc.stderr and "finns-inte" in proc.stderr
    assert not db.exists() and not Path(str(db) + ".wal").exists()
