"""``negotiation equilibria`` as a user runs it on the games of issue 12: the JSON contract
(absolute and relative regret, exact strategies, maximal Nash subsets, open support profiles),
the text, the tables, ``--method gnm`` and Gambit files with a byte-order mark."""

import json
from fractions import Fraction

import numpy as np
from game_helpers import game
from published_games import GAMBIT_543, NAU_222, STENGEL_75, WINKELS

from negotiation.cli import main
from negotiation.games import nfg
from negotiation.games.equilibria import solve
from negotiation.report import games as game_report


def run(capsys, path, *flags):
    code = main(["equilibria", str(path), *flags])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def nfg_file(tmp_path, name, payoffs, bom=False):
    path = tmp_path / name
    text = nfg.write(game(*payoffs) if isinstance(payoffs, tuple) else game(payoffs))
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def test_json_reports_absolute_and_relative_regret_for_every_equilibrium(tmp_path, capsys):
    # von Stengel's 6 x 6 game (payoffs to 1.7e6, range 3.0e6): all 75 equilibria, each with
    # both regrets; the relative one is the absolute one on payoffs mapped onto [0, 1].
    path = nfg_file(tmp_path, "stengel.nfg", tuple(np.asarray(m, float) for m in STENGEL_75))
    code, out, _ = run(capsys, path, "--json")
    doc = json.loads(out)
    assert code == 0 and doc["complete"] is True and doc["degenerate"] is False
    assert len(doc["equilibria"]) == 75
    for e in doc["equilibria"]:
        assert 0 <= e["regret_relative"] <= 1e-15 and 0 <= e["regret"] <= 1e-15 * 3021480
    assert doc["max_regret_relative"] == max(e["regret_relative"] for e in doc["equilibria"])
    assert doc["max_regret"] == max(e["regret"] for e in doc["equilibria"])


def test_json_of_a_degenerate_game_lists_exact_extreme_points_and_nash_subsets(tmp_path, capsys):
    # Winkels (1979): 12 extreme equilibria; the column player's (1/4, 3/4) and (3/4, 1/4) are
    # ends of edges of equilibria, reported exactly as fractions. Every pair of strategies
    # within one maximal Nash subset is an equilibrium (checked on the JSON itself).
    path = nfg_file(tmp_path, "winkels.nfg", tuple(np.asarray(m, float) for m in WINKELS),
                    bom=True)
    code, out, _ = run(capsys, path, "--json")
    doc = json.loads(out)
    assert code == 0 and doc["complete"] is True and doc["degenerate"] is True
    eqs = doc["equilibria"]
    assert len(eqs) == 12
    col = doc["players"][1]
    ys = {tuple(e["exact_strategies"][col].values()) for e in eqs}
    assert {("1/4", "3/4"), ("3/4", "1/4")} <= ys and ("1/2", "1/2") not in ys
    for e in eqs:
        for p, mixture in e["exact_strategies"].items():
            assert sum(Fraction(v) for v in mixture.values()) == 1
            assert all(abs(float(Fraction(v)) - e["strategies"][p][s]) < 1e-12
                       for s, v in mixture.items())
    pairs = {(json.dumps(e["exact_strategies"][doc["players"][0]]),
              json.dumps(e["exact_strategies"][col])) for e in eqs}
    assert len(doc["nash_subsets"]) == 7
    for subset in doc["nash_subsets"]:
        for i in subset:
            for j in subset:
                assert (json.dumps(eqs[i]["exact_strategies"][doc["players"][0]]),
                        json.dumps(eqs[j]["exact_strategies"][col])) in pairs
    assert doc["unresolved_supports"] == [] and doc["unexamined_supports"] == []


def test_text_says_relative_regret_and_names_the_nash_subsets(tmp_path, capsys):
    path = nfg_file(tmp_path, "winkels.nfg", tuple(np.asarray(m, float) for m in WINKELS))
    code, out, _ = run(capsys, path)
    assert code == 0
    assert "Mixed equilibria (10, extreme points)" in out
    assert "Maximal Nash subsets" in out and "{pure 1, mixed" in out
    assert "relative to the payoff range" in out and "; complete;" in out


def test_method_gnm_on_the_5x4x3_game(tmp_path, capsys):
    # The global Newton method finds some of the three equilibria (all three, with the default
    # eight rays) and never claims completeness.
    path = nfg_file(tmp_path, "g543.nfg", GAMBIT_543)
    code, out, _ = run(capsys, path, "--json", "--method", "gnm")
    doc = json.loads(out)
    assert code == 0 and doc["method"] == "gnm" and doc["complete"] is False
    assert 1 <= len(doc["equilibria"]) <= 3
    assert all(e["regret_relative"] <= 1e-9 for e in doc["equilibria"])
    assert any("global Newton method" in n for n in doc["notes"])
    assert doc["nash_subsets"] is None


def test_the_5x4x3_game_is_complete_by_default(tmp_path, capsys):
    path = nfg_file(tmp_path, "g543.nfg", GAMBIT_543)
    code, out, _ = run(capsys, path, "--json")
    doc = json.loads(out)
    assert code == 0 and doc["method"] == "support" and doc["complete"] is True
    assert len(doc["equilibria"]) == 3 and doc["unresolved_supports"] == []


def test_open_support_profiles_are_named_in_json_and_text(capsys):
    # Nau et al.'s 2x2x2 game has a continuum of equilibria: support enumeration cannot
    # resolve it, and says which support profiles are open, by strategy name.
    result = solve(game(NAU_222))
    doc = game_report.document(result)
    assert not doc["complete"]
    assert {"p0": ["s0", "s1"], "p1": ["s0", "s1"], "p2": ["s0", "s1"]} in (
        doc["unresolved_supports"])
    text = game_report.explain(result)
    assert "unresolved within the subdivision budget" in text and "method 'gnm'" in text


def test_equilibria_table_has_both_regrets():
    table = game_report.tables(solve(game(WINKELS[0].astype(float), WINKELS[1].astype(float))))[1]
    assert table.columns[-2:] == ("regret", "relative regret")
    assert all(row[-1] <= 1e-15 for row in table.rows)


def test_two_player_method_on_three_players_is_refused_by_name(tmp_path, capsys):
    path = nfg_file(tmp_path, "g543.nfg", GAMBIT_543)
    code, out, err = run(capsys, path, "--method", "vertex")
    assert code == 2 and not out
    assert "--method vertex: 'vertex' is for two-player games" in err and "Traceback" not in err
