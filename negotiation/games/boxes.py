"""The indifference systems of support profiles, solved by certified subdivision, many profiles
and many boxes at once.

For a *support profile* ``(S_1, …, S_n)`` (``k_j = |S_j|``) write the mixture of each *mixing*
player ``j`` (``k_j > 1``) as ``x_j = (1 − Σ_c t_{j,c}, t_{j,1}, …, t_{j,k_j−1})``. An equilibrium
with these supports solves the square system of *indifference equations*

    ``F_{i,r}(t) = u_i(S_i[r], x_{-i}) − u_i(S_i[0], x_{-i}) = 0``,  ``r = 1..k_i−1``,

subject to ``x ≥ 0`` and no strategy outside ``S_i`` doing better,
``G_{i,s}(t) = u_i(s, x_{-i}) − u_i(S_i[0], x_{-i}) ≤ 0``. Each ``F``, ``G`` and each entry of
the Jacobian is **block-multiaffine**: affine in each player's block ``t_j`` (jointly in the
block, since ``x_j`` is affine in ``t_j``), and a player's own block does not enter. So its exact
range over a box is the range over the corners of all blocks but one of an affine function of
the last block, ``centre ± Σ |slope| · radius`` (:func:`block_range`): ``Π_{q ≠ a} 2^{k_q − 1}``
evaluations over the blocks the function depends on, not ``2^d``.

:meth:`Batch.solve` subdivides ``[0, 1]^d`` for every profile of a batch (profiles with the same
support sizes, so their tensors stack) together:

1. **tighten** each box with ``x_{j,0} ≥ 0`` (``t_{j,c} ≤ 1 − Σ_{c' ≠ c} lo_{j,c'}``) and
   **exclude** it when some ``x_{j,0}`` is negative on all of it, some ``F`` has no zero on it,
   some ``G`` is positive on all of it, or some row of ``Y F`` (``Y ≈ J(m)⁻¹`` at the box
   centre ``m``, which aligns the equations with the axes) has no zero on it;
2. apply the **Krawczyk operator** to the box inflated by 25 % (``X``) once its widest side is
   at most ``KRAWCZYK_WIDTH`` (wider boxes almost never contract; skipping them saves a fifth
   to a third of the time): every zero of ``F`` in ``X`` lies in
   ``K = m − Y F(m) + [I − Y J](X − m)``, with the exact range of ``I − Y J`` over ``X``. If
   ``K`` misses the box the box is excluded, otherwise it shrinks to its intersection with
   ``K``; if ``K`` lies inside ``X``, ``X`` holds exactly one zero (Krawczyk 1969; Moore,
   Kearfott & Cloud 2009, *Introduction to Interval Analysis*, ch. 8), reached by the
   simplified Newton iteration ``t ← t − Y F(t)``, and kept if it is an equilibrium;
3. otherwise **bisect** the box across the side of maximal *smear*, its width times
   ``Σ_r |∂F_r/∂t_c|`` at the centre (Kearfott 1996, *Rigorous Global Search: Continuous
   Problems*; 15–25 % fewer boxes than bisecting the widest side, measured here).

When one mixing player ``i`` has more equations than the others have unknowns
(``k_i − 1 > Σ_{j ≠ i} (k_j − 1)``), the Jacobian is singular everywhere (its rows for ``i``
span at most the others' columns) and no zero can be certified. But ``F_i = 0`` is then an
overdetermined system in the others' variables alone, which for generic payoffs has no solution:
such profiles are subdivided in the others' blocks only, by the exclusion tests alone, which
prove them empty quickly (a profile where the subsystem does have zeros, a degenerate game,
stays unresolved). For two players this is the familiar fact that generic bimatrix games have
equilibria only with supports of equal size.

Ranges are exact formulas evaluated in floating point with a margin ``EQUATION_TOL`` (payoffs
normalised to ``[0, 1]``): the certificate is sound up to rounding, and every equilibrium is
verified again by its regret.
"""

