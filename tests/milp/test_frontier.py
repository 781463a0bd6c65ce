"""The divide-and-conquer Pareto frontier against enumeration, and on a space beyond 64 bits.

For random models the frontier of the whole space, of the red-line set and of the bargaining
set must list exactly the value vectors on the enumerated frontier (from
:func:`negotiation.bargaining.pareto_frontier`, itself tested against brute force), with the
number of outcomes attaining each and the first outcome in enumeration order as its witness.
"""

from __future__ import annotations

import numpy as np
import pytest
from helpers import model, party
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import build_rich, rich_models

from negotiation.bargaining.frontier import nondominated, pareto_frontier
from negotiation.bargaining.zone import bargaining_mask, satisfying
from negotiation.milp import frontier
from negotiation.milp.frontier import FrontierTooLarge, pareto_frontier_additive
from negotiation.model.compiled import compile_model


def enumerated(m, within):
    """Frontier vectors -> (count, first outcome) by enumeration."""
    comp = compile_model(m)
    if within == "space":
        members = np.flatnonzero(comp.only_feasible(np.ones(comp.n_outcomes, dtype=bool)))
    elif within == "red_lines":
        members = np.flatnonzero(satisfying(comp, comp.red_line_bits))
    else:
        members = np.flatnonzero(bargaining_mask(comp))
    on = members[pareto_frontier(comp.utilities[:, members])]
    out = {}
    for idx in on:           # increasing outcome number, so the first seen is the witness
        key = tuple(np.round(comp.utilities[:, idx], 12) + 0.0)
        count, first = out.get(key, (0, idx))
        out[key] = (count + 1, first)
    return out, comp


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rich_models(max_red_lines=2, max_disagreement=0.5, max_levels=4),
       st.sampled_from(["space", "red_lines", "bargaining_set"]))
def test_frontier_matches_enumeration(raw, within):
    m = build_rich(raw)
    expected, comp = enumerated(m, within)
    got = pareto_frontier_additive(m, within)
    assert got.within == within
    table = {tuple(v + 0.0): (int(c), tuple(w)) for v, c, w in
             zip(got.values, got.counts, got.witnesses)}
    assert set(table) == set(expected)
    for key, (count, first) in expected.items():
        assert table[key][0] == count
        assert table[key][1] == tuple(int(x) for x in comp.level_indices(first)[0])
    assert got.size == sum(c for c, _ in expected.values())


points = st.integers(2, 4).flatmap(lambda d: st.lists(
    st.lists(st.integers(0, 3), min_size=d, max_size=d), min_size=1, max_size=600))


@settings(max_examples=150, deadline=None)
@given(points, st.integers(1, 4))
def test_nondominated_matches_brute_force(rows, strict):
    q = np.unique(np.array(rows, dtype=float), axis=0)[::-1]        # distinct, decreasing
    strict = min(strict, q.shape[1])
    expected = [not any(np.all(o >= p) and np.any(o[:strict] > p[:strict]) for o in q)
                for p in q]
    assert nondominated(q, strict).tolist() == expected


def test_frontier_by_hand():
    # Issue x: a gives (1, 0), b (0, 1), c (0.4, 0.4); issue y: d (0.5, 0.5), e (0, 0).
    # Weights 1/2 each, so v = (x + y) / 2. On X: c is dominated by no single level of x, and
    # y = e is dominated by y = d, so the frontier is {a, b, c} x {d}: values (0.75, 0.25),
    # (0.25, 0.75), (0.45, 0.45). Within p's red line "x != a" only (0.45, 0.45) and
    # (0.25, 0.75) remain; q's floor 0.5 then leaves (0.25, 0.75). Witnesses: y = d (level 0).
    issues = {"x": ["a", "b", "c"], "y": ["d", "e"]}
    p = party("p", 0.0, {"x": {"a": 1, "b": 0, "c": 0.4}, "y": {"d": 0.5, "e": 0}},
              [("r", "x != a", 1)])
    q = party("q", 0.5, {"x": {"a": 0, "b": 1, "c": 0.4}, "y": {"d": 0.5, "e": 0}})
    m = model(issues, [p, q])
    space = pareto_frontier_additive(m, "space")
    assert space.values.tolist() == [[0.75, 0.25], [0.45, 0.45], [0.25, 0.75]]
    assert space.witnesses.tolist() == [[0, 0], [2, 0], [1, 0]]
    assert pareto_frontier_additive(m, "red_lines").values.tolist() == [[0.45, 0.45],
                                                                        [0.25, 0.75]]
    assert pareto_frontier_additive(m, "bargaining_set").values.tolist() == [[0.25, 0.75]]


def test_counts_beyond_64_bits():
    # One weighted issue with three mutually undominated levels and 45 issues nobody values:
    # each frontier vector is attained by 3^45 outcomes (more than 2^63), the first of them
    # with every unvalued issue at its first level.
    issues = {"x": ["a", "b", "c"]} | {f"u{j}": ["l0", "l1", "l2"] for j in range(45)}
    p = party("p", 0.0, {"x": {"a": 1, "b": 0, "c": 0.5}})
    q = party("q", 0.0, {"x": {"a": 0, "b": 1, "c": 0.5}})
    got = pareto_frontier_additive(model(issues, [p, q]), "space")
    assert got.values.tolist() == [[1, 0], [0.5, 0.5], [0, 1]]
    assert [int(c) for c in got.counts] == [3**45] * 3
    assert got.size == 3 * 3**45
    assert got.witnesses[:, 1:].max() == 0 and got.witnesses[:, 0].tolist() == [0, 2, 1]


def test_a_block_too_large_is_refused(monkeypatch):
    monkeypatch.setattr(frontier, "BLOCK_LIMIT", 4)
    issues = {"x": ["a", "b", "c"], "y": ["d", "e"]}
    p = party("p", 0.0, {"x": {"a": 1, "b": 0, "c": 0}}, [("r", "x == a or y == d", 1)])
    q = party("q", 0.0, {"x": {"a": 0, "b": 1, "c": 0}})
    m = model(issues, [p, q])
    with pytest.raises(FrontierTooLarge, match="6 joint levels"):
        pareto_frontier_additive(m, "red_lines")
    assert len(pareto_frontier_additive(m, "space").values) == 2    # no red lines: no block
