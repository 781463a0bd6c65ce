"""The exact two-player solver against an independent brute-force enumerator of extreme
equilibria in rational arithmetic (bimatrix_reference.py, written for the tests and sharing no
code with the package) on random integer games, where small payoff ranges make degenerate games
(ties, continua) common, on Gambit's degenerate sample games, and on games one rounding error
away from degenerate; and the exact layer (integer Gauss–Jordan, lexicographic pivots) on its
own."""

from fractions import Fraction

import numpy as np
import pytest
from bimatrix_reference import _solve
from bimatrix_reference import extreme_equilibria as brute
from game_helpers import exact_set as found
from game_helpers import game
from hypothesis import given, settings
from hypothesis import strategies as st
from published_games import GAMBIT_DEG1, GAMBIT_DEG2, GAMBIT_WINK3, STENGEL_75, WINKELS

from negotiation.games.basis_walk import decode, float_step, walk
from negotiation.games.equilibria import solve
from negotiation.games.exact_pivot import exact_basis, polytope_matrix, solve_exact
from negotiation.games.extreme import extreme_equilibria


@st.composite
def integer_games(draw, max_size=5):
    m = draw(st.integers(1, max_size))
    n = draw(st.integers(1, max_size))
    top = draw(st.integers(0, 4))
    cell = st.integers(-top, top)
    A = draw(st.lists(st.lists(cell, min_size=n, max_size=n), min_size=m, max_size=m))
    B = draw(st.lists(st.lists(cell, min_size=n, max_size=n), min_size=m, max_size=m))
    return A, B


@settings(max_examples=120, deadline=None)
@given(integer_games())
def test_matches_brute_force_on_small_integer_games(game):
    r = extreme_equilibria(*game)
    assert r.complete
    assert found(r) == brute(*game)


@settings(max_examples=15, deadline=None)
@given(integer_games(max_size=6))
def test_matches_brute_force_up_to_six_by_six(payoffs):
    # Through solve, on the game's float payoffs (small integers: exact).
    assert found(solve(game(*payoffs))) == brute(*payoffs)


@pytest.mark.parametrize("game", [GAMBIT_DEG1, GAMBIT_DEG2, GAMBIT_WINK3, WINKELS, STENGEL_75],
                         ids=["deg1", "deg2", "wink3", "winkels", "stengel75"])
def test_published_games_match_brute_force(game):
    A, B = game
    assert found(extreme_equilibria(A, B)) == brute(A.tolist(), B.tolist())


def test_random_float_games_match_brute_force():
    rng = np.random.default_rng(7)
    for _ in range(10):
        m, n = rng.integers(2, 6, size=2)
        A, B = rng.random((m, n)), rng.random((m, n))
        assert found(extreme_equilibria(A, B)) == brute(A.tolist(), B.tolist())


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 6).flatmap(lambda k: st.tuples(
    st.lists(st.lists(st.integers(-9, 9), min_size=k, max_size=k), min_size=k, max_size=k),
    st.lists(st.lists(st.integers(-9, 9), min_size=2, max_size=2), min_size=k, max_size=k))))
def test_solve_exact(system):
    M, R = system
    got = solve_exact(M, R)
    if got is None:          # singular: then no fraction elimination succeeds either
        assert _solve([[Fraction(v) for v in r] for r in M], [Fraction(0)] * len(M)) is None
        return
    det, X = got
    assert det > 0
    for i, row in enumerate(M):
        for c in range(2):
            assert sum(a * X[j][c] for j, a in enumerate(row)) == det * R[i][c]


def test_certified_float_steps_equal_exact_pivots():
    rng = np.random.default_rng(3)
    for _ in range(5):
        m, n = rng.integers(3, 8, size=2)
        K, kmin = polytope_matrix([[Fraction(v) for v in row] for row in rng.random((m, n))])
        Kf = np.array([[v / kmin for v in row] for row in K])
        labels = decode(np.concatenate(walk(Kf, K).certified), m + n)
        sizes = labels[:, m:].sum(axis=1)
        for k in np.unique(sizes):
            group = labels[sizes == k][:20]
            step = float_step(Kf, group)
            for i in np.flatnonzero(step.certified):
                basis = frozenset(np.flatnonzero(group[i]).tolist())
                exact = exact_basis(K, basis)
                assert exact.tight == basis                # certified ⇒ nondegenerate
                assert exact.neighbours == tuple(
                    (basis - {int(a)}) | {int(b)} for a, b in zip(step.drop[i], step.enter[i]))


@settings(max_examples=40, deadline=None)
@given(integer_games(max_size=4), st.integers(0, 2**32 - 1))
def test_games_one_ulp_from_degenerate(game, seed):
    # Nudging some payoffs of an integer (often degenerate) game by one unit in the last place
    # leaves near-ties that floating point cannot decide: the answer must still be the exact
    # answer for the binary values given.
    rng = np.random.default_rng(seed)
    A, B = (np.asarray(M, dtype=float) for M in game)
    for M in (A, B):
        hit = rng.random(M.shape) < 0.3
        M[hit] = np.nextafter(M[hit], np.where(rng.random(M.shape) < 0.5, -np.inf, np.inf)[hit])
    assert {(e.x_exact, e.y_exact) for e in extreme_equilibria(A, B).equilibria} == brute(
        A.tolist(), B.tolist())
