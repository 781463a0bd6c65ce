"""Two-player games with published or hand-derived sets of extreme equilibria (issue 12,
defects 1–3): the exact walk of :mod:`negotiation.games.extreme`, directly and through
``solve``."""

from fractions import Fraction as F

import numpy as np
import pytest
from game_helpers import eq, exact_set, game
from published_games import AGT_33, AGT_318, STENGEL_75, WINKELS

from negotiation.errors import InputError
from negotiation.games.equilibria import solve
from negotiation.games.extreme import extreme_equilibria, nash_subsets

found = exact_set


def verified(result, tol=1e-12):
    """Every equilibrium's regret relative to the payoff range is at rounding level."""
    return result.max_regret_relative <= tol


def test_winkels_1979_twelve_extreme_equilibria():
    # Winkels (1979); Gambit's winkels.nfg is titled "degenerate game with 12 extreme
    # equilibria". The column player's (1/4, 3/4) and (3/4, 1/4) are the ends of edges of
    # equilibria (issue 12: the old solver merged them into the midpoint (1/2, 1/2)).
    r = solve(game(*WINKELS))
    assert len(r.equilibria) == 12 and r.complete and r.degenerate
    ys = {e.exact[1] for e in r.equilibria}
    assert (F(1, 4), F(3, 4)) in ys and (F(3, 4), F(1, 4)) in ys
    assert (F(1, 2), F(1, 2)) not in ys
    assert verified(r)
    # Seven maximal Nash subsets: every pair within one is an equilibrium (checked here).
    assert len(r.nash_subsets) == 7
    for subset in r.nash_subsets:
        for i in subset:
            for j in subset:
                assert (r.equilibria[i].exact[0], r.equilibria[j].exact[1]) in found(r)
    # Hand check of one: x = (7/8, 0, 0, 0, 0, 1/8) makes column 1 and 2 pay 7/8·1 + 1/8·6 =
    # 13/8 and 7/8·2 − 1/8 = 13/8; y = (1/4, 3/4) makes rows 1, 2 pay 1/4 + 9/4 = 5/2 and
    # rows 5, 6 pay 5/2, rows 3, 4 pay 3/4 + 3/4 = 3/2.
    assert eq([F(7, 8), 0, 0, 0, 0, F(1, 8)], [F(1, 4), F(3, 4)]) in found(r)


def test_von_stengel_1999_seventy_five_equilibria():
    # von Stengel (1999): 75 equilibria, payoffs up to 1.7e6 in absolute value. Issue 12: the
    # old solver found 66 (absolute regret limit; determinant threshold).
    r = solve(game(*STENGEL_75))
    assert len(r.equilibria) == 75 and r.complete and r.degenerate is False
    assert verified(r, 1e-15)


@pytest.mark.parametrize("c", [1e-9, 1e-6, 1e6, 2.0 ** 40])
def test_von_stengel_1999_rescaled(c):
    A, B = STENGEL_75
    r = extreme_equilibria(A.astype(float) * c, B.astype(float) * c)
    assert len(r.equilibria) == 75 and r.complete


def test_von_stengel_2007_game_3_3():
    # AGT ch. 3, eq. (3.3), with its three equilibria derived in the text.
    r = extreme_equilibria(*AGT_33)
    assert found(r) == {eq([1, 0, 0], [1, 0]), eq([F(4, 5), F(1, 5), 0], [F(2, 3), F(1, 3)]),
                        eq([0, F(1, 3), F(2, 3)], [F(1, 3), F(2, 3)])}
    assert r.complete and r.degenerate is False


