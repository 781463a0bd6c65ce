"""Mixed equilibria of n-player games: support enumeration, each support solved by certified
subdivision.

For a *support profile* ``(S_1, …, S_n)`` (the strategies each player uses with positive
probability, ``k_i = |S_i|``) write player ``j``'s mixture on ``S_j`` as
``x_j = (1 − Σ_c t_{j,c}, t_{j,1}, …, t_{j,k_j−1})``. An equilibrium with these supports solves the
square system of *indifference equations*

    ``F_{i,r}(t) = u_i(S_i[r], x_{-i}) − u_i(S_i[0], x_{-i}) = 0``,  ``r = 1..k_i−1``, every ``i``,

(``d = Σ_i (k_i − 1)`` equations in ``d`` unknowns) subject to ``x ≥ 0`` and no strategy outside
``S_i`` doing better: ``G_{i,s}(t) = u_i(s, x_{-i}) − u_i(S_i[0], x_{-i}) ≤ 0``. Every ``F`` and
``G`` is *multilinear*: affine in each variable separately (a player's own variables never
multiply each other). Hence the range of each over a box is attained at the box's corners, and
is computed exactly (to rounding) from the ``2^d`` corner values.

Each support profile is solved by subdividing ``[0, 1]^d``:

1. **exclude** a box when some ``F`` has no zero on it (its corner values share a strict sign),
   some ``G`` is positive on all of it, or some ``x_{j,0} = 1 − Σ_c t_{j,c}`` is negative on
   all of it;
2. apply the **Krawczyk operator** to the box inflated by 25 % (``X``): with ``m`` its centre,
   ``Y ≈ J(m)⁻¹`` and the exact corner-range enclosure of ``I − Y J(t)`` over ``X`` (also
   multilinear), every zero of ``F`` in ``X`` lies in ``K = m − Y F(m) + [I − Y J] (X − m)``.
   If ``K`` misses the box, the box is excluded; otherwise the box shrinks to its intersection
   with ``K``. If ``K`` lies inside ``X``, ``X`` holds exactly one zero (Krawczyk 1969; Moore,
   Kearfott & Cloud 2009, *Introduction to Interval Analysis*, §8): Newton's method from ``K``'s
   centre converges to it, and it is kept if it is an equilibrium (probabilities ≥ 0, no
   strategy outside the supports better);
3. otherwise **bisect** the box across its widest side.

When every box is excluded or certified, the support profile has been solved completely: every
isolated, regular equilibrium with these supports was found. Singular or non-isolated solutions
(continua, typical of games with tied payoffs) keep boxes alive until the box budget runs out; the
profile is then reported as *unresolved* and the result as incomplete, and Newton's method from
the centres of a few remaining boxes looks for one representative equilibrium there.

Ranges are exact for multilinear functions, but computed in floating point with a small margin:
the certification is sound up to rounding, and every reported equilibrium is verified
independently by its regret.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations, product
from string import ascii_letters

import numpy as np

EQUATION_TOL = 1e-11        # margin for rounding in corner values (payoffs scaled to [0, 1])
INFLATE = 1.25
MIN_WIDTH = 1e-10


@dataclass(frozen=True)
class SupportResult:
    """Equilibria found, and which support profiles (if any) could not be resolved.

    ``representatives`` are equilibria found inside unresolved support profiles (one at most
    each): genuine, but points of sets the method could not describe. ``first_complete`` says
    whether the support profiles passed as ``first`` were all resolved.
    """

    equilibria: tuple[tuple[np.ndarray, ...], ...]
    representatives: tuple[tuple[np.ndarray, ...], ...]
    unresolved: tuple[tuple[tuple[int, ...], ...], ...]
    profiles_checked: int
    profiles_total: int
    first_complete: bool = True

    @property
    def complete(self) -> bool:
        return not self.unresolved and self.profiles_checked == self.profiles_total


def scaled(payoffs: np.ndarray) -> np.ndarray:
    """Each player's payoffs mapped affinely onto ``[0, 1]`` (no equilibrium changes)."""
    low = payoffs.reshape(len(payoffs), -1).min(axis=1)
    high = payoffs.reshape(len(payoffs), -1).max(axis=1)
    span = np.where(high > low, high - low, 1.0)
    shape = (-1,) + (1,) * (payoffs.ndim - 1)
    return (payoffs - low.reshape(shape)) / span.reshape(shape)


def support_profiles(shape: tuple[int, ...]) -> list[tuple[tuple[int, ...], ...]]:
    """Every support profile with at least one mixing player, smallest total size first."""
    per_player = [[c for k in range(1, s + 1) for c in combinations(range(s), k)] for s in shape]
    profiles = [p for p in product(*per_player) if any(len(s) > 1 for s in p)]
    return sorted(profiles, key=lambda p: sum(len(s) for s in p))


