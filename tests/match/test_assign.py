"""The matcher's assignment equals SciPy's, ties included, and the matcher imports no SciPy."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment as scipy_lsa
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from kpi.pipeline.match import assign
from kpi.pipeline.match.assign import components, linear_sum_assignment
from tests.conftest import ROOT


@st.composite
def matrices(draw, max_side: int = 7):
    rows = draw(st.integers(1, max_side))
    cols = draw(st.integers(1, max_side))
    # few distinct values: many ties, where two exact algorithms could disagree
    kind = draw(st.sampled_from(["ties", "exp-scores", "floats"]))
    if kind == "ties":
        cells = st.integers(0, 3).map(float)
    elif kind == "exp-scores":  # what the matcher builds: exp((score - 100) / T), 0 for no candidate
        cells = st.one_of(st.just(0.0), st.floats(70, 100).map(lambda s: float(np.exp((s - 100.0) / 4.0))))
    else:
        cells = st.floats(-1e6, 1e6, allow_nan=False)
    return draw(st.lists(st.lists(cells, min_size=cols, max_size=cols), min_size=rows, max_size=rows))


@settings(max_examples=400, deadline=None)
@given(matrices(), st.booleans())
def test_same_assignment_as_scipy(m, maximize):
    expected = scipy_lsa(np.array(m), maximize=maximize)
    got = linear_sum_assignment(m, maximize=maximize)
    assert got == ([int(x) for x in expected[0]], [int(x) for x in expected[1]])


@pytest.mark.parametrize("shape", [(30, 40), (40, 30), (25, 25)])
@pytest.mark.parametrize("seed", range(5))
def test_same_assignment_as_scipy_on_larger_tied_matrices(shape, seed):
    m = np.random.default_rng(seed).integers(0, 3, size=shape).astype(float)
    expected = scipy_lsa(m, maximize=True)
    assert linear_sum_assignment(m.tolist(), maximize=True) == (expected[0].tolist(), expected[1].tolist())


def test_large_matrices_go_to_scipy(monkeypatch):
    monkeypatch.setattr(assign, "PURE_PYTHON_MAX_CELLS", 4)
    calls = []
    monkeypatch.setattr(assign, "_solve", lambda *a: calls.append(a))
    m = [[1.0, 2.0, 3.0], [3.0, 1.0, 2.0]]
    assert linear_sum_assignment(m) == ([0, 1], [0, 1]) and not calls


def test_invalid_and_infeasible_matrices_are_refused_like_scipy():
    for m in ([[float("nan"), 1.0]], [[-float("inf"), 1.0]], [[float("inf")], [float("inf")]]):
        with pytest.raises(ValueError):
            scipy_lsa(np.array(m))
        with pytest.raises(ValueError):
            linear_sum_assignment(m)
    assert linear_sum_assignment([]) == ([], [])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 8), st.integers(0, 8)), min_size=1, max_size=20))
def test_components_as_scipy_connected_components(edges):
    rows = sorted({a for a, _ in edges})
    cols = sorted({b for _, b in edges})
    rpos = {r: k for k, r in enumerate(rows)}
    cpos = {c: k for k, c in enumerate(cols)}
    g = coo_matrix(
        ([1] * len(edges), ([rpos[a] for a, _ in edges], [len(rows) + cpos[b] for _, b in edges])),
        shape=(len(rows) + len(cols),) * 2,
    )
    _, labels = connected_components(g, directed=False)
    label = components(edges)
    for a in rows:
        for b in rows:
            assert (label[a] == label[b]) == (labels[rpos[a]] == labels[rpos[b]])


def test_matching_imports_no_scipy():
    code = (
        "import sys; from kpi.pipeline.match.matcher import match; "
        "from kpi.pipeline.match.run import run_matching; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'scipy'))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert proc.stdout.strip() == "[]"
