"""`kpi report`: the static QA report over typeset PDFs with known row boxes, and over the samples."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pymupdf
import pytest
from pixels import highlight_box
from report_fixture import EVIL_NAME, Built

from kpi.pipeline.report.build import DOC_ID_CHARS, build_report, doc_page
from kpi.pipeline.report.crops import CROP_DPI, crop_rect, render_crop, text_extent

ROOT = Path(__file__).resolve().parents[2]
SAMPLES_REPORT_MAX_BYTES = 5_000_000
"""The report over every sample PDF stays a few MB (it was 43 MB with one PNG per value)."""
KPI = str(Path(sys.executable).parent / "kpi")


def run_kpi(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run(
        [KPI, *args], capture_output=True, text=True, timeout=900, env=env, cwd=ROOT, check=False
    )


class Links(HTMLParser):
    """Every href/src of a page, the crop images and the page regions with their attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.crops: list[dict[str, str]] = []
        self.regions: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.links += [a[k] for k in ("href", "src") if k in a]
        if tag == "img" and "crop" in a.get("class", ""):
            self.crops.append(a)
        if tag == "section" and "region" in a.get("class", ""):
            self.regions.append(a)


def parse(path: Path) -> Links:
    p = Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


@pytest.fixture(scope="module")
def report(built: Built, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    summary = build_report(built.db, out, pdf_roots=[built.pdf_dir])
    assert summary.documents == 4 and summary.missing_pdfs == [built.missing.source_path]
    return out


def test_every_link_is_local_and_resolves(report: Path) -> None:
    pages = sorted(report.glob("*.html"))
    assert len(pages) == 5  # index + 4 documents
    for page in pages:
        for link in parse(page).links:
            assert not re.match(r"^[a-z]+://", link), f"{page.name} links off the report: {link}"
            target = link.split("#")[0]
            if target:
                assert (report / target).is_file(), f"{page.name}: broken link {link}"


def test_summary_counts_per_document_and_table(report: Path, built: Built) -> None:
    html = (report / "index.html").read_text(encoding="utf-8")
    row = re.search(
        rf'<tr><td><a class="doc" href="{doc_page(built.plan.doc_id)}">Nämndplan 2031</a>.*?</tr>', html
    )
    assert row, "the plan is listed with a link to its page"
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(0))
    assert cells[1:6] == ["Testby", "nämndplan", "2031", '<span class="status-ok">ok</span>', "2"]
    assert cells[6:10] == ["7", "2", "1", "0"]  # indicator_values, budget_lines, goal_status, risks
    assert "failed" in html and "12" in re.search(r"<b>(\d+)</b>rows", html).group(0)


def test_each_located_row_has_its_box_on_a_region_picture(report: Path, built: Built) -> None:
    page = parse(report / doc_page(built.plan.doc_id))
    srcs = [c["src"] for c in page.crops]
    # one picture per page region: indicator values on page 1 and page 2, budget lines, goal status
    assert len(srcs) == 4
    assert all(s.startswith(f"img/{built.plan.doc_id[:DOC_ID_CHARS]}/") and s.endswith(".jpg") for s in srcs)
    assert all((report / s).is_file() for s in srcs)
    html = (report / doc_page(built.plan.doc_id)).read_text(encoding="utf-8")
    boxed = set(re.findall(r'<rect class="box[^"]*" data-row="([\w-]+)"', html))
    # 7 + 2 + 1 rows, minus one without location and one off the page
    assert len(boxed) == 8
    assert {a["data-table"] for a in page.regions} == {"indicator_values", "budget_lines", "goal_status"}


def test_issue_region_highlight_sits_on_its_box(built: Built, tmp_path: Path) -> None:
    """The coloured box of a crop (an issue's region) is where its words are on the page."""
    pdf_path = Path(built.plan.source_path)
    for row in built.plan.indicator_values[:3]:
        with pymupdf.open(pdf_path) as pdf:
            page = pdf[row.page - 1]
            crop = render_crop(page, row.bbox, tmp_path / "c.png")
            clip = crop_rect(page, pymupdf.Rect(row.bbox), text_extent(page))
        assert crop is not None and crop.on_page
        scale = CROP_DPI / 72
        expected = (
            (row.bbox[0] - clip.x0) * scale,
            (row.bbox[1] - clip.y0) * scale,
            (row.bbox[2] - clip.x0) * scale,
            (row.bbox[3] - clip.y0) * scale,
        )
        got = highlight_box(str(tmp_path / "c.png"))
        assert got is not None
        assert all(abs(g - e) <= 3 for g, e in zip(got, expected, strict=False)), (got, expected)


