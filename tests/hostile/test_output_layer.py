"""Hostile text through every command's console output, and errors that point the right way.

Untrusted strings (file names, PDF text, query cells, error messages) must reach the terminal as
they read: never as console markup (``[b]``, ``[/`` crashed ingest), never as emoji, and with every
control character (ESC, newline, CR, bidi override) shown visibly.  A --db that is locked, full, not
writable, not a kpi warehouse, not a DuckDB file or in a missing folder is named as such, and a
foreign database is left exactly as it was.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from kpi.pipeline.console import visible
from tests.conftest import GOLD, KPI, ROOT, SAMPLE_PDFS, SAMPLES

HOSTILE = [
    "[/",
    "[b]x[/b]",
    ":smile:",
    "\x1b[31m",
    "new\nline",
    "Nämndplan 2024 [utkast]",
    "Sjukfrånvaro [/total], %",
    "car\rriage",
    "\u202eevil",
]
RAW = ("\x1b", "\r", "\u202e", "😄", "😊")
"""What must never reach the terminal as it is."""
WIDE_COLUMNS = 4000
"""Console width for these runs: no line is wrapped, so a printed path stays on one line."""


def kpi(*args: str, **kw) -> subprocess.CompletedProcess:
    """``kpi ARGS``; its output decoded without newline translation (a raw CR must stay visible)."""
    env = {**os.environ, "COLUMNS": str(WIDE_COLUMNS), "NO_COLOR": "1"}
    proc = subprocess.run(
        [KPI, *args], capture_output=True, env=env, cwd=ROOT, timeout=600, check=False, **kw
    )
    proc.stdout, proc.stderr = proc.stdout.decode(), proc.stderr.decode()
    return proc


def assert_shown_safely(output: str, values: list[str]) -> None:
    for raw in RAW:
        assert raw not in output, f"{raw!r} reached the terminal:\n{output}"
    assert "Traceback" not in output
    for v in values:
        assert visible(v) in output, f"{visible(v)!r} not shown as it reads:\n{output}"


def sql_literal(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory) -> Path:
    from kpi.warehouse.db import connect

    path = tmp_path_factory.mktemp("out") / "w.duckdb"
    connect(path).close()
    return path


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> Path:
    """One sample document whose organ and title are hostile text."""
    db = tmp_path_factory.mktemp("hostile-db") / "w.duckdb"
    proc = kpi("ingest", str(SAMPLE_PDFS[0]), "--db", str(db), "--quiet")
    assert proc.returncode in (0, 1), proc.stderr
    con = duckdb.connect(str(db))
    con.execute("UPDATE documents SET organ = ?, title = ?", [" ".join(HOSTILE), HOSTILE[5]])
    con.close()
    return db


# -- kpi query -------------------------------------------------------------------------------------------------


def _hostile_select() -> str:
    cells = ", ".join(f"{sql_literal(v)} AS c{i}" for i, v in enumerate(HOSTILE))
    return f'SELECT {cells}, 1 AS "[b]head[/b]"'


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_query_cells_are_shown_as_they_read(empty_db, fmt) -> None:
    proc = kpi("query", _hostile_select(), "--db", str(empty_db), "--format", fmt, "--wide")
    assert proc.returncode == 0, proc.stderr
    shown = HOSTILE if fmt == "table" else [v for v in HOSTILE if "\\" not in visible(v)]
    assert_shown_safely(proc.stdout + proc.stderr, [*shown, "[b]head[/b]"])
    if fmt == "markdown":  # control characters visible there too (with markdown's escaped backslash)
        assert "\\\\x1b[31m" in proc.stdout and "new\\\\nline" in proc.stdout


def test_query_csv_and_json_keep_the_data_exact(empty_db) -> None:
    sql = _hostile_select()
    as_csv = kpi("query", sql, "--db", str(empty_db), "--format", "csv")
    assert as_csv.returncode == 0, as_csv.stderr
    header, row = list(csv.reader(io.StringIO(as_csv.stdout, newline="")))
    assert row[:-1] == HOSTILE and header[-1] == "[b]head[/b]"
    as_json = kpi("query", sql, "--db", str(empty_db), "--format", "json")
    assert as_json.returncode == 0, as_json.stderr
    assert list(json.loads(as_json.stdout)[0].values())[:-1] == HOSTILE
    for raw in RAW:  # JSON writes control and bidi characters as \\uXXXX: safe to print
        assert raw not in as_json.stdout


def test_query_error_messages_are_shown_safely(empty_db) -> None:
    proc = kpi("query", "SELECT CAST('[b]x[/b] \x1b[31m :smile:' AS INTEGER)", "--db", str(empty_db))
    assert proc.returncode == 1
    assert_shown_safely(proc.stderr, ["[b]x[/b] \x1b[31m :smile:"])


# -- kpi ingest ------------------------------------------------------------------------------------------------


def _hostile_archive(tmp: Path) -> list[Path]:
    """Copies of a sample PDF under hostile names (each made different, so none is a duplicate),
    one in a folder whose name ends in ``[`` so the path holds ``[/``; and a broken one."""
    folder = tmp / "arkiv ["
    folder.mkdir()
    names = [
        "total] plan",
        "[b]fet [red]röd",
        ":smile: plan",
        "esc \x1b[31m röd",
        "ny\nrad",
        "Nämndplan 2024 [utkast]",
    ]
    names += ["bidi \u202egnp", "vagn\rretur"]
    data = SAMPLE_PDFS[0].read_bytes()
    paths = []
    for i, name in enumerate(names):
        p = folder / f"{name}.pdf"
        p.write_bytes(data + f"\n% copy {i}\n".encode())
        paths.append(p)
    broken = folder / "trasig [b] \x1b[2J.pdf"
    broken.write_bytes(b"%PDF-1.7\n garbage [b]x[/b] \x1b[2J")
    return [*paths, broken]


def test_ingest_prints_hostile_file_names_safely(tmp_path) -> None:
    paths = _hostile_archive(tmp_path)
    db = tmp_path / "w.duckdb"
    verbose = kpi("ingest", str(paths[0].parent), "--db", str(db), "--verbose", "--workers", "1")
    assert verbose.returncode == 1, verbose.stderr  # the broken one failed, the batch finished
    assert_shown_safely(verbose.stdout + verbose.stderr, [str(p) for p in paths])
    con = duckdb.connect(str(db), read_only=True)
    statuses = con.execute("SELECT status, count(*) FROM documents GROUP BY 1").fetchall()
    matched = con.execute("SELECT count(*) FROM post_load_steps").fetchone()
    con.close()
    assert dict(statuses) == {"ok": len(paths) - 1, "failed": 1}
    assert matched and matched[0] >= 1  # matching ran after the load (a crash used to skip it)
    again = kpi("ingest", str(paths[0].parent), "--db", str(db), "--force", "--workers", "1")
    assert again.returncode == 1
    assert_shown_safely(again.stdout + again.stderr, [str(paths[-1])])  # the summary's "not ok" line


# -- organs, export, eval --------------------------------------------------------------------------------------


def test_organs_shows_hostile_body_names_safely(hostile_db) -> None:
    proc = kpi("organs", "--db", str(hostile_db))
    assert proc.returncode == 0, proc.stderr
    for raw in RAW:
        assert raw not in proc.stdout
    for v in ("[b]x[/b]", ":smile:", "\\x1b[31m", "[/total]", "[utkast]"):
        assert v in proc.stdout, proc.stdout


def test_export_prints_a_hostile_folder_name_safely(hostile_db, tmp_path) -> None:
    out = tmp_path / "export [b]x[/b] :smile: \x1b[31m [/"
    proc = kpi("export", "--db", str(hostile_db), "--out", str(out), "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    assert_shown_safely(proc.stdout + proc.stderr, [str(out)])


def test_eval_prints_hostile_document_names_safely(hostile_db, tmp_path) -> None:
    gold = tmp_path / "gold"
    gold.mkdir()
    shutil.copy(GOLD / "risks.csv", gold / "risks.csv")
    hostile_doc = "plan [b]x[/b] :smile: \x1b[31m [/total]"
    with (gold / "risks.csv").open("a", encoding="utf-8", newline="") as f:
        csv.writer(f).writerow([hostile_doc, "Finansiella risker", "t", "", "3", "5", ""])
    proc = kpi("eval", "--gold", str(gold), "--db", str(hostile_db))
    assert proc.returncode == 0, proc.stderr
    assert_shown_safely(proc.stdout + proc.stderr, [hostile_doc])


# -- errors that point the right way -------------------------------------------------------------------------

HOLD = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == "ro")
print("holding", flush=True)
time.sleep(60)
"""


@contextlib.contextmanager
def holding(db: Path, mode: str):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db), mode], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        yield holder.pid
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.parametrize("mode", ["rw", "ro"], ids=["writer", "notebook-reader"])
def test_busy_warehouse_names_the_holder_and_its_pid(empty_db, mode) -> None:
    commands = [["ingest", str(SAMPLE_PDFS[0])], ["match"]]
    if mode == "rw":  # a reader may read beside another reader, not beside a writer
        commands += [["query", "SELECT 1"], ["organs"], ["export", "--out", str(empty_db.parent / "x")]]
    with holding(empty_db, mode) as pid:
        for args in commands:
            proc = kpi(*args, "--db", str(empty_db))
            assert proc.returncode == 3, (args, proc.stderr)
            assert f"process {pid}" in proc.stderr and "python" in proc.stderr, proc.stderr
            assert "--wait" in proc.stderr and "Traceback" not in proc.stderr


