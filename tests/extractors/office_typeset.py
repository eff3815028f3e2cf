"""Test PDFs typeset by the engines councils use: WeasyPrint (HTML/CSS) and LibreOffice (a .docx
made with python-docx, converted with ``soffice --headless --convert-to pdf``).

One table spec, two typesetters: the same table comes out with each engine's own line breaking,
glyph placement, shading and rules, so a test that passes on both does not depend on one
producer's coordinates. Each maker skips the test (with the reason) when its engine is missing;
``.ci/run`` installs both.
"""

from __future__ import annotations

import html
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

NBSP = "\u00a0"
MINUS = "\u2212"


def money(v: int) -> str:
    """A Swedish amount as a word processor prints it: NBSP thousands, U+2212 minus."""
    s = f"{abs(v):,}".replace(",", NBSP)
    return f"{MINUS}{s}" if v < 0 else s


@dataclass
class TableSpec:
    title: str
    stub: str
    headers: list[str]  # one per value column; long ones wrap in narrow columns
    rows: list[tuple[str, list[int | str]]]  # label, values (int: an amount; str: as printed)
    groups: list[tuple[str, int]] = field(default_factory=list)  # spanning headers: (text, columns)
    zebra: bool = False
    narrow: bool = True  # value columns so narrow that the headers wrap over several lines

    def text(self, v: int | str) -> str:
        return money(v) if isinstance(v, int) else v


def weasyprint_pdf(spec: TableSpec, path: Path, paragraphs: int = 0) -> Path:
    """The table as HTML/CSS, typeset by WeasyPrint: borderless, one rule under the header."""
    weasyprint = pytest.importorskip(
        "weasyprint", reason="WeasyPrint is not installed (pip install weasyprint)"
    )
    width = "3.6em" if spec.narrow else "6em"
    css = f"""
    @page {{ size: A4; margin: 2cm }}
    body {{ font-family: "DejaVu Sans", "Liberation Sans", sans-serif; font-size: 9pt }}
    table {{ border-collapse: collapse }}
    th {{ font-weight: bold; vertical-align: bottom; text-align: right; padding: 2pt 6pt; width: {width} }}
    th.stub {{ text-align: left; width: 16em }}
    thead tr:last-child th {{ border-bottom: 0.8pt solid black }}
    th.group {{ text-align: center; border-bottom: 0.5pt solid black }}
    td {{ padding: 2pt 6pt; text-align: right }}
    td.label {{ text-align: left }}
    {"tbody tr:nth-child(even) td { background: #e6e6e6 }" if spec.zebra else ""}
    """
    esc = html.escape
    head = ""
    if spec.groups:
        head += (
            "<tr><th class='stub'></th>"
            + "".join(f"<th class='group' colspan='{n}'>{esc(t)}</th>" for t, n in spec.groups)
            + "</tr>"
        )
    head += (
        f"<tr><th class='stub'>{esc(spec.stub)}</th>"
        + "".join(f"<th>{esc(h)}</th>" for h in spec.headers)
        + "</tr>"
    )
    body = "".join(
        f"<tr><td class='label'>{esc(label)}</td>"
        + "".join(f"<td>{esc(spec.text(v))}</td>" for v in values)
        + "</tr>"
        for label, values in spec.rows
    )
    filler = "".join(
        "<p>Nämnden följer upp verksamhetens resultat varje månad och redovisar avvikelser mot "
        "budget med förklaringar och åtgärder för att nå en budget i balans.</p>"
        for _ in range(paragraphs)
    )
    doc = (
        f"<html><head><meta charset='utf-8'><style>{css}</style></head><body>"
        f"<h2>{esc(spec.title)}</h2>{filler}<table><thead>{head}</thead><tbody>{body}</tbody></table>"
        "<p>Kommentar: avvikelsen förklaras av fler placeringar än budgeterat.</p></body></html>"
    )
    weasyprint.HTML(string=doc).write_pdf(str(path))
    return path


def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer; .ci/run does)")
    return exe


def libreoffice_pdf(spec: TableSpec, path: Path) -> Path:
    """The table as a .docx (python-docx, the default borderless table style), converted to PDF by
    LibreOffice Writer headless."""
    docx = pytest.importorskip("docx", reason="python-docx is not installed (pip install python-docx)")
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    exe = soffice()
    d = docx.Document()
    style = d.styles["Normal"]
    style.font.size = Pt(9)
    d.add_heading(spec.title, level=2)
    n = len(spec.headers) + 1
    header_rows = 2 if spec.groups else 1
    t = d.add_table(rows=header_rows + len(spec.rows), cols=n)
    t.autofit = False
    section = d.sections[0]  # A4 with 2 cm margins: 17 cm of text width, as Swedish templates have
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    value_width = min(2.1 if spec.narrow else 2.8, 12.6 / (n - 1))
    widths = [Cm(16.8 - value_width * (n - 1))] + [Cm(value_width)] * (n - 1)
    for col, w in zip(t.columns, widths, strict=True):
        col.width = w  # the table grid, which LibreOffice reads
    for row in t.rows:
        for cell, w in zip(row.cells, widths, strict=True):
            cell.width = w

    def put(cell: object, text: str, bold: bool = False, right: bool = True) -> None:
        p = cell.paragraphs[0]  # type: ignore[attr-defined]
        run = p.add_run(text)
        run.bold = bold
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.LEFT

    if spec.groups:
        k = 1
        for text, span in spec.groups:
            merged = t.cell(0, k).merge(t.cell(0, k + span - 1))
            put(merged, text, bold=True)
            merged.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            k += span
    put(t.cell(header_rows - 1, 0), spec.stub, bold=True, right=False)
    for j, h in enumerate(spec.headers, 1):
        put(t.cell(header_rows - 1, j), h, bold=True)
    for i, (label, values) in enumerate(spec.rows, header_rows):
        put(t.cell(i, 0), label, right=False)
        for j, v in enumerate(values, 1):
            put(t.cell(i, j), spec.text(v))
    d.add_paragraph("Kommentar: avvikelsen förklaras av fler placeringar än budgeterat.")
    src = path.with_suffix(".docx")
    d.save(str(src))
    profile = path.parent / "lo-profile"
    subprocess.run(
        [
            exe,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(path.parent),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    out = src.with_suffix(".pdf")
    if out != path:
        out.replace(path)
    return path
