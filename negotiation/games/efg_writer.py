"""Writing Gambit ``.efg`` files (``EFG 2 R``); the format is described in
:mod:`negotiation.games.efg`.

Every description (information set, chance event, outcome) is written in full at every node, as
Gambit itself does; information sets are numbered per player and chance events and outcomes
globally, in order of first appearance; rational probabilities are written as exact fractions
(``1/3``), other numbers as integers or the shortest decimal that reads back to the same float.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from negotiation.games.extensive import Chance, Decision, ExtensiveGame, Node, Terminal

__all__ = ["dumps", "write"]


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _num(x: float, exact: bool = False) -> str:
    x = float(x)
    if x.is_integer():
        return str(int(x))
    if exact:
        frac = Fraction(x).limit_denominator(1_000_000)
        if float(frac) == x:
            return f"{frac.numerator}/{frac.denominator}"
    return repr(x)


def dumps(game: ExtensiveGame) -> str:
    """The game as ``.efg`` text (every description written in full)."""
    lines = [f"EFG 2 R {_quote(game.title)} {{ " + " ".join(_quote(p) for p in game.players)
             + " }", _quote(game.comment), ""]
    index = {p: i + 1 for i, p in enumerate(game.players)}
    infosets: dict[tuple[str, str], int] = {}
    counts: dict[str, int] = {}
    events: dict[str, int] = {}
    outcomes: dict[int, int] = {}
    stack: list[Node] = [game.root]
    while stack:
        node = stack.pop()
        if isinstance(node, Decision):
            key = (node.player, node.infoset)
            if key not in infosets:
                counts[node.player] = counts.get(node.player, 0) + 1
                infosets[key] = counts[node.player]
            label = node.infoset if node.infoset_label is None else node.infoset_label
            text = (f"p {_quote(node.label)} {index[node.player]} {infosets[key]} "
                    f"{_quote(label)} {{ " + " ".join(_quote(a) for a in node.actions) + " }")
        elif isinstance(node, Chance):
            key = node.event or f"\0{id(node)}"
            events.setdefault(key, len(events) + 1)
            label = node.event_label if node.event_label is not None else node.event
            text = (f"c {_quote(node.label)} {events[key]} {_quote(label)} {{ "
                    + " ".join(f"{_quote(a)} {_num(p, exact=True)}"
                               for a, p in zip(node.actions, node.probs)) + " }")
        else:
            text = f"t {_quote(node.label)}"
        if node.outcome is None:
            text += " 0"
        else:
            number = outcomes.setdefault(id(node.outcome), len(outcomes) + 1)
            text += (f" {number} {_quote(node.outcome.label)} {{ "
                     + ", ".join(_num(v) for v in node.outcome.payoffs) + " }")
        lines.append(text)
        if not isinstance(node, Terminal):
            stack.extend(reversed(node.children))
    return "\n".join(lines) + "\n"


def write(game: ExtensiveGame, path: str | Path) -> None:
    """Write the game to ``path`` as UTF-8 ``.efg`` text."""
    Path(path).write_text(dumps(game), encoding="utf-8")