def test_rotated_page_crop_shows_the_row(built: Built, tmp_path: Path) -> None:
    row = built.plan.indicator_values[4]  # on page 2, which is stored rotated by 90 degrees
    with pymupdf.open(built.plan.source_path) as pdf:
        crop = render_crop(pdf[1], row.bbox, tmp_path / "r.png")
    assert crop is not None and crop.height > crop.width  # a horizontal line reads vertically
    x0, y0, x1, y1 = highlight_box(str(tmp_path / "r.png"))
    assert (y1 - y0) > 3 * (x1 - x0)


def test_checks_and_issues_of_a_document(report: Path, built: Built) -> None:
    html = (report / doc_page(built.plan.doc_id)).read_text(encoding="utf-8")
    issues, checks = html.split('<section id="issues">')[1].split('<section id="checks">')
    checks = checks.split("</section>")[0]
    assert "unit_inferred" in issues and "sum_mismatch" not in issues
    for code in (
        "sum_mismatch",
        "row_without_location",
        "bbox_off_page",
        "conflicting_values",
        "tkr_conversion",
        "unknown_light",
        "value_without_number",
    ):
        assert f"<code>{code}</code>" in checks, code
    # a finding about a row links to that row's card
    row = next(tr for tr in checks.split("<tr>") if "<code>conflicting_values</code>" in tr)
    assert '<a href="#indicator_values-3">1 · indicator_values #3</a>' in row  # the first of the two readings
    assert 'id="budget_lines-2" data-row="budget_lines-2" data-table="budget_lines" class="flagged"' in html


def test_text_is_escaped(report: Path, built: Built) -> None:
    html = (report / doc_page(built.plan.doc_id)).read_text(encoding="utf-8")
    assert "<script>alert" not in html and html.count("<script>") == 1  # the report's own, at the end
    assert "Andel &lt;script&gt;alert(1)&lt;/script&gt; &amp; nöjda" in html
    assert EVIL_NAME not in html


def test_pdf_found_by_content_or_refused(report: Path, built: Built) -> None:
    moved = (report / doc_page(built.moved.doc_id)).read_text(encoding="utf-8")
    assert "renamed.pdf" in moved and 'class="crop"' in moved
    missing = (report / doc_page(built.missing.doc_id)).read_text(encoding="utf-8")
    assert "The PDF was not found" in missing and 'class="crop"' not in missing
    assert "PDF not found: no crop" in missing
    failed = (report / doc_page(built.failed.doc_id)).read_text(encoding="utf-8")
    assert "document_failed" in failed and "not a PDF" in failed


def test_without_pdf_roots_a_moved_pdf_has_no_crops(built: Built, tmp_path: Path) -> None:
    summary = build_report(built.db, tmp_path)
    assert sorted(summary.missing_pdfs) == sorted([built.moved.source_path, built.missing.source_path])


def test_crop_limit_and_rebuild_replaces_old_files(built: Built, tmp_path: Path) -> None:
    build_report(built.db, tmp_path, pdf_roots=[built.pdf_dir])
    stale = tmp_path / "img" / "000"
    stale.mkdir()
    summary = build_report(built.db, tmp_path, pdf_roots=[built.pdf_dir], max_crops=1)
    assert not stale.exists()
    assert summary.crops == 4  # one per table of the plan (3 tables) + the moved report
    assert len(list((tmp_path / "img").rglob("*.jpg"))) == 4
    html = (tmp_path / doc_page(built.plan.doc_id)).read_text("utf-8")
    assert "1 further page regions are listed without a picture" in html  # page 2's indicator values


def test_cli_report_over_the_samples(samples_db: Path, tmp_path: Path) -> None:
    proc = run_kpi("report", "--db", str(samples_db), "--out", str(tmp_path), "--json")
    assert proc.returncode == 0, proc.stderr
    import json

    summary = json.loads(proc.stdout)
    assert summary["missing_pdfs"] == []
    import duckdb

    con = duckdb.connect(str(samples_db), read_only=True)
    n_docs, n_located = con.execute(
        "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM indicator_values WHERE bbox IS NOT NULL)"
        " + (SELECT count(*) FROM budget_lines WHERE bbox IS NOT NULL)"
    ).fetchall()[0]
    con.close()
    assert summary["documents"] == n_docs
    pages = list(tmp_path.glob("doc-*.html"))
    assert len(pages) == n_docs
    crops = sum(len(parse(p).crops) for p in pages)
    assert crops == summary["crops"] >= min(n_located, 1)
    assert crops < n_located / 4  # one picture per page region, not one per value
    size = sum(f.stat().st_size for f in tmp_path.rglob("*") if f.is_file())
    assert size < SAMPLES_REPORT_MAX_BYTES, f"the samples' report is {size / 1e6:.1f} MB"
    missing = run_kpi("report", "--db", str(tmp_path / "none.duckdb"), "--out", str(tmp_path / "x"))
    assert missing.returncode == 2 and "no warehouse" in missing.stderr
