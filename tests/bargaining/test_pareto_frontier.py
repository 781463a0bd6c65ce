"""The Pareto frontier (one routine for every caller) against a brute-force reference, and the
linear-time helpers beside it against NumPy.

The reference applies the definition directly: row ``a`` dominates ``b`` when ``a ≥ b``
everywhere and ``a > b`` in one of the first ``strict`` columns; equal rows never dominate.
Coordinates are drawn from a few integer values, so ties and repeated rows are frequent.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation._util import bitsets
from negotiation.bargaining import frontier
from negotiation.bargaining.frontier import nondominated, pareto_frontier
from negotiation.bargaining.solutions import SOLUTIONS, solve, solve_all, solve_within


def brute(q: np.ndarray, strict: int | None = None) -> np.ndarray:
    """Mask of the undominated rows, by comparing every pair (chunked)."""
    strict = q.shape[1] if strict is None else strict
    out = np.ones(len(q), dtype=bool)
    for s in range(0, len(q), 256):
        block = q[s:s + 256, None, :]
        ge = np.all(q[None] >= block, axis=2)
        gt = np.any(q[None, :, :strict] > block[:, :, :strict], axis=2)
        out[s:s + 256] = ~np.any(ge & gt, axis=1)
    return out


point_sets = st.integers(2, 5).flatmap(lambda d: st.tuples(
    st.lists(st.lists(st.integers(0, 4), min_size=d, max_size=d), min_size=1, max_size=400),
    st.integers(1, d)))


@settings(max_examples=200, deadline=None)
@given(point_sets, st.sampled_from([4, 64, 1 << 16]), st.sampled_from([None, 12]))
def test_matches_brute_force(case, cells, decimals):
    rows, strict = case
    q = np.array(rows, dtype=float)
    old, frontier.GRID_CELLS = frontier.GRID_CELLS, cells     # prefilter coarse and fine
    try:
        got = nondominated(q, strict, decimals)
    finally:
        frontier.GRID_CELLS = old
    assert got.tolist() == brute(q, strict).tolist()


@pytest.mark.parametrize("d", [2, 3, 4, 5])
@pytest.mark.parametrize("shape", ["uniform", "opposed", "coarse", "plane"])
def test_large_random_sets(d, shape):
    # Thousands of rows exercise every level of the divide and conquer; "opposed" and "plane"
    # put most rows on the frontier, "coarse" makes ties and repeats.
    rng = np.random.default_rng(d * 7 + len(shape))
    n = 3000
    q = rng.random((n, d))
    if shape == "opposed":
        q[:, 1] = 1 - q[:, 0]
    elif shape == "coarse":
        q = np.round(q * 6) / 6
    elif shape == "plane":
        q = np.round(q / q.sum(axis=1, keepdims=True), 3)
    q = np.concatenate([q, q[: n // 10]])           # exact repeats
    for strict in sorted({1, 2, d}):
        expected = brute(q, strict).tolist()
        assert nondominated(q, strict).tolist() == expected
        if shape != "uniform":           # values with few decimals: the packed sorts
            assert nondominated(q, strict, decimals=12).tolist() == expected


def test_by_hand():
    # (3,1,1) and (1,3,0) are each best somewhere; (2,1,1) is beaten by (3,1,1) and (2,2,2);
    # the two copies of (2,2,2) do not dominate each other.
    q = np.array([[3., 1, 1], [2, 2, 2], [2, 1, 1], [1, 3, 0], [2, 2, 2]])
    assert nondominated(q).tolist() == [True, True, False, True, True]
    # strict=1: only the first column may be the strict one, so (1, 5) and (1, 4) both stay
    # and (0, 4) is beaten by both.
    assert nondominated(np.array([[1., 5], [1, 4], [0, 4]]), strict=1).tolist() == \
        [True, True, False]
    assert nondominated(np.zeros((0, 3))).tolist() == []
    assert nondominated(np.array([[1.0], [2.0], [2.0]])).tolist() == [False, True, True]


def test_rounding_to_twelve_decimals():
    # 0.1 + 0.2 and 0.3 differ in binary but are equal to 12 decimals, so neither point
    # dominates the other.
    points = np.array([[0.1 + 0.2, 0.3], [0.5, 0.5]])
    assert pareto_frontier(points).tolist() == [0, 1]


def test_invariant_under_reordering_and_rescaling():
    rng = np.random.default_rng(3)
    pts = np.round(rng.dirichlet(np.ones(3), size=3) @ rng.random((3, 5000)), 6)
    front = set(pareto_frontier(pts).tolist())
    perm = rng.permutation(pts.shape[1])
    assert {int(perm[i]) for i in pareto_frontier(pts[:, perm])} == front
    scaled = pts * np.array([[2.0], [0.5], [4.0]]) + np.array([[1.0], [-3.0], [0.25]])
    assert set(pareto_frontier(scaled).tolist()) == front


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 3), st.integers(1, 63), st.integers(1, 40), st.integers(1, 2000),
       st.integers(0, 2**32))
def test_unique_rows_matches_numpy(words, bits, distinct, n, seed):
    rng = np.random.default_rng(seed)
    base = rng.integers(0, 2**min(bits, 62), size=(distinct, words)).astype(np.uint64)
    rows = base[rng.integers(0, distinct, n)]
    values, first, counts = bitsets.unique_rows(rows)
    v0, f0, c0 = np.unique(rows, axis=0, return_index=True, return_counts=True)
    assert np.array_equal(values, v0) and np.array_equal(first, f0) and \
        np.array_equal(counts, c0)


def test_unique_rows_many_distinct_values():
    rng = np.random.default_rng(5)
    rows = rng.integers(0, 2**40, size=(50_000, 1)).astype(np.uint64)
    rows = np.concatenate([rows, rows[:1000]])
    values, first, counts = bitsets.unique_rows(rows)
    v0, f0, c0 = np.unique(rows[:, 0], return_index=True, return_counts=True)
    assert np.array_equal(values[:, 0], v0) and np.array_equal(first, f0) and \
        np.array_equal(counts, c0)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 4).flatmap(lambda p: st.tuples(
    st.lists(st.lists(st.integers(0, 8), min_size=p, max_size=p), min_size=1, max_size=60),
    st.lists(st.integers(0, 4), min_size=p, max_size=p))))
def test_solve_all_matches_solve_within(case):
    # The unmasked path (every column) gives the masked path's answer for every solution.
    points, floors = case
    values = np.array(points, dtype=float).T / 8
    d = np.array(floors, dtype=float) / 8
    mask = np.ones((1, values.shape[1]), dtype=bool)
    together = solve_all(values, d)
    for name in SOLUTIONS:
        expected = int(solve_within(name, values, d, mask)[0])
        assert solve(name, values, d) == expected == together[name]
