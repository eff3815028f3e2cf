"""Budget and financial tables -> one ``budget_lines`` row per numeric cell.

Reads the tables that :mod:`kpi.extractors.tables` reconstructs and decides what each cell means:

* the **measure** from the column's own header (``Intäkter``, ``Utfall ack.``, ``Avvikelse mot
  2023``) or, when the columns are only periods (``Ekonomi (tkr) | 2024 | 2025``), from the row
  label: always a :class:`~kpi.extractors.domain.BudgetMeasure` (``other`` for a header that names
  none), with the header as printed kept in ``column_header``;
* the **flow** the header (else the row label) names beside the measure (``Utfall intäkter
  period``: ``utfall_ack`` of ``intakter``);
* the **row kind** and **row parent** from the table engine (:mod:`kpi.extractors.tables.row_kinds`,
  the rule ``table_cells`` uses), so totals can be left out of sums and two ``Budget`` rows under
  ``Nettokostnader`` and ``Nettoinvesteringar`` differ;
* the **period** from the header (``Jan 24 - Mars 24``), a spanning header (``Budget 2019``),
  the measure's own logic (``Årsprognos`` is the report year, ``fg år`` the year before, an
  accumulated column the report's part of the year), else the document's year;
* the **unit** from the cell, the row label (``Anslag – mkr``), the column header, the stub or
  caption (``IFO Tkr``, ``Belopp i mnkr``), else the unit of the document's previous financial
  table (recorded as an ``info`` issue);
* the **table kind** from the title words (``Driftbudget``), the row labels (``Anslag``), a
  single ``Kommunbidrag 2019: 253 146 tkr`` line, or the document type.

Indicator tables (``Målvärde``, ``Nyckeltal``, percentages) are left to kpi.extractors.indicators.
Consistency checks run in :mod:`kpi.extractors.checks`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from kpi.extractors import vocabulary as V
from kpi.extractors.checks import Fact, check_facts
from kpi.extractors.domain import BudgetFlow, BudgetMeasure, Severity, TableKind
from kpi.extractors.layout import DocumentModel, Page
from kpi.extractors.normalize.numbers import cell_amount
from kpi.extractors.normalize.periods import Period, parse_period
from kpi.extractors.normalize.text import clean_text
from kpi.extractors.normalize.units import detect_money_unit, detect_unit, to_tkr
from kpi.extractors.normalize.vocabulary import fold
from kpi.extractors.records import BudgetLine, ExtractionResult
from kpi.extractors.tables.cells import line_of, numbered_lines
from kpi.extractors.tables.headers import HEADER_WORDS
from kpi.extractors.tables.model import Column, Table
from kpi.extractors.tables.pages import tables_of_document
from kpi.extractors.tables.reader import read_ruled_when
from kpi.extractors.tables.row_kinds import row_kinds, row_parents

MONEY_UNITS = frozenset({"kr", "tkr", "mkr", "mnkr", "mdkr"})
PERCENT_SHARE_MAX = 0.5
"""A table whose number cells are more than this share percentages is an indicator table."""
_KIND_WORDS = sorted(V.BUDGET_KIND_WORDS, key=lambda kv: -len(kv[0]))
_FLOW_WORDS = dict(V.BUDGET_FLOW_WORDS)
_KIND_ABBREVIATIONS = dict(V.BUDGET_KIND_ABBREVIATIONS)


# ----------------------------------------------------------------------------------------------
# Header -> measure
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class Meaning:
    """What a column (or row) header says: the contract measure and flow, and the facets checks use."""

    measure: BudgetMeasure
    kind: str | None  # outcome, forecast, budget, year_budget, plan, deviation, grant, None
    flow: BudgetFlow | None
    accumulated: bool
    previous_year: bool
    against_period: bool  # "Avvikelse mot 2023"


COMPOUND_HEAD_MIN = 5
"""A kind word this long or longer is also found as the head (last part) of a compound word
(``projektbudget``, ``investeringsbudget``, ``driftanslag``); shorter ones (``plan``, ``diff``)
only at a word's start, where a compound's head would be a guess."""


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", fold(text))


def _kind_of_word(w: str) -> str | None:
    """The kind a header word names: by its start (``Budgetavvikelse``, ``Utfall``), as an
    abbreviation (``Avv.``), else by a compound's head (``Projektbudget``)."""
    if w in _KIND_ABBREVIATIONS:
        return _KIND_ABBREVIATIONS[w]
    for prefix, word_kind in _KIND_WORDS:
        if w.startswith(prefix):
            return word_kind
    for prefix, word_kind in _KIND_WORDS:
        if len(prefix) >= COMPOUND_HEAD_MIN and w.endswith(prefix):
            return word_kind
    return None