def _snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


COMMANDS_WITH_DB = [
    ["ingest", str(SAMPLE_PDFS[0])],
    ["query", "SELECT 1"],
    ["organs"],
    ["match"],
    ["export", "--out", "{tmp}/export"],
    ["eval", "--gold", str(GOLD)],
    ["report", "--out", "{tmp}/report"],
    ["kolada", "compare", "--values", str(next((SAMPLES / "kolada").glob("*.csv")))],
]


@pytest.mark.parametrize(
    "args", COMMANDS_WITH_DB, ids=lambda a: " ".join(a[:2]) if a[0] == "kolada" else a[0]
)
def test_a_foreign_duckdb_file_is_refused_and_left_unchanged(tmp_path, args) -> None:
    db = tmp_path / "research.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE people (name VARCHAR); INSERT INTO people VALUES ('Anna')")
    con.close()
    before = _snapshot(db)
    proc = kpi(*[a.format(tmp=tmp_path) for a in args], "--db", str(db))
    assert proc.returncode == 2, proc.stderr
    assert "not a kpi warehouse" in proc.stderr and "Traceback" not in proc.stderr
    assert _snapshot(db) == before
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SHOW TABLES").fetchall() == [("people",)]
    con.close()


@pytest.mark.parametrize(
    "args", COMMANDS_WITH_DB, ids=lambda a: " ".join(a[:2]) if a[0] == "kolada" else a[0]
)
def test_not_a_duckdb_file_and_a_missing_folder_are_one_line_errors(tmp_path, args) -> None:
    junk = tmp_path / "notes.duckdb"
    junk.write_text("these are my notes [b]x[/b]\n")
    for db in (junk, tmp_path / "no such folder" / "w.duckdb"):
        proc = kpi(*[a.format(tmp=tmp_path) for a in args], "--db", str(db))
        assert proc.returncode == 2, (db, proc.stderr)
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error:"), proc.stderr
    assert junk.read_text() == "these are my notes [b]x[/b]\n"
    assert not (tmp_path / "no such folder").exists()


