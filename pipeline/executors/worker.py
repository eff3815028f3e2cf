"""A worker process: ``python -m kpi.pipeline.executors.worker``; extracts the files its parent sends.

Messages (see :mod:`kpi.pipeline.executors.protocol`): the parent sends ``(path, data_or_None)`` or
``None`` (stop); the worker answers ``("ready", pid)`` once, then per task ``("start", path)``
and ``("done", TaskOutput)``, or ``("oom", peak_rss_mb)`` and exits when the document ran into
the memory limit (the process is not reused after that).

The memory limit is an address-space limit (``RLIMIT_AS``): the worker's idle footprint after
imports plus ``--max-memory`` MB.  Ctrl-C is left to the parent; the worker dies with its parent.
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import socket
import sys
import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kpi.extractors.records import ExtractionResult

PARENT_POLL_SECONDS = 1.0
"""How often a worker checks that its parent is still alive (where prctl is unavailable)."""

OOM_EXIT_STATUS = 3
"""Exit status of a worker that stopped after a document exhausted its memory limit."""

NEAR_LIMIT_SHARE = 0.9
"""A document that takes the worker's address space past this share of its allowance counts as
having run into the limit if it then fails (allocation failures surface in many guises)."""

MEMORY_POLL_SECONDS = 0.02
"""How often a worker samples its own address space."""

NEAR_LIMIT_MARK = "kpi-worker: address space near the memory limit"
"""Written to stderr when the limit is near, so the parent can tell why a worker then crashed."""

UNUSED_MODULES = ("pymupdf.layout", "pymupdf4llm", "pandas")
"""Modules a worker never needs but would import on the way to the ones it does; an import of
them fails in a worker (both importers expect that they may be missing), so every worker starts
faster and smaller.  ``pymupdf.layout``: PyMuPDF >= 2 loads its optional layout analyser, an ONNX
model, when it is imported (about half a second), for ``Page.get_layout``, which kpi never calls.
``pymupdf4llm``: PyMuPDF's Markdown add-on (a tenth of a second); the two global settings it makes
on import are made by ``kpi.extractors.layout`` itself.
``pandas``: pyarrow imports it on the first conversion of a Python list, only to ask whether the
list is a pandas object."""


class _SkipUnused:
    """A meta path finder that refuses :data:`UNUSED_MODULES` (and their submodules)."""

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name in UNUSED_MODULES or name.startswith(tuple(m + "." for m in UNUSED_MODULES)):
            raise ModuleNotFoundError(f"{name} is not used by kpi workers", name=name)
        # anything else: None, the next finder looks


def skip_unused_modules() -> None:
    """Make later imports of :data:`UNUSED_MODULES` fail fast (call before importing pymupdf)."""
    if not any(isinstance(f, _SkipUnused) for f in sys.meta_path):
        sys.meta_path.insert(0, _SkipUnused())


class MemoryWatch:
    """Whether the current document has taken the worker near its address-space limit."""

    def __init__(self, base: int, cap: int) -> None:
        self.mark = base + NEAR_LIMIT_SHARE * (cap - base) if cap else float("inf")
        self.near = False
        if cap:
            threading.Thread(target=self._watch, daemon=True, name="memory-watch").start()

    def _watch(self) -> None:
        while not self.near:
            if _status_bytes("VmSize") >= self.mark:
                self.near = True
                print(NEAR_LIMIT_MARK, file=sys.stderr, flush=True)
            time.sleep(MEMORY_POLL_SECONDS)

    def hit(self) -> bool:
        return self.near or _status_bytes("VmPeak") >= self.mark


def _die_with_parent(parent: int) -> None:
    """Exit as soon as the parent process is gone (kill -9 of `kpi ingest` must not leave workers)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL("libc.so.6", use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except OSError:
            pass
    if os.getppid() != parent:
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(PARENT_POLL_SECONDS)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


def _status_bytes(field: str) -> int:
    """A ``/proc/self/status`` size field (VmSize, VmPeak) in bytes (Linux), or 0."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def limit_memory(extra_mb: int) -> tuple[int, int]:
    """Cap the address space at the current size plus ``extra_mb``: (size before, cap) in bytes.

    The cap is 0 when there is no limit (``extra_mb`` 0, or the platform refuses).
    """
    base = _status_bytes("VmSize")
    if extra_mb <= 0:
        return base, 0
    cap = base + extra_mb * 1024 * 1024
    try:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (ValueError, OSError):
        return base, 0
    return base, cap


WARM_UP_WORDS = ("Målvärde: 12,5 %", "2018 års värde: 64 %", "Budget 2019 tkr −1 234", "Mars 2024")
"""Text of the tiny document a worker extracts before its memory limit is set."""


def warm_up() -> None:
    """Extract a tiny PDF so that lazy imports (C extensions, recognizer modules) happen now.

    Loading a C extension needs fresh thread-local storage; under an exhausted address-space
    limit glibc aborts the process instead of raising, so nothing may be loaded lazily later.
    """
    import unicodedata  # noqa: F401  (used lazily by text normalization)

    import pymupdf

    from kpi.pipeline.executors.task import extract_task, prepare

    doc = pymupdf.open()  # type: ignore[no-untyped-call]  # pymupdf: unannotated
    page = doc.new_page()
    for i, text in enumerate(WARM_UP_WORDS):
        page.insert_text((72, 72 + 14 * i), text, fontname="helv", fontsize=10)
    page.draw_line((72, 140), (300, 140))
    data = doc.tobytes()  # type: ignore[no-untyped-call]  # pymupdf: unannotated
    doc.close()  # type: ignore[no-untyped-call]  # pymupdf: unannotated
    prepare(extract_task("warm-up.pdf", data))


def peak_rss_mb() -> float:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kB on Linux
    return round(kb / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m kpi.pipeline.executors.worker")
    ap.add_argument("--max-memory", type=int, default=0, help="MB beyond the idle footprint (0: no limit)")
    ap.add_argument("--parent", type=int, default=0, help="exit when this process is gone")
    args = ap.parse_args(argv)

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    proto_out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stray prints from libraries must not corrupt the message pipe
    proto_in = sys.stdin.buffer
    if args.parent:
        _die_with_parent(args.parent)
    skip_unused_modules()

    from kpi.extractors.domain import DocumentStatus
    from kpi.pipeline.executors.protocol import recv, send
    from kpi.pipeline.executors.task import TaskOutput, extract_task, prepare, ran_out_of_memory

    name = f"{socket.gethostname()}:{os.getpid()}"
    warm_up()
    base, cap = limit_memory(args.max_memory)
    watch = MemoryWatch(base, cap)
    send(proto_out, ("ready", os.getpid()))
    result: ExtractionResult | None = None
    out: TaskOutput | None = None
    while True:
        ok, msg = recv(proto_in)
        if not ok or msg is None:
            for stream in (proto_out, sys.stdout, sys.stderr):
                stream.flush()
            os._exit(0)  # nothing left to save: skip the interpreter's teardown (a tenth of a second)
        path, data, options = msg
        send(proto_out, ("start", path))
        try:
            result = extract_task(path, data, **options)
            del data
            near = watch.hit()
            if cap and (ran_out_of_memory(result) or (near and result.status != DocumentStatus.OK)):
                raise MemoryError(result.error)
            out = prepare(result)
            out.peak_rss_mb = peak_rss_mb()
            out.worker = name
            send(proto_out, ("done", out))
            if near:  # a fresh process for the next document, so the mark means that document
                return 0
        except MemoryError:
            result = out = None  # free what we can before answering
            send(proto_out, ("oom", peak_rss_mb()))
            return OOM_EXIT_STATUS


if __name__ == "__main__":
    sys.exit(main())