def _against(text: str) -> tuple[bool, bool]:
    """(compares with another period, that period is the previous year) for ``mot 2023``."""
    t = fold(text)
    for w in V.BUDGET_AGAINST_WORDS:
        m = re.search(rf"(?<![\w]){re.escape(w)}\.?\s+(.*)$", t)
        if m:
            rest = m.group(1)
            if re.match(r"(19|20)\d\d", rest) or any(rest.startswith(p) for p in V.PREVIOUS_YEAR_PHRASES):
                return True, True
    return False, False


def classify(own: str, spans: Sequence[str] = ()) -> Meaning:
    """The meaning of a header: its own text decides the measure and flow; spanning headers only
    add context (``Period`` makes a column accumulated, ``Helår`` makes a budget the year budget).
    The measure is always a :class:`BudgetMeasure` (``OTHER`` when the header names none)."""
    m = _classify(own, tuple(spans))
    if m.kind is None and m.flow is None and spans:
        # the own header names nothing: the stack read as one header may (a header band whose
        # first line the reader took for a spanning header: "Prognos fördjupad" over
        # "månadsuppföljning 2026")
        whole = _classify(" ".join([*spans, own]), ())
        if whole.kind is not None or whole.flow is not None:
            return whole
    return m


@lru_cache(maxsize=1 << 12)
def _classify(own: str, spans: tuple[str, ...]) -> Meaning:
    """:func:`classify`, once per header text: a document's tables repeat their headers and
    row labels, and the page test, the reading and the checks all ask for them."""
    words = _words(own)
    context = [w for s in spans for w in _words(s)]
    kinds = [k for k in map(_kind_of_word, words) if k is not None]
    flows = [BudgetFlow(_FLOW_WORDS[w]) for w in words if w in _FLOW_WORDS] + (
        [BudgetFlow.RESULTAT] if "resultat" in words else []
    )
    ftext = fold(own)
    against, against_prev = _against(own)
    previous = any(p in ftext for p in V.PREVIOUS_YEAR_PHRASES) and not against
    accumulated = any(w in V.BUDGET_ACCUMULATED_WORDS for w in words + context)
    # "år" in "fg år" names the year before, not a whole year
    bare = _words(re.sub("|".join(re.escape(p) for p in V.PREVIOUS_YEAR_PHRASES), " ", ftext))
    full_year = any(w in V.BUDGET_FULL_YEAR_WORDS for w in bare + context)
    kind = kinds[0] if kinds else None
    flow = flows[0] if flows else None
    if kind == "budget" and any(w in V.BUDGET_WHOLE_YEAR_WORDS for w in bare):
        kind = "year_budget"  # "Budget kostnader helår": the year's budget, as "Årsbudget"
    if kind == "year_budget":
        full_year = True
    if kind == "grant" and flow is None:
        flow = BudgetFlow.KOMMUNBIDRAG
    measure: BudgetMeasure
    if "deviation" in kinds:
        measure = (
            BudgetMeasure.AVVIKELSE_MOT_FG_AR
            if against_prev
            else (BudgetMeasure.AVVIKELSE_ACK if accumulated and not full_year else BudgetMeasure.AVVIKELSE)
        )
        return Meaning(
            measure=measure,
            kind="deviation",
            flow=flow,
            accumulated=accumulated,
            previous_year=False,
            against_period=against,
        )
    if kind == "outcome":
        measure = (
            BudgetMeasure.UTFALL_FG_AR
            if previous
            else (BudgetMeasure.UTFALL_ACK if accumulated and not full_year else BudgetMeasure.UTFALL)
        )
    elif kind == "forecast":
        earlier = previous or any(w in V.PREVIOUS_WORDS for w in words)
        measure = BudgetMeasure.FG_PROGNOS if earlier else BudgetMeasure.ARSPROGNOS
    elif kind in ("budget", "year_budget"):
        if kind == "year_budget" or (full_year and accumulated is False and _is_report_context(context)):
            measure, kind = BudgetMeasure.ARSBUDGET, "year_budget"
        else:
            measure = BudgetMeasure.BUDGET_ACK if accumulated and not full_year else BudgetMeasure.BUDGET
    elif kind == "plan":
        measure = BudgetMeasure.PLAN
    elif kind == "grant":
        measure = BudgetMeasure.KOMMUNBIDRAG
    elif flow is not None:
        measure = BudgetMeasure(flow.value)  # a column that names only a flow: the flow is the measure
    else:
        measure = BudgetMeasure.OTHER
    return Meaning(
        measure=measure,
        kind=kind,
        flow=flow,
        accumulated=accumulated and not full_year,
        previous_year=previous,
        against_period=False,
    )


