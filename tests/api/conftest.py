"""Fixtures of the API tests: a warehouse loaded from the hand-made rows in handmade.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from handmade import DOCS, SICK

from kpi.warehouse.db import connect
from tests.warehouse.loading import load_result


@pytest.fixture(scope="session")
def handmade_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("api") / "handmade.duckdb"
    con = connect(path)
    try:
        for result in DOCS:
            load_result(con, result, "test")
        con.execute(
            "INSERT INTO indicators (indicator_id, canonical_name, kolada_code, unit) VALUES "
            "(?, 'Sjukfrånvaro, total', NULL, 'percent')",
            [SICK],
        )
    finally:
        con.close()
    return path
