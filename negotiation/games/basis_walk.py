"""All vertices of a best-response polytope by a breadth-first walk over its lexicographic bases,
in floating point where every decision is certified, exactly where it is not.

The polytope is ``P = {z ∈ ℝ^d : z ≥ 0, Kᵀz ≤ 1}`` (``K`` positive, ``d × c``), labels as in
:mod:`negotiation.games.exact_pivot`. With the right-hand side perturbed lexicographically,
``P`` becomes simple, its feasible bases are its vertices, each has exactly ``d`` neighbours (one
per basic label dropped) and the graph they form is connected (Balinski 1961); every vertex of
``P`` is the unperturbed solution of at least one such basis. A breadth-first search from the
basis of ``z = 0`` over this graph therefore visits every vertex: it is the search of Avis &
Fukuda (1992) and Avis's ``lrs`` (2000) with a hash table of visited bases instead of reverse
search's parent test.

Each basis is first processed in floating point, batched over all bases of a layer with the same
support size ``k``: the ``k × k`` system is inverted and an a posteriori error bound is computed
(Rump 1983-style: with ``R ≈ M⁻¹`` and ``η = ‖I − RM‖∞`` plus rounding and input-representation
terms, ``‖M⁻¹w − Rw‖∞ ≤ η/(1−η) ‖Rw‖∞`` plus rounding). A basis is *certified* when every
nonbasic slack exceeds its error bound (the vertex is nondegenerate, so its binding constraints
are exactly the basis) and, for every dropped label, the minimum ratio's upper bound is below
every other candidate's lower bound (the entering label is the one exact arithmetic, with any
perturbation, would choose). Every other basis — degenerate, nearly degenerate, or badly
conditioned — is redone in exact integer arithmetic
(:func:`~negotiation.games.exact_pivot.exact_basis`). The walk thus visits exactly the bases an
exact lexicographic walk visits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from negotiation.games.exact_pivot import ExactBasis, exact_basis

__all__ = ["Walk", "FloatStep", "walk", "float_step", "certified_inverse", "decode"]

EPS = np.finfo(float).eps
SAFETY = 8.0                # multiplies every error bound
CHUNK = 16384


@dataclass
class FloatStep:
    """Float processing of bases with equal support size ``k`` (rows are bases)."""

    certified: np.ndarray        # (N,) bool
    values: np.ndarray           # (N, k) the vertex's coordinates on its support
    drop: np.ndarray             # (N, d) basic labels, one per edge
    enter: np.ndarray            # (N, d) label entering along that edge
    support: np.ndarray          # (N, k) support of z (the non-basic coordinates)
    tight: np.ndarray            # (N, k) indices j of the binding constraints (Kᵀz)_j = 1


@dataclass
class Walk:
    """Result of a walk: certified bases (each a nondegenerate vertex) and exact bases."""

    certified: list[np.ndarray] = field(default_factory=list)       # blocks of keys
    exact: dict[frozenset, ExactBasis] = field(default_factory=dict)   # by basis labels
    bases: int = 0
    complete: bool = True


def certified_inverse(M: np.ndarray, bound_m: float | None = None
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``R ≈ M⁻¹`` for a stack of square matrices, ``ρ`` with ``‖M⁻¹w − Rw‖∞ ≤ ρ‖Rw‖∞`` for
    the exact matrices ``M(1 + δ)``, ``|δ| ≤ u`` (``ρ = inf`` where this cannot be shown), and
    ``‖R‖∞``. ``bound_m`` is an upper bound of ``‖M‖∞`` if known (else computed)."""
    n, k, _ = M.shape
    R = np.zeros_like(M)
    rho = np.full(n, np.inf)
    if n == 0 or k == 0:
        return R, np.zeros(n) if k == 0 else rho, np.zeros(n)
    try:
        R = np.linalg.inv(M)
    except np.linalg.LinAlgError:
        for i in range(n):
            try:
                R[i] = np.linalg.inv(M[i])
            except np.linalg.LinAlgError:
                R[i] = np.nan
    E = R @ M
    E[:, np.arange(k), np.arange(k)] -= 1.0
    norm_r = np.abs(R).sum(axis=2).max(axis=1)
    norm_m = np.abs(M).sum(axis=2).max(axis=1) if bound_m is None else bound_m
    eta = np.abs(E).sum(axis=2).max(axis=1) + (2 * k + 4) * EPS * norm_r * norm_m
    eta = np.where(np.isfinite(eta), eta, np.inf)
    ok = eta < 0.25
    rho[ok] = eta[ok] / (1 - eta[ok])
    return R, rho, norm_r