def support_enumeration(payoffs: np.ndarray, first: Callable[[tuple], bool] | None = None,
                        box_budget: int = 2_500, total_budget: int = 1_000_000
                        ) -> SupportResult:
    """All mixed (not pure) equilibria found by support enumeration; see the module docstring.

    Support profiles for which ``first`` is true are examined first (e.g. those whose every
    profile leads to an agreement), then the rest, each group in order of total support size.
    A support profile with ``d`` free probabilities may examine ``box_budget · d`` boxes (a
    fifth of that when its equations are dependent, see :meth:`_System.rank_deficient`),
    and all of them together ``total_budget``; profiles not reached are counted as not
    examined.
    """
    u = scaled(np.asarray(payoffs, dtype=float))
    profiles = support_profiles(u.shape[1:])
    if first is not None:
        profiles = sorted(profiles, key=lambda p: not first(p))
    priority = {p for p in profiles if first is not None and first(p)}
    found: list[tuple[np.ndarray, ...]] = []
    extra: list[tuple[np.ndarray, ...]] = []
    keys: set[tuple] = set()
    unresolved = []
    spent = checked = 0
    for supports in profiles:
        if spent >= total_budget:
            break
        system = _System(u, supports)
        # Dependent equations cannot be certified: only try to exclude every box, briefly.
        share = box_budget // 5 if system.rank_deficient() else box_budget
        budget = min(share * max(1, system.d), total_budget - spent)
        solutions, resolved, examined = system.solve(budget)
        spent += examined
        checked += 1
        if not resolved:
            unresolved.append(supports)
        for sigma in solutions:
            key = tuple(np.round(np.concatenate(sigma), 7).tolist())
            if key not in keys:
                keys.add(key)
                (found if resolved else extra).append(sigma)
    first_complete = all(p not in priority for p in unresolved) and all(
        p in set(profiles[:checked]) for p in priority)
    return SupportResult(tuple(found), tuple(extra), tuple(unresolved), checked, len(profiles),
                         first_complete)


def _straddles(values: np.ndarray, scale: np.ndarray | float = 1.0) -> np.ndarray:
    """``(nb,)``: whether every function's corner values (``(nb, corners, functions)``) reach
    zero, within the rounding margin (times ``scale``)."""
    margin = EQUATION_TOL * scale
    return np.all((values.min(axis=1) <= margin) & (values.max(axis=1) >= -margin), axis=1)


def _contract(tensor: np.ndarray, vectors: list[np.ndarray], points: int) -> np.ndarray:
    """``(N, R…)``: ``tensor`` (leading axes ``R…``, then one axis per vector) contracted with
    one row of each ``(N, a)`` vector per point."""
    if not vectors:
        return np.broadcast_to(tensor, (points,) + tensor.shape)
    lead = tensor.ndim - len(vectors)
    letters = ascii_letters[:tensor.ndim]
    head, tail = letters[:lead], letters[lead:]
    spec = f"{letters}," + ",".join(f"Z{c}" for c in tail) + f"->Z{head}"
    return np.einsum(spec, tensor, *vectors, optimize=len(vectors) > 2)


