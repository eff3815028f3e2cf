"""Length-prefixed pickle messages over a worker's stdin/stdout pipes.

The parent reads its workers' pipes unbuffered and waits on them with ``select``: a buffered
reader could swallow two messages in one read (a "start" and a quick "done") and leave the second
in its buffer, where ``select`` never reports it.
"""

from __future__ import annotations

import pickle
import struct
from typing import IO, Any

HEADER = struct.Struct("!Q")  # message length in bytes


def send(stream: IO[bytes], message: Any) -> None:
    """Write one message whole (an unbuffered stream may take a large one in several writes)."""
    body = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    for part in (HEADER.pack(len(body)), body):  # not joined: a large result is not copied again
        view = memoryview(part)
        while view:
            n = stream.write(view)
            view = view[n if n is not None else len(view) :]
    stream.flush()


def _read_exact(stream: IO[bytes], n: int) -> bytes | None:
    chunks = []
    while n:
        chunk = stream.read(n)
        if not chunk:
            return None
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def recv(stream: IO[bytes]) -> tuple[bool, Any]:
    """(True, message), or (False, None) when the other side closed the pipe or died mid-message."""
    head = _read_exact(stream, HEADER.size)
    if head is None:
        return False, None
    body = _read_exact(stream, HEADER.unpack(head)[0])
    if body is None:
        return False, None
    return True, pickle.loads(body)
