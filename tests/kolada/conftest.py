"""Fixtures of the Kolada tests: the recorded API responses on 127.0.0.1."""

from __future__ import annotations

import pytest
from kolada_server import serve


@pytest.fixture
def server():
    yield from serve()
