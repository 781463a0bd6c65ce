"""Structure of a game tree: perfect recall, subgames, and cutting out subtrees.

- *Perfect recall* (Kuhn 1953; Osborne & Rubinstein 1994, §11.1.3): every node of an information
  set follows the same own last action of its player (which, by induction, fixes the player's
  whole own history), and no information set holds a node and its descendant
  (absent-mindedness, Piccione & Rubinstein 1997). Checked with the ``own_seq`` array: equal
  minimum and maximum per information set; nesting by the prefix-order ranges.
- A *subgame* (Selten 1965, 1975) starts at a non-terminal node ``r`` whose information set is a
  singleton and whose subtree ``[r, end[r])`` contains every information set it touches whole:
  the first and last node of every information set met in the subtree lie inside it (subtree
  minima and maxima are gathered level by level).
- :func:`restrict` cuts a subtree out of a tree, optionally replacing the subgames below by
  leaves (the fold-back step of subgame-perfect equilibrium).
"""

from __future__ import annotations

import numpy as np

from negotiation.errors import ModelError
from negotiation.games.tree import CHANCE, DECISION, TERMINAL, Tree, build_tree

__all__ = ["recall_violations", "require_perfect_recall", "restrict", "subgame_roots"]


def recall_violations(tree: Tree) -> list[str]:
    """Where perfect recall fails: one sentence per offending information set."""
    dec = np.flatnonzero(tree.kind == DECISION)
    out: list[str] = []
    if not len(dec):
        return out
    h = tree.infoset[dec]
    seq = tree.own_seq[dec, tree.player[dec]]
    first = np.full(len(tree.infoset_key), np.iinfo(np.int64).max)
    last = np.full(len(tree.infoset_key), -2)
    np.minimum.at(first, h, seq)
    np.maximum.at(last, h, seq)
    by_set = dec[np.lexsort((dec, h))]
    hs = tree.infoset[by_set]
    nested = (hs[1:] == hs[:-1]) & (by_set[1:] < tree.end[by_set[:-1]])
    for k in np.flatnonzero(nested):
        a, b = int(by_set[k]), int(by_set[k + 1])
        out.append(f"information set {tree.infoset_key[hs[k]]!r} of player "
                   f"{tree.players[tree.player[a]]!r} contains {tree.where(a)} and its "
                   f"descendant {tree.where(b)} (absent-mindedness)")
    for bad in np.flatnonzero(first != last):
        members = dec[h == bad]
        s = tree.own_seq[members, tree.infoset_player[bad]]
        a, b = int(members[np.argmin(s)]), int(members[np.argmax(s)])
        if any(tree.infoset_key[bad] in line for line in out):
            continue
        out.append(f"player {tree.players[tree.infoset_player[bad]]!r} forgets her own moves at "
                   f"information set {tree.infoset_key[bad]!r}: {tree.where(a)} follows her "
                   f"{_seq_text(tree, int(s.min()))} but {tree.where(b)} follows her "
                   f"{_seq_text(tree, int(s.max()))}")
    return out


def _seq_text(tree: Tree, g: int) -> str:
    return "first move" if g < 0 else f"move {tree.action_label(g)!r}"


def require_perfect_recall(tree: Tree) -> None:
    """Raise :class:`~negotiation.errors.ModelError` unless the game has perfect recall."""
    bad = recall_violations(tree)
    if bad:
        raise ModelError("the game does not have perfect recall: " + "; ".join(bad),
                        file=tree.file, fix="split the information set so that its nodes share "
                        "the player's own history (equilibrium analysis by subgames and the "
                        "reduced normal form assume perfect recall)")


def subgame_roots(tree: Tree) -> np.ndarray:
    """Boolean mask of the nodes where a subgame starts (the root always does)."""
    idx = np.arange(tree.n_nodes)
    dec = tree.kind == DECISION
    spare = len(tree.infoset_key)                   # a dummy slot for nodes without one
    h = np.where(dec, tree.infoset, spare)
    count = np.bincount(h, minlength=spare + 1)
    first = np.full(spare + 1, tree.n_nodes)
    last = np.full(spare + 1, -1)
    np.minimum.at(first, h, idx)
    np.maximum.at(last, h, idx)
    lo = np.where(dec, first[h], idx)
    hi = np.where(dec, last[h], idx)
    for level in reversed(tree.levels[1:]):
        np.minimum.at(lo, tree.parent[level], lo[level])
        np.maximum.at(hi, tree.parent[level], hi[level])
    singleton = ~dec | (count[h] == 1)
    return (tree.kind != TERMINAL) & singleton & (lo >= idx) & (hi < tree.end)


def restrict(tree: Tree, root: int, cuts: np.ndarray | None = None) -> Tree:
    """The subtree at ``root`` with the subtrees below each node of ``cuts`` removed (those nodes
    become leaves). Leaves keep the accumulated payoff of the full tree; chance probabilities and
    own sequences are recomputed from ``root``."""
    cuts = np.asarray([] if cuts is None else cuts, dtype=np.int64)
    mark = np.zeros(tree.n_nodes + 1, dtype=np.int64)
    np.add.at(mark, cuts + 1, 1)
    np.add.at(mark, tree.end[cuts], -1)
    keep = np.cumsum(mark[:-1]) == 0
    keep[:root] = False
    keep[tree.end[root]:] = False
    sel = np.flatnonzero(keep)
    new = np.full(tree.n_nodes, -1)
    new[sel] = np.arange(len(sel))
    kind = tree.kind[sel].copy()
    is_cut = np.isin(sel, cuts)
    kind[is_cut] = TERMINAL
    parent = new[tree.parent[sel]]
    parent[0] = -1
    infoset = np.where(kind == DECISION, tree.infoset[sel], -1)
    present = np.unique(infoset[infoset >= 0])
    remap = np.full(len(tree.infoset_key), -1)
    remap[present] = np.arange(len(present))
    event = np.where(kind == CHANCE, tree.event[sel], -1)
    edge = tree.edge_prob[sel].copy()
    edge[0] = 1.0
    own = np.where((kind == TERMINAL)[:, None], tree.payoff[sel], 0.0)
    return build_tree(
        tree.players, kind, parent, np.where(parent >= 0, tree.action[sel], -1),
        np.where(kind == DECISION, tree.player[sel], -1),
        np.where(infoset >= 0, remap[np.maximum(infoset, 0)], -1), event, edge, own,
        tree.infoset_player[present], tuple(tree.infoset_key[h] for h in present),
        tuple(tree.infoset_label[h] for h in present),
        tuple(tree.infoset_actions[h] for h in present), tree.event_actions,
        tuple(tree.locations[k] for k in sel),
        tree.node_id[sel], tree.infoset_id[present], tree.file)
