"""Textbook game trees with subgame-perfect equilibria derived by hand in the comments."""

from __future__ import annotations

import json

import numpy as np
import pytest
from tree_cases import (
    centipede,
    chain_store_stage,
    entry_under_uncertainty,
    pennies_with_exit,
    ultimatum,
)

from negotiation.games.extensive import ExtensiveGame, leaf, move
from negotiation.games.reduced import reduced_normal_form
from negotiation.games.subgame_perfect import pure_solver, subgame_perfect
from negotiation.games.tree import compile_game
from negotiation.games.tree_equilibria import solve_tree
from negotiation.report.trees import describe, tree_document, tree_text


def spe_json(game: ExtensiveGame, **kw) -> list[dict]:
    result = subgame_perfect(compile_game(game), **kw)
    return [describe(result.tree, e.behaviour, e.payoffs) for e in result.equilibria]


def test_chain_store_stage_spe_and_noncredible_threat() -> None:
    # Backward induction: after IN the chain store compares 2 (cooperative) with 0 (aggressive)
    # and cooperates; the competitor compares 2 (IN) with 1 (OUT) and enters. SPE: (IN,
    # COOPERATIVE), payoffs (2, 2), unique since no mover is indifferent.
    result = solve_tree(chain_store_stage())
    assert result.spe.complete and result.spe.scope == "all" and len(result.spe.equilibria) == 1
    doc = tree_document(result)
    spe = doc["subgame_perfect"][0]
    assert spe["strategies"] == {"competitor": {"k": "IN"}, "chain store": {"A": "COOPERATIVE"}}
    assert spe["path"] == ["IN", "COOPERATIVE"]
    assert spe["payoffs"] == {"competitor": 2.0, "chain store": 2.0}
    # Reduced normal form (rows OUT, IN; columns COOPERATIVE, AGGRESSIVE):
    #   OUT: (1,5) (1,5);  IN: (2,2) (0,0).
    # Nash equilibria: (IN, COOPERATIVE), and OUT against any q = P(AGGRESSIVE) with
    # 2(1 - q) <= 1, i.e. q in [1/2, 1]: a continuum with extreme points q = 1 (pure) and
    # q = 1/2. Only (IN, COOPERATIVE) is subgame perfect; OUT rests on the threat to fight,
    # which the chain store would not carry out (0 < 2): not credible.
    assert doc["complete"] and doc["degenerate"]
    assert doc["pure"] == [{"competitor": "OUT", "chain store": "AGGRESSIVE"},
                           {"competitor": "IN", "chain store": "COOPERATIVE"}]
    assert [e["subgame_perfect"] for e in doc["equilibria"]] == [False, True, False]
    bad = doc["nash_not_subgame_perfect"]
    assert [e["plans"] for e in bad] == [
        {"competitor": {"OUT": 1.0}, "chain store": {"AGGRESSIVE": 1.0}},
        {"competitor": {"OUT": 1.0}, "chain store": {"COOPERATIVE": 0.5, "AGGRESSIVE": 0.5}}]
    why = bad[0]["why"]
    assert why["player"] == "chain store" and why["subgame"] == ["IN"]
    assert (why["prescribed"], why["prescribed_payoff"]) == ("AGGRESSIVE", 0.0)
    assert (why["better"], why["better_payoff"]) == ("COOPERATIVE", 2.0)
    # The mixed one: after IN the chain store's 1/2-1/2 gives 1, cooperating gives 2.
    assert (bad[1]["why"]["prescribed_payoff"], bad[1]["why"]["better_payoff"]) == (1.0, 2.0)
    assert doc["nash_subgame_perfection_undecided"] == []


def test_chain_store_two_towns() -> None:
    # Two towns (Selten 1978 with m = 2): the chain store's payoff is the sum over towns. In town
    # 2 the stage game is as above whatever happened in town 1, so (IN, COOPERATIVE) there; town
    # 1's fight cannot deter, so (IN, COOPERATIVE) in town 1 too. Payoffs: competitors 2 each,
    # chain store 2 + 2 = 4.
    def town2(c1: float, a1: float):
        return move("competitor 2", f"k2 after {c1},{a1}", {
            "OUT": leaf(c1, 1, a1 + 5),
            "IN": move("chain store", f"A2 after {c1},{a1}", {
                "COOPERATIVE": leaf(c1, 2, a1 + 2), "AGGRESSIVE": leaf(c1, 0, a1)}),
        })
    game = ExtensiveGame(("competitor 1", "competitor 2", "chain store"), move(
        "competitor 1", "k1", {
            "OUT": town2(1, 5),
            "IN": move("chain store", "A1", {"COOPERATIVE": town2(2, 2),
                                             "AGGRESSIVE": town2(0, 0)})}))
    (spe,) = spe_json(game)
    assert spe["path"] == ["IN", "COOPERATIVE", "IN", "COOPERATIVE"]
    assert spe["payoffs"] == {"competitor 1": 2.0, "competitor 2": 2.0, "chain store": 4.0}


