"""Monte Carlo paths of the dynamics, evaluated in tasks of whole stream blocks.

A task is a contiguous range of paths (a multiple of the stream block,
:mod:`negotiation._util.parallel`): it makes those paths (their random numbers are keyed by path
number, so the same path gets the same numbers in any task), evaluates when each path's
bargaining set opens, when it is ripe in Zartman's sense, which settlement opens first and — with
the per-mechanism re-runs — when it would open under attrition alone and under attrition plus
each mechanism. A task returns per-path arrays and integer counts only; the caller
(:func:`negotiation.whatif.ripeness.simulate`) combines them in task order, so the simulation is
the same in one process, on a process pool or on a Dask cluster.

**Sets of red lines in force.** All (path, period) pairs that share a set of red lines in force
(a path state) are evaluated together, on that set's settlements reduced to those no other
settlement of it dominates in every valuation component (exact: a dominated settlement is
acceptable only when its dominator is, and decay is monotone). The first settlement to open is
the Nash point among those, ties to the first in enumeration order. The sets and their
evaluators are built once per process (cached in :class:`StateSets`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from negotiation._util import bitsets
from negotiation.bargaining.frontier import pareto_frontier
from negotiation.bargaining.solutions import solve_within
from negotiation.model.compiled import CompiledModel
from negotiation.whatif.dynamics import Dynamics, without
from negotiation.whatif.parameters import ParameterSpace, SlackEvaluator, ir_rows
from negotiation.whatif.paths import Paths, make_paths
from negotiation.whatif.stalemate import hurting, mutually_hurting, stalemate

__all__ = ["NEVER", "MonteCarlo", "StateSets", "first_true", "nash_points", "run_paths",
           "zartman"]

NEVER = -1
BLOCK = 2_000_000           # slack entries evaluated at once


def first_true(mask: np.ndarray) -> np.ndarray:
    """``(n,)``: the first period where ``mask`` (``(n, T+1)``) holds, ``NEVER`` if none."""
    return np.where(mask.any(axis=1), mask.argmax(axis=1), NEVER)


class StateSets:
    """Per set of red lines in force (a path state; ``relaxed``: minus the lines a party would
    consider revising): its settlements and a slack evaluator on them (built once)."""

    def __init__(self, compiled: CompiledModel, dyn: Dynamics, space: ParameterSpace,
                 varying: list[int], reduce: bool, toggle_ids: tuple[str, ...]) -> None:
        self.compiled, self.dyn, self.space = compiled, dyn, space
        self.varying, self.reduce = varying, reduce
        self.cache: dict[tuple[bytes, bool], tuple[np.ndarray, SlackEvaluator | None]] = {}
        index = {c: n for n, c in enumerate(compiled.constraint_ids)}
        m = len(compiled.constraints)
        self.toggles = [index[c] for c in toggle_ids]
        self.fixed = compiled.red_line_bits & ~bitsets.from_sets([self.toggles], m)[0]
        considered = [c for c in range(m) if compiled.red_line[c]
                      and compiled.revision_cost[c] <= dyn.ripeness.consider]
        self.considered = bitsets.from_sets([considered], m)[0]
        self.reference = None
        if dyn.reference is not None:
            self.reference = np.array([i.level_ids.index(dyn.reference[i.id])
                                       for i in compiled.model.issues])

    def get(self, state: int, relaxed: bool = False
            ) -> tuple[np.ndarray, SlackEvaluator | None]:
        """Settlements and evaluator of a state (cached by the set of red lines in force; with
        ``reduce``, only the undominated settlements)."""
        comp = self.compiled
        on = [c for k, c in enumerate(self.toggles) if state >> k & 1]
        required = self.fixed | bitsets.from_sets([on], len(comp.constraints))[0]
        if relaxed:
            required = required & ~self.considered
        key = (required.tobytes(), self.reduce)
        if key in self.cache:
            return self.cache[key]
        members = np.flatnonzero(comp.only_feasible(bitsets.disjoint(comp.violations, required)))
        evaluator = None
        if len(members):
            rows = ir_rows(comp)
            evaluator = SlackEvaluator(self.space, rows, comp.level_indices(members),
                                       self.varying, self.reference)
            if self.reduce and not any(evaluator.dynamic):
                features = np.stack([vec[:evaluator.size] for parts in evaluator.static
                                     for _, vec in parts])
                members = members[np.sort(pareto_frontier(features))]
                evaluator = SlackEvaluator(self.space, rows, comp.level_indices(members),
                                           self.varying, self.reference)
        self.cache[key] = (members, evaluator)
        return self.cache[key]

    def evaluate(self, paths: Paths, where: np.ndarray, relaxed: bool = False,
                 count: bool = False) -> np.ndarray:
        """``(n, T+1)``: on the (path, period) pairs in ``where``, whether the bargaining set is
        open (or, with ``count``, its size); zero elsewhere."""
        out = np.zeros(paths.states.shape, dtype=np.int64 if count else bool)
        states = paths.states
        for state in np.unique(states[where]):
            _, evaluator = self.get(int(state), relaxed)
            if evaluator is None:
                continue
            pairs = np.argwhere(where & (states == state))
            step = max(1, BLOCK // max(1, evaluator.size))
            for start in range(0, len(pairs), step):
                block = pairs[start:start + step]
                kappa = paths.kappa[block[:, 0], block[:, 1]] if evaluator.decays else None
                ok = evaluator.accepted(paths.theta(block[:, 0], block[:, 1]), kappa)
                out[block[:, 0], block[:, 1]] = ok.sum(axis=1) if count else ok.any(axis=1)
        return out


def zartman(paths: Paths, dyn: Dynamics, sets: StateSets, war, epsilon: float
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Hurting ``(n, T+1, parties)``, mutually hurting stalemate, way out (where the stalemate
    holds) and Zartman-ripe, each ``(n, T+1)``."""
    hurt = hurting(paths.disagreement, paths.expected, dyn.ripeness.window, epsilon)
    stuck = stalemate(paths.efforts, None if war is None else war.values, epsilon)
    mhs = mutually_hurting(hurt, stuck)
    way_out = sets.evaluate(paths, mhs, relaxed=True)
    return hurt, mhs, way_out, mhs & way_out


