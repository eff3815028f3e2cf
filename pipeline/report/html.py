"""HTML of the QA report: the package's templates filled with escaped values.

Templates (``templates/*.html``, ``string.Template`` syntax) hold the page structure; this module
only escapes values and builds the repeated fragments (table rows, row cards).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from html import escape
from importlib import resources
from string import Template
from typing import Any

import numpy as np
import pandas as pd

from kpi.extractors.domain import Severity
from kpi.pipeline.report.checks import Check, is_missing
from kpi.pipeline.report.data import HIDDEN_COLUMNS

TEMPLATES = "kpi.pipeline.report"
STYLESHEET = "style.css"
SEVERITY_ORDER: dict[str, int] = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@cache
def template(name: str) -> Template:
    return Template(resources.files(TEMPLATES).joinpath("templates", name).read_text(encoding="utf-8"))


def stylesheet() -> str:
    return resources.files(TEMPLATES).joinpath("templates", STYLESHEET).read_text(encoding="utf-8")


def fill(name: str, **values: object) -> str:
    """Fill template ``name``; every value must already be HTML (escape text with :func:`text`)."""
    return template(name).substitute({k: str(v) for k, v in values.items()})


def plain(value: object) -> str:
    """A value as plain text ('' for missing values; numbers without needless decimals)."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return ", ".join(plain(v) for v in list(value))
    if is_missing(value):
        return ""
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.10g}"
    return str(value)


def text(value: object) -> str:
    """A value as escaped HTML text."""
    return escape(plain(value))


def table(
    head: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[int] = (), cls: str = ""
) -> str:
    """An HTML table from already-escaped cells; columns in ``numeric`` are right-aligned."""

    def cells(tag: str, row: Sequence[str]) -> str:
        return "".join(f"<{tag}{' class=num' if i in numeric else ''}>{c}</{tag}>" for i, c in enumerate(row))

    body = "\n".join(f"<tr>{cells('td', r)}</tr>" for r in rows)
    return (
        f'<table class="{cls}"><thead><tr>{cells("th", [escape(h) for h in head])}</tr></thead>'
        f"<tbody>\n{body}\n</tbody></table>"
    )


def severity(sev: str) -> str:
    return f'<span class="sev-{escape(sev)}">{escape(sev)}</span>'


def anchor(table_name: str, row_no: int) -> str:
    return f"{table_name}-{row_no}"


def checks_table(checks: Sequence[Check]) -> str:
    if not checks:
        return '<p class="empty">No findings.</p>'
    ordered = sorted(checks, key=lambda c: (SEVERITY_ORDER.get(c.severity, 3), c.page or 0, c.code))
    rows = []
    for c in ordered:
        where = text(c.page)
        if c.table and c.row_no:
            where = f'<a href="#{escape(anchor(c.table, c.row_no))}">{where or "row"} · {escape(c.table)} #{c.row_no}</a>'
        rows.append([severity(c.severity), f"<code>{escape(c.code)}</code>", where, text(c.message)])
    return table(["severity", "check", "page / row", "finding"], rows, cls="checks")


def issues_table(issues: pd.DataFrame, regions: Sequence[str] | None = None) -> str:
    """The issues, one a row; ``regions`` (one per issue, maybe empty) shows the page region an
    issue is about (an unread table) as a crop."""
    if issues.empty:
        return '<p class="empty">No extraction issues.</p>'
    rows = [
        [severity(plain(r.severity)), f"<code>{text(r.code)}</code>", text(r.page), text(r.message)]
        for r in issues.itertuples(index=False)
    ]
    if regions is not None and any(regions):
        rows = [[*row, region] for row, region in zip(rows, regions, strict=True)]
        return table(["severity", "code", "page", "message", "region"], rows, cls="issues")
    return table(["severity", "code", "page", "message"], rows, cls="issues")


TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "indicator_values": (
        "indicator_name",
        "value_raw",
        "value_num",
        "unit",
        "value_kind",
        "period",
        "kolada_code",
        "subject",
    ),
    "budget_lines": (
        "row_label",
        "column_header",
        "measure",
        "period",
        "amount",
        "unit",
        "amount_tkr",
        "table_kind",
    ),
}
"""Columns listed beside a region's picture, per table (other tables list all but the hidden)."""

NAME_CHARS = 70
"""A column header or row label named beside a picture is cut to this many characters."""

NUMERIC_COLUMNS = frozenset({"value_num", "amount", "amount_tkr"})
SHORT_COLUMNS = frozenset({"unit", "value_kind", "period", "kolada_code", "measure"})
"""Columns of short words, kept on one line."""

SHORT_HEADS = {
    "indicator_name": "indicator",
    "value_raw": "printed",
    "value_num": "number",
    "value_kind": "kind",
    "kolada_code": "code",
    "row_label": "row",
    "column_header": "column",
    "amount_tkr": "tkr",
    "table_kind": "table",
}
"""Column names shortened in the narrow table beside a picture."""


def _columns(table_name: str, rows: Sequence[Any]) -> list[str]:
    """The columns to list for these rows: the table's own choice (or all but the hidden ones),
    less those no row fills."""
    first = rows[0].row if rows else pd.Series(dtype=object)
    wanted = TABLE_COLUMNS.get(table_name) or [
        c for c in first.index if c not in HIDDEN_COLUMNS and c != "row_no"
    ]
    return [c for c in wanted if any(not is_missing(r.row.get(c)) for r in rows)]


def _cut(value: str) -> str:
    return value if len(value) <= NAME_CHARS else value[: NAME_CHARS - 1] + "…"


def printed_under(located: Any, shown_name: object = None) -> str:
    """Where a value stands, as escaped text: its column header and row label (the label only
    when it says more than the name already listed beside it)."""
    if located is None:
        return ""
    parts = []
    if located.column:
        parts.append(f"{'label' if located.label else 'column'}: {escape(_cut(located.column))}")
    if located.row and located.row != shown_name:
        parts.append(f"row: {escape(_cut(located.row))}")
    if not located.own:
        parts.append("<span class=\"rowbox\">the row's box (the value's own words were not found)</span>")
    return " · ".join(parts)


def _flags(flags: Sequence[Check]) -> str:
    if not flags:
        return ""
    items = "".join(
        f"<li>{severity(f.severity)} <code>{escape(f.code)}</code> {text(f.message)}</li>" for f in flags
    )
    return f'<ul class="flags">{items}</ul>'


def value_table(table_name: str, rows: Sequence[Any], reason: bool = False) -> str:
    """The rows of one region (or the rows without a crop), one table row each, with anchors."""
    columns = _columns(table_name, rows)
    flagged_rows = any(r.flags for r in rows)
    head = ["#", *(SHORT_HEADS.get(c, c) for c in columns), "reason" if reason else "printed under"]
    head += ["checks"] if flagged_rows else []
    body = []
    for r in rows:
        a = escape(anchor(table_name, int(r.row["row_no"])))
        cells = [f'<td class=num><a href="#{a}">{int(r.row["row_no"])}</a></td>']
        for c in columns:
            v = r.row.get(c)
            cls = " class=num" if c in NUMERIC_COLUMNS else " class=short" if c in SHORT_COLUMNS else ""
            cells.append(f"<td{cls}>{text(v) if not is_missing(v) else ''}</td>")
        cells.append(
            f'<td class="where">{escape(r.reason) if reason else printed_under(r.located, r.row.get(columns[0]) if columns else None)}</td>'
        )
        if flagged_rows:
            cells.append(f'<td class="flags">{_flags(r.flags)}</td>')
        flagged = ' class="flagged"' if r.flags else ""
        body.append(
            f'<tr id="{a}" data-row="{a}" data-table="{escape(table_name)}"{flagged}>{"".join(cells)}</tr>'
        )
    heads = "".join(f"<th>{escape(h)}</th>" for h in head)
    return (
        f'<table class="values"><thead><tr>{heads}</tr></thead><tbody>\n'
        + "\n".join(body)
        + "\n</tbody></table>"
    )


