"""Building the executor the command line asks for."""

from __future__ import annotations

import functools
from enum import StrEnum
from typing import TYPE_CHECKING

from kpi.pipeline.executors.local import (
    DEFAULT_MAX_MEMORY_MB,
    DEFAULT_TIMEOUT,
    LocalExecutor,
    default_workers,
)

if TYPE_CHECKING:
    from kpi.pipeline.run import Executor


class ExecutorKind(StrEnum):
    local = "local"
    dask = "dask"


def make_executor(
    kind: ExecutorKind | str = ExecutorKind.local,
    workers: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_memory_mb: int = DEFAULT_MAX_MEMORY_MB,
    scheduler: str | None = None,
    ocr: bool = False,
) -> Executor:
    """``workers=0`` with the local kind: extract in this process (no isolation)."""
    kind = ExecutorKind(kind)
    if kind is ExecutorKind.dask:
        from kpi.pipeline.executors.cluster import DaskExecutor

        return DaskExecutor(scheduler, workers, timeout, max_memory_mb, ocr=ocr)
    if scheduler:
        raise ValueError("--scheduler needs --executor dask")
    if workers == 0:
        from kpi.pipeline.run import serial_executor

        return functools.partial(serial_executor, ocr=ocr)
    return LocalExecutor(workers or default_workers(), timeout, max_memory_mb, ocr=ocr)
