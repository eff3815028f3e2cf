"""Property tests (hypothesis) for every parser untrusted input reaches before the warehouse:
the byte check, the PDF opener and recognizers, folder discovery, the query guard, metadata
detection and the evaluation's folding.  ``make fuzz`` runs them with a large example budget."""

from __future__ import annotations

import math
import os
import re
import tempfile
from pathlib import Path

import duckdb
import pymupdf
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpi.extractors import vocabulary as V
from kpi.extractors.document import detect_metadata, detect_municipality, municipalities
from kpi.extractors.extract import PDF_MAGIC_WINDOW, check_bytes, extract_pdf
from kpi.extractors.layout import DocumentModel
from kpi.pipeline.discover import discover
from kpi.pipeline.evaluate import fold, num
from kpi.warehouse.query import ALLOWED, QueryRefused, check_read_only
from tests.hostile.conftest import budget
from tests.hostile.craft import single_page, text_ops

STATUSES = {"ok", "partial", "failed"}
DOC_TYPES = {t for t, _ in V.DOC_TYPES} | {V.DOC_TYPE_OTHER}
PERIOD = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2]))?(?:/(\d{4})(?:-(0[1-9]|1[0-2]))?)?$")
SWEDISH = "abcdefghijklmnopqrstuvwxyzåäöéABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ"


def assert_sane(result) -> None:
    assert result.status in STATUSES
    if result.status != "ok":
        assert result.error and "Traceback" not in result.error
    codes = [i.code for i in result.extraction_issues]
    assert "recognizer_failed" not in codes, [i.message for i in result.extraction_issues]


# -- bytes --------------------------------------------------------------------------------------------------


@given(st.binary(max_size=4096))
def test_check_bytes_accepts_exactly_what_has_a_pdf_header(data: bytes) -> None:
    reason = check_bytes(data)
    assert (reason is None) == (b"%PDF-" in data[:PDF_MAGIC_WINDOW])
    if reason is not None:
        assert reason.startswith(("empty file", "not a PDF")) and "\n" not in reason


SEED_PDF = single_page(
    text_ops(["Tyresö kommun", "Nämndplan 2021", "Målvärde 2021: 85 %", "Utfall 2019: 81 %"])
)


@st.composite
def mutated_pdfs(draw) -> bytes:
    """The seed PDF with a few bytes flipped, inserted, deleted or the tail cut off."""
    data = bytearray(SEED_PDF)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(["flip", "insert", "delete", "cut", "digit"]))
        if op == "flip":
            data[at] = draw(st.integers(0, 255))
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 32))]
        elif op == "digit" and chr(data[at]).isdigit():
            data[at] = ord(str(draw(st.integers(0, 9))))
        elif op == "cut" and at > 16:
            del data[at:]
        if not data:
            break
    return bytes(data)


@budget(40, 3000)
@given(mutated_pdfs())
def test_extract_survives_mutated_pdfs(data: bytes) -> None:
    assert_sane(extract_pdf("fuzz.pdf", "0" * 64, data=data))


OPERATORS = [
    b"BT",
    b"ET",
    b"q",
    b"Q",
    b"Tj",
    b"TJ",
    b"Td",
    b"Tf",
    b"cm",
    b"re",
    b"f",
    b"S",
    b"m",
    b"l",
    b"Do",
    b"'",
    b'"',
    b"Tm",
    b"T*",
    b"BI",
    b"ID",
    b"EI",
    b"gs",
    b"sh",
    b"W",
    b"n",
]
OPERANDS = st.one_of(
    st.integers(-(10**9), 10**9).map(lambda i: b"%d" % i),
    st.floats(allow_nan=False, allow_infinity=False, width=32).map(lambda f: b"%g" % f),
    st.binary(max_size=12).map(
        lambda b: b"(" + b.replace(b"\\", b"").replace(b"(", b"").replace(b")", b"") + b")"
    ),
    st.sampled_from([b"/F1", b"/X", b"[", b"]", b"<<", b">>", b"<4142>", b"/Nonexistent"]),
)


@budget(40, 3000)
@given(st.lists(st.tuples(st.lists(OPERANDS, max_size=4), st.sampled_from(OPERATORS)), max_size=40))
def test_extract_survives_random_content_streams(ops) -> None:
    content = b"\n".join(b" ".join([*args, op]) for args, op in ops)
    assert_sane(extract_pdf("fuzz.pdf", "0" * 64, data=single_page(content)))


# -- recognizers and metadata on arbitrary text ----------------------------------------------------------

