"""Acceptable sets, the bargaining set and the distance to agreement (the solutions are in
:mod:`negotiation.bargaining.solutions`, the frontier in :mod:`negotiation.bargaining.frontier`).

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

from negotiation._util import bitsets
from negotiation.bargaining.frontier import pareto_frontier
from negotiation.bargaining.solutions import DECIMALS, SOLUTIONS, Solution, solve_all
from negotiation.model.compiled import CompiledModel

__all__ = ["Bargaining", "bargain", "bargaining_mask", "ir_shortfall", "satisfying"]


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
    everything = np.full(compiled.violations.shape[1:], np.iinfo(np.uint64).max, np.uint64)
    return compiled.only_feasible(bitsets.disjoint(compiled.violations, everything))


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
        positions = solve_all(vals, d)
        for name in SOLUTIONS:
            idx = int(members[positions[name]])
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
