"""Acceptable sets, the bargaining set, its Pareto frontier and the bargaining solutions.

``A_i`` is the set of outcomes meeting party ``i``'s red lines; ``Acc_i = A_i ∩ {v_i ≥ d_i − ε}``;
the bargaining set (zone of possible agreement) is ``B = ∩_i Acc_i``. On ``B`` (a finite set):

- Nash: ``argmax Π_i (v_i − d_i)``;
- Kalai–Smorodinsky: with ideal point ``a_i = max_B v_i``, ``argmax min_i (v_i − d_i)/(a_i − d_i)``
  (a party with ``a_i = d_i`` counts as fully satisfied);
- egalitarian: ``argmax min_i (v_i − d_i)``; utilitarian: ``argmax Σ_i v_i``.

Gains ``v_i − d_i`` within the tolerance ``ε`` below zero count as zero. Values are compared after
rounding to 12 decimals so that sums equal in exact arithmetic tie; ties go to the first outcome
in enumeration order.

When ``B`` is empty but the red lines leave outcomes, the *distance to agreement* is the smallest
uniform concession ``δ* = min_{x ∈ ∩A_i} max_c (d_c − v_c(x))⁺`` over every individual-rationality
floor ``c`` (parties' and binding registers'); lowering every floor by ``δ*`` opens ``B`` at the
*closest outcomes*. The least *total* concession ``min_{x ∈ ∩A_i} Σ_c (d_c − v_c(x))⁺`` is
reported beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from negotiation import bitsets
from negotiation.compiled import CompiledModel

DECIMALS = 12
SOLUTIONS = ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian")


@dataclass(frozen=True)
class Solution:
    """A bargaining solution: the outcome's number, its levels and each party's value."""

    name: str
    index: int
    outcome: dict[str, str]
    values: dict[str, float]


@dataclass(frozen=True)
class Bargaining:
    n_outcomes: int
    red_line_set_size: int | None       # |∩ A_i| (None: not counted, see Analysis.notes)
    acceptable_sizes: dict[str, int | None]  # |Acc_i|
    size: int | None                    # |B|
    pareto: np.ndarray                  # outcome numbers of B's Pareto frontier
    solutions: dict[str, Solution | None]
    distance: float | None              # δ* when B is empty and ∩A_i is not
    closest: np.ndarray                 # outcome numbers attaining δ* (or B's when non-empty)
    total_concession: float | None = None  # min over ∩A_i of Σ_c (d_c − v_c)⁺ when B is empty
    pareto_size: int | None = None      # outcomes on the frontier (None: not computed)


def satisfying(compiled: CompiledModel, required: np.ndarray) -> np.ndarray:
    """``(N,)``: feasible outcomes meeting every constraint in the set ``required``."""
    return compiled.only_feasible(bitsets.disjoint(compiled.violations, required))


def bargaining_mask(compiled: CompiledModel) -> np.ndarray:
    """``(N,)``: the bargaining set ``B`` (feasible, and no constraint excludes the outcome)."""
    return compiled.only_feasible(~np.any(compiled.violations, axis=1))


def pareto_frontier(points: np.ndarray) -> np.ndarray:
    """Indices of the columns of ``points`` (``(P, n)``) that no other column Pareto-dominates.

    Column ``a`` dominates ``b`` when ``a ≥ b`` in every row and ``a > b`` in one; equal columns
    do not dominate each other. A dominator has a strictly larger sum, so points are visited in
    decreasing order of their sum and each is checked only against the frontier found before it.

    - Two parties: in decreasing lexicographic order a point is dominated exactly when an earlier,
      different point is at least as good for the second party — a running maximum, O(n log n).
    - More parties: points dominated by a few *anchors* (maximisers of strictly positive weighted
      sums, which are Pareto-optimal) are discarded first, in one vectorised pass; the rest are
      swept in blocks of doubling size against the frontier found so far.

    >>> pareto_frontier(np.array([[1, 2, 0, 2], [2, 1, 0, 1]])).tolist()
    [0, 1, 3]
    """
    n = points.shape[1]
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    q = np.round(points.T, DECIMALS)
    if q.shape[1] == 1:
        return np.flatnonzero(q[:, 0] == q[:, 0].max())
    if q.shape[1] == 2:
        return _frontier_two(q)
    weights = np.random.default_rng(0).dirichlet(np.ones(q.shape[1]), size=8)
    anchors = q[np.unique(np.argmax(q @ weights.T, axis=0))]
    survivors = np.flatnonzero(~_dominated_chunked(q, anchors))
    cand = q[survivors]
    order = np.argsort(-cand.sum(axis=1), kind="stable")
    cand, survivors = cand[order], survivors[order]
    frontier = np.zeros((0, q.shape[1]))
    keep = []
    start, size = 0, 64
    while start < len(cand):
        chunk, index = cand[start:start + size], survivors[start:start + size]
        alive = ~_dominated(chunk, frontier)
        chunk, index = chunk[alive], index[alive]
        alive = ~_dominated(chunk, chunk)
        frontier = np.concatenate([frontier, chunk[alive]])
        keep.append(index[alive])
        start, size = start + size, min(2 * size, 4096)
    return np.sort(np.concatenate(keep))


def _frontier_two(q: np.ndarray) -> np.ndarray:
    order = np.lexsort((q[:, 1], q[:, 0]))[::-1]
    s = q[order]
    starts = np.concatenate([[True], np.any(s[1:] != s[:-1], axis=1)])
    group = np.cumsum(starts) - 1
    best = np.maximum.accumulate(s[:, 1])
    first = np.flatnonzero(starts)
    best_before = np.concatenate([[-np.inf], best[first[1:] - 1]])
    alive = s[:, 1] > best_before[group]
    return np.sort(order[alive])


def _dominated_chunked(points: np.ndarray, by: np.ndarray, chunk: int = 1 << 18) -> np.ndarray:
    out = np.empty(len(points), dtype=bool)
    for start in range(0, len(points), chunk):
        out[start:start + chunk] = _dominated(points[start:start + chunk], by)
    return out


def _dominated(points: np.ndarray, by: np.ndarray) -> np.ndarray:
    """For each row of ``points``, whether some row of ``by`` dominates it."""
    if len(by) == 0:
        return np.zeros(len(points), dtype=bool)
    ge = np.all(by[None, :, :] >= points[:, None, :], axis=2)
    gt = np.any(by[None, :, :] > points[:, None, :], axis=2)
    return np.any(ge & gt, axis=1)


def solve(name: str, values: np.ndarray, d: np.ndarray) -> int:
    """Position (within the columns of ``values``, ``(P, n)``) of bargaining solution ``name``.

    >>> v = np.array([[0.2, 0.5, 0.8], [0.8, 0.5, 0.2]])
    >>> [solve(s, v, np.zeros(2)) for s in SOLUTIONS]
    [1, 1, 1, 0]
    """
    return int(solve_within(name, values, d, np.ones((1, values.shape[1]), dtype=bool))[0])


def solve_within(name: str, values: np.ndarray, d: np.ndarray, masks: np.ndarray,
                 chunk: int = 1 << 22) -> np.ndarray:
    """For each row of ``masks`` (``(R, n)``), the position of solution ``name`` on the columns of
    ``values`` the row selects, or -1 when it selects none.

    ``values`` is ``(P, n)`` (one set of valuations for every row) or ``(R, P, n)`` (each row
    its own, e.g. each Monte Carlo path), and ``d`` is ``(P,)`` or ``(R, P)`` accordingly. Each
    row is a bargaining problem of its own: the Kalai–Smorodinsky ideal point is taken over the
    selected columns. Objectives are compared after rounding to 12 significant digits of the
    row's largest, so that values equal in exact arithmetic tie; ties go to the first column.

    >>> v = np.array([[0.2, 0.5, 0.8], [0.8, 0.5, 0.2]])
    >>> solve_within("nash", v, np.zeros(2), np.array([[1, 0, 1], [0, 0, 0]], bool)).tolist()
    [0, -1]
    """
    masks = np.atleast_2d(np.asarray(masks, dtype=bool))
    out = np.full(len(masks), -1, dtype=np.int64)
    if masks.shape[1] == 0:
        return out
    shared = values.ndim == 2
    step = max(1, chunk // max(1, values[0].size if not shared else values.size))
    for start in range(0, len(masks), step):
        rows = slice(start, start + step)
        block = masks[rows]
        vals = values[None] if shared else values[rows]
        dd = np.atleast_2d(d if shared else d[rows])
        objective = np.where(block, _objective(name, vals, dd, block), -np.inf)
        finite = np.where(block, np.abs(objective), 0.0)
        scale = np.maximum(finite.max(axis=1, keepdims=True), 10.0**-300)
        objective = np.round(objective / scale, DECIMALS)
        best = np.argmax(objective, axis=1)
        out[rows] = np.where(block.any(axis=1), best, -1)
    return out


def _objective(name: str, values: np.ndarray, d: np.ndarray, masks: np.ndarray) -> np.ndarray:
    """``(R, n)``: the objective of solution ``name`` for each selection in ``masks``, with
    ``values`` ``(R or 1, P, n)`` and ``d`` ``(R or 1, P)``."""
    gains = np.maximum(values - d[:, :, None], 0.0)
    shape = masks.shape
    if name == "nash":
        return np.broadcast_to(np.prod(gains, axis=1), shape)
    if name == "kalai_smorodinsky":
        ideal = np.where(masks[:, None, :], values, -np.inf).max(axis=2)   # (R, P)
        span = ideal - d
        wide = span > 10.0**-DECIMALS
        safe = np.where(wide, span, 1.0)
        ratio = np.where(wide[:, :, None], gains / safe[:, :, None], 1.0)
        return ratio.min(axis=1)
    if name == "egalitarian":
        return np.broadcast_to(gains.min(axis=1), shape)
    if name == "utilitarian":
        return np.broadcast_to(values.sum(axis=1), shape)
    raise ValueError(f"unknown bargaining solution {name!r}")


def ir_shortfall(compiled: CompiledModel, total: bool = False) -> np.ndarray:
    """``(N,)``: ``max_c (d_c − v_c(x))⁺`` over every IR floor still in force, or with
    ``total`` the sum ``Σ_c (d_c − v_c(x))⁺``."""
    ir = np.flatnonzero(compiled.value_row >= 0)
    short = np.zeros(compiled.n_outcomes)
    for c in ir:
        gap = compiled.floor[c] - compiled.values[compiled.value_row[c]]
        if total:
            short += np.maximum(gap, 0.0)
        else:
            np.maximum(short, gap, out=short)
    return short


def bargain(compiled: CompiledModel) -> Bargaining:
    """Acceptable sets, ``B``, its Pareto frontier and solutions, or the distance to agreement."""
    in_b = bargaining_mask(compiled)
    members = np.flatnonzero(in_b)
    red = satisfying(compiled, compiled.red_line_bits)
    acceptable = {p: int(satisfying(compiled, compiled.party_bits[n]).sum())
                  for n, p in enumerate(compiled.party_ids)}
    u = compiled.utilities
    d = compiled.disagreement
    solutions: dict[str, Solution | None] = dict.fromkeys(SOLUTIONS)
    distance = total = None
    if len(members):
        vals = u[:, members]
        for name in SOLUTIONS:
            idx = int(members[solve(name, vals, d)])
            solutions[name] = Solution(
                name, idx, compiled.outcome(idx),
                {p: float(u[n, idx]) for n, p in enumerate(compiled.party_ids)})
        pareto = members[pareto_frontier(vals)]
        closest = members[:0]
    else:
        pareto = members
        red_idx = np.flatnonzero(red)
        if len(red_idx):
            short = np.round(ir_shortfall(compiled)[red_idx], DECIMALS)
            distance = float(short.min())
            closest = red_idx[short == short.min()]
            total = float(np.round(ir_shortfall(compiled, total=True)[red_idx], DECIMALS).min())
        else:
            closest = red_idx
    return Bargaining(
        n_outcomes=compiled.n_settlements,
        red_line_set_size=int(red.sum()),
        acceptable_sizes=acceptable,
        size=len(members),
        pareto=pareto,
        solutions=solutions,
        distance=distance,
        closest=closest,
        total_concession=total,
        pareto_size=len(pareto),
    )
