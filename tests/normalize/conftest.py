"""Hypothesis profiles for the normalization tests.

``fast`` (default) keeps property tests quick on a shared machine; ``HYPOTHESIS_PROFILE=fuzz``
runs a large example budget::

    HYPOTHESIS_PROFILE=fuzz .venv/bin/python -m pytest tests/normalize
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis.errors import InvalidArgument

settings.register_profile("fast", max_examples=60, deadline=None)
settings.register_profile(
    "fuzz", max_examples=20_000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

_profile = os.environ.get("HYPOTHESIS_PROFILE", "fast")
try:
    settings.load_profile(_profile)
except InvalidArgument:  # a profile registered elsewhere, not known yet: use ours
    settings.load_profile("fast")
