"""File names as bytes, and what kind of file a path holds (by its first bytes, never by its name).

On POSIX a file name is a sequence of bytes that need not be UTF-8 (a Latin-1 ``ä`` from an old
Windows or Samba archive is the byte ``0xE4``).  Python hands such a name over as a ``str`` with
surrogate escapes (``'\\udce4'``), which opens the file but cannot be encoded as UTF-8: not by
Arrow, not by DuckDB, not by a terminal.  kpi keeps the name itself (the ``str`` the OS gave, and
its exact bytes, :func:`path_bytes`) for opening the file, and shows and stores
:func:`display_path`, valid UTF-8 in which every byte that is not UTF-8 reads ``\\xNN``.

:func:`file_kind` names a file by its magic bytes ("ZIP archive", "text file"), so that an error
about a file that is not a PDF says what it is without quoting a byte of it.
"""

from __future__ import annotations

import os

__all__ = ["CONTAINER_KINDS", "container_issue", "display_path", "displayable", "file_kind", "path_bytes"]


def path_bytes(path: str | bytes | os.PathLike[str]) -> bytes:
    """The exact bytes of a path as the operating system knows it (lossless, whatever its encoding)."""
    return os.fsencode(path)


def display_path(path: str | bytes | os.PathLike[str]) -> str:
    """A path as valid UTF-8 text: bytes that are not UTF-8 are shown as ``\\xNN`` (``nämnd\\xe4.pdf``).

    A name that is valid UTF-8 is returned as it is; two names differing only in that one is
    shown escaped could read alike, which is why the exact bytes are stored beside it.
    """
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def displayable(text: str) -> str:
    """``text`` as valid UTF-8: surrogate escapes (bytes from a file name) as ``\\xNN``, any other
    lone surrogate (from a broken PDF text layer) as ``\\udNNN``.  Text that is valid is returned as is."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"%PDF-", "PDF"),
    (0, b"PK\x03\x04", "ZIP archive"),
    (0, b"PK\x05\x06", "ZIP archive"),
    (0, b"\x1f\x8b", "gzip archive"),
    (0, b"BZh", "bzip2 archive"),
    (0, b"\xfd7zXZ\x00", "xz archive"),
    (0, b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (0, b"Rar!\x1a\x07", "RAR archive"),
    (257, b"ustar", "tar archive"),
    (0, b"\x89PNG\r\n\x1a\n", "PNG image"),
    (0, b"\xff\xd8\xff", "JPEG image"),
    (0, b"GIF8", "GIF image"),
    (0, b"II*\x00", "TIFF image"),
    (0, b"MM\x00*", "TIFF image"),
    (0, b"\x7fELF", "executable (ELF)"),
    (0, b"MZ", "Windows executable"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Microsoft Office document (old format)"),
    (0, b"{\\rtf", "RTF document"),
    (0, b"SQLite format 3\x00", "SQLite database"),
    (0, b"%!PS", "PostScript file"),
)
"""(offset, magic bytes, kind) of the file kinds an archive folder holds besides PDFs."""

CONTAINER_KINDS = frozenset({"ZIP archive", "tar archive"})
"""Kinds that may store a PDF uncompressed, so that the PDF's header shows in the first bytes."""

TEXT_SHARE = 0.95
"""A file whose head decodes as UTF-8 and is at least this share printable is called a text file."""

PDF_HEADER_WINDOW = 1024
"""How far into a file a PDF reader looks for the ``%PDF-`` header (past a little leading junk)."""

HEAD_BYTES = 4096
"""How many leading bytes :func:`file_kind` needs (callers read at least this many)."""


def file_kind(head: bytes) -> str:
    """What a file is, from its first bytes (:data:`HEAD_BYTES`): "PDF", "ZIP archive", "text file", …

    Never quotes the content; "empty file" and "binary data" when nothing more can be said.
    """
    if not head:
        return "empty file"
    for offset, magic, kind in MAGIC:
        if head[offset : offset + len(magic)] == magic:
            if kind == "ZIP archive" and b"[Content_Types].xml" in head[:200]:
                return "Office document (ZIP)"
            return kind
    low = head[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if low.startswith((b"<!doctype html", b"<html")) or b"<html" in low:
        return "HTML page"
    if low.startswith(b"<?xml"):
        return "XML file"
    text = head.decode("utf-8", "replace")
    if len(head) >= HEAD_BYTES:
        text = text[:-3]  # the head may end inside a character
    printable = sum((c.isprintable() and c != "\ufffd") or c in "\t\r\n\f" for c in text)
    if text and printable >= TEXT_SHARE * len(text):
        return "text file"
    return "binary data"


def container_issue(head: bytes) -> str | None:
    """Why a file that holds a PDF header is not a plain PDF (a ZIP or tar archive storing a PDF
    uncompressed, which the PDF library reads past), or None for a PDF that starts as one."""
    if head.startswith(b"%PDF-") or b"%PDF-" not in head[:PDF_HEADER_WINDOW]:
        return None
    kind = file_kind(head[:HEAD_BYTES])
    if kind not in CONTAINER_KINDS and kind != "Office document (ZIP)":
        return None
    article = "an" if kind[:1].lower() in "aeiou" else "a"
    return (
        f"the file is {article} {kind}, not a PDF: kpi read the first PDF stored in it and ignored "
        "anything else the archive holds; unpack it and ingest its files instead"
    )
