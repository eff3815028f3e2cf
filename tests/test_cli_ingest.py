"""`kpi ingest`, `kpi query` and `kpi eval` end to end: real subprocesses, real DuckDB files."""

from __future__ import annotations

import json
import shutil
import time

import duckdb
import pytest

from tests.conftest import ALL_SAMPLE_PDFS, GOLD, SAMPLE_PDFS, SAMPLES, run_kpi

CONTRACT_TABLES = {
    "documents": [
        "doc_id",
        "source_path",
        "title",
        "municipality",
        "municipality_code",
        "organ",
        "doc_type",
        "year",
        "period",
        "page_count",
        "status",
        "error",
    ],
    "indicator_values": [
        "doc_id",
        "page",
        "bbox",
        "section_path",
        "indicator_name",
        "kolada_code",
        "indicator_id",
        "value_kind",
        "period",
        "value_raw",
        "value_num",
        "unit",
        "target_direction",
        "note",
    ],
    "indicators": ["indicator_id", "canonical_name", "kolada_code", "unit"],
    "indicator_matches": ["doc_id", "indicator_name", "indicator_id", "method", "score"],
    "budget_lines": [
        "doc_id",
        "page",
        "bbox",
        "table_kind",
        "row_label",
        "measure",
        "period",
        "amount",
        "unit",
        "amount_tkr",
    ],
    "goal_status": ["doc_id", "goal_number", "goal_title", "month", "status"],
    "risks": ["doc_id", "category", "title", "risk_value", "probability", "consequence"],
    "extraction_issues": ["doc_id", "page", "severity", "code", "message"],
    "schema_version": ["version", "applied_at"],
}


def test_samples_load_with_metadata_and_contract_schema(samples_db) -> None:
    con = duckdb.connect(str(samples_db), read_only=True)
    for table, cols in CONTRACT_TABLES.items():
        have = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
        assert set(cols) <= set(have), (table, set(cols) - set(have))
    view_cols = [r[0] for r in con.execute("DESCRIBE indicator_series").fetchall()]
    assert view_cols == [
        "indicator_id",
        "canonical_name",
        "kolada_code",
        "municipality",
        "organ",
        "period",
        "value_kind",
        "value_num",
        "unit",
        "doc_id",
        "doc_period",
        "organ_canonical",  # migration 008: the series follows the body by this key
        "sub_measure",
        "conflict",
    ]
    docs = con.execute(
        "SELECT source_path, municipality_code, doc_type, status, page_count FROM documents"
    ).fetchall()
    assert len(docs) == len(ALL_SAMPLE_PDFS)
    coded = [d for d in docs if "/real2/" not in d[0]]  # samples/real2 holds a kommunalförbund too
    assert all(d[1] and len(d[1]) == 4 for d in coded)
    assert all(d[3] in ("ok", "partial") for d in docs)
    by_name = {d[0].rsplit("/", 1)[-1]: d for d in docs}
    assert by_name["tyreso-manadsrapport-2024-03-asf.pdf"][1:3] == ("0138", "månadsrapport")
    assert by_name["ekero-socialnamnden-malforslag-2018-2022.pdf"][1:3] == ("0125", "målförslag")
    con.close()


def test_second_run_skips_everything_and_adds_nothing(tmp_path) -> None:
    db = tmp_path / "w.duckdb"
    folder = tmp_path / "in"
    shutil.copytree(SAMPLES / "pdf", folder / "pdf")
    t0 = time.perf_counter()
    first = run_kpi("ingest", str(folder), "--db", str(db), "--json")
    t_first = time.perf_counter() - t0
    assert first.returncode == 0, first.stderr
    s1 = json.loads(first.stdout)
    assert s1["documents"]["ok"] == len(SAMPLE_PDFS)
    con = duckdb.connect(str(db), read_only=True)
    before = {
        t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in CONTRACT_TABLES
        if t != "schema_version"
    }
    con.close()
    t0 = time.perf_counter()
    second = run_kpi("ingest", str(folder), "--db", str(db), "--json")
    t_second = time.perf_counter() - t0
    assert second.returncode == 0
    s2 = json.loads(second.stdout)
    assert s2["documents"] == {"ok": 0, "partial": 0, "failed": 0, "skipped": len(SAMPLE_PDFS)}
    assert sum(s2["rows"].values()) == 0
    con = duckdb.connect(str(db), read_only=True)
    after = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in before}
    con.close()
    assert after == before
    # Not a timing assertion on the machine's speed: only that the skip path is not re-extracting.
    assert t_second < t_first * 1.5


