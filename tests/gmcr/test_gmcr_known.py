"""Graph model: known answers derived by hand, and the legal-sequence rule pinned.

The Prisoner's Dilemma and Chicken results are the classic ones of Fang, Hipel & Kilgour (1993),
*Interactive Decision Making: The Graph Model for Conflict Resolution*, Wiley (also Kilgour,
Hipel & Fang 1987, "The graph model for conflicts", Automatica 23(1): 41–55); each is re-derived
in the comments from the definitions, not copied.
"""

from gmcr_reference import logical

from negotiation.gmcr.graph import graph_model
from negotiation.gmcr.stability import NOTIONS, stability
from negotiation.sections import build_model


def load(conflict, **model):
    return graph_model(build_model({"model": {"name": "test", **model}, "conflict": conflict},
                                   file="<test>"))


def equilibria(graph):
    result = stability(graph)
    return {n: {graph.states[s] for s in result.states(n)} for n in NOTIONS}


def letters(graph, dm, state):
    result = stability(graph)
    i, s = graph.dms.index(dm), graph.states.index(state)
    return "".join("RGSQ"[k] if result.stable[k, i, s] else "." for k in range(4))


def option_dm(ident, option, prefs=None, ranking=None):
    dm = {"id": ident, "options": [{"id": option}]}
    if prefs is not None:
        dm["preferences"] = prefs
    else:
        dm["ranking"] = ranking
    return dm


# States are Y/N codes, player 1's option first: "YN" = player 1 takes its option, 2 does not.
PRISONERS = {"decision_makers": [
    option_dm("p1", "d1", prefs=["d2 == N", "d1 == Y"]),
    option_dm("p2", "d2", prefs=["d1 == N", "d2 == Y"]),
]}


def test_prisoners_dilemma_in_option_form():
    # Option prioritisation for p1: "p2 does not defect" (weight 2), then "I defect" (1):
    # YN 3 > NN 2 > YY 1 > NY 0 — temptation, reward, punishment, sucker. Symmetric for p2.
    # Nash: at YY neither can gain (p1: YY 1 -> NY 0); at NN p1 gains by defecting (2 -> 3).
    # GMR at NN for p1: its improvement NN -> YN is sanctioned by p2 moving YN -> YY, which p1
    #   values 1 <= 2. SMR: from YY p1 can only return to NY (0), not above NN (2): stable.
    #   SEQ: p2's sanction YN -> YY raises p2 from 0 to 1, so it is credible. Same for p2.
    # YN: p2 improves YN -> YY (0 -> 1); p1's only answer YY -> NY gives p2 3 > 0: unstable.
    graph = load(PRISONERS)
    assert graph.states == ("NN", "YN", "NY", "YY")
    assert graph.levels.tolist() == [[2, 3, 0, 1], [2, 0, 3, 1]]
    assert equilibria(graph) == {"nash": {"YY"}, "gmr": {"NN", "YY"}, "smr": {"NN", "YY"},
                                 "seq": {"NN", "YY"}}
    assert letters(graph, "p1", "NN") == ".GSQ"
    assert letters(graph, "p2", "YN") == "...."
    assert letters(graph, "p1", "YN") == "RGSQ"


def test_chicken_with_explicit_rankings():
    # "Y" = drive straight on. p1 ranks YN (it wins) > NN (both swerve) > NY (it swerves alone)
    # > YY (crash); p2 symmetrically.
    # Nash: YN and NY (the loser would only crash by going straight). NN: p1 gains by going
    #   straight (NN -> YN); YY: either gains by swerving.
    # GMR/SMR at NN: p1's gain NN -> YN is answered by p2 going straight (YN -> YY), the crash,
    #   worst for p1; from YY p1 can only swerve to NY, which it likes less than NN: NN is GMR
    #   and SMR stable for both. YY: p1's swerve YY -> NY is answered only by p2 swerving too
    #   (NY -> NN), which p1 prefers to YY: unstable.
    # SEQ at NN: p2's answer YN -> YY moves p2 from its 2nd-worst to its worst: not credible, so
    #   NN is not SEQ stable.
    graph = load({"decision_makers": [
        option_dm("p1", "straight1", ranking=["YN", "NN", "NY", "YY"]),
        option_dm("p2", "straight2", ranking=["NY", "NN", "YN", "YY"]),
    ]})
    assert equilibria(graph) == {"nash": {"YN", "NY"}, "gmr": {"YN", "NY", "NN"},
                                 "smr": {"YN", "NY", "NN"}, "seq": {"YN", "NY"}}