def test_von_stengel_2007_degenerate_game_3_18():
    # AGT ch. 3, eq. (3.18): vertex a = (1, 0, 0) with the whole edge r–s of Q, i.e.
    # y = (y4, 1 − y4) for 2/3 ≤ y4 ≤ 1, is a component; its extreme points are (a, (1, 0))
    # and (a, (2/3, 1/3)). The equilibrium ((0, 1/3, 2/3), (1/3, 2/3)) of (3.3) survives:
    # xᵀB = (8/3, 8/3), Ay = (3, 4, 4). ((4/5, 1/5, 0), ·) does not: xᵀB = (2.8, 3.6).
    r = extreme_equilibria(*AGT_318)
    assert found(r) == {eq([1, 0, 0], [1, 0]), eq([1, 0, 0], [F(2, 3), F(1, 3)]),
                        eq([0, F(1, 3), F(2, 3)], [F(1, 3), F(2, 3)])}
    assert r.degenerate and r.complete
    subsets = nash_subsets(found(r))
    assert sorted(len(y) for _, y in subsets) == [1, 2]       # the edge, and an isolated point


# Classic 2 × 2 games; each answer derived by hand in the comment.
CLASSICS = {
    # Prisoner's Dilemma: defection strictly dominates for both.
    "prisoners_dilemma": (([[3, 0], [5, 1]], [[3, 5], [0, 1]]), {eq([0, 1], [0, 1])}),
    # Battle of the Sexes: two pure; mixed: column indifferent when x1·1 = x2·2 → x = (2/3, 1/3),
    # row indifferent when 2·y1 = y2 → y = (1/3, 2/3).
    "battle_of_sexes": (([[2, 0], [0, 1]], [[1, 0], [0, 2]]),
                        {eq([1, 0], [1, 0]), eq([0, 1], [0, 1]),
                         eq([F(2, 3), F(1, 3)], [F(1, 3), F(2, 3)])}),
    # Matching Pennies: the unique equilibrium is uniform.
    "matching_pennies": (([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]),
                         {eq([F(1, 2), F(1, 2)], [F(1, 2), F(1, 2)])}),
    # Stag Hunt (4, 3 / 0, 3): row indifferent when 4 y1 = 3 → y = (3/4, 1/4); symmetric.
    "stag_hunt": (([[4, 0], [3, 3]], [[4, 3], [0, 3]]),
                  {eq([1, 0], [1, 0]), eq([0, 1], [0, 1]),
                   eq([F(3, 4), F(1, 4)], [F(3, 4), F(1, 4)])}),
    # Chicken (0, −1 / 1, −10): row swerves/straight indifferent when −y2 = y1 − 10 y2 →
    # y1 = 9 y2 → y = (9/10, 1/10); symmetric; plus the two pure asymmetric profiles.
    "chicken": (([[0, -1], [1, -10]], [[0, 1], [-1, -10]]),
                {eq([1, 0], [0, 1]), eq([0, 1], [1, 0]),
                 eq([F(9, 10), F(1, 10)], [F(9, 10), F(1, 10)])}),
    # A dominant first row against which the column player is indifferent: a segment of
    # equilibria with extreme points (r1, c1) and (r1, c2).
    "segment": (([[1, 1], [0, 0]], [[1, 1], [0, 0]]), {eq([1, 0], [1, 0]), eq([1, 0], [0, 1])}),
}


@pytest.mark.parametrize("name", sorted(CLASSICS))
def test_classic_two_by_two(name):
    game, expected = CLASSICS[name]
    r = extreme_equilibria(*game)
    assert found(r) == expected and r.complete
    assert r.degenerate == (name == "segment")


@pytest.mark.parametrize("c", [1e-13, 1e-12, 1e7, 1e12, 1e-300, 1e300])
def test_battle_of_sexes_at_any_scale(c):
    # Issue 12: scaled by 1e-13 the old solver gave 5 equilibria, by 1e7 two. 2c and c are
    # exactly in ratio 2 in binary floating point, so the scaled game is the same game.
    A, B = np.array(CLASSICS["battle_of_sexes"][0], dtype=float)
    r = solve(game(A * c, B * c))
    assert found(r) == CLASSICS["battle_of_sexes"][1] and r.complete and not r.degenerate
    assert r.max_regret_relative <= 1e-15


