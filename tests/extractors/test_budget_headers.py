"""Budget table headers that real exporters set awkwardly, typeset here with their own fonts,
sizes and wording: neighbouring headers of a narrow borderless table that run together, a
wrapped header whose last line is only the year's two digits, and a ruled table whose period
header sits alone in one cell of its own header row."""

from __future__ import annotations

from kpi.extractors import budget
from kpi.extractors.records import ExtractionResult
from kpi.samples.typeset import Doc
from tests.conftest import recognize_with


def run(path, **meta) -> ExtractionResult:
    return recognize_with(budget.recognize, path, **meta)


def by_label(r: ExtractionResult, label: str) -> set[tuple]:
    return {(b.measure, b.period, b.amount) for b in r.budget_lines if b.row_label == label}


def _headers(d: Doc, x0: float, widths: list[float], lines: list[list[str]], size: float) -> None:
    """Header lines set by hand, each text left-aligned in its column (3 pt padding), the way a
    word processor sets a borderless table: no rules, columns only as wide as their numbers."""
    lead = size * 1.2
    for row in lines:
        d.y += lead
        x = x0
        for text, w in zip(row, widths, strict=False):
            if text:
                d.put(x + 3, d.y, text, size)
            x += w
    d.y += 4


def test_narrow_borderless_headers_that_run_together(tmp_path):
    # an autofit borderless table: each column as wide as its header plus 2 pt padding a side,
    # headers left-aligned, numbers right-aligned; neighbouring headers are 4 pt apart, less
    # than the gap that separates cells, so the header line reads as one run of words
    d = Doc(font="tiro", size=6)
    d.text("Resultaträkning per enhet", size=10, gap_after=6)
    heads = ["Utfall ack.", "Budget ack.", "Prognos", "Årsbudget"]
    rows = [
        ["Hemtjänst", "-40,2", "-39,5", "-121,0", "-118,5"],
        ["Särskilt boende", "-55,9", "-56,3", "-170,2", "-169,0"],
    ]
    widths = [d.width(h) + 4 for h in heads]
    x_first = d.margin + 90
    d.y += 8
    d.put(d.margin, d.y, "Enhet, mnkr")
    x = x_first
    for h, w in zip(heads, widths, strict=False):
        d.put(x + 2, d.y, h)
        x += w
    for row in rows:
        d.y += 11
        d.put(d.margin, d.y, row[0])
        x = x_first
        for v, w in zip(row[1:], widths, strict=False):
            d.put(x + w - 2 - d.width(v), d.y, v)
            x += w
    r = run(d.save(tmp_path / "narrow.pdf"), doc_type="månadsrapport", year=2025, period="2025-04")
    assert by_label(r, "Hemtjänst") == {
        ("utfall_ack", "2025-01/2025-04", -40.2),
        ("budget_ack", "2025-01/2025-04", -39.5),
        ("arsprognos", "2025", -121.0),
        ("arsbudget", "2025", -118.5),
    }


def test_wrapped_header_ending_in_two_digit_year(tmp_path):
    # "Utfall jan" / "- maj" / "25": the last header line holds
    # only the year's digits, set right-aligned like a number
    d = Doc(font="helv", size=7.5)
    d.text("Driftredovisning (tkr)", size=9, gap_after=4)
    widths = [140, 70, 70, 70]
    x0 = d.margin
    _headers(
        d,
        x0,
        widths,
        [["Verksamhet", "Utfall jan", "Budget jan", "Helårsprognos"], ["", "- maj", "- maj", ""]],
        7.5,
    )
    d.y -= 4
    right = [x0 + sum(widths[: k + 1]) - 3 for k in range(1, 4)]
    d.y += 7.5 * 1.2
    for x in right[:2]:
        d.put(x - d.width("25", 7.5), d.y, "25", 7.5)
    d.y += 8
    d.table(
        [["Fritidsgårdar", "-3 120", "-3 400", "-8 050"], ["Bibliotek", "-2 010", "-1 950", "-4 900"]],
        widths,
        header_rows=0,
        size=7.5,
    )
    r = run(d.save(tmp_path / "tail.pdf"), doc_type="månadsrapport", year=2025, period="2025-05")
    assert by_label(r, "Bibliotek") == {
        ("utfall", "2025-01/2025-05", -2010.0),
        ("budget", "2025-01/2025-05", -1950.0),
        ("arsprognos", "2025", -4900.0),
    }
    assert not any(b.row_label == "" for b in r.budget_lines)


def test_ruled_period_header_alone_in_its_row_spans_the_columns(tmp_path):
    # a ruled grid: "Plan 2027" sits in the first number cell of a header row of its own
    d = Doc(font="cour", size=8)
    d.text("Ekonomisk ram", size=11, gap_after=4)
    rows = [
        ["Belopp i tkr", "Plan 2027", "", ""],
        ["", "Intäkter", "Kostnader", "Nettokostnad"],
        ["Grundskola", "4 100", "-61 300", "-57 200"],
        ["Förskola", "2 250", "-40 100", "-37 850"],
    ]
    d.table(rows, [150, 95, 95, 105], ruled=True, header_rows=2)
    r = run(d.save(tmp_path / "span.pdf"), doc_type="nämndplan", year=2027, period="2027")
    assert by_label(r, "Förskola") == {
        ("intakter", "2027", 2250.0),
        ("kostnader", "2027", -40100.0),
        ("nettokostnad", "2027", -37850.0),
    }
