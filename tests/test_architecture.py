"""Guardrails: layers import in one direction, modules stay small, vocabulary stays in one place."""

from __future__ import annotations

import ast
from itertools import pairwise
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("extractors", "pipeline", "warehouse", "samples")
MAX_LINES = 700  # a module longer than this should be split by job


def _modules(pkg: str) -> list[Path]:
    return sorted(p for p in (ROOT / pkg).rglob("*.py") if ".venv" not in p.parts)


def _stage(name: str) -> str:
    """The stage a module name belongs to: ``kpi.pipeline.run`` -> ``pipeline``."""
    parts = name.split(".")
    return parts[1] if parts[0] == "kpi" and len(parts) > 1 and parts[1] in PACKAGES else parts[0]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {_stage(a.name) for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(_stage(node.module))
    return out


def _bare_imports(path: Path) -> list[str]:
    """Imports of a stage by its bare name (``import pipeline``), not as ``kpi.pipeline``."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        out += [n for n in names if n.split(".")[0] in PACKAGES]
    return out


def _everything_python() -> list[Path]:
    dirs = [*PACKAGES, "kpi", "tests", "benchmarks"]
    return sorted({p.resolve() for d in dirs for p in (ROOT / d).rglob("*.py") if ".venv" not in p.parts})


@pytest.mark.parametrize("path", _everything_python(), ids=lambda p: str(p.relative_to(ROOT)))
def test_stages_are_imported_as_kpi_subpackages(path: Path) -> None:
    """One top-level package is installed, ``kpi``; the source folders are its subpackages. A bare
    ``import pipeline`` would load a second copy of a module (or a user's own ``pipeline.py``)."""
    assert not _bare_imports(path), f"import these as kpi.<stage>: {_bare_imports(path)}"


@pytest.mark.parametrize("path", _modules("extractors"), ids=lambda p: str(p.relative_to(ROOT)))
def test_extractors_never_import_warehouse_or_pipeline(path: Path) -> None:
    assert not (_imports(path) & {"warehouse", "pipeline"}), "extractors must not depend on later stages"


@pytest.mark.parametrize(
    "path", [p for pkg in PACKAGES for p in _modules(pkg)], ids=lambda p: str(p.relative_to(ROOT))
)
def test_module_length(path: Path) -> None:
    n = len(path.read_text(encoding="utf-8").splitlines())
    assert n <= MAX_LINES, f"{path.name} has {n} lines; split it by job"


def _module_name(path: Path) -> str:
    parts = ["kpi", *path.relative_to(ROOT).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _project_modules() -> dict[str, Path]:
    return {_module_name(p): p for pkg in PACKAGES for p in _modules(pkg)}


def _imported_names(module: str, path: Path) -> list[tuple[str, int]]:
    """Every module name ``module`` imports, anywhere in it (top level, in functions, under
    TYPE_CHECKING), with its line: ``from x import y`` names ``x.y`` as well as ``x`` (``y`` may be a
    submodule); relative imports are made absolute."""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    out: list[tuple[str, int]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            out += [(f"{source}.{a.name}", node.lineno) for a in node.names]
            out.append((source, node.lineno))
    return out


def import_graph() -> dict[str, dict[str, int]]:
    """module -> {project module it imports: line of the first such import}."""
    modules = _project_modules()
    graph: dict[str, dict[str, int]] = {m: {} for m in modules}
    for module, path in modules.items():
        for name, line in _imported_names(module, path):
            while name and name not in modules:  # a.b.func -> a.b; an outside module -> ""
                name = name.rpartition(".")[0]
            if name and name != module:
                graph[module].setdefault(name, line)
    return graph


def find_cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """One cycle (``[a, b, ..., a]``) per strongly connected component of more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []

    def visit(v: str) -> None:  # Tarjan; the graph is small enough for recursion
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, {})):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                components.append(component)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    cycles = []
    for component in components:  # a shortest way back to the first module, inside the component
        start = min(component)
        paths = {start: [start]}
        queue = [start]
        while queue:
            v = queue.pop(0)
            for w in sorted(graph[v]):
                if w == start:
                    cycles.append([*paths[v], start])
                    queue = []
                    break
                if w in component and w not in paths:
                    paths[w] = [*paths[v], w]
                    queue.append(w)
    return sorted(cycles)


def test_no_import_cycles() -> None:
    graph = import_graph()
    cycles = find_cycles(graph)
    shown = [
        " -> ".join(f"{a} (line {graph[a][b]})" for a, b in pairwise(c)) + f" -> {c[-1]}" for c in cycles
    ]
    assert not cycles, "import cycles (move the shared piece into a module both import):\n" + "\n".join(shown)


def test_cycle_finder_sees_function_level_and_relative_imports(tmp_path: Path) -> None:
    graph = {"p.a": {"p.b": 3}, "p.b": {"p.c": 9}, "p.c": {"p.a": 12}, "p.d": {"p.a": 1}}
    assert find_cycles(graph) == [["p.a", "p.b", "p.c", "p.a"]]
    assert find_cycles({"p.a": {"p.b": 1}, "p.b": {}}) == []
    pkg = tmp_path / "p"
    pkg.mkdir()
    (pkg / "m.py").write_text("def f():\n    from . import n\n    from .n import g\n", encoding="utf-8")
    assert ("p.n", 2) in _imported_names("p.m", pkg / "m.py")
    assert ("p.n.g", 3) in _imported_names("p.m", pkg / "m.py")


def test_layer_rule_also_holds_through_relative_imports() -> None:
    graph = import_graph()
    bad = {
        m: sorted(t for t in deps if _stage(t) in ("warehouse", "pipeline"))
        for m, deps in graph.items()
        if _stage(m) == "extractors"
    }
    assert not {m: d for m, d in bad.items() if d}, "extractors must not depend on later stages"


def test_the_guardrails_stay(tmp_path: Path) -> None:
    """The module-length cap and the layer rule are not loosened, and still look at every package."""
    assert MAX_LINES <= 700
    assert PACKAGES == ("extractors", "pipeline", "warehouse", "samples")
    assert all(_modules(pkg) for pkg in PACKAGES)
    tests = {n for n in globals() if n.startswith("test_")}
    assert {"test_extractors_never_import_warehouse_or_pipeline", "test_module_length"} <= tests
    late = tmp_path / "late.py"  # the layer rule sees imports inside functions too
    late.write_text("def f():\n    import warehouse.db\n    from pipeline import run\n", encoding="utf-8")
    assert _imports(late) == {"warehouse", "pipeline"}
