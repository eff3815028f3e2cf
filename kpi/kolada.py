"""Kolada, the official municipal statistics: check what kpi read from the PDFs against it.

```python
import kpi

table = kpi.kolada.compare("my.duckdb", "samples/kolada/values_tyreso_0138_ekero_0125.csv")
table[["kolada_code", "period", "value_num", "kolada_value", "status"]]
```

:func:`compare` is :func:`kpi.pipeline.kolada.compare.compare` (see there for its arguments): every
extracted outcome with a Kolada code beside Kolada's value, with a ``status`` of ``match``,
``period_offset`` (the plan's "Utfall 2019" is Kolada's 2018 value), ``mismatch`` or
``not_in_kolada``.  Every public name of the Kolada modules (:mod:`kpi.pipeline.kolada.compare`,
``.client``, ``.values``, ``.store``, ``.municipalities``: ``KoladaClient``, ``read_values``, ...)
is reached here too, each imported on first use, so ``import kpi`` stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kpi.pipeline.kolada.compare import compare

__all__ = ["compare"]

MODULES = (
    "kpi.pipeline.kolada.compare",
    "kpi.pipeline.kolada.client",
    "kpi.pipeline.kolada.values",
    "kpi.pipeline.kolada.store",
    "kpi.pipeline.kolada.municipalities",
)
"""Where a name is looked up, in order (a module that does not exist is passed over)."""


def __getattr__(name: str) -> Any:  # whatever the Kolada modules define
    if not name.startswith("_"):
        for module in MODULES:
            try:
                found = getattr(importlib.import_module(module), name, None)
            except ModuleNotFoundError as exc:
                if exc.name != module:
                    raise
                continue
            if found is not None:
                globals()[name] = found
                return found
    raise AttributeError(f"module 'kpi.kolada' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*__all__, *(n for n in globals() if n.startswith("__"))})
