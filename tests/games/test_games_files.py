"""The [game] section, derived posture games, .nfg files and the game commands."""

import json
from pathlib import Path

import numpy as np
import pytest

from negotiation.analysis import analyze
from negotiation.cli import main
from negotiation.errors import ModelError
from negotiation.games import nfg
from negotiation.games.equilibria import solve
from negotiation.games.postures import derive, game_of
from negotiation.sections import build_model, load_game

MODELS = Path(__file__).parents[2] / "models"


def raw_game(**game):
    base = {"players": ["row", "col"], "strategies": {"row": ["c", "d"], "col": ["c", "d"]},
            "payoffs": {"row": [[3, 0], [5, 1]], "col": [[3, 5], [0, 1]]}}
    return build_model({"game": base | game}, file="<test>")


def error_of(build):
    with pytest.raises(ModelError) as info:
        build()
    return str(info.value)


# ------------------------------------------------------------------------------------ raw form


def test_raw_game_stands_alone_and_keeps_the_contract():
    g = game_of(raw_game())
    assert g.players == ("row", "col") and g.strategies == (("c", "d"), ("c", "d"))
    assert g.payoffs[1, 0, 1] == 5          # col's payoff when row plays c and col plays d
    assert g.agreement is None


def test_raw_game_zone_of_agreement_from_the_disagreement_profile():
    g = game_of(raw_game(disagreement={"row": "d", "col": "d"}))
    # (c, c) pays (3, 3) ≥ (1, 1); (c, d) and (d, c) leave someone at 0 < 1.
    assert g.agreement.tolist() == [[True, False], [False, False]]


@pytest.mark.parametrize("change, words", [
    ({"payoffs": {"row": [[3, 0], [5]], "col": [[3, 5], [0, 1]]}},
     "game.payoffs.row[1]: expected a list of 2 entries"),
    ({"payoffs": {"row": [[3, 0], [5, "x"]], "col": [[3, 5], [0, 1]]}},
     "game.payoffs.row[1][1]: expected a number"),
    ({"strategies": {"row": ["c", "d"], "coll": ["c", "d"]}}, "did you mean 'col'"),
    ({"disagreement": {"row": "d", "col": "dd"}}, "did you mean 'd'"),
    ({"postures": {}}, "either raw (payoffs) or derived (postures)"),
    ({"payof": 1}, "unknown key 'payof'"),
])
def test_raw_game_bad_input(change, words):
    assert words in error_of(lambda: raw_game(**change))


def test_section_name_is_checked():
    raw = {"issues": [{"id": "i", "levels": ["a", "b"]}], "gamee": {},
           "parties": [{"id": "x", "disagreement": 0, "weights": {"i": 1},
                        "scores": {"i": {"a": 0, "b": 1}}}]}
    assert "did you mean 'game'" in error_of(lambda: build_model(raw, file="<test>"))


# -------------------------------------------------------------------------------- derived form


def split_model(game, **party_changes):
    """Two parties, one issue 'split' ∈ (x_favoured, even, y_favoured).

    X values the levels 1.0 / 0.6 / 0.2, Y 0.2 / 0.6 / 1.0, both have d = 0.4: the bargaining
    set is {even} (each favoured split leaves the other at 0.2 < 0.4)."""
    parties = [
        {"id": "x", "disagreement": 0.4, "weights": {"split": 1.0},
         "scores": {"split": {"x_favoured": 1.0, "even": 0.6, "y_favoured": 0.2}}},
        {"id": "y", "disagreement": 0.4, "weights": {"split": 1.0},
         "scores": {"split": {"x_favoured": 0.2, "even": 0.6, "y_favoured": 1.0}}},
    ]
    for p in parties:
        p.update(party_changes.get(p["id"], {}))
    raw = {"model": {"name": "split"},
           "issues": [{"id": "split", "levels": ["x_favoured", "even", "y_favoured"]}],
           "parties": parties, "game": game}
    return build_model(raw, file="<test>")


def prisoners_postures(gain=0.25, harm=-0.3):
    return {
        "efforts": ["sustain", "escalate"],
        "postures": {
            "x": [{"id": "moderate", "terms": "true", "effort": "sustain"},
                  {"id": "hardline", "terms": "split == x_favoured", "effort": "escalate"}],
            "y": [{"id": "moderate", "terms": "true", "effort": "sustain"},
                  {"id": "hardline", "terms": "split == y_favoured", "effort": "escalate"}],
        },
        "war": [{"id": "x_escalates", "when": {"x": "escalate"}, "adjust": {"x": gain, "y": harm}},
                {"id": "y_escalates", "when": {"y": "escalate"}, "adjust": {"y": gain, "x": harm}}],
    }


