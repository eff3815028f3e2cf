"""The QA report in a real headless Chromium: open it, click into a document, see the value's box.

Needs the system's Chromium (Debian package ``chromium``; ``.ci/run`` installs it) and the
Playwright Python package; skips with the reason when either is missing.  Set
``KPI_SCREENSHOT_DIR`` to keep the screenshots.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from pixels import highlight_box
from report_fixture import Built, box_of, words_box

from kpi.pipeline.report.build import build_report, doc_page

pytestmark = pytest.mark.browser

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
"""Flags for a sandboxed CI container: no GPU, no network chatter, no first-run dialogs."""

HIGHLIGHT_TOLERANCE_PX = 3.0
"""The highlight on screen may be off the value's scaled box by this many CSS pixels."""


def chromium() -> str:
    exe = os.environ.get("KPI_CHROMIUM") or next(filter(None, map(shutil.which, CHROMIUM_CANDIDATES)), None)
    if not exe:
        pytest.skip(
            "no Chromium installed (apt-get install chromium, or set KPI_CHROMIUM to a Chrome binary)"
        )
    return exe


@pytest.fixture(scope="module")
def browser():
    exe = chromium()
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="the playwright Python package is not installed"
    )
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def test_open_report_click_into_document_and_see_the_value_highlighted(
    browser, built: Built, tmp_path: Path
) -> None:
    out = tmp_path / "report"
    build_report(built.db, out, pdf_roots=[built.pdf_dir])
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(30_000)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))

    page.goto((out / "index.html").as_uri())
    assert page.title() == "kpi QA report"
    assert page.locator("table.docs tbody tr").count() == 4
    shots = Path(os.environ.get("KPI_SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "report-index.png"))

    page.get_by_role("link", name="Nämndplan 2031").click()
    page.wait_for_load_state("load")
    assert page.url.endswith(doc_page(built.plan.doc_id))
    assert page.locator("h1").inner_text() == "Nämndplan 2031"

    # the value "41 %" (Utfall 2030) shares its row with "45 %": its own box is highlighted
    tr = page.locator("tr[data-row]", has_text="41 %").first
    anchor = tr.get_attribute("id")
    shot = page.locator(f"section.region:has(tr#{anchor}) div.shot")
    img = shot.locator("img.crop")
    img.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=img.element_handle())
    assert img.is_visible()
    assert "column: Utfall 2030" in tr.inner_text()
    tr.hover()
    rect = page.locator(f'rect.box[data-row="{anchor}"]')
    assert rect.count() == 1 and "on" in (rect.get_attribute("class") or "")
    figure = shot.locator("xpath=..")
    zoom = float(figure.get_attribute("data-zoom"))
    ox, oy = (int(v) for v in figure.get_attribute("data-origin").split())
    natural = page.evaluate("img => img.naturalWidth", img.element_handle())
    frame = img.bounding_box()
    k = frame["width"] / natural  # CSS pixels per picture pixel
    x0, y0, x1, y1 = words_box(Path(built.plan.source_path), 1, "41 %", below="Andel")
    want = ((x0 * zoom - ox) * k, (y0 * zoom - oy) * k, (x1 * zoom - ox) * k, (y1 * zoom - oy) * k)
    got = rect.bounding_box()
    drawn = (
        got["x"] - frame["x"],
        got["y"] - frame["y"],
        got["x"] + got["width"] - frame["x"],
        got["y"] + got["height"] - frame["y"],
    )
    assert all(abs(g - e) <= HIGHLIGHT_TOLERANCE_PX for g, e in zip(drawn, want, strict=True)), (drawn, want)
    # and on screen: the orange pixels are the value's box, not the row's
    png = shot.screenshot(path=str(shots / "report-crop.png"))
    box = highlight_box(png)
    assert box is not None, "the picture on screen shows no highlighted box"
    assert all(abs(g - e) <= HIGHLIGHT_TOLERANCE_PX for g, e in zip(box, want, strict=True)), (box, want)
    row = box_of(Path(built.plan.source_path), 1, "Andel i arbete")
    assert box[2] - box[0] < 0.2 * (row[2] - row[0]) * zoom * k

    page.get_by_role("link", name="1 · indicator_values #3").first.click()  # a check finding jumps to its row
    assert page.evaluate("location.hash") == "#indicator_values-3"
    page.mouse.move(0, 0)
    selected = page.locator('rect.box[data-row="indicator_values-3"]')
    assert "sel" in (selected.get_attribute("class") or "")  # its value's box is highlighted
    page.screenshot(path=str(shots / "report-document.png"))
    assert all(u.startswith("file://") for u in requests), f"the report fetched from the network: {requests}"
