"""The ``kpi`` Typer application and the consoles its commands print to.

:mod:`kpi.pipeline.cli` adds the core commands and loads :mod:`kpi.pipeline.commands`; each command module
registers itself here, so no command module imports the CLI that loads it (no import cycle).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kpi.pipeline.console import err, out

__all__ = ["DbOption", "app", "err", "out"]

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="kpi: Swedish municipal governance PDFs into a research-grade DuckDB warehouse.",
)

DbOption = Annotated[Path, typer.Option("--db", help="The DuckDB warehouse file.")]
