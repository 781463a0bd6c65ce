"""The integer-programming backend against enumeration, and on spaces only it can reach.

On hundreds of random small models both paths must agree on the verdict, the MUS family, the
MCS list (in order, with costs), pairwise compatibility, each party's consistency, the distance
to agreement and the least total concession, the size of the Pareto frontier, and the values of
the bargaining solutions (ties may pick different outcomes, so the solutions' objective values
are compared, and the integer program's outcome must lie in B). The integer program's
certificate must pass the independent verifier. Large cases are derived by hand.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from helpers import model, party, sets
from hypothesis import HealthCheck, given, settings
from strategies import build_rich, raw_models, rich_models

from negotiation.analysis import analyze
from negotiation.bargaining.verify import satisfaction, verify
from negotiation.cli import main
from negotiation.milp import solver
from negotiation.milp.analysis import analyze_milp
from negotiation.sections import build_model

SETTINGS = settings(max_examples=100, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
EXAMPLE = str(Path(__file__).parents[2] / "models" / "example.toml")


def objective(name, v, d, span):
    """A bargaining solution's objective at values ``v`` (written from its definition)."""
    gains = np.maximum(v - d, 0.0)
    if name == "utilitarian":
        return v.sum()
    if name == "egalitarian":
        return gains.min()
    if name == "nash":
        return np.prod(gains)
    ratio = np.where(span > 1e-12, gains / np.where(span > 1e-12, span, 1.0), 1.0)
    return ratio.min()


def assert_same(m):
    enum, milp = analyze(m), analyze_milp(m)
    ce, cm = enum.certificate, milp.certificate
    assert milp.verdict == enum.verdict
    assert sets(cm.mus) == sets(ce.mus) and len(cm.mus) == len(ce.mus)
    assert cm.mcs == ce.mcs and cm.mcs_costs == ce.mcs_costs
    assert cm.pairwise == ce.pairwise
    assert cm.party_consistent == ce.party_consistent
    assert verify(m, cm) == []
    be, bm = enum.bargaining, milp.bargaining
    assert bm.distance == be.distance
    assert bm.total_concession == be.total_concession
    if enum.verdict != "agreement_possible":
        assert all(s is None for s in bm.solutions.values())
        return
    assert bm.pareto_size == be.pareto_size
    ids, sat = satisfaction(m)
    in_b = np.all(sat, axis=1)
    u, d = enum.compiled.utilities, enum.compiled.disagreement
    span = u[:, in_b].max(axis=1) - d
    for name, sol in bm.solutions.items():
        assert in_b[sol.index], name
        got = objective(name, np.array(list(sol.values.values())), d, span)
        best = objective(name, np.array(list(be.solutions[name].values.values())), d, span)
        assert got == pytest.approx(best, abs=1e-9), name


@SETTINGS
@given(raw_models())
def test_milp_agrees_with_enumeration(raw):
    assert_same(build_model(raw, "<random>"))


@SETTINGS
@given(rich_models())
def test_milp_agrees_with_enumeration_on_richer_models(raw):
    # Registers with a binding floor, zero costs, unweighted issues, deeper conditions, drops.
    assert_same(build_rich(raw))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rich_models(max_red_lines=1, max_disagreement=0.4, max_levels=4))
def test_milp_agrees_with_enumeration_where_agreement_is_likely(raw):
    # Bargaining solutions and the Pareto frontier's size, mostly (low floors, few red lines).
    assert_same(build_rich(raw))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rich_models())
def test_deletion_filter_and_cheapest_correction_set(raw):
    m = build_rich(raw)
    enum = analyze(m)
    lm = solver.linearize_model(m)
    everything = range(len(lm.constraints))
    cheapest = solver.cheapest_correction_set(lm)
    if enum.certificate.bargaining_nonempty:
        assert cheapest is None
        return
    mus, witnesses = solver.deletion_mus(lm, everything)
    names = tuple(sorted(lm.constraint_ids[c] for c in mus))
    assert frozenset(names) in sets(enum.certificate.mus)
    for c, point in witnesses.items():
        assert all(point.holds[e] for e in mus if e != c)
    got, point = cheapest
    assert frozenset(lm.constraint_ids[c] for c in got) in sets(enum.certificate.mcs)
    cost = float(lm.revision_cost[list(got)].sum())
    assert cost == pytest.approx(min(enum.certificate.mcs_costs))
    assert set(np.flatnonzero(~point.holds)) == set(got)


