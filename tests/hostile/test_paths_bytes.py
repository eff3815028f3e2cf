"""File names that are not UTF-8, a batch with one document the writer refuses, and every path a
document was seen under (issue 20, problems 1 and 7).

A Latin-1 ``ä`` (the byte 0xE4) in a file name used to fail the whole commit batch in Arrow and
crash the run before matching; one document's bad data must never fail a batch.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import duckdb
import pytest

from kpi.pipeline import run
from kpi.pipeline.executors.task import extract_task
from kpi.pipeline.match.hooks import after_ingest
from kpi.pipeline.writer import UNSTORABLE
from tests.conftest import SAMPLE_PDFS, run_kpi

LATIN1_NAME = "nämnd".encode() + b"\xe4.pdf"
"""A name that is not UTF-8: "nämnd" in UTF-8, then a Latin-1 ä (as an old Samba share stores it)."""


def _folder_with_latin1_name(tmp_path: Path) -> tuple[Path, bytes]:
    folder = tmp_path / "arkiv"
    folder.mkdir()
    odd = os.fsencode(folder) + b"/" + LATIN1_NAME
    shutil.copy(SAMPLE_PDFS[1], os.fsdecode(odd))
    shutil.copy(SAMPLE_PDFS[2], folder / "vanlig.pdf")
    return folder, odd


@pytest.mark.parametrize("mode", ["--json", "--quiet", "--verbose"])
def test_a_name_that_is_not_utf8_loads_like_any_other(tmp_path, mode) -> None:
    folder, odd = _folder_with_latin1_name(tmp_path)
    db = tmp_path / "w.duckdb"
    proc = run_kpi("ingest", str(folder), "--db", str(db), mode)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "UnicodeEncodeError" not in proc.stderr
    if mode == "--json":
        assert json.loads(proc.stdout)["documents"]["ok"] == 2
    con = duckdb.connect(str(db), read_only=True)
    try:
        docs = dict(con.execute("SELECT source_path, status FROM documents").fetchall())
        shown = os.fsdecode(folder) + "/nämnd\\xe4.pdf"
        assert docs == {shown: "ok", str(folder / "vanlig.pdf"): "ok"}
        paths = con.execute("SELECT path, path_bytes, via FROM document_paths ORDER BY path").fetchall()
        assert (shown, odd, "direct") in paths and len(paths) == 2
        # matching ran: the post-load step finished and the values were matched
        assert (
            con.execute("SELECT count(*) FROM post_load_steps WHERE step = 'after_load'").fetchone()[0] == 1
        )
        assert con.execute("SELECT count(*) FROM indicator_matches").fetchone()[0] > 0
    finally:
        con.close()


def test_a_rerun_with_the_odd_name_skips_it_and_records_nothing_new(tmp_path) -> None:
    folder, _ = _folder_with_latin1_name(tmp_path)
    db = tmp_path / "w.duckdb"
    assert run_kpi("ingest", str(folder), "--db", str(db), "--quiet").returncode == 0
    again = run_kpi("ingest", str(folder), "--db", str(db), "--json")
    assert json.loads(again.stdout)["documents"]["skipped"] == 2, again.stderr
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM document_paths").fetchone()[0] == 2
    con.close()


def test_the_second_name_of_the_same_pdf_is_recorded(tmp_path) -> None:
    folder = tmp_path / "arkiv"
    folder.mkdir()
    shutil.copy(SAMPLE_PDFS[0], folder / "a-plan.pdf")
    shutil.copy(SAMPLE_PDFS[0], folder / "b-samma-plan.pdf")
    db = tmp_path / "w.duckdb"
    proc = run_kpi("ingest", str(folder), "--db", str(db), "--json")
    s = json.loads(proc.stdout)
    assert s["documents"]["ok"] == 1 and s["documents"]["skipped"] == 1
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("SELECT doc_id, path, via FROM document_paths ORDER BY path").fetchall()
    (doc_id,) = con.execute("SELECT doc_id FROM documents").fetchone()
    con.close()
    assert [(d, Path(p).name, v) for d, p, v in rows] == [
        (doc_id, "a-plan.pdf", "direct"),
        (doc_id, "b-samma-plan.pdf", "direct"),
    ]


def test_one_document_the_writer_refuses_does_not_fail_its_batch(tmp_path) -> None:
    """A value the warehouse cannot hold (a year beyond INTEGER) in one document of a batch: the
    other documents load, that one is recorded as failed with the writer's error, matching runs."""
    folder = tmp_path / "arkiv"
    folder.mkdir()
    for p in SAMPLE_PDFS[:3]:
        shutil.copy(p, folder / p.name)
    bad = folder / SAMPLE_PDFS[1].name

    def executor(paths: list[str]):
        for p in paths:
            r = extract_task(p)
            if p == str(bad):
                r.meta.year = 2**40  # Arrow refuses it for the INTEGER column
            yield r

    db = tmp_path / "w.duckdb"
    summary = run.ingest([str(folder)], db, executor=executor, after_load=after_ingest)
    assert dict(summary.counts) == {"ok": 2, "partial": 0, "failed": 1, "skipped": 0}
    (failed,) = summary.not_ok
    assert failed.path == str(bad) and failed.error.startswith(UNSTORABLE)
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("SELECT source_path, status, error FROM documents ORDER BY source_path").fetchall()
        assert [(Path(p).name, s) for p, s, _ in rows] == [
            (SAMPLE_PDFS[0].name, "ok"),
            (SAMPLE_PDFS[1].name, "failed"),
            (SAMPLE_PDFS[2].name, "ok"),
        ]
        assert rows[1][2].startswith(UNSTORABLE) and "Traceback" not in rows[1][2]
        assert con.execute("SELECT count(*) FROM post_load_steps").fetchone()[0] >= 1
        assert con.execute("SELECT count(*) FROM indicator_matches").fetchone()[0] > 0
        assert con.execute("SELECT count(DISTINCT doc_id) FROM document_paths").fetchone()[0] == 3
    finally:
        con.close()


