"""What-if analyses by integer programming against enumeration, and on a space only it can reach.

On random models small enough for both backends, the integer program must give the same
thresholds (values within the stated tolerance, the same verdicts on either side), the same
red-line toggles, the same verdict at every sweep point and the same verdict counts and MUS
membership over the same Monte Carlo draws. Hand-derived cases pin the parts the random models
reach rarely (a zone that only stays open through overlapping intervals, coupling rules).
"""

from __future__ import annotations

import copy
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from helpers import party
from hypothesis import HealthCheck, given, settings
from strategies import build_rich, raw_models, rich_models

from negotiation import analysis as backends
from negotiation.milp import whatif as solved
from negotiation.milp.parametric import TOLERANCE, with_values
from negotiation.model.core import parameters
from negotiation.sections import build_model

SETTINGS = settings(max_examples=80, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def both(model):
    """The analysis of ``model`` by enumeration and by integer programming."""
    enum = backends.analyze(model, strategic=False)
    milp = backends.analyze(model, backend="milp")
    assert milp.backend == "milp" and enum.verdict == milp.verdict
    return enum, milp


def assert_same_thresholds(model, paths=None):
    enum, milp = both(model)
    expected, got = backends.thresholds(enum, paths), backends.thresholds(milp, paths)
    assert [t.parameter for t in got] == [t.parameter for t in expected]
    for e, g in zip(expected, got):
        assert (g.kind, g.verdict, g.lower_verdict, g.upper_verdict) == \
            (e.kind, e.verdict, e.lower_verdict, e.upper_verdict), (e, g)
        for a, b in ((e.lower, g.lower), (e.upper, g.upper), (e.current, g.current)):
            assert (a is None) == (b is None), (e, g)
            if a is not None:
                assert b == pytest.approx(a, abs=TOLERANCE), (e, g)
    return got


@SETTINGS
@given(raw_models(max_parties=3, max_issues=3, max_levels=3, max_red_lines=1))
def test_thresholds_agree_with_enumeration(raw):
    assert_same_thresholds(build_model(raw, "<random>"))


@SETTINGS
@given(rich_models(max_red_lines=2, max_disagreement=0.6))
def test_thresholds_agree_on_registers_drops_and_feasibility_rules(raw):
    # Binding registers (a weight moves two floors), dropped constraints, feasibility rules.
    assert_same_thresholds(build_rich(raw))


def coupled(u_lines=("a == open or g == binding",), r_lines=("a == neutral", "f == no")):
    """tests/model/test_coupling.py's model: for u, a binding guarantee (g) counts as paper
    unless forces (f) back it; floors low enough for agreement."""
    def side(pid, floor, g, a, lines):
        return {"id": pid, "disagreement": floor, "weights": {"g": 0.5, "a": 0.5},
                "scores": {"g": dict(zip(("none", "paper", "binding"), g)),
                           "a": dict(zip(("neutral", "open"), a))},
                "red_lines": [{"id": f"l{n}", "requires": r} for n, r in enumerate(lines)]}

    return {"model": {"name": "coupled"},
            "issues": [{"id": "g", "levels": ["none", "paper", "binding"]},
                       {"id": "f", "levels": ["no", "yes"]},
                       {"id": "a", "levels": ["neutral", "open"]}],
            "coupling": [{"id": "substance", "issue": "g", "levels": ["binding"],
                          "counts_as": "paper", "unless": "f == yes", "except": ["r"]}],
            "parties": [side("u", 0.2, (0, 0.1, 1), (0, 1), u_lines),
                        side("r", 0.2, (1, 0.8, 0), (1, 0), r_lines)]}


@pytest.mark.parametrize("change", [{}, {"u_lines": ()}, {"u_lines": (), "r_lines": ()},
                                    {"r_lines": ("a == neutral",)}])
def test_thresholds_agree_under_coupling_rules(change):
    # The valuations read effective levels through the coupling products.
    for floor in (0.2, 0.45):
        raw = coupled(**change)
        raw["parties"][0]["disagreement"] = floor
        assert_same_thresholds(build_model(raw, "<coupled>"))


def test_disagreement_threshold_is_the_best_acceptable_value():
    # One issue: p values a=1, b=.6, c=0 and q the reverse. q's floor .5 admits b and c, p's
    # floor .7 only a: a ripeness gap. The best p can get among the settlements q accepts is
    # .6 (at b), so p's floor must fall to .6 (+ the tolerance ε) for B to open; raising it
    # never helps.
    raw = {"model": {"name": "t"}, "issues": [{"id": "x", "levels": ["a", "b", "c"]}],
           "parties": [party("p", 0.7, {"x": {"a": 1, "b": 0.6, "c": 0}}),
                       party("q", 0.5, {"x": {"a": 0, "b": 0.6, "c": 1}})]}
    milp = backends.analyze(build_model(raw, "<t>"), backend="milp")
    t = backends.thresholds(milp, ["parties.p.disagreement"])[0]
    assert t.lower == pytest.approx(0.6 + 1e-9, abs=1e-12)
    assert t.lower_verdict == "agreement_possible" and t.upper is None


def chained() -> dict:
    """p weighs x at 0.2 and y at 0.8 (the weight of x is the parameter w), floor 0.5:

    - (x1, y1) is worth 1 − w: acceptable for w ≤ 0.5;
    - (x2, y2) is worth w + (1 − w)/6: acceptable for w ≥ 0.4;
    - (x2, y1) is worth 1 but p's red line excludes it; (x1, y2) is worth (1 − w)/6 < 0.5;
    - y3 is excluded by q's red line (q accepts everything else: floor 0).

    So B(w) ≠ ∅ on [0, 0.5] ∪ [0.4, 1] = [0, 1]: no threshold, although the only settlement
    acceptable today (w = 0.2) stops being acceptable at w = 0.5.
    """
    return {"model": {"name": "chain"},
            "issues": [{"id": "x", "levels": ["x1", "x2"]},
                       {"id": "y", "levels": ["y1", "y2", "y3"]}],
            "parties": [party("p", 0.5, {"x": {"x1": 0, "x2": 1},
                                         "y": {"y1": 1, "y2": 1 / 6, "y3": 0}},
                              [("no", "not (x == x2 and y == y1)", 1)],
                              weights={"x": 0.2, "y": 0.8}),
                        party("q", 0.0, {"x": {"x1": 0, "x2": 1},
                                         "y": {"y1": 0, "y2": 0, "y3": 1}},
                              [("r", "y != y3", 1)])]}


def test_a_zone_open_through_overlapping_intervals_has_no_threshold():
    items = assert_same_thresholds(build_model(chained(), "<chain>"),
                                   ["parties.p.weights.x"])
    assert items[0].lower is None and items[0].upper is None
    # Without (x2, y2) the zone closes where (x1, y1) stops: at w = 0.5 + ε.
    raw = chained()
    raw["parties"][1]["red_lines"].append({"id": "s", "requires": "y != y2"})
    (t,) = assert_same_thresholds(build_model(raw, "<chain>"), ["parties.p.weights.x"])
    assert t.upper == pytest.approx(0.5 + 1e-9, abs=1e-12)
    assert t.upper_verdict == "ripeness_gap" and t.lower is None


def test_red_line_toggles_follow_the_correction_sets():
    # Each party rules out one level of x (floors never bind): a structural trap.
    raw = {"model": {"name": "t"}, "issues": [{"id": "x", "levels": ["a", "b", "c"]}],
           "parties": [party(p, 0.0, {"x": {"a": 0.5, "b": 0.5, "c": 0.5}},
                             [(f"not_{lv}", f"x != {lv}", 1)])
                       for p, lv in (("r", "a"), ("u", "b"), ("w", "c"))]}
    raw["parties"][1]["red_lines"].append({"id": "also_c", "requires": "x != c"})
    items = assert_same_thresholds(build_model(raw, "<t>"))
    toggles = {t.parameter: t.upper_verdict for t in items if t.kind == "red_line"}
    # u also rules out c, so c has two vetoes: dropping either leaves a trap, while dropping
    # r's veto of a (or u's of b) leaves that level to all.
    assert toggles == {"r.not_a": "agreement_possible", "u.not_b": "agreement_possible",
                       "u.also_c": None, "w.not_c": None}


def with_distributions(raw: dict) -> dict:
    """Every no-deal value uniform around its value, one score triangular, one weight uniform
    (its table renormalised in every draw)."""
    raw = copy.deepcopy(raw)
    for p in raw["parties"]:
        d = p["disagreement"]
        p["disagreement"] = {"dist": "uniform", "low": max(0, d - 0.2), "high": min(1, d + 0.2)}
        issue = next(iter(p["scores"]))
        level = next(iter(p["scores"][issue]))
        p["scores"][issue][level] = {"dist": "triangular", "low": 0,
                                     "mode": p["scores"][issue][level], "high": 1}
        weight = next(iter(p["weights"]))
        p["weights"][weight] = {"value": p["weights"][weight], "dist": "uniform", "low": 0,
                                "high": 1}
    return raw


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw_models(max_parties=3, max_issues=3, max_levels=3, max_red_lines=1))
def test_sweeps_and_robustness_agree_with_enumeration(raw):
    model = build_model(with_distributions(raw), "<random>")
    enum, milp = both(model)
    first = model.parties[0]
    axes = {f"parties.{first.id}.disagreement": [0.0, 0.35, 0.7],
            # With the other weights of the table at 0, only 1 is a valid point.
            f"parties.{first.id}.weights.{next(iter(first.valuation.weights))}": [0.0, 0.5, 1]}
    expected, got = backends.sweep(enum, axes), backends.sweep(milp, axes)
    assert got.verdicts.tolist() == expected.verdicts.tolist()
    assert got.sizes is None and "not counted" in got.notes["sizes"]
    expected = backends.robustness(enum, 40, seed=3, mus_draws=10)
    got = backends.robustness(milp, 40, seed=3, mus_draws=10)
    assert got.verdict_counts == expected.verdict_counts
    assert got.in_mus == expected.in_mus
    assert got.sizes is None and got.opening_counts is None


