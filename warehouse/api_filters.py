"""How :mod:`kpi.warehouse.api` reads its filters: strictly, so that no typo returns an empty answer.

Every filter value is checked before a query runs.  A value the warehouse does not know raises
:class:`UnknownValue` (both a ``LookupError`` and a ``ValueError``) naming the closest valid
values; a value in a form that cannot be read (a period such as ``"spring 2019"``) raises
``ValueError`` explaining the accepted forms.  What is accepted:

- **municipality**: a name, any case, with or without "kommun"/"stad" (``"tyresö"``,
  ``"Tyresö kommun"``, ``"Göteborgs stad"``), or a 4-digit SCB code (``"0138"``); several as a list.
  A name spelt without its diacritics (``"Tyreso"``) is not accepted silently: the error suggests
  ``"Tyresö" (0138)``.
- **organ**: text that some document's organ contains (case-insensitive), e.g. ``"familjeomsorg"``.
- **value_kind**, **table_kind**, **measure**, **doc_type**: the contract's closed vocabularies.
- **period**: a year ``"2019"`` (every period inside it), a month ``"2024-03"`` (itself and the
  spans starting with it), a range ``"2019/2024"`` or ``"2024-01/2024-06"`` (every period inside
  it; ``"2019-2024"`` is read as the same range, as it cannot be a month), or **years**: an int or
  an iterable of ints such as ``range(2019, 2025)`` (every period whose years are all listed).
"""

from __future__ import annotations

import csv
import functools
import numbers
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from importlib import resources
from typing import Any, NamedTuple

import duckdb
import pandas as pd
from rapidfuzz import fuzz, process

__all__ = [
    "PERIOD_FORMS",
    "Filter",
    "PeriodSelector",
    "UnknownValue",
    "as_list",
    "choice_filter",
    "closest",
    "doc_id_filter",
    "municipality_filter",
    "organ_filter",
    "parse_period",
    "period_bounds",
    "period_filter",
    "year_filter",
]

SUGGESTIONS = 3
"""How many close values an error names."""

SUGGEST_MIN_SCORE = 60.0
"""Lowest rapidfuzz WRatio (on case- and diacritics-folded text) of a suggested value."""

PERIOD_FORMS = (
    'a year "2019", a month "2024-03", a range "2019/2024" or "2024-01/2024-06" '
    '("2019-2024" is read as "2019/2024"), or years=range(2019, 2025)'
)
"""The accepted forms of ``period``, as the errors name them."""

_YEAR = r"\d{4}"
_MONTH = r"\d{4}-(?:0[1-9]|1[0-2])"
_SINGLE = re.compile(rf"^(?:{_MONTH}|{_YEAR})$")
_RANGE = re.compile(rf"^({_MONTH}|{_YEAR})\s*/\s*({_MONTH}|{_YEAR})$")
_YEAR_RANGE = re.compile(rf"^({_YEAR})\s*[-–]\s*({_YEAR})$")
_SUFFIX = re.compile(r"\s+(?:kommun|stad)$", re.IGNORECASE)
_CODE = re.compile(r"^\d{4}$")


class UnknownValue(LookupError, ValueError):
    """A filter value the warehouse does not know; the message names the closest valid ones.

    Both a ``LookupError`` and a ``ValueError``, so either ``except`` catches it.
    """


class Filter(NamedTuple):
    """An SQL condition and its parameters (``"true"`` and ``[]`` when nothing is filtered)."""

    sql: str
    params: list[Any]


NO_FILTER = Filter("true", [])


