"""Properties of random perfect-information trees, checked against an independent oracle
(:func:`tree_cases.oracle`: every pure profile, one-shot deviation test by plain recursion).
Example counts are kept modest so the suite stays fast."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from tree_cases import flat, leaves, oracle, random_tree

from negotiation.games.efg import dumps, parse
from negotiation.games.extensive import leaf
from negotiation.games.pure import pure_equilibria
from negotiation.games.reduced import reduced_normal_form
from negotiation.games.subgame_perfect import subgame_perfect
from negotiation.games.tree import compile_game
from negotiation.report.trees import describe


def spe_list(result) -> list[dict]:
    return [describe(result.tree, e.behaviour, e.payoffs) for e in result.equilibria]


def key(profile: dict[str, str]) -> tuple:
    return tuple(sorted(profile.items()))


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 3))
def test_no_ties_unique_spe_and_nash(seed: int, players: int) -> None:
    game = random_tree(seed, players, with_chance=False)
    tree = compile_game(game)
    result = subgame_perfect(tree)
    # Exactly one pure SPE, complete, equal to the oracle's only profile.
    assert result.complete and len(result.equilibria) == 1
    (spe,) = spe_list(result)
    assert oracle(game) == [flat(spe)]
    # The fold-back over subgames agrees with backward induction.
    other = subgame_perfect(tree, method="subgames")
    assert [flat(e) for e in spe_list(other)] == [flat(spe)]
    # Its reduced image is a pure Nash equilibrium of the reduced normal form.
    form = reduced_normal_form(tree)
    profile = []
    for plan in form.plans:
        acts = np.array([tree.infoset_actions[h].index(flat(spe)[tree.infoset_key[h]])
                         for h in plan.infosets], dtype=np.int64)
        match = np.all((plan.table < 0) | (plan.table == acts[None, :]), axis=1)
        assert match.sum() == 1
        profile.append(int(np.argmax(match)))
    assert tuple(profile) in {tuple(p) for p in pure_equilibria(form.payoffs).tolist()}
    # And the game survives a round trip through .efg unchanged.
    back = compile_game(parse(dumps(game)))
    assert np.array_equal(back.payoff, tree.payoff) and back.infoset_key == tree.infoset_key


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 3))
def test_with_chance_matches_oracle(seed: int, players: int) -> None:
    game = random_tree(seed, players, with_chance=True)
    result = subgame_perfect(compile_game(game))
    assert result.complete
    assert sorted(map(key, oracle(game))) == sorted(key(flat(e)) for e in spe_list(result))


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_ties_all_pure_spe_match_oracle(seed: int) -> None:
    # Payoffs drawn from {0, 1}: ties everywhere. The fold-back lists every pure SPE.
    game = random_tree(seed, 2, with_chance=False)
    rng = np.random.default_rng(seed + 1)
    for z in leaves(game.root):
        z.outcome = leaf(*rng.integers(0, 2, size=2)).outcome
    result = subgame_perfect(compile_game(game))
    assert result.complete
    assert sorted(map(key, oracle(game))) == sorted(key(flat(e)) for e in spe_list(result))
