"""Researchers' decisions: the review CSV, the crosswalk file and the decisions table.

The review CSV that ``kpi match --review-out`` writes *is* the crosswalk format: a researcher
fills the ``decision`` column with ``same`` or ``different`` and hands the file back (``--crosswalk``
or the same ``--review-out`` path).  Decisions are stored in ``match_decisions`` and applied on
every later run, so they are never lost; applying a file twice changes nothing.

A decision names printed occurrences: ``name_a`` (and ``name_b``) as printed, optionally narrowed
by ``doc_id`` and ``section`` (empty: every occurrence of that name in the municipality).
``kind`` is ``pair`` (two names) or ``kolada_title`` (a proposed Kolada code ``code_b`` for ``name_a``).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

if TYPE_CHECKING:
    from kpi.pipeline.match.occurrences import Occurrence

REVIEW_COLUMNS: tuple[str, ...] = (
    "decision",
    "kind",
    "score",
    "municipality",
    "name_a",
    "code_a",
    "unit_a",
    "values_a",
    "doc_title_a",
    "page_a",
    "section_a",
    "doc_id_a",
    "name_b",
    "code_b",
    "unit_b",
    "values_b",
    "doc_title_b",
    "page_b",
    "section_b",
    "doc_id_b",
    "evidence",
    "indicator_id_a",
    "indicator_id_b",
)
DECISIONS = ("same", "different")
KINDS = (
    "pair",
    "kolada_title",
    "budget_pair",
)  # budget_pair: two budget rows (kpi.pipeline.match.budget_rows)


class CrosswalkError(ValueError):
    """A crosswalk file that cannot be read as decisions."""


@dataclass(frozen=True)
class Decision:
    kind: str
    decision: str
    municipality: str | None = None
    doc_id_a: str | None = None
    name_a: str | None = None
    section_a: str | None = None
    doc_id_b: str | None = None
    name_b: str | None = None
    section_b: str | None = None
    code_b: str | None = None

    def key(self) -> tuple[str, str, tuple[str, ...], tuple[str, ...]]:
        """Identity of the question decided (independent of the answer and of side order)."""
        a: tuple[str, ...] = (self.doc_id_a or "", self.name_a or "", self.section_a or "")
        b: tuple[str, ...] = (self.doc_id_b or "", self.name_b or "", self.section_b or "", self.code_b or "")
        if self.kind == "pair" and b[:3] < a:
            a, b = b[:3], (*a, self.code_b or "")
        return (self.kind, self.municipality or "", a, b)


_DB_COLUMNS = [f.name for f in fields(Decision)]


def _clean(v: str | None) -> str | None:
    v = " ".join((v or "").split())
    return v or None


def read_crosswalk(path: str | Path) -> list[Decision]:
    """Decisions marked in a review/crosswalk CSV (rows with an empty decision are skipped)."""
    out = []
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        missing = {"decision", "name_a"} - set(reader.fieldnames or [])
        if missing:
            raise CrosswalkError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        for n, row in enumerate(reader, start=2):
            decision = (row.get("decision") or "").strip().lower()
            if not decision:
                continue
            if decision not in DECISIONS:
                raise CrosswalkError(f"{path}:{n}: decision must be 'same' or 'different', not {decision!r}")
            kind = (row.get("kind") or "pair").strip() or "pair"
            if kind not in KINDS:
                raise CrosswalkError(f"{path}:{n}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
            d = Decision(kind, decision, **{c: _clean(row.get(c)) for c in _DB_COLUMNS[2:]})
            if not d.name_a or (kind == "pair" and not d.name_b) or (kind == "kolada_title" and not d.code_b):
                raise CrosswalkError(
                    f"{path}:{n}: a {kind} decision needs name_a and "
                    f"{'name_b' if kind == 'pair' else 'code_b'}"
                )
            out.append(d)
    return out


def load_decisions(con: duckdb.DuckDBPyConnection) -> list[Decision]:
    rows = con.execute(
        f"SELECT {', '.join(_DB_COLUMNS)} FROM match_decisions ORDER BY decided_at, rowid"
    ).fetchall()
    return [Decision(*r) for r in rows]


def store_decisions(con: duckdb.DuckDBPyConnection, decisions: Iterable[Decision], source: str) -> int:
    """Upsert decisions (a later answer to the same question replaces the earlier); returns changes."""
    existing = {d.key(): d for d in load_decisions(con)}
    changed = 0
    now = datetime.now(UTC).replace(tzinfo=None)
    for d in decisions:
        old = existing.get(d.key())
        if old is not None and old.decision == d.decision:
            continue
        if old is not None:
            con.execute(
                "DELETE FROM match_decisions WHERE kind = ? AND coalesce(municipality, '') = ? AND "
                "coalesce(doc_id_a, '') = ? AND coalesce(name_a, '') = ? AND coalesce(section_a, '') = ? AND "
                "coalesce(doc_id_b, '') = ? AND coalesce(name_b, '') = ? AND coalesce(section_b, '') = ? AND "
                "coalesce(code_b, '') = ?",
                [
                    old.kind,
                    old.municipality or "",
                    old.doc_id_a or "",
                    old.name_a or "",
                    old.section_a or "",
                    old.doc_id_b or "",
                    old.name_b or "",
                    old.section_b or "",
                    old.code_b or "",
                ],
            )
        con.execute(
            f"INSERT INTO match_decisions ({', '.join(_DB_COLUMNS)}, source, decided_at) "
            f"VALUES ({', '.join('?' * (len(_DB_COLUMNS) + 2))})",
            [getattr(d, c) for c in _DB_COLUMNS] + [source, now],
        )
        existing[d.key()] = d
        changed += 1
    return changed


class OccurrenceIndex:
    """Find the occurrences a decision names."""

    def __init__(self, occs: list[Occurrence]):
        self.occs = occs
        self.by_name: dict[str, list[int]] = defaultdict(list)
        for i, o in enumerate(occs):
            self.by_name[" ".join(o.name.split())].append(i)

    def find(
        self, municipality: str | None, doc_id: str | None, name: str | None, section: str | None
    ) -> list[int]:
        out = []
        for i in self.by_name.get(" ".join((name or "").split()), ()):
            o = self.occs[i]
            if doc_id and o.doc_id != doc_id:
                continue
            if section and " ".join((o.section_path or "").split()) != section:
                continue
            if municipality and municipality not in (o.municipality, o.municipality_code, o.block):
                continue
            out.append(i)
        return out


def resolve(d: Decision, index: OccurrenceIndex) -> tuple[list[int], list[int]]:
    """(occurrences of side a, occurrences of side b) a decision applies to."""
    a = index.find(d.municipality, d.doc_id_a, d.name_a, d.section_a)
    b = index.find(d.municipality, d.doc_id_b, d.name_b, d.section_b) if d.kind == "pair" else []
    return a, b


def write_review(path: str | Path, rows: Sequence[Mapping[str, object]]) -> None:
    """Write review rows (dicts with REVIEW_COLUMNS keys) as the crosswalk CSV."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with open(tmp, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(REVIEW_COLUMNS), extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({c: ("" if r.get(c) is None else r.get(c)) for c in REVIEW_COLUMNS})
    tmp.replace(path)
