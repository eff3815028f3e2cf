"""Tables that page breaks and page furniture disturb, typeset here in their own fonts, sizes and
wording: a continuation behind a page footer, a header left alone at the foot of a page, a new
table (with a title of its own) at the top of the next page, a wrapped header whose last line
prints only the ends of its periods, a header word that overflows its ruled cell or its
borderless column, a whole header (down to its year tail) ending a page, a header repeated
after a break under the title of the first, a risk table after a money table, running text above
a page-number line, and a month range broken at its dash."""

from __future__ import annotations

import pytest

from kpi.extractors import budget, risks
from kpi.extractors.layout import DocumentModel
from kpi.extractors.records import ExtractionResult
from kpi.extractors.tables.pages import _Stitched
from kpi.extractors.tables.reader import tables_on_page
from kpi.samples.typeset import Doc
from tests.conftest import recognize_with


def run(path, recognizer=budget, **meta) -> ExtractionResult:
    return recognize_with(recognizer.recognize, path, **meta)


def by_label(r: ExtractionResult, label: str) -> set[tuple]:
    return {(b.measure, b.period, b.amount) for b in r.budget_lines if b.row_label == label}


def furnish(d: Doc, head: str, foot: str, size: float = 7.0) -> None:
    """A running header and a footer (text left, page number right) on every page."""
    pdf = d._pdf
    for i, page in enumerate(pdf, start=1):
        page.insert_text((d.margin, 26), head, fontsize=size, fontname=d.font)
        if not foot:
            continue
        page.insert_text((d.margin, d.page_size[1] - 18), foot, fontsize=size, fontname=d.font)
        num = f"{i}"
        page.insert_text(
            (d.page_size[0] - d.margin - d.width(num, size), d.page_size[1] - 18),
            num,
            fontsize=size,
            fontname=d.font,
        )


def fill(d: Doc, to_y: float) -> None:
    """Running text down to ``to_y``."""
    while d.y < to_y:
        d.text(
            "Verksamheten har under perioden arbetat vidare med uppdragen i nämndens plan och "
            "följer upp dem löpande.",
            gap_after=2,
        )


ROWS = [
    ["Kulturskola", "-2 410", "-2 600", "190"],
    ["Bibliotek", "-5 020", "-4 880", "-140"],
    ["Fritidsgårdar", "-1 730", "-1 800", "70"],
    ["Simhall", "-3 900", "-3 650", "-250"],
    ["Föreningsbidrag", "-1 100", "-1 100", "0"],
]


def test_continuation_behind_page_footer_is_joined(tmp_path):
    # a borderless table runs over a page break without repeating its header; each page has a
    # footer (document name and page number) and a running header
    d = Doc(font="tiro", size=9, margin=60)
    fill(d, 690)
    d.text("Driftredovisning per verksamhet, tkr", size=10, gap_after=2)
    d.table(
        [["Verksamhet", "Utfall ack.", "Budget ack.", "Avvikelse"], *ROWS * 2],
        [150, 80, 80, 80],
        repeat_header=False,
    )
    furnish(d, "Kultur- och fritidsnämnden – Delårsrapport augusti 2024", "Delårsrapport augusti 2024")
    path = d.save(tmp_path / "footer.pdf")
    with DocumentModel(str(path)) as doc:
        assert doc.page_count == 2
    r = run(path, doc_type="delårsrapport", year=2024, period="2024-08")
    pages = {b.page for b in r.budget_lines}
    assert pages == {1, 2}
    assert len(r.budget_lines) == 3 * len(ROWS) * 2
    assert ("utfall_ack", "2024-01/2024-08", -3900.0) in by_label(r, "Simhall")


