"""Published n-player games with known equilibrium sets (sources in published_games.py).

Every expected answer is independent of the package: derived by hand (in the comments), taken
from the game's published description, checked by the closed-form oracles of oracles.py, or
computed by Gambit 16.7's ``enumpoly`` (pygambit, an independent implementation of support
enumeration; run by tmp/cross.py, its output recorded in NOTES.md).
"""

import numpy as np
import pytest
from game_helpers import found, game, key, keys
from nplayer_oracles import max_regret, pure_equilibria, support_shape, three_mixing, two_mixing
from published_games import (
    GAMBIT_333,
    GAMBIT_543,
    GAMBIT_822,
    GAMBIT_2222,
    MCKELVEY_MCLENNAN_222,
    NAU_222,
)

from negotiation.games.equilibria import solve
from negotiation.games.gnm import gnm

A, B = [1, 0], [0, 1]


def mix(p):
    return [p, 1 - p]


# McKelvey–McLennan 2x2x2. With p, q, r the probabilities of strategy 1, only four profiles pay:
# (1,1,1) → (9,8,12), (2,2,1) → (9,8,2), (2,1,2) and (1,2,2) → (3,4,6). Player 1's gain from
# strategy 1 over 2 is D1 = 9qr + 3(1−q)(1−r) − 9(1−q)r − 3q(1−r) = (2q−1)(12r−3); likewise
# D2 = (2p−1)(12r−4) and D3 = 12pq + 2(1−p)(1−q) − 6(1−p)q − 6p(1−q).
# Pure: (1,1,1), (2,2,1), (2,1,2), (1,2,2) (each player would get 0 by deviating); the other
# four each let some player move from 0 to a positive payoff.
# One mixer: D1, D2, D3 never vanish at pure opponents. Two mixers:
#   players 1, 2 with r ∈ {0,1}: q = p = 1/2, then D3 = 1/2 > 0 → r = 1: (1/2, 1/2, 1);
#   players 1, 3: r = 1/4; q = 1: D3 = 18p − 6 → p = 1/3, D2 = 1/3 > 0 keeps q = 1 ✓;
#                 q = 0: p = 1/4, D2 = 1/2 > 0 contradicts q = 0 ✗;
#   players 2, 3: r = 1/3; p = 1: q = 1/3 but D1 = −1/3 < 0 contradicts p = 1 ✗;
#                 p = 0: D3 = 2 − 8q → q = 1/4, D1 = −1/2 < 0 keeps p = 0 ✓.
# Totally mixed: D1 = 0 ⇒ q = 1/2 or r = 1/4; D2 = 0 ⇒ p = 1/2 or r = 1/3. (q, p) = (1/2, 1/2)
# gives D3 = 1/2 ≠ 0; q = 1/2, r = 1/3 gives D3 = 5p − 2 → p = 2/5; r = 1/4, p = 1/2 gives
# D3 = 5q − 2 → q = 2/5. Nine in all, two totally mixed, as the Gambit file's title says.
MM_EQUILIBRIA = keys([
    (A, A, A), (B, B, A), (B, A, B), (A, B, B),
    (mix(1 / 2), mix(1 / 2), A), (mix(1 / 3), A, mix(1 / 4)), (B, mix(1 / 4), mix(1 / 3)),
    (mix(2 / 5), mix(1 / 2), mix(1 / 3)), (mix(1 / 2), mix(2 / 5), mix(1 / 4))])


def test_mckelvey_mclennan_nine_equilibria():
    r = solve(game(MCKELVEY_MCLENNAN_222))
    assert found(r) == MM_EQUILIBRIA and r.complete
    assert not r.unresolved and not r.unexamined
    assert r.max_regret_relative <= 1e-12


def test_mckelvey_mclennan_by_global_newton():
    # Every path from a generic ray crosses λ = 0 an odd number of times (Govindan & Wilson
    # 2003), so each ray yields at least one equilibrium, and all are genuine.
    r = solve(game(MCKELVEY_MCLENNAN_222), method="gnm")
    assert found(r) <= MM_EQUILIBRIA and len(found(r)) >= 3
    assert not r.complete


