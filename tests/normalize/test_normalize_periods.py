"""Table-driven tests: printed periods and month names."""

from __future__ import annotations

import pytest

from kpi.extractors.normalize import MONTHS, NormalizeError, Period, find_periods, parse_period, period_kind

# text -> (period text, start, end, end_month_text, kind)
PERIODS = [
    ("2018 års värde", "2018", "2018", "2018", "2018", "baseline"),
    ("Värde 2018", "2018", "2018", "2018", "2018", "baseline"),
    ("Värde november 2018", "2018-11", "2018-11", "2018-11", "2018-11", "baseline"),
    ("Värde december 2018", "2018-12", "2018-12", "2018-12", "2018-12", "baseline"),
    ("UTFALL 2019", "2019", "2019", "2019", "2019", "outcome"),
    ("PROG. UTFALL 2019", "2019", "2019", "2019", "2019", "forecast"),
    ("PROG.\nUTFALL 2019", "2019", "2019", "2019", "2019", "forecast"),
    ("MÅL 2020", "2020", "2020", "2020", "2020", "target"),
    ("Målvärde 2019", "2019", "2019", "2019", "2019", "target"),
    ("3 (sep. 2019)", "2019-09", "2019-09", "2019-09", "2019-09", None),
    ("delårsrapport 2 2019", "2019-01/2019-08", "2019-01", "2019-08", "2019-08", None),
    ("UTFALL DELÅRSRAPPORT 2 2019", "2019-01/2019-08", "2019-01", "2019-08", "2019-08", "outcome"),
    ("vid delårsrapporten 2 2019", "2019-01/2019-08", "2019-01", "2019-08", "2019-08", None),
    ("Delårsrapport 1 2020", "2020-01/2020-04", "2020-01", "2020-04", "2020-04", None),
    ("tertial 2, 2021", "2021-01/2021-08", "2021-01", "2021-08", "2021-08", None),
    ("kvartal 3 2024", "2024-01/2024-09", "2024-01", "2024-09", "2024-09", None),
    ("Q1 2025", "2025-01/2025-03", "2025-01", "2025-03", "2025-03", None),
    ("halvårsrapport 2024", "2024-01/2024-06", "2024-01", "2024-06", "2024-06", None),
    ("Utfall ack. Jan 24 - Mars 24", "2024-01/2024-03", "2024-01", "2024-03", "2024-03", "outcome"),
    ("Budget ack Jan 24 - Mars 24", "2024-01/2024-03", "2024-01", "2024-03", "2024-03", "budget"),
    ("Årsbudget Jan 24 - Dec 24", "2024", "2024", "2024", "2024", "budget"),
    ("Utfall ack. Jan 23 - Dec 23", "2023", "2023", "2023", "2023", "outcome"),
    ("Jan 23 - Dec 23", "2023", "2023", "2023", "2023", None),
    ("januari – mars 2024", "2024-01/2024-03", "2024-01", "2024-03", "2024-03", None),
    ("JAN-MAR 2024", "2024-01/2024-03", "2024-01", "2024-03", "2024-03", None),
    ("november 2023 – februari 2024", "2023-11/2024-02", "2023-11", "2024-02", "2024-02", None),
    ("nov - feb 2024", "2023-11/2024-02", "2023-11", "2024-02", "2024-02", None),
    ("Budget 2020", "2020", "2020", "2020", "2020", "budget"),
    ("Plan 2021", "2021", "2021", "2021", "2021", "plan"),
    ("2022 PLAN", "2022", "2022", "2022", "2022", "plan"),
    ("mandatperioden 2018-2022", "2018-01/2022-12", "2018-01", "2022-12", "2022-12", None),
    ("mandatperioden 2018–2022", "2018-01/2022-12", "2018-01", "2022-12", "2022-12", None),
    ("(2020)", "2020", "2020", "2020", "2020", "deadline"),
    ("(2022)*", "2022", "2022", "2022", "2022", "deadline"),
    ("Månadsrapport mars 2024", "2024-03", "2024-03", "2024-03", "2024-03", None),
    ("MARS 2024", "2024-03", "2024-03", "2024-03", "2024-03", None),
    ("Sept. 2019", "2019-09", "2019-09", "2019-09", "2019-09", None),
    ("okt 2019", "2019-10", "2019-10", "2019-10", "2019-10", None),
    ("Delårsrapport 2026-03", "2026-03", "2026-03", "2026-03", "2026-03", None),
    ("Tjänsteskrivelse 2014-03-25", "2014-03", "2014-03", "2014-03", "2014-03", None),
    ("2020-01-01 2020-12-31", "2020", "2020", "2020", "2020", None),
    ("2024-01/2024-03", "2024-01/2024-03", "2024-01", "2024-03", "2024-03", None),
    ("Kommunbidraget för år 2019", "2019", "2019", "2019", "2019", None),
    ("Avvikelse mot 2023", "2023", "2023", "2023", "2023", None),
]


