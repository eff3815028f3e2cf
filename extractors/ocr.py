"""OCR of image-only (scanned) pages with OCRmyPDF and Tesseract's Swedish model.

kpi never OCRs on its own: ``kpi ingest --ocr`` asks for it.  Pages that already have a text
layer are left as they are (``--skip-text``); the OCRed copy lives in a temporary folder only
for as long as the extraction needs it, and the document keeps the SHA-256 of the original file.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

OCR_LANGUAGE = "swe"
"""Tesseract language model (Debian package ``tesseract-ocr-swe``); Swedish covers the ASCII letters too."""

OCR_TIMEOUT_SECONDS = 600.0
"""Wall-clock limit for OCRing one document; past it OCRmyPDF is killed and the document stays unOCRed."""

OCR_PAGE_TIMEOUT_SECONDS = 120.0
"""Tesseract's limit per page (OCRmyPDF's ``--tesseract-timeout``); a page over it gets no text."""

OCR_JOBS = 1
"""Pages OCRed in parallel inside one document: kpi already runs documents in parallel."""

DIE_WITH_PARENT = ("setpriv", "--pdeathsig", "KILL", "--")
"""util-linux's setpriv: OCRmyPDF is killed by the kernel when the process that started it dies
(a worker killed for its --timeout must not leave OCR running)."""

ENABLE_HINT = (
    "Install ocrmypdf, tesseract-ocr and tesseract-ocr-swe (Debian/Ubuntu: "
    "`apt-get install ocrmypdf tesseract-ocr tesseract-ocr-swe`) and run `kpi ingest --ocr --force FILE` "
    "(--force: the document is already loaded without OCR)."
)


class OcrError(RuntimeError):
    """OCR was asked for and could not be done; the message says why in plain words."""


@dataclass(frozen=True)
class OcrTools:
    ocrmypdf: str | None
    tesseract: str | None
    languages: frozenset[str]

    @property
    def missing(self) -> str | None:
        """What is missing for Swedish OCR, or None when everything is there."""
        if not self.ocrmypdf:
            return "ocrmypdf is not installed"
        if not self.tesseract:
            return "tesseract is not installed"
        if OCR_LANGUAGE not in self.languages:
            return f"Tesseract has no Swedish model ({OCR_LANGUAGE}; package tesseract-ocr-{OCR_LANGUAGE})"
        return None


@cache
def find_tools() -> OcrTools:
    """Look for ``ocrmypdf`` and ``tesseract`` on PATH and the languages Tesseract knows (cached)."""
    ocrmypdf, tesseract = shutil.which("ocrmypdf"), shutil.which("tesseract")
    langs: frozenset[str] = frozenset()
    if tesseract:
        try:
            proc = subprocess.run(
                [tesseract, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
            )
            # first line is a heading ("List of available languages in ..."); the rest are codes
            langs = frozenset(ln.strip() for ln in proc.stdout.splitlines()[1:] if ln.strip())
        except (OSError, subprocess.SubprocessError):
            pass
    return OcrTools(ocrmypdf, tesseract, langs)


def ocr_available() -> bool:
    return find_tools().missing is None


def _last_error_line(stderr: str) -> str:
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    return lines[-1][:300] if lines else "no message"


def ocr_pdf(
    source: bytes | str,
    timeout: float = OCR_TIMEOUT_SECONDS,
    redo_pages: list[int] | None = None,
    pages: list[int] | None = None,
) -> bytes:
    """The PDF with a text layer added to its image-only pages; raise :class:`OcrError`.

    ``source``: the PDF's bytes, or a file name to copy it from (no need to hold a large file in
    memory).  ``redo_pages`` (1-based): pages whose text layer is garbled; they are rasterized and
    OCRed like image-only pages (OCRmyPDF's ``--force-ocr``), and OCR is then limited to ``pages``
    (which must hold them and the image-only pages).  Without them, pages that have text are kept.
    """
    tools = find_tools()
    if tools.missing:
        raise OcrError(f"OCR is not available: {tools.missing}. {ENABLE_HINT}")
    with tempfile.TemporaryDirectory(prefix="kpi-ocr-") as tmp:
        src, dst = Path(tmp) / "in.pdf", Path(tmp) / "out.pdf"
        if isinstance(source, bytes):
            src.write_bytes(source)
        else:
            shutil.copyfile(source, src)
        setpriv = shutil.which(DIE_WITH_PARENT[0])
        which = ["--skip-text"]
        if redo_pages:
            which = ["--force-ocr", "--pages", ",".join(str(n) for n in (pages or redo_pages))]
        cmd = [
            *([setpriv, *DIE_WITH_PARENT[1:]] if setpriv else []),
            str(tools.ocrmypdf),
            "-l",
            OCR_LANGUAGE,
            *which,
            "--output-type",
            "pdf",
            "--optimize",
            "0",
            "--jobs",
            str(OCR_JOBS),
            "--tesseract-timeout",
            str(OCR_PAGE_TIMEOUT_SECONDS),
            "--quiet",
            str(src),
            str(dst),
        ]
        try:
            # own process group, so a timeout stops OCRmyPDF's Tesseract and Ghostscript children too
            proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                start_new_session=True,
            )
        except OSError as exc:
            raise OcrError(f"OCR could not start: {exc}") from exc
        try:
            _, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            _kill_group(proc)
            raise OcrError(f"OCR took longer than {timeout:.0f} s and was stopped") from exc
        except BaseException:
            _kill_group(proc)
            raise
        if proc.returncode != 0 or not dst.exists():
            raise OcrError(f"OCR failed (ocrmypdf exit {proc.returncode}: {_last_error_line(stderr)})")
        return dst.read_bytes()


def _kill_group(proc: subprocess.Popen[str]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()
