"""`kpi kolada fetch|compare`: official Kolada values, and extracted outcomes checked against them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from pipeline.app import DbOption, app, err, out
from pipeline.exitcodes import ExitCode

kolada_app = typer.Typer(
    no_args_is_help=True, help="Kolada's official KPI values: fetch them, compare with them."
)
app.add_typer(kolada_app, name="kolada")


@kolada_app.command("fetch")
def fetch_cmd(
    municipality: Annotated[
        list[str], typer.Option("--municipality", "-m", help="4-digit kommunkod (repeatable).")
    ],
    kpi: Annotated[list[str], typer.Option("--kpi", "-k", help="Kolada KPI id, e.g. U30202 (repeatable).")],
    out_csv: Annotated[Path, typer.Option("--out", help="Values CSV to write.")] = Path("kolada_values.csv"),
    cache: Annotated[Path | None, typer.Option(help="Cache folder [default: ~/.cache/kpi/kolada].")] = None,
    base_url: Annotated[str, typer.Option(help="Kolada API base URL.")] = "https://api.kolada.se/v3",
    max_age: Annotated[float, typer.Option(help="Seconds a cached answer is used without asking again.")] = 7
    * 24
    * 3600.0,
) -> None:
    """Fetch KPI values from the Kolada API v3 into a values CSV (the format `kpi kolada compare` reads).

    Example: kpi kolada fetch --municipality 0138 --kpi U30202 --out tyreso.csv
    """
    from pipeline.kolada.client import KoladaClient, KoladaError
    from pipeline.kolada.values import write_values

    client = KoladaClient(base_url, cache, max_age)
    rows = []
    try:
        for m in municipality:
            for k in kpi:
                rows.extend(client.values(k.strip().upper(), m.strip()))
    except KoladaError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(ExitCode.FAILURE) from None
    write_values(out_csv, rows)
    out.print(
        f"{len(rows)} values for {len(kpi)} KPI(s) and {len(municipality)} municipality(ies) -> {out_csv} "
        f"({client.requests} requests, the rest from the cache)"
    )


@kolada_app.command("compare")
def compare_cmd(
    values: Annotated[Path, typer.Option("--values", help="Kolada values CSV (see samples/kolada/).")],
    db: DbOption = Path("kpi.duckdb"),
    json_out: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Compare extracted outcomes with Kolada's official values; store the differences in kolada_comparison.

    Statuses: match, period_offset (the value is Kolada's for another year), mismatch, not_in_kolada.

    Example: kpi kolada compare --db warehouse/demo.duckdb --values samples/kolada/values_tyreso_0138_ekero_0125.csv
    """
    from pipeline.kolada.compare import compare
    from warehouse.db import WarehouseBusy, connect

    if not values.is_file():
        err.print(f"[red]error:[/red] no values file at {values}")
        raise typer.Exit(ExitCode.USAGE)
    if not db.exists():
        err.print(f"[red]error:[/red] no warehouse at {db}")
        raise typer.Exit(ExitCode.USAGE)
    try:
        con = connect(db)
    except WarehouseBusy as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(ExitCode.BUSY) from None
    try:
        summary = compare(con, values)
    except ValueError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(ExitCode.USAGE) from None
    finally:
        con.close()
    if json_out:
        print(json.dumps(summary.as_dict(), ensure_ascii=False))
        return
    parts = ", ".join(f"{k} {v}" for k, v in summary.statuses.items()) or "nothing to compare"
    out.print(
        f"{summary.compared} extracted outcomes compared with Kolada: {parts} (table kolada_comparison)"
    )
