"""Option-form moves without move lists: a decision maker's unilateral moves are bit flips of a
state's code, so they are generated from the code, never stored.

In option form (Fang, Hipel, Kilgour & Peng 2003) a state is a code with one bit per option, and
decision maker ``j``'s unilateral moves from ``x`` are the feasible codes ``y ≠ x`` that differ
from ``x`` only in ``j``'s own options and withdraw no irreversible option: ``y = x ^ d`` for a
non-empty ``d ⊆ O_j`` with ``x & d & I = 0`` (``O_j`` the bits of ``j``'s options, ``I`` the
irreversible ones). :class:`OptionSpace` keeps only those masks, a ``(2^k,)`` lookup table and
the preference levels: 2^20 states with 31 moves per state and decision maker take a few tens of
megabytes instead of the gigabytes of explicit ``(E, 2)`` move lists.

Two kinds of whole-array operations:

* **Block reductions** (:meth:`OptionSpace.reduce`): for every state ``x``, the least (greatest,
  or the sum) of a value over ``{x} ∪ R_j(x)``. That set is a product of per-option choices
  (reversible option: either value; irreversible option taken: stays taken), so the reduction
  is one pairwise operation per option along that option's axis of the ``(2,)*k`` cube of codes
  (a zeta transform; infeasible codes hold the neutral value), ``O(k_j · 2^k)``.
* **Improvement-restricted reductions** (:class:`Ladder`): the least value over ``R_j⁺(x)``
  (moves to states ``j`` prefers), or over the states from which ``j`` improves to ``x``.
  States are sorted once by (the code outside ``j``'s reversible options, ``j``'s level); each
  query is a segmented suffix (prefix) minimum read at positions precomputed by
  ``searchsorted``, one per superset (subset) of the irreversible pattern.

Each decision maker's move relation is transitive here (two moves of ``j`` in a row are one move
of ``j``, or a return), and so are its improvements; :meth:`OptionSpace.reach_min` uses this.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from negotiation.model import expressions

__all__ = ["BIG", "Ladder", "OptionSpace", "code_ids", "dense_rank", "holds_on_codes",
           "sorted_moves"]

BIG = 1 << 30          # "no value": larger than any level, state number or distance used here


@dataclass(frozen=True, eq=False)
class OptionSpace:
    """The moves of an option-form conflict (see the module docstring).

    ``codes[s]`` is the code of state ``s`` (ascending); ``lookup[c]`` the state of code ``c``,
    ``-1`` when infeasible; ``owned[j]`` the bit mask of ``j``'s options; ``irreversible`` the
    mask of irreversible options; ``levels[j, s]`` ``j``'s preference level (higher is better).
    """

    k: int
    codes: np.ndarray
    lookup: np.ndarray
    owned: tuple[int, ...]
    irreversible: int
    levels: np.ndarray

    @property
    def n(self) -> int:
        return len(self.codes)

    @property
    def m(self) -> int:
        return len(self.owned)

    @cached_property
    def feasible(self) -> np.ndarray:
        """``(2^k,)`` boolean: which codes are states."""
        return self.lookup >= 0

    def submasks(self, j: int) -> np.ndarray:
        """The non-empty subsets of ``j``'s options, as bit masks."""
        out = np.zeros(1, dtype=np.int64)
        for b in range(self.k):
            if self.owned[j] >> b & 1:
                out = np.concatenate([out, out | (1 << b)])
        return out[1:]

    # ------------------------------------------------------------------------- reductions

    def reduce(self, j: int, values: np.ndarray, op: str = "min",
               sense: str = "out") -> np.ndarray:
        """For every state ``x``: ``op`` of ``values`` over ``{x} ∪ R_j(x)`` (``sense="out"``)
        or over ``{x}`` and the states from which ``j`` moves to ``x`` (``sense="in"``). ``op``
        is ``"min"``, ``"max"`` or ``"sum"`` (with multiplicity; ``x`` itself counts once)."""
        ufunc = {"min": np.minimum, "max": np.maximum, "sum": np.add}[op]
        fill = {"min": BIG, "max": -1, "sum": 0}[op]
        cube = np.full(1 << self.k, fill, dtype=np.int64 if op == "sum" else np.int32)
        cube[self.codes] = values
        for bit in range(self.k):
            if self.owned[j] >> bit & 1:
                v = cube.reshape(-1, 2, 1 << bit)
                both = ufunc(v[:, 0, :], v[:, 1, :])
                if self.irreversible >> bit & 1:
                    # out: from N both are reachable, from Y only Y; in: Y is entered from both
                    v[:, 0 if sense == "out" else 1, :] = both
                else:
                    v[:, 0, :] = both
                    v[:, 1, :] = both
        return cube[self.codes].astype(np.int64)

    def neighbours(self, j: int, s: int, forward: bool = True) -> np.ndarray:
        """The states ``j`` moves to from ``s`` (``forward``) or from which it moves to ``s``."""
        subsets = self.submasks(j)
        x = int(self.codes[s])
        y = x ^ subsets
        ok = self.lookup[y] >= 0
        withdrawn = (x if forward else y) & subsets & self.irreversible
        return self.lookup[y[ok & (withdrawn == 0)]]

    @cached_property
    def _ladders(self) -> dict[tuple[int, str], Ladder]:
        return {}

    def better(self, j: int, values: np.ndarray, op: str = "min",
               sense: str = "out") -> np.ndarray:
        """``op`` (min or max) of ``values`` over ``R_j⁺(x)`` (``sense="out"``) or over the
        states ``w`` with ``x ∈ R_j⁺(w)`` (``sense="in"``). Empty: ``BIG`` for min, ``0`` for
        max (so values must be at least 1 for max)."""
        if (j, sense) not in self._ladders:
            self._ladders[(j, sense)] = Ladder(self, j, sense)
        ladder = self._ladders[(j, sense)]
        return ladder.min(values) if op == "min" else BIG - ladder.min(BIG - values)

    def reach_min(self, members: Sequence[int], values: np.ndarray,
                  improving: bool = False) -> np.ndarray:
        """For every state ``x``: the least of ``values`` over ``{x} ∪ R_H(x)`` (``improving``:
        ``{x} ∪ R⁺_H(x)``, every move an improvement for its mover), ``H = members``.

        Merging consecutive moves of one member turns any sequence into a legal one (nobody
        twice in a row) with the same end, so ``{x} ∪ R_H(x)`` is the closure of ``x`` under
        the members' moves, and the least value over it is the fixed point of
        ``L ← min(L, reduce_j L)`` over members (Gauss–Seidel, to convergence).
        """
        low = np.asarray(values, dtype=np.int64).copy()

        def step(j: int) -> np.ndarray:
            return np.minimum(low, self.better(j, low) if improving
                              else self.reduce(j, low, "min"))

        if len(members) <= 1:      # one decision maker's move relation is already closed
            return step(members[0]) if members else low
        quiet = 0
        while quiet < len(members):
            for j in members:
                new = step(j)
                quiet = quiet + 1 if np.array_equal(new, low) else 1
                low = new
                if quiet >= len(members):
                    break
        return low

    # ---------------------------------------------------------------------------- moves

    def move_list(self, j: int) -> np.ndarray:
        """``j``'s moves as an ``(E, 2)`` array of ``[from, to]`` ordered by (from, to): for
        the engine with explicit moves (graph form, inverse analysis, small models)."""
        src, dst = [], []
        for sub in self.submasks(j).tolist():
            target = self.lookup[self.codes ^ sub]
            ok = (target >= 0) & ((self.codes & sub & self.irreversible) == 0)
            src.append(np.flatnonzero(ok))
            dst.append(target[ok])
        return sorted_moves(np.concatenate(src), np.concatenate(dst), self.n)

    def fibre(self, s: int, members: Sequence[int]) -> tuple[OptionSpace, np.ndarray]:
        """The states that agree with ``s`` outside the members' options, as an option space of
        their own (one decision maker per member, levels as here), and its states' numbers
        here. Every legal sequence of the members' moves from ``s`` stays inside it."""
        mask = 0
        for j in members:
            mask |= self.owned[j]
        bits = [b for b in range(self.k) if mask >> b & 1]
        local = np.arange(1 << len(bits), dtype=np.int64)
        spread = np.zeros(len(local), dtype=np.int64)
        for t, b in enumerate(bits):
            spread |= ((local >> t) & 1) << b
        state = self.lookup[(int(self.codes[s]) & ~mask) | spread]
        codes = np.flatnonzero(state >= 0)
        lookup = np.full(len(local), -1, dtype=np.int64)
        lookup[codes] = np.arange(len(codes))

        def squeeze(bitmask: int) -> int:
            return sum(1 << t for t, b in enumerate(bits) if bitmask >> b & 1)

        levels = self.levels[np.asarray(members)[:, None], state[codes][None, :]]
        sub = OptionSpace(len(bits), codes, lookup, tuple(squeeze(self.owned[j]) for j in members),
                          squeeze(self.irreversible), levels)
        return sub, state[codes]


