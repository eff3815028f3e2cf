"""`kpi report`: a static HTML QA report of the warehouse, for reading in a browser."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from kpi.pipeline.app import DbOption, app, out
from kpi.pipeline.exitcodes import ExitCode


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
        typer.Option(
            help="Page-region pictures per document and table; more regions are listed without one.", min=0
        ),
    ] = 400,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the summary as JSON (for scripts).")
    ] = False,
    doc: Annotated[
        str | None,
        typer.Option(
            "--doc",
            help="Report on one document only: its doc id (or first characters), file name, or part of its title.",
        ),
    ] = None,
) -> None:
    """Write a static HTML QA report: every extracted value on a picture of its page region.

    OUT/index.html lists the documents with row counts per table, extraction issues and check
    findings; each document's page shows, page region by page region, one picture with every
    value's own box drawn on it beside the table of those values (with the column header and row
    label each is printed under), its extraction issues and consistency checks.  Plain files: no
    server, works offline.  PDFs are found by their recorded path (checked by SHA-256), else under
    --pdfs.  --doc reports on one document.

    Example: kpi report --db warehouse/demo.duckdb --out report/ --doc "Nämndplan 2020" && xdg-open report/index.html
    """
    from kpi.pipeline.console import fail, fail_warehouse, require_warehouse, safe, warning
    from kpi.pipeline.report.build import UnknownDocument, build_report
    from kpi.warehouse.db import WarehouseError

    require_warehouse(db)
    try:
        summary = build_report(db, out_dir, pdf_roots=pdfs, max_crops=max_crops, doc=doc)
    except UnknownDocument as exc:
        fail(exc.args[0], ExitCode.USAGE)
    except WarehouseError as exc:
        fail_warehouse(exc)
    if json_out:
        print(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
        return
    out.print(
        f"{summary.documents} documents, {summary.rows} rows, {summary.crops} crops; "
        f"check findings: {dict(summary.checks) or 'none'}",
        highlight=False,
    )
    for path in summary.missing_pdfs:
        warning(f"PDF not found (no crops): {path}")
    out.print(f"open {safe(out_dir / 'index.html')}")
