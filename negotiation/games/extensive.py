"""Extensive-form games as trees of decision, chance and terminal nodes (the user's view).

An extensive-form game (Kuhn 1953; Osborne & Rubinstein 1994, ch. 6 and 11) is a finite rooted
tree whose non-terminal nodes belong either to a player (*decision* nodes) or to chance (*chance*
nodes, whose outgoing actions carry probabilities). A player's decision nodes are partitioned into
*information sets*: nodes the player cannot tell apart when moving, which therefore offer the same
actions. Terminal nodes carry a payoff for every player.

Payoffs are attached through *outcomes*, as in Gambit: an :class:`Outcome` may sit on any node,
and a play's payoff is the sum of the outcomes on its path (non-terminal outcomes are incremental
payoffs, e.g. a stage payoff). The same :class:`Outcome` object may be shared by several nodes.

Information sets are named by a key that is unique within their player (``infoset``); chance
nodes may share a chance *event* key, in which case they share actions and probabilities (Gambit's
chance information sets). Action keys must be unique and non-empty within a node, because
strategies are reported as ``{information set: action}``.

Build games with :func:`leaf`, :func:`move` and :func:`chance`::

    entry = ExtensiveGame(("entrant", "incumbent"), move("entrant", "enter?", {
        "out": leaf(0, 2),
        "in": move("incumbent", "respond", {"fight": leaf(-1, -1), "accommodate": leaf(1, 1)}),
    }))

:func:`negotiation.games.tree.compile_game` validates a game and flattens it into arrays; games
are read from Gambit ``.efg`` files (:mod:`negotiation.games.efg`) or a model file's ``[tree]``
section (:mod:`negotiation.games.tree_section`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

__all__ = ["Chance", "Decision", "ExtensiveGame", "Node", "Outcome", "Terminal", "chance",
           "leaf", "move"]


@dataclass(frozen=True, eq=False)
class Outcome:
    """Payoffs to every player (in player order), with an optional label."""

    payoffs: tuple[float, ...]
    label: str = ""


@dataclass(eq=False)
class Terminal:
    """A terminal node; a missing outcome means payoff 0 to everyone (plus outcomes above it)."""

    outcome: Outcome | None = None
    label: str = ""
    at: str = ""                     # where it was read from ("line 12", a key path), for errors


@dataclass(eq=False)
class Decision:
    """A decision node of ``player`` in information set ``infoset`` (a key unique per player).

    ``infoset_label`` is the information set's display name (defaults to the key).
    """

    player: str
    infoset: str
    actions: tuple[str, ...]
    children: tuple[Node, ...]
    label: str = ""
    outcome: Outcome | None = None
    infoset_label: str | None = None
    at: str = ""


@dataclass(eq=False)
class Chance:
    """A chance node: ``actions[k]`` is taken with probability ``probs[k]``.

    Chance nodes with the same non-empty ``event`` key share actions and probabilities.
    """

    actions: tuple[str, ...]
    probs: tuple[float, ...]
    children: tuple[Node, ...]
    event: str = ""
    event_label: str | None = None
    label: str = ""
    outcome: Outcome | None = None
    at: str = ""


Node = Terminal | Decision | Chance


@dataclass(eq=False)
class ExtensiveGame:
    """A game tree with its players (names, in order), title and comment.

    ``file`` names where the game was read from (for error messages); ``notes`` records what the
    reader changed (e.g. empty action labels numbered).
    """

    players: tuple[str, ...]
    root: Node
    title: str = ""
    comment: str = ""
    file: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)


def leaf(*payoffs: float, label: str = "", outcome_label: str = "") -> Terminal:
    """A terminal node with the given payoffs, one per player in player order."""
    return Terminal(Outcome(tuple(float(p) for p in payoffs), outcome_label), label)


def move(player: str, infoset: str, actions: Mapping[str, Node], label: str = "",
         outcome: Sequence[float] | None = None) -> Decision:
    """A decision node; ``actions`` maps each action key to its child, in order."""
    extra = Outcome(tuple(float(p) for p in outcome)) if outcome is not None else None
    return Decision(player, infoset, tuple(actions), tuple(actions.values()), label, extra)


def chance(actions: Mapping[str, tuple[float, Node]], event: str = "", label: str = "",
           outcome: Sequence[float] | None = None) -> Chance:
    """A chance node; ``actions`` maps each action key to ``(probability, child)``, in order."""
    extra = Outcome(tuple(float(p) for p in outcome)) if outcome is not None else None
    return Chance(tuple(actions), tuple(float(p) for p, _ in actions.values()),
                  tuple(child for _, child in actions.values()), event, None, label, extra)
