"""Normalization: printed Swedish text -> typed values.  Every value kpi stores passes through here.

Public API (stable; extractors code against these names)::

    NormalizeError      the one exception type; raised only for non-text input (and by to_tkr
                        for a unit that is not money).  Odd document text never raises: parsers
                        return value=None and say why in ``issues``.
    parse_number(text, *, parens_negative=None) -> ParsedNumber
                        value, is_percent, ambiguous, issues, raw (+ decimal, unit, bounds, ...)
    parse_amount(text) -> ParsedAmount
                        a money table cell: value (sign kept), unit printed in the cell, issues
    parse_value(text, indicator_name=None) -> ParsedValue
                        raw, num, unit, target_direction, note, issues, period
    parse_period(text, default_year=None) -> Period | None
                        .text ('2019', '2024-03', '2024-01/2024-03'), .start, .end,
                        .end_month_text, .kind
    find_numbers / find_periods
                        every number / period in a text, with offsets
    detect_unit(text)   canonical unit printed in a text ('tkr', 'mkr', 'mnkr', 'mdkr', 'kr',
                        'percent', 'days', 'count', 'index', 'bool', 'scale') or None
    unit_from_name(indicator_name)
                        the unit a bare number printed for that indicator has
    to_tkr(amount, unit) -> float
    target_direction(text) -> 'increase' | 'decrease' | 'equal' | None
    MONTHS              Swedish month name/abbreviation -> 1..12 (case- and dot-insensitive)

Issues are strings ``"code: message"`` (:func:`issue_code` gives the code) meant for
``extraction_issues`` rows: ``ambiguous_separator``, ``multiple_numbers``, ``range``,
``dash_or_minus``, ``parenthesized_year``, ``no_number``, ``empty``, ``placeholder``,
``unit_assumed``, ``unit_conflict``, ``answer_out_of_range``, ``thousands_point``,
``thousands_comma``, ``scaled_by_word``, ``percentage_points``, ``plus_minus``, ...

The Swedish words live in :mod:`kpi.extractors.normalize.vocabulary`, nowhere else.
"""

from .directions import comparison_word, missing_phrase, target_direction
from .errors import NormalizeError
from .numbers import (
    ParsedAmount,
    ParsedNumber,
    find_numbers,
    is_placeholder,
    issue_code,
    parse_amount,
    parse_number,
    word_number,
)
from .periods import Period, PeriodMatch, find_periods, parse_period, period_kind
from .text import clean_text
from .units import (
    answer_scale,
    answer_unit,
    canonical_unit,
    detect_money_unit,
    detect_unit,
    to_tkr,
    unit_from_name,
)
from .values import ParsedValue, parse_value
from .vocabulary import MONTHS, NUMBER_WORDS

__all__ = [
    "MONTHS",
    "NUMBER_WORDS",
    "NormalizeError",
    "ParsedAmount",
    "ParsedNumber",
    "ParsedValue",
    "Period",
    "PeriodMatch",
    "answer_scale",
    "answer_unit",
    "canonical_unit",
    "clean_text",
    "comparison_word",
    "detect_money_unit",
    "detect_unit",
    "find_numbers",
    "find_periods",
    "is_placeholder",
    "issue_code",
    "missing_phrase",
    "parse_amount",
    "parse_number",
    "parse_period",
    "parse_value",
    "period_kind",
    "target_direction",
    "to_tkr",
    "unit_from_name",
    "word_number",
]
