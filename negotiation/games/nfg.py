"""Gambit's strategic-game file format (``.nfg``): read both versions, write either.

The format (Gambit documentation, "Game representation formats"; the strategic game file format,
payoff version and outcome version) is a whitespace-separated token stream::

    NFG 1 R "title" { "Player 1" "Player 2" }
    { 3 2 }                                     (payoff version: strategy counts)
    "optional comment"
    1 1  0 2  0 2  1 1  0 3  2 0                (payoffs of all players, profile by profile)

    NFG 1 R "title" { "Player 1" "Player 2" }
    { { "1" "2" "3" } { "1" "2" } }             (outcome version: strategy names)
    "optional comment"
    { { "" 1, 1 } { "" 0, 2 } ... }             (outcomes: a name, then one payoff per player)
    1 2 3 4 5 6                                 (one outcome number per profile; 0 = all zero)

Files are read as UTF-8 (a byte-order mark is skipped) or, failing that, Latin-1. A header that
does not fit the players (a count list where names were expected, a missing or zero count, a
count that is not a whole number, too many or too few name lists) is reported by what is wrong
and where.

Profiles are listed with the *first* player's strategy varying fastest. Numbers may be integers,
decimals or rationals (``1/2``); commas between payoffs are optional. Either strategy form (counts
or names) is read with either body. :func:`write` writes the outcome version (it keeps strategy
names and, for a derived game, names each outcome by what the profile leads to) or, with
``outcomes=False``, the payoff version.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from pathlib import Path

import numpy as np

from negotiation.errors import ModelError
from negotiation.games.game import Game

__all__ = ["decode", "parse", "read", "write"]

_TOKEN = re.compile(r'\s*(?:(?P<string>"(?:[^"\\]|\\.)*")|(?P<brace>[{}])|(?P<comma>,)|'
                    r'(?P<word>[^\s{}",]+))', re.S)
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?(/\d+)?$")


class _Tokens:
    def __init__(self, text: str, file: str) -> None:
        self.file = file
        self.items: list[tuple[str, str]] = []
        pos = 0
        while pos < len(text):
            match = _TOKEN.match(text, pos)
            if match is None or match.end() == pos:
                if text[pos:].strip():
                    raise self.error(f"cannot read {text[pos:pos + 20].strip()!r}")
                break
            kind = match.lastgroup
            value = match.group(kind)
            if kind == "string":
                value = re.sub(r"\\(.)", r"\1", value[1:-1])
            if kind != "comma":
                self.items.append((kind, value))
            pos = match.end()
        self.pos = 0

    def error(self, message: str) -> ModelError:
        return ModelError(message, file=self.file, key="nfg",
                          fix="check the file against Gambit's .nfg format (docs/games.md)")

    def peek(self, offset: int = 0) -> tuple[str, str] | None:
        at = self.pos + offset
        return self.items[at] if at < len(self.items) else None

    def take(self, kind: str, what: str, value: str | None = None) -> str:
        token = self.peek()
        if token is None or token[0] != kind or (value is not None and token[1] != value):
            got = "the end of the file" if token is None else repr(token[1])
            raise self.error(f"expected {what}, found {got}")
        self.pos += 1
        return token[1]

    def number(self, what: str) -> float:
        text = self.take("word", what)
        if not _NUMBER.match(text):
            raise self.error(f"expected {what}, found {text!r}")
        try:
            value = float(Fraction(text)) if "/" in text else float(text)
        except (ZeroDivisionError, OverflowError):
            value = math.inf
        if not math.isfinite(value):
            raise self.error(f"{what} {text!r} is not a finite number")
        return value

    def strings(self, what: str) -> list[str]:
        self.take("brace", f"'{{' opening the {what}", "{")
        out = []
        while self.peek() is not None and self.peek()[0] == "string":
            out.append(self.take("string", what))
        self.take("brace", f"'}}' closing the {what}", "}")
        return out


def decode(data: bytes) -> str:
    """The text of a ``.nfg`` file: UTF-8 (a leading byte-order mark is dropped), else Latin-1.

    Gambit writes its files in the platform's 8-bit encoding on older systems, so names with
    accents arrive in Latin-1 (ISO 8859-1); every byte sequence is valid Latin-1, and a file
    that is valid UTF-8 is read as UTF-8 (a Latin-1 file with accented letters almost never is:
    an accented letter is one byte ≥ 0x80 not followed by the continuation bytes UTF-8 needs)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def read(path: str | Path) -> Game:
    """Read a ``.nfg`` file (either version; UTF-8 with or without a byte-order mark, or
    Latin-1)."""
    path = Path(path)
    try:
        text = decode(path.read_bytes())
    except FileNotFoundError:
        raise ModelError("no such file", file=str(path), fix="check the path") from None
    except OSError as err:
        raise ModelError(f"cannot read the file ({err})", file=str(path)) from None
    return parse(text, file=str(path), title=path.stem)