def test_derived_game_payoffs_by_hand():
    # (moderate, moderate): terms allow everything; B = {even}: settle at even, (0.6, 0.6).
    # A hardline posture insists on a split outside B: war. War = d + matching adjustments:
    # x alone escalating: x 0.4 + 0.25 = 0.65, y 0.4 − 0.3 = 0.1; both: 0.4 + 0.25 − 0.3 = 0.35.
    g = game_of(split_model(prisoners_postures()))
    assert np.allclose(g.payoffs[0], [[0.6, 0.1], [0.65, 0.35]])
    assert np.allclose(g.payoffs[1], [[0.6, 0.65], [0.1, 0.35]])
    assert g.agreement.tolist() == [[True, False], [False, False]]
    assert g.outcome_text[0, 0] == "settlement: split: even"
    assert g.outcome_text[1, 1] == "war goes on"


def test_derived_prisoners_dilemma_is_a_dilemma():
    # Hardline dominates (0.65 > 0.6 and 0.35 > 0.1): the only equilibrium is war although a
    # settlement in B exists — the verdict is 'dilemma'.
    analysis = analyze(split_model(prisoners_postures()))
    assert analysis.verdict == "dilemma"
    eq = analysis.strategic
    assert [e.profile() for e in eq.equilibria] == [(1, 1)] and eq.complete
    assert not eq.reaching


def test_derived_game_where_war_does_not_pay_is_open():
    # With gain 0.1: hardline vs moderate gives 0.5 < 0.6, and vs hardline 0.2 > 0.1. Two pure
    # equilibria, (moderate, moderate) settling at even and (hardline, hardline) at war, and a
    # mixed one: indifference 0.6q + 0.1(1−q) = 0.5q + 0.2(1−q) gives q = 1/2.
    analysis = analyze(split_model(prisoners_postures(gain=0.1)))
    assert analysis.verdict == "open"
    profiles = {e.profile() for e in analysis.strategic.pure}
    assert profiles == {(0, 0), (1, 1)}
    (mixed,) = analysis.strategic.mixed
    assert np.allclose(mixed.sigma[0], [0.5, 0.5]) and abs(mixed.agreement - 0.25) < 1e-12


def test_settlement_rule_is_applied_inside_the_terms():
    # One issue (a, b, c); X scores 1.0 / 0.7 / 0.0, Y 0.3 / 0.5 / 1.0, d = 0: B = everything.
    # Nash products: a 0.30, b 0.35, c 0 → b. Utilitarian sums: a 1.3, b 1.2, c 1.0 → a.
    def build(rule):
        parties = [
            {"id": "x", "disagreement": 0.0, "weights": {"i": 1.0},
             "scores": {"i": {"a": 1.0, "b": 0.7, "c": 0.0}}},
            {"id": "y", "disagreement": 0.0, "weights": {"i": 1.0},
             "scores": {"i": {"a": 0.3, "b": 0.5, "c": 1.0}}},
        ]
        postures = {p: [{"id": "open", "terms": "true", "effort": "none"},
                        {"id": "not_b", "terms": "i != b", "effort": "none"}] for p in "xy"}
        raw = {"issues": [{"id": "i", "levels": ["a", "b", "c"]}], "parties": parties,
               "game": {"rule": rule, "efforts": ["none"], "postures": postures}}
        return build_model(raw, file="<test>")

    nash = derive_of(build("nash"))
    assert nash.settlement[0, 0] == 1           # b
    assert nash.settlement[0, 1] == 0           # b excluded: products a 0.30, c 0 → a
    assert derive_of(build("utilitarian")).settlement[0, 0] == 0


def derive_of(model):
    from negotiation.model.compiled import compile_model

    return derive(compile_model(model), model.sections["game"])


