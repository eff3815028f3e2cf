"""Consistency checks of financial tables, recorded as extraction issues (never fixed).

Three identities are checked on the values as printed:

* **totals**: a total or subtotal row (the table engine's row kind,
  :mod:`kpi.extractors.tables.row_kinds`: ``Summa …``, ``Totalt``, ``Resultat``) equals the rows it sums — the
  rows since the previous total, or those plus the previous total (running totals), or the
  section totals above it, or every row above it; child rows count when their parent row
  prints no value;
* **flows**: ``Intäkter`` and ``Kostnader`` give ``Nettokostnad`` (or ``Resultat``) within a row
  (column tables) or within a period column (row tables), under any of the sign conventions
  councils print (costs negative and summed, or costs positive and subtracted);
* **deviations**: ``Avvikelse`` = outcome − budget (or budget − outcome, as some councils
  print it): the one budget and outcome/forecast of the columns the deviation closes (those
  since the previous deviation column), else the nearest of the same row, period kind and flow.

A difference within rounding (see :data:`ROUNDING_HALF_ULP`) is reported as ``info``; a larger
one as ``warning``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from kpi.extractors import vocabulary as V
from kpi.extractors.domain import RowKind, Severity
from kpi.extractors.normalize.vocabulary import fold

ROUNDING_HALF_ULP = 0.5
"""Each printed value is off from the true one by at most half a unit of its last printed digit,
so an identity over n printed values may miss by n * 0.5 units of the last digit; a larger
difference is a real inconsistency."""
FLOW_NET = ("nettokostnad", "resultat")

Issue = tuple[Severity, str, str, int | None]


@dataclass
class Fact:
    """One numeric cell with what the checks need to know about it."""

    row: int
    col: int
    label: str
    level: int
    measure: str
    kind: str | None
    flow: str | None
    accumulated: bool
    previous_year: bool
    against: bool
    period: str | None
    value: float
    raw: str
    page: int
    row_kind: RowKind | None = None  # from the table engine (kpi.extractors.tables.row_kinds)


@lru_cache(maxsize=1 << 12)
def decimals(raw: str) -> int:
    """Digits after the decimal comma/point as printed (``20,5`` -> 1, ``-24 278`` -> 0)."""
    t = raw.strip().rstrip("*%) ")
    for sep in (",", "."):
        if sep in t:
            tail = t.rsplit(sep, 1)[1]
            digits = "".join(ch for ch in tail if ch.isdigit())
            if (digits and len(digits) != 3) or sep == ",":
                return len(digits)
    return 0


def tolerance(facts: list[Fact]) -> float:
    """Rounding tolerance of an identity over these printed values."""
    d = max((decimals(f.raw) for f in facts), default=0)
    return len(facts) * ROUNDING_HALF_ULP * float(Decimal(1).scaleb(-d)) + 1e-9


def _verdict(diff: float, tol: float, code: str, message: str, page: int | None) -> Issue | None:
    if abs(diff) < 1e-9:
        return None
    if abs(diff) <= tol:
        return (
            Severity.INFO,
            f"{code}_rounding",
            f"{message} (off by {diff:g}, within rounding tolerance {tol:g})",
            page,
        )
    return (
        Severity.WARNING,
        f"{code}_mismatch",
        f"{message} (off by {diff:g}, more than rounding tolerance {tol:g})",
        page,
    )


_TOTAL_KINDS = (RowKind.TOTAL, RowKind.SUBTOTAL)


def _is_total(label: str, kind: RowKind | None = None) -> bool:
    """A total or subtotal row: by the engine's row kind, or (a fact without one) its label."""
    if kind is not None:
        return kind in _TOTAL_KINDS
    words = fold(label).split()
    return bool(words) and any(words[0].startswith(w) for w in V.TOTAL_ROW_WORDS)


