"""Finding PDFs under the paths a user gives, and identifying each by the SHA-256 of its bytes."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HASH_CHUNK = 1 << 20


@dataclass(frozen=True)
class Candidate:
    path: str  # as the user would recognize it (relative to what they typed)
    size: int


def is_pdf_name(name: str) -> bool:
    return name.lower().endswith(".pdf")


def discover(paths: Sequence[str | Path]) -> tuple[list[Candidate], list[str]]:
    """PDF files under ``paths`` (files taken as given; folders recursively, ``*.pdf`` any case).

    Returns (candidates, problems).  Symlinked folders are followed once (a loop is reported,
    not followed); a path that does not exist is a problem, not an exception.
    """
    found: dict[str, Candidate] = {}
    problems: list[str] = []
    for given in paths:
        p = Path(given)
        if p.is_file():
            found.setdefault(str(p.resolve()), Candidate(str(p), p.stat().st_size))
            continue
        if not p.is_dir():
            problems.append(f"{p}: no such file or folder")
            continue
        seen_dirs: set[str] = set()
        for root, dirs, files in os.walk(p, followlinks=True):
            real = os.path.realpath(root)
            if real in seen_dirs:
                problems.append(f"{root}: symlink loop (folder already visited), not followed")
                dirs[:] = []
                continue
            seen_dirs.add(real)
            dirs.sort()
            for name in sorted(files):
                if not is_pdf_name(name):
                    continue
                fp = Path(root) / name
                try:
                    st = fp.stat()
                except OSError as exc:
                    problems.append(f"{fp}: cannot read ({exc.strerror})")
                    continue
                if fp.is_file():
                    found.setdefault(str(fp.resolve()), Candidate(str(fp), st.st_size))
    return list(found.values()), problems


def sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(HASH_CHUNK):
            h.update(chunk)
    return h.hexdigest()
