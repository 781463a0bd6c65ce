"""Revision events and decision rules: hand-derived openings, probabilities by hand, the rule
that never fires, and nestedness path by path (common random numbers)."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import party
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import raw_models

from negotiation.errors import ModelError
from negotiation.model.compiled import compile_model
from negotiation.sections import build_model
from negotiation.whatif.paths import make_paths
from negotiation.whatif.ripeness import CAUSES, NEVER, simulate

ISSUE = [{"id": "x", "levels": ["a", "b", "c"]}]
P_SCORES = {"x": {"a": 1, "b": 0.6, "c": 0}}
Q_SCORES = {"x": {"a": 0, "b": 0.6, "c": 1}}


def trap(dynamics, p_cost=3, q_cost=3, d=0.0):
    # p insists on a, q on c (red lines of the given revision costs); both value every outcome
    # at >= 0 = their no-deal value, so the trap is purely structural: once p's line goes, c is
    # acceptable to both (and nothing else is, while q's line holds).
    raw = {"model": {"name": "t"}, "issues": ISSUE,
           "parties": [party("p", d, P_SCORES, [("a", "x == a", p_cost)]),
                       party("q", d, Q_SCORES, [("c", "x == c", q_cost)])],
           "dynamics": dynamics}
    return compile_model(build_model(raw, "<t>"))


def revise_at(periods, strength, kind="election"):
    return {"events": [{"id": "e", "kind": kind, "at": periods,
                        "revise": {"p": {"a": strength}}}]}


# An event that certainly revises the blocking red line in period k opens the trap exactly at k.
# Certainty: strength >= revision cost gives probability min(1, s / c) = 1.
@pytest.mark.parametrize("k, strength, cost", [(1, 3.0, 3), (7, 3.0, 3), (12, 5.0, 5),
                                               (7, 9.0, 3)])
def test_certain_revision_opens_the_trap_exactly_at_k(k, strength, cost):
    comp = trap(revise_at(k, strength), p_cost=cost)
    sim = simulate(comp, periods=20, draws=300, seed=1)
    det = sim.deterministic
    assert det.first_ripe == k and comp.outcome(det.settlement) == {"x": "c"}
    assert det.eroded[k - 1] == () and det.eroded[k] == ("p.a",)
    assert det.events == {"e": k} and det.pivotal == ("p",)
    assert (sim.time_to_ripeness == k).all()
    # Attrition alone never opens a structural trap; every path is opened by the event.
    assert (sim.mechanisms["attrition"] == NEVER).all()
    assert (sim.cause == CAUSES.index("revision events")).all()


def test_revision_probability_falls_with_revision_cost_and_is_not_zero():
    # strength 1.5: probability 1.5/3 = 0.5 on a cost-3 line, 1.5/5 = 0.3 on a cost-5 line.
    # One occurrence at period 4: the share of paths that ever open is that probability.
    for cost, p in ((3, 0.5), (5, 0.3)):
        sim = simulate(trap(revise_at(4, 1.5), p_cost=cost), periods=10, draws=4000, seed=2)
        opened = sim.time_to_ripeness >= 0
        assert abs(opened.mean() - p) < 0.03
        assert set(sim.time_to_ripeness[opened]) == {4}
    # On the deterministic path an effect happens when its probability exceeds one half:
    # 0.5 does not.
    assert simulate(trap(revise_at(4, 1.5)), periods=10).deterministic.first_ripe == NEVER


def test_repeated_elections_each_draw_afresh():
    # Two elections (periods 3 and 7), each revising with probability 0.5:
    # P(open at 3) = 0.5, P(open by 7) = 1 - 0.5^2 = 0.75.
    sim = simulate(trap(revise_at([3, 7], 1.5)), periods=10, draws=4000, seed=3)
    ttr = sim.time_to_ripeness
    assert abs((ttr == 3).mean() - 0.5) < 0.03
    assert abs(((ttr >= 0) & (ttr <= 7)).mean() - 0.75) < 0.03


def test_hazard_event_by_hand():
    # Hazard 0.1 per period, certain revision: P(open by t) = 1 - 0.9^t. The deterministic
    # path strikes at the median waiting time: 1 - 0.9^t >= 1/2 first at t = 7 (0.522).
    dyn = {"events": [{"id": "shock", "kind": "battlefield_shock", "hazard": 0.1,
                       "revise": {"p": {"a": 3}}}]}
    sim = simulate(trap(dyn), periods=12, draws=5000, seed=4)
    assert sim.deterministic.first_ripe == 7
    for t in (1, 5, 10):
        assert abs(sim.opened_by()[t] - (1 - 0.9 ** t)) < 0.025


def test_event_after_another_with_a_delay():
    # A ceasefire at period 3 (no effect of its own); elections 4 periods later revise p's line.
    dyn = {"events": [{"id": "ceasefire", "kind": "ceasefire", "at": 3},
                      {"id": "vote", "kind": "election", "after": "ceasefire", "delay": 4,
                       "revise": {"p": {"a": 3}}}]}
    sim = simulate(trap(dyn), periods=12, draws=50, seed=5)
    assert sim.deterministic.first_ripe == 7 and sim.deterministic.events == {"ceasefire": 3,
                                                                              "vote": 7}
    assert (sim.time_to_ripeness == 7).all()


def test_replacement_by_a_dormant_red_line():
    # At period 5 p's line 'x == a' is replaced by 'x != b': c then meets both parties' lines.
    # A replacement by a stricter line ('x == a and x != c') leaves the trap shut.
    for requires, opens in (("x != b", 5), ("x == a", NEVER)):
        dyn = {"red_lines": [{"party": "p", "id": "alt", "requires": requires,
                              "revision_cost": 2}],
               "events": [{"id": "e", "at": 5,
                           "replace": {"p": {"a": {"by": "alt", "strength": 3}}}}]}
        det = simulate(trap(dyn), periods=8).deterministic
        assert det.first_ripe == opens
        assert det.adopted[5] == ("p.alt",) and det.eroded[5] == ("p.a",)
        assert det.adopted[4] == ()


def test_no_deal_shift_opens_a_ripeness_gap_at_the_event():
    # p values a 1, b .6, c 0 with no-deal value .7: only a is acceptable to p, q takes b or c.
    # An event at 4 lowers p's no-deal value by .15 to .55 <= .6: b opens exactly then.
    raw = {"model": {"name": "t"}, "issues": ISSUE,
           "parties": [party("p", 0.7, P_SCORES), party("q", 0.5, Q_SCORES)],
           "dynamics": {"events": [{"id": "shock", "at": 4, "no_deal": {"p": -0.15}}]}}
    comp = compile_model(build_model(raw, "<t>"))
    det = simulate(comp, periods=8).deterministic
    assert det.first_ripe == 4 and comp.outcome(det.settlement) == {"x": "b"}
    assert np.allclose(det.disagreement[:, 0], [0.7] * 4 + [0.55] * 5)


RULE = {"id": "support", "party": "p", "trigger": "cost", "threshold": 1.0,
        "branches": [{"id": "settle", "probability": 0.3, "revise": {"p": {"a": 3}}},
                     {"id": "escalate"}]}


def test_decision_rule_fires_when_cost_reaches_threshold():
    # Cost .25 per period accumulates to 1.0 (exactly, in binary) at period 4: the rule fires
    # then, settles with probability .3 (revising p's line for certain) and otherwise escalates
    # (no effect here).
    comp = trap({"parties": {"p": {"cost": 0.25}}, "rules": [RULE]})
    sim = simulate(comp, periods=10, draws=4000, seed=6)
    opened = sim.time_to_ripeness >= 0
    assert set(sim.time_to_ripeness[opened]) == {4}
    assert abs(opened.mean() - 0.3) < 0.03
    assert abs(sim.rule_shares["support"]["settle"] - opened.mean()) < 1e-12
    assert sim.rule_shares["support"]["settle"] + sim.rule_shares["support"]["escalate"] == 1
    assert (sim.cause[opened] == CAUSES.index("decision rules")).all()
    # Deterministic path: the median (u = 1/2) falls in the escalate branch [.3, 1).
    assert simulate(comp, periods=10).deterministic.rules == {"support": (4, "escalate")}


def test_a_rule_whose_trigger_is_never_reached_changes_nothing():
    # Uncertain costs and erosion so that the paths are not trivial; the rule's threshold (50)
    # is far above any accumulated cost (at most .02 x 30 = .6).
    base = {"parties": {"p": {"cost": {"dist": "uniform", "low": 0.0, "high": 0.02}},
                        "q": {"cost": 0.01}},
            "erosion": [{"id": "x", "red_line": "p.a",
                         "per_cost": {"dist": "uniform", "low": 0, "high": 1}}]}
    rule = dict(RULE, threshold=50.0)
    without, with_rule = trap(base), trap(base | {"rules": [rule]})
    dyn_a, dyn_b = (c.model.sections["dynamics"] for c in (without, with_rule))
    a = make_paths(without, dyn_a, 30, 500, 7)
    b = make_paths(with_rule, dyn_b, 30, 500, 7)
    for field in ("moving", "disagreement", "states", "kappa"):
        assert np.array_equal(getattr(a, field), getattr(b, field)), field
    assert (b.fired == 31).all() and (b.branch == -1).all()
    sa, sb = simulate(without, 30, 500, 7), simulate(with_rule, 30, 500, 7)
    assert np.array_equal(sa.time_to_ripeness, sb.time_to_ripeness)
    assert sb.rule_shares == {"support": {"settle": 0.0, "escalate": 0.0}}


def test_bad_events_and_rules_are_refused_with_the_key():
    cases = [
        ({"events": [{"id": "e", "revise": {"p": {"a": 1}}}]}, "exactly one of"),
        ({"events": [{"id": "e", "at": 2, "revise": {"p": {"zz": 1}}}]}, "no red line 'p.zz'"),
        ({"events": [{"id": "e", "after": "nope"}]}, "no other event 'nope'"),
        ({"events": [{"id": "e", "after": "f"}, {"id": "f", "after": "e"}]}, "cycle"),
        ({"events": [{"id": "e", "at": 2, "effort": {"p": "escalate"}}]}, "posture game"),
        ({"events": [{"id": "e", "at": 2,
                      "replace": {"p": {"a": {"by": "missing", "strength": 1}}}}]},
         "[[dynamics.red_lines]]"),
        ({"rules": [dict(RULE, branches=[{"id": "s", "probability": 0.8},
                                         {"id": "t", "probability": 0.4}])]}, "over 1"),
        ({"rules": [dict(RULE, branches=[{"id": "s"}, {"id": "t", "probability": 0.4}])]},
         "only the last branch"),
        ({"ripeness": {"expectation": "hope"}}, "unknown expectation"),
    ]
    for dyn, message in cases:
        with pytest.raises(ModelError) as err:
            trap(dyn)
        assert message in str(err.value), (dyn, str(err.value))
        assert "dynamics." in str(err.value)


# ------------------------------------------------------------------------------ nestedness

@st.composite
def dynamic_models(draw):
    raw = draw(raw_models(max_parties=3, max_issues=2, max_levels=3, max_red_lines=2))
    lines = [f"{p['id']}.{r['id']}" for p in raw["parties"] for r in p["red_lines"]]
    costs = {p["id"]: {"cost": {"dist": "uniform", "low": 0.0, "high": 0.02}}
             for p in raw["parties"]}
    dyn = {"parties": costs, "events": [], "erosion": []}
    for k, line in enumerate(lines):
        if draw(st.booleans()):
            dyn["erosion"].append({"id": f"x{k}", "red_line": line,
                                   "per_cost": draw(st.sampled_from([0.5, 1.0, 2.0]))})
    extra = None
    if lines:
        who, rl = draw(st.sampled_from(lines)).split(".")
        timing = draw(st.sampled_from([{"hazard": 0.05}, {"at": [5, 15]},
                                       {"first": 3, "every": 6}]))
        extra = {"id": "added", **timing,
                 "revise": {who: {rl: draw(st.sampled_from([0.5, 1.0, 3.0]))}}}
    return raw, dyn, extra


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dynamic_models())
def test_adding_a_revision_event_never_closes_a_path(case):
    # A revision only removes red lines, and with common random numbers nothing else about a
    # path changes: every path open without the event is open with it, period by period.
    raw, dyn, extra = case
    if extra is None:
        return
    runs = []
    for events in ([], [extra]):
        model = build_model(raw | {"dynamics": dyn | {"events": events}}, "<random>")
        comp = compile_model(model)
        runs.append(simulate(comp, 20, 120, 11, mechanisms=False))
    before, after = runs
    opened_before = before.time_to_ripeness >= 0
    assert (after.time_to_ripeness[opened_before] >= 0).all()
    assert (after.time_to_ripeness[opened_before]
            <= before.time_to_ripeness[opened_before]).all()
    assert (after.open_share >= before.open_share - 1e-12).all()