def test_robustness_without_distributions_needs_no_program(monkeypatch):
    raw = chained()
    raw["parties"][1]["red_lines"].append({"id": "s", "requires": "y != y2"})
    model = build_model(raw, "<chain>")
    enum, milp = both(model)
    monkeypatch.setattr(solved, "run_jobs", None)      # any program would fail here
    got = backends.robustness(milp, 25, seed=0, mus_draws=5)
    expected = backends.robustness(enum, 25, seed=0, mus_draws=5)
    # Nothing is uncertain: one draw is run, whatever was asked for.
    assert got.draws == expected.draws == 1
    assert got.verdict_counts == expected.verdict_counts == {"agreement_possible": 1}
    assert got.in_mus == expected.in_mus


def test_mus_membership_is_not_computed_when_unaffordable(monkeypatch):
    raw = with_distributions(chained())
    raw["parties"][0]["disagreement"] = {"dist": "uniform", "low": 0.7, "high": 0.9}
    milp = backends.analyze(build_model(raw, "<chain>"), backend="milp")
    assert milp.verdict == "ripeness_gap"
    monkeypatch.setattr(solved, "MUS_PROGRAMS", 10)
    result = backends.robustness(milp, 30, seed=1, mus_draws=20)
    assert result.in_mus is None and result.mus_draws == 20
    per_draw = len(milp.certificate.mcs) + 1
    assert f"at most {10 // per_draw:,} MUS draws" in result.notes["in_mus"]
    assert sum(result.verdict_counts.values()) == 30
    # Within the budget it is computed.
    assert backends.robustness(milp, 30, seed=1, mus_draws=10 // per_draw).in_mus is not None


def test_results_do_not_depend_on_the_executor():
    raw = with_distributions(chained())
    milp = backends.analyze(build_model(raw, "<chain>"), backend="milp")
    axes = {"parties.p.disagreement": np.linspace(0, 1, 41)}
    alone = backends.sweep(milp, axes)
    with ThreadPoolExecutor(2) as pool:
        spread = backends.sweep(milp, axes, executor=pool)
        assert spread.verdicts.tolist() == alone.verdicts.tolist()
        assert backends.robustness(milp, 50, 2, mus_draws=0, executor=pool).verdict_counts \
            == backends.robustness(milp, 50, 2, mus_draws=0).verdict_counts
        assert backends.thresholds(milp, executor=pool) == backends.thresholds(milp)


def test_with_values_sets_exactly_the_named_parameters():
    model = build_model(chained(), "<chain>")
    changed = with_values(model, {"parties.p.weights.x": 0.3, "parties.q.disagreement": 0.1})
    before, after = parameters(model), parameters(changed)
    assert {k for k in before if before[k].value != after[k].value} == {
        "parties.p.weights.x", "parties.q.disagreement"}
    assert after["parties.p.weights.x"].value == 0.3
    with pytest.raises(ValueError, match="parties.p.weights.z"):
        with_values(model, {"parties.p.weights.z": 0.3})
