"""What each row of a table is, and the category row it stands under: one rule for every reader.

The cell layer (``table_cells.row_kind``/``row_parent``) and the budget recognizer
(``budget_lines.row_kind``/``row_parent``, and the sum checks) both ask this module, so a row is
a total in one table only if it is a total in the other.

* ``category``: a label without values or text cells ("Pågående projekt"); it heads the rows
  below it;
* ``total``: the table's last row whose label starts with a total word ("Summa", "Totalt",
  "Resultat", "Netto…"), when no detail row follows it;
* ``subtotal``: any other such row: detail rows or a later total follow it ("Summa färdigställda
  projekt", "Summa pågående projekt" above "Summa investeringsprojekt");
* ``detail``: every other row.

A row's parent is the label of the nearest category row above it. A total or subtotal row
closes its category (the rows after it have no parent until the next category row) when no
detail row follows it or when its label names the category ("Summa pågående projekt" closes
"Pågående projekt"; "Total förvaltning" inside "Gemensamma tjänster" does not).
"""

from __future__ import annotations

from collections.abc import Sequence

from kpi.extractors.domain import RowKind
from kpi.extractors.normalize.text import clean_text
from kpi.extractors.tables.model import Row
from kpi.extractors.vocabulary import TOTAL_ROW_WORDS


def is_total_label(label: str) -> bool:
    """Does a row label start with a total word (``Summa nettokostnad``, ``Totalt``)?"""
    words = clean_text(label).lower().split()
    return bool(words) and any(words[0].startswith(w) for w in TOTAL_ROW_WORDS)


def row_kinds(rows: Sequence[Row]) -> list[RowKind]:
    """The kind of each row, in order."""
    kinds = [
        RowKind.CATEGORY
        if not r.cells and not r.texts and r.label
        else (RowKind.TOTAL if is_total_label(r.label) else RowKind.DETAIL)
        for r in rows
    ]
    totals = [i for i, k in enumerate(kinds) if k is RowKind.TOTAL]
    for n, i in enumerate(totals):
        if n < len(totals) - 1 or any(kinds[j] is RowKind.DETAIL for j in range(i + 1, len(kinds))):
            kinds[i] = RowKind.SUBTOTAL
    return kinds


def _label(text: str) -> str | None:
    return " ".join(clean_text(text).split()) or None


def row_parents(rows: Sequence[Row], kinds: Sequence[RowKind]) -> list[str | None]:
    """The category row each row stands under (its label, wrapped lines joined), or None; a
    category row itself has none."""
    out: list[str | None] = []
    parent: str | None = None
    for i, (row, kind) in enumerate(zip(rows, kinds, strict=True)):
        if kind is RowKind.CATEGORY:
            out.append(None)
            parent = _label(row.label)
            continue
        out.append(parent)
        if kind in (RowKind.TOTAL, RowKind.SUBTOTAL) and (
            not any(k is RowKind.DETAIL for k in kinds[i + 1 :])
            or (parent is not None and parent.lower() in clean_text(row.label).lower())
        ):
            parent = None
    return out
