"""Guardrails: layers import in one direction, modules stay small, vocabulary stays in one place."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("extractors", "pipeline", "warehouse", "samples")
MAX_LINES = 700  # a module longer than this should be split by job


def _modules(pkg: str) -> list[Path]:
    return sorted(p for p in (ROOT / pkg).rglob("*.py") if ".venv" not in p.parts)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module.split(".")[0])
    return out


@pytest.mark.parametrize("path", _modules("extractors"), ids=lambda p: str(p.relative_to(ROOT)))
def test_extractors_never_import_warehouse_or_pipeline(path: Path) -> None:
    assert not (_imports(path) & {"warehouse", "pipeline"}), "extractors must not depend on later stages"


@pytest.mark.parametrize(
    "path", [p for pkg in PACKAGES for p in _modules(pkg)], ids=lambda p: str(p.relative_to(ROOT))
)
def test_module_length(path: Path) -> None:
    n = len(path.read_text(encoding="utf-8").splitlines())
    assert n <= MAX_LINES, f"{path.name} has {n} lines; split it by job"
