"""Build real warehouse files with indicator rows (ExtractionResults loaded by the real loader)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from kpi.extractors.records import DocumentMeta, ExtractionResult, IndicatorValue
from kpi.warehouse.db import connect
from tests.warehouse.loading import load_result

MUNIS = {"Tyresö": "0138", "Ekerö": "0125", "Nacka": "0182"}


def doc(
    name: str, year: int, rows: list[tuple], municipality: str = "Tyresö", organ: str | None = "Socialnämnden"
) -> ExtractionResult:
    """A document: rows are (indicator_name, code, section_path, value_kind, period, value_num, unit)."""
    r = ExtractionResult(doc_id=hashlib.sha256(name.encode()).hexdigest(), source_path=f"{name}.pdf")
    r.meta = DocumentMeta(
        title=f"Nämndplan {year}",
        municipality=municipality,
        municipality_code=MUNIS.get(municipality),
        organ=organ,
        doc_type="nämndplan",
        year=year,
        period=str(year),
        page_count=3,
    )
    for k, (ind, code, section, kind, period, num, unit) in enumerate(rows):
        raw = None if num is None else (f"{num:g} %" if unit == "percent" else f"{num:g}")
        r.indicator_values.append(
            IndicatorValue(
                page=1 + k // 10,
                bbox=(50.0, 100.0 + k, 500.0, 110.0 + k),
                section_path=section,
                indicator_name=ind,
                kolada_code=code,
                value_kind=kind,
                period=period,
                value_raw=raw or "Ökning",
                value_num=num,
                unit=unit if num is not None else "text",
            )
        )
    return r


def build(path: Path, docs: list[ExtractionResult]) -> Path:
    con = connect(path)
    try:
        for d in docs:
            load_result(con, d, "test")
    finally:
        con.close()
    return path


GOAL_A = "Trygga > Nämndmål: Barn och unga får stöd tidigt"
GOAL_B = "Attraktiv arbetsgivare > Kommunen har engagerade medarbetare"

PLAN_2019 = [
    (
        "Hållbart medarbetarengagemang, HME, inom individ- och familjeomsorgen avseende ledarskap",
        None,
        GOAL_B,
        "outcome",
        "2018",
        88.0,
        "percent",
    ),
    (
        "Hållbart medarbetarengagemang, HME, inom individ- och familjeomsorgen avseende styrning",
        None,
        GOAL_B,
        "outcome",
        "2018",
        77.0,
        "percent",
    ),
    ("Antalet placeringar av barn 0-12 år i jourhem", None, GOAL_A, "target", "2019", 3.0, "count"),
    ("Andel ej återaktualiseringar avseende barn 0-12 år", None, GOAL_A, "outcome", "2018", 71.0, "percent"),
    ("Andel ej återaktualiseringar avseende barn 13-20 år", None, GOAL_A, "outcome", "2018", 69.0, "percent"),
    ("Personalomsättning inom individ- och familjeomsorgen", None, GOAL_B, "target", "2019", 10.0, "percent"),
]
PLAN_2020 = [
    (
        "Medarbetarengagemang (HME) individ- och familjeomsorg - Ledarskapsindex",
        "U30202",
        GOAL_B,
        "outcome",
        "2018",
        88.0,
        "index",
    ),
    (
        "Medarbetarengagemang (HME) individ- och familjeomsorg - Styrningsindex",
        "U30203",
        GOAL_B,
        "outcome",
        "2018",
        77.0,
        "index",
    ),
    ("Antal placeringar av barn 0-12 år i jourhem", None, GOAL_A, "target", "2020", 2.0, "count"),
    ("Andel ej återaktualiseringar avseende barn 0-12 år", None, GOAL_A, "outcome", "2019", 73.0, "percent"),
    ("Andel ej återaktualiseringar gällande barn 13-20 år", None, GOAL_A, "outcome", "2019", 70.0, "percent"),
    ("Andel placeringar i familjehem", None, GOAL_A, "target", "2020", 50.0, "percent"),
]