def test_human_summary_names_counts_and_speed(tmp_path) -> None:
    db = tmp_path / "w.duckdb"
    proc = run_kpi("ingest", str(SAMPLE_PDFS[0]), "--db", str(db))
    assert proc.returncode == 0, proc.stderr
    assert "documents: 1 ok, 0 partial, 0 failed, 0 skipped" in proc.stdout
    assert "pages/s" in proc.stdout and "indicator_values" in proc.stdout
    again = run_kpi("ingest", str(SAMPLE_PDFS[0]), "--db", str(db))
    assert "skipped" in again.stderr and "already loaded" in again.stderr


def _bad_files(folder):
    folder.mkdir(parents=True, exist_ok=True)
    good = SAMPLE_PDFS[0].read_bytes()
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "random.PDF").write_bytes(bytes(range(256)) * 40)
    (folder / "page.pdf").write_text("<!DOCTYPE html><html><body>Not found</body></html>")
    (folder / "truncated.pdf").write_bytes(good[: len(good) // 3])
    import pymupdf

    d = pymupdf.open(str(SAMPLE_PDFS[0]))
    d.save(
        str(folder / "locked.pdf"), encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner"
    )
    d.close()
    scan = pymupdf.open()
    page = scan.new_page()
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 200, 100), False)
    pix.clear_with(200)
    page.insert_image(page.rect, pixmap=pix)
    scan.save(str(folder / "scanned.pdf"))
    scan.close()
    shutil.copy(SAMPLE_PDFS[0], folder / "good.pdf")


def test_bad_inputs_are_recorded_and_the_batch_goes_on(tmp_path) -> None:
    folder = tmp_path / "mixed input"
    _bad_files(folder)
    db = tmp_path / "w.duckdb"
    proc = run_kpi("ingest", str(folder), "--db", str(db), "--json")
    assert proc.returncode == 1
    summary = json.loads(proc.stdout)
    assert summary["documents"]["ok"] == 1
    con = duckdb.connect(str(db), read_only=True)
    rows = dict(
        con.execute(
            "SELECT regexp_extract(source_path, '[^/]+$'), status || ': ' || coalesce(error, '') FROM documents"
        ).fetchall()
    )
    con.close()
    assert rows["empty.pdf"].startswith("failed: empty file")
    assert rows["random.PDF"].startswith("failed: not a PDF")
    assert "HTML" in rows["page.pdf"]
    assert rows["locked.pdf"].startswith("failed: encrypted PDF")
    assert rows["scanned.pdf"].startswith("partial: no text layer")
    assert rows["good.pdf"] == "ok: "
    # truncated: either repaired by the PDF library (ok/partial) or failed with a reason
    assert rows["truncated.pdf"].split(":")[0] in ("ok", "partial", "failed")
    not_ok = {n["path"].rsplit("/", 1)[-1] for n in summary["not_ok"]}
    assert {"empty.pdf", "random.PDF", "page.pdf", "locked.pdf", "scanned.pdf"} <= not_ok


def test_scanned_pdf_has_no_text_layer_issue(tmp_path) -> None:
    _bad_files(tmp_path / "in")
    db = tmp_path / "w.duckdb"
    run_kpi("ingest", str(tmp_path / "in" / "scanned.pdf"), "--db", str(db))
    con = duckdb.connect(str(db), read_only=True)
    issues = con.execute("SELECT severity, code, message FROM extraction_issues").fetchall()
    con.close()
    assert issues and issues[0][:2] == ("error", "no_text_layer") and "--ocr" in issues[0][2]


