"""Building the static QA report: a summary page and one page per document.

``OUT/index.html`` (counts per document and table, issues and checks), ``OUT/doc-<id>.html``
(the document's values page region by page region, each region one picture with every value's
own box drawn over it beside the table of its values, see :mod:`kpi.pipeline.report.pages`; the
document's extraction issues and consistency checks), ``OUT/img/<id>/*.jpg`` (``*.png`` for an
issue's region) and ``OUT/style.css``.  Plain files with relative links: no server, no network,
works offline and when the folder is moved.
"""

from __future__ import annotations

import shutil
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pymupdf

from kpi.extractors.domain import DocumentStatus, Severity
from kpi.pipeline.report import checks as C
from kpi.pipeline.report import data as D
from kpi.pipeline.report import html as H
from kpi.pipeline.report.locate import PdfLocator
from kpi.pipeline.report.pages import DOC_ID_CHARS, DocumentPage, table_cells
from kpi.pipeline.report.regions import REGION_DPI
from kpi.warehouse.db import connect

MAX_CROPS_PER_TABLE = 400
"""Page regions pictured per document and table; further regions are listed without a picture
(keeps a report of a 300-page annual report to a size a browser opens quickly)."""

MIN_DOC_ID_PREFIX = 6
"""``--doc``: a doc id may be given by its first characters, at least this many."""


class UnknownDocument(LookupError):
    """``--doc`` names no document of the warehouse."""


@dataclass
class ReportSummary:
    out: Path
    documents: int = 0
    rows: int = 0
    crops: int = 0
    checks: Counter[str] = field(default_factory=Counter)
    missing_pdfs: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "out": str(self.out),
            "index": str(self.out / "index.html"),
            "documents": self.documents,
            "rows": self.rows,
            "crops": self.crops,
            "checks": dict(self.checks),
            "missing_pdfs": self.missing_pdfs,
        }


def doc_page(doc_id: str) -> str:
    return f"doc-{doc_id[:DOC_ID_CHARS]}.html"


def _open_pdf(path: Path | None) -> pymupdf.Document | None:
    if path is None:
        return None
    try:
        pdf = pymupdf.open(path)  # type: ignore[no-untyped-call]  # pymupdf: unannotated
    except Exception:  # noqa: BLE001 - a PDF that does not open just has no crops
        return None
    if pdf.needs_pass:
        pdf.close()  # type: ignore[no-untyped-call]  # pymupdf: unannotated
        return None
    return pdf


def _meta(doc: pd.Series, pdf_path: Path | None) -> str:
    fields = [
        ("title", doc.title),
        ("municipality", doc.municipality),
        ("organ", doc.organ),
        ("document type", doc.doc_type),
        ("year", doc.year),
        ("period", doc.period),
        ("pages", doc.page_count),
        ("status", doc.status),
        ("error", doc.error),
        ("source path", doc.source_path),
        ("PDF used", pdf_path),
        ("doc_id (SHA-256)", doc.doc_id),
    ]
    return "\n".join(
        f"<tr><th>{H.text(k)}</th><td>{H.text(v)}</td></tr>" for k, v in fields if not C.is_missing(v)
    )


