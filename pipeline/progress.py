"""Showing an ingest run's progress: a live bar on a terminal, periodic plain lines otherwise.

Either way a document that fails or is partial gets its own line at once; documents that are
ok or skipped get one only with ``verbose``.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Protocol

from kpi.pipeline.console import safe
from kpi.pipeline.outcomes import ALREADY_LOADED, NOT_OK, DocOutcome, Outcome, RunSummary

if TYPE_CHECKING:  # rich is imported by the displays that print (--quiet and --json need none)
    from rich.console import Console
    from rich.progress import TaskID

PLAIN_INTERVAL_SECONDS = 10.0
"""How often a progress line is printed when the output is not a terminal."""

STYLE: dict[Outcome, str] = {
    Outcome.OK: "green",
    Outcome.PARTIAL: "yellow",
    Outcome.FAILED: "red",
    Outcome.SKIPPED: "dim",
}


class Progress(Protocol):
    def start(self, total: int, total_bytes: int, skipped: list[DocOutcome], workers: int | None) -> None: ...
    def advance(self, o: DocOutcome, nbytes: int) -> None: ...
    def tick(self) -> None: ...
    def finish(self, summary: RunSummary) -> None: ...


class NullProgress:
    def start(self, total: int, total_bytes: int, skipped: list[DocOutcome], workers: int | None) -> None:
        pass

    def advance(self, o: DocOutcome, nbytes: int) -> None:
        pass

    def tick(self) -> None:
        pass

    def finish(self, summary: RunSummary) -> None:
        pass


def outcome_line(o: DocOutcome) -> str:
    """A document's status, path and error as a markup line; the path and error are untrusted
    (a file name may hold ``[/``, an ESC or a newline), so they are made visible and escaped."""
    why = f" — {safe(o.error)}" if o.error else ""
    return f"[{STYLE[o.status]}]{o.status:8}[/] {safe(o.path)}{why}"


def format_eta(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    s = round(seconds)
    h, rest = divmod(s, 3600)
    m, s = divmod(rest, 60)
    return f"{h}h{m:02d}m" if h else f"{m}m{s:02d}s" if m else f"{s}s"


class _Counts:
    """What both displays track: documents, pages and bytes done since extraction started."""

    def __init__(self) -> None:
        self.total = self.total_bytes = self.done = self.done_bytes = self.pages = self.bad = 0
        self.t0 = time.monotonic()

    def begin(self, total: int, total_bytes: int) -> None:
        self.total, self.total_bytes = total, total_bytes
        self.t0 = time.monotonic()

    def add(self, o: DocOutcome, nbytes: int) -> None:
        self.done += 1
        self.done_bytes += nbytes
        self.pages += o.pages
        self.bad += o.status in NOT_OK

    @property
    def elapsed(self) -> float:
        return max(1e-9, time.monotonic() - self.t0)

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.elapsed

    @property
    def eta(self) -> float | None:
        """Seconds left, from the bytes still to read at the byte rate so far."""
        if not self.done_bytes:
            return None
        return (self.total_bytes - self.done_bytes) / (self.done_bytes / self.elapsed)


def _start_lines(
    console: Console,
    total: int,
    total_bytes: int,
    skipped: list[DocOutcome],
    workers: int | None,
    verbose: bool,
) -> None:
    loaded = failed_before = 0
    for o in skipped:
        if o.status == Outcome.SKIPPED and o.error == ALREADY_LOADED and not verbose:
            loaded += 1
        elif o.status == Outcome.SKIPPED and o.error and o.error.startswith("failed before") and not verbose:
            failed_before += 1
        else:
            console.print(outcome_line(o), highlight=False)
    if loaded:
        console.print(
            f"[dim]skipped {loaded} document(s) already loaded (same content and extractor version)[/]",
            highlight=False,
        )
    if failed_before:
        console.print(
            f"[dim]skipped {failed_before} document(s) that failed before with this content and "
            "extractor version (--force tries again)[/]",
            highlight=False,
        )
    if total:
        how = f" with {workers} worker(s)" if workers else ""
        console.print(f"extracting {total} document(s), {total_bytes / 1e6:.1f} MB{how}", highlight=False)


class PlainProgress:
    """For logs and pipes: a line every ``interval`` seconds."""

    def __init__(
        self, console: Console, verbose: bool = False, interval: float = PLAIN_INTERVAL_SECONDS
    ) -> None:
        self.console, self.verbose, self.interval = console, verbose, interval
        self.c = _Counts()
        self.last = time.monotonic()

    def start(self, total: int, total_bytes: int, skipped: list[DocOutcome], workers: int | None) -> None:
        _start_lines(self.console, total, total_bytes, skipped, workers, self.verbose)
        self.c.begin(total, total_bytes)
        self.last = time.monotonic()

    def advance(self, o: DocOutcome, nbytes: int) -> None:
        self.c.add(o, nbytes)
        if self.verbose or o.status in NOT_OK:
            self.console.print(outcome_line(o), highlight=False)

    def line(self) -> str:
        c = self.c
        share = f" ({100 * c.done / c.total:.0f}%)" if c.total else ""
        return (
            f"progress: {c.done}/{c.total} documents{share}, {c.bad} not ok, "
            f"{c.pages_per_second:.1f} pages/s, ETA {format_eta(c.eta)}"
        )

    def tick(self) -> None:
        if self.c.total and time.monotonic() - self.last >= self.interval:
            self.last = time.monotonic()
            self.console.print(self.line(), highlight=False)

    def finish(self, summary: RunSummary) -> None:
        if self.c.total:
            self.console.print(self.line(), highlight=False)
        if summary.interrupted:
            self.console.print(
                "[yellow]interrupted:[/] finished documents are saved; run the same command again to resume",
                highlight=False,
            )


class BarProgress:
    """For a terminal: a live bar with documents, pages per second and time left."""

    def __init__(self, console: Console, verbose: bool = False) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn
        from rich.progress import Progress as RichBar

        self.console, self.verbose = console, verbose
        self.c = _Counts()
        self.bar = RichBar(
            TextColumn("[bold]extracting"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("documents"),
            TextColumn("{task.fields[pps]} pages/s"),
            TextColumn("ETA {task.fields[eta]}"),
            console=console,
            transient=False,
        )
        self.task: TaskID | None = None

    def start(self, total: int, total_bytes: int, skipped: list[DocOutcome], workers: int | None) -> None:
        _start_lines(self.console, total, total_bytes, skipped, workers, self.verbose)
        self.c.begin(total, total_bytes)
        if total:
            self.bar.start()
            self.task = self.bar.add_task("extract", total=total, pps="0.0", eta="-")

    def advance(self, o: DocOutcome, nbytes: int) -> None:
        self.c.add(o, nbytes)
        if self.verbose or o.status in NOT_OK:
            self.bar.console.print(outcome_line(o), highlight=False)
        self.tick()

    def tick(self) -> None:
        if self.task is not None:
            self.bar.update(
                self.task,
                completed=self.c.done,
                pps=f"{self.c.pages_per_second:.1f}",
                eta=format_eta(self.c.eta),
            )

    def finish(self, summary: RunSummary) -> None:
        if self.task is not None:
            self.tick()
            self.bar.stop()
        if summary.interrupted:
            self.console.print(
                "[yellow]interrupted:[/] finished documents are saved; run the same command again to resume",
                highlight=False,
            )