def test_text_that_is_not_utf8_inside_a_document_is_stored_displayable(tmp_path) -> None:
    """A lone surrogate in extracted text (a broken text layer) is stored, shown escaped."""
    folder = tmp_path / "arkiv"
    folder.mkdir()
    shutil.copy(SAMPLE_PDFS[0], folder / "a.pdf")

    def executor(paths: list[str]):
        for p in paths:
            r = extract_task(p)
            r.meta.title = "Nämndplan \ud800 2024"
            r.indicator_values[0].indicator_name = "Andel \udce4 nöjda"
            yield r

    db = tmp_path / "w.duckdb"
    summary = run.ingest([str(folder)], db, executor=executor)
    assert dict(summary.counts)["ok"] == 1
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT title FROM documents").fetchone() == ("Nämndplan \\ud800 2024",)
    names = {r[0] for r in con.execute("SELECT indicator_name FROM indicator_values").fetchall()}
    con.close()
    assert "Andel \\xe4 nöjda" in names


def test_a_full_disk_blames_no_document(tmp_path, monkeypatch) -> None:
    """The disk fills while a batch is written, with room left for a small record: the run stops
    with the storage error and no document is recorded as failed, so the same command loads every
    document once there is room (before, the batch's documents were stored as failed "could not be
    stored" and skipped by later runs)."""
    from kpi.pipeline import writer
    from kpi.warehouse.db import storage_problem

    folder = tmp_path / "arkiv"
    folder.mkdir()
    for p in SAMPLE_PDFS[:3]:
        shutil.copy(p, folder / p.name)
    real_write = writer.DuckDBSink.write

    def full_disk(self, outs, docs):  # rows do not fit; a document's small failed record would
        if any(o.tables for o in outs):
            raise duckdb.IOException("Could not write file: No space left on device")
        return real_write(self, outs, docs)

    def executor(paths: list[str]):
        for p in paths:
            yield extract_task(p)

    db = tmp_path / "w.duckdb"
    monkeypatch.setattr(writer.DuckDBSink, "write", full_disk)
    with pytest.raises(Exception) as info:
        run.ingest([str(folder)], db, executor=executor, after_load=after_ingest)
    assert storage_problem(info.value) is not None
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
    finally:
        con.close()
    monkeypatch.setattr(writer.DuckDBSink, "write", real_write)  # room again
    summary = run.ingest([str(folder)], db, executor=executor)
    assert dict(summary.counts) == {"ok": 3, "partial": 0, "failed": 0, "skipped": 0}
