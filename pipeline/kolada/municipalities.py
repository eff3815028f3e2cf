"""A municipality as a person names it (`Tyresö`, `tyresö kommun`, `Göteborgs stad`, `0138`) -> its
4-digit SCB code, as Kolada wants it; years as a person writes them (`2018-2024`) -> a set.

An unknown name is an error naming the closest municipalities, never a code: a name must not
reach the Kolada API in the place of a code.
"""

from __future__ import annotations

import csv
import difflib
import re
from functools import cache
from importlib import resources

from kpi.pipeline.match.names import fold_text

SUFFIXES = (" kommun", " stad", " municipality")
"""Words after a municipality's name that do not belong to it (`Tyresö kommun`, `Göteborgs stad`)."""

SUGGESTIONS = 3
"""Closest names offered for an unknown one."""

SUGGEST_CUTOFF = 0.6
"""How alike (difflib ratio) a name must be to be offered."""

CODE = re.compile(r"\d{1,4}")

YEARS_SPAN = re.compile(r"(\d{4})\s*[-–/:]\s*(\d{4})")
MIN_YEAR, MAX_YEAR = 1990, 2100
"""Years Kolada could hold: a year outside is a typing error."""


class UnknownMunicipality(LookupError):
    """A name or code that is no Swedish municipality; the message names the closest ones."""


@cache
def municipalities() -> dict[str, str]:
    """4-digit SCB code -> name, from the bundled list."""
    text = resources.files("kpi.extractors.data").joinpath("municipalities.csv").read_text(encoding="utf-8")
    return {r["kommun"]: r["name"] for r in csv.DictReader(text.splitlines(keepends=True))}


def _key(name: str) -> str:
    return fold_text(name)


@cache
def _by_name() -> dict[str, str]:
    return {_key(name): code for code, name in municipalities().items()}


def _bare(text: str) -> list[str]:
    """The forms ``text`` may name a municipality by: as written, without `kommun`/`stad`, and
    without the genitive s before them (`Göteborgs stad` -> `göteborg`)."""
    key = _key(text)
    forms = [key]
    for suffix in SUFFIXES:
        if key.endswith(suffix):
            bare = key.removesuffix(suffix).strip()
            forms += [bare, bare.removesuffix("s")] if bare.endswith("s") else [bare]
    return forms


def resolve_municipality(text: str) -> str:
    """The 4-digit SCB code of a municipality given by code (`138`, `0138`) or name (with or
    without `kommun`/`stad`, any case); :class:`UnknownMunicipality` otherwise."""
    given = text.strip()
    if CODE.fullmatch(given):
        code = given.zfill(4)
        if code in municipalities():
            return code
        raise UnknownMunicipality(f"{given!r} is no municipality code (4-digit SCB kommunkod, e.g. 0138)")
    names = _by_name()
    for form in _bare(given):
        if form in names:
            return names[form]
    close = difflib.get_close_matches(_bare(given)[-1], list(names), n=SUGGESTIONS, cutoff=SUGGEST_CUTOFF)
    offer = ", ".join(f"{municipalities()[names[c]]} ({names[c]})" for c in close)
    hint = (
        f"; did you mean {offer}?"
        if offer
        else "; give its name (e.g. Tyresö) or its 4-digit code (e.g. 0138)"
    )
    raise UnknownMunicipality(f"unknown municipality {given!r}{hint}")


def municipality_name(code: str) -> str:
    return municipalities().get(code, "")


def parse_years(year: list[int] | None = None, years: str | None = None) -> set[int] | None:
    """The years asked for: each ``--year`` and a ``--years`` text (`2018-2024`, `2018,2020`,
    `2019`); None when neither is given (every year).  ValueError for text that is no years."""
    out = set(year or [])
    for part in (years or "").split(","):
        part = part.strip()
        if not part:
            continue
        span = YEARS_SPAN.fullmatch(part)
        if span:
            lo, hi = int(span.group(1)), int(span.group(2))
            if lo > hi:
                raise ValueError(f"years {part!r} run backwards; write {hi}-{lo}")
            out.update(range(lo, hi + 1))
        elif re.fullmatch(r"\d{4}", part):
            out.add(int(part))
        else:
            raise ValueError(f"{part!r} is no year or span of years (write 2019, 2018-2024 or 2018,2020)")
    bad = sorted(y for y in out if not MIN_YEAR <= y <= MAX_YEAR)
    if bad:
        raise ValueError(f"year {bad[0]} is outside {MIN_YEAR}-{MAX_YEAR}")
    return out or None
