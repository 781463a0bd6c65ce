"""Independent reference: every extreme equilibrium of a small bimatrix game by brute force in
exact rational arithmetic (for tests only; games up to about 6 × 6).

A vertex of ``P = {x ≥ 0 : Bᵀx ≤ 1}`` (``B > 0``) is the unique solution of ``m`` linearly
independent binding constraints, so it is the solution of ``x_i = 0`` off a set ``S`` and
``(Bᵀx)_j = 1`` on a set ``T`` with ``|S| = |T|`` and ``B[S, T]`` nonsingular. Trying every such
pair ``(S, T)`` (``C(m + n, m)`` systems), solving it with fractions and keeping the feasible
solutions gives every vertex; likewise for ``Q``. Labels are then read off exactly, and the
completely labelled pairs of nonzero vertices are the extreme equilibria (von Stengel 2007,
Prop. 3.8). Shares no code with the module under test.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations


def _solve(rows: list[list[Fraction]], rhs: list[Fraction]) -> list[Fraction] | None:
    """Gauss–Jordan elimination over the rationals; None if singular."""
    k = len(rows)
    a = [list(r) + [b] for r, b in zip(rows, rhs)]
    for c in range(k):
        p = next((r for r in range(c, k) if a[r][c] != 0), None)
        if p is None:
            return None
        a[c], a[p] = a[p], a[c]
        inv = 1 / a[c][c]
        a[c] = [v * inv for v in a[c]]
        for r in range(k):
            if r != c and a[r][c] != 0:
                f = a[r][c]
                a[r] = [v - f * w for v, w in zip(a[r], a[c])]
    return [a[r][k] for r in range(k)]


def _positive(matrix) -> list[list[Fraction]]:
    vals = [[Fraction(v) for v in row] for row in matrix]
    low = min(min(r) for r in vals)
    return [[v - low + 1 for v in row] for row in vals]


def vertices(M: list[list[Fraction]]) -> list[tuple[tuple[Fraction, ...], frozenset[int]]]:
    """Nonzero vertices of ``{z ≥ 0 : Mᵀz ≤ 1}`` (``M`` is ``d × c``, positive) with their
    label sets (``i`` for ``z_i = 0``, ``d + j`` for ``(Mᵀz)_j = 1``)."""
    d, c = len(M), len(M[0])
    found = {}
    for k in range(1, min(d, c) + 1):
        for S in combinations(range(d), k):
            for T in combinations(range(c), k):
                sol = _solve([[M[s][t] for s in S] for t in T], [Fraction(1)] * k)
                if sol is None or min(sol) < 0:
                    continue
                z = [Fraction(0)] * d
                for s, v in zip(S, sol):
                    z[s] = v
                load = [sum(M[i][j] * z[i] for i in range(d)) for j in range(c)]
                if max(load) > 1:
                    continue
                labels = frozenset([i for i in range(d) if z[i] == 0]
                                   + [d + j for j in range(c) if load[j] == 1])
                found[tuple(z)] = labels
    return list(found.items())


def extreme_equilibria(A, B) -> set[tuple[tuple[Fraction, ...], tuple[Fraction, ...]]]:
    """The set of extreme equilibria ``(x, y)`` as exact probability vectors."""
    Ap, Bp = _positive(A), _positive(B)
    m, n = len(Ap), len(Ap[0])
    xs = vertices(Bp)                                          # labels: i, m + j
    At = [[Ap[i][j] for i in range(m)] for j in range(n)]
    ys = [(y, frozenset((j + m) if j < n else (j - n) for j in lab))
          for y, lab in vertices(At)]                          # relabel to i, m + j
    out = set()
    everything = frozenset(range(m + n))
    for x, lx in xs:
        for y, ly in ys:
            if lx | ly == everything:
                sx, sy = sum(x), sum(y)
                out.add((tuple(v / sx for v in x), tuple(v / sy for v in y)))
    return out