WORDS = st.one_of(
    st.text(alphabet=SWEDISH, min_size=1, max_size=12),
    st.integers(1900, 2099).map(str),
    st.integers(-(10**7), 10**7).map(lambda i: f"{i:,}".replace(",", " ")),
    st.sampled_from(
        [
            "%",
            "tkr",
            "mnkr",
            "kr",
            "Målvärde",
            "Utfall",
            "Prognos",
            "Budget",
            "kommun",
            "Mål",
            "Indikator",
            "Nämndplan",
            "Delårsrapport",
            "Månadsrapport",
            "mars",
            "december",
            "Period:",
            "2024-13-01",
            "2023-00-15",
            "2019–2022",
            "Socialnämnden",
            "Tyresö",
            "Ekerö",
            "Ja",
            "Nej",
            "−",
            "–",
            "…",
            "Kolada",
            "U00405",
            "N15419",
            "Risk",
            "Sannolikhet",
            "Konsekvens",
        ]
    ),
    st.sampled_from(sorted(municipalities())[:40]),
)
LINES = st.lists(st.lists(WORDS, min_size=1, max_size=8).map(" ".join), min_size=1, max_size=25)


def typeset(lines: list[str], sizes: list[float]) -> bytes:
    doc = pymupdf.open()
    page = doc.new_page()
    y = 60.0
    for i, ln in enumerate(lines):
        size = sizes[i % len(sizes)]
        if y + size > 800:
            page, y = doc.new_page(), 60.0
        page.insert_text((56, y), ln, fontsize=size, fontname="helv")
        # a second column on some lines, like a table row
        if i % 3 == 1:
            page.insert_text((380, y), ln.split(" ")[-1], fontsize=size, fontname="helv")
        y += size * 1.4
    data = doc.tobytes()
    doc.close()
    return data


@budget(30, 2000)
@given(LINES, st.lists(st.sampled_from([8.0, 10.0, 11.0, 14.0, 20.0, 26.0]), min_size=1, max_size=4))
def test_recognizers_and_metadata_survive_arbitrary_text(lines, sizes) -> None:
    result = extract_pdf("fuzz.pdf", "0" * 64, data=typeset(lines, sizes))
    assert_sane(result)
    m = result.meta
    assert m.doc_type in DOC_TYPES
    assert m.year is None or 1900 <= m.year <= 2099
    assert m.period is None or PERIOD.match(m.period), m.period
    assert (m.municipality is None) == (m.municipality_code is None)
    if m.municipality:
        assert municipalities()[m.municipality] == m.municipality_code


@budget(30, 2000)
@given(LINES)
def test_metadata_is_read_from_the_model_without_errors(lines) -> None:
    with DocumentModel("fuzz.pdf", data=typeset(lines, [11.0, 22.0])) as doc:
        meta = detect_metadata(doc)
        pages = doc.page_count
    assert meta.page_count == pages and meta.doc_type in DOC_TYPES


@budget(60, 5000)
@given(st.text(max_size=400) | LINES.map("\n".join))
def test_detect_municipality_names_only_what_the_text_mentions(text) -> None:
    name, code = detect_municipality(text)
    if name is None:
        assert code is None
    else:
        assert name.lower() in text.lower() and municipalities()[name] == code


# -- folder discovery ----------------------------------------------------------------------------------------

NAME = st.text(alphabet="abcåäöÅ -_.()", min_size=1, max_size=10).filter(lambda s: s.strip(" .") == s and s)
ENTRY = st.tuples(
    st.lists(st.integers(0, 2), max_size=3),  # which earlier folder (by index) to put it in
    st.sampled_from(["pdf", "PDF", "other", "dir", "loop", "dangling", "pdf-dir", "pdf-link"]),
    NAME,
)


@budget(25, 1500)
@given(st.lists(ENTRY, max_size=14))
def test_discover_finds_every_pdf_once_and_never_loops(entries) -> None:
    with tempfile.TemporaryDirectory(prefix="kpi-fuzz-") as tmp:
        root = Path(tmp) / "in put"
        root.mkdir()
        dirs, pdfs, broken = [root], set(), set()
        for where, kind, name in entries:
            parent = dirs[where[-1] % len(dirs)] if where else root
            target = parent / (
                name
                + (
                    ".pdf"
                    if kind in ("pdf", "dangling", "pdf-dir", "pdf-link")
                    else ".PDF"
                    if kind == "PDF"
                    else ""
                )
            )
            if os.path.lexists(target):
                continue
            if kind in ("pdf", "PDF"):
                target.write_bytes(b"%PDF-1.4\n")
                pdfs.add(str(target.resolve()))
            elif kind == "other":
                target.write_bytes(b"x")
            elif kind in ("dir", "pdf-dir"):
                target.mkdir()
                dirs.append(target)
            elif kind == "loop":
                target.symlink_to(parent if parent != root else root, target_is_directory=True)
            elif kind == "dangling":
                target.symlink_to(Path(tmp) / "missing.pdf")
                broken.add(target.name)
            elif kind == "pdf-link" and pdfs:
                target.symlink_to(min(pdfs))
        found, problems = discover([root])
        resolved = [str(Path(c.path).resolve()) for c in found]
        assert sorted(resolved) == sorted(set(resolved)), "a file was found twice"
        assert set(resolved) == pdfs
        for name in broken:
            assert any(name in p and "cannot read" in p for p in problems), (name, problems)


