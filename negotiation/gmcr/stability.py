"""Stability of every state for every decision maker — Nash (R), general metarationality
(GMR), symmetric metarationality (SMR), sequential stability (SEQ) — and the equilibria, for any
number of decision makers.

Notation (Fang, Hipel & Kilgour 1993, *Interactive Decision Making*, ch. 3–4). For decision
maker ``i`` and state ``s``: ``R_i(s)`` are the states ``i`` reaches in one move, ``R_i⁺(s)`` those
it prefers to ``s`` (its unilateral improvements), ``Φ_i^≃(s) = {t : s ≿_i t}`` the states it
likes no more than ``s``. For a coalition ``H`` (here always ``N − i``, everybody else),
``R_H(s)`` are the states reachable by a *legal sequence* of moves by members of ``H``: any
member may move any number of times, but **never twice in a row** (two consecutive moves by one
decision maker are not one of its moves). ``R_H⁺(s)`` is the same with every move a unilateral
improvement for its mover, from the state it moves from. Then ``s`` is, for ``i``,

- **Nash** when ``R_i⁺(s) = ∅``;
- **GMR** when every ``s₁ ∈ R_i⁺(s)`` has a sanction: ``R_{N−i}(s₁) ∩ Φ_i^≃(s) ≠ ∅``;
- **SMR** when every ``s₁ ∈ R_i⁺(s)`` has a sanction ``s₂ ∈ R_{N−i}(s₁) ∩ Φ_i^≃(s)`` from which
  ``i`` cannot escape: ``R_i(s₂) ∩ Φ_i⁺(s) = ∅``;
- **SEQ** when every ``s₁ ∈ R_i⁺(s)`` has a credible sanction: ``R⁺_{N−i}(s₁) ∩ Φ_i^≃(s) ≠ ∅``.

An equilibrium under a notion is a state stable under it for every decision maker.

**Algorithm.** Each notion asks, for each improvement ``s → s₁``, whether the others can reach
from ``s₁`` a state whose value ``v`` is at most ``i``'s level of ``s``, with ``v`` the level of
``i`` (GMR, SEQ) or its *escape level* ``max(level(w), max_{R_i(w)} level)`` (SMR). So it suffices
to know, for every state ``x``, the minimum of ``v`` over ``{x} ∪ R_H(x)``. The legal-sequence
rule is a reachability question in a product graph whose nodes remember the last mover: node
``(y, k)`` "arrived at ``y`` by a move of ``k``" and hub node ``[x, k]`` "``k`` is about to move
from ``x``", with edges ``[x, k] → (y, k)`` for each move of ``k`` and ``(x, j) → [x, k]`` for
``j ≠ k`` — ``O(Σ_k |A_k| + n·|H|²)`` edges, no ``n × n`` matrix. (After the focal ``i`` has
moved, any member may move next: the hubs ``[x, k]`` are the starting points.) The least value
reachable from every node is one shortest-path computation from a sink (:func:`reach_min`).
Coalition analysis (:mod:`negotiation.gmcr.coalitions`) needs whole reachable sets: bitsets
OR-ed over the condensation of the strongly connected components, pushed from the sinks upwards
a layer at a time.

**Option form** needs no product graph: each decision maker's move relation is transitive there
(:mod:`negotiation.gmcr.space`), so ``{x} ∪ R_H(x)`` is the closure of ``x`` under the members'
moves and its least value a fixed point of block reductions
(:meth:`~negotiation.gmcr.space.OptionSpace.reach_min`). With ``low(x)`` the least level of
``i`` there, ``s`` is GMR-unstable for ``i`` exactly when some move ``s → s₁`` of ``i`` has
``low(s₁) > level_i(s)`` (such an ``s₁`` is an improvement, as ``low(s₁) ≤ level_i(s₁)``): one
block maximum. SEQ is the same with credible sanctions; SMR uses the escape level and the
improvement-restricted maximum.

>>> from negotiation.gmcr.graph import GraphModel
>>> import numpy as np
>>> # Prisoner's Dilemma; states CC, DC, CD, DD (first letter: player 1)
>>> g = GraphModel(("CC", "DC", "CD", "DD"), ("",) * 4, ("p1", "p2"), ("1", "2"),
...     (np.array([[0, 1], [1, 0], [2, 3], [3, 2]]), np.array([[0, 2], [2, 0], [1, 3], [3, 1]])),
...     np.array([[2, 3, 0, 1], [2, 0, 3, 1]]))
>>> result = stability(g)
>>> [[g.states[s] for s in np.flatnonzero(result.equilibria[k])] for k in range(4)]
[['DD'], ['CC', 'DD'], ['CC', 'DD'], ['CC', 'DD']]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse import csgraph

from negotiation.gmcr.graph import GraphModel
from negotiation.gmcr.space import OptionSpace

__all__ = ["LETTERS", "NOTIONS", "SHORT", "TITLES", "Stability", "coalition_reach",
           "improvements", "option_stability", "pack", "product_graph", "reach_min",
           "reach_sets", "stability", "unsanctioned"]

NOTIONS = ("nash", "gmr", "smr", "seq")
LETTERS = {"nash": "R", "gmr": "G", "smr": "S", "seq": "Q"}
TITLES = {"nash": "Nash (R)", "gmr": "general metarationality (GMR)",
          "smr": "symmetric metarationality (SMR)", "seq": "sequential stability (SEQ)"}
SHORT = {"nash": "Nash", "gmr": "GMR", "smr": "SMR", "seq": "SEQ"}
BIG = np.iinfo(np.int64).max


@dataclass(frozen=True)
class Stability:
    """``stable[k, i, s]``: state ``s`` is stable for decision maker ``i`` under notion
    ``NOTIONS[k]``."""

    graph: GraphModel
    stable: np.ndarray

    @property
    def equilibria(self) -> np.ndarray:
        """``(4, n)``: stable for every decision maker."""
        return self.stable.all(axis=1)

    def states(self, notion: str, dm: int | None = None) -> list[int]:
        """State numbers stable for ``dm`` (or equilibria when ``dm`` is None) under ``notion``."""
        k = NOTIONS.index(notion)
        row = self.equilibria[k] if dm is None else self.stable[k, dm]
        return np.flatnonzero(row).tolist()


def improvements(graph: GraphModel, i: int) -> np.ndarray:
    """Which of ``i``'s moves are unilateral improvements for ``i``."""
    src, dst = graph.moves[i].T
    return graph.levels[i, dst] > graph.levels[i, src]


