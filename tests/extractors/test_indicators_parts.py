"""Table-driven tests of the indicator parts: Kolada codes, value labels, joins, headers, targets."""

from __future__ import annotations

import pytest

from kpi.extractors.indicators import kolada
from kpi.extractors.indicators.bullets import split_labels
from kpi.extractors.indicators.goal_values import activity_outcomes, first_sentence, reference_values, targets
from kpi.extractors.indicators.values import slot_from_header
from kpi.extractors.records import DocumentMeta
from kpi.extractors.tables.flow import join_texts


@pytest.mark.parametrize(
    "text,name,code",
    [
        ("(U37484) Aktuell överenskommelse", "Aktuell överenskommelse", "U37484"),
        ("N00973 Lämnat etableringsuppdraget", "Lämnat etableringsuppdraget", "N00973"),
        ("Andel elever (U15011).", "Andel elever", "U15011"),
        ("Antal dygn på HVB-hem", "Antal dygn på HVB-hem", None),
        ("Resultat (Ja=1, Nej=0)", "Resultat (Ja=1, Nej=0)", None),
        ("Andel elever med behörighet, Kolada U07428", "Andel elever med behörighet", "U07428"),
        ("Kostnad per elev (Kolada: N15007)", "Kostnad per elev", "N15007"),
        ("Invånare 0–20 år, kolada-id N17426, andel", "Invånare 0–20 år, andel", "N17426"),
        ("Koladas U07428 x", "Koladas U07428 x", None),
        ("Andel U07428 av alla", "Andel U07428 av alla", None),
    ],
)
def test_kolada_codes_are_split_from_names(text, name, code):
    assert kolada.split_code(text) == (name, code)


def test_kolada_catalogue_check():
    assert kolada.check("N00973") is None
    assert "U37484" in (kolada.check("U37484") or "")
    assert kolada.title("U30200").startswith("Medarbetarengagemang")


@pytest.mark.parametrize(
    "text,name,labels",
    [
        (
            "Andel X. Målvärde: Ökning. 2018 års värde: 64 %",
            "Andel X",
            [("Målvärde", "target", "target", "Ökning"), ("2018 års värde", "outcome", "baseline", "64 %")],
        ),
        (
            "Snittantal Y: Målvärde: Minskat. Värde november 2018: 7",
            "Snittantal Y",
            [
                ("Målvärde", "target", "target", "Minskat"),
                ("Värde november 2018", "outcome", "baseline", "7"),
            ],
        ),
        (
            "Z. Målvärde: 10 % Värde 2018: Har ännu inte mätts.",
            "Z",
            [
                ("Målvärde", "target", "target", "10 %"),
                ("Värde 2018", "outcome", "baseline", "Har ännu inte mätts"),
            ],
        ),
        (
            "Nämndmålet följs upp genom följande indikatorer:",
            "Nämndmålet följs upp genom följande indikatorer:",
            [],
        ),
    ],
)
def test_value_labels(text, name, labels):
    got_name, got = split_labels(text)
    assert got_name == name
    assert [(x.label, x.kind, x.role, x.value) for x in got] == labels


@pytest.mark.parametrize(
    "parts,joined",
    [
        (["verksamhets-", "berättelse 2019"], "verksamhetsberättelse 2019"),
        (["barn-", "och ungdomsvård"], "barn- och ungdomsvård"),
        (["13-", "20 år"], "13-20 år"),
        (["DELÅRS-", "RAPPORT 2"], "DELÅRSRAPPORT 2"),
        (["HVB-", "hem"], "HVB-hem"),
    ],
)
def test_wrapped_lines_join(parts, joined):
    assert join_texts(parts) == joined


PLAN = DocumentMeta(doc_type="nämndplan", year=2020, period="2020")
REPORT = DocumentMeta(doc_type="delårsrapport", year=2026, period="2026-01/2026-03")


@pytest.mark.parametrize(
    "header,meta,slot",
    [
        ("PROG. UTFALL 2019", PLAN, ("forecast", "2019")),
        ("UTFALL DELÅRSRAPPORT 2 2019", PLAN, ("outcome", "2019-08")),
        ("UTFALL", PLAN, ("outcome", "2019")),
        ("MÅL", PLAN, ("target", "2020")),
        ("Utfall perioden jämfört med samma period föregående år", REPORT, ("outcome", "2026-03")),
        ("Prognos helår jämfört med helår föregående år", REPORT, ("forecast", "2026")),
        ("Budget 2025", REPORT, ("target", "2025")),
        ("Kommentar", PLAN, None),
    ],
)
def test_column_headers(header, meta, slot):
    s = slot_from_header(header, meta)
    assert (s.kind, s.period) == slot if slot else s is None


@pytest.mark.parametrize(
    "text,found",
    [
        ("I högst 2,0 procent av Tyresöborna har försörjningsstöd under 2014.", ["högst 2,0 procent"]),
        ("75 procent av de personer i åldersgruppen 25 till 65 år har fått arbete.", ["75 procent"]),
        (
            "Minst 75 procent svarar och nöjd medarbetarindex är lägst 60 procent.",
            ["Minst 75 procent", "lägst 60 procent"],
        ),
        ("Deltagande i Självständighet 365 sker när kunskaper uppnåtts.", []),
        (
            "Antalet vårddygn ska inte överstiga vad som överenskommits med Regionen.",
            ["inte överstiga vad som överenskommits med Regionen"],
        ),
    ],
)
def test_targets_in_goal_text(text, found):
    assert [f.raw for f in targets(text)] == found


def test_reference_values_and_activity_outcomes():
    goal = "I högst 2,0 procent har stöd. (Årsstatistik: Andel i Tyresö år 2012: 2,3 procent)"
    assert first_sentence(goal) == "I högst 2,0 procent har stöd"
    [ref] = reference_values(goal)
    assert (ref.raw, ref.period, ref.note) == ("2,3 procent", "2012", "Årsstatistik: Andel i Tyresö år 2012")
    got = activity_outcomes(
        "Hösten 2013 var svarsfrekvensen 79 procent och medarbetarindex 74. Vi har 44 personer.",
        "Minst 75 procent svarar och nöjd medarbetarindex är lägst 60 procent.",
    )
    assert [(f.raw, f.period) for f in got] == [("79 procent", "2013"), ("74", "2013")]
