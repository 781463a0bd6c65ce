"""Reading and writing Gambit .efg files: round trips, encodings, and bad input.

Every file here is written for these tests (none is copied from Gambit's distribution); the
format follows Gambit's documentation ("The extensive game (.efg) file format").
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from tree_cases import SIGNAL

from negotiation.cli import main
from negotiation.errors import ModelError
from negotiation.games.efg import dumps, parse, read, write
from negotiation.games.extensive import ExtensiveGame, chance, leaf, move
from negotiation.games.subgame_perfect import subgame_perfect
from negotiation.games.tree import compile_game
from negotiation.report.trees import describe


def same_tree(a: ExtensiveGame, b: ExtensiveGame) -> None:
    ta, tb = compile_game(a), compile_game(b)
    assert a.players == b.players and a.title == b.title and a.comment == b.comment
    for name in ("kind", "parent", "action", "player", "infoset", "edge_prob", "payoff"):
        assert np.array_equal(getattr(ta, name), getattr(tb, name)), name
    assert ta.infoset_key == tb.infoset_key and ta.infoset_actions == tb.infoset_actions
    assert ta.infoset_label == tb.infoset_label and ta.event_actions == tb.event_actions


def test_parse_signal_game() -> None:
    # Hand-read: 1 chance node with 1/3, 2/3; sender's two information sets (one per type);
    # receiver's two information sets of two nodes each; 8 terminal nodes.
    game = parse(SIGNAL)
    tree = compile_game(game)
    assert game.players == ("Sender", "Receiver")
    assert tree.n_nodes == 15 and len(tree.terminals) == 8
    assert tree.infoset_key == ("S strong", "after beer", "after quiche", "S weak")
    assert np.bincount(tree.infoset[tree.infoset >= 0]).tolist() == [1, 2, 2, 1]
    assert tree.edge_prob[tree.children(0)].tolist() == [1 / 3, 2 / 3]
    # The terminal "t "" 2" (no description) repeats outcome 2: payoffs (3, 0).
    assert tree.payoff[tree.terminals].tolist() == [[1, -1], [3, 0], [0, -1], [2, 0],
                                                    [0, 1], [3, 0], [1, 1], [2, 0]]


def test_round_trip_text_is_stable() -> None:
    # Writing fills in every repeated description; reading that back and writing again gives
    # the same text, and the same tree as the original file.
    game = parse(SIGNAL)
    text = dumps(game)
    assert dumps(parse(text)) == text
    same_tree(game, parse(text))
    assert '"strong" 1/3 "weak" 2/3' in text


def test_round_trip_of_built_games(tmp_path: Path) -> None:
    # A game built in code, with an outcome on a non-terminal node and a chance node, survives
    # write → read with the same tree, payoffs and labels.
    game = ExtensiveGame(("a", "b"), move("a", "first", {
        "left": chance({"up": (0.25, leaf(1, 2)), "down": (0.75, leaf(-1.5, 0))},
                       outcome=(10, 0)),
        "right": move("b", "reply", {"x": leaf(0, 0), "y": leaf(1e-3, 2 / 3)}),
    }), title='quote " and backslash \\', comment="two lines\nof comment")
    path = tmp_path / "g.efg"
    write(game, path)
    back = read(path)
    same_tree(game, back)
    # The outcome on the chance node adds 10 to player a on both plays below it.
    assert compile_game(back).payoff[compile_game(back).terminals, 0].tolist() == \
        [11.0, 8.5, 0.0, 0.001]


def test_bom_and_latin1(tmp_path: Path) -> None:
    # The same game saved as UTF-8 with a byte-order mark and as Latin-1 reads identically.
    text = SIGNAL.replace('"Receiver"', '"Réceptrice"')
    bom = tmp_path / "bom.efg"
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    latin = tmp_path / "latin.efg"
    latin.write_bytes(text.encode("latin-1"))
    plain = tmp_path / "plain.efg"
    plain.write_bytes(text.encode("utf-8"))
    a, b, c = read(bom), read(latin), read(plain)
    assert a.players == b.players == c.players == ("Sender", "Réceptrice")
    assert any("Latin-1" in note for note in b.notes) and not a.notes
    same_tree(a, b)


def test_gambit_style_empty_labels_are_numbered() -> None:
    # Gambit files often leave information-set names and action names empty. Information sets
    # with an empty name are keyed by their number; empty actions are numbered; a note says so.
    text = '''EFG 2 R "" { "" "" }
p "" 1 1 "" { "" "" } 0
p "" 2 1 "" { "a" "a" } 0
t "" 1 "" { 1 0 }
t "" 2 "" { 0 1 }
t "" 3 "" { 2 2 }
'''
    game = parse(text)
    tree = compile_game(game)
    assert game.players == ("Player 1", "Player 2")
    assert tree.infoset_key == ("#1", "#1")
    assert tree.infoset_actions == (("1", "2"), ("a", "a_2"))
    assert len(game.notes) == 3
    result = subgame_perfect(tree)
    # Player 2 takes "a_2" (1 > 0); player 1 compares 0 with 2 and takes "2": payoffs (2, 2).
    assert [describe(tree, e.behaviour, e.payoffs)["path"] for e in result.equilibria] == [["2"]]


def test_outcome_on_decision_node_and_rationals() -> None:
    # Incremental payoffs: the root's outcome (1/2, -1) is added to every play; decimals and
    # rationals read exactly as numbers.
    text = '''EFG 2 R "stages" { "A" "B" }
p "" 1 1 "root" { "go" "stop" } 1 "stage pay" { 1/2, -1 }
t "" 2 "end" { .25 3e0 }
t "" 0
'''
    tree = compile_game(parse(text))
    assert tree.payoff[tree.terminals].tolist() == [[0.75, 2.0], [0.5, -1.0]]


BAD = [
    ("NFG 1 R \"x\" { \"a\" }\n", 1, "must begin with 'EFG'"),
    ("EFG 3 R \"x\" { \"a\" }\nt \"\" 0\n", 1, "version '3' is not supported"),
    ("EFG 2 R \"x\" { }\nt \"\" 0\n", 2, "no players"),
    ("EFG 2 R \"x\" { \"a\" }\n\np \"\" 2 1 \"h\" { \"l\" } 0\nt \"\" 0\n", 3,
     "player 2 does not exist"),
    ("EFG 2 R \"x\" { \"a\" }\nc \"\" 1 \"e\" { \"u\" 1/2 \"d\" 1/3 } 0\nt \"\" 0\nt \"\" 0\n", 2,
     "sum to 0.833333333333"),
    ("EFG 2 R \"x\" { \"a\" }\nc \"\" 1 \"e\" { \"u\" 3/2 \"d\" -1/2 } 0\nt \"\" 0\nt \"\" 0\n", 2,
     "include a negative number"),
    ("EFG 2 R \"x\" { \"a\" }\np \"\" 1 1 \"h\" { \"l\" \"r\" } 0\nt \"\" 0\n", 3,
     "ends inside the tree: 1 more node"),
    ("EFG 2 R \"x\" { \"a\" }\nt \"\" 0\nt \"\" 0\n", 3, "after the last node"),
    ("EFG 2 R \"x\" { \"a\" \"b\" }\nt \"\" 1 \"o\" { 1 2 3 }\n", 2, "has 3 payoffs for 2"),
    ("EFG 2 R \"x\" { \"a\" }\np \"\" 1 1 { \"l\" } 0\nt \"\" 0\n", 2,
     "name is missing before its actions"),
    ("EFG 2 R \"x\" { \"a\" }\np \"\" 1 1 0\nt \"\" 0\n", 2, "used before its name and actions"),
    ("EFG 2 R \"x\" { \"a\" }\np \"\" 1 1 \"h\" { \"l\" \"r\" } 0\n"
     "p \"\" 1 1 \"h\" { \"l\" \"x\" } 0\nt \"\" 0\nt \"\" 0\nt \"\" 0\n", 3,
     "declared as 'h' ['l', 'x'] here but as 'h' ['l', 'r'] at line 2"),
    ("EFG 2 R \"x\" { \"a\" }\nt \"\" 0 \"o\" { 1 }\n", 2, "null outcome"),
    ("EFG 2 R \"x\" { \"a\" }\nt \"\" 4\n", 2, "outcome 4 is used before its payoffs"),
    ("EFG 2 R \"x\" { \"a\" }\np \"\" 1 1 \"h\" { \"l\" \"r\" } 0\nt \"\" 1 \"o\" { 1 }\n"
     "\nt \"\" 1 \"o\" { 2 }\n", 5,
     "declared differently at line 3"),
    ("EFG 2 R \"x\" { \"a\" }\nq \"\" 0\n", 2, "expected a node type"),
    ("EFG 2 R \"x\" { \"a\" }\nt \"\" 1 \"o\" { 1/0 }\n", 2, "not a finite number"),
    ("EFG 2 R \"x\" { \"a\" }\nt \"\" 1 \"o\" { one }\n", 2, "expected a payoff"),
    ("EFG 2 R \"x\" { \"a\"\nt \"\" 0\n", 2, "expected '}' closing the list of players"),
    ("EFG 2 R \"x\" { \"a\" }\nt \"unclosed 0\n", 2, "never closed"),
]


@pytest.mark.parametrize("text, line, words", BAD)
def test_bad_input_names_line_and_fix(text: str, line: int, words: str) -> None:
    with pytest.raises(ModelError) as info:
        parse(text, file="bad.efg")
    err = info.value
    assert err.file == "bad.efg" and err.key == f"line {line}", str(err)
    assert words in err.message, str(err)
    assert err.fix and str(err).startswith(f"bad.efg: line {line}: ")


def test_missing_file_and_bad_utf8_after_bom(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no such file"):
        read(tmp_path / "nothing.efg")
    bad = tmp_path / "bad.efg"
    bad.write_bytes(b"\xef\xbb\xbfEFG 2 R \"\xe9\" { \"a\" }\nt \"\" 0\n")
    with pytest.raises(ModelError, match="byte-order mark but is not UTF-8"):
        read(bad)


@pytest.mark.parametrize("text, line, words", BAD[:6])
def test_bad_efg_from_the_command_line(tmp_path: Path, capsys, text: str, line: int,
                                       words: str) -> None:
    # One message naming the file, the line and the fix; exit status 2; no traceback.
    path = tmp_path / "bad.efg"
    path.write_text(text, encoding="utf-8")
    assert main(["equilibria", str(path), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    assert f"bad.efg: line {line}: " in captured.err and words in captured.err
    assert "fix:" in captured.err


def test_overrides_are_refused_for_efg_files(tmp_path: Path, capsys) -> None:
    path = tmp_path / "g.efg"
    path.write_text(SIGNAL, encoding="utf-8")
    assert main(["equilibria", str(path), "--set", "x=1"]) == 2
    assert "g.efg: --set: overrides apply to model files, not .efg games" in capsys.readouterr().err


def test_equilibria_on_an_efg_file(tmp_path: Path, capsys) -> None:
    # The normal-form keys (on the reduced normal form) plus the subgame-perfect ones.
    import json

    path = tmp_path / "entry.efg"
    write(ExtensiveGame(("entrant", "incumbent"), move("entrant", "enter?", {
        "out": leaf(0, 2),
        "in": move("incumbent", "respond", {"fight": leaf(-1, -1), "accommodate": leaf(1, 1)}),
    }), title="Entry"), path)
    assert main(["equilibria", str(path), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    for key in ("players", "pure", "mixed", "max_regret", "complete", "method", "equilibria",
                "game", "subgame_perfect", "subgame_perfect_complete", "nash_not_subgame_perfect"):
        assert key in doc, key
    # Entry deterrence: after "in" the incumbent accommodates (1 > -1), so the entrant enters
    # (1 > 0): the SPE. (out, fight) is a Nash equilibrium resting on a threat to fight.
    assert [e["path"] for e in doc["subgame_perfect"]] == [["in", "accommodate"]]
    assert {"entrant": {"out": 1.0}, "incumbent": {"fight": 1.0}} in [
        e["plans"] for e in doc["nash_not_subgame_perfect"]]
    out = tmp_path / "out"
    assert main(["equilibria", str(path), "--out", str(out)]) == 0
    for name in ("equilibria.json", "game.efg", "game.nfg", "figures/tree.png",
                 "tables/subgame_perfect.csv", "tables/equilibria.csv", "manifest.json"):
        assert (out / name).exists(), name
    assert read(out / "game.efg").players == ("entrant", "incumbent")
