"""Gold-driven tests: every gold value_raw normalizes to its gold value_num, unit and period, and
every number printed in the sample source texts is read (nothing silently dropped or re-signed)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from kpi.extractors.normalize import (
    clean_text,
    detect_money_unit,
    find_numbers,
    find_periods,
    parse_amount,
    parse_period,
    parse_value,
    to_tkr,
)

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "samples" / "gold"
SOURCES = sorted((ROOT / "samples" / "source-text").glob("*.txt"))


def _rows(name: str) -> list[dict[str, str]]:
    with open(GOLD / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


INDICATORS = _rows("indicators.csv")
BUDGET = _rows("budget.csv")


def _id(row: dict[str, str]) -> str:
    return f"{row['doc_id'][:18]}|{row['indicator_name'][:30]}|{row['value_kind']}|{row['value_raw'][:20]}"


@pytest.mark.parametrize("row", INDICATORS, ids=[_id(r) for r in INDICATORS])
def test_gold_indicator_value(row: dict[str, str]) -> None:
    v = parse_value(row["value_raw"], row["indicator_name"])
    gold_num = float(row["value_num"]) if row["value_num"] else None
    assert v.num == gold_num
    assert v.unit == row["unit"]
    assert (v.target_direction or "") == row["target_direction"]
    assert v.raw == row["value_raw"]
    # a missing-value phrase is kept in note (gold notes start with it)
    if v.note:
        assert v.note.startswith(row["note"].split(";")[0].strip())


def _explicit_period(text: str):
    for m in find_periods(text):
        if m.explicit:
            return m.period
    return None


def test_gold_indicator_periods() -> None:
    """The period printed in the value, else in the header quoted in the gold note, is the gold
    period (as a point: the end month of a delårsrapport span)."""
    checked = 0
    for row in INDICATORS:
        if not row["period"]:
            continue  # the gold leaves the period open (e.g. "period ej angiven")
        v = parse_value(row["value_raw"], row["indicator_name"])
        period = v.period
        if period is None:
            for segment in row["note"].split(";"):
                period = _explicit_period(segment)
                if period is not None:
                    break
        if period is None:
            continue
        assert period.end_month_text == row["period"], _id(row)
        checked += 1
    assert checked >= 45


@pytest.mark.parametrize(
    "header,default_year,period",
    [
        ("2018 års värde", None, "2018"),
        ("Värde 2018", None, "2018"),
        ("Värde november 2018", None, "2018-11"),
        ("Värde december 2018", None, "2018-12"),
        ("PROG.\nUTFALL\n2019", None, "2019"),
        ("MÅL 2020", None, "2020"),
        ("INDIKATOR UTFALL\n2018", None, "2018"),
        ("INDIKATORER UTFALL MÅL", 2020, "2020"),
        ("UTFALL DELÅRSRAPPORT 2 2019", None, "2019-08"),
        ("Målvärde", 2019, "2019"),
    ],
)
def test_gold_headers(header: str, default_year: int | None, period: str) -> None:
    p = parse_period(header, default_year=default_year)
    assert p is not None and p.end_month_text == period


@pytest.mark.parametrize(
    "row", BUDGET, ids=[f"{r['row_label'][:20]}|{r['measure']}|{r['value_raw']}" for r in BUDGET]
)
def test_gold_budget_amount(row: dict[str, str]) -> None:
    a = parse_amount(row["value_raw"])
    assert a.value == float(row["amount"])
    assert a.issues == []
    unit = a.unit or detect_money_unit(row["table_title"]) or detect_money_unit(row["row_label"])
    assert unit == row["unit"]
    assert a.to_tkr(unit) == to_tkr(float(row["amount"]), row["unit"])


def test_gold_budget_periods() -> None:
    checked = 0
    for row in BUDGET:
        header = re.search(r"kolumn '([^']+)'", row["note"])
        sources = [header.group(1)] if header else []
        sources.append(row["table_title"])
        for text in sources:
            p = _explicit_period(text)
            if p is not None:
                assert p.text == row["period"], (text, row["period"])
                checked += 1
                break
    assert checked >= 55


def test_amounts_in_tkr() -> None:
    assert to_tkr(parse_amount("234,1").value, "mkr") == 234100
    assert to_tkr(parse_amount("253 146 tkr").value, "tkr") == 253146


# ------------------------------------------------------------------------------------------------
# Every number printed in the source texts
# ------------------------------------------------------------------------------------------------
_CODE = re.compile(r"(?<![\w])[A-Za-zÅÄÖåäö]+\d+")  # Kolada codes U37484, N00973; Dnr SN19


@pytest.mark.parametrize("path", SOURCES, ids=[p.stem for p in SOURCES])
def test_every_source_number_is_read(path: Path) -> None:
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        t = clean_text(line)
        covered: set[int] = set()
        for n in find_numbers(t):
            assert n.value is not None or n.bounds is not None or n.issues, (lineno, n)
            covered.update(range(*n.span))
        codes: set[int] = set()
        for m in _CODE.finditer(t):
            codes.update(range(*m.span()))
        for m in re.finditer(r"\d+", t):
            assert m.start() in covered or m.start() in codes, f"{path.name}:{lineno}: '{m.group()}' not read"


def test_monthly_result_table_rows() -> None:
    text = (ROOT / "samples" / "source-text" / "tyreso-manadsrapport-2024-03-asf.txt").read_text(
        encoding="utf-8"
    )
    gold: dict[str, list[float]] = {}
    for row in BUDGET:
        if row["table"] == "monthly_result":
            gold.setdefault(row["row_label"], []).append(float(row["amount"]))
    seen = 0
    for line in text.splitlines():
        label, _, cells = line.partition("\t")
        if label in gold:
            assert [parse_amount(c).value for c in cells.split("\t")] == gold[label]
            assert [n.value for n in find_numbers(cells)] == gold[label]
            seen += 1
    assert seen == len(gold) == 7


def test_signed_source_numbers_are_all_negative() -> None:
    """Every number printed after a minus in the sample texts (outside ranges/dates) is negative."""
    for path in SOURCES:
        for line in path.read_text(encoding="utf-8").splitlines():
            t = clean_text(line)
            for n in find_numbers(t):
                if n.value is None or n.span is None:
                    continue
                printed = t[n.span[0] : n.span[1]].lstrip("(")
                if printed[:1] in "-−–":
                    assert n.value < 0, (path.name, printed)
