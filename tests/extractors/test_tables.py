"""Table reconstruction on tables typeset here: borderless and ruled, three fonts, a page break,
U+2212 minus, NBSP and U+202F thousands separators, wrapped labels and broken headers."""

from __future__ import annotations

import pytest
from test_tables_fonts import UnicodeDoc, font_for

from kpi.extractors.layout import DocumentModel
from kpi.extractors.normalize.numbers import parse_amount
from kpi.extractors.tables.headers import join_fragments
from kpi.extractors.tables.pages import join_continuations
from kpi.extractors.tables.reader import tables_on_page
from kpi.samples.typeset import Doc

ROWS = [
    ("Förvaltningsgemensamt", 1841, -76520),
    ("Öppna insatser för barn och unga i hemkommunen", 4315, -18506),
    ("Ekonomiskt bistånd", 0, -24167),
]


def fmt(v: int, sep: str, minus: str) -> str:
    s = f"{abs(v):,}".replace(",", sep)
    return f"{minus}{s}" if v < 0 else s


def _tables(path, known=lambda s: False):
    doc = DocumentModel(str(path))
    pages = {n: doc.page(n) for n in range(1, doc.page_count + 1)}
    found = [t for p in pages.values() for t in tables_on_page(p, known=known)]
    return join_continuations(found, pages), doc


CASES = [
    ("helv", " ", "-"),
    ("tiro", " ", "-"),
    ("cour", " ", "-"),
    ("unicode", "\u00a0", "\u2212"),
    ("unicode", "\u202f", "\u2212"),
    ("unicode", "\u00a0", "-"),
]


@pytest.mark.parametrize("ruled", [False, True])
@pytest.mark.parametrize("font,sep,minus", CASES)
def test_columns_rows_and_values(tmp_path, font, ruled, sep, minus):
    # base-14 fonts carry ASCII only; the special characters need an embedded Unicode font
    d = UnicodeDoc(font_for(sep + minus), size=9) if font == "unicode" else Doc(font=font, size=9)
    d.text("Tabell 3. Drift per verksamhet", size=11)
    rows = [["Verksamhet tkr", "Intäkter 2025", "Kostnader 2025"]]
    rows += [[label, fmt(a, sep, minus), fmt(b, sep, minus)] for label, a, b in ROWS]
    d.table(rows, [190, 110, 110], ruled=ruled)
    d.text("Kommentar: kostnaderna ökar jämfört med föregående år på grund av fler placeringar.")
    tables, _ = _tables(d.save(tmp_path / "t.pdf"))
    assert len(tables) == 1
    t = tables[0]
    assert [c.header for c in t.columns] == ["Intäkter 2025", "Kostnader 2025"]
    assert "tkr" in t.stub
    assert [r.label for r in t.rows] == [label for label, _, _ in ROWS]
    got = [[parse_amount(r.cells[k].text).value for k in (0, 1)] for r in t.rows]
    assert got == [[a, b] for _, a, b in ROWS]
    assert any("Tabell 3" in c for c in t.caption)


@pytest.mark.parametrize("repeat_header", [True, False])
@pytest.mark.parametrize("ruled", [False, True])
def test_table_split_by_page_break_is_joined(tmp_path, repeat_header, ruled):
    d = Doc(size=9)
    d.text("Driftredovisning", size=12)
    d.y = d.bottom - 120  # the table starts near the foot of page 1
    rows = [["Verksamhet (tkr)", "Utfall 2025", "Budget 2025"]]
    rows += [
        [f"Verksamhet nummer {i}", fmt(-1000 - i, " ", "-"), fmt(-1100 - i, " ", "-")] for i in range(14)
    ]
    d.table(rows, [200, 100, 100], ruled=ruled, repeat_header=repeat_header)
    tables, doc = _tables(d.save(tmp_path / "split.pdf"))
    assert doc.page_count == 2
    assert len(tables) == 1
    t = tables[0]
    assert t.pages == [1, 2]
    assert [r.label for r in t.rows] == [f"Verksamhet nummer {i}" for i in range(14)]
    assert all(len(r.cells) == 2 for r in t.rows)
    assert {r.page for r in t.rows} == {1, 2}


