"""One worker process the parent can feed, time, kill and replace: the unit of isolation."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from kpi.pipeline.executors.outputs import MEMORY_ERROR_PATTERN
from kpi.pipeline.executors.protocol import recv, send
from kpi.pipeline.executors.worker import NEAR_LIMIT_MARK

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


class EventKind(StrEnum):
    DONE = "done"  # the document was extracted (``Event.output``)
    FAILED = "failed"  # the worker hung, crashed or ran out of memory on the document
    IDLE_DEATH = "idle-death"  # the worker died (or went silent) before it started a document


@dataclass
class Event:
    """What a slot reports: a finished document, or that its document failed in isolation."""

    kind: EventKind
    path: str | None = None
    output: object = None
    reason: str | None = None
    requeue: list[str] = field(default_factory=list)  # handed over, never started: give to another worker


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
    """A ``python -m kpi.pipeline.executors.worker`` subprocess and the documents handed to it.

    ``path`` is the document the worker is on (or starts next); ``queued`` are documents handed
    over behind it, so that the worker never waits for the parent between two documents.  Only
    ``path`` can fail with the worker: documents it never started go back to the caller
    (:attr:`Event.requeue`).
    """

    def __init__(self, max_memory_mb: int, timeout: float, options: dict[str, bool] | None = None) -> None:
        self.max_memory_mb = max_memory_mb
        self.timeout = timeout
        self.options = options or {}
        self.path: str | None = None
        self.started = False  # whether the worker said it started ``path``
        self.queued: deque[str] = deque()
        self.deadline = float("inf")
        self.ready = False
        self.started_docs = 0
        env = {**os.environ, **WORKER_ENV}
        self.stderr = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the worker; closed in kill()
        self.proc = subprocess.Popen(
            self.command(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            env=env,
            bufsize=0,  # unbuffered: a message read leaves the next one in the pipe, where select() sees it
        )
        self.spawned = time.monotonic()
        self.deadline = self.spawned + STARTUP_SECONDS

    def command(self) -> list[str]:
        """The worker's command line."""
        return [
            sys.executable,
            "-m",
            "kpi.pipeline.executors.worker",
            "--max-memory",
            str(self.max_memory_mb),
            "--parent",
            str(os.getpid()),
        ]

    @property
    def pid(self) -> int:
        return self.proc.pid

    @property
    def busy(self) -> bool:
        return self.path is not None

    @property
    def handed(self) -> int:
        """Documents handed over and not finished."""
        return (self.path is not None) + len(self.queued)

    def _unstarted(self) -> list[str]:
        """Take back every document handed over that the worker has not started."""
        back = ([self.path] if self.path is not None and not self.started else []) + list(self.queued)
        self.queued.clear()
        if not self.started:
            self.path = None
        return back

    def _next(self) -> None:
        """The current document is over: on to the next one handed over, if any."""
        self.path = self.queued.popleft() if self.queued else None
        self.started = False
        self.deadline = (
            time.monotonic() + self.timeout if self.path is not None and self.ready else float("inf")
        )

    def fileno(self) -> int:
        assert self.proc.stdout is not None
        return self.proc.stdout.fileno()

    def submit(self, path: str, data: bytes | None = None) -> bool:
        """Hand the worker a document (it starts it after those handed before); False when the
        worker is already gone (the document is then not the slot's)."""
        assert self.proc.stdin is not None
        first = self.path is None
        if first:
            self.path, self.started = path, False
        else:
            self.queued.append(path)
        try:
            send(self.proc.stdin, (path, data, self.options))
        except (BrokenPipeError, OSError):
            if first:
                self.path = None
            else:
                self.queued.pop()
            return False
        if first and self.ready:
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
            self.started = True
            self.deadline = time.monotonic() + self.timeout
            return None
        path = self.path
        self._next()
        if kind == "done":
            return Event(EventKind.DONE, path, output=msg[1])
        if kind == "oom":
            self._reap()
            return Event(
                EventKind.FAILED,
                path,
                reason=f"worker exceeded memory limit of {self.max_memory_mb} MB",
                requeue=self._unstarted(),
            )
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
        requeue = self._unstarted()
        path, self.path = self.path, None
        tail = self.last_output()
        if not self.ready:
            last = tail.strip().splitlines()[-1:] or [""]
            raise WorkerStartError(f"a worker process died while starting ({describe_exit(code)}): {last[0]}")
        reason = describe_exit(code)
        if (
            self.max_memory_mb > 0
            and code is not None
            and code != 0
            and (NEAR_LIMIT_MARK in tail or MEMORY_ERROR_PATTERN.search(tail))
        ):
            # glibc aborts (instead of failing malloc) when thread-local storage cannot be allocated
            reason = f"worker exceeded memory limit of {self.max_memory_mb} MB"
        if path is None:
            return Event(EventKind.IDLE_DEATH, reason=reason, requeue=requeue)
        return Event(EventKind.FAILED, path, reason=reason, requeue=requeue)

    def expired(self, now: float) -> bool:
        return now >= self.deadline

    def time_out(self) -> Event:
        """Kill a worker past its deadline; the document it held fails."""
        self.kill()
        requeue = self._unstarted()
        path, self.path = self.path, None
        if not self.ready:
            raise WorkerStartError(f"a worker process did not start within {STARTUP_SECONDS:.0f} s")
        if path is None:  # it never said it started its document: nothing of it is this worker's fault
            return Event(EventKind.IDLE_DEATH, reason=f"no answer within {self.timeout:g} s", requeue=requeue)
        return Event(EventKind.FAILED, path, reason=f"timed out after {self.timeout:g} s", requeue=requeue)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(5)
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
        if not self.submit(path, data):
            return self._died()
        while True:
            timeout = max(0.0, self.deadline - time.monotonic()) if self.deadline != float("inf") else None
            if not readable([self], timeout):
                return self.time_out()
            ev = self.handle()
            if ev is not None:
                return ev


def readable(slots: Sequence[WorkerSlot], timeout: float | None) -> list[WorkerSlot]:
    """The slots whose worker wrote something or died, after waiting at most ``timeout`` seconds
    (``None``: until one does), in the order of ``slots``."""
    from multiprocessing.connection import wait

    by_fd = {s.fileno(): s for s in slots}
    ready = set(wait(list(by_fd), timeout))
    return [s for fd, s in by_fd.items() if fd in ready]
