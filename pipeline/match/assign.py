"""One-to-one assignment for the matcher, without importing SciPy for the small cases.

The matcher solves many tiny assignment problems (a handful of names in a document against the
candidates they score well with).  :func:`linear_sum_assignment` is the algorithm SciPy uses
(``scipy.optimize.linear_sum_assignment``: the shortest augmenting path of Crouse 2016, as
implemented by P. M. Larsen in ``rectangular_lsap.cpp``), step for step and with the same tie
rules, in plain Python: it returns exactly SciPy's assignment, ties included.  Problems larger
than :data:`PURE_PYTHON_MAX_CELLS` go to SciPy itself (imported only then).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence

PURE_PYTHON_MAX_CELLS = 4096
"""Cost matrices with at most this many cells are solved here; larger ones by SciPy."""


def linear_sum_assignment(
    cost: Sequence[Sequence[float]], maximize: bool = False
) -> tuple[list[int], list[int]]:
    """(row indexes, column indexes) of an optimal assignment, as ``scipy.optimize.linear_sum_assignment``.

    ``cost`` is a rectangular matrix (a list of rows or a 2-D NumPy array).  Rows are returned
    in increasing order; with more rows than columns, some rows stay unassigned.
    """
    nr = len(cost)
    nc = len(cost[0]) if nr else 0
    if nr * nc > PURE_PYTHON_MAX_CELLS:
        from scipy.optimize import linear_sum_assignment as scipy_lsa

        rows, cols = scipy_lsa(cost, maximize=maximize)
        return [int(r) for r in rows], [int(c) for c in cols]
    if nr == 0 or nc == 0:
        return [], []
    transpose = nc < nr
    if transpose:
        c = [[float(cost[i][j]) for i in range(nr)] for j in range(nc)]
        nr, nc = nc, nr
    else:
        c = [[float(x) for x in row] for row in cost]
    if maximize:
        c = [[-x for x in row] for row in c]
    if any(math.isnan(x) or x == -math.inf for row in c for x in row):
        raise ValueError("matrix contains invalid numeric entries")
    col4row = _solve(c, nr, nc)
    if transpose:
        order = sorted(range(nr), key=lambda k: col4row[k])
        return [col4row[k] for k in order], order
    return list(range(nr)), col4row


def _solve(c: list[list[float]], nr: int, nc: int) -> list[int]:
    """col4row of a minimum-cost assignment of every row (``nr <= nc``)."""
    inf = math.inf
    u = [0.0] * nr
    v = [0.0] * nc
    path = [-1] * nc
    col4row = [-1] * nr
    row4col = [-1] * nc
    for cur in range(nr):
        # shortest augmenting path from row `cur`
        min_val = 0.0
        remaining = list(range(nc - 1, -1, -1))  # reversed: a constant matrix gives the identity
        n_remaining = nc
        sr = [False] * nr
        sc = [False] * nc
        costs = [inf] * nc
        i = cur
        sink = -1
        while sink == -1:
            index = -1
            lowest = inf
            sr[i] = True
            row, ui = c[i], u[i]
            for it in range(n_remaining):
                j = remaining[it]
                r = min_val + row[j] - ui - v[j]
                if r < costs[j]:
                    path[j] = i
                    costs[j] = r
                # among equal costs prefer a free column: it ends the path
                if costs[j] < lowest or (costs[j] == lowest and row4col[j] == -1):
                    lowest = costs[j]
                    index = it
            min_val = lowest
            if min_val == inf:
                raise ValueError("cost matrix is infeasible")
            j = remaining[index]
            if row4col[j] == -1:
                sink = j
            else:
                i = row4col[j]
            sc[j] = True
            n_remaining -= 1
            remaining[index] = remaining[n_remaining]
        # update the dual variables
        u[cur] += min_val
        for i in range(nr):
            if sr[i] and i != cur:
                u[i] += min_val - costs[col4row[i]]
        for j in range(nc):
            if sc[j]:
                v[j] -= min_val - costs[j]
        # augment the previous solution along the path
        j = sink
        while True:
            i = path[j]
            row4col[j] = i
            col4row[i], j = j, col4row[i]
            if i == cur:
                break
    return col4row


def components(edges: Iterable[tuple[Hashable, Hashable]]) -> dict[Hashable, Hashable]:
    """Connected components of a bipartite graph given as (left, right) edges.

    Returns a label per left node (the same label for every left node of one component); the
    left and right node sets are kept apart even when their values are equal.
    """
    parent: dict[tuple[int, Hashable], tuple[int, Hashable]] = {}

    def find(x: tuple[int, Hashable]) -> tuple[int, Hashable]:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    lefts = []
    for a, b in edges:
        ka, kb = (0, a), (1, b)
        parent.setdefault(ka, ka)
        parent.setdefault(kb, kb)
        ra, rb = find(ka), find(kb)
        if ra != rb:
            parent[rb] = ra
        lefts.append(ka)
    return {k[1]: find(k) for k in lefts}