class Ladder:
    """Improvement-restricted reduction for one decision maker ``j`` (module docstring).

    ``sense="out"``: min over ``y ∈ R_j(x)`` with ``level_j(y) > level_j(x)``: ``y`` has the same
    options outside ``j``'s, an irreversible pattern containing ``x``'s and a higher level — a
    suffix of the group of ``y``'s pattern sorted by level. ``sense="in"``: min over ``w`` with
    ``x ∈ R_j(w)`` and ``level_j(w) < level_j(x)``: a prefix of each group whose pattern is
    contained in ``x``'s.
    """

    def __init__(self, space: OptionSpace, j: int, sense: str):
        codes, lv = space.codes, space.levels[j].astype(np.int64)
        own, irr = space.owned[j], space.owned[j] & space.irreversible
        span = int(lv.max()) + 2
        group = codes & ~(own & ~irr)           # the fibre and the irreversible pattern
        key = group * span + lv
        self.order = np.argsort(key, kind="stable")
        sorted_key, sorted_group = key[self.order], group[self.order]
        starts = np.concatenate([[True], sorted_group[1:] != sorted_group[:-1]])
        self.segment = np.cumsum(starts) - 1
        self.sense = sense
        patterns = np.zeros(1, dtype=np.int64)
        for b in range(space.k):
            if irr >> b & 1:
                patterns = np.concatenate([patterns, patterns | (1 << b)])
        self.positions, self.valid = [], []
        for e in patterns.tolist():
            target = (group | e) if sense == "out" else (group & ~e)
            if sense == "out":
                pos = np.searchsorted(sorted_key, target * span + lv, side="right")
                ok = pos < len(codes)
            else:
                pos = np.searchsorted(sorted_key, target * span + lv, side="left") - 1
                ok = pos >= 0
            pos = np.clip(pos, 0, len(codes) - 1)
            ok &= sorted_group[pos] == target
            self.positions.append(pos)
            self.valid.append(ok)

    def min(self, values: np.ndarray) -> np.ndarray:
        """The restricted minimum of ``values`` (``0 ≤ values ≤ BIG``) for every state."""
        v = np.asarray(values, dtype=np.int64)[self.order]
        step, seg = np.int64(BIG + 1), self.segment
        if self.sense == "out":      # segmented suffix minimum
            offset = seg[::-1] * step
            scan = (np.minimum.accumulate(v[::-1] + offset) - offset)[::-1]
        else:                         # segmented prefix minimum
            offset = (seg[-1] - seg) * step
            scan = np.minimum.accumulate(v + offset) - offset
        out = np.full(len(v), BIG, dtype=np.int64)
        for pos, ok in zip(self.positions, self.valid):
            np.minimum(out, np.where(ok, scan[pos], BIG), out=out)
        return out