def test_header_alone_at_the_foot_of_a_page_heads_the_next(tmp_path):
    d = Doc(font="cour", size=8, margin=50)
    fill(d, 700)
    d.text("Ekonomiskt utfall (mnkr)", size=10, gap_after=2)
    lh = 8 * d.leading + 4
    d.y = d.bottom - lh - 1  # room for the header row only
    d.table(
        [["Område", "Helårsbudget", "Prognos helår", "Avvikelse"], *ROWS],
        [160, 90, 90, 80],
        repeat_header=False,
    )
    furnish(d, "Fritidsförvaltningen, uppföljning", "Tertialrapport 1")
    r = run(d.save(tmp_path / "orphan.pdf"), doc_type="delårsrapport", year=2023, period="2023-04")
    assert by_label(r, "Bibliotek") == {
        ("arsbudget", "2023", -5020.0),
        ("arsprognos", "2023", -4880.0),
        ("avvikelse", "2023", -140.0),
    }
    assert {b.page for b in r.budget_lines} == {2}


@pytest.mark.parametrize("footer", [False, True])
def test_table_with_its_own_title_on_the_next_page_is_a_new_table(tmp_path, footer):
    # two risk tables with the same header: the second starts the next page under its own
    # heading, and keeps that heading as its category
    d = Doc(font="tiro", size=9, margin=55)
    fill(d, 650)
    d.text("Ekonomiska risker", size=11, gap_after=2)
    d.table(
        [
            ["Risk", "Sannolikhet", "Konsekvens"],
            ["Minskade statsbidrag", "3", "4"],
            ["Ökade hyreskostnader", "2", "3"],
        ],
        [220, 90, 90],
    )
    d.new_page()
    d.text("Personalrisker", size=11, gap_after=2)
    d.table([["Risk", "Sannolikhet", "Konsekvens"], ["Hög personalomsättning", "4", "3"]], [220, 90, 90])
    furnish(d, "Fritidsnämnden – verksamhetsplan 2025", "Verksamhetsplan 2025" if footer else "")
    r = run(d.save(tmp_path / "risks.pdf"), recognizer=risks)
    assert {(x.category, x.title) for x in r.risks} == {
        ("Ekonomiska risker", "Minskade statsbidrag"),
        ("Ekonomiska risker", "Ökade hyreskostnader"),
        ("Personalrisker", "Hög personalomsättning"),
    }


def _put_header(
    d: Doc, x0: float, widths: list[float], lines: list[list[str]], size: float, right: bool = False
) -> None:
    """Header lines set by hand, each text left-aligned (or right-aligned) in its column."""
    for row in lines:
        d.y += size * 1.25
        x = x0
        for text, w in zip(row, widths, strict=False):
            if text:
                d.put(x + w - 3 - d.width(text, size) if right else x + 3, d.y, text, size)
            x += w


def test_wrapped_header_whose_last_line_prints_period_ends(tmp_path):
    # "Utfall" / "Jan 24 -" / "Maj 24" and "Prognos" / "Jan 24 - Dec" / "24": the last header
    # line holds words and years only, none of it in the label column
    d = Doc(font="helv", size=7)
    d.text("Nettokostnad per enhet (tkr)", size=9, gap_after=3)
    widths = [130, 75, 75, 85]
    _put_header(
        d,
        d.margin,
        widths,
        [
            ["Enhet", "Utfall", "Budget", "Prognos"],
            ["", "Jan 24 -", "Jan 24 -", "Jan 24 - Dec"],
            ["", "Maj 24", "Maj 24", "24"],
        ],
        7,
    )
    d.y += 2
    d.table(
        [["Hemtjänst", "-12 300", "-11 900", "-29 800"], ["Boende", "-20 150", "-20 400", "-48 100"]],
        widths,
        header_rows=0,
        size=7,
    )
    r = run(d.save(tmp_path / "periods.pdf"), doc_type="månadsrapport", year=2024, period="2024-05")
    assert by_label(r, "Boende") == {
        ("utfall", "2024-01/2024-05", -20150.0),
        ("budget", "2024-01/2024-05", -20400.0),
        ("arsprognos", "2024", -48100.0),
    }
    assert not [b for b in r.budget_lines if "24" in b.row_label]


