"""The one exception type of :mod:`kpi.extractors.normalize`."""

from __future__ import annotations


class NormalizeError(ValueError):
    """Raised by the normalization API for a *caller* error, never for odd document text.

    Parsers take whatever a PDF prints and report what they could not settle in ``issues`` with
    ``value=None``; they raise this only when given something that is not text (e.g. ``bytes`` or
    a number where a ``str`` belongs) or, for :func:`to_tkr`, an amount/unit that is not money.
    ``None`` is accepted wherever text is and means an empty cell.
    """


def ensure_text(text: object, what: str = "text") -> str:
    """Return ``text`` as ``str`` (``None`` -> ``""``) or raise :class:`NormalizeError`."""
    if text is None:
        return ""
    if not isinstance(text, str):
        raise NormalizeError(f"{what} must be str or None, not {type(text).__name__}")
    return text
