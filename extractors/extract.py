"""One PDF in, one :class:`ExtractionResult` out: open, check, metadata, recognizers.

Never raises for a bad file: the result's status says ``failed`` with an error a person can
act on, or ``partial`` when some recognizer failed or the document has no text layer.
"""

from __future__ import annotations

import hashlib
import os
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pymupdf

from kpi.extractors.document import detect_metadata
from kpi.extractors.domain import Severity
from kpi.extractors.layout import DocumentModel
from kpi.extractors.ocr import ENABLE_HINT, OcrError, find_tools, ocr_pdf
from kpi.extractors.paths import HEAD_BYTES, PDF_HEADER_WINDOW, container_issue, displayable, file_kind
from kpi.extractors.pdf_health import (
    MAX_REPORTED_MESSAGES,
    active_content,
    damage_reason,
    explain_library_error,
    library_messages,
    reset_library_messages,
)
from kpi.extractors.records import ExtractionResult
from kpi.extractors.registry import recognizers
from kpi.extractors.text_quality import PageQuality, garbled_pages, page_quality

HASH_CHUNK = 1 << 20
"""Bytes read at a time while hashing a file."""

PDF_MAGIC_WINDOW = PDF_HEADER_WINDOW  # the PDF header may follow a little junk; readers search this far


def _article(kind: str) -> str:
    return "an" if kind[:1].lower() in "aeiou" else "a"


def check_bytes(data: bytes) -> str | None:
    """A person-readable reason why a file whose first bytes are ``data`` cannot be a PDF, or None.

    The reason names the kind of file (by its magic bytes: "a text file", "a ZIP archive") and
    never quotes its content: a ``*.pdf`` link to a credentials file must not print the secret.
    """
    if not data:
        return "empty file (0 bytes): not a PDF"
    if b"%PDF-" in data[:PDF_MAGIC_WINDOW]:
        return None
    kind = file_kind(data[:HEAD_BYTES])
    return f"not a PDF: the file has no PDF header (it is {_article(kind)} {kind})"


@contextmanager
def opened_file(path: str) -> Iterator[tuple[int, str | None]]:
    """The file at ``path`` open for reading: (descriptor, a name the PDF library can open it by).

    The name is ``/proc/self/fd/N`` (or ``/dev/fd/N``) where the system has one: the library then
    reads the very file that was hashed through this descriptor (not a file put in its place), and
    a path that is not UTF-8, which it cannot open, works too.  None where neither exists and the
    path is not UTF-8: the caller reads the bytes instead.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        name: str | None = None
        for folder in ("/proc/self/fd", "/dev/fd"):
            if os.path.isdir(folder):
                name = f"{folder}/{fd}"
                break
        if name is None and displayable(path) == path:
            name = path
        yield fd, name
    finally:
        os.close(fd)


def sha256_fd(fd: int) -> str:
    """SHA-256 of an open file's bytes, read in chunks (memory stays flat however large the file)."""
    h = hashlib.sha256()
    offset = 0
    while chunk := os.pread(fd, HASH_CHUNK, offset):
        h.update(chunk)
        offset += len(chunk)
    return h.hexdigest()


def open_document(path: str, data: bytes | None, open_as: str | None = None) -> DocumentModel:
    """Open a PDF from bytes or by name; raise ValueError with a readable message when that is impossible."""
    try:
        doc = DocumentModel(path, data=data) if data is not None else _FileModel(path, open_as or path)
    except Exception as exc:  # pymupdf raises FileDataError / RuntimeError variants
        raise ValueError(
            f"corrupt or truncated PDF: the PDF library could not open it ({_library_said(exc, open_as)})"
        ) from exc
    try:
        needs_pass, pages = doc.raw.needs_pass, (0 if doc.raw.needs_pass else doc.page_count)
    except Exception as exc:  # e.g. a page tree whose /Count is wrong: "Invalid number of pages"
        doc.close()
        raise ValueError(f"corrupt PDF: its page tree cannot be read ({explain_library_error(exc)})") from exc
    if needs_pass:
        doc.close()
        raise ValueError("encrypted PDF: a password is needed to open it; kpi cannot read it")
    if pages == 0:
        said = "; ".join(library_messages()[:MAX_REPORTED_MESSAGES])
        doc.close()
        raise ValueError(
            "corrupt PDF: it has no pages" + (f" (the PDF library said: {said})" if said else "")
        )
    return doc


