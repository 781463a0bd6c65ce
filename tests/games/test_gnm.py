"""The global Newton method (Govindan & Wilson 2003): it finds genuine equilibria, never
claims completeness, and agrees with independent methods."""

import itertools
import warnings

import nashpy
import numpy as np
import pytest
from game_helpers import found, game, keys
from nplayer_oracles import max_regret
from published_games import NAU_222

from negotiation.games.equilibria import solve
from negotiation.games.gnm import gnm


def test_jordan_unique_equilibrium_found_from_every_ray():
    # Jordan (1993), three-player matching pennies: player 1 wants to match 2, 2 to match 3,
    # 3 to mismatch 1; the unique equilibrium is everyone mixing 1/2. Each path crosses λ = 0
    # an odd number of times, so every ray must find it.
    u = np.zeros((3, 2, 2, 2))
    for a, b, c in itertools.product(range(2), repeat=3):
        u[:, a, b, c] = (a == b, b == c, c != a)
    for seed in range(3):
        result = gnm(u, rays=2, seed=seed)
        assert keys(result.equilibria) == keys([([.5, .5],) * 3])
        assert result.finished == result.paths == 2


@pytest.mark.parametrize("seed", range(4))
def test_two_player_games_agree_with_nashpy(seed):
    # Every equilibrium GNM finds in a random nondegenerate bimatrix game is among nashpy's
    # support-enumeration equilibria (an independent implementation).
    rng = np.random.default_rng(seed)
    a, b = rng.random((4, 4)), rng.random((4, 4))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = keys(nashpy.Game(a, b).support_enumeration())
    result = gnm(np.array([a, b]))
    assert result.finished == result.paths
    assert keys(result.equilibria) and keys(result.equilibria) <= expected


@pytest.mark.parametrize("shape", [(3, 3, 3), (2, 2, 2, 2), (3, 3, 2, 2)])
def test_n_player_subset_of_complete_enumeration(shape):
    u = np.random.default_rng(11).random((len(shape),) + shape)
    complete = solve(game(u))
    assert complete.complete
    r = solve(game(u), method="gnm")
    assert not r.complete and r.method == "gnm"
    assert found(r) and found(r) <= found(complete)
    for e in r.equilibria:
        assert max_regret(u, e.sigma) <= 1e-9


def test_gnm_does_not_depend_on_the_payoff_scale():
    u = np.random.default_rng(3).random((3, 3, 3, 3))
    c = np.array([1e-9, 1e6, 3.0])[:, None, None, None]
    first, second = gnm(u).equilibria, gnm(u * c + 5.0 * c).equilibria
    assert len(first) == len(second)
    for sigma in first:
        assert any(max(np.abs(x - y).max() for x, y in zip(sigma, other)) < 1e-8
                   for other in second)


def test_supplement_runs_gnm_only_when_enumeration_is_incomplete():
    nau = NAU_222                     # a continuum: support enumeration cannot finish
    plain = solve(game(nau))
    more = solve(game(nau), supplement=True)
    assert not plain.complete and not more.complete
    assert any("global Newton" in n for n in more.notes)
    assert found(plain) <= found(more)
    done = solve(game(np.random.default_rng(1).random((3, 2, 2, 2))), supplement=True)
    assert done.complete and not any("global Newton" in n for n in done.notes)
