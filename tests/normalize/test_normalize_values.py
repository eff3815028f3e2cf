"""Table-driven tests: units, directions, missing values, whole indicator values."""

from __future__ import annotations

import pytest

from kpi.extractors.normalize import (
    NormalizeError,
    answer_scale,
    detect_unit,
    issue_code,
    parse_value,
    target_direction,
    unit_from_name,
)

UNITS = [
    ("253 146 tkr", "tkr"),
    ("Driftbudget – IFO Tkr, Budget 2019", "tkr"),
    ("Anslag – mkr", "mkr"),
    ("2,8 Mkr", "mkr"),
    ("8,8 mnkr", "mnkr"),
    ("1,2 mdkr", "mdkr"),
    ("4 747 kr", "kr"),
    ("kronor", "kr"),
    ("sex miljoner kronor", "mkr"),
    ("två miljarder kronor", "mdkr"),
    ("tusen kronor", "tkr"),
    ("4,27%", "percent"),
    ("75 procent", "percent"),
    ("102 dagar", "days"),
    ("3 650 dygn", "days"),
    ("Antal", "count"),
    ("12 st", "count"),
    ("index", "index"),
    ("(Ja=1, Nej=0)", "bool"),
    ("(JA:1 Nej:0)", "bool"),
    ("(1= JA, 0= NEJ)", "bool"),
    ("(Ja=2, Delvis= 1, Nej=0)", "scale"),
    ("(Ja=2, Nej, men genomfört uppföljning=1, Nej=0)", "scale"),
    ("Nettokostnad per vht tkr", "tkr"),
    ("Ökning från föregående mätning", None),
    ("", None),
    ("Grön: 2", None),
    ("Kommunbidrag", None),
]


@pytest.mark.parametrize("text,unit", UNITS, ids=[u[0] or "empty" for u in UNITS])
def test_detect_unit(text: str, unit: str | None) -> None:
    assert detect_unit(text) == unit


NAME_UNITS = [
    ("Andel ej återaktualiseringar avseende missbruk", "percent"),
    ("Antalet icke verkställda beslut inom individ- och familjeomsorgen", "count"),
    ("Snittantal placeringar av unga 13-18 år i HVB-hem", "count"),
    ("Snittpris per dygn för placeringar av unga 13-18 år i HVB-hem", "kr"),
    ("Antal dygn på HVB-hem för barn och unga 13-20 år för året", "days"),
    ("Antal helårsplaceringar på HVB-hem för barn och unga 13-20 år för året", "count"),
    ("Genomsnittlig väntetid avseende försörjningsstöd", "days"),
    ("Medarbetarengagemang (HME) individ- och familjeomsorg - Totalindex", "index"),
    (
        (
            "Minst 75 procent av alla anställda besvarar medarbetarenkäten och nöjd medarbetarindex är lägst 60 "
            "procent på alla arbetsplatser"
        ),
        "index",
    ),
    ("Sjukfrånvaro kort (< 60 dagar)", "percent"),
    ("Lämnat etableringsuppdraget och börjat arbeta eller studera (status efter 90 dagar), andel", "percent"),
    ("Aktuell rutin för att säkra skolgång för barn i skyddat boende, (Ja=1, Nej=0)", "bool"),
    ("Etablerad samverkan med skola – minst en etablering är ”JA” (JA:1 Nej:0)", "bool"),
    (
        "Aktuell rutin för samordning mellan ekonomiskt bistånd och arbetsmarknadsinsatser (1= JA, 0= NEJ)",
        "bool",
    ),
    (
        (
            "Systematisk uppföljning av resultat för att utveckla verksamheten inom våld i nära relationer, "
            "(Ja=2, Delvis= 1, Nej=0)"
        ),
        "scale",
    ),
    ("Nettokostnad (tkr)", "tkr"),
    ("Utredning om införande av etableringslån är presenterad för Socialnämnden", None),
    ("", None),
]


@pytest.mark.parametrize("name,unit", NAME_UNITS, ids=[n[0][:40] or "empty" for n in NAME_UNITS])
def test_unit_from_name(name: str, unit: str | None) -> None:
    assert unit_from_name(name) == unit


def test_answer_scale() -> None:
    assert answer_scale("(Ja=1, Nej=0)") == {"ja": 1, "nej": 0}
    assert answer_scale("(1= JA, 0= NEJ)") == {"ja": 1, "nej": 0}
    assert answer_scale("(Ja=2, Delvis= 1, Nej=0)") == {"ja": 2, "delvis": 1, "nej": 0}
    assert answer_scale("(Ja=2, Nej, men genomfört uppföljning=1, Nej=0)") == {
        "ja": 2,
        "nej, men genomfört uppföljning": 1,
        "nej": 0,
    }
    assert answer_scale("Grön: 2, Gul: 1") is None
    assert answer_scale("Svar Ja=1") == {"ja": 1}


