"""Typeset PDFs and hand-made rows located on them, for the QA report tests.

Boxes come from the typeset PDF's own words (never from a sample's coordinates), so a crop's
highlight can be checked against where the text really is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pymupdf

from kpi.extractors.records import BudgetLine, DocumentMeta, ExtractionResult, GoalStatus, IndicatorValue
from kpi.pipeline.discover import sha256_file
from kpi.samples.typeset import Doc
from kpi.warehouse.db import connect
from tests.warehouse.loading import load_result

EVIL_NAME = "Andel <script>alert(1)</script> & nöjda"


@dataclass
class Built:
    db: Path
    plan: ExtractionResult  # a typeset plan with rows on two pages, one rotated
    moved: ExtractionResult  # its PDF exists only under another name and folder
    missing: ExtractionResult  # its recorded PDF was replaced by other bytes
    failed: ExtractionResult
    pdf_dir: Path  # where the moved PDF lies


def box_of(pdf: Path, page: int, text: str) -> tuple[float, float, float, float]:
    """Union of the boxes of the line that starts with ``text`` on ``page`` (1-based)."""
    with pymupdf.open(pdf) as d:
        words = d[page - 1].get_text("words")
    first = text.split()[0]
    for w in words:
        if w[4] == first:
            line = [x for x in words if abs(x[3] - w[3]) < 1.0]
            return (
                min(x[0] for x in line),
                min(x[1] for x in line),
                max(x[2] for x in line),
                max(x[3] for x in line),
            )
    raise AssertionError(f"{text!r} not on page {page} of {pdf}")


def words_box(pdf: Path, page: int, text: str, below: str | None = None) -> tuple[float, float, float, float]:
    """Box of the consecutive words spelling ``text`` on ``page`` (1-based), on the line of
    ``below``'s first word when given (the value's own box, as a reader sees it)."""
    want = text.split()
    with pymupdf.open(pdf) as d:
        words = d[page - 1].get_text("words")
    line_y = None
    if below is not None:
        line_y = next(w[3] for w in words if w[4] == below.split()[0])
    for i in range(len(words) - len(want) + 1):
        run = words[i : i + len(want)]
        if [w[4] for w in run] == want and (line_y is None or abs(run[0][3] - line_y) < 1.0):
            return (
                min(w[0] for w in run),
                min(w[1] for w in run),
                max(w[2] for w in run),
                max(w[3] for w in run),
            )
    raise AssertionError(f"{text!r} not on page {page} of {pdf}")


def typeset_plan(path: Path) -> Path:
    doc = Doc(font="tiro", size=11)
    doc.text("Nämndplan 2031", size=18, gap_after=8)
    doc.text("Mål 1: Fler i arbete", size=13, gap_after=4)
    doc.table(
        [
            ["Indikator", "Utfall 2030", "Målvärde 2031"],
            ["Andel i arbete efter insats", "41 %", "45 %"],
            ["Antal placeringar", "12", "9"],
        ],
        widths=[260, 100, 100],
        ruled=True,
    )
    doc.text("Driftbudget tkr", size=12, gap_after=2)
    doc.table([["Verksamhet", "Budget 2031"], ["Vuxna", "-14 195"], ["Summa", "-14 195"]], widths=[260, 100])
    doc.new_page()
    doc.text("Bilaga: nöjdhet", size=13, gap_after=4)
    doc.text("Nöjdhet med stödet 88 procent", gap_after=4)
    doc.save(path)
    with pymupdf.open(path) as d:  # page 2 is stored rotated, as scanned landscape annexes are
        d[1].set_rotation(90)
        d.save(str(path) + ".tmp")
    Path(str(path) + ".tmp").replace(path)
    return path


def _iv(
    name: str,
    kind: str,
    period: str,
    raw: str,
    num: float | None,
    unit: str,
    page: int | None,
    bbox: tuple[float, float, float, float] | None,
) -> IndicatorValue:
    return IndicatorValue(
        page=page,
        bbox=bbox,
        section_path="Mål 1: Fler i arbete",
        indicator_name=name,
        kolada_code=None,
        value_kind=kind,
        period=period,
        value_raw=raw,
        value_num=num,
        unit=unit,
    )


def build(tmp: Path) -> Built:
    tmp.mkdir(parents=True, exist_ok=True)
    plan_pdf = typeset_plan(tmp / "plan.pdf")
    row1 = box_of(plan_pdf, 1, "Andel i arbete")
    row2 = box_of(plan_pdf, 1, "Antal placeringar")
    budget = box_of(plan_pdf, 1, "Vuxna")
    annex = box_of(plan_pdf, 2, "Nöjdhet med")
    plan = ExtractionResult(
        doc_id=sha256_file(plan_pdf),
        source_path=str(plan_pdf),
        meta=DocumentMeta("Nämndplan 2031", "Testby", None, "Socialnämnden", "nämndplan", 2031, "2031", 2),
        indicator_values=[
            _iv("Andel i arbete efter insats", "outcome", "2030", "41 %", 41.0, "percent", 1, row1),
            _iv("Andel i arbete efter insats", "target", "2031", "45 %", 45.0, "percent", 1, row1),
            _iv("Antal placeringar", "target", "2031", "9", 9.0, "count", 1, row2),
            _iv("Antal placeringar", "target", "2031", "9", 8.0, "count", 1, row2),  # read twice, differently
            _iv(EVIL_NAME, "outcome", "2030", "88 procent", 88.0, "percent", 2, annex),
            _iv("Ingen plats", "target", "2031", "ökning", None, "percent", None, None),
            _iv("Utanför sidan", "target", "2031", "1", 1.0, "count", 1, (500.0, 900.0, 700.0, 950.0)),
        ],
        budget_lines=[
            BudgetLine(
                1,
                budget,
                "driftbudget",
                "Vuxna",
                "budget",
                "2031",
                -14195.0,
                "tkr",
                -14195.0,
                "Driftbudget tkr",
                "-14 195",
            ),
            BudgetLine(
                1,
                budget,
                "driftbudget",
                "Vuxna",
                "budget",
                "2031",
                -14.195,
                "mkr",
                -14.195,
                "Driftbudget",
                "-14,195",
            ),  # amount_tkr not converted from mkr
        ],
        goal_status=[GoalStatus("1", "Fler i arbete", "2031-03", "purple", page=1, bbox=row1)],
    )
    plan.issue("warning", "sum_mismatch", "Summa -14 195 differs from its rows", page=1)
    plan.issue("info", "unit_inferred", "table prints no money unit", page=1)

    other_dir = tmp / "archive" / "nested"
    other_dir.mkdir(parents=True)
    moved_pdf = other_dir / "renamed.pdf"
    d2 = Doc(font="helv")
    d2.text("Månadsrapport maj 2031", size=16)
    d2.text("Resultat 512 tkr")
    d2.save(moved_pdf)
    moved = ExtractionResult(
        doc_id=sha256_file(moved_pdf),
        source_path=str(tmp / "gone" / "report.pdf"),
        meta=DocumentMeta(
            "Månadsrapport maj 2031", "Testby", None, "Förvaltningen", "månadsrapport", 2031, "2031-05", 1
        ),
        budget_lines=[
            BudgetLine(
                1,
                box_of(moved_pdf, 1, "Resultat"),
                "monthly_result",
                "Resultat",
                "utfall",
                "2031-05",
                512.0,
                "tkr",
                512.0,
            )
        ],
    )

    replaced_pdf = tmp / "replaced.pdf"
    d3 = Doc()
    d3.text("Other content now")
    d3.save(replaced_pdf)
    missing = ExtractionResult(
        doc_id="e" * 64,
        source_path=str(replaced_pdf),
        meta=DocumentMeta(
            "Delårsrapport 2031", "Testby", None, None, "delårsrapport", 2031, "2031-01/2031-04", 1
        ),
        indicator_values=[
            _iv("Andel", "outcome", "2031", "5 %", 5.0, "percent", 1, (56.0, 60.0, 200.0, 72.0))
        ],
    )
    failed = ExtractionResult(doc_id="f" * 64, source_path=str(tmp / "junk.pdf"))
    failed.fail("not a PDF: the file starts with '<html>'")

    db = tmp / "report.duckdb"
    con = connect(db)
    try:
        for r in (plan, moved, missing, failed):
            load_result(con, r, "test")
    finally:
        con.close()
    return Built(db, plan, moved, missing, failed, tmp / "archive")