class _FileModel(DocumentModel):
    """A :class:`DocumentModel` named by its path and read by MuPDF from ``open_as`` (the descriptor's
    name), as a PDF whatever its first bytes (like a model opened from bytes): no whole-file read."""

    def __init__(self, path: str, open_as: str) -> None:
        self.path = path
        self._doc = pymupdf.open(open_as, filetype="pdf")  # type: ignore[no-untyped-call]  # pymupdf: unannotated
        self._pages = {}


def _library_said(exc: Exception, open_as: str | None) -> str:
    """The library's exception and the warnings it gave while failing, without the descriptor name."""
    msg = str(exc)
    if open_as:
        msg = msg.replace(open_as, "the file")
    said = [m for m in library_messages() if m not in msg][:MAX_REPORTED_MESSAGES]
    return "; ".join([msg, *said])


def _no_text_hint(ocr: bool, ocr_error: str | None) -> str:
    if ocr_error:
        return f"OCR was asked for but did not help: {ocr_error}"
    missing = find_tools().missing
    if missing:
        return f"OCR is not available here ({missing}). {ENABLE_HINT}"
    return (
        "Run `kpi ingest --ocr --force FILE` to OCR it (--force: it is already loaded without OCR; "
        "ocrmypdf and Tesseract with Swedish are installed)."
    )


def _page_list(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers[:20]) + (" …" if len(numbers) > 20 else "")


def _ocr_pages(
    path: str,
    source: bytes | str,
    doc: DocumentModel,
    without_text: list[int],
    garbled: list[int],
    result: ExtractionResult,
) -> tuple[DocumentModel, str | None]:
    """OCR the document's image-only and garbled pages; return the (re)opened model and why OCR
    failed, if it did.  ``source``: the file's bytes, or a name to copy it from."""
    try:
        ocred = ocr_pdf(
            source, redo_pages=garbled, pages=sorted({*without_text, *garbled}) if garbled else None
        )
        new = open_document(path, ocred)
    except (OcrError, ValueError) as exc:
        result.issue(Severity.WARNING, "ocr_failed", str(exc))
        return doc, str(exc)
    doc.close()
    done = []
    if without_text:
        done.append(f"{len(without_text)} image-only page(s): {_page_list(without_text)}")
    if garbled:
        done.append(f"{len(garbled)} page(s) with a garbled text layer: {_page_list(garbled)}")
    result.issue(
        Severity.INFO, "ocr_applied", f"OCR (Tesseract, Swedish) added a text layer to {'; '.join(done)}"
    )
    return new, None


def _garbled(doc: DocumentModel) -> tuple[list[int], dict[int, PageQuality]]:
    """Pages whose text layer is garbled (see :mod:`kpi.extractors.text_quality`), and every page's counts."""
    quality = {p.number: page_quality([w.text for w in p.words]) for p in doc.pages() if p.has_text}
    return garbled_pages(quality), quality


def _garbled_issue(
    garbled: list[int], quality: dict[int, PageQuality], ocr: bool, ocr_error: str | None
) -> str:
    worst = quality[garbled[0]]
    if ocr_error:
        hint = f"OCR was asked for but did not help: {ocr_error}"
    elif ocr:
        hint = "OCR did not give these pages a readable text layer."
    elif find_tools().missing:
        hint = f"OCR is not available here ({find_tools().missing}). {ENABLE_HINT}"
    else:
        hint = "Run `kpi ingest --ocr --force FILE` to OCR these pages (--force: the document is already loaded)."
    return (
        f"the text layer of {len(garbled)} page(s) is garbled ({_page_list(garbled)}; page {garbled[0]}: "
        f"{worst.describe()}): its fonts map no characters to Unicode, so nothing could be read there. "
        + hint
    )


