"""Thresholds and sweeps against brute force: each claim is checked by rebuilding the model with
the parameter set to the value in question and re-running the analysis from scratch."""

from __future__ import annotations

import copy

import numpy as np
import pytest
from helpers import party
from hypothesis import HealthCheck, given, settings
from strategies import raw_models

from negotiation.analysis import analyze
from negotiation.model.compiled import compile_model
from negotiation.sections import build_model
from negotiation.whatif.parameters import ParameterSpace
from negotiation.whatif.thresholds import parse_axis, sweep, thresholds

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def set_value(raw: dict, path: str, value: float) -> dict:
    """The raw model with one parameter changed; a weight's table is rescaled proportionally."""
    raw = copy.deepcopy(raw)
    parts = path.split(".")
    node = next(p for p in raw["parties"] if p["id"] == parts[1])
    rest = parts[2:]
    if rest == ["disagreement"]:
        node["disagreement"] = value
    elif rest[0] == "scores":
        node["scores"][rest[1]][rest[2]] = value
    else:
        weights = node["weights"]
        others = {k: v for k, v in weights.items() if k != rest[1]}
        total = sum(others.values())
        if total == 0 and abs(value - 1) > 1e-12:
            return None      # nothing to rescale: the weights cannot sum to 1
        for k, v in others.items():
            weights[k] = v * (1 - value) / total if total else 0.0
        weights[rest[1]] = value
    return raw


def verdict_at(raw, path, value):
    changed = set_value(raw, path, value)
    return "invalid" if changed is None else analyze(build_model(changed, "<t>")).verdict


@SETTINGS
@given(raw_models(max_parties=3, max_issues=2, max_levels=3, max_red_lines=1))
def test_thresholds_match_brute_force(raw):
    model = build_model(raw, "<t>")
    res = analyze(model)
    for t in thresholds(res):
        if t.kind != "number":
            continue
        for bound, after, sign in ((t.lower, t.lower_verdict, -1), (t.upper, t.upper_verdict, 1)):
            if bound is None:
                # No threshold on this side: the verdict holds out to the end of the range.
                end = (0.0 if sign < 0 else 1.0) if "disagreement" not in t.parameter \
                    else t.current + sign * 2.0
                for f in (0.3, 0.7, 1.0):
                    value = t.current + f * (end - t.current)
                    seen = verdict_at(raw, t.parameter, value)
                    assert seen in (t.verdict, "invalid"), (t, value, seen)
                continue
            # Just past the threshold the verdict is the reported one ...
            beyond = bound + sign * 1e-6
            if 0 <= beyond <= 1 or "disagreement" in t.parameter:
                assert verdict_at(raw, t.parameter, beyond) == after, (t, beyond)
            # ... and just short of it (toward today's value) it is still today's.
            inside = bound - sign * 1e-6
            if (inside - t.current) * sign >= 0:
                assert verdict_at(raw, t.parameter, inside) == t.verdict, (t, inside)


def test_threshold_of_a_disagreement_value_by_hand():
    # One issue, p values a=1, b=.6, c=0 and q the reverse; q's floor .5 admits b, c. p's floor
    # .7 admits only a: a ripeness gap. Lowering p's floor to .6 (+ tolerance) admits b.
    raw = {"model": {"name": "t"}, "issues": [{"id": "x", "levels": ["a", "b", "c"]}],
           "parties": [party("p", 0.7, {"x": {"a": 1, "b": 0.6, "c": 0}}),
                       party("q", 0.5, {"x": {"a": 0, "b": 0.6, "c": 1}})]}
    res = analyze(build_model(raw, "<t>"))
    assert res.verdict == "ripeness_gap"
    t = next(t for t in thresholds(res)
             if t.parameter == "parties.p.disagreement")
    assert t.lower == pytest.approx(0.6, abs=1e-8) and t.lower_verdict == "agreement_possible"
    assert t.upper is None


@SETTINGS
@given(raw_models(max_parties=3, max_issues=2, max_levels=3, max_red_lines=1))
def test_sweep_points_match_recompiled_models(raw):
    model = build_model(raw, "<t>")
    res = analyze(model)
    party_id = raw["parties"][0]["id"]
    issue = raw["issues"][0]["id"]
    axes = {f"parties.{party_id}.disagreement": np.array([0.0, 0.35, 0.7]),
            f"parties.{party_id}.weights.{issue}": np.array([0.0, 0.5, 1.0])}
    result = sweep(res, axes)
    for i, d in enumerate(axes[f"parties.{party_id}.disagreement"]):
        for j, w in enumerate(axes[f"parties.{party_id}.weights.{issue}"]):
            changed = set_value(set_value(raw, f"parties.{party_id}.disagreement", d),
                                f"parties.{party_id}.weights.{issue}", w)
            if changed is None:
                assert result.verdicts[i, j] == "invalid"
                continue
            again = analyze(build_model(changed, "<t>"))
            assert result.verdicts[i, j] == again.verdict
            assert result.sizes[i, j] == again.bargaining.size


@SETTINGS
@given(raw_models(max_parties=3, max_issues=3, max_levels=3, max_red_lines=1))
def test_slack_equals_recompiled_valuations(raw):
    model = build_model(raw, "<t>")
    compiled = compile_model(model)
    space = ParameterSpace(model)
    rng = np.random.default_rng(0)
    theta = space.normalise(np.clip(space.base + rng.normal(0, 0.2, space.base.shape), 0, 1)
                            [None, :])
    changed = copy.deepcopy(raw)
    for path, value in zip(space.paths, theta[0]):
        parts = path.split(".")
        node = next(p for p in changed["parties"] if p["id"] == parts[1])
        if parts[2] == "disagreement":
            node["disagreement"] = float(value)
        elif parts[2] == "weights":
            node["weights"][parts[3]] = float(value)
        else:
            node["scores"][parts[3]][parts[4]] = float(value)
    again = compile_model(build_model(changed, "<t>"))
    levels = compiled.level_indices(np.arange(compiled.n_outcomes))
    slack = space.slack(theta, levels, compiled)[0]
    ir = np.flatnonzero(again.value_row >= 0)
    expected = np.stack([again.values[again.value_row[c]] - again.floor[c] + model.epsilon
                         for c in ir])
    assert np.allclose(slack, expected, atol=1e-12)


def test_structural_trap_has_no_numeric_threshold():
    raw = {"model": {"name": "t"}, "issues": [{"id": "x", "levels": ["a", "b"]}],
           "parties": [party("p", 0, {"x": {"a": 1, "b": 0}}, [("a", "x == a", 1)]),
                       party("q", 0, {"x": {"a": 0, "b": 1}}, [("b", "x == b", 1)])]}
    res = analyze(build_model(raw, "<t>"))
    items = thresholds(res)
    assert all(t.distance is None for t in items if t.kind == "number")
    # Dropping either red line leaves the other satisfiable: agreement (floors are 0).
    assert {t.parameter: t.upper_verdict for t in items if t.kind == "red_line"} == {
        "p.a": "agreement_possible", "q.b": "agreement_possible"}


def test_parse_axis_errors():
    from negotiation.errors import ModelError

    for bad in ("parties.russia.disagreement", "x=1:2", "x=a:b:3", "x=0:1:0"):
        with pytest.raises(ModelError):
            parse_axis(bad)
