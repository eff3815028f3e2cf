"""Generators for the bad inputs a council archive holds: every file is made by the tests, no blobs.

Each :class:`Case` names a file (or folder entry), builds it under a folder, and states what kpi
must record for it: the status and words the error or an issue must contain.  Generators are
deterministic (seeded), so a failure reproduces.
"""

from __future__ import annotations

import os
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from kpi.samples.typeset import Doc
from tests.hostile.craft import FONT, raw_pdf, single_page, stream, text_ops

SEED = 9


def council_text_pdf(path: Path, pages: int = 3, title: str = "Nämndplan 2024", font: str = "helv") -> Path:
    """A plain, healthy, typeset document (several pages of Swedish prose and a small table)."""
    d = Doc(font=font)
    d.text("Exempelby kommun", size=16)
    d.text(f"{title} för socialnämnden", size=20, gap_after=8)
    for p in range(pages):
        for i in range(12):
            d.text(
                f"Avsnitt {p + 1}.{i + 1}: nämnden följer upp mål, indikatorer och budget för verksamhetsåret."
            )
        d.table(
            [["Indikator", "Utfall 2023", "Målvärde 2024"], ["Andel nöjda brukare, %", "81", "85"]],
            widths=[260, 100, 100],
            ruled=True,
        )
        if p < pages - 1:
            d.new_page()
    return d.save(path)


# -- the generators ---------------------------------------------------------------------------------------------


def empty(path: Path) -> None:
    path.write_bytes(b"")


def random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(SEED).randbytes(50_000))


def html_page(path: Path) -> None:
    path.write_text(
        "<!DOCTYPE html>\n<html lang='sv'><head><title>404 Sidan finns inte</title></head>"
        "<body><h1>Sidan kunde inte hittas</h1></body></html>\n",
        encoding="utf-8",
    )


def truncated_head(path: Path, tmp: Path) -> None:
    """Only the first few hundred bytes survived (a download cut off early): no page is left."""
    full = council_text_pdf(tmp / "_full_head.pdf", pages=3)
    path.write_bytes(full.read_bytes()[:400])


def truncated_tail(path: Path, tmp: Path) -> None:
    """The last tenth is missing: no xref, no trailer, the last page's content cut."""
    full = council_text_pdf(tmp / "_full_tail.pdf", pages=3)
    data = full.read_bytes()
    path.write_bytes(data[: int(len(data) * 0.9)])


def broken_xref(path: Path, tmp: Path) -> None:
    """Every cross-reference offset points 7 bytes past its object."""
    data = council_text_pdf(tmp / "_full_xref.pdf", pages=2).read_bytes()
    xref_at = data.rindex(b"\nxref\n")
    head, tail = data[:xref_at], data[xref_at:]
    tail = re.sub(rb"(\d{10}) 00000 n", lambda m: b"%010d 00000 n" % (int(m.group(1)) + 7), tail)
    path.write_bytes(head + tail)


def encrypted_user_password(path: Path, tmp: Path) -> None:
    src = pymupdf.open(council_text_pdf(tmp / "_enc.pdf"))
    src.save(str(path), encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="hemligt", owner_pw="ägare")
    src.close()


def encrypted_owner_only(path: Path, tmp: Path) -> None:
    """Encrypted with an owner password only: anyone can open and read it, printing/copying 'forbidden'."""
    src = pymupdf.open(council_text_pdf(tmp / "_own.pdf"))
    src.save(
        str(path),
        encryption=pymupdf.PDF_ENCRYPT_AES_128,
        owner_pw="ägare",
        user_pw="",
        permissions=pymupdf.PDF_PERM_ACCESSIBILITY,
    )
    src.close()


def image_only(path: Path, tmp: Path) -> None:
    """A typeset page rendered to a picture: what a scanner produces (no text layer)."""
    render_image_only(council_text_pdf(tmp / "_scan.pdf", pages=1), path, dpi=100)


def render_image_only(src_path: Path, dst_path: Path, dpi: int = 200) -> Path:
    src, out = pymupdf.open(src_path), pymupdf.open()
    for page in src:
        pix = page.get_pixmap(dpi=dpi)
        np_ = out.new_page(width=page.rect.width, height=page.rect.height)
        np_.insert_image(np_.rect, pixmap=pix)
    out.save(str(dst_path))
    out.close()
    src.close()
    return dst_path


LONG_DOCUMENT_PAGES = 2000
"""Page count of the 'enormous' document (the archive's largest are a few thousand pages)."""


def two_thousand_pages(path: Path) -> None:
    out = pymupdf.open()
    for i in range(LONG_DOCUMENT_PAGES):
        page = out.new_page()
        page.insert_text(
            (72, 72), f"Bilaga {i + 1}: protokollsutdrag från nämndens sammanträde.", fontsize=10
        )
    out.save(str(path), garbage=1, deflate=True)
    out.close()


