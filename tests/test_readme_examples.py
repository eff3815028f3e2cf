"""The README's Python examples run, in order, against a warehouse built from samples/ (so they cannot drift).

Each ```python block is executed in one namespace, in a scratch folder holding a copy of the
session's sample warehouse as ``warehouse/demo.duckdb`` (what ``make demo`` builds) and ``samples/``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def python_blocks(text: str) -> list[tuple[int, str]]:
    """(line number, code) of every ```python block."""
    return [
        (text.count("\n", 0, m.start(1)) + 1, m.group(1))
        for m in re.finditer(r"^```python\n(.*?)^```", text, re.S | re.M)
    ]


BLOCKS = python_blocks(README)


@pytest.fixture()
def demo_folder(samples_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "warehouse").mkdir()
    shutil.copy(samples_db, tmp_path / "warehouse" / "demo.duckdb")
    (tmp_path / "samples").symlink_to(ROOT / "samples")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_readme_teaches_import_kpi() -> None:
    assert BLOCKS, "the README has Python examples"
    assert BLOCKS[0][1].startswith("import kpi\n")
    assert "import warehouse" not in README and "from warehouse" not in README
    for call in ("kpi.ingest(", "kpi.open(", "kpi.match(", "kpi.export(", "kpi.kolada.compare("):
        assert any(call in code for _, code in BLOCKS), f"no README example calls {call}"


def test_every_readme_python_example_runs(demo_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    namespace: dict[str, object] = {"__name__": "__readme__"}
    for line, code in BLOCKS:
        exec(compile(code, f"README.md:{line}", "exec"), namespace)
    printed = capsys.readouterr().out
    assert 'did you mean "Tyresö" (0138)?' in printed
    assert 'did you mean "outcome"?' in printed
    assert (demo_folder / "review.csv").is_file() and (demo_folder / "export" / "manifest.json").is_file()
