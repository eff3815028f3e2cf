"""Kolada KPI codes printed with indicator names: detect, strip from the name, check the catalogue.

A code is ``N`` or ``U`` and five digits, printed in parentheses before the name ("(U37484) Aktuell
…"), bare at its start ("U37484 Aktuell …"), in parentheses after it, or named as a Kolada code
anywhere in the name (", Kolada U07428", "(Kolada: N15007)").  Every code is checked
against the bundled id list (complete to April 2025) and the partial catalogue of titles; a code
that is not there is kept and reported as an ``info`` issue, never dropped.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from kpi.extractors.domain import Severity
from kpi.extractors.records import ExtractionResult, IndicatorValue
from kpi.extractors.vocabulary import KOLADA_CODE_LABELS

CODE = r"[NU]\d{5}"
_LEADING = re.compile(rf"^\s*\(?\s*(?P<code>{CODE})\s*\)?[\s:.–-]+")
_TRAILING = re.compile(rf"\s*\(\s*(?P<code>{CODE})\s*\)\s*[.:]?\s*$")
_INSIDE = re.compile(rf"\(\s*(?P<code>{CODE})\s*\)")
_LABELLED = re.compile(
    rf"[,;]?\s*\(?\s*\b(?:{'|'.join(KOLADA_CODE_LABELS)})\s*[:.]?\s*(?P<code>{CODE})\b\s*\)?", re.IGNORECASE
)
"""A code named as such, anywhere in the name: ", Kolada U07428", "(Kolada: N15007)", "kolada-id N17426"."""


@lru_cache(maxsize=1)
def known_ids() -> frozenset[str]:
    text = resources.files("kpi.extractors.data").joinpath("kpi_ids_2025-04.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


@lru_cache(maxsize=1)
def titles() -> dict[str, str]:
    text = resources.files("kpi.extractors.data").joinpath("kpi_catalogue.csv").read_text(encoding="utf-8")
    return {row["concept"]: row["name"] for row in csv.DictReader(text.splitlines())}


def split_code(name: str) -> tuple[str, str | None]:
    """(name without the code, code or None)."""
    for pattern in (_LEADING, _TRAILING, _INSIDE, _LABELLED):
        m = pattern.search(name)
        if m:
            rest = (name[: m.start()] + " " + name[m.end() :]).strip()
            return re.sub(r"\s+([,;.])", r"\1", re.sub(r"\s+", " ", rest)), m.group("code")
    return name, None


def check(code: str) -> str | None:
    """None when the code is a known Kolada KPI, else a message for the issue row."""
    if code in known_ids():
        return None
    return f"Kolada code {code} is not in the KPI id list (April 2025); kept as printed"


def title(code: str) -> str | None:
    return titles().get(code)


def report_unknown(
    values: Iterable[IndicatorValue], result: ExtractionResult, checked: Iterable[str] = ()
) -> None:
    """An ``info`` issue for each code among the values that the id list does not hold (each code
    once; codes in ``checked`` were reported already)."""
    seen = set(checked)
    for v in values:
        if v.kolada_code and v.kolada_code not in seen:
            seen.add(v.kolada_code)
            msg = check(v.kolada_code)
            if msg:
                result.issue(Severity.INFO, "kolada_code_unknown", msg, v.page)
