"""Dynamics and ripeness: hand-computed paths, reproducibility, and the static engine's verdict
at every period."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import party

from negotiation.analysis import analyze
from negotiation.cli import main
from negotiation.model.compiled import compile_model
from negotiation.sections import build_model
from negotiation.whatif.parameters import ParameterSpace
from negotiation.whatif.ripeness import NEVER, make_paths, simulate

ISSUE = [{"id": "x", "levels": ["a", "b", "c"]}]
P_SCORES = {"x": {"a": 1, "b": 0.6, "c": 0}}
Q_SCORES = {"x": {"a": 0, "b": 0.6, "c": 1}}


def gap_model(dynamics, d_p=0.7, red_lines=()):
    # q accepts b and c (floor .5); p values a 1, b .6, c 0 with floor d_p. For d_p > .6 only a
    # is acceptable to p: a ripeness gap that opens (at b) once d_p <= .6.
    raw = {"model": {"name": "t"}, "issues": ISSUE,
           "parties": [party("p", d_p, P_SCORES, red_lines), party("q", 0.5, Q_SCORES)],
           "dynamics": dynamics}
    return compile_model(build_model(raw, "<t>"))


def test_linear_decline_crosses_the_threshold_at_the_computed_period():
    # d_p(t) = 0.7 - 0.01 t reaches 0.6 at t = 10 (with the 1e-9 tolerance, not before).
    comp = gap_model({"parties": {"p": {"cost": 0.01}}})
    sim = simulate(comp, periods=30)
    det = sim.deterministic
    assert det.first_ripe == 10
    assert comp.outcome(det.settlement) == {"x": "b"}
    assert det.pivotal == ("p",)
    assert np.allclose(det.disagreement[:, 0], 0.7 - 0.01 * np.arange(31))
    # A cost the party started with is priced into what it expected (the default forecast):
    # it does not hurt. Measured against its starting value instead, p hurts from period 1.
    assert not det.hurting.any()
    initial = gap_model({"parties": {"p": {"cost": 0.01}},
                         "ripeness": {"expectation": "initial"}})
    hurt = simulate(initial, periods=30).deterministic.hurting
    assert hurt[1:, 0].all() and not hurt[0, 0] and not hurt[:, 1].any()


def test_trend_and_exhaustion_by_hand():
    # cost .02, trend +.005, exhaustion at accumulated .04 then cost x3:
    # C = 0, .02, .04, .10, .16 ...; d = .7 + .005 t - C: .7, .685, .67, .615, .56
    # -> first d <= .6 at t = 4.
    comp = gap_model({"parties": {"p": {"cost": 0.02, "trend": 0.005, "exhaustion": 0.04,
                                        "exhaustion_factor": 3.0}}})
    det = simulate(comp, periods=6).deterministic
    assert np.allclose(det.disagreement[:5, 0], [0.7, 0.685, 0.67, 0.615, 0.56])
    assert det.first_ripe == 4


def test_verdict_over_time_equals_the_static_engine():
    comp = gap_model({"parties": {"p": {"cost": 0.013}, "q": {"cost": 0.004}}})
    sim = simulate(comp, periods=15)
    model = comp.model
    for t in range(16):
        d_p, d_q = sim.deterministic.disagreement[t]
        static = analyze(build_model({
            "model": {"name": "t"}, "issues": ISSUE,
            "parties": [party("p", float(d_p), P_SCORES), party("q", float(d_q), Q_SCORES)]},
            "<t>"))
        assert (sim.deterministic.sizes[t] > 0) == (static.verdict == "agreement_possible")
        assert sim.deterministic.sizes[t] == static.bargaining.size
    assert model.sections["dynamics"].period == "period"


def test_nothing_changes_never_opens():
    comp = gap_model({})
    sim = simulate(comp, periods=40, draws=200, seed=1)
    assert sim.deterministic.first_ripe == NEVER
    assert (sim.time_to_ripeness == NEVER).all()


def test_zero_erosion_never_opens_a_structural_trap():
    # p insists on a, q on c: no settlement meets both red lines whatever the costs.
    raw = {"model": {"name": "t"}, "issues": ISSUE,
           "parties": [party("p", 0, P_SCORES, [("a", "x == a", 3)]),
                       party("q", 0, Q_SCORES, [("c", "x == c", 3)])],
           "dynamics": {"parties": {"p": {"cost": 0.05}, "q": {"cost": 0.05}},
                        "erosion": [{"id": "e", "red_line": "p.a", "base": 0.0,
                                     "per_cost": 0.0}]}}
    comp = compile_model(build_model(raw, "<t>"))
    assert analyze(comp.model).verdict == "structural_trap"
    sim = simulate(comp, periods=30, draws=300, seed=2)
    assert sim.deterministic.first_ripe == NEVER and (sim.time_to_ripeness == NEVER).all()


def test_certain_erosion_opens_at_once_and_median_erosion_by_hand():
    raw = {"model": {"name": "t"}, "issues": ISSUE,
           "parties": [party("p", 0, P_SCORES, [("a", "x == a", 2)]),
                       party("q", 0, Q_SCORES, [("c", "x == c", 3)])],
           "dynamics": {"parties": {"p": {"cost": 0.1}},
                        "erosion": [{"id": "e", "red_line": "p.a", "base": 0.0,
                                     "per_cost": 1.0}]}}
    comp = compile_model(build_model(raw, "<t>"))
    # Hazard at t: 1.0 * C_p(t) / 2 = 0.05 t. Survival: (1-.05)(1-.1)(1-.15)... falls below one
    # half after 1 - .95*.9*.85*.8 = .419 (t=4), 1 - .419... *.75 -> .564 at t = 5.
    det = simulate(comp, periods=10).deterministic
    assert det.first_ripe == 5 and det.eroded[5] == ("p.a",) and det.eroded[4] == ()
    assert comp.outcome(det.settlement) == {"x": "c"}
    assert det.pivotal == ("p",)


def test_election_shifts_a_register_weight_at_the_election():
    # The West values b only through its strategic register (weight .2 -> .2 + .5 at t = 3,
    # the other register rescaled to .3). Its value of b: .2 * 1 = .2 before, .7 after; its
    # floor is .5, so b opens at t = 3 exactly.
    west = {"id": "w", "disagreement": 0.5, "registers": [
        {"id": "norm", "weight": 0.8, "weights": {"x": 1.0},
         "scores": {"x": {"a": 0, "b": 0, "c": 0}}},
        {"id": "strat", "weight": 0.2, "weights": {"x": 1.0},
         "scores": {"x": {"a": 0, "b": 1, "c": 0}}}]}
    raw = {"model": {"name": "t"}, "issues": ISSUE,
           "parties": [party("q", 0.5, Q_SCORES), west],
           "dynamics": {"elections": [{"id": "e", "party": "w", "register": "strat",
                                       "first": 3, "shift": 0.5}]}}
    comp = compile_model(build_model(raw, "<t>"))
    det = simulate(comp, periods=6).deterministic
    assert det.first_ripe == 3 and det.pivotal == ("w",)
    paths = make_paths(comp, comp.model.sections["dynamics"], 6, 0, 0)
    # Register weights .8 / .2 until the election, .3 / .7 from period 3 on.
    space = ParameterSpace(comp.model)
    cols = [space.index("parties.w.registers.norm.weight"),
            space.index("parties.w.registers.strat.weight")]
    assert np.allclose(paths.theta([0, 0], [2, 3])[:, cols], [[0.8, 0.2], [0.3, 0.7]])


def test_monte_carlo_is_reproducible_and_seed_sensitive():
    comp = gap_model({"parties": {"p": {"cost": {"dist": "uniform", "low": 0.0,
                                                 "high": 0.02}}}})
    a = simulate(comp, 30, draws=500, seed=4)
    b = simulate(comp, 30, draws=500, seed=4)
    c = simulate(comp, 30, draws=500, seed=5)
    assert np.array_equal(a.time_to_ripeness, b.time_to_ripeness)
    assert not np.array_equal(a.time_to_ripeness, c.time_to_ripeness)
    # d falls below .6 at t = ceil(.1 / cost): P(open by 30) = P(cost >= .1/30) = 1 - (1/300)/.02
    opened = (a.time_to_ripeness >= 0).mean()
    assert abs(opened - (1 - (0.1 / 30) / 0.02)) < 0.05


def test_dynamics_errors(capsys, tmp_path):
    bad = {"parties": {"pp": {"cost": 0.1}}}
    with pytest.raises(Exception) as err:
        gap_model(bad)
    assert "did you mean 'p'" in str(err.value)
    model = tmp_path / "m.toml"
    model.write_text('[model]\nname = "t"\n[[issues]]\nid = "x"\nlevels = ["a", "b"]\n'
                     '[[parties]]\nid = "p"\ndisagreement = 0\n[parties.weights]\nx = 1\n'
                     '[parties.scores.x]\na = 1\nb = 0\n')
    assert main(["simulate", str(model)]) == 2
    assert "declares no [dynamics]" in capsys.readouterr().err


def test_dropping_an_erodible_red_line_drops_its_erosion_rule():
    raw = {"model": {"name": "t"}, "issues": ISSUE,
           "parties": [party("p", 0, P_SCORES, [("a", "x == a", 2)]),
                       party("q", 0, Q_SCORES, [("c", "x == c", 3)])],
           "dynamics": {"parties": {"p": {"cost": 0.1}},
                        "erosion": [{"id": "e", "red_line": "p.a", "per_cost": 1.0}]}}
    from negotiation.model.overrides import apply_drops

    dropped = apply_drops(build_model(raw, "<t>"), ["p.a"])
    sim = simulate(compile_model(dropped), periods=5, draws=50, seed=1)
    assert sim.deterministic.first_ripe == 0          # without p's line, c is acceptable at once
    assert (sim.time_to_ripeness == 0).all()


def test_monte_carlo_reports_the_settlement_that_opens_first():
    # As in the linear-decline case the set opens at b only; every path that opens does so at b.
    comp = gap_model({"parties": {"p": {"cost": {"dist": "uniform", "low": 0.0,
                                                 "high": 0.02}}}})
    sim = simulate(comp, 30, draws=400, seed=2)
    opened = int((sim.time_to_ripeness >= 0).sum())
    b = 1
    assert sim.first_settlements == {b: opened}
    # Once open it stays open (d only falls), so the share open at t is the share opened by t.
    assert np.allclose(sim.open_share, sim.opened_by())
    # p hurts every period its cost is positive and q never does: no mutually hurting stalemate.
    assert (sim.mutually_hurting == 0).all()


def test_election_with_zero_weight_others_keeps_weights_a_distribution():
    west = {"id": "w", "disagreement": 0.5, "registers": [
        {"id": "norm", "weight": 0.0, "weights": {"x": 1.0},
         "scores": {"x": {"a": 0, "b": 0, "c": 0}}},
        {"id": "strat", "weight": 1.0, "weights": {"x": 1.0},
         "scores": {"x": {"a": 0, "b": 1, "c": 0}}}]}
    raw = {"model": {"name": "t"}, "issues": ISSUE,
           "parties": [party("q", 0.5, Q_SCORES), west],
           "dynamics": {"elections": [{"id": "e", "party": "w", "register": "strat",
                                       "first": 2, "shift": -0.4}]}}
    comp = compile_model(build_model(raw, "<t>"))
    paths = make_paths(comp, comp.model.sections["dynamics"], 4, 0, 0)
    space = ParameterSpace(comp.model)
    cols = [space.index("parties.w.registers.norm.weight"),
            space.index("parties.w.registers.strat.weight")]
    # strat falls to .6; the only other register, at 0, takes the remaining .4.
    assert np.allclose(paths.theta([0], [3])[0, cols], [0.4, 0.6])


def test_scaling_erosion_and_costs():
    # Linear decline: d_p = 0.7 - c t reaches 0.6 at t = 0.1 / c. With c = 0.01 that is t = 10;
    # doubling the cost brings it to t = 5; zero cost never opens within 20 periods.
    from negotiation.whatif.dynamics import scaled
    from negotiation.whatif.ripeness import sensitivity

    comp = gap_model({"parties": {"p": {"cost": 0.01}}})
    dyn = comp.model.sections["dynamics"]
    assert scaled(dyn, cost=2.0).parties["p"].cost.value == pytest.approx(0.02)
    assert scaled(dyn, cost=0.0).parties["p"].cost.dist is None
    # Every path is the same here (no distributions): ripe within 20 periods at x1 and x2,
    # not at x0 or x0.4 (0.004 t < 0.1 for t <= 20).
    assert sensitivity(comp, 20, 10, 0, (0.0, 0.4, 1.0, 2.0), "cost") == [0.0, 0.0, 1.0, 1.0]
