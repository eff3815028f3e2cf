"""A list item whose line breaks right after a value label ("… Målnivå:"), so that the next line
starts with the value and a full stop ("1. Utfall 2023: 0") and looks like a numbered item.
Typeset here in its own font, size, marker and wording; a true numbered list after a label-less
line must still start its items."""

from __future__ import annotations

from kpi.extractors import indicators
from kpi.extractors.indicators.blocks import build_blocks
from kpi.extractors.layout import DocumentModel
from kpi.extractors.tables.flow import build_flow
from kpi.samples.typeset import Doc
from tests.conftest import recognize_with, value_facts


def typeset(tmp_path):
    d = Doc(font="cour", size=9, margin=70, leading=1.5)
    d.text("Mål 2: Fler invånare rör sig i vardagen", size=12, gap_after=4)
    d.text("Målet följs upp med följande nyckeltal:", gap_after=2)
    lh = d.size * d.leading
    x_mark, x_text = d.margin + 4, d.margin + 20
    items = [
        ["Samverkansavtal med idrottsföreningarna finns (Ja=1, Nej=0). Målnivå:", "1. Utfall 2023: 0"],
        ["Öppettimmar i simhallen per vecka. Målnivå:", "62. Utfall 2023: 58"],
        ["Andel nöjda besökare i spåranläggningarna. Målnivå: 85 %.", "Utfall 2023: 81 %"],
    ]
    for lines in items:
        d.y += lh
        d.put(x_mark, d.y, "–")
        d.put(x_text, d.y, lines[0])
        for more in lines[1:]:
            d.y += lh
            d.put(x_text, d.y, more)
        d.y += 3
    d.text("Nämnden prioriterar under året:", gap_after=2)
    for n, item in enumerate(
        ["Fler spontanidrottsplatser i ytterområdena", "Bättre belysning i motionsspåren"], 1
    ):
        d.y += lh
        d.put(d.margin, d.y, f"{n}.")
        d.put(x_text, d.y, item)
    return d.save(tmp_path / "labels.pdf")


def test_value_after_a_label_at_the_line_end_is_not_an_item_number(tmp_path):
    path = typeset(tmp_path)
    r = recognize_with(indicators.recognize, path, doc_type="verksamhetsplan", year=2024)
    got = value_facts(r)
    assert ("Samverkansavtal med idrottsföreningarna finns (Ja=1, Nej=0)", "target", "2024", 1.0) in got
    assert ("Samverkansavtal med idrottsföreningarna finns (Ja=1, Nej=0)", "outcome", "2023", 0.0) in got
    assert ("Öppettimmar i simhallen per vecka", "target", "2024", 62.0) in got
    assert ("Öppettimmar i simhallen per vecka", "outcome", "2023", 58.0) in got
    assert ("Andel nöjda besökare i spåranläggningarna", "outcome", "2023", 81.0) in got
    assert not any(v.indicator_name.startswith("Utfall") for v in r.indicator_values)
    assert len(r.indicator_values) == 6


def test_true_numbered_items_still_start_blocks(tmp_path):
    path = typeset(tmp_path)
    with DocumentModel(str(path)) as doc:
        blocks = build_blocks(build_flow(doc), set())
    numbered = [b for b in blocks if b.kind == "numbered"]
    assert [b.number for b in numbered] == [1, 2]
    assert numbered[0].text == "Fler spontanidrottsplatser i ytterområdena"
