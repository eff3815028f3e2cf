"""Printed indicator occurrences: the units that matching ties to canonical indicators.

An occurrence is one printed name in one document under one goal: (doc_id, indicator_name,
section_path).  It carries what the matcher uses as evidence besides the name: the Kolada code
printed with it, its units, its outcome values by period, its goal context, and the document's
municipality, organ and date (for blocking and ordering).
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import duckdb

from kpi.extractors.domain import ValueKind
from kpi.pipeline.match.names import NormName, fold_text, normalize_context, normalize_name, normalize_organ

OUTCOME_KINDS: frozenset[str] = frozenset({ValueKind.OUTCOME, "baseline"})
"""value_kind / value_role values that are measured values (comparable across documents)."""


@dataclass
class Occurrence:
    """One printed indicator name in one document under one goal."""

    doc_id: str
    name: str
    section_path: str | None
    municipality: str | None = None
    municipality_code: str | None = None
    organ: str | None = None
    doc_year: int | None = None
    doc_period: str | None = None
    doc_title: str | None = None
    code: str | None = None
    units: frozenset[str] = frozenset()
    values: dict[str, tuple[float, str]] = field(default_factory=dict)
    pages: tuple[int, ...] = ()
    norm: NormName = field(init=False)
    context: str = field(init=False)
    organ_parts: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        self.norm = normalize_name(self.name)
        self.context = normalize_context(self.section_path)
        self.organ_parts = normalize_organ(self.organ)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.doc_id, self.name, self.section_path or "")

    @property
    def block(self) -> str:
        """The blocking key: the municipality (its code when known)."""
        if self.municipality_code:
            return self.municipality_code
        if self.municipality:
            return fold_text(unicodedata.normalize("NFC", self.municipality))
        return "?"

    @property
    def doc_order(self) -> tuple[int, str, str]:
        """Chronological order of the document (ties broken by doc_id, never by input order)."""
        return (self.doc_year if self.doc_year is not None else 9999, self.doc_period or "", self.doc_id)

    @property
    def sort_key(self) -> tuple[int, str, str, str, str]:
        return (*self.doc_order, self.name, self.section_path or "")

    @property
    def unit(self) -> str | None:
        return ",".join(sorted(self.units)) or None

    def values_text(self) -> str:
        return "; ".join(f"{p}: {raw}" for p, (_, raw) in sorted(self.values.items()))


_SQL = """
SELECT iv.doc_id, iv.indicator_name, iv.section_path, iv.kolada_code, iv.unit, iv.value_kind,
       iv.value_role, iv.period, iv.value_num, iv.value_raw, iv.page,
       d.municipality, d.municipality_code, d.organ, d.year, d.period AS doc_period, d.title
FROM indicator_values iv JOIN documents d USING (doc_id)
WHERE iv.indicator_name IS NOT NULL AND trim(iv.indicator_name) <> ''
"""


def _most_common(values: list[str]) -> str | None:
    counts: dict[str, int] = defaultdict(int)
    for v in values:
        if v:
            counts[v] += 1
    return min(counts, key=lambda v: (-counts[v], v)) if counts else None


def from_rows(rows: list[tuple[Any, ...]]) -> list[Occurrence]:
    """Occurrences from rows shaped like :data:`_SQL` (order of rows does not matter)."""
    groups: dict[tuple[str, str, str | None], list[tuple[Any, ...]]] = defaultdict(list)
    for r in rows:
        groups[(r[0], r[1], r[2] or None)].append(r)
    # a row without a goal context joins the only goal context its name has in that document
    by_name: dict[tuple[str, str], list[str | None]] = defaultdict(list)
    for doc, name, sec in groups:
        by_name[(doc, name)].append(sec)
    for (doc, name), secs in by_name.items():
        named = [s for s in secs if s is not None]
        if None in secs and len(named) == 1:
            groups[(doc, name, named[0])].extend(groups.pop((doc, name, None)))
    out = []
    for (doc, name, sec), rs in groups.items():
        r0 = rs[0]
        values: dict[str, tuple[float, str]] = {}
        for r in sorted(rs, key=lambda r: (str(r[7]), str(r[9]))):
            kind = r[6] if r[6] in OUTCOME_KINDS else r[5]
            if kind in OUTCOME_KINDS and r[8] is not None and r[7]:
                values.setdefault(str(r[7]), (float(r[8]), str(r[9] if r[9] is not None else r[8])))
        units = frozenset(r[4] for r in rs if r[4] and r[4] != "text")
        out.append(
            Occurrence(
                doc_id=doc,
                name=name,
                section_path=sec,
                municipality=r0[11],
                municipality_code=r0[12],
                organ=r0[13],
                doc_year=r0[14],
                doc_period=r0[15],
                doc_title=r0[16],
                code=_most_common([r[3] for r in rs]),
                units=units,
                values=values,
                pages=tuple(sorted({int(r[10]) for r in rs if r[10] is not None})),
            )
        )
    out.sort(key=lambda o: o.sort_key)
    return out


def load_occurrences(con: duckdb.DuckDBPyConnection) -> list[Occurrence]:
    """Every occurrence in the warehouse, in chronological order."""
    return from_rows(con.execute(_SQL).fetchall())
