"""One batch over every kind of bad input a council archive holds: each gets the right status and a
readable reason, the batch finishes, and the healthy documents' rows are exactly those of a clean run."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from tests.conftest import SAMPLE_PDFS, run_kpi
from tests.hostile.hostile_pdfs import CASES, LONG_DOCUMENT_PAGES, add_folder_traps, build_all
from tests.hostile.warehouse_checks import document_fingerprints, document_statuses

HEALTHY = SAMPLE_PDFS[:2]
BATCH_TIMEOUT = 300.0
"""Seconds the whole hostile batch may take (it takes a few); past it the run counts as hung."""


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("hostile")
    folder = root / "archive with spaces – åäö"
    paths = build_all(folder, root / "scratch")
    add_folder_traps(folder)
    for p in HEALTHY:
        shutil.copy(p, folder / p.name)
    db = root / "mixed.duckdb"
    proc = run_kpi("ingest", str(folder), "--db", str(db), "--json", timeout=BATCH_TIMEOUT)
    clean_db = root / "clean.duckdb"
    clean = run_kpi("ingest", *[str(folder / p.name) for p in HEALTHY], "--db", str(clean_db), "--json")
    assert clean.returncode == 0, clean.stderr
    return {
        "proc": proc,
        "db": db,
        "clean_db": clean_db,
        "folder": folder,
        "paths": paths,
        "summary": json.loads(proc.stdout),
    }


def test_batch_finishes_with_exit_1_and_counts_every_file(hostile_run) -> None:
    proc, s = hostile_run["proc"], hostile_run["summary"]
    assert proc.returncode == 1, proc.stderr
    expected = {"ok": 0, "partial": 0, "failed": 0}
    for c in CASES:
        expected[c.status] += 1
    expected["ok"] += len(HEALTHY)
    assert {k: s["documents"][k] for k in expected} == expected
    assert len(document_statuses(hostile_run["db"])) == len(CASES) + len(HEALTHY)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name.rsplit("/", 1)[-1])
def test_each_bad_input_gets_its_status_and_a_readable_reason(hostile_run, case) -> None:
    statuses = document_statuses(hostile_run["db"])
    name = Path(case.name).name
    assert name in statuses, f"{name} was not recorded at all"
    status, error, doc_id = statuses[name]
    assert status == case.status, (name, status, error)
    con = duckdb.connect(str(hostile_run["db"]), read_only=True)
    issues = con.execute("SELECT code, message FROM extraction_issues WHERE doc_id = ?", [doc_id]).fetchall()
    con.close()
    said = (error or "") + " | " + " | ".join(m for _, m in issues)
    for words in case.says:
        assert words in said, (name, words, said)
    if case.issue:
        assert case.issue in {c for c, _ in issues}, (name, issues)
    if status == "ok":
        assert error is None
    else:
        # a person reads this: no Python traceback, no repr of an exception class alone
        assert error and "Traceback" not in error and len(error) < 600, error


def test_not_ok_documents_are_listed_with_their_reason(hostile_run) -> None:
    listed = {Path(n["path"]).name: n for n in hostile_run["summary"]["not_ok"]}
    for c in CASES:
        if c.status != "ok":
            assert listed[Path(c.name).name]["error"], c.name


def test_healthy_documents_rows_equal_a_clean_run(hostile_run) -> None:
    mixed = document_fingerprints(hostile_run["db"])
    clean = document_fingerprints(hostile_run["clean_db"])
    assert clean and all(d in mixed for d in clean)
    for doc_id, tables in clean.items():
        assert mixed[doc_id] == tables, doc_id
    assert sum(n for t, (n, _) in next(iter(clean.values())).items() if t != "documents") > 0, (
        "the healthy sample should yield rows, else this comparison proves nothing"
    )


def test_folder_traps_are_reported_not_followed(hostile_run) -> None:
    problems = "\n".join(hostile_run["summary"]["problems"])
    assert "symlink loop" in problems and "not followed" in problems
    assert "dangling-link.pdf" in problems and "cannot read" in problems
    names = set(document_statuses(hostile_run["db"]))
    assert not names & {"named-pipe.pdf", "folder.pdf", "dangling-link.pdf"}


def test_non_ascii_path_with_spaces_is_kept_verbatim(hostile_run) -> None:
    want = hostile_run["paths"][
        "Årsredovisning 2023/Verksamhetsberättelse – Ölands kommun, bilaga 1 (ändrad).pdf"
    ]
    con = duckdb.connect(str(hostile_run["db"]), read_only=True)
    got = [
        r[0]
        for r in con.execute("SELECT source_path FROM documents WHERE source_path LIKE '%Ölands%'").fetchall()
    ]
    con.close()
    assert got == [str(want)]


def test_long_document_is_read_to_the_end(hostile_run) -> None:
    con = duckdb.connect(str(hostile_run["db"]), read_only=True)
    pages = con.execute("SELECT page_count FROM documents WHERE source_path LIKE '%2000-sidor%'").fetchone()
    con.close()
    assert pages == (LONG_DOCUMENT_PAGES,)


def test_a_rerun_skips_every_recorded_outcome_and_changes_nothing(hostile_run, tmp_path) -> None:
    """Failures that lie in a file's bytes are final for this extractor version (--force retries)."""
    db = tmp_path / "again.duckdb"
    shutil.copy(hostile_run["db"], db)
    before = document_fingerprints(db)
    proc = run_kpi("ingest", str(hostile_run["folder"]), "--db", str(db), "--json", timeout=BATCH_TIMEOUT)
    s = json.loads(proc.stdout)
    assert s["documents"] == {"ok": 0, "partial": 0, "failed": 0, "skipped": len(CASES) + len(HEALTHY)}
    assert document_fingerprints(db) == before
    forced = run_kpi(
        "ingest", str(hostile_run["folder"]), "--db", str(db), "--json", "--force", timeout=BATCH_TIMEOUT
    )
    assert json.loads(forced.stdout)["documents"] == hostile_run["summary"]["documents"]
    assert document_fingerprints(db) == before
