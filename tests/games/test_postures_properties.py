"""Derived posture games on random models, against a brute-force re-derivation (hypothesis).

The brute force shares no code with negotiation.postures: it walks every outcome in Python,
values it from the weights and scores, takes the bargaining set from the independent verifier's
constraint evaluation, checks terms with the tree-walking `expressions.holds`, and applies each
settlement rule and the war table by their definitions.
"""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import condition, raw_models

from negotiation.bargaining.solutions import SOLUTIONS
from negotiation.bargaining.verify import feasible_outcomes, satisfaction
from negotiation.games.postures import derive
from negotiation.model import expressions
from negotiation.model.compiled import compile_model
from negotiation.sections import build_model

EFFORTS = ["low", "high"]


@st.composite
def posture_models(draw):
    raw = draw(raw_models(max_parties=3, max_issues=3, max_levels=3))
    issues = {i["id"]: i["levels"] for i in raw["issues"]}
    party_ids = [p["id"] for p in raw["parties"]]
    postures = {
        pid: [{"id": f"q{k}",
               "terms": draw(st.one_of(st.just("true"), condition(issues))),
               "effort": draw(st.sampled_from(EFFORTS))}
              for k in range(draw(st.integers(1, 3)))]
        for pid in party_ids
    }
    war = []
    for k in range(draw(st.integers(0, 3))):
        who = draw(st.lists(st.sampled_from(party_ids), unique=True, max_size=len(party_ids)))
        # An effort level or a list of them (an interaction row when it names several parties).
        war.append({"id": f"w{k}", "when": {p: draw(st.one_of(
                        st.sampled_from(EFFORTS),
                        st.lists(st.sampled_from(EFFORTS), min_size=1, max_size=2)))
                        for p in who},
                    "adjust": {p: draw(st.sampled_from([-0.1, -0.05, 0.05, 0.1]))
                               for p in draw(st.lists(st.sampled_from(party_ids), unique=True,
                                                      min_size=1))}})
    raw["game"] = {"rule": draw(st.sampled_from(SOLUTIONS)), "efforts": EFFORTS,
                   "postures": postures, "war": war}
    return raw


def brute_solution(rule, values, d):
    """Index of the rule's choice among the columns of values (list of per-party tuples)."""
    gains = [[max(v[i] - d[i], 0.0) for i in range(len(d))] for v in values]
    if rule == "nash":
        score = [float(np.prod(g)) for g in gains]
    elif rule == "egalitarian":
        score = [min(g) for g in gains]
    elif rule == "utilitarian":
        score = [sum(v) for v in values]
    else:
        ideal = [max(v[i] for v in values) for i in range(len(d))]
        score = [min((g[i] / (ideal[i] - d[i]) if ideal[i] - d[i] > 1e-12 else 1.0)
                     for i in range(len(d))) for g in gains]
    score = [round(s, 12) for s in score]
    return score.index(max(score))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(posture_models())
def test_derived_game_matches_brute_force(raw):
    model = build_model(raw, file="<random>")
    derived = derive(compile_model(model), model.sections["game"])
    spec = model.sections["game"]
    ids, sat = satisfaction(model)
    in_b = np.all(sat, axis=1) & feasible_outcomes(model)
    outcomes = list(itertools.product(*(range(len(i.levels)) for i in model.issues)))
    values = [tuple(sum(p.valuation.weights[i.id].value *
                        p.valuation.scores[i.id][i.levels[x[j]].id].value
                        for j, i in enumerate(model.issues) if i.id in p.valuation.weights)
                    for p in model.parties) for x in outcomes]
    d = [p.disagreement.value for p in model.parties]
    parties = [p.id for p in model.parties]
    for profile in itertools.product(*(range(len(spec.postures[p])) for p in parties)):
        chosen = [spec.postures[p][k] for p, k in zip(parties, profile)]
        cands = [n for n, x in enumerate(outcomes)
                 if in_b[n] and all(expressions.holds(c.expr, x) for c in chosen)]
        payoffs = derived.game.payoffs[(slice(None), *profile)]
        if cands:
            pick = cands[brute_solution(spec.rule, [values[n] for n in cands], d)]
            assert derived.settlement[profile] == pick
            assert np.allclose(payoffs, values[pick])
            assert derived.game.agreement[profile]
        else:
            efforts = {p: c.effort for p, c in zip(parties, chosen)}
            war = list(d)
            for rule in spec.war:
                if all(efforts[p] in e for p, e in rule.when.items()):
                    for i, p in enumerate(parties):
                        war[i] += rule.adjust[p].value if p in rule.adjust else 0.0
            assert derived.settlement[profile] == -1
            assert np.allclose(payoffs, war)
            assert not derived.game.agreement[profile]


