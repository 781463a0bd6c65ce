"""Equilibria of games whose answers are derived by hand or published (derivations inline)."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.games.equilibria import solve
from negotiation.games.game import Game
from negotiation.games.pure import pure_equilibria


def game(a, b=None, names=None):
    """A game from payoff tensors; two-player when ``b`` is given."""
    payoffs = np.array([a, b]) if b is not None else np.asarray(a)
    shape = payoffs.shape[1:]
    players = tuple(f"p{i}" for i in range(len(shape)))
    strategies = names or tuple(tuple(f"s{k}" for k in range(s)) for s in shape)
    return Game.from_payoffs(players, strategies, payoffs)


def found(result):
    """The equilibria as sets of rounded probability tuples."""
    return {tuple(round(float(p), 6) for s in e.sigma for p in s) for e in result.equilibria}


def expect(*profiles):
    return {tuple(round(float(p), 6) for s in prof for p in s) for prof in profiles}


def brute_regret(payoffs, sigma):
    """Largest regret, by explicit sums over every profile (independent of the package)."""
    n = len(sigma)
    shape = payoffs.shape[1:]
    worst = 0.0
    for i in range(n):
        value = 0.0
        dev = np.zeros(shape[i])
        for prof in itertools.product(*(range(s) for s in shape)):
            weight = np.prod([sigma[j][prof[j]] for j in range(n)])
            others = np.prod([sigma[j][prof[j]] for j in range(n) if j != i])
            value += weight * payoffs[i][prof]
            dev[prof[i]] += others * payoffs[i][prof]
        worst = max(worst, dev.max() - value)
    return worst


def check_verified(result):
    for e in result.equilibria:
        assert brute_regret(result.game.payoffs, e.sigma) <= 1e-9
        assert all(abs(s.sum() - 1) < 1e-12 and s.min() >= 0 for s in e.sigma)
    assert result.max_regret <= 1e-9


# Two-player games with every equilibrium derived by hand (the derivation beside each row).
KNOWN_TWO_PLAYER = [
    # Prisoner's Dilemma: defect strictly dominates (5 > 3, 1 > 0); mutual defection only.
    ("prisoners_dilemma", [[3, 0], [5, 1]], [[3, 5], [0, 1]], [([0, 1], [0, 1])]),
    # Stag hunt, Jervis's order CC 4 > DC 3 > DD 2 > CD 1. Pure (C, C), (D, D); mixed: the row
    # player is indifferent when 4q + 1(1-q) = 3q + 2(1-q), q = 1/2, and symmetrically.
    ("stag_hunt", [[4, 1], [3, 2]], [[4, 3], [1, 2]],
     [([1, 0], [1, 0]), ([0, 1], [0, 1]), ([.5, .5], [.5, .5])]),
    # Chicken, crash -10: pure (S, T), (T, S); mixed: q - 1 = 11q - 10, q = 9/10 swerving.
    ("chicken", [[0, -1], [1, -10]], [[0, 1], [-1, -10]],
     [([1, 0], [0, 1]), ([0, 1], [1, 0]), ([.9, .1], [.9, .1])]),
    # Battle of the sexes: (2,1)/(1,2) on the diagonal. Row indifferent when 2q = 1 - q
    # (q = 1/3); column when p = 2(1 - p) (p = 2/3).
    ("battle_of_the_sexes", [[2, 0], [0, 1]], [[1, 0], [0, 2]],
     [([1, 0], [1, 0]), ([0, 1], [0, 1]), ([2 / 3, 1 / 3], [1 / 3, 2 / 3])]),
    # Matching pennies: zero-sum, no saddle point; (1/2, 1/2) for both.
    ("matching_pennies", [[1, -1], [-1, 1]], [[-1, 1], [1, -1]], [([.5, .5], [.5, .5])]),
    # von Stengel (2007), "Equilibrium computation for two-player games in strategic and
    # extensive form", Algorithmic Game Theory ch. 3: exactly three equilibria. By hand:
    # (1,0,0),(1,0): A·(1,0) = (3,2,0), B row 1 = (3,2): both best responses.
    # (4/5,1/5,0),(2/3,1/3): A y = (3, 3, 2), xᵀB = (2.8, 2.8).
    # (0,1/3,2/3),(1/3,2/3): A y = (3, 4, 4), xᵀB = (8/3, 8/3).
    ("von_stengel_3x2", [[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]],
     [([1, 0, 0], [1, 0]), ([.8, .2, 0], [2 / 3, 1 / 3]), ([0, 1 / 3, 2 / 3], [1 / 3, 2 / 3])]),
]


@pytest.mark.parametrize("name, a, b, equilibria", KNOWN_TWO_PLAYER,
                         ids=[row[0] for row in KNOWN_TWO_PLAYER])
def test_known_two_player_games(name, a, b, equilibria):
    r = solve(game(a, b))
    assert found(r) == expect(*equilibria)
    assert r.complete and not r.degenerate
    check_verified(r)


def test_degenerate_game_reports_extreme_points():
    # The row's first strategy strictly dominates; the column player is indifferent between its
    # two strategies against it, so every (r1, y) is an equilibrium: a segment whose extreme
    # points are (r1, c1) and (r1, c2). The pure strategy r1 has two best responses: degenerate.
    r = solve(game([[1, 1], [0, 0]], [[1, 1], [0, 0]]))
    assert r.degenerate
    assert found(r) == expect(([1, 0], [1, 0]), ([1, 0], [0, 1]))
    assert any("degenerate" in n for n in r.notes)


def nine_equilibria_game():
    """A symmetric 2×2×2 game built so that u_i(A) − u_i(B) = f(x_j, x_k) with
    f(a, b) = 4 − 9a − 9b + 18ab (a, b the other players' probabilities of A)."""
    f = {(1, 1): 4, (1, 0): -5, (0, 1): -5, (0, 0): 4}
    u = np.zeros((3, 2, 2, 2))
    for prof in itertools.product(range(2), repeat=3):       # strategy 0 = A
        for i in range(3):
            if prof[i] == 0:
                u[i][prof] = f[tuple(1 - prof[j] for j in range(3) if j != i)]
    return u


def test_three_player_game_with_nine_equilibria():
    # Derivation: totally mixed equilibria solve f(q,r) = f(p,r) = f(p,q) = 0. For fixed r,
    # f(·, r) is affine with slope 18r − 9 ≠ 0 (at r = 1/2, f = −1/2 ≠ 0), so p = q, and likewise
    # p = r; then 18t² − 18t + 4 = 0 gives t = 1/3 or 2/3 — two totally mixed equilibria, the
    # maximum for 2×2×2 games (McKelvey & McLennan 1997, J. Econ. Theory 72, 411–425).
    # Pure: AAA (f(1,1) = 4 > 0) and the three with one A (the A player faces f(0,0) = 4 ≥ 0, the
    # B players face f(1,0) = −5 < 0); all-B fails (f(0,0) = 4 > 0), two A's fail (f = −5).
    # Two mixing, one pure: pure A needs f(q,1) = 9q − 5 = 0, q = 5/9, but then the pure player
    # faces f(5/9,5/9) = −4/9 < 0 and deviates; pure B needs f(q,0) = 4 − 9q = 0, q = 4/9, and
    # f(4/9,4/9) = −4/9 < 0 keeps it at B: three equilibria. One mixing: f never vanishes at
    # pure points. Total 4 + 3 + 2 = 9.
    r = solve(game(nine_equilibria_game()))
    a, b, m = [1, 0], [0, 1], [4 / 9, 5 / 9]
    assert found(r) == expect(
        (a, a, a), (a, b, b), (b, a, b), (b, b, a), (m, m, b), (m, b, m), (b, m, m),
        ([1 / 3, 2 / 3],) * 3, ([2 / 3, 1 / 3],) * 3)
    assert r.complete
    check_verified(r)


def test_jordans_three_player_matching_pennies():
    # Jordan (1993), "Three problems in learning mixed-strategy Nash equilibria", Games Econ.
    # Behav. 5: player 1 wants to match 2, 2 to match 3, 3 to mismatch 1. In any pure profile
    # someone gains by switching; the unique equilibrium has everyone mixing 1/2.
    u = np.zeros((3, 2, 2, 2))
    for a, b, c in itertools.product(range(2), repeat=3):
        u[:, a, b, c] = (a == b, b == c, c != a)
    r = solve(game(u))
    assert found(r) == expect(([.5, .5],) * 3)
    assert r.complete


@pytest.mark.parametrize("players", [2, 3, 4])
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_pure_equilibria_match_brute_force(players, data):
    shape = tuple(data.draw(st.integers(1, 4)) for _ in range(players))
    values = data.draw(st.lists(st.integers(-3, 3), min_size=players * int(np.prod(shape)),
                                max_size=players * int(np.prod(shape))))
    u = np.array(values, dtype=float).reshape((players,) + shape)
    brute = set()
    for prof in itertools.product(*(range(s) for s in shape)):
        if all(u[i][prof] >= max(u[i][prof[:i] + (t,) + prof[i + 1:]] for t in range(shape[i]))
               for i in range(players)):
            brute.add(prof)
    assert {tuple(p) for p in pure_equilibria(u).tolist()} == brute


def test_duplicate_strategies_are_merged_and_said():
    # Each player has postures (sustain, sustain_too, escalate); payoffs depend only on efforts:
    # escalating costs the escalator 0.1 and every other player 0.2. Sustaining strictly beats
    # escalating, so the equilibria are the 8 profiles of sustain postures, and mixtures between
    # the two sustain postures (duplicates: the same payoffs for everyone everywhere).
    effort = np.array([0, 0, 1])
    u = np.zeros((3, 3, 3, 3))
    for prof in itertools.product(range(3), repeat=3):
        e = effort[list(prof)]
        for i in range(3):
            u[i][prof] = -0.1 * e[i] - 0.2 * (e.sum() - e[i])
    r = solve(game(u))
    assert {e.profile() for e in r.pure} == set(itertools.product((0, 1), repeat=3))
    assert not r.mixed and r.complete
    assert sum("duplicate" in n for n in r.notes) == 3


def test_continuum_is_reported_incomplete_with_a_representative():
    # Player 1's payoff is always 0 (indifferent everywhere); players 2 and 3 play matching
    # pennies scaled by 1 + a (player 1's choice a ∈ {0, 1}), so player 1's strategies are not
    # duplicates, but a positive scale changes no indifference: every (x, (1/2,1/2), (1/2,1/2))
    # is an equilibrium. A continuum, which support enumeration cannot certify: it must say so
    # and still verify what it reports.
    u = np.zeros((3, 2, 2, 2))
    for a, b, c in itertools.product(range(2), repeat=3):
        u[1, a, b, c] = (1 + a) * (1 if b == c else -1)
        u[2, a, b, c] = -u[1, a, b, c]
    r = solve(game(u))
    assert not r.complete and any("unresolved" in n for n in r.notes)
    assert r.mixed
    for e in r.equilibria:
        assert np.allclose(e.sigma[1], [.5, .5]) and np.allclose(e.sigma[2], [.5, .5])
    check_verified(r)


def test_supports_that_can_reach_agreement_are_searched_first_and_reported():
    # The continuum game above, with agreement exactly where player 1 plays its first strategy.
    # An equilibrium reaching agreement with certainty must keep player 1 on it; then players 2
    # and 3 play matching pennies (scale 1): (s0, (1/2,1/2), (1/2,1/2)) is the only one, in a
    # support the method resolves, although the continuum elsewhere stays unresolved.
    from dataclasses import replace

    u = np.zeros((3, 2, 2, 2))
    for a, b, c in itertools.product(range(2), repeat=3):
        u[1, a, b, c] = (1 + a) * (1 if b == c else -1)
        u[2, a, b, c] = -u[1, a, b, c]
    agreement = np.zeros((2, 2, 2), dtype=bool)
    agreement[0] = True
    r = solve(replace(game(u), agreement=agreement))
    assert not r.complete and r.agreement_complete and r.reaching_settled
    assert found_reaching(r) == expect(([1, 0], [.5, .5], [.5, .5]))


def found_reaching(result):
    return {tuple(round(float(p), 6) for s in e.sigma for p in s) for e in result.reaching}