from __future__ import annotations

from itertools import product

import numpy as np

__all__ = ["EQUATION_TOL", "INFLATE", "KRAWCZYK_WIDTH", "MIN_WIDTH", "Batch", "block_range"]

EQUATION_TOL = 1e-11        # margin for rounding in range formulas (payoffs in [0, 1])
INFLATE = 1.25
MIN_WIDTH = 1e-10
KRAWCZYK_WIDTH = 0.125     # Krawczyk only on boxes this narrow (wider ones rarely contract)
_CORNERS = [np.array(list(product((0.0, 1.0), repeat=m))) for m in range(12)]

Box = tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray]]  # corners, centres, radii
Sigma = tuple[np.ndarray, ...]


def _box(lo: np.ndarray, hi: np.ndarray, offsets: list[int]) -> Box:
    """Per mixing player: corner mixtures ``(nb, 2^{k−1}, k)``, centre mixtures ``(nb, k)`` and
    radii ``(nb, k − 1)`` of the boxes ``[lo, hi]`` (``(nb, d)``)."""
    corners, centres, radii = [], [], []
    for a, b in zip(offsets[:-1], offsets[1:]):
        low, high = lo[:, a:b], hi[:, a:b]
        t = low[:, None, :] + (high - low)[:, None, :] * _CORNERS[b - a][None]
        corners.append(np.concatenate([1.0 - t.sum(axis=2, keepdims=True), t], axis=2))
        mid = (low + high) / 2
        centres.append(np.hstack([1.0 - mid.sum(axis=1, keepdims=True), mid]))
        radii.append((high - low) / 2)
    return corners, centres, radii


def _squeeze(tensor: np.ndarray, blocks: list[int]) -> tuple[np.ndarray, list[int]]:
    """Drop the block axes of size 1 (the function does not depend on those blocks)."""
    lead = tensor.ndim - len(blocks)
    keep = [q for q, size in enumerate(tensor.shape[lead:]) if size > 1]
    drop = tuple(lead + q for q in range(len(blocks)) if q not in keep)
    return tensor.squeeze(axis=drop), [blocks[q] for q in keep]


def block_range(tensor: np.ndarray, blocks: list[int], box: Box
                ) -> tuple[np.ndarray, np.ndarray]:
    """Exact ``(min, max)``, each ``(nb, R)``, over each box of the functions
    ``Σ tensor[b, r, s…] Π_p x_p(s_p)`` (axes: boxes, ``R`` functions, one axis per entry of
    ``blocks``; an axis of size 1 means no dependence on that block).

    Corners are enumerated for every block but the largest, on which each function is affine:
    its range there is ``centre value ± Σ_c |slope_c| radius_c`` (see the module docstring)."""
    corners, centres, radii = box
    t, blocks = _squeeze(tensor, blocks)
    nb, rows = t.shape[:2]
    if not blocks:
        return t, t
    last = int(np.argmax(t.shape[2:]))
    order = [q for q in range(len(blocks)) if q != last]
    t = np.transpose(t, (0,) + tuple(2 + q for q in order) + (1, 2 + last))  # (nb, e…, R, a)
    count = 1
    for q in order:                      # (nb, C, k_q, rest) → (nb, C, corners_q, rest)
        c = corners[blocks[q]]
        t = np.matmul(c[:, None], t.reshape(nb, count, c.shape[2], -1))
        count *= c.shape[1]
    a = blocks[last]
    t = t.reshape(nb, -1, centres[a].shape[1])                         # (nb, C·R, k_a)
    centre = np.matmul(t, centres[a][:, :, None]).reshape(nb, count, rows)
    slopes = np.abs(t[..., 1:] - t[..., :1])
    spread = np.matmul(slopes, radii[a][:, :, None]).reshape(nb, count, rows)
    return (centre - spread).min(axis=1), (centre + spread).max(axis=1)