def test_header_word_overflowing_its_ruled_cell(tmp_path):
    # a ruled grid whose column is a little narrower than its header word: the word runs over
    # the rule, and the next header starts just after it
    d = Doc(font="cour", size=8)
    d.text("Budgetuppföljning", size=10, gap_after=3)
    w = d.width("Helårsprognos") + 1.5  # 3 pt padding: the word ends 1.5 pt past the rule
    d.table(
        [
            ["Verksamhet (tkr)", "Utfall", "Helårsprognos", "Helårsbudget"],
            ["Gymnasium", "-8 100", "-24 300", "-24 000"],
            ["Vuxenutbildning", "-1 900", "-5 600", "-5 800"],
        ],
        [140, 70, w, 80],
        ruled=True,
    )
    r = run(d.save(tmp_path / "overflow.pdf"), doc_type="månadsrapport", year=2022, period="2022-04")
    assert by_label(r, "Gymnasium") == {
        ("utfall", "2022", -8100.0),
        ("arsprognos", "2022", -24300.0),
        ("arsbudget", "2022", -24000.0),
    }


def test_running_text_is_no_header_of_a_page_number_line(tmp_path):
    d = Doc(font="tiro", size=10)
    fill(d, 640)
    # a paragraph (its lines set by hand, the last one long) right above a line that prints the
    # document's name and the page number
    for line in (
        "Nämnden tilldelades ett kommunbidrag om 18 400 tkr för verksamhetsåret och har",
        "under året hållit sig inom den ekonomiska ramen, trots att kostnaderna för lokaler",
        "har ökat mer än väntat och att intäkterna från avgifter har minskat något.",
    ):
        d.y += 12.5
        d.put(d.margin + 30, d.y, line)
    d.y += 13
    d.put(d.margin, d.y, "Verksamhetsberättelse 2024")
    d.put(d.page_size[0] - d.margin - d.width("4 (9)"), d.y, "4 (9)")
    path = d.save(tmp_path / "prose.pdf")
    with DocumentModel(str(path)) as doc:
        page = doc.page(doc.page_count)
        found = [
            t for t in tables_on_page(page) if any("(9)" in c.text for r in t.rows for c in r.cells.values())
        ]
    assert len(found) == 1 and found[0].header_rows == 0 and not found[0].header_text.strip()
    r = run(path, doc_type="verksamhetsberättelse", year=2024, period="2024")
    assert r.budget_lines == []


def test_month_range_broken_at_its_dash(tmp_path):
    d = Doc(font="tiro", size=8)
    d.text("Resultat per verksamhet", size=10, gap_after=3)
    widths = [150, 70, 70, 70]
    _put_header(
        d,
        d.margin,
        widths,
        [["Tkr", "Utfall jan-", "Budget jan-", "Avvikelse"], ["", "maj 2021", "maj 2021", ""]],
        8,
    )
    d.y += 2
    d.table(
        [["Äldreomsorg", "-40 200", "-41 000", "800"], ["Hemsjukvård", "-9 900", "-9 500", "-400"]],
        widths,
        header_rows=0,
        size=8,
    )
    r = run(d.save(tmp_path / "range.pdf"), doc_type="månadsrapport", year=2021, period="2021-05")
    got = by_label(r, "Äldreomsorg")
    assert ("utfall", "2021-01/2021-05", -40200.0) in got
    assert ("budget", "2021-01/2021-05", -41000.0) in got