def _indices(mask: np.ndarray, count: int) -> np.ndarray:
    """Per row, the positions of the ``count`` True entries, ascending."""
    return np.nonzero(mask)[1].reshape(len(mask), count)


def float_step(Kf: np.ndarray, labels: np.ndarray) -> FloatStep:
    """Vertex and lexicographic neighbours of each basis in ``labels`` (``(N, d + c)`` bool,
    ``d`` labels each, all with the same number ``k`` of binding ``K`` columns), in floating
    point, with each basis marked certified or not (see the module docstring)."""
    d, c = Kf.shape
    nb = len(labels)
    zero_mask, col_mask = labels[:, :d], labels[:, d:]
    k = int(col_mask[0].sum())
    S, Z = _indices(~zero_mask, k), _indices(zero_mask, d - k)
    T = _indices(col_mask, k)
    M = Kf[S[:, None, :], T[:, :, None]]                      # M[a, b] = K[S_b, T_a]
    R, rho, norm_r = certified_inverse(M, 2.0 * k)            # entries of Kf are in [1, 2]
    kk = max(k, 1)
    x = R.sum(axis=2)                                         # (N, k)
    xmax = np.abs(x).max(axis=1) if k else np.zeros(nb)
    err_x = rho * xmax + (k + 2) * EPS * norm_r
    # Edge directions over the support: dropping z ∈ Z moves z by 1 and the support by
    # −R K[z, T]ᵀ; dropping column t ∈ T moves the support by −R e_t. DS is (N, k, d).
    DS = -np.concatenate([R @ Kf[Z[:, None, :], T[:, :, None]], R], axis=2)
    dmax = np.abs(DS).max(axis=1) if k else np.zeros((nb, d))
    err_d = rho[:, None] * dmax + (k + 2) * EPS * norm_r[:, None] * 2.0
    # Ratio test over the c nonbasic labels: z_s ≥ 0 (s ∈ S), then (Kᵀz)_j ≤ 1 (j ∉ T);
    # rate[n, p, e] is how fast candidate p's slack shrinks along edge e.
    F = _indices(~col_mask, c - k)
    KFS = Kf[S[:, None, :], F[:, :, None]]                    # (N, c−k, k)
    rate = np.empty((nb, c, d))
    np.negative(DS, out=rate[:, :k, :])
    np.matmul(KFS, DS, out=rate[:, k:, :])
    rate[:, k:, :d - k] += Kf[Z[:, None, :], F[:, :, None]]   # unit moves of dropped z
    slack = np.concatenate([x, 1.0 - (KFS @ x[:, :, None])[:, :, 0]], axis=1)   # (N, c)
    s_min = slack.min(axis=1)
    err_rate = SAFETY * (2 * kk * err_d + (d + 3) * EPS * (2 * kk * dmax + 2))     # (N, d)
    err_slack = SAFETY * (2 * kk * err_x + (d + 3) * EPS * (1 + 2 * kk * xmax))    # (N,)
    certified = (s_min > err_slack) & np.isfinite(rho)
    n_idx = np.arange(nb)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        mid = np.maximum(rate, 0.0)
        np.divide(slack[:, :, None], mid, out=mid)
        m1 = np.fmin.reduce(mid, axis=1)                       # (N, d)
        best = np.argmax(mid == m1[:, None, :], axis=1)          # lowest label among ties
        j_idx = np.arange(d)[None, :]
        mid[n_idx[:, None], best, j_idx] = np.inf              # a tie leaves m2 = m1
        m2 = np.fmin.reduce(mid, axis=1)
        r_w = rate[n_idx[:, None], best, j_idx]
        # The winner's ratio from above: hi. Every other candidate's from below: with any
        # G > 0, one with rate r > G·err has ratio ≥ mid (1 − e_s/s_min)/(1 + 1/G) ≥ that of m2,
        # and one with smaller rate has ratio ≥ (s_min − e_s)/((G + 1) err); G is chosen to
        # make the latter 2·hi.
        s_w = slack[n_idx[:, None], best]
        hi = (s_w + err_slack[:, None]) / (r_w - err_rate)
        g = (s_min - err_slack)[:, None] / (2 * err_rate * hi) - 1
        low = m2 * (1 - err_slack / s_min)[:, None] / (1 + 1 / g)
        certified &= np.all((r_w > err_rate) & (hi > 0) & (g > 1) & (low > hi), axis=1)
    enter = np.take_along_axis(np.concatenate([S, d + F], axis=1), best, axis=1)
    return FloatStep(certified, x, np.concatenate([Z, d + T], axis=1), enter, S, T)