NESTING_DEPTH = 100_000
"""Array depth of the nesting bomb: far past any parser's recursion limit."""


def nested_arrays(path: Path) -> None:
    """The page dictionary holds an array nested 100 000 deep: a parser recursing on it overflows."""
    deep = b"[" * NESTING_DEPTH + b"]" * NESTING_DEPTH
    path.write_bytes(single_page(text_ops(["Djupt nästlad sida"]), page_extra=b"/Kpi " + deep))


FORM_CHAIN_DEPTH = 2_000
"""Form XObjects each drawing the next: a content-stream recursion this deep overflows MuPDF's stack."""


def nested_forms(path: Path) -> None:
    extra = []
    for i in range(FORM_CHAIN_DEPTH):
        me = 6 + i
        if i < FORM_CHAIN_DEPTH - 1:
            body, res = b"/X Do", b"<< /XObject << /X %d 0 R >> >>" % (me + 1)
        else:
            body, res = text_ops(["Botten"]), b"<< /Font << /F1 3 0 R >> >>"
        extra.append(stream(body, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources " + res))
    path.write_bytes(single_page(b"/X Do", resources=b"<< /XObject << /X 6 0 R >> >>", extra_objects=extra))


PAGE_TREE_DEPTH = 3_000
"""Pages nodes each holding the next: a legal but absurd page tree."""


def nested_page_tree(path: Path) -> None:
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for i in range(PAGE_TREE_DEPTH):
        me = 2 + i
        parent = b"/Parent %d 0 R" % (me - 1) if i else b""
        objs.append(b"<< /Type /Pages /Kids [%d 0 R] /Count 1 %s >>" % (me + 1, parent))
    page = 2 + PAGE_TREE_DEPTH
    objs.append(
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> >>"
        b" /Contents %d 0 R >>" % (page - 1, page + 1, page + 2)
    )
    objs += [FONT, stream(text_ops(["Sida längst ned i ett djupt sidträd"]))]
    path.write_bytes(raw_pdf(objs))


def wrong_page_count(path: Path) -> None:
    """The page tree claims six pages and holds one (found by the mutation fuzzer)."""
    data = single_page(text_ops(["En sida"]))
    path.write_bytes(data.replace(b"/Count 1", b"/Count 6", 1))


def javascript_and_attachments(path: Path, tmp: Path) -> None:
    doc = pymupdf.open(council_text_pdf(tmp / "_js.pdf"))
    doc.embfile_add("payload.exe", b"MZ\x90\x00 not really a program", filename="payload.exe")
    doc.embfile_add("underlag.xlsx", b"PK\x03\x04 spreadsheet", filename="underlag.xlsx")
    cat = doc.pdf_catalog()
    js = doc.get_new_xref()
    doc.update_object(
        js,
        "<< /S /JavaScript /JS (app.alert\\('hej'\\); this.exportDataObject\\({cName: 'payload.exe', nLaunch: 2}\\);) >>",
    )
    doc.xref_set_key(cat, "OpenAction", f"{js} 0 R")
    launch = doc.get_new_xref()
    doc.update_object(launch, "<< /S /Launch /F (cmd.exe) >>")
    page = doc[0]
    page.insert_link(
        {"kind": pymupdf.LINK_URI, "from": pymupdf.Rect(50, 50, 150, 70), "uri": "https://example.invalid"}
    )
    doc.xref_set_key(page.xref, "AA", f"<< /O {launch} 0 R >>")
    doc.save(str(path))
    doc.close()


def plain(path: Path, tmp: Path) -> None:
    council_text_pdf(path, pages=2, title="Verksamhetsberättelse 2023")


# -- the table -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One bad input and what kpi must make of it."""

    name: str  # the file's name in the input folder (may hold spaces and non-ASCII letters)
    build: Callable[..., None]
    status: str  # ok | partial | failed
    says: tuple[str, ...]  # words the error (or, for ok, an issue message) must contain
    issue: str | None = None  # an extraction_issues code the document must have
    needs_tmp: bool = field(default=False)

    def make(self, folder: Path, scratch: Path) -> Path:
        path = folder / self.name
        path.parent.mkdir(parents=True, exist_ok=True)
        self.build(path, scratch) if self.needs_tmp else self.build(path)
        return path


CASES: list[Case] = [
    Case("empty.pdf", empty, "failed", ("empty file", "0 bytes")),
    Case("random-bytes.pdf", random_bytes, "failed", ("not a PDF", "no PDF header", "binary data")),
    Case("sidan-finns-inte.pdf", html_page, "failed", ("not a PDF", "HTML page")),
    Case(
        "truncated-head.pdf",
        truncated_head,
        "failed",
        ("corrupt or truncated PDF", "could not open"),
        needs_tmp=True,
    ),
    Case(
        "truncated-tail.pdf",
        truncated_tail,
        "partial",
        ("damaged PDF", "rebuilt", "may be missing"),
        issue="pdf_damaged",
        needs_tmp=True,
    ),
    Case(
        "broken-xref.pdf",
        broken_xref,
        "partial",
        ("damaged PDF", "cross-reference"),
        issue="pdf_damaged",
        needs_tmp=True,
    ),
    Case(
        "needs-password.pdf", encrypted_user_password, "failed", ("encrypted PDF", "password"), needs_tmp=True
    ),
    Case("owner-password-only.pdf", encrypted_owner_only, "ok", (), needs_tmp=True),
    Case("inskannad.pdf", image_only, "partial", ("no text layer",), issue="no_text_layer", needs_tmp=True),
    Case("bilagor-2000-sidor.pdf", two_thousand_pages, "ok", ()),
    Case(
        "nested-arrays.pdf",
        nested_arrays,
        "partial",
        ("damaged PDF", "could not read all"),
        issue="pdf_damaged",
    ),
    Case("nested-forms.pdf", nested_forms, "failed", ("nested too deeply",)),
    Case(
        "nested-page-tree.pdf", nested_page_tree, "partial", ("damaged PDF", "page tree"), issue="pdf_damaged"
    ),
    Case(
        "wrong-page-count.pdf",
        wrong_page_count,
        "failed",
        ("corrupt PDF", "page tree", "Invalid number of pages"),
    ),
    Case(
        "javascript-attachments.pdf",
        javascript_and_attachments,
        "ok",
        ("JavaScript", "embedded files", "launch actions", "never runs scripts"),
        issue="active_content",
        needs_tmp=True,
    ),
    Case(
        "Årsredovisning 2023/Verksamhetsberättelse – Ölands kommun, bilaga 1 (ändrad).pdf",
        plain,
        "ok",
        (),
        needs_tmp=True,
    ),
]


def build_all(folder: Path, scratch: Path) -> dict[str, Path]:
    """Every case under ``folder``; scratch files (the healthy originals) under ``scratch``."""
    folder.mkdir(parents=True, exist_ok=True)
    scratch.mkdir(parents=True, exist_ok=True)
    return {c.name: c.make(folder, scratch) for c in CASES}


def add_folder_traps(folder: Path) -> None:
    """Folder entries that are not files: a symlink loop, a dangling link, a FIFO and a folder named *.pdf."""
    loop = folder / "loop"
    loop.mkdir(exist_ok=True)
    os.symlink("..", loop / "back-to-parent")
    os.symlink(folder / "does-not-exist.pdf", folder / "dangling-link.pdf")
    os.mkfifo(folder / "named-pipe.pdf")  # reading it would block forever
    (folder / "folder.pdf").mkdir()


# -- resource bombs: tiny files whose content explodes when interpreted ------------------------------------------

FAN_OUT = 10
"""Each form XObject draws the next one this many times: work grows as FAN_OUT ** levels."""


def fan_out_pdf(
    path: Path, levels: int, leaf: bytes, leaf_resources: bytes, first_page_text: str = ""
) -> Path:
    """A 'billion laughs' page: form i draws form i+1 FAN_OUT times; the last one draws ``leaf``.

    A few kilobytes on disk; FAN_OUT ** (levels - 1) copies of ``leaf`` for any reader that
    interprets the page.  Cycles would be caught by the PDF library; a fan-out is not.
    """
    extra = []
    for i in range(levels):
        me = 6 + i
        if i < levels - 1:
            body = b"\n".join([b"/X Do"] * FAN_OUT)
            res = b"<< /XObject << /X %d 0 R >> >>" % (me + 1)
        else:
            body, res = leaf, leaf_resources
        extra.append(stream(body, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources " + res))
    content = (text_ops([first_page_text]) + b"\n" if first_page_text else b"") + b"/X Do"
    path.write_bytes(
        single_page(
            content, resources=b"<< /XObject << /X 6 0 R >> /Font << /F1 3 0 R >> >>", extra_objects=extra
        )
    )
    return path


def slow_pdf(path: Path, levels: int = 6, label: str = "Långsam sida") -> Path:
    """Content that takes seconds to interpret: 10**(levels-1) tiny strokes.

    Six levels take about a quarter of a second to extract on one core (text plus vector
    drawings), seven about 3 s, ten hours.  ``label`` is printed on the page, so differently labelled files differ.
    """
    return fan_out_pdf(path, levels, b"0 0 m 1 1 l S", b"<< >>", first_page_text=label)


def hang_pdf(path: Path) -> Path:
    """A page that takes hours to read (10**9 strokes): stands for any PDF crafted to hang the reader."""
    return slow_pdf(path, levels=10)


def memory_bomb_pdf(path: Path, levels: int = 9) -> Path:
    """A page that shows 10**(levels-1) words: the text extractor's memory grows without end.

    Seven levels peak near 2.3 GB; nine would need about 230 GB.
    """
    return fan_out_pdf(path, levels, text_ops(["ord"]), b"<< /Font << /F1 3 0 R >> >>")
