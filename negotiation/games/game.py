"""Finite n-player games in strategic (normal) form.

A game has players ``i = 1..n``, each with a finite list of pure strategies ``S_i``, and a payoff
tensor ``U`` of shape ``(n, |S_1|, …, |S_n|)``: ``U[i][s_1, …, s_n]`` is player ``i``'s payoff when
each player ``j`` plays ``s_j``. A mixed strategy ``σ_i`` is a probability vector over ``S_i``;
player ``i``'s expected payoff against the others' mixtures ``σ_{-i}`` from pure strategy ``s`` is

    ``u_i(s, σ_{-i}) = Σ_{s_{-i}} U[i][s, s_{-i}] Π_{j ≠ i} σ_j(s_j)``,

and its *regret* at a profile ``σ`` is ``max_s u_i(s, σ_{-i}) − u_i(σ)``. A profile is a Nash
equilibrium iff every regret is zero. Equilibria do not change when a player's payoffs are
multiplied by a positive constant or shifted by a constant, so tolerances are stated on the
*relative regret* ``regret_i / (max U[i] − min U[i])`` (:func:`relative_regrets`, computed on the
normalised payoffs of :func:`normalized_payoffs`, so it is exact to rounding at any scale): every
equilibrium this package reports has each relative regret at most ``REGRET_TOLERANCE``.

A game may also say which profiles lead to an *agreement* (``agreement``, a boolean tensor over
profiles): for a game derived from a model (:mod:`negotiation.postures`) the profiles that lead to
a settlement in the bargaining set, for a raw game with a declared no-agreement profile the
profiles that leave every player at least as well off as it (:mod:`negotiation.game_file`).

>>> g = Game.from_payoffs(("row", "col"), (("c", "d"), ("c", "d")),
...                       [[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
>>> g.shape
(2, 2)
>>> regrets(g, [np.array([0.0, 1.0]), np.array([0.0, 1.0])]).tolist()
[0.0, 0.0]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from negotiation.errors import InputError

__all__ = ["Game", "REGRET_TOLERANCE", "agreement_probability", "deviation_payoffs",
           "expected_payoffs", "is_distribution", "normalized_payoffs", "payoff_ranges",
           "profile_distribution", "regrets", "relative_regrets"]

REGRET_TOLERANCE = 1e-9      # on the relative regret (payoffs normalised to [0, 1])


@dataclass(frozen=True, eq=False)
class Game:
    """A finite game in strategic form; see the module docstring.

    ``players`` and ``strategies`` are names (ids); ``labels`` and ``strategy_labels`` are how
    they read in tables. ``outcome_text`` optionally describes, per profile, what the profile
    leads to (a settlement or war, in words).
    """

    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    payoffs: np.ndarray
    title: str = ""
    labels: tuple[str, ...] = ()
    strategy_labels: tuple[tuple[str, ...], ...] = ()
    agreement: np.ndarray | None = None
    outcome_text: np.ndarray | None = None
    source: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def from_payoffs(cls, players: Sequence[str], strategies: Sequence[Sequence[str]],
                     payoffs: Sequence | np.ndarray, **extra: object) -> Game:
        """A game from per-player payoff tensors (nested lists indexed ``[s_1][s_2]…``)."""
        players = tuple(players)
        strategies = tuple(tuple(s) for s in strategies)
        tensor = np.asarray(payoffs, dtype=float)
        expected = (len(players), *(len(s) for s in strategies))
        if tensor.shape != expected:
            raise InputError(f"have shape {tensor.shape}, expected {expected} (players, then "
                             "one axis per player's strategies)", argument="payoffs")
        return cls(players=players, strategies=strategies, payoffs=tensor, **extra)

    @property
    def n_players(self) -> int:
        return len(self.players)

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(s) for s in self.strategies)

    @property
    def n_profiles(self) -> int:
        return int(np.prod(self.shape))

    def player_label(self, i: int) -> str:
        return self.labels[i] if self.labels else self.players[i]

    def strategy_label(self, i: int, s: int) -> str:
        return self.strategy_labels[i][s] if self.strategy_labels else self.strategies[i][s]


def deviation_payoffs(game: Game, sigma: Sequence[np.ndarray]) -> list[np.ndarray]:
    """For each player ``i``, the vector ``u_i(s, σ_{-i})`` over its pure strategies ``s``."""
    out = []
    for i in range(game.n_players):
        tensor = game.payoffs[i]
        # Contract the other players' axes, last first, so axis numbers stay valid.
        for j in reversed(range(game.n_players)):
            if j != i:
                tensor = np.tensordot(tensor, sigma[j], axes=([j], [0]))
        out.append(np.asarray(tensor, dtype=float).reshape(game.shape[i]))
    return out


def expected_payoffs(game: Game, sigma: Sequence[np.ndarray]) -> np.ndarray:
    """``(n,)``: each player's expected payoff ``u_i(σ)``."""
    return np.array([dev @ s for dev, s in zip(deviation_payoffs(game, sigma), sigma)])


