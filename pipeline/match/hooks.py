"""The matching hooks of `kpi ingest`: re-match after loading, and get ready for it meanwhile.

Kept apart from :mod:`kpi.pipeline.match.run` so that the CLI can hand them to the run loop without
importing the matcher (a re-run with nothing to load imports no heavy module).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb


def after_ingest(con: duckdb.DuckDBPyConnection) -> None:
    """The `after_load` hook of `kpi ingest`: re-match with the stored decisions."""
    from kpi.pipeline.match.run import run_matching

    run_matching(con)


def prepare_after_ingest() -> None:
    """The `prepare_after_load` hook of `kpi ingest`: import the matcher and read the Kolada catalogue
    while the workers extract, so that matching after the last document starts at once."""
    import kpi.pipeline.match.run  # noqa: F401
    from kpi.pipeline.match.suggest import catalogue

    catalogue()
