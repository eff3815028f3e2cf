"""Loading hand-made extraction results into a warehouse through the real writer and loader."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from kpi.extractors.records import ExtractionResult
from kpi.pipeline.executors.task import prepare
from kpi.pipeline.writer import BatchWriter, DuckDBSink

if TYPE_CHECKING:
    import duckdb


def load_result(
    con: duckdb.DuckDBPyConnection, result: ExtractionResult, extractor_version: str = "test"
) -> dict[str, int]:
    """Load one result as `kpi ingest` does (records -> Arrow as in a worker, then the writer's
    batch through ``kpi.warehouse.load``), replacing what the warehouse holds for its document.

    Returns rows loaded per contract table.  ``result`` is left as it was (the conversion
    empties the record lists of a copy).
    """
    out = prepare(copy.copy(result))
    sink = DuckDBSink(con)
    try:
        sink.done()
        writer = BatchWriter([sink], extractor_version)
        writer.add(out)
        writer.flush()
    finally:
        sink.release()
    return out.rows