# --------------------------------------------------------------------- interaction and why

def test_war_table_rows_with_lists_and_interactions_by_hand():
    # Efforts (reduce, sustain, escalate). Row 1: a escalates -> a -.03. Row 2: a escalates while
    # b reduces -> a +.05. Row 3: b in (sustain, escalate) -> b -.01. a's war value: -.03 at
    # (escalate, sustain|escalate), +.02 at (escalate, reduce); b's: -.01 wherever b >= sustain.
    from negotiation.games.section import PostureGameSpec, WarRule
    from negotiation.model.core import Param

    spec = PostureGameSpec("nash", ("reduce", "sustain", "escalate"), {}, (
        WarRule("r1", {"a": ("escalate",)}, {"a": Param(-0.03)}),
        WarRule("r2", {"a": ("escalate",), "b": ("reduce",)}, {"a": Param(0.05)}),
        WarRule("r3", {"b": ("sustain", "escalate")}, {"b": Param(-0.01)})))
    values = spec.war_table(["a", "b"]).values
    assert np.allclose(values[0], [[0, 0, 0], [0, 0, 0], [0.02, -0.03, -0.03]])
    assert np.allclose(values[1], [[0, -0.01, -0.01]] * 3)


def test_ruw_escalation_depends_on_the_west_and_the_mixed_equilibrium_by_hand():
    # models/russia_ukraine_west.toml, central war table (the bargaining set is empty, so every
    # profile is war). Russia's escalation: -.03 against a West that sustains, -.03 - .03 against
    # one that steps up, -.03 + .05 = +.02 against one that retreats: its best reply depends on
    # the West. The West: reducing pays +.02 while Russia holds, but -.02 + .02 - .04 = -.04
    # against an escalating Russia, versus -.02 for sustaining: a best-reply cycle, no pure
    # equilibrium. Mixed: the West is indifferent between sustaining and reducing when
    # -.02 q = .02 - .06 q, q = 1/2 (Russia escalating); Russia is indifferent when
    # -.03 + .05 r = 0, r = 3/5 (the West reducing).
    from pathlib import Path

    from negotiation.games.equilibria import solve
    from negotiation.sections import load_model

    model = load_model(Path(__file__).parents[2] / "models" / "russia_ukraine_west.toml")
    game = derive(compile_model(model), model.sections["game"]).game
    r = {s: k for k, s in enumerate(game.strategies[0])}
    w = {s: k for k, s in enumerate(game.strategies[2])}
    russia = game.payoffs[0][:, 0, :]                   # Ukraine offers its minimum
    gain = russia[r["escalate"]] - russia[r["minimal_terms"]]
    assert np.allclose(gain[[w["sustain_support"], w["back_ukraine_terms"],
                             w["managed_termination"]]], [-0.03, -0.06, 0.02])
    result = solve(game)
    assert result.complete and not result.pure
    (eq,) = result.equilibria
    assert np.isclose(eq.sigma[0][r["escalate"]], 0.5)
    assert np.isclose(eq.sigma[2][w["managed_termination"]], 0.6)
    assert np.isclose(eq.sigma[2][w["sustain_support"]], 0.4)


def test_contingency_names_the_choice_that_holds_an_equilibrium():
    # Russia holds or escalates; the West sustains or retreats. Russia: holding is worth 0;
    # escalating -1 against a West that sustains, +1 against one that retreats (the
    # interaction). The West: sustaining 0, retreating -2 whatever Russia does (so sustaining is
    # dominant). (hold, sustain) is an equilibrium, and Russia holds *because* the West sustains:
    # were the West to retreat, Russia would rather escalate.
    from negotiation.games.contingency import contingencies, is_dominant
    from negotiation.games.game import Game

    payoffs = np.array([[[0, 0], [-1, 1]],          # Russia: rows hold/escalate, cols West
                        [[0, -2], [0, -2]]])        # the West: sustain 0, retreat -2
    game = Game.from_payoffs(["russia", "west"], [["hold", "escalate"], ["sustain", "retreat"]],
                             payoffs)
    (c,) = contingencies(game, (0, 0))
    assert (c.player, c.other, c.alternative, c.replies) == (0, 1, 1, (1,))
    assert is_dominant(game, 1, 0) and not is_dominant(game, 0, 0)
    # Without the interaction (escalation costs -1 whatever the West does) holding is
    # dominant and nothing is contingent.
    payoffs[0, 1, 1] = -1
    game = Game.from_payoffs(["russia", "west"], [["hold", "escalate"], ["sustain", "retreat"]],
                             payoffs)
    assert contingencies(game, (0, 0)) == () and is_dominant(game, 0, 0)
