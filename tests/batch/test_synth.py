"""The synthetic archive generator: deterministic from its seed, varied layouts, gold in the samples'
format, bad files that kpi reports as the manifest expects."""

from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import sys
from collections import Counter

import duckdb
import pymupdf

from kpi.samples.synth import generate
from kpi.samples.synth.archive import GOLD_COLUMNS, parse_years
from tests.conftest import GOLD, ROOT, run_kpi


def _files(root) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes_other_seed_other_archive(tmp_path) -> None:
    cli = [
        sys.executable,
        "-m",
        "kpi.samples.synth",
        "--municipalities",
        "1",
        "--years",
        "2020-2021",
        "--monthly",
        "1",
    ]
    for name, seed in (("a", "5"), ("b", "5"), ("c", "6")):
        subprocess.run(
            [*cli, "--out", str(tmp_path / name), "--seed", seed], cwd=ROOT, check=True, capture_output=True
        )
    a, b, c = (_files(tmp_path / n) for n in "abc")
    assert a == b and len([k for k in a if k.endswith(".pdf")]) == 4
    assert a != c


def test_gold_has_the_samples_format_and_the_manifest_counts(tmp_path) -> None:
    arch = generate(tmp_path, 2, parse_years("2019,2021"), seed=3, organs=2, monthly=2, bad_share=0.0)
    assert len(arch.documents) == 2 * 2 * 2 * (1 + 2)
    for fname, cols in GOLD_COLUMNS.items():
        with open(GOLD / fname, encoding="utf-8") as f:
            assert next(csv.reader(f)) == cols
        with open(tmp_path / "gold" / fname, encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        assert rows, fname
        assert {r["doc_id"] for r in rows} <= {d["doc_id"] for d in arch.documents}


def test_layouts_vary_and_names_drift(tmp_path) -> None:
    arch = generate(tmp_path, 3, parse_years("2019-2023"), seed=9, monthly=1, bad_share=0.0)
    fonts, kinds, pages = Counter(), Counter(), Counter()
    for d in arch.documents:
        with pymupdf.open(tmp_path / d["path"]) as doc:
            fonts.update({f[3] for p in doc for f in p.get_fonts()})
            text = " ".join(p.get_text() for p in doc)
            pages[doc.page_count] += 1
            if d["doc_type"] == "nämndplan":
                kinds["table" if "INDIKATORER" in text else "bullets" if "Målvärde:" in text else "?"] += 1
    assert {"Helvetica", "Times-Roman", "Courier"} <= set(fonts), fonts
    assert kinds["table"] and kinds["bullets"] and not kinds["?"], kinds
    assert len(pages) > 1
    with open(tmp_path / "gold" / "indicators.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    names_by_muni: dict[str, set[str]] = {}
    for r in rows:
        names_by_muni.setdefault(r["municipality"], set()).add(r["indicator_name"])
    from kpi.samples.synth.content import INDICATORS

    drifted = [i for i in INDICATORS if any(set(i.names) <= names for names in names_by_muni.values())]
    assert drifted, "no indicator is printed under two names across the years"


def test_bad_files_get_the_status_the_manifest_expects(tmp_path) -> None:
    arch = generate(tmp_path / "a", 1, [2020, 2021], seed=4, monthly=3, bad_share=1.0)
    assert {d["defect"] for d in arch.documents} >= {"empty", "html", "junk"} - {""}
    db = tmp_path / "w.duckdb"
    proc = run_kpi("ingest", str(tmp_path / "a"), "--db", str(db), "--workers", "1", "--json")
    assert proc.returncode == 1 and json.loads(proc.stdout)["documents"]["failed"] >= 1
    con = duckdb.connect(str(db), read_only=True)
    got = dict(con.execute("SELECT doc_id, status FROM documents").fetchall())  # by content: equal files once
    con.close()
    for d in arch.documents:
        if d["expected_status"] != "any":
            sha = hashlib.sha256((tmp_path / "a" / d["path"]).read_bytes()).hexdigest()
            assert got[sha] == d["expected_status"], d
    # a failure that lies in the bytes is final for this extractor version: the next run skips it
    again = run_kpi("ingest", str(tmp_path / "a"), "--db", str(db), "--workers", "1", "--json")
    assert again.returncode == 0 and json.loads(again.stdout)["documents"]["failed"] == 0
    assert "failed before" in run_kpi("ingest", str(tmp_path / "a"), "--db", str(db)).stderr
