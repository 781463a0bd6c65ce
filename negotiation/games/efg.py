"""Gambit's extensive-game file format (``.efg``, version ``EFG 2 R``): read and write.

The format (Gambit documentation, "The extensive game (.efg) file format", doc/formats.efg.rst of
gambitproject/gambit) is a whitespace-separated token stream: a prologue
``EFG 2 R "title" { "Player 1" "Player 2" } "optional comment"``, then the nodes in *prefix
order* (a node, then its children's subtrees in order), one of::

    c "node name" EVENT ["event name" { "a" 1/2 "b" 1/2 }] OUTCOME ["outcome name" { u1, u2 }]
    p "node name" PLAYER INFOSET ["infoset name" { "a" "b" }] OUTCOME [...]
    t "node name" OUTCOME ["outcome name" { u1, u2 }]

Information sets are numbered per player, chance events among themselves, outcomes globally;
outcome 0 is the null outcome (no name, no payoffs). The bracketed descriptions are required the
first time a number appears and optional afterwards; a repeated description must match the first.
Outcomes at non-terminal nodes add to the payoffs of every play through them. Numbers are
integers, decimals or rationals (``1/3``); commas between payoffs are optional.

Reading accepts UTF-8 with or without a byte-order mark and falls back to Latin-1 (Gambit's
older files); every error names the line and the fix. Names the data model needs distinct
(players; actions of one information set) are numbered where empty or repeated, with a note.
Information sets are keyed by their name when it is unique within the player, else ``#N``
(``name#N``) from their number. :func:`write` writes every description in full at every node, as
Gambit does; rational probabilities are written as exact fractions.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from negotiation.errors import ModelError
from negotiation.games.efg_writer import dumps, write
from negotiation.games.extensive import Chance, Decision, ExtensiveGame, Node, Outcome, Terminal

__all__ = ["dumps", "parse", "read", "write"]

_TOKEN = re.compile(r'(?P<lead>\s*)(?:(?P<string>"(?:[^"\\]|\\.)*")|(?P<brace>[{}])|'
                    r'(?P<comma>,)|(?P<word>[^\s{}",]+)|(?P<bad>")|$)', re.S)
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?(/\d+)?$")
_FIX = "check the file against Gambit's .efg format (EFG 2 R; see docs/games.md)"


@dataclass
class _Tok:
    kind: str
    value: str
    line: int


class _Reader:
    def __init__(self, text: str, file: str) -> None:
        self.file = file
        self.items: list[_Tok] = []
        line = 1
        for match in _TOKEN.finditer(text):
            line += match.group("lead").count("\n")
            kind = match.lastgroup
            if kind == "lead" or kind is None:
                continue
            value = match.group(kind)
            if kind == "bad":
                raise self.error("a quoted name is never closed", line, "close it with '\"'")
            if kind == "string":
                inner = value[1:-1]
                if "\\" in inner:
                    inner = re.sub(r"\\(.)", r"\1", inner)
                self.items.append(_Tok(kind, inner, line))
                line += value.count("\n")
            elif kind != "comma":
                self.items.append(_Tok(kind, value, line))
        self.pos = 0

    def error(self, message: str, line: int | None = None, fix: str = _FIX) -> ModelError:
        if line is None:
            tok = self.peek()
            line = tok.line if tok else (self.items[-1].line if self.items else 1)
        return ModelError(message, file=self.file, key=f"line {line}", fix=fix)

    def peek(self) -> _Tok | None:
        return self.items[self.pos] if self.pos < len(self.items) else None

    def take(self, kind: str, what: str, value: str | None = None) -> _Tok:
        tok = self.peek()
        if tok is None or tok.kind != kind or (value is not None and tok.value != value):
            got = "the end of the file" if tok is None else repr(tok.value)
            raise self.error(f"expected {what}, found {got}")
        self.pos += 1
        return tok

    def number(self, what: str) -> tuple[float, str]:
        tok = self.take("word", what)
        if not _NUMBER.match(tok.value):
            raise self.error(f"expected {what}, found {tok.value!r}", tok.line)
        try:
            value = float(Fraction(tok.value)) if "/" in tok.value else float(tok.value)
        except (ZeroDivisionError, OverflowError, ValueError):
            value = math.inf
        if not math.isfinite(value):
            raise self.error(f"{what} {tok.value!r} is not a finite number", tok.line)
        return value, tok.value

    def integer(self, what: str, low: int) -> int:
        tok = self.take("word", what)
        if not tok.value.isdigit() or int(tok.value) < low:
            raise self.error(f"expected {what} (an integer ≥ {low}), found {tok.value!r}",
                             tok.line)
        return int(tok.value)

    def at_string(self) -> bool:
        tok = self.peek()
        return tok is not None and tok.kind == "string"


def read(path: str | Path) -> ExtensiveGame:
    """Read a ``.efg`` file (UTF-8 with or without BOM, else Latin-1)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ModelError("no such file", file=str(path), fix="check the path") from None
    except OSError as err:
        raise ModelError(f"cannot read the file ({err})", file=str(path)) from None
    notes: list[str] = []
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            text = raw[3:].decode("utf-8")
        except UnicodeDecodeError as err:
            raise ModelError(f"the file starts with a UTF-8 byte-order mark but is not UTF-8 "
                            f"({err.reason} at byte {err.start + 3})", file=str(path),
                            fix="save the file as UTF-8") from None
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
            notes.append("read as Latin-1 (the file is not valid UTF-8)")
    game = parse(text, file=str(path))
    game.notes = tuple(notes) + game.notes
    return game