@pytest.mark.parametrize("m,n", [(1, 1), (1, 4), (3, 3), (4, 2), (8, 8)])
def test_zero_game_every_pure_profile(m, n):
    # All payoffs equal: every pure profile is an equilibrium and every mixed profile too; the
    # extreme equilibria are exactly the m·n pure profiles.
    r = extreme_equilibria(np.zeros((m, n)), np.zeros((m, n)))
    assert len(r.equilibria) == m * n and r.complete
    assert all(e.x.max() == 1 and e.y.max() == 1 for e in r.equilibria)
    assert r.degenerate == (m * n > 1)


def test_more_than_64_labels():
    # 33 × 33: a strictly dominant row and column; the unique equilibrium is (r1, c1). Exercises
    # the wide (Python-int) keys of the walk.
    A = np.ones((33, 33))
    A[0] = 2
    B = np.ones((33, 33))
    B[:, 0] = 2
    r = extreme_equilibria(A, B)
    assert found(r) == {eq([1] + [0] * 32, [1] + [0] * 32)} and r.complete


def test_budget_exhaustion_is_reported():
    r = extreme_equilibria(np.zeros((6, 6)), np.zeros((6, 6)), max_exact=2)
    assert not r.complete and any("equilibria may be missing" in n for n in r.notes)


def test_decimal_reading():
    # Column sums 0.1 + 0.2, 0.3 + 0.0, 0.2 + 0.1: equal as decimals, so against x = (1/2, 1/2)
    # all three columns are best responses (a degenerate game: a segment of equilibria from
    # y = (0, 0, 1) to (1/2, 1/2, 0)); in binary 0.1 + 0.2 ≠ 0.3 and the game is a different
    # one. Each reading must agree with the brute-force reference on the same rationals.
    from bimatrix_reference import extreme_equilibria as brute

    A = [[1.0, 0.0, 0.6], [0.0, 1.0, 0.6]]
    B = [[0.1, 0.3, 0.2], [0.2, 0.0, 0.1]]
    for decimal, read in [(False, F), (True, lambda v: F(repr(v)))]:
        r = extreme_equilibria(A, B, decimal=decimal)
        exact = [[[read(v) for v in row] for row in M] for M in (A, B)]
        assert found(r) == brute(*exact)
    r = extreme_equilibria(A, B, decimal=True)
    assert found(r) == {eq([F(1, 2), F(1, 2)], [0, 0, 1]),
                        eq([F(1, 2), F(1, 2)], [F(1, 2), F(1, 2), 0])}


def test_bad_arguments_are_input_errors():
    with pytest.raises(InputError, match="differ in shape"):
        extreme_equilibria([[1, 2]], [[1], [2]])
    with pytest.raises(InputError, match="finite"):
        extreme_equilibria([[1.0, float("nan")]], [[1.0, 2.0]])
    with pytest.raises(InputError, match="unknown method 'vertx'; did you mean 'vertex'"):
        solve(game([[1]], [[1]]), "vertx")
    with pytest.raises(InputError, match="two-player"):
        solve(game(np.zeros((3, 2, 2, 2))), "vertex")


def test_fourteen_by_fourteen_through_solve():
    # Issue 12: beyond 13 × 13 the old solver fell back to Lemke–Howson (incomplete). A generic
    # random 14 × 14 game (A then B from default_rng(0)): QuantEcon's vertex enumeration finds
    # the same 29 equilibria (benchmarks/bench_equilibria.py, which also runs 16 × 16 to
    # 20 × 20), an odd number as for every nondegenerate game.
    rng = np.random.default_rng(0)
    r = solve(game(rng.random((14, 14)), rng.random((14, 14))))
    assert r.complete and r.method == "vertex" and len(r.equilibria) == 29
    assert r.max_regret_relative <= 1e-12
