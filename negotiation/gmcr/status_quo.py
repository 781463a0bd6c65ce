"""Status-quo analysis: where a conflict can evolve from a given state, and by which paths it
reaches the equilibria (Li, Kilgour & Hipel 2005; Xu, Kilgour, Hipel & Kemkes 2010).

The conflict evolves by steps, each a unilateral move — for *reachable by improvements* a
unilateral improvement, a move to a state its mover strictly prefers to the one it leaves — by
one decision maker, and **no decision maker moves twice in a row** (the search over (state, last
mover) of :mod:`negotiation.gmcr.evolution`). Optionally coalitions move too: a coalition step
``x → y`` by ``H`` takes ``y ∈ R_H^{++}(x)`` (a coalition improvement,
:mod:`negotiation.gmcr.coalitions`), and a coalition is a mover of its own, so it does not step
twice in a row either.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from negotiation.errors import InputError
from negotiation.gmcr.coalitions import all_coalitions
from negotiation.gmcr.evolution import Evolution, Step, evolve, shortest_path, shortest_paths
from negotiation.gmcr.graph import GraphModel
from negotiation.gmcr.reachability import CELL_LIMIT, GRAPH_LIMIT, ExplicitReach, reachability
from negotiation.gmcr.stability import NOTIONS, coalition_reach, stability

__all__ = ["StatusQuo", "coalition_steps", "status_quo"]


@dataclass(frozen=True)
class StatusQuo:
    """Status-quo analysis of ``graph`` from ``start``: the two evolutions (by unilateral
    improvements, by any unilateral moves), the equilibria of each concept (``(n,)`` masks), one
    shortest improvement path to each equilibrium reachable by improvements (``paths``) and one
    shortest path by moves to each equilibrium reachable only by moves (``paths_by_moves``), the
    coalitions that also took steps, and those left out as too large (``skipped``)."""

    graph: GraphModel
    start: int
    by_improvements: Evolution
    by_moves: Evolution
    equilibria: dict[str, np.ndarray]
    paths: dict[int, list[Step]]
    paths_by_moves: dict[int, list[Step]]
    coalitions: tuple[tuple[int, ...], ...] = field(default=())
    skipped: dict[tuple[int, ...], str] = field(default_factory=dict)   # coalitions too large

    def reachable(self, concept: str, by_moves: bool = False) -> np.ndarray:
        """The equilibria of ``concept`` reachable from the start (by improvements, or by any
        moves)."""
        return self.equilibria[concept] & (self.by_moves if by_moves
                                           else self.by_improvements).reachable


def coalition_steps(graph: GraphModel, members: tuple[int, ...],
                    explicit: bool = False) -> sparse.csr_matrix:
    """``M[y, x] = 1`` when ``y`` is a coalition improvement of ``members`` from ``x``, for
    every state ``x``: ``n · 2^{k_H}`` fibre cells at most ``CELL_LIMIT`` in option form, at most
    ``GRAPH_LIMIT`` states with explicit moves (:mod:`negotiation.gmcr.reachability`)."""
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


def status_quo(graph: GraphModel, start: int | None = None,
               equilibria: Mapping[str, np.ndarray] | None = None,
               coalitions: bool | Sequence[tuple[int, ...]] = False,
               explicit: bool = False) -> StatusQuo:
    """Status-quo analysis from ``start`` (default: the model's status quo): the states
    reachable by unilateral improvements and by any unilateral moves, the equilibria of each
    concept (default: Nash, GMR, SMR, SEQ) reachable each way, and one shortest path to each.
    With ``coalitions`` coalition improvements are steps too: ``True`` for every coalition of
    two or more whose steps fit the limits (the others are listed in ``skipped`` with the
    reason), or the coalitions to use (refused when one does not fit)."""
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
    steps, skipped = {}, {}
    if coalitions is True:          # every coalition whose steps fit; the others are reported
        for h in all_coalitions(graph.m):
            try:
                steps[h] = coalition_steps(graph, h, explicit)
            except InputError as err:
                skipped[h] = err.message
    elif coalitions:                # the coalitions asked for, or a clear refusal
        steps = {tuple(h): coalition_steps(graph, tuple(h), explicit) for h in coalitions}
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
                     found[False], tuple(steps), skipped)
