"""The README teaches every command, and keeps to exactly two set-up commands."""

from __future__ import annotations

import os
import re
import subprocess
import tomllib

import typer.main

from kpi.pipeline.cli import app
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    group = typer.main.get_command(app)
    out = []
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        subs = getattr(cmd, "commands", None)
        out += [f"{name} {s}" for s in subs] if subs else [name]
    return out


def test_every_command_is_documented_in_the_readme() -> None:
    missing = [c for c in _commands() if f"kpi {c}" not in README]
    assert not missing, f"commands not in README: {missing}"


def test_every_command_help_has_an_example() -> None:
    group = typer.main.get_command(app)
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        for sub in (getattr(cmd, "commands", {}) or {name: cmd}).values():
            assert re.search(r"\bExamples?:", sub.help or ""), sub.name


def test_readme_has_exactly_two_setup_commands() -> None:
    setup = README.split("## Set up", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", setup, re.S).group(1)
    commands = [ln.split("#")[0].strip() for ln in block.splitlines() if ln.strip()]
    assert commands == ["make demo", "make test"]


def test_readme_says_how_name_clashes_are_avoided() -> None:
    api = README.split("### Python API", 1)[1].split("\n### ", 1)[0]
    assert "import kpi" in api and "import kpi.warehouse.api" not in README
    assert "one top-level package, `kpi`" in api and "cannot shadow" in api


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test\s*$", ci, re.M)


def test_make_test_runs_lint_format_check_type_check_then_the_suite() -> None:
    """`make test` (what CI runs) fails on a lint error, an unformatted file or a type error, not only a test."""
    shown = subprocess.run(
        ["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True, check=True, env=_make_env()
    ).stdout
    steps = ["ruff check", "ruff format --check", "mypy", "pytest"]
    where = [shown.find(s) for s in steps]
    assert all(i >= 0 for i in where), (
        f"make test does not run {[s for s, i in zip(steps, where, strict=True) if i < 0]}"
    )
    assert where == sorted(where), "make test runs the checks in another order"


def test_lint_and_type_checker_versions_are_pinned() -> None:
    """A new ruff or mypy release may add rules: the dev extra admits one minor series of each."""
    dev = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"
    ]["dev"]
    for tool in ("ruff", "mypy"):
        spec = next(d for d in dev if re.match(rf"{tool}\b", d))
        assert ">=" in spec and "<" in spec.replace("<=", ""), f"{tool} is not pinned to a range: {spec}"


def _make_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
