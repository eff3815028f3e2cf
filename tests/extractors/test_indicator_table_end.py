"""Running text right below a borderless indicator table, at the table's left edge, whose short
line reaches into the first value column but not the last: it ends the table instead of becoming
a row (name and a "value" cut out of the sentence) and gluing the rows above together.  Typeset
here in its own font, sizes and wording; a lower-case text value in its own column still reads."""

from __future__ import annotations

from kpi.extractors import indicators
from kpi.samples.typeset import Doc
from tests.conftest import recognize_with, value_facts

ROWS = [
    ["Besökare i konsthallen", "14 200", "15 000"],
    ["Utlån per invånare", "6,1", "6,5"],
    ["Andel barn som deltar i lovaktiviteter", "ej mätt", "40 %"],
]


def typeset(tmp_path):
    d = Doc(font="helv", size=9.5, margin=60, leading=1.4)
    d.text("Mål 4: Kulturlivet når fler invånare", size=13, gap_after=4)
    d.text("Nämnden följer målet med tre nyckeltal. Utfallet redovisas i delårsrapporten.", gap_after=4)
    d.table([["Nyckeltal", "Utfall 2023", "Mål 2024"], *ROWS], [240, 110, 110], repeat_header=False)
    d.y -= 6  # the text follows at a paragraph's distance, not a table's break
    lh = d.size * d.leading
    first = "Besöken har ökat sedan konsthallen fick nya och längre öppettider i höst och"
    assert 250 < d.width(first) < 340  # from the name column into the first value column only
    for line in [first, "arbetet med att nå fler unga besökare fortsätter under året."]:
        d.y += lh
        d.put(d.margin, d.y, line)
    d.text("Riskerna följs upp i månadsrapporterna.", gap_after=2)
    return d.save(tmp_path / "table-end.pdf")


def test_sentence_below_the_table_ends_it(tmp_path):
    path = typeset(tmp_path)
    r = recognize_with(indicators.recognize, path, doc_type="verksamhetsplan", year=2024)
    got = value_facts(r)
    assert ("Besökare i konsthallen", "outcome", "2023", 14200.0) in got
    assert ("Besökare i konsthallen", "target", "2024", 15000.0) in got
    assert ("Utlån per invånare", "outcome", "2023", 6.1) in got
    assert ("Utlån per invånare", "target", "2024", 6.5) in got
    assert ("Andel barn som deltar i lovaktiviteter", "target", "2024", 40.0) in got
    texts = {(v.indicator_name, v.value_raw) for v in r.indicator_values if v.value_num is None}
    assert texts == {("Andel barn som deltar i lovaktiviteter", "ej mätt")}
    assert len(r.indicator_values) == 6