def test_centipede_takes_at_once() -> None:
    # Move 4: player 2 takes (3.20 > 1.60). Move 3: player 1 takes (1.60 > 0.80). Move 2:
    # player 2 takes (0.80 > 0.40). Move 1: player 1 takes (0.40 > 0.20). Unique SPE: take
    # everywhere, payoffs (0.40, 0.10).
    result = solve_tree(centipede())
    doc = tree_document(result)
    spe = doc["subgame_perfect"]
    assert len(spe) == 1 and doc["subgame_perfect_complete"]
    assert spe[0]["strategies"] == {"1": {"move 1": "take", "move 3": "take"},
                                    "2": {"move 2": "take", "move 4": "take"}}
    assert spe[0]["path"] == ["take"] and spe[0]["payoffs"] == {"1": 0.4, "2": 0.1}
    # Reduced plans: player 1 {take, pass/take, pass/pass}, player 2 likewise.
    assert result.form.labels() == [["take/*", "pass/take", "pass/pass"],
                                    ["take/*", "pass/take", "pass/pass"]]
    # Nash equilibria, by hand. Player 1 takes at once: if she passed with positive probability
    # player 2 would strictly prefer to take at move 2 (0.80 > 0.40), and then passing is worse
    # for player 1 (0.20 < 0.40). Against "take", player 2's mixture (q_t, q_pt, q_pp) over
    # (take, pass/take, pass/pass) must leave player 1 no better deviation:
    #   pass/take: 0.20 q_t + 1.60 (q_pt + q_pp) <= 0.40  <=>  q_pt + q_pp <= 1/7
    #   pass/pass: 0.20 q_t + 0.80 q_pt + 6.40 q_pp <= 0.40  <=>  0.6 q_pt + 6.2 q_pp <= 0.2
    # a polygon with vertices (q_pt, q_pp) = (0, 0), (1/7, 0), (0, 1/31), (6/49, 1/49): four
    # extreme equilibria, one pure (take, take) — the SPE.
    doc_eq = [e for e in doc["equilibria"]]
    got = sorted((round(e["strategies"]["2"]["pass/take"], 9),
                  round(e["strategies"]["2"]["pass/pass"], 9)) for e in doc_eq)
    assert got == sorted((round(a, 9), round(b, 9))
                         for a, b in [(0, 0), (1 / 7, 0), (0, 1 / 31), (6 / 49, 1 / 49)])
    assert all(e["strategies"]["1"]["take/*"] == 1.0 for e in doc_eq)
    # Subgame perfection: in the subgame at move 4 player 2 must take (3.20 > 1.60); her
    # behaviour there is q_pt / (q_pt + q_pp) for take, so (0, 1/31) and (6/49, 1/49) are not
    # subgame perfect. (1/7, 0) takes at move 4, but player 1's plan "take/*" leaves move 3
    # unspecified, so whether it extends to an SPE is undecided (it does not guess).
    verdicts = {(round(e["strategies"]["2"]["pass/take"], 9),
                 round(e["strategies"]["2"]["pass/pass"], 9)): e["subgame_perfect"]
                for e in doc_eq}
    assert verdicts == {(0.0, 0.0): True, (round(1 / 7, 9), 0.0): None,
                        (0.0, round(1 / 31, 9)): False,
                        (round(6 / 49, 9), round(1 / 49, 9)): False}
    for e in doc["nash_not_subgame_perfect"]:
        assert e["why"]["player"] == "2" and e["why"]["better"] == "take"


