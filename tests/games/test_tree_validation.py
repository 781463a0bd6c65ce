"""Malformed games, built in code or written in a [tree] section: each error names the node (or
key path) and the fix; and the structure checks (perfect recall, subgames)."""

from __future__ import annotations

import numpy as np
import pytest

from negotiation.cli import main
from negotiation.errors import ModelError
from negotiation.games.extensive import Chance, Decision, ExtensiveGame, Terminal, leaf, move
from negotiation.games.reduced import reduced_normal_form
from negotiation.games.subgame_perfect import backward_induction, subgame_perfect
from negotiation.games.tree import compile_game
from negotiation.games.tree_structure import recall_violations, subgame_roots
from negotiation.sections import load_game


def game(root: object, players: tuple[str, ...] = ("a", "b")) -> ExtensiveGame:
    return ExtensiveGame(players, root)


CASES = [
    (game(move("c", "h", {"x": leaf(0, 0)})), "node root", "player 'c' is not a player"),
    (game(move("a", "h", {"x": leaf(0, 0), "y": move("b", "g", {"p": leaf(1, 1, 1)})})),
     "node root → y → p", "has 3 payoffs for 2 players"),
    (game(Chance(("u", "d"), (0.5, 0.4), (leaf(0, 0), leaf(1, 1)))), "node root",
     "sum to 0.9, not 1"),
    (game(Chance(("u", "d"), (1.5, -0.5), (leaf(0, 0), leaf(1, 1)))), "node root",
     "negative"),
    (game(Decision("a", "h", ("x", "x"), (leaf(0, 0), leaf(1, 1)))), "node root",
     "empty or repeated"),
    (game(Decision("a", "h", ("x", "y"), (leaf(0, 0),))), "node root", "2 actions but 1"),
    (game(Decision("a", "h", (), ())), "node root", "no actions"),
    (game(move("a", "h", {"x": move("b", "g", {"p": leaf(0, 0), "q": leaf(0, 0)}),
                          "y": move("b", "g", {"p": leaf(0, 0), "r": leaf(0, 0)})})),
     "node root → y", "offers ['p', 'r'] here but ['p', 'q'] at node root → x"),
    (game(leaf(0, float("nan"))), "node root", "not a finite number"),
    (game(move("a", "h", {"x": "not a node"})), "node root → x", "not a node"),
    (ExtensiveGame(("a", "a"), leaf(0, 0)), None, "empty or repeated"),
]


@pytest.mark.parametrize("bad, where, words", CASES)
def test_errors_name_node_and_fix(bad: ExtensiveGame, where: str | None, words: str) -> None:
    with pytest.raises(ModelError) as info:
        compile_game(bad)
    assert info.value.key == where and words in info.value.message, str(info.value)
    assert info.value.fix


def forgetful() -> ExtensiveGame:
    # Player a chooses L or R, then (after b's move) cannot tell whether she chose L or R:
    # her information set "later" joins nodes that follow different own actions.
    def later() -> Decision:
        return move("a", "later", {"u": leaf(1, 0), "v": leaf(0, 1)})
    return game(move("a", "first", {"L": move("b", "mid", {"m": later()}),
                                    "R": move("b", "mid2", {"m": later()})}))


def test_perfect_recall_violation_is_reported() -> None:
    tree = compile_game(forgetful())
    bad = recall_violations(tree)
    assert len(bad) == 1 and "forgets her own moves at information set 'later'" in bad[0]
    assert "first:L" in bad[0] and "first:R" in bad[0]
    with pytest.raises(ModelError, match="does not have perfect recall"):
        subgame_perfect(tree)
    with pytest.raises(ModelError, match="split the information set"):
        reduced_normal_form(tree)


def test_absent_mindedness_is_reported() -> None:
    # The absent-minded driver (Piccione & Rubinstein 1997): one information set holds the first
    # exit and the second, its descendant.
    driver = game(move("a", "exit?", {"exit": leaf(0, 0),
                                      "continue": move("a", "exit?", {"exit": leaf(4, 0),
                                                                      "continue": leaf(1, 0)})}))
    bad = recall_violations(compile_game(driver))
    assert any("absent-mindedness" in line for line in bad)


def test_subgame_roots_and_perfect_information() -> None:
    # Player b's information set spans both of a's actions, so only the root starts a subgame.
    joined = game(move("a", "h", {"x": move("b", "g", {"p": leaf(0, 0), "q": leaf(1, 0)}),
                                  "y": move("b", "g", {"p": leaf(0, 1), "q": leaf(1, 1)})}))
    tree = compile_game(joined)
    assert subgame_roots(tree).tolist() == [True, False, False, False, False, False, False]
    assert not tree.perfect_information
    with pytest.raises(ModelError, match="needs perfect information"):
        backward_induction(tree)