def test_bad_file_does_not_touch_what_was_loaded(tmp_path) -> None:
    db = tmp_path / "w.duckdb"
    run_kpi("ingest", str(SAMPLE_PDFS[0]), "--db", str(db), check=True)
    con = duckdb.connect(str(db), read_only=True)
    before = con.execute("SELECT * FROM documents").fetchall()
    con.close()
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7\n garbage")
    assert run_kpi("ingest", str(bad), "--db", str(db)).returncode == 1
    con = duckdb.connect(str(db), read_only=True)
    docs = con.execute("SELECT * FROM documents ORDER BY status DESC").fetchall()
    con.close()
    assert before[0] in docs and len(docs) == 2


def test_usage_errors_exit_2(tmp_path) -> None:
    assert run_kpi("ingest").returncode == 2
    assert run_kpi("ingest", "x", "--no-such-flag").returncode == 2
    assert run_kpi("query", "SELECT 1", "--db", str(tmp_path / "missing.duckdb")).returncode == 2


def test_missing_path_is_reported(tmp_path) -> None:
    proc = run_kpi("ingest", str(tmp_path / "nope"), "--db", str(tmp_path / "w.duckdb"))
    assert "no such file or folder" in proc.stdout + proc.stderr


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_query_formats(samples_db, fmt) -> None:
    proc = run_kpi(
        "query",
        "SELECT doc_type, count(*) AS n FROM documents GROUP BY 1 ORDER BY 1",
        "--db",
        str(samples_db),
        "--format",
        fmt,
    )
    assert proc.returncode == 0, proc.stderr
    if fmt == "json":
        rows = json.loads(proc.stdout)
        assert {"doc_type": "nämndplan", "n": 2} in rows
    elif fmt == "csv":
        assert proc.stdout.splitlines()[0] == "doc_type,n" and "nämndplan,2" in proc.stdout
    else:
        assert "nämndplan" in proc.stdout


@pytest.mark.parametrize(
    "sql",
    [
        "DELETE FROM documents",
        "DROP TABLE documents",
        "CREATE TABLE x (a INT)",
        "ATTACH 'other.duckdb' AS o",
        "COPY documents TO 'out.csv'",
        "INSTALL httpfs",
        "SELECT 1; DELETE FROM documents",
        "SET threads = 1",
        "EXPLAIN ANALYZE DELETE FROM documents",
    ],
)
def test_query_refuses_writes(samples_db, sql) -> None:
    proc = run_kpi("query", sql, "--db", str(samples_db))
    assert proc.returncode == 2
    assert "read-only" in proc.stderr
    con = duckdb.connect(str(samples_db), read_only=True)
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] > 0
    con.close()


def test_query_cannot_read_other_files(samples_db, tmp_path) -> None:
    f = tmp_path / "secret.csv"
    f.write_text("a\n1\n")
    proc = run_kpi("query", f"SELECT * FROM read_csv('{f}')", "--db", str(samples_db))
    assert proc.returncode == 1


def test_eval_against_gold(samples_db) -> None:
    proc = run_kpi("eval", "--gold", str(GOLD), "--db", str(samples_db), "--json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    tables = {r["table"] for r in rows if r["document"] == "ALL"}
    assert tables == {"indicator_values", "budget_lines", "goal_status", "risks"}
    gold_total = {r["table"]: r["gold"] for r in rows if r["document"] == "ALL"}
    assert gold_total == {"indicator_values": 173, "budget_lines": 96, "goal_status": 12, "risks": 11}


def test_every_command_has_help_with_an_example() -> None:
    top = run_kpi("--help")
    assert top.returncode == 0
    for cmd in ("ingest", "query", "eval"):
        assert cmd in top.stdout
        h = run_kpi(cmd, "--help")
        assert h.returncode == 0 and "Example" in h.stdout, cmd
