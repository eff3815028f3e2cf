"""`kpi report`: a static HTML QA report of the warehouse, for reading in a browser."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from pipeline.app import DbOption, app, err, out
from pipeline.exitcodes import ExitCode


@app.command("report")
def report_cmd(
    out_dir: Annotated[
        Path, typer.Option("--out", help="Folder to write the report into (created if missing).")
    ],
    db: DbOption = Path("kpi.duckdb"),
    pdfs: Annotated[
        list[Path],
        typer.Option(
            "--pdfs",
            help="Folder to look for PDFs by content when a "
            "document's recorded path no longer holds it (repeatable).",
        ),
    ] = [],  # noqa: B006
    max_crops: Annotated[
        int,
        typer.Option(help="Crops rendered per document and table; more rows are listed without one.", min=0),
    ] = 400,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the summary as JSON (for scripts).")
    ] = False,
) -> None:
    """Write a static HTML QA report: every extracted row next to a crop of its page.

    OUT/index.html lists the documents with row counts per table, extraction issues and check
    findings; each document's page shows every row beside a crop of its PDF page with the row's
    box highlighted, its extraction issues and consistency checks.  Plain files: no server, works
    offline.  PDFs are found by their recorded path (checked by SHA-256), else under --pdfs.

    Example: kpi report --db warehouse/demo.duckdb --out report/ && xdg-open report/index.html
    """
    from pipeline.report.build import build_report
    from warehouse.db import WarehouseBusy

    if not db.exists():
        err.print(f"[red]error:[/red] no warehouse at {db}")
        raise typer.Exit(ExitCode.USAGE)
    try:
        summary = build_report(db, out_dir, pdf_roots=pdfs, max_crops=max_crops)
    except WarehouseBusy as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(ExitCode.BUSY) from None
    if json_out:
        print(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
        return
    out.print(
        f"{summary.documents} documents, {summary.rows} rows, {summary.crops} crops; "
        f"check findings: {dict(summary.checks) or 'none'}",
        highlight=False,
    )
    for path in summary.missing_pdfs:
        err.print(f"[yellow]warning:[/yellow] PDF not found (no crops): {path}", highlight=False)
    out.print(f"open {out_dir / 'index.html'}", highlight=False)