@dataclass
class _Raw:
    kind: str
    line: int
    name: str
    player: int = 0
    number: int = 0
    outcome: int = 0


def parse(text: str, file: str = "<efg>") -> ExtensiveGame:
    """Parse the text of a ``.efg`` file into an :class:`ExtensiveGame`."""
    tok = _Reader(text, file)
    head = tok.take("word", "'EFG' at the start")
    if head.value != "EFG":
        raise tok.error("not an extensive game file: it must begin with 'EFG'", head.line,
                        "use an .efg file (a strategic game in .nfg format is read elsewhere)")
    version = tok.take("word", "the version number 2")
    if version.value != "2":
        raise tok.error(f"version {version.value!r} is not supported", version.line,
                        "only 'EFG 2 R' files are read (Gambit has written version 2 since "
                        "the 1990s; re-save the file with Gambit)")
    if tok.take("word", "'R' after the version").value not in ("R", "D"):
        raise tok.error("expected 'R' after the version number", version.line)
    title = tok.take("string", "the game's title in double quotes").value
    tok.take("brace", "'{' opening the list of players", "{")
    players: list[str] = []
    while tok.at_string():
        players.append(tok.take("string", "a player name").value)
    tok.take("brace", "'}' closing the list of players (names in double quotes)", "}")
    if not players:
        raise tok.error("the game has no players", fix="list the players: { \"A\" \"B\" }")
    comment = tok.take("string", "").value if tok.at_string() else ""
    notes: list[str] = []
    players = _distinct(players, "Player", notes, "player names")
    n = len(players)
    raws: list[_Raw] = []
    infosets: dict[tuple[int, int], tuple[str, tuple[str, ...], int]] = {}
    events: dict[int, tuple[str, tuple[str, ...], tuple[float, ...], int]] = {}
    outcomes: dict[int, tuple[Outcome, int]] = {}
    pending = 1                                      # nodes still expected
    while pending:
        node_tok = tok.peek()
        if node_tok is None:
            raise tok.error(f"the file ends inside the tree: {pending} more node(s) expected",
                            fix="complete the tree: every action of a 'p' or 'c' node needs "
                            "a child node listed after it")
        kind = tok.take("word", "a node type 'p', 'c' or 't'").value
        if kind not in ("p", "c", "t"):
            raise tok.error(f"expected a node type 'p', 'c' or 't', found {kind!r}",
                            node_tok.line)
        raw = _Raw(kind, node_tok.line, tok.take("string", "the node's name in quotes").value)
        pending -= 1
        if kind == "p":
            raw.player = tok.integer("a player number", 1)
            if raw.player > n:
                raise tok.error(f"player {raw.player} does not exist (the game has {n})",
                                node_tok.line, "use a player number from 1 to "
                                f"{n}, in the order of the list of players")
            raw.number = tok.integer("an information set number", 1)
            key = (raw.player, raw.number)
            if tok.at_string():
                label = tok.take("string", "").value
                actions = tuple(t.value for t in _strings(tok, "actions"))
                if not actions:
                    raise tok.error("an information set has no actions", node_tok.line,
                                    "list at least one action, or make the node terminal")
                if key in infosets and infosets[key][:2] != (label, actions):
                    raise tok.error(
                        f"information set {raw.number} of player {raw.player} is declared as "
                        f"{label!r} {list(actions)} here but as {infosets[key][0]!r} "
                        f"{list(infosets[key][1])} at line {infosets[key][2]}", node_tok.line,
                        "repeat the first declaration exactly, or omit it")
                infosets.setdefault(key, (label, actions, raw.line))
            elif tok.peek() is not None and tok.peek().value == "{":
                raise tok.error("the information set's name is missing before its actions",
                                node_tok.line, "write a name in quotes (\"\" for none) before "
                                "the actions, or omit both name and actions")
            elif key not in infosets:
                raise tok.error(f"information set {raw.number} of player {raw.player} is used "
                                "before its name and actions are given", node_tok.line,
                                "describe it (\"name\" { \"a\" \"b\" }) where it first appears")
            pending += len(infosets[key][1])
        elif kind == "c":
            raw.number = tok.integer("a chance event number", 1)
            if tok.at_string():
                label = tok.take("string", "").value
                tok.take("brace", "'{' opening the chance actions", "{")
                acts, probs = [], []
                while tok.at_string():
                    acts.append(tok.take("string", "").value)
                    probs.append(tok.number("the action's probability")[0])
                tok.take("brace", "'}' closing the chance actions (\"action\" probability …)",
                         "}")
                if not acts:
                    raise tok.error("a chance node has no actions", node_tok.line,
                                    "list its actions with their probabilities")
                total = math.fsum(probs)
                if min(probs) < 0 or abs(total - 1) > 1e-9:
                    raise tok.error(f"chance probabilities {probs} "
                                    + ("include a negative number" if min(probs) < 0
                                       else f"sum to {total:.12g}, not 1"), node_tok.line,
                                    "make them non-negative and sum to 1 (write 1/3 for a "
                                    "third: rationals are exact)")
                entry = (label, tuple(acts), tuple(probs), raw.line)
                if raw.number in events and events[raw.number][:3] != entry[:3]:
                    raise tok.error(f"chance event {raw.number} is declared differently at "
                                    f"line {events[raw.number][3]}", node_tok.line,
                                    "repeat the first declaration exactly, or omit it")
                events.setdefault(raw.number, entry)
            elif tok.peek() is not None and tok.peek().value == "{":
                raise tok.error("the chance event's name is missing before its actions",
                                node_tok.line, "write a name in quotes (\"\" for none) first")
            elif raw.number not in events:
                raise tok.error(f"chance event {raw.number} is used before its actions and "
                                "probabilities are given", node_tok.line,
                                "describe it where it first appears")
            pending += len(events[raw.number][1])
        raw.outcome = tok.integer("an outcome number (0 for none)", 0)
        if tok.at_string():
            if raw.outcome == 0:
                raise tok.error("outcome 0 is the null outcome and takes no name or payoffs",
                                node_tok.line, "number the outcome from 1, or drop its name "
                                "and payoffs")
            label = tok.take("string", "").value
            tok.take("brace", "'{' opening the payoffs", "{")
            pay = []
            while tok.peek() is not None and tok.peek().kind == "word":
                pay.append(tok.number("a payoff")[0])
            tok.take("brace", "'}' closing the payoffs", "}")
            if len(pay) != n:
                raise tok.error(f"outcome {raw.outcome} has {len(pay)} payoffs for {n} players",
                                node_tok.line, "give one payoff per player, in player order")
            old = outcomes.get(raw.outcome)
            if old is not None and (old[0].label, old[0].payoffs) != (label, tuple(pay)):
                raise tok.error(f"outcome {raw.outcome} is declared differently at line "
                                f"{old[1]}", node_tok.line,
                                "repeat the first declaration exactly, or omit it")
            outcomes.setdefault(raw.outcome, (Outcome(tuple(pay), label), raw.line))
        elif tok.peek() is not None and tok.peek().value == "{":
            raise tok.error("the outcome's name is missing before its payoffs", node_tok.line,
                            "write a name in quotes (\"\" for none) before the payoffs")
        elif raw.outcome and raw.outcome not in outcomes:
            raise tok.error(f"outcome {raw.outcome} is used before its payoffs are given",
                            node_tok.line, "give its name and payoffs where it first appears")
        raws.append(raw)
    if tok.peek() is not None:
        extra = tok.peek()
        raise tok.error(f"unexpected {extra.value!r} after the last node: the tree was already "
                        f"complete at line {raws[-1].line}", extra.line,
                        "remove the extra text, or check the number of actions of the nodes "
                        "above")
    root = _assemble(raws, players, infosets, events, outcomes, notes)
    return ExtensiveGame(tuple(players), root, title, comment, file, tuple(notes))


