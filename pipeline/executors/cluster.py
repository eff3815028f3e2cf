"""Extraction on a Dask distributed cluster, streamed back to the one writer on this machine.

Each Dask worker thread keeps its own kpi worker process (:class:`WorkerSlot`), so documents get
the same time and memory limits, and the same crash isolation, as on one machine.  The file's
bytes travel with the task, so cluster workers need the kpi package but not this disk.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import deque
from collections.abc import Iterator
from pathlib import Path

from kpi.pipeline.executors.local import (
    DEFAULT_MAX_MEMORY_MB,
    DEFAULT_TIMEOUT,
    HEARTBEAT_SECONDS,
    ExecutorStats,
)
from kpi.pipeline.executors.outputs import TaskOutput, failed_output
from kpi.pipeline.executors.slot import EventKind, WorkerSlot

TASKS_PER_THREAD = 2
"""Tasks in flight per cluster thread: enough to keep workers busy, few enough to bound memory."""

CONNECT_TIMEOUT = "30s"
"""How long to wait for the scheduler."""

_local = threading.local()


def run_isolated(
    path: str, data: bytes | None, timeout: float, max_memory_mb: int, options: dict[str, bool] | None = None
) -> TaskOutput:
    """The cluster task: extract one document in this worker thread's own kpi worker process."""
    slot: WorkerSlot | None = getattr(_local, "slot", None)
    if (
        slot is None
        or slot.proc.poll() is not None
        or (slot.timeout, slot.max_memory_mb, slot.options) != (timeout, max_memory_mb, options or {})
    ):
        if slot is not None:
            slot.stop()
        slot = _local.slot = WorkerSlot(max_memory_mb, timeout, options)
    ev = slot.run(path, data)
    if ev.kind == EventKind.DONE:
        assert isinstance(ev.output, TaskOutput)
        return ev.output
    slot.kill()
    _local.slot = None
    doc_id = hashlib.sha256(data).hexdigest() if data is not None else None
    return failed_output(path, ev.reason or "worker failed", doc_id=doc_id)


class DaskExecutor:
    """``paths -> iterator of TaskOutput`` on a Dask cluster (a scheduler address, or a local one)."""

    def __init__(
        self,
        scheduler: str | None = None,
        workers: int | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_memory_mb: int = DEFAULT_MAX_MEMORY_MB,
        ocr: bool = False,
    ) -> None:
        self.options = {"ocr": True} if ocr else {}
        self.scheduler = scheduler
        self.n_local = workers
        self.timeout = timeout
        self.max_memory_mb = max_memory_mb
        self.stats = ExecutorStats()
        self.workers: int | None = None

    def __call__(self, paths: list[str]) -> Iterator[TaskOutput | None]:
        from distributed import Client, LocalCluster, wait

        if not paths:
            return
        cluster = None
        if self.scheduler:
            client = Client(self.scheduler, timeout=CONNECT_TIMEOUT)  # type: ignore[no-untyped-call]  # distributed: unannotated
        else:
            from kpi.pipeline.executors.local import default_workers

            cluster = LocalCluster(  # type: ignore[no-untyped-call]  # distributed: unannotated
                n_workers=self.n_local or default_workers(),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            )
            client = Client(cluster)  # type: ignore[no-untyped-call]  # distributed: unannotated
        try:
            threads = sum(client.nthreads().values()) or 1  # type: ignore[no-untyped-call]  # distributed: unannotated
            self.workers = self.stats.workers = threads
            queue = deque(paths)
            pending = set()
            path_of: dict[str, str] = {}

            def submit() -> None:
                path = queue.popleft()
                try:
                    data: bytes | None = Path(path).read_bytes()
                except OSError:
                    data = None  # the task reports the read error like any other executor
                key = f"kpi-extract-{time.monotonic_ns()}"
                path_of[key] = path
                pending.add(
                    client.submit(
                        run_isolated,
                        path,
                        data,
                        self.timeout,
                        self.max_memory_mb,
                        self.options,
                        pure=False,
                        key=key,
                    )
                )

            while queue and len(pending) < threads * TASKS_PER_THREAD:
                submit()
            while pending:
                try:
                    done, pending = wait(  # type: ignore[no-untyped-call]  # distributed: unannotated
                        pending, timeout=HEARTBEAT_SECONDS, return_when="FIRST_COMPLETED"
                    )
                except TimeoutError:
                    yield None
                    continue
                for fut in done:
                    path = path_of.pop(fut.key)
                    try:
                        out = fut.result()
                    except Exception as exc:  # noqa: BLE001 - the cluster lost the task (e.g. KilledWorker): record it
                        out = failed_output(path, f"cluster task failed: {type(exc).__name__}: {exc}")
                    fut.release()
                    self.stats.note(out)
                    yield out
                    if queue:
                        submit()
        finally:
            client.close()  # type: ignore[no-untyped-call]  # distributed: unannotated
            if cluster is not None:
                cluster.close()