class _System:
    """The indifference system of one support profile (see the module docstring)."""

    def __init__(self, u: np.ndarray, supports: tuple[tuple[int, ...], ...]) -> None:
        n = len(supports)
        self.n, self.supports = n, supports
        self.k = [len(s) for s in supports]
        self.mixers = [i for i in range(n) if self.k[i] > 1]
        self.offset = np.cumsum([0] + [self.k[i] - 1 for i in range(n)])
        self.d = int(self.offset[-1])
        self.shape = u.shape[1:]
        self.diff, self.dd, self.outside = {}, {}, {}
        for i in range(n):
            axes = [list(s) if j != i else list(range(self.shape[i]))
                    for j, s in enumerate(supports)]
            own = np.moveaxis(u[i][np.ix_(*axes)], i, 0)         # (|S_i| all, others...)
            base = own[supports[i][0]]
            out = [s for s in range(self.shape[i]) if s not in supports[i]]
            if out:
                self.outside[i] = own[out] - base
            if self.k[i] > 1:
                diff = own[list(supports[i][1:])] - base        # (k_i − 1, others...)
                self.diff[i] = diff
                others = [j for j in range(n) if j != i]
                for pos, j in enumerate(others):
                    if self.k[j] > 1:
                        ax = 1 + pos
                        step = np.take(diff, range(1, self.k[j]), axis=ax) - np.take(
                            diff, [0], axis=ax)
                        self.dd[i, j] = np.moveaxis(step, ax, 1)  # (k_i−1, k_j−1, rest...)

    def rank_deficient(self, samples: int = 8) -> bool:
        """Whether the Jacobian is singular at every one of a few fixed sample points: the
        equations are then dependent (e.g. a player indifferent between two strategies whatever
        the others do), so any solutions are non-isolated and cannot be certified."""
        t = np.random.default_rng(0).random((samples, self.d))
        ranks = np.linalg.matrix_rank(self.jacobian(self.mixtures(t)), tol=1e-9)
        return bool(np.max(ranks) < self.d)

    def mixtures(self, t: np.ndarray) -> list[np.ndarray]:
        """Each player's mixture on its support at the points ``t`` (``(N, d)``)."""
        out = []
        for j in range(self.n):
            tj = t[:, self.offset[j]:self.offset[j + 1]]
            out.append(np.hstack([1.0 - tj.sum(axis=1, keepdims=True), tj]))
        return out

    def equations(self, x: list[np.ndarray]) -> np.ndarray:
        return np.hstack([_contract(self.diff[i], [x[j] for j in range(self.n) if j != i],
                                    len(x[0])) for i in self.mixers])

    def inequalities(self, x: list[np.ndarray]) -> np.ndarray | None:
        if not self.outside:
            return None
        return np.hstack([_contract(g, [x[j] for j in range(self.n) if j != i], len(x[0]))
                          for i, g in self.outside.items()])

    def jacobian(self, x: list[np.ndarray]) -> np.ndarray:
        points = len(x[0])
        jac = np.zeros((points, self.d, self.d))
        for i in self.mixers:
            rows = slice(self.offset[i], self.offset[i + 1])
            for j in self.mixers:
                if (i, j) in self.dd:
                    rest = [x[q] for q in range(self.n) if q not in (i, j)]
                    jac[:, rows, self.offset[j]:self.offset[j + 1]] = _contract(
                        self.dd[i, j], rest, points)
        return jac

    def solve(self, budget: int) -> tuple[list[tuple[np.ndarray, ...]], bool, int]:
        """Equilibria with these supports, whether the subdivision finished within ``budget``
        boxes, and the number of boxes examined."""
        d = self.d
        corners = np.array(list(product((0.0, 1.0), repeat=d)))
        lo, hi = np.zeros((1, d)), np.ones((1, d))
        solutions: list[tuple[np.ndarray, ...]] = []
        examined = 0
        chunk = max(1, (1 << 21) // (len(corners) * max(1, d * d)))
        while len(lo):
            if examined + len(lo) > budget:
                return solutions + self._representative(lo, hi), False, examined
            examined += len(lo)
            keep_lo, keep_hi = [], []
            for start in range(0, len(lo), chunk):
                a, b = self._exclude(lo[start:start + chunk], hi[start:start + chunk], corners)
                if not len(a):
                    continue
                certified, alive, a, b, centre = self._krawczyk(a, b, corners)
                if certified.any():
                    solutions += self._newton(centre[certified])
                keep = alive & ~certified
                keep_lo.append(a[keep])
                keep_hi.append(b[keep])
            lo = np.concatenate(keep_lo) if keep_lo else np.zeros((0, d))
            hi = np.concatenate(keep_hi) if keep_hi else np.zeros((0, d))
            if not len(lo):
                break
            width = hi - lo
            if width.max() < MIN_WIDTH:
                return solutions + self._representative(lo, hi), False, examined
            rows = np.arange(len(lo))
            axis = np.argmax(width, axis=1)
            middle = (lo[rows, axis] + hi[rows, axis]) / 2
            left_hi, right_lo = hi.copy(), lo.copy()
            left_hi[rows, axis] = middle
            right_lo[rows, axis] = middle
            lo, hi = np.concatenate([lo, right_lo]), np.concatenate([left_hi, hi])
        return solutions, True, examined

    def _at_corners(self, lo: np.ndarray, hi: np.ndarray, corners: np.ndarray) -> np.ndarray:
        return (lo[:, None, :] + (hi - lo)[:, None, :] * corners[None]).reshape(-1, self.d)

    def _exclude(self, lo: np.ndarray, hi: np.ndarray, corners: np.ndarray):
        """Boxes left after the exact range tests of ``F``, ``Y F`` (``F`` preconditioned by the
        inverse Jacobian at the box's centre, which aligns the equations with the axes), ``G``
        and ``x_{j,0} ≥ 0``."""
        nb, c = len(lo), len(corners)
        x = self.mixtures(self._at_corners(lo, hi, corners))
        f = self.equations(x).reshape(nb, c, self.d)
        alive = _straddles(f)
        for j in self.mixers:
            alive &= 1.0 - lo[:, self.offset[j]:self.offset[j + 1]].sum(axis=1) >= -EQUATION_TOL
        g = self.inequalities(x)
        if g is not None:
            g = g.reshape(nb, c, -1)
            alive &= ~np.any(g.min(axis=1) > EQUATION_TOL, axis=1)
        jm = self.jacobian(self.mixtures((lo + hi) / 2))
        ok = alive & (np.abs(np.linalg.det(jm)) > 1e-14)
        if ok.any():
            y = np.linalg.inv(jm[ok])
            scale = np.abs(y).sum(axis=2)
            alive[ok] = _straddles(np.einsum("bij,bcj->bci", y, f[ok]), scale)
        return lo[alive], hi[alive]

    def _krawczyk(self, lo: np.ndarray, hi: np.ndarray, corners: np.ndarray):
        """The Krawczyk operator on each box inflated by ``INFLATE``: which boxes it certifies
        (a unique zero in the inflated box), which may still hold a zero, the boxes contracted
        to their intersection with it, and its centres (Newton starting points)."""
        nb, d = len(lo), self.d
        mid = (lo + hi) / 2
        rad = (hi - lo) / 2 * INFLATE + 1e-15
        xm = self.mixtures(mid)
        jm = self.jacobian(xm)
        fm = self.equations(xm)
        ok = np.abs(np.linalg.det(jm)) > 1e-14
        if not ok.any():
            return np.zeros(nb, bool), np.ones(nb, bool), lo, hi, mid
        y = np.zeros_like(jm)
        y[ok] = np.linalg.inv(jm[ok])
        jc = self.jacobian(self.mixtures(self._at_corners(mid - rad, mid + rad, corners)))
        m = np.eye(d)[None, None] - np.einsum("bij,bcjk->bcik", y, jc.reshape(nb, -1, d, d))
        bound = np.maximum(np.abs(m.min(axis=1)), np.abs(m.max(axis=1)))      # (nb, d, d)
        centre = mid - np.einsum("bij,bj->bi", y, fm)
        spread = np.einsum("bij,bj->bi", bound, rad) + 1e-12
        certified = ok & np.all(np.abs(centre - mid) + spread < rad * (1 - 1e-9), axis=1)
        # Every zero in the inflated box lies in K: intersect, and drop boxes that miss it.
        new_lo = np.where(ok[:, None], np.maximum(lo, centre - spread), lo)
        new_hi = np.where(ok[:, None], np.minimum(hi, centre + spread), hi)
        alive = np.all(new_lo <= new_hi, axis=1)
        return certified, alive, new_lo, new_hi, np.where(ok[:, None], centre, mid)

    def _representative(self, lo: np.ndarray, hi: np.ndarray, tries: int = 16
                        ) -> list[tuple[np.ndarray, ...]]:
        """One equilibrium among the boxes left when the budget ran out, if Newton's method
        (least-squares steps, for singular systems) reaches one from a box centre: a
        representative of a continuum, say."""
        picks = np.linspace(0, len(lo) - 1, min(tries, len(lo))).round().astype(int)
        for found in self._newton((lo[picks] + hi[picks]) / 2):
            return [found]
        return []

    def _newton(self, start: np.ndarray, steps: int = 30) -> list[tuple[np.ndarray, ...]]:
        out = []
        for t in start:
            t = t.copy()
            for _ in range(steps):
                x = self.mixtures(t[None])
                f = self.equations(x)[0]
                if np.abs(f).max() < 1e-15:
                    break
                step, *_ = np.linalg.lstsq(self.jacobian(x)[0], f, rcond=None)
                t -= step
                if np.abs(step).max() < 1e-16:
                    break
            x = self.mixtures(t[None])
            sigma = self._full(x) if np.abs(self.equations(x)).max() < 1e-10 else None
            if sigma is not None:
                out.append(sigma)
        return out

    def _full(self, x: list[np.ndarray]) -> tuple[np.ndarray, ...] | None:
        """Full-length mixtures, or ``None`` when the zero is not an equilibrium (a negative
        probability, or a strategy outside the supports doing better)."""
        g = self.inequalities(x)
        if g is not None and g.max() > 1e-10:
            return None
        out = []
        for j in range(self.n):
            if np.any(x[j][0] < -1e-12):
                return None
            full = np.zeros(self.shape[j])
            full[list(self.supports[j])] = np.maximum(x[j][0], 0.0)
            out.append(full / full.sum())
        return tuple(out)
