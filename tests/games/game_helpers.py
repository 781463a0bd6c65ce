"""Shared helpers for the game tests: games from payoff arrays, equilibrium sets as rounded or
exact tuples."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from negotiation.games.game import Game


def game(u, b=None) -> Game:
    """A game with players p0, p1, … and strategies s0, s1, … from a payoff tensor, or from the
    two matrices ``u`` (row player) and ``b`` (column player)."""
    u = np.array([np.asarray(u, dtype=float), np.asarray(b, dtype=float)]) if b is not None \
        else np.asarray(u, dtype=float)
    return Game.from_payoffs([f"p{i}" for i in range(len(u))],
                             [[f"s{k}" for k in range(s)] for s in u.shape[1:]], u)


def key(sigma, digits=6):
    return tuple(round(float(p), digits) + 0.0 for s in sigma for p in s)


def keys(sigmas, digits=6):
    return {key(s, digits) for s in sigmas}


def found(result, digits=6):
    """Equilibria of a solve() result (representatives excluded) as rounded tuples."""
    return keys([e.sigma for e in result.equilibria if not e.representative], digits)


def exact_set(result):
    """Extreme equilibria as pairs of exact strategies, from ``extreme_equilibria`` or from a
    two-player ``solve``."""
    return {(e.x_exact, e.y_exact) if hasattr(e, "x_exact") else e.exact
            for e in result.equilibria}


def eq(x, y):
    """An exact pair of strategies."""
    return (tuple(Fraction(v) for v in x), tuple(Fraction(v) for v in y))
