"""Exact parametric backward induction: where a perfect-information game's SPE changes with a
payoff parameter.

Let every terminal payoff be affine in a parameter ``x`` (a cost of reneging, say):
``u(z; x) = A_z + B_z x``. For a fixed choice at every decision node, every node's value is
affine in ``x`` too (a chance node's value is a probability-weighted sum), so the backward
induction choices stay optimal on an interval of ``x`` and can change only where the value of
some alternative child overtakes the chosen one. :func:`sweep` walks ``[lo, hi]`` interval by
interval:

1. at the interval's left end ``x``, backward induction with the *lexicographic* comparison
   (value at ``x``, then slope) picks the choices that are optimal on ``[x, x + ε)``;
2. the choices stay optimal until the first ``x' > x`` where an alternative child's affine value
   (with the choices below it fixed) crosses the chosen child's: ``x' = x + gap / slope gain``;
3. repeat from ``x'``.

Every breakpoint is a root of an affine equation between two node values, so the intervals and
the threshold returned by :func:`least` are exact up to floating-point rounding (no bisection,
no grid). At a breakpoint itself the mover is indifferent and both choices are subgame perfect.
This is the parametric analysis of a piecewise-linear value function (as in parametric linear
programming, e.g. Gal 1979), specialised to game trees.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from negotiation.errors import InputError, ModelError
from negotiation.games.extensive import ExtensiveGame
from negotiation.games.tree import CHANCE, DECISION, TERMINAL, Tree, compile_game

__all__ = ["Interval", "least", "sweep"]


@dataclass(frozen=True)
class Interval:
    """Backward induction is constant on ``[start, end)``: ``choice`` per node (``-1`` if none)."""

    start: float
    end: float
    choice: np.ndarray
    value: np.ndarray           # node values at ``start``
    slope: np.ndarray           # their derivative in x


def _affine(build: Callable[[float], ExtensiveGame]) -> tuple[Tree, np.ndarray, np.ndarray]:
    t0, t1, t2 = (compile_game(build(x)) for x in (0.0, 1.0, 2.0))
    if t0.n_nodes != t1.n_nodes or not np.array_equal(t0.kind, t1.kind):
        raise ModelError("the game's tree changes with the parameter",
                        fix="keep the tree fixed and let only payoffs depend on the parameter")
    a, b = t0.payoff, t1.payoff - t0.payoff
    scale = max(1.0, float(np.abs(t0.payoff).max()), float(np.abs(b).max()))
    if not np.allclose(t2.payoff, a + 2 * b, atol=1e-9 * scale):
        raise ModelError("payoffs are not affine in the parameter",
                        fix="make every payoff of the form a + b·x")
    if not t0.perfect_information:
        raise ModelError("the parametric sweep needs perfect information",
                         fix="solve a game with information sets at each parameter value")
    return t0, a, b


def _solve_at(tree: Tree, a: np.ndarray, b: np.ndarray, x: float, tol: float
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Lexicographic backward induction at ``x``; the next breakpoint after ``x``."""
    size = tree.n_nodes
    val, slope = a + b * x, b.copy()
    choice = np.full(size, -1)
    nxt = np.inf
    for depth in range(len(tree.levels) - 2, -1, -1):
        kids = tree.levels[depth + 1]
        up = tree.parent[kids]
        nodes = tree.levels[depth]
        internal = nodes[tree.kind[nodes] != TERMINAL]
        val[internal] = 0.0
        slope[internal] = 0.0
        ch = tree.kind[up] == CHANCE
        p = tree.edge_prob[kids[ch], None]
        np.add.at(val, up[ch], p * val[kids[ch]])
        np.add.at(slope, up[ch], p * slope[kids[ch]])
        dk, du = kids[~ch], up[~ch]
        mover = tree.player[du]
        v, s = val[dk, mover], slope[dk, mover]
        best = np.full(size, -np.inf)
        np.maximum.at(best, du, v)
        near = v >= best[du] - tol
        top = np.full(size, -np.inf)
        np.maximum.at(top, du[near], s[near])
        lead = near & (s >= top[du] - tol)
        first = np.full(size, size)
        np.minimum.at(first, du[lead], dk[lead])
        movers = nodes[tree.kind[nodes] == DECISION]
        choice[movers] = first[movers]
        val[movers] = val[choice[movers]]
        slope[movers] = slope[choice[movers]]
        gap = val[choice[du], mover] - v              # ≥ 0: how far behind the chosen child
        gain = s - slope[choice[du], mover]           # > 0: catching up
        catching = (gain > tol) & (dk != choice[du])
        if catching.any():
            nxt = min(nxt, float(np.min(x + np.maximum(gap[catching], 0) / gain[catching])))
    return choice, val, slope, nxt


def sweep(build: Callable[[float], ExtensiveGame], lo: float, hi: float,
          max_intervals: int = 10_000) -> tuple[Tree, list[Interval]]:
    """The intervals of ``[lo, hi]`` on which backward induction is constant (see the module
    docstring). ``build(x)`` must give the same tree for every ``x``, with affine payoffs."""
    tree, a, b = _affine(build)
    tol = 1e-12 * max(1.0, float(np.abs(a).max()), float(np.abs(b).max()) * max(1.0, abs(hi)))
    out: list[Interval] = []
    x = lo
    while x < hi and len(out) < max_intervals:
        choice, val, slope, nxt = _solve_at(tree, a, b, x, tol)
        end = min(max(nxt, x + 1e-12 * max(1.0, abs(x))), hi)
        out.append(Interval(x, end, choice, val, slope))
        x = end
    if x < hi:
        raise InputError(f"more than {max_intervals} intervals of constant backward induction",
                         argument="hi", value=hi, fix="narrow the range")
    if not out:
        choice, val, slope, _ = _solve_at(tree, a, b, lo, tol)
        out.append(Interval(lo, hi, choice, val, slope))
    return tree, out


def least(build: Callable[[float], ExtensiveGame], holds: Callable[[Tree, np.ndarray], bool],
          lo: float, hi: float) -> tuple[float | None, Tree, list[Interval]]:
    """The least ``x`` in ``[lo, hi]`` from which ``holds(tree, choice)`` is true on an interval
    (``None`` if never). At that ``x`` itself the deciding mover is indifferent (or ``x = lo``)."""
    tree, parts = sweep(build, lo, hi)
    for part in parts:
        if holds(tree, part.choice):
            return part.start, tree, parts
    return None, tree, parts