def stability(graph: GraphModel, explicit: bool = False) -> Stability:
    """Stability of every state for every decision maker under the four notions: by block
    reductions in option form, by the product graph of explicit moves otherwise (or when
    ``explicit``; both give the same answer)."""
    if graph.space is not None and not explicit:
        return Stability(graph, option_stability(graph.space))
    usable = [improvements(graph, i) for i in range(graph.m)]
    stable = np.stack([dm_stability(graph, i, usable) for i in range(graph.m)], axis=1)
    return Stability(graph, stable)


def option_stability(space: OptionSpace) -> np.ndarray:
    """``(4, m, n)`` stability in option form (module docstring), no move list anywhere."""
    out = np.zeros((4, space.m, space.n), dtype=bool)
    for i in range(space.m):
        lv = space.levels[i] + 1                  # ≥ 1: 0 is "no move" for maxima
        others = [k for k in range(space.m) if k != i]
        best = space.reduce(i, lv, "max")        # max(level, max over R_i): the escape level
        out[0, i] = best <= lv
        out[1, i] = space.reduce(i, space.reach_min(others, lv), "max") <= lv
        out[2, i] = space.better(i, space.reach_min(others, best), "max") <= lv
        credible = space.reach_min(others, lv, improving=True)
        out[3, i] = space.reduce(i, credible, "max") <= lv
    return out


def dm_stability(graph: GraphModel, i: int, usable: Sequence[np.ndarray]) -> np.ndarray:
    """``(4, n)`` stability for decision maker ``i``; ``usable[k]`` marks the moves of ``k``
    that count as improvements (for ``i`` itself and in sanctions under SEQ)."""
    n, lv = graph.n, graph.levels[i]
    src, dst = graph.moves[i].T
    escape = lv.copy()
    np.maximum.at(escape, src, lv[dst])
    others = [k for k in range(graph.m) if k != i]
    every = [np.ones(len(graph.moves[k]), dtype=bool) for k in others]
    lowest = reach_min(graph, others, every, np.stack([lv, escape]))
    credible = reach_min(graph, others, [usable[k] for k in others], lv[None])
    s, s1 = src[usable[i]], dst[usable[i]]
    level = lv[s]

    def unsanctioned(bad: np.ndarray) -> np.ndarray:
        return np.bincount(s[bad], minlength=n) == 0

    return np.stack([unsanctioned(np.ones(len(s), dtype=bool)),
                     unsanctioned(lowest[0, s1] > level),
                     unsanctioned(lowest[1, s1] > level),
                     unsanctioned(credible[0, s1] > level)])


