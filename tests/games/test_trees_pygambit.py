"""Cross-checks of game trees against Gambit's Python package (pygambit), skipped cleanly when it
is not installed (it is not a dependency: docs/dependencies.md).

Gambit reads the files we write, and we read the files it writes; the numbers of nodes, reduced
strategies, subgames and pure Nash equilibria agree; and Gambit finds each of our SPE to be a
Nash equilibrium (its maximum regret is zero) with the same payoffs.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from tree_cases import (
    SIGNAL,
    centipede,
    chain_store_stage,
    entry_under_uncertainty,
    pennies_with_exit,
    random_tree,
    ultimatum,
)

from negotiation.games.efg import dumps, parse
from negotiation.games.pure import pure_equilibria
from negotiation.games.reduced import reduced_normal_form
from negotiation.games.subgame_perfect import subgame_perfect
from negotiation.games.tree import compile_game
from negotiation.games.tree_structure import subgame_roots

GAMES = {
    "chain store": chain_store_stage, "centipede": centipede, "ultimatum": ultimatum,
    "chance": entry_under_uncertainty, "pennies": lambda: pennies_with_exit(0.4),
    "signal": lambda: parse(SIGNAL),
    **{f"random {s}": (lambda s=s: random_tree(s, 2 + s % 2, with_chance=s % 3 == 0))
       for s in range(8)},
}


@pytest.mark.parametrize("name", sorted(GAMES))
def test_gambit_agrees(name: str) -> None:
    gbt = pytest.importorskip("pygambit")
    game = GAMES[name]()
    tree = compile_game(game)
    theirs = gbt.read_efg(io.StringIO(dumps(game)))
    assert [p.label for p in theirs.players] == list(game.players)
    assert len(list(theirs.nodes)) == tree.n_nodes
    form = reduced_normal_form(tree)
    assert [len(p.strategies) for p in theirs.players] == [len(p.table) for p in form.plans]
    assert len(list(theirs.subgames)) == int(subgame_roots(tree).sum())
    assert len(gbt.nash.enumpure_solve(theirs).equilibria) == len(pure_equilibria(form.payoffs))
    # Gambit's own writing reads back to the same tree.
    back = compile_game(parse(theirs.to_efg()))
    assert np.allclose(back.payoff[back.terminals], tree.payoff[tree.terminals])
    assert np.allclose(back.reach, tree.reach)
    # Our SPE is a Nash equilibrium by Gambit's regret, with the same payoffs.
    for eq in subgame_perfect(tree).equilibria:
        data = []
        for i in range(tree.n_players):
            per = []
            for h in np.flatnonzero(tree.infoset_player == i):
                b = eq.behaviour[tree.action_base[h]:tree.action_base[h + 1]]
                per.append([float(x) for x in (np.full(len(b), 1 / len(b))
                                               if np.isnan(b).any() else b)])
            data.append(per)
        profile = theirs.mixed_behavior_profile(data)
        assert profile.max_regret() < 1e-9
        assert np.allclose([profile.payoff(p) for p in theirs.players], eq.payoffs)
