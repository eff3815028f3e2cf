"""Yearly goal assessments: Simrishamn's årsbokslut (raster icons, progress bars) read by hand, and
documents typeset here in other layouts: words in a wrapped column, coloured vector and raster
icons calibrated by a legend on an earlier page, icons kpi cannot map, a Status column of some
other table."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pymupdf
import pytest

from kpi.extractors import goal_assessments
from kpi.extractors.goal_assessments import phrase
from kpi.samples.typeset import Doc
from tests.conftest import recognize_with

ROOT = Path(__file__).resolve().parents[2]
SIMRISHAMN = ROOT / "samples" / "real" / "simrishamn-kfn-arsbokslut-2025.pdf"


def run(path: Path, **meta: object):
    return recognize_with(goal_assessments.recognize, path, **meta)


@pytest.fixture(scope="module")
def simrishamn():
    return run(SIMRISHAMN, doc_type="årsredovisning", year=2025, period="2025")


def test_simrishamn_page_32_by_hand(simrishamn) -> None:
    """PDF page 32: two nämndmål, each with a plain green circle; then four activities under them,
    each with a green circle holding a white check mark, and a progress bar (the last one's dark
    tail leaves about four fifths green)."""
    got = [
        (g.level, g.goal_text[:40], (g.parent_goal or "")[:30], g.assessment, g.assessment_raw, g.completion)
        for g in simrishamn.goal_assessments
        if g.page == 32
    ]
    goal, done = ("fulfilled", "green circle"), ("completed", "green circle with a mark")
    assert got == [
        ("nämndmål", "Söka och utveckla samverkansformer med r", "", *goal, None),
        ("nämndmål", "Kommunicera hållbarhet med kommunmedlemm", "", *goal, None),
        (
            "aktivitet",
            "Utveckla samverkan kring kommunens brott",
            "Söka och utveckla samverkansfo",
            *done,
            100.0,
        ),
        (
            "aktivitet",
            "Ökat samarbete kring museifrågor, kultur",
            "Söka och utveckla samverkansfo",
            *done,
            100.0,
        ),
        (
            "aktivitet",
            "Medborgarhörna: Undersöker kommunens beh",
            "Kommunicera hållbarhet med kom",
            *done,
            100.0,
        ),
        (
            "aktivitet",
            "Erbjuda föreläsning och utbildning för f",
            "Kommunicera hållbarhet med kom",
            *done,
            80.0,
        ),
    ]
    first = next(g for g in simrishamn.goal_assessments if g.page == 32)
    # the wrapped line is joined, the comment below ("Kommentar: ...") is not part of the goal
    assert (
        first.goal_text
        == "Söka och utveckla samverkansformer med relevanta offentliga aktörer och intressenter med samma mål."
    )
    assert first.period == "2025" and first.goal_number is None


def test_simrishamn_whole_document(simrishamn) -> None:
    """Pages 25–32: two verksamhetsmål and nine nämndmål (all green), 22 activities (all checked),
    four of them on pages 28 and 31, where the activity table goes on from the page before
    without its header; page 25's verksamhetsmål are read by hand; no running footer is taken
    for a row."""
    rows = simrishamn.goal_assessments
    assert Counter(g.level for g in rows) == {"verksamhetsmål": 2, "nämndmål": 9, "aktivitet": 22}
    assert {g.assessment for g in rows if g.level != "aktivitet"} == {"fulfilled"}
    assert {g.assessment for g in rows if g.level == "aktivitet"} == {"completed"}
    partly_done = sorted(g.completion or 0 for g in rows if g.level == "aktivitet" and g.completion != 100.0)
    assert partly_done == [80.0, 90.0, 90.0, 90.0]
    assert [g.goal_text[:45] for g in rows if g.page == 25] == [
        "Kommunen ska skapa förutsättningar för ett va",
        "Vid besparingar av budgetskäl ska kärnverksam",
        "Verka för kunskapsspridning och beteendeförän",
    ]
    assert simrishamn.extraction_issues == []


def test_simrishamn_page_31_goes_on_from_page_30(simrishamn) -> None:
    """PDF page 31 has no header: three activities, each with a checked green circle and a full
    bar; the first stands under page 30's category row, the other two under a new one."""
    got = [
        (g.goal_text[:30], (g.parent_goal or "")[:30], g.completion)
        for g in simrishamn.goal_assessments
        if g.page == 31
    ]
    assert got == [
        ("Möjliggöra och underlätta för ", "Motverka ofrivillig ensamhet o", 100.0),
        ("Projekt Livsviktig läsning: Un", "Skapa goda förutsättningar för", 100.0),
        ("Breddat programutbud för barn ", "Skapa goda förutsättningar för", 100.0),
    ]


