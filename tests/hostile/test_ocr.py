"""Scanned pages: `kpi ingest --ocr` OCRs image-only pages (OCRmyPDF + Tesseract, Swedish) before
extraction; without it, or without the tools, the document is partial with a `no_text_layer` issue
that says how to enable OCR."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pymupdf
import pytest

from kpi.extractors.ocr import ENABLE_HINT, find_tools
from kpi.samples.typeset import Doc
from tests.conftest import KPI, ROOT
from tests.hostile.hostile_pdfs import render_image_only

MISSING = find_tools().missing
needs_ocr = pytest.mark.skipif(
    MISSING is not None,
    reason=f"OCR path not tested: {MISSING}. Install with `apt-get install ocrmypdf tesseract-ocr tesseract-ocr-swe` "
    "(.ci/run does).",
)

SCAN_DPI = 300
"""Resolution of the 'scanner': a typical archive scan."""

EXPECTED_VALUES = {
    ("outcome", "2019", 81.0),
    ("target", "2021", 85.0),
    ("outcome", "2019", 120.0),
    ("target", "2021", 100.0),
}


def typeset_plan(path: Path) -> Path:
    """A one-page nämndplan with Swedish letters in its title, goal and indicator table."""
    d = Doc(size=12)
    d.text("Tyresö kommun", size=18)
    d.text("Nämndplan 2021", size=22)
    d.text("Socialnämnden", size=16, gap_after=10)
    d.text("Mål 1: Invånarna ska vara nöjda med socialtjänsten.", size=13, gap_after=6)
    d.table(
        [
            ["Indikator", "Utfall 2019", "Målvärde 2021"],
            ["Andel nöjda brukare inom äldreomsorgen, %", "81", "85"],
            ["Antal dagar med ekonomiskt bistånd", "120", "100"],
        ],
        widths=[280, 100, 100],
        ruled=True,
    )
    return d.save(path)


def mixed(path: Path, scanned_page: Path, tmp: Path) -> Path:
    """Page 1 has a text layer, page 2 is the scan."""
    d = Doc()
    d.text("Bilaga till nämndplanen: inskannat protokollsutdrag följer på nästa sida.")
    first = d.save(tmp / "_first.pdf")
    out = pymupdf.open(first)
    out.insert_pdf(pymupdf.open(scanned_page))
    out.save(str(path))
    out.close()
    return path


def ingest(tmp: Path, *args: str, env: dict | None = None) -> tuple[subprocess.CompletedProcess, Path]:
    db = tmp / f"w{len(list(tmp.glob('w*.duckdb')))}.duckdb"
    proc = subprocess.run(
        [KPI, "ingest", *args, "--db", str(db), "--json"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env=env or {**os.environ, "NO_COLOR": "1"},
        timeout=600,
    )
    return proc, db


def rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def scans(tmp_path_factory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("ocr")
    scan = render_image_only(typeset_plan(tmp / "plan.pdf"), tmp / "inskannad nämndplan.pdf", dpi=SCAN_DPI)
    return {"scan": scan, "mixed": mixed(tmp / "blandad.pdf", scan, tmp), "tmp": tmp}


def test_scan_without_ocr_is_partial_and_says_how_to_enable_it(scans, tmp_path) -> None:
    proc, db = ingest(tmp_path, str(scans["scan"]))
    assert proc.returncode == 1, proc.stderr
    assert rows(db, "SELECT status, error FROM documents") == [("partial", "no text layer (scanned PDF?)")]
    issues = rows(db, "SELECT code, message FROM extraction_issues")
    assert [c for c, _ in issues] == ["no_text_layer"]
    assert "--ocr" in issues[0][1]


def test_without_the_tools_the_message_names_what_to_install(scans, tmp_path) -> None:
    # a PATH with only the Python environment: no ocrmypdf, no tesseract
    env = {**os.environ, "NO_COLOR": "1", "PATH": str(Path(sys.executable).parent)}
    proc, db = ingest(tmp_path, str(scans["scan"]), "--ocr", env=env)
    assert proc.returncode == 1, proc.stderr
    assert rows(db, "SELECT status FROM documents") == [("partial",)]
    msgs = dict(rows(db, "SELECT code, message FROM extraction_issues"))
    assert "ocrmypdf is not installed" in msgs["no_text_layer"] and ENABLE_HINT in msgs["no_text_layer"]
    assert "ocrmypdf is not installed" in msgs["ocr_failed"]


@needs_ocr
def test_ocr_reads_a_scanned_swedish_plan(scans, tmp_path) -> None:
    proc, db = ingest(tmp_path, str(scans["scan"]), "--ocr")
    assert proc.returncode == 0, (proc.stdout, proc.stderr)
    doc = rows(db, "SELECT status, municipality, municipality_code, doc_type, year, organ FROM documents")
    assert doc == [("ok", "Tyresö", "0138", "nämndplan", 2021, "Socialnämnden")]
    issues = rows(db, "SELECT code, message FROM extraction_issues")
    assert ("ocr_applied", "OCR (Tesseract, Swedish) added a text layer to 1 image-only page(s): 1") in issues
    values = rows(db, "SELECT indicator_name, value_kind, period, value_num FROM indicator_values")
    assert {v[1:] for v in values} == EXPECTED_VALUES
    names = {v[0] for v in values}
    assert "Antal dagar med ekonomiskt bistånd" in names
    assert any(n.startswith("Andel nöjda brukare inom äldreomsorgen") for n in names), names


@needs_ocr
def test_ocr_touches_only_pages_without_text(scans, tmp_path) -> None:
    proc, db = ingest(tmp_path, str(scans["mixed"]), "--ocr")
    assert proc.returncode == 0, proc.stderr
    issues = rows(db, "SELECT code, message FROM extraction_issues")
    assert ("ocr_applied", "OCR (Tesseract, Swedish) added a text layer to 1 image-only page(s): 2") in issues
    assert {
        v[1:] for v in rows(db, "SELECT indicator_name, value_kind, period, value_num FROM indicator_values")
    } == EXPECTED_VALUES
    # the document keeps the identity of the file on disk, not of the OCRed copy
    assert rows(db, "SELECT doc_id FROM documents") == [
        (hashlib.sha256(scans["mixed"].read_bytes()).hexdigest(),)
    ]
    assert json.loads(proc.stdout)["documents"]["ok"] == 1


def _children_named(parent: int, word: bytes) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            status = (d / "status").read_text()
            cmd = (d / "cmdline").read_bytes()
        except OSError:
            continue
        fields = dict(ln.split(":", 1) for ln in status.splitlines() if ":" in ln)
        if (
            int(fields.get("PPid", "0").strip() or 0) == parent
            and word in cmd
            and "zombie" not in fields["State"]
        ):
            out.append(int(d.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = next(
            ln for ln in Path(f"/proc/{pid}/status").read_text().splitlines() if ln.startswith("State:")
        )
    except (OSError, StopIteration):
        return False
    return "zombie" not in state


@needs_ocr
def test_ocr_dies_with_the_process_that_started_it(scans, tmp_path) -> None:
    """A worker killed for its --timeout must not leave OCRmyPDF running."""
    big = pymupdf.open()
    for _ in range(6):
        big.insert_pdf(pymupdf.open(scans["scan"]))
    big.save(str(tmp_path / "six.pdf"))
    code = (
        f"from kpi.extractors.ocr import ocr_pdf; ocr_pdf(open({str(tmp_path / 'six.pdf')!r}, 'rb').read())"
    )
    child = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while not (ocr := _children_named(child.pid, b"ocrmypdf")):
            assert child.poll() is None and time.monotonic() < deadline, "OCR never started"
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
        deadline = time.monotonic() + 10
        while _alive(ocr[0]) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(ocr[0]), "OCRmyPDF outlived the process that started it"
    finally:
        if child.poll() is None:
            child.kill()


@needs_ocr
def test_following_the_hint_ocrs_a_document_loaded_without_ocr(scans, tmp_path) -> None:
    proc, db = ingest(tmp_path, str(scans["scan"]))
    assert proc.returncode == 1
    hint = rows(db, "SELECT message FROM extraction_issues WHERE code = 'no_text_layer'")[0][0]
    assert "kpi ingest --ocr --force" in hint
    again = subprocess.run(
        [KPI, "ingest", str(scans["scan"]), "--db", str(db), "--ocr", "--force", "--json"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=600,
    )
    assert again.returncode == 0, again.stderr
    assert rows(db, "SELECT status, doc_type, year FROM documents") == [("ok", "nämndplan", 2021)]
    assert "no_text_layer" not in {c for (c,) in rows(db, "SELECT code FROM extraction_issues")}
