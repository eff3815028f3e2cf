"""Data for a small warehouse of hand-made rows: two plans and a monthly report from one municipality,
a goal proposal from another, with one indicator matched across the plans by hand."""

from __future__ import annotations

from kpi.extractors.records import BudgetLine, DocumentMeta, ExtractionResult, IndicatorValue

IFO = "Verksamhetsområde 3 – Individ- och familjeomsorg"
SICK = "tyreso:sjukfranvaro"


def _iv(
    name: str,
    kind: str,
    period: str,
    raw: str,
    num: float | None,
    unit: str,
    page: int = 3,
    code: str | None = None,
    indicator_id: str | None = None,
    y: float = 100.0,
) -> IndicatorValue:
    return IndicatorValue(
        page=page,
        bbox=(56.0, y, 520.0, y + 12),
        section_path="Mål 1",
        indicator_name=name,
        kolada_code=code,
        value_kind=kind,
        period=period,
        value_raw=raw,
        value_num=num,
        unit=unit,
        indicator_id=indicator_id,
    )


def _bl(label: str, measure: str, period: str, amount: float, y: float) -> BudgetLine:
    return BudgetLine(
        page=2,
        bbox=(300.0, y, 340.0, y + 10),
        table_kind="monthly_result",
        row_label=label,
        measure=measure,
        period=period,
        amount=amount,
        unit="tkr",
        amount_tkr=amount,
        table_title="Nettokostnad per verksamhet",
        value_raw=str(amount),
    )


N00973 = "Lämnat etableringsuppdraget och börjat arbeta eller studera, andel (%)"

DOCS = [
    ExtractionResult(
        doc_id="a" * 64,
        source_path="plans/np2019.pdf",
        meta=DocumentMeta("Nämndplan 2019", "Tyresö", "0138", IFO, "nämndplan", 2019, "2019", 15),
        indicator_values=[
            _iv("Sjukfrånvaro totalt", "target", "2019", "6 %", 6.0, "percent", indicator_id=SICK),
            _iv("Sjukfrånvaro totalt", "outcome", "2018", "7,1 %", 7.1, "percent", indicator_id=SICK),
            _iv(N00973, "outcome", "2018", "33 %", 33.0, "percent", page=5, code="N00973"),
            _iv(N00973, "target", "2019", "40 %", 40.0, "percent", page=5, code="N00973"),
            _iv("Antal dygn på HVB-hem", "target", "2019", "3 000", 3000.0, "days", page=6),
        ],
    ),
    ExtractionResult(
        doc_id="b" * 64,
        source_path="plans/np2020.pdf",
        meta=DocumentMeta("Nämndplan 2020", "Tyresö", "0138", IFO, "nämndplan", 2020, "2020", 19),
        indicator_values=[
            _iv("Den totala sjukfrånvaron", "target", "2020", "5,5 %", 5.5, "percent", indicator_id=SICK),
            _iv("Den totala sjukfrånvaron", "outcome", "2019", "6,8 %", 6.8, "percent", indicator_id=SICK),
            _iv(N00973, "outcome", "2018", "33,5 %", 33.5, "percent", page=7, code="N00973", y=200.0),
            _iv(N00973, "outcome", "2019", "40.74 %", 40.74, "percent", page=7, code="N00973", y=220.0),
            _iv(N00973, "target", "2020", "45 %", 45.0, "percent", page=7, code="N00973", y=220.0),
        ],
    ),
    ExtractionResult(
        doc_id="c" * 64,
        source_path="reports/mr2024-03.pdf",
        meta=DocumentMeta(
            "Månadsrapport mars 2024",
            "Tyresö",
            "0138",
            "Arbetsmarknads- och socialförvaltningen",
            "månadsrapport",
            2024,
            "2024-03",
            5,
        ),
        budget_lines=[
            _bl("Vård och vuxna", "utfall_ack", "2024-01/2024-03", -20091.0, 100),
            _bl("Vård och vuxna", "budget_ack", "2024-01/2024-03", -20402.0, 100),
            _bl("Vård och vuxna", "arsprognos", "2024", -77929.0, 100),
            _bl("Vård och vuxna", "utfall_fg_ar", "2023", -76312.0, 100),
            _bl("Ekonomiskt bistånd", "utfall_ack", "2024-01/2024-03", -5715.0, 120),
            _bl("Ekonomiskt bistånd", "arsprognos", "2024", -22861.0, 120),
        ],
    ),
    ExtractionResult(
        doc_id="d" * 64,
        source_path="ekero/malforslag.pdf",
        meta=DocumentMeta(
            "Förslag till mål för Socialnämnden",
            "Ekerö",
            "0125",
            "Socialnämnden",
            "målförslag",
            2019,
            "2018-01/2022-12",
            4,
        ),
        indicator_values=[_iv("Sjukfrånvaron ska minska", "target", "2022", "minska", None, "text")],
    ),
]
DOCS[0].issue("warning", "sum_mismatch", "rows do not add up to the printed total", page=9)