def build_report(
    db: str | Path,
    out: str | Path,
    pdf_roots: list[Path] | None = None,
    max_crops: int = MAX_CROPS_PER_TABLE,
    dpi: int = REGION_DPI,
    doc: str | None = None,
) -> ReportSummary:
    """Write the report for the warehouse at ``db`` into ``out`` (see the module docstring).

    PDFs are found by their recorded source path (as is, or relative to the warehouse's folder or
    the current folder) and else by content under ``pdf_roots``; a file counts only if its SHA-256
    is the document's id.  The warehouse is opened read-only.  ``doc`` reports on the documents it
    names only (see :func:`select_documents`; :class:`UnknownDocument` when it names none).
    """
    out = Path(out)
    if doc is not None:
        con = connect(db, read_only=True)
        try:
            select_documents(D.documents(con), doc)  # fail before anything is written
        finally:
            con.close()
    out.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(out / "img", ignore_errors=True)
    for stale in out.glob("doc-*.html"):
        stale.unlink()
    summary = ReportSummary(out)
    locator = PdfLocator([Path(db).resolve().parent, Path.cwd()], list(pdf_roots or []))
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    source = H.text(Path(db).name)
    con = connect(db, read_only=True)
    try:
        docs = D.documents(con)
        if doc is not None:
            docs = select_documents(docs, doc)
        tables = D.row_tables(con)
        counts = D.counts(con, tables)
        issues = D.issues(con)
        issues = issues[issues["doc_id"].isin(docs["doc_id"])]
        kolada = C.kolada_checks(con)
        index_rows: list[list[str]] = []
        for record in docs.to_dict("records"):
            d = pd.Series(record)
            failed = d.status == DocumentStatus.FAILED
            pdf_path = None if failed else locator.find(d.doc_id, d.source_path)
            pdf = _open_pdf(pdf_path)
            if pdf is None and not failed:
                summary.missing_pdfs.append(str(d.source_path))
            try:
                page = DocumentPage(out, d, pdf, max_crops, dpi, table_cells(con, d.doc_id))
                checks = C.check_document(d) + [k for k in kolada if k.doc_id == d.doc_id]
                doc_issues = issues[issues["doc_id"] == d.doc_id]
                consistency = doc_issues["code"].map(C.is_consistency_issue).astype(bool)
                for r in doc_issues[consistency].itertuples(index=False):
                    checks.append(
                        C.Check(
                            d.doc_id,
                            C.text_of(r.severity),
                            str(r.code),
                            C.text_of(r.message),
                            C.page_number(r.page),
                        )
                    )
                plain_issues = doc_issues[~consistency]
                regions = [page.region(r) for r in plain_issues.itertuples(index=False)]
                sections: list[str] = []
                for table in tables:
                    frame = D.rows(con, table, d.doc_id)
                    checks += C.check_rows(d, table, frame)
                    sections.append(page.table_section(table, frame, checks))
                    summary.rows += len(frame)
            finally:
                if pdf is not None:
                    pdf.close()  # type: ignore[no-untyped-call]  # pymupdf: unannotated
            summary.crops += page.crops
            summary.checks.update(c.severity for c in checks)
            pdf_note = (
                ""
                if pdf is not None or failed
                else (
                    '<p class="note">The PDF was not found (its recorded path does not hold a file with this content); '
                    "rows are listed without crops. Pass <code>--pdfs FOLDER</code> to look for it by content.</p>"
                )
            )
            toc = " ".join(f'<a href="#{t}">{t} ({_count(counts, d.doc_id, t)})</a>' for t in tables)
            body = H.fill(
                "document.html",
                title=H.text(d.title or d.source_path),
                meta=_meta(d, pdf_path),
                pdf_note=pdf_note,
                toc='<a href="#issues">issues</a> <a href="#checks">checks</a> ' + toc,
                n_issues=len(plain_issues),
                issues=H.issues_table(plain_issues, regions),
                n_checks=len(checks),
                checks=H.checks_table(checks),
                sections="\n".join(sections),
            )
            _write(
                out / doc_page(d.doc_id),
                H.fill(
                    "base.html",
                    title=H.text(d.title or "document"),
                    body=body,
                    source=source,
                    generated=generated,
                ),
            )
            index_rows.append(_index_row(d, tables, counts, doc_issues, checks))
            summary.documents += 1
        _write(
            out / "index.html", _index(docs, tables, counts, issues, index_rows, summary, source, generated)
        )
        _write(out / H.STYLESHEET, H.stylesheet())
    finally:
        con.close()
    return summary


def select_documents(docs: pd.DataFrame, spec: str) -> pd.DataFrame:
    """The documents ``spec`` names: a doc id (or its first characters), a file name, or a part
    of the title or file name (case ignored); :class:`UnknownDocument` when none."""
    key = spec.strip().casefold()
    ids = docs["doc_id"].astype(str).str.casefold()
    names = docs["source_path"].fillna("").map(lambda p: Path(str(p)).name.casefold())
    titles = docs["title"].fillna("").astype(str).str.casefold()
    tries = [
        ids == key,
        ids.str.startswith(key) if len(key) >= MIN_DOC_ID_PREFIX else ids != ids,
        (names == key) | (names == f"{key}.pdf"),
        titles.str.contains(key, regex=False) if key else ids != ids,
        names.str.contains(key, regex=False) if key else ids != ids,
    ]
    for hit in tries:
        if hit.any():
            return docs[hit]
    known = [str(t) for t in docs["title"].fillna(docs["source_path"]).head(8)]
    raise UnknownDocument(
        f"no document matches {spec!r} (by doc id, file name or title); "
        f"the warehouse holds {len(docs)}: {'; '.join(known)}{' …' if len(docs) > len(known) else ''}"
    )


