"""The QA report over a warehouse with NULL text cells (the schema allows them; other loaders write them).

Found by the type checker: the report sliced ``indicator_name`` and escaped an issue's ``code``
and ``severity`` as if they were always text, so one NULL cell stopped `kpi report` with a
TypeError or AttributeError.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from kpi.pipeline.report.build import build_report, doc_page
from kpi.pipeline.report.checks import check_indicator_values, is_consistency_issue
from kpi.warehouse.db import connect

DOC = "ab" * 32


def _warehouse(path: Path) -> Path:
    con = connect(path)
    try:
        con.execute(
            "INSERT INTO documents (doc_id, source_path, title, year, page_count, status) "
            "VALUES (?, 'gone.pdf', 'Nämndplan 2020', 2020, 3, 'ok')",
            [DOC],
        )
        con.execute(  # a numeric unit without a number and without a name, far from 2020
            "INSERT INTO indicator_values (doc_id, page, indicator_name, value_kind, period, value_raw, unit) "
            "VALUES (?, 1, NULL, 'outcome', '2035', 'n/a', 'percent')",
            [DOC],
        )
        con.execute(
            "INSERT INTO extraction_issues (doc_id, page, severity, code, message) VALUES "
            "(?, 1, NULL, NULL, 'an issue without code or severity'), (?, 2, 'warning', 'sum_mismatch', NULL)",
            [DOC, DOC],
        )
    finally:
        con.close()
    return path


def test_report_over_null_names_codes_and_severities(tmp_path: Path) -> None:
    db = _warehouse(tmp_path / "w.duckdb")
    summary = build_report(db, tmp_path / "report")
    assert summary.documents == 1
    page = (tmp_path / "report" / doc_page(DOC)).read_text(encoding="utf-8")
    assert "value_without_number" in page and "period_far_from_document" in page
    assert "an issue without code or severity" in page


def test_checks_read_missing_names_as_empty() -> None:
    doc = pd.Series({"doc_id": DOC, "year": 2020, "page_count": 3})
    rows = pd.DataFrame(
        [
            {
                "row_no": 1,
                "page": 1,
                "indicator_name": None,
                "section_path": None,
                "value_kind": "outcome",
                "period": "2035",
                "value_raw": "n/a",
                "value_num": float("nan"),
                "unit": "percent",
            }
        ]
    )
    found = check_indicator_values(doc, rows)
    assert [c.code for c in found] == ["value_without_number", "period_far_from_document"]
    assert found[0].message.startswith(": unit percent") and found[0].row_no == 1
    assert not is_consistency_issue(None) and is_consistency_issue("sum_mismatch")
