"""The closed sets of values the warehouse stores, as enums (see ``warehouse/CONTRACT.md``).

Each is a :class:`enum.StrEnum` whose values are exactly the strings the warehouse holds, so a
member compares equal to its text (``DocumentStatus.OK == "ok"``), prints as it (``str()`` and
f-strings give ``"ok"``) and goes into DuckDB, Arrow, Parquet and JSON unchanged. Code says
``DocumentStatus.FAILED``; data read back from the warehouse stays plain text.

Budget measures are the one half-open set: a column header that fits none of
:class:`BudgetMeasure` is stored as its own lower-cased, ASCII-folded text (the contract allows
it), so ``BudgetLine.measure`` is ``BudgetMeasure | str``.
"""

from __future__ import annotations

from enum import StrEnum


class DocumentStatus(StrEnum):
    """``documents.status``: how far extraction of one PDF got."""

    OK = "ok"
    PARTIAL = "partial"  # some part failed or the document has no text layer
    FAILED = "failed"  # nothing could be read (not a PDF, corrupt, encrypted, a limit was hit)


class Severity(StrEnum):
    """``extraction_issues.severity``."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class ValueKind(StrEnum):
    """``indicator_values.value_kind``."""

    TARGET = "target"
    OUTCOME = "outcome"
    FORECAST = "forecast"


class TargetDirection(StrEnum):
    """``indicator_values.target_direction`` of a relative target ("Ökning", "Minska", "Samma nivå")."""

    INCREASE = "increase"
    DECREASE = "decrease"
    EQUAL = "equal"


class TableKind(StrEnum):
    """``budget_lines.table_kind``."""

    DRIFTBUDGET = "driftbudget"
    KOMMUNBIDRAG = "kommunbidrag"
    ANSLAG = "anslag"
    MONTHLY_RESULT = "monthly_result"
    OTHER = "other"


class BudgetMeasure(StrEnum):
    """``budget_lines.measure`` for headers kpi recognizes (others keep their folded header text)."""

    INTAKTER = "intakter"
    KOSTNADER = "kostnader"
    NETTOKOSTNAD = "nettokostnad"
    BUDGET = "budget"
    PLAN = "plan"
    UTFALL = "utfall"
    UTFALL_ACK = "utfall_ack"
    BUDGET_ACK = "budget_ack"
    AVVIKELSE = "avvikelse"
    AVVIKELSE_ACK = "avvikelse_ack"
    ARSPROGNOS = "arsprognos"
    ARSBUDGET = "arsbudget"
    AVVIKELSE_MOT_FG_AR = "avvikelse_mot_fg_ar"
    UTFALL_FG_AR = "utfall_fg_ar"
    KOMMUNBIDRAG = "kommunbidrag"


class LightStatus(StrEnum):
    """``goal_status.status``: a monthly traffic light."""

    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


class Trend(StrEnum):
    """``goal_status.trend``: the arrow beside a light."""

    POSITIVE = "positive"
    STABLE = "stable"
    NEGATIVE = "negative"


class RowKind(StrEnum):
    """``table_cells.row_kind``: what a table row is."""

    DETAIL = "detail"
    SUBTOTAL = "subtotal"  # a total row that more rows follow ("Summa skattefinansierad")
    TOTAL = "total"  # the table's last total row ("Totalt")
    CATEGORY = "category"  # a label without values that heads the rows below it


class TableEngine(StrEnum):
    """``table_cells.engine``: which reader found a cell."""

    KPI = "kpi"  # kpi's own geometry reader (extractors.tables)
    PYMUPDF = "pymupdf"  # PyMuPDF's table finder, the second opinion where kpi left numbers unread