def regrets(game: Game, sigma: Sequence[np.ndarray]) -> np.ndarray:
    """``(n,)``: each player's regret ``max_s u_i(s, σ_{-i}) − u_i(σ)`` (never negative)."""
    devs = deviation_payoffs(game, sigma)
    return np.array([max(0.0, float(dev.max() - dev @ s)) for dev, s in zip(devs, sigma)])


def payoff_ranges(payoffs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(low, span)``, each ``(n,)``: each player's smallest payoff and the range
    ``max U[i] − min U[i]`` (1 where the player's payoffs are all equal)."""
    flat = np.asarray(payoffs, dtype=float).reshape(len(payoffs), -1)
    low, high = flat.min(axis=1), flat.max(axis=1)
    return low, np.where(high > low, high - low, 1.0)


def normalized_payoffs(payoffs: np.ndarray) -> np.ndarray:
    """Each player's payoffs mapped affinely onto ``[0, 1]``: ``(U[i] − min U[i]) / range_i``.

    A positive affine map of one player's payoffs changes neither its best responses nor any
    equilibrium, so every algorithm may solve the normalised game; the differences
    ``U[i] − min U[i]`` are exact in floating point whenever payoffs share their magnitude, so
    nothing is lost to a large constant shift."""
    payoffs = np.asarray(payoffs, dtype=float)
    low, span = payoff_ranges(payoffs)
    shape = (-1,) + (1,) * (payoffs.ndim - 1)
    return (payoffs - low.reshape(shape)) / span.reshape(shape)


def relative_regrets(game: Game, sigma: Sequence[np.ndarray]) -> np.ndarray:
    """``(n,)``: each player's regret divided by the range of its payoffs (0 for a player whose
    payoffs are all equal), computed on the normalised game: scale-free."""
    unit = Game(game.players, game.strategies, normalized_payoffs(game.payoffs))
    return regrets(unit, sigma)


def is_distribution(sigma: Sequence[np.ndarray], tol: float = 1e-9) -> bool:
    """Whether every vector is a probability distribution (to ``tol``)."""
    return all(np.all(s >= -tol) and abs(float(s.sum()) - 1.0) <= tol for s in sigma)


def profile_distribution(sigma: Sequence[np.ndarray]) -> np.ndarray:
    """The product distribution over pure profiles, shape ``(|S_1|, …, |S_n|)``."""
    out = np.ones(())
    for s in sigma:
        out = np.multiply.outer(out, s)
    return out


def agreement_probability(game: Game, sigma: Sequence[np.ndarray]) -> float | None:
    """Probability that ``σ`` leads to an agreement profile, or ``None`` if the game says nothing
    about agreement."""
    if game.agreement is None:
        return None
    return float(np.sum(profile_distribution(sigma) * game.agreement))