# ----------------------------------------------------------------------------------------------
# Totals
# ----------------------------------------------------------------------------------------------
def _summands(
    rows: list[int], facts_by_row: dict[int, dict[int, Fact]], labels: dict[int, tuple[str, int]]
) -> list[int]:
    """Rows that add up: level-0 rows, and children of a parent row without values."""
    out = []
    parent_has_values = False
    for r in rows:
        _, level = labels[r]
        if level == 0:
            parent_has_values = bool(facts_by_row.get(r))
            if parent_has_values:
                out.append(r)
        elif not parent_has_values and facts_by_row.get(r):
            out.append(r)
    return out


def check_totals(facts: list[Fact]) -> list[Issue]:
    by_row: dict[int, dict[int, Fact]] = {}
    labels: dict[int, tuple[str, int]] = {}
    total: set[int] = set()
    for f in facts:
        by_row.setdefault(f.row, {})[f.col] = f
        labels[f.row] = (f.label, f.level)
        if _is_total(f.label, f.row_kind):
            total.add(f.row)
    order = sorted(labels)
    issues: list[Issue] = []
    totals_seen: list[int] = []
    last_total: int | None = None
    for idx, r in enumerate(order):
        label, _ = labels[r]
        if r not in total:
            continue
        above = order[:idx]
        since = [x for x in above if last_total is None or x > last_total]
        plain = list(_summands([x for x in since if x not in total], by_row, labels))
        candidates = [plain]
        if last_total is not None:
            candidates.append([last_total, *plain])
        if totals_seen:
            candidates.append(list(totals_seen))
        candidates.append(_summands([x for x in above if x not in total], by_row, labels))
        candidates = [c for c in candidates if c]
        for col, sum_cell in by_row[r].items():
            best: Issue | None = None
            ok = False
            for cand in candidates:
                parts = [by_row[x][col] for x in cand if col in by_row[x]]
                if not parts:
                    continue
                diff = sum_cell.value - sum(p.value for p in parts)
                verdict = _verdict(
                    diff,
                    tolerance([sum_cell, *parts]),
                    "sum",
                    f"'{label}' {sum_cell.measure} {sum_cell.raw} vs sum of {len(parts)} rows above",
                    sum_cell.page,
                )
                if verdict is None:
                    ok = True
                    break
                if (
                    verdict[0] == Severity.INFO and (best is None or best[0] != Severity.INFO)
                ) or best is None:
                    best = verdict
            if not ok and best is not None:
                issues.append(best)
        totals_seen.append(r)
        last_total = r
    return issues


# ----------------------------------------------------------------------------------------------
# Flows and deviations
# ----------------------------------------------------------------------------------------------
def _groups(facts: list[Fact], row_oriented: bool) -> list[list[Fact]]:
    """Cells that belong to one identity: a row (column tables) or a column (row tables)."""
    out: dict[int, list[Fact]] = {}
    for f in facts:
        out.setdefault(f.col if row_oriented else f.row, []).append(f)
    key = (lambda f: f.row) if row_oriented else (lambda f: f.col)
    return [sorted(g, key=key) for g in out.values()]


def check_flows(group: list[Fact]) -> list[Issue]:
    """Intäkter and Kostnader of one kind (budget, outcome, forecast, or plain) give the net."""
    issues: list[Issue] = []
    for kind in {f.kind for f in group if f.flow}:

        def pick(flows: tuple[str, ...], k: str | None = kind) -> Fact | None:
            return next((f for f in group if f.flow in flows and f.kind == k), None)

        inc, cost = pick(("intakter",)), pick(("kostnader",))
        net = pick(FLOW_NET) or pick(FLOW_NET, None)
        if not (inc and cost and net):
            continue
        diff = min(
            (
                net.value - (inc.value + cost.value),
                net.value - (inc.value - cost.value),
                net.value - (cost.value - inc.value),
            ),
            key=abs,
        )
        v = _verdict(
            diff,
            tolerance([inc, cost, net]),
            "flow",
            f"'{net.label}' {net.measure} {net.raw} vs intäkter {inc.raw} and kostnader {cost.raw}",
            net.page,
        )
        if v:
            issues.append(v)
    return issues