def parse(text: str, file: str = "<nfg>", title: str = "") -> Game:
    """Parse the text of a ``.nfg`` file."""
    tok = _Tokens(text.lstrip("\ufeff"), file)
    if tok.take("word", "'NFG' at the start") != "NFG":
        raise tok.error("not a strategic game file: it must begin with 'NFG'")
    if tok.take("word", "the version number 1") != "1":
        raise tok.error("only version 1 of the .nfg format exists")
    if tok.take("word", "'R'") not in ("R", "D"):
        raise tok.error("expected 'R' after the version number")
    title = tok.take("string", "the game's title in double quotes") or title
    players = _players(tok)
    strategies = _strategies(tok, players)
    comment = tok.take("string", "") if tok.peek() and tok.peek()[0] == "string" else ""
    shape = tuple(len(s) for s in strategies)
    profiles = int(np.prod(shape))
    n = len(players)
    if tok.peek() is not None and tok.peek() == ("brace", "{"):
        outcomes = [np.zeros(n)]
        tok.take("brace", "the list of outcomes", "{")
        while tok.peek() == ("brace", "{"):
            tok.take("brace", "an outcome", "{")
            tok.take("string", "the outcome's name")
            outcomes.append(np.array([tok.number("a payoff") for _ in range(n)]))
            tok.take("brace", "'}' closing the outcome", "}")
        tok.take("brace", "'}' closing the outcomes", "}")
        index = [int(tok.number("an outcome number")) for _ in range(profiles)]
        if any(not 0 <= k < len(outcomes) for k in index):
            raise tok.error(f"outcome numbers must lie between 0 and {len(outcomes) - 1}")
        flat = np.array([outcomes[k] for k in index])
    else:
        flat = np.array([tok.number("a payoff") for _ in range(profiles * n)]).reshape(profiles, n)
    if tok.peek() is not None:
        raise tok.error(f"unexpected {tok.peek()[1]!r} after the last payoff")
    # Profiles run with the first player fastest: reshape in reverse and swap the axes back.
    tensor = flat.reshape(shape[::-1] + (n,))
    payoffs = np.transpose(tensor, (n,) + tuple(range(n - 1, -1, -1)))
    game = Game.from_payoffs(_ids(players), [_ids(s) for s in strategies], payoffs,
                             title=title, labels=tuple(players),
                             strategy_labels=tuple(tuple(s) for s in strategies),
                             source=comment)
    return game


def _items(tok: _Tokens, what: str) -> list[tuple[str, str]]:
    """The strings and words between ``{`` and ``}``."""
    tok.take("brace", f"'{{' opening the {what}", "{")
    items = []
    while tok.peek() is not None and tok.peek()[0] in ("string", "word"):
        items.append(tok.peek())
        tok.pos += 1
    tok.take("brace", f"'}}' closing the {what}", "}")
    return items


_EXAMPLE = 'e.g. NFG 1 R "title" { "Player 1" "Player 2" } { 3 2 }'


def _players(tok: _Tokens) -> list[str]:
    """The header's list of player names, with a precise message for what is wrong with it."""
    items = _items(tok, "list of players")
    words = [v for k, v in items if k == "word"]
    if words and len(words) == len(items):
        raise tok.error(f"the list of players {{ {' '.join(words)} }} holds numbers where "
                        "player names in double quotes were expected: the header names the "
                        "players, then gives the strategy counts or names, " + _EXAMPLE)
    if words:
        raise tok.error(f"player names must be in double quotes; found {words[0]!r}")
    if not items:
        raise tok.error("the game has no players: the list of players { } is empty")
    return [v for _, v in items]


