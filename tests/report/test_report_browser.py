"""The QA report in a real headless Chromium: open it, click into a document, see the crop.

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
from report_fixture import Built

from pipeline.report.build import build_report, doc_page

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


def test_open_report_click_into_document_and_see_highlighted_crop(
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

    card = page.locator("article#indicator_values-1")
    img = card.locator("img.crop")
    img.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=img.element_handle())
    assert img.is_visible()
    assert "Andel i arbete efter insats" in card.inner_text()
    shown = img.screenshot(path=str(shots / "report-crop.png"))
    box = highlight_box(shown)
    assert box is not None, "the crop on screen shows no highlighted box"
    width = img.bounding_box()["width"]
    assert box[2] - box[0] > width * 0.3  # the row's box spans the table row, not a speck

    page.get_by_role("link", name="1 · indicator_values #3").first.click()  # a check finding jumps to its row
    assert page.evaluate("location.hash") == "#indicator_values-3"
    page.screenshot(path=str(shots / "report-document.png"))
    assert all(u.startswith("file://") for u in requests), f"the report fetched from the network: {requests}"
