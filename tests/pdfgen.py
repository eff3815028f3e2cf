"""Test PDFs are typeset with :mod:`kpi.samples.typeset` (shared with the synthetic archive generator)."""

from kpi.samples.typeset import A4, FONTS, Doc  # noqa: F401
