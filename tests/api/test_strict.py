"""Strict answers: an unknown filter value raises naming the closest valid ones, never 0 rows in silence."""

from __future__ import annotations

import pandas as pd
import pytest
from handmade import IFO, N00973, SICK

import kpi.warehouse.api as api
from kpi.warehouse.api_filters import UnknownValue, parse_period


@pytest.fixture()
def wh(handmade_db):
    with api.open(handmade_db) as w:
        yield w


# -- municipality -----------------------------------------------------------------------------


def test_a_name_without_its_diacritics_is_not_accepted_but_suggested(wh) -> None:
    with pytest.raises(LookupError, match=r'did you mean "Tyresö" \(0138\)\?') as err:
        wh.series("N00973", municipality="Tyreso")
    assert isinstance(err.value, ValueError) and isinstance(err.value, UnknownValue)
    with pytest.raises(LookupError, match=r'did you mean "Ekerö" \(0125\)'):
        wh.documents(municipality="Ekero kommun")


@pytest.mark.parametrize(
    "name", ["Tyresö", "tyresö", "Tyresö kommun", "TYRESÖ KOMMUN", "tyresö stad", "0138", 138]
)
def test_a_municipality_by_name_with_or_without_kommun_or_by_scb_code(wh, name) -> None:
    s = wh.series("N00973", municipality=name)
    assert len(s) == 4 and set(s["municipality"]) == {"Tyresö"}
    assert len(wh.documents(municipality=name)) == 3


def test_several_municipalities(wh) -> None:
    docs = wh.documents(municipality=["Tyresö kommun", "0125"])
    assert set(docs["municipality"]) == {"Tyresö", "Ekerö"}


def test_a_real_municipality_without_documents_says_so(wh) -> None:
    with pytest.raises(
        LookupError, match=r'"Stockholm" \(0180\) has no documents in this warehouse; it has: .*Tyresö'
    ):
        wh.series("N00973", municipality="Stockholms stad")  # the genitive of "Stockholms stad" is read
    with pytest.raises(LookupError, match=r'"Stockholm" \(0180\) has no documents'):
        wh.budget(municipality="0180")
    with pytest.raises(LookupError, match="no Swedish municipality has the SCB code '9999'"):
        wh.documents(municipality="9999")


def test_an_unknown_name_far_from_anything_here_suggests_a_swedish_municipality(wh) -> None:
    with pytest.raises(LookupError, match=r'"Göteborg" \(1480\) \(not in this warehouse\)'):
        wh.documents(municipality="Goteborg")


# -- organ, value kind, closed vocabularies ---------------------------------------------------


def test_an_organ_no_document_has_names_the_closest(wh) -> None:
    with pytest.raises(LookupError, match=f"no organ in this warehouse contains 'familjeomsrog'.*{IFO}"):
        wh.series("N00973", organ="familjeomsrog")
    assert len(wh.series("N00973", organ="FAMILJEOMSORG")) == 4
    assert wh.series("N00973", organ="socialförvaltningen").empty  # a real organ, no such values


def test_value_kind_outcomes_suggests_outcome(wh) -> None:
    with pytest.raises(ValueError, match=r"unknown value_kind 'outcomes'; did you mean \"outcome\"\?") as err:
        wh.series("N00973", value_kind="outcomes")
    assert "Accepted: target, outcome, forecast" in str(err.value)
    assert wh.series("N00973", value_kind=["target", "outcome"])["value_kind"].nunique() == 2
    with pytest.raises(ValueError, match="unknown value_kind 'goal'"):
        wh.values("N00973", value_kind="goal")


@pytest.mark.parametrize(
    ("kwargs", "suggestion"),
    [
        ({"table_kind": "monthly"}, "monthly_result"),
        ({"measure": "utfall ack"}, "utfall_ack"),
        ({"measure": "prognos"}, "arsprognos"),
    ],
)
def test_budget_vocabularies_suggest_the_closest(wh, kwargs, suggestion) -> None:
    with pytest.raises(ValueError, match=f'did you mean [^?]*"{suggestion}"'):
        wh.budget(**kwargs)


