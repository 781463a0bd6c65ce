"""Evolution of a graph model: breadth-first search over (state, last mover), the rule that no
decision maker moves twice in a row (Xu, Kilgour, Hipel & Kemkes 2010: consecutive arcs of an
evolution path have different colours), and shortest paths read back from the distances.

Because the rule concerns the last mover, the search is over pairs (state, last mover): where
moves are not transitive, a state first reached by ``j`` may still have to be left by ``j``
later, after another mover arrives there. The search is level-synchronous and whole-array: level
``t`` holds, per mover, the states first reached in ``t`` steps with that last mover; each level
is one ``step`` per mover (:mod:`negotiation.gmcr.reachability`). Movers are the decision makers
and, optionally, coalitions taking joint steps (a step matrix each). One shortest path to each
target is read back from the distances, ties broken the same way every time: the last step by
the lowest-numbered mover, each predecessor the lowest-numbered state. Used by status-quo
analysis (:mod:`negotiation.gmcr.status_quo`) and to spell out a coalition's joint move as a
legal sequence of its members' moves (:func:`joint_move`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from negotiation.gmcr.graph import GraphModel
from negotiation.gmcr.reachability import ExplicitReach, OptionReach
from negotiation.gmcr.space import BIG

__all__ = ["Evolution", "Step", "evolve", "joint_move", "shortest_path", "shortest_paths"]

Step = tuple[tuple[int, ...], int, int]     # (mover: its members, from, to)
Reach = ExplicitReach | OptionReach


@dataclass(frozen=True)
class Evolution:
    """``distance[r, y]``: the fewest steps from ``start`` to ``y`` ending with a step of
    ``movers[r]`` (``-1``: not so reachable). ``parent[r, y]``: the lowest-numbered state from
    which that last step comes (kept when the search can record it on arrival, else ``None``)."""

    start: int
    movers: tuple[tuple[int, ...], ...]
    distance: np.ndarray
    improving: bool
    parent: np.ndarray | None = None

    @property
    def reachable(self) -> np.ndarray:
        """``start`` and every state some legal path reaches."""
        out = (self.distance >= 0).any(axis=0)
        out[self.start] = True
        return out

    def steps_to(self, y: int) -> int:
        """The length of a shortest path to ``y`` (0 for the start, -1 if unreachable)."""
        row = self.distance[:, y]
        return 0 if y == self.start else int(row[row >= 0].min()) if (row >= 0).any() else -1


def evolve(reach: Reach, start: int, improving: bool = True,
           steps: Mapping[tuple[int, ...], sparse.csr_matrix] | None = None) -> Evolution:
    """Breadth-first search over (state, last mover) from ``start`` (module docstring); the
    movers are the decision makers, then the coalitions of ``steps`` (coalition → its step
    matrix, :func:`coalition_steps`)."""
    extra = dict(steps or {})
    movers = tuple((j,) for j in range(reach.m)) + tuple(extra)
    count, n = len(movers), reach.n
    distance = np.full((count, n), -1, dtype=np.int32)
    # improvement paths in option form: record the lowest-numbered predecessor on arrival
    track = improving and isinstance(reach, OptionReach) and not extra
    parent = np.full((count, n), -1, dtype=np.int32) if track else None
    index = np.arange(n, dtype=np.int64)
    frontier = np.zeros((count, n), dtype=bool)
    origin = np.zeros(n, dtype=bool)
    origin[start] = True
    level = 0
    while True:
        level += 1
        total = frontier.sum(axis=0, dtype=np.int32)
        new = np.zeros_like(frontier)
        for j in range(count):
            source = origin if level == 1 else (total - frontier[j]) > 0
            if not source.any():
                continue
            if track:
                best = reach.space.better(j, np.where(source, index, BIG), "min", sense="in")
                reached = (best < BIG) & (distance[j] < 0)
                parent[j, reached] = best[reached]
            elif j < reach.m:
                reached = reach.step(j, source, improving)
            else:
                reached = (extra[movers[j]] @ source.astype(np.int32)) > 0
            reached &= distance[j] < 0
            distance[j, reached] = level
            new[j] = reached
        if not new.any():
            break
        frontier = new
    return Evolution(start, movers, distance, improving, parent)


def _predecessors(reach: Reach, evolution: Evolution, r: int, y: int,
                  steps: Mapping[tuple[int, ...], sparse.csr_matrix]) -> np.ndarray:
    if r < reach.m:
        return reach.predecessors(r, y, evolution.improving)
    return np.sort(steps[evolution.movers[r]].getrow(y).indices)


def shortest_path(reach: Reach, evolution: Evolution, target: int,
                  steps: Mapping[tuple[int, ...], sparse.csr_matrix] | None = None
                  ) -> list[Step] | None:
    """One shortest evolution path ``[(mover, from, to), ...]`` from the start to ``target``
    (``[]`` for the start itself, ``None`` if unreachable), read back from the distances."""
    if target == evolution.start:
        return []
    row = evolution.distance[:, target]
    if not (row >= 0).any():
        return None
    d = int(row[row >= 0].min())
    r = int(np.flatnonzero(row == d)[0])
    path, y = [], target
    while d > 0:
        preds = _predecessors(reach, evolution, r, y, steps or {})
        if d == 1:
            x, previous = evolution.start, -1
        else:
            others = np.delete(np.arange(len(evolution.movers)), r)
            ok = evolution.distance[np.ix_(others, preds)] == d - 1
            col = int(np.flatnonzero(ok.any(axis=0))[0])
            x, previous = int(preds[col]), int(others[np.flatnonzero(ok[:, col])[0]])
        path.append((evolution.movers[r], int(x), int(y)))
        y, r, d = x, previous, d - 1
    return path[::-1]


def shortest_paths(reach: Reach, evolution: Evolution,
                   targets: np.ndarray) -> dict[int, list[Step]]:
    """:func:`shortest_path` for many targets at once (the same choices), whole-array in option
    form: one decision maker's predecessors of a batch of states are the codes ``y ^ d`` for
    the subsets ``d`` of its options, checked together."""
    targets = np.asarray(targets, dtype=np.int64)
    dist, start, top = evolution.distance, evolution.start, np.iinfo(np.int32).max
    d = np.where(dist[:, targets] >= 0, dist[:, targets], top).min(axis=0).astype(np.int64)
    d[targets == start] = 0
    keep = d < top
    targets, d = targets[keep], d[keep]
    if not isinstance(reach, OptionReach) or len(evolution.movers) > reach.m:
        return {int(t): shortest_path(reach, evolution, int(t)) for t in targets}
    space, count = reach.space, len(evolution.movers)
    y = targets.copy()
    mover = np.where(d > 0, np.argmax(dist[:, targets] == d, axis=0), -1)
    steps: list[tuple[np.ndarray, int, np.ndarray, np.ndarray]] = []
    while (d > 0).any():
        for j in range(count):
            sel = np.flatnonzero((d > 0) & (mover == j))
            if not len(sel):
                continue
            if evolution.parent is not None:
                x = evolution.parent[j, y[sel]].astype(np.int64)
            else:
                subsets = space.submasks(j)
                cand_code = space.codes[y[sel]][:, None] ^ subsets[None, :]
                cand = space.lookup[cand_code]
                ok = (cand >= 0) & ((cand_code & subsets[None, :] & space.irreversible) == 0)
                cand = np.where(ok, cand, 0)
                if evolution.improving:
                    ok &= space.levels[j][cand] < space.levels[j][y[sel]][:, None]
                dd = d[sel][:, None]
                others = (dist[:, cand] == (dd - 1)[None]) & (np.arange(count) != j)[:, None,
                                                                                     None]
                ok &= np.where(dd == 1, cand == start, others.any(axis=0))
                x = np.where(ok, cand, space.n).min(axis=1)     # lowest-numbered predecessor
            prev = np.where(d[sel] == 1, -1, np.argmax(
                (dist[:, x] == d[sel] - 1) & (np.arange(count) != j)[:, None], axis=0))
            steps.append((sel, j, x, y[sel].copy()))
            y[sel], mover[sel], d[sel] = x, prev, d[sel] - 1
    out: dict[int, list[Step]] = {int(t): [] for t in targets}
    for sel, j, x, to in reversed(steps):     # the last steps were found first
        for r, a, b in zip(sel.tolist(), x.tolist(), to.tolist()):
            out[int(targets[r])].append(((j,), a, b))
    return out


def joint_move(graph: GraphModel, members: Sequence[int], s: int, t: int,
               explicit: bool = False) -> list[Step]:
    """A shortest legal sequence of the members' unilateral moves from ``s`` to ``t`` (nobody
    twice in a row): how a coalition carries out a joint move (``[]`` if ``t`` is out of
    reach). In option form the search stays within the states that agree with ``s`` outside
    the members' options."""
    members = tuple(members)
    if graph.space is not None and not explicit:
        sub, states = graph.space.fibre(s, members)
        local = OptionReach(sub)
        a, b = np.searchsorted(states, s), np.searchsorted(states, t)
        if b >= len(states) or states[b] != t:
            return []
        path = shortest_path(local, evolve(local, int(a), improving=False), int(b)) or []
        return [((members[who[0]],), int(states[x]), int(states[y])) for who, x, y in path]
    # only the members move: the others' move lists are left empty
    moves = [graph.moves[j] if j in members else np.zeros((0, 2), dtype=np.int64)
             for j in range(graph.m)]
    reach = ExplicitReach(GraphModel(graph.states, graph.labels, graph.dms, graph.dm_labels,
                                     moves, graph.levels))
    return shortest_path(reach, evolve(reach, s, improving=False), t) or []
