"""Shared helpers for the batch tests: small synthetic archives, heavy PDFs, warehouse snapshots."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import duckdb
import pymupdf

from tests.conftest import KPI, ROOT

CONTENT_TABLES = ("indicator_values", "budget_lines", "goal_status", "risks", "extraction_issues")
VOLATILE = {"loaded_at", "seconds", "source_path"}
"""Columns that legitimately differ between two runs over the same files."""


def kpi_env() -> dict[str, str]:
    return {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}


def start_kpi(*args: str) -> subprocess.Popen:
    """``kpi ARGS`` running in the background, stderr line-readable."""
    return subprocess.Popen(
        [KPI, *args],
        cwd=ROOT,
        env=kpi_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        bufsize=1,
    )


def heavy_pdf(path: Path, shows: int = 300_000, label: str = "Tung sida", pages: int = 3) -> Path:
    """Pages that each show ``shows`` tiny strings: seconds of CPU and hundreds of MB per page.

    A few KB on disk (the content streams compress well); it stands for any PDF that makes the
    reader hang or blow up.  Several pages, so that it stays far beyond the tests' 2-second
    limits and 300 MB memory limits however fast extraction becomes (one page takes about 2 s
    and 300 MB).
    """
    doc = pymupdf.open()
    for _ in range(pages):
        page = doc.new_page()
        page.insert_text((50, 50), label, fontname="helv")
        xref = page.get_contents()[0]
        font = page.get_fonts()[0][4]
        ops = (
            b"BT /%s 1 Tf " % font.encode()
            + b"".join(b"%d 0 Td (ab) Tj " % (i % 3 - 1) for i in range(shows))
            + b"ET"
        )
        doc.update_stream(xref, ops)
    doc.save(str(path), deflate=True, garbage=3)
    doc.close()
    return path


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every document and content row of a warehouse, without run-dependent columns, sorted."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for t in ("documents", *CONTENT_TABLES):
            cols = [r[0] for r in con.execute(f"DESCRIBE {t}").fetchall() if r[0] not in VOLATILE]
            rows = con.execute(f"SELECT {', '.join(cols)} FROM {t}").fetchall()
            out[t] = sorted(rows, key=repr)
        return out
    finally:
        con.close()


def rows_per_doc(db: Path) -> dict[str, int]:
    """doc_id -> number of content rows, for every document in the warehouse."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        union = " UNION ALL ".join(f"SELECT doc_id FROM {t}" for t in CONTENT_TABLES)
        rows = con.execute(
            f"SELECT d.doc_id, count(u.doc_id) FROM documents d LEFT JOIN ({union}) u "
            "USING (doc_id) GROUP BY d.doc_id"
        ).fetchall()
        return dict(rows)
    finally:
        con.close()


def workers_of(parent_pid: int) -> list[int]:
    """Live kpi worker processes whose command line names ``parent_pid`` as their parent."""
    mark = f"--parent\0{parent_pid}\0".encode()
    found = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                cmd = (d / "cmdline").read_bytes()
            except OSError:
                continue
            if b"kpi.pipeline.executors.worker" in cmd and mark in cmd + b"\0":
                found.append(int(d.name))
    return found


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_for(predicate, timeout: float, what: str, every: float = 0.05):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(every)
