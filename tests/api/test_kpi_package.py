"""`import kpi`: the public face — open, ingest, match, export and Kolada as Python calls."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TWO_PLANS = [
    ROOT / "samples" / "pdf" / "tyreso-namndplan-2019-ifo.pdf",
    ROOT / "samples" / "pdf" / "tyreso-namndplan-2020-ifo-arbete-integration.pdf",
]
KOLADA_VALUES = ROOT / "samples" / "kolada" / "values_tyreso_0138_ekero_0125.csv"


@pytest.fixture(scope="module")
def two_plans(tmp_path_factory) -> tuple[Path, object]:
    """Two sample plans ingested once through ``kpi.ingest`` (one worker process, no output)."""
    import kpi

    db = tmp_path_factory.mktemp("kpi") / "two.duckdb"
    summary = kpi.ingest(TWO_PLANS, db, workers=1, progress=False)
    return db, summary


def test_import_kpi_is_fast_and_lazy() -> None:
    code = (
        "import sys, kpi; heavy = [m for m in ('duckdb', 'pandas', 'pyarrow', 'pipeline', 'warehouse') "
        "if m in sys.modules]; print(heavy); kpi.open; print('duckdb' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd="/")
    assert out.stdout.split("\n")[:2] == ["[]", "True"], out.stdout + out.stderr


def test_the_public_names() -> None:
    import kpi
    import kpi.warehouse.api

    assert kpi.open is kpi.warehouse.api.open and kpi.wide is kpi.warehouse.api.wide
    assert {"open", "ingest", "match", "export", "kolada", "wide", "UnknownValue"} <= set(dir(kpi))
    assert callable(kpi.kolada.compare) and callable(kpi.kolada.read_values)
    for name in ("open", "ingest", "match", "export"):
        assert (getattr(kpi, name).__doc__ or "").strip(), f"kpi.{name} has no docstring"
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        kpi.nope  # noqa: B018
    with pytest.raises(AttributeError):
        kpi.kolada.nope  # noqa: B018


def test_ingest_returns_the_run_summary(two_plans) -> None:
    db, summary = two_plans
    assert summary.counts["ok"] + summary.counts["partial"] == 2 and summary.counts["failed"] == 0
    assert summary.rows["indicator_values"] > 20 and summary.pages > 0
    assert summary.as_dict()["documents"]["ok"] == summary.counts["ok"]
    assert db.is_file()


def test_open_and_ask_for_a_series(two_plans) -> None:
    import kpi

    db, _ = two_plans
    with kpi.open(db) as wh:
        assert len(wh.documents()) == 2
        hit = wh.search_indicators("sjukfrånvaro").iloc[0]
        s = wh.series(hit["indicator_id"], municipality="Tyresö kommun")
        assert s["doc_id"].nunique() == 2 and {"target", "outcome"} <= set(s["value_kind"])
        with pytest.raises(LookupError, match='did you mean "Tyresö" \\(0138\\)'):
            wh.series(hit["indicator_id"], municipality="Tyreso")


def test_ingest_again_skips_and_prints_a_summary(two_plans, capsys) -> None:
    import kpi

    db, _ = two_plans
    summary = kpi.ingest(TWO_PLANS, db, workers=0, progress=True)
    assert summary.counts["skipped"] == 2 and summary.exit_code == 0
    assert "skipped" in capsys.readouterr().out


def test_ingest_a_path_that_does_not_exist_creates_nothing(tmp_path) -> None:
    import kpi

    with pytest.raises(FileNotFoundError, match="no such file or folder"):
        kpi.ingest([TWO_PLANS[0], tmp_path / "nope"], tmp_path / "x.duckdb", progress=False)
    assert not (tmp_path / "x.duckdb").exists()


def test_match_export_and_kolada(two_plans, tmp_path) -> None:
    import pandas as pd

    import kpi

    db, _ = two_plans
    m = kpi.match(db, review_out=tmp_path / "review.csv")
    assert m.counts["occurrences"] > 0 and m.review_file
    e = kpi.export(db, tmp_path / "export", format="csv")
    assert (tmp_path / "export" / "indicator_values.csv").is_file()
    assert {t.table for t in e.tables} >= {"documents", "indicator_values"}
    assert len(pd.read_csv(tmp_path / "export" / "documents.csv")) == 2
    import kpi.pipeline.kolada.compare

    assert kpi.kolada.compare is kpi.pipeline.kolada.compare.compare
    c = kpi.kolada.compare(db, KOLADA_VALUES)
    assert len(c) > 0 and {"kolada_code", "kolada_value", "status"} <= set(c.columns)
    assert set(c["status"]) <= {"match", "period_offset", "mismatch", "not_in_kolada"}
    with pytest.raises(FileNotFoundError, match="no warehouse at"):
        kpi.match(tmp_path / "nope.duckdb")
    with pytest.raises(ValueError, match="must not be above"):
        kpi.match(db, accept=60, review=70)


def test_a_users_own_modules_do_not_shadow_kpi(two_plans, tmp_path) -> None:
    """A notebook folder with its own pipeline.py, warehouse.py, extractors.py and samples.py: kpi
    still works (its stages are kpi.pipeline …, never the bare names)."""
    db, _ = two_plans
    for name in ("pipeline", "warehouse", "extractors", "samples"):
        (tmp_path / f"{name}.py").write_text(f"raise SystemExit('the user\\'s {name}.py was imported')\n")
    code = (
        "import kpi\n"
        f"wh = kpi.open({str(db)!r})\n"
        "print(len(wh.documents()))\n"
        "import kpi.pipeline.cli, kpi.extractors.extract, kpi.warehouse.db\n"
        "import pipeline  # the user's own module is theirs\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert proc.stdout.strip() == "2", proc.stderr
    assert "the user's pipeline.py was imported" in proc.stderr  # only by the last line


@pytest.mark.slow
def test_the_wheel_holds_one_top_level_package(tmp_path) -> None:
    import zipfile

    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(root)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    (wheel,) = tmp_path.glob("kpi-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[0] for n in names} == {
        "kpi",
        next(n.split("/")[0] for n in names if ".dist-info/" in n),
    }
    for must in (
        "kpi/pipeline/cli.py",
        "kpi/warehouse/migrations/001_initial.sql",
        "kpi/extractors/data/municipalities.csv",
    ):
        assert must in names
