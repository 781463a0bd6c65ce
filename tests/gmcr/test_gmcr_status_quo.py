"""Status-quo analysis (docs/gmcr.md §4): hand-derived evolutions of textbook games, the
last-mover rule pinned, and the search against the brute-force reference (``gmcr_reference``:
breadth-first search over (state, last mover) with Python sets) on random models in both forms,
with every returned path checked to be a legal evolution.

The Prisoner's Dilemma and Chicken are the textbook graph models of Fang, Hipel & Kilgour (1993),
ch. 3–4; status-quo analysis as reachability from the status quo along paths whose consecutive
steps have different movers is that of Li, Kilgour & Hipel (2005) and Xu, Kilgour, Hipel &
Kemkes (2010). Every expected path below is derived in the comments.
"""

import numpy as np
import pytest
from gmcr_reference import _coalition_reach, coalition_improvements, evolution, random_graph
from option_models import random_option_models
from test_gmcr_coalitions import CHICKEN, PD, THREE, graph

from negotiation.gmcr.evolution import evolve, joint_move, shortest_path, shortest_paths
from negotiation.gmcr.graph import graph_model
from negotiation.gmcr.reachability import reachability
from negotiation.gmcr.stability import stability
from negotiation.gmcr.status_quo import coalition_steps, status_quo


def ids(g, mask):
    return [g.states[s] for s in np.flatnonzero(mask)]


def words(g, path):
    return [["+".join(g.dms[k] for k in who), g.states[a], g.states[b]] for who, a, b in path]


# (model, start, reachable by improvements, {equilibrium: shortest improvement path})
CASES = [
    # PD from mutual cooperation CC: p1 improves CC -> DC (2 -> 3), p2 CC -> CD; after DC only p2
    # may move, and DC -> DD raises p2 from 0 to 1 (likewise CD -> DD by p1). So every state is
    # reachable, and the Nash equilibrium DD in two steps. Ties: the last step by the
    # lowest-numbered mover (p1, from CD), so p2 moves first. CC is itself a GMR equilibrium.
    (PD, "CC", ["CC", "DC", "CD", "DD"],
     {"CC": [], "DD": [["p2", "CC", "CD"], ["p1", "CD", "DD"]]}),
    # PD from DD: each defector would drop from 1 to 0 by cooperating: no improvement at all.
    (PD, "DD", ["DD"], {"DD": []}),
    # Chicken from both swerving: p1 improves SS -> TS, p2 SS -> ST; after TS only p2 may move and
    # TS -> TT lowers it (1 -> 0); likewise after ST. The evolution stops at the two Nash
    # equilibria, one step each; SS is a GMR equilibrium where it starts.
    (CHICKEN, "SS", ["SS", "TS", "ST"],
     {"SS": [], "TS": [["p1", "SS", "TS"]], "ST": [["p2", "SS", "ST"]]}),
    # Chicken from the crash: p1 swerves TT -> ST (0 -> 1), p2 swerves TT -> TS. At TS p2 moved
    # last, so only p1 may move, and TS -> SS lowers p1 (3 -> 2); likewise at ST. So the
    # evolution stops at the two Nash equilibria.
    (CHICKEN, "TT", ["TS", "ST", "TT"],
     {"TS": [["p2", "TT", "TS"]], "ST": [["p1", "TT", "ST"]]}),
    # Three parties from s0: a improves to s1 (1 -> 2), b to s2 (0 -> 2), c to s3 (0 -> 3), each a
    # different mover; s3 is the only Nash equilibrium and also GMR. s0 is a GMR equilibrium
    # (test_gmcr_coalitions), reached in no step.
    (THREE, "s0", ["s0", "s1", "s2", "s3"],
     {"s0": [], "s3": [["a", "s0", "s1"], ["b", "s1", "s2"], ["c", "s2", "s3"]]}),
]


@pytest.mark.parametrize("explicit", [True, False])
@pytest.mark.parametrize("model, start, reachable, paths", CASES)
def test_evolution_of_known_cases(model, start, reachable, paths, explicit):
    result = status_quo(model, model.states.index(start), explicit=explicit)
    assert ids(model, result.by_improvements.reachable) == reachable
    assert {model.states[s]: words(model, p) for s, p in result.paths.items()} == paths
    assert {model.states[s] for s in result.paths} == set(
        ids(model, np.any([result.reachable(c) for c in result.equilibria], axis=0)))


def test_prisoners_dilemma_by_moves_and_with_coalition_steps():
    # From DD every state is reachable by moves (p1 to CD, p2 to CC; or p2 first). CC, a GMR
    # equilibrium, is reachable by moves only, in two steps.
    result = status_quo(PD, 3)
    assert ids(PD, result.by_moves.reachable) == ["CC", "DC", "CD", "DD"]
    assert [g for g in result.paths_by_moves] == [0]
    assert len(result.paths_by_moves[0]) == 2
    # With coalition improvements as steps the pair moves DD -> CC at once (both 1 -> 2).
    joint = status_quo(PD, 3, coalitions=True)
    assert joint.coalitions == ((0, 1),)
    assert words(PD, joint.paths[0]) == [["p1+p2", "DD", "CC"]]


