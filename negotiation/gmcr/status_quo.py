"""Status-quo analysis: where a conflict can evolve from a given state, and by which paths it
reaches the equilibria (Li, Kilgour & Hipel 2005; Xu, Kilgour, Hipel & Kemkes 2010).

The conflict evolves by steps, each a unilateral move — for *reachable by improvements* a
unilateral improvement, a move to a state its mover strictly prefers to the one it leaves — by
one decision maker, and **no decision maker moves twice in a row**: the coloured-path rule of Xu
et al. (2010), consecutive arcs of an evolution path have different colours (movers).
Optionally coalitions move too: a coalition step ``x → y`` by ``H`` takes ``y ∈ R_H^{++}(x)``
(a coalition improvement, :mod:`negotiation.gmcr.coalitions`), and a coalition is a mover of its
own, so it does not step twice in a row either.

Because the rule concerns the last mover, reachability is a breadth-first search over pairs
(state, last mover): where moves are not transitive, a state first reached by ``j`` may still
have to be left by ``j`` later, after another mover arrives there. The search is
level-synchronous and whole-array: level ``t`` holds, per mover, the states first reached in
``t`` steps with that last mover; each level is one ``step`` per mover
(:mod:`negotiation.gmcr.reachability`). One shortest path to each target is read back from the
distances, ties broken the same way every time: the last step by the lowest-numbered mover, each
predecessor the lowest-numbered state.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from negotiation.errors import InputError
from negotiation.gmcr.coalitions import CELL_LIMIT, GRAPH_LIMIT, all_coalitions
from negotiation.gmcr.graph import GraphModel
from negotiation.gmcr.reachability import ExplicitReach, OptionReach, reachability
from negotiation.gmcr.space import BIG
from negotiation.gmcr.stability import NOTIONS, coalition_reach, stability

__all__ = ["Evolution", "StatusQuo", "Step", "coalition_steps", "evolve", "joint_move",
           "shortest_path", "shortest_paths", "status_quo"]

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


@dataclass(frozen=True)
class StatusQuo:
    """Status-quo analysis of ``graph`` from ``start``: the two evolutions (by unilateral
    improvements, by any unilateral moves), the equilibria of each concept (``(n,)`` masks), one
    shortest improvement path to each equilibrium reachable by improvements (``paths``) and one
    shortest path by moves to each equilibrium reachable only by moves (``paths_by_moves``), and
    the coalitions that also took steps."""

    graph: GraphModel
    start: int
    by_improvements: Evolution
    by_moves: Evolution
    equilibria: dict[str, np.ndarray]
    paths: dict[int, list[Step]]
    paths_by_moves: dict[int, list[Step]]
    coalitions: tuple[tuple[int, ...], ...] = field(default=())

    def reachable(self, concept: str, by_moves: bool = False) -> np.ndarray:
        """The equilibria of ``concept`` reachable from the start (by improvements, or by any
        moves)."""
        return self.equilibria[concept] & (self.by_moves if by_moves
                                           else self.by_improvements).reachable


def coalition_steps(graph: GraphModel, members: tuple[int, ...],
                    explicit: bool = False) -> sparse.csr_matrix:
    """``M[y, x] = 1`` when ``y`` is a coalition improvement of ``members`` from ``x``, for
    every state ``x`` (within the limits of :mod:`negotiation.gmcr.coalitions`)."""
    reach, n = reachability(graph, explicit), graph.n
    lv = graph.levels[list(members)]
    rows, cols = [], []
    if isinstance(reach, ExplicitReach):
        if n > GRAPH_LIMIT:
            raise InputError(f"coalition steps need every state's reachable set: at most "
                             f"{GRAPH_LIMIT:,} states with explicit moves, not {n:,}",
                             argument="coalitions", file=graph.file or None,
                             fix="analyse unilateral steps only")
        sets = coalition_reach(graph, list(members))
        for a in range(0, n, 1024):
            block = np.arange(a, min(a + 1024, n))
            hit = np.unpackbits(sets[block].view(np.uint8), axis=1,
                                bitorder="little")[:, :n].astype(bool)
            hit &= np.all(lv[:, None, :] > lv[:, block, None], axis=0)
            x, y = np.nonzero(hit)
            rows.append(y)
            cols.append(block[x])
    else:
        width = sum(reach.space.owned[j].bit_count() for j in members)
        if n << width > CELL_LIMIT:
            raise InputError(f"coalition steps of {len(members)} decision makers with "
                             f"{width} options between them need {n << width:,} cells "
                             f"(limit {CELL_LIMIT:,})", argument="coalitions",
                             file=graph.file or None, fix="analyse unilateral steps only")
        for a in range(0, n, max(1, (1 << 24) >> width)):
            block = np.arange(a, min(a + max(1, (1 << 24) >> width), n))
            hit, state = reach.fibre_reach(members, block)
            safe = np.where(state >= 0, state, 0)
            for r in range(len(members)):
                hit &= (state >= 0) & (lv[r][safe] > lv[r, block][:, None])
            x, p = np.nonzero(hit)
            rows.append(state[x, p])
            cols.append(block[x])
    y, x = np.concatenate(rows), np.concatenate(cols)
    return sparse.csr_matrix((np.ones(len(y), dtype=np.int32), (y, x)), shape=(n, n))


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


def status_quo(graph: GraphModel, start: int | None = None,
               equilibria: Mapping[str, np.ndarray] | None = None,
               coalitions: bool | Sequence[tuple[int, ...]] = False,
               explicit: bool = False) -> StatusQuo:
    """Status-quo analysis from ``start`` (default: the model's status quo): the states
    reachable by unilateral improvements and by any unilateral moves, the equilibria of each
    concept (default: Nash, GMR, SMR, SEQ) reachable each way, and one shortest path to each.
    With ``coalitions`` (``True``: every coalition of two or more) coalition improvements are
    steps too."""
    if start is None:
        start = graph.status_quo
        if start is None:
            raise InputError("the model declares no status quo", argument="start",
                             file=graph.file or None,
                             fix="give the state to start from, or declare status_quo in "
                                 "[conflict]")
    if equilibria is None:
        eq = stability(graph, explicit).equilibria
        equilibria = {notion: eq[k] for k, notion in enumerate(NOTIONS)}
    groups = () if not coalitions else all_coalitions(graph.m) if coalitions is True \
        else tuple(tuple(c) for c in coalitions)
    steps = {h: coalition_steps(graph, h, explicit) for h in groups}
    reach = reachability(graph, explicit)
    by_improvements = evolve(reach, start, True, steps)
    by_moves = evolve(reach, start, False, steps)
    targets = np.flatnonzero(np.any([eq & by_moves.reachable for eq in equilibria.values()],
                                    axis=0)) if equilibria else np.zeros(0, dtype=np.int64)
    found = {}
    for evolution, chosen in (
            (by_improvements, targets[by_improvements.reachable[targets]]),
            (by_moves, targets[~by_improvements.reachable[targets]])):
        found[evolution.improving] = (
            {int(s): shortest_path(reach, evolution, int(s), steps) for s in chosen} if steps
            else shortest_paths(reach, evolution, chosen))
    return StatusQuo(graph, start, by_improvements, by_moves, dict(equilibria), found[True],
                     found[False], groups)
