"""Links and files that are not PDFs (issue 20, problems 4 and 7): kpi never echoes the bytes of a
file that is not a PDF, follows a symbolic link only inside the given folders (SECURITY.md), and
records a PDF found inside a container (a ZIP that stores it uncompressed)."""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from pathlib import Path

import duckdb
import pytest

from kpi.extractors.extract import check_bytes
from kpi.extractors.paths import file_kind
from tests.conftest import SAMPLE_PDFS, run_kpi

SECRET = "AKIA-kpi-hemlig-nyckel-4711"
"""A string that must appear nowhere kpi writes (the warehouse, stdout, stderr)."""


def _leaks(said: str) -> bool:
    """Whether any part of the planted credentials file shows in ``said``."""
    return SECRET in said or "aws_" in said or "AKIA" in said


def _everything_in(db: Path) -> str:
    """Every value of every table of a warehouse, as one text."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
        return "\n".join(repr(con.execute(f'SELECT * FROM "{t}"').fetchall()) for t in tables)
    finally:
        con.close()


def _secret_file(path: Path) -> Path:
    path.write_text(f"aws_access_key_id = {SECRET}\naws_secret = {SECRET}\n", encoding="utf-8")
    return path


def test_a_link_to_a_text_file_inside_the_folder_is_named_not_quoted(tmp_path) -> None:
    folder = tmp_path / "arkiv"
    folder.mkdir()
    shutil.copy(SAMPLE_PDFS[0], folder / "plan.pdf")
    _secret_file(folder / "credentials")
    os.symlink(folder / "credentials", folder / "bilaga.pdf")
    db = tmp_path / "w.duckdb"
    proc = run_kpi("ingest", str(folder), "--db", str(db), "--verbose")
    assert proc.returncode == 1, proc.stderr
    said = proc.stdout + proc.stderr + _everything_in(db)
    assert not _leaks(said)
    con = duckdb.connect(str(db), read_only=True)
    (error,) = con.execute("SELECT error FROM documents WHERE source_path LIKE '%bilaga.pdf'").fetchone()
    con.close()
    assert error == "not a PDF: the file has no PDF header (it is a text file)"


def test_a_link_out_of_the_given_folders_is_not_followed(tmp_path) -> None:
    outside = tmp_path / "utanfor"
    outside.mkdir()
    _secret_file(outside / "credentials")
    shutil.copy(SAMPLE_PDFS[1], outside / "annan-plan.pdf")
    folder = tmp_path / "arkiv"
    folder.mkdir()
    shutil.copy(SAMPLE_PDFS[0], folder / "plan.pdf")
    os.symlink(outside / "credentials", folder / "hemlig.pdf")
    os.symlink(outside / "annan-plan.pdf", folder / "lankad-plan.pdf")
    os.symlink(outside, folder / "lankad-mapp")
    db = tmp_path / "w.duckdb"
    proc = run_kpi("ingest", str(folder), "--db", str(db), "--json")
    assert proc.returncode == 0, proc.stderr
    s = json.loads(proc.stdout)
    assert s["documents"]["ok"] == 1
    problems = "\n".join(s["problems"])
    for name in ("hemlig.pdf", "lankad-plan.pdf", "lankad-mapp"):
        assert f"{name}: symlink to a " in problems and "outside the given folders, not followed" in problems
    said = proc.stdout + proc.stderr + _everything_in(db)
    assert not _leaks(said)


def test_a_link_inside_the_folders_is_followed_and_its_path_recorded(tmp_path) -> None:
    folder = tmp_path / "arkiv"
    (folder / "original").mkdir(parents=True)
    shutil.copy(SAMPLE_PDFS[0], folder / "original" / "plan.pdf")
    os.symlink(folder / "original" / "plan.pdf", folder / "genvag.pdf")
    db = tmp_path / "w.duckdb"
    proc = run_kpi("ingest", str(folder / "genvag.pdf"), "--db", str(db), "--json")
    assert json.loads(proc.stdout)["documents"]["ok"] == 1, proc.stderr
    # the folder holds the link and its target: one document, both paths
    again = run_kpi("ingest", str(folder), "--db", str(db), "--json")
    assert json.loads(again.stdout)["documents"]["skipped"] == 1, again.stderr
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("SELECT path, via FROM document_paths ORDER BY path").fetchall()
    con.close()
    assert [(Path(p).name, v) for p, v in rows] == [("genvag.pdf", "symlink"), ("plan.pdf", "direct")]


def test_a_path_given_on_the_command_line_is_taken_as_given_but_never_quoted(tmp_path) -> None:
    secret = _secret_file(tmp_path / "credentials")
    link = tmp_path / "rapport.pdf"
    os.symlink(secret, link)
    db = tmp_path / "w.duckdb"
    proc = run_kpi("ingest", str(link), "--db", str(db), "--json")
    assert proc.returncode == 1
    (item,) = json.loads(proc.stdout)["not_ok"]
    assert item["error"] == "not a PDF: the file has no PDF header (it is a text file)"
    assert not _leaks(proc.stdout + proc.stderr + _everything_in(db))


def test_a_pdf_stored_in_a_zip_is_read_with_an_issue(tmp_path) -> None:
    folder = tmp_path / "arkiv"
    folder.mkdir()
    with zipfile.ZipFile(folder / "paket.pdf", "w", compression=zipfile.ZIP_STORED) as z:
        z.write(SAMPLE_PDFS[0], "plan.pdf")
        z.writestr("annat.txt", "en bilaga")
    db = tmp_path / "w.duckdb"
    proc = run_kpi("ingest", str(folder), "--db", str(db), "--json")
    assert json.loads(proc.stdout)["documents"]["partial"] == 1, proc.stderr
    con = duckdb.connect(str(db), read_only=True)
    try:
        status, error = con.execute("SELECT status, error FROM documents").fetchone()
        issues = con.execute(
            "SELECT code, severity, message FROM extraction_issues WHERE code = 'pdf_in_container'"
        ).fetchall()
        via = con.execute("SELECT via FROM document_paths").fetchall()
        values = con.execute("SELECT count(*) FROM indicator_values").fetchone()[0]
    finally:
        con.close()
    assert status == "partial" and "ZIP archive" in error
    assert len(issues) == 1 and issues[0][1] == "warning" and "unpack it" in issues[0][2]
    assert via == [("container",)]
    assert values > 0  # the PDF inside was read


@pytest.mark.parametrize(
    "head, kind",
    [
        (b"", "empty file"),
        (b"root:x:0:0:root:/root:/bin/bash\n", "text file"),
        (b"PK\x03\x04" + bytes(40), "ZIP archive"),
        (b"\x1f\x8b\x08\x00" + bytes(20), "gzip archive"),
        (b"\x89PNG\r\n\x1a\n" + bytes(20), "PNG image"),
        (b"\x7fELF\x02\x01\x01" + bytes(20), "executable (ELF)"),
        (b"<!DOCTYPE html><html><body>x</body></html>", "HTML page"),
        (bytes(range(256)), "binary data"),
    ],
)
def test_a_file_is_named_by_its_magic_bytes(head: bytes, kind: str) -> None:
    assert file_kind(head) == kind
    reason = check_bytes(head)
    assert reason is not None and kind in reason
    if head:
        assert head[:8].decode("latin-1") not in reason.replace("empty file", "")
