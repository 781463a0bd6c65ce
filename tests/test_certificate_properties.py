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
from negotiation.loading import build_model
from negotiation.verify import feasible_outcomes, satisfaction, verify

SETTINGS = settings(max_examples=150, deadline=None,
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
