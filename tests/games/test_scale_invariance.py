"""Scale invariance (issue 12, defect 3): multiplying a player's payoffs by any c in
[1e-12, 1e12] and adding a constant changes no equilibrium, no count and no guarantee.

The answer is independent of the code: a positive affine map of one player's payoffs leaves
its best-response correspondence, hence the equilibrium set, unchanged (von Neumann–Morgenstern
utilities are unique up to such maps).

Two players: the solver works in exact arithmetic on the payoffs as given (a float is its binary
value), so an *exact* affine map must give identical results, degenerate games included; a
product ``c * A`` in floating point is rounded, a slightly different game, whose equilibria must
be the same up to that rounding when the game is nondegenerate (and, when rounding breaks an
exact tie, the exact answer for the rounded game: test_extreme_reference.py). n players: the
constant is drawn as a multiple of c (|b| ≤ 100 c): a shift much larger than c × range would be
absorbed by float64 rounding of the payoffs themselves, a property of the input, not of the
solver.
"""

from fractions import Fraction

import numpy as np
from game_helpers import exact_set, found, game
from hypothesis import given, settings
from hypothesis import strategies as st
from published_games import MCKELVEY_MCLENNAN_222, STENGEL_75, WINKELS
from test_extreme_reference import integer_games
from test_nplayer_published import MM_EQUILIBRIA

from negotiation.games.equilibria import solve
from negotiation.games.extreme import extreme_equilibria
from negotiation.games.pure import pure_equilibria

# ------------------------------------------------------------------------------- two players

scales = st.floats(1e-12, 1e12)
integer_shifts = st.integers(-10**6, 10**6)


def transform(M, c, d):
    """c·M + d in exact arithmetic (c the exact value of a float)."""
    return [[Fraction(c) * Fraction(v) + d for v in row] for row in np.asarray(M).tolist()]


@settings(max_examples=40, deadline=None)
@given(integer_games(), scales, scales, integer_shifts, integer_shifts)
def test_exact_affine_maps_change_nothing(payoffs, c1, c2, d1, d2):
    # Degenerate games included: the exactly transformed game has exactly the same extreme
    # equilibria, found by exactly the same walk.
    A, B = payoffs
    base = extreme_equilibria(A, B)
    moved = extreme_equilibria(transform(A, c1, d1), transform(B, c2, d2))
    assert exact_set(moved) == exact_set(base)
    assert (moved.stats["bases"], moved.stats["exact_bases"]) == (
        base.stats["bases"], base.stats["exact_bases"])
    assert moved.degenerate == base.degenerate


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 7), st.integers(2, 7), scales, scales)
def test_float_scaling_of_generic_games(seed, m, n, c1, c2):
    # Payoffs multiplied and shifted in floating point (each result rounded): for a
    # nondegenerate game the equilibria are the same up to that rounding, none lost or gained,
    # with relative regret at rounding level.
    rng = np.random.default_rng(seed)
    A, B = rng.random((m, n)), rng.random((m, n))
    base = solve(game(A, B))
    moved = solve(game(A * c1 - 3 * c1, B * c2 + 7 * c2))
    assert len(moved.equilibria) == len(base.equilibria) and moved.complete
    for e, f in zip(base.equilibria, moved.equilibria):
        assert all(np.allclose(s, t, atol=1e-9) for s, t in zip(e.sigma, f.sigma))
    assert moved.max_regret_relative <= 1e-12


@settings(max_examples=10, deadline=None)
@given(st.integers(-40, 40), st.integers(-40, 40))
def test_power_of_two_scaling_is_exact_for_published_degenerate_games(e1, e2):
    # Multiplying floats by 2**e is exact, so Winkels' degenerate game keeps its 12 extreme
    # equilibria (and exactly the same ones) at payoff scales from 1e-12 to 1e12.
    A, B = (np.asarray(M, dtype=float) for M in WINKELS)
    r = solve(game(A * 2.0 ** e1 + 2.0 ** e1, B * 2.0 ** e2 - 5 * 2.0 ** e2))
    assert exact_set(r) == exact_set(solve(game(A, B))) and len(r.equilibria) == 12
    assert r.complete and r.degenerate


def test_regret_reported_absolute_and_relative():
    # von Stengel's payoffs reach 1.7e6 (range 3.0e6 for both players): the absolute regret
    # of an exact equilibrium is rounding in payoffs of that size, the relative one rounding in
    # [0, 1]; both are reported, and the same game scaled by 2**-30 (exactly: about 1e-9)
    # has exactly the same equilibria, with absolute regrets 2**30 times smaller.
    A, B = (np.asarray(M, dtype=float) for M in STENGEL_75)
    r, small = solve(game(A, B)), solve(game(A * 2.0**-30, B * 2.0**-30))
    assert exact_set(r) == exact_set(small)
    span = np.ptp(A)
    for e, f in zip(r.equilibria, small.equilibria):
        assert e.regret <= 1e-15 * span and f.regret <= 1e-15 * span * 2.0**-30
        assert e.regret_relative <= 1e-15 and f.regret_relative <= 1e-15


# ---------------------------------------------------------------------------- n players

exponents = st.floats(-12, 12)
shifts = st.floats(-100, 100)


def rescaled(u, data):
    out = np.array(u, dtype=float)
    for i in range(len(u)):
        c = 10.0 ** data.draw(exponents)
        out[i] = out[i] * c + data.draw(shifts) * c
    return out


@settings(max_examples=20, deadline=None)
@given(data=st.data())
def test_mckelvey_mclennan_any_scale(data):
    r = solve(game(rescaled(MCKELVEY_MCLENNAN_222, data)))
    assert found(r, 6) == MM_EQUILIBRIA and r.complete
    assert r.max_regret_relative <= 1e-9


_BASE = {}


def _base(seed):
    if seed not in _BASE:
        u = np.random.default_rng(seed).random((3, 3, 3, 3))
        _BASE[seed] = (u, solve(game(u)))
    return _BASE[seed]


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 3), data=st.data())
def test_random_3x3x3_any_scale(seed, data):
    u, base = _base(seed)
    r = solve(game(rescaled(u, data)))
    assert found(r, 6) == found(base, 6)
    assert r.complete == base.complete and len(r.pure) == len(base.pure)


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_pure_equilibria_any_scale(data):
    u = np.array(data.draw(st.lists(st.integers(-3, 3), min_size=24, max_size=24)),
                 dtype=float).reshape(3, 2, 2, 2)
    expect = pure_equilibria(u).tolist()
    assert pure_equilibria(rescaled(u, data)).tolist() == expect


def test_tiny_and_huge_payoffs_reported_with_relative_regret():
    # The same equilibria at 1e-13 and 1e7 times the payoffs, with relative regret ≤ 1e-9;
    # the absolute regret scales with the payoffs.
    small = solve(game(MCKELVEY_MCLENNAN_222 * 1e-13))
    large = solve(game(MCKELVEY_MCLENNAN_222 * 1e7))
    assert found(small) == found(large) == MM_EQUILIBRIA
    assert small.max_regret_relative <= 1e-9 and large.max_regret_relative <= 1e-9
    assert small.max_regret <= 1e-20