def _inherit_accumulation(meanings: list[Meaning], cols: list[Column]) -> list[Meaning]:
    """A deviation column that says nothing of its period (``Budgetavvikelse``) covers what the
    budget column it compares with covers: the nearest budget column, left first."""
    out = list(meanings)
    for i, m in enumerate(meanings):
        words = _words(" ".join([cols[i].header, *cols[i].spans]))
        marked = any(w in V.BUDGET_ACCUMULATED_WORDS or w in V.BUDGET_FULL_YEAR_WORDS for w in words)
        if m.kind != "deviation" or m.against_period or marked or _header_period(cols[i].header, None):
            continue
        order = [*range(i - 1, -1, -1), *range(i + 1, len(meanings))]
        b = next((meanings[j] for j in order if meanings[j].kind in ("budget", "year_budget")), None)
        if b is not None and b.accumulated:
            out[i] = Meaning(
                measure=BudgetMeasure.AVVIKELSE_ACK,
                kind=m.kind,
                flow=m.flow,
                accumulated=True,
                previous_year=False,
                against_period=False,
            )
    return out


def _against_report_year(m: Meaning, period: str | None, printed: bool, ctx: DocContext) -> Meaning:
    """An outcome column whose printed period is a past year is that year's outcome: the measure
    is ``utfall`` with the printed period in any document (``Bokslut 2024``, ``Utfall ack. Jan 23
    - Dec 23``), never a measure that depends on the document's year.  The checks still learn
    that it is the year before the report (``previous_year``), to check ``Avvikelse mot 2023``."""
    if m.kind != "outcome" or m.previous_year or not printed or not period or not ctx.year:
        return m
    if m.measure not in (BudgetMeasure.UTFALL, BudgetMeasure.UTFALL_ACK):
        return m
    whole_year = re.fullmatch(r"(19|20)\d\d", period) is not None
    measure = BudgetMeasure.UTFALL if whole_year else m.measure
    previous = int(period.split("/")[-1][:4]) == ctx.year - 1
    return replace(m, measure=measure, previous_year=previous)


def _prints_period(own: str, spans: Sequence[str]) -> bool:
    return _printed_period(own) is not None or any(_printed_period(x) is not None for x in spans)


def read_column(
    own: str, spans: Sequence[str], ctx: DocContext, ack: str | None = None, meaning: Meaning | None = None
) -> tuple[Meaning, str | None]:
    """What a column header says in a document: its meaning (:func:`classify`, or ``meaning``
    when the table already settled it) and the period of its cells (:func:`period_of`; ``ack``
    is the part of the year a sibling column prints)."""
    m = meaning or classify(own, spans)
    period = period_of(m, own, list(spans), ctx, ack)
    return _against_report_year(m, period, _prints_period(own, spans), ctx), period


def _is_report_context(context: list[str]) -> bool:
    return any(w in V.BUDGET_FULL_YEAR_WORDS for w in context)


# ----------------------------------------------------------------------------------------------
# Periods
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DocContext:
    year: int | None
    period: str | None  # the document's period: 2024-03, 2026-01/2026-03, 2019
    doc_type: str | None

    @property
    def accumulated(self) -> str | None:
        """The part of the year a report covers: ``2024-01/2024-03``."""
        if not self.period or not self.year:
            return None
        if "/" in self.period:
            return self.period
        if len(self.period) == 7:
            return f"{self.period[:4]}-01/{self.period}" if not self.period.endswith("-01") else self.period
        return None