DIRECTIONS = [
    ("Ökning från föregående mätning", "increase"),
    ("Ökning sedan föregående mätning", "increase"),
    ("Ökning jämfört med föregående mätning", "increase"),
    ("Minskning sedan föregående mätning", "decrease"),
    ("Minskning från föregående mätning", "decrease"),
    ("Minskat antal jämfört med föregående mätning", "decrease"),
    ("Minskat jämfört med föregående mätning", "decrease"),
    ("Minskad andel placeringar jämfört med föregående mätning", "decrease"),
    ("Minskat pris jämfört med föregående mätning", "decrease"),
    ("Branschgenomsnitt", "equal"),
    ("Bibehålla", "equal"),
    ("Oförändrat", "equal"),
    ("högst 2,0 procent", "decrease"),
    ("Högst sex procent", "decrease"),
    ("max 5 %", "decrease"),
    ("Minst fem", "increase"),
    ("Minst 90%", "increase"),
    ("lägst 60 procent", "increase"),
    ("inte överstiga vad som överenskommits med Regionen om LUS", "decrease"),
    ("inte understiga 80 %", "increase"),
    ("Förbättrat resultat", "increase"),
    ("75 procent", None),
    ("3 650", None),
    ("under 2014", None),
    ("", None),
    ("Har ännu inte mätts", None),
]


@pytest.mark.parametrize("text,direction", DIRECTIONS, ids=[d[0] or "empty" for d in DIRECTIONS])
def test_target_direction(text: str, direction: str | None) -> None:
    assert target_direction(text) == direction


# (value, name) -> (num, unit, direction, note)
VALUES = [
    ("högst 2,0 procent", None, 2.0, "percent", "decrease", None),
    ("Minst fem", None, 5, "count", "increase", None),
    ("75 procent", None, 75, "percent", None, None),
    ("Minst 75 procent", None, 75, "percent", "increase", None),
    ("högst sex procent", None, 6, "percent", "decrease", None),
    ("3,65 procent", None, 3.65, "percent", None, None),
    ("64 %", "Andelen i brukarenkät", 64, "percent", None, None),
    ("12.69 %", None, 12.69, "percent", None, None),
    ("4.27%", "Sjukfrånvaro kort (< 60 dagar)", 4.27, "percent", None, None),
    ("elva dagar", "Genomsnittlig väntetid avseende försörjningsstöd", 11, "days", None, None),
    ("102 dagar", None, 102, "days", None, None),
    ("3 650", "Antal dygn på HVB-hem för barn och unga 13-20 år för året", 3650, "days", None, None),
    ("4 747 kr", "Snittpris per dygn", 4747, "kr", None, None),
    ("7", "Snittantal placeringar av unga 13-18 år i HVB-hem", 7, "count", None, None),
    ("82", "Medarbetarengagemang (HME) - Totalindex", 82, "index", None, None),
    ("1", "Aktuell rutin (Ja=1, Nej=0)", 1, "bool", None, None),
    ("0", "Aktuell rutin (Ja=1, Nej=0)", 0, "bool", None, None),
    ("Ja", "Aktuell rutin (Ja=1, Nej=0)", 1, "bool", None, None),
    ("Nej", None, 0, "bool", None, None),
    ("2", "Systematisk uppföljning, (Ja=2, Delvis= 1, Nej=0)", 2, "scale", None, None),
    ("Delvis", "Systematisk uppföljning, (Ja=2, Delvis= 1, Nej=0)", 1, "scale", None, None),
    ("hälften", None, 50, "percent", None, None),
    ("Minst hälften", None, 50, "percent", "increase", None),
    ("sex miljoner kronor", None, 6, "mkr", None, None),
    ("8,8 mnkr", None, 8.8, "mkr", None, None),
    ("Ökning från föregående mätning", "Andel", None, "text", "increase", None),
    ("Branschgenomsnitt", None, None, "text", "equal", None),
    (
        "Tidigare utfall för indikatorn saknas",
        "Andel enheter med plan för anhörigstöd",
        None,
        "text",
        None,
        "Tidigare utfall för indikatorn saknas",
    ),
    (
        "Utfall saknas, kommer tas fram till verksamhetsberättelse 2019",
        None,
        None,
        "text",
        None,
        "Utfall saknas, kommer tas fram till verksamhetsberättelse 2019",
    ),
    ("Har ännu inte mätts.", None, None, "text", None, "Har ännu inte mätts"),
    ("", None, None, "text", None, None),
    ("-", None, None, "text", None, "-"),
    ("(2020)", "Kartläggning av förekomst är presenterad för Socialnämnden", None, "text", None, None),
    ("3 (sep. 2019)", "Antal placeringar i konsulentstödda jourhem för barn 0-12 år", 3, "count", None, None),
    (
        "Utfall för 2019 saknas. Vid delårsrapport 2 2019 var dock 3 digitaliseringsprojekt påbörjade.",
        "Antal genomförda aktiviteter/projekt gällande digitalisering/automatisering",
        3,
        "count",
        None,
        "Utfall för 2019 saknas",
    ),
    ("-2,5 %", None, -2.5, "percent", None, None),
    ("−2 890", "Nettokostnad (tkr)", -2890, "tkr", None, None),
]