def test_example_game_trap_and_opened():
    # With every red line the bargaining set is empty: every profile is war, verdict unchanged.
    trap = analyze(load_game(MODELS / "example_game.toml").model)
    assert trap.verdict == "structural_trap"
    assert not trap.strategic.game.agreement.any()
    # Dropping the West's line leaves {neutral, binding guarantees} × {restored, frozen}.
    # Only (keep gains, accept freeze, back any deal) has terms meeting B: at the frozen line,
    # Russia 0.78, Ukraine 0.46, the West 0.60 (scores in the file: 0.6·1 + 0.2·0.3 + 0.2·0.6,
    # 0.3·0.2 + 0.4·0.7 + 0.3·0.4, 0.2·0.6 + 0.4·0.6 + 0.4·0.6). A unilateral deviation starts
    # the war with the deviator escalating: Russia 0.40 − 0.05, Ukraine 0.35 − 0.04, the West
    # 0.30 − 0.03, each below its settlement value: an equilibrium that settles, verdict 'open'.
    loaded = load_game(MODELS / "example_game.toml", drops=["west.no_combat_commitment"])
    assert np.allclose(loaded.game.payoffs[:, 0, 0, 0], [0.78, 0.46, 0.60])
    opened = analyze(loaded.model)
    assert opened.verdict == "open"
    assert [e.profile() for e in opened.strategic.reaching] == [(0, 0, 0)]


@pytest.mark.parametrize("change, words", [
    ({"efforts": ["sustain"]}, "unknown effort level 'escalate'"),
    ({"postures": {"x": [{"id": "m", "terms": "split == evn", "effort": "sustain"}],
                   "y": [{"id": "m", "terms": "true", "effort": "sustain"}]}},
     "game.postures.x.m.terms: unknown level 'evn' of issue 'split'; did you mean 'even'?"),
    ({"postures": {"x": [{"id": "m", "terms": "true", "effort": "sustain"}]}},
     "party 'y' has no postures"),
    ({"postures": {"x": [{"id": "m", "terms": "true", "effort": "sustain"}],
                   "yy": [{"id": "m", "terms": "true", "effort": "sustain"}]}},
     "unknown party 'yy'; did you mean 'y'?"),
    ({"war": [{"id": "w", "when": {"x": "escalte"}, "adjust": {"x": 0.1}}]},
     "did you mean 'escalate'?"),
    ({"war": [{"id": "w", "adjust": {"z": 0.1}}]}, "unknown party 'z'"),
    ({"rule": "nsh"}, "did you mean 'nash'?"),
    ({"efforts": None}, "game.efforts: missing"),
])
def test_derived_game_bad_input(change, words):
    game = prisoners_postures() | change
    if game.get("efforts") is None:
        del game["efforts"]
    assert words in error_of(lambda: split_model(game))


# -------------------------------------------------------------------------------------- .nfg

SELTEN_PAYOFF = """NFG 1 R "Selten (IJGT, 75), Figure 2, normal form"
{ "Player 1" "Player 2" } { 3 2 }

1 1 0 2 0 2 1 1 0 3 2 0
"""

SELTEN_OUTCOME = """NFG 1 R "Selten (IJGT, 75), Figure 2, normal form" { "Player 1" "Player 2" }
{ { "1" "2" "3" } { "1" "2" } }
{ { "" 1, 1 } { "" 0, 2 } { "" 0, 2 } { "" 1, 1 } { "" 0, 3 } { "" 2, 0 } }
1 2 3 4 5 6
"""


def test_nfg_documented_example_in_both_versions():
    # Gambit's documentation gives the same game in both versions; profiles run with the first
    # player's strategy fastest: (1,1) → 1 1, (2,1) → 0 2, (3,1) → 0 2, (1,2) → 1 1, ...
    a, b = nfg.parse(SELTEN_PAYOFF), nfg.parse(SELTEN_OUTCOME)
    assert a.payoffs[0].tolist() == [[1, 1], [0, 0], [0, 2]]
    assert a.payoffs[1].tolist() == [[1, 1], [2, 3], [2, 0]]
    assert np.array_equal(a.payoffs, b.payoffs)
    assert a.players == ("Player 1", "Player 2")


@pytest.mark.parametrize("outcomes", [True, False])
def test_nfg_round_trip(outcomes):
    g = load_game(MODELS / "example_game.toml", drops=["west.no_combat_commitment"]).game
    for game in (g, nfg.parse(SELTEN_PAYOFF)):
        back = nfg.parse(nfg.write(game, outcomes=outcomes))
        assert np.array_equal(back.payoffs, game.payoffs)
        assert back.shape == game.shape


