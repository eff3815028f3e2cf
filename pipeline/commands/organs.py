"""`kpi organs`: the bodies of the warehouse, the key each has across documents, and decisions."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kpi.pipeline.app import DbOption, app, out
from kpi.pipeline.exitcodes import ExitCode


@app.command("organs")
def organs_cmd(
    db: DbOption = Path("kpi.duckdb"),
    crosswalk: Annotated[
        Path | None,
        typer.Option(
            "--crosswalk", help="A CSV of decisions (municipality, organ, organ_canonical) to store."
        ),
    ] = None,
    review_out: Annotated[
        Path | None,
        typer.Option("--review-out", help="Write the list of bodies as a crosswalk CSV to edit."),
    ] = None,
) -> None:
    """List the bodies (nämnder, förvaltningar) documents name, and the key each has across years.

    A series (indicator_series) follows one body across documents by this key, so that a plan
    naming "Verksamhetsområde 3 – Individ- och familjeomsorg" one year and "Individ och
    familjeomsorg; Verksamhetsområde 8 …" the next stays one series.  The key comes from rules;
    where they are wrong, write the list with --review-out, edit the organ_canonical column and
    hand it back with --crosswalk (an empty organ_canonical takes a decision back).  Decisions
    are kept in the warehouse (organ_crosswalk) and win over the rules in every later run.

    Example: kpi organs --db warehouse/demo.duckdb --review-out organs.csv
             kpi organs --db warehouse/demo.duckdb --crosswalk organs.csv
    """
    from rich.table import Table

    from kpi.pipeline.console import fail, fail_warehouse, plain, require_warehouse
    from kpi.warehouse.db import WarehouseError, connect
    from kpi.warehouse.organs import CrosswalkError, apply_crosswalk, organs, write_review

    require_warehouse(db)
    if crosswalk is not None and not crosswalk.is_file():
        fail(f"no crosswalk file at {crosswalk}", ExitCode.USAGE)
    try:
        con = connect(db, read_only=crosswalk is None)
        if crosswalk is None and not _has_crosswalk_table(con):
            con.close()  # a warehouse made before migration 008: migrate it first
            con = connect(db)
    except WarehouseError as exc:
        fail_warehouse(exc)
    try:
        if crosswalk is not None:
            try:
                applied = apply_crosswalk(con, crosswalk)
            except CrosswalkError as exc:
                fail(exc, ExitCode.USAGE)
            out.print(
                f"{applied.decided} decision(s) stored, {applied.withdrawn} left to the rules",
                markup=False,
                highlight=False,
            )
        if review_out is not None:
            n = write_review(con, review_out)
            out.print(plain(f"{n} bodies written to {review_out}"))
        if crosswalk is None and review_out is None:
            table = Table("municipality", "organ as printed", "key", "documents", "years")
            for r in organs(con).to_dict("records"):
                first, last = _plain(r["first_year"]), _plain(r["last_year"])
                years = first if first == last else f"{first}–{last}"
                cells = (r["municipality"], r["organ"], r["organ_canonical"], r["documents"])
                table.add_row(*(_plain(x) for x in cells), years)
            out.print(table)
    finally:
        con.close()


def _plain(value: object) -> str:
    """A cell as plain text: PDF text is never read as console markup."""
    from kpi.pipeline.console import safe

    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return safe(value)


def _has_crosswalk_table(con: object) -> bool:
    row = con.execute(  # type: ignore[attr-defined]
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'organ_crosswalk'"
    ).fetchone()
    return bool(row and row[0])
