"""A validated game tree flattened into numpy arrays (prefix order, derived arrays by level).

:func:`compile_game` checks an :class:`~negotiation.games.extensive.ExtensiveGame` (every problem
raises :class:`~negotiation.errors.ModelError` naming the node — by line for a ``.efg`` file, by
key path for a ``[tree]`` section — and the fix) and lists
its nodes in *prefix order* (a node, then the subtrees of its children in order: Gambit's order),
so that the subtree of node ``k`` is the index range ``[k, end[k])``. Per node the arrays hold the
kind, parent, the action index taken at the parent, the player and information set (``-1``
where none), the probability of the edge from the parent, the payoff accumulated along the path
(the sum of outcomes from the root, so a terminal's row is its payoff), the probability that
chance alone reaches the node, and ``own_seq[k, i]``: the global index of player ``i``'s last own
action on the path to ``k`` (``-1`` if none) — the sequence of the sequence form (von Stengel
1996). Derived arrays are computed level by level (nodes of equal depth at once).

Structure (perfect recall, subgames, cutting subtrees) is in
:mod:`negotiation.games.tree_structure`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from negotiation.errors import ModelError, did_you_mean
from negotiation.games.extensive import Chance, Decision, ExtensiveGame, Outcome, Terminal

__all__ = ["CHANCE", "DECISION", "TERMINAL", "Tree", "build_tree", "compile_game"]

TERMINAL, DECISION, CHANCE = 0, 1, 2
PROBABILITY_TOL = 1e-9


@dataclass(frozen=True, eq=False)
class Tree:
    """The flattened tree (see the module docstring). ``node_id``/``infoset_id`` map a tree cut
    out by :func:`restrict` back to the full game's indices."""

    players: tuple[str, ...]
    kind: np.ndarray
    parent: np.ndarray
    action: np.ndarray
    player: np.ndarray
    infoset: np.ndarray
    event: np.ndarray
    edge_prob: np.ndarray
    payoff: np.ndarray
    infoset_player: np.ndarray
    infoset_key: tuple[str, ...]
    infoset_label: tuple[str, ...]
    infoset_actions: tuple[tuple[str, ...], ...]
    event_actions: tuple[tuple[str, ...], ...]
    locations: tuple[str, ...]
    node_id: np.ndarray
    infoset_id: np.ndarray
    depth: np.ndarray
    end: np.ndarray
    levels: tuple[np.ndarray, ...]
    child_ptr: np.ndarray
    child_idx: np.ndarray
    reach: np.ndarray
    action_base: np.ndarray
    action_infoset: np.ndarray
    own_seq: np.ndarray
    file: str | None = None

    @property
    def n_players(self) -> int:
        return len(self.players)

    @property
    def n_nodes(self) -> int:
        return len(self.kind)

    @property
    def terminals(self) -> np.ndarray:
        return np.flatnonzero(self.kind == TERMINAL)

    @property
    def perfect_information(self) -> bool:
        """Every information set is a single node."""
        counts = np.bincount(self.infoset[self.infoset >= 0], minlength=len(self.infoset_key))
        return bool(np.all(counts == 1))

    def children(self, k: int) -> np.ndarray:
        return self.child_idx[self.child_ptr[k]:self.child_ptr[k + 1]]

    def edge_label(self, k: int) -> str:
        """The label of the action leading into node ``k``."""
        p = int(self.parent[k])
        if self.kind[p] == DECISION:
            return self.infoset_actions[self.infoset[p]][self.action[k]]
        return self.event_actions[self.event[p]][self.action[k]]

    def path(self, k: int) -> list[str]:
        """Action labels from the root to node ``k``."""
        out = []
        while self.parent[k] >= 0:
            out.append(self.edge_label(k))
            k = int(self.parent[k])
        return out[::-1]

    def where(self, k: int) -> str:
        """Where node ``k`` was read from (``"line 12"``, a key path), else
        ``"node root → a → b"``."""
        if self.locations[k]:
            return self.locations[k]
        return "node " + " → ".join(["root"] + self.path(k))

    def action_label(self, g: int) -> str:
        """``"infoset:action"`` for the global action index ``g``."""
        h = int(self.action_infoset[g])
        return f"{self.infoset_key[h]}:{self.infoset_actions[h][g - self.action_base[h]]}"


def _fail(message: str, where: str, fix: str, file: str | None) -> ModelError:
    return ModelError(message, file=file, key=where, fix=fix)