def test_words_in_a_wrapped_column_and_an_activity_table(tmp_path: Path) -> None:
    d = Doc(font="tiro", size=9.5)
    d.text("Delårsrapport januari–augusti 2026", size=15, gap_after=6)
    d.table(
        [
            ["Mål", "Måluppfyllelse"],
            [
                "1.1 Invånarna ska uppleva att de får god service och ett gott bemötande i kontakten med kommunen.",
                "Uppfyllt",
            ],
            ["1.2 Andelen elever som når kunskapskraven ska öka.", "Delvis uppfyllt"],
            ["2 Sjukfrånvaron ska minska.", "Ej uppfyllt"],
        ],
        widths=[330, 62],
        ruled=True,
    )
    d.text("Uppföljning av uppdrag", size=12, gap_after=4)
    d.table(
        [
            ["Uppdrag", "Status", "Färdiggrad"],
            ["Ta fram en plan för kompetensförsörjning", "Genomförd", "100 %"],
            ["Utreda nya lokaler för fritidsgården", "Pågående", "40 %"],
            ["Införa digital signering", "Ej påbörjad", "0 %"],
        ],
        widths=[250, 90, 70],
    )
    r = run(d.save(tmp_path / "words.pdf"), doc_type="delårsrapport", year=2026, period="2026-01/2026-08")
    got = [
        (g.level, g.goal_number, g.goal_text, g.assessment, g.assessment_raw, g.completion)
        for g in r.goal_assessments
    ]
    assert got == [
        (
            "mål",
            "1.1",
            "Invånarna ska uppleva att de får god service och ett gott bemötande i kontakten med kommunen.",
            "fulfilled",
            "Uppfyllt",
            None,
        ),
        (
            "mål",
            "1.2",
            "Andelen elever som når kunskapskraven ska öka.",
            "partly_fulfilled",
            "Delvis uppfyllt",
            None,
        ),
        ("mål", "2", "Sjukfrånvaron ska minska.", "not_fulfilled", "Ej uppfyllt", None),
        ("uppdrag", None, "Ta fram en plan för kompetensförsörjning", "completed", "Genomförd", 100.0),
        ("uppdrag", None, "Utreda nya lokaler för fritidsgården", "in_progress", "Pågående", 40.0),
        ("uppdrag", None, "Införa digital signering", "not_started", "Ej påbörjad", 0.0),
    ]
    assert {g.period for g in r.goal_assessments} == {"2026-01/2026-08"}
    assert r.extraction_issues == []


def _raster_dot(rgb: tuple[float, float, float], px: int = 24) -> pymupdf.Pixmap:
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, px, px), 1)
    pix.clear_with(0)  # transparent
    c = (px - 1) / 2
    colour = tuple(round(v * 255) for v in rgb)
    for y in range(px):
        for x in range(px):
            if (x - c) ** 2 + (y - c) ** 2 <= (px / 2 - 1) ** 2:
                pix.set_pixel(x, y, (*colour, 255))
    return pix


def _icon(d: Doc, kind: str, x: float, y: float, rgb: tuple[float, float, float]) -> None:
    """An icon of size 10 centred at (x, y): a vector square or diamond, or a raster dot."""
    r = 5.0
    if kind == "square":
        d.page.draw_rect((x - r, y - r, x + r, y + r), color=None, fill=rgb)
    elif kind == "diamond":
        pts = [(x, y - r), (x + r, y), (x, y + r), (x - r, y), (x, y - r)]
        d.page.draw_polyline(pts, color=None, fill=rgb, closePath=True)
    else:
        d.page.insert_image(pymupdf.Rect(x - r, y - r, x + r, y + r), pixmap=_raster_dot(rgb))


# colours the hue bands would read otherwise (blue is no light; orange would pass for red)
BLUE, ORANGE, PURPLE = (0.1, 0.35, 0.8), (0.95, 0.35, 0.05), (0.5, 0.1, 0.55)


def _icon_table(d: Doc, kind: str, goals: list[tuple[str, tuple[float, float, float]]]) -> None:
    x_text, x_icon = d.margin, 470.0
    d.y += 16
    d.put(x_text, d.y, "Verksamhetsmål", size=10, font="hebo")
    d.put(x_icon - 20, d.y, "Bedömning", size=10, font="hebo")
    for text, rgb in goals:
        d.y += 8
        first = True
        for part in text.split(" | "):
            d.y += 12.5
            d.put(x_text, d.y, part, size=10)
            if first:
                _icon(d, kind, x_icon, d.y - 3.5, rgb)
                first = False
        d.y += 14
        d.put(x_text, d.y, "Kommentar:", size=10, font="hebo")
        d.y += 12.5
        d.put(
            x_text, d.y, "Arbetet har fortsatt enligt plan under året och följs upp i nästa rapport.", size=10
        )


