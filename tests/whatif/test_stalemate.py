"""Zartman's tests on constructed paths: hurting, stalemate (no escalation pays), mutually hurting
stalemate and a way out, each derived by hand."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import party

from negotiation.model.compiled import compile_model
from negotiation.sections import build_model
from negotiation.whatif.ripeness import NEVER, simulate
from negotiation.whatif.stalemate import escalation_pays, hurting, mutually_hurting, stalemate

# One path, two parties, periods 0..5. Party 0 expected to lose .01 a period and loses .01,
# then .03 (periods 3-5): it hurts from 3. Party 1 expected to hold .5 and does, except for a
# shock at period 2 that it recovers from at 4: it hurts at 2 and 3 (below .5, and at 2 falling;
# at 3 flat, so not falling with window 1; with window 2, 3 < d(1) = .5 falling).
D = np.array([[[0.50, 0.50], [0.49, 0.50], [0.48, 0.40], [0.45, 0.40], [0.42, 0.50],
               [0.39, 0.50]]])
E = np.array([[[0.50, 0.50], [0.49, 0.50], [0.48, 0.50], [0.47, 0.50], [0.46, 0.50],
               [0.45, 0.50]]])


@pytest.mark.parametrize("window, party0, party1", [
    (1, [0, 0, 0, 1, 1, 1], [0, 0, 1, 0, 0, 0]),
    (2, [0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 0, 0]),
])
def test_hurting_by_hand(window, party0, party1):
    out = hurting(D, E, window)[0]
    assert out[:, 0].tolist() == [bool(x) for x in party0]
    assert out[:, 1].tolist() == [bool(x) for x in party1]


def test_mutually_hurting_needs_every_party_and_the_stalemate():
    hurt = hurting(D, E, 2)                 # both hurt only at period 3
    assert mutually_hurting(hurt, None)[0].tolist() == [False, False, False, True, False, False]
    stuck = np.array([[True, True, True, False, True, True]])
    assert not mutually_hurting(hurt, stuck).any()


def test_escalation_pays_on_a_war_table():
    # Two parties, efforts (reduce, sustain, escalate). Party 0's war payoff: escalating pays
    # (+.02) only against a party 1 that reduces; party 1 never gains by escalating.
    values = np.zeros((2, 3, 3))
    values[0, 2, 0] = 0.02
    values[0, 2, 1:] = -0.03
    values[1, :, 2] = -0.01
    pays = escalation_pays(values)
    # Party 0 at reduce or sustain against party 1 at reduce: it can move up to escalate.
    assert pays[0, 0] and pays[1, 0] and not pays[2, 0]
    assert not pays[:, 1:].any()
    efforts = np.array([[[1, 1], [1, 0], [2, 0]]])      # one path, three periods
    assert stalemate(efforts, values)[0].tolist() == [True, False, True]
    # Moving from reduce to sustain counts as escalation too when it pays: party 1 gains .01
    # by sustaining against an escalating party 0, so (escalate, reduce) is no stalemate.
    values[1, 2, 1] = 0.01
    assert escalation_pays(values)[2, 0]
    assert stalemate(efforts, values)[0].tolist() == [True, False, False]
    assert stalemate(None, values) is None


ISSUE = [{"id": "x", "levels": ["a", "b", "c"]}]
P_SCORES = {"x": {"a": 1, "b": 0.6, "c": 0}}
Q_SCORES = {"x": {"a": 0, "b": 0.6, "c": 1}}


def exhausting(extra=None, expectation="forecast", consider=3, q_line_cost=5):
    # Both parties pay .01 a period and twice that once they have paid .05: accumulated cost
    # .01 .02 .03 .04 .05 .07 .09 ... Their forecast is d(0) - .01 t, so they hurt from period 6
    # (d(6) = d0 - .07 < d0 - .06). p holds a cost-3 line 'x == a', q a line 'x == c' of cost
    # q_line_cost: a structural trap whose only way out drops p's line (c then suits both; no-deal
    # values at 0 are met by every settlement).
    cost = {"cost": 0.01, "exhaustion": 0.05, "exhaustion_factor": 2.0}
    raw = {"model": {"name": "t"}, "issues": ISSUE,
           "parties": [party("p", 0.0, P_SCORES, [("a", "x == a", 3)]),
                       party("q", 0.0, Q_SCORES, [("c", "x == c", q_line_cost)])],
           "dynamics": {"parties": {"p": cost, "q": cost},
                        "ripeness": {"expectation": expectation, "consider": consider}}}
    if extra:
        raw.update(extra)
    return compile_model(build_model(raw, "<t>"))


def test_mutually_hurting_stalemate_and_way_out_on_a_model():
    det = simulate(exhausting(), periods=10).deterministic
    assert det.hurting[:6].sum() == 0 and det.hurting[6:].all()
    assert np.flatnonzero(det.mutually_hurting).tolist() == list(range(6, 11))
    # A way out: p would consider dropping its cost-3 line; ripe in Zartman's sense from 6,
    # though the bargaining set itself never opens (nobody actually gives the line up).
    assert det.way_out[6:].all() and det.zartman == 6 and det.first_ripe == NEVER
    # If p only considers lines of cost 2 or less there is no way out, and no ripeness.
    det = simulate(exhausting(consider=2), periods=10).deterministic
    assert det.mutually_hurting[6:].all() and not det.way_out.any() and det.zartman == NEVER
    # Measured against the starting value, any cost hurts: from period 1.
    det = simulate(exhausting(expectation="initial"), periods=10).deterministic
    assert det.zartman == 1


def test_an_escalation_that_pays_breaks_the_stalemate():
    # A posture game whose war table makes escalation pay for p (+.05): no period is a
    # stalemate, so no mutually hurting stalemate, however much both hurt.
    game = {"efforts": ["sustain", "escalate"],
            "postures": {"p": [{"id": "hold", "terms": "true", "effort": "sustain"}],
                         "q": [{"id": "hold", "terms": "true", "effort": "sustain"}]},
            "war": [{"id": "w", "when": {"p": "escalate"}, "adjust": {"p": 0.05}}]}
    det = simulate(exhausting({"game": game}), periods=10).deterministic
    assert det.hurting[6:].all() and not det.mutually_hurting.any() and det.zartman == NEVER
    # Against an escalating q (effort set at the start) p's escalation is costly instead.
    game["war"].append({"id": "v", "when": {"p": "escalate", "q": "escalate"},
                        "adjust": {"p": -0.1}})
    det = simulate(exhausting({"game": game}), periods=10).deterministic
    assert not det.mutually_hurting.any()
    raw_dyn = {"parties": {"p": {"cost": 0.01, "exhaustion": 0.05, "exhaustion_factor": 2.0},
                           "q": {"cost": 0.01, "exhaustion": 0.05, "exhaustion_factor": 2.0}},
               "efforts": {"q": "escalate"}}
    comp = compile_model(build_model({
        "model": {"name": "t"}, "issues": ISSUE,
        "parties": [party("p", 0.0, P_SCORES, [("a", "x == a", 3)]),
                    party("q", 0.0, Q_SCORES, [("c", "x == c", 5)])],
        "dynamics": raw_dyn, "game": game}, "<t>"))
    det = simulate(comp, periods=10).deterministic
    assert np.flatnonzero(det.mutually_hurting).tolist() == list(range(6, 11))


def test_an_effort_change_moves_no_deal_values_by_the_war_table():
    # At period 3 an event sets q's effort to escalate: q's war payoff changes by the table's
    # -.02 and p's by +.01 (a row matching q alone), from then on.
    game = {"efforts": ["sustain", "escalate"],
            "postures": {"p": [{"id": "hold", "terms": "true", "effort": "sustain"}],
                         "q": [{"id": "hold", "terms": "true", "effort": "sustain"}]},
            "war": [{"id": "w", "when": {"q": "escalate"}, "adjust": {"q": -0.02, "p": 0.01}}]}
    raw = {"model": {"name": "t"}, "issues": ISSUE,
           "parties": [party("p", 0.5, P_SCORES), party("q", 0.5, Q_SCORES)],
           "game": game,
           "dynamics": {"events": [{"id": "e", "at": 3, "effort": {"q": "escalate"}}]}}
    det = simulate(compile_model(build_model(raw, "<t>")), periods=5).deterministic
    assert np.allclose(det.disagreement, [[0.5, 0.5]] * 3 + [[0.51, 0.48]] * 3)