def _shift_year(period: str, years: int) -> str:
    return re.sub(r"(19|20)\d\d", lambda m: str(int(m.group(0)) + years), period)


def _header_period(text: str, year: int | None) -> Period | None:
    """The period a header prints, leaving out a compared period (``mot 2023``)."""
    return _printed_period(text)


@lru_cache(maxsize=1 << 12)
def _printed_period(text: str) -> Period | None:
    t = fold(text)
    for w in V.BUDGET_AGAINST_WORDS:
        t = re.sub(rf"(?<![\w]){re.escape(w)}\.?\s+((19|20)\d\d|budget\w*|.*år).*$", "", t)
    p = parse_period(t)
    return p


def period_of(
    meaning: Meaning, own: str, spans: list[str], ctx: DocContext, siblings_ack: str | None
) -> str | None:
    """The period of a column: printed, spanning, implied by the measure, or the document's."""
    p = _header_period(own, ctx.year)
    if p is not None:
        return p.text
    for s in reversed(spans):
        p = _header_period(s, ctx.year)
        if p is not None:
            return p.text
    if meaning.previous_year:
        base = (
            (siblings_ack or ctx.accumulated)
            if meaning.accumulated
            else (str(ctx.year) if ctx.year else None)
        )
        return _shift_year(base, -1) if base else None
    if meaning.accumulated:
        return siblings_ack or ctx.accumulated or (str(ctx.year) if ctx.year else None)
    return str(ctx.year) if ctx.year else None


def _named(t: Table) -> str:
    """How a message names a table: by its title or stub, else by where it starts."""
    name = t.title or t.stub
    return f"table '{name}'" if name else f"the table at y={t.y0:.0f}"


# ----------------------------------------------------------------------------------------------
# Table -> budget lines
# ----------------------------------------------------------------------------------------------
def _is_indicator_table(t: Table) -> bool:
    """An indicator table (``Målvärde``, mostly percentages) or a risk table (two or more of
    ``Riskvärde | Sannolikhet | Konsekvens``): not money."""
    head = fold(" ".join([t.stub, *(f"{c.header} " for c in t.columns)]))
    if any(w in head for w in V.INDICATOR_TABLE_WORDS):
        return True
    if sum(1 for w, _ in V.RISK_COLUMN_WORDS if w in head) >= 2:
        return True
    cells = [c.text for r in t.rows for c in r.cells.values()]
    pct = sum(1 for c in cells if "%" in c)
    return bool(cells) and pct / len(cells) > PERCENT_SHARE_MAX


_TABLE_KIND_PATTERNS = [
    (re.compile(rf"(?<![\w]){re.escape(word)}"), kind) for word, kind in V.BUDGET_TABLE_KIND_WORDS
]
"""Each table-kind word at the start of a word, compiled once."""


def _table_kind(t: Table, ctx: DocContext, single_grant: bool) -> TableKind:
    if single_grant:
        return TableKind.KOMMUNBIDRAG
    texts = [fold(x) for x in [t.stub, t.title or "", *(r.label for r in t.rows)]]
    for word, kind in _TABLE_KIND_PATTERNS:
        if any(word.search(x) for x in texts):
            return kind
    if ctx.doc_type in V.REPORT_DOC_TYPES:
        return TableKind.MONTHLY_RESULT
    return TableKind.OTHER


def _row_oriented(t: Table) -> bool:
    """Columns that are only periods (``2024 | 2025``) and rows that name measures."""
    if not t.columns or not all(re.fullmatch(r"\s*(19|20)\d\d\s*", c.header or "") for c in t.columns):
        return False
    labelled = [r for r in t.rows if r.label and r.cells]
    named = [r for r in labelled if classify(r.label).kind or classify(r.label).flow]
    return len(named) * 2 >= len(labelled) > 0


def _joined(parts: Sequence[str]) -> str | None:
    """Header texts as printed, joined with single spaces (spanning headers first); None if empty."""
    return " ".join(" ".join(clean_text(p).split()) for p in parts if p and p.strip()) or None


