"""Printing what an ingest run did: one line per document, then the summary."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from pipeline.run import DocOutcome, RunSummary

STYLE = {"ok": "green", "partial": "yellow", "failed": "red", "skipped": "dim"}


def print_outcome(console: Console, o: DocOutcome) -> None:
    why = f" — {o.error}" if o.error else ""
    console.print(f"[{STYLE[o.status]}]{o.status:8}[/] {o.path}{why}", highlight=False)


def print_summary(console: Console, s: RunSummary) -> None:
    c = s.counts
    console.print(
        f"documents: {c['ok']} ok, {c['partial']} partial, {c['failed']} failed, {c['skipped']} skipped"
    )
    t = Table("table", "rows", title="rows loaded", title_justify="left")
    for name, n in s.rows.items():
        t.add_row(name, str(n))
    console.print(t)
    pps = f"{s.pages / s.seconds:.1f}" if s.seconds else "-"
    console.print(f"{s.pages} pages in {s.seconds:.2f} s ({pps} pages/s)")
    for p in s.problems:
        console.print(f"[yellow]warning:[/yellow] {p}", highlight=False)
    bad = [o for o in s.outcomes if o.status in ("failed", "partial")]
    if bad:
        console.print("not ok:")
        for o in bad:
            console.print(f"  [{STYLE[o.status]}]{o.status}[/] {o.path}: {o.error}", highlight=False)
