"""The `kpi` command line: one function per command; each docstring is the command's help."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from types import FrameType
from typing import Annotated, NoReturn

import typer

from kpi.pipeline.app import DbOption, app, err, out
from kpi.pipeline.exitcodes import ExitCode

__all__ = ["DbOption", "app", "err", "main", "out"]

_finished_cleanly = False
"""Set by a command that has saved, closed and stopped everything it started (see :func:`main`)."""


def main() -> None:
    """The ``kpi`` console script: :data:`app`, then leave without the interpreter's teardown when
    the command says nothing is left open.

    Tearing down an interpreter that holds DuckDB, pyarrow and pandas takes a tenth of a second,
    which is most of a re-run of an unchanged archive and a noticeable share of a small batch.
    """
    try:
        app()
    except SystemExit as exc:
        if not _finished_cleanly:
            raise
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


@app.command()
def ingest(
    paths: Annotated[
        list[Path], typer.Argument(help="PDF files and folders (searched recursively for *.pdf).")
    ],
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            help="The DuckDB warehouse file [default: kpi.duckdb, unless only --out-parquet is given].",
        ),
    ] = None,
    force: Annotated[bool, typer.Option(help="Re-extract documents even when already loaded.")] = False,
    wait: Annotated[
        float, typer.Option(help="Seconds to wait while another process holds the warehouse.")
    ] = 0.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the summary as JSON (for scripts).")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="A line for every document, also ok/skipped.")
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            "-w",
            min=0,
            help="Worker processes [default: every core]; 0 extracts in this process without isolation.",
        ),
    ] = None,
    timeout: Annotated[
        float,
        typer.Option(
            min=0.1, help="Seconds one document may take; then its worker is killed and it is marked failed."
        ),
    ] = 300.0,
    max_memory: Annotated[
        int,
        typer.Option(
            min=0, help="MB a worker may use for one document beyond its idle footprint (0: no limit)."
        ),
    ] = 2048,
    executor: Annotated[
        str, typer.Option(help="Where extraction runs: local (worker processes) or dask (a Dask cluster).")
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(
            help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (with --executor dask; without it a "
            "local Dask cluster is started)."
        ),
    ] = None,
    out_parquet: Annotated[
        Path | None,
        typer.Option(
            "--out-parquet",
            help="Also (or, without --db, only) write per-document Parquet shards to this "
            "folder, hive-partitioned by municipality and year.",
        ),
    ] = None,
    ocr: Annotated[
        bool,
        typer.Option(
            "--ocr", help="OCR pages without a text layer first (needs ocrmypdf and Tesseract with Swedish)."
        ),
    ] = False,
) -> None:
    """Extract every PDF under PATHS into the warehouse, in parallel, committing whole documents.

    Documents already loaded (same SHA-256 and extractor version) are skipped, so an interrupted
    run (Ctrl-C, kill) resumes when the same command is run again.  Each document runs in a worker
    process under --timeout and --max-memory; a hang, crash or memory blow-up marks it failed and
    the batch goes on.  Exit status: 0 every document ok or skipped, 1 any failed or partial,
    2 usage error, 3 warehouse busy, 130 interrupted.

    Example: kpi ingest samples --db warehouse/demo.duckdb --workers 2
    """
    import signal

    from kpi.pipeline.console import fail, fail_warehouse
    from kpi.pipeline.executors.choose import ExecutorKind, make_executor
    from kpi.pipeline.match.hooks import after_ingest, prepare_after_ingest
    from kpi.pipeline.report_run import make_progress, print_summary
    from kpi.pipeline.run import ingest as run_ingest
    from kpi.warehouse.db import WarehouseError, storage_problem

    if executor not in tuple(ExecutorKind):
        fail(f"--executor must be local or dask, not {executor!r}", ExitCode.USAGE)
    try:
        ex = make_executor(executor, workers, timeout, max_memory, scheduler, ocr=ocr)
    except ValueError as exc:
        fail(exc, ExitCode.USAGE)
    if db is None and out_parquet is None:
        db = Path("kpi.duckdb")
    missing = [str(p) for p in paths if not os.path.lexists(p)]
    if missing:  # a typo must not create an empty warehouse and exit 0 (issue 19)
        fail(
            f"no such file or folder: {', '.join(missing)}; nothing was read and no warehouse was created",
            ExitCode.USAGE,
        )

    def stop(signum: int, frame: FrameType | None) -> NoReturn:
        raise KeyboardInterrupt  # kill PID behaves like Ctrl-C: keep what is finished, then stop

    signal.signal(signal.SIGTERM, stop)
    try:
        summary = run_ingest(
            [str(p) for p in paths],
            db,
            executor=ex,
            force=force,
            wait=wait,
            out_parquet=out_parquet,
            progress=make_progress(err, quiet or json_out, verbose),
            after_load=after_ingest,
            prepare_after_load=prepare_after_ingest,
        )
    except WarehouseError as exc:
        fail_warehouse(exc)
    except KeyboardInterrupt:
        err.print("[yellow]interrupted[/yellow]")
        raise typer.Exit(ExitCode.INTERRUPTED) from None
    except Exception as exc:  # a full disk or a refused write: named, not a traceback
        problem = storage_problem(exc, db)
        if problem is None:
            raise
        fail_warehouse(problem)
    if json_out:
        print(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
    elif not quiet:
        print_summary(out, summary)
    global _finished_cleanly
    # the warehouse is closed, the workers are stopped (a Dask cluster's own exit handlers must run)
    _finished_cleanly = executor == ExecutorKind.local
    raise typer.Exit(summary.exit_code)


@app.command("eval")
def eval_cmd(
    gold: Annotated[Path, typer.Option("--gold", help="Folder of gold CSVs (samples/gold format).")],
    db: DbOption = Path("kpi.duckdb"),
    errors: Annotated[
        int, typer.Option("--errors", help="List up to N missed and N spurious rows per table.")
    ] = 20,
    json_out: Annotated[bool, typer.Option("--json", help="Print scores as JSON.")] = False,
) -> None:
    """Score the warehouse against gold labels: precision, recall and F1 per table and document.

    Example: kpi eval --gold samples/gold --db warehouse/demo.duckdb
    """
    from kpi.pipeline.console import fail, fail_warehouse, plain, safe, visible_lines
    from kpi.pipeline.evaluate import evaluate, table_coverage
    from kpi.warehouse.db import WarehouseError, connect

    if not gold.is_dir():
        fail(f"no gold folder at {gold}", ExitCode.USAGE)
    try:
        con = connect(db, read_only=True)
    except FileNotFoundError as exc:
        fail(exc, ExitCode.USAGE)
    except WarehouseError as exc:
        fail_warehouse(exc)
    try:
        report = evaluate(gold, con)
        coverage = table_coverage(con)
    finally:
        con.close()
    df = report.frame()
    if json_out:
        print(df.to_json(orient="records", force_ascii=False))
        return
    typer.echo(visible_lines(df.to_string(index=False)))
    if not coverage.empty:
        typer.echo("\ntable coverage (numbers in table layout that some row holds; no gold needed):")
        typer.echo(visible_lines(coverage.to_string(index=False)))
    for d in report.missing_documents:
        out.print(f"[yellow]gold document not in warehouse:[/yellow] {safe(d)}")
    for label, items in (("missed", report.missed), ("spurious", report.spurious)):
        shown: dict[str, int] = {}
        for table, doc, row in items:
            if shown.get(table, 0) >= errors:
                continue
            shown[table] = shown.get(table, 0) + 1
            brief = {
                k: v
                for k, v in row.items()
                if k
                in (
                    "indicator_name",
                    "value_kind",
                    "period",
                    "value_raw",
                    "value_num",
                    "unit",
                    "row_label",
                    "measure",
                    "amount",
                    "goal_number",
                    "month",
                    "status",
                    "title",
                    "probability",
                    "consequence",
                    "table_kind",
                )
            }
            out.print(plain(f"{label} {table} {doc}: {brief}"))


def _register_command_modules() -> None:
    import importlib
    import pkgutil

    import kpi.pipeline.commands as pkg

    for mod in sorted(m.name for m in pkgutil.iter_modules(pkg.__path__)):
        importlib.import_module(f"{pkg.__name__}.{mod}")


_register_command_modules()