def _nearest(group: list[Fact], i: int, ok: Callable[[Fact], bool]) -> Fact | None:
    """The first fact that passes ``ok`` going left from ``i``, else going right."""
    before = next((g for g in reversed(group[:i]) if ok(g)), None)
    return before if before is not None else next((g for g in group[i + 1 :] if ok(g)), None)


_BUDGET_KINDS = ("budget", "year_budget")


def _budget_for(d: Fact) -> Callable[[Fact], bool]:
    """Is a fact the budget a deviation ``d`` is taken from (same accumulation)?"""
    return lambda g: g.kind in _BUDGET_KINDS and g.accumulated == d.accumulated


def _outcome_for(d: Fact, b: Fact) -> Callable[[Fact], bool]:
    """Is a fact the outcome or forecast a deviation ``d`` compares with its budget ``b``?"""
    return lambda g: (
        g.kind not in (*_BUDGET_KINDS, "deviation", "plan")
        and not g.previous_year
        and g.accumulated == d.accumulated
        and (b.flow is None or g.flow == b.flow)
        and (g.kind is not None or g.flow is not None or g.measure not in ("intakter", "kostnader"))
    )


def _own_pair(group: list[Fact], d: Fact, deviation_cols: Sequence[int]) -> tuple[Fact, Fact] | None:
    """(outcome or forecast, budget) a deviation ``d`` is printed after: the one budget and the
    one current outcome or forecast in the columns between the previous deviation column of the
    table and ``d``'s (``Total projektbudget | Ack. Utfall | Avvikelse | Budget 2025 | Utfall 2025
    | Budgetavvikelse``: each deviation closes its own group of columns).  None when that group
    does not hold exactly one of each."""
    start = max((c for c in deviation_cols if c < d.col), default=-1)
    own = [g for g in group if start < g.col < d.col]
    budgets = [g for g in own if g.kind in _BUDGET_KINDS]
    outcomes = [g for g in own if g.kind in ("outcome", "forecast") and not g.previous_year]
    if len(budgets) != 1 or len(outcomes) != 1:
        return None
    return outcomes[0], budgets[0]


def check_deviations(group: list[Fact], deviation_cols: Sequence[int] = ()) -> list[Issue]:
    """Each deviation against the outcome (or forecast) and budget it compares: those of its own
    group of columns (:func:`_own_pair`), else the nearest of the same accumulation and flow."""
    issues: list[Issue] = []
    for i, d in enumerate(group):
        if d.kind != "deviation":
            continue
        own = None if d.against else _own_pair(group, d, deviation_cols)
        a: Fact | None
        b: Fact | None
        if own is not None:
            a, b = own
        elif d.against:
            a = _nearest(group, i, lambda g: g.kind in ("forecast", "outcome") and not g.previous_year)
            b = _nearest(group, i, lambda g: g.kind == "outcome" and g.previous_year)
        else:
            b = _nearest(group, i, _budget_for(d))
            if b is None:
                continue
            a = _nearest(group, i, _outcome_for(d, b))
        if a is None or b is None:
            continue
        diff = min(d.value - (a.value - b.value), d.value - (b.value - a.value), key=abs)
        v = _verdict(
            diff,
            tolerance([d, a, b]),
            "deviation",
            f"'{d.label}' {d.measure} {d.raw} vs {a.measure} {a.raw} and {b.measure} {b.raw}",
            d.page,
        )
        if v:
            issues.append(v)
    return issues


def check_facts(facts: list[Fact], row_oriented: bool = False) -> list[Issue]:
    """All checks on one table's cells."""
    issues = [] if row_oriented else check_totals(facts)
    deviation_cols = () if row_oriented else sorted({f.col for f in facts if f.kind == "deviation"})
    for g in _groups(facts, row_oriented):
        issues += check_flows(g)
        issues += check_deviations(g, deviation_cols)
    return issues