def test_ultimatum_two_spe_from_the_tie() -> None:
    # The responder accepts every x ≥ 1 (x > 0) and is indifferent at x = 0. If she accepts 0,
    # the proposer offers 0: (3, 0). If she rejects 0, the proposer's best offer is 1: (2, 1).
    # So exactly two pure SPE.
    result = solve_tree(ultimatum())
    assert result.spe.complete and result.spe.scope == "pure"
    doc = tree_document(result)
    got = {(e["path"][0], e["strategies"]["responder"]["offered 0"], e["payoffs"]["proposer"])
           for e in doc["subgame_perfect"]}
    assert got == {("0", "accept", 3.0), ("1", "reject", 2.0)}
    for e in doc["subgame_perfect"]:
        assert all(e["strategies"]["responder"][f"offered {x}"] == "accept" for x in (1, 2, 3))
    # Pure Nash equilibria of the reduced normal form, counted by hand: (x, r) with r
    # accepting x (x > 0 forces it) and rejecting every y < x, free above x: 8 + 4 + 2 + 1 = 15;
    # or x = 0 rejected, then r must reject 1 and 2 (else the proposer deviates), free at 3: 2.
    # Total 17, of which the two SPE are subgame perfect: 15 rest on non-credible rejections.
    pure = [c for e, c in zip(result.normal.equilibria, result.credibility.nash) if e.is_pure]
    assert len(pure) == 17
    assert sum(c.subgame_perfect is True for c in pure) == 2
    assert sum(c.subgame_perfect is False for c in pure) == 15
    threat = [e for e in doc["nash_not_subgame_perfect"]
              if e["plans"] == {"proposer": {"2": 1.0},
                                "responder": {"reject/reject/accept/accept": 1.0}}]
    assert len(threat) == 1
    why = threat[0]["why"]
    # The deepest failing subgame: after an offer of 1, rejecting (0) instead of accepting (1).
    assert why["player"] == "responder" and why["subgame"] == ["1"]
    assert (why["prescribed_payoff"], why["better_payoff"]) == (0.0, 1.0)
    # Every mixed equilibrium listed is classified: the responder mixes only at offer 0 (the
    # only subgame where she is indifferent), so each is subgame perfect iff she accepts every
    # positive offer with certainty.
    for e, c in zip(result.normal.equilibria, result.credibility.nash):
        if not e.is_pure:
            assert c.subgame_perfect is not None


def test_chance_node() -> None:
    # With the entry cost added: high demand, fight (-2, 1) vs accommodate (3, 2): accommodate;
    # low demand, fight (-1, 0) vs accommodate (-0.5, -1): fight. Entering is worth
    # 0.3·3 + 0.7·(-1) = 0.2 to the entrant, less than 1 from staying out. SPE: stay out;
    # accommodate if high, fight if low; payoffs (1, 4). The play is deterministic.
    result = subgame_perfect(compile_game(entry_under_uncertainty()))
    assert result.method == "backward induction" and len(result.equilibria) == 1
    (spe,) = spe_json(entry_under_uncertainty())
    assert spe["strategies"] == {"entrant": {"E": "stay out"},
                                 "incumbent": {"high": "accommodate", "low": "fight"}}
    assert spe["payoffs"] == {"entrant": 1.0, "incumbent": 4.0}
    assert spe["play"] == [{"actions": ["stay out"], "probability": 1.0}]


def test_chance_node_reached_shows_the_lottery() -> None:
    # Make staying out worth 0 to the entrant: entering (0.2) now beats it. The path stops at the
    # chance node; the play lists both branches with their probabilities, and the payoffs are
    # (0.2, 0.3·2 + 0.7·0) = (0.2, 0.6).
    game = entry_under_uncertainty()
    game.root.children[0].outcome = type(game.root.children[0].outcome)((0.0, 4.0))
    (spe,) = spe_json(game)
    assert spe["path"] == ["enter"]
    assert spe["play"] == [{"actions": ["enter", "high", "accommodate"], "probability": 0.3},
                           {"actions": ["enter", "low", "fight"], "probability": 0.7}]
    assert spe["payoffs"] == pytest.approx({"entrant": 0.2, "incumbent": 0.6})


def test_information_set_subgame_in_mixed_strategies() -> None:
    # The subgame after "in" is matching pennies: its unique equilibrium is (1/2, 1/2) for both,
    # worth 1/2 to each. A compares 1/2 with the outside option 0.4 and goes in. SPE: in; guess
    # H/T 1/2; pick H/T 1/2; payoffs (0.5, 0.5). The project's solver is complete here.
    result = subgame_perfect(compile_game(pennies_with_exit(0.4)))
    assert result.complete and result.scope == "mixed" and result.proper_subgames == 1
    (spe,) = spe_json(pennies_with_exit(0.4))
    assert not spe["pure"]
    assert spe["strategies"] == {"A": {"start": "in", "guess": {"H": 0.5, "T": 0.5}},
                                 "B": {"pick": {"H": 0.5, "T": 0.5}}}
    assert spe["path"] == ["in"] and len(spe["play"]) == 4
    assert spe["payoffs"] == {"A": 0.5, "B": 0.5}
    # With the pure solver there is no pure SPE (matching pennies has no pure equilibrium), and
    # the answer says so honestly: an empty list, complete for pure SPE.
    pure = subgame_perfect(compile_game(pennies_with_exit(0.4)), pure_solver)
    assert pure.equilibria == () and pure.complete and pure.scope == "pure"