def extract_pdf(
    path: str | Path,
    doc_id: str,
    data: bytes | None = None,
    ocr: bool = False,
    fd: int | None = None,
    open_as: str | None = None,
) -> ExtractionResult:
    """Extract one PDF; ``ocr`` first OCRs pages without a text layer or with a garbled one (see
    :mod:`kpi.extractors.ocr`).

    The file is read from ``data`` (its bytes), else from the open descriptor ``fd`` (the PDF
    library opens it as ``open_as``, see :func:`opened_file`), else from ``path``; ``path`` is
    kept as given (a name that is not UTF-8 too) and only named, never parsed.
    """
    path = os.fsdecode(path)
    if data is None and fd is None:
        try:
            with opened_file(path) as (fd, open_as):
                return extract_pdf(path, doc_id, ocr=ocr, fd=fd, open_as=open_as)
        except OSError as exc:
            r = ExtractionResult(doc_id=doc_id, source_path=path)
            r.fail(f"cannot read file: {exc.strerror or exc}")
            return r
    t0 = time.perf_counter()
    result = ExtractionResult(doc_id=doc_id, source_path=path)
    try:
        if data is not None:
            head, result.file_size = data[:HEAD_BYTES], len(data)
        else:
            assert fd is not None  # checked above
            head, result.file_size = os.pread(fd, HEAD_BYTES, 0), os.fstat(fd).st_size
            if open_as is None:  # no name to open it by: read it whole (the rare case)
                data = _read_all(fd)
        reason = check_bytes(head)
        if reason:
            result.fail(reason)
            return result
        reset_library_messages()
        doc = open_document(path, data, open_as)
    except (OSError, ValueError) as exc:
        result.fail(str(exc))
        return result
    container = container_issue(head)
    if container:
        result.issue(Severity.WARNING, "pdf_in_container", container)
        result.mark_partial(container)
    ocr_error: str | None = None
    try:
        try:
            t = time.perf_counter()
            pages_without_text = [p.number for p in doc.pages() if not p.has_text]
            garbled, quality = _garbled(doc)
            if ocr and (pages_without_text or garbled):
                source: bytes | str = data if data is not None else str(open_as)
                doc, ocr_error = _ocr_pages(path, source, doc, pages_without_text, garbled, result)
                if ocr_error is None:
                    pages_without_text = [p.number for p in doc.pages() if not p.has_text]
                    garbled, quality = _garbled(doc)
            t1 = time.perf_counter()
            result.meta = detect_metadata(doc)
            result.stage_seconds["pages"], result.stage_seconds["metadata"] = t1 - t, time.perf_counter() - t1
        except Exception as exc:  # noqa: BLE001 - a damaged page tree surfaces here, as any exception
            result.fail(f"corrupt PDF: pages could not be read ({explain_library_error(exc)})")
            result.seconds = time.perf_counter() - t0
            return result
        result.meta.page_count = doc.page_count
        damage = damage_reason(doc.raw)
        if damage:
            result.issue(Severity.ERROR, "pdf_damaged", damage)
            result.mark_partial(damage)
        active = active_content(doc.raw)
        if active:
            result.issue(
                Severity.INFO,
                "active_content",
                f"the PDF carries {', '.join(active)}; kpi ignores them (it never runs scripts "
                "or opens attachments)",
            )
        if garbled:
            result.issue(
                Severity.ERROR, "garbled_text_layer", _garbled_issue(garbled, quality, ocr, ocr_error)
            )
            result.mark_partial(f"garbled text layer on {len(garbled)} page(s)")
        if len(pages_without_text) == doc.page_count:
            if damage:
                result.mark_partial("no text could be read from any page")
            else:
                result.issue(
                    Severity.ERROR,
                    "no_text_layer",
                    "no page has a text layer (scanned or image-only PDF); nothing could be extracted. "
                    + _no_text_hint(ocr, ocr_error),
                )
                result.mark_partial("no text layer (scanned PDF?)")
        else:
            for n in pages_without_text:
                result.issue(
                    Severity.INFO, "page_without_text", "page has no text layer (image or blank page)", n
                )
            for name, recognize in recognizers():
                t = time.perf_counter()
                try:
                    recognize(doc, result)
                except Exception as exc:  # noqa: BLE001 - a recognizer bug marks the document partial
                    where = traceback.extract_tb(exc.__traceback__)[-1]
                    msg = f"recognizer {name} failed: {type(exc).__name__}: {exc} ({Path(where.filename).name}:{where.lineno})"
                    result.issue(Severity.ERROR, "recognizer_failed", msg)
                    result.mark_partial(msg)
                result.stage_seconds[name] = time.perf_counter() - t
    finally:
        doc.close()
    result.seconds = time.perf_counter() - t0
    return result


def _read_all(fd: int) -> bytes:
    chunks, offset = [], 0
    while chunk := os.pread(fd, HASH_CHUNK, offset):
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)
