"""Mixed equilibria of n-player games: support enumeration with pruning by conditional
dominance, each surviving support profile solved by certified subdivision
(:mod:`negotiation.games.boxes`).

A *support profile* ``(S_1, …, S_n)`` lists the strategies each player uses with positive
probability. Every strategy in ``S_i`` must be a best response to the others' mixtures, which
put positive weight exactly on ``S_{-i}``. So if some strategy ``t`` of player ``i`` does
strictly better than some ``s ∈ S_i`` against *every* pure profile of ``S_{-i}``
(``s`` is *conditionally strictly dominated* given ``S_{-i}``), it does better against every
mixture on ``S_{-i}`` and no equilibrium has this support profile (Porter, Nudelman & Shoham
2008, "Simple search methods for finding a Nash equilibrium", *Games Econ. Behav.* 63,
642–662, §3: conditional dominance). The test needs no tolerance: payoffs are compared as
given, and the per-player normalisation to ``[0, 1]`` is monotone, so a strict inequality
between normalised payoffs is one between the originals. It is evaluated for all support
profiles at once: for each player, the minimum of ``U_i[t, ·] − U_i[s, ·]`` over every product
of the others' supports comes from one pass per opponent over the ``2^{m_j} − 1`` subsets of
its strategies (each subset's minimum is that of the subset without its lowest member and of
that member).

The surviving profiles are solved in order of total support size; one whose subdivision does
not finish within its box budget (singular or non-isolated solutions: a continuum) is
*unresolved*, and profiles not reached within the total budget are *unexamined*. Both are
listed in the result, which is *complete* only when neither list is empty.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import product

import numpy as np

from negotiation.games.boxes import Batch
from negotiation.games.game import normalized_payoffs

__all__ = ["SupportResult", "dominated_profiles", "support_enumeration", "support_profiles"]

Profile = tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class SupportResult:
    """Equilibria found, and which support profiles (if any) could not be resolved.

    ``representatives`` are equilibria found inside unresolved support profiles (one at most
    each): genuine, but points of sets the method could not describe. ``unexamined`` are the
    profiles the total budget did not reach. ``first_complete`` says whether the support
    profiles passed as ``first`` were all resolved.
    """

    equilibria: tuple[tuple[np.ndarray, ...], ...]
    representatives: tuple[tuple[np.ndarray, ...], ...]
    unresolved: tuple[Profile, ...]
    profiles_checked: int
    profiles_total: int
    first_complete: bool = True
    unexamined: tuple[Profile, ...] = ()
    pruned: int = 0
    boxes: int = 0

    @property
    def complete(self) -> bool:
        return not self.unresolved and not self.unexamined


def _masks(size: int) -> np.ndarray:
    """``(2^size − 1, size)`` booleans: the non-empty subsets, subset ``b`` at row ``b − 1``."""
    bits = np.arange(1, 1 << size)
    return (bits[:, None] >> np.arange(size)[None]) & 1 == 1


def support_profiles(shape: tuple[int, ...]) -> list[Profile]:
    """Every support profile with at least one mixing player, smallest total size first."""
    per_player = [[tuple(np.flatnonzero(m).tolist()) for m in _masks(s)] for s in shape]
    profiles = [p for p in product(*per_player) if any(len(s) > 1 for s in p)]
    return sorted(profiles, key=lambda p: sum(len(s) for s in p))


def _subset_minima(values: np.ndarray, axis: int) -> np.ndarray:
    """``values`` with ``axis`` (size ``m``) replaced by the ``2^m − 1`` non-empty subsets of
    its entries, each holding the minimum over the subset (subset ``b`` at index ``b − 1``)."""
    a = np.moveaxis(values, axis, 0)
    out = np.empty((1 << len(a),) + a.shape[1:])
    out[0] = np.inf
    for bits in range(1, len(out)):
        low = bits & -bits
        np.minimum(out[bits ^ low], a[low.bit_length() - 1], out=out[bits])
    return np.moveaxis(out[1:], 0, axis)


def dominated_profiles(u: np.ndarray, profiles: list[Profile]) -> np.ndarray:
    """``(len(profiles),)``: whether some player's support contains a strategy conditionally
    strictly dominated (by a pure strategy) given the others' supports; see the module
    docstring."""
    n, shape = len(u), u.shape[1:]
    bits = np.array([[sum(1 << s for s in sup) for sup in p] for p in profiles], dtype=np.int64)
    if not len(bits):
        return np.zeros(0, bool)
    out = np.zeros(len(profiles), bool)
    for i in range(n):
        own = np.moveaxis(u[i], i, 0)                               # (m_i, others…)
        delta = own[None, :] - own[:, None]                         # [s, t]: U(t) − U(s)
        for axis in range(2, n + 1):
            delta = _subset_minima(delta, axis)
        worse = np.any(delta > 0, axis=1)                           # (m_i, subsets…)
        mask = np.tensordot(1 << np.arange(shape[i]), worse, axes=(0, 0))
        index = tuple(bits[:, j] - 1 for j in range(n) if j != i)
        out |= (mask[index] & bits[:, i]) != 0
    return out


def support_enumeration(payoffs: np.ndarray, first: Callable[[Profile], bool] | None = None,
                        box_budget: int = 5_000, total_budget: int = 1_000_000,
                        prune: bool = True) -> SupportResult:
    """All mixed (not pure) equilibria found by support enumeration; see the module docstring.

    Support profiles for which ``first`` is true are examined first (e.g. those whose every
    profile leads to an agreement), then the rest, each group in order of total support size.
    A support profile with ``d`` free probabilities may examine ``box_budget · 2^{d/2}`` boxes
    (``box_budget · d / 10`` when its equations are dependent, :meth:`Batch.rank_deficient`: no
    zero can then be certified, only boxes excluded), and all of them together ``total_budget``.
    The growth with ``d`` is measured: regular profiles of random 3- and 4-player games
    (4×4×4, 3×3×3×3, 5×5×3, 5×4×4) with ``d`` = 6, 8, 10 needed up to 16,000, 46,000 and
    90,000 boxes (budgets 40,000, 80,000 and 160,000). Profiles with the same
    support sizes are solved together (:class:`Batch`).
    """
    u = normalized_payoffs(np.asarray(payoffs, dtype=float))
    profiles = support_profiles(u.shape[1:])
    total = len(profiles)
    pruned = 0
    if prune:
        dead = dominated_profiles(u, profiles)
        pruned = int(dead.sum())
        profiles = [p for p, x in zip(profiles, dead) if not x]
    priority = {p for p in profiles if first is not None and first(p)}
    found: list[tuple[np.ndarray, ...]] = []
    extra: list[tuple[np.ndarray, ...]] = []
    keys: set[tuple] = set()
    unresolved: list[Profile] = []
    unexamined: list[Profile] = []
    spent = 0
    for group in _batches(profiles, priority):
        if spent >= total_budget:
            unexamined += group
            continue
        batch = Batch(u, group)
        budget = np.where(batch.rank_deficient(), box_budget // 10 * max(1, batch.d),
                          int(box_budget * 2 ** (batch.d / 2)))
        solutions, resolved, examined = batch.solve(budget, total_budget - spent)
        spent += int(examined.sum())
        for supports, sols, ok, boxes in zip(group, solutions, resolved, examined):
            if not ok:
                (unresolved if boxes else unexamined).append(supports)
            for sigma in sols:
                key = tuple(np.round(np.concatenate(sigma), 7).tolist())
                if key not in keys:
                    keys.add(key)
                    (found if ok else extra).append(sigma)
    first_complete = not any(p in priority for p in unresolved + unexamined)
    return SupportResult(tuple(found), tuple(extra), tuple(unresolved),
                         total - len(unexamined), total, first_complete, tuple(unexamined),
                         pruned, spent)


def _batches(profiles: list[Profile], priority: set[Profile]) -> list[list[Profile]]:
    """The profiles grouped by support sizes (one :class:`Batch` each): priority profiles
    first, then by total support size."""
    groups: dict[tuple, list[Profile]] = {}
    for p in profiles:
        key = (p not in priority, sum(len(s) for s in p), tuple(len(s) for s in p))
        groups.setdefault(key, []).append(p)
    return [groups[key] for key in sorted(groups)]
