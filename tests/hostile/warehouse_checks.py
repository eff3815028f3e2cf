"""Comparing warehouses by content: per-table checksums and per-document row fingerprints.

Columns that legitimately differ between two runs over the same PDFs (when and where a row was
loaded, how long it took) are left out, so two warehouses built from the same files compare equal.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

RUN_DEPENDENT_COLUMNS = frozenset(
    {"loaded_at", "seconds", "source_path", "applied_at", "path", "path_bytes", "first_seen"}
)
"""Columns that record the run, not the content: excluded from every checksum."""


def _tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
            "AND table_type = 'BASE TABLE' ORDER BY 1"
        ).fetchall()
    ]


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [r[0] for r in con.execute(f'DESCRIBE "{table}"').fetchall() if r[0] not in RUN_DEPENDENT_COLUMNS]


def _digest(rows: list[tuple]) -> str:
    h = hashlib.sha256()
    for r in sorted(repr(x) for x in rows):
        h.update(r.encode())
        h.update(b"\n")
    return h.hexdigest()[:16]


def table_checksums(db: str | Path) -> dict[str, tuple[int, str]]:
    """table -> (row count, checksum of its content), every base table of the warehouse."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for t in _tables(con):
            cols = ", ".join(f'"{c}"' for c in _columns(con, t))
            rows = con.execute(f'SELECT {cols} FROM "{t}"').fetchall()
            out[t] = (len(rows), _digest(rows))
        return out
    finally:
        con.close()


def document_fingerprints(
    db: str | Path, tables: list[str] | None = None, exclude: frozenset[str] = frozenset()
) -> dict[str, dict[str, tuple[int, str]]]:
    """doc_id -> {table: (rows, checksum)} for the documents row and every table keyed by doc_id.

    ``tables``: only these child tables; ``exclude``: columns left out as well (e.g. ones that a
    later step of the run fills in).
    """
    con = duckdb.connect(str(db), read_only=True)
    try:
        child = [
            t
            for t in _tables(con)
            if t != "documents" and "doc_id" in _columns(con, t) and (tables is None or t in tables)
        ]
        out: dict[str, dict[str, tuple[int, str]]] = {}
        for t in ["documents", *child]:
            cols = [c for c in _columns(con, t) if c not in exclude]
            sel = ", ".join(f'"{c}"' for c in cols)
            by_doc: dict[str, list[tuple]] = {}
            for row in con.execute(f'SELECT {sel} FROM "{t}"').fetchall():
                by_doc.setdefault(row[cols.index("doc_id")], []).append(row)
            for doc_id, rows in by_doc.items():
                out.setdefault(doc_id, {})[t] = (len(rows), _digest(rows))
        for doc in out.values():
            for t in child:
                doc.setdefault(t, (0, _digest([])))
        return out
    finally:
        con.close()


def document_statuses(db: str | Path) -> dict[str, tuple[str, str | None, str]]:
    """file name (last path part) -> (status, error, doc_id)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            Path(p).name: (s, e, d)
            for p, s, e, d in con.execute(
                "SELECT source_path, status, error, doc_id FROM documents"
            ).fetchall()
        }
    finally:
        con.close()


def orphan_rows(db: str | Path) -> dict[str, int]:
    """Rows, per table keyed by doc_id, whose document has no `documents` row (must be none)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for t in _tables(con):
            if t != "documents" and "doc_id" in _columns(con, t):
                n = con.execute(
                    f'SELECT count(*) FROM "{t}" WHERE doc_id NOT IN (SELECT doc_id FROM documents)'
                ).fetchone()[0]
                if n:
                    out[t] = n
        return out
    finally:
        con.close()
