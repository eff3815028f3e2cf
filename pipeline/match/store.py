"""Write a matching run into the warehouse: indicators, indicator_matches, indicator_values.indicator_id,
the review list and the Kolada-title suggestions, in one transaction."""

from __future__ import annotations

import contextlib
from collections import Counter

import duckdb
import pyarrow as pa

from kpi.pipeline.match.ids import indicator_ids
from kpi.pipeline.match.matcher import MatchResult
from kpi.pipeline.match.methods import SCORED
from kpi.pipeline.match.occurrences import Occurrence
from kpi.pipeline.match.suggest import Suggestion
from kpi.warehouse.load import insert_arrow


def _canonical(result: MatchResult, members: list[int]) -> tuple[str, str | None, str | None]:
    """(canonical name = the newest printing, unit = the most common, municipality if one)."""
    occs = result.occurrences
    newest = max(members, key=lambda m: occs[m].sort_key)
    units = Counter(u for m in members for u in occs[m].units)
    unit = min(units, key=lambda u: (-units[u], u)) if units else None
    munis = {occs[m].municipality for m in members}
    return occs[newest].name, unit, (munis.pop() if len(munis) == 1 else None)


Row = dict[str, object]
"""One review-list row, by column name (see :func:`review_rows`)."""


def review_rows(result: MatchResult, ids: dict[int, str], suggestions: dict[int, Suggestion]) -> list[Row]:
    """The review list: uncertain pairs, then Kolada-title proposals (both as crosswalk rows)."""
    occs = result.occurrences
    rows: list[Row] = []
    for rv in sorted(result.reviews, key=lambda r: (-r.score, occs[r.a].sort_key)):
        a, b = occs[rv.a], occs[rv.b]
        rows.append(
            dict(
                kind="pair",
                municipality=a.municipality or a.block,
                score=rv.score,
                **_side(a, "a", ids[result.cluster_of(rv.a)]),
                **_side(b, "b", ids[result.cluster_of(rv.b)]),
                evidence=rv.evidence,
            )
        )
    for root, s in sorted(suggestions.items(), key=lambda kv: -kv[1].score):
        members = result.clusters.data[root].members
        o = occs[max(members, key=lambda m: occs[m].sort_key)]
        side = _side(o, "a", ids[root])
        side.update(doc_id_a=None, section_a=None)  # a confirmed code applies to every printing of the name
        rows.append(
            dict(
                kind="kolada_title",
                municipality=o.municipality or o.block,
                score=s.score,
                **side,
                name_b=s.kpi_title,
                code_b=s.kolada_code,
                evidence="Kolada catalogue title",
            )
        )
    return rows


def _side(o: Occurrence, s: str, iid: str) -> Row:
    return {
        f"doc_id_{s}": o.doc_id,
        f"doc_title_{s}": o.doc_title,
        f"page_{s}": o.pages[0] if o.pages else None,
        f"section_{s}": o.section_path,
        f"name_{s}": o.name,
        f"code_{s}": o.code,
        f"unit_{s}": o.unit,
        f"values_{s}": o.values_text(),
        f"indicator_id_{s}": iid,
    }