def fold(text: str) -> str:
    """Case-folded, without diacritics, ``_`` read as a space: the form suggestions are scored on."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("_", " ").strip())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def closest(query: str, choices: Iterable[str], limit: int = SUGGESTIONS) -> list[str]:
    """The ``limit`` choices closest to ``query`` (case- and diacritics-insensitive), best first."""
    options = sorted(set(choices))
    hits = process.extract(
        fold(query),
        [fold(c) for c in options],
        scorer=fuzz.WRatio,
        score_cutoff=SUGGEST_MIN_SCORE,
        limit=limit,
    )
    return [options[i] for _, _, i in hits]


def _did_you_mean(names: Sequence[str]) -> str:
    if not names:
        return ""
    return (
        "; did you mean "
        + (names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1])
        + "?"
    )


def _is_int(value: object) -> bool:
    """An integer (also NumPy's, as a DataFrame gives them), not a bool."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def as_list(value: Any, what: str) -> list[Any]:
    """One filter value or several (a list, tuple or set) as a list; ``None`` as an empty list."""
    if value is None:
        return []
    if isinstance(value, str) or _is_int(value):
        return [int(value)] if _is_int(value) else [value]
    if isinstance(value, Iterable) and not isinstance(value, bytes | dict):
        out = list(value)
        if not out:
            raise ValueError(
                f"{what}: an empty list selects nothing; leave it out (None) to select everything"
            )
        return out
    raise ValueError(f"{what} must be text or a list of texts, not {type(value).__name__}")


def choice_filter(column: str, value: Any, allowed: Sequence[str], what: str) -> Filter:
    """``column IN (...)`` for values of a closed vocabulary; an unknown one raises naming the closest."""
    values = as_list(value, what)
    if not values:
        return NO_FILTER
    for v in values:
        if not isinstance(v, str) or v not in allowed:
            near = [f'"{c}"' for c in closest(str(v), allowed)]
            raise UnknownValue(f"unknown {what} {v!r}{_did_you_mean(near)} Accepted: {', '.join(allowed)}")
    return Filter(f"{column} IN ({', '.join('?' for _ in values)})", values)


def doc_id_filter(con: duckdb.DuckDBPyConnection, column: str, value: Any) -> Filter:
    """``column IN (...)`` for document ids that are in the warehouse."""
    values = [str(v) for v in as_list(value, "doc_id")]
    if not values:
        return NO_FILTER
    have = {r[0] for r in con.execute("SELECT doc_id FROM documents").fetchall()}
    for v in values:
        if v not in have:
            starts = sorted(h for h in have if h.startswith(v))
            hint = f"; {len(starts)} start with it: {', '.join(starts[:3])}" if starts else ""
            raise UnknownValue(
                f"no document with doc_id {v!r} in this warehouse{hint}. documents() lists them."
            )
    return Filter(f"{column} IN ({', '.join('?' for _ in values)})", values)


# -- municipalities ---------------------------------------------------------------------------


@functools.cache
def swedish_municipalities() -> dict[str, str]:
    """SCB code -> name of the 290 municipalities (the bundled ``extractors/data`` list)."""
    text = resources.files("kpi.extractors.data").joinpath("municipalities.csv").read_text(encoding="utf-8")
    return {r["kommun"]: r["name"] for r in csv.DictReader(text.splitlines(keepends=True))}


class _Place(NamedTuple):
    name: str | None
    code: str | None

    def label(self) -> str:
        name = self.name or swedish_municipalities().get(self.code or "", "")
        return f'"{name}" ({self.code})' if self.code else f'"{name}"'


def _places(con: duckdb.DuckDBPyConnection) -> list[_Place]:
    rows = con.execute(
        "SELECT DISTINCT municipality, municipality_code FROM documents"
        " WHERE municipality IS NOT NULL OR municipality_code IS NOT NULL ORDER BY 1, 2"
    ).fetchall()
    return [_Place(*r) for r in rows]


def _name_forms(text: str) -> list[str]:
    """The case-folded names ``text`` may stand for: itself, without "kommun"/"stad", and without
    the genitive s such a suffix takes ("Göteborgs stad" -> "göteborg")."""
    name = text.strip().casefold()
    base = _SUFFIX.sub("", name)
    forms = [name]
    if base != name:
        forms.append(base)
        if base.endswith("s"):
            forms.append(base[:-1])
    return forms


def _resolve_place(value: str | int, places: list[_Place]) -> list[_Place]:
    """The warehouse places ``value`` (a name or SCB code) stands for; raises naming the closest."""
    known = swedish_municipalities()
    text = f"{int(value):04d}" if _is_int(value) else str(value).strip()
    if not text:
        raise ValueError('municipality is empty: give a name such as "Tyresö" or an SCB code such as "0138"')
    here = ", ".join(p.label() for p in places[:12]) + (" …" if len(places) > 12 else "")
    if _CODE.match(text):
        hits = [p for p in places if p.code == text or (p.name and known.get(text) == p.name)]
        if hits:
            return hits
        if text in known:
            raise UnknownValue(
                f"{_Place(known[text], text).label()} has no documents in this warehouse; it has: {here or 'none'}"
            )
        raise UnknownValue(
            f"no Swedish municipality has the SCB code {text!r}; this warehouse has: {here or 'none'}"
        )
    forms = _name_forms(text)
    for form in forms:
        hits = [p for p in places if p.name and p.name.casefold() == form]
        if hits:
            return hits
    code = next((c for form in forms for c, n in known.items() if n.casefold() == form), None)
    if code is not None:
        hits = [p for p in places if p.code == code]
        if hits:
            return hits
        raise UnknownValue(
            f"{_Place(known[code], code).label()} has no documents in this warehouse; it has: {here or 'none'}"
        )
    query = _SUFFIX.sub("", text)
    names = {p.name: p for p in places if p.name}
    near = [names[n].label() for n in closest(query, names)]
    if not near:  # not like anything here: perhaps a Swedish municipality this warehouse lacks
        by_name = {n: c for c, n in known.items()}
        near = [f"{_Place(n, by_name[n]).label()} (not in this warehouse)" for n in closest(query, by_name)]
    raise UnknownValue(
        f"unknown municipality {value!r}{_did_you_mean(near)} Give a name (any case, with or without "
        f'"kommun"/"stad") or a 4-digit SCB code; this warehouse has: {here or "no documents"}'
    )


def municipality_filter(con: duckdb.DuckDBPyConnection, alias: str, value: Any) -> Filter:
    """Documents of the municipalities ``value`` names (one or a list of names or SCB codes)."""
    values = as_list(value, "municipality")
    if not values:
        return NO_FILTER
    places = _places(con)
    names: set[str] = set()
    codes: set[str] = set()
    for v in values:
        for p in _resolve_place(v, places):
            if p.name:
                names.add(p.name)
            if p.code:
                codes.add(p.code)
    parts, params = [], []
    if names:
        parts.append(f"{alias}.municipality IN ({', '.join('?' for _ in names)})")
        params += sorted(names)
    if codes:
        parts.append(f"{alias}.municipality_code IN ({', '.join('?' for _ in codes)})")
        params += sorted(codes)
    return Filter("(" + " OR ".join(parts) + ")", params)


def organ_filter(con: duckdb.DuckDBPyConnection, alias: str, value: Any) -> Filter:
    """Documents whose organ contains the text (case-insensitive); text no organ contains raises."""
    values = as_list(value, "organ")
    if not values:
        return NO_FILTER
    organs = [
        r[0] for r in con.execute("SELECT DISTINCT organ FROM documents WHERE organ IS NOT NULL").fetchall()
    ]
    for v in values:
        if not isinstance(v, str) or not v.strip():
            raise ValueError(f"organ must be non-empty text, not {v!r}")
        if not any(v.strip().casefold() in o.casefold() for o in organs):
            near = [f'"{o}"' for o in closest(v, organs)]
            raise UnknownValue(
                f"no organ in this warehouse contains {v!r}{_did_you_mean(near)}"
                " An organ matches when it contains the text (any case); documents() lists them."
            )
    return Filter(
        "(" + " OR ".join(f"{alias}.organ ILIKE ?" for _ in values) + ")",
        [f"%{v.strip()}%" for v in values],
    )


# -- periods ----------------------------------------------------------------------------------


class PeriodSelector(NamedTuple):
    """A ``period`` argument read: its text, first and last day, and whether it is a range."""

    text: str
    start: pd.Timestamp
    end: pd.Timestamp
    is_range: bool


def period_bounds(period: str | None) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """First and last day of a contract period: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM/YYYY-MM``.

    >>> period_bounds("2024-01/2024-03")
    (Timestamp('2024-01-01 00:00:00'), Timestamp('2024-03-31 00:00:00'))
    """
    if not period or not isinstance(period, str):
        return None, None
    first, _, last = period.partition("/")
    last = last or first
    try:
        start = pd.Period(first.strip(), freq="Y" if len(first.strip()) == 4 else "M").start_time
        end = pd.Period(last.strip(), freq="Y" if len(last.strip()) == 4 else "M").end_time
    except ValueError:
        return None, None
    return start.normalize(), end.normalize()


def _bounds(period: str) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    start, end = period_bounds(period)
    return (start, end) if start is not None and end is not None else None


def parse_period(period: str | int) -> PeriodSelector:
    """Read a ``period`` argument (see the module docstring); an unreadable one raises ``ValueError``."""
    if not isinstance(period, str) and not _is_int(period):
        raise ValueError(f"period must be text such as {PERIOD_FORMS}; not {type(period).__name__}")
    text = str(int(period) if _is_int(period) else period).strip()
    single = bool(_SINGLE.match(text))
    if not single:
        m = _RANGE.match(text) or _YEAR_RANGE.match(text)
        if m is None:
            raise ValueError(f"cannot read period {period!r}: give {PERIOD_FORMS}")
        text = f"{m.group(1)}/{m.group(2)}"
    bounds = _bounds(text)
    if bounds is None or bounds[0] > bounds[1]:
        raise ValueError(
            f"period {period!r} ends before it starts: give the earlier end first, e.g. 2019/2024"
        )
    return PeriodSelector(text, bounds[0], bounds[1], not single)


def _years(years: Any) -> set[int]:
    if isinstance(years, str):
        raise ValueError(
            f"years takes integers, e.g. years=range(2019, 2025) or years=[2019, 2020]; for text use period={years!r}"
        )
    items = [years] if _is_int(years) else list(years) if isinstance(years, Iterable) else None
    if items is None or not items or not all(_is_int(y) for y in items):
        raise ValueError(f"years must be an int or integers such as range(2019, 2025), not {years!r}")
    return {int(y) for y in items}


def period_matcher(period: str | int | None = None, years: Any = None) -> Callable[[str | None], bool] | None:
    """Which stored periods a ``period`` or ``years`` argument selects (``None``: no filter)."""
    if period is not None and years is not None:
        raise ValueError("give period or years, not both")
    if years is not None:
        wanted = _years(years)

        def in_years(p: str | None) -> bool:
            b = _bounds(p) if p else None
            return b is not None and all(y in wanted for y in range(b[0].year, b[1].year + 1))

        return in_years
    if period is None:
        return None
    sel = parse_period(period)

    def in_period(p: str | None) -> bool:
        if not p:
            return False
        if p == sel.text or (not sel.is_range and p.split("/")[0] == sel.text):
            return True
        b = _bounds(p)
        return b is not None and sel.start <= b[0] and b[1] <= sel.end

    return in_period


def period_filter(
    con: duckdb.DuckDBPyConnection, column: str, table: str, period: str | int | None, years: Any
) -> Filter:
    """``column IN (...)``: the stored periods of ``table.period`` that ``period``/``years`` select."""
    keep = period_matcher(period, years)
    if keep is None:
        return NO_FILTER
    stored = [
        r[0] for r in con.execute(f"SELECT DISTINCT period FROM {table} WHERE period IS NOT NULL").fetchall()
    ]
    chosen = sorted(p for p in stored if keep(p))
    if not chosen:
        return Filter("false", [])
    return Filter(f"{column} IN ({', '.join('?' for _ in chosen)})", chosen)


def year_filter(column: str, year: Any) -> Filter:
    """``column IN (...)`` for a document year: an int, 4-digit text, or integers such as a range."""
    if year is None:
        return NO_FILTER
    if isinstance(year, str) and _CODE.match(year.strip()):
        year = int(year)
    wanted = sorted(_years(year))
    return Filter(f"{column} IN ({', '.join('?' for _ in wanted)})", wanted)
