"""Table-driven tests: printed Swedish numbers and money amounts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kpi.extractors.normalize import (
    NormalizeError,
    find_numbers,
    issue_code,
    parse_amount,
    parse_number,
    to_tkr,
    word_number,
)

NBSP, NNBSP = "\u00a0", "\u202f"

# text -> (value, is_percent, ambiguous)
NUMBERS = [
    ("253 146", 253146, False, False),
    ("3 650", 3650, False, False),
    (f"253{NBSP}146", 253146, False, False),
    (f"253{NNBSP}146", 253146, False, False),
    (f"1{NBSP}234{NBSP}567,25", 1234567.25, False, False),
    ("1 234", 1234, False, False),
    ("1 234,5", 1234.5, False, False),
    ("234,1", 234.1, False, False),
    ("12.69", 12.69, False, False),
    ("0,40", 0.4, False, False),
    ("0.40 %", 0.4, True, False),
    ("4,27%", 4.27, True, False),
    ("12.69 %", 12.69, True, False),
    ("3.40%", 3.4, True, False),
    ("75 procent", 75, True, False),
    ("2,3 procent", 2.3, True, False),
    ("±1 %", 1, True, False),
    ("+/- 1,0 %", 1.0, True, False),
    ("1,234", 1.234, False, True),
    ("1.234", 1.234, False, True),
    ("0,234", 0.234, False, False),
    ("1234,567", 1234.567, False, False),
    ("1 234,567", 1234.567, False, False),
    ("1.234,5", 1234.5, False, False),
    ("1,234.5", 1234.5, False, False),
    ("1.234.567", 1234567, False, False),
    ("2019", 2019, False, False),
    ("2024", 2024, False, False),
    ("0", 0, False, False),
    ("74", 74, False, False),
    ("+5", 5, False, False),
    ("elva", 11, False, False),
    ("Elva dagar", 11, False, False),
    ("tjugo", 20, False, False),
    ("noll", 0, False, False),
    ("tolv", 12, False, False),
    ("nitton", 19, False, False),
    ("tjugofem", 25, False, False),
    ("trettio", 30, False, False),
    ("tvåhundra", 200, False, False),
    ("Minst fem", 5, False, False),
    ("Minst två", 2, False, False),
    ("minst en", 1, False, False),
    ("ett", 1, False, False),
    ("högst sex procent", 6, True, False),
    ("hälften", 0.5, False, False),
    ("2 miljoner invånare", 2_000_000, False, False),
    ("3 (sep. 2019)", 3, False, False),
    ("15:e", 15, False, False),
]


@pytest.mark.parametrize("text,value,is_percent,ambiguous", NUMBERS, ids=[n[0] for n in NUMBERS])
def test_parse_number(text: str, value: float, is_percent: bool, ambiguous: bool) -> None:
    n = parse_number(text)
    assert n.value == float(Decimal(str(value)))
    assert n.is_percent is is_percent
    assert n.ambiguous is ambiguous
    assert n.raw == text


def test_ambiguous_separator_is_reported() -> None:
    n = parse_number("1,234")
    assert n.ambiguous and n.value == 1.234
    assert [issue_code(i) for i in n.issues] == ["ambiguous_separator"]
    assert "1234" in n.issues[0]


# Every minus style the issue names, and a few more; none may lose its sign.
MINUS_STYLES = [
    ("-6279", -6279),
    ("- 6 279", -6279),
    ("-6 279", -6279),
    ("−2 890", -2890),
    ("− 2 890", -2890),
    ("–5", -5),
    ("– 5", -5),
    ("—5", -5),
    ("‒5", -5),
    ("－5", -5),
    ("﹣5", -5),
    ("(1 234)", -1234),
    ("( 1 234 )", -1234),
    ("-1,4", -1.4),
    ("−0,75", -0.75),
    ("-24 278", -24278),
    ("-1 408", -1408),
    (f"-{NBSP}6{NBSP}279", -6279),
    (f"−6{NNBSP}279", -6279),
    ("-12.69 %", -12.69),
    ("(4,5 %)", -4.5),
    ("-1,4 mnkr", -1.4),
    ("Avvikelse ack. -79", -79),
    ("\t-2 890\t", -2890),
]


@pytest.mark.parametrize("text,value", MINUS_STYLES, ids=[m[0] for m in MINUS_STYLES])
def test_no_silent_sign_loss(text: str, value: float) -> None:
    assert parse_number(text).value == value
    assert parse_amount(text).value == value
    assert parse_number(text).sign is not None


def test_ranges_are_not_negatives() -> None:
    for text, bounds in [
        ("13-18 år", (13, 18)),
        ("0-12", (0, 12)),
        ("2018 - 2022", (2018, 2022)),
        ("6-7 mkr", (6, 7)),
        ("1 – 3", (1, 3)),
    ]:
        n = parse_number(text)
        assert n.value is None and n.bounds == bounds, text
        assert "range" in n.codes


def test_table_row_keeps_each_sign() -> None:
    row = "-24 278\t-24 200\t-79\t-94 513\t-96 799\t2 286\t-2 882\t-91 631"
    assert [n.value for n in find_numbers(row)] == [-24278, -24200, -79, -94513, -96799, 2286, -2882, -91631]
    row2 = "3 678 -1 617 -76 312"
    assert [n.value for n in find_numbers(row2)] == [3678, -1617, -76312]


def test_split_thousands_are_two_numbers() -> None:
    n = parse_number("3 650 2 555")
    assert n.value == 3650 and n.ambiguous and "multiple_numbers" in n.codes
    assert [t.value for t in find_numbers("3 650 2 555")] == [3650, 2555]
    assert [t.value for t in find_numbers("10 7")] == [10, 7]
    assert [t.value for t in find_numbers("234,1 241,1 247,9 254,4")] == [234.1, 241.1, 247.9, 254.4]


def test_year_in_parentheses_is_not_negated_by_default() -> None:
    n = parse_number("(2020)")
    assert n.value == 2020 and "parenthesized_year" in n.codes
    assert parse_number("(2020)", parens_negative=True).value == -2020
    assert parse_number("(1 234)", parens_negative=False).value == 1234


def test_dash_after_a_word_is_flagged() -> None:
    n = parse_number("Mål – 5 %")
    assert n.value == -5 and n.ambiguous and "dash_or_minus" in n.codes


def test_codes_and_words_are_not_numbers() -> None:
    assert parse_number("U37484").value is None
    assert parse_number("Ja").value is None
    assert "no_number" in parse_number("Ökning från föregående mätning").codes
    assert parse_number("en etablering").value is None  # the article, not 1
    assert parse_number("").value is None and "empty" in parse_number("").codes
    assert parse_number(None).value is None
    assert "placeholder" in parse_number(" – ").codes


def test_units_read_after_numbers() -> None:
    assert parse_number("253 146 tkr").unit == "tkr"
    assert parse_number("234,1 mkr").unit == "mkr"
    assert parse_number("2,8 Mkr").unit == "mkr"
    assert parse_number("8,8 mnkr").unit == "mnkr"
    n = parse_number("sex miljoner kronor")
    assert (n.value, n.unit) == (6, "mkr")
    assert parse_number("4 747 kr").unit == "kr"
    assert parse_number("102 dagar").unit == "days"
    assert parse_number("elva dagar").unit == "days"
    assert parse_number("3 650 dygn").unit == "days"


@pytest.mark.parametrize(
    "word,value",
    [
        ("noll", 0),
        ("en", 1),
        ("ett", 1),
        ("två", 2),
        ("tre", 3),
        ("fyra", 4),
        ("fem", 5),
        ("sex", 6),
        ("sju", 7),
        ("åtta", 8),
        ("nio", 9),
        ("tio", 10),
        ("elva", 11),
        ("tolv", 12),
        ("tretton", 13),
        ("fjorton", 14),
        ("femton", 15),
        ("sexton", 16),
        ("sjutton", 17),
        ("arton", 18),
        ("nitton", 19),
        ("tjugo", 20),
        ("tjugoett", 21),
        ("trettiotvå", 32),
        ("nittionio", 99),
        ("hundra", 100),
        ("etthundra", 100),
        ("trehundrafemtio", 350),
        ("tusen", 1000),
        ("tretusen", 3000),
        ("TJUGO", 20),
    ],
)
def test_word_numbers(word: str, value: int) -> None:
    assert word_number(word) == value


def test_non_number_words() -> None:
    for w in ("sexton-", "tiotal", "entusiasm", "", "tre4", "hundrafoo"):
        assert word_number(w) is None, w


AMOUNTS = [
    ("- 6 279", -6279, None),
    ("(1 234)", -1234, None),
    ("−2 890", -2890, None),
    ("20,5", 20.5, None),
    ("253 146 tkr", 253146, "tkr"),
    ("234,1", 234.1, None),
    ("0", 0, None),
    ("<b>-236 920</b>", -236920, None),
    ("sex miljoner kronor", 6, "mkr"),
    ("253 mkr.", 253, "mkr"),
    ("-1,4 mnkr", -1.4, "mnkr"),
    ("1,5 mdkr", 1.5, "mdkr"),
    ("4 747 kr", 4747, "kr"),
]


@pytest.mark.parametrize("text,value,unit", AMOUNTS, ids=[a[0] for a in AMOUNTS])
def test_parse_amount(text: str, value: float, unit: str | None) -> None:
    a = parse_amount(text)
    assert a.value == value and a.unit == unit


def test_parse_amount_flags_non_amounts() -> None:
    assert "percent_in_amount" in [issue_code(i) for i in parse_amount("4 %").issues]
    assert parse_amount("-").value is None
    assert parse_amount("hälften").value is None
    assert parse_amount("Summa").value is None


@pytest.mark.parametrize(
    "amount,unit,tkr",
    [
        (4747, "kr", 4.747),
        (253146, "tkr", 253146),
        (234.1, "mkr", 234100),
        (-1.4, "mnkr", -1400),
        (1.5, "mdkr", 1_500_000),
        (6, "miljoner kronor", 6000),
        (2, "Tkr", 2),
        (11.9, "Mkr", 11900),
        (Decimal("0.1"), "mkr", 100),
        (0, "kr", 0),
    ],
)
def test_to_tkr(amount, unit: str, tkr: float) -> None:
    assert to_tkr(amount, unit) == tkr


def test_amount_to_tkr_with_caption_unit() -> None:
    assert parse_amount("234,1").to_tkr("mkr") == 234100
    assert parse_amount("253 146 tkr").to_tkr("mkr") == 253146  # the cell's own unit wins
    assert parse_amount("x").to_tkr("tkr") is None


@pytest.mark.parametrize("bad", [b"1 234", 1234, 12.5, ["1"], object()])
def test_non_text_raises_normalize_error(bad) -> None:
    for fn in (parse_number, parse_amount, find_numbers):
        with pytest.raises(NormalizeError):
            fn(bad)


@pytest.mark.parametrize(
    "amount,unit",
    [
        (1, "percent"),
        (1, "dagar"),
        ("12", "tkr"),
        (None, "tkr"),
        (float("nan"), "tkr"),
        (True, "tkr"),
        (1, None),
    ],
)
def test_to_tkr_rejects_non_money(amount, unit) -> None:
    with pytest.raises(NormalizeError):
        to_tkr(amount, unit)


def test_parentheses_in_running_text_are_flagged_not_negated() -> None:
    nums = find_numbers("1 (3)")
    assert [n.value for n in nums] == [1, 3]
    assert nums[1].ambiguous and "parenthesized_number" in nums[1].codes
    assert find_numbers("Integration (2 230) (1 986)", parens_negative=True)[0].value == -2230


def test_dates_are_not_ranges_or_negatives() -> None:
    for text in ("2014-03-25", "2013-11-27, § 12", "2020-01-01 2020-12-31"):
        nums = find_numbers(text)
        assert all(n.value is None or n.value > 0 for n in nums), text
        assert "date" in nums[0].codes
    assert parse_number("2014-03-25").value is None
