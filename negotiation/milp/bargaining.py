"""Bargaining results by integer programming: concessions and bargaining solutions.

The counterpart of :mod:`negotiation.bargaining` for spaces too large to enumerate, on the
program of :mod:`negotiation.solver` (every returned outcome is re-checked there):

- when ``B`` is empty, the least largest concession ``δ* = min_{x ∈ ∩A_i} max_c (d_c − v_c(x))⁺``
  and the least total concession ``min_{x ∈ ∩A_i} Σ_c (d_c − v_c(x))⁺`` over the floors in force;
- on ``B``: utilitarian ``argmax Σ_i v_i``, egalitarian ``argmax min_i (v_i − d_i)``,
  Kalai–Smorodinsky (ideal point by one program per party) — all linear — and Nash, by tangent
  cuts on ``Σ_i log(v_i − d_i)`` with a certified gap.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from negotiation.milp.solver import LinearModel, Point, Row, enforcing, solve

__all__ = ["egalitarian", "floors", "kalai_smorodinsky", "least_concession", "nash", "shortfall",
           "utilitarian"]


def floors(lm: LinearModel) -> np.ndarray:
    """Constraint numbers of the individual-rationality floors in force."""
    return np.flatnonzero(lm.value_row >= 0)


def shortfall(lm: LinearModel, levels: Sequence[int]) -> tuple[float, float]:
    """``(max_c (d_c − v_c)⁺, Σ_c (d_c − v_c)⁺)`` over the floors in force, at one outcome."""
    short = [max(0.0, lm.floor[c] - lm.value(lm.value_row[c], levels)) for c in floors(lm)]
    return max(short, default=0.0), sum(short)


def least_concession(lm: LinearModel, total: bool = False) -> tuple[float, Point] | None:
    """The least concession that opens the bargaining set, over the red-line set ``∩A_i``.

    ``total=False``: ``δ* = min_x max_c (d_c − v_c(x))⁺`` (min δ s.t. ``v_c(x) + δ ≥ d_c``);
    ``total=True``: ``min_x Σ_c (d_c − v_c(x))⁺`` (one slack ``s_c ≥ 0`` per floor). The value is
    recomputed exactly at the optimal outcome. ``None`` when the red lines are incompatible.
    """
    ir = floors(lm)
    enforce = enforcing(lm, np.flatnonzero(lm.red_line))
    if total:
        extra = [(0.0, math.inf, 1.0)] * len(ir)
        rows = [Row(lm.values[lm.value_row[c]], {k: 1.0}, float(lm.floor[c]))
                for k, c in enumerate(ir)]
    else:
        extra = [(0.0, math.inf, 1.0)]
        rows = [Row(lm.values[lm.value_row[c]], {0: 1.0}, float(lm.floor[c])) for c in ir]
    point = solve(lm, enforce, extra=extra, rows=rows)
    if point is None:
        return None
    return shortfall(lm, point.levels)[1 if total else 0], point


def _all_on(lm: LinearModel) -> np.ndarray:
    return np.ones(len(lm.constraints), dtype=np.int8)


def utilitarian(lm: LinearModel) -> Point | None:
    """``argmax_B Σ_i v_i``."""
    p = len(lm.party_ids)
    return solve(lm, _all_on(lm), x_cost=-lm.values[:p].sum(axis=0))


def _max_min(lm: LinearModel, scale: np.ndarray) -> Point | None:
    """``argmax_B min_i (v_i − d_i) / scale_i`` over parties with ``scale_i > 0``."""
    d = lm.disagreement
    rows = [Row(lm.values[i], {0: -float(scale[i])}, float(d[i]))
            for i in range(len(lm.party_ids)) if scale[i] > 0]
    return solve(lm, _all_on(lm), extra=[(-math.inf, math.inf, -1.0)], rows=rows)


def egalitarian(lm: LinearModel) -> Point | None:
    """``argmax_B min_i (v_i − d_i)``."""
    return _max_min(lm, np.ones(len(lm.party_ids)))


def kalai_smorodinsky(lm: LinearModel) -> Point | None:
    """``argmax_B min_i (v_i − d_i)/(a_i − d_i)`` with the ideal ``a_i = max_B v_i`` (one program
    per party); a party with ``a_i = d_i`` counts as fully satisfied, as in the enumeration."""
    span = np.zeros(len(lm.party_ids))
    for i in range(len(lm.party_ids)):
        best = solve(lm, _all_on(lm), x_cost=-lm.values[i])
        if best is None:
            return None
        span[i] = lm.value(i, best.levels) - lm.disagreement[i]
    span = np.where(span > 1e-12, span, 0.0)
    if not np.any(span > 0):
        return solve(lm, _all_on(lm))
    return _max_min(lm, span)


def nash(lm: LinearModel, start: Point, tolerance: float = 1e-9,
         max_rounds: int = 500) -> tuple[Point, float]:
    """``argmax_B Π_i (v_i − d_i)⁺`` by outer approximation of ``Σ_i log(v_i − d_i)``.

    ``start`` is the egalitarian point. If its least gain is zero, every outcome of ``B`` has a
    zero gain (else the egalitarian value would be positive) and every product is 0: ``start``
    is returned. Otherwise the Nash point has product at least ``p₀ = Π g_i(start)``, hence
    ``g_i ≥ p₀ / Π_{j≠i} G_j`` with ``G_j`` an upper bound on ``g_j``; on that region ``log`` is
    finite and concave, and ``max Σ t_i`` s.t. ``t_i ≤ log γ + (g_i − γ)/γ`` for every tangent
    point ``γ`` collected so far is an upper bound (Kelley's cutting planes). Each round adds
    the tangents at the new optimum's gains; an outcome found twice meets its own tangents, so
    the bound closes on a finite set. Returns the best outcome and the certified gap
    ``upper bound − Σ log g`` (a relative error in the product of at most ``e^gap − 1``).
    """
    p = len(lm.party_ids)
    d = lm.disagreement
    g0 = np.maximum(lm.gains(start.levels), 0.0)
    if g0.min() <= 1e-12:
        return start, 0.0
    top = np.array([lm.bound(i) for i in range(p)]) - d
    floor_gain = [float(np.prod(g0)) / float(np.prod(np.delete(top, i))) for i in range(p)]
    tangents: list[list[float]] = [[float(g)] for g in g0]
    best, best_log = start, float(np.log(g0).sum())
    gap = math.inf
    for _ in range(max_rounds):
        rows = [Row(lm.values[i], {}, float(d[i] + floor_gain[i])) for i in range(p)]
        for i in range(p):
            for gamma in tangents[i]:
                rows.append(Row(-lm.values[i] / gamma, {i: 1.0}, -math.inf,
                                math.log(gamma) - 1.0 - d[i] / gamma))
        point = solve(lm, _all_on(lm), extra=[(-math.inf, math.inf, -1.0)] * p, rows=rows)
        if point is None:
            break
        bound = -point.objective
        g = lm.gains(point.levels)
        added = False
        if np.all(g > 0):
            value = float(np.log(g).sum())
            if value > best_log:
                best, best_log = point, value
            for i in range(p):
                if all(abs(g[i] - gamma) > 1e-15 for gamma in tangents[i]):
                    tangents[i].append(float(g[i]))
                    added = True
        gap = max(0.0, bound - best_log)
        # No new tangent: the optimum already meets its own tangents; what is left of the gap
        # is HiGHS's optimality tolerance.
        if gap <= tolerance * max(1.0, abs(best_log)) or not added:
            break
    return best, gap
