"""All extreme Nash equilibria of a two-player game, by vertex enumeration.

With the row player's payoffs ``A`` and the column player's ``B`` (both ``m × n``, shifted and
scaled to lie in ``[1, 2]``, which changes no equilibrium), the *best-response polytopes* are
(von Stengel 2007, "Equilibrium computation for two-player games in strategic and extensive
form", in Nisan et al., *Algorithmic Game Theory*, ch. 3)

    ``P = {x ∈ ℝ^m : x ≥ 0, Bᵀx ≤ 1}``,   ``Q = {y ∈ ℝ^n : A y ≤ 1, y ≥ 0}``.

A point's *labels* are the constraints tight at it: ``x`` has label ``i`` when ``x_i = 0`` and
``m + j`` when ``(Bᵀx)_j = 1``; ``y`` has label ``i`` when ``(A y)_i = 1`` and ``m + j`` when
``y_j = 0``. A pair of vertices ``(x, y) ≠ (0, 0)`` whose labels together cover ``{0, …, m+n−1}``,
rescaled to probability vectors, is an *extreme* Nash equilibrium, and every extreme equilibrium
arises this way (Avis, Rosenberg, Savani & von Stengel 2010, "Enumeration of Nash equilibria for
two-player games", *Economic Theory* 42). Every equilibrium of the game is a convex combination of
extreme equilibria within a maximal Nash subset, so the list is a complete description, whether
or not the game is degenerate.

The game is *degenerate* exactly when some vertex of ``P`` has more than ``m`` labels or some
vertex of ``Q`` more than ``n`` (a mixed strategy with more pure best responses than the size of
its support; a face with too many labels contains such a vertex). Degenerate games may have
continua of equilibria; their extreme points are what is listed.

Vertices of ``{z ≥ 0 : M z ≤ 1}`` are found in one of two ways:

- **bases** (exact enumeration): every vertex is the solution of a nonsingular system
  ``M[T, S] z_S = 1``, ``z = 0`` off ``S``, for some support ``S`` and tight rows ``T`` of equal
  size; all ``Σ_k C(d, k) C(r, k) = C(r + d, d) − 1`` such systems are solved as stacked arrays,
  and the feasible solutions kept. Degenerate vertices are found once per basis and merged.
- **qhull** (for larger games): the polytope's vertices from Qhull's halfspace intersection
  (``scipy.spatial.HalfspaceIntersection``), the method QuantEcon uses; cross-checked against
  bases in the tests.
"""

from __future__ import annotations

import math
from itertools import combinations

import numpy as np

LABEL_TOL = 1e-9
BASES_LIMIT = 20_000       # systems (8 × 8 games); beyond this the qhull method is used


def normalise(matrix: np.ndarray) -> np.ndarray:
    """``matrix`` shifted and scaled into ``[1, 2]`` (a positive affine map of payoffs)."""
    low, high = float(matrix.min()), float(matrix.max())
    return (matrix - low) / (high - low if high > low else 1.0) + 1.0


def basis_count(rows: int, dims: int) -> int:
    """Number of systems the bases method solves for an ``rows × dims`` matrix."""
    return math.comb(rows + dims, dims) - 1


def polytope_vertices(matrix: np.ndarray, method: str = "auto") -> np.ndarray:
    """The vertices other than ``0`` of ``{z ≥ 0 : M z ≤ 1}`` (``M`` positive), one per row.

    >>> polytope_vertices(np.array([[1.0, 2.0]])).round(6).tolist()
    [[1.0, 0.0], [0.0, 0.5]]
    """
    rows, dims = matrix.shape
    if method == "auto":
        method = "bases" if dims == 1 or basis_count(rows, dims) <= BASES_LIMIT else "qhull"
    found = _vertices_bases(matrix) if method == "bases" else _vertices_qhull(matrix)
    found = found[np.abs(found).max(axis=1) > LABEL_TOL]
    return _unique_rows(found)


def _unique_rows(points: np.ndarray) -> np.ndarray:
    if len(points) == 0:
        return points
    _, first = np.unique(np.round(points, 8), axis=0, return_index=True)
    return points[np.sort(first)]


