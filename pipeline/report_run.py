"""Printing what an ingest run did: progress while it runs, then the summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kpi.pipeline.console import safe
from kpi.pipeline.outcomes import Outcome
from kpi.pipeline.progress import STYLE, BarProgress, NullProgress, PlainProgress, Progress, outcome_line

if TYPE_CHECKING:
    from rich.console import Console

    from kpi.pipeline.outcomes import DocOutcome, RunSummary


def print_outcome(console: Console, o: DocOutcome) -> None:
    console.print(outcome_line(o), highlight=False)


def make_progress(console: Console, silent: bool, verbose: bool) -> Progress:
    """A live bar on a terminal, periodic plain lines otherwise, nothing when ``silent``."""
    if silent:
        return NullProgress()
    if console.is_terminal:
        return BarProgress(console, verbose)
    return PlainProgress(console, verbose)


def print_summary(console: Console, s: RunSummary) -> None:
    from rich.table import Table

    c = s.counts
    console.print(
        "documents: " + ", ".join(f"{c[o]} {o}" for o in Outcome)  # ok, partial, failed, skipped
    )
    t = Table("table", "rows", title="rows loaded", title_justify="left")
    for name, n in s.rows.items():
        t.add_row(safe(name), str(n))
    console.print(t)
    if s.coverage is not None:
        console.print(
            f"table coverage: {s.numbers_read} of {s.numbers_in_tables} numbers in table layout are in a row "
            f"({s.coverage:.1%})"
            + (
                f"; {s.unread_documents} document(s) have unread tables (extraction_issues code 'unread_table')"
                if s.unread_documents
                else ""
            ),
            highlight=False,
        )
    pps = f"{s.pages / s.seconds:.1f}" if s.seconds else "-"
    console.print(f"{s.pages} pages in {s.seconds:.2f} s ({pps} pages/s)")
    ex = s.executor
    if ex.get("workers"):
        peak = ex.get("peak_rss_mb_per_worker_max")
        console.print(
            f"{ex['workers']} worker(s), {ex.get('workers_replaced', 0)} replaced"
            + (f", peak memory per worker {peak:.0f} MB" if peak else "")
        )
    for p in s.problems:
        console.print(f"[yellow]warning:[/yellow] {safe(p)}", highlight=False)
    if s.not_ok:
        console.print("not ok:")
        for o in s.not_ok:
            console.print(
                f"  [{STYLE[o.status]}]{o.status}[/] {safe(o.path)}: {safe(o.error)}", highlight=False
            )
    if s.interrupted:
        console.print("[yellow]interrupted[/yellow]: run the same command again to resume")
