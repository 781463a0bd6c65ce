"""Coupling rules: a level that is only real when backed. Known cases derived by hand, both
backends on random coupled models with the same answers, and the independent verifier re-checking
certificates under the coupled semantics."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from helpers import sets
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import condition, raw_models

from negotiation.analysis import analyze
from negotiation.bargaining.verify import verify
from negotiation.errors import ModelError
from negotiation.milp.analysis import analyze_milp
from negotiation.model.compiled import compile_model
from negotiation.sections import build_model

# Three issues: g (none < paper < binding), f (no < yes: forces present), a (neutral < open).
# Rule: for every party but r, g == binding counts as "paper" unless f == yes.
ISSUES = [{"id": "g", "levels": ["none", "paper", "binding"]},
          {"id": "f", "levels": ["no", "yes"]},
          {"id": "a", "levels": ["neutral", "open"]}]
RULE = {"id": "substance", "issue": "g", "levels": ["binding"], "counts_as": "paper",
        "unless": "f == yes", "except": ["r"], "source": "test"}


def raw(coupling=True, u_lines=(("enf", "a == open or g == binding"),),
        r_lines=(("neu", "a == neutral"), ("nof", "f == no"))):
    return {
        "model": {"name": "coupled"}, "issues": ISSUES,
        "coupling": [RULE] if coupling else [],
        "parties": [
            {"id": "u", "disagreement": 0.4, "weights": {"g": 0.5, "a": 0.5},
             "scores": {"g": {"none": 0, "paper": 0.1, "binding": 1},
                        "a": {"neutral": 0, "open": 1}},
             "red_lines": [{"id": i, "requires": r} for i, r in u_lines]},
            {"id": "r", "disagreement": 0.3, "weights": {"g": 0.5, "a": 0.5},
             "scores": {"g": {"none": 1, "paper": 0.8, "binding": 0},
                        "a": {"neutral": 1, "open": 0}},
             "red_lines": [{"id": i, "requires": r} for i, r in r_lines]},
        ]}


def test_known_case_by_hand():
    # u needs "a == open or g == binding". Under the rule a binding guarantee counts only with
    # forces (f == yes); r forbids forces and needs neutrality. So the red lines collide as
    # {u.enf, r.neu, r.nof}: without coupling only {u.enf, r.neu} would not be enough (binding
    # at neutral with no forces would satisfy both).
    coupled = analyze(build_model(raw(), "<t>"))
    plain = analyze(build_model(raw(coupling=False), "<t>"))
    red = {frozenset(m) for m in coupled.certificate.mus if not any(".ir" in c for c in m)}
    assert red == {frozenset({"u.enf", "r.neu", "r.nof"})}
    assert not any({"u.enf", "r.neu"} <= set(m) for m in plain.certificate.mus)
    # Values, outcome (g, f, a) in C order: (binding, no, neutral) is outcome 8. u reads "paper":
    # 0.5*0.1 + 0 = 0.05 (1.0*0.5 = 0.5 without the rule); r reads the form: 0.5*0 + 0.5*1 = 0.5.
    # With forces, (binding, yes, neutral) = outcome 10: u 0.5, r 0.5.
    values = coupled.compiled.utilities
    assert values[0, 8] == pytest.approx(0.05) and values[1, 8] == pytest.approx(0.5)
    assert values[0, 10] == pytest.approx(0.5)
    assert plain.compiled.utilities[0, 8] == pytest.approx(0.5)
    assert verify(coupled.model, coupled.certificate) == []


def test_the_verifier_rejects_a_certificate_made_without_the_rule():
    # The certificate of the uncoupled model claims {u.enf, r.neu} is compatible (its MUS list
    # differs); checked against the coupled model it must fail.
    coupled = build_model(raw(), "<t>")
    plain_cert = analyze(build_model(raw(coupling=False), "<t>")).certificate
    assert verify(coupled, plain_cert) != []


def test_red_lines_are_rewritten_and_keep_the_condition_as_written():
    m = build_model(raw(), "<t>")
    line = m.party("u").red_lines[0]
    assert line.requires == "a == open or g == binding"
    assert line.as_written is not None and line.expr != line.as_written
    assert m.party("r").red_lines[0].as_written is None        # the rule leaves r alone


@pytest.mark.parametrize("edit, fragment", [
    ({"issue": "gg"}, "did you mean 'g'"),
    ({"levels": ["bindng"]}, "unknown level 'bindng'"),
    ({"counts_as": "papr"}, "unknown level 'papr'"),
    ({"unless": "g == paper"}, "mentions 'g'"),
    ({"except": ["rr"]}, "unknown party 'rr'"),
    ({"parties": ["u"]}, "either 'parties' or 'except'"),
])
def test_bad_rules_are_named(edit, fragment):
    doc = raw()
    doc["coupling"] = [dict(RULE) | edit]
    with pytest.raises(ModelError) as err:
        build_model(doc, "<t>")
    assert fragment in str(err.value) and "coupling" in str(err.value)


@st.composite
def coupled_models(draw):
    doc = draw(raw_models(max_issues=3, max_levels=3))
    issues = {i["id"]: i["levels"] for i in doc["issues"]}
    if len(issues) < 2:
        doc["issues"].append({"id": "extra", "levels": ["x0", "x1"]})
        issues["extra"] = ["x0", "x1"]
    names = sorted(issues)
    target = draw(st.sampled_from(names))
    levels = issues[target]
    capped = draw(st.lists(st.sampled_from(levels), min_size=1, unique=True))
    others = {k: v for k, v in issues.items() if k != target}
    parties = [p["id"] for p in doc["parties"]]
    doc["coupling"] = [{"id": "c", "issue": target, "levels": capped,
                        "counts_as": draw(st.sampled_from(levels)),
                        "unless": draw(condition(others)),
                        "parties": draw(st.lists(st.sampled_from(parties), min_size=1,
                                                 unique=True))}]
    return doc


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(coupled_models())
def test_both_backends_agree_under_coupling(doc):
    m = build_model(doc, "<random>")
    enum, milp = analyze(m), analyze_milp(m)
    assert milp.verdict == enum.verdict
    assert sets(milp.certificate.mus) == sets(enum.certificate.mus)
    assert milp.certificate.mcs == enum.certificate.mcs
    assert milp.certificate.pairwise == enum.certificate.pairwise
    assert milp.bargaining.distance == enum.bargaining.distance
    assert verify(m, enum.certificate) == [] and verify(m, milp.certificate) == []
    if enum.bargaining.size:
        sol = milp.bargaining.solutions["utilitarian"]
        best = enum.bargaining.solutions["utilitarian"]
        assert sum(sol.values.values()) == pytest.approx(sum(best.values.values()), abs=1e-9)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(coupled_models())
def test_a_rule_nobody_reads_changes_nothing(doc):
    # Property: a rule applying to no party, or whose target equals every capped level, leaves
    # every mask and value as without the rule.
    m = build_model(doc, "<random>")
    rule = m.coupling[0]
    bare = compile_model(replace(m, coupling=(), parties=build_model(
        {k: v for k, v in doc.items() if k != "coupling"}, "<r>").parties))
    idle = compile_model(build_model(doc | {"coupling": [
        {"id": "c", "issue": rule.issue, "levels": list(rule.levels),
         "counts_as": rule.counts_as, "unless": rule.unless, "parties": []}]}, "<r>"))
    assert np.array_equal(idle.violations, bare.violations)
    assert np.allclose(idle.values, bare.values)


def test_parameter_batches_read_effective_levels_too():
    # The what-if evaluator (thresholds, sweeps, robustness, dynamics) recomputes valuations from
    # parameter vectors; at the model's own parameters it must give the compiled values, coupled.
    from negotiation.whatif.parameters import ParameterSpace, SlackEvaluator, ir_rows

    comp = compile_model(build_model(raw(), "<t>"))
    space = ParameterSpace(comp.model)
    every = np.arange(comp.n_outcomes)
    evaluator = SlackEvaluator(space, ir_rows(comp), comp.level_indices(every))
    for row in range(len(comp.party_ids)):
        assert np.allclose(evaluator.value(space.base[None, :], row)[0], comp.values[row])