def test_nau_continuum_is_reported_unresolved():
    # Nau, Gomez Canovas & Hansen (2004). Here D1 = u1(1) − u1(2) = q(1−r) − 3qr = q(1 − 4r),
    # D2 = p(1 − 4r), D3 = 2pq − 3(1−p)(1−q). Pure equilibria: (2,1,1), (1,2,1), (2,2,2) (check
    # each deviation: e.g. at (2,1,1) D1 = −3 < 0, D2 = D3 = 0). At r = 1/4 players 1 and 2
    # are indifferent whatever happens, and player 3 mixes iff 2pq = 3(1−p)(1−q): a curve of
    # totally mixed equilibria from (1, 0, 1/4) to (0, 1, 1/4). For r > 1/4, q > 0 forces p = 0
    # and p > 0 forces q = 0, and D3 = 0 then gives (0, 1, r) or (1, 0, r): two segments up to
    # the pure equilibria at r = 1. For r < 1/4 only (0, 0, 0) survives. So the equilibria are
    # (0,0,0) and one connected continuum; the solver must say it could not resolve it.
    r = solve(game(NAU_222))
    assert {e.profile() for e in r.pure} == {(1, 0, 0), (0, 1, 0), (1, 1, 1)}
    assert not r.complete
    assert ((0, 1), (0, 1), (0, 1)) in r.unresolved           # the totally mixed curve
    assert ((0,), (1,), (0, 1)) in r.unresolved               # the segment (1, 0, r)
    for e in r.equilibria:
        p, q, rr = (float(s[0]) for s in e.sigma)
        on_curve = abs(rr - 0.25) < 1e-9 and abs(2 * p * q - 3 * (1 - p) * (1 - q)) < 1e-9
        on_segment = rr >= 0.25 - 1e-9 and {round(p, 9), round(q, 9)} == {0.0, 1.0}
        assert on_curve or on_segment or (p, q, rr) == (0.0, 0.0, 0.0)
    assert any("unresolved" in n and "gnm" in n for n in r.notes)


@pytest.mark.parametrize("u, count, pure", [(GAMBIT_333, 5, 2), (GAMBIT_2222, 3, None)])
def test_gambit_collection_counts(u, count, pure):
    # Counts from the files' titles: "3x3x3 game with five equilibria (two pure)", "2x2x2x2
    # game with 3 Nash equilibria". Gambit 16.7's enumpoly finds 4 of the five 3x3x3 ones.
    r = solve(game(u))
    assert len(r.equilibria) == count and r.complete
    if pure is not None:
        assert len(r.pure) == pure
    for e in r.equilibria:
        assert max_regret(u, e.sigma) <= 1e-9


@pytest.mark.parametrize("u", [MCKELVEY_MCLENNAN_222, GAMBIT_333, GAMBIT_822, GAMBIT_543])
def test_small_supports_match_closed_form_oracles(u):
    # Every equilibrium with supports of sizes (1,1,1), (1,2,2) in any order, or (2,2,2), found
    # by explicit loops and elimination (oracles.py), and no other.
    r = solve(game(u))
    ours = {}
    for e in r.equilibria:
        ours.setdefault(tuple(sorted(support_shape(e.sigma))), set()).add(key(e.sigma))
    assert ours.get((1, 1, 1), set()) == keys(pure_equilibria(u))
    assert ours.get((1, 2, 2), set()) == keys(two_mixing(u))
    assert ours.get((2, 2, 2), set()) == keys(three_mixing(u))


# The 5x4x3 game's equilibria, computed by our support enumeration and, identically to six
# decimals, by Gambit 16.7's enumpoly (pygambit) in 8.7 s; the first two are also the
# closed-form answers of oracles.two_mixing. No pure equilibrium (oracles.pure_equilibria).
GAMBIT_543_EQUILIBRIA = {
    (1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.377066, 0.622934, 0.0, 0.004839, 0.995161, 0.0),
    (0.0, 0.0, 0.5868, 0.0, 0.4132, 0.0, 0.384283, 0.0, 0.615717, 0.0, 0.0, 1.0),
    (0.280292, 0.0, 0.540839, 0.0, 0.178869, 0.0, 0.561476, 0.0, 0.438524, 0.0, 0.756645,
     0.243355)}


def test_gambit_5x4x3_complete():
    r = solve(game(GAMBIT_543))
    assert found(r) == GAMBIT_543_EQUILIBRIA and r.complete and not r.pure
    assert not pure_equilibria(GAMBIT_543)


def test_gambit_8x2x2_finds_what_enumpoly_misses():
    # Gambit 16.7's enumpoly reports 4 equilibria; ours has a fifth, with supports {3, 7},
    # {1, 2}, {1, 2}, which the elimination oracle confirms independently.
    r = solve(game(GAMBIT_822))
    assert len(r.equilibria) == 5 and r.complete
    extra = [s for s in three_mixing(GAMBIT_822)
             if np.count_nonzero(s[0]) == 2 and s[0][2] > 0 and s[0][6] > 0]
    assert len(extra) == 1 and key(extra[0]) in found(r)


@pytest.mark.parametrize("u", [GAMBIT_333, GAMBIT_543, GAMBIT_2222])
def test_global_newton_finds_only_true_equilibria(u):
    complete = found(solve(game(u)))
    result = gnm(u)
    assert result.finished == result.paths        # generic game: every path reaches its end
    assert 1 <= len(keys(result.equilibria)) and keys(result.equilibria) <= complete
