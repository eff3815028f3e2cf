"""The parent's side of the worker pipe: every message a worker sends is seen, however they arrive."""

from __future__ import annotations

import sys

from kpi.pipeline.executors.local import MAX_REQUEUES, LocalExecutor
from kpi.pipeline.executors.slot import WorkerSlot

BURST_WORKER = """
import sys
from kpi.pipeline.executors.protocol import recv, send
out = sys.stdout.buffer
recv(sys.stdin.buffer)  # the document
# ready, start and done in one write, as a worker that finishes a document at once may send them
import io
buf = io.BytesIO()
for m in (("ready", 0), ("start", "x.pdf"), ("done", "the output")):
    send(buf, m)
out.write(buf.getvalue())
out.flush()
recv(sys.stdin.buffer)  # stay alive until told to stop
"""


class BurstSlot(WorkerSlot):
    def command(self) -> list[str]:
        return [sys.executable, "-c", BURST_WORKER]


def test_messages_that_arrive_in_one_read_are_all_handled() -> None:
    slot = BurstSlot(max_memory_mb=0, timeout=5.0)
    try:
        ev = slot.run("x.pdf")
    finally:
        slot.kill()
    assert (ev.kind, ev.path, ev.output) == ("done", "x.pdf", "the output")


SCRIPTED_WORKER = """
import select, sys, time
from kpi.extractors.records import ExtractionResult
from kpi.pipeline.executors.outputs import TaskOutput
from kpi.pipeline.executors.protocol import recv, send
out, inp = sys.stdout.buffer, open(0, "rb", buffering=0)  # unbuffered: select() sees what is waiting
mode = sys.argv[1]
send(out, ("ready", 0))
while True:
    ok, msg = recv(inp)
    if not ok or msg is None:
        break
    if mode == "die-on-receipt":
        sys.exit(3)
    path = msg[0]
    send(out, ("start", path))
    time.sleep(0.5)  # the work: time enough for the parent to hand over the next document
    r = ExtractionResult(doc_id=path, source_path=path)
    r.meta.title = "next waiting" if select.select([inp], [], [], 0)[0] else "next not there"
    send(out, ("done", TaskOutput(r)))
    if mode == "one-and-exit":  # as a worker near its memory limit does
        break
"""


class ScriptedExecutor(LocalExecutor):
    def __init__(self, mode: str) -> None:
        super().__init__(workers=1, timeout=20.0, max_memory_mb=0)
        self.mode = mode

    def _spawn(self) -> WorkerSlot:
        self.stats.workers_started += 1
        mode = self.mode

        class Scripted(WorkerSlot):
            def command(self) -> list[str]:
                return [sys.executable, "-c", SCRIPTED_WORKER, mode]

        return Scripted(self.max_memory_mb, self.timeout, self.options)


def _run(ex: LocalExecutor, paths: list[str]) -> list:
    return [o for o in ex(paths) if o is not None]


def test_a_worker_is_handed_its_next_document_before_it_finishes_the_current_one() -> None:
    outs = _run(ScriptedExecutor("keep-going"), ["a.pdf", "b.pdf", "c.pdf"])
    titles = {o.result.source_path: o.result.meta.title for o in outs}
    assert titles == {"a.pdf": "next waiting", "b.pdf": "next waiting", "c.pdf": "next not there"}


def test_documents_a_worker_never_started_go_to_the_next_worker() -> None:
    ex = ScriptedExecutor("one-and-exit")
    outs = _run(ex, ["a.pdf", "b.pdf", "c.pdf"])
    assert sorted((o.result.source_path, o.result.status) for o in outs) == [
        ("a.pdf", "ok"),
        ("b.pdf", "ok"),
        ("c.pdf", "ok"),
    ]
    assert ex.stats.workers_replaced == 2  # after each document but the last


def test_a_document_that_kills_every_worker_before_it_starts_fails_after_a_few_tries() -> None:
    ex = ScriptedExecutor("die-on-receipt")
    outs = _run(ex, ["a.pdf"])
    assert [(o.result.source_path, o.result.status) for o in outs] == [("a.pdf", "failed")]
    assert outs[0].result.error.startswith(f"worker died before starting it, {MAX_REQUEUES + 1} times")