def sorted_moves(src: np.ndarray, dst: np.ndarray, n: int) -> np.ndarray:
    """``(E, 2)`` distinct moves ordered by (from, to)."""
    key = np.sort(np.asarray(src, dtype=np.int64) * n + np.asarray(dst, dtype=np.int64))
    key = key[np.concatenate([[True], key[1:] != key[:-1]])] if len(key) else key  # distinct
    return np.stack([key // n, key % n], axis=1)


def code_ids(codes: np.ndarray, k: int) -> tuple[str, ...]:
    """Every code's Y/N text (one mark per option, first option first), built as one character
    array rather than string by string.

    >>> code_ids(np.array([0, 1, 6]), 3)
    ('NNN', 'YNN', 'NYY')
    """
    marks = np.array(["N", "Y"])[(np.asarray(codes)[:, None] >> np.arange(k)) & 1]
    return tuple(np.ascontiguousarray(marks).view(f"<U{k}").ravel().tolist())


def holds_on_codes(expr: expressions.Expr, k: int, codes: np.ndarray) -> np.ndarray:
    """Where a condition over options holds at each code: its truth table over the ``(2,)*k``
    cube (option ``j`` on axis ``j``), axes reversed so that the flat index is the code."""
    table = np.broadcast_to(expressions.mask(expr, (2,) * k), (2,) * k)
    return table.transpose(tuple(range(k - 1, -1, -1))).reshape(-1)[codes]


def dense_rank(score: np.ndarray, bits: int) -> np.ndarray:
    """``0, 1, ...`` in the order of the non-negative ``score`` (< ``2**bits``), ties equal."""
    if bits <= 24:
        present = np.zeros(1 << bits, dtype=bool)
        present[score] = True
        return (np.cumsum(present) - 1)[score]
    return np.unique(score, return_inverse=True)[1].reshape(-1)
