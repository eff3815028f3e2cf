"""The report shows each document's table coverage and draws the regions of numbers no row holds
(``unread_table`` issues) on a crop of their page, in their own colour."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pymupdf

from kpi.extractors.domain import Severity
from kpi.extractors.records import DocumentMeta, ExtractionResult
from kpi.pipeline.report.build import build_report, doc_page
from kpi.pipeline.report.crops import HIGHLIGHT_RGB, UNREAD_RGB
from kpi.samples.typeset import Doc
from kpi.warehouse.db import connect
from tests.warehouse.loading import load_result


def _result(pdf: Path, box: tuple[float, float, float, float]) -> ExtractionResult:
    data = pdf.read_bytes()
    r = ExtractionResult(
        hashlib.sha256(data).hexdigest(), str(pdf), DocumentMeta("Plan", "Testby", page_count=1)
    )
    r.meta.numbers_in_tables, r.meta.numbers_read = 4, 2
    r.issue(
        Severity.WARNING,
        "unread_table",
        "2 number(s) in table layout are in no row: '1 200', '1 350'",
        1,
        box,
    )
    r.issue(Severity.INFO, "chart_numbers", "3 number(s) are chart axis or data labels", 1)
    return r


def test_unread_regions_are_drawn_and_coverage_is_listed(tmp_path: Path) -> None:
    d = Doc(size=10)
    d.text("Driftbudget", size=12, gap_after=6)
    d.table([["Post", "2024", "2025"], ["Intäkter", "1 200", "1 350"]], [200, 90, 90])
    pdf = d.save(tmp_path / "plan.pdf")
    with pymupdf.open(pdf) as doc:
        words = [w for w in doc[0].get_text("words") if w[4] in ("1", "200", "350")]
    box = (
        min(w[0] for w in words),
        min(w[1] for w in words),
        max(w[2] for w in words),
        max(w[3] for w in words),
    )
    db = tmp_path / "w.duckdb"
    con = connect(db)
    r = _result(pdf, box)
    load_result(con, r)
    con.close()
    out = tmp_path / "report"
    build_report(db, out)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "table coverage" in index and 'title="2 of 4 numbers in table layout are in a row">50.0%' in index
    page = (out / doc_page(r.doc_id)).read_text(encoding="utf-8")
    region = re.search(r'<img[^>]+src="(img/[^"]+/unread-0001\.png)"', page)
    assert region, "the unread region is drawn"
    png = pymupdf.Pixmap(str(out / region.group(1)))
    colours = {png.pixel(x, y) for x in range(0, png.width, 3) for y in range(0, png.height, 3)}
    unread = tuple(round(255 * (1 - 0.45 * (1 - c))) for c in UNREAD_RGB)  # the highlight over white paper
    row = tuple(round(255 * (1 - 0.45 * (1 - c))) for c in HIGHLIGHT_RGB)
    assert any(all(abs(a - b) <= 12 for a, b in zip(px, unread, strict=True)) for px in colours)
    assert not any(all(abs(a - b) <= 12 for a, b in zip(px, row, strict=True)) for px in colours)
    assert page.count("unread-") == 1  # the issue without a region has no crop
