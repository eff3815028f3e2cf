"""Property-based tests (hypothesis).  Default profile ``fast``; ``HYPOTHESIS_PROFILE=fuzz`` for a
large example budget (see conftest.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from kpi.extractors.normalize import (
    MONTHS,
    NormalizeError,
    Period,
    detect_unit,
    find_numbers,
    find_periods,
    parse_amount,
    parse_number,
    parse_period,
    parse_value,
    target_direction,
    to_tkr,
    unit_from_name,
    word_number,
)
from kpi.extractors.normalize.units import unit_denominator
from kpi.extractors.normalize.vocabulary import MONTH_ABBREVIATIONS, MONTH_NAMES

GROUP_SEPS = ["", " ", "\u00a0", "\u202f"]
DECIMAL_SEPS = [",", "."]
MINUS_STYLES = ["-", "\u2212", "\u2013", "- ", "\u2212 ", "\u2013 ", "\u2014", "()"]
PERCENT_SUFFIXES = ["", "%", " %", "\u00a0%", " procent"]


@st.composite
def swedish_numbers(draw, negative: bool | None = None):
    """(printed text, exact value, is_percent, minus style)."""
    whole = draw(st.integers(min_value=0, max_value=10**13))
    decimals = draw(st.integers(min_value=0, max_value=4))
    frac = draw(st.integers(min_value=0, max_value=10**decimals - 1)) if decimals else 0
    group = draw(st.sampled_from(GROUP_SEPS))
    dec_sep = draw(st.sampled_from(DECIMAL_SEPS))
    neg = draw(st.booleans()) if negative is None else negative
    minus = draw(st.sampled_from(MINUS_STYLES)) if neg else ""
    suffix = draw(st.sampled_from(PERCENT_SUFFIXES))
    digits = f"{whole:,}".replace(",", group)
    body = digits + (f"{dec_sep}{frac:0{decimals}d}" if decimals else "")
    if minus == "()":
        text = f"({body}{suffix})"
    else:
        text = f"{minus}{body}{suffix}"
    value = Decimal(f"{whole}.{frac:0{decimals}d}" if decimals else str(whole))
    if neg:
        value = -value
    return text, value, bool(suffix), minus


def _parse(text: str, minus: str):
    # parentheses are a table convention: read them as a table cell would be
    return parse_number(text, parens_negative=True) if minus == "()" else parse_number(text)


@given(swedish_numbers())
def test_format_then_parse_gives_the_number(case) -> None:
    text, value, is_percent, minus = case
    n = _parse(text, minus)
    assert n.value == float(value), text
    assert n.is_percent is is_percent
    assert n.decimal == value
    padded = _parse(f"  {text}\t", minus)
    assert padded.value == float(value)


@given(swedish_numbers(negative=True))
def test_every_minus_style_survives(case) -> None:
    text, value, _, minus = case
    assume(value != 0)
    assert _parse(text, minus).value < 0, text
    amount = parse_amount(text.removesuffix(" procent").removesuffix("%").removesuffix(" %"))
    if minus != "()" or not text.endswith("%)"):
        assert amount.value is not None and amount.value < 0, text


@given(st.lists(swedish_numbers(), min_size=1, max_size=8))
def test_tab_separated_table_row(cases) -> None:
    cases = [c for c in cases if c[3] != "()"]
    assume(cases)
    row = "\t".join(c[0] for c in cases)
    assert [n.value for n in find_numbers(row)] == [float(c[1]) for c in cases], row


_UNITS = ["", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio"]
_TEENS = ["tio", "elva", "tolv", "tretton", "fjorton", "femton", "sexton", "sjutton", "arton", "nitton"]
_TENS = ["", "", "tjugo", "trettio", "fyrtio", "femtio", "sextio", "sjuttio", "åttio", "nittio"]


def _words(n: int) -> str:
    if n == 0:
        return "noll"
    h, rest = divmod(n, 100)
    out = ("ett" if h == 1 else _UNITS[h]) + "hundra" if h else ""
    if rest >= 20:
        out += _TENS[rest // 10] + ("ett" if rest % 10 == 1 and not h else _UNITS[rest % 10])
    elif rest >= 10:
        out += _TEENS[rest - 10]
    elif rest:
        out += "ett" if rest == 1 else _UNITS[rest]
    return out


@given(st.integers(min_value=0, max_value=999), st.sampled_from(["", " dagar", " procent", " st"]))
def test_number_words_round_trip(n: int, unit: str) -> None:
    w = _words(n)
    assert word_number(w) == n
    assert parse_number(w + unit).value == n
    assert parse_number((w + unit).upper()).value == n


@given(st.integers(1900, 2099), st.integers(1, 12), st.integers(0, 30), st.integers(0, 11))
def test_period_text_round_trip(year: int, month: int, years: int, months: int) -> None:
    end_index = year * 12 + month - 1 + years * 12 + months
    y2, m2 = divmod(end_index, 12)
    assume(y2 <= 2099)
    p = Period.span(year, month, y2, m2 + 1)
    parsed = parse_period(p.text)
    assert parsed is not None and parsed.text == p.text
    assert (parsed.start, parsed.end) == (p.start, p.end)


@given(
    st.integers(2000, 2069),
    st.integers(1, 12),
    st.integers(1, 12),
    st.booleans(),
    st.sampled_from([" - ", "-", " – ", "–"]),
)
def test_swedish_month_span_headers(year: int, m1: int, m2: int, full: bool, dash: str) -> None:
    assume(m1 <= m2)
    names = MONTH_NAMES if full else MONTH_ABBREVIATIONS
    yy = year % 100
    header = f"Utfall ack. {names[m1 - 1].capitalize()} {yy:02d}{dash}{names[m2 - 1].capitalize()} {yy:02d}"
    p = parse_period(header)
    assert p is not None and p.text == Period.span(year, m1, year, m2).text
    assert p.end_month == f"{year}-{m2:02d}"
    assert parse_period(f"Värde {names[m1 - 1]} {year}").text == f"{year}-{m1:02d}"


@given(
    st.sampled_from(sorted(dict.keys(MONTHS))),
    st.sampled_from([str.lower, str.upper, str.capitalize]),
    st.booleans(),
)
def test_months_any_case(word: str, case, dot: bool) -> None:
    assert MONTHS[case(word) + ("." if dot else "")] == dict.__getitem__(MONTHS, word)


# -- robustness: nothing but NormalizeError, and only for non-text --------------------------------
_TOKENS = [
    "0",
    "1",
    "12",
    "234",
    "2019",
    "2 555",
    ",",
    ".",
    "-",
    "\u2212",
    "\u2013",
    "(",
    ")",
    "%",
    "±",
    "+/-",
    " ",
    "\u00a0",
    "\u202f",
    "\t",
    "\n",
    "kr",
    "tkr",
    "mkr",
    "mnkr",
    "miljoner",
    "kronor",
    "procent",
    "dagar",
    "Ja=1",
    "Nej=0",
    "Delvis",
    "(Ja=2, Delvis=1, Nej=0)",
    "Jan",
    "Mars",
    "sep.",
    "24",
    "delårsrapport",
    "UTFALL",
    "PROG.",
    "MÅL",
    "års värde",
    "Värde",
    "hälften",
    "elva",
    "minst",
    "högst",
    "Ökning",
    "Minskning",
    "saknas",
    "Har ännu inte mätts",
    "tjugofem",
    "en",
    "/",
    ":",
    "ett",
    "mandatperioden",
    "tertial",
    "Q",
    "T",
    "år",
    "2024-03",
    "2014-03-25",
    "'",
]
swedish_soup = st.lists(st.sampled_from(_TOKENS), max_size=25).map("".join)
any_text = st.one_of(st.text(max_size=200), swedish_soup)


@given(any_text, st.one_of(st.none(), any_text), st.one_of(st.none(), st.integers(-(10**6), 10**6)))
def test_no_input_makes_the_parsers_raise(text: str, name, year) -> None:
    parse_number(text)
    parse_number(text, parens_negative=True)
    parse_amount(text)
    parse_value(text, name)
    parse_period(text, default_year=year)
    find_numbers(text)
    find_periods(text, default_year=year)
    detect_unit(text)
    unit_from_name(text)
    unit_denominator(text)
    target_direction(text)
    word_number(text)


@given(swedish_soup)
def test_parse_value_invariants(text: str) -> None:
    v = parse_value(text)
    assert v.unit in {"percent", "kr", "tkr", "mkr", "days", "count", "index", "bool", "scale", "text"}
    assert v.target_direction in {None, "increase", "decrease", "equal"}
    assert (v.num is None) or v.unit != "text"
    assert v.raw == text
    if v.period is not None:
        assert parse_period(v.period.text).text == v.period.text


@pytest.mark.parametrize(
    "text",
    [
        "ſep 2019",
        "apr\u0131l 2019",
        "Jan 24 - ſep 24",
        "o\u212at 2019",
        "2 m\u0131ljoner kronor",
        "hälften".upper(),
        "\u0130ndex",
        "ſaknas",
    ],
)
def test_regex_case_folding_quirks_do_not_raise(text: str) -> None:
    """re.IGNORECASE matches 'ſ' to 's', 'K' (Kelvin) to 'k', 'ı' to 'i': lookups must cope."""
    parse_value(text, text)
    parse_period(text)
    parse_amount(text)


non_text = st.one_of(
    st.integers(),
    st.floats(),
    st.binary(),
    st.lists(st.text(), max_size=2),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
)


@given(non_text)
def test_non_text_raises_only_normalize_error(bad) -> None:
    for call in (
        parse_number,
        parse_amount,
        parse_value,
        parse_period,
        find_numbers,
        detect_unit,
        target_direction,
        lambda x: parse_value("1", x),
    ):
        with pytest.raises(NormalizeError):
            call(bad)


@given(
    st.one_of(st.integers(-(10**12), 10**12), st.decimals(allow_nan=False, allow_infinity=False, places=3)),
    st.sampled_from(["kr", "tkr", "mkr", "mnkr", "mdkr"]),
)
def test_to_tkr_is_exact(amount, unit: str) -> None:
    factor = {"kr": Decimal("0.001"), "tkr": 1, "mkr": 1000, "mnkr": 1000, "mdkr": 1_000_000}[unit]
    assert to_tkr(amount, unit) == float(Decimal(amount) * factor)