def test_borderless_header_word_wider_than_its_column(tmp_path):
    # a borderless table whose columns are as wide as their numbers: "Helårsprognos" runs a
    # little past its numbers' right edge, and "Helårsbudget" follows after a thin gap
    d = Doc(font="tiro", size=7)
    d.text("Ekonomisk uppföljning, tkr", size=9, gap_after=3)
    x_lab, x1s = d.margin, [250.0, 300.0, 350.0]
    heads = ["Utfall", "Helårsprognos", "Helårsbudget"]
    d.y += 10
    d.put(x_lab, d.y, "Verksamhet")
    starts = [x1s[0] - 30, x1s[1] - d.width(heads[1]) + 4, x1s[1] + 6]
    for h, x in zip(heads, starts, strict=False):
        d.put(x, d.y, h)
    for label, *vals in [
        ["Gymnasium", "-8 100", "-24 300", "-24 000"],
        ["Komvux", "-1 900", "-5 600", "-5 800"],
    ]:
        d.y += 10
        d.put(x_lab, d.y, label)
        for v, x1 in zip(vals, x1s, strict=False):
            d.put(x1 - d.width(v), d.y, v)
    r = run(d.save(tmp_path / "wide.pdf"), doc_type="månadsrapport", year=2022, period="2022-04")
    assert by_label(r, "Komvux") == {
        ("utfall", "2022", -1900.0),
        ("arsprognos", "2022", -5600.0),
        ("arsbudget", "2022", -5800.0),
    }


def test_wrapped_header_with_year_tail_at_the_foot_of_a_page(tmp_path):
    # the whole header, down to its last line of two-digit years, ends page 1; the rows are on page 2
    d = Doc(font="helv", size=7, margin=45)
    fill(d, 730)
    d.text("Resultaträkning (tkr)", size=9, gap_after=3)
    widths = [140, 80, 80, 80]
    _put_header(
        d,
        d.margin,
        widths,
        [["Enhet", "Utfall ack. jan", "Budget ack. jan", "Avvikelse"], ["", "- aug", "- aug", ""]],
        7,
    )
    d.y += 7 * 1.25
    for k in (1, 2):
        x1 = d.margin + sum(widths[: k + 1]) - 3
        d.put(x1 - d.width("24", 7), d.y, "24", 7)
    d.new_page()
    d.table(
        [["Skola", "-30 100", "-31 000", "900"], ["Förskola", "-22 400", "-22 000", "-400"]],
        widths,
        header_rows=0,
        size=7,
    )
    furnish(d, "Barn- och utbildningsnämnden", "Delårsrapport 2024")
    r = run(d.save(tmp_path / "yeartail.pdf"), doc_type="delårsrapport", year=2024, period="2024-08")
    assert by_label(r, "Skola") == {
        ("utfall_ack", "2024-01/2024-08", -30100.0),
        ("budget_ack", "2024-01/2024-08", -31000.0),
        ("avvikelse_ack", "2024-01/2024-08", 900.0),
    }


def test_header_repeated_after_a_page_break_keeps_the_title_above_the_first(tmp_path):
    # the title and the header end page 1; page 2 repeats the header above the rows
    d = Doc(font="cour", size=8, margin=50)
    fill(d, 720)
    d.text("Driftbudget per område", size=11, gap_after=2)
    lh = 8 * d.leading + 4
    d.y = d.bottom - lh - 1
    d.table(
        [
            ["Område (tkr)", "Budget 2026", "Plan 2027"],
            ["Förskola", "-12 000", "-30 000"],
            ["Fritid", "-4 500", "-9 000"],
        ],
        [200, 100, 100],
    )
    r = run(d.save(tmp_path / "repeat.pdf"), doc_type="nämndplan", year=2026, period="2026")
    assert {b.table_kind for b in r.budget_lines} == {"driftbudget"}


def test_risk_table_is_no_budget_table(tmp_path):
    # a money table, then a risk table whose titles speak of costs: the risk table's numbers are
    # no budget lines even though a unit could be taken from the table before
    d = Doc(font="tiro", size=9)
    d.text("Driftbudget", size=11, gap_after=2)
    d.table([["Verksamhet (tkr)", "Intäkter", "Kostnader"], ["Skola", "1 200", "-40 000"]], [200, 90, 90])
    d.text("Risker", size=11, gap_after=2)
    d.table(
        [["Risk", "Sannolikhet", "Konsekvens"], ["Ökade kostnader för skolskjuts", "3", "4"]], [200, 90, 90]
    )
    r = run(d.save(tmp_path / "riskmoney.pdf"), doc_type="nämndplan", year=2026, period="2026")
    assert {b.row_label for b in r.budget_lines} == {"Skola"}