def test_mixed_subgame_off_the_path() -> None:
    # With the outside option worth 0.6 > 1/2, A exits. The SPE still fixes play in the
    # subgame (guess and pick 1/2 each): the path is ["out"], payoffs (0.6, 0.9).
    result = solve_tree(pennies_with_exit(0.6))
    doc = tree_document(result)
    (spe,) = doc["subgame_perfect"]
    assert spe["path"] == ["out"] and spe["payoffs"] == {"A": 0.6, "B": 0.9}
    assert spe["strategies"]["B"] == {"pick": {"H": 0.5, "T": 0.5}}
    # Reduced normal form: A {out/*, in/H, in/T}, B {H, T}. "out" is a best reply iff B's
    # P(H) = q has max(q, 1 - q) ≤ 0.6: A out with any q in [0.4, 0.6] is a Nash equilibrium,
    # whose extreme points q = 0.4 and 0.6 are listed; A's plan "out/*" leaves the subgame's
    # guess unspecified and no SPE matches them, so they are undecided, not called credible.
    assert result.form.labels()[0] == ["out/*", "in/H", "in/T"]
    qs = sorted(e["plans"]["B"]["H"] for e in doc["nash_subgame_perfection_undecided"])
    assert qs == pytest.approx([0.4, 0.6])
    assert doc["nash_not_subgame_perfect"] == []
    # The text claims no more than that: none is called subgame perfect either.
    text = tree_text(result)
    assert "Every Nash equilibrium found is subgame perfect" not in text
    assert "none is shown not to be" in text and "subgame perfection undecided" in text


def test_reduced_form_payoffs_of_chance_game() -> None:
    # Reduced normal form of the entry game under uncertainty, by hand: the entrant's plans
    # {stay out, enter}; the incumbent's {fight/fight, fight/accommodate, accommodate/fight,
    # accommodate/accommodate} (high, low). Entrant's payoff when entering against
    # accommodate/fight: 0.3·3 + 0.7·(-1) = 0.2; against fight/fight: 0.3·(-2) + 0.7·(-1) = -1.3.
    form = reduced_normal_form(compile_game(entry_under_uncertainty()))
    assert form.payoffs.shape == (2, 2, 4)
    assert form.labels()[1] == ["fight/fight", "fight/accommodate", "accommodate/fight",
                                "accommodate/accommodate"]
    assert np.allclose(form.payoffs[0, 0], 1.0)
    assert form.payoffs[0, 1, 2] == pytest.approx(0.2)
    assert form.payoffs[0, 1, 0] == pytest.approx(-1.3)
    assert form.payoffs[1, 1, 3] == pytest.approx(0.3 * 2 + 0.7 * -1)


@pytest.mark.parametrize("scale, shift", [(1.0, 0.0), (3.5, -2.0), (0.01, 100.0)])
def test_answers_survive_rescaling_and_reordering(scale: float, shift: float) -> None:
    # A positive affine map of each player's payoffs changes no equilibrium; reordering the
    # actions at a node changes no strategy (by label). Chain store and ultimatum.
    for build in (chain_store_stage, ultimatum):
        base = tree_document(solve_tree(build()))
        game = build()
        for z in _leaves(game.root):
            z.outcome = leaf(*(scale * np.array(z.outcome.payoffs) + shift)).outcome
        game.root = type(game.root)(game.root.player, game.root.infoset,
                                    game.root.actions[::-1], game.root.children[::-1])
        moved = tree_document(solve_tree(game))
        key = lambda d: sorted(json.dumps(e["strategies"], sort_keys=True)  # noqa: E731
                               for e in d["subgame_perfect"])
        assert key(moved) == key(base)
        assert len(moved["nash_not_subgame_perfect"]) == len(base["nash_not_subgame_perfect"])


def _leaves(node):
    return [node] if not hasattr(node, "children") else [
        z for c in node.children for z in _leaves(c)]
