"""Fixed costs around extraction: what a worker and a `kpi ingest` that has nothing to do import.

Checked through ``sys.modules`` in fresh subprocesses (never by timing).
"""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT

WORKER_PROBE = """
import json, sys
{prelude}
import pymupdf
from kpi.pipeline.executors.worker import warm_up
warm_up()
print(json.dumps({{
    "modules": sorted(m for m in ("pandas", "pymupdf.layout", "pymupdf4llm", "scipy", "duckdb") if m in sys.modules),
    "globals": vars(pymupdf._globals),
    "show_errors": pymupdf.JM_mupdf_show_errors,
    "show_warnings": pymupdf.JM_mupdf_show_warnings,
}}))
"""


def _probe(prelude: str) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", WORKER_PROBE.format(prelude=prelude)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return json.loads(proc.stdout)


def test_worker_skips_layout_model_and_pandas_without_changing_pymupdf_settings():
    plain = _probe("")
    worker = _probe("from kpi.pipeline.executors.worker import skip_unused_modules; skip_unused_modules()")
    assert "pandas" not in worker["modules"] and "pymupdf.layout" not in worker["modules"]
    assert "pymupdf4llm" not in worker["modules"]
    assert "duckdb" not in worker["modules"] and "scipy" not in worker["modules"]
    # the same text-extraction settings as a plain `import pymupdf` (which makes them through
    # pymupdf4llm; kpi.extractors.layout makes them itself)
    assert {k: plain[k] for k in ("globals", "show_errors", "show_warnings")} == {
        k: worker[k] for k in ("globals", "show_errors", "show_warnings")
    }


RERUN_PROBE = """
import json, sys
from kpi.pipeline.cli import app
try:
    app(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
heavy = ("pandas", "pyarrow", "scipy", "numpy", "rapidfuzz", "pymupdf", "rich.progress", "rich.table",
         "kpi.pipeline.match.matcher", "kpi.pipeline.executors.task")
print(json.dumps({"code": code, "heavy": sorted(m for m in heavy if m in sys.modules)}))
"""


def test_rerun_of_an_unchanged_archive_imports_no_heavy_modules_and_starts_no_worker(tmp_path):
    from tests.conftest import REAL_PDFS, run_kpi

    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "plan.pdf").write_bytes(REAL_PDFS[0].read_bytes())
    db = tmp_path / "w.duckdb"
    first = run_kpi("ingest", str(folder), "--db", str(db), "--workers", "1", "--json")
    assert first.returncode in (0, 1), first.stderr
    assert json.loads(first.stdout)["executor"]["workers_started"] == 1
    (folder / "sub").mkdir()  # moved: the re-run records the new path (and still loads nothing)
    (folder / "plan.pdf").rename(folder / "sub" / "plan.pdf")
    for _ in range(2):
        args = ["ingest", str(folder), "--db", str(db), "--workers", "1", "--json"]
        proc = subprocess.run(
            [sys.executable, "-c", RERUN_PROBE, *args], capture_output=True, text=True, cwd=ROOT, check=True
        )
        summary, probe = proc.stdout.rsplit("\n{", 1)[0], json.loads("{" + proc.stdout.rsplit("\n{", 1)[1])
        assert probe == {"code": 0, "heavy": []}
        assert json.loads(summary)["executor"]["workers_started"] == 0
        assert json.loads(summary)["documents"]["skipped"] == 1
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        moved = str(folder / "sub" / "plan.pdf")
        assert con.execute("SELECT source_path FROM documents").fetchall() == [(moved,)]
    finally:
        con.close()


