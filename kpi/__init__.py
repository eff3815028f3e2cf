"""kpi: Swedish municipal steering documents (PDFs) into a DuckDB warehouse — the Python API.

```python
import kpi

summary = kpi.ingest(["samples/pdf"], "my.duckdb")   # the engine `kpi ingest` runs, in this process
print(summary.counts, summary.rows)                    # documents per outcome, rows per table

with kpi.open("my.duckdb") as wh:                      # read-only by default
    wh.search_indicators("sjukfrånvaro")               # fuzzy over names and printed aliases
    s = wh.series(["N00973", "U30202"], municipality="Tyresö", years=range(2018, 2025))
    kpi.wide(s, by=["indicator_id"])                   # target | outcome | forecast per period

kpi.match("my.duckdb", review_out="review.csv")        # re-run matching, write the review list
kpi.export("my.duckdb", "export/", format="parquet")   # every table, for R, Stata, Spark, pandas
kpi.kolada.compare("my.duckdb", "values.csv")          # extracted outcomes beside Kolada's values
```

Everything is imported on first use, so ``import kpi`` is fast.  :func:`open` returns a
:class:`~kpi.warehouse.api.Warehouse` (see there for every method); filters are strict, so a misspelt
municipality, organ, value kind or period raises an error naming the closest valid values.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kpi.pipeline.match.run import MatchSummary
    from kpi.pipeline.outcomes import RunSummary
    from kpi.warehouse.api import Warehouse, open, period_bounds, wide
    from kpi.warehouse.api_filters import UnknownValue
    from kpi.warehouse.db import WarehouseBusy
    from kpi.warehouse.export import ExportSummary

    from . import kolada
    from ._run import export, ingest, match

__all__ = [
    "ExportSummary",
    "MatchSummary",
    "RunSummary",
    "UnknownValue",
    "Warehouse",
    "WarehouseBusy",
    "export",
    "ingest",
    "kolada",
    "match",
    "open",
    "period_bounds",
    "wide",
]

_LAZY: dict[str, tuple[str, str | None]] = {
    "open": ("kpi.warehouse.api", "open"),
    "Warehouse": ("kpi.warehouse.api", "Warehouse"),
    "wide": ("kpi.warehouse.api", "wide"),
    "period_bounds": ("kpi.warehouse.api", "period_bounds"),
    "UnknownValue": ("kpi.warehouse.api_filters", "UnknownValue"),
    "WarehouseBusy": ("kpi.warehouse.db", "WarehouseBusy"),
    "ingest": ("kpi._run", "ingest"),
    "match": ("kpi._run", "match"),
    "export": ("kpi._run", "export"),
    "RunSummary": ("kpi.pipeline.outcomes", "RunSummary"),
    "MatchSummary": ("kpi.pipeline.match.run", "MatchSummary"),
    "ExportSummary": ("kpi.warehouse.export", "ExportSummary"),
    "kolada": ("kpi.kolada", None),
}
"""Public name -> (module, attribute; None: the module itself), imported on first use."""


def __getattr__(name: str) -> Any:  # whatever the lazily imported name is
    try:
        module, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'kpi' has no attribute {name!r}") from None
    value = importlib.import_module(module)
    if attr is not None:
        value = getattr(value, attr)
    globals()[name] = value  # the next access is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*__all__, *(n for n in globals() if n.startswith("__"))})
