"""`kpi kolada fetch|compare`: official Kolada values, and extracted outcomes checked against them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from kpi.pipeline.app import DbOption, app, out
from kpi.pipeline.exitcodes import ExitCode

kolada_app = typer.Typer(
    no_args_is_help=True, help="Kolada's official KPI values: fetch them, compare with them."
)
app.add_typer(kolada_app, name="kolada")


@kolada_app.command("fetch")
def fetch_cmd(
    municipality: Annotated[
        list[str],
        typer.Option(
            "--municipality",
            "-m",
            help="Municipality by name (Tyresö, 'Tyresö kommun', 'Göteborgs stad') or SCB code (0138); repeatable.",
        ),
    ] = [],  # noqa: B006
    kpi: Annotated[
        list[str], typer.Option("--kpi", "-k", help="Kolada KPI id, e.g. U30202 (repeatable).")
    ] = [],  # noqa: B006
    year: Annotated[list[int], typer.Option("--year", help="Only this year (repeatable).")] = [],  # noqa: B006
    years: Annotated[
        str | None, typer.Option("--years", help="Only these years: 2018-2024, or 2018,2020.")
    ] = None,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            help="Fetch every Kolada code this warehouse holds, for its municipalities and years, "
            "and store the values in it (table kolada_values, view indicator_series_kolada).",
        ),
    ] = None,
    values: Annotated[
        Path | None,
        typer.Option(
            "--values",
            help="Offline: take the values from this Kolada values CSV "
            "(e.g. samples/kolada/values_tyreso_0138_ekero_0125.csv) instead of the API.",
        ),
    ] = None,
    out_csv: Annotated[
        Path | None,
        typer.Option("--out", help="Values CSV to write [default without --db: kolada_values.csv]."),
    ] = None,
    cache: Annotated[Path | None, typer.Option(help="Cache folder [default: ~/.cache/kpi/kolada].")] = None,
    base_url: Annotated[str, typer.Option(help="Kolada API base URL.")] = "https://api.kolada.se/v3",
    max_age: Annotated[float, typer.Option(help="Seconds a cached answer is used without asking again.")] = 7
    * 24
    * 3600.0,
) -> None:
    """Fetch KPI values from the Kolada API v3 (cached on disk) into a values CSV or a warehouse.

    Municipalities by name or SCB code; --year/--years choose years.  With --db, every Kolada
    code the warehouse holds is fetched for each municipality whose documents print it, in the
    years they print (two either side), and stored in the warehouse.  Offline, answers come from
    the cache; --values takes them from a values CSV instead.

    Examples: kpi kolada fetch -m Tyresö -k U30202 --years 2018-2024 --out tyreso.csv;
    kpi kolada fetch --db kpi.duckdb
    """
    from kpi.pipeline.console import fail, open_warehouse, safe
    from kpi.pipeline.kolada.client import KPI_ID, KoladaClient, KoladaError
    from kpi.pipeline.kolada.municipalities import UnknownMunicipality, parse_years, resolve_municipality
    from kpi.pipeline.kolada.store import Target, store_values, warehouse_targets
    from kpi.pipeline.kolada.values import read_values, write_values

    try:
        wanted_years = parse_years(year, years)
        codes = [resolve_municipality(m) for m in municipality]
    except (ValueError, UnknownMunicipality) as exc:
        fail(exc, ExitCode.USAGE)
    kpis = [k.strip().upper() for k in kpi]
    for k in kpis:
        if not KPI_ID.fullmatch(k):
            fail(f"{k!r} is no Kolada KPI id (a letter and five digits, e.g. U30202)", ExitCode.USAGE)
    if values is not None and not values.is_file():
        fail(f"no values file at {values}", ExitCode.USAGE)
    if db is not None:
        con = open_warehouse(db, read_only=True)
        try:
            targets = warehouse_targets(con, codes or None, kpis or None, wanted_years)
        finally:
            con.close()
        if not targets:
            out.print(
                f"the warehouse {safe(db)} holds no Kolada codes of a known municipality: nothing to fetch"
            )
            return
    elif not codes or not kpis:
        fail("give --municipality and --kpi, or --db to fetch every code a warehouse holds", ExitCode.USAGE)
    else:
        targets = [Target(k, m, frozenset(wanted_years or ())) for m in codes for k in kpis]
    client = KoladaClient(base_url, cache, max_age)
    rows = []
    if values is not None:
        try:
            offline = read_values(values)
        except ValueError as exc:
            fail(exc, ExitCode.USAGE)
        asked = {(t.kpi, t.municipality_id): t.years for t in targets}
        rows = [
            v
            for v in offline
            if (v.kpi, v.municipality_id) in asked
            and (not asked[(v.kpi, v.municipality_id)] or v.period in asked[(v.kpi, v.municipality_id)])
        ]
    else:
        try:
            for t in targets:
                rows.extend(client.values(t.kpi, t.municipality_id, t.years or None))
        except KoladaError as exc:
            fail(exc, ExitCode.FAILURE)
    stored = ""
    if db is not None:
        con = open_warehouse(db)
        try:
            store_values(con, rows, str(values) if values is not None else client.base_url)
        finally:
            con.close()
        stored = f" -> {safe(db)} (table kolada_values)"
    if out_csv is None and db is None:
        out_csv = Path("kolada_values.csv")
    if out_csv is not None:
        write_values(out_csv, rows)
        stored += f" -> {safe(out_csv)}"
    source = (
        f"from {safe(values)}"
        if values is not None
        else f"{client.requests} requests, the rest from the cache in {safe(client.cache_dir)}"
    )
    out.print(f"{len(rows)} values for {len(targets)} KPI and municipality pair(s){stored} ({source})")


@kolada_app.command("compare")
def compare_cmd(
    values: Annotated[Path, typer.Option("--values", help="Kolada values CSV (see samples/kolada/).")],
    db: DbOption = Path("kpi.duckdb"),
    json_out: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Compare extracted outcomes with Kolada's official values; store the differences in kolada_comparison.

    The file's values are kept in the warehouse too (table kolada_values), so the view
    indicator_series_kolada shows Kolada's value beside each row of indicator_series.

    Statuses: match, period_offset (the value is Kolada's for another year), mismatch, not_in_kolada.

    Example: kpi kolada compare --db warehouse/demo.duckdb --values samples/kolada/values_tyreso_0138_ekero_0125.csv
    """
    from kpi.pipeline.console import fail, open_warehouse, safe
    from kpi.pipeline.kolada.compare import store_comparison

    if not values.is_file():
        fail(f"no values file at {values}", ExitCode.USAGE)
    con = open_warehouse(db)
    try:
        summary = store_comparison(con, values)
    except ValueError as exc:
        fail(exc, ExitCode.USAGE)
    finally:
        con.close()
    if json_out:
        print(json.dumps(summary.as_dict(), ensure_ascii=False))
        return
    parts = safe(", ".join(f"{k} {v}" for k, v in summary.statuses.items()) or "nothing to compare")
    out.print(
        f"{summary.compared} extracted outcomes compared with Kolada: {parts} (table kolada_comparison)"
    )
