"""Test PDFs are typeset with :mod:`samples.typeset` (shared with the synthetic archive generator)."""

from samples.typeset import A4, FONTS, Doc  # noqa: F401
