"""Exact arithmetic for the best-response polytopes of two-player games: exact payoffs,
integer-preserving Gauss–Jordan elimination, and one lexicographic pivoting step of the kind
Avis's ``lrs`` takes (used by :mod:`negotiation.games.basis_walk` wherever floating point cannot
decide).

All numbers here are Python integers (or :class:`fractions.Fraction`): a float payoff is a dyadic
rational and is taken at its exact binary value, so nothing in this module rounds.

The polytope is ``P = {z ∈ ℝ^d : z ≥ 0, Kᵀ z ≤ 1}`` for a positive integer matrix ``K``
(``d × c``). Its constraints are numbered by *labels*: label ``i < d`` is ``z_i ≥ 0`` and label
``d + j`` is ``(Kᵀ z)_j ≤ 1``. A *basis* is a set of ``d`` labels whose constraints, taken as
equations, have a unique solution.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from negotiation.errors import InputError

__all__ = ["to_fraction", "polytope_matrix", "solve_exact", "ExactBasis", "exact_basis",
           "exact_partner", "as_probabilities"]


def to_fraction(value: object, decimal: bool = False) -> Fraction:
    """The exact rational value of a payoff: a float's binary value (or, with ``decimal``, the
    shortest decimal that rounds to it, i.e. what ``repr`` prints), an int, a Fraction, or a
    string such as ``"5/2"``."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, str):
        return Fraction(value)
    if isinstance(value, int) or (hasattr(value, "dtype") and value.dtype.kind in "iu"):
        return Fraction(int(value))
    f = float(value)
    if not math.isfinite(f):
        raise InputError("every payoff must be a finite number", argument="payoffs",
                         value=value)
    return Fraction(repr(f)) if decimal else Fraction(f)


