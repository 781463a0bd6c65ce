"""Cross-checks: our methods against nashpy, against each other, and (optionally) Gambit."""

import warnings

import nashpy
import numpy as np
import pytest

from negotiation.games.equilibria import solve
from negotiation.games.game import Game


def game(a, b):
    return Game.from_payoffs(("r", "c"), (tuple(map(str, range(a.shape[0]))),
                                          tuple(map(str, range(a.shape[1])))), [a, b])


def rounded(pairs):
    return {tuple(np.round(np.concatenate(p), 6).tolist()) for p in pairs}


@pytest.mark.parametrize("shape", [(2, 2), (3, 3), (2, 4), (4, 3), (5, 5), (6, 6)])
@pytest.mark.parametrize("seed", range(4))
def test_two_players_match_nashpy_vertex_enumeration(shape, seed):
    # Continuous random payoffs: non-degenerate with probability one, so both methods must
    # return the same finite set.
    rng = np.random.default_rng(1000 * seed + shape[0] * 10 + shape[1])
    a, b = rng.random(shape), rng.random(shape)
    ours = solve(game(a, b))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = list(nashpy.Game(a, b).vertex_enumeration())
    assert rounded(e.sigma for e in ours.equilibria) == rounded(theirs)
    assert ours.complete and not ours.degenerate
    assert len(ours.equilibria) % 2 == 1          # non-degenerate games: an odd number


@pytest.mark.parametrize("seed", range(6))
def test_support_enumeration_agrees_with_vertex_enumeration(seed):
    # Two independent algorithms (certified subdivision vs. polytope vertices) on the same games.
    rng = np.random.default_rng(seed)
    shape = (3, 3) if seed % 2 else (3, 4)
    a, b = rng.random(shape), rng.random(shape)
    vertex, support = solve(game(a, b), "vertex"), solve(game(a, b), "support")
    assert (rounded(e.sigma for e in vertex.equilibria)
            == rounded(e.sigma for e in support.equilibria))
    assert support.complete


@pytest.mark.parametrize("seed", range(6))
def test_degenerate_games_every_extreme_equilibrium_verified(seed):
    rng = np.random.default_rng(seed)
    a, b = rng.integers(0, 3, size=(4, 4)), rng.integers(0, 3, size=(4, 4))
    r = solve(game(a.astype(float), b.astype(float)))
    assert r.equilibria and r.max_regret_relative <= 1e-9
    # Every pure equilibrium (found by the independent best-response masks) is extreme, so the
    # vertex enumeration must list it too.
    pure = {tuple(e.profile()) for e in r.pure}
    for i in range(4):
        for j in range(4):
            if a[i, j] == a[:, j].max() and b[i, j] == b[i, :].max():
                assert (i, j) in pure


def test_lemke_howson_results_are_verified():
    rng = np.random.default_rng(7)
    a, b = rng.random((5, 5)), rng.random((5, 5))
    r = solve(game(a, b), "lemke_howson")
    full = solve(game(a, b))
    assert not r.complete
    assert rounded(e.sigma for e in r.equilibria) <= rounded(e.sigma for e in full.equilibria)


def _gambit_profiles(g, result):
    return {tuple(np.round([float(profile[s]) for p in g.players for s in p.strategies], 6))
            for profile in result.equilibria}


def test_against_gambit_when_installed():
    # Gambit's enummixed (complete enumeration of extreme equilibria, in rationals) on a random
    # integer game and on Winkels' degenerate game (12 extreme equilibria).
    gbt = pytest.importorskip("pygambit")
    from published_games import WINKELS

    rng = np.random.default_rng(3)
    games = [(rng.integers(-5, 6, size=(4, 4)), rng.integers(-5, 6, size=(4, 4))),
             tuple(np.asarray(m, dtype=float) for m in WINKELS)]
    for a, b in games:
        g = gbt.Game.from_arrays(a.tolist(), b.tolist())
        theirs = _gambit_profiles(g, gbt.nash.enummixed_solve(g, rational=False))
        ours = solve(game(a.astype(float), b.astype(float)))
        assert rounded(e.sigma for e in ours.equilibria) == theirs


def test_against_gambit_enumpoly_on_three_players_when_installed():
    # Gambit's enumpoly (support enumeration with polynomial solving) on McKelvey and
    # McLennan's 2x2x2 game: the same nine equilibria. (On its 3x3x3 and 8x2x2 games it misses
    # one each; see test_nplayer_published.py.)
    gbt = pytest.importorskip("pygambit")
    from published_games import MCKELVEY_MCLENNAN_222 as u

    g = gbt.Game.from_arrays(*[u[i] for i in range(3)])
    theirs = _gambit_profiles(g, gbt.nash.enumpoly_solve(g))
    ours = solve(Game.from_payoffs("abc", [("0", "1")] * 3, u))
    assert rounded(e.sigma for e in ours.equilibria) == theirs


@pytest.mark.parametrize("shape, seed", [((2, 2, 2), k) for k in range(8)]
                         + [((2, 2, 3), 0), ((2, 3, 3), 0), ((3, 3, 3), 0), ((2, 2, 2, 2), 0)])
def test_generic_games_have_an_odd_number_of_equilibria(shape, seed):
    # Wilson (1971), "Computing equilibria of n-person games", SIAM J. Appl. Math. 21: almost
    # every finite game has an odd number of equilibria. A complete enumeration of a random
    # (hence generic) game that found an even number would have missed one.
    rng = np.random.default_rng([len(shape), *shape, seed])
    u = rng.random((len(shape),) + shape)
    g = Game.from_payoffs(tuple("abcd"[:len(shape)]), [tuple(map(str, range(s))) for s in shape],
                          u)
    r = solve(g)
    assert r.complete
    assert len(r.equilibria) % 2 == 1
