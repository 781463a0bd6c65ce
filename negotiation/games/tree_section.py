"""The ``[tree]`` section of a model file: an extensive-form game written as nested tables.

The other way to write a game tree than a Gambit ``.efg`` file (README, "Extensive-form games")::

    [tree]
    title = "Entry deterrence"
    players = ["entrant", "incumbent"]
    source = "Selten (1978)"

    [tree.root]                          # a decision node: player, optional infoset
    player = "entrant"
    [tree.root.actions.OUT]              # its actions in order, each a node
    payoffs = { entrant = 1, incumbent = 5 }
    [tree.root.actions.IN]
    player = "incumbent"
    [tree.root.actions.IN.actions.COOPERATIVE]
    payoffs = { entrant = 2, incumbent = 2 }
    [tree.root.actions.IN.actions.AGGRESSIVE]
    payoffs = [0, 0]                     # or a list in player order

A node is a *terminal* (``payoffs``, no ``actions``), a *decision* node (``player`` and
``actions``; ``infoset`` names its information set — nodes of one player sharing it cannot be
told apart — and defaults to the node's own path, e.g. ``"IN"`` or ``"root"``) or a *chance*
node (``player = "chance"``; each child carries ``probability``, a number or a rational such as
``"1/3"``; ``event`` optionally names a chance event shared by several nodes). ``payoffs`` on a
non-terminal node are added to every play through it (Gambit's incremental outcomes); ``label``
names a node. Errors name the key path (``tree.root.actions.IN.payoffs``) and the fix; the
structural checks (information sets, probabilities, perfect recall) are those of
:func:`negotiation.games.tree.compile_game`.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from negotiation.errors import ModelError, did_you_mean
from negotiation.games.extensive import Chance, Decision, ExtensiveGame, Node, Outcome, Terminal
from negotiation.games.tree import compile_game
from negotiation.model.core import Model
from negotiation.model.table import Table, check_number

__all__ = ["CHANCE_PLAYER", "TreeSpec", "parse"]

CHANCE_PLAYER = "chance"
MAX_DEPTH = 200


@dataclass(frozen=True)
class TreeSpec:
    """A game tree read from a ``[tree]`` section (``model.sections["tree"]``)."""

    game: ExtensiveGame
    source: str = ""
    rationale: str = ""
    description: str = ""


def parse(value: Any, model: Model) -> TreeSpec:
    """Parse the ``[tree]`` table of ``model``'s file (registered in ``negotiation.sections``)."""
    if not isinstance(value, Table):
        raise ModelError("expected a [tree] table", key="tree",
                         fix="write the game tree as a [tree] table (see README.md)")
    t = value
    players = t.raw("players")
    if (not isinstance(players, list) or not players
            or not all(isinstance(p, str) and p for p in players)):
        raise t.error("players", "expected a non-empty list of player names",
                      fix='write players = ["first", "second", ...]')
    for n, name in enumerate(players):
        if players.index(name) != n:
            raise t.error("players", f"'{name}' appears twice", fix="give every player its "
                          "own name")
        if name == CHANCE_PLAYER:
            raise t.error("players", f"'{CHANCE_PLAYER}' is reserved for chance nodes",
                          fix="give the player another name")
    root = _node(t.table("root", required=True), tuple(players), (), 0)
    game = ExtensiveGame(tuple(players), root, title=t.string("title", model.name),
                         comment=t.string("comment"), file=t.file)
    spec = TreeSpec(game, t.string("source"), t.string("rationale"), t.string("description"))
    t.finish()
    compile_game(game)                     # structural checks now, with the node's key path
    return spec


