"""All extreme Nash equilibria of a two-player game, exactly, at any payoff scale.

With the row player's payoffs ``A`` and the column player's ``B`` (``m × n``), each mapped by a
positive affine transformation into ``[1, 2]`` (which changes no equilibrium), the best-response
polytopes are (von Stengel 2007, "Equilibrium computation for two-player games in strategic and
extensive form", *Algorithmic Game Theory* ch. 3)

    ``P = {x ∈ ℝ^m : x ≥ 0, Bᵀx ≤ 1}``,   ``Q = {y ∈ ℝ^n : A y ≤ 1, y ≥ 0}``,

with labels ``i`` for ``x_i = 0`` or ``(A y)_i = 1`` and ``m + j`` for ``(Bᵀx)_j = 1`` or
``y_j = 0``. The extreme equilibria are exactly the completely labelled pairs of nonzero
vertices, rescaled to probabilities, and every equilibrium lies in the convex hull of a set of
extreme equilibria all pairs of which are equilibria (a maximal Nash subset; von Stengel 2007,
Prop. 3.8; Winkels 1979; Avis, Rosenberg, Savani & von Stengel 2010).

Method (the structure of ``lrsnash``, Avis et al. 2010): every vertex ``x`` of the polytope of
smaller dimension is visited by a lexicographic walk over its bases
(:mod:`negotiation.games.basis_walk`: floating point with certified decisions, exact integer
arithmetic, :mod:`negotiation.games.exact_pivot`, where a decision cannot be certified). For each
vertex ``x`` with support ``S`` and binding columns ``T``, its partners are the vertices of the
face ``F(x) = {y ∈ Q : y_j = 0 (j ∉ T), (A y)_i = 1 (i ∈ S)}``. When the square system
``A[S, T] y_T = 1`` is nonsingular, ``F(x)`` is that one point (kept if feasible, decided with a
certified error bound or exactly); otherwise (degenerate games only) the other polytope is walked
as well and ``F(x)``'s vertices are those of its vertices whose labels complete ``x``'s.
Every reported equilibrium is then recomputed in rational arithmetic from its basis and checked
exactly (regret exactly zero).

Floats are taken at their exact binary value (``decimal=True``: at the shortest decimal that
rounds to them); ``Fraction``, ``int`` and ``"p/q"`` strings are accepted. The integer matrices
used come from the exact normalised payoffs, so multiplying a player's payoffs by any ``c > 0``
and adding any constant, exactly, gives identical results.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from negotiation.errors import InputError
from negotiation.games.basis_walk import certified_inverse, decode, walk
from negotiation.games.exact_pivot import (
    as_probabilities,
    exact_partner,
    polytope_matrix,
    solve_exact,
    to_fraction,
)

__all__ = ["ExtremeEquilibrium", "ExtremeResult", "extreme_equilibria", "nash_subsets"]

EPS = np.finfo(float).eps
CHECK_DEGENERACY_VERTICES = 5_000


@dataclass(frozen=True)
class ExtremeEquilibrium:
    """One extreme equilibrium, verified in exact arithmetic: the strategies as fractions and as
    floats (each the correctly rounded exact value)."""

    x: np.ndarray
    y: np.ndarray
    x_exact: tuple[Fraction, ...]
    y_exact: tuple[Fraction, ...]


@dataclass(frozen=True)
class ExtremeResult:
    """All extreme equilibria found and what is guaranteed about them; ``stats`` counts the
    bases walked (``bases``, ``exact_bases``, ``second_walk_bases``) and the CPU seconds."""

    equilibria: tuple[ExtremeEquilibrium, ...]
    complete: bool
    degenerate: bool | None
    notes: tuple[str, ...] = ()
    stats: dict = field(default_factory=dict)


def _fractions(matrix, decimal: bool) -> list[list[Fraction]]:
    arr = np.asarray(matrix, dtype=object)
    if arr.ndim != 2 or 0 in arr.shape:
        raise InputError(f"must be a nonempty matrix; got shape {arr.shape}", argument="payoffs")
    return [[to_fraction(v, decimal) for v in row] for row in arr]


def _as_float(K: list[list[int]], kmin: int) -> np.ndarray:
    """``K / min K`` in floating point, each entry correctly rounded (into ``[1, 2]``)."""
    return np.array([[v / kmin for v in row] for row in K], dtype=float)


def _vertex(K: list[list[int]], support, tight) -> tuple[int, ...]:
    """Exact numerators of the vertex of ``{z ≥ 0 : Kᵀz ≤ 1}`` with support ``support`` and
    binding columns ``tight`` (equal sizes, nonsingular)."""
    solved = solve_exact([[K[s][t] for s in support] for t in tight], [[1] for _ in tight])
    if solved is None:
        raise ArithmeticError("singular vertex system")
    z = [0] * len(K)
    for a, s in enumerate(support):
        z[s] = solved[1][a][0]
    return tuple(z)


class _PartnerSolver:
    """Partners of certified vertices of ``P`` in ``Q``: the callback given to :func:`walk`."""

    def __init__(self, KQf: np.ndarray, KQ: list[list[int]]):
        self.KQf, self.KQ = KQf, KQ
        self.found: list[tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]] = []
        self.unclear: list[tuple[tuple[int, ...], tuple[int, ...]]] = []

    def __call__(self, step, ok: np.ndarray) -> bool:
        S, T = step.support[ok], step.tight[ok]
        k = S.shape[1]
        if k == 0 or len(ok) == 0:
            return False
        M = self.KQf[S[:, :, None], T[:, None, :]]                       # rows S, cols T
        R, rho, norm_r = certified_inverse(M, 2.0 * k)
        y = R.sum(axis=2)
        ymax = np.abs(y).max(axis=1)
        err_y = 8 * (rho * ymax + (k + 2) * EPS * norm_r)
        finite = np.isfinite(rho)
        ymin = (y - err_y[:, None]).min(axis=1)
        negative = finite & ((y + err_y[:, None]).min(axis=1) < 0)   # certainly infeasible
        # Row slacks only where y may be feasible (most bases fail on the sign of y).
        rest = np.flatnonzero(~negative)
        S, T, y, rho = S[rest], T[rest], y[rest], rho[rest]
        err_y, ymax, ymin, finite = err_y[rest], ymax[rest], ymin[rest], finite[rest]
        slack = 1.0 - (self.KQf[:, T].transpose(1, 0, 2) @ y[:, :, None])[:, :, 0]   # (N, m)
        np.put_along_axis(slack, S, np.inf, axis=1)                      # rows of S: = 1
        err_s = 2 * k * err_y + 8 * (k + 3) * EPS * (1 + 2 * k * ymax)
        smin = slack.min(axis=1)
        good = finite & (ymin > 0) & (smin > err_s)
        bad = finite & (smin < -err_s)
        for i in np.flatnonzero(good):
            self.found.append((tuple(S[i].tolist()), tuple(T[i].tolist()), ()))
        for i in np.flatnonzero(~good & ~bad):
            self.unclear.append((tuple(S[i].tolist()), tuple(T[i].tolist())))
        return False


def _walk_q(KQ: list[list[int]], KQf: np.ndarray, max_exact: int, max_bases: int | None):
    """Every nonzero vertex of ``Q``: its full label set (game labels, bool), a support and
    binding rows defining it (for exact values), and whether ``Q`` is degenerate."""
    m, n = KQf.shape
    K_t = [list(col) for col in zip(*KQ)]                               # n × m
    res = walk(KQf.T.copy(), K_t, max_exact=max_exact, max_bases=max_bases)
    perm = np.r_[m:m + n, 0:m]                  # walk label → game label
    masks, defs = [], []
    if res.certified:
        labels = decode(np.concatenate(res.certified), m + n)
        labels = labels[~labels[:, :n].all(axis=1)]
        masks.append(labels[:, perm.argsort()])
        defs += [(tuple(np.flatnonzero(~lab[:n]).tolist()),
                  tuple(np.flatnonzero(lab[n:]).tolist()), None) for lab in labels]
    degenerate = False
    seen = set()
    for basis in res.exact.values():
        if basis.tight in seen or not any(basis.point):
            continue
        seen.add(basis.tight)
        degenerate |= len(basis.tight) > n
        full = np.zeros((1, m + n), bool)
        full[0, perm[sorted(basis.tight)]] = True
        masks.append(full)
        defs.append(((), (), basis.point))
    masks = np.concatenate(masks) if masks else np.zeros((0, m + n), bool)
    return masks, defs, degenerate, res.complete, res.bases


def extreme_equilibria(A, B, *, decimal: bool = False, max_exact: int = 100_000,
                       max_bases: int | None = None, check_degeneracy: bool | None = None
                       ) -> ExtremeResult:
    """All extreme Nash equilibria of the bimatrix game ``(A, B)``; see the module docstring.

    ``complete`` is true when every basis was walked: only the budgets ``max_exact`` (exact
    bases, a guard against huge degenerate games) and ``max_bases`` (bases per walk; none by
    default) can stop a walk, and then the equilibria found so far are still returned.
    ``degenerate`` is true or false when decided (both polytopes walked, or a degenerate
    vertex met), else ``None``; ``check_degeneracy`` forces (True) or skips (False) the second
    walk that decides it, by default done when the first polytope has at most 5,000 bases.

    >>> r = extreme_equilibria([[2, 0], [0, 1]], [[1, 0], [0, 2]])     # Battle of the Sexes
    >>> len(r.equilibria), r.complete, r.degenerate
    (3, True, False)
    >>> [str(v) for v in r.equilibria[-1].x_exact], [str(v) for v in r.equilibria[-1].y_exact]
    (['2/3', '1/3'], ['1/3', '2/3'])
    """
    start = time.process_time()
    FA, FB = _fractions(A, decimal), _fractions(B, decimal)
    if np.shape(FA) != np.shape(FB):
        raise InputError(f"the two players' matrices differ in shape ({np.shape(FA)} and "
                         f"{np.shape(FB)})", argument="payoffs")
    m, n = len(FA), len(FA[0])
    swap = n < m
    if swap:                                   # walk the polytope of smaller dimension
        FA, FB = [list(r) for r in zip(*FB)], [list(r) for r in zip(*FA)]
        m, n = n, m
    KP, kp = polytope_matrix(FB)               # P = {x ≥ 0 : KPᵀ x ≤ 1}
    KQ, kq = polytope_matrix(FA)               # Q = {y ≥ 0 : KQ y ≤ 1}
    KPf, KQf = _as_float(KP, kp), _as_float(KQ, kq)
    partner = _PartnerSolver(KQf, KQ)
    res = walk(KPf, KP, on_certified=partner, max_exact=max_exact, max_bases=max_bases)
    complete = res.complete
    notes = []
    pairs: list[tuple[tuple[int, ...], tuple[int, ...]]] = []       # exact numerators
    for S, T, _ in partner.found:
        pairs.append((_vertex(KP, S, T), _exact_y(KQ, S, T)))
    pending = []                               # (full label mask of x, x numerators)
    degenerate_q_met = False
    for S, T in partner.unclear:
        x = _vertex(KP, S, T)
        degenerate_q_met |= _partner_or_pending(KQ, x, T, m, pairs, pending)
    degenerate_p = False
    seen = set()
    for basis in res.exact.values():
        if basis.tight in seen or not any(basis.point):
            continue
        seen.add(basis.tight)
        degenerate_p |= len(basis.tight) > m
        T = tuple(j for j in range(n) if m + j in basis.tight)
        degenerate_q_met |= _partner_or_pending(KQ, basis.point, T, m, pairs, pending)
    degenerate: bool | None = True if degenerate_p or degenerate_q_met else None
    if check_degeneracy is None:
        check_degeneracy = res.bases <= CHECK_DEGENERACY_VERTICES
    q_bases = 0
    if pending or (check_degeneracy and not degenerate_p):
        masks, defs, degenerate_q, q_complete, q_bases = _walk_q(KQ, KQf, max_exact, max_bases)
        complete &= q_complete
        degenerate = degenerate_p or degenerate_q_met or degenerate_q
        for x_mask, x in pending:
            hits = np.flatnonzero(np.all(masks | x_mask, axis=1))
            for h in hits:
                support, rows, point = defs[h]
                y = point if point is not None else _vertex(
                    [list(col) for col in zip(*KQ)], support, rows)
                pairs.append((x, y))
    if not complete:
        notes.append(f"the walk over the best-response polytope stopped at its budget "
                     f"({max_bases or 0:,} bases, or {max_exact:,} bases needing exact "
                     "arithmetic): equilibria may be missing; those listed are verified")
    if degenerate:
        notes.append("the game is degenerate: some mixed strategy has more pure best responses "
                     "than the size of its support; equilibria may form continua, listed by "
                     "their extreme points")
    eqs = _finish(KP, KQ, pairs, swap)
    stats = {"bases": res.bases, "exact_bases": len(res.exact), "second_walk_bases": q_bases,
             "seconds_cpu": time.process_time() - start}
    return ExtremeResult(eqs, complete, degenerate, tuple(notes), stats)


def _exact_y(KQ, S, T) -> tuple[int, ...]:
    got = exact_partner(KQ, S, T)
    if not isinstance(got, tuple):
        raise ArithmeticError("a certified partner failed its exact check")
    return got[1]


def _partner_or_pending(KQ, x, T, m: int, pairs: list, pending: list) -> bool:
    """The partner of vertex ``x`` of ``P`` (numerators) if the face ``F(x)`` is one point, else
    queue ``x`` for matching against the vertices of ``Q``. Returns whether that partner is a
    degenerate vertex of ``Q`` (more binding constraints than its dimension)."""
    support = tuple(i for i in range(m) if x[i] > 0)
    got = exact_partner(KQ, support, T) if len(support) == len(T) else "singular"
    if isinstance(got, tuple):
        det, y = got
        pairs.append((tuple(x), y))
        binding = sum(1 for row in KQ if sum(r * v for r, v in zip(row, y)) == det)
        return binding + sum(1 for v in y if v == 0) > len(y)
    if got == "singular":
        mask = np.zeros(m + len(KQ[0]), bool)
        mask[[i for i in range(m) if x[i] == 0]] = True
        mask[[m + j for j in T]] = True
        pending.append((mask, tuple(x)))
    return False


def _finish(KP, KQ, pairs, swap: bool) -> tuple[ExtremeEquilibrium, ...]:
    """Exact probabilities, each pair verified exactly (every pure strategy in a support is a best
    response in the integer game, a positive affine image of the payoffs); original player
    order, fewest strategies used first."""
    out = {}
    for xn, yn in pairs:
        payoff_rows = [sum(r[j] * yn[j] for j in range(len(yn))) for r in KQ]
        payoff_cols = [sum(KP[i][j] * xn[i] for i in range(len(xn))) for j in range(len(yn))]
        if not (all(payoff_rows[i] == max(payoff_rows) for i in range(len(xn)) if xn[i])
                and all(payoff_cols[j] == max(payoff_cols)
                        for j in range(len(yn)) if yn[j])):
            raise ArithmeticError("an extreme equilibrium failed its exact check")
        xe, ye = as_probabilities(xn), as_probabilities(yn)
        out[(ye, xe) if swap else (xe, ye)] = None
    eqs = [ExtremeEquilibrium(np.array([float(v) for v in xe]), np.array([float(v) for v in ye]),
                              xe, ye) for xe, ye in out]
    eqs.sort(key=lambda e: (np.count_nonzero(e.x) + np.count_nonzero(e.y),
                            [-v for v in e.x_exact + e.y_exact]))
    return tuple(eqs)


def nash_subsets(pairs: Iterable[tuple[tuple[Fraction, ...], tuple[Fraction, ...]]]
                 ) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """The maximal Nash subsets of a list of extreme equilibria ``(x, y)`` (exact strategies), as
    pairs (indices of distinct ``x``, indices of distinct ``y``) into the lists ``xs`` / ``ys``
    of distinct strategies in order of appearance: the maximal complete bipartite subgraphs
    ("cliques") of the graph whose edges are the extreme equilibria (Winkels 1979; von Stengel
    2007 §3.6). Every equilibrium is in ``conv xs[X] × conv ys[Y]`` for one of them.

    >>> a, b, c = (1,), (0, 1), (1, 0)
    >>> nash_subsets([(a, b), (a, c)])         # one segment of equilibria
    [((0,), (0, 1))]
    """
    xs, ys = {}, {}
    edges: dict[int, set[int]] = {}
    for x, y in pairs:
        i = xs.setdefault(x, len(xs))
        j = ys.setdefault(y, len(ys))
        edges.setdefault(i, set()).add(j)
    intents = {frozenset(v) for v in edges.values()}
    frontier = set(intents)
    while frontier:                              # close under intersection
        new = {a & b for a in frontier for b in intents} - intents - {frozenset()}
        intents |= new
        frontier = new
    out = []
    for Y in intents:
        X = tuple(sorted(i for i, v in edges.items() if Y <= v))
        out.append((X, tuple(sorted(Y))))
    return sorted(out)