def test_shared_subtree_object_becomes_two_nodes() -> None:
    # Reusing one node object in two places is allowed: the tree gets two copies.
    shared = leaf(1, 2)
    tree = compile_game(game(move("a", "h", {"x": shared, "y": shared})))
    assert tree.n_nodes == 3 and np.array_equal(tree.payoff[1], tree.payoff[2])


def test_terminal_without_outcome_pays_zero() -> None:
    tree = compile_game(game(move("a", "h", {"x": Terminal(), "y": leaf(1, 1)})))
    assert tree.payoff[1].tolist() == [0.0, 0.0]


ENTRY = """
[tree]
title = "Entry deterrence"
players = ["entrant", "incumbent"]
source = "Selten (1978)"
[tree.root]
player = "entrant"
[tree.root.actions.OUT]
payoffs = { entrant = 1, incumbent = 5 }
[tree.root.actions.IN]
player = "incumbent"
[tree.root.actions.IN.actions.COOPERATIVE]
payoffs = [2, 2]
[tree.root.actions.IN.actions.AGGRESSIVE]
payoffs = [0, 0]
"""


def test_tree_section_reads_as_the_same_game(tmp_path) -> None:
    # The same chain-store game as tree_cases.chain_store_stage, written as a [tree] section;
    # information sets default to the node's path ("root", "IN").
    path = tmp_path / "entry.toml"
    path.write_text(ENTRY, encoding="utf-8")
    loaded = load_game(path)
    tree = compile_game(loaded.tree)
    assert loaded.tree.players == ("entrant", "incumbent")
    assert tree.infoset_key == ("root", "IN")
    assert tree.payoff[tree.terminals].tolist() == [[1, 5], [2, 2], [0, 0]]
    assert loaded.game.shape == (2, 2)            # the reduced normal form


SECTION_CASES = [
    # (replace, with, key path in the message, words)
    ('player = "incumbent"', 'player = "incumbant"', "tree.root.actions.IN.player",
     "did you mean 'incumbent'"),
    ("payoffs = [2, 2]", "payoffs = [2, 2, 2]", "tree.root.actions.IN.actions.COOPERATIVE.payoffs",
     "3 payoffs for 2 players"),
    ("payoffs = { entrant = 1, incumbent = 5 }", "payoffs = { entrant = 1 }",
     "tree.root.actions.OUT.payoffs.incumbent", "no payoff for player 'incumbent'"),
    ("payoffs = { entrant = 1, incumbent = 5 }", "label = \"out\"",
     "tree.root.actions.OUT", "a terminal node needs payoffs"),
    ('player = "incumbent"', 'player = "chance"',
     "tree.root.actions.IN.actions.COOPERATIVE.probability", "missing"),
    ("payoffs = [0, 0]", "payoffs = [0, 0]\nprobability = 0.5",
     "tree.root.actions.IN.actions.AGGRESSIVE.probability", "only the actions of a chance node"),
    ('players = ["entrant", "incumbent"]', 'players = ["entrant", "entrant"]', "tree.players",
     "appears twice"),
    ('title = "Entry deterrence"', 'title = "Entry deterrence"\ncolour = "red"', "tree.colour",
     "unknown key 'colour'"),
]


@pytest.mark.parametrize("old, new, where, words", SECTION_CASES)
def test_tree_section_errors(tmp_path, capsys, old: str, new: str, where: str,
                             words: str) -> None:
    assert old in ENTRY
    path = tmp_path / "bad.toml"
    path.write_text(ENTRY.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ModelError) as info:
        load_game(path)
    assert info.value.key == where and words in info.value.message, str(info.value)
    assert main(["equilibria", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"bad.toml: {where}: " in err and "Traceback" not in err


def test_tree_section_chance_probabilities(tmp_path) -> None:
    # Chance nodes take probabilities as numbers or rationals; a sum other than 1 names the
    # chance node's key path (checked by compile_game with the node's location).
    text = ENTRY.replace('player = "incumbent"', 'player = "chance"').replace(
        "payoffs = [2, 2]", 'payoffs = [2, 2]\nprobability = "1/3"').replace(
        "payoffs = [0, 0]", "payoffs = [0, 0]\nprobability = 0.5")
    path = tmp_path / "chance.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ModelError) as info:
        load_game(path)
    assert info.value.key == "tree.root.actions.IN" and "sum to 0.833333333333" in str(info.value)
    path.write_text(text.replace("probability = 0.5", 'probability = "2/3"'), encoding="utf-8")
    tree = compile_game(load_game(path).tree)
    assert tree.edge_prob[tree.children(2)].tolist() == [1 / 3, 2 / 3]


def test_tree_and_game_sections_together_are_refused(tmp_path) -> None:
    path = tmp_path / "both.toml"
    path.write_text(ENTRY + """
[game]
players = ["a", "b"]
[game.strategies]
a = ["x"]
b = ["y"]
[game.payoffs]
a = [[0]]
b = [[0]]
""", encoding="utf-8")
    with pytest.raises(ModelError, match="both a \\[game\\] and a \\[tree\\]"):
        load_game(path)
