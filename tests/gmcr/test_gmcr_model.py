"""Graph model files: option form compiled to graph form (moves, infeasibility,
irreversibility, option prioritisation), and the inverse analysis on a hand-derived case."""

from math import factorial

import pytest

from negotiation.errors import ModelError
from negotiation.gmcr.graph import graph_model
from negotiation.gmcr.inverse import inverse
from negotiation.sections import build_model


def load(conflict):
    return graph_model(build_model({"model": {"name": "t"}, "conflict": conflict}, "<test>"))


def moves(graph, dm):
    i = graph.dms.index(dm)
    return {(graph.states[a], graph.states[b]) for a, b in graph.moves[i].tolist()}


TWO_BY_ONE = {
    "infeasible": ["YY-"],                  # a's two options exclude each other
    "decision_makers": [
        {"id": "a", "options": [{"id": "x"}, {"id": "y", "irreversible": True}],
         "preferences": ["x == Y", "y == Y"]},
        {"id": "b", "options": [{"id": "z"}],
         "preferences": [{"statement": "z == N or x == Y", "source": "test"}]},
    ],
}


def test_states_are_feasible_codes_in_decimal_order():
    graph = load(TWO_BY_ONE)
    # codes (x, y, z), decimal code x + 2y + 4z; YY- removed.
    assert graph.states == ("NNN", "YNN", "NYN", "NNY", "YNY", "NYY")
    assert graph.codes.tolist() == [0, 1, 2, 4, 5, 6]


def test_option_form_moves():
    graph = load(TWO_BY_ONE)
    # a changes any subset of {x, y} to a feasible state, but never withdraws y:
    # from NN: YN, NY (YY infeasible); YN -> NN, NY (both options change at once); NY -> none
    # (withdrawing y is forbidden; YY infeasible). Same for z = Y.
    assert moves(graph, "a") == {("NNN", "YNN"), ("NNN", "NYN"), ("YNN", "NNN"),
                                 ("YNN", "NYN"), ("NNY", "YNY"), ("NNY", "NYY"),
                                 ("YNY", "NNY"), ("YNY", "NYY")}
    assert moves(graph, "b") == {(s[:2] + "N", s[:2] + "Y") for s in ("NNN", "YNN", "NYN")} | {
        (s[:2] + "Y", s[:2] + "N") for s in ("NNN", "YNN", "NYN")}


def test_option_prioritisation_is_lexicographic_with_ties():
    graph = load(TWO_BY_ONE)
    a, b = graph.levels
    # a: x first (weight 2), then y (1): YN* 2 > NY* 1 > NN* 0, z irrelevant: ties across z.
    by_state = dict(zip(graph.states, a.tolist()))
    assert by_state["YNN"] == by_state["YNY"] > by_state["NYN"] == by_state["NYY"] > \
        by_state["NNN"] == by_state["NNY"]
    # b: one statement: true unless z = Y and x = N.
    assert {s for s, lv in zip(graph.states, b.tolist()) if lv == b.max()} == {
        "NNN", "YNN", "NYN", "YNY"}


def test_conditions_names_and_status_quo():
    graph = load({
        "infeasible": [{"condition": "x == Y and z == Y", "source": "test"}],
        "names": {"start": "NN", "deal": "YN"},
        "status_quo": "start",
        "decision_makers": [
            {"id": "a", "options": [{"id": "x", "label": "act"}], "ranking": ["deal", "NN", "NY"]},
            {"id": "b", "options": [{"id": "z"}], "ranking": [["NN", "YN"], "NY"]},
        ],
    })
    assert graph.states == ("NN", "YN", "NY")
    # codes are found without building the index of every state; an infeasible code is no state
    assert graph.state("NY") == 2 and "index" not in vars(graph)
    assert graph.state("deal") == 1 and graph.status_quo == 0
    with pytest.raises(ValueError, match="no state 'YY'"):
        graph.state("YY")
    assert graph.display(1) == "deal"
    assert graph.labels[1] == "A: act; B: none"
    assert graph.change(0, 1) == "A chooses to act"
    assert graph.change(1, 0) == "A goes back on 'act'"
    assert graph.levels.tolist() == [[1, 2, 0], [1, 1, 0]]


