"""Indicator tables in type smaller than the body that run into a page's top or bottom margin
zone, where running headers and page numbers live, typeset here in their own font, sizes and
wording: rows at the very foot of a page, rows and a repeated header at the very head of the
next.  Running headers and page numbers in the same zones must still be left out."""

from __future__ import annotations

from kpi.extractors import indicators
from kpi.extractors.layout import DocumentModel
from kpi.samples.typeset import Doc
from tests.conftest import recognize_with, value_facts

FILLER = (
    "Nämnden har under året prioriterat det förebyggande arbetet och följer upp insatserna "
    "tillsammans med skolan, polisen och föreningslivet i kommunens alla delar."
)
HEADER = ["Mått", "Utfall 2023", "Målvärde 2024"]
ROWS = [
    ["Besök på fritidsgårdarna per vecka", "412", "450"],
    ["Aktiva låntagare på biblioteken", "3 210", "3 400"],
    ["Deltagare i sommarlovsaktiviteter", "865", "900"],
    ["Elever i kulturskolan", "1 024", "1 100"],
    ["Bokade timmar i idrottshallarna", "18 300", "19 000"],
    ["Föreningar med aktivitetsstöd", "57", "60"],
]


def furnish(d: Doc, head: str, size: float = 7.5) -> None:
    """A running header on every page and its page number at the foot."""
    for i, page in enumerate(d._pdf, start=1):
        page.insert_text((d.margin, 22), head, fontsize=size, fontname=d.font)
        page.insert_text(
            (d.page_size[0] - d.margin - 20, d.page_size[1] - 14), f"Sida {i}", fontsize=size, fontname=d.font
        )


def typeset(tmp_path, repeat_header: bool):
    # body text in 11 pt, the table in 8.5 pt, narrow page margins: the table's last rows on the
    # first page and its first lines on the second sit in the margin zones
    d = Doc(font="tiro", size=11, margin=34, leading=1.3)
    while d.y < 700:
        d.text(FILLER, gap_after=3)
    d.text("Mål 3: Fler barn och unga har en meningsfull fritid", size=12.5, gap_after=2)
    d.table([HEADER, *ROWS], [250, 100, 100], size=8.5, repeat_header=repeat_header)
    for _ in range(6):
        d.text(FILLER, gap_after=3)
    furnish(d, "Kultur- och fritidsnämnden, verksamhetsplan 2024")
    path = d.save(tmp_path / f"margins-{repeat_header}.pdf")
    with DocumentModel(str(path)) as doc:
        assert doc.page_count == 2
        # the layout is what the test is about: table text inside both margin zones
        firsts = {row[0].split()[0] for row in [HEADER, *ROWS]}
        assert any(w.y1 > 842 * 0.92 and w.text in firsts for w in doc.page(1).words)
        assert any(w.y1 < 842 * 0.08 and w.text in firsts for w in doc.page(2).words)
    return recognize_with(indicators.recognize, path, doc_type="verksamhetsplan", year=2024)


def values(r) -> set[tuple]:
    return value_facts(r)


def test_table_rows_in_both_margin_zones_are_read(tmp_path):
    r = typeset(tmp_path, repeat_header=False)
    got = values(r)
    for name, outcome, target in ROWS:
        num = float(outcome.replace(" ", ""))
        assert (name, "outcome", "2023", num) in got, name
        assert (name, "target", "2024", float(target.replace(" ", ""))) in got, name
    assert len(r.indicator_values) == 2 * len(ROWS)
    assert not any(
        "verksamhetsplan" in v.indicator_name or "Sida" in v.indicator_name for v in r.indicator_values
    )


def test_header_repeated_at_the_head_of_the_page_is_read(tmp_path):
    r = typeset(tmp_path, repeat_header=True)
    got = values(r)
    for name, outcome, target in ROWS:
        assert (name, "outcome", "2023", float(outcome.replace(" ", ""))) in got, name
        assert (name, "target", "2024", float(target.replace(" ", ""))) in got, name
    assert len(r.indicator_values) == 2 * len(ROWS)
