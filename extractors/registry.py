"""The recognizers run on every document, in order.

A recognizer is a function ``recognize(doc: DocumentModel, result: ExtractionResult) -> None``
that reads the shared page model and appends records to ``result``.  One module per layout
family; add a new family by adding its module path here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from kpi.extractors.layout import DocumentModel
from kpi.extractors.records import ExtractionResult

Recognizer = Callable[[DocumentModel, ExtractionResult], None]

RECOGNIZERS: list[str] = [
    "kpi.extractors.indicators",
    "kpi.extractors.budget",
    "kpi.extractors.status_lights",
    "kpi.extractors.risks",
    "kpi.extractors.goal_assessments",  # yearly goal assessments (icons or words beside goals)
    "kpi.extractors.tables.layer",  # it marks which cells the recognizers above took
    "kpi.extractors.indicators.key_figures",  # meaning for the tables no recognizer above took
]


def recognizers() -> list[tuple[str, Recognizer]]:
    out = []
    for spec in RECOGNIZERS:
        module = importlib.import_module(spec)
        out.append((spec.rsplit(".", 1)[-1], module.recognize))
    return out
