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

import numpy as np
import pandas as pd

from extractors.domain import Severity
from pipeline.report.checks import Check, is_missing

TEMPLATES = "pipeline.report"
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
            where = (
                f'<a href="#{anchor(c.table, c.row_no)}">{where or "row"} · {escape(c.table)} #{c.row_no}</a>'
            )
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


def row_card(
    table_name: str, row: pd.Series, columns: Sequence[str], crop_html: str, flags: Sequence[Check]
) -> str:
    fields = "\n".join(
        f"<tr><th>{escape(c)}</th><td>{text(row[c])}</td></tr>" for c in columns if not is_missing(row[c])
    )
    flag_list = ""
    if flags:
        items = "".join(
            f"<li>{severity(f.severity)} <code>{escape(f.code)}</code> {text(f.message)}</li>" for f in flags
        )
        flag_list = f'<ul class="flags">{items}</ul>'
    return fill(
        "row.html",
        anchor=anchor(table_name, int(row["row_no"])),
        table=escape(table_name),
        row_no=int(row["row_no"]),
        page=text(row["page"]) or "?",
        fields=fields,
        flags=flag_list,
        crop=crop_html,
        flag_class=" flagged" if flags else "",
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