def test_doc_type_and_doc_id(wh) -> None:
    with pytest.raises(ValueError, match='did you mean "nämndplan"'):
        wh.documents(doc_type="namndplan")
    with pytest.raises(LookupError, match="no document with doc_id 'zzz'"):
        wh.issues("zzz")
    with pytest.raises(LookupError, match="no document with doc_id 'aaa' in this warehouse; 1 start with it"):
        wh.budget(doc_id="aaa")


def test_document_years_as_a_range(wh) -> None:
    assert wh.documents(year=range(2019, 2021))["year"].tolist() == [2019, 2019, 2020]
    assert wh.documents(year="2024")["year"].tolist() == [2024]


# -- indicators -------------------------------------------------------------------------------


def test_several_indicators_by_code_and_name(wh) -> None:
    s = wh.series(["N00973", "Den totala sjukfrånvaron"], municipality="Tyresö")
    assert set(s["indicator_id"]) == {f"unmatched:{N00973}", SICK}
    assert len(s) == 4 + 4
    both = wh.values(["N00973", SICK])
    assert set(both["series_id"]) == {f"unmatched:{N00973}", SICK}


def test_a_kolada_code_without_values_is_an_error_not_an_empty_series(wh) -> None:
    with pytest.raises(LookupError, match=r"no values for the Kolada code N00974 in this warehouse.*N00973"):
        wh.series(["N00973", "N00974"])
    with pytest.raises(LookupError, match="no indicator matches 'xyzzy'"):
        wh.series(["N00973", "xyzzy"])


# -- periods ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "selection",
    [{"period": "2019/2020"}, {"period": "2019-2020"}, {"period": "2019–2020"}, {"years": range(2019, 2021)}],
)
def test_a_range_of_years(wh, selection) -> None:
    s = wh.series("N00973", **selection)
    assert sorted(s["period"]) == ["2019", "2019", "2020"]


def test_years_as_a_list_or_one_int(wh) -> None:
    assert sorted(wh.series("N00973", years=[2018, 2020])["period"]) == ["2018", "2020"]
    assert wh.series("N00973", years=2018)["period"].tolist() == ["2018"]


def test_budget_period_2019_2024_is_read_as_a_range(wh) -> None:
    b = wh.budget(period="2019-2024")
    assert len(b) == 6 and b["amount_tkr"].sum() == pytest.approx(-223310.0)
    assert len(wh.budget(period="2024-01/2024-06")) == 3  # the spans inside the half-year
    assert len(wh.budget(years=range(2023, 2024))) == 1


@pytest.mark.parametrize("period", ["in spring", "2019-13", "19", "2019/20", "2019-20", "Q1 2024"])
def test_an_unreadable_period_explains_the_accepted_forms(wh, period) -> None:
    with pytest.raises(
        ValueError, match=r'cannot read period .*a year "2019", a month "2024-03", a range "2019/2024"'
    ):
        wh.budget(period=period)


def test_period_mistakes(wh) -> None:
    with pytest.raises(ValueError, match="ends before it starts"):
        wh.series("N00973", period="2024/2019")
    with pytest.raises(ValueError, match="give period or years, not both"):
        wh.series("N00973", period="2019", years=[2019])
    with pytest.raises(ValueError, match=r"years takes integers.*period='2019-2024'"):
        wh.budget(years="2019-2024")
    with pytest.raises(ValueError, match="years must be an int or integers"):
        wh.series("N00973", years=[2019.0])


def test_parse_period_forms() -> None:
    assert parse_period("2019-2024").text == "2019/2024"
    assert parse_period(2019) == ("2019", pd.Timestamp("2019-01-01"), pd.Timestamp("2019-12-31"), False)
    assert parse_period("2024-01 / 2024-03").is_range


def test_a_valid_filter_that_selects_nothing_is_still_an_empty_frame(wh) -> None:
    assert wh.series("N00973", period="2030").empty
    assert wh.series("N00973", municipality="Ekerö").empty  # Ekerö is here, without that indicator
