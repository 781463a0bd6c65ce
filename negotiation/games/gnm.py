"""Nash equilibria of n-player games by the global Newton method of Govindan and Wilson (2003).

Govindan & Wilson, "A global Newton method to compute Nash equilibria", *J. Econ. Theory*
110 (2003) 65–86. Written from the paper's description.

**The structure theorem.** Perturb game ``G`` by giving each player ``i`` a bonus ``g_{i,s}`` for
playing pure strategy ``s`` whatever the others do. Kohlberg and Mertens (1986) showed that the
graph of equilibria over all perturbations is homeomorphic to the space of perturbations: a
point ``z ∈ R^M`` (``M = Σ_i |S_i|``) corresponds to the profile ``σ = r(z)``, each ``σ_i`` the
Euclidean projection of ``z_i`` onto player ``i``'s simplex (``σ_{i,s} = max(z_{i,s} − v_i, 0)``
with ``v_i`` such that ``Σ_s σ_{i,s} = 1``), which is an equilibrium of ``G`` perturbed by

    ``ψ(z) = z − r(z) − V(r(z))``,  ``V_{i,s}(σ) = u_i(s, σ_{-i})``.

So the equilibria of ``G`` are the zeros of ``ψ``.

**The path.** Fix a generic ray ``g`` and follow the solutions of ``ψ(z) = λ g``. For large
``λ`` the perturbation makes ``argmax_s g_{i,s}`` dominant for every player: one equilibrium,
where the path starts (``z = σ + V(σ) + λ g`` with ``σ`` that pure profile). Along the path,
Smale's global Newton method ``ż = ε adj(Dψ) g``, ``λ̇ = ε det(Dψ)`` (a fixed sign ``ε``) keeps
``ψ(z) − λ g`` at zero, since ``Dψ adj(Dψ) = det(Dψ) I``; equivalently the tangent spans the
kernel of ``[Dψ, −g]`` with the sign of ``det [[Dψ, −g], [ṫ]]`` held fixed, which orients the
path consistently across the kinks where a support changes (the two pieces agree on their common
face, so the determinant's sign carries over when the tangent crosses it forwards). Every
crossing of ``λ = 0`` is an equilibrium of ``G``; for a generic ray the path ends where
``λ → −∞`` (the profile ``argmin_s g_{i,s}`` is then dominant) after an odd number of crossings
(Govindan & Wilson 2003).

**Implementation.** Between kinks the support of ``r(z)`` is fixed, ``r`` is affine there and
``ψ`` is a polynomial map; the path is followed by predictor–corrector continuation (Allgower &
Georg 1990, *Numerical Continuation Methods*, ch. 2: Euler predictor along the oriented tangent,
Gauss–Newton corrector with the Moore–Penrose inverse), with the step cut exactly where a
probability reaches zero or an unused strategy's ``z_{i,s}`` reaches ``v_i``; there the support
changes and the tangent is recomputed with the same orientation. Each crossing of ``λ = 0`` is
located by interpolation and refined by Newton's method on ``ψ = 0``. Payoffs are normalised
to ``[0, 1]`` per player first, so the path does not depend on the payoff scale.

Not complete: one ray reaches the equilibria on one path. :func:`gnm` follows several random
rays (seeded, reproducible) and returns every distinct equilibrium found; callers must verify
them (their regret) and must not claim the list is complete.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from negotiation.games.game import normalized_payoffs

__all__ = ["GnmResult", "gnm"]

Sigma = tuple[np.ndarray, ...]


@dataclass
class GnmResult:
    """Equilibria found by the global Newton method, and how the paths ended."""

    equilibria: list[Sigma] = field(default_factory=list)
    paths: int = 0
    finished: int = 0          # paths followed to their end (λ → −∞)
    steps: int = 0


class _Game:
    """Payoffs, the blocks of ``z`` and the maps ``V`` and ``DV``."""

    def __init__(self, u: np.ndarray) -> None:
        self.u = u
        self.n = len(u)
        self.sizes = list(u.shape[1:])
        self.starts = np.cumsum([0] + self.sizes)
        self.m = int(self.starts[-1])

    def split(self, vector: np.ndarray) -> list[np.ndarray]:
        return [vector[a:b] for a, b in zip(self.starts[:-1], self.starts[1:])]

    def _contract(self, i: int, sigma: list[np.ndarray], keep: tuple[int, ...]) -> np.ndarray:
        operands: list = [self.u[i], list(range(self.n))]
        for k in range(self.n):
            if k not in keep:
                operands += [sigma[k], [k]]
        return np.einsum(*operands, list(keep))

    def values(self, sigma: list[np.ndarray]) -> np.ndarray:
        """``V(σ)``: every pure strategy's payoff against the others' mixtures."""
        return np.concatenate([self._contract(i, sigma, (i,)) for i in range(self.n)])

    def value_jacobian(self, sigma: list[np.ndarray]) -> np.ndarray:
        """``DV(σ)``: ``∂u_i(s, σ_{-i}) / ∂σ_j(t)`` (zero blocks for ``j = i``)."""
        out = np.zeros((self.m, self.m))
        for i in range(self.n):
            for j in range(self.n):
                if i != j:
                    block = self._contract(i, sigma, (min(i, j), max(i, j)))
                    out[self.starts[i]:self.starts[i + 1], self.starts[j]:self.starts[j + 1]] = (
                        block if i < j else block.T)
        return out


def _supports(game: _Game, z: np.ndarray) -> list[np.ndarray]:
    """The support of each ``r(z)_i`` (Euclidean projection of ``z_i`` onto the simplex)."""
    out = []
    for zi in game.split(z):
        order = np.sort(zi)[::-1]
        level = (np.cumsum(order) - 1) / np.arange(1, len(zi) + 1)
        count = int(np.flatnonzero(order - level > 0)[-1]) + 1
        out.append(zi > level[count - 1])
        if not out[-1].any():
            out[-1][np.argmax(zi)] = True
    return out


class _Region:
    """``ψ`` on one piece: supports fixed, ``σ(z) = P z + c`` affine (the projection's formula
    extended beyond the piece, so Newton steps may leave it)."""

    def __init__(self, game: _Game, support: list[np.ndarray]) -> None:
        self.game, self.support = game, [s.copy() for s in support]
        blocks, shift = [], []
        for s in self.support:
            k = int(s.sum())
            block = np.diag(s.astype(float)) - np.outer(s, s) / k
            blocks.append(block)
            shift.append(s / k)
        self.p = _block_diag(blocks)
        self.c = np.concatenate(shift)
        self.inside = np.concatenate(self.support)

    def sigma(self, z: np.ndarray) -> np.ndarray:
        return self.p @ z + self.c

    def psi(self, z: np.ndarray) -> np.ndarray:
        sigma = self.sigma(z)
        return z - sigma - self.game.values(self.game.split(sigma))

    def dpsi(self, z: np.ndarray) -> np.ndarray:
        dv = self.game.value_jacobian(self.game.split(self.sigma(z)))
        return np.eye(self.game.m) - self.p - dv @ self.p

    def slack_gradient(self, index: int) -> np.ndarray:
        """The gradient of ``slack(z)[index]`` (``slack`` is affine in ``z``)."""
        unit = np.zeros(self.game.m)
        unit[index] = 1.0
        if self.inside[index]:
            return self.p[index]
        player = int(np.searchsorted(self.game.starts, index, side="right")) - 1
        a = self.game.starts[player]
        used = np.flatnonzero(self.support[player]) + a
        grad = np.zeros(self.game.m)                 # v_i = mean over used s of (z_s − σ_s)
        grad[used] = 1.0 / len(used)
        grad -= self.p[used].mean(axis=0)
        return grad - unit

    def slack(self, z: np.ndarray) -> np.ndarray:
        """Non-negative inside the piece: ``σ_{i,s}`` for used strategies, ``v_i − z_{i,s}`` for
        unused ones (with ``v_i = z_{i,s} − σ_{i,s}`` for any used ``s``)."""
        sigma = self.sigma(z)
        level = np.concatenate([np.full(len(zi), np.mean((zi - si)[s]))
                                for zi, si, s in zip(self.game.split(z),
                                                     self.game.split(sigma), self.support)])
        return np.where(self.inside, sigma, level - z)


def _block_diag(blocks: list[np.ndarray]) -> np.ndarray:
    size = sum(len(b) for b in blocks)
    out, at = np.zeros((size, size)), 0
    for b in blocks:
        out[at:at + len(b), at:at + len(b)] = b
        at += len(b)
    return out


def _tangent(a: np.ndarray, orientation: float) -> np.ndarray:
    """The unit kernel vector of ``a`` (``M × (M+1)``, full rank) with
    ``sign det [[a], [t]] = orientation``."""
    q, _ = np.linalg.qr(a.T, mode="complete")
    t = q[:, -1]
    sign = np.sign(np.linalg.det(np.vstack([a, t])))
    return t if sign == orientation else -t


def _follow(game: _Game, ray: np.ndarray, max_steps: int, found: list[Sigma]) -> tuple[bool, int]:
    """Follow the path of ``ψ(z) = λ·ray`` from ``λ = +∞``; append equilibria (crossings of
    ``λ = 0``) to ``found``. Returns whether the path reached its end and the steps taken."""
    m = game.m
    parts = game.split(ray)
    gaps = [np.sort(r)[-1] - np.sort(r)[-2] if len(r) > 1 else 1.0 for r in parts]
    lam = 2.0 / min(gaps)
    sigma = np.concatenate([np.eye(len(r))[np.argmax(r)] for r in parts])
    z = sigma + game.values(game.split(sigma)) + lam * ray
    region = _Region(game, _supports(game, z))
    a = np.hstack([region.dpsi(z), -ray[:, None]])
    start = -np.append(ray, 1.0) / np.linalg.norm(np.append(ray, 1.0))
    orientation = np.sign(np.linalg.det(np.vstack([a, start])))
    t, h = start, 0.1
    for step in range(max_steps):
        rate = region.p @ t[:m]                                 # d σ / d h on used strategies
        slack = region.slack(z)
        level_rate = np.concatenate([np.full(len(ti), np.mean((ti - ri)[s])) for ti, ri, s in
                                     zip(game.split(t[:m]), game.split(rate), region.support)])
        speed = np.where(region.inside, rate, level_rate - t[:m])
        with np.errstate(divide="ignore", invalid="ignore"):
            reach = np.where(speed < -1e-14, np.maximum(slack, 0.0) / -speed, np.inf)
        if not np.isfinite(reach).any() and region.inside.sum() == game.n and lam < 0:
            return True, step                                   # a pure piece, λ → −∞
        hit = int(np.argmin(reach))
        bounded = reach[hit] <= h
        size = reach[hit] if bounded else h
        guess = np.append(z, lam) + size * t
        y, ok = _correct(region, ray, guess, hit if bounded else None)
        if ok:      # step control: small correction, tangent turning by less than ~30°,
            a = np.hstack([region.dpsi(y[:m]), -ray[:, None]])      # still inside the piece
            new = _tangent(a, orientation)
            ok = (new @ t > 0.85 and np.linalg.norm(y - guess) < 0.3 * max(size, 1e-9)
                  and region.slack(y[:m]).min() > -1e-12)
        if not ok:
            h = min(h, size) / 2
            if h < 1e-12:
                return False, step
            continue
        if lam * y[m] <= 0 and lam != 0:
            _crossing(region, z, lam, y[:m], y[m], found)
        z, lam, t = y[:m], y[m], new
        if bounded:
            flat = np.concatenate(region.support)
            flat[hit] = not flat[hit]
            region = _Region(game, game.split(flat))
            t = _tangent(np.hstack([region.dpsi(z), -ray[:, None]]), orientation)
        else:
            h = min(h * 1.5, max(1.0, abs(lam) / 2))
    return False, max_steps


def _correct(region: _Region, ray: np.ndarray, y: np.ndarray, boundary: int | None = None,
             iterations: int = 8) -> tuple[np.ndarray, bool]:
    """Gauss–Newton (Moore–Penrose) corrector onto ``ψ(z) − λ g = 0``; with ``boundary``, Newton's
    method on that system plus ``slack_boundary(z) = 0``, which lands on the piece's face."""
    m = len(ray)

    def system(y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        residual = region.psi(y[:m]) - y[m] * ray
        a = np.hstack([region.dpsi(y[:m]), -ray[:, None]])
        if boundary is None:
            return residual, a
        row = np.append(region.slack_gradient(boundary), 0.0)
        return np.append(residual, region.slack(y[:m])[boundary]), np.vstack([a, row])

    for _ in range(iterations):
        residual, a = system(y)
        if np.abs(residual).max() < 1e-13:
            return y, True
        y = y - np.linalg.lstsq(a, residual, rcond=None)[0]
    return y, bool(np.abs(system(y)[0]).max() < 1e-10)


def _crossing(region: _Region, z0: np.ndarray, lam0: float, z1: np.ndarray, lam1: float,
              found: list[Sigma]) -> None:
    """Locate the zero of ``ψ`` between two path points on either side of ``λ = 0``."""
    z = z0 + (z1 - z0) * lam0 / (lam0 - lam1)
    for _ in range(30):
        f = region.psi(z)
        if np.abs(f).max() < 1e-15:
            break
        z = z - np.linalg.lstsq(region.dpsi(z), f, rcond=None)[0]
    if np.abs(region.psi(z)).max() > 1e-11 or region.slack(z).min() < -1e-9:
        return
    sigma = np.maximum(region.sigma(z), 0.0)
    found.append(tuple(s / s.sum() for s in region.game.split(sigma)))


def gnm(payoffs: np.ndarray, rays: int = 8, seed: int = 0, max_steps: int = 5_000) -> GnmResult:
    """Equilibria on the global Newton paths of ``rays`` random rays (see the module
    docstring); distinct to 1e-8. Not complete, and each must be verified by the caller."""
    game = _Game(normalized_payoffs(np.asarray(payoffs, dtype=float)))
    rng = np.random.default_rng(seed)
    result = GnmResult()
    keys: set[tuple] = set()
    for _ in range(rays):
        ray = rng.random(game.m) + 0.05
        found: list[Sigma] = []
        finished, steps = _follow(game, ray / np.linalg.norm(ray), max_steps, found)
        result.paths += 1
        result.finished += finished
        result.steps += steps
        for sigma in found:
            key = tuple(np.round(np.concatenate(sigma), 8).tolist())
            if key not in keys:
                keys.add(key)
                result.equilibria.append(sigma)
    return result
