"""What a coalition can reach, over either representation of the moves, so that coalition and
status-quo analysis are written once:

* :class:`ExplicitReach`: a :class:`~negotiation.gmcr.graph.GraphModel` with move lists (graph
  form, or any small model). Legal sequences (nobody twice in a row) through the last-mover
  product graph of :mod:`negotiation.gmcr.stability`, for moves that need not be transitive;
  one-step moves through sparse incidence matrices.
* :class:`OptionReach`: an :class:`~negotiation.gmcr.space.OptionSpace` (option form at any
  size): moves generated from bit masks.

Both answer, for a coalition ``H``:

* ``low(H, values, improving)``: the least value over ``{x} ∪ R_H(x)`` (``R⁺_H`` if improving);
* ``dominated(H, us, starts)``: for each start ``s`` and each value table ``u`` in ``us``,
  whether some ``t ∈ {s} ∪ R_H(s)`` has ``u[r, t] > level_{H_r}(s)`` for every member ``H_r``,
  and one such ``t`` (``-1`` if none);
* ``step(j, frontier, improving)``: the states reached in one move (improvement) of ``j`` from
  a set of states;
* ``predecessors(j, y, improving)``: the states from which ``j`` moves (improves) to ``y``.

:class:`OptionReach` adds two ways to answer ``dominated`` at every state at once, for large
models: dense dominance tables (:meth:`~OptionReach.dominated_table`, when feasibility is a
product over decision makers) and a threshold sweep (:meth:`~OptionReach.dominated_sweep`, one
or two members).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cached_property

import numpy as np
from scipy import sparse

from negotiation.gmcr.graph import GraphModel
from negotiation.gmcr.space import BIG, OptionSpace
from negotiation.gmcr.stability import coalition_reach, pack, reach_min

__all__ = ["CELL_LIMIT", "CHUNK_CELLS", "ExplicitReach", "GRAPH_LIMIT", "OptionReach",
           "reachability"]

CHUNK_CELLS = 1 << 24        # boolean cells per block of (starts × fibre states)
GRAPH_LIMIT = 16_384         # explicit moves: one reachable set per state (bitsets)
CELL_LIMIT = 1 << 28         # option form: starts × fibre states examined per coalition
Found = tuple[dict[str, np.ndarray], dict[str, np.ndarray]]


class ExplicitReach:
    """Reachability over explicit move lists (module docstring)."""

    def __init__(self, graph: GraphModel):
        self.graph = graph
        self.n, self.m, self.levels = graph.n, graph.m, graph.levels

    def _usable(self, k: int, improving: bool) -> np.ndarray:
        src, dst = self.graph.moves[k].T
        return self.levels[k, dst] > self.levels[k, src] if improving \
            else np.ones(len(src), dtype=bool)

    def low(self, members: Sequence[int], values: np.ndarray,
            improving: bool = False) -> np.ndarray:
        if not members:
            return np.asarray(values, dtype=np.int64).copy()
        return reach_min(self.graph, list(members), [self._usable(k, improving) for k in members],
                         np.asarray(values, dtype=np.int64)[None])[0]

    def dominated(self, members: Sequence[int], us: Mapping[str, np.ndarray],
                  starts: np.ndarray, chunk: int = 1024) -> Found:
        reach = coalition_reach(self.graph, list(members))
        lv = self.levels[list(members)]
        hit_any = {key: np.zeros(len(starts), dtype=bool) for key in us}
        witness = {key: np.full(len(starts), -1, dtype=np.int64) for key in us}
        for a in range(0, len(starts), chunk):
            rows = starts[a:a + chunk]
            for key, u in us.items():
                better = np.all(u[:, None, :] > lv[:, rows, None], axis=0)
                hit = np.unpackbits((reach[rows] & pack(better)).view(np.uint8), axis=1,
                                    bitorder="little")[:, : self.n].astype(bool)
                found = hit.any(axis=1)
                hit_any[key][a:a + chunk] = found
                witness[key][a:a + chunk] = np.where(found, hit.argmax(axis=1), -1)
        return hit_any, witness

    @cached_property
    def _incidence(self) -> dict[tuple[int, bool], sparse.csr_matrix]:
        return {}

    def matrix(self, j: int, improving: bool) -> sparse.csr_matrix:
        """``M[y, x] = 1`` when ``j`` moves (improves) from ``x`` to ``y``."""
        if (j, improving) not in self._incidence:
            src, dst = self.graph.moves[j].T
            keep = self._usable(j, improving)
            self._incidence[(j, improving)] = sparse.csr_matrix(
                (np.ones(int(keep.sum()), dtype=np.int32), (dst[keep], src[keep])),
                shape=(self.n, self.n))
        return self._incidence[(j, improving)]

    def step(self, j: int, frontier: np.ndarray, improving: bool) -> np.ndarray:
        return (self.matrix(j, improving) @ frontier.astype(np.int32)) > 0

    def predecessors(self, j: int, y: int, improving: bool) -> np.ndarray:
        return np.sort(self.matrix(j, improving).getrow(y).indices)


class OptionReach:
    """Reachability over the bit-flip moves of an option-form conflict (module docstring)."""

    def __init__(self, space: OptionSpace):
        self.space = space
        self.n, self.m, self.levels = space.n, space.m, space.levels

    def low(self, members: Sequence[int], values: np.ndarray,
            improving: bool = False) -> np.ndarray:
        # the space's reductions treat 0 as "none" for maxima: shift by one and back
        shifted = np.asarray(values, dtype=np.int64) + 1
        return self.space.reach_min(list(members), shifted, improving) - 1

    def fibre_reach(self, members: Sequence[int],
                    starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(C, F)`` boolean ``{s} ∪ R_H(s)`` over each start's fibre (the ``F`` codes that
        agree with ``s`` outside the members' options), and the fibre's states (``-1``:
        infeasible). The closure under the members' moves, by axis transforms."""
        sp = self.space
        mask = 0
        for j in members:
            mask |= sp.owned[j]
        bits = [b for b in range(sp.k) if mask >> b & 1]
        local = np.arange(1 << len(bits), dtype=np.int64)
        spread = np.zeros(len(local), dtype=np.int64)
        local0 = np.zeros(len(starts), dtype=np.int64)
        codes = sp.codes[starts]
        for t, b in enumerate(bits):
            spread |= ((local >> t) & 1) << b
            local0 |= ((codes >> b) & 1) << t
        axes = [[(t, bool(sp.irreversible >> b & 1)) for t, b in enumerate(bits)
                 if sp.owned[j] >> b & 1] for j in members]
        state = sp.lookup[(codes & ~mask)[:, None] | spread[None, :]]
        reach = np.zeros(state.shape, dtype=bool)
        reach[np.arange(len(starts)), local0] = True
        quiet = 0
        while quiet < len(members):
            for ax in axes:
                new = reach.copy()
                for t, irreversible in ax:
                    v = new.reshape(len(starts), -1, 2, 1 << t)
                    both = v[:, :, 0, :] | v[:, :, 1, :]
                    v[:, :, 1, :] = both          # a taken irreversible option stays taken
                    if not irreversible:
                        v[:, :, 0, :] = both
                new &= state >= 0
                quiet = quiet + 1 if np.array_equal(new, reach) else 1
                reach = new
                if quiet >= len(members):
                    break
        return reach, state

    def dominated(self, members: Sequence[int], us: Mapping[str, np.ndarray],
                  starts: np.ndarray) -> Found:
        """By fibre search: each start's ``{s} ∪ R_H(s)`` in its fibre, in blocks of starts."""
        width = 1 << sum(self.space.owned[j].bit_count() for j in members)
        step = max(1, CHUNK_CELLS // width)
        lv = self.levels[list(members)]
        hit_any = {key: np.zeros(len(starts), dtype=bool) for key in us}
        witness = {key: np.full(len(starts), -1, dtype=np.int64) for key in us}
        for a in range(0, len(starts), step):
            rows = starts[a:a + step]
            reach, state = self.fibre_reach(members, rows)
            safe = np.where(state >= 0, state, 0)
            for key, u in us.items():
                hit = reach & (state >= 0)
                for r in range(len(members)):
                    hit &= u[r][safe] > lv[r, rows][:, None]
                found = hit.any(axis=1)
                hit_any[key][a:a + step] = found
                witness[key][a:a + step] = np.where(
                    found, state[np.arange(len(rows)), hit.argmax(axis=1)], -1)
        return hit_any, witness

    def dominated_sweep(self, members: Sequence[int], u: np.ndarray) -> np.ndarray:
        """``dominated`` at every state for one or two members: for each level ``ℓ`` of the
        first member, the greatest ``u[1]`` over ``{x} ∪ R_H(x)`` among states with
        ``u[0] > ℓ`` is one reach maximum, read at the states whose level is ``ℓ``."""
        lv = self.levels[list(members)]
        if len(members) == 1:
            best = BIG - self.space.reach_min(list(members), BIG - (u[0] + 1))
            return best > lv[0] + 1
        out = np.zeros(self.n, dtype=bool)
        for level in np.unique(lv[0]).tolist():
            rows = np.flatnonzero(lv[0] == level)
            value = np.where(u[0] > level, u[1] + 1, 0)
            best = BIG - self.space.reach_min(list(members), BIG - value)
            out[rows] = best[rows] > lv[1, rows] + 1
        return out

    @cached_property
    def separable(self) -> bool:
        """Whether feasibility is a product over decision makers (each infeasibility condition
        within one decision maker's options). Then ``{s} ∪ R_H(s)`` is every feasible state
        that agrees with ``s`` outside the members' options and keeps ``s``'s irreversible
        options: change one member's options at a time; every intermediate state combines
        feasible blocks of ``s`` and of the target."""
        sp = self.space
        ok = sp.feasible.reshape((2,) * sp.k)   # axis a is bit k-1-a
        product = np.ones_like(ok)
        for own in sp.owned:
            other = tuple(sp.k - 1 - b for b in range(sp.k) if not own >> b & 1)
            product = product & ok.any(axis=other, keepdims=True) if other else product & ok
        return bool(np.array_equal(product, ok))

    def _reversible(self, members: Sequence[int]) -> int:
        mask = 0
        for j in members:
            mask |= self.space.owned[j] & ~self.space.irreversible
        return mask

    def table_cells(self, members: Sequence[int]) -> int:
        """Cells of the dense dominance tables of :meth:`dominated_table`."""
        size = 1 << (self.space.k - self._reversible(members).bit_count())
        for j in members[:-1]:
            size *= int(self.levels[j].max()) + 2
        return size

    def dominated_table(self, members: Sequence[int],
                        us: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        """``dominated`` at every state by dense tables (needs :attr:`separable`). States are
        grouped by their code outside the members' reversible options; per group a table over
        the first ``|H| − 1`` members' values holds the greatest value of the last member,
        made cumulative from above on every axis, then combined over groups whose irreversible
        options are a superset (the closure). ``s`` is dominated iff the entry at ``θ + 1``
        (``θ`` the members' levels at ``s``) exceeds the last member's level."""
        sp = self.space
        reversible = self._reversible(members)
        kept = [b for b in range(sp.k) if not reversible >> b & 1]
        group = np.zeros(sp.n, dtype=np.int64)
        for p, b in enumerate(kept):
            group |= ((sp.codes >> b) & 1) << p
        lv = self.levels[list(members)]
        spans = [int(lv[r].max()) + 2 for r in range(len(members) - 1)]
        theta = tuple(lv[r] + 1 for r in range(len(members) - 1))
        out = {}
        for key, u in us.items():
            table = np.full((1 << len(kept), *spans), -1, dtype=np.int32)
            index = (group, *(np.minimum(u[r], spans[r] - 1) for r in range(len(members) - 1)))
            np.maximum.at(table, index, u[-1].astype(np.int32))
            for axis in range(1, table.ndim):
                flipped = np.flip(table, axis=axis)
                np.maximum.accumulate(flipped, axis=axis, out=flipped)
            for p, b in enumerate(kept):
                if sp.irreversible >> b & 1 and any(sp.owned[j] >> b & 1 for j in members):
                    v = table.reshape(-1, 2, 1 << p, *spans)
                    np.maximum(v[:, 0], v[:, 1], out=v[:, 0])
            out[key] = table[(group, *theta)] > lv[-1]
        return out

    def step(self, j: int, frontier: np.ndarray, improving: bool) -> np.ndarray:
        if improving:
            return self.space.better(j, np.where(frontier, 0, BIG), "min", sense="in") == 0
        counts = self.space.reduce(j, frontier.astype(np.int64), "sum", sense="in")
        return counts - frontier > 0

    def predecessors(self, j: int, y: int, improving: bool) -> np.ndarray:
        pred = self.space.neighbours(j, y, forward=False)
        if improving:
            pred = pred[self.levels[j, pred] < self.levels[j, y]]
        return np.sort(pred)


def reachability(graph: GraphModel, explicit: bool = False) -> ExplicitReach | OptionReach:
    """Bit-flip moves for an option-form model, move lists otherwise (or when ``explicit``)."""
    if graph.space is not None and not explicit:
        return OptionReach(graph.space)
    return ExplicitReach(graph)