def compile_game(game: ExtensiveGame) -> Tree:
    """Validate ``game`` and flatten it in prefix order (see the module docstring)."""
    players = tuple(game.players)
    n = len(players)
    file = game.file
    if n < 1:
        raise ModelError("the game has no players", file=file, fix="name at least one player")
    for i, name in enumerate(players):
        if not name or players.index(name) != i:
            raise ModelError(f"player {i + 1} is named {name!r}, which is empty or repeated",
                            file=file, fix="give every player a distinct, non-empty name")
    index = {p: i for i, p in enumerate(players)}
    infosets: dict[tuple[int, str], int] = {}
    h_player: list[int] = []
    h_key: list[str] = []
    h_label: list[str] = []
    h_actions: list[tuple[str, ...]] = []
    h_first: list[str] = []
    events: dict[str, int] = {}
    e_actions: list[tuple[str, ...]] = []
    e_probs: list[tuple[float, ...]] = []
    rows: dict[str, list] = {k: [] for k in ("kind", "parent", "action", "player", "infoset",
                                             "event", "prob", "at")}
    own: list[tuple[float, ...] | None] = []
    labels: list[str] = []                     # edge labels, for locating errors
    stack: list[tuple[object, int, int, float, str]] = [(game.root, -1, -1, 1.0, "")]
    while stack:
        node, parent, act, prob, edge = stack.pop()
        k = len(rows["kind"])
        labels.append(edge)
        where = _where_building(node, k, rows["parent"], labels, parent)
        if not isinstance(node, Terminal | Decision | Chance):
            raise _fail(f"a child is a {type(node).__name__}, not a node", where,
                        "build nodes with leaf(), move() and chance()", file)
        own.append(_outcome(node.outcome, n, where, file))
        for key, value in zip(("parent", "action", "prob", "at"),
                              (parent, act, prob, getattr(node, "at", ""))):
            rows[key].append(value)
        player = h = e = -1
        if isinstance(node, Terminal):
            kind = TERMINAL
        else:
            kind = DECISION if isinstance(node, Decision) else CHANCE
            actions = tuple(node.actions)
            _check_actions(actions, len(node.children), where, file)
            if isinstance(node, Decision):
                if node.player not in index:
                    raise _fail(f"player {node.player!r} is not a player of the game"
                                + did_you_mean(node.player, players), where,
                                "use one of the game's player names", file)
                player = index[node.player]
                label = node.infoset if node.infoset_label is None else node.infoset_label
                h = infosets.setdefault((player, node.infoset), len(h_key))
                if h == len(h_key):
                    h_player.append(player)
                    h_key.append(node.infoset)
                    h_label.append(label)
                    h_actions.append(actions)
                    h_first.append(where)
                elif h_actions[h] != actions or h_label[h] != label:
                    raise _fail(
                        f"information set {node.infoset!r} of player {node.player!r} offers "
                        f"{list(actions)} here but {list(h_actions[h])} at {h_first[h]}"
                        + (f" (and is named {label!r} vs {h_label[h]!r})"
                           if h_label[h] != label else ""),
                        where, "nodes of one information set must offer the same actions in the "
                        "same order: give this node its own information set or align the actions",
                        file)
            else:
                probs = _check_probs(node.probs, len(actions), where, file)
                if node.event and node.event in events:
                    e = events[node.event]
                    if e_actions[e] != actions or not np.allclose(e_probs[e], probs, atol=1e-12):
                        raise _fail(f"chance event {node.event!r} has actions {list(actions)} "
                                    f"with probabilities {list(probs)} here but "
                                    f"{list(e_actions[e])} with {list(e_probs[e])} elsewhere",
                                    where, "chance nodes sharing an event must share its actions "
                                    "and probabilities", file)
                else:
                    e = len(e_actions)
                    if node.event:
                        events[node.event] = e
                    e_actions.append(actions)
                    e_probs.append(probs)
                for a in range(len(actions) - 1, -1, -1):
                    stack.append((node.children[a], k, a, probs[a], actions[a]))
            if isinstance(node, Decision):
                for a in range(len(actions) - 1, -1, -1):
                    stack.append((node.children[a], k, a, 1.0, actions[a]))
        rows["kind"].append(kind)
        rows["player"].append(player)
        rows["infoset"].append(h)
        rows["event"].append(e)
    own_payoff = np.array([o if o is not None else (0.0,) * n for o in own], dtype=float)
    return build_tree(players, np.array(rows["kind"], dtype=np.int8),
                      np.array(rows["parent"]), np.array(rows["action"]),
                      np.array(rows["player"]), np.array(rows["infoset"]),
                      np.array(rows["event"]), np.array(rows["prob"], dtype=float), own_payoff,
                      np.array(h_player, dtype=int), tuple(h_key), tuple(h_label),
                      tuple(h_actions), tuple(e_actions), tuple(rows["at"]), file=file)


def _where_building(node: object, k: int, parents: list[int], labels: list[str],
                    parent: int) -> str:
    at = getattr(node, "at", "")
    if at:
        return at
    path, p = [labels[k]] if parent >= 0 else [], parent
    while p > 0:
        path.append(labels[p])
        p = parents[p]
    return "node " + " → ".join(["root"] + path[::-1])


