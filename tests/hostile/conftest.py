"""Hypothesis profiles for the hostile-input property tests (same names as tests/normalize's).

``fast`` (default) keeps ``make test`` quick; ``HYPOTHESIS_PROFILE=fuzz`` (``make fuzz``) runs a
large example budget.  Tests whose examples are expensive (each opens a PDF or builds a folder
tree) scale their own budget with :func:`budget`.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

FUZZ = os.environ.get("HYPOTHESIS_PROFILE") == "fuzz"

settings.register_profile("fast", max_examples=60, deadline=None)
settings.register_profile(
    "fuzz", max_examples=20_000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("fuzz" if FUZZ else "fast")


def budget(fast: int, fuzz: int) -> settings:
    """Settings with ``fast`` examples normally and ``fuzz`` examples under the fuzz profile."""
    return settings(
        max_examples=fuzz if FUZZ else fast,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