def _vertices_bases(matrix: np.ndarray, chunk: int = 1 << 16) -> np.ndarray:
    rows, dims = matrix.shape
    out = []
    for k in range(1, min(rows, dims) + 1):
        supports = np.array(list(combinations(range(dims), k)))
        tight = np.array(list(combinations(range(rows), k)))
        pairs = len(supports) * len(tight)
        for start in range(0, pairs, chunk):
            index = np.arange(start, min(pairs, start + chunk))
            s, t = supports[index // len(tight)], tight[index % len(tight)]
            systems = matrix[t[:, :, None], s[:, None, :]]                      # (c, k, k)
            # Skip singular bases: |det| small against Hadamard's bound on it.
            bound = np.prod(np.linalg.norm(systems, axis=2), axis=1)
            ok = np.abs(np.linalg.det(systems)) > 1e-12 * bound
            if not ok.any():
                continue
            s, systems = s[ok], systems[ok]
            solution = np.linalg.solve(systems, np.ones((len(systems), k, 1)))[:, :, 0]
            z = np.zeros((len(s), dims))
            np.put_along_axis(z, s, solution, axis=1)
            feasible = np.all(z >= -LABEL_TOL, axis=1) & np.all(
                z @ matrix.T <= 1 + LABEL_TOL, axis=1)
            out.append(np.maximum(z[feasible], 0.0))
    return np.concatenate(out) if out else np.zeros((0, dims))


def _vertices_qhull(matrix: np.ndarray) -> np.ndarray:
    from scipy.spatial import HalfspaceIntersection

    rows, dims = matrix.shape
    halfspaces = np.vstack([np.hstack([matrix, -np.ones((rows, 1))]),
                            np.hstack([-np.eye(dims), np.zeros((dims, 1))])])
    interior = np.full(dims, 0.5 / matrix.sum(axis=1).max())
    points = HalfspaceIntersection(halfspaces, interior).intersections
    keep = np.all(points >= -LABEL_TOL, axis=1) & np.all(points @ matrix.T <= 1 + LABEL_TOL,
                                                          axis=1)
    return np.maximum(points[keep], 0.0)


def extreme_equilibria(a: np.ndarray, b: np.ndarray, method: str = "auto"
                       ) -> tuple[list[tuple[np.ndarray, np.ndarray]], bool]:
    """All extreme equilibria ``(x, y)`` of the game ``(A, B)`` and whether it is degenerate."""
    a, b = normalise(np.asarray(a, float)), normalise(np.asarray(b, float))
    m, n = a.shape
    xs = polytope_vertices(b.T, method)            # vertices of P
    ys = polytope_vertices(a, method)              # vertices of Q
    lx = np.hstack([xs <= LABEL_TOL, xs @ b >= 1 - LABEL_TOL])
    ly = np.hstack([ys @ a.T >= 1 - LABEL_TOL, ys <= LABEL_TOL])
    degenerate = bool((lx.sum(axis=1) > m).any() or (ly.sum(axis=1) > n).any())
    pairs = _complementary(lx, ly, exact=not degenerate)
    out = []
    for i, j in pairs:
        x, y = xs[i] / xs[i].sum(), ys[j] / ys[j].sum()
        out.append(polish(a, b, x, y))
    return out, degenerate


def _complementary(lx: np.ndarray, ly: np.ndarray, exact: bool) -> list[tuple[int, int]]:
    """Index pairs ``(i, j)`` whose label rows together cover every label.

    In a nondegenerate game each vertex has exactly as many labels as its dimension, so the
    partner's label set is exactly the complement: a dictionary lookup. Otherwise every pair is
    tested, in blocks.
    """
    px, py = np.packbits(lx, axis=1), np.packbits(ly, axis=1)
    if exact:
        complement = np.packbits(~lx, axis=1)
        index = {row.tobytes(): j for j, row in enumerate(py)}
        return [(i, index[row.tobytes()]) for i, row in enumerate(complement)
                if row.tobytes() in index]
    full = np.packbits(np.ones(lx.shape[1], dtype=bool))
    pairs = []
    step = max(1, (1 << 24) // max(1, len(py) * px.shape[1]))
    for start in range(0, len(px), step):
        covered = np.all((px[start:start + step, None, :] | py[None, :, :]) == full, axis=2)
        pairs += [(start + int(i), int(j)) for i, j in np.argwhere(covered)]
    return pairs


def polish(a: np.ndarray, b: np.ndarray, x: np.ndarray, y: np.ndarray
           ) -> tuple[np.ndarray, np.ndarray]:
    """Re-solve the indifference equations on the supports of ``(x, y)`` by least squares, so
    the probabilities are exact to rounding; keep the original if that is no better. Only
    square systems (supports of equal size) are re-solved: a degenerate equilibrium's system may
    have many solutions, and the vertex found is the one wanted."""
    sx, sy = x > LABEL_TOL, y > LABEL_TOL
    if sx.sum() != sy.sum():
        return x, y

    def solve(payoff: np.ndarray, support: np.ndarray) -> np.ndarray | None:
        # payoff[rows, support] @ p = v for every row that must be indifferent, Σ p = 1.
        k = int(support.sum())
        system = np.vstack([np.hstack([payoff[:, support], -np.ones((len(payoff), 1))]),
                            np.append(np.ones(k), 0.0)])
        rhs = np.append(np.zeros(len(payoff)), 1.0)
        sol, *_ = np.linalg.lstsq(system, rhs, rcond=None)
        full = np.zeros(len(support))
        full[support] = sol[:k]
        return full if np.all(full >= -LABEL_TOL) else None

    y2 = solve(a[sx], sy)
    x2 = solve(b.T[sy], sx)
    if y2 is None or x2 is None:
        return x, y
    x2, y2 = np.maximum(x2, 0.0), np.maximum(y2, 0.0)
    x2, y2 = x2 / x2.sum(), y2 / y2.sum()
    return (x2, y2) if _regret(a, b, x2, y2) <= _regret(a, b, x, y) else (x, y)


def _regret(a: np.ndarray, b: np.ndarray, x: np.ndarray, y: np.ndarray) -> float:
    ay, xb = a @ y, x @ b
    return max(float(ay.max() - x @ ay), float(xb.max() - xb @ y))
