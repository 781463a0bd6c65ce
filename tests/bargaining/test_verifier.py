"""The independent verifier rejects false certificates: each kind of claim made false on random
models (with coupling rules and without) is caught, and keys spanning several words (more than
60 constraints) are read like one-word keys."""

from __future__ import annotations

import dataclasses

import numpy as np
from helpers import model, party
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import raw_models

from negotiation.analysis import analyze
from negotiation.bargaining.certificate import certify
from negotiation.bargaining.verify import feasible_outcomes, satisfaction, verify
from negotiation.model.compiled import compile_model
from negotiation.sections import build_model

SETTINGS = settings(max_examples=80, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def tampered(cert, how: int):
    """``cert`` with one claim made false, or ``None`` when it has no such claim."""
    blocking = cert.blocking
    if how == 0:
        return dataclasses.replace(cert, bargaining_nonempty=not cert.bargaining_nonempty)
    if how == 1 and cert.mus:              # the MUS list no longer the dual of the MCS list
        return dataclasses.replace(cert, mus=cert.mus[1:], mus_witnesses=cert.mus_witnesses[1:])
    if how == 2 and cert.mcs:              # an MCS dropped: some outcome's pattern uncovered
        return dataclasses.replace(cert, mcs=cert.mcs[1:], mcs_costs=cert.mcs_costs[1:],
                                   mcs_witnesses=cert.mcs_witnesses[1:])
    if how == 3 and cert.mcs:
        return dataclasses.replace(cert, mcs_witnesses=(None,) + cert.mcs_witnesses[1:])
    if how == 4 and blocking.patterns:
        p = blocking.patterns[0]
        patterns = (dataclasses.replace(p, count=p.count + 1),) + blocking.patterns[1:]
        return dataclasses.replace(cert, blocking=dataclasses.replace(blocking,
                                                                      patterns=patterns))
    if how == 5 and len(blocking.patterns) > 1:     # distinct patterns: witnesses swapped
        a, b = blocking.patterns[:2]
        swapped = (dataclasses.replace(a, witness=b.witness),
                   dataclasses.replace(b, witness=a.witness)) + blocking.patterns[2:]
        return dataclasses.replace(cert, blocking=dataclasses.replace(blocking,
                                                                      patterns=swapped))
    if how == 6 and cert.pairwise:
        key = next(iter(cert.pairwise))
        return dataclasses.replace(cert, pairwise=cert.pairwise | {key: not cert.pairwise[key]})
    if how == 7:
        c = next(iter(blocking.excluded_by))
        counts = blocking.excluded_by | {c: blocking.excluded_by[c] + 1}
        return dataclasses.replace(cert, blocking=dataclasses.replace(blocking,
                                                                      excluded_by=counts))
    return None


@st.composite
def coupled(draw):
    """A random model, sometimes with a coupling rule on one issue for some parties."""
    doc = draw(raw_models(max_issues=3, max_levels=3))
    issues = {i["id"]: i["levels"] for i in doc["issues"]}
    if len(issues) > 1 and draw(st.booleans()):
        target = draw(st.sampled_from(sorted(issues)))
        other = draw(st.sampled_from(sorted(set(issues) - {target})))
        doc["coupling"] = [{
            "id": "c", "issue": target,
            "levels": draw(st.lists(st.sampled_from(issues[target]), min_size=1, unique=True)),
            "counts_as": draw(st.sampled_from(issues[target])),
            "unless": f"{other} == {draw(st.sampled_from(issues[other]))}",
            "parties": draw(st.lists(st.sampled_from([p["id"] for p in doc["parties"]]),
                                     min_size=1, unique=True))}]
    return doc


@SETTINGS
@given(coupled(), st.integers(0, 7))
def test_every_false_claim_is_caught(doc, how):
    m = build_model(doc, "<random>")
    cert = analyze(m).certificate
    assert verify(m, cert) == []
    false = tampered(cert, how)
    if false is not None:
        assert verify(m, false) != []


def test_keys_of_several_words():
    # 70 red lines of one party, each excluding one level of a 71-level issue, plus the IR floor:
    # 71 constraints, two key words. Every level but the last is excluded by exactly one line.
    levels = [f"l{k}" for k in range(71)]
    lines = [(f"r{k}", f"x != l{k}", 1.0) for k in range(70)]
    m = model({"x": levels, "y": ["a", "b"]},
              [party("p", 0.0, {"x": dict.fromkeys(levels, 0.5), "y": {"a": 0, "b": 1}},
                     lines),
               party("q", 0.0, {"x": dict.fromkeys(levels, 0.5), "y": {"a": 1, "b": 0}})])
    cert = certify(compile_model(m))
    assert cert.bargaining_nonempty and verify(m, cert) == []
    ids, sat = satisfaction(m)
    assert len(ids) == 72 and sat.shape == (142, 72) and feasible_outcomes(m).all()
    # Outcome (l5, b) is excluded by p.r5 alone: constraint 5 of p's list.
    assert np.flatnonzero(~sat[5 * 2 + 1]).tolist() == [5]
    by = cert.blocking.excluded_by
    assert by["p.r69"] == 2 and by["p.ir"] == 0
    false = dataclasses.replace(cert, blocking=dataclasses.replace(
        cert.blocking, excluded_by=by | {"p.r69": 3}))
    assert verify(m, false) != []
