"""Shared helpers for the indicator tests (no tests here): run the recognizer, read the gold."""

from __future__ import annotations

import csv
import math
from collections import Counter
from pathlib import Path

from kpi.extractors.document import detect_metadata
from kpi.extractors.indicators import recognize
from kpi.extractors.layout import DocumentModel
from kpi.extractors.records import ExtractionResult, IndicatorValue

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "samples" / "gold" / "indicators.csv"
SAMPLES = ROOT / "samples" / "pdf"


def run(path: Path) -> ExtractionResult:
    """The indicator recognizer alone on one PDF, with the document's detected metadata."""
    with DocumentModel(str(path)) as doc:
        result = ExtractionResult(doc_id=path.stem, source_path=str(path))
        result.meta = detect_metadata(doc)
        recognize(doc, result)
    return result


def _num(v: object) -> float | None:
    if v in (None, ""):
        return None
    f = float(v)  # type: ignore[arg-type]
    return None if math.isnan(f) else round(f, 6)


def key(name: str, kind: str, period: str | None, num: object, raw: str | None, unit: str | None) -> tuple:
    """What must agree between a row and its gold row (baseline is stored as an outcome)."""
    n = _num(num)
    kind = "outcome" if kind == "baseline" else kind
    return (
        " ".join(name.split()).casefold(),
        kind,
        period or "",
        n,
        "" if n is not None else " ".join((raw or "").split()).casefold(),
        unit or "",
    )


def row_key(v: IndicatorValue) -> tuple:
    return key(v.indicator_name, v.value_kind, v.period, v.value_num, v.value_raw, v.unit)


def gold_rows(doc: str) -> list[dict[str, str]]:
    with GOLD.open(encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if r["doc_id"] == doc]


def gold_keys(doc: str, names: set[str] | None = None) -> Counter:
    """Gold keys of one sample document, optionally only for the given indicator names."""
    out: Counter = Counter()
    for r in gold_rows(doc):
        if names is None or r["indicator_name"] in names:
            out[
                key(
                    r["indicator_name"],
                    r["value_kind"],
                    r["period"],
                    r["value_num"],
                    r["value_raw"],
                    r["unit"],
                )
            ] += 1
    return out


def got_keys(result: ExtractionResult) -> Counter:
    return Counter(row_key(v) for v in result.indicator_values)
