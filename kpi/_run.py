"""``kpi.ingest``, ``kpi.match`` and ``kpi.export``: the command line's engines as Python calls.

Each runs in this process what ``kpi ingest``, ``kpi match`` and ``kpi export`` run (no
subprocess) and returns the same summary the command prints with ``--json`` (``.as_dict()``).
A warehouse a :class:`~kpi.warehouse.api.Warehouse` holds open in this process must be closed first:
these calls open it for writing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from kpi.pipeline.match.run import MatchSummary
    from kpi.pipeline.outcomes import RunSummary
    from kpi.pipeline.progress import Progress
    from kpi.warehouse.export import ExportSummary

__all__ = ["export", "ingest", "match"]

PathLike = str | Path


def _paths(paths: PathLike | Sequence[PathLike]) -> list[Path]:
    items = [paths] if isinstance(paths, str | Path) else list(paths)
    if not items:
        raise ValueError("no paths given: name PDF files or folders to ingest")
    out = [Path(p) for p in items]
    missing = [str(p) for p in out if not p.exists()]
    if missing:
        raise FileNotFoundError(f"no such file or folder: {', '.join(missing)} (nothing was ingested)")
    return out


def ingest(
    paths: PathLike | Sequence[PathLike],
    db: PathLike | None = None,
    *,
    workers: int | None = None,
    progress: bool | Progress = True,
    force: bool = False,
    wait: float = 0.0,
    timeout: float | None = None,
    max_memory: int | None = None,
    executor: Literal["local", "dask"] = "local",
    scheduler: str | None = None,
    out_parquet: PathLike | None = None,
    ocr: bool = False,
    match: bool = True,
) -> RunSummary:
    """Extract every PDF under ``paths`` into the warehouse ``db`` — what ``kpi ingest`` does.

    Args:
        paths: PDF files and folders (searched recursively for ``*.pdf``), one or a list.  A path
            that does not exist raises ``FileNotFoundError`` before anything is created.
        db: the DuckDB warehouse file (created and migrated if needed).  May be ``None`` when
            ``out_parquet`` is given.
        workers: worker processes (default: every core); ``0`` extracts in this process,
            without the per-document time and memory limits.
        progress: ``True`` prints progress lines and the summary (as the command does),
            ``False`` prints nothing; or a :class:`kpi.pipeline.progress.Progress` of your own.
        force: re-extract documents already loaded.
        wait: seconds to wait while another process holds the warehouse
            (then :class:`kpi.warehouse.db.WarehouseBusy`).
        timeout, max_memory: per-document limits in seconds and MB (defaults as the command's).
        executor, scheduler: ``"dask"`` and a scheduler address run extraction on a Dask cluster.
        out_parquet: also (or, with ``db=None``, only) write per-document Parquet shards here.
        ocr: OCR pages without a text layer first (needs ocrmypdf and Tesseract).
        match: tie printed indicator names to canonical indicators after loading (as the command
            always does); ``False`` leaves that to a later :func:`match`.

    Returns:
        The run summary: ``counts`` (documents per outcome: ok, partial, failed, skipped),
        ``rows`` (rows loaded per table), ``not_ok`` (the documents that failed or are partial,
        with the reason), ``pages``, ``seconds``, ``exit_code`` (the command's exit status) and
        ``as_dict()`` (the command's ``--json``).  Documents already loaded are skipped, so
        running the same call again after an interruption resumes.
    """
    from kpi.pipeline.executors.choose import make_executor
    from kpi.pipeline.executors.local import DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT
    from kpi.pipeline.match.hooks import after_ingest, prepare_after_ingest
    from kpi.pipeline.run import ingest as run_ingest

    found = _paths(paths)
    ex = make_executor(
        executor,
        workers,
        DEFAULT_TIMEOUT if timeout is None else timeout,
        DEFAULT_MAX_MEMORY_MB if max_memory is None else max_memory,
        scheduler,
        ocr=ocr,
    )
    from kpi.pipeline.console import out  # the one output layer: nothing read as markup

    console = None
    if progress is True:
        from kpi.pipeline.report_run import make_progress

        console = out
        shown: Progress = make_progress(console, silent=False, verbose=False)
    elif progress is False:
        from kpi.pipeline.progress import NullProgress

        shown = NullProgress()
    else:
        shown = progress
    summary = run_ingest(
        [str(p) for p in found],
        db,
        executor=ex,
        force=force,
        wait=wait,
        out_parquet=out_parquet,
        progress=shown,
        after_load=after_ingest if match else None,
        prepare_after_load=prepare_after_ingest if match else None,
    )
    if console is not None:
        from kpi.pipeline.report_run import print_summary

        print_summary(console, summary)
    return summary


def match(
    db: PathLike,
    *,
    crosswalk: PathLike | Sequence[PathLike] = (),
    review_out: PathLike | None = None,
    accept: float = 85.0,
    review: float = 70.0,
    wait: float = 0.0,
) -> MatchSummary:
    """Re-run indicator matching over the warehouse ``db`` — what ``kpi match`` does.

    Args:
        db: the warehouse file (it must exist; close any :class:`~kpi.warehouse.api.Warehouse`
            open on it first).
        crosswalk: review CSV(s) whose ``decision`` column says ``same`` or ``different``; the
            decisions are stored in the warehouse and applied on every later run.
        review_out: write the uncertain pairs to this CSV (marks already in it are applied first).
        accept, review: pair scores (0-100) at or above which a pair is tied, or goes to review.
        wait: seconds to wait while another process holds the warehouse.

    Returns:
        The summary: ``counts`` (occurrences, indicators, ties per method, pairs to review),
        ``decisions_loaded``, ``conflicts``, ``review_file``; ``as_dict()`` is ``kpi match --json``.
    """
    from kpi.pipeline.match.rules import Thresholds
    from kpi.pipeline.match.run import run_matching
    from kpi.warehouse.db import connect

    if review > accept:
        raise ValueError(f"review ({review}) must not be above accept ({accept})")
    files = [Path(crosswalk)] if isinstance(crosswalk, str | Path) else [Path(p) for p in crosswalk]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise FileNotFoundError(f"no crosswalk file at {', '.join(missing)}")
    if not Path(db).exists():
        raise FileNotFoundError(f"no warehouse at {db}")
    con = connect(db, wait=wait)
    try:
        return run_matching(con, files, review_out, Thresholds(accept=accept, review=review))
    finally:
        con.close()


def export(
    db: PathLike,
    out: PathLike,
    *,
    format: Literal["parquet", "csv"] = "parquet",
    overwrite: bool = False,
) -> ExportSummary:
    """Write every table of the warehouse ``db`` to files under ``out`` — what ``kpi export`` does.

    Parquet: one folder per table, hive-partitioned by municipality and year where rows belong to
    a document (``pd.read_parquet(out / "indicator_values")`` reads one back).  CSV: one
    ``out/<table>.csv`` per table.  ``out/manifest.json`` lists tables and row counts.  Existing
    output raises :class:`kpi.warehouse.export.ExportError` unless ``overwrite``.

    Returns:
        The summary: ``tables`` (each with ``table``, ``rows``, ``path``), ``format``, ``out``.
    """
    from kpi.warehouse.export import export as run_export

    if not Path(db).exists():
        raise FileNotFoundError(f"no warehouse at {db}")
    return run_export(db, out, format, overwrite=overwrite)
