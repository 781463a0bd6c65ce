"""The Pareto frontier of a finite set of points (the bargaining set's valuations).
"""

from __future__ import annotations

import numpy as np

from negotiation.bargaining.solutions import DECIMALS


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