def opposed(k: int, levels: int = 3) -> dict:
    """Two parties with opposite scores on ``k`` equally weighted issues (``v_a + v_b = 1``)."""
    issues = {f"i{j}": [f"l{n}" for n in range(levels)] for j in range(k)}
    grid = [n / (levels - 1) for n in range(levels)]
    w = {i: 1 / k for i in issues}
    a = party("a", 0.6, {i: dict(zip(lv, grid)) for i, lv in issues.items()}, weights=w)
    b = party("b", 0.6, {i: dict(zip(lv, grid[::-1])) for i, lv in issues.items()}, weights=w)
    return issues, [a, b]


def test_large_opposed_parties_distance_by_hand():
    # 3^60 ≈ 4e28 outcomes. v_a + v_b = 1 everywhere, both floors 0.6: B is empty, there are no
    # red lines (ripeness gap), and the only MUS is the two floors. δ* = min max(0.6 - v_a,
    # 0.6 - v_b) = 0.1 at v_a = v_b = 0.5; the total (0.6 - v_a)+ + (0.6 - v_b)+ >= 1.2 - 1 =
    # 0.2, attained whenever 0.4 <= v_a <= 0.6.
    issues, parties = opposed(60)
    m = model(issues, parties)
    res = analyze_milp(m)
    assert m.n_outcomes == 3**60
    assert res.verdict == "ripeness_gap"
    assert sets(res.certificate.mus) == sets([{"a.ir", "b.ir"}])
    assert sets(res.certificate.mcs) == sets([{"a.ir"}, {"b.ir"}])
    assert res.certificate.pairwise == {"a+b": False}
    assert res.bargaining.distance == pytest.approx(0.1, abs=1e-9)
    assert res.bargaining.total_concession == pytest.approx(0.2, abs=1e-9)
    (closest,) = res.bargaining.closest
    lm = res.compiled
    assert lm.value(0, lm.levels_of(closest)) == pytest.approx(0.5, abs=1e-9)


def test_large_space_three_party_trap_by_hand():
    # 10^30 outcomes. p0 needs i0 < l5, p1 needs i0 >= l5 or i1 < l5, p2 needs i1 >= l5.
    # p0 forces i0 < l5, so p1 forces i1 < l5, which p2 forbids: the three lines are a MUS and
    # every pair is compatible (p0+p1: i1 low; p0+p2 and p1+p2: i0 low / high, i1 high).
    k = 30
    issues = {f"i{j}": [f"l{n}" for n in range(10)] for j in range(k)}
    scores = {i: {lv: 0.5 for lv in issues[i]} for i in issues}
    lines = ["i0 < l5", "i0 >= l5 or i1 < l5", "i1 >= l5"]
    parties = [party(f"p{n}", 0.4, scores, [("t", text, n + 1)]) for n, text in enumerate(lines)]
    res = analyze_milp(model(issues, parties))
    assert res.verdict == "structural_trap"
    assert sets(res.certificate.mus) == sets([{"p0.t", "p1.t", "p2.t"}])
    assert res.certificate.mcs == (("p0.t",), ("p1.t",), ("p2.t",))   # by cost 1, 2, 3
    assert all(res.certificate.pairwise.values())
    lm = res.compiled
    for mus_witness in res.certificate.mus_witnesses:
        for dropped, index in mus_witness.items():
            levels = lm.levels_of(index)
            kept = [c for c in range(3) if lm.constraint_ids[c] != dropped]
            assert all(lm.check(levels)[kept])


def test_outcome_numbers_are_exact_beyond_64_bits():
    issues, parties = opposed(45)
    lm = solver.linearize_model(model(issues, parties))
    last = 3**45 - 1
    assert lm.levels_of(last) == (2,) * 45
    assert lm.index((2,) * 45) == last
    assert lm.index(lm.levels_of(1234567890123456789012)) == 1234567890123456789012
    small = solver.linearize_model(model({"x": ["a", "b", "c"], "y": ["d", "e"]}, [
        party("p", 0, {"x": {"a": 0, "b": 1, "c": 0}}),
        party("q", 0, {"y": {"d": 0, "e": 1}})]))
    for n in range(6):
        assert small.index(small.levels_of(n)) == n
        assert small.levels_of(n) == tuple(np.unravel_index(n, (3, 2)))


