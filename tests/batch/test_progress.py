"""What an ingest run shows: a live bar on a terminal, periodic plain lines otherwise, nothing with
--quiet, a JSON summary with --json."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess

from tests.batch.support import kpi_env
from tests.conftest import KPI, ROOT, run_kpi


def test_plain_lines_when_not_a_terminal(small_archive, tmp_path) -> None:
    proc = run_kpi("ingest", str(small_archive), "--db", str(tmp_path / "w.duckdb"), "--workers", "1")
    assert proc.returncode == 0, proc.stderr
    assert "extracting 8 document(s)" in proc.stderr and "with 1 worker(s)" in proc.stderr
    assert re.search(r"progress: 8/8 documents \(100%\), 0 not ok, [\d.]+ pages/s, ETA \S+", proc.stderr)
    assert "\x1b[" not in proc.stderr  # no terminal control codes in logs
    assert "documents: 8 ok, 0 partial, 0 failed, 0 skipped" in proc.stdout
    again = run_kpi("ingest", str(small_archive), "--db", str(tmp_path / "w.duckdb"))
    assert "skipped 8 document(s) already loaded" in again.stderr and "extracting" not in again.stderr


def test_quiet_json_and_verbose(small_archive, tmp_path) -> None:
    quiet = run_kpi("ingest", str(small_archive), "--db", str(tmp_path / "q.duckdb"), "--quiet")
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""
    js = run_kpi("ingest", str(small_archive), "--db", str(tmp_path / "j.duckdb"), "--json", "--workers", "2")
    s = json.loads(js.stdout)
    assert s["documents"] == {"ok": 8, "partial": 0, "failed": 0, "skipped": 0} and not s["interrupted"]
    assert s["pages"] > 8 and s["executor"]["workers"] == 2 and js.stderr == ""
    verbose = run_kpi("ingest", str(small_archive), "--db", str(tmp_path / "j.duckdb"), "--verbose")
    assert verbose.stderr.count("skipped ") == 8


def test_a_progress_bar_on_a_terminal(small_archive, tmp_path) -> None:
    master, slave = pty.openpty()
    env = {**kpi_env(), "TERM": "xterm"}
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen(
        [KPI, "ingest", str(small_archive), "--db", str(tmp_path / "t.duckdb"), "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        close_fds=True,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # the terminal closed: the process is done
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(120)
    os.close(master)
    screen = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", b"".join(chunks).decode("utf-8", "replace"))
    assert proc.returncode == 0, screen
    assert re.search(r"extracting .*8/8 documents [\d.]+ pages/s ETA", screen), screen
    assert "━" in screen  # the bar itself
    assert "progress:" not in screen  # no plain log lines on a terminal
