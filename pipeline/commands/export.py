"""`kpi export`: every warehouse table to Parquet (hive-partitioned) or CSV files."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kpi.pipeline.app import DbOption, app, out
from kpi.pipeline.exitcodes import ExitCode


class ExportFormat(StrEnum):
    parquet = "parquet"
    csv = "csv"


@app.command("export")
def export_cmd(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write into (created if missing).")],
    db: DbOption = Path("kpi.duckdb"),
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="parquet (hive-partitioned) or csv.")
    ] = (ExportFormat.parquet),
    overwrite: Annotated[bool, typer.Option(help="Replace the files of tables exported before.")] = False,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the summary as JSON (for scripts).")
    ] = False,
) -> None:
    """Write every table of the warehouse to files, for R, Stata, Spark or pandas.

    Parquet: one folder per table.  Tables whose rows belong to a document are hive-partitioned
    by the document's municipality and year, e.g. OUT/indicator_values/municipality=Tyresö/year=2020/
    (unknown ones under municipality=unknown/year=0).

    CSV: one OUT/<table>.csv per table.  OUT/manifest.json lists tables and row counts.  The
    warehouse is opened read-only; existing output is refused unless --overwrite.

    Example: kpi export --db warehouse/demo.duckdb --format parquet --out export/
    """
    from kpi.pipeline.console import fail, fail_warehouse, plain, require_warehouse, safe
    from kpi.warehouse.db import WarehouseError
    from kpi.warehouse.export import ExportError, export

    require_warehouse(db)
    try:
        summary = export(db, out_dir, fmt.value, overwrite=overwrite)
    except ExportError as exc:
        fail(exc, ExitCode.USAGE)
    except WarehouseError as exc:
        fail_warehouse(exc)
    if json_out:
        print(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
        return
    for t in summary.tables:
        parts = f"  (partitioned by {', '.join(t.partitioned_by)})" if t.partitioned_by else ""
        out.print(plain(f"{t.table:24} {t.rows:>8} rows  {out_dir / t.path}{parts}"))
    out.print(f"{len(summary.tables)} tables written to {safe(out_dir)} as {summary.format}")
