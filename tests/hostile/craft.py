"""Writing PDFs object by object, for inputs no well-behaved library would produce.

:func:`raw_pdf` lays out numbered objects and a correct cross-reference table; the hostile
generators (:mod:`tests.hostile.hostile_pdfs`) build nesting, fan-out and broken files on it.
"""

from __future__ import annotations

import zlib

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def stream(body: bytes, extra: bytes = b"", compress: bool = True) -> bytes:
    """A stream object (Flate-compressed unless ``compress`` is False)."""
    data = zlib.compress(body, 9) if compress else body
    filt = b" /Filter /FlateDecode" if compress else b""
    return b"<< /Length %d%s %s >>\nstream\n" % (len(data), filt, extra) + data + b"\nendstream"


def text_ops(lines: list[str], x: float = 72, y: float = 760, size: float = 11, font: bytes = b"F1") -> bytes:
    """Content-stream operators that show ``lines`` top-down (latin-1 text)."""
    out = [b"BT /%s %g Tf %g TL %g %g Td" % (font, size, size * 1.4, x, y)]
    for ln in lines:
        esc = ln.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        out.append(b"(" + esc.encode("latin-1") + b") '")
    out.append(b"ET")
    return b"\n".join(out)


def raw_pdf(objects: list[bytes], root: int = 1, trailer_extra: bytes = b"") -> bytes:
    """A PDF whose object ``i + 1`` is ``objects[i]``, with a valid xref table and trailer."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        trailer_extra,
        xref,
    )
    return bytes(out)


def single_page(
    content: bytes,
    resources: bytes = b"<< /Font << /F1 3 0 R >> >>",
    extra_objects: list[bytes] = (),
    page_extra: bytes = b"",
) -> bytes:
    """Catalog (1), Pages (2), Font (3), Page (4), Contents (5), then ``extra_objects`` from 6 on."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        FONT,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources %s /Contents 5 0 R %s >>"
        % (resources, page_extra),
        stream(content),
        *extra_objects,
    ]
    return raw_pdf(objs)
