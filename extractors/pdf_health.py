"""What the PDF library noticed while reading a file: damage it repaired, limits it hit, active content.

MuPDF repairs broken cross-reference tables and skips objects it cannot parse without raising;
these helpers turn what it reports (``pymupdf.TOOLS.mupdf_warnings``) into one readable reason,
so a repaired or half-read document is marked ``partial`` instead of passing as ``ok``.
"""

from __future__ import annotations

import re
from typing import Any

import pymupdf

MAX_REPORTED_MESSAGES = 3
"""How many distinct library messages a damage reason quotes."""

MAX_SCANNED_OBJECTS = 200_000
"""Objects inspected for active content; a file with more is scanned up to here."""

DAMAGE_MESSAGE = re.compile(r"error|cannot|overflow|premature|missing|incorrect|broken", re.IGNORECASE)
"""Library messages that mean content was lost or guessed (as opposed to informational notes)."""

ACTIVE_KEYS = {
    "JavaScript": "JavaScript",
    "JS": "JavaScript",
    "Launch": "launch actions",
    "EmbeddedFile": "embedded files",
    "RichMedia": "rich media",
}
_ACTIVE = re.compile(r"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia)(?![A-Za-z0-9#])")


def reset_library_messages() -> None:
    """Forget what the PDF library reported so far (call before opening a document)."""
    pymupdf.TOOLS.mupdf_warnings(reset=True)  # type: ignore[no-untyped-call]  # PyMuPDF: TOOLS is unannotated


def library_messages() -> list[str]:
    """Distinct messages the PDF library reported since the last reset, in order."""
    seen: dict[str, None] = {}
    text: str = pymupdf.TOOLS.mupdf_warnings(reset=False)  # type: ignore[no-untyped-call]  # PyMuPDF: TOOLS is unannotated
    for ln in text.splitlines():
        ln = ln.strip()
        if ln and not ln.startswith("... repeated"):
            seen.setdefault(ln, None)
    return list(seen)


def damage_reason(raw: Any) -> str | None:
    """Why the open document's content may be incomplete, or None when the library read it cleanly."""
    bad = [m for m in library_messages() if DAMAGE_MESSAGE.search(m)]
    if not raw.is_repaired and not bad:
        return None
    head = (
        "damaged PDF: its cross-reference table was broken or missing and the PDF library rebuilt it"
        if raw.is_repaired
        else "damaged PDF: the PDF library could not read all of it"
    )
    detail = "; ".join(bad[:MAX_REPORTED_MESSAGES])
    return f"{head}; some content may be missing" + (f" (library said: {detail})" if detail else "")


def active_content(raw: Any) -> list[str]:
    """Kinds of active content the file carries (JavaScript, embedded files, …), sorted; kpi runs none."""
    found: set[str] = set()
    for xref in range(1, min(raw.xref_length(), MAX_SCANNED_OBJECTS)):
        try:
            obj = raw.xref_object(xref, compressed=True)
        except Exception:  # noqa: BLE001, S112 - an unreadable object is damage, reported elsewhere
            continue
        for m in _ACTIVE.finditer(obj):
            found.add(ACTIVE_KEYS[m.group(1)])
    return sorted(found)


def explain_library_error(exc: BaseException) -> str:
    """An exception from the PDF library in words a person can act on."""
    msg = str(exc)
    if "overflow" in msg.lower() or "nest" in msg.lower():
        return f"objects are nested too deeply for the PDF library ({msg})"
    return f"{type(exc).__name__}: {msg}"
