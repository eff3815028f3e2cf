"""The Kolada values CSV (``samples/kolada/values_tyreso_0138_ekero_0125.csv`` is one)."""

from __future__ import annotations

import csv
from dataclasses import astuple, dataclass, fields
from pathlib import Path

TOTAL = "T"
"""Kolada's gender code for the total (the other codes are k/K and m/M)."""


@dataclass(frozen=True)
class KoladaValue:
    kpi: str
    municipality_id: str
    municipality: str
    gender: str
    period: int
    value: float | None
    kpi_title: str


COLUMNS = tuple(f.name for f in fields(KoladaValue))


def read_values(path: str | Path) -> list[KoladaValue]:
    out = []
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        missing = {"kpi", "municipality_id", "period", "value"} - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"{path}: not a Kolada values CSV (missing {', '.join(sorted(missing))})")
        for r in reader:
            v = (r.get("value") or "").strip()
            out.append(
                KoladaValue(
                    r["kpi"].strip(),
                    r["municipality_id"].strip().zfill(4),
                    r.get("municipality", ""),
                    (r.get("gender") or TOTAL).strip(),
                    int(r["period"]),
                    float(v) if v else None,
                    r.get("kpi_title", ""),
                )
            )
    return out


def write_values(path: str | Path, values: list[KoladaValue]) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        for v in sorted(values, key=lambda v: (v.kpi, v.municipality_id, v.period, v.gender)):
            row = list(astuple(v))
            row[5] = "" if v.value is None else repr(v.value)
            w.writerow(row)


def totals(values: list[KoladaValue]) -> dict[tuple[str, str], dict[int, float]]:
    """(kpi, municipality_id) -> {year: total value}."""
    out: dict[tuple[str, str], dict[int, float]] = {}
    for v in values:
        if v.gender.upper() == TOTAL and v.value is not None:
            out.setdefault((v.kpi, v.municipality_id), {})[v.period] = v.value
    return out