@pytest.mark.parametrize("conflict, fragments", [
    ({"decision_makers": [{"id": "a", "options": [{"id": "x"}], "ranking": ["N", "Y"]}]},
     ["at least two decision makers"]),
    ({"infeasible": ["YN"], "decision_makers": [
        {"id": "a", "options": [{"id": "x"}], "preferences": ["x == Y"]},
        {"id": "b", "options": [{"id": "y"}, {"id": "w"}], "preferences": ["y == Y"]}]},
     ["conflict.infeasible[0].pattern", "has 2 marks; expected 3"]),
    ({"decision_makers": [
        {"id": "a", "options": [{"id": "x"}], "preferences": ["x == Yes"]},
        {"id": "b", "options": [{"id": "y"}], "preferences": ["y == Y"]}]},
     ["decision_makers.a.preferences[0]", "unknown level 'Yes' of option 'x'"]),
    ({"decision_makers": [
        {"id": "a", "options": [{"id": "x"}], "preferences": ["xx == Y"]},
        {"id": "b", "options": [{"id": "y"}], "preferences": ["y == Y"]}]},
     ["did you mean 'x'"]),
    ({"decision_makers": [
        {"id": "a", "options": [{"id": "x"}], "ranking": ["YN", "NN"]},
        {"id": "b", "options": [{"id": "y"}], "preferences": ["y == Y"]}]},
     ["decision_makers.a.ranking", "2 feasible state(s) not ranked"]),
    ({"infeasible": ["Y-"], "decision_makers": [
        {"id": "a", "options": [{"id": "x"}], "ranking": ["YN", "NN", "NY"]},
        {"id": "b", "options": [{"id": "y"}], "preferences": ["y == Y"]}]},
     ["ranking[0]", "state 'YN' is infeasible"]),
    ({"decision_makers": [
        {"id": "a", "options": [{"id": "x"}], "preferences": ["x == Y"], "ranking": ["NN"]},
        {"id": "b", "options": [{"id": "y"}], "preferences": ["y == Y"]}]},
     ["give either 'preferences'", "or 'ranking'"]),
    ({"decision_makers": [
        {"id": "a", "options": [{"id": "x", "irreversable": True}], "preferences": ["x == Y"]},
        {"id": "b", "options": [{"id": "y"}], "preferences": ["y == Y"]}]},
     ["options.x.irreversable", "did you mean 'irreversible'"]),
    ({"decision_makers": [
        {"id": "a", "options": [{"id": "x"}], "preferences": ["x == Y"]},
        {"id": "b", "options": [{"id": "x"}], "preferences": ["x == Y"]}]},
     ["option id 'x' is used twice"]),
    ({"states": ["s1", "s2"], "decision_makers": [
        {"id": "a", "moves": [["s1", "s3"]], "ranking": ["s1", "s2"]},
        {"id": "b", "moves": [], "ranking": ["s1", "s2"]}]},
     ["decision_makers.a.moves[0]", "unknown state 's3'", "did you mean"]),
    ({"states": ["s1", "s2"], "decision_makers": [
        {"id": "a", "moves": [["s1", "s1"]], "ranking": ["s1", "s2"]},
        {"id": "b", "moves": [], "ranking": ["s1", "s2"]}]},
     ["a move from 's1' to itself"]),
    ({"states": ["s1", "s2"], "decision_makers": [
        {"id": "a", "moves": [], "ranking": ["s1", ["s2", "s1"]]},
        {"id": "b", "moves": [], "ranking": ["s1", "s2"]}]},
     ["'s1' is ranked twice"]),
    ({"states": ["s1", "s2"], "decision_makers": [
        {"id": "a", "moves": [], "ranking": ["s1", "s2"]},
        {"id": "a", "moves": [], "ranking": ["s1", "s2"]}]},
     ["duplicate decision maker id 'a'"]),
    ({"states": ["s1", "s 2"], "decision_makers": [
        {"id": "a", "moves": [], "ranking": ["s1"]},
        {"id": "b", "moves": [], "ranking": ["s1"]}]},
     ["conflict.states[1]", "cannot be used as a state name"]),
])
def test_bad_conflicts(conflict, fragments):
    with pytest.raises(ModelError) as err:
        load(conflict)
    text = str(err.value)
    assert text.startswith("<test>: ")
    for fragment in fragments:
        assert fragment in text, (fragment, text)


