"""Generate the held-out pair set (issue 18): real drift across years, and a fixed rewording procedure.

    .venv/bin/kpi ingest samples/pdf samples/real samples/real2 --db /tmp/heldout.duckdb
    .venv/bin/python tests/match/make_heldout.py --db /tmp/heldout.duckdb   # writes the CSVs

The old labelled set (``make_labelled.py``) rewords Kolada catalogue titles with operations written
by the normalizer's authors.  This set does not reuse them:

* ``real`` groups: two real documents of different years, every occurrence as kpi extracted it,
  labelled by reading the documents (``data/heldout_real_labels.csv``, written by hand): the
  Tyresö plans for 2019 and 2020 (indicators) and Göteborg's Stadsrevisionen 2022 and 2024 (budget
  rows).  Every other tie between the two documents counts as a false one.
* ``reword`` groups: each real document (other than the Tyresö plans) and a "next year's" copy of
  it in which every printed name — indicator names and budget row labels — went through the
  procedure in :mod:`tests.match.reword`, fixed before the matcher ran on it: most names drift
  (one or two meaning-keeping operations), some are replaced by a name of another meaning, some
  disappear.  The copy prints last year's outcome again for half of its names (a value is evidence
  for the matcher), and for half of the replaced names a contradicting one.  A name printed under
  several contexts of one document is labelled per context: its counterpart under the same context
  is `same`, and a tie to its counterpart under another context counts as a false one.

Outputs ``data/heldout_occurrences.csv`` (shaped like ``labelled_occurrences.csv`` plus ``target``)
and ``data/heldout_pairs.csv`` (plus ``target``: ``indicator`` or ``budget``).
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections import defaultdict
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.match.reword import DIFFERENT_OPS, lexicon, reword, same_ops  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
SEED = 20261206
DROP_SHARE = 0.10
DIFFERENT_SHARE = 0.20
CARRY_VALUE_SHARE = 0.5
CONFLICT_VALUE_SHARE = 0.5
REAL_INDICATOR_DOCS = ("tyreso-namndplan-2019-ifo.pdf", "tyreso-namndplan-2020-ifo-arbete-integration.pdf")

OCC_FIELDS = [
    "group", "target", "doc_id", "year", "municipality", "municipality_code", "organ", "section_path",
    "indicator_name", "kolada_code", "unit", "value_kind", "period", "value_num", "value_raw",
]  # fmt: skip
PAIR_FIELDS = [
    "group", "target", "doc_a", "name_a", "section_a", "doc_b", "name_b", "section_b", "label", "kind", "ops",
]  # fmt: skip

_INDICATORS = """
SELECT regexp_extract(d.source_path, '[^/]+$'), d.year, d.municipality, d.municipality_code,
       d.organ_canonical, coalesce(i.section_path, ''), i.indicator_name, coalesce(i.kolada_code, ''),
       coalesce(i.unit, ''), i.value_kind, coalesce(i.period, ''), i.value_num, coalesce(i.value_raw, '')
FROM indicator_values i JOIN documents d USING (doc_id)
ORDER BY 1, i.page, i.indicator_name, i.value_kind, i.period
"""
_BUDGET = """
SELECT regexp_extract(d.source_path, '[^/]+$'), d.year, d.municipality, d.municipality_code,
       d.organ_canonical, coalesce(b.row_parent, b.table_title, ''), b.row_label, '', 'tkr',
       CASE WHEN b.measure = 'utfall' THEN 'outcome' ELSE b.measure END, coalesce(b.period, ''),
       b.amount, coalesce(b.value_raw, '')