def _measured_rows(t: Table, parents: list[str | None]) -> list[str | None]:
    """In a table whose rows name measures (``Nettokostnader | Budget | Budgetavvikelse`` then
    ``Nettoinvesteringar | Budget | Budgetavvikelse``), a row that names only a kind of figure
    (``Budget``) is about the row above that names what is measured: that row is its parent,
    unless a category row already is."""
    out = list(parents)
    subject: str | None = None
    for i, r in enumerate(t.rows):
        if not r.label:
            continue
        m = classify(r.label)
        if m.kind is None or m.flow is not None:
            subject = _joined([r.label])
        elif out[i] is None and subject is not None:
            out[i] = subject
    return out


def _grant_line(t: Table) -> bool:
    """A lone ``Kommunbidrag 2019: 253 146 tkr`` line: one row, one value, no header."""
    if t.header_rows or len(t.rows) != 1 or len(t.rows[0].cells) != 1:
        return False
    return any(w in fold(t.rows[0].label) for w in V.GRANT_WORDS)


def table_unit(t: Table) -> str | None:
    """The money unit the table prints in its stub, headers or caption (nearest first)."""
    for text in [
        t.stub,
        *(c.header for c in t.columns),
        *(s for c in t.columns for s in c.spans),
        *reversed(t.caption[-2:]),
    ]:
        u = detect_money_unit(text)
        if u:
            return u
    return None


def _row_unit(t: Table) -> str | None:
    """The money unit every valued row label prints (``Anslag – mkr``), if they agree."""
    units = {detect_money_unit(r.label) for r in t.rows if r.cells}
    return units.pop() if len(units) == 1 else None


def _financial(t: Table) -> bool:
    """Header or rows speak of money flows or budget kinds (so a unit may be inferred)."""
    texts = [c.header for c in t.columns] + [r.label for r in t.rows]
    return any(classify(x).kind in ("deviation", "grant") or classify(x).flow for x in texts if x)


def lines_of_table(
    t: Table, ctx: DocContext, doc_unit: str | None, result: ExtractionResult
) -> list[tuple[BudgetLine, Fact]]:
    """Every numeric cell of a budget table as a BudgetLine (with its check facts)."""
    if _is_indicator_table(t):
        return []
    grant = _grant_line(t)
    unit = table_unit(t) or _row_unit(t)
    if not grant and not t.header_rows:
        return []
    if unit is None and not grant:
        if doc_unit is None or not _financial(t):
            return []
        unit = doc_unit
        result.issue(
            Severity.INFO,
            "unit_inferred",
            f"{_named(t)} prints no money unit; "
            f"{doc_unit} taken from the document's previous financial table",
            t.page,
        )
    kind = _table_kind(t, ctx, grant)
    title = " – ".join(x for x in (t.title, t.stub) if x) or None
    rowwise = _row_oriented(t)
    meanings = _inherit_accumulation([classify(c.header, c.spans) for c in t.columns], t.columns)
    ack = next(
        (
            period_of(m, c.header, c.spans, ctx, None)
            for m, c in zip(meanings, t.columns, strict=False)
            if m.accumulated and _header_period(c.header, ctx.year)
        ),
        None,
    )
    out: list[tuple[BudgetLine, Fact]] = []
    kinds = row_kinds(t.rows)
    parents = row_parents(t.rows, kinds)
    if rowwise:
        parents = _measured_rows(t, parents)
    headers = [_joined([*c.spans, c.header]) for c in t.columns]
    for ri, row in enumerate(t.rows):
        if not row.label:
            continue  # values without a row label (chart axes, stray numbers) say nothing
        label_unit = detect_unit(row.label)
        if label_unit and label_unit not in MONEY_UNITS:
            continue  # a count or share row ("Antal besökare")
        row_unit = detect_money_unit(row.label)
        row_meaning = classify(row.label) if rowwise else None
        row_flow = classify(row.label).flow  # "Intäkter" beside "Utfall | Budget" columns
        for k, cell in sorted(row.cells.items()):
            col: Column = t.columns[k]
            col_unit = detect_unit(col.header) if col.header else None
            if col_unit and col_unit not in MONEY_UNITS:
                continue  # a count or share column inside a money table ("Antal 2023")
            value, cell_unit = cell_amount(cell.text)
            if value is None:
                continue
            if grant:
                meaning = Meaning(
                    measure=BudgetMeasure.BUDGET
                    if ctx.doc_type in V.PLAN_DOC_TYPES
                    else BudgetMeasure.KOMMUNBIDRAG,
                    kind="grant",
                    flow=BudgetFlow.KOMMUNBIDRAG,
                    accumulated=False,
                    previous_year=False,
                    against_period=False,
                )
                p = parse_period(row.label)
                period = p.text if p else (str(ctx.year) if ctx.year else None)
            elif row_meaning is not None:  # a row-oriented table: the row label names the measure
                meaning = row_meaning
                p = parse_period(col.header)
                period = p.text if p else None
            else:
                meaning, period = read_column(col.header, col.spans, ctx, ack, meanings[k])
                if meaning.measure is BudgetMeasure.OTHER and not col.header.strip():
                    continue  # a column without a header of its own says nothing of its numbers
            if grant or row_meaning is not None:
                meaning = _against_report_year(meaning, period, _prints_period(col.header, []), ctx)
            u = cell_unit or row_unit or (col_unit if col_unit in MONEY_UNITS else None) or unit
            line = BudgetLine(
                page=cell.page or row.page,
                bbox=cell.bbox,
                table_kind=kind,
                row_label=row.label,
                measure=meaning.measure,
                period=period,
                amount=value,
                unit=u,
                amount_tkr=to_tkr(value, u) if u else None,
                table_title=title,
                value_raw=cell.text,
                flow=meaning.flow or row_flow,
                column_header=headers[k],
                row_parent=parents[ri],
                row_kind=kinds[ri],
            )
            fact = Fact(
                row=ri,
                col=k,
                label=row.label,
                level=row.level,
                measure=meaning.measure,
                kind=meaning.kind,
                flow=meaning.flow,
                accumulated=meaning.accumulated,
                previous_year=meaning.previous_year,
                against=meaning.against_period,
                period=period,
                value=value,
                raw=cell.text,
                page=line.page,
                row_kind=kinds[ri],
            )
            out.append((line, fact))
    return out