def nash_points(compiled: CompiledModel, evaluator: SlackEvaluator, members: np.ndarray,
                theta: np.ndarray, kappa: np.ndarray | None) -> np.ndarray:
    """Nash point of the accepted settlements for each parameter vector (outcome numbers)."""
    parties = range(len(compiled.party_ids))
    values = np.stack([evaluator.values(theta, row, kappa) for row in parties], axis=1)
    d = np.stack([theta[:, evaluator.space.floors[row]] for row in parties], axis=1)
    picks = solve_within("nash", values, d, evaluator.accepted(theta, kappa))
    return members[picks]


@dataclass
class MonteCarlo:
    """What every task of one simulation shares (sent once to each worker)."""

    compiled: CompiledModel
    dyn: Dynamics
    periods: int
    seed: int
    toggle_ids: tuple[str, ...]
    war: object
    runs: tuple[tuple[str, tuple[str, ...]], ...]   # (variant, mechanisms switched off)
    sets: StateSets
    full: StateSets


def run_paths(mc: MonteCarlo, start: int, stop: int) -> dict[str, np.ndarray]:
    """Paths ``start … stop − 1``: per path, the first open period (``first``), the first
    Zartman-ripe period and, per variant, the first open period; per path and period, the size
    of the bargaining set where open; integer counts per period (open, mutually hurting, way
    out), per event and rule branch, and of first settlements."""
    comp, dyn, periods = mc.compiled, mc.dyn, mc.periods
    n = stop - start
    paths = make_paths(comp, dyn, periods, n, mc.seed, mc.toggle_ids, first=start)
    everywhere = np.ones(paths.states.shape, dtype=bool)
    ripe = mc.sets.evaluate(paths, everywhere)
    first = first_true(ripe)
    _, mhs, way_out, ripe_z = zartman(paths, dyn, mc.sets, mc.war, comp.model.epsilon)
    out = {"first": first, "zartman": first_true(ripe_z),
           "sizes": mc.full.evaluate(paths, ripe, count=True),
           "open": ripe.sum(axis=0), "mhs": mhs.sum(axis=0),
           "way_out": (mhs & way_out).sum(axis=0),
           "events": (paths.occurred <= periods).sum(axis=0),
           "branches": np.stack([(paths.branch == j).sum(axis=0)
                                 for j in range(max([len(r.branches) for r in dyn.rules] or
                                                    [0]))], axis=1)
           if dyn.rules else np.zeros((0, 0), dtype=np.int64)}
    for name, off in mc.runs:
        if not off:
            out[f"variant:{name}"] = first
            continue
        other = make_paths(comp, without(dyn, off), periods, n, mc.seed, mc.toggle_ids,
                           first=start)
        out[f"variant:{name}"] = first_true(mc.sets.evaluate(
            other, np.ones(other.states.shape, dtype=bool)))
    out["settlements"] = _first_settlements(mc, paths, first)
    return out


def _first_settlements(mc: MonteCarlo, paths: Paths, first: np.ndarray) -> np.ndarray:
    """``(k, 2)``: outcome number and number of paths on which it opened first."""
    found: dict[int, int] = {}
    opened = np.flatnonzero(first >= 0)
    opened_state = paths.states[opened, first[opened]]
    for state in np.unique(opened_state):
        group = opened[opened_state == state]
        members, evaluator = mc.sets.get(int(state))
        picks = nash_points(mc.compiled, evaluator, members, paths.theta(group, first[group]),
                            paths.kappa[group, first[group]] if evaluator.decays else None)
        for idx, k in zip(*np.unique(picks, return_counts=True)):
            found[int(idx)] = found.get(int(idx), 0) + int(k)
    return np.array(sorted(found.items()), dtype=np.int64).reshape(-1, 2)
