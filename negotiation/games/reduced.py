"""The reduced normal form of a game tree, and the passage between mixed and behaviour strategies.

A pure strategy of player ``i`` picks one action at each of her information sets. Two pure
strategies that differ only at information sets her own choices already exclude are equivalent
for every opponent and every payoff; the *reduced* normal form keeps one strategy per class, a
*plan* that specifies actions exactly at the information sets its own earlier actions do not
exclude (Kuhn 1953; Osborne & Rubinstein 1994, §11.2; von Stengel 1996 on the sequence form).

Under perfect recall each information set ``h`` of player ``i`` has a well-defined *parent
sequence*: the player's own last action before it (or none). Plans are enumerated bottom-up over
this sequence tree: the plans below an action are the product of the plans of the information
sets that follow it, and the plans of an information set the union over its actions.

A plan ``s`` is *consistent* with a leaf ``z`` when it prescribes player ``i``'s last own action
on the path to ``z`` (perfect recall makes that the whole own history), so
``C_i[s, z] = [plan_s(h_z) = a_z]``, and the reduced normal form is
``U[p, s_1, …, s_n] = Σ_z w_z u_p(z) Π_i C_i[s_i, z]`` (``w_z`` the chance probability of ``z``):
one ``einsum``. Kuhn's theorem turns a mixed strategy over plans into a behaviour strategy:
``b(h, a) = σ({s : s(h) = a}) / σ({s : s specifies h})`` (undefined, ``NaN``, when ``σ`` itself
excludes ``h``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from negotiation.errors import ModelError
from negotiation.games.tree import TERMINAL, Tree
from negotiation.games.tree_structure import require_perfect_recall

__all__ = ["MAX_CELLS", "MAX_PLANS", "Plans", "ReducedForm", "TooLarge", "behaviour_from_mixed",
           "consistency", "expected_payoffs", "plans", "player_actions", "realisation",
           "reduced_normal_form", "tensor"]

MAX_PLANS = 200_000          # plans per player
MAX_CELLS = 20_000_000       # entries of a reduced normal form tensor


class TooLarge(ModelError):
    """The reduced normal form exceeds :data:`MAX_PLANS` or :data:`MAX_CELLS`."""


@dataclass(frozen=True)
class Plans:
    """Player ``player``'s reduced strategies: ``table[s, j]`` is the action (index within the
    information set) that plan ``s`` takes at information set ``infosets[j]``, ``-1`` where the
    plan's own earlier actions exclude it."""

    player: int
    infosets: np.ndarray
    table: np.ndarray

    def labels(self, tree: Tree) -> list[str]:
        """One label per plan: its actions in information-set order, ``*`` where excluded."""
        return ["/".join(tree.infoset_actions[h][a] if a >= 0 else "*"
                         for h, a in zip(self.infosets, row)) or "(no move)"
                for row in self.table]

    def as_dict(self, tree: Tree, s: int) -> dict[str, str | None]:
        return {tree.infoset_key[h]: (tree.infoset_actions[h][a] if a >= 0 else None)
                for h, a in zip(self.infosets, self.table[s])}


def plans(tree: Tree, i: int, limit: int = MAX_PLANS) -> Plans:
    """Every reduced strategy (plan) of player ``i``; the game must have perfect recall."""
    own = np.flatnonzero(tree.infoset_player == i)
    if not len(own):
        return Plans(i, own, np.zeros((1, 0), dtype=np.int64))
    local = np.full(len(tree.infoset_key), -1)
    local[own] = np.arange(len(own))
    dec = np.flatnonzero(tree.infoset >= 0)
    first = np.full(len(tree.infoset_key), tree.n_nodes)
    np.minimum.at(first, tree.infoset[dec], dec)
    parent_seq = tree.own_seq[first[own], i]
    width = len(own)
    empty = np.full((1, width), -1, dtype=np.int64)
    below: dict[int, np.ndarray] = {}
    for j in np.argsort(-first[own], kind="stable"):    # deepest first: children before parents
        h = own[j]
        blocks = []
        for a in range(len(tree.infoset_actions[h])):
            g = tree.action_base[h] + a
            block = _product([below[int(c)] for c in np.flatnonzero(parent_seq == g)], empty,
                             limit, tree, i)
            block = block.copy()
            block[:, j] = a
            blocks.append(block)
        below[j] = np.vstack(blocks)
        if len(below[j]) > limit:
            raise _too_many(tree, i, len(below[j]), limit)
    table = _product([below[int(c)] for c in np.flatnonzero(parent_seq < 0)], empty, limit,
                     tree, i)
    return Plans(i, own, table)


def _product(parts: list[np.ndarray], empty: np.ndarray, limit: int, tree: Tree, i: int
             ) -> np.ndarray:
    out = empty
    for part in parts:
        if len(out) * len(part) > limit:
            raise _too_many(tree, i, len(out) * len(part), limit)
        out = np.maximum(out[:, None, :], part[None, :, :]).reshape(-1, out.shape[1])
    return out


