"""Reading Gambit .nfg files (issue 12, defect 4): a UTF-8 byte-order mark and Latin-1 files are
accepted; a malformed header is reported by what is wrong with it."""

import numpy as np
import pytest
from game_helpers import game
from published_games import GAMBIT_543

from negotiation.errors import ModelError
from negotiation.games import nfg

SIMPLE = 'NFG 1 R "Caf\u00e9 game" { "Jos\u00e9" "Zo\u00eb" } { 2 2 }\n""\n1 1 0 2 0 2 1 1\n'
PAYOFFS = [[[1, 0], [0, 1]], [[1, 2], [2, 1]]]    # hand-read: profiles first player fastest


def check(g):
    assert g.title == "Caf\u00e9 game" and g.labels == ("Jos\u00e9", "Zo\u00eb")
    assert np.array_equal(g.payoffs, PAYOFFS)


def test_utf8_with_byte_order_mark(tmp_path):
    path = tmp_path / "bom.nfg"
    path.write_bytes(b"\xef\xbb\xbf" + SIMPLE.encode("utf-8"))
    check(nfg.read(path))


def test_utf8_without_byte_order_mark(tmp_path):
    path = tmp_path / "plain.nfg"
    path.write_bytes(SIMPLE.encode("utf-8"))
    check(nfg.read(path))


def test_latin1(tmp_path):
    path = tmp_path / "latin1.nfg"
    path.write_bytes(SIMPLE.encode("latin-1"))
    assert b"\xe9" in path.read_bytes()            # é as one Latin-1 byte: invalid UTF-8
    check(nfg.read(path))


def test_byte_order_mark_in_parsed_text():
    check(nfg.parse("\ufeff" + SIMPLE))


@pytest.mark.parametrize("header, message", [
    ('{ "A" "B" } { 2 0 }', 'player 2 ("B") has 0 strategies in { 2 0 }'),
    ("{ 2 0 }", "the list of players { 2 0 } holds numbers where player names in double "
                "quotes were expected"),
    ('{ "A" "B" } { 2 }', 'the strategy counts { 2 } give 1 number(s) but the header names 2 '
                          'player(s) ("A", "B")'),
    ('{ "A" "B" } { 2 2 2 }', "give 3 number(s) but the header names 2 player(s)"),
    ('{ "A" "B" } { 2 1.5 }', "the strategy count '1.5' of player 2 (\"B\") in { 2 1.5 } is "
                              "not a whole number"),
    ('{ "A" "B" } { { "x" "y" } }', '1 strategy name list(s) for 2 player(s) ("A", "B")'),
    ('{ "A" "B" } { { "x" } { } }', 'player 2 ("B") has an empty strategy list'),
    ('{ "A" B } { 1 1 }', "player names must be in double quotes; found 'B'"),
    ('{ "A" "B" } { { "x" } { y } }', "strategy names must be in double quotes; found 'y'"),
    ("{ } { }", "the game has no players"),
])
def test_header_errors_say_what_is_wrong(header, message):
    with pytest.raises(ModelError) as err:
        nfg.parse(f'NFG 1 R "t" {header}\n""\n1 2 3 4\n')
    assert message in str(err.value)
    assert "strategy lists" not in str(err.value)


def test_round_trip_of_the_5x4x3_game():
    # Written by us in both versions, read back: the same payoffs (GAMBIT_543 typed in from
    # Gambit's contrib/games/5x4x3.nfg).
    g = game(GAMBIT_543)
    for outcomes in (True, False):
        back = nfg.parse(nfg.write(g, outcomes=outcomes))
        assert np.array_equal(back.payoffs, GAMBIT_543)