def test_workers_started_ahead_are_taken_over_or_stopped():
    from kpi.pipeline.executors.local import LocalExecutor
    from tests.conftest import REAL_PDFS

    ex = LocalExecutor(2, timeout=120, max_memory_mb=0)
    ex.start(5)
    ahead = list(ex._started)
    assert len(ahead) == 2
    outs = [o for o in ex([str(REAL_PDFS[0])]) if o is not None]  # one document: one worker is enough
    assert [o.result.status for o in outs] == ["ok"]
    assert outs[0].worker.endswith(f":{ahead[0].pid}")
    assert ex.stats.workers_started == 2 and ex.stats.workers == 1
    assert all(s.proc.poll() is not None for s in ahead)
    ex.start(1)
    spare = list(ex._started)
    ex.release()
    assert spare and all(s.proc.poll() is not None for s in spare) and not ex._started


def test_after_load_is_prepared_in_the_background_only_when_documents_are_extracted(tmp_path):
    import threading

    from kpi.pipeline.run import ingest, serial_executor
    from tests.conftest import SAMPLE_PDFS

    events = []

    def prepare():
        events.append(("prepare", threading.current_thread() is threading.main_thread()))

    def after(con):
        events.append(("after", len(events)))

    db = tmp_path / "w.duckdb"
    ingest([str(SAMPLE_PDFS[0])], db, executor=serial_executor, after_load=after, prepare_after_load=prepare)
    assert events == [("prepare", False), ("after", 1)]
    events.clear()
    ingest([str(SAMPLE_PDFS[0])], db, executor=serial_executor, after_load=after, prepare_after_load=prepare)
    assert events == []  # nothing to extract: nothing to prepare, nothing to match


def test_a_failing_preparation_leaves_the_error_to_after_load(tmp_path):
    from kpi.pipeline.run import ingest, serial_executor
    from tests.conftest import SAMPLE_PDFS

    ran = []

    def prepare():
        raise RuntimeError("prepare failed")

    summary = ingest(
        [str(SAMPLE_PDFS[0])],
        tmp_path / "w.duckdb",
        executor=serial_executor,
        after_load=ran.append,
        prepare_after_load=prepare,
    )
    assert len(ran) == 1 and summary.counts["ok"] + summary.counts["partial"] == 1


def test_an_idle_worker_gets_its_next_document_before_the_output_goes_to_the_writer(monkeypatch):
    from kpi.pipeline.executors.local import LocalExecutor
    from kpi.pipeline.executors.slot import WorkerSlot
    from tests.conftest import SAMPLE_PDFS

    a, b = str(SAMPLE_PDFS[0]), str(SAMPLE_PDFS[1])
    events = []
    submit = WorkerSlot.submit

    def recording_submit(self, path, data=None):
        events.append(("submit", path))
        return submit(self, path, data)

    monkeypatch.setattr(WorkerSlot, "submit", recording_submit)
    for out in LocalExecutor(1, timeout=120, max_memory_mb=0)([a, b]):
        if out is not None:
            events.append(("output", out.result.source_path))
    assert events == [("submit", a), ("submit", b), ("output", a), ("output", b)]


TEARDOWN_PROBE = """
import atexit, sys
atexit.register(lambda: print("interpreter teardown ran"))
from kpi.pipeline.cli import main
sys.argv = ["kpi", *sys.argv[1:]]
main()
"""


def test_console_script_skips_the_interpreter_teardown_after_a_local_ingest(tmp_path):
    (tmp_path / "junk.pdf").write_text("not a pdf")  # a failed document: exit status 1
    args = ["ingest", str(tmp_path), "--db", str(tmp_path / "w.duckdb"), "--workers", "1", "--json"]
    proc = subprocess.run(
        [sys.executable, "-c", TEARDOWN_PROBE, *args], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["documents"]["failed"] == 1  # everything printed before leaving
    assert "teardown" not in proc.stdout
    # a command that does not say it finished cleanly leaves the usual way
    proc = subprocess.run(
        [sys.executable, "-c", TEARDOWN_PROBE, "query", "SELECT 42", "--db", str(tmp_path / "w.duckdb")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 0 and "42" in proc.stdout and "teardown ran" in proc.stdout
