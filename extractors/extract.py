"""One PDF in, one :class:`ExtractionResult` out: open, check, metadata, recognizers.

Never raises for a bad file: the result's status says ``failed`` with an error a person can
act on, or ``partial`` when some recognizer failed or the document has no text layer.
"""

from __future__ import annotations

import time
import traceback
from pathlib import Path


from extractors.document import detect_metadata
from extractors.layout import DocumentModel
from extractors.records import ExtractionResult
from extractors.registry import recognizers

PDF_MAGIC_WINDOW = 1024  # the PDF header may follow a little junk; readers search this far


def check_bytes(data: bytes) -> str | None:
    """A person-readable reason why ``data`` cannot be a PDF, or None."""
    if not data:
        return "empty file (0 bytes): not a PDF"
    if b"%PDF-" not in data[:PDF_MAGIC_WINDOW]:
        head = data[:40].decode("latin-1", "replace").strip().replace("\n", " ")
        kind = "an HTML page" if b"<html" in data[:512].lower() or b"<!doctype" in data[:512].lower() else "another kind of file"
        return f"not a PDF: the file has no PDF header (looks like {kind}; starts with {head[:30]!r})"
    return None


def open_document(path: str, data: bytes) -> DocumentModel:
    """Open a PDF from bytes; raise ValueError with a readable message when that is impossible."""
    try:
        doc = DocumentModel(path, data=data)
    except Exception as exc:  # pymupdf raises FileDataError / RuntimeError variants
        raise ValueError(f"corrupt or truncated PDF: the PDF library could not open it ({exc})") from exc
    if doc.raw.needs_pass:
        doc.close()
        raise ValueError("encrypted PDF: a password is needed to open it; kpi cannot read it")
    if doc.page_count == 0:
        doc.close()
        raise ValueError("corrupt PDF: it has no pages")
    return doc


def extract_pdf(path: str | Path, doc_id: str, data: bytes | None = None) -> ExtractionResult:
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
        doc = open_document(path, data)
    except (OSError, ValueError) as exc:
        result.fail(str(exc))
        return result
    with doc:
        try:
            result.meta = detect_metadata(doc)
            pages_without_text = [p.number for p in doc.pages() if not p.has_text]
        except Exception as exc:  # a damaged page tree surfaces here
            result.fail(f"corrupt PDF: pages could not be read ({type(exc).__name__}: {exc})")
            result.seconds = time.perf_counter() - t0
            return result
        result.meta.page_count = doc.page_count
        if len(pages_without_text) == doc.page_count:
            result.issue(
                "error",
                "no_text_layer",
                "no page has a text layer (scanned or image-only PDF); nothing could be extracted. "
                "Install ocrmypdf and tesseract-ocr-swe and run `kpi ingest --ocr` to OCR it first.",
            )
            result.mark_partial("no text layer (scanned PDF?)")
        else:
            for n in pages_without_text:
                result.issue("info", "page_without_text", "page has no text layer (image or blank page)", n)
            for name, recognize in recognizers():
                try:
                    recognize(doc, result)
                except Exception as exc:
                    where = traceback.extract_tb(exc.__traceback__)[-1]
                    msg = f"recognizer {name} failed: {type(exc).__name__}: {exc} ({Path(where.filename).name}:{where.lineno})"
                    result.issue("error", "recognizer_failed", msg)
                    result.mark_partial(msg)
    result.seconds = time.perf_counter() - t0
    return result