def _bits(labels: np.ndarray, wide: bool) -> np.ndarray:
    """``2**label`` elementwise: uint64, or Python ints (object) when ``wide``."""
    if wide:
        return np.left_shift(np.ones(labels.shape, dtype=object), labels.astype(object))
    return np.left_shift(np.uint64(1), labels.astype(np.uint64))


def decode(keys: np.ndarray, size: int) -> np.ndarray:
    """Label sets (``(N, size)`` bool) from keys (bit ``l`` set iff label ``l`` is in)."""
    if keys.dtype == object:
        shifts = np.arange(size).astype(object)
        return ((keys[:, None] >> shifts) & 1).astype(bool)
    return ((keys[:, None] >> np.arange(size, dtype=np.uint64)) & np.uint64(1)).astype(bool)


def _sorted_unique(keys: np.ndarray) -> np.ndarray:
    """Distinct keys, ascending (sort-based: much faster than ``np.unique`` on uint64)."""
    keys = np.sort(keys)
    return keys[np.r_[True, keys[1:] != keys[:-1]]] if len(keys) else keys


def _member(keys: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    """Whether each key is in ``sorted_set`` (ascending, distinct)."""
    if len(sorted_set) == 0:
        return np.zeros(len(keys), bool)
    at = np.minimum(np.searchsorted(sorted_set, keys), len(sorted_set) - 1)
    return sorted_set[at] == keys


def walk(Kf: np.ndarray, K: list[list[int]], on_certified=None, max_exact: int = 100_000,
         max_bases: int | None = None) -> Walk:
    """Every lexicographic basis of ``{z ≥ 0 : Kᵀz ≤ 1}``, breadth first from ``z = 0``.

    ``Kf`` is ``K`` scaled into ``[1, 2]`` in floating point. Bases are keyed by bit sets of
    their labels. Since the graph of bases is undirected, a layer's new bases are its
    neighbours minus the layer itself and the one before, so no global visited set is kept.
    ``on_certified(step, rows)`` is called with each float step and the indices of its
    certified bases; their keys are also kept in the result unless it returns False. More
    than ``max_exact`` exact bases, or (checked once per layer) more than ``max_bases`` bases,
    stops the walk with ``complete=False``."""
    d, c = Kf.shape
    wide = d + c > 64
    out = Walk()
    current = _bits(np.arange(d), wide).sum(keepdims=True)
    previous = current[:0]
    while len(current):
        if max_bases is not None and out.bases + len(current) > max_bases:
            out.complete = False
            return out
        out.bases += len(current)
        labels = decode(current, d + c)
        found = []
        sizes = labels[:, d:].sum(axis=1)
        for k in np.unique(sizes):
            rows = np.flatnonzero(sizes == k)
            for lo in range(0, len(rows), CHUNK):
                idx = rows[lo:lo + CHUNK]
                with np.errstate(all="ignore"):
                    step = float_step(Kf, labels[idx])
                ok = np.flatnonzero(step.certified)
                keys = current[idx]
                found.append((keys[ok, None] ^ _bits(step.drop[ok], wide)
                              ^ _bits(step.enter[ok], wide)).ravel())
                keep = True if on_certified is None else on_certified(step, ok)
                if keep is not False:
                    out.certified.append(keys[ok])
                for i in np.flatnonzero(~step.certified):
                    if len(out.exact) >= max_exact:
                        out.complete = False
                        return out
                    basis = exact_basis(K, frozenset(np.flatnonzero(labels[idx[i]]).tolist()))
                    out.exact[basis.labels] = basis
                    found.append(_bits(np.array([sorted(n) for n in basis.neighbours]),
                                       wide).sum(axis=1))
        candidates = _sorted_unique(np.concatenate(found))
        new = ~_member(candidates, current) & ~_member(candidates, previous)
        previous, current = current, candidates[new]
    return out