def unsanctioned(graph: GraphModel, i: int, s: int,
                 usable: Sequence[np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """For each notion, the improvements of ``i`` from ``s`` that nothing deters: the reasons
    ``s`` is unstable for ``i`` (all empty when it is stable). Direct, for one state."""
    usable = usable if usable is not None else [improvements(graph, k) for k in range(graph.m)]
    lv = graph.levels[i]
    src, dst = graph.moves[i].T
    moves = dst[(src == s) & usable[i]]
    others = [k for k in range(graph.m) if k != i]
    if not len(moves):
        return {notion: moves for notion in NOTIONS}
    every = [np.ones(len(graph.moves[k]), dtype=bool) for k in others]
    reach = reach_sets(graph, others, every, moves)
    credible = reach_sets(graph, others, [usable[k] for k in others], moves)
    worst = lv.copy()
    np.maximum.at(worst, src, lv[dst])
    low, trapped = lv <= lv[s], worst <= lv[s]
    return {"nash": moves, "gmr": moves[~(reach & low).any(axis=1)],
            "smr": moves[~(reach & trapped).any(axis=1)],
            "seq": moves[~(credible & low).any(axis=1)]}


# --------------------------------------------------------------------- coalition reachability


def product_graph(graph: GraphModel, members: Sequence[int],
                  usable: Sequence[np.ndarray]) -> tuple[int, np.ndarray, np.ndarray]:
    """The last-mover product graph of coalition ``members`` (see the module docstring).

    Node ``p·n + y`` is "arrived at ``y`` by a move of ``members[p]``" and ``(h + p)·n + x`` is
    the hub "``members[p]`` is about to move from ``x``" (``h = len(members)``). Returns the
    number of nodes and the edge arrays.
    """
    n, h = graph.n, len(members)
    src, dst = [], []
    for p, (k, ok) in enumerate(zip(members, usable)):
        a, b = graph.moves[k][ok].T
        src.append((h + p) * n + a)
        dst.append(p * n + b)
    states = np.arange(n)
    for p in range(h):
        for q in range(h):
            if p != q:
                src.append(p * n + states)
                dst.append((h + q) * n + states)
    if not src:
        return 2 * h * n, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return 2 * h * n, np.concatenate(src).astype(np.int64), np.concatenate(dst).astype(np.int64)


def distinct(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (a plain sort: faster than ``np.unique`` on large integer arrays
    in NumPy 2.x, which hashes)."""
    values = np.sort(values)
    return values[np.concatenate([[True], values[1:] != values[:-1]])] if len(values) else values


def _ranges(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The concatenation of ``range(a, b)`` for each pair."""
    lengths = ends - starts
    offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
    return offsets + np.arange(lengths.sum())


def _condense(nodes: int, src: np.ndarray, dst: np.ndarray):
    """Strong components and the edges between them, grouped by target, with layer pointers."""
    adjacency = sparse.csr_matrix((np.ones(len(src), dtype=bool), (src, dst)),
                                  shape=(nodes, nodes))
    count, label = csgraph.connected_components(adjacency, directed=True, connection="strong")
    a, b = label[src], label[dst]
    keep = a != b
    key = distinct(a[keep].astype(np.int64) * count + b[keep])
    a, b = key // count, key % count
    order = np.argsort(b, kind="stable")
    a, b = a[order], b[order]
    pointer = np.concatenate([[0], np.cumsum(np.bincount(b, minlength=count))])
    return count, label, a, b, pointer


def _push_up(count: int, a: np.ndarray, b: np.ndarray, pointer: np.ndarray, combine) -> None:
    """Visit the condensation from its sinks upwards, layer by layer, calling
    ``combine(predecessors, successors)`` on the edges into each finished layer."""
    remaining = np.bincount(a, minlength=count)
    layer = np.flatnonzero(remaining == 0)
    while layer.size:
        edges = _ranges(pointer[layer], pointer[layer + 1])
        if edges.size == 0:
            break
        pred, succ = a[edges], b[edges]
        combine(pred, succ)
        np.subtract.at(remaining, pred, 1)
        candidates = distinct(pred)
        layer = candidates[remaining[candidates] == 0]


def reach_min(graph: GraphModel, members: Sequence[int], usable: Sequence[np.ndarray],
              values: np.ndarray) -> np.ndarray:
    """``(c, n)``: for each row of ``values`` and each state ``x``, the minimum over ``{x} ∪
    R_H(x)`` (moves restricted to ``usable``), ``H = members``, the first mover any member.

    A shortest-path problem: reverse the product graph's edges (weight 0) and add a sink with
    an edge of weight ``value(y)`` to every arrival node ``(y, k)``; the distance from the sink
    to a hub ``[x, k]`` is then the least value reachable from it. One Dijkstra run per row
    (``scipy.sparse.csgraph``, in C), however deep the graph; levels are small integers, so the
    floating-point distances are exact.
    """
    n, h = graph.n, len(members)
    values = np.atleast_2d(values).astype(np.int64)
    nodes, src, dst = product_graph(graph, members, usable)
    arrival = np.arange(h * n)
    rows = np.concatenate([dst, np.full(h * n, nodes)])
    cols = np.concatenate([src, arrival])
    out = np.empty_like(values)
    for c, row in enumerate(values):
        base = row.min()
        weight = np.concatenate([np.zeros(len(src)), np.tile(row - base, h).astype(float)])
        reverse = sparse.csr_matrix((weight, (rows, cols)), shape=(nodes + 1, nodes + 1))
        distance = csgraph.dijkstra(reverse, directed=True, indices=nodes)
        hubs = distance[h * n: 2 * h * n].reshape(h, n).min(axis=0)
        best = np.full(n, BIG, dtype=np.int64)
        found = np.isfinite(hubs)
        best[found] = np.rint(hubs[found]).astype(np.int64) + base
        out[c] = np.minimum(row, best)
    return out


def reach_sets(graph: GraphModel, members: Sequence[int], usable: Sequence[np.ndarray],
               starts: Sequence[int]) -> np.ndarray:
    """``(len(starts), n)`` boolean: ``R_H(x)`` for each start ``x`` (breadth-first search in
    the product graph; used for a few states at a time)."""
    n, h = graph.n, len(members)
    nodes, src, dst = product_graph(graph, members, usable)
    adjacency = sparse.csr_matrix((np.ones(len(src), dtype=bool), (src, dst)),
                                  shape=(nodes, nodes))
    out = np.zeros((len(starts), n), dtype=bool)
    for r, x in enumerate(starts):
        seen = np.zeros(nodes, dtype=bool)
        for p in range(h):
            seen[csgraph.breadth_first_order(adjacency, (h + p) * n + x,
                                             return_predecessors=False)] = True
        out[r] = seen[: h * n].reshape(h, n).any(axis=0)
    return out


# ---------------------------------------------------------------------------- coalitions


def pack(rows: np.ndarray) -> np.ndarray:
    """Boolean rows as 64-bit words, bit ``y % 64`` of word ``y // 64`` for column ``y``."""
    packed = np.packbits(rows, axis=1, bitorder="little")
    pad = (-packed.shape[1]) % 8
    packed = np.pad(packed, ((0, 0), (0, pad)))
    return np.ascontiguousarray(packed).view("<u8")


def coalition_reach(graph: GraphModel, members: Sequence[int]) -> np.ndarray:
    """``(n, W)`` packed sets ``R_H(x)`` for every state ``x`` (OR-propagation of bitsets over
    the condensation of the product graph)."""
    n, h = graph.n, len(members)
    nodes, src, dst = product_graph(graph, members, [np.ones(len(graph.moves[k]), dtype=bool)
                                                     for k in members])
    count, label, a, b, pointer = _condense(nodes, src, dst)
    words = -(-n // 64)
    sets = np.zeros((count, words), dtype=np.uint64)
    arrival = np.arange(h * n)
    y = arrival % n
    np.bitwise_or.at(sets, (label[arrival], y // 64),
                     np.left_shift(np.uint64(1), (y % 64).astype(np.uint64)))
    _push_up(count, a, b, pointer, lambda p, s: np.bitwise_or.at(sets, p, sets[s]))
    hubs = label[h * n + np.arange(h * n)].reshape(h, n)
    out = np.zeros((n, words), dtype=np.uint64)
    for p in range(h):
        out |= sets[hubs[p]]
    return out