PRISONERS = {"decision_makers": [
    {"id": "p1", "options": [{"id": "d1"}], "preferences": ["d2 == N", "d1 == Y"]},
    {"id": "p2", "options": [{"id": "d2"}], "preferences": ["d1 == N", "d2 == Y"]},
]}


def test_inverse_prisoners_dilemma_by_hand():
    # Vary p1 over all 4! = 24 strict rankings; target NN (both cooperate); p2 keeps
    # NY 3 > NN 2 > YY 1 > YN 0. p1 can move only NN -> YN; p2 then only YN -> YY.
    # Nash: p2 gains at NN (NN -> NY) whatever p1 thinks: 0.
    # GMR: p2 is deterred (p1 answers NY -> YY, which p2 likes less). p1 is stable unless it
    #   ranks NN below both YN and YY: P = 1/3, so 24 - 8 = 16.
    # SMR: additionally the sanction YY must trap p1 (its only move from YY is to NY): stable
    #   iff YN < NN, or YY < NN and NY < NN: 12 + 2 = 14.
    # SEQ: p2 is deterred iff p1's answer NY -> YY is an improvement for p1 (YY > NY); p1 is
    #   stable iff YN < NN or YY < NN (p2's answer YN -> YY raises p2 from 0 to 1). Of the 12
    #   rankings with YY > NY, 5 put NN below both YN and YY: 7.
    graph = load(PRISONERS)
    result = inverse(graph, graph.state("NN"), graph.dm("p1"))
    assert result.profiles == 24
    assert result.counts == {"nash": 0, "gmr": 16, "smr": 14, "seq": 7}
    assert result.method == "enumeration"     # p2's SEQ stability depends on p1's ranking
    assert result.others["seq"] == {1: None} and result.others["nash"] == {1: False}


def test_inverse_formula_on_a_large_space_and_refusal():
    # Five one-option decision makers, each ranking "nobody acts" (NNNNN) above all else: 32
    # states, 32! rankings of d0's. The others are Nash stable at NNNNN (every move of theirs
    # leaves it). d0 has one move, NNNNN -> YNNNN, so NNNNN is Nash stable for it exactly when it
    # ranks NNNNN above YNNNN: half of all rankings, 32!/2.
    dms = [{"id": f"d{k}", "options": [{"id": f"o{k}"}],
            "preferences": [" and ".join(f"o{j} == N" for j in range(5))]} for k in range(5)]
    graph = load({"decision_makers": dms})
    result = inverse(graph, graph.state("NNNNN"), 0)
    assert result.method == "formula"
    assert result.counts["nash"] == factorial(32) // 2
    with pytest.raises(ModelError, match="too many rankings"):
        inverse(graph, graph.state("NNNNN"), 0, method="enumeration", limit=1000)


def test_inverse_falls_back_to_exact_bounds_and_a_sample():
    # The same Prisoner's Dilemma, with enumeration capped below the 24 orders it needs: the
    # exact formula still gives Nash, GMR and SMR (0, 16, 14 of 24, as derived above); SEQ,
    # which depends jointly on p1's ranking through p2's sanctions, gets the exact bounds
    # Nash <= SEQ <= GMR and a seeded sample, whose share must be near the true 7/24.
    graph = load(PRISONERS)
    with pytest.raises(ModelError, match="too many rankings") as err:
        inverse(graph, graph.state("NN"), graph.dm("p1"), limit=10)     # auto refuses ...
    assert "method sample" in err.value.fix and "--" not in str(err.value)   # no CLI flag
    result = inverse(graph, graph.state("NN"), graph.dm("p1"), method="sample", limit=10,
                     samples=20_000)                                   # ... sample does not
    assert result.method == "formula+sampling"
    assert {k: v for k, v in result.counts.items() if k != "seq"} == {"nash": 0, "gmr": 16,
                                                                      "smr": 14}
    assert result.counts["seq"] is None
    low, high = result.bounds["seq"]
    assert low <= 7 <= high == 16
    hits, trials = result.estimates["seq"]
    assert abs(hits / trials - 7 / 24) < 0.02      # about six standard errors
    with pytest.raises(ModelError, match="too many rankings"):
        inverse(graph, graph.state("NN"), graph.dm("p1"), method="enumeration", limit=10)
