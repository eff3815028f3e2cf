"""Goal lights typeset here: other colours, sizes and shapes, with and without a legend, trend
arrows at any angle, goals whose heading is on an earlier page, full month names."""

from __future__ import annotations

import math

import pytest

from kpi.extractors import status_lights
from kpi.extractors.layout import DocumentModel
from kpi.extractors.records import DocumentMeta, ExtractionResult
from kpi.extractors.status_lights import arrow_direction, hue_status
from kpi.samples.typeset import Doc
from tests.conftest import recognize_with

MONTHS_SHORT = ["Jan", "Feb", "Mars", "April", "Maj", "Juni", "Juli", "Aug", "Sep", "Okt", "Nov", "Dec"]
MONTHS_LONG = [
    "Januari",
    "Februari",
    "Mars",
    "April",
    "Maj",
    "Juni",
    "Juli",
    "Augusti",
    "September",
    "Oktober",
    "November",
    "December",
]
PALETTES = {
    "office": {"green": (0.0, 0.6, 0.0), "yellow": (1.0, 0.85, 0.0), "red": (0.85, 0.0, 0.0)},
    "muted": {"green": (0.25, 0.65, 0.45), "yellow": (0.95, 0.6, 0.1), "red": (0.7, 0.1, 0.25)},
    "bright": {"green": (0.55, 0.85, 0.2), "yellow": (1.0, 0.95, 0.4), "red": (1.0, 0.3, 0.2)},
}


def mark(d: Doc, shape: str, x: float, y: float, size: float, fill) -> None:
    r = size / 2
    if shape == "circle":
        d.circle(x, y, r, fill)
    elif shape == "square":
        d.page.draw_rect((x - r, y - r, x + r, y + r), color=None, fill=fill)
    else:  # diamond
        d.page.draw_polyline(
            [(x, y - r), (x + r, y), (x, y + r), (x - r, y), (x, y - r)],
            color=None,
            fill=fill,
            closePath=True,
        )


def arrow(d: Doc, x: float, y: float, angle_deg: float, length: float, fill) -> None:
    """A filled block arrow pointing at ``angle_deg`` (0 = right, 90 = up)."""
    a = math.radians(angle_deg)
    ux, uy = math.cos(a), -math.sin(a)
    px, py = -uy, ux
    h, w, hw = length / 2, length * 0.15, length * 0.35
    local = [(-h, -w), (h * 0.2, -w), (h * 0.2, -hw), (h, 0), (h * 0.2, hw), (h * 0.2, w), (-h, w)]
    pts = [(x + lx * ux + ly * px, y + lx * uy + ly * py) for lx, ly in local]
    d.page.draw_polyline([*pts, pts[0]], color=None, fill=fill, closePath=True)


def lights_row(
    d: Doc,
    statuses: list[str],
    palette: dict,
    shape: str,
    size: float,
    trend_angle: float | None,
    months=MONTHS_SHORT,
    trend_fill=(0.3, 0.3, 0.3),
) -> None:
    d.text("Måluppfyllelse per månad", size=10, font="hebo", gap_after=4)
    y = d.y + 14
    step = 34
    for i, m in enumerate(months):
        d.put(d.margin + i * step + step / 2 - d.width(m, 8) / 2, y, m, size=8)
    d.put(d.margin + 12 * step + 6, y, "Trend", size=8)
    for i, s in enumerate(statuses):
        mark(d, shape, d.margin + i * step + step / 2, y + 12, size, palette[s])
    if trend_angle is not None:
        arrow(d, d.margin + 12 * step + 16, y + 12, trend_angle, 11, trend_fill)
    d.y = y + 24


def run(path, **meta) -> ExtractionResult:
    return recognize_with(status_lights.recognize, path, **meta)


@pytest.mark.parametrize("palette", sorted(PALETTES))
@pytest.mark.parametrize("shape,size", [("circle", 5), ("square", 9), ("diamond", 14)])
def test_colours_shapes_and_sizes(tmp_path, palette, shape, size):
    d = Doc(font="tiro", size=10)
    d.text("Månadsrapport juni 2025", size=16)
    d.text("2. Trygg och säker uppväxt", size=12, font="hebo")
    d.text("Barn och unga ska ha goda uppväxtvillkor i hela kommunen.")
    want = ["green", "yellow", "red", "red", "yellow", "green"]
    lights_row(d, want, PALETTES[palette], shape, size, trend_angle=90)
    r = run(d.save(tmp_path / "l.pdf"), doc_type="månadsrapport", year=2025, period="2025-06")
    got = [(g.goal_number, g.goal_title, g.month, g.status, g.trend) for g in r.goal_status]
    assert got == [
        ("2", "Trygg och säker uppväxt", f"2025-{m:02d}", s, "positive" if m == 6 else None)
        for m, s in enumerate(want, start=1)
    ]


