"""`kpi match`: tie every printed indicator name to one canonical indicator, with a review list."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from kpi.pipeline.app import DbOption, app, err, out
from kpi.pipeline.exitcodes import ExitCode


@app.command("match")
def match_cmd(
    db: DbOption = Path("kpi.duckdb"),
    crosswalk: Annotated[
        list[Path] | None,
        typer.Option(
            "--crosswalk", help="Review CSV with the decision column marked same/different (repeatable)."
        ),
    ] = None,
    review_out: Annotated[
        Path | None,
        typer.Option(
            "--review-out",
            help="Write the uncertain pairs here (marks already in this file are applied first).",
        ),
    ] = None,
    accept: Annotated[
        float, typer.Option(help="Score at or above which a pair is tied automatically.")
    ] = 85.0,
    review: Annotated[
        float, typer.Option(help="Score at or above which a pair goes to review (below: new).")
    ] = 70.0,
    wait: Annotated[
        float, typer.Option(help="Seconds to wait while another process holds the warehouse.")
    ] = 0.0,
    json_out: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Re-run indicator matching over the whole warehouse: manual (crosswalk), Kolada code, exact, fuzzy, new.

    Writes the indicators and indicator_matches tables and fills indicator_values.indicator_id.
    Decisions from --crosswalk (and from marks in the --review-out file) are stored in the
    warehouse and applied on every later run, also at the end of `kpi ingest`.

    Example: kpi match --db warehouse/demo.duckdb --review-out review.csv
    """
    from kpi.pipeline.console import fail, open_warehouse, plain
    from kpi.pipeline.match.crosswalk import CrosswalkError
    from kpi.pipeline.match.rules import Thresholds
    from kpi.pipeline.match.run import run_matching

    if review > accept:
        err.print("[red]error:[/red] --review must not be above --accept")
        raise typer.Exit(ExitCode.USAGE)
    for f in crosswalk or []:
        if not f.is_file():
            fail(f"no crosswalk file at {f}", ExitCode.USAGE)
    con = open_warehouse(db, wait=wait)
    try:
        summary = run_matching(con, crosswalk or [], review_out, Thresholds(accept=accept, review=review))
    except CrosswalkError as exc:
        fail(exc, ExitCode.USAGE)
    finally:
        con.close()
    if json_out:
        print(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
        return
    c = summary.counts
    methods = ", ".join(f"{k[7:]} {v}" for k, v in c.items() if k.startswith("method_"))
    out.print(
        f"{c.get('occurrences', 0)} printed names -> {c.get('indicators', 0)} indicators ({methods}); "
        f"{c.get('reviews', 0)} pairs and {c.get('suggestions', 0)} Kolada codes to review; "
        f"{summary.decisions_loaded} new decisions applied; {summary.seconds:.2f} s"
    )
    for msg in summary.conflicts:
        err.print(plain(f"conflict: {msg}", style="yellow"))
    if summary.review_file:
        out.print(plain(f"review list: {summary.review_file}"))