@pytest.mark.parametrize("text,ptext,start,end,end_month,kind", PERIODS, ids=[p[0] for p in PERIODS])
def test_parse_period(text, ptext, start, end, end_month, kind) -> None:
    p = parse_period(text)
    assert p is not None
    assert (p.text, p.start, p.end, p.end_month_text, p.kind) == (ptext, start, end, end_month, kind)


@pytest.mark.parametrize(
    "text,default,expected,kind",
    [
        ("MÅL", 2020, "2020", "target"),
        ("UTFALL", 2019, "2019", "outcome"),
        ("Årsprognos", 2024, "2024", "forecast"),
        ("januari - mars", 2024, "2024-01/2024-03", None),
        ("delårsrapport 2", 2019, "2019-01/2019-08", None),
    ],
)
def test_default_year(text, default, expected, kind) -> None:
    p = parse_period(text, default_year=default)
    assert p is not None and p.text == expected and p.kind == kind


@pytest.mark.parametrize(
    "text",
    ["", "Avvikelse ack.", "Avvikelse", "Indikatorer", "U37484", "13-18 år", "januari - mars", "1800", None],
)
def test_no_period(text) -> None:
    assert parse_period(text) is None


def test_invalid_forms_fall_back_to_the_year() -> None:
    assert parse_period("delårsrapport 7 2019").text == "2019"  # no 7th delårsrapport
    assert parse_period("2022-2018").text == "2022"  # not a span: backwards
    assert parse_period("Jan 24 - Mars 23").text == "2024-01"  # backwards span: the first month


def test_explicit_period_beats_bare_year() -> None:
    text = "Utfall för 2019 saknas. Vid delårsrapport 2 2019 var dock 3 digitaliseringsprojekt påbörjade."
    assert parse_period(text).text == "2019"  # "Utfall för 2019" is explicit and first
    assert parse_period("Vid delårsrapport 2 2019 var dock 3").end_month_text == "2019-08"
    assert parse_period("kommer tas fram till verksamhetsberättelse 2019 (sep. 2019)").text == "2019-09"


def test_find_periods_offsets() -> None:
    text = "Utfall ack. Jan 24 - Mars 24\tÅrsprognos\tAvvikelse mot 2023"
    found = find_periods(text)
    assert [(text[m.start : m.end], m.period.text, m.explicit) for m in found] == [
        ("Jan 24 - Mars 24", "2024-01/2024-03", True),
        ("2023", "2023", False),
    ]


def test_period_constructors() -> None:
    assert Period.span(2024, 1, 2024, 12).text == "2024"
    assert Period.span(2024, 3, 2024, 3).text == "2024-03"
    assert Period.year(2019).end_month == "2019-12" and Period.year(2019).start_month == "2019-01"
    assert str(Period.month(2019, 9)) == "2019-09"


@pytest.mark.parametrize(
    "word,n",
    [
        ("jan", 1),
        ("Januari", 1),
        ("feb", 2),
        ("febr.", 2),
        ("mars", 3),
        ("mar", 3),
        ("MARS", 3),
        ("april", 4),
        ("apr", 4),
        ("maj", 5),
        ("juni", 6),
        ("jun", 6),
        ("juli", 7),
        ("jul", 7),
        ("aug", 8),
        ("augusti", 8),
        ("sep.", 9),
        ("sept", 9),
        ("September", 9),
        ("okt", 10),
        ("oktober", 10),
        ("nov", 11),
        ("NOVEMBER", 11),
        ("dec", 12),
        ("december", 12),
        ("Dec.", 12),
    ],
)
def test_months(word: str, n: int) -> None:
    assert MONTHS[word] == n
    assert word in MONTHS
    assert MONTHS.get(word) == n


def test_months_rejects_non_months() -> None:
    assert "mandag" not in MONTHS and MONTHS.get("foo") is None and MONTHS.get(3) is None


def test_period_kind() -> None:
    assert period_kind("PROG. UTFALL 2019") == "forecast"
    assert period_kind("INDIKATORER UTFALL MÅL") == "outcome"
    assert period_kind("Målbedömning") is None


def test_period_bad_input() -> None:
    with pytest.raises(NormalizeError):
        parse_period(2019)  # type: ignore[arg-type]
    with pytest.raises(NormalizeError):
        parse_period("MÅL", default_year="2020")  # type: ignore[arg-type]
