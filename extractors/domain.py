"""The closed sets of values the warehouse stores, as enums (see ``warehouse/CONTRACT.md``).

Each is a :class:`enum.StrEnum` whose values are exactly the strings the warehouse holds, so a
member compares equal to its text (``DocumentStatus.OK == "ok"``), prints as it (``str()`` and
f-strings give ``"ok"``) and goes into DuckDB, Arrow, Parquet and JSON unchanged. Code says
``DocumentStatus.FAILED``; data read back from the warehouse stays plain text.

Budget measures are closed too: a column header that fits none of :class:`BudgetMeasure` is
``BudgetMeasure.OTHER``, and the header as printed stays in ``budget_lines.column_header``.
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
    """``budget_lines.measure``: what a budget cell is, from its column header (or, in a table
    whose columns are only years, its row label). The vocabulary is closed: a header that names
    none of these is :attr:`OTHER`. The money flow a header names beside the measure ("Utfall
    intäkter") is :class:`BudgetFlow`; a header that names only a flow ("Intäkter") keeps the
    flow as its measure (the first five members)."""

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
    UTFALL_FG_AR = "utfall_fg_ar"  # "Utfall fg år": the year before, named relative to the document
    KOMMUNBIDRAG = "kommunbidrag"
    RESULTAT = "resultat"  # a column that names only the result ("Resultat period")
    FG_PROGNOS = "fg_prognos"  # the previous report's full-year forecast ("Fg prognos")
    OTHER = "other"  # a header that names no measure kpi knows (the header is in column_header)


class BudgetFlow(StrEnum):
    """``budget_lines.flow``: the money flow a budget column (or row) names, NULL when none."""

    INTAKTER = "intakter"  # income
    KOSTNADER = "kostnader"  # costs
    NETTOKOSTNAD = "nettokostnad"  # net cost (costs less income)
    RESULTAT = "resultat"  # the result (income less costs)
    KOMMUNBIDRAG = "kommunbidrag"  # the grant the council pays the committee


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


class Assessment(StrEnum):
    """``goal_assessments.assessment``: a yearly (or part-year) judgement of a goal or an activity,
    printed as a word or an icon. The first four are for goals, the last three for activities."""

    FULFILLED = "fulfilled"  # Uppfyllt, Uppnått, a green icon beside a goal
    PARTLY_FULFILLED = "partly_fulfilled"  # Delvis uppfyllt, a yellow or half-filled icon
    NOT_FULFILLED = "not_fulfilled"  # Ej uppfyllt, Inte uppnått, a red icon
    NOT_ASSESSED = "not_assessed"  # Ej bedömt, Kan ej bedömas
    COMPLETED = "completed"  # Genomförd, Avslutad, a green icon beside an activity
    IN_PROGRESS = "in_progress"  # Pågående, Påbörjad, a yellow icon beside an activity
    NOT_STARTED = "not_started"  # Ej påbörjad, Ej startad, a red icon beside an activity


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