@pytest.mark.parametrize(
    "angle,trend",
    [
        (0, "stable"),
        (180, "stable"),
        (45, "positive"),
        (90, "positive"),
        (-40, "negative"),
        (-90, "negative"),
        (10, "stable"),
        (-135, "negative"),
    ],
)
def test_trend_arrow_direction(tmp_path, angle, trend):
    d = Doc(size=10)
    d.text("1. Hållbar ekonomi", size=12, font="hebo")
    lights_row(d, ["green", "green"], PALETTES["office"], "circle", 8, trend_angle=angle, months=MONTHS_LONG)
    r = run(d.save(tmp_path / "a.pdf"), doc_type="månadsrapport", year=2026, period="2026-02")
    assert [(g.month, g.trend) for g in r.goal_status] == [("2026-01", None), ("2026-02", trend)]


def test_legend_calibrates_colours_and_goal_heading_on_earlier_page(tmp_path):
    # an orange the hue bands would call red is "Gul" in this document's legend
    orange, dark_red, teal = (0.95, 0.35, 0.05), (0.55, 0.0, 0.05), (0.0, 0.55, 0.5)
    palette = {"green": teal, "yellow": orange, "red": dark_red}
    d = Doc(size=10)
    for word, colour in (
        ("Grön: målet nås", teal),
        ("Gul: målet riskerar att inte nås", orange),
        ("Röd: målet nås inte", dark_red),
    ):
        d.y += 14
        d.circle(d.margin + 4, d.y - 3, 4, colour)
        d.put(d.margin + 14, d.y, word)
    d.new_page()
    d.text("3 Nöjda invånare i alla delar av kommunen", size=12, font="hebo")
    for _ in range(40):
        d.text("Verksamheten har arbetat vidare med de planerade aktiviteterna under perioden.")
    d.new_page()
    lights_row(d, ["yellow", "red", "green"], palette, "square", 8, trend_angle=None)
    r = run(d.save(tmp_path / "legend.pdf"), doc_type="månadsrapport", year=2025, period="2025-03")
    assert [(g.goal_number, g.month, g.status, g.page) for g in r.goal_status] == [
        ("3", "2025-01", "yellow", 3),
        ("3", "2025-02", "red", 3),
        ("3", "2025-03", "green", 3),
    ]
    assert hue_status(orange) == "red"  # what the legend corrected


@pytest.mark.parametrize(
    "rgb,status",
    [
        ((0.18, 0.62, 0.27), "green"),
        ((0.96, 0.77, 0.0), "yellow"),
        ((0.84, 0.18, 0.18), "red"),
        ((0.5, 0.5, 0.5), None),
        ((0.0, 0.3, 0.9), None),
        ((0.87, 0.9, 0.93), None),
        ((1.0, 0.55, 0.0), "yellow"),
        ((0.05, 0.05, 0.05), None),
    ],
)
def test_hue_status(rgb, status):
    assert hue_status(rgb) == status


def test_round_marks_have_no_direction():
    circle = [
        (10 + 5 * math.cos(t / 8 * 2 * math.pi), 10 + 5 * math.sin(t / 8 * 2 * math.pi)) for t in range(8)
    ]
    assert arrow_direction(circle) is None
    assert arrow_direction([(0, 0), (4, 0), (4, 4), (0, 4)]) is None


def test_page_without_month_row_reads_no_drawings(tmp_path):
    d = Doc(size=10)
    d.text("1. Ett mål utan ljus")
    d.circle(100, 200, 5, (0.0, 0.6, 0.0))
    path = d.save(tmp_path / "none.pdf")
    with DocumentModel(str(path)) as doc:
        r = ExtractionResult("t", str(path))
        r.meta = DocumentMeta(year=2025)
        status_lights.recognize(doc, r)
        assert r.goal_status == []
        assert "drawings" not in doc.page(1).__dict__  # the slow vector pass never ran


@pytest.mark.parametrize("sub_size", [9.5, 12])
def test_goal_title_wraps_but_a_heading_right_below_is_not_part_of_it(tmp_path, sub_size):
    # a long goal title wraps onto a second line of the same type; a short one is followed at
    # once by a bold subheading (smaller, or the same size after a line with room to spare)
    d = Doc(font="cour", size=9)
    d.text("Månadsrapport oktober 2024", size=15)
    long = (
        "1. Alla invånare ska kunna lita på att kommunen ger service av god kvalitet och med korta "
        "handläggningstider"
    )
    d.text(long, size=12, font="cobo")
    lights_row(d, ["green"] * 10, PALETTES["muted"], "circle", 7, trend_angle=None)
    d.text("2. Attraktiv arbetsgivare", size=12, font="cobo", gap_after=1)
    d.text("Händelser under perioden", size=sub_size, font="cobo")
    d.text("Personalomsättningen har minskat.")
    lights_row(d, ["yellow"] * 10, PALETTES["muted"], "circle", 7, trend_angle=None)
    r = run(d.save(tmp_path / "w.pdf"), doc_type="månadsrapport", year=2024, period="2024-10")
    titles = {g.goal_number: g.goal_title for g in r.goal_status}
    assert titles == {
        "1": "Alla invånare ska kunna lita på att kommunen ger service av god kvalitet och med korta "
        "handläggningstider",
        "2": "Attraktiv arbetsgivare",
    }