def polytope_matrix(payoff: Sequence[Sequence[Fraction]]) -> tuple[list[list[int]], int]:
    """A positive integer matrix ``K`` proportional to ``(U − min U)/(max U − min U) + 1`` (entries
    of the latter lie in ``[1, 2]``), and its smallest entry. Positive affine maps of a player's
    payoffs change neither the labels of the polytope's nonzero vertices nor the equilibria
    (von Stengel 2007, §3.3), so ``K`` defines the same combinatorics as the payoffs."""
    flat = [v for row in payoff for v in row]
    low, high = min(flat), max(flat)
    if high == low:
        return [[1] * len(row) for row in payoff], 1
    shifted = [[v - 2 * low + high for v in row] for row in payoff]
    scale = math.lcm(*(v.denominator for row in shifted for v in row))
    ints = [[int(v * scale) for v in row] for row in shifted]
    common = math.gcd(*(v for row in ints for v in row))
    ints = [[v // common for v in row] for row in ints]
    return ints, min(v for row in ints for v in row)


def solve_exact(matrix: list[list[int]], rhs: list[list[int]]
                ) -> tuple[int, list[list[int]]] | None:
    """``(det, det · M⁻¹ R)`` with ``det > 0`` for a square integer ``M`` (``k × k``) and integer
    right-hand sides ``R`` (``k × r``), or ``None`` when ``M`` is singular.

    Integer-preserving Gauss–Jordan elimination (Edmonds 1967; Bareiss 1968): every update
    ``a_ij ← (p · a_ij − a_ic · a_cj) / p_prev`` divides exactly, so entries stay integers
    bounded by minors of the input, and no gcd is ever taken. At the end each diagonal entry is
    ``±det M`` and the right-hand block is that entry times ``M⁻¹ R``."""
    k = len(matrix)
    if k == 0:
        return 1, []
    a = [list(matrix[i]) + list(rhs[i]) for i in range(k)]
    width = len(a[0])
    prev = 1
    for c in range(k):
        p = next((r for r in range(c, k) if a[r][c] != 0), None)
        if p is None:
            return None
        if p != c:
            a[c], a[p] = a[p], a[c]
        row_c = a[c]
        piv = row_c[c]
        for i in range(k):
            if i == c:
                continue
            row = a[i]
            f = row[c]
            if f == 0:
                a[i] = [(piv * v) // prev for v in row]
            else:
                a[i] = [(piv * v - f * w) // prev for v, w in zip(row, row_c)]
        prev = piv
    det = a[0][0]
    sign = 1 if det > 0 else -1
    return sign * det, [[sign * a[i][j] for j in range(k, width)] for i in range(k)]


@dataclass(frozen=True)
class ExactBasis:
    """One lexicographically feasible basis, computed exactly.

    ``point``: the vertex as integer numerators over ``det`` (length ``d``); ``tight``: every
    label whose constraint is binding at the vertex (the basis and any degenerate extras);
    ``neighbours``: for each label of the basis, the basis reached by the lexicographic ratio
    test when that label is dropped, as a frozenset of labels."""

    labels: frozenset[int]
    point: tuple[int, ...]
    det: int
    tight: frozenset[int]
    neighbours: tuple[frozenset[int], ...]


def exact_basis(K: list[list[int]], labels: frozenset[int]) -> ExactBasis:
    """The vertex of ``{z ≥ 0 : Kᵀz ≤ 1}`` at basis ``labels``, its binding constraints, and its
    neighbouring bases under the lexicographic minimum-ratio rule.

    The right-hand side of constraint ``c`` is perturbed by ``ε^(c+1)``; a basis is feasible for
    all small ``ε > 0`` iff each nonbasic slack, as the vector of its coefficients of
    ``1, ε, ε², …``, is lexicographically positive, and the perturbed polytope is simple, so each
    basis has exactly ``d`` neighbours and the graph of bases is connected (Dantzig, Orden &
    Wolfe 1955; Avis & Fukuda 1992; Avis 2000 for lrs). In the basis's own coordinates the
    coefficient of ``ε^(c'+1)`` in nonbasic slack ``c`` is the rate ``ρ_c(c')`` at which
    constraint ``c`` is approached along the edge that drops basic label ``c'``, and that of
    ``ε^(c+1)`` is 1; the entering label is the lexicographic minimum of slack/rate."""
    d, ncons = len(K), len(K[0])
    support = [i for i in range(d) if i not in labels]
    zeros = [i for i in range(d) if i in labels]
    tight_cols = [j for j in range(ncons) if d + j in labels]
    free_cols = [j for j in range(ncons) if d + j not in labels]
    k = len(support)
    matrix = [[K[s][t] for s in support] for t in tight_cols]
    rhs = [[1] + [K[z][t] for z in zeros] + [int(t == u) for u in tight_cols] for t in tight_cols]
    solved = solve_exact(matrix, rhs)
    if solved is None:
        raise ArithmeticError(f"basis {sorted(labels)} is singular")
    det, sol = solved
    x_s = [sol[a][0] for a in range(k)]
    directions = zeros + [d + t for t in tight_cols]           # basic labels, column order
    # delta[l][a]: component a (over `support`) of the edge direction dropping label l, × det.
    delta = {e: [-sol[a][1 + idx] for a in range(k)] for idx, e in enumerate(directions)}
    point = [0] * d
    for a, s in enumerate(support):
        point[s] = x_s[a]
    nonbasic = list(support) + [d + j for j in free_cols]
    slack, rate = {}, {}
    for a, s in enumerate(support):
        slack[s] = x_s[a]
        rate[s] = {e: -delta[e][a] for e in directions}
    for j in free_cols:
        col = [K[s][j] for s in support]
        slack[d + j] = det - sum(c * v for c, v in zip(col, x_s))
        rate[d + j] = {e: sum(c * v for c, v in zip(col, delta[e]))
                       + (K[e][j] * det if e < d else 0) for e in directions}
    basic_order = sorted(labels)

    def lex_less(a: int, b: int, edge: int) -> bool:
        ra, rb = rate[a][edge], rate[b][edge]
        for p in ["s"] + sorted(basic_order + [a, b]):
            if p == "s":
                va, vb = slack[a], slack[b]
            else:
                va = det if p == a else (rate[a][p] if p in labels else 0)
                vb = det if p == b else (rate[b][p] if p in labels else 0)
            diff = va * rb - vb * ra
            if diff:
                return diff < 0
        return False

    neighbours = []
    for edge in directions:
        best = None
        for c in nonbasic:
            if rate[c][edge] > 0 and (best is None or lex_less(c, best, edge)):
                best = c
        if best is None:
            raise ArithmeticError("unbounded edge: the polytope is not bounded")
        neighbours.append((labels - {edge}) | {best})
    tight = labels | {c for c in nonbasic if slack[c] == 0}
    return ExactBasis(labels, tuple(point), det, frozenset(tight), tuple(neighbours))


def exact_partner(K: list[list[int]], rows: Sequence[int], cols: Sequence[int]
                  ) -> tuple[int, tuple[int, ...]] | None | str:
    """The unique ``y ≥ 0`` with support in ``cols``, ``(K y)_i = 1`` for ``i ∈ rows`` and
    ``K y ≤ 1`` (``K`` positive integer, ``m × n``), as ``(det, numerators over n)``; ``None``
    when that point is infeasible; ``"singular"`` when the square system does not determine it
    (then the face may be a segment or more, and its vertices must be enumerated)."""
    if len(rows) != len(cols) or not rows:
        return "singular"
    solved = solve_exact([[K[i][j] for j in cols] for i in rows], [[1] for _ in rows])
    if solved is None:
        return "singular"
    det, sol = solved
    y = [0] * len(K[0])
    for a, j in enumerate(cols):
        if sol[a][0] < 0:
            return None
        y[j] = sol[a][0]
    for i in range(len(K)):
        if sum(K[i][j] * y[j] for j in cols) > det:
            return None
    return det, tuple(y)


def as_probabilities(numerators: Sequence[int]) -> tuple[Fraction, ...]:
    """A nonzero nonnegative vector rescaled to sum to one, exactly."""
    total = sum(numerators)
    return tuple(Fraction(v, total) for v in numerators)
