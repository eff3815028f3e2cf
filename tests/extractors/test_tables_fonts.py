"""A typesetter with an embedded Unicode font, so test PDFs can carry U+2212, NBSP and U+202F.

The base-14 fonts of :class:`kpi.samples.typeset.Doc` use WinAnsi encoding, which has no U+2212 or
U+202F: such characters would reach the PDF as some other glyph.  :class:`UnicodeDoc` embeds a
TrueType font instead (Bitstream Vera, shipped with reportlab, for U+2212 and NBSP; DejaVu Sans
from the system when a test also needs U+202F).
"""

from __future__ import annotations

import os
from pathlib import Path

import pymupdf
import pytest
import reportlab

from kpi.samples.typeset import Doc

VERA = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
DEJAVU_CANDIDATES = [
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
]


def font_for(text: str) -> Path:
    """A font file with every glyph of ``text`` (skips the test when none is installed)."""
    for path in [VERA, *DEJAVU_CANDIDATES]:
        if path.exists() and all(pymupdf.Font(fontfile=str(path)).has_glyph(ord(ch)) for ch in set(text)):
            return path
    pytest.skip(f"no installed font has all of {sorted(set(text))!r}")


class UnicodeDoc(Doc):
    """A Doc whose text uses an embedded TrueType font (``font`` names it on every page)."""

    def __init__(self, fontfile: Path | str = VERA, **kw):
        self._fontfile = str(fontfile)
        self._font = pymupdf.Font(fontfile=self._fontfile)
        super().__init__(font="ufont", **kw)

    def new_page(self) -> pymupdf.Page:
        page = super().new_page()
        page.insert_font(fontname="ufont", fontfile=self._fontfile)
        return page

    def width(self, text: str, size: float | None = None, font: str | None = None) -> float:
        return self._font.text_length(text, fontsize=size or self.size)

    def put(
        self,
        x: float,
        y: float,
        text: str,
        size: float | None = None,
        font: str | None = None,
        color: tuple[float, float, float] = (0, 0, 0),
    ) -> None:
        self.page.insert_text((x, y), text, fontsize=size or self.size, fontname="ufont", color=color)


def test_unicode_doc_keeps_minus_and_nbsp(tmp_path):
    d = UnicodeDoc()
    d.put(60, 100, "\u22122\u00a0890")
    d.save(tmp_path / "u.pdf")
    text = pymupdf.open(tmp_path / "u.pdf")[0].get_text()
    assert "\u2212" in text and "\u00a0" in text
    assert os.path.exists(VERA)
