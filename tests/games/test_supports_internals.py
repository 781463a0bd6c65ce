"""The pieces of the faster support enumeration, each against a brute-force or independent
answer: exact ranges, conditional-dominance pruning, batching, overdetermined profiles, and the
listing of what could not be resolved."""

import itertools

import numpy as np
from game_helpers import game, keys
from hypothesis import given, settings
from hypothesis import strategies as st
from nplayer_oracles import max_regret

from negotiation.games import boxes, supports
from negotiation.games.equilibria import solve
from negotiation.games.game import normalized_payoffs


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), sizes=st.lists(st.integers(2, 4), min_size=1, max_size=3))
def test_block_range_is_exact(seed, sizes):
    # A block-multiaffine function's range over a box is its range over the box's corners
    # (brute force: every corner of every block), which block_range must equal.
    rng = np.random.default_rng(seed)
    offsets = list(np.cumsum([0] + [k - 1 for k in sizes]))
    d = offsets[-1]
    lo = rng.random((2, d)) * 0.5
    hi = lo + rng.random((2, d)) * 0.5
    tensor = rng.normal(size=(2, 3) + tuple(sizes))
    low, high = boxes.block_range(tensor, list(range(len(sizes))), boxes._box(lo, hi, offsets))
    for b in range(2):
        values = []
        for corner in itertools.product((0, 1), repeat=d):
            t = np.where(np.array(corner, bool), hi[b], lo[b])
            value = tensor[b]
            for q in reversed(range(len(sizes))):
                tq = t[offsets[q]:offsets[q + 1]]
                value = value @ np.concatenate([[1 - tq.sum()], tq])
            values.append(value)
        assert np.allclose(low[b], np.min(values, axis=0), atol=1e-12)
        assert np.allclose(high[b], np.max(values, axis=0), atol=1e-12)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), shape=st.sampled_from([(2, 2, 2), (3, 2, 2), (3, 3, 2),
                                                           (2, 2, 2, 2)]))
def test_dominance_pruning_matches_brute_force(seed, shape):
    # A profile is pruned iff some player's support holds a strategy s and some strategy t does
    # strictly better than s against every pure profile of the others' supports (loops).
    u = np.round(np.random.default_rng(seed).random((len(shape),) + shape) * 4)
    profiles = supports.support_profiles(shape)
    dead = supports.dominated_profiles(normalized_payoffs(u), profiles)
    for p, x in zip(profiles, dead):
        brute = False
        for i, sup in enumerate(p):
            others = [list(p[j]) for j in range(len(shape)) if j != i]
            for s in sup:
                for t in range(shape[i]):
                    if all(u[i][prof[:i] + (t,) + prof[i:]] > u[i][prof[:i] + (s,) + prof[i:]]
                           for prof in itertools.product(*others)):
                        brute = True
        assert brute == bool(x)


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000), shape=st.sampled_from([(3, 3, 2), (2, 2, 2, 2), (4, 3, 2)]))
def test_pruning_loses_no_equilibrium(seed, shape):
    u = np.random.default_rng(seed).random((len(shape),) + shape)
    full = supports.support_enumeration(u, prune=False)
    pruned = supports.support_enumeration(u)
    assert full.complete and pruned.complete
    assert keys(full.equilibria) == keys(pruned.equilibria)
    assert pruned.pruned > 0


def test_batch_solves_like_one_profile_at_a_time():
    u = normalized_payoffs(np.random.default_rng(7).random((3, 3, 3, 3)))
    group = [p for p in supports.support_profiles((3, 3, 3))
             if tuple(len(s) for s in p) == (2, 2, 2)]
    together, ok, _ = boxes.Batch(u, group).solve(np.full(len(group), 10**6), 10**9)
    for p, sols, good in zip(group, together, ok):
        alone, ok1, _ = boxes.Batch(u, [p]).solve(np.array([10**6]), 10**9)
        assert good and ok1[0] and keys(sols) == keys(alone[0])


def test_overdetermined_profiles_are_resolved():
    # With player 1 pure, players 2 and 3 play a bimatrix game; supports of sizes 3 and 4 give
    # player 3 three equations in player 2's two unknowns: generically no solution, and the
    # profile must be proved empty, not left unresolved.
    u = normalized_payoffs(np.random.default_rng(0).random((3, 4, 4, 4)))
    p = ((1,), (0, 2, 3), (0, 1, 2, 3))
    batch = boxes.Batch(u, [p])
    assert batch.over is not None and batch.rank_deficient()[0]
    sols, ok, _ = batch.solve(np.array([20_000]), 10**9)
    assert ok[0] and not sols[0]


def test_continuum_lists_unresolved_profiles_by_name():
    # Player 1 is indifferent everywhere; players 2 and 3 play matching pennies scaled by
    # 1 + a (player 1's choice a): every (x, (1/2,1/2), (1/2,1/2)) is an equilibrium.
    u = np.zeros((3, 2, 2, 2))
    for a, b, c in itertools.product(range(2), repeat=3):
        u[1, a, b, c] = (1 + a) * (1 if b == c else -1)
        u[2, a, b, c] = -u[1, a, b, c]
    r = solve(game(u))
    assert not r.complete and ((0, 1), (0, 1), (0, 1)) in r.unresolved
    assert any("p0 {s0, s1}, p1 {s0, s1}, p2 {s0, s1}" in n for n in r.notes)
    for e in r.equilibria:
        assert np.allclose(e.sigma[1], [.5, .5]) and np.allclose(e.sigma[2], [.5, .5])
        assert max_regret(u, e.sigma) <= 1e-9


def test_unexamined_profiles_are_listed_when_the_total_budget_runs_out():
    u = np.random.default_rng(1).random((3, 3, 3, 3))
    r = supports.support_enumeration(u, total_budget=50)
    assert not r.complete and r.unexamined
    assert r.profiles_checked + len(r.unexamined) == r.profiles_total