@budget(60, 5000)
@given(
    st.lists(
        st.text(max_size=30).filter(lambda p: "/" not in p and "\0" not in p and p.strip(".")), max_size=4
    )
)
def test_discover_reports_missing_odd_paths(paths) -> None:
    with tempfile.TemporaryDirectory(prefix="kpi-fuzz-") as tmp:
        found, problems = discover([Path(tmp) / p for p in paths])
    assert found == [] and len(problems) == len(paths)
    assert all("no such file or folder" in p for p in problems)


# -- the query guard ---------------------------------------------------------------------------------------

WRITES = [
    "DELETE FROM documents",
    "DROP TABLE documents",
    "INSERT INTO documents (doc_id) VALUES ('x')",
    "UPDATE documents SET title = 'x'",
    "ATTACH 'x.duckdb' AS x",
    "DETACH main",
    "COPY documents TO 'x.csv'",
    "COPY (SELECT 1) TO 'x.parquet'",
    "INSTALL httpfs",
    "LOAD httpfs",
    "CREATE TABLE t (a INT)",
    "CREATE OR REPLACE VIEW v AS SELECT 1",
    "ALTER TABLE documents RENAME TO d",
    "SET threads = 1",
    "PRAGMA threads = 1",
    "EXPORT DATABASE 'x'",
    "IMPORT DATABASE 'x'",
    "CALL pragma_version()",
    "CHECKPOINT",
    "VACUUM",
    "BEGIN",
    "USE memory",
    "CREATE SECRET s (TYPE s3)",
    "TRUNCATE documents",
]
READS = [
    "SELECT 1",
    "SELECT count(*) FROM documents",
    "WITH a AS (SELECT 1 AS x) SELECT x FROM a",
    "DESCRIBE documents",
    "SHOW TABLES",
    "EXPLAIN SELECT 1",
    "FROM documents LIMIT 1",
]
NOISE = st.sampled_from(["", " ", "\n", "\t", "/* c */", "-- c\n", "/* ; DROP */ "])


def _case(sql: str, flip: list[bool]) -> str:
    out = []
    in_str = False
    for i, ch in enumerate(sql):  # change case outside string literals only
        in_str ^= ch == "'"
        out.append(ch.upper() if (not in_str and flip[i % len(flip)]) else ch)
    return "".join(out)


@budget(60, 5000)
@given(
    st.sampled_from(WRITES),
    st.lists(st.sampled_from(READS), max_size=3),
    st.integers(0, 3),
    NOISE,
    NOISE,
    st.lists(st.booleans(), min_size=1, max_size=7),
)
def test_a_write_anywhere_in_the_sql_is_refused(write, reads, at, before, after, flip) -> None:
    stmts = list(reads)
    stmts.insert(min(at, len(stmts)), before + _case(write, flip) + after)
    with pytest.raises(QueryRefused):
        check_read_only(";\n".join(stmts))


@budget(60, 5000)
@given(
    st.text(max_size=200)
    | st.lists(st.sampled_from(READS + WRITES + ["'", ";", "/*", "--", "$$"]), max_size=6).map(" ".join)
)
def test_the_guard_lets_through_only_reads(sql) -> None:
    try:
        check_read_only(sql)
    except QueryRefused:
        return
    parser = duckdb.connect()
    try:
        assert all(s.type in ALLOWED for s in parser.extract_statements(sql))
    finally:
        parser.close()


# -- evaluation's folding --------------------------------------------------------------------------------


@given(st.text() | st.none() | st.floats() | st.integers())
def test_fold_is_idempotent_and_trimmed(x) -> None:
    f = fold(x)
    assert fold(f) == f and f == f.strip() and "  " not in f and "\n" not in f


@given(
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12)
    | st.text(max_size=20)
    | st.none()
)
def test_num_is_a_rounded_float_or_none(x) -> None:
    v = num(x)
    if isinstance(x, float):
        assert v == round(x, 6)
    assert v is None or (isinstance(v, float) and not math.isnan(v))
