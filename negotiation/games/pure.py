"""Pure-strategy Nash equilibria of an n-player game, by exact vectorised enumeration.

For each player ``i`` the *best-response mask* over all profiles is

    ``BR_i[s] = U[i][s] ≥ max_{t_i} U[i][t_i, s_{-i}] − tol``,

one maximum along player ``i``'s axis of its payoff tensor, broadcast back. A profile is a pure
equilibrium iff it is a best response for every player: ``⋀_i BR_i``. The cost is ``O(n · |S|)``
array operations over the ``|S| = Π_i |S_i|`` profiles, with no loop over profiles. ``tol`` only
absorbs floating-point noise between payoffs that are equal in exact arithmetic: it is relative to
each player's payoff range (``1e-12`` by default; the comparison is made on the payoffs normalised
to ``[0, 1]`` per player, :func:`game.normalized_payoffs`), so multiplying a player's payoffs by
any positive constant or adding a constant changes no answer.

>>> import numpy as np
>>> pd = np.array([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])   # Prisoner's Dilemma
>>> pure_equilibria(pd).tolist()
[[1, 1]]
"""

from __future__ import annotations

import numpy as np

from negotiation.games.game import normalized_payoffs

__all__ = ["RELATIVE_TOL", "best_response_masks", "equilibrium_mask", "pure_equilibria"]

RELATIVE_TOL = 1e-12


def best_response_masks(payoffs: np.ndarray, tol: float | None = None) -> np.ndarray:
    """``(n, |S_1|, …, |S_n|)``: where each player's pure strategy is a best response (to within
    ``tol`` times the player's payoff range)."""
    payoffs = normalized_payoffs(payoffs)
    tol = RELATIVE_TOL if tol is None else tol
    n = payoffs.shape[0]
    out = np.empty(payoffs.shape, dtype=bool)
    for i in range(n):
        best = payoffs[i].max(axis=i, keepdims=True)
        np.greater_equal(payoffs[i], best - tol, out=out[i])
    return out


def equilibrium_mask(payoffs: np.ndarray, tol: float | None = None) -> np.ndarray:
    """``(|S_1|, …, |S_n|)``: the pure equilibria as a boolean tensor."""
    return np.logical_and.reduce(best_response_masks(payoffs, tol), axis=0)


def pure_equilibria(payoffs: np.ndarray, tol: float | None = None) -> np.ndarray:
    """``(k, n)``: the pure equilibria as strategy indices, in enumeration order (first player's
    strategy varying slowest)."""
    return np.argwhere(equilibrium_mask(payoffs, tol))
