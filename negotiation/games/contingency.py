"""Why a pure equilibrium holds: which choices are best replies only because of another party's
choice.

At a pure equilibrium ``s`` every player's strategy is a best reply to the others'. The reply is
*dominant* when it stays a best reply to every profile of the others; otherwise it is
*contingent*, and for each other player ``j`` and each alternative ``s_j'`` against which it
would no longer be a best reply, :func:`contingencies` says what player ``i`` would rather play.
A profile is an equilibrium *because of* ``j``'s choice when some player's equilibrium choice is
contingent on ``j``'s (e.g. Russia holds back because the West sustains its support; against a
West that retreats, escalating would pay). In a game whose war payoffs have no interaction rows,
the war choices are dominant; interaction makes best replies depend on the others.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from negotiation.games.game import REGRET_TOLERANCE, Game

__all__ = ["Contingency", "contingencies", "is_dominant"]


@dataclass(frozen=True)
class Contingency:
    """Player ``player``'s equilibrium strategy ``strategy`` stops being a best reply if player
    ``other`` plays ``alternative`` instead of ``other_strategy``; its best replies there are
    ``replies``."""

    player: int
    strategy: int
    other: int
    other_strategy: int
    alternative: int
    replies: tuple[int, ...]


def _slice(payoffs: np.ndarray, profile: tuple[int, ...], i: int, j: int) -> np.ndarray:
    """Player ``i``'s payoffs over its own strategies (rows) and ``j``'s (columns), the other
    players fixed at ``profile``."""
    index = tuple(slice(None) if k in (i, j) else s for k, s in enumerate(profile))
    table = payoffs[i][index]
    return table if i < j else table.T


def contingencies(game: Game, profile: tuple[int, ...],
                  tol: float = REGRET_TOLERANCE) -> tuple[Contingency, ...]:
    """Every (player, other player, alternative) at which the player's strategy in the pure
    profile ``profile`` stops being a best reply (see the module docstring).

    >>> g = Game.from_payoffs(["a", "b"], [["hold", "push"], ["stay", "leave"]],
    ...     np.array([[[1, 1], [0, 2]], [[1, 0], [1, 0]]]))
    >>> [(c.player, c.alternative, c.replies) for c in contingencies(g, (0, 0))]
    [(0, 1, (1,))]
    """
    out = []
    for i in range(game.n_players):
        for j in range(game.n_players):
            if i == j:
                continue
            table = _slice(game.payoffs, profile, i, j)          # (K_i, K_j)
            best = table.max(axis=0)
            for alt in np.flatnonzero(table[profile[i]] < best - tol):
                replies = tuple(int(k) for k in np.flatnonzero(table[:, alt] >= best[alt] - tol))
                out.append(Contingency(i, profile[i], j, profile[j], int(alt), replies))
    return tuple(out)


def is_dominant(game: Game, player: int, strategy: int, tol: float = REGRET_TOLERANCE) -> bool:
    """Whether ``strategy`` is a best reply of ``player`` to every profile of the others (a
    weakly dominant strategy)."""
    own = np.moveaxis(game.payoffs[player], player, 0)
    return bool((own[strategy] >= own.max(axis=0) - tol).all())