@pytest.mark.parametrize("text,name,num,unit,direction,note", VALUES, ids=[v[0] or "empty" for v in VALUES])
def test_parse_value(text, name, num, unit, direction, note) -> None:
    v = parse_value(text, name)
    assert (v.num, v.unit, v.target_direction, v.note) == (num, unit, direction, note)
    assert v.raw == text


def test_value_periods() -> None:
    assert parse_value("3 (sep. 2019)").period.text == "2019-09"
    assert parse_value("(2020)").period.text == "2020"
    v = parse_value(
        "Utfall för 2019 saknas. Vid delårsrapport 2 2019 var dock 3 digitaliseringsprojekt påbörjade."
    )
    assert v.period.text == "2019-01/2019-08" and v.period.end_month_text == "2019-08"
    assert parse_value("74").period is None


def test_value_issues() -> None:
    assert [issue_code(i) for i in parse_value("1,234").issues] == ["ambiguous_separator", "unit_assumed"]
    assert parse_value("1,234").ambiguous
    assert "answer_out_of_range" in [issue_code(i) for i in parse_value("3", "Rutin (Ja=1, Nej=0)").issues]
    assert "unit_conflict" in [issue_code(i) for i in parse_value("50 %", "Rutin (Ja=1, Nej=0)").issues]
    assert "no_number" in [issue_code(i) for i in parse_value("Enkätresultat redovisas").issues]
    assert "multiple_numbers" in [issue_code(i) for i in parse_value("3 650 2 555", "Antal dygn").issues]
    assert "range" in [issue_code(i) for i in parse_value("80-90 %").issues]
    assert parse_value("80-90 %").num is None and parse_value("80-90 %").unit == "percent"
    assert "plus_minus" in [issue_code(i) for i in parse_value("±1 %").issues]
    assert parse_value("Ökning från föregående mätning").issues == []
    v = parse_value("cirka 80", "Antal ungdomar")
    assert (v.num, v.unit) == (80, "count") and "approximate" in [issue_code(i) for i in v.issues]


def test_value_bad_input() -> None:
    with pytest.raises(NormalizeError):
        parse_value(12)  # type: ignore[arg-type]
    with pytest.raises(NormalizeError):
        parse_value("12", indicator_name=b"Antal")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "unit", "per"),
    [
        ("Snittkostnad HVB, kr/dygn", "kr", "dygn"),
        ("Kostnad HVB för barn och unga kr/inv. 0–20 år", "kr", "inv"),
        ("Nettokostnad kulturverksamhet, kr/invånare", "kr", "inv"),
        ("Kostnad per invånare (netto), kr", "kr", "inv"),
        ("Barn och unga som har varit placerade, antal/1000 inv", "count", "1000 inv"),
        ("Placerade barn per 1 000 invånare 0–20 år, antal", "count", "1000 inv"),
        ("Barnbokslån i kommunala bibliotek, antal/barn 0-17 år", "count", "barn"),
        ("Nettokostnadsavvikelse gymnasieskola, (%)", "percent", None),  # a unit-only aside says it
        ("Sjukfrånvaro, %", "percent", None),
        ("Antal ärenden och/eller avslut", "count", None),  # "/eller" is no rate
    ],
)
def test_a_rate_in_the_name_and_what_it_is_per(name: str, unit: str, per: str | None) -> None:
    from kpi.extractors.normalize.units import unit_denominator

    assert unit_from_name(name) == unit
    assert unit_denominator(name) == per
