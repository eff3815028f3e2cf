"""Issue 19: the report highlights the value's own box (not its row), names the column header and
row label beside the picture, shows one picture per page region, reports on one document with
``--doc``, and stays a few MB for the samples."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from report_fixture import Built, box_of, words_box

from kpi.pipeline.report.boxes import Word, locate_value
from kpi.pipeline.report.build import UnknownDocument, build_report, doc_page
from tests.conftest import run_kpi

VALUE_BOX_TOLERANCE_PX = 2.0
"""A drawn box may be off the value's words by this many pixels (rounding of the picture's edge)."""


@pytest.fixture(scope="module")
def report(built: Built, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("regions")
    build_report(built.db, out, pdf_roots=[built.pdf_dir])
    return out


def row_of(html: str, printed: str, table: str = "indicator_values") -> tuple[str, str]:
    """(anchor, HTML) of the first table row whose printed value is ``printed``."""
    for m in re.finditer(rf'<tr id="({table}-\d+)".*?</tr>', html, flags=re.S):
        if f"<td>{printed}</td>" in m.group(0):
            return m.group(1), m.group(0)
    raise AssertionError(f"no row prints {printed!r}")


def drawn(html: str, anchor: str) -> tuple[list[tuple[float, float, float, float]], float, tuple[int, int]]:
    """The boxes drawn for row ``anchor`` (x, y, w, h in picture pixels), and the figure's zoom
    and origin (how page points map to the picture's pixels)."""
    for fig in re.findall(r'<figure class="crop".*?</figure>', html, flags=re.S):
        rects = re.findall(
            rf'<rect class="box[^"]*" data-row="{anchor}" x="([\d.-]+)" y="([\d.-]+)" width="([\d.]+)" height="([\d.]+)"',
            fig,
        )
        if rects:
            zoom = float(re.search(r'data-zoom="([\d.]+)"', fig).group(1))
            ox, oy = re.search(r'data-origin="(-?\d+) (-?\d+)"', fig).group(1, 2)
            return [tuple(float(v) for v in r) for r in rects], zoom, (int(ox), int(oy))
    raise AssertionError(f"no box drawn for {anchor}")


def expected_px(box, zoom: float, origin: tuple[int, int]) -> tuple[float, float, float, float]:
    return (
        box[0] * zoom - origin[0],
        box[1] * zoom - origin[1],
        (box[2] - box[0]) * zoom,
        (box[3] - box[1]) * zoom,
    )


@pytest.mark.parametrize(
    "printed, header",
    [("41 %", "Utfall 2030"), ("45 %", "Målvärde 2031")],
)
def test_the_value_box_is_drawn_not_the_row(report: Path, built: Built, printed: str, header: str) -> None:
    html = (report / doc_page(built.plan.doc_id)).read_text(encoding="utf-8")
    anchor, tr = row_of(html, printed)
    [rect], zoom, origin = drawn(html, anchor)
    pdf = Path(built.plan.source_path)
    want = expected_px(words_box(pdf, 1, printed, below="Andel"), zoom, origin)
    assert all(abs(g - e) <= VALUE_BOX_TOLERANCE_PX for g, e in zip(rect, want, strict=True)), (rect, want)
    row = box_of(pdf, 1, "Andel i arbete")
    assert rect[2] < 0.2 * (row[2] - row[0]) * zoom  # the value, not the row it stands in
    assert f"column: {header}" in tr  # the column header is named beside the picture


def test_two_values_of_one_row_get_two_boxes(report: Path, built: Built) -> None:
    html = (report / doc_page(built.plan.doc_id)).read_text(encoding="utf-8")
    a, _ = row_of(html, "41 %")
    b, _ = row_of(html, "45 %")
    [ra], _, _ = drawn(html, a)
    [rb], _, _ = drawn(html, b)
    assert rb[0] > ra[0] + ra[2]  # 45 % stands right of 41 %, apart


def test_header_of_a_lower_row_skips_the_values_above(report: Path, built: Built) -> None:
    html = (report / doc_page(built.plan.doc_id)).read_text(encoding="utf-8")
    _, tr = row_of(html, "9")
    assert "column: Målvärde 2031" in tr  # "45 %" above it is a value, not the header


def test_one_picture_per_page_region(report: Path, built: Built) -> None:
    html = (report / doc_page(built.plan.doc_id)).read_text(encoding="utf-8")
    section = html.split('<section id="indicator_values"')[1].split('<section id="budget_lines"')[0]
    page1 = [s for s in section.split('<section class="region"')[1:] if 'data-page="1"' in s]
    assert len(page1) == 1
    assert page1[0].count("<img ") == 1 and page1[0].count("<tr id=") == 4  # four values, one picture


def test_a_rotated_page_region_draws_the_value_upright(report: Path, built: Built) -> None:
    html = (report / doc_page(built.plan.doc_id)).read_text(encoding="utf-8")
    anchor, _ = row_of(html, "88 procent")
    [(_x, _y, w, h)], _, _ = drawn(html, anchor)
    assert h > 2 * w  # page 2 is stored rotated: the line reads vertically on the picture


def test_running_text_value_is_named_by_the_label_in_front() -> None:
    line = "Målvärde: Ökning från föregående mätning. 2018 års värde: 64 % Målvärde 2019: 64 %"
    words, x = [], 50.0
    for t in line.split():
        words.append(Word(x, 100.0, x + 6 * len(t), 110.0, t))
        x += 6 * len(t) + 4
    row = (50.0, 100.0, x, 110.0)
    loc = locate_value(row, "64 %", words, period="2018", kind="outcome")
    assert loc.own and loc.column == "2018 års värde" and loc.label
    assert loc.box[0] == next(w.x0 for w in words if w.text == "64")  # the first 64 %, not the second
    target = locate_value(row, "Ökning från föregående mätning", words, period="2019", kind="target")
    assert target.own and target.column == "Målvärde" and target.box[2] < loc.box[0]


def test_a_value_printed_twice_undecided_keeps_the_row_box() -> None:
    words = [Word(0, 0, 40, 10, "Antal"), Word(100, 0, 110, 10, "9"), Word(150, 0, 160, 10, "9")]
    loc = locate_value((0, 0, 160, 10), "9", words, period="2031", kind="target")
    assert not loc.own and loc.box == (0, 0, 160, 10) and "2 times" in loc.notes[0]


def test_doc_option_reports_on_one_document(built: Built, tmp_path: Path) -> None:
    summary = build_report(built.db, tmp_path / "one", pdf_roots=[built.pdf_dir], doc="nämndplan 2031")
    assert summary.documents == 1
    assert [p.name for p in (tmp_path / "one").glob("doc-*.html")] == [doc_page(built.plan.doc_id)]
    by_name = build_report(built.db, tmp_path / "name", pdf_roots=[built.pdf_dir], doc="REPORT.pdf")
    assert by_name.documents == 1 and (tmp_path / "name" / doc_page(built.moved.doc_id)).is_file()
    by_id = build_report(built.db, tmp_path / "id", doc=built.moved.doc_id[:10])
    assert by_id.documents == 1 and (tmp_path / "id" / doc_page(built.moved.doc_id)).is_file()
    with pytest.raises(UnknownDocument, match="no document matches 'Budget 1999'"):
        build_report(built.db, tmp_path / "none", doc="Budget 1999")
    assert not (tmp_path / "none").exists()


def test_cli_unknown_doc_exits_2_with_a_clear_message(built: Built, tmp_path: Path) -> None:
    out = tmp_path / "r"
    proc = run_kpi("report", "--db", str(built.db), "--out", str(out), "--doc", "Budget <b>1999</b>")
    assert proc.returncode == 2
    assert "no document matches" in proc.stderr and "Nämndplan 2031" in proc.stderr
    assert "Traceback" not in proc.stderr and not out.exists()
    ok = run_kpi("report", "--db", str(built.db), "--out", str(out), "--doc", "Månadsrapport", "--json")
    assert ok.returncode == 0, ok.stderr
    assert '"documents": 1' in ok.stdout


def test_running_text_has_no_column_header(report: Path, built: Built) -> None:
    html = (report / doc_page(built.plan.doc_id)).read_text(encoding="utf-8")
    _, tr = row_of(html, "88 procent")  # "Nöjdhet med stödet 88 procent" under the heading "Bilaga: nöjdhet"
    assert "column:" not in tr