def _too_many(tree: Tree, i: int, count: int, limit: int) -> TooLarge:
    return TooLarge(f"player {tree.players[i]!r} has at least {count:,} reduced strategies "
                    f"(limit {limit:,})", file=tree.file,
                    fix="solve by subgames (backward induction) instead of the whole reduced "
                    "normal form, or shrink the tree")


def consistency(tree: Tree, plan: Plans, leaves: np.ndarray) -> np.ndarray:
    """``(S_i, Z)`` booleans: plan ``s`` prescribes player ``i``'s own moves to leaf ``z``."""
    if not len(plan.infosets):
        return np.ones((len(plan.table), len(leaves)), dtype=bool)
    g = tree.own_seq[leaves, plan.player]
    moved = g >= 0
    h = tree.action_infoset[np.maximum(g, 0)]
    local = np.minimum(np.searchsorted(plan.infosets, h), len(plan.infosets) - 1)
    a = g - tree.action_base[h]
    return (plan.table[:, local] == a[None, :]) | ~moved[None, :]


def tensor(weights: np.ndarray, leaf_payoffs: np.ndarray, cons: list[np.ndarray]) -> np.ndarray:
    """``Σ_z w_z u(z) Π_i C_i[s_i, z]``: shape ``(…, n, S_1, …, S_k)`` for leaf payoffs of shape
    ``(…, Z, n)`` (leading axes, e.g. one per combination of subgame values, are kept)."""
    letters = "abcdefghijklmnoqrstuvwxy"
    if len(cons) > len(letters):
        raise TooLarge(f"{len(cons)} players is too many for the reduced normal form",
                       fix="solve by subgames instead")
    subs = letters[:len(cons)]
    spec = "...zp,z," + ",".join(f"{c}z" for c in subs) + "->...p" + subs
    cells = int(np.prod([len(c) for c in cons])) * leaf_payoffs.shape[-1]
    cells *= int(np.prod(leaf_payoffs.shape[:-2]))
    if cells > MAX_CELLS:
        raise TooLarge(f"the reduced normal form would have {cells:,} entries "
                       f"(limit {MAX_CELLS:,})", fix="solve by subgames instead")
    return np.einsum(spec, leaf_payoffs, weights, *[c.astype(float) for c in cons],
                     optimize=True)


@dataclass(frozen=True)
class ReducedForm:
    """The reduced normal form: plans per player and the payoff tensor ``(n, S_1, …, S_n)``."""

    tree: Tree
    plans: tuple[Plans, ...]
    payoffs: np.ndarray

    def labels(self) -> list[list[str]]:
        return [p.labels(self.tree) for p in self.plans]


def reduced_normal_form(tree: Tree) -> ReducedForm:
    """The reduced normal form of the whole game (perfect recall required)."""
    require_perfect_recall(tree)
    leaves = np.flatnonzero(tree.kind == TERMINAL)
    all_plans = tuple(plans(tree, i) for i in range(tree.n_players))
    cons = [consistency(tree, p, leaves) for p in all_plans]
    return ReducedForm(tree, all_plans, tensor(tree.reach[leaves], tree.payoff[leaves], cons))


def behaviour_from_mixed(tree: Tree, plan: Plans, sigma: np.ndarray) -> np.ndarray:
    """Kuhn's behaviour strategy of a mixture over plans: one probability per action of the
    player's information sets (``tree.action_base`` order restricted to hers), ``NaN`` at
    information sets the mixture itself excludes."""
    out = []
    for j, h in enumerate(plan.infosets):
        col = plan.table[:, j]
        den = sigma @ (col >= 0)
        k = len(tree.infoset_actions[h])
        num = np.array([sigma @ (col == a) for a in range(k)])
        out.append(num / den if den > 1e-15 else np.full(k, np.nan))
    return np.concatenate(out) if out else np.zeros(0)


def player_actions(tree: Tree, plan: Plans) -> np.ndarray:
    """Global action indices of the player's information sets, in ``plan.infosets`` order."""
    parts = [np.arange(tree.action_base[h], tree.action_base[h + 1]) for h in plan.infosets]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def realisation(tree: Tree, behaviour: np.ndarray) -> np.ndarray:
    """Probability of reaching every node under a behaviour profile (one probability per global
    action; ``NaN`` is read as 0 — it only stands at information sets that are not reached)."""
    beh = np.nan_to_num(np.asarray(behaviour, dtype=float), nan=0.0)
    beh = np.append(beh, 1.0)             # a sentinel for edges out of chance nodes
    real = np.ones(tree.n_nodes)
    for level in tree.levels[1:]:
        up = tree.parent[level]
        moved = tree.infoset[up] >= 0
        g = np.where(moved, tree.action_base[np.maximum(tree.infoset[up], 0)]
                     + tree.action[level], len(beh) - 1)
        step = np.where(moved, beh[g], tree.edge_prob[level])
        real[level] = real[up] * step
    return real


def expected_payoffs(tree: Tree, behaviour: np.ndarray) -> np.ndarray:
    """Expected payoff of every player under a behaviour profile."""
    leaves = tree.terminals
    return realisation(tree, behaviour)[leaves] @ tree.payoff[leaves]
