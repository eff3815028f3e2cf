"""`kpi eval`: score a warehouse against hand-made gold CSVs (format: samples/README.md).

Rows are compared as multisets of keys, per table and per document.  Gold documents are named by
file stem; warehouse documents are tied to them by the stem of their source path.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, SupportsFloat

import duckdb
import pandas as pd

from kpi.extractors.domain import ValueKind

GOLD_FILES = {
    "indicator_values": "indicators.csv",
    "budget_lines": "budget.csv",
    "goal_status": "goal_status.csv",
    "risks": "risks.csv",
}
NUM_TOLERANCE = 1e-6

Row = dict[Hashable, Any]
"""One gold or warehouse row, by column name (as pandas gives records)."""
Key = tuple[object, ...]
"""What two rows of a table must share to count as the same row."""


def fold(text: object) -> str:
    """Whitespace and case folding used by every comparison."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    return re.sub(r"\s+", " ", str(text)).strip().casefold()


def num(v: object) -> float | None:
    if v is None or v == "" or not isinstance(v, str | SupportsFloat):
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else round(f, 6)


def _indicator_key(r: Row) -> Key:
    kind = ValueKind.OUTCOME if r["value_kind"] == "baseline" else r["value_kind"]  # gold marks baselines
    value = num(r["value_num"])
    raw = "" if value is not None else fold(r["value_raw"])
    return (kind, fold(r["period"]), value, raw, fold(r.get("subject")))  # whose value: NULL = own


def _indicator_match(g: Row, w: Row) -> bool:
    if _indicator_key(g) != _indicator_key(w):
        return False
    if fold(g["indicator_name"]) == fold(w["indicator_name"]):
        return True
    gc, wc = fold(g.get("kolada_code")), fold(w.get("kolada_code"))
    return bool(gc) and gc == wc


def _key(table: str, r: Row) -> Key:
    if table == "budget_lines":
        return (
            fold(r["table_kind"]),
            fold(r["row_label"]),
            fold(r["measure"]),
            fold(r["period"]),
            num(r["amount"]),
        )
    if table == "goal_status":
        return (fold(r["goal_number"]), fold(r["month"]), fold(r["status"]))
    if table == "risks":
        return (fold(r["category"]), fold(r["title"]), num(r["probability"]), num(r["consequence"]))
    raise KeyError(table)


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


@dataclass
class EvalReport:
    per_table: dict[str, Score] = field(default_factory=dict)
    per_doc: dict[tuple[str, str], Score] = field(default_factory=dict)
    missed: list[tuple[str, str, Row]] = field(default_factory=list)
    spurious: list[tuple[str, str, Row]] = field(default_factory=list)
    missing_documents: list[str] = field(default_factory=list)

    def frame(self) -> pd.DataFrame:
        rows = [_score_row(table, doc, s) for (table, doc), s in sorted(self.per_doc.items())]
        rows += [_score_row(table, "ALL", s) for table, s in self.per_table.items()]
        return pd.DataFrame(rows)


def _score_row(table: str, document: str, s: Score) -> dict[str, object]:
    return {
        "table": table,
        "document": document,
        "gold": s.tp + s.fn,
        "extracted": s.tp + s.fp,
        "tp": s.tp,
        "precision": round(s.precision, 4),
        "recall": round(s.recall, 4),
        "f1": round(s.f1, 4),
    }


def _take(table: str, rows: list[Row], wanted: Counter[Key]) -> list[Row]:
    """The rows whose keys are in ``wanted``, as many of each as it counts."""
    left = Counter(wanted)
    out: list[Row] = []
    for r in rows:
        k = _key(table, r)
        if left[k] > 0:
            left[k] -= 1
            out.append(r)
    return out


def _match_doc(table: str, gold: list[Row], got: list[Row]) -> tuple[Score, list[Row], list[Row]]:
    if table == "indicator_values":
        remaining = list(got)
        missed: list[Row] = []
        tp = 0
        for g in gold:
            hit = next((i for i, w in enumerate(remaining) if _indicator_match(g, w)), None)
            if hit is None:
                missed.append(g)
            else:
                remaining.pop(hit)
                tp += 1
        return Score(tp, len(remaining), len(missed)), missed, remaining
    gk = Counter(_key(table, g) for g in gold)
    wk = Counter(_key(table, w) for w in got)
    common = gk & wk
    missed = _take(table, gold, gk - common)
    spurious = _take(table, got, wk - common)
    return Score(sum(common.values()), len(spurious), len(missed)), missed, spurious


def evaluate(gold_dir: str | Path, con: duckdb.DuckDBPyConnection) -> EvalReport:
    gold_dir = Path(gold_dir)
    docs = con.execute("SELECT doc_id, source_path FROM documents").fetchall()
    by_stem = {Path(p).stem: d for d, p in docs if p}
    gold: dict[str, pd.DataFrame] = {}
    for table, fname in GOLD_FILES.items():
        f = gold_dir / fname
        if f.exists():
            df = pd.read_csv(f, dtype=str, keep_default_na=False)
            if table == "budget_lines":
                df = df.rename(columns={"table": "table_kind"})
            if table == "risks":
                df = df.rename(columns={"sannolikhet": "probability", "konsekvens": "consequence"})
            gold[table] = df
    gold_docs = sorted(set().union(*(set(df["doc_id"]) for df in gold.values()))) if gold else []
    report = EvalReport()
    report.missing_documents = [d for d in gold_docs if d not in by_stem]
    for table, gdf in gold.items():
        total = Score()
        for stem in gold_docs:
            if stem not in by_stem:
                continue
            g_rows = gdf[gdf["doc_id"] == stem].to_dict("records")
            w_rows = (
                con.execute(f"SELECT * FROM {table} WHERE doc_id = ?", [by_stem[stem]])
                .df()
                .to_dict("records")
            )
            pages = _labelled_pages(g_rows)
            if pages:  # a gold file with a page column labels those pages only
                w_rows = [w for w in w_rows if w.get("page") in pages]
            s, missed, spurious = _match_doc(table, g_rows, w_rows)
            if s.tp + s.fp + s.fn == 0:
                continue
            report.per_doc[(table, stem)] = s
            total.add(s)
            report.missed += [(table, stem, m) for m in missed]
            report.spurious += [(table, stem, w) for w in spurious]
        report.per_table[table] = total
    return report


def _labelled_pages(rows: list[Row]) -> set[int]:
    """The pages a document's gold rows name (empty when the gold file has no page column)."""
    out = set()
    for r in rows:
        page = num(r.get("page"))
        if page is not None:
            out.add(int(page))
    return out


def table_coverage(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per document, the numbers printed in table layout and how many some row holds (no gold needed:
    the extractor's own accounting, see ``kpi.extractors.tables.layer``)."""
    return con.execute(
        """
        SELECT regexp_extract(d.source_path, '[^/]+$') AS document,
               d.numbers_in_tables, d.numbers_read,
               round(d.numbers_read / nullif(d.numbers_in_tables, 0), 3) AS coverage,
               (SELECT count(*) FROM extraction_issues i
                 WHERE i.doc_id = d.doc_id AND i.code = 'unread_table') AS unread_tables
        FROM documents d
        WHERE d.numbers_in_tables IS NOT NULL
        ORDER BY coverage NULLS LAST, document
        """
    ).df()