# ----------------------------------------------------------------------------------------------
# Recognizer
# ----------------------------------------------------------------------------------------------
def _cue_pattern(words: frozenset[str]) -> re.Pattern[str]:
    """A pattern that finds whether a text contains any of ``words`` (case ignored), built for
    a page's whole text: a word that contains another is left out (the shorter one is found
    wherever it is), and a lookahead for the words' first letters lets the engine skip the
    positions where none of them can start instead of trying every word there."""
    shortest = sorted(w for w in words if not any(o != w and o in w for o in words))
    firsts = "".join(sorted({w[0] for w in shortest}))
    alternatives = "|".join(re.escape(w) for w in shortest)
    return re.compile(f"(?=[{re.escape(firsts)}])(?:{alternatives})", re.IGNORECASE)


_CUE_RE = _cue_pattern(HEADER_WORDS)


def _candidate(t: Table) -> bool:
    """Could this (rule-less) table be a budget table?  Labelled rows with values, and a header
    or label that speaks of money."""
    if not any(r.label and r.cells for r in t.rows) or _is_indicator_table(t):
        return False
    if not t.header_rows:
        return _grant_line(t)
    return bool(
        table_unit(t) or _row_unit(t) or _financial(t) or any(classify(c.header).kind for c in t.columns)
    )


def may_hold_budget(page: Page) -> bool:
    """Cheap test before rules are read: budget words and a line with a number cell beside a label."""
    if not _CUE_RE.search(page.text):
        return False
    for i in numbered_lines(page):
        cells = line_of(page, i).cells
        if len(cells) >= 2 and any(c.is_number for c in cells[1:]):
            return True
    return False


def recognize(doc: DocumentModel, result: ExtractionResult) -> None:
    meta = result.meta
    ctx = DocContext(meta.year, meta.period, meta.doc_type)

    def read(page: Page) -> list[Table]:
        # rules only when the text alone already shows a candidate budget table
        return read_ruled_when(page, lambda found: any(_candidate(t) for t in found))

    doc_unit: str | None = None
    for t in tables_of_document(doc.pages(), may_hold_budget, read):
        pairs = lines_of_table(t, ctx, doc_unit, result)
        if not pairs:
            continue
        result.budget_lines.extend(line for line, _ in pairs)
        units = {line.unit for line, _ in pairs if line.unit}
        if len(units) == 1:
            doc_unit = units.pop()
        for severity, code, message, page in check_facts([f for _, f in pairs], _row_oriented(t)):
            result.issue(severity, code, message, page)
