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
from pipeline.executors.worker import warm_up
warm_up()
print(json.dumps({{
    "modules": sorted(m for m in ("pandas", "pymupdf.layout", "pymupdf4llm", "scipy", "duckdb") if m in sys.modules),
    "globals": vars(pymupdf._globals),
    "show_errors": pymupdf.JM_mupdf_show_errors,
    "show_warnings": pymupdf.JM_mupdf_show_warnings,
}}))
"""


def _probe(prelude: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", WORKER_PROBE.format(prelude=prelude)], capture_output=True,
                          text=True, cwd=ROOT, check=True)
    return json.loads(proc.stdout)


def test_worker_skips_layout_model_and_pandas_without_changing_pymupdf_settings():
    plain = _probe("")
    worker = _probe("from pipeline.executors.worker import skip_unused_modules; skip_unused_modules()")
    assert "pandas" not in worker["modules"] and "pymupdf.layout" not in worker["modules"]
    assert "duckdb" not in worker["modules"] and "scipy" not in worker["modules"]
    # the same text-extraction settings as a plain `import pymupdf` (they come from pymupdf4llm)
    assert {k: plain[k] for k in ("globals", "show_errors", "show_warnings")} == {
        k: worker[k] for k in ("globals", "show_errors", "show_warnings")}
