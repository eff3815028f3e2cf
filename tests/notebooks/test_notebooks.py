"""The notebooks in notebooks/: committed without outputs, and each runs green on the samples.

They run in a real Jupyter kernel (nbclient + ipykernel) started from this test's Python, so a
clean clone where only `make test` ran executes them with the project's own environment.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EXPECTED = ["01_quickstart", "02_longitudinal", "03_budget", "04_matching_review"]
PLOTTING = {"02_longitudinal", "03_budget", "04_matching_review"}
"""Notebooks that must show at least one plot."""

CELL_TIMEOUT = 600
"""Seconds one cell may take (an ingest of the samples on a busy 2-core machine)."""

KERNEL = "kpi-test-python"


@pytest.fixture(scope="module")
def kernel_dir(tmp_path_factory) -> Path:
    """A kernelspec that starts this very interpreter, whatever kernels the machine has."""
    d = tmp_path_factory.mktemp("kernels")
    spec = d / KERNEL
    spec.mkdir()
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "kpi (tests)", "language": "python"}), encoding="utf-8")
    return d


def test_every_notebook_is_there() -> None:
    assert [p.stem for p in NOTEBOOKS] == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name} cell {i} has outputs: clear them before committing"
            assert cell.execution_count is None, f"{path.name} cell {i} has an execution count"
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_uses_the_kpi_package(path: Path) -> None:
    """`import kpi` and `kpi.ingest`, not the internal modules or a subprocess helper around the CLI."""
    nb = nbformat.read(path, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "\nimport kpi\n" in code and "kpi.ingest(SAMPLES, DB" in code
    assert "kpi.warehouse.api" not in code and "run_kpi" not in code, "use import kpi"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path: Path, kernel_dir: Path, tmp_path: Path, monkeypatch) -> None:
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    monkeypatch.setenv("KPI_FIGURE_DIR", str(tmp_path / "figures"))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    nb = nbformat.read(path, as_version=4)
    km = KernelManager(kernel_name=KERNEL, kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernel_dir)]))
    client = nbclient.NotebookClient(nb, km=km, timeout=CELL_TIMEOUT, kernel_name=KERNEL,
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()  # raises CellExecutionError with the failing cell's traceback
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "data" in o and "image/png" in o.data]
    if path.stem in PLOTTING:
        assert images, f"{path.name} shows no plot"
        assert list((tmp_path / "figures").glob("*.png")), f"{path.name} saved no figure under KPI_FIGURE_DIR"
