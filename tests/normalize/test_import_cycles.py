"""No import cycle inside ``extractors``: neither at module level nor through an import inside a
function (``numbers`` reading units while ``units`` cleans text through ``numbers`` was one)."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "extractors"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _import_graph() -> dict[str, set[str]]:
    """Module -> the ``extractors`` modules it imports anywhere in its body (a function's
    imports too)."""
    files = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    target = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    target = node.module or ""
                for alias in node.names:
                    full = f"{target}.{alias.name}"
                    if full in files:
                        deps.add(full)
                    elif target in files:
                        deps.add(target)
            elif isinstance(node, ast.Import):
                deps |= {alias.name for alias in node.names if alias.name in files}
        graph[name] = deps - {name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp: list[str] = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycle_in_extractors() -> None:
    graph = _import_graph()
    assert "extractors.normalize.numbers" in graph
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_numbers_and_units_import_on_their_own() -> None:
    """Each of the two modules that formed the cycle imports first in a fresh interpreter."""
    for module in ("extractors.normalize.units", "extractors.normalize.numbers", "extractors.normalize.text"):
        code = f"import {module}"
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_clean_text_and_phrase_pattern_have_one_home() -> None:
    text = importlib.import_module("extractors.normalize.text")
    normalize = importlib.import_module("extractors.normalize")
    assert normalize.clean_text is text.clean_text
    assert text.clean_text("1\u00a0234\u00ad") == "1 234"
    assert text.phrase_pattern("miljoner kronor") == r"(?<!\w)miljoner\s+kronor(?!\w)"