def _evaluate(tensor: np.ndarray, blocks: list[int], x: list[np.ndarray]) -> np.ndarray:
    """``(N, R…)``: the functions of ``tensor`` (one per point: ``N``, ``R…``, block axes) at
    ``N`` points, ``x[q]`` being block ``q``'s mixtures ``(N, k_q)``."""
    out, blocks = _squeeze(tensor, blocks)
    for q in reversed(blocks):
        out = np.einsum("N...k,Nk->N...", out, x[q])
    return out


class Batch:
    """The indifference systems of support profiles that share their support sizes ``k``;
    payoffs ``u`` normalised to ``[0, 1]`` per player (see the module docstring)."""

    def __init__(self, u: np.ndarray, profiles: list[tuple[tuple[int, ...], ...]]) -> None:
        n = len(u)
        self.profiles, self.shape = profiles, u.shape[1:]
        self.k = [len(s) for s in profiles[0]]
        self.mixers = [i for i in range(n) if self.k[i] > 1]
        m = len(self.mixers)
        self.offsets = [int(v) for v in np.cumsum([0] + [self.k[i] - 1 for i in self.mixers])]
        self.d = self.offsets[-1]
        self.rows = [slice(a, b) for a, b in zip(self.offsets[:-1], self.offsets[1:])]
        own, self.outside = [], []
        for i in range(n):
            blocks = [self.k[j] if j in self.mixers and j != i else 1 for j in self.mixers]
            slabs, outs = [], []
            for p in profiles:
                index = tuple(list(s) if j != i else list(range(self.shape[i]))
                              for j, s in enumerate(p))
                slab = np.moveaxis(u[i][np.ix_(*index)], i, 0)
                slab = slab.reshape((self.shape[i],) + tuple(
                    self.k[j] for j in self.mixers if j != i))
                out = [s for s in range(self.shape[i]) if s not in p[i]]
                slabs.append(np.concatenate([slab[list(p[i])], slab[out]]).reshape(
                    (self.shape[i],) + tuple(blocks)))
                outs.append(out)
            own.append(np.array(slabs))        # (P, support then outside strategies, blocks…)
            self.outside.append(outs)
        # F_i and G_i: differences from the first support strategy; own block axis of size 1.
        self.f = [own[i][:, 1:self.k[i]] - own[i][:, :1] for i in self.mixers]
        self.g = [(own[i][:, self.k[i]:] - own[i][:, :1]) for i in range(n)
                  if self.shape[i] > self.k[i]]
        # dF_i/dt_q: (P, k_i − 1, k_q − 1, blocks…) with block q's axis of size 1.
        self.dd = {}
        for qi in range(m):
            for q in range(m):
                if q != qi:
                    f = np.moveaxis(self.f[qi], 2 + q, 2)
                    self.dd[qi, q] = np.expand_dims(f[:, :, 1:] - f[:, :, :1], 3 + q)
        self.all_blocks = list(range(m))
        # A player with more indifference equations than the others have free probabilities
        # (2(k_i − 1) > d) makes the Jacobian singular everywhere; its equations alone decide
        # the profile, on the others' blocks only (see :meth:`solve`).
        self.over = next((q for q, i in enumerate(self.mixers)
                          if 2 * (self.k[i] - 1) > self.d), None)
        self.split = np.ones(self.d, bool)
        if self.over is not None:
            self.split[self.rows[self.over]] = False

    # Point evaluations (``pid``: the profile of each point) --------------------------------
    def mixtures(self, t: np.ndarray) -> list[np.ndarray]:
        """Each mixing player's mixture on its support at the points ``t`` (``(N, d)``)."""
        return [np.hstack([1.0 - t[:, r].sum(axis=1, keepdims=True), t[:, r]])
                for r in self.rows]

    def equations(self, pid: np.ndarray, x: list[np.ndarray]) -> np.ndarray:
        return np.hstack([_evaluate(f[pid], self.all_blocks, x) for f in self.f])

    def inequalities(self, pid: np.ndarray, x: list[np.ndarray]) -> np.ndarray:
        return np.hstack([_evaluate(g[pid], self.all_blocks, x) for g in self.g] +
                         [np.zeros((len(pid), 0))])

    def jacobian(self, pid: np.ndarray, x: list[np.ndarray]) -> np.ndarray:
        jac = np.zeros((len(pid), self.d, self.d))
        for (qi, q), tensor in self.dd.items():
            jac[:, self.rows[qi], self.rows[q]] = _evaluate(tensor[pid], self.all_blocks, x)
        return jac

    def rank_deficient(self, samples: int = 8) -> np.ndarray:
        """Per profile, whether the Jacobian is singular at each of a few fixed sample points:
        the equations are then dependent (e.g. a player indifferent whatever the others do),
        and any solutions are non-isolated and cannot be certified."""
        count = len(self.profiles)
        t = np.tile(np.random.default_rng(0).random((samples, self.d)), (count, 1))
        pid = np.repeat(np.arange(count), samples)
        ranks = np.linalg.matrix_rank(self.jacobian(pid, self.mixtures(t)), tol=1e-9)
        return ranks.reshape(count, samples).max(axis=1) < self.d

    # Subdivision ---------------------------------------------------------------------------
    def solve(self, budget: np.ndarray, limit: int
              ) -> tuple[list[list[Sigma]], np.ndarray, np.ndarray]:
        """Per profile: the equilibria found, whether its subdivision finished within its
        ``budget`` of boxes (and the batch within ``limit`` boxes in all), and the number of
        boxes it examined. A profile that does not finish keeps at most one *representative*
        equilibrium, found by Newton's method from its surviving boxes."""
        count, d = len(self.profiles), self.d
        lo, hi, pid = np.zeros((count, d)), np.ones((count, d)), np.arange(count)
        solutions: list[list[Sigma]] = [[] for _ in range(count)]
        examined = np.zeros(count, np.int64)
        resolved = np.ones(count, bool)
        while len(lo):
            boxes = np.bincount(pid, minlength=count)
            over = (examined + boxes > budget) & (boxes > 0)
            if examined.sum() + boxes.sum() > limit:
                over |= boxes > 0
            lo, hi, pid = self._give_up(over, lo, hi, pid, solutions, resolved)
            examined += np.bincount(pid, minlength=count)
            lo, hi, pid, y = self._exclude(lo, hi, pid)
            certified, alive, lo, hi, centre = self._krawczyk(lo, hi, pid, y)
            for b in np.flatnonzero(certified):
                solutions[pid[b]] += self._converge(pid[b], centre[b], y[b])
            keep = alive & ~certified
            lo, hi, pid = lo[keep], hi[keep], pid[keep]
            if not len(lo):
                break
            width = np.where(self.split, hi - lo, 0.0)
            narrow = np.zeros(count, bool)
            narrow[pid[width.max(axis=1) < MIN_WIDTH]] = True
            lo, hi, pid = self._give_up(narrow, lo, hi, pid, solutions, resolved)
            width = np.where(self.split, hi - lo, -1.0)
            rows = np.arange(len(lo))
            if self.over is None:         # maximal smear: width × Σ_rows |∂F/∂t_c| at m
                jac = np.abs(self.jacobian(pid, self.mixtures((lo + hi) / 2)))
                axis = np.argmax(width * (jac.sum(axis=1) + 1e-3), axis=1)
            else:
                axis = np.argmax(width, axis=1)
            middle = (lo[rows, axis] + hi[rows, axis]) / 2
            left_hi, right_lo = hi.copy(), lo.copy()
            left_hi[rows, axis] = middle
            right_lo[rows, axis] = middle
            lo, hi = np.concatenate([lo, right_lo]), np.concatenate([left_hi, hi])
            pid = np.concatenate([pid, pid])
        return solutions, resolved, examined

    def _give_up(self, which: np.ndarray, lo: np.ndarray, hi: np.ndarray, pid: np.ndarray,
                 solutions: list[list[Sigma]], resolved: np.ndarray):
        """Mark the profiles ``which`` unresolved, look for a representative equilibrium among
        their boxes, and drop the boxes."""
        if not which.any():
            return lo, hi, pid
        for p in np.flatnonzero(which):
            mine = pid == p
            resolved[p] = False
            solutions[p] += self._representative(p, lo[mine], hi[mine])
        keep = ~which[pid]
        return lo[keep], hi[keep], pid[keep]

    def _exclude(self, lo: np.ndarray, hi: np.ndarray, pid: np.ndarray):
        """Boxes left after the exact range tests (cheapest first, each on the survivors of
        the last), and ``Y = J(m)⁻¹`` at their centres (zero where ``J(m)`` is singular)."""
        alive = np.ones(len(lo), bool)
        hi = hi.copy()
        for r in self.rows:
            slack = 1.0 - lo[:, r].sum(axis=1, keepdims=True)
            alive &= slack[:, 0] >= -EQUATION_TOL
            # x_{j,0} ≥ 0 bounds each t_{j,c} by 1 − Σ_{c' ≠ c} lo_{j,c'}.
            hi[:, r] = np.maximum(np.minimum(hi[:, r], slack + lo[:, r]), lo[:, r])
        lo, hi, pid = lo[alive], hi[alive], pid[alive]
        box = _box(lo, hi, self.offsets)
        for tensor, equation in [(f, True) for f in self.f] + [(g, False) for g in self.g]:
            if not len(lo):
                break
            low, high = block_range(tensor[pid], self.all_blocks, box)
            keep = np.all(low <= EQUATION_TOL, axis=1)
            if equation:
                keep &= np.all(high >= -EQUATION_TOL, axis=1)
            if not keep.all():
                lo, hi, pid = lo[keep], hi[keep], pid[keep]
                box = tuple([a[keep] for a in part] for part in box)
        y = np.zeros((len(lo), self.d, self.d))
        if not len(lo) or self.over is not None:
            return lo, hi, pid, y
        jm = self.jacobian(pid, box[1])
        ok = (np.abs(np.linalg.det(jm)) > 1e-14)
        y[ok] = np.linalg.inv(jm[ok])
        if ok.any():
            yf = sum(np.einsum("bdr,br...->bd...", y[ok][:, :, r], f[pid[ok]])
                     for r, f in zip(self.rows, self.f))
            low, high = block_range(yf, self.all_blocks, _box(lo[ok], hi[ok], self.offsets))
            margin = EQUATION_TOL * np.maximum(1.0, np.abs(y[ok]).sum(axis=2))
            keep = ~ok
            keep[ok] = np.all((low <= margin) & (high >= -margin), axis=1)
            lo, hi, pid, y = lo[keep], hi[keep], pid[keep], y[keep]
        return lo, hi, pid, y

    def _krawczyk(self, lo: np.ndarray, hi: np.ndarray, pid: np.ndarray, y: np.ndarray):
        """The Krawczyk operator on each box inflated by ``INFLATE``: which boxes it certifies
        (a unique zero in the inflated box), which may still hold a zero, the boxes contracted
        to their intersection with it, and its centres (where the iteration starts)."""
        nb, d = len(lo), self.d
        mid = (lo + hi) / 2
        rad = (hi - lo) / 2 * INFLATE + 1e-15
        ok = (np.abs(y).sum(axis=(1, 2)) > 0) & ((hi - lo).max(axis=1) <= KRAWCZYK_WIDTH)
        if not ok.any():
            return np.zeros(nb, bool), np.ones(nb, bool), lo, hi, mid
        yo, po = y[ok], pid[ok]
        box = _box(mid[ok] - rad[ok], mid[ok] + rad[ok], self.offsets)
        bound = np.zeros((len(yo), d, d))
        for q, cols in enumerate(self.rows):
            w = sum(np.einsum("bdr,brc...->bdc...", yo[:, :, self.rows[qi]], self.dd[qi, q][po])
                    for qi in range(len(self.rows)) if qi != q)
            width = cols.stop - cols.start
            if isinstance(w, int):
                low = high = np.zeros((len(yo), d * width))
            else:
                low, high = block_range(w.reshape((len(yo), d * width) + w.shape[3:]),
                                        self.all_blocks, box)
            eye = np.eye(d)[:, cols].reshape(1, -1)
            bound[:, :, cols] = np.maximum(np.abs(eye - low), np.abs(eye - high)).reshape(
                -1, d, width)
        fm = self.equations(po, self.mixtures(mid[ok]))
        centre = mid.copy()
        centre[ok] = mid[ok] - np.einsum("bij,bj->bi", yo, fm)
        spread = np.full_like(mid, np.inf)
        spread[ok] = np.einsum("bij,bj->bi", bound, rad[ok]) + 1e-12
        certified = ok & np.all(np.abs(centre - mid) + spread < rad * (1 - 1e-9), axis=1)
        new_lo, new_hi = np.maximum(lo, centre - spread), np.minimum(hi, centre + spread)
        return certified, np.all(new_lo <= new_hi, axis=1), new_lo, new_hi, centre

    def _converge(self, p: int, start: np.ndarray, y: np.ndarray, steps: int = 60
                  ) -> list[Sigma]:
        """The zero certified near ``start`` (profile ``p``): simplified Newton steps
        ``t ← t − Y F(t)`` (a contraction on the certified box), then Newton steps (least
        squares when ``Y`` is zero: a search for a representative)."""
        pid, t = np.array([p]), start.copy()
        simplified = bool(np.any(y))
        for k in range(steps):
            x = self.mixtures(t[None])
            f = self.equations(pid, x)[0]
            if np.abs(f).max() < 1e-15:
                break
            if simplified and k < steps // 2 and np.abs(f).max() > 1e-6:
                step = y @ f
            else:
                step = np.linalg.lstsq(self.jacobian(pid, x)[0], f, rcond=None)[0]
            t = t - step
            if np.abs(step).max() < 1e-17:
                break
        x = self.mixtures(t[None])
        if not np.all(np.isfinite(t)) or np.abs(self.equations(pid, x)).max() > 1e-10:
            return []
        sigma = self._full(p, x)
        return [] if sigma is None else [sigma]

    def _representative(self, p: int, lo: np.ndarray, hi: np.ndarray, tries: int = 16
                        ) -> list[Sigma]:
        """One equilibrium among the surviving boxes of profile ``p``, if Newton's method
        reaches one from a box centre: a representative of a continuum, say."""
        picks = np.linspace(0, len(lo) - 1, min(tries, len(lo))).round().astype(int)
        for point in (lo[picks] + hi[picks]) / 2:
            found = self._converge(p, point, np.zeros((self.d, self.d)), steps=30)
            if found:
                return found
        return []

    def _full(self, p: int, x: list[np.ndarray]) -> Sigma | None:
        """Full-length mixtures, or ``None`` when the zero is not an equilibrium (a negative
        probability, or a strategy outside the supports doing better)."""
        if self.g and self.inequalities(np.array([p]), x).max() > 1e-10:
            return None
        out = []
        for j, s in enumerate(self.profiles[p]):
            full = np.zeros(self.shape[j])
            if self.k[j] == 1:
                full[s[0]] = 1.0
            else:
                xj = x[self.mixers.index(j)][0]
                if np.any(xj < -1e-12):
                    return None
                full[list(s)] = np.maximum(xj, 0.0)
            out.append(full / full.sum())
        return tuple(out)
