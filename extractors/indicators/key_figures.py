"""Key-figure and statistics tables -> ``indicator_values``: meaning given to tables already read.

Runs after the cell layer (:mod:`kpi.extractors.tables.layer`), which has read every table of the
document into ``table_cells`` whatever its words.  A table no other recognizer took is a
key-figure table when its value columns say *whose* value and *for when* they hold:

* a year or school year ("2025", "År 2023", "2021/2022"), with or without a kind word
  ("Bokslut 2024", "Utfall 2024" are outcomes; "Mål 2025", "Målvärde", "Budget 2025" targets);
* a municipality of the bundled list of 290 ("Värnamo 2025") or a comparison group
  ("Liknande kommuner", "Kommungenomsnitt", "Riket", "GR-snitt" …): values about that
  subject (``subject``, ``subject_code``; the document's own municipality is no subject).

Each row is an indicator (its category row above it joined with " – "), each cell in such a
column one value, its box the cell's own.  A table whose rows are years (a first column headed
"År" holding years) is read the other way round: each column is an indicator, each row a year.
Money tables (amounts in tkr, mnkr …) are budgets, left to the budget recognizer.  Words decide
only the meaning here: whether a table is read was settled by the cell layer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from rapidfuzz import fuzz

from kpi.extractors import vocabulary as V
from kpi.extractors.document import municipalities
from kpi.extractors.domain import ValueKind
from kpi.extractors.indicators import kolada
from kpi.extractors.indicators.text import fold, has_word
from kpi.extractors.indicators.values import Slot, default_period, make_value
from kpi.extractors.normalize import MONTHS, parse_period
from kpi.extractors.normalize.units import detect_money_unit
from kpi.extractors.records import DocumentMeta, ExtractionResult, IndicatorValue, TableCell

TAKEN = "indicator_values"
GROUP_SEPARATOR = " – "
"""Joins a category row and the row under it ("Antal besökare – Tobisviksbadet")."""
MIN_SLOTTED_SHARE = 0.6
"""A key-figure table holds at least this share of its values in columns with a period or a subject."""
MONEY_SHARE = 0.5
"""A table with at least this share of its numbers in money units (tkr, mnkr …) is a budget table."""
GROUP_MATCH = 85
"""rapidfuzz ratio at which a header names a comparison group despite a typo ("Kommungemensnitt")."""
MONEY_UNITS = frozenset({"tkr", "mkr", "mnkr", "mdkr"})

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?:\s*[/–-]\s*((?:19|20)?\d\d))?(?!\d)")
_HYPHEN_BREAK = re.compile(r"(?<=[^\W\d_])-\s*(?=[^\W\d_])")
_FOOTNOTE_MARK = re.compile(r"(?<=[^\W\d_)])\*+(?=\s|,|$)")
"""A footnote mark on a word of a name ("Deltagartillfällen*")."""
_BRACKETED_YEAR = re.compile(r"\(\s*(?:19|20)\d\d\s*\)")
_FILLER = re.compile(
    "|".join(
        re.escape(w)
        for w in sorted(
            {*V.KEY_FIGURE_HEADER_FILLERS, *MONTHS, *(f"{m}." for m in MONTHS)}, key=len, reverse=True
        )
    )
)
"""Words a header may print besides its period, kind and subject ("ack.", "helår", "mars")."""
_WORD = re.compile(r"[^\W\d_][\w./-]*")
_NOT_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class ColumnSlot:
    """What a value column's header says: the kind, the period and whose value it is."""

    kind: ValueKind
    role: str
    period: str | None
    subject: str | None = None
    subject_code: str | None = None

    @property
    def slot(self) -> Slot:
        return Slot(self.kind, self.role, self.period)


@lru_cache(maxsize=1)
def _group_phrases() -> tuple[str, ...]:
    return tuple(sorted((fold(p) for p in V.COMPARISON_GROUPS), key=len, reverse=True))


def _period(text: str) -> tuple[str | None, str]:
    """The year or school year a header prints ("2021/2022" -> "2021/2022"), and the rest."""
    m = _YEAR.search(text)
    if not m:
        return None, text
    start, end = m.group(1), m.group(2)
    period = start if not end else f"{start}/{end if len(end) == 4 else start[:2] + end}"
    return period, (text[: m.start()] + " " + text[m.end() :]).strip()


def _subject(text: str, own: str | None) -> tuple[str | None, str | None, str, bool]:
    """(subject, SCB code, the rest of the text, whether the own municipality is named) when
    words of the text name a municipality or a comparison group; the document's own
    municipality is no subject."""
    words = text.split()
    runs = sorted(
        ((i, j) for i in range(len(words)) for j in range(len(words), i, -1)),
        key=lambda r: (r[0], r[0] - r[1]),
    )
    for i, j in runs:  # from the left, the longest run of words that names one
        head, rest = " ".join(words[i:j]), " ".join(words[:i] + words[j:])
        bare = head.removesuffix(" kommun")
        for candidate in (bare, bare.removesuffix("s")):
            code = municipalities().get(candidate)
            if code is not None:
                if own is not None and candidate == own:
                    return None, None, rest, True
                return candidate, code, rest, False
        low = fold(head)
        joined = _HYPHEN_BREAK.sub("", low)  # "Kommun- genomsnitt": a word hyphenated at a line end
        phrases = _group_phrases()
        if low in phrases:
            return head, None, rest, False
        best = max(phrases, key=lambda p: fuzz.ratio(joined, p))
        if len(joined) >= len(best) - 2 and fuzz.ratio(joined, best) >= GROUP_MATCH:
            return best[:1].upper() + best[1:], None, rest, False  # as the group is spelled
    return None, None, text, False


