"""Finding PDFs under the paths a user gives, and identifying each by the SHA-256 of its bytes.

Paths are kept as the operating system gives them: a name that is not UTF-8 arrives as a ``str``
with surrogate escapes and is opened as it is (see :mod:`kpi.extractors.paths` for how it is shown
and stored).

Symbolic links (the rule SECURITY.md states): a link met inside a given folder, to a file or to
a folder, is followed only when its target lies inside one of the given paths; a link that leads
out of them is not followed and is reported as a problem, without reading the target.  A path
given on the command line is taken as given, link or not (the user named it).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from kpi.extractors.paths import HEAD_BYTES

HASH_CHUNK = 1 << 20

DIRECT = "direct"
SYMLINK = "symlink"
CONTAINER = "container"
"""How a document was reached (``document_paths.via``): a plain file, through a symbolic link (to
the file or to a folder above it), or inside a container file (a ZIP or tar archive named *.pdf)."""

OUTSIDE_LINK = "symlink to {} outside the given folders, not followed"
"""The problem reported for a link that leads out of the given paths (its target is not read)."""


@dataclass(frozen=True)
class Candidate:
    path: str  # as the user would recognize it (relative to what they typed)
    size: int
    via: str = DIRECT  # DIRECT or SYMLINK; CONTAINER once its first bytes were seen (``run.plan``)
    aliases: tuple[tuple[str, str], ...] = ()  # (path, via) of other names of the same file (links)


def _add(found: dict[str, Candidate], real: str, c: Candidate) -> None:
    """Keep one candidate per real file; other names of it (links) become its aliases."""
    first = found.get(real)
    if first is None:
        found[real] = c
    elif c.path != first.path and (c.path, c.via) not in first.aliases:
        found[real] = replace(first, aliases=(*first.aliases, (c.path, c.via)))


def is_pdf_name(name: str) -> bool:
    return name.lower().endswith(".pdf")


def _inside(real: str, roots: list[str]) -> bool:
    return any(real == r or real.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


def discover(paths: Sequence[str | Path]) -> tuple[list[Candidate], list[str]]:
    """PDF files under ``paths`` (files taken as given; folders recursively, ``*.pdf`` any case).

    Returns (candidates, problems).  Symlinked folders are followed once (a loop is reported,
    not followed) when they lead to a place inside the given paths; a link that leads outside is
    reported, not followed; a path that does not exist is a problem, not an exception.
    """
    found: dict[str, Candidate] = {}
    problems: list[str] = []
    roots = [os.path.realpath(p) for p in paths if os.path.exists(p)]
    for given in paths:
        p = Path(given)
        if p.is_file():
            _add(
                found,
                str(p.resolve()),
                Candidate(str(p), p.stat().st_size, SYMLINK if p.is_symlink() else DIRECT),
            )
            continue
        if not p.is_dir():
            problems.append(f"{p}: no such file or folder")
            continue
        seen_dirs: set[str] = set()
        top = os.path.realpath(p)
        for root, dirs, files in os.walk(p, followlinks=True):
            real = os.path.realpath(root)
            if real in seen_dirs:
                problems.append(f"{root}: symlink loop (folder already visited), not followed")
                dirs[:] = []
                continue
            seen_dirs.add(real)
            dirs.sort()
            for d in list(dirs):
                sub = os.path.join(root, d)
                if os.path.islink(sub) and not _inside(os.path.realpath(sub), roots):
                    problems.append(f"{sub}: {OUTSIDE_LINK.format('a folder')}")
                    dirs.remove(d)
            for name in sorted(files):
                if not is_pdf_name(name):
                    continue
                fp = Path(root) / name
                target = os.path.realpath(fp)
                if os.path.islink(fp) and os.path.exists(target) and not _inside(target, roots):
                    problems.append(f"{fp}: {OUTSIDE_LINK.format('a file')}")
                    continue
                try:
                    st = fp.stat()
                except OSError as exc:
                    problems.append(f"{fp}: cannot read ({exc.strerror})")
                    continue
                if fp.is_file():
                    linked = os.path.islink(fp) or real != os.path.normpath(
                        os.path.join(top, os.path.relpath(root, p))
                    )
                    _add(found, target, Candidate(str(fp), st.st_size, SYMLINK if linked else DIRECT))
    return list(found.values()), problems


def hash_file(path: str | Path) -> tuple[str, bytes]:
    """SHA-256 of a file's bytes (read in chunks) and its first bytes (enough to tell its kind)."""
    h = hashlib.sha256()
    head = b""
    with open(path, "rb") as f:
        while chunk := f.read(HASH_CHUNK):
            if not head:
                head = chunk[:HEAD_BYTES]
            h.update(chunk)
    return h.hexdigest(), head


def sha256_file(path: str | Path) -> str:
    return hash_file(path)[0]
