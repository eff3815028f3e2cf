"""The number reader and the unit reader import each other no more (``numbers`` read units while
``units`` cleaned text through ``numbers``): the text helpers they share live in
``normalize/text.py``. The cycle test over every package is ``tests/test_architecture.py``."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_numbers_and_units_import_on_their_own() -> None:
    """Each of the two modules that formed the cycle imports first in a fresh interpreter."""
    for module in (
        "kpi.extractors.normalize.units",
        "kpi.extractors.normalize.numbers",
        "kpi.extractors.normalize.text",
    ):
        code = f"import {module}"
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_clean_text_and_phrase_pattern_have_one_home() -> None:
    text = importlib.import_module("kpi.extractors.normalize.text")
    normalize = importlib.import_module("kpi.extractors.normalize")
    assert normalize.clean_text is text.clean_text
    assert text.clean_text("1\u00a0234\u00ad") == "1 234"
    assert text.phrase_pattern("miljoner kronor") == r"(?<!\w)miljoner\s+kronor(?!\w)"