def repeat_case(middle_mover="c"):
    """Three decision makers. a improves s0 -> s1; the only sanction is s4, reached by b, then
    ``middle_mover``, then b again: s1 -b-> s2 -?-> s3 -b-> s4. a ranks s1 > s2 > s3 > s0 > s4;
    every sanctioning move improves its mover's position."""
    b_moves = [["s1", "s2"], ["s3", "s4"]]
    c_moves = []
    (b_moves if middle_mover == "b" else c_moves).append(["s2", "s3"])
    return load({"states": ["s0", "s1", "s2", "s3", "s4"], "decision_makers": [
        {"id": "a", "moves": [["s0", "s1"]], "ranking": ["s1", "s2", "s3", "s0", "s4"]},
        {"id": "b", "moves": b_moves, "ranking": ["s4", "s3", "s2", "s1", "s0"]},
        {"id": "c", "moves": c_moves, "ranking": ["s3", "s0", "s1", "s2", "s4"]},
    ]})


def test_a_sanctioner_may_move_again_but_not_twice_in_a_row():
    # b, c, b is a legal sanction sequence: b moves twice, never twice in a row. It takes the
    # conflict from s1 to s4, which a likes less than s0, so s0 is GMR, SMR (a has no move from
    # s4) and SEQ stable for a. b and c cannot move from s0, so s0 is an equilibrium under all
    # three — but not Nash (a gains by moving to s1).
    graph = repeat_case("c")
    assert letters(graph, "a", "s0") == ".GSQ"
    assert "s0" in equilibria(graph)["gmr"] & equilibria(graph)["seq"]
    # The rule "nobody moves twice in a sanction" finds no sanction here and calls s0 unstable
    # for a: the test distinguishes the two rules.
    no_repeat = logical(graph, no_repeat=True)
    assert not no_repeat[1:, 0, 0].any()
    assert (logical(graph) == stability(graph).stable).all()


def test_two_moves_in_a_row_are_not_one_sanction():
    # Now b makes all three moves s1 -> s2 -> s3 -> s4 in a row. b's graph is not transitive
    # (no move s1 -> s4), and b may not move twice in succession, so from s1 the others reach
    # only s2, which a prefers to s0: s0 is unstable for a under every notion.
    graph = repeat_case("b")
    assert letters(graph, "a", "s0") == "...."


def test_graph_form_contract_example():
    # The example of the contract, completed with a second decision maker who controls
    # the other moves. p1 ranks s3 > s4 > s1 > s2 and moves s1<->s2, s3<->s4; p2 moves s1<->s3,
    # s2<->s4 and ranks s2 > s1 > s4 > s3.
    # Nash for p1: s1 (s2 worse) and s3 (s4 worse); for p2: s2 (s4 worse), s1 (s3 worse).
    graph = load({"states": ["s1", "s2", "s3", "s4"], "decision_makers": [
        {"id": "p1", "moves": [["s1", "s2"], ["s3", "s4"], ["s2", "s1"], ["s4", "s3"]],
         "ranking": ["s3", "s4", "s1", "s2"]},
        {"id": "p2", "moves": [["s1", "s3"], ["s3", "s1"], ["s2", "s4"], ["s4", "s2"]],
         "ranking": ["s2", "s1", "s4", "s3"]},
    ]})
    assert equilibria(graph)["nash"] == {"s1"}


def test_ties_are_neither_improvements_nor_escapes():
    # p1 is indifferent between s1 and s2: moving there is no improvement, so s1 is Nash for p1.
    graph = load({"states": ["s1", "s2"], "decision_makers": [
        {"id": "p1", "moves": [["s1", "s2"], ["s2", "s1"]], "ranking": [["s1", "s2"]]},
        {"id": "p2", "moves": [], "ranking": ["s1", "s2"]},
    ]})
    assert equilibria(graph)["nash"] == {"s1", "s2"}