FROM budget_lines b JOIN documents d USING (doc_id)
WHERE b.row_label IS NOT NULL AND trim(b.row_label) <> ''
ORDER BY 1, b.page, b.row_label, b.measure, b.period
"""


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> dict[str, list[tuple]]:
    out: dict[str, list[tuple]] = defaultdict(list)
    for r in con.execute(sql).fetchall():
        out[r[0]].append(r)
    return out


def _occ(group: str, target: str, doc: str, r: tuple, **over: object) -> dict:
    row = dict(zip(OCC_FIELDS[2:], (doc, *r[1:]), strict=True))
    row.update(group=group, target=target, **over)
    row["value_num"] = "" if row["value_num"] is None else row["value_num"]
    row["municipality_code"] = row["municipality_code"] or ""
    row["organ"] = row["organ"] or ""
    row["municipality"] = row["municipality"] or ""
    return row


def _real_groups(ind: dict[str, list[tuple]], bud: dict[str, list[tuple]]) -> tuple[list[dict], list[dict]]:
    with open(DATA / "heldout_real_labels.csv", newline="", encoding="utf-8") as fh:
        labels = list(csv.DictReader(fh))
    occs, pairs = [], []
    for target, rows in (("indicator", ind), ("budget", bud)):
        mine = [lb for lb in labels if lb["target"] == target]
        docs = sorted({lb["doc_a"] for lb in mine} | {lb["doc_b"] for lb in mine})
        group = f"real-{target}"
        for doc in docs:
            occs += [_occ(group, target, doc, r) for r in rows[doc]]
        sections: dict[tuple[str, str], set[str]] = defaultdict(set)
        for doc in docs:
            for r in rows[doc]:
                sections[(doc, r[6])].add(r[5])
        for lb in mine:
            sa, sb = sections[(lb["doc_a"], lb["name_a"])], sections[(lb["doc_b"], lb["name_b"])]
            assert sa and sb, f"label names an occurrence kpi did not extract: {lb}"
            for a in sorted(sa):
                for b in sorted(sb):
                    pairs.append(
                        {"group": group, "target": target, "doc_a": lb["doc_a"], "name_a": lb["name_a"], "section_a": a,
                             "doc_b": lb["doc_b"], "name_b": lb["name_b"], "section_b": b, "label": lb["label"],
                             "kind": "real", "ops": lb["note"]}
                    )  # fmt: skip
    return occs, pairs


def _next_value(raw: str, num: float, r: random.Random, conflict: bool) -> tuple[float, str]:
    factor = 1 + (r.uniform(0.15, 0.4) * r.choice((-1, 1)) if conflict else r.uniform(-0.1, 0.1))
    new = round(num * factor) if float(num).is_integer() else round(num * factor, 1)
    unit = " %" if "%" in raw else ""
    return float(new), f"{new}{unit}".replace(".", ",")


def _reword_group(
    group: str, target: str, doc: str, rows: list[tuple], lex: frozenset[str], r: random.Random
) -> tuple[list[dict], list[dict]]:
    occs = [_occ(group, target, doc, x) for x in rows]
    by_occ: dict[tuple[str, str], list[tuple]] = defaultdict(list)
    for x in rows:
        by_occ[(x[6], x[5])].append(x)
    taken = {name.casefold() for name, _ in by_occ}
    nxt = doc.removesuffix(".pdf") + "-next-year"
    ops_same = same_ops(lex)
    pairs = []
    for (name, section), xs in by_occ.items():
        roll = r.random()
        if roll < DROP_SHARE:
            continue
        label, new, done = "same", name, []
        if roll < DROP_SHARE + DIFFERENT_SHARE:
            cand, done = reword(name, DIFFERENT_OPS, r, 1)
            if done and cand.casefold() not in taken:
                label, new = "different", cand
            else:
                done = []
        if label == "same":
            new, done = reword(name, ops_same, r, r.choice((1, 2)))
            if new.casefold() in taken - {name.casefold()}:
                new, done = name, []
        taken.add(new.casefold())
        x0 = xs[0]
        year = int(x0[1]) + 1 if x0[1] else 2000
        outs = [x for x in xs if x[9] in ("outcome", "forecast") and x[11] is not None and x[10]]
        printed = []
        if outs:
            last = max(outs, key=lambda x: x[10])
            if label == "same" and r.random() < CARRY_VALUE_SHARE:
                printed.append((last[10], last[11], last[12]))
            elif label == "different" and r.random() < CONFLICT_VALUE_SHARE:
                num, raw = _next_value(last[12], last[11], r, conflict=True)
                printed.append((last[10], num, raw))
            num, raw = _next_value(last[12], last[11], r, conflict=False)
            printed.append((str(year), num, raw))
        base = {"indicator_name": new, "year": year, "value_kind": "outcome"}
        if not printed:
            occs.append(_occ(group, target, nxt, x0, period="", value_num="", value_raw="", **base))
        for period, num, raw in printed:
            occs.append(_occ(group, target, nxt, x0, period=period, value_num=num, value_raw=raw, **base))
        pairs.append(
            {"group": group, "target": target, "doc_a": doc, "name_a": name, "section_a": section, "doc_b": nxt, "name_b": new,
                 "section_b": section, "label": label, "kind": "reword" if done else "unchanged", "ops": "+".join(done)}
        )  # fmt: skip
    return occs, pairs


def build(db: Path) -> tuple[list[dict], list[dict]]:
    con = duckdb.connect(str(db), read_only=True)
    ind, bud = _rows(con, _INDICATORS), _rows(con, _BUDGET)
    occs, pairs = _real_groups(ind, bud)
    names = [x[6] for rows in (*ind.values(), *bud.values()) for x in rows]
    lex = lexicon(names)
    r = random.Random(SEED)
    for target, rows_by_doc in (("indicator", ind), ("budget", bud)):
        for doc in sorted(rows_by_doc):
            if doc in REAL_INDICATOR_DOCS:
                continue
            group = f"reword-{target}-{doc.removesuffix('.pdf')}"
            o, p = _reword_group(group, target, doc, rows_by_doc[doc], lex, r)
            occs += o
            pairs += p
    return occs, pairs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, required=True, help="a warehouse built from samples/ (see above)")
    args = ap.parse_args()
    occs, pairs = build(args.db)
    for path, fields, rows in (
        (DATA / "heldout_occurrences.csv", OCC_FIELDS, occs),
        (DATA / "heldout_pairs.csv", PAIR_FIELDS, pairs),
    ):
        with open(path, "w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=fields)
            w.writeheader()
            w.writerows(rows)
    print(f"{len(occs)} occurrences, {len(pairs)} labelled pairs")


if __name__ == "__main__":
    main()
