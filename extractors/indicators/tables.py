"""Which tables of the flow are indicator tables: the words that anchor them and the words that
leave them to the budget recognizers.

The reading itself is the table engine's (:mod:`kpi.extractors.tables.flow_tables`); this module
only says what the header of an indicator table looks like: a first cell naming the indicator
column ("Indikatorer", "Mått", "Mått/nyckeltal", "Statistik") and value columns whose header
words carry a value kind ("Utfall", "Mål", "Prog.", "Bokslut").  Budget and accounting tables
(amounts in money units) are not indicator tables.
"""

from __future__ import annotations

from kpi.extractors import vocabulary as V
from kpi.extractors.indicators.text import has_any_word, starts_with_any
from kpi.extractors.tables import flow_tables
from kpi.extractors.tables.flow import Flow
from kpi.extractors.tables.flow_tables import FlowTable, HeaderWords

MAX_LABEL_WORDS = 4
"""An indicator column's header cell ("Mått/nyckeltal", "Indikatorer") is this many words at most."""
_KIND_WORDS = tuple(w for w, _ in V.INDICATOR_COLUMN_KINDS)


def is_label_cell(text: str) -> bool:
    """Does a header cell name the indicator column?"""
    words = text.split()
    if not words or len(words) > MAX_LABEL_WORDS:
        return False
    return bool(starts_with_any(text, V.INDICATOR_COLUMN_LABELS))


def is_kind_header(text: str) -> bool:
    """Does header text name a kind of value (outcome, target, forecast …)?"""
    return has_any_word(text, _KIND_WORDS)


def may_start_label(text: str) -> bool:
    """Does a line start with words that name the indicator column (its first cell may)?"""
    return starts_with_any(text, V.INDICATOR_COLUMN_LABELS) is not None


INDICATOR_HEADER = HeaderWords(label=is_label_cell, kind=is_kind_header, may_anchor=may_start_label)


def is_financial(table: FlowTable) -> bool:
    """Budget and accounting tables are not indicator tables (their amounts are in money units)."""
    text = " ".join([table.label, *(c.header for c in table.columns), table.caption])
    return has_any_word(text, V.FINANCIAL_TABLE_WORDS)


def find_tables(flow: Flow) -> list[FlowTable]:
    """Every indicator table of the flow, financial tables left out."""
    return [t for t in flow_tables.find_tables(flow, INDICATOR_HEADER) if not is_financial(t)]