def _strings(tok: _Reader, what: str) -> list[_Tok]:
    tok.take("brace", f"'{{' opening the {what}", "{")
    out = []
    while tok.at_string():
        out.append(tok.take("string", ""))
    tok.take("brace", f"'}}' closing the {what} (names in double quotes)", "}")
    return out


def _distinct(names: list[str] | tuple[str, ...], stem: str, notes: list[str], what: str
              ) -> list[str]:
    out: list[str] = []
    for k, name in enumerate(names):
        new = name or f"{stem} {k + 1}".strip()
        while new in out:
            new = f"{new}_{k + 1}"
        out.append(new)
    if out != list(names):
        notes.append(f"{what} {list(names)} made distinct and non-empty: {out}")
    return out


def _assemble(raws: list[_Raw], players: list[str], infosets: dict, events: dict,
              outcomes: dict, notes: list[str]) -> Node:
    """Build the node objects from the prefix-order records."""
    uses = Counter((p, label) for (p, _num), (label, _a, _l) in infosets.items())
    keys = {}
    for (p, num), (label, _a, _l) in infosets.items():
        unique = bool(label) and uses[(p, label)] == 1
        keys[(p, num)] = label if unique else (f"{label}#{num}" if label else f"#{num}")
    acts = {k: tuple(_distinct(v[1], "", notes, f"actions of information set {keys[k]!r}"))
            for k, v in infosets.items()}
    stack: list[tuple[_Raw, list[Node], int]] = []
    done: Node | None = None
    for raw in raws:
        out = outcomes[raw.outcome][0] if raw.outcome else None
        if raw.kind == "t":
            node: Node | None = Terminal(out, raw.name, f"line {raw.line}")
        else:
            count = len(infosets[(raw.player, raw.number)][1] if raw.kind == "p"
                        else events[raw.number][1])
            stack.append((raw, [], count))
            node = None
        while node is not None:
            if not stack:
                done = node
                break
            stack[-1][1].append(node)
            top, kids, count = stack[-1]
            if len(kids) < count:
                break
            stack.pop()
            out = outcomes[top.outcome][0] if top.outcome else None
            if top.kind == "p":
                key = (top.player, top.number)
                node = Decision(players[top.player - 1], keys[key], acts[key], tuple(kids),
                                top.name, out, infosets[key][0], f"line {top.line}")
            else:
                label, names, probs, _ = events[top.number]
                node = Chance(tuple(_distinct(names, "", notes, "chance actions")), probs,
                              tuple(kids), f"#{top.number}", label, top.name, out,
                              f"line {top.line}")
    assert done is not None
    return done
