"""Garbled text layers (issue 20, problem 3): a PDF whose fonts have no ToUnicode map gives text
like ``1¦PQGSODQ\\x03\\x15…``; it must load as ``partial`` with a ``garbled_text_layer`` issue that
points to ``--ocr``, ``--ocr`` must read such pages like image-only ones, and no real document in
``samples/`` may be flagged."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pymupdf
import pytest

from kpi.extractors.extract import extract_pdf
from kpi.extractors.layout import DocumentModel
from kpi.extractors.ocr import find_tools
from kpi.extractors.text_quality import MIN_JUDGED_CHARS, MIN_JUDGED_WORDS, garbled_pages, page_quality
from tests.conftest import ALL_SAMPLE_PDFS, run_kpi

FONT_FILE = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
"""An ordinary TrueType font (fonts-dejavu-core); PyMuPDF embeds it as Identity-H with a ToUnicode map."""

LINES = [
    "Nämndplan 2024 för socialnämnden",
    "Verksamhetens mål är att alla barn och unga ska ha en trygg uppväxt i kommunen.",
    "Andelen elever som är behöriga till gymnasiet ska öka under året och nämnden följer upp det.",
    "Kostnaderna för försörjningsstöd har minskat jämfört med samma period förra året.",
    "Nämnden bedömer att målet delvis är uppnått och att arbetet med insatser fortsätter.",
]

needs_font = pytest.mark.skipif(
    not FONT_FILE.exists(), reason=f"{FONT_FILE} is not installed (fonts-dejavu-core)"
)


def garbled_pdf(path: Path, pages: int = 2) -> Path:
    """A text PDF whose font has no ToUnicode map: MuPDF reads glyph numbers ("1¦PQGSODQ…")."""
    doc = pymupdf.open()
    for _ in range(pages):
        page = doc.new_page()
        page.insert_font(fontname="dv", fontfile=str(FONT_FILE))
        page.insert_text((60, 60), LINES[0], fontname="dv", fontsize=20)
        y = 100
        for _ in range(4):
            for line in LINES:
                page.insert_text((60, y), line, fontname="dv", fontsize=11)
                y += 18
    for xref in range(1, doc.xref_length()):
        if "/ToUnicode" in doc.xref_object(xref):
            doc.xref_set_key(xref, "ToUnicode", "null")
    doc.save(path)
    doc.close()
    return path


@needs_font
def test_the_crafted_pdf_reads_as_glyph_numbers(tmp_path) -> None:
    pdf = garbled_pdf(tmp_path / "g.pdf")
    text = pymupdf.open(pdf)[0].get_text()
    assert text.startswith("1¦PQGSODQ\x03\x15\x13\x15\x17")  # "Nämndplan 2024"
    with DocumentModel(str(pdf)) as doc:
        q = page_quality([w.text for w in doc.page(1).words])
    assert q.chars >= MIN_JUDGED_CHARS and q.odd_share > 0.5 and garbled_pages({1: q}) == [1]


@needs_font
def test_a_garbled_layer_is_partial_with_an_issue_that_points_to_ocr(tmp_path) -> None:
    folder = tmp_path / "arkiv"
    folder.mkdir()
    garbled_pdf(folder / "namndplan.pdf")
    db = tmp_path / "w.duckdb"
    proc = run_kpi("ingest", str(folder), "--db", str(db), "--json")
    assert proc.returncode == 1, proc.stderr
    s = json.loads(proc.stdout)
    assert s["documents"]["partial"] == 1
    con = duckdb.connect(str(db), read_only=True)
    try:
        status, error = con.execute("SELECT status, error FROM documents").fetchone()
        issues = con.execute(
            "SELECT severity, message FROM extraction_issues WHERE code = 'garbled_text_layer'"
        ).fetchall()
    finally:
        con.close()
    assert status == "partial" and "garbled text layer on 2 page(s)" in error
    ((severity, message),) = issues
    assert severity == "error" and "--ocr" in message
    assert "(1, 2;" in message and "no characters to Unicode" in message


def test_no_real_document_is_flagged() -> None:
    """Every PDF under samples/ (plans, reports, a list of names): no page garbled, no issue."""
    for pdf in ALL_SAMPLE_PDFS:
        with DocumentModel(str(pdf)) as doc:
            quality = {p.number: page_quality([w.text for w in p.words]) for p in doc.pages()}
        assert garbled_pages(quality) == [], pdf.name


def test_letters_shifted_to_other_letters_are_garbled_too() -> None:
    """A layer without odd characters whose letters are other letters ("Dqghohq hohyhu vrp")."""
    shifted = "".join(chr(ord(c) + 3) if c.isalpha() and c.isascii() else c for c in " ".join(LINES))
    page = page_quality(shifted.split() * 3)
    assert page.words >= MIN_JUDGED_WORDS and page.odd == 0
    assert garbled_pages({1: page, 2: page}) == [1, 2]
    readable = page_quality(" ".join(LINES).split() * 3)
    assert garbled_pages({1: readable, 2: page}) == []  # one odd page in a Swedish document: not garbled
    # a document of tables whose labels are uncommon words: few common words, but words with vowels
    table = page_quality([w for n in range(1, 60) for w in (f"Enhet {n}", "Hemtjänst", "Vårdboende")])
    assert table.judged and table.known_share < 0.04
    assert garbled_pages({1: table, 2: table}) == []


@pytest.mark.parametrize("pdf", ALL_SAMPLE_PDFS[:3], ids=lambda p: p.name)
def test_real_documents_load_without_the_issue(pdf: Path) -> None:
    import hashlib

    r = extract_pdf(str(pdf), hashlib.sha256(pdf.read_bytes()).hexdigest())
    assert "garbled_text_layer" not in {i.code for i in r.extraction_issues}


MISSING = find_tools().missing


@needs_font
@pytest.mark.skipif(MISSING is not None, reason=f"OCR path not tested: {MISSING}")
def test_with_ocr_garbled_pages_are_read_like_image_only_pages(tmp_path) -> None:
    folder = tmp_path / "arkiv"
    folder.mkdir()
    garbled_pdf(folder / "namndplan.pdf", pages=1)
    db = tmp_path / "w.duckdb"
    proc = run_kpi("ingest", str(folder), "--db", str(db), "--json", "--ocr", timeout=900)
    s = json.loads(proc.stdout)
    assert s["documents"]["ok"] == 1, (proc.stderr, s["not_ok"])
    con = duckdb.connect(str(db), read_only=True)
    try:
        codes = {r[0]: r[1] for r in con.execute("SELECT code, message FROM extraction_issues").fetchall()}
        (title,) = con.execute("SELECT title FROM documents").fetchone()
    finally:
        con.close()
    assert "garbled_text_layer" not in codes
    assert "garbled text layer: 1" in codes["ocr_applied"]
    assert "mndplan 2024" in title  # Tesseract read the title (its ä may vary)
