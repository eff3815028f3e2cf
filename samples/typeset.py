"""Typesetting PDFs with PyMuPDF: text at positions, tables with or without rules, page breaks.

Tests build their own documents with these helpers so that every extractor is proven on layouts
other than the samples' (other fonts and sizes, borderless or ruled tables, tables split by a
page break, NBSP and U+2212 in numbers).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

A4 = (595.0, 842.0)
FONTS = ("helv", "tiro", "cour")  # Helvetica, Times, Courier (base-14: no font files needed)


@functools.cache
def _font(name: str) -> pymupdf.Font:
    return pymupdf.Font(name)  # type: ignore[no-untyped-call]  # pymupdf: unannotated


@dataclass
class Doc:
    """A document under construction: call text()/table() and it flows down the pages."""

    font: str = "helv"
    size: float = 10.0
    margin: float = 56.0
    page_size: tuple[float, float] = A4
    leading: float = 1.35
    _pdf: pymupdf.Document = field(default_factory=pymupdf.open)
    _page: pymupdf.Page | None = None
    y: float = 0.0

    def __post_init__(self) -> None:
        self.new_page()

    def new_page(self) -> pymupdf.Page:
        self._page = self._pdf.new_page(width=self.page_size[0], height=self.page_size[1])
        self.y = self.margin
        return self._page

    @property
    def page(self) -> pymupdf.Page:
        assert self._page is not None
        return self._page

    @property
    def bottom(self) -> float:
        return self.page_size[1] - self.margin

    def ensure(self, height: float) -> None:
        if self.y + height > self.bottom:
            self.new_page()

    def put(
        self,
        x: float,
        y: float,
        text: str,
        size: float | None = None,
        font: str | None = None,
        color: tuple[float, float, float] = (0, 0, 0),
    ) -> None:
        """Text with its baseline at y."""
        self.page.insert_text(
            (x, y), text, fontsize=size or self.size, fontname=font or self.font, color=color
        )

    def width(self, text: str, size: float | None = None, font: str | None = None) -> float:
        """Printed width in points, measured with the font's real glyph widths (å, ä, ö included)."""
        length = _font(font or self.font).text_length(text, fontsize=size or self.size)  # type: ignore[no-untyped-call]  # pymupdf: unannotated
        return float(length)

    def text(
        self,
        text: str,
        size: float | None = None,
        font: str | None = None,
        indent: float = 0.0,
        gap_after: float = 0.0,
    ) -> None:
        """A paragraph, wrapped at the right margin."""
        size = size or self.size
        maxw = self.page_size[0] - 2 * self.margin - indent
        line = ""
        lines = []
        for word in text.split(" "):
            cand = f"{line} {word}".strip()
            if self.width(cand, size, font) > maxw and line:
                lines.append(line)
                line = word
            else:
                line = cand
        if line:
            lines.append(line)
        for ln in lines:
            self.ensure(size * self.leading)
            self.y += size * self.leading
            self.put(self.margin + indent, self.y, ln, size, font)
        self.y += gap_after

    def table(
        self,
        rows: list[list[str]],
        widths: list[float],
        ruled: bool = False,
        header_rows: int = 1,
        repeat_header: bool = True,
        size: float | None = None,
        align_numbers_right: bool = True,
        bold_rows: tuple[int, ...] = (),
    ) -> None:
        """A table; cells wrap within their column; a row that does not fit starts a new page."""
        size = size or self.size
        lh = size * self.leading
        x0 = self.margin
        header = rows[:header_rows]

        def cell_lines(text: str, w: float) -> list[str]:
            out, line = [], ""
            for word in text.split(" "):
                cand = f"{line} {word}".strip()
                if self.width(cand, size) > w - 6 and line:
                    out.append(line)
                    line = word
                else:
                    line = cand
            return out + ([line] if line else [])

        def draw_row(i: int, row: list[str]) -> None:
            wrapped = [cell_lines(c, w) for c, w in zip(row, widths, strict=False)]
            h = max(1, max(len(c) for c in wrapped)) * lh + 4
            if self.y + h > self.bottom:
                self.new_page()
                if repeat_header and i >= header_rows:
                    for j, hr in enumerate(header):
                        draw_row(j, hr)
            top = self.y
            x = x0
            font = "hebo" if (i in bold_rows and self.font == "helv") else None
            for c_lines, w in zip(wrapped, widths, strict=False):
                for k, ln in enumerate(c_lines):
                    is_num = (
                        align_numbers_right
                        and x > x0
                        and ln.replace(" ", "")
                        .replace("\u00a0", "")
                        .replace("\u202f", "")
                        .replace("−", "")
                        .replace("-", "")
                        .replace(",", "")
                        .isdigit()
                    )
                    tx = x + w - 3 - self.width(ln, size) if is_num else x + 3
                    self.put(tx, top + 2 + (k + 1) * lh - lh * 0.25, ln, size, font)
                x += w
            self.y = top + h
            if ruled:
                self.page.draw_line((x0, self.y), (x0 + sum(widths), self.y), width=0.5)
                self.page.draw_line((x0, top), (x0 + sum(widths), top), width=0.5)
                xx = x0
                for w in [0, *widths]:
                    xx += w
                    self.page.draw_line((xx, top), (xx, self.y), width=0.5)

        for i, row in enumerate(rows):
            draw_row(i, row)
        self.y += lh

    def circle(self, x: float, y: float, r: float, fill: tuple[float, float, float]) -> None:
        self.page.draw_circle((x, y), r, color=None, fill=fill)

    def save(self, path: str | Path) -> Path:
        self._pdf.save(str(path))  # type: ignore[no-untyped-call]  # pymupdf: unannotated
        self._pdf.close()  # type: ignore[no-untyped-call]  # pymupdf: unannotated
        return Path(path)

    def bullet(
        self,
        text: str,
        marker: str = "•",
        indent: float = 14.0,
        size: float | None = None,
        font: str | None = None,
        gap_after: float = 2.0,
    ) -> None:
        """A list item: the marker at the margin, the text wrapped with a hanging indent."""
        size = size or self.size
        self.ensure(size * self.leading)
        self.put(self.margin + 2, self.y + size * self.leading, marker, size, font)
        self.text(text, size=size, font=font, indent=indent, gap_after=gap_after)
