"""The phased-settlement commitment game: thresholds derived by hand, and the exact parametric
sweep checked against a grid."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.errors import InputError
from negotiation.games.commitment import (
    Commitment,
    commitment_game,
    diagnose,
    discount_sweep,
    explain,
    least_cost,
    participation_range,
    phased_holds,
    region,
)
from negotiation.games.subgame_perfect import backward_induction, subgame_perfect
from negotiation.games.tree import compile_game
from negotiation.report.trees import describe

# Two parties, R and U (plain numbers, not estimates). War is worth d = (0.40, 0.45); the
# ceasefire c = (0.35, 0.57) per period; the final status f = (0.47, 0.50). U implements first
# (its concession, e.g. a neutrality law, is worth +0.10 to R and -0.10 to U if pocketed); R
# reneging gets a one-period surprise (+0.04 to R, -0.04 to U).
BASE = Commitment(("R", "U"), war=(0.40, 0.45), ceasefire=(0.35, 0.57), final=(0.47, 0.50),
                  delta=0.5, cost=(0.0, 0.0), order=("U", "R"),
                  pocket={"U": (0.10, -0.10)}, surprise={"R": (0.04, -0.04)})


def test_tree_shape_and_payoffs() -> None:
    # Stage 1: R then U accept or reject (2 decision nodes, 2 "war" leaves); stage 2: U then R
    # comply or renege (2 nodes, 2 renege leaves, 1 settlement leaf): 4 + 5 = 9 nodes.
    tree = compile_game(commitment_game(BASE))
    assert tree.n_nodes == 9
    # All comply: (1-δ)c + δf = (0.175 + 0.235, 0.285 + 0.25) = (0.41, 0.535).
    settle = [z for z in tree.terminals if tree.path(int(z)) == ["accept"] * 2 + ["comply"] * 2]
    assert tree.payoff[settle[0]] == pytest.approx([0.41, 0.535])
    # R reneges after U complied: R gets 0.175 + 0.5·(0.40 + 0.10 + 0.5·0.04 - 0) = 0.435;
    # U gets 0.285 + 0.5·(0.45 - 0.10 - 0.5·0.04) = 0.45.
    renege = [z for z in tree.terminals
              if tree.path(int(z)) == ["accept", "accept", "comply", "renege"]]
    assert tree.payoff[renege[0]] == pytest.approx([0.435, 0.45])


def test_who_defects_without_a_cost() -> None:
    # κ = 0. Stage 2, R last: renege 0.40 + 0.10 + 0.02 = 0.52 > 0.47 → R reneges. U first,
    # foreseeing it: comply → 0.45 - 0.10 - 0.02 = 0.33, renege → 0.45: U reneges first. Stage 1,
    # R: accept → 0.175 + 0.5·0.40 = 0.375 < 0.40 → R rejects the ceasefire.
    play = explain(BASE)
    why = play.defection
    assert not play.holds
    assert (why.player, why.stage, why.action) == ("R", "stage 1", "reject")
    assert why.payoff == pytest.approx(0.40) and why.payoff_if_not == pytest.approx(0.375)
    # The line of the settlement shows the reasons: R would renege last (0.435 > 0.41), so U
    # would renege first (0.51 against 0.45), so R rejects (0.375 if it accepts).
    assert [(c.player, c.stage, c.action) for c in play.line] == [
        ("R", "stage 1", "reject"), ("U", "stage 1", "accept"), ("U", "stage 2", "renege"),
        ("R", "stage 2", "renege")]
    assert play.line[-1].payoff == pytest.approx(0.435)
    assert play.line[-1].payoff_if_not == pytest.approx(0.41)


def test_least_cost_of_reneging() -> None:
    # R complies at stage 2 iff 0.47 ≥ 0.40 + 0.10 + (1-δ)·0.04 - κ, i.e. κ ≥ 0.03 + 0.04(1-δ)
    # = 0.05 at δ = 1/2; then U complies (0.50 ≥ 0.45) and both accept (0.41 ≥ 0.40 and
    # 0.535 ≥ 0.45). So κ* = 0.05.
    assert least_cost(BASE, "R") == pytest.approx(0.05, abs=1e-12)
    held = explain(BASE.with_(cost=(0.06, 0.0)))
    assert held.holds and held.payoffs["R"] == pytest.approx(0.41)
    # Just below the threshold it fails; U's cost of reneging cannot fix R's problem; the same
    # cost added for both parties does it at the same threshold.
    assert not explain(BASE.with_(cost=(0.049, 0.0))).holds
    assert least_cost(BASE, "U") is None
    assert least_cost(BASE, None) == pytest.approx(0.05, abs=1e-12)


def test_discount_sweep() -> None:
    # κ*(δ) = 0.03 + 0.04(1-δ) while R accepts the ceasefire: 0.35(1-δ) + 0.47δ ≥ 0.40 ⇔
    # δ ≥ 5/12. Below that no cost of reneging helps (R prefers the war now).
    got = discount_sweep(BASE, [0.3, 0.5, 0.7, 0.9])
    assert got[0]["least_cost"]["R"] is None and got[0]["joint_cost"] is None
    for row in got[1:]:
        kappa = 0.03 + 0.04 * (1 - row["delta"])
        assert row["least_cost"]["R"] == pytest.approx(kappa, abs=1e-12)
        assert row["joint_cost"] == pytest.approx(kappa, abs=1e-12) and not row["holds"]
    assert participation_range(BASE) == {"R": pytest.approx((5 / 12, 1.0)), "U": (0.0, 1.0)}
    cost, ok = region(BASE, [0.3, 0.5])
    assert ok.tolist() == [False, True] and np.isnan(cost[0])
    assert cost[1] == pytest.approx(0.05)


def test_sequencing_matters() -> None:
    # Let R implement first: R (K = ∅) complies iff 0.47 ≥ 0.40 + 0.02 - κ: true at κ = 0; U
    # last has nothing of its own pocketed against it: 0.50 ≥ 0.45. The phased settlement holds
    # with no cost of reneging: what U would give first is no longer exposed.
    assert explain(BASE.with_(order=("R", "U"))).holds
    assert least_cost(BASE.with_(order=("R", "U")), "R") == 0.0


def test_commitment_game_is_subgame_perfect_by_both_methods() -> None:
    tree = compile_game(commitment_game(BASE.with_(cost=(0.06, 0.0))))
    _, choice, _ = backward_induction(tree)
    assert phased_holds(tree, choice)
    spe = subgame_perfect(tree, method="subgames")
    assert [describe(tree, e.behaviour, e.payoffs)["path"] for e in spe.equilibria] == [
        ["accept", "accept", "comply", "comply"]]


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_exact_threshold_matches_a_grid(seed: int) -> None:
    # Cross-check by a different method: backward induction on a grid of costs. The exact
    # threshold must separate failing grid points below from holding ones above.
    rng = np.random.default_rng(seed)
    n = 3
    c = Commitment(tuple("ABC"), war=tuple(rng.uniform(0.3, 0.6, n)),
                   ceasefire=tuple(rng.uniform(0.3, 0.6, n)),
                   final=tuple(rng.uniform(0.4, 0.7, n)), delta=float(rng.uniform(0.2, 0.95)),
                   cost=(0.0, 0.0, 0.0), order=tuple(rng.permutation(list("ABC"))),
                   pocket={p: tuple(rng.uniform(-0.1, 0.1, n)) for p in "ABC"},
                   surprise={p: tuple(rng.uniform(-0.05, 0.05, n)) for p in "ABC"})
    party = str(rng.choice(list("ABC")))
    kappa = least_cost(c, party, hi=1.0)
    j = "ABC".index(party)
    grid = np.linspace(0, 1, 201)
    holds = []
    for x in grid:
        cost = [0.0, 0.0, 0.0]
        cost[j] = float(x)
        tree = compile_game(commitment_game(c.with_(cost=tuple(cost))))
        holds.append(phased_holds(tree, backward_induction(tree)[1]))
    holds = np.array(holds)
    if kappa is None:
        assert not holds.any()
    else:
        assert not holds[grid < kappa - 1e-9].any()
        assert holds[grid > kappa + 1e-9].all()


def test_diagnose_commitment_versus_participation() -> None:
    # δ = 1/2: R would accept and comply given κ ≥ 0.05 (above): a commitment problem.
    found = diagnose(BASE)
    assert found.verdict == "commitment"
    assert found.least_cost["R"] == pytest.approx(0.05) and found.least_cost["U"] is None
    # δ = 0.3: even if all comply R gets 0.7·0.35 + 0.3·0.47 = 0.386 < 0.40: it prefers the war
    # now, and no cost of reneging changes that: a participation problem.
    found = diagnose(BASE.with_(delta=0.3))
    assert found.verdict == "participation" and found.joint_cost is None
    assert found.prefer_war == ("R",)
    assert found.value_if_all_comply["R"] == pytest.approx(0.386)


def test_bad_arguments() -> None:
    with pytest.raises(InputError, match="discount factor"):
        commitment_game(BASE.with_(delta=1.0))
    with pytest.raises(InputError, match="every party once"):
        commitment_game(BASE.with_(order=("R", "R")))
    with pytest.raises(InputError, match="not a party"):
        least_cost(BASE, "X")