def _write(path: Path, content: str) -> None:
    path.write_text(content, encoding="utf-8")


def _count(counts: pd.DataFrame, doc_id: str, table: str) -> int:
    """Rows of ``table`` from document ``doc_id`` (see :func:`kpi.pipeline.report.data.counts`)."""
    return C.integer(counts.at[doc_id, table]) or 0


def _severity_counts(severities: list[str]) -> str:
    c = Counter(severities)
    parts = [f'<span class="sev-{s}">{c[s]} {s}</span>' for s in Severity if c[s]]
    return ", ".join(parts) or "—"


def _index_row(
    doc: pd.Series, tables: list[str], counts: pd.DataFrame, doc_issues: pd.DataFrame, checks: list[C.Check]
) -> list[str]:
    link = f'<a class="doc" href="{doc_page(doc.doc_id)}">{H.text(doc.title or doc.source_path)}</a>'
    status = f'<span class="status-{H.text(doc.status)}">{H.text(doc.status)}</span>'
    return [
        link,
        H.text(doc.municipality),
        H.text(doc.doc_type),
        H.text(doc.period),
        status,
        H.text(doc.page_count),
        *[str(_count(counts, doc.doc_id, t)) for t in tables],
        _severity_counts(list(doc_issues["severity"])),
        _severity_counts([c.severity for c in checks]),
        _coverage(doc.numbers_read, doc.numbers_in_tables),
    ]


def _coverage(read: object, in_tables: object) -> str:
    """A document's table coverage: the share of its numbers in table layout that some row holds."""
    if C.is_missing(in_tables) or C.is_missing(read) or not int(str(in_tables)):
        return "-"
    r, n = int(str(read)), int(str(in_tables))
    cls = "cov-ok" if r == n else "cov-unread"
    return f'<span class="{cls}" title="{r} of {n} numbers in table layout are in a row">{r / n:.1%}</span>'


def _index(
    docs: pd.DataFrame,
    tables: list[str],
    counts: pd.DataFrame,
    issues: pd.DataFrame,
    rows: list[list[str]],
    summary: ReportSummary,
    source: str,
    generated: str,
) -> str:
    head = [
        "document",
        "municipality",
        "type",
        "period",
        "status",
        "pages",
        *tables,
        "issues",
        "checks",
        "table coverage",
    ]
    numeric = set(range(5, 6 + len(tables)))
    tr = "\n".join(
        "<tr>"
        + "".join(f"<td{' class=num' if i in numeric else ''}>{c}</td>" for i, c in enumerate(r))
        + "</tr>"
        for r in rows
    )
    foot = [
        f"{len(docs)} documents",
        "",
        "",
        "",
        "",
        str(int(docs["page_count"].fillna(0).sum())),
        *[str(int(counts[t].sum())) for t in tables],
        _severity_counts(list(issues["severity"])),
        _severity_counts([s for s, n in summary.checks.items() for _ in range(n)]),
        _coverage(docs["numbers_read"].fillna(0).sum(), docs["numbers_in_tables"].fillna(0).sum()),
    ]
    status = Counter(docs["status"])
    cards = [
        ("documents", len(docs)),
        *((f"status {s}", status[s]) for s in DocumentStatus),
        ("rows", summary.rows),
        ("crops", summary.crops),
        ("extraction issues", len(issues)),
        ("check findings", sum(summary.checks.values())),
    ]
    totals = "\n".join(f'<div class="card"><b>{n}</b>{H.text(k)}</div>' for k, n in cards)
    body = H.fill(
        "summary.html",
        totals=totals,
        head="".join(
            f"<th{' class=num' if i in numeric else ''}>{H.text(h)}</th>" for i, h in enumerate(head)
        ),
        rows=tr,
        foot="".join(f"<td{' class=num' if i in numeric else ''}>{c}</td>" for i, c in enumerate(foot)),
    )
    return H.fill("base.html", title="kpi QA report", body=body, source=source, generated=generated)