def write_result(
    con: duckdb.DuckDBPyConnection, result: MatchResult, suggestions: dict[int, Suggestion]
) -> dict[str, int]:
    """Replace the matching tables with ``result``; returns counts."""
    occs = result.occurrences
    ids = indicator_ids(result)
    ind: dict[str, list[str | None]] = {
        "indicator_id": [],
        "canonical_name": [],
        "kolada_code": [],
        "unit": [],
        "municipality": [],
    }
    for root, iid in ids.items():
        c = result.clusters.data[root]
        name, unit, muni = _canonical(result, c.members)
        for k, v in zip(ind, (iid, name, min(c.codes) if c.codes else None, unit, muni), strict=False):
            ind[k].append(v)
    mat: dict[str, list[str | float | None]] = {
        "doc_id": [],
        "indicator_name": [],
        "section_path": [],
        "indicator_id": [],
        "method": [],
        "score": [],
        "evidence": [],
    }
    for i, o in enumerate(occs):
        t = result.ties[i]
        for k, cell in zip(
            mat,
            (
                o.doc_id,
                o.name,
                o.section_path,
                ids[result.cluster_of(i)],
                t.method,
                t.score if t.method in SCORED else None,
                t.evidence or None,
            ),
            strict=False,
        ):
            mat[k].append(cell)
    matches = pa.table(
        mat, schema=pa.schema([(k, pa.float64() if k == "score" else pa.string()) for k in mat])
    )
    reviews = review_rows(result, ids, suggestions)
    sugg = {
        "indicator_id": [ids[r] for r in suggestions],
        "kolada_code": [s.kolada_code for s in suggestions.values()],
        "kpi_title": [s.kpi_title for s in suggestions.values()],
        "method": ["kolada_title"] * len(suggestions),
        "score": [s.score for s in suggestions.values()],
    }
    con.execute("BEGIN TRANSACTION")
    try:
        for table in ("indicators", "indicator_matches", "match_reviews", "indicator_suggestions"):
            con.execute(f"DELETE FROM {table}")
        insert_arrow(con, "indicators", pa.table(ind, schema=pa.schema([(k, pa.string()) for k in ind])))
        insert_arrow(con, "indicator_matches", matches)
        con.execute("UPDATE indicator_values SET indicator_id = NULL WHERE indicator_id IS NOT NULL")
        con.register("_kpi_match_map", matches)
        try:
            con.execute("""
                UPDATE indicator_values AS iv SET indicator_id = m.indicator_id
                FROM _kpi_match_map m
                WHERE iv.doc_id = m.doc_id AND iv.indicator_name = m.indicator_name
                  AND coalesce(iv.section_path, '') = coalesce(m.section_path, '')""")
            # a row printed without a goal context joins its name's only occurrence in that document
            con.execute("""
                UPDATE indicator_values AS iv SET indicator_id = m.indicator_id
                FROM (SELECT doc_id, indicator_name, any_value(indicator_id) AS indicator_id
                      FROM _kpi_match_map GROUP BY ALL HAVING count(*) = 1) m
                WHERE iv.indicator_id IS NULL AND iv.section_path IS NULL
                  AND iv.doc_id = m.doc_id AND iv.indicator_name = m.indicator_name""")
        finally:
            con.unregister("_kpi_match_map")
        if reviews:
            cols = (
                ["kind", "municipality", "score"]
                + [
                    f"{c}_{s}"
                    for s in "ab"
                    for c in (
                        "doc_id",
                        "doc_title",
                        "page",
                        "section",
                        "name",
                        "code",
                        "unit",
                        "values",
                        "indicator_id",
                    )
                ]
                + ["evidence"]
            )
            data = {c: [r.get(c) for r in reviews] for c in cols}
            types = {"score": pa.float64(), "page_a": pa.int32(), "page_b": pa.int32()}
            insert_arrow(
                con,
                "match_reviews",
                pa.table(data, schema=pa.schema([(c, types.get(c, pa.string())) for c in cols])),
            )
        if suggestions:
            insert_arrow(
                con,
                "indicator_suggestions",
                pa.table(
                    sugg, schema=pa.schema([(k, pa.float64() if k == "score" else pa.string()) for k in sugg])
                ),
            )
        con.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(duckdb.Error):  # a failed COMMIT (disk full) ended it already:
            con.execute("ROLLBACK")  # the original error is the one to report
        raise
    methods = Counter(result.ties[i].method for i in range(len(occs)))
    return {
        "occurrences": len(occs),
        "indicators": len(ids),
        "reviews": len(result.reviews),
        "suggestions": len(suggestions),
        **{f"method_{k}": v for k, v in sorted(methods.items())},
    }
