"""Bargaining solutions on a finite set of outcomes:

- Nash: ``argmax Π_i (v_i − d_i)``;
- Kalai–Smorodinsky: with ideal point ``a_i = max_B v_i``, ``argmax min_i (v_i − d_i)/(a_i − d_i)``
  (a party with ``a_i = d_i`` counts as fully satisfied);
- egalitarian: ``argmax min_i (v_i − d_i)``; utilitarian: ``argmax Σ_i v_i``.

Gains ``v_i − d_i`` within the tolerance ``ε`` below zero count as zero. Values are compared after
rounding to 12 significant digits so that values equal in exact arithmetic tie; ties go to the
first outcome in enumeration order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["DECIMALS", "SOLUTIONS", "Solution", "solve", "solve_all", "solve_within"]

DECIMALS = 12


SOLUTIONS = ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian")


@dataclass(frozen=True)
class Solution:
    """A bargaining solution: the outcome's number, its levels and each party's value."""

    name: str
    index: int
    outcome: dict[str, str]
    values: dict[str, float]


def solve(name: str, values: np.ndarray, d: np.ndarray) -> int:
    """Position (within the columns of ``values``, ``(P, n)``) of bargaining solution ``name``.

    The same objective, rounding and tie rule as :func:`solve_within` with one all-true mask,
    computed row by row in the same order of operations (so the results are identical) without
    the masks: about ``P + 5`` passes over the ``n`` columns.

    >>> v = np.array([[0.2, 0.5, 0.8], [0.8, 0.5, 0.2]])
    >>> [solve(s, v, np.zeros(2)) for s in SOLUTIONS]
    [1, 1, 1, 0]
    """
    return solve_all(values, d, (name,))[name]


def solve_all(values: np.ndarray, d: np.ndarray,
              names: tuple[str, ...] = SOLUTIONS) -> dict[str, int]:
    """:func:`solve` for several solutions, sharing the gains ``(v_i − d_i)⁺`` (-1 when there
    are no columns)."""
    if values.shape[1] == 0:
        return dict.fromkeys(names, -1)
    values, d = np.asarray(values, dtype=float), np.asarray(d, dtype=float)
    gains = [np.maximum(values[i] - d[i], 0.0) for i in range(len(values))] \
        if set(names) - {"utilitarian"} else []
    out = {}
    for name in names:
        objective = _objective_all(name, values, d, gains)
        scale = max(float(np.abs(objective).max()), 10.0**-300)
        out[name] = int(np.argmax(np.round(objective / scale, DECIMALS)))
    return out


def _objective_all(name: str, values: np.ndarray, d: np.ndarray,
                   gains: list[np.ndarray]) -> np.ndarray:
    """``(n,)``: the objective of solution ``name`` over every column of ``values`` (the
    operations of :func:`_objective`, in the same order)."""
    if name == "utilitarian":
        total = values[0].copy()
        for i in range(1, len(values)):
            total += values[i]
        return total
    if name == "nash":
        out = gains[0].copy()
        for g in gains[1:]:
            out *= g
        return out
    if name == "egalitarian":
        out = gains[0].copy()
        for g in gains[1:]:
            np.minimum(out, g, out=out)
        return out
    if name == "kalai_smorodinsky":
        out = None
        for i in range(len(values)):
            span = float(values[i].max()) - d[i]
            ratio = gains[i] / span if span > 10.0**-DECIMALS else np.ones(values.shape[1])
            out = ratio if out is None else np.minimum(out, ratio, out=out)
        return out
    raise ValueError(f"unknown bargaining solution {name!r}")


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
