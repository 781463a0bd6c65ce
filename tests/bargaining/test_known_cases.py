"""Hand-derived answers: each expected value below is worked out in the comment beside it,
not taken from the program."""

import pytest
from helpers import model, party, run, sets

from negotiation.analysis import analyze
from negotiation.bargaining.verify import verify
from negotiation.sections import build_model

X = {"x": ["a", "b", "c"]}


def test_agreement_exists_and_is_found():
    # p values a > b > c, q the reverse; both need at least 0.5: p accepts {a, b}, q {b, c}.
    res = run(X, [party("p", 0.5, {"x": {"a": 1, "b": 0.6, "c": 0}}),
                  party("q", 0.5, {"x": {"a": 0, "b": 0.6, "c": 1}})])
    assert res.verdict == "agreement_possible"
    assert res.bargaining.size == 1
    assert all(s.outcome == {"x": "b"} for s in res.bargaining.solutions.values())
    assert res.certificate.mus == () and res.certificate.mcs == ()
    assert res.bargaining.acceptable_sizes == {"p": 2, "q": 2}
    assert verify(res.model, res.certificate) == []


def test_ripeness_gap_and_distance_to_agreement():
    # Same valuations, both now need 0.7: p accepts only a, q only c. No red lines, so the
    # red-line set is everything; B is empty. Shortfalls max(d - v)+: a -> 0.7, b -> 0.1,
    # c -> 0.7, so the distance is 0.1 at b. MUS {p.ir, q.ir}; MCS {p.ir} and {q.ir}.
    res = run(X, [party("p", 0.7, {"x": {"a": 1, "b": 0.6, "c": 0}}),
                  party("q", 0.7, {"x": {"a": 0, "b": 0.6, "c": 1}})])
    assert res.verdict == "ripeness_gap"
    assert res.bargaining.distance == pytest.approx(0.1)
    assert [res.compiled.outcome(i) for i in res.bargaining.closest] == [{"x": "b"}]
    assert sets(res.certificate.mus) == sets([{"p.ir", "q.ir"}])
    assert sets(res.certificate.mcs) == sets([{"p.ir"}, {"q.ir"}])
    assert res.certificate.pairwise == {"p+q": False}
    assert verify(res.model, res.certificate) == []


def test_three_way_trap_every_pair_compatible():
    # Each party rules out one level of a three-level issue: any two leave one level, all three
    # leave none. The only MUS spans all three; each single red line is an MCS, ranked by cost.
    zero = {"x": {"a": 0, "b": 0, "c": 0}}
    res = run(X, [party("r", 0, zero, [("not_a", "x != a", 5)]),
                  party("u", 0, zero, [("not_b", "x != b", 3)]),
                  party("w", 0, zero, [("not_c", "x != c", 4)])])
    assert res.verdict == "structural_trap"
    assert res.certificate.mus == (("r.not_a", "u.not_b", "w.not_c"),)
    assert res.certificate.mus_parties == (("r", "u", "w"),)
    assert res.certificate.mcs == (("u.not_b",), ("w.not_c",), ("r.not_a",))
    assert res.certificate.mcs_costs == (3.0, 4.0, 5.0)
    assert all(res.certificate.pairwise.values())
    assert res.bargaining.red_line_set_size == 0
    assert verify(res.model, res.certificate) == []


def test_inconsistent_party_logic_is_a_single_party_mus():
    # Party p demands x == a and x == b: a MUS inside one party (a modelling error to report).
    zero = {"x": {"a": 0, "b": 0, "c": 0}}
    res = run(X, [party("p", 0, zero, [("is_a", "x == a", 1), ("is_b", "x == b", 1)]),
                  party("q", 0, zero)])
    assert res.certificate.mus == (("p.is_a", "p.is_b"),)
    assert res.certificate.mus_parties == (("p",),)
    assert res.certificate.party_consistent == {"p": False, "q": True}


def test_ordinal_comparisons_follow_level_order():
    # Levels in file order none < assurances < binding < troops.
    issues = {"g": ["none", "assurances", "binding", "troops"]}
    zero = {"g": dict.fromkeys(issues["g"], 0)}
    res = run(issues, [party("p", 0, zero, [("strong", "g >= binding", 1)]),
                  party("q", 0, zero, [("no_troops", "troops > g", 1)])])
    assert res.verdict == "agreement_possible"
    assert [res.compiled.outcome(i)["g"] for i in range(4) if res.compiled.violations[i, 0] == 0
            ] == ["binding"]


# Divide the dollar: one issue "share", A's share in hundredths (levels s0 .. s100).
SHARES = {"share": [f"s{k}" for k in range(101)]}


