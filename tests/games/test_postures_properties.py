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