def test_heading_left_at_the_foot_of_a_page_names_the_table_on_the_next(tmp_path):
    d = Doc(font="helv", size=8, margin=48)
    fill(d, 760)
    d.text("Omvärldsrisker", size=10, gap_after=2)
    d.new_page()
    d.table([["Beskrivning", "Sannolikhet", "Konsekvens"], ["Minskat elevunderlag", "2", "3"]], [230, 80, 80])
    furnish(d, "Utbildningsnämnden – plan 2025", "Nämndplan 2025")
    r = run(d.save(tmp_path / "heading.pdf"), recognizer=risks)
    assert [(x.category, x.title) for x in r.risks] == [("Omvärldsrisker", "Minskat elevunderlag")]


@pytest.mark.parametrize("ruled", [False, True])
def test_neighbouring_headers_printed_without_a_space(tmp_path, ruled):
    # "Sannolikhet" is wider than its column and runs up to "Konsekvens": the PDF holds one word
    d = Doc(font="cour", size=8)
    d.text("Risker i verksamheten", size=10, gap_after=2)
    w = d.width("Sannolikhet") - 3.0  # 3 pt padding: the word ends where the next header starts
    d.table(
        [
            ["Risk", "Sannolikhet", "Konsekvens"],
            ["Brist på lärare", "4", "3"],
            ["Vattenskada i skola", "1", "5"],
        ],
        [220, w, 90],
        ruled=ruled,
    )
    path = d.save(tmp_path / "glued.pdf")
    with DocumentModel(str(path)) as doc:
        assert any(w.text == "SannolikhetKonsekvens" for w in doc.page(1).words)
    r = run(path, recognizer=risks)
    assert {(x.title, x.probability, x.consequence) for x in r.risks} == {
        ("Brist på lärare", 4, 3),
        ("Vattenskada i skola", 1, 5),
    }


def test_repeated_header_after_a_break_keeps_the_category_when_columns_differ(tmp_path):
    # the part before the break leaves "Riskvärde" empty, the part after fills it: the columns
    # do not line up, but the header is the same, so the second part keeps the category
    d = Doc(font="tiro", size=9, margin=52)
    fill(d, 705)
    d.text("Finansiella risker", size=11, gap_after=2)
    d.table(
        [
            ["Titel", "Riskvärde", "Sannolikhet", "Konsekvens"],
            ["Lägre skatteintäkter", "", "2", "4"],
            ["Höjda hyror", "", "3", "2"],
            ["Dyrare livsmedel", "9", "3", "3"],
            ["Högre elpriser", "8", "4", "2"],
        ],
        [200, 70, 80, 80],
    )
    furnish(d, "Servicenämnden – plan 2024", "Nämndplan 2024")
    path = d.save(tmp_path / "riskbreak.pdf")
    with DocumentModel(str(path)) as doc:
        assert doc.page_count == 2
    r = run(path, recognizer=risks)
    assert {x.category for x in r.risks} == {"Finansiella risker"} and len(r.risks) == 4


def test_a_stitched_page_never_reads_drawings_its_pages_did_not(tmp_path):
    # a chart page's drawings cost seconds: the page after a break, read with the foot of the page
    # before set above it, uses only rules that the pages' own reading already took
    d = Doc(font="helv", size=10)
    d.text("Diagram")
    for i in range(40):
        d.page.draw_line((60, 200 + 5 * i), (500, 200 + 5 * i), width=0.5)
    path = d.save(tmp_path / "chart.pdf")
    with DocumentModel(str(path)) as doc:
        page = doc.page(1)
        s = _Stitched(1, page.width, page.height, list(page.words), sources=[(page, -1e9, 1e9, 0.0)])
        assert s.rules == [] and "drawings" not in page.__dict__
        assert len(page.rules) == 40  # read by the page's own reading ...
        s2 = _Stitched(1, page.width, page.height, list(page.words), sources=[(page, -1e9, 1e9, 0.0)])
        assert len(s2.rules) == 40  # ... they are used