def _payoffs(t: Table, players: tuple[str, ...]) -> Outcome:
    value = t.raw("payoffs")
    if isinstance(value, list):
        if len(value) != len(players):
            raise t.error("payoffs", f"{len(value)} payoffs for {len(players)} players",
                          fix=f"give one payoff per player, in the order {list(players)}")
        return Outcome(tuple(check_number(v, t, f"payoffs[{n}]", -float("inf"), float("inf"))
                             for n, v in enumerate(value)))
    if not isinstance(value, dict):
        raise t.error("payoffs", "expected a table {player = payoff} or a list in player order",
                      fix="write payoffs = { " + ", ".join(f"{p} = 0" for p in players) + " }")
    sub = t.table("payoffs")
    for key in sub.data:
        if key not in players:
            raise sub.error(key, f"unknown player '{key}'{did_you_mean(key, players)}",
                            fix="key payoffs by the names in tree.players")
    missing = [p for p in players if p not in sub.data]
    if missing:
        raise sub.error(missing[0], f"no payoff for player '{missing[0]}'",
                        fix="give every player a payoff (0 for nothing)")
    return Outcome(tuple(sub.number(p) for p in players))


def _probability(t: Table) -> float:
    value = t.raw("probability")
    if value is None:
        raise t.missing("probability", fix="give every action of a chance node its probability "
                        '(a number, or a rational such as "1/3")')
    if isinstance(value, str):
        try:
            number = float(Fraction(value.strip()))
        except (ValueError, ZeroDivisionError):
            raise t.error("probability", f"'{value}' is not a number or a rational",
                          fix='write a number such as 0.25 or a rational such as "1/3"') from None
    else:
        number = check_number(value, t, "probability", 0.0, 1.0)
    if not 0.0 <= number <= 1.0:
        raise t.error("probability", f"{value} is not between 0 and 1",
                      fix="use a probability between 0 and 1")
    return number


def _node(t: Table, players: tuple[str, ...], path: tuple[str, ...], depth: int) -> Node:
    if depth > MAX_DEPTH:
        raise t.error(None, f"the tree is deeper than {MAX_DEPTH} levels",
                      fix="write deep games as a Gambit .efg file")
    label = t.string("label")
    has_actions = t.has("actions")
    outcome = _payoffs(t, players) if t.has("payoffs") else None
    t.raw("probability")                   # read by the parent
    if not has_actions:
        if outcome is None:
            raise t.error(None, "a terminal node needs payoffs",
                          fix="add payoffs = {player = value, ...}, or actions to make it a "
                              "decision or chance node")
        for key in ("player", "infoset", "event"):
            if t.has(key):
                raise t.error(key, f"'{key}' belongs to a node with actions; this node has none",
                              fix="add its actions, or remove the key")
        t.finish()
        return Terminal(outcome, label, t.path)
    player = t.string("player", required=True)
    actions_t = t.table("actions")
    if actions_t is None or not actions_t.data:
        raise t.error("actions", "a node's actions are empty",
                      fix="give it at least one action, or remove actions and give payoffs")
    names = list(actions_t.data)
    kids_t = [actions_t.table(a) for a in names]
    kids = tuple(_node(k, players, path + (a,), depth + 1) for a, k in zip(names, kids_t))
    actions_t.finish()
    if player == CHANCE_PLAYER:
        if t.has("infoset"):
            raise t.error("infoset", "a chance node has no information set",
                          fix="use event = \"...\" to share a chance event between nodes")
        probs = tuple(_probability(k) for k in kids_t)
        event = t.string("event")
        t.finish()
        return Chance(tuple(names), probs, kids, event, None, label, outcome, t.path)
    if player not in players:
        raise t.error("player", f"unknown player '{player}'{did_you_mean(player, players)}",
                      fix=f"use one of {list(players)}, or \"{CHANCE_PLAYER}\" for a chance node")
    for k in kids_t:
        if k.has("probability"):
            raise k.error("probability", "only the actions of a chance node have probabilities",
                          fix=f"remove it, or make the parent a chance node (player = "
                              f"\"{CHANCE_PLAYER}\")")
    infoset = t.string("infoset", "/".join(path) or "root")
    if t.has("event"):
        raise t.error("event", "only chance nodes have events",
                      fix="use infoset = \"...\" for a decision node's information set")
    t.finish()
    return Decision(player, infoset, tuple(names), kids, label, outcome, None, t.path)