@pytest.mark.parametrize("kind", ["square", "diamond", "raster"])
def test_icons_calibrated_by_a_legend_on_an_earlier_page(tmp_path: Path, kind: str) -> None:
    d = Doc(size=10)
    d.text("Verksamhetsberättelse 2025", size=16, gap_after=8)
    d.text("Teckenförklaring", size=10, font="hebo", gap_after=4)
    d.y += 12
    x = d.margin
    for word, rgb in (
        ("Målet är uppfyllt", BLUE),
        ("Målet är delvis uppfyllt", ORANGE),
        ("Målet är inte uppfyllt", PURPLE),
    ):
        _icon(d, kind, x + 5, d.y - 3.5, rgb)
        d.put(x + 14, d.y, word)
        x += 14 + d.width(word) + 30
    d.new_page()
    _icon_table(
        d,
        kind,
        [
            ("Fler invånare ska ha ett arbete att gå till och kunna försörja | sig själva.", BLUE),
            ("Barn och unga ska ha en trygg uppväxt.", ORANGE),
            (
                "Kommunens klimatutsläpp ska minska med fem procent per år | jämfört med basåret och redovisas | varje år.",
                PURPLE,
            ),
        ],
    )
    r = run(d.save(tmp_path / "icons.pdf"), doc_type="verksamhetsberättelse", year=2025, period="2025")
    got = [(g.page, g.level, g.goal_text, g.assessment) for g in r.goal_assessments]
    assert got == [
        (
            2,
            "verksamhetsmål",
            "Fler invånare ska ha ett arbete att gå till och kunna försörja sig själva.",
            "fulfilled",
        ),
        (2, "verksamhetsmål", "Barn och unga ska ha en trygg uppväxt.", "partly_fulfilled"),
        (
            2,
            "verksamhetsmål",
            "Kommunens klimatutsläpp ska minska med fem procent per år jämfört med basåret och redovisas varje år.",
            "not_fulfilled",
        ),
    ]
    assert [g.assessment_raw.split()[0] for g in r.goal_assessments] == ["blue", "red", "purple"]
    assert r.extraction_issues == []


def test_icons_kpi_cannot_map_keep_their_rows_and_raise_issues(tmp_path: Path) -> None:
    d = Doc(size=10)
    grey, blue = (0.55, 0.55, 0.55), (0.1, 0.35, 0.8)
    _icon_table(d, "square", [("Ekonomin ska vara i balans.", grey), ("Medarbetarna ska vara friska.", blue)])
    r = run(d.save(tmp_path / "grey.pdf"), year=2025, period="2025")
    assert [(g.goal_text, g.assessment, g.assessment_raw) for g in r.goal_assessments] == [
        ("Ekonomin ska vara i balans.", None, "grey square"),
        ("Medarbetarna ska vara friska.", None, "blue square"),
    ]
    issues = [(i.code, i.page, i.bbox) for i in r.extraction_issues]
    assert issues == [("unmapped_assessment", 1, g.bbox) for g in r.goal_assessments]


def test_a_status_column_of_another_table_is_no_assessment(tmp_path: Path) -> None:
    d = Doc(size=10)
    d.table(
        [
            ["Ärende", "Status"],
            ["Detaljplan för Norra hamnen", "Remiss"],
            ["Ny förskola i Väster", "Beslutad"],
        ],
        widths=[300, 100],
    )
    r = run(d.save(tmp_path / "other.pdf"), year=2025)
    assert r.goal_assessments == [] and r.extraction_issues == []


@pytest.mark.parametrize(
    "text, meaning",
    [
        ("Uppfyllt", "fulfilled"),
        ("Delvis uppnått", "partly_fulfilled"),
        ("Inte uppnått", "not_fulfilled"),
        ("Målet är delvis uppfyllt", "partly_fulfilled"),
        ("Ej bedömt", "not_assessed"),
        ("Avslutad", "completed"),
        ("Påbörjad", "in_progress"),
        ("Ej påbörjad", "not_started"),
        ("Uppfyllt – målet nås", "fulfilled"),
        ("Måluppfyllelse", None),
        ("Remiss", None),
    ],
)
def test_assessment_words(text: str, meaning: str | None) -> None:
    assert phrase(text) == meaning


def _glyph_font(d: Doc) -> str:
    """A font that has the icon glyphs, from PyMuPDF's own (no system font needed)."""
    d.page.insert_font(fontname="icons", fontbuffer=pymupdf.Font("cjk").buffer)
    return "icons"


