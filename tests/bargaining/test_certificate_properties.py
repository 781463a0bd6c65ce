"""Properties of certificates on random small models (hypothesis).

Each certificate is re-checked by the independent verifier, and its MUS and MCS families are
compared with a brute-force enumeration of every subset of constraints.
"""

from __future__ import annotations

import copy
import itertools
import re

import numpy as np
from hypothesis import HealthCheck, given, settings
from strategies import raw_models

from negotiation.analysis import analyze
from negotiation.bargaining.verify import feasible_outcomes, satisfaction, verify
from negotiation.sections import build_model

SETTINGS = settings(max_examples=100, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def brute_force(model):
    """All MUS and MCS by testing every subset of constraints for compatibility."""
    ids, sat = satisfaction(model)
    sat = sat[feasible_outcomes(model)]
    m = len(ids)

    def compatible(subset):
        return bool(np.any(np.all(sat[:, list(subset)], axis=1))) if subset else True

    subsets = [frozenset(s) for r in range(m + 1) for s in itertools.combinations(range(m), r)]
    ok = {s: compatible(s) for s in subsets}
    mus = {s for s in subsets if not ok[s] and all(ok[s - {c}] for c in s)}
    full = frozenset(range(m))
    opening = {s for s in subsets if ok[full - s]}
    mcs = {s for s in opening if not any(o < s for o in opening)}
    if ok[full]:
        mcs = set()
    name = lambda fam: {frozenset(ids[c] for c in s) for s in fam}  # noqa: E731
    return name(mus), name(mcs)


def families(result):
    return ({frozenset(s) for s in result.certificate.mus},
            {frozenset(s) for s in result.certificate.mcs})


@SETTINGS
@given(raw_models())
def test_certificate_verifies_and_matches_brute_force(raw):
    model = build_model(raw, "<random>")
    result = analyze(model)
    assert verify(model, result.certificate) == []
    mus, mcs = families(result)
    assert (mus, mcs) == brute_force(model)
    # Every MCS hits every MUS.
    assert all(t & s for t in mcs for s in mus)


@SETTINGS
@given(raw_models())
def test_verdict_matches_definition(raw):
    model = build_model(raw, "<random>")
    result = analyze(model)
    ids, sat = satisfaction(model)
    sat = sat[feasible_outcomes(model)]
    red = [n for n, s in enumerate(model.constraints()) if s.kind == "red_line"]
    red_ok = np.any(np.all(sat[:, red], axis=1)) if red else True
    all_ok = np.any(np.all(sat, axis=1))
    expected = ("structural_trap" if not red_ok else
                "ripeness_gap" if not all_ok else "agreement_possible")
    assert result.verdict == expected
    assert result.bargaining.size == int(np.all(sat, axis=1).sum())


@SETTINGS
@given(raw_models())
def test_invariant_under_reordering_parties(raw):
    base = analyze(build_model(raw, "<random>"))
    shuffled = copy.deepcopy(raw)
    shuffled["parties"] = shuffled["parties"][::-1]
    other = analyze(build_model(shuffled, "<random>"))
    assert other.verdict == base.verdict
    assert families(other) == families(base)
    for key, ok in base.certificate.pairwise.items():
        a, b = key.split("+")
        assert other.certificate.pairwise[f"{b}+{a}"] == ok


@SETTINGS
@given(raw_models())
def test_invariant_under_positive_affine_change_of_one_party(raw):
    # v' = a v + b with d' = a d + b (scores a s + b keep weights summing to one).
    a, b = 0.5, 0.25
    changed = copy.deepcopy(raw)
    p = changed["parties"][0]
    p["scores"] = {i: {lv: a * s + b for lv, s in lv_s.items()} for i, lv_s in p["scores"].items()}
    p["disagreement"] = a * p["disagreement"] + b
    base = analyze(build_model(raw, "<random>"))
    other = analyze(build_model(changed, "<random>"))
    assert other.verdict == base.verdict
    assert families(other) == families(base)


@SETTINGS
@given(raw_models())
def test_invariant_under_renaming_levels_and_reordering_issues(raw):
    renamed = copy.deepcopy(raw)
    mapping = {}
    for issue in renamed["issues"]:
        for n, lv in enumerate(issue["levels"]):
            mapping[lv] = f"renamed_{lv}_{n}"
        issue["levels"] = [mapping[lv] for lv in issue["levels"]]
    renamed["issues"] = renamed["issues"][::-1]

    def rename(text):
        return re.sub(r"\b\w+\b", lambda m: mapping.get(m.group(0), m.group(0)), text)

    for p in renamed["parties"]:
        p["scores"] = {i: {mapping[lv]: s for lv, s in lv_s.items()}
                       for i, lv_s in p["scores"].items()}
        for r in p["red_lines"]:
            r["requires"] = rename(r["requires"])
    for rule in renamed.get("feasibility", []):
        rule["requires"] = rename(rule["requires"])
    base = analyze(build_model(raw, "<random>"))
    other = analyze(build_model(renamed, "<random>"))
    assert other.verdict == base.verdict
    assert families(other) == families(base)
    assert other.bargaining.size == base.bargaining.size


def brute_solutions(model):
    """The four bargaining solutions by their definitions, over a plain list of outcomes."""
    ids, sat = satisfaction(model)
    ok = np.all(sat, axis=1) & feasible_outcomes(model)
    outcomes = list(itertools.product(*(range(len(i.levels)) for i in model.issues)))
    d = [p.disagreement.value for p in model.parties]

    def value(p, x):
        val = p.valuation
        return sum(val.weights[i.id].value * val.scores[i.id][i.level_ids[x[j]]].value
                   for j, i in enumerate(model.issues) if i.id in val.weights)

    members = [n for n in range(len(outcomes)) if ok[n]]
    if not members:
        return None
    v = {n: [value(p, outcomes[n]) for p in model.parties] for n in members}
    gain = {n: [max(a - b, 0.0) for a, b in zip(v[n], d)] for n in members}
    ideal = [max(v[n][k] for n in members) for k in range(len(d))]
    scores = {
        "nash": {n: float(np.prod(gain[n])) for n in members},
        "egalitarian": {n: min(gain[n]) for n in members},
        "utilitarian": {n: sum(v[n]) for n in members},
        "kalai_smorodinsky": {n: min(g / (ideal[k] - d[k]) if ideal[k] - d[k] > 1e-12 else 1.0
                                     for k, g in enumerate(gain[n])) for n in members},
    }
    return {name: max(s.values()) for name, s in scores.items()}, v


@SETTINGS
@given(raw_models())
def test_bargaining_solutions_are_optimal_by_brute_force(raw):
    # Each reported solution lies in B and attains the best objective value (ties aside).
    model = build_model(raw, "<random>")
    result = analyze(model)
    expected = brute_solutions(model)
    if expected is None:
        assert all(s is None for s in result.bargaining.solutions.values())
        return
    best, values = expected
    for name, sol in result.bargaining.solutions.items():
        assert sol.index in values
        got = brute_solutions_objective(name, values, sol.index, model)
        assert abs(got - best[name]) < 1e-9, name


def brute_solutions_objective(name, values, index, model):
    d = [p.disagreement.value for p in model.parties]
    gain = [max(a - b, 0.0) for a, b in zip(values[index], d)]
    if name == "nash":
        return float(np.prod(gain))
    if name == "egalitarian":
        return min(gain)
    if name == "utilitarian":
        return sum(values[index])
    ideal = [max(v[k] for v in values.values()) for k in range(len(d))]
    return min(g / (ideal[k] - d[k]) if ideal[k] - d[k] > 1e-12 else 1.0
               for k, g in enumerate(gain))


@SETTINGS
@given(raw_models())
def test_blocking_by_level_matches_brute_force(raw):
    from negotiation.bargaining.certificate import blocking_by_level

    model = build_model(raw, "<random>")
    result = analyze(model)
    levels = blocking_by_level(result.compiled)
    ids, sat = satisfaction(model)
    feasible = feasible_outcomes(model)
    outcomes = list(itertools.product(*(range(len(i.levels)) for i in model.issues)))
    specs = list(model.constraints())
    row = 0
    for j, issue in enumerate(model.issues):
        for lv in range(len(issue.levels)):
            at = [n for n, x in enumerate(outcomes) if x[j] == lv and feasible[n]]
            assert levels.count[row] == len(at)
            for k, party in enumerate(model.parties):
                cols = [c for c, s in enumerate(specs) if s.party == party.id]
                blocked = sum(1 for n in at if not sat[n, cols].all())
                share = blocked / len(at) if at else 0.0
                assert abs(levels.share[row, k] - share) < 1e-12
            row += 1
