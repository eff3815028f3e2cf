"""Running `kpi ingest` as a real subprocess under a safety net, and finding processes it left behind."""

from __future__ import annotations

import contextlib
import os
import resource
import subprocess
from pathlib import Path

from tests.conftest import KPI, ROOT

SAFETY_ADDRESS_SPACE = 12 * 1024**3
"""Address-space ceiling for every process of a test run (kpi and its workers).

Only a net: kpi's own ``--max-memory`` must stop a bomb long before this; if it did not, the bomb
dies here instead of taking the shared machine's memory (the memory bomb would want ~230 GB)."""


def _safety_net() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (SAFETY_ADDRESS_SPACE, SAFETY_ADDRESS_SPACE))


def kpi_env() -> dict[str, str]:
    return {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}


def start_kpi(*args: str, stdout=subprocess.PIPE) -> subprocess.Popen:
    """``kpi ARGS`` in its own process group (so a test can clean up everything it started)."""
    return subprocess.Popen(
        [KPI, *args],
        cwd=ROOT,
        env=kpi_env(),
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_safety_net,  # noqa: PLW1509 (the test process starts no threads before this)
        start_new_session=True,
    )


def run_kpi_capped(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """Like ``run_kpi``, under the safety net; the result's ``pid`` is the kpi process's id."""
    proc = start_kpi(*args)
    try:
        out, err = proc.communicate(timeout=timeout)
        leftover = workers_of(proc.pid)
    finally:
        kill_group(proc)
    done = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
    done.pid = proc.pid  # type: ignore[attr-defined]
    done.leftover_workers = leftover  # type: ignore[attr-defined]
    return done


def kill_group(proc: subprocess.Popen) -> None:
    """SIGKILL whatever is left of the process group ``proc`` leads (it was started with its own session)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, 9)


def workers_of(parent_pid: int) -> list[int]:
    """Live kpi worker processes that were started by ``parent_pid`` (their command line names it)."""
    mark = f"--parent\0{parent_pid}\0".encode()
    found = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            cmd = (d / "cmdline").read_bytes() + b"\0"
            state = next(
                (ln for ln in (d / "status").read_text().splitlines() if ln.startswith("State:")), ""
            )
        except OSError:
            continue
        if b"kpi.pipeline.executors.worker" in cmd and mark in cmd and "zombie" not in state:
            found.append(int(d.name))
    return found