def test_nfg_rationals_and_escaped_titles():
    text = 'NFG 1 R "a \\"quoted\\" title" { "A" "B" } { 1 2 }\n1/2 -3 0.25 1e1\n'
    g = nfg.parse(text)
    assert g.title == 'a "quoted" title'
    assert g.payoffs[:, 0, 0].tolist() == [0.5, -3] and g.payoffs[:, 0, 1].tolist() == [0.25, 10]


@pytest.mark.parametrize("text, words", [
    ("EFG 2 R", "must begin with 'NFG'"),
    ('NFG 1 R "t" { "A" "B" } { 2 2 }\n1 2 3', "expected a payoff, found the end of the file"),
    ('NFG 1 R "t" { "A" "B" } { 1 1 }\n1 2 3', "unexpected '3'"),
    ('NFG 1 R "t" { "A" } { { "x" } } { { "" 1 } } 2', "outcome numbers must lie between 0"),
])
def test_nfg_bad_input(text, words):
    assert words in error_of(lambda: nfg.parse(text, file="bad.nfg"))


# ------------------------------------------------------------------------------------ commands


def test_equilibria_command_json_contract(capsys):
    assert main(["equilibria", str(MODELS / "prisoners_dilemma.toml"), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    for key in ("players", "pure", "mixed", "max_regret", "complete"):
        assert key in doc
    assert doc["pure"] == [{"state_a": "defect", "state_b": "defect"}]
    assert doc["mixed"] == [{"state_a": {"cooperate": 0.0, "defect": 1.0},
                             "state_b": {"cooperate": 0.0, "defect": 1.0}}]
    assert doc["complete"] is True and doc["max_regret"] <= 1e-9
    assert doc["strategic_verdict"] == "dilemma"


def test_stag_hunt_is_open_with_a_worse_equilibrium_beside(capsys):
    # Mutual cooperation is an equilibrium (4 > 3), so the zone is reached: 'open' — but mutual
    # defection is an equilibrium too (2 > 1): cooperation needs assurance.
    assert main(["equilibria", str(MODELS / "stag_hunt.toml"), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["strategic_verdict"] == "open"
    assert [e["reaches_agreement"] for e in doc["equilibria"]] == [True, False, False]


def test_equilibria_command_text_and_out(tmp_path, capsys):
    model = str(MODELS / "example_game.toml")
    assert main(["equilibria", model, "--drop", "west.no_combat_commitment",
                 "--out", str(tmp_path / "eq")]) == 0
    out = capsys.readouterr().out
    assert "keep its gains" in out and "settlement: Ukraine's alignment: neutral" in out
    assert "Strategic verdict: OPEN" in out
    for name in ("tables/payoffs.csv", "tables/equilibria.tex", "equilibria.json", "game.nfg",
                 "manifest.json"):
        assert (tmp_path / "eq" / name).exists(), name
    assert nfg.read(tmp_path / "eq" / "game.nfg").shape == (2, 2, 2)


def test_export_then_solve_an_nfg(tmp_path, capsys):
    out = tmp_path / "sh.nfg"
    assert main(["export-nfg", str(MODELS / "stag_hunt.toml"), str(out)]) == 0
    assert main(["equilibria", str(out), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert len(doc["pure"]) == 2 and len(doc["mixed"]) == 3
    assert doc["players"] == ["State A", "State B"]


def test_game_commands_report_bad_input_with_status_2(tmp_path, capsys):
    assert main(["equilibria", str(MODELS / "example.toml")]) == 2
    assert "the model has no [game] section" in capsys.readouterr().err
    bad = tmp_path / "bad.nfg"
    bad.write_text("NFG 1 R \"t\" { \"A\" } { 2 }\n1\n")
    assert main(["equilibria", str(bad)]) == 2
    assert "expected a payoff" in capsys.readouterr().err


def test_analyze_json_carries_the_strategic_block(capsys):
    assert main(["analyze", str(MODELS / "example_game.toml"), "--json",
                 "--drop", "west.no_combat_commitment"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["verdict"] == "open"
    assert doc["strategic"]["complete"] is True
    assert doc["strategic"]["pure"] == [
        {"russia": "keep_gains", "ukraine": "accept_freeze", "west": "back_any_deal"}]


def test_solve_rejects_unknown_method():
    with pytest.raises(ValueError):
        solve(game_of(raw_game()), "simplex")
