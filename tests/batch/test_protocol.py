"""The parent's side of the worker pipe: every message a worker sends is seen, however they arrive."""

from __future__ import annotations

import sys

from pipeline.executors.slot import WorkerSlot

BURST_WORKER = """
import sys
from pipeline.executors.protocol import recv, send
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