@lru_cache(maxsize=1)
def _squeezed_phrases() -> tuple[tuple[str, ...], tuple[str, ...]]:
    def squeeze(p: str) -> str:
        return _NOT_WORD.sub("", fold(p))

    return tuple(squeeze(p) for p in V.SAME_PERIOD_LAST_YEAR_PHRASES), tuple(
        squeeze(p) for p in V.CURRENT_PERIOD_PHRASES
    )


def _relative_period(text: str, meta: DocumentMeta) -> str | None:
    """The period a header names relative to the report's own, without a date: the report's
    period ("Aktuell period", "Utfall perioden") or the same period a year before ("Motsvarande
    period föregående år"); None when the header prints a year or names no such period."""
    if _YEAR.search(text) or not meta.period:
        return None
    squeezed = _NOT_WORD.sub("", fold(text))
    previous, current = _squeezed_phrases()
    own = parse_period(meta.period)
    if own is None:
        return None
    end = own.end_month_text
    if any(p in squeezed for p in previous):
        return f"{int(end[:4]) - 1}{end[4:]}"
    if any(p in squeezed for p in current):
        return end
    return None


def _kind(text: str) -> tuple[ValueKind | None, str]:
    for word, kind in V.INDICATOR_COLUMN_KINDS:
        if has_word(text, word):
            rest = re.sub(rf"(?i)(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])", " ", text)
            return kind, " ".join(rest.split())
    for word in V.YEAR_COLUMN_WORDS:  # "År 2023": the year's value
        if has_word(text, word):
            rest = re.sub(rf"(?i)(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])", " ", text)
            return ValueKind.OUTCOME, " ".join(rest.split())
    return None, text


def column_slot(header: str | None, group: str | None, meta: DocumentMeta) -> ColumnSlot | None:
    """The slot of a key-figure column from its header (and spanning group), or None when the
    header gives neither a period nor a subject (then it names something else)."""
    text = " ".join(p for p in (group, header) if p)
    if not text.strip():
        return None
    if any(has_word(text, w) for w in V.CHANGE_HEADER_WORDS):
        return None  # a change between two values, not a value
    relative = _relative_period(text, meta)
    if relative is not None:
        kind, _ = _kind(text)
        kind = kind or ValueKind.OUTCOME
        return ColumnSlot(kind, str(kind), relative)
    period, rest = _period(text)
    dated = parse_period(text)
    if period and dated is not None and dated.year_number is not None and len(dated.end_month_text) == 7:
        period = dated.end_month_text  # "Utfall ack. mars 2024": the values stand at March's end
    subject, code, rest, own = _subject(rest, meta.municipality)
    kind, rest = _kind(rest)
    if any(
        _FILLER.fullmatch(part) is None
        for w in _WORD.findall(rest)
        for part in re.split(r"[-–]", w.lower())
        if part
    ):
        return None  # "Alingsås norra", "Antal uppdrag": the header names something else
    if kind is None and period is None and subject is None and not own:
        return None
    kind = kind or ValueKind.OUTCOME
    role = str(kind)
    return ColumnSlot(kind, role, period or default_period(kind, role, meta), subject, code)


@dataclass
class _Table:
    table_id: str
    cells: list[TableCell]

    @cached_property
    def values(self) -> list[TableCell]:
        return [c for c in self.cells if c.col_index > 0 and c.value_raw]

    @cached_property
    def headers(self) -> dict[int, tuple[str | None, str | None]]:
        """Column -> (header stack, spanning group), worked out once per table."""
        out: dict[int, tuple[str | None, str | None]] = {}
        for c in self.values:
            if c.col_index not in out and (c.column_header or c.column_group):
                out[c.col_index] = (c.column_header, c.column_group)
        return out


def _tables(cells: Iterable[TableCell]) -> list[_Table]:
    out: dict[str, _Table] = {}
    for c in cells:
        out.setdefault(c.table_id, _Table(c.table_id, [])).cells.append(c)
    return list(out.values())


def _is_money(values: Sequence[TableCell]) -> bool:
    """Are most numbers amounts of money by the table's own unit (its caption, stub or headers)?
    A key-figure row that names its unit ("Nettokostnad …, tkr") does not make the table a budget."""
    numbers = [c for c in values if c.value_num is not None]
    money = sum(1 for c in numbers if c.unit in MONEY_UNITS and detect_money_unit(c.row_label) != c.unit)
    return bool(numbers) and money / len(numbers) >= MONEY_SHARE