def _strategies(tok: _Tokens, players: list[str]) -> list[list[str]]:
    """Strategy names (or ``"1"``, ``"2"``, … from counts), one list per player; a count or list
    that does not fit the players is named in the message."""
    n = len(players)
    names = ", ".join(f'"{p}"' for p in players)
    tok.take("brace", "'{' opening the strategies (counts such as { 3 2 } or name lists)", "{")
    if tok.peek() == ("brace", "{"):
        strategies = []
        while tok.peek() == ("brace", "{"):
            items = _items(tok, f"strategies of player {len(strategies) + 1}")
            words = [v for k, v in items if k == "word"]
            if words:
                raise tok.error(f"strategy names must be in double quotes; found {words[0]!r} "
                                f"in the list of player {len(strategies) + 1}")
            strategies.append([v for _, v in items])
        tok.take("brace", "'}' closing the strategies", "}")
        if len(strategies) != n:
            raise tok.error(f"{len(strategies)} strategy name list(s) for {n} player(s) "
                            f"({names}): give one list per player")
        for i, s in enumerate(strategies):
            if not s:
                raise tok.error(f"player {i + 1} (\"{players[i]}\") has an empty strategy list: "
                                "every player needs at least one strategy")
        return strategies
    counts = []
    while tok.peek() is not None and tok.peek()[0] == "word":
        counts.append(tok.take("word", "a number of strategies"))
    tok.take("brace", "'}' closing the strategy counts", "}")
    shown = "{ " + " ".join(counts) + " }"
    if len(counts) != n:
        raise tok.error(f"the strategy counts {shown} give {len(counts)} number(s) but the "
                        f"header names {n} player(s) ({names}): give one count per player, "
                        + _EXAMPLE)
    for i, c in enumerate(counts):
        if not re.fullmatch(r"\d+", c):
            raise tok.error(f"the strategy count {c!r} of player {i + 1} (\"{players[i]}\") in "
                            f"{shown} is not a whole number")
        if int(c) < 1:
            raise tok.error(f"player {i + 1} (\"{players[i]}\") has {c} strategies in {shown}: "
                            "every player needs at least one strategy")
    return [[str(k + 1) for k in range(int(c))] for c in counts]


def _ids(names: list[str]) -> list[str]:
    """Names as given, made unique (Gambit allows repeated or empty labels)."""
    out = []
    for k, name in enumerate(names):
        name = name or str(k + 1)
        while name in out:
            name = f"{name}_{k + 1}"
        out.append(name)
    return out


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def write(game: Game, outcomes: bool = True) -> str:
    """The game as ``.nfg`` text: outcome version by default, payoff version otherwise."""
    n = game.n_players
    head = [f"NFG 1 R {_quote(game.title)} {{ " +
            " ".join(_quote(game.player_label(i)) for i in range(n)) + " }"]
    # Profiles with the first player's strategy fastest.
    order = np.transpose(game.payoffs, tuple(range(n, 0, -1)) + (0,)).reshape(-1, n)
    if not outcomes:
        head.append("{ " + " ".join(str(s) for s in game.shape) + " }")
        head.append(_quote(game.source))
        head.append("")
        head.append(" ".join(_number(v) for v in order.ravel()))
        return "\n".join(head) + "\n"
    head.append("{")
    for i in range(n):
        head.append("{ " + " ".join(_quote(game.strategy_label(i, s))
                                    for s in range(game.shape[i])) + " }")
    head.append("}")
    head.append(_quote(game.source))
    names = (np.transpose(game.outcome_text, tuple(range(n - 1, -1, -1))).ravel()
             if game.outcome_text is not None else np.full(len(order), "", dtype=object))
    table: dict[tuple, int] = {}
    lines = ["{"]
    numbers = []
    for name, pay in zip(names, order):
        key = (str(name), tuple(pay.tolist()))
        if key not in table:
            table[key] = len(table) + 1
            lines.append(f"{{ {_quote(str(name))} " + ", ".join(_number(v) for v in pay) + " }")
        numbers.append(table[key])
    lines.append("}")
    return "\n".join(head + [""] + lines + [" ".join(map(str, numbers))]) + "\n"
