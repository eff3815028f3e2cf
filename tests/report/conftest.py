"""Fixtures of the QA report tests: a warehouse of typeset PDFs with located rows."""

from __future__ import annotations

import pytest
from report_fixture import Built, build


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Built:
    return build(tmp_path_factory.mktemp("report"))
