"""The Python API for researchers: open a warehouse and ask for series, budgets and documents.

```python
import kpi

wh = kpi.open("warehouse/demo.duckdb")          # read-only by default
wh.search_indicators("sjukfrånvaro")            # fuzzy, over canonical names and printed aliases
wh.series(indicator="N00973", municipality="Tyresö")   # one indicator over time
wh.series(["N00973", "U30202"], years=range(2018, 2025))  # several indicators, a range of years
wh.budget(municipality="Tyresö kommun", period="2024")  # budget cells with their source
wh.documents()
wh.sql("SELECT * FROM indicator_series").df()           # anything else, as a DuckDB relation
```

Filters are strict (:mod:`kpi.warehouse.api_filters`): a municipality, organ, value kind, period form
or indicator the warehouse does not know raises an error naming the closest valid values
(``municipality="Tyreso"`` -> ``did you mean "Tyresö" (0138)?``) instead of returning no rows.

Every method that returns a DataFrame has a ``*_relation`` twin returning the same rows as a
lazy DuckDB relation (filter, join and aggregate it in DuckDB before pulling rows into pandas).
Every row keeps its source: ``doc_id``, the document's title and the PDF ``page``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple, Self

import duckdb
import pandas as pd
from rapidfuzz import fuzz, process, utils

from kpi.extractors.domain import BudgetMeasure, TableKind, ValueKind
from kpi.extractors.vocabulary import DOC_TYPES
from kpi.warehouse.api_filters import (
    NO_FILTER,
    Filter,
    UnknownValue,
    as_list,
    choice_filter,
    closest,
    doc_id_filter,
    municipality_filter,
    organ_filter,
    period_bounds,
    period_filter,
    year_filter,
)
from kpi.warehouse.db import connect

__all__ = ["UnknownValue", "Warehouse", "open", "period_bounds", "wide"]

DEFAULT_SEARCH_LIMIT = 10
"""How many indicators :meth:`Warehouse.search_indicators` returns by default."""

DEFAULT_MIN_SCORE = 60.0
"""Lowest fuzzy score (0-100, rapidfuzz WRatio on case-folded names) a search hit must reach."""

RESOLVE_MIN_SCORE = 90.0
"""A name given to :meth:`Warehouse.series` that matches no indicator exactly is resolved to the
closest whole name (rapidfuzz token_sort_ratio, not a partial match) only when it scores at least
this much; otherwise a ``LookupError`` lists the
candidates, so a typo never silently selects another indicator."""

KOLADA_CODE = re.compile(r"^[A-Z]\d{5}$")
"""A Kolada KPI id, e.g. ``U37484`` or ``N00973``."""

Names = str | Sequence[str]
"""One filter value or a list of them."""

Years = int | Iterable[int]
"""A year or several, e.g. ``2019`` or ``range(2019, 2025)``."""

SERIES_ID = "coalesce(iv.indicator_id, 'unmatched:' || iv.indicator_name)"
"""The series key of one printed value: its canonical indicator, or its printed name before
matching (the same expression the ``indicator_series`` view uses)."""

VALUE_KINDS = tuple(str(k) for k in ValueKind)
"""``target``, ``outcome``, ``forecast``: the value kinds, in the order :func:`wide` puts them."""

DOCUMENT_TYPES = (*(t for t, _ in DOC_TYPES), "other")
"""The ``documents.doc_type`` values the extractors give."""


def open(path: str | Path, read_only: bool = True, wait: float = 0.0) -> Warehouse:
    """Open the warehouse at ``path``.

    Read-only by default: several notebooks can read one file at once, and nothing a notebook
    does can change it.  ``read_only=False`` opens it for writing (and migrates an older file
    forward).  ``wait`` seconds: keep retrying while another process writes to the file, then
    raise :class:`kpi.warehouse.db.WarehouseBusy`.
    """
    return Warehouse(connect(path, read_only=read_only, wait=wait), Path(path), read_only)


def wide(series: pd.DataFrame, values: str = "value_num", by: Sequence[str] | None = None) -> pd.DataFrame:
    """A :meth:`Warehouse.series` frame as one row per period and one column per value kind
    (``target``, ``outcome``, ``forecast``) — the shape for a target-vs-outcome plot.

    ``by``: the columns kept apart as leading index levels; by default those of
    ``indicator_id``, ``municipality`` and ``organ`` that vary in the frame.  ``by=[]`` merges
    everything per period; where several rows meet, the newest document's value is kept.
    """
    if series.empty:
        return pd.DataFrame(columns=list(VALUE_KINDS)).rename_axis("period")
    keys = (
        list(by)
        if by is not None
        else [k for k in ("indicator_id", "municipality", "organ") if series[k].nunique(dropna=False) > 1]
    )
    newest_first = series.sort_values("doc_period", ascending=False, kind="stable", na_position="last")
    table = (
        newest_first.groupby([*keys, "period", "value_kind"], dropna=False)[values]
        .first()
        .unstack("value_kind")
    )
    table.columns.name = None
    return table[[k for k in VALUE_KINDS if k in table.columns]]


class Warehouse:
    """One open warehouse file.  Use as a context manager or call :meth:`close`."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path, read_only: bool) -> None:
        self.con = con
        """The DuckDB connection, for anything the methods below do not cover."""
        self.path = path
        self.read_only = read_only

    # -- plumbing ---------------------------------------------------------------------------
    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = "read-only" if self.read_only else "read-write"
        return f"<kpi warehouse {self.path} ({mode})>"

    def sql(
        self, query: str, params: Sequence[Any] | dict[str, Any] | None = None
    ) -> duckdb.DuckDBPyRelation:
        """Any SQL over the warehouse as a DuckDB relation (``.df()``, ``.pl()``, ``.arrow()``)."""
        return self.con.sql(query, params=params)

    def table(self, name: str) -> duckdb.DuckDBPyRelation:
        """A table or view by name (``indicator_values``, ``indicator_series``, ...) as a relation."""
        have = self.tables()
        if name not in have:
            near = ", ".join(closest(name, have))
            raise KeyError(
                f"no table or view {name!r} in {self.path}"
                + (f"; did you mean {near}?" if near else "")
                + f" Have: {', '.join(have)}"
            )
        return self.con.table(name)

    def tables(self) -> list[str]:
        """Names of the tables and views in the warehouse."""
        rows = self.con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1"
        ).fetchall()
        return [r[0] for r in rows]

    # -- documents --------------------------------------------------------------------------
    def documents_relation(
        self,
        municipality: Names | None = None,
        doc_type: Names | None = None,
        year: Years | None = None,
    ) -> duckdb.DuckDBPyRelation:
        f = self._where(
            "d", municipality=municipality, doc_type=doc_type, extra=[year_filter("d.year", year)]
        )
        return self.sql(
            "SELECT d.doc_id, d.title, d.municipality, d.municipality_code, d.organ, d.doc_type, d.year,"
            " d.period, d.page_count, d.status, d.error, d.source_path,"
            " (SELECT count(*) FROM indicator_values x WHERE x.doc_id = d.doc_id) AS indicator_values,"
            " (SELECT count(*) FROM budget_lines x WHERE x.doc_id = d.doc_id) AS budget_lines,"
            " (SELECT count(*) FROM goal_status x WHERE x.doc_id = d.doc_id) AS goal_status,"
            " (SELECT count(*) FROM risks x WHERE x.doc_id = d.doc_id) AS risks,"
            " (SELECT count(*) FROM extraction_issues x WHERE x.doc_id = d.doc_id) AS extraction_issues"
            f" FROM documents d WHERE {f.sql} ORDER BY d.municipality, d.year, d.period, d.title",
            f.params,
        )

    def documents(
        self,
        municipality: Names | None = None,
        doc_type: Names | None = None,
        year: Years | None = None,
    ) -> pd.DataFrame:
        """One row per document with its metadata, status and row counts per table.

        ``municipality``: a name (any case, with or without "kommun"/"stad") or a 4-digit SCB
        code, or a list of them.  ``doc_type``: ``nämndplan``, ``månadsrapport``, ... (see
        :data:`DOCUMENT_TYPES`).  ``year``: the document's year, an int or a range such as
        ``range(2019, 2021)``.  An unknown value raises :class:`UnknownValue` naming the closest.
        """
        return _frame(self.documents_relation(municipality, doc_type, year))

    def issues(self, doc_id: str | None = None) -> pd.DataFrame:
        """Extraction issues (all, or one document's), with the document's title."""
        f = doc_id_filter(self.con, "e.doc_id", doc_id)
        return _frame(
            self.sql(
                "SELECT e.doc_id, d.title, e.page, e.severity, e.code, e.message FROM extraction_issues e"
                f" LEFT JOIN documents d USING (doc_id) WHERE {f.sql} ORDER BY d.title, e.page NULLS FIRST",
                f.params,
            )
        )

    def _where(
        self,
        alias: str,
        municipality: Names | None = None,
        organ: Names | None = None,
        doc_type: Names | None = None,
        extra: Sequence[Filter] = (),
    ) -> Filter:
        """The document filters on ``alias`` (a relation with document columns), checked strictly."""
        parts = [
            municipality_filter(self.con, alias, municipality),
            organ_filter(self.con, alias, organ),
            choice_filter(f"{alias}.doc_type", doc_type, self._doc_types() if doc_type else (), "doc_type"),
            *extra,
        ]
        used = [p for p in parts if p != NO_FILTER]
        if not used:
            return NO_FILTER
        return Filter(" AND ".join(p.sql for p in used), [x for p in used for x in p.params])

    def _doc_types(self) -> list[str]:
        have = [r[0] for r in self.con.execute("SELECT DISTINCT doc_type FROM documents").fetchall() if r[0]]
        return [*DOCUMENT_TYPES, *sorted(set(have) - set(DOCUMENT_TYPES))]

    # -- indicators -------------------------------------------------------------------------
    def indicator_names(self) -> pd.DataFrame:
        """Every series key with its canonical name, Kolada code, unit and printed aliases."""
        return _frame(
            self.sql(
                f"WITH occ AS (SELECT {SERIES_ID} AS indicator_id, iv.indicator_name, iv.kolada_code, iv.unit,"
                "  d.municipality FROM indicator_values iv JOIN documents d USING (doc_id))"
                " SELECT o.indicator_id, coalesce(any_value(i.canonical_name), any_value(o.indicator_name))"
                "  AS canonical_name, coalesce(any_value(i.kolada_code), max(o.kolada_code)) AS kolada_code,"
                "  coalesce(any_value(i.unit), mode(o.unit)) AS unit,"
                "  list_sort(list_distinct(list(o.indicator_name))) AS aliases,"
                "  list_sort(list_distinct(list(o.municipality))) AS municipalities, count(*) AS n_values"
                " FROM occ o LEFT JOIN indicators i ON i.indicator_id = o.indicator_id"
                " GROUP BY o.indicator_id ORDER BY canonical_name"
            )
        )

    def search_indicators(
        self, query: str, limit: int = DEFAULT_SEARCH_LIMIT, min_score: float = DEFAULT_MIN_SCORE
    ) -> pd.DataFrame:
        """Indicators whose canonical name or any printed alias resembles ``query``, best first.

        Fuzzy (rapidfuzz WRatio on case-folded text, so word order, partial phrases and
        inflections such as ``sjukfrånvaro``/``sjukfrånvaron`` still match); a Kolada code or
        indicator id matches exactly with score 100.  Columns: ``indicator_id, canonical_name,
        kolada_code, unit, score, matched_name, aliases, municipalities, n_values``.
        """
        names = self.indicator_names()
        columns = [*names.columns[:4], "score", "matched_name", *names.columns[4:]]
        if names.empty or not query.strip():
            return pd.DataFrame(columns=columns)
        choices: list[str] = []
        owner: list[int] = []
        rows = _name_rows(names)
        for i, row in enumerate(rows):
            for name in {row.canonical_name, *row.aliases}:
                choices.append(name)
                owner.append(i)
        best: dict[int, tuple[float, str]] = {}
        q = query.strip()
        for i, row in enumerate(rows):
            if q.upper() in {str(row.kolada_code).upper(), str(row.indicator_id).upper()}:
                best[i] = (100.0, row.kolada_code or row.indicator_id)
        hits = process.extract(
            q,
            choices,
            scorer=fuzz.WRatio,
            processor=utils.default_process,
            score_cutoff=min_score,
            limit=None,
        )
        for name, score, k in hits:
            i = owner[k]
            if score > best.get(i, (-1.0, ""))[0]:
                best[i] = (float(score), name)
        if not best:
            return pd.DataFrame(columns=columns)
        out = names.iloc[list(best)].copy()
        out["score"] = [best[i][0] for i in best]
        out["matched_name"] = [best[i][1] for i in best]
        out = out.sort_values(["score", "n_values", "canonical_name"], ascending=[False, False, True])
        return out[columns].head(limit).reset_index(drop=True)

    def resolve_indicator(self, indicator: str) -> tuple[str, list[str]]:
        """How :meth:`series` reads ``indicator``: ``("kolada_code", [code])`` or
        ``("indicator_id", [ids...])``.

        Tried in order: a Kolada code (one the warehouse has values for); an indicator id; a
        canonical name or printed alias (case-insensitive, exact); the closest whole name scoring
        at least ``RESOLVE_MIN_SCORE``.  Anything else raises :class:`UnknownValue` (a
        ``LookupError``) naming the closest indicators.
        """
        if not isinstance(indicator, str) or not indicator.strip():
            raise ValueError(f"an indicator is a Kolada code, an id or a name, not {indicator!r}")
        text = indicator.strip()
        names = self.indicator_names()
        if KOLADA_CODE.match(text.upper()):
            code = text.upper()
            have = sorted({c for c in names["kolada_code"] if isinstance(c, str)})
            if code not in have:
                near = ", ".join(c for c in closest(code, have))
                raise UnknownValue(
                    f"no values for the Kolada code {code} in this warehouse"
                    + (f"; codes close to it here: {near}" if near else "")
                    + ". indicator_names() lists the indicators and their codes."
                )
            return "kolada_code", [code]
        if text in set(names["indicator_id"]):
            return "indicator_id", [text]
        folded = text.casefold()
        rows = _name_rows(names)
        exact = [
            r.indicator_id for r in rows if folded in {n.casefold() for n in (r.canonical_name, *r.aliases)}
        ]
        if exact:
            return "indicator_id", exact
        choices = [(n, r.indicator_id) for r in rows for n in (r.canonical_name, *r.aliases)]
        close = process.extractOne(
            text,
            [n for n, _ in choices],
            scorer=fuzz.token_sort_ratio,
            processor=utils.default_process,
            score_cutoff=RESOLVE_MIN_SCORE,
        )
        if close is not None:
            return "indicator_id", [choices[close[2]][1]]
        hits = self.search_indicators(text, limit=5)
        near = "; ".join(f"{r.canonical_name!r} ({r.score:.0f})" for r in hits.itertuples(index=False))
        raise UnknownValue(
            f"no indicator matches {indicator!r}"
            + (f"; closest: {near}" if near else "")
            + ". Use search_indicators() to find one."
        )

    def _indicators(self, indicator: Names, code_column: str, id_column: str) -> Filter:
        """The rows of one or several indicators (each resolved by :meth:`resolve_indicator`)."""
        codes: list[str] = []
        ids: list[str] = []
        for item in as_list(indicator, "indicator"):
            by, keys = self.resolve_indicator(item)
            (codes if by == "kolada_code" else ids).extend(k for k in keys if k not in codes + ids)
        parts = [
            f"{column} IN ({', '.join('?' for _ in keys)})"
            for column, keys in ((code_column, codes), (id_column, ids))
            if keys
        ]
        return Filter("(" + " OR ".join(parts) + ")", [*codes, *ids])

    def series_relation(
        self,
        indicator: Names,
        municipality: Names | None = None,
        organ: Names | None = None,
        value_kind: Names | None = None,
        period: str | int | None = None,
        years: Years | None = None,
    ) -> duckdb.DuckDBPyRelation:
        f = self._where(
            "d",
            municipality=municipality,
            organ=organ,
            extra=[
                self._indicators(indicator, "s.kolada_code", "s.indicator_id"),
                choice_filter("s.value_kind", value_kind, VALUE_KINDS, "value_kind"),
                period_filter(self.con, "s.period", "indicator_values", period, years),
            ],
        )
        # The view picks one value per key (newest document wins); join back to that document's
        # printed row for the page and the value as printed.
        return self.sql(
            "SELECT s.indicator_id, s.canonical_name, s.kolada_code, s.municipality, s.organ, s.period,"
            " s.value_kind, s.value_num, s.unit, src.value_raw, src.target_direction, src.note,"
            " s.doc_id, d.title AS doc_title, s.doc_period, src.page, src.bbox"
            " FROM indicator_series s JOIN documents d USING (doc_id)"
            " LEFT JOIN LATERAL (SELECT iv.page, iv.bbox, iv.value_raw, iv.target_direction, iv.note"
            f"   FROM indicator_values iv WHERE iv.doc_id = s.doc_id AND {SERIES_ID} = s.indicator_id"
            "   AND iv.value_kind = s.value_kind AND iv.period IS NOT DISTINCT FROM s.period"
            "   ORDER BY iv.page, iv.bbox[2] LIMIT 1) src ON true"
            f" WHERE {f.sql} ORDER BY s.municipality, s.organ, s.canonical_name, s.indicator_id,"
            " s.period, s.value_kind",
            f.params,
        )

    def series(
        self,
        indicator: Names,
        municipality: Names | None = None,
        organ: Names | None = None,
        value_kind: Names | None = None,
        period: str | int | None = None,
        years: Years | None = None,
    ) -> pd.DataFrame:
        """One or several indicators over time: one row per (indicator, municipality, organ,
        period, value kind).

        ``indicator`` is a Kolada code (``N00973``: every series carrying it), an indicator id,
        a canonical name or printed alias, or a name close enough to one (see
        :meth:`resolve_indicator`) — or a list of them (``["N00973", "U30202"]``).
        ``municipality`` is a name (with or without "kommun"/"stad") or SCB code; ``organ``
        matches any organ containing the text (case-insensitive), since organs are stored as
        printed; ``value_kind`` is ``target``, ``outcome`` or ``forecast``.  Each may be a list.
        ``period`` selects periods: ``"2019"`` (inside 2019), ``"2019/2024"`` (inside the range);
        or ``years=range(2019, 2025)``.  An unknown value raises an error naming the closest valid
        ones (never an empty frame because of a typo).

        When several documents give a value for the same period and kind, the newest document's
        value is returned (the ``indicator_series`` view); :meth:`values` shows them all.

        Columns: ``indicator_id, canonical_name, kolada_code, municipality, organ, period,
        value_kind, value_num, unit, value_raw, target_direction, note, doc_id, doc_title,
        doc_period, page, bbox, period_start, period_end``.  :func:`wide` pivots it to
        target/outcome/forecast columns.
        """
        df = self.series_relation(indicator, municipality, organ, value_kind, period, years).df()
        return _with_period_bounds(df)

    def values(
        self,
        indicator: Names | None = None,
        doc_id: Names | None = None,
        municipality: Names | None = None,
        value_kind: Names | None = None,
        period: str | int | None = None,
        years: Years | None = None,
    ) -> pd.DataFrame:
        """Every printed indicator value (all documents, no newest-wins), with its source.

        The filters read as in :meth:`series`; ``doc_id`` is one document's id or a list.  Like
        :meth:`series`, the frame ends with ``period_start`` and ``period_end`` (for plotting).
        """
        extra = [
            doc_id_filter(self.con, "iv.doc_id", doc_id),
            choice_filter("iv.value_kind", value_kind, VALUE_KINDS, "value_kind"),
            period_filter(self.con, "iv.period", "indicator_values", period, years),
        ]
        if indicator is not None:
            code = "coalesce(i.kolada_code, iv.kolada_code)"
            extra.append(self._indicators(indicator, code, SERIES_ID))
        f = self._where("d", municipality=municipality, extra=extra)
        rel = self.sql(
            f"SELECT {SERIES_ID} AS series_id, iv.*, d.title AS doc_title, d.municipality, d.organ,"
            " d.period AS doc_period FROM indicator_values iv JOIN documents d USING (doc_id)"
            f" LEFT JOIN indicators i ON i.indicator_id = iv.indicator_id WHERE {f.sql}"
            " ORDER BY d.municipality, iv.indicator_name, iv.period, iv.value_kind, d.period",
            f.params,
        )
        return _with_period_bounds(_frame(rel))

    # -- budget -----------------------------------------------------------------------------
    def budget_relation(
        self,
        municipality: Names | None = None,
        organ: Names | None = None,
        period: str | int | None = None,
        table_kind: Names | None = None,
        measure: Names | None = None,
        doc_id: Names | None = None,
        years: Years | None = None,
    ) -> duckdb.DuckDBPyRelation:
        f = self._where(
            "d",
            municipality=municipality,
            organ=organ,
            extra=[
                period_filter(self.con, "b.period", "budget_lines", period, years),
                choice_filter("b.table_kind", table_kind, [str(k) for k in TableKind], "table_kind"),
                choice_filter("b.measure", measure, [str(m) for m in BudgetMeasure], "measure"),
                doc_id_filter(self.con, "b.doc_id", doc_id),
            ],
        )
        return self.sql(
            "SELECT b.doc_id, d.title AS doc_title, d.municipality, d.organ, d.period AS doc_period,"
            " b.table_kind, b.table_title, b.row_label, b.measure, b.period, b.amount, b.unit, b.amount_tkr,"
            " b.value_raw, b.flow, b.column_header, b.row_kind, b.row_parent, b.page, b.bbox"
            f" FROM budget_lines b JOIN documents d USING (doc_id) WHERE {f.sql}"
            " ORDER BY d.municipality, d.period, b.doc_id, b.page, b.bbox[2], b.bbox[1]",
            f.params,
        )

    def budget(
        self,
        municipality: Names | None = None,
        organ: Names | None = None,
        period: str | int | None = None,
        table_kind: Names | None = None,
        measure: Names | None = None,
        doc_id: Names | None = None,
        years: Years | None = None,
    ) -> pd.DataFrame:
        """Budget and financial-table cells in page order, each with its document and page.

        ``period`` ``2024`` matches every period inside that year (``2024``, ``2024-03``,
        ``2024-01/2024-03``); a month matches itself and the spans starting with it; a range
        ``"2019/2024"`` (or ``"2019-2024"``) every period inside it; or give ``years=range(2019,
        2025)``.  ``table_kind`` (``driftbudget``, ``monthly_result``, ...) and ``measure``
        (``budget``, ``utfall_ack``, ``arsprognos``, ...) are the contract's values; municipality
        and organ read as in :meth:`series`.  An unknown value raises an error naming the closest.
        Pivot with ``df.pivot_table(index="row_label", columns="measure", values="amount_tkr")``;
        sum only ``row_kind == "detail"`` rows (subtotals and totals repeat them), and tell rows of
        one label apart by ``row_parent`` and the column by ``flow`` and ``column_header``.
        """
        return _frame(self.budget_relation(municipality, organ, period, table_kind, measure, doc_id, years))


class _NameRow(NamedTuple):
    """The columns of an :meth:`Warehouse.indicator_names` row that the name lookups read."""

    indicator_id: str
    canonical_name: str
    kolada_code: str | None
    aliases: Sequence[str]


def _name_rows(names: pd.DataFrame) -> list[_NameRow]:
    cols = (names["indicator_id"], names["canonical_name"], names["kolada_code"], names["aliases"])
    return [_NameRow(*r) for r in zip(*cols, strict=True)]


def _frame(rel: duckdb.DuckDBPyRelation) -> pd.DataFrame:
    """A relation's rows as a DataFrame (DuckDB's ``df()`` is typed to return Any)."""
    df: pd.DataFrame = rel.df()
    return df


def _with_period_bounds(df: pd.DataFrame) -> pd.DataFrame:
    bounds = [period_bounds(p) for p in df["period"]] if len(df) else []
    df["period_start"] = pd.to_datetime(pd.Series([b[0] for b in bounds], dtype="object", index=df.index))
    df["period_end"] = pd.to_datetime(pd.Series([b[1] for b in bounds], dtype="object", index=df.index))
    return df
