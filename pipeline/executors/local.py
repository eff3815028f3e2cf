"""Extraction in local worker processes: one per core, each document under a time and memory limit.

A document whose worker hangs past ``timeout``, crashes or exceeds its memory limit is reported
as failed with the reason; that worker is killed and a fresh one takes its place.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field

from kpi.pipeline.executors.outputs import TaskOutput, failed_output
from kpi.pipeline.executors.slot import Event, EventKind, WorkerSlot, readable

DEFAULT_TIMEOUT = 300.0
"""Seconds one document may take in a worker (real plans take well under 5 s)."""

DEFAULT_MAX_MEMORY_MB = 2048
"""Memory a worker may use for one document beyond its idle footprint."""

HEARTBEAT_SECONDS = 0.5
"""How often the executor yields ``None`` while waiting, so the writer can commit and report."""

HANDED_PER_WORKER = 2
"""Documents handed to a worker at once: the one it works on and the next, so that it goes on
without waiting while the parent reads its result or commits a batch."""

MAX_REQUEUES = 3
"""How often a document may go back to the queue because its worker died before starting it;
then it is marked failed (a worker that always dies on receiving it)."""


def default_workers() -> int:
    """Every core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


@dataclass
class ExecutorStats:
    workers: int = 0
    workers_started: int = 0
    workers_replaced: int = 0
    peak_rss_mb: dict[str, float] = field(default_factory=dict)  # per worker

    def note(self, out: TaskOutput) -> None:
        if out.worker and out.peak_rss_mb is not None:
            self.peak_rss_mb[out.worker] = max(out.peak_rss_mb, self.peak_rss_mb.get(out.worker, 0.0))

    def as_dict(self) -> dict[str, int | float | None]:
        peaks = list(self.peak_rss_mb.values())
        return {
            "workers": self.workers,
            "workers_started": self.workers_started,
            "workers_replaced": self.workers_replaced,
            "peak_rss_mb_per_worker_max": max(peaks) if peaks else None,
        }


class LocalExecutor:
    """``paths -> iterator of TaskOutput`` over ``workers`` isolated worker processes."""

    def __init__(
        self,
        workers: int | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_memory_mb: int = DEFAULT_MAX_MEMORY_MB,
        ocr: bool = False,
    ) -> None:
        self.workers = workers or default_workers()
        self.timeout = timeout
        self.max_memory_mb = max_memory_mb
        self.options = {"ocr": True} if ocr else {}
        self.stats = ExecutorStats()
        self._started: list[WorkerSlot] = []
        self._requeued: dict[str, int] = {}

    def _spawn(self) -> WorkerSlot:
        self.stats.workers_started += 1
        return WorkerSlot(self.max_memory_mb, self.timeout, self.options)

    def start(self, documents: int) -> None:
        """Start the workers for ``documents`` documents now, before the paths are handed over.

        A worker takes a while to import its libraries; started early, that overlaps whatever
        the caller still does (open the warehouse, hash files).  The next call takes them over;
        :meth:`release` stops those no call took.
        """
        for _ in range(min(self.workers, documents) - len(self._started)):
            self._started.append(self._spawn())

    def release(self) -> None:
        """Stop the workers :meth:`start` started that no call took over."""
        started, self._started = self._started, []
        for s in started:
            s.stop()

    def _feed(self, slots: list[WorkerSlot], queue: deque[str]) -> None:
        """Hand every worker documents until it holds :data:`HANDED_PER_WORKER`."""
        for i, s in enumerate(slots):
            while queue and s.handed < HANDED_PER_WORKER:
                path = queue.popleft()
                if s.submit(path):
                    continue
                queue.appendleft(path)
                if s.handed:  # died with documents: its pipe reports the death, handle() sorts them out
                    break
                s.kill()  # died while idle: replace it, retry the document
                slots[i] = s = self._spawn()
                self.stats.workers_replaced += 1

    def __call__(self, paths: list[str]) -> Iterator[TaskOutput | None]:
        queue = deque(paths)
        n = min(self.workers, len(queue))
        self.stats.workers = n
        slots: list[WorkerSlot] = []
        try:
            slots, spare = self._started[:n], self._started[n:]
            self._started = []
            for s in spare:
                s.stop()
            slots += [self._spawn() for _ in range(n - len(slots))]
            while queue or any(s.busy for s in slots):
                self._feed(slots, queue)
                busy = [s for s in slots if s.busy or not s.ready]
                now = time.monotonic()
                soonest = min((s.deadline for s in busy), default=float("inf"))
                timeout = min(HEARTBEAT_SECONDS, max(0.0, soonest - now))
                events: list[tuple[int, Event]] = []
                for s in readable(busy, timeout) if busy else []:
                    ev = s.handle()
                    if ev is not None:
                        events.append((slots.index(s), ev))
                now = time.monotonic()
                for i, s in enumerate(slots):
                    if s.busy and s.expired(now) and not readable([s], 0):
                        events.append((i, s.time_out()))
                if not events:
                    yield None
                outs: list[TaskOutput] = []
                for i, ev in events:
                    outs += self._requeue(ev.requeue, queue, ev.reason)
                    if ev.kind != EventKind.DONE:
                        slots[i].kill()
                        slots[i] = self._spawn()
                        self.stats.workers_replaced += 1
                    if ev.kind == EventKind.DONE:
                        out = ev.output
                        assert isinstance(out, TaskOutput)
                        self.stats.note(out)
                        outs.append(out)
                    elif ev.kind == EventKind.FAILED:
                        assert ev.path is not None and ev.reason is not None
                        outs.append(failed_output(ev.path, ev.reason))
                if outs:  # idle workers get their next document before the writer takes its turn
                    self._feed(slots, queue)
                yield from outs
        finally:
            for s in slots:
                s.stop()

    def _requeue(self, paths: list[str], queue: deque[str], reason: str | None) -> list[TaskOutput]:
        """Put documents a dead worker never started back at the head of the queue; those sent
        back too often fail instead."""
        failed = []
        for path in reversed(paths):
            self._requeued[path] = self._requeued.get(path, 0) + 1
            if self._requeued[path] > MAX_REQUEUES:
                failed.append(
                    failed_output(
                        path, f"worker died before starting it, {MAX_REQUEUES + 1} times ({reason})"
                    )
                )
            else:
                queue.appendleft(path)
        return failed