def test_icons_set_in_type_by_colour_and_shape(tmp_path: Path) -> None:
    """Circles set as characters in the text colour; a black half circle says its meaning by shape."""
    d = Doc(font="cour", size=9)
    font = _glyph_font(d)
    d.put(d.margin, 90, "Nämndmål", font="cobo")
    d.put(d.margin + 300, 90, "Måluppfyllelse", font="cobo")
    goals = [
        ("3.1 Fler ska cykla till skolan.", (0.0, 0.6, 0.2), "●"),
        ("3.2 Biblioteken ska ha längre öppettider.", (0.95, 0.75, 0.0), "●"),
        ("3.3 Kön till förskolan ska vara kort.", (0.85, 0.05, 0.05), "●"),
        ("3.4 Fler ska delta i föreningslivet.", (0.0, 0.0, 0.0), "◐"),
    ]
    for n, (text, rgb, glyph) in enumerate(goals):
        y = 112 + 20 * n
        d.put(d.margin, y, text)
        d.page.insert_text((d.margin + 330, y), glyph, fontsize=10, fontname=font, color=rgb)
    r = run(d.save(tmp_path / "glyphs.pdf"), year=2025, period="2025")
    got = [(g.goal_number, g.goal_text, g.assessment, g.assessment_raw) for g in r.goal_assessments]
    assert got == [
        ("3.1", "Fler ska cykla till skolan.", "fulfilled", "green circle"),
        ("3.2", "Biblioteken ska ha längre öppettider.", "partly_fulfilled", "yellow circle"),
        ("3.3", "Kön till förskolan ska vara kort.", "not_fulfilled", "red circle"),
        ("3.4", "Fler ska delta i föreningslivet.", "partly_fulfilled", "black half circle"),
    ]


def test_a_table_a_page_break_left_open_goes_on_without_its_header(tmp_path: Path) -> None:
    """Activities with square icons; the table goes on overleaf with no header, its category row
    (the goal the activities serve) carried over; the prose after the table is no row."""
    d = Doc(size=10)
    green, amber = (0.2, 0.7, 0.3), (1.0, 0.8, 0.1)
    d.y = 640
    d.put(d.margin, d.y, "Aktivitet", font="hebo")
    d.put(400, d.y, "Status", font="hebo")
    d.y += 18
    d.put(d.margin, d.y, "Trygg och säker uppväxt", font="hebo")
    for text, rgb in (
        ("Starta fler fritidsgårdar i ytterområdena.", green),
        ("Anställ fler fältassistenter.", amber),
    ):
        d.y += 18
        d.put(d.margin, d.y, text)
        _icon(d, "square", 410, d.y - 3.5, rgb)
    d.new_page()
    d.y = 80
    for text, rgb in (("Utbilda personalen i våldsprevention.", amber), ("Öppna ett familjecentrum.", green)):
        d.put(d.margin, d.y, text)
        _icon(d, "square", 410, d.y - 3.5, rgb)
        d.y += 18
    d.y += 20
    d.text("Nämnden bedömer att arbetet under året har gått enligt plan och att målen i stort nås.")
    r = run(d.save(tmp_path / "overleaf.pdf"), year=2025, period="2025")
    got = [(g.page, g.goal_text, g.parent_goal, g.assessment) for g in r.goal_assessments]
    assert got == [
        (1, "Starta fler fritidsgårdar i ytterområdena.", "Trygg och säker uppväxt", "completed"),
        (1, "Anställ fler fältassistenter.", "Trygg och säker uppväxt", "in_progress"),
        (2, "Utbilda personalen i våldsprevention.", "Trygg och säker uppväxt", "in_progress"),
        (2, "Öppna ett familjecentrum.", "Trygg och säker uppväxt", "completed"),
    ]
    assert r.extraction_issues == []


def test_a_page_of_more_icons_than_any_table_holds_is_capped(tmp_path: Path, monkeypatch) -> None:
    """Rendering every icon of a hostile page would take minutes: past the cap the page's icons
    are left unread, and an issue says so."""
    from kpi.extractors import icons

    monkeypatch.setattr(icons, "MAX_ICONS_PER_PAGE", 2)
    d = Doc(size=10)
    green = (0.1, 0.6, 0.2)
    _icon_table(d, "square", [(f"Mål nummer {n} ska nås.", green) for n in range(4)])
    r = run(d.save(tmp_path / "many.pdf"), year=2025, period="2025")
    assert len(r.goal_assessments) <= 2
    assert any(
        i.code == "unmapped_assessment" and "icons on the page" in i.message for i in r.extraction_issues
    )
