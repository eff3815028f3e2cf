"""One worker process the parent can feed, time, kill and replace: the unit of isolation."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

from pipeline.executors.outputs import MEMORY_ERROR_PATTERN
from pipeline.executors.protocol import recv, send
from pipeline.executors.worker import NEAR_LIMIT_MARK

STARTUP_SECONDS = 120.0
"""How long a new worker may take to import its libraries before it counts as failed to start."""

STDERR_TAIL_BYTES = 4096
"""How much of a dead worker's last output is searched for the cause of death."""

STOP_GRACE_SECONDS = 2.0
"""How long a worker asked to stop may take before it is killed."""

WORKER_ENV = {"MALLOC_ARENA_MAX": "2", "OMP_NUM_THREADS": "1", "PYMUPDF_SUGGEST_LAYOUT_ANALYZER": "0"}
"""Environment for worker processes: few malloc arenas keep the address-space limit meaningful;
PyMuPDF is not to suggest its layout analyser, which workers leave out (see ``UNUSED_MODULES``)."""


class WorkerStartError(RuntimeError):
    """Workers die before they are ready: the installation is broken, not a document."""


@dataclass
class Event:
    """What a slot reports: a finished document, or that its document failed in isolation."""

    kind: str  # "done" | "failed" | "idle-death"
    path: str | None = None
    output: object = None
    reason: str | None = None


def describe_exit(returncode: int | None) -> str:
    """A person-readable reason for a worker that died while extracting a document."""
    if returncode is None:
        return "worker stopped answering"
    if returncode < 0:
        sig = -returncode
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = f"signal {sig}"
        if sig == signal.SIGKILL:
            return f"worker was killed (signal {sig}, {name}; the system may have run out of memory)"
        return f"worker crashed (signal {sig})"
    return f"worker exited unexpectedly with status {returncode}"


class WorkerSlot:
    """A ``python -m pipeline.executors.worker`` subprocess and the document it is working on."""

    def __init__(self, max_memory_mb: int, timeout: float, options: dict | None = None) -> None:
        self.max_memory_mb = max_memory_mb
        self.timeout = timeout
        self.options = options or {}
        self.path: str | None = None
        self.deadline = float("inf")
        self.ready = False
        self.started_docs = 0
        env = {**os.environ, **WORKER_ENV}
        self.stderr = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the worker; closed in kill()
        self.proc = subprocess.Popen(
            self.command(),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr, env=env,
            bufsize=0,  # unbuffered: a message read leaves the next one in the pipe, where select() sees it
        )
        self.spawned = time.monotonic()
        self.deadline = self.spawned + STARTUP_SECONDS

    def command(self) -> list[str]:
        """The worker's command line."""
        return [sys.executable, "-m", "pipeline.executors.worker", "--max-memory", str(self.max_memory_mb),
                "--parent", str(os.getpid())]

    @property
    def pid(self) -> int:
        return self.proc.pid

    @property
    def busy(self) -> bool:
        return self.path is not None

    def fileno(self) -> int:
        assert self.proc.stdout is not None
        return self.proc.stdout.fileno()

    def submit(self, path: str, data: bytes | None = None) -> bool:
        """Hand the worker a document; False when the worker is already gone."""
        assert self.proc.stdin is not None
        self.path = path
        try:
            send(self.proc.stdin, (path, data, self.options))
        except (BrokenPipeError, OSError):
            return False
        if self.ready:
            self.deadline = time.monotonic() + self.timeout  # reset when the worker says it started
        return True

    def handle(self) -> Event | None:
        """Read one message (the pipe is readable); an Event when a document finished or failed."""
        assert self.proc.stdout is not None
        ok, msg = recv(self.proc.stdout)
        if not ok:
            return self._died()
        kind = msg[0]
        if kind == "ready":
            self.ready = True
            self.deadline = time.monotonic() + self.timeout if self.busy else float("inf")
            return None
        if kind == "start":
            self.started_docs += 1
            self.deadline = time.monotonic() + self.timeout
            return None
        path, self.path, self.deadline = self.path, None, float("inf")
        if kind == "done":
            return Event("done", path, output=msg[1])
        if kind == "oom":
            self._reap()
            return Event("failed", path, reason=f"worker exceeded memory limit of {self.max_memory_mb} MB")
        raise RuntimeError(f"unexpected worker message {kind!r}")

    def _reap(self, wait: float = 5.0) -> int | None:
        try:
            return self.proc.wait(wait)
        except subprocess.TimeoutExpired:
            self.kill()
            return self.proc.returncode

    def last_output(self) -> str:
        """The end of what the worker wrote to stderr."""
        try:
            size = self.stderr.seek(0, os.SEEK_END)
            self.stderr.seek(max(0, size - STDERR_TAIL_BYTES))
            return self.stderr.read().decode("utf-8", "replace")
        except (OSError, ValueError):
            return ""

    def _died(self) -> Event:
        code = self._reap()
        path, self.path = self.path, None
        tail = self.last_output()
        if not self.ready:
            last = tail.strip().splitlines()[-1:] or [""]
            raise WorkerStartError(f"a worker process died while starting ({describe_exit(code)}): {last[0]}")
        reason = describe_exit(code)
        if self.max_memory_mb > 0 and code is not None and code != 0 and (
                NEAR_LIMIT_MARK in tail or MEMORY_ERROR_PATTERN.search(tail)):
            # glibc aborts (instead of failing malloc) when thread-local storage cannot be allocated
            reason = f"worker exceeded memory limit of {self.max_memory_mb} MB"
        if path is None:
            return Event("idle-death", reason=reason)
        return Event("failed", path, reason=reason)

    def expired(self, now: float) -> bool:
        return now >= self.deadline

    def time_out(self) -> Event:
        """Kill a worker past its deadline; the document it held fails."""
        self.kill()
        path, self.path = self.path, None
        if not self.ready:
            raise WorkerStartError(f"a worker process did not start within {STARTUP_SECONDS:.0f} s")
        return Event("failed", path, reason=f"timed out after {self.timeout:g} s")

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            pass
        for f in (self.proc.stdin, self.proc.stdout, self.stderr):
            try:
                if f:
                    f.close()
            except OSError:
                pass

    def stop(self) -> None:
        """Ask an idle worker to exit; kill it if it does not, or if it is busy."""
        if self.proc.poll() is None and not self.busy:
            try:
                assert self.proc.stdin is not None
                send(self.proc.stdin, None)
                self.proc.wait(STOP_GRACE_SECONDS)
            except (BrokenPipeError, OSError, subprocess.TimeoutExpired):
                pass
        self.kill()

    def run(self, path: str, data: bytes | None = None) -> Event:
        """Extract one document synchronously (used inside cluster workers)."""
        from multiprocessing.connection import wait

        if not self.submit(path, data):
            return self._died()
        while True:
            timeout = max(0.0, self.deadline - time.monotonic()) if self.deadline != float("inf") else None
            if not wait([self], timeout):
                return self.time_out()
            ev = self.handle()
            if ev is not None:
                return ev