def region(table_name: str, page: int, k: int, rows: Sequence[Any], figure: str) -> str:
    """One page region: its picture and the table of its values."""
    return fill(
        "region.html",
        id=f"{escape(table_name)}-p{page}-{k}",
        table=escape(table_name),
        page=page,
        n=f"{len(rows)} value{'' if len(rows) == 1 else 's'}",
        figure=figure,
        values=value_table(table_name, rows),
    )


def unplaced(table_name: str, rows: Sequence[Any]) -> str:
    return (
        f'<div class="unplaced"><h3>{escape(table_name)}: rows without a crop '
        f'<span class="n">{len(rows)}</span></h3>\n{value_table(table_name, rows, reason=True)}</div>'
    )


def section(table_name: str, n_rows: int, blocks: Sequence[str], not_rendered: int, max_crops: int) -> str:
    more = (
        f'<p class="note">{not_rendered} further page regions are listed without a picture '
        f"(at most {max_crops} pictures per table; see --max-crops).</p>"
        if not_rendered
        else ""
    )
    body = "\n".join(blocks) if blocks else '<p class="empty">No rows.</p>'
    t = escape(table_name)
    return f'<section id="{t}" class="table-rows">\n<h2>{t} <span class="n">{n_rows}</span></h2>\n{more}{body}\n</section>'


def region_figure(src: str, picture: Any, page: int, rows: Sequence[Any]) -> str:
    """A region's picture with every value's box drawn over it (SVG, in the picture's pixels);
    the box of the row pointed at (hover, or the page's #anchor) is highlighted."""
    rects = []
    for r in rows:
        if r.located is None:
            continue
        a = escape(anchor(str(r.table), int(r.row["row_no"])))
        cls = "box" if r.located.own else "box rowbox"
        tip = escape(
            f"#{int(r.row['row_no'])}: {plain(r.row.get('value_raw', '')) or plain(r.row.get('amount', ''))}"
        )
        for b in r.located.boxes:
            x, y, w, h = picture.pixels(b)
            rects.append(
                f'<a href="#{a}"><rect class="{cls}" data-row="{a}" x="{x:.1f}" y="{y:.1f}" '
                f'width="{w:.1f}" height="{h:.1f}"><title>{tip}</title></rect></a>'
            )
    w, h = picture.width, picture.height
    clip = " ".join(f"{v:.2f}" for v in picture.clip)
    return (
        f'<figure class="crop" data-clip="{clip}" data-zoom="{picture.zoom:.6f}" '
        f'data-origin="{picture.origin[0]} {picture.origin[1]}">'
        f'<div class="shot"><img class="crop" src="{escape(src)}" width="{w}" height="{h}" loading="lazy" '
        f'alt="page {page}, the region of these values">'
        f'<svg class="boxes" viewBox="0 0 {w} {h}" preserveAspectRatio="none">{"".join(rects)}</svg></div>'
        f"<figcaption>page {page} · every value's own box outlined; point at a row to highlight it</figcaption>"
        "</figure>"
    )


def crop_figure(src: str, width: int, height: int, page: object, bbox: Iterable[float] | None) -> str:
    box = ", ".join(f"{float(v):.1f}" for v in bbox) if bbox is not None else ""
    return (
        f'<figure class="crop"><img class="crop" src="{escape(src)}" width="{width}" height="{height}" '
        f'loading="lazy" alt="page {text(page)} with the row highlighted">'
        f"<figcaption>page {text(page)} · box {box} pt</figcaption></figure>"
    )


def no_crop(reason: str) -> str:
    return f'<p class="nocrop">{escape(reason)}</p>'