def _mount_tmpfs(where: Path, options: str) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    where.mkdir()
    return (
        subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], check=False).returncode
        == 0
    )


@pytest.fixture
def small_disk(tmp_path):
    where = tmp_path / "disk"
    if not _mount_tmpfs(where, "size=600k"):
        pytest.skip("needs root to mount a small tmpfs")
    yield where
    subprocess.run(["umount", str(where)], check=False)


def test_disk_full_is_named_and_the_warehouse_stays_consistent(small_disk) -> None:
    db = small_disk / "w.duckdb"
    proc = kpi("ingest", str(SAMPLES / "pdf"), str(SAMPLES / "real"), "--db", str(db), "--workers", "1")
    assert proc.returncode == 1, proc.stderr
    assert "disk full" in proc.stderr and "cannot rollback" not in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr
    check = kpi("query", "SELECT count(*) AS n FROM documents", "--db", str(db), "--format", "json")
    assert check.returncode == 0, check.stderr  # what was committed opens and reads
    assert json.loads(check.stdout)[0]["n"] >= 1
    blamed = kpi(
        "query", "SELECT count(*) AS n FROM documents WHERE error LIKE '%could not be stored%'",
        "--db", str(db), "--format", "json",
    )  # fmt: skip
    assert json.loads(blamed.stdout)[0]["n"] == 0  # a full disk is no document's fault
    # room again: the same command loads the rest, without --force
    assert subprocess.run(["mount", "-o", "remount,size=64m", str(small_disk)], check=False).returncode == 0
    again = kpi("ingest", str(SAMPLES / "pdf"), str(SAMPLES / "real"), "--db", str(db), "--workers", "1")
    assert again.returncode in (0, 1), again.stderr
    done = kpi(
        "query", "SELECT status, count(*) AS n FROM documents GROUP BY 1", "--db", str(db), "--format", "json"
    )
    assert {r["status"]: r["n"] for r in json.loads(done.stdout)} == {"ok": 9}, done.stdout


def test_a_folder_without_write_permission_is_named(tmp_path) -> None:
    where = tmp_path / "locked"
    if os.geteuid() == 0:
        if not _mount_tmpfs(where, "ro,size=1m"):
            pytest.skip("needs to mount a read-only tmpfs as root")
    else:
        where.mkdir()
        where.chmod(0o500)
    try:
        proc = kpi("ingest", str(SAMPLE_PDFS[0]), "--db", str(where / "w.duckdb"))
    finally:
        if os.geteuid() == 0:
            subprocess.run(["umount", str(where)], check=False)
        else:
            where.chmod(0o700)
    assert proc.returncode == 1, proc.stderr
    assert "permission denied" in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