def test_an_outcome_failing_the_exact_check_is_cut_off(monkeypatch):
    # Pretend the first outcome the solver proposes fails its re-check: it must be excluded by a
    # no-good row and another outcome returned.
    issues = {"x": ["a", "b", "c"]}
    m = model(issues, [party("p", 0.0, {"x": {"a": 1, "b": 1, "c": 1}}),
                       party("q", 0.0, {"x": {"a": 1, "b": 1, "c": 1}})])
    lm = solver.linearize_model(m)
    first = solver.witness(lm, range(len(lm.constraints)))
    original = solver.LinearModel.check

    def fussy(self, levels):
        out = original(self, levels)
        return out & False if tuple(levels) == first.levels else out

    monkeypatch.setattr(solver.LinearModel, "check", fussy)
    again = solver.witness(lm, range(len(lm.constraints)))
    assert again is not None and again.levels != first.levels


def test_cli_milp_backend_gives_the_same_document(capsys):
    assert main(["analyze", EXAMPLE, "--json", "--backend", "enumerate"]) == 0
    enum = json.loads(capsys.readouterr().out)
    assert main(["analyze", EXAMPLE, "--json", "--backend", "milp"]) == 0
    milp = json.loads(capsys.readouterr().out)
    assert set(milp) == set(enum)
    assert (enum["backend"], milp["backend"]) == ("enumerate", "milp")
    for key in ("verdict", "outcomes", "mus", "mcs", "mcs_costs", "pairwise_compatible",
                "parties_self_consistent", "solutions", "distance_to_agreement"):
        assert milp[key] == enum[key], key
    assert milp["blocking"] is None and milp["red_line_set_size"] == 0   # a structural trap
    assert milp["certificate"]["verified"] is True        # small: independently re-verified
    assert "certificate" in milp["notes"] and enum["notes"] == {}


def test_cli_auto_backend_switches_over_the_memory_budget(capsys, monkeypatch):
    monkeypatch.setenv("NEGOTIATION_MEMORY_BUDGET", "1K")
    assert main(["analyze", EXAMPLE, "--json"]) == 0      # verification off by default here
    doc = json.loads(capsys.readouterr().out)
    assert doc["backend"] == "milp" and doc["verdict"] == "structural_trap"
    assert doc["certificate"]["verified"] is None
    # Enumeration is refused with a pointer to the solver; so is the enumerating verifier.
    assert main(["analyze", EXAMPLE, "--backend", "enumerate"]) == 2
    assert "--backend milp" in capsys.readouterr().err
    assert main(["analyze", EXAMPLE, "--verify"]) == 2
    err = capsys.readouterr().err
    assert "--verify" in err and "do not ask for verification" in err


def test_nash_on_a_large_space_matches_the_closed_form():
    # Two parties split 40 issues, each issue either to a (1, 0) or to b (0, 1) or shared
    # (0.5, 0.5), weights 1/40: v_a + v_b = 1 and v_a takes every multiple of 1/80. With
    # d = (0, 0.2) the Nash product v_a (0.8 - v_a) peaks at v_a = 0.4, which is reachable.
    k = 40
    issues = {f"i{j}": ["a", "shared", "b"] for j in range(k)}
    w = {i: 1 / k for i in issues}
    pa = party("a", 0.0, {i: {"a": 1, "shared": 0.5, "b": 0} for i in issues}, weights=w)
    pb = party("b", 0.2, {i: {"a": 0, "shared": 0.5, "b": 1} for i in issues}, weights=w)
    res = analyze_milp(model(issues, [pa, pb]), frontier=False)
    nash = res.bargaining.solutions["nash"].values
    assert nash["a"] == pytest.approx(0.4, abs=1e-9)
    assert math.isclose(nash["a"] * (nash["b"] - 0.2), 0.16, abs_tol=1e-9)
    egal = res.bargaining.solutions["egalitarian"].values      # v_a = v_b - 0.2 -> v_a = 0.4
    assert egal["a"] == pytest.approx(0.4, abs=1e-9)


def test_milp_counts_feasible_outcomes_like_enumeration():
    # models/russia_ukraine_west.toml has two feasibility conditions; both backends must report
    # the same number of possible settlements (462,825 of the 675,000 combinations).
    from pathlib import Path

    from negotiation.sections import load_model as load

    model = load(Path(__file__).parents[2] / "models" / "russia_ukraine_west.toml")
    assert analyze(model, backend="milp").bargaining.n_outcomes == \
        analyze(model).bargaining.n_outcomes