def dollar(score_a, score_b, d_a=0.0, d_b=0.0):
    return run(SHARES, [
        party("a", d_a, {"share": {f"s{k}": score_a(k / 100) for k in range(101)}}),
        party("b", d_b, {"share": {f"s{k}": score_b(k / 100) for k in range(101)}}),
    ])


def level(res, name):
    return res.bargaining.solutions[name].outcome["share"]


def test_divide_the_dollar_linear_with_disagreement_point():
    # Nash maximises (x - dA)(1 - x - dB): x* = (1 + dA - dB) / 2 = 0.6 for dA = 0.2, dB = 0.
    # Kalai–Smorodinsky and egalitarian give the same point here (ideal point (1 - dB, 1 - dA)).
    # Utilitarian: every split sums to 1, so the tie goes to the first outcome in B, x = dA.
    res = dollar(lambda x: x, lambda x: 1 - x, d_a=0.2)
    assert level(res, "nash") == "s60"
    assert level(res, "kalai_smorodinsky") == "s60"
    assert level(res, "egalitarian") == "s60"
    assert level(res, "utilitarian") == "s20"
    assert res.bargaining.size == 81          # s20 .. s100


def test_divide_the_dollar_concave_closed_forms():
    # v_a = x, v_b = sqrt(1 - x), d = 0.
    # Nash: max x sqrt(1-x) -> x = 2/3; on the grid f(.66) = .38484 < f(.67) = .38489 > f(.68).
    # KS = egalitarian (ideal point (1, 1)): x = sqrt(1-x) -> x = (sqrt 5 - 1)/2 = .618; on the
    #   grid min(.62, sqrt .38 = .6164) beats min(.61, .6245) and min(.63, .6083).
    # Utilitarian: max x + sqrt(1-x) -> sqrt(1-x) = 1/2 -> x = 0.75.
    res = dollar(lambda x: x, lambda x: (1 - x) ** 0.5)
    assert level(res, "nash") == "s67"
    assert level(res, "kalai_smorodinsky") == "s62"
    assert level(res, "egalitarian") == "s62"
    assert level(res, "utilitarian") == "s75"
    # The frontier of a strictly opposed split is every split.
    assert len(res.bargaining.pareto) == 101


def test_binding_register_floor():
    # The West has two registers: normative (non-binding) likes a, systemic (binding, floor 0.6)
    # likes b. Its total value is 0.5 everywhere it matters, above its own floor 0.2, but the
    # binding register's floor admits only b. Russia insists on a: the MUS is Russia's red line
    # with the systemic floor.
    west = {"id": "west", "disagreement": 0.2, "registers": [
        {"id": "normative", "weight": 0.5, "weights": {"x": 1.0},
         "scores": {"x": {"a": 1, "b": 0, "c": 0}}},
        {"id": "systemic", "weight": 0.5, "binding": True, "disagreement": 0.6,
         "weights": {"x": 1.0}, "scores": {"x": {"a": 0, "b": 1, "c": 0}}},
    ]}
    res = run(X, [party("russia", 0, {"x": {"a": 0, "b": 0, "c": 0}}, [("a", "x == a", 2)]),
                  west])
    ids = res.compiled.constraint_ids
    assert "west.systemic.ir" in ids and "west.ir" in ids
    assert sets(res.certificate.mus) == sets([{"russia.a", "west.systemic.ir"}])
    assert res.verdict == "ripeness_gap"   # red lines alone allow a
    assert verify(res.model, res.certificate) == []


def test_feasibility_rules_shrink_the_space_without_becoming_constraints():
    # Only c meets p's red line, but the model declares c impossible: a structural trap whose
    # MUS is p's red line alone (it excludes every *feasible* settlement), and feasibility never
    # appears among the constraints. Without the rule, c is an agreement.
    zero = {"x": {"a": 0, "b": 0, "c": 0}}
    parties = [party("p", 0, zero, [("want_c", "x == c", 1)]), party("q", 0, zero)]
    assert analyze(model(X, parties)).verdict == "agreement_possible"
    raw = {"model": {"name": "t"}, "issues": [{"id": "x", "levels": ["a", "b", "c"]}],
           "parties": parties, "feasibility": [{"id": "no_c", "requires": "x != c"}]}
    constrained = build_model(raw, "<test>")
    res = analyze(constrained)
    assert res.verdict == "structural_trap"
    assert res.certificate.mus == (("p.want_c",),)
    assert res.bargaining.n_outcomes == 2
    assert all("no_c" not in c for c in res.compiled.constraint_ids)
    assert verify(constrained, res.certificate) == []