def test_spanning_header_and_wrapped_stub(tmp_path):
    d = Doc(size=9)
    x = d.margin
    d.put(x, 100, "Driftbudget", size=12)
    d.put(x, 130, "Verksamhet")
    d.put(x + 280, 130, "Budget 2026")
    for i, h in enumerate(["Intäkter", "Kostnader", "Nettokostnad"]):
        d.put(x + 200 + i * 90, 142, h)
    for j, (label, *vals) in enumerate(
        [("Boende", "1 200", "-9 800", "-8 600"), ("Stöd", "300", "-2 000", "-1 700")]
    ):
        d.put(x, 160 + j * 13, label)
        for i, v in enumerate(vals):
            d.put(x + 250 + i * 90 - d.width(v), 160 + j * 13, v)
    tables, _ = _tables(d.save(tmp_path / "span.pdf"))
    t = tables[0]
    assert [c.header for c in t.columns] == ["Intäkter", "Kostnader", "Nettokostnad"]
    assert all(c.spans == ["Budget 2026"] for c in t.columns)


def test_header_broken_mid_word_is_mended(tmp_path):
    d = Doc(size=9)
    x = d.margin
    d.put(x + 150, 120, "Avvik")
    d.put(x + 150, 131, "else")
    d.put(x + 230, 120, "Budget-")
    d.put(x + 230, 131, "avvikelse")
    d.put(x, 131, "Belopp i mnkr")
    for j, (a, b) in enumerate([("-2,1", "7,0"), ("21,6", "1,9")]):
        d.put(x, 150 + j * 13, f"Rad {j + 1}")
        d.put(x + 175 - d.width(a), 150 + j * 13, a)
        d.put(x + 270 - d.width(b), 150 + j * 13, b)
    known = {"avvikelse", "budgetavvikelse"}.__contains__
    tables, _ = _tables(d.save(tmp_path / "broken.pdf"), known=known)
    assert [c.header for c in tables[0].columns] == ["Avvikelse", "Budgetavvikelse"]


@pytest.mark.parametrize(
    "parts,expected",
    [
        (["Avvik", "else"], "Avvikelse"),
        (["Budgetav", "vikelse"], "Budgetavvikelse"),
        (["Prognos-", "avvikelse"], "Prognosavvikelse"),
        (["Utfall", "fg år"], "Utfall fg år"),
        (["Barn- och", "ungdom"], "Barn- och ungdom"),
        (["Jan 24 -", "Mars 24"], "Jan 24 - Mars 24"),
    ],
)
def test_join_fragments(parts, expected):
    known = {"avvikelse", "budgetavvikelse"}.__contains__
    assert join_fragments(parts, lambda s: known(s.lower())) == expected


def test_numbers_side_by_side_are_separate_cells(tmp_path):
    d = Doc(size=9)
    x = d.margin
    d.put(x + 150, 100, "Utfall")
    d.put(x + 200, 100, "Avvikelse")
    d.put(x, 115, "Vård och vuxna")
    # two numbers set so close that only the number grammar separates them
    d.put(x + 150, 115, "3 678 -1 617")
    tables, _ = _tables(d.save(tmp_path / "tight.pdf"))
    cells = [c.text for c in tables[0].rows[0].cells.values()]
    assert cells == ["3 678", "-1 617"]


def test_label_only_category_rows_and_children(tmp_path):
    d = Doc(size=9)
    rows = [
        ["Tjänster", "Utfall", "Budget"],
        ["Gemensamma tjänster", "", ""],
        ["- Ekonomi", "20,5", "-20,7"],
        ["- HR", "35,8", "-36,2"],
        ["Digital infrastruktur", "210,1", "-205,5"],
    ]
    d.table(rows, [200, 90, 90], ruled=True)
    tables, _ = _tables(d.save(tmp_path / "cat.pdf"))
    t = tables[0]
    assert [(r.label, r.level, len(r.cells)) for r in t.rows] == [
        ("Gemensamma tjänster", 0, 0),
        ("- Ekonomi", 1, 2),
        ("- HR", 1, 2),
        ("Digital infrastruktur", 0, 2),
    ]
