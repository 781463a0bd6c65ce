"""Zartman's ripeness, as the engine measures it on paths of the dynamics.

Zartman (1989, *Ripe for Resolution*; 2000, "Ripeness: The Hurting Stalemate and Beyond")
defines a ripe moment by two perceptions: a **mutually hurting stalemate** — neither party can
escalate to victory, and the deadlock hurts each, not necessarily equally — and a **way out**,
a sense that a negotiated solution is possible. The engine computes (it cannot perceive):

- **hurting** (party ``i`` at ``t``): its no-deal value is falling, ``d_i(t) < d_i(t − w)``
  (``w`` the ``window``), *and* below what it expected, ``d_i(t) < E_i(t)``. With
  ``expectation = "forecast"`` (default) ``E_i(t) = d_i(0) + (trend_i − c_i) t`` — the party's
  own path at the cost and battlefield trend it started with: costs it had priced in do not
  hurt; exhaustion, shocks, a partner's withdrawal or a costlier war do. With ``"initial"``,
  ``E_i(t) = d_i(0)`` and any net cost hurts (the weaker test the engine used before).
- **stalemate**: no party can raise its war payoff by escalating — by moving, alone, to an effort
  level later in the game's ``efforts`` list, given the others' current efforts (the posture
  game's war table, interactions included). Without a war table no escalation is modelled and
  every period is a stalemate.
- **mutually hurting stalemate**: a stalemate in which every party hurts.
- **way out**: the bargaining set is non-empty once every party gives up the red lines it would
  consider revising (revision cost at most ``consider``), at today's no-deal values; computed in
  :mod:`negotiation.whatif.ripeness` with the static engine's evaluator.

A path is **ripe** in Zartman's sense at the first period where the mutually hurting stalemate
and the way out hold together. Ripeness is necessary, not sufficient, for a settlement (Zartman
2000); the bargaining set's actual opening is reported beside it.
"""

from __future__ import annotations

import numpy as np

__all__ = ["escalation_pays", "hurting", "mutually_hurting", "stalemate"]


def hurting(disagreement: np.ndarray, expected: np.ndarray, window: int = 1,
            tolerance: float = 1e-9) -> np.ndarray:
    """``(n, T+1, parties)``: where each party's no-deal value is falling over ``window``
    periods and below what it expected. Never at ``t = 0``.

    >>> d = np.array([[[0.5], [0.5], [0.45], [0.44]]])        # one path, one party
    >>> e = np.array([[[0.5], [0.49], [0.48], [0.47]]])       # it expected to lose 0.01 a period
    >>> hurting(d, e)[0, :, 0].tolist()
    [False, False, True, True]
    """
    d = np.asarray(disagreement, dtype=float)
    back = np.maximum(np.arange(d.shape[1]) - window, 0)
    falling = d < d[:, back] - tolerance
    out = falling & (d < np.asarray(expected) - tolerance)
    out[:, 0] = False
    return out


def escalation_pays(values: np.ndarray, tolerance: float = 1e-9) -> np.ndarray:
    """``(K, …, K)`` over effort profiles: whether some party gains (by more than
    ``tolerance``) by moving alone to a higher effort level. ``values`` is the war table
    ``(n, K, …, K)``.

    >>> v = np.zeros((2, 2, 2)); v[0, 1, 0] = 0.1       # party 0 gains by escalating alone
    >>> escalation_pays(v).tolist()
    [[True, False], [False, False]]
    """
    n = values.shape[0]
    out = np.zeros(values.shape[1:], dtype=bool)
    for i in range(n):
        v = np.moveaxis(values[i], i, 0)                  # party i's own effort first
        # Best payoff at any strictly higher level of i's effort: a reversed running maximum.
        above = np.maximum.accumulate(v[::-1], axis=0)[::-1]
        better = np.full(v.shape, -np.inf)
        better[:-1] = above[1:]
        out |= np.moveaxis(better > v + tolerance, 0, i)
    return out


def stalemate(efforts: np.ndarray | None, values: np.ndarray | None,
              tolerance: float = 1e-9) -> np.ndarray | None:
    """``(n, T+1)``: no party can escalate to a better war payoff, given the efforts on each
    path (``(n, T+1, parties)``); ``None`` when there is no war table (every period counts)."""
    if efforts is None or values is None:
        return None
    pays = escalation_pays(values, tolerance)
    return ~pays[tuple(np.moveaxis(efforts.astype(np.intp), 2, 0))]


def mutually_hurting(hurt: np.ndarray, stuck: np.ndarray | None) -> np.ndarray:
    """``(n, T+1)``: every party hurts, in a stalemate."""
    out = hurt.all(axis=2)
    return out if stuck is None else out & stuck
