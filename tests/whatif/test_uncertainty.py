"""Sampling and Monte Carlo robustness: distributions, reproducibility, and each draw's MUS
membership checked against a full analysis of the model with that draw's values."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pytest
from helpers import party
from scipy import stats

from negotiation.analysis import analyze
from negotiation.model.core import Distribution
from negotiation.sections import build_model
from negotiation.whatif.parameters import ParameterSpace
from negotiation.whatif.uncertainty import inverse_cdf, robustness, sample, wilson

U = np.linspace(0.001, 0.999, 999)


@pytest.mark.parametrize("dist, reference", [
    (Distribution("uniform", low=0.2, high=0.6), stats.uniform(0.2, 0.4)),
    (Distribution("triangular", low=0.1, mode=0.3, high=0.9),
     stats.triang((0.3 - 0.1) / 0.8, loc=0.1, scale=0.8)),
    (Distribution("normal", mean=0.5, sd=0.2, low=0.0, high=1.0),
     stats.truncnorm(-2.5, 2.5, loc=0.5, scale=0.2)),
    (Distribution("beta", a=2, b=5, low=0.0, high=1.0), stats.beta(2, 5)),
])
def test_inverse_cdfs_match_scipy(dist, reference):
    assert np.allclose(inverse_cdf(dist, U), reference.ppf(U), atol=1e-10)


def test_wilson_interval_known_values():
    # Wilson (1927): 95 % interval for 8 successes in 10 trials is (0.490, 0.943).
    lo, hi = wilson(8, 10)
    assert round(lo, 3) == 0.490 and round(hi, 3) == 0.943


def uncertain_model():
    # Two parties on one issue; p's no-deal value is uncertain. q accepts b, c (floor .5); p
    # values a 1, b .6, c 0, so B = {b} when d_p <= .6 and empty above: P(agreement) = P(d_p
    # <= .6) = (.6 - .4) / (.8 - .4) = 0.5 under uniform(.4, .8).
    raw = {"model": {"name": "t"}, "issues": [{"id": "x", "levels": ["a", "b", "c"]}],
           "parties": [party("p", {"dist": "uniform", "low": 0.4, "high": 0.8},
                             {"x": {"a": 1, "b": 0.6, "c": 0}}),
                       party("q", 0.5, {"x": {"a": 0, "b": 0.6, "c": 1}})]}
    return build_model(raw, "<t>")


def test_verdict_probability_matches_closed_form():
    model = uncertain_model()
    res = analyze(model)
    r = robustness(res, 20_000, seed=3, mus_draws=200)
    p, lo, hi = r.probability("agreement_possible")
    assert lo <= 0.5 <= hi and abs(p - 0.5) < 0.02
    assert set(r.opening_counts) == {1}     # only b ever opens


def test_same_seed_same_numbers_and_executor_does_not_matter():
    model = uncertain_model()
    res = analyze(model)
    a = robustness(res, 3000, seed=11, mus_draws=50, batch=100)
    b = robustness(res, 3000, seed=11, mus_draws=50, batch=100)
    with ProcessPoolExecutor(max_workers=2) as pool:
        c = robustness(res, 3000, seed=11, mus_draws=50, batch=100,
                       executor=pool)
    for other in (b, c):
        assert other.verdict_counts == a.verdict_counts
        assert np.array_equal(other.sizes, a.sizes)
        assert other.in_mus == a.in_mus
    d = robustness(res, 3000, seed=12, mus_draws=50)
    assert not np.array_equal(d.sizes, a.sizes)


@pytest.mark.parametrize("reduce_above", [0, 10**9])
def test_mus_membership_per_draw_matches_full_analysis(monkeypatch, reduce_above):
    # With and without dropping dominated outcomes first (the reduction must not change it).
    monkeypatch.setattr("negotiation.whatif.uncertainty.REDUCE_ABOVE", reduce_above)
    # Three parties, two issues, uncertain floors: for each of the first draws, rebuild the model
    # with the drawn values and compare the union of its MUS with the Monte Carlo count.
    issues = [{"id": "x", "levels": ["a", "b", "c"]}, {"id": "y", "levels": ["lo", "hi"]}]
    parties = [
        party("p", {"dist": "uniform", "low": 0.0, "high": 0.9},
              {"x": {"a": 1, "b": 0.5, "c": 0}, "y": {"lo": 0.2, "hi": 0.8}},
              [("no_c", "x != c", 1)]),
        party("q", {"dist": "triangular", "low": 0.1, "mode": 0.5, "high": 0.9},
              {"x": {"a": 0, "b": 0.7, "c": 1}, "y": {"lo": 1, "hi": 0}}),
        party("r", 0.3, {"x": {"a": 0.5, "b": 0.5, "c": 0.5}, "y": {"lo": 0, "hi": 1}},
              [("hi", "y == hi or x == a", 2)]),
    ]
    raw = {"model": {"name": "t"}, "issues": issues, "parties": parties}
    model = build_model(raw, "<t>")
    res = analyze(model)
    draws = 40
    r = robustness(res, draws, seed=5, mus_draws=draws)
    theta = sample(ParameterSpace(model), draws, seed=5)
    space = ParameterSpace(model)
    counts = dict.fromkeys(res.compiled.constraint_ids, 0)
    for row in theta:
        fixed = {**raw, "parties": [dict(p) for p in parties]}
        for k, path in enumerate(space.paths):
            pid = path.split(".")[1]
            if path.endswith("disagreement"):
                next(p for p in fixed["parties"] if p["id"] == pid)["disagreement"] = \
                    float(row[k])
        union = set().union(*analyze(build_model(fixed, "<t>")).certificate.mus)
        for c in union:
            counts[c] += 1
    assert r.in_mus == counts


def test_mus_membership_without_floors_is_the_baseline_family():
    # With every floor dropped nothing varies between draws: each draw's MUS are the baseline's.
    raw = {"model": {"name": "t"}, "issues": [{"id": "x", "levels": ["a", "b", "c"]}],
           "parties": [party("p", {"dist": "uniform", "low": 0.0, "high": 0.5},
                             {"x": {"a": 1, "b": 0, "c": 0}}, [("a", "x == a", 1)]),
                       party("q", 0.0, {"x": {"a": 0, "b": 1, "c": 0}}, [("b", "x == b", 1)])]}
    from negotiation.model.overrides import apply_drops

    model = apply_drops(build_model(raw, "<t>"), ["p.ir", "q.ir"])
    res = analyze(model)
    r = robustness(res, 30, seed=1, mus_draws=30)
    assert r.in_mus == {"p.a": 30, "q.b": 30}
