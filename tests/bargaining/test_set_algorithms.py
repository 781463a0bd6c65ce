"""Set-family and frontier algorithms against brute force."""

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation._util import bitsets
from negotiation.bargaining.frontier import pareto_frontier

families = st.lists(st.frozensets(st.integers(0, 69), min_size=1, max_size=4),
                    min_size=1, max_size=6)


def brute_minimal_hitting_sets(family, universe):
    hitting = [frozenset(c) for r in range(len(universe) + 1)
               for c in itertools.combinations(sorted(universe), r)
               if all(frozenset(c) & f for f in family)]
    return {h for h in hitting if not any(o < h for o in hitting)}


@settings(max_examples=150, deadline=None)
@given(families)
def test_minimal_hitting_sets_match_brute_force(family):
    # Elements up to 69 exercise two-word rows.
    universe = set().union(*family)
    rows = bitsets.from_sets(family, 70)
    got = {frozenset(s) for s in bitsets.to_sets(bitsets.minimal_hitting_sets(rows))}
    assert got == brute_minimal_hitting_sets(family, universe)


@settings(max_examples=150, deadline=None)
@given(families)
def test_minimal_elements_match_brute_force(family):
    got = bitsets.to_sets(bitsets.minimal_elements(bitsets.from_sets(family, 70)))
    expected = {f for f in family if not any(o < f for o in family)}
    assert {frozenset(s) for s in got} == expected
    assert len(got) == len(expected)


def test_hitting_sets_edge_cases():
    assert bitsets.to_sets(bitsets.minimal_hitting_sets(bitsets.from_sets([], 3))) == [()]
    assert len(bitsets.minimal_hitting_sets(bitsets.from_sets([set(), {1}], 3))) == 0


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 4).flatmap(lambda p: st.lists(
    st.lists(st.integers(0, 4), min_size=p, max_size=p), min_size=1, max_size=300)))
def test_pareto_frontier_matches_brute_force(points):
    pts = np.array(points, dtype=float).T
    n = pts.shape[1]
    dominated = [any(np.all(pts[:, j] >= pts[:, i]) and np.any(pts[:, j] > pts[:, i])
                     for j in range(n)) for i in range(n)]
    assert pareto_frontier(pts).tolist() == [i for i in range(n) if not dominated[i]]