def _outcome(outcome: Outcome | None, n: int, where: str, file: str | None
             ) -> tuple[float, ...] | None:
    if outcome is None:
        return None
    pay = tuple(outcome.payoffs)
    if len(pay) != n:
        raise _fail(f"the outcome {outcome.label!r} has {len(pay)} payoffs for {n} players",
                    where, "give exactly one payoff per player, in player order", file)
    if not all(isinstance(v, int | float) and math.isfinite(v) for v in pay):
        raise _fail(f"the outcome {outcome.label!r} has a payoff that is not a finite number: "
                    f"{list(pay)}", where, "use finite numbers", file)
    return tuple(float(v) for v in pay)


def _check_actions(actions: tuple[str, ...], children: int, where: str, file: str | None) -> None:
    if not actions:
        raise _fail("a decision or chance node has no actions", where,
                    "give it at least one action, or make it a terminal node", file)
    if len(actions) != children:
        raise _fail(f"{len(actions)} actions but {children} children", where,
                    "give every action exactly one child", file)
    if any(not a for a in actions) or len(set(actions)) != len(actions):
        raise _fail(f"action labels {list(actions)} are empty or repeated", where,
                    "give every action of a node a distinct, non-empty label", file)


def _check_probs(probs: tuple[float, ...], k: int, where: str, file: str | None
                 ) -> tuple[float, ...]:
    if len(probs) != k:
        raise _fail(f"{len(probs)} probabilities for {k} actions", where,
                    "give one probability per chance action", file)
    if not all(isinstance(p, int | float) and math.isfinite(p) and p >= 0 for p in probs):
        raise _fail(f"chance probabilities {list(probs)} include a negative or non-finite "
                    "number", where, "use probabilities between 0 and 1", file)
    total = math.fsum(probs)
    if abs(total - 1.0) > PROBABILITY_TOL:
        raise _fail(f"chance probabilities {list(probs)} sum to {total:.12g}, not 1", where,
                    "make the probabilities at this chance node sum to 1 (rationals such as "
                    "1/3 are exact)", file)
    return tuple(float(p) for p in probs)


def build_tree(players: tuple[str, ...], kind: np.ndarray, parent: np.ndarray,
               action: np.ndarray, player: np.ndarray, infoset: np.ndarray, event: np.ndarray,
               edge_prob: np.ndarray, own_payoff: np.ndarray, infoset_player: np.ndarray,
               infoset_key: tuple[str, ...], infoset_label: tuple[str, ...],
               infoset_actions: tuple[tuple[str, ...], ...],
               event_actions: tuple[tuple[str, ...], ...], locations: tuple[str, ...],
               node_id: np.ndarray | None = None, infoset_id: np.ndarray | None = None,
               file: str | None = None) -> Tree:
    """A :class:`Tree` from per-node arrays in prefix order; derives the rest level by level."""
    size = len(kind)
    idx = np.arange(size)
    # Depth by pointer jumping (log of the depth many array steps).
    up = np.where(parent >= 0, parent, idx)
    depth = (parent >= 0).astype(np.int64)
    while np.any(up != up[up]):
        depth = depth + depth[up] * (up != up[up])
        up = up[up]
    order = np.argsort(depth, kind="stable")
    levels = tuple(np.split(order, np.cumsum(np.bincount(depth))[:-1]))
    subtree = np.ones(size, dtype=np.int64)
    for level in reversed(levels[1:]):
        np.add.at(subtree, parent[level], subtree[level])
    n_actions = np.array([len(a) for a in infoset_actions], dtype=np.int64)
    action_base = np.concatenate([[0], np.cumsum(n_actions)]).astype(np.int64)
    action_infoset = np.repeat(np.arange(len(n_actions)), n_actions)
    payoff = np.array(own_payoff, dtype=float)
    reach = np.array(edge_prob, dtype=float)
    own_seq = np.full((size, len(players)), -1, dtype=np.int64)
    for level in levels[1:]:
        up1 = parent[level]
        payoff[level] += payoff[up1]
        reach[level] *= reach[up1]
        own_seq[level] = own_seq[up1]
        moved = kind[up1] == DECISION
        rows, above = level[moved], up1[moved]
        own_seq[rows, player[above]] = action_base[infoset[above]] + action[rows]
    children = np.argsort(parent[1:], kind="stable") + 1
    child_ptr = np.concatenate([[0], np.cumsum(np.bincount(parent[1:], minlength=size))])
    return Tree(players, kind, parent, action, player, infoset, event, np.asarray(edge_prob),
                payoff, infoset_player, infoset_key, infoset_label, infoset_actions,
                event_actions, tuple(locations), idx if node_id is None else node_id,
                np.arange(len(infoset_key)) if infoset_id is None else infoset_id,
                depth, idx + subtree, levels, child_ptr, children, reach, action_base,
                action_infoset, own_seq, file)