def _header_of(t: _Table, col: int) -> tuple[str | None, str | None]:
    """A column's header stack and spanning group, from the first of its cells that has one."""
    return t.headers.get(col, (None, None))


def _name(cell: TableCell) -> str | None:
    label = _FOOTNOTE_MARK.sub("", (cell.row_label or "")).strip().rstrip(":").strip()
    if not label:
        return None
    if cell.row_parent and cell.row_parent.strip() and cell.row_parent.strip() != label:
        return f"{cell.row_parent.strip().rstrip(':')}{GROUP_SEPARATOR}{label}"
    return label


def _not_a_value(raw: str | None) -> bool:
    """A year alone ("2024": a header row read as a row) or a year in brackets ("(2024)": the
    end of a value that wrapped) is no value of its own."""
    text = (raw or "").strip()
    return bool(_YEAR.fullmatch(text) or _BRACKETED_YEAR.fullmatch(text))


def _own_header(t: _Table, col: int) -> str | None:
    """A column's own header, without the spanning header above it."""
    header, group = _header_of(t, col)
    if header and group and header.startswith(group):
        header = header[len(group) :].strip()
    return header or None


def _year_column(t: _Table) -> int | None:
    """The column of a table whose rows are years: headed "År" (or the like), every cell a year."""
    cols = sorted({c.col_index for c in t.values})
    for col in cols[:1]:
        header = _own_header(t, col)
        cells = [c for c in t.values if c.col_index == col]
        if (
            header
            and fold(header).split()[-1] in V.YEAR_ROW_HEADERS
            and cells
            and all(_YEAR.fullmatch((c.value_raw or "").strip()) for c in cells)
        ):
            return col
    return None


def _value(
    result: ExtractionResult, cell: TableCell, name: str, slot: ColumnSlot, section: str | None
) -> IndicatorValue | None:
    clean, code = kolada.split_code(name)
    clean = clean.strip().rstrip(".:;").strip()
    if not clean:
        return None
    v = make_value(
        result,
        name=clean,
        code=code,
        raw=cell.value_raw,
        slot=slot.slot,
        page=cell.page,
        bbox=cell.bbox,
        section=section,
    )
    if v is not None:
        v.subject, v.subject_code = slot.subject, slot.subject_code
    return v


def _read_table(t: _Table, meta: DocumentMeta, result: ExtractionResult) -> list[IndicatorValue]:
    values = t.values
    if not values or any(c.taken_by for c in t.cells) or _is_money(values):
        return []
    section = next((c.table_title for c in t.cells if c.table_title), None)
    out: list[IndicatorValue] = []
    year_col = _year_column(t)
    if year_col is not None:  # rows are years, columns indicators
        years = {c.row_index: (c.value_raw or "").strip() for c in values if c.col_index == year_col}
        for c in values:
            header = _own_header(t, c.col_index)
            if c.col_index == year_col or not header or c.row_index not in years:
                continue
            kind = ValueKind.OUTCOME
            v = _value(result, c, header, ColumnSlot(kind, str(kind), years[c.row_index]), section)
            if v is not None:
                out.append(v)
                c.taken_by = TAKEN
        for c in values:  # the years are the rows' labels, read with them
            if c.col_index == year_col and out:
                c.taken_by = TAKEN
        return out
    slots = {col: column_slot(*_header_of(t, col), meta) for col in {c.col_index for c in values}}
    slotted = [c for c in values if slots.get(c.col_index) is not None]
    if not slotted or len(slotted) / len(values) < MIN_SLOTTED_SHARE:
        return []
    rows: dict[int, list[TableCell]] = {}
    for c in values:
        rows.setdefault(c.row_index, []).append(c)
    for _, row in sorted(rows.items()):
        if _is_header_band(row):  # a second header band: the columns' years from here on
            for c in row:
                slots[c.col_index] = column_slot(c.value_raw, None, meta)
                c.taken_by = TAKEN
            continue
        for c in row:
            slot = slots.get(c.col_index)
            name = _name(c)
            if slot is None or name is None or _not_a_value(c.value_raw):
                continue
            v = _value(result, c, name, slot, section)
            if v is not None:
                out.append(v)
                c.taken_by = TAKEN
    return out


def _is_header_band(row: Sequence[TableCell]) -> bool:
    """A row that prints a year in every one of two or more columns ("Nyckeltal, Alingsås | 2023
    | 2024 | 2025") heads the rows below it, in a table that stacks two header bands."""
    return len(row) >= 2 and all(_YEAR.fullmatch((c.value_raw or "").strip()) for c in row)


def recognize(doc: object, result: ExtractionResult) -> None:
    """Key-figure tables among the document's cells -> indicator values (see the module text)."""
    out: list[IndicatorValue] = []
    for t in _tables(result.table_cells):
        out += _read_table(t, result.meta, result)
    kolada.report_unknown(
        out, result, checked={v.kolada_code for v in result.indicator_values if v.kolada_code}
    )
    result.indicator_values.extend(out)
