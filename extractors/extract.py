"""One PDF in, one :class:`ExtractionResult` out: open, check, metadata, recognizers.

Never raises for a bad file: the result's status says ``failed`` with an error a person can
act on, or ``partial`` when some recognizer failed or the document has no text layer.
"""

from __future__ import annotations

import time
import traceback
from pathlib import Path

from extractors.document import detect_metadata
from extractors.domain import Severity
from extractors.layout import DocumentModel
from extractors.ocr import ENABLE_HINT, OcrError, find_tools, ocr_pdf
from extractors.pdf_health import active_content, damage_reason, explain_library_error, reset_library_messages
from extractors.records import ExtractionResult
from extractors.registry import recognizers

PDF_MAGIC_WINDOW = 1024  # the PDF header may follow a little junk; readers search this far


def check_bytes(data: bytes) -> str | None:
    """A person-readable reason why ``data`` cannot be a PDF, or None."""
    if not data:
        return "empty file (0 bytes): not a PDF"
    if b"%PDF-" not in data[:PDF_MAGIC_WINDOW]:
        head = data[:40].decode("latin-1", "replace").strip().replace("\n", " ")
        kind = (
            "an HTML page"
            if b"<html" in data[:512].lower() or b"<!doctype" in data[:512].lower()
            else "another kind of file"
        )
        printable = sum(c.isprintable() for c in head) >= 0.9 * max(len(head), 1)
        start = f"starts with {head[:30]!r}" if printable else "starts with binary data"
        return f"not a PDF: the file has no PDF header (looks like {kind}; {start})"
    return None


def open_document(path: str, data: bytes) -> DocumentModel:
    """Open a PDF from bytes; raise ValueError with a readable message when that is impossible."""
    try:
        doc = DocumentModel(path, data=data)
    except Exception as exc:  # pymupdf raises FileDataError / RuntimeError variants
        raise ValueError(f"corrupt or truncated PDF: the PDF library could not open it ({exc})") from exc
    try:
        needs_pass, pages = doc.raw.needs_pass, (0 if doc.raw.needs_pass else doc.page_count)
    except Exception as exc:  # e.g. a page tree whose /Count is wrong: "Invalid number of pages"
        doc.close()
        raise ValueError(f"corrupt PDF: its page tree cannot be read ({explain_library_error(exc)})") from exc
    if needs_pass:
        doc.close()
        raise ValueError("encrypted PDF: a password is needed to open it; kpi cannot read it")
    if pages == 0:
        doc.close()
        raise ValueError("corrupt PDF: it has no pages")
    return doc


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


def _ocr_image_pages(
    path: str, data: bytes, doc: DocumentModel, without_text: list[int], result: ExtractionResult
) -> tuple[DocumentModel, str | None]:
    """OCR the document's image-only pages; return the (re)opened model and why OCR failed, if it did."""
    try:
        ocred = ocr_pdf(data)
        new = open_document(path, ocred)
    except (OcrError, ValueError) as exc:
        result.issue(Severity.WARNING, "ocr_failed", str(exc))
        return doc, str(exc)
    doc.close()
    pages = ", ".join(str(n) for n in without_text[:20]) + (" …" if len(without_text) > 20 else "")
    result.issue(
        Severity.INFO,
        "ocr_applied",
        f"OCR (Tesseract, Swedish) added a text layer to {len(without_text)} image-only page(s): {pages}",
    )
    return new, None


def extract_pdf(
    path: str | Path, doc_id: str, data: bytes | None = None, ocr: bool = False
) -> ExtractionResult:
    """Extract one PDF; ``ocr`` first OCRs pages without a text layer (see :mod:`extractors.ocr`)."""
    t0 = time.perf_counter()
    path = str(path)
    result = ExtractionResult(doc_id=doc_id, source_path=path)
    try:
        if data is None:
            data = Path(path).read_bytes()
        result.file_size = len(data)
        reason = check_bytes(data)
        if reason:
            result.fail(reason)
            return result
        reset_library_messages()
        doc = open_document(path, data)
    except (OSError, ValueError) as exc:
        result.fail(str(exc))
        return result
    ocr_error: str | None = None
    try:
        try:
            t = time.perf_counter()
            pages_without_text = [p.number for p in doc.pages() if not p.has_text]
            if ocr and pages_without_text:
                doc, ocr_error = _ocr_image_pages(path, data, doc, pages_without_text, result)
                if ocr_error is None:
                    pages_without_text = [p.number for p in doc.pages() if not p.has_text]
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