def test_evolution_remembers_the_last_mover():
    # a moves x0 -> x1 and x1 -> x2 (not x0 -> x2), b moves x0 -> x1; every move improves its
    # mover. x2 is reachable: b, then a. A search over states alone that first reaches x1 by a
    # and then forbids a to move again would miss it; the search over (state, last mover) not.
    g = graph(["x0", "x1", "x2"], ["a", "b"], [[("x0", "x1"), ("x1", "x2")], [("x0", "x1")]],
              [["x2", "x1", "x0"], ["x1", "x2", "x0"]])
    reach = reachability(g)
    found = evolve(reach, 0)
    assert found.reachable.all()
    assert shortest_path(reach, found, 2) == [((1,), 0, 1), ((0,), 1, 2)]
    # Without b's move, a would have to move twice in a row: x2 is out of reach.
    g2 = graph(["x0", "x1", "x2"], ["a", "b"], [[("x0", "x1"), ("x1", "x2")], []],
               [["x2", "x1", "x0"], ["x1", "x2", "x0"]])
    assert evolve(reachability(g2), 0).reachable.tolist() == [True, True, False]


def check_path(g, path, start, target, improving, members=None):
    """A legal evolution path: consecutive, different movers, each step a move (improvement)."""
    last, here = None, start
    for who, a, b in path:
        assert a == here and who != last
        if len(who) == 1:
            k = who[0]
            assert members is None or k in members
            assert [a, b] in g.moves[k].tolist()
            assert not improving or g.levels[k, b] > g.levels[k, a]
        else:
            assert b in coalition_improvements(g, who, a)
        last, here = who, b
    assert here == target


def check_evolution(g, start, explicit):
    reach = reachability(g, explicit)
    for improving in (True, False):
        expected = evolution(g, start, improving)
        found = evolve(reach, start, improving)
        assert ids(g, found.reachable) == [g.states[s] for s in sorted(expected)]
        batch = shortest_paths(reach, found, np.array(sorted(expected)))
        for y, d in expected.items():
            assert found.steps_to(y) == d
            path = shortest_path(reach, found, y)
            assert batch[y] == path and len(path) == d
            check_path(g, path, start, y, improving)


def test_against_the_reference():
    rng = np.random.default_rng(2004)
    for _ in range(50):
        g = random_graph(rng, int(rng.integers(1, 10)), int(rng.integers(2, 5)))
        check_evolution(g, int(rng.integers(g.n)), explicit=True)
    for g in random_option_models(2005, 40, max_states=256):
        start = int(rng.integers(g.n))
        check_evolution(g, start, explicit=False)
        for improving in (True, False):       # both engines find the same distances
            a = evolve(reachability(g), start, improving)
            b = evolve(reachability(g, explicit=True), start, improving)
            assert (a.distance == b.distance).all()


def test_coalition_steps_against_the_reference():
    rng = np.random.default_rng(2010)
    models = [random_graph(rng, int(rng.integers(1, 8)), 3) for _ in range(15)]
    models += list(random_option_models(2011, 15, max_dms=3, max_states=64))
    for g in models:
        for members in ((0, 1), (0, 1, 2)) if g.m >= 3 else ((0, 1),):
            steps = coalition_steps(g, members)
            for x in range(g.n):
                found = set(steps[:, x].nonzero()[0].tolist())
                assert found == coalition_improvements(g, members, x)
        result = status_quo(g, 0, coalitions=True)
        for target, path in result.paths.items():
            check_path(g, path, 0, target, improving=True)


def test_joint_moves_are_legal_sequences_of_the_members_moves():
    rng = np.random.default_rng(17)
    for g in list(random_option_models(2012, 20, max_dms=3, max_states=128)) + [
            random_graph(rng, 6, 3) for _ in range(10)]:
        members = (0, 1)
        for s in range(0, g.n, max(1, g.n // 8)):
            for t in range(g.n):
                path = joint_move(g, members, s, t)
                assert bool(path) == (t != s and t in _coalition_reach(g, members, s, False,
                                                                       False))
                if path:
                    check_path(g, path, s, t, improving=False, members=members)
                    if g.space is not None:      # the fibre search is as short as the full one
                        assert len(path) == len(joint_move(g, members, s, t, explicit=True))


def test_coalitions_too_large_to_step_are_left_out_and_named(monkeypatch):
    # Joint steps cost n · 2^(the coalition's options) cells. With 64 states (2 options each)
    # and a limit of 2,048 cells, the pairs (64 · 16) step jointly, the grand coalition
    # (64 · 64) does not. (The real limit, 2^28, plays the same part at 65,536 states.)
    import sys

    from negotiation.errors import InputError
    from negotiation.sections import build_model

    monkeypatch.setattr(sys.modules["negotiation.gmcr.status_quo"], "CELL_LIMIT", 2_048)
    g = graph_model(build_model({"model": {"name": "wide"}, "conflict": {"decision_makers": [
        {"id": f"dm{d}", "options": [{"id": f"o{d}_0"}, {"id": f"o{d}_1"}],
         "preferences": [f"o{d}_0 == Y", f"o{(d + 1) % 3}_1 == Y"]} for d in range(3)]}},
        "<wide>"))
    result = status_quo(g, 0, {"nash": stability(g).equilibria[0]}, coalitions=True)
    assert result.coalitions == ((0, 1), (0, 2), (1, 2))
    assert list(result.skipped) == [(0, 1, 2)] and "4,096 cells" in result.skipped[(0, 1, 2)]
    with pytest.raises(InputError, match="cells"):      # asked for by name: refused
        status_quo(g, 0, {}, coalitions=[(0, 1, 2)])


def test_the_declared_status_quo_is_the_default():
    g = graph(["a", "b"], ["p", "q"], [[("a", "b")], []], [["b", "a"], ["a", "b"]])
    from dataclasses import replace

    from negotiation.errors import InputError

    with pytest.raises(InputError, match="declares no status quo"):
        status_quo(g)
    assert words(g, status_quo(replace(g, status_quo=0)).paths[1]) == [["p", "a", "b"]]
    eq = stability(g).equilibria
    assert ids(g, eq[0]) == ["b"]
