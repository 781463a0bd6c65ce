"""Independent answers for three-player games, by explicit loops and closed-form elimination
(no code of the package is used).

- :func:`pure_equilibria`: every pure profile checked against every unilateral deviation.
- :func:`two_mixing`: one player pure, the other two mixing over two strategies each: each
  mixer's indifference is *linear* in the other mixer's probability, so each is one division.
- :func:`three_mixing`: all three mixing over two strategies each (a 2×2×2 sub-game): with
  ``p, q, r`` the probabilities of each player's first support strategy, the indifferences are
  bilinear, ``D1 = a1 + b1 q + c1 r + d1 q r`` and so on; solving ``D1 = 0`` for ``q`` and
  ``D2 = 0`` for ``p`` (both rational in ``r``) and substituting into ``D3`` leaves a quadratic
  in ``r`` — McKelvey & McLennan's (1997) elimination, which is why a 2×2×2 game has at most two
  totally mixed equilibria.

Each candidate is kept only if no strategy outside the supports does better (checked by
explicit sums over profiles, :func:`max_regret`).
"""

import itertools

import numpy as np


def max_regret(u, sigma):
    """Largest regret over the players, by explicit sums over every pure profile."""
    n, shape = len(sigma), u.shape[1:]
    worst = 0.0
    for i in range(n):
        dev = np.zeros(shape[i])
        for prof in itertools.product(*(range(s) for s in shape)):
            dev[prof[i]] += u[i][prof] * np.prod([sigma[j][prof[j]] for j in range(n) if j != i])
        worst = max(worst, dev.max() - dev @ sigma[i])
    return worst


def _span(u):
    return max(float(u[i].max() - u[i].min()) for i in range(len(u)))


def pure_equilibria(u):
    out = []
    shape = u.shape[1:]
    for prof in itertools.product(*(range(s) for s in shape)):
        if all(u[i][prof] >= max(u[i][prof[:i] + (t,) + prof[i + 1:]] for t in range(shape[i]))
               for i in range(len(shape))):
            out.append(tuple(np.eye(s)[k] for s, k in zip(shape, prof)))
    return out


def _mixture(size, support, first):
    x = np.zeros(size)
    x[support[0]], x[support[1]] = first, 1 - first
    return x


def two_mixing(u, tol=1e-9):
    """Equilibria of a 3-player game where one player is pure and two mix over two strategies."""
    shape = u.shape[1:]
    out = []
    for i in range(3):
        j, k = [p for p in range(3) if p != i]
        for s in range(shape[i]):
            for sj in itertools.combinations(range(shape[j]), 2):
                for sk in itertools.combinations(range(shape[k]), 2):
                    def slab(player, a, b, i=i, j=j, k=k, s=s):
                        """Payoff of ``player`` with i at s, j at a, k at b."""
                        prof = [0, 0, 0]
                        prof[i], prof[j], prof[k] = s, a, b
                        return u[player][tuple(prof)]
                    # j indifferent: linear in r = P(k plays sk[0]); k indifferent: in q.
                    dj = [slab(j, sj[0], b) - slab(j, sj[1], b) for b in sk]
                    dk = [slab(k, a, sk[0]) - slab(k, a, sk[1]) for a in sj]
                    if dj[0] == dj[1] or dk[0] == dk[1]:
                        continue
                    r = dj[1] / (dj[1] - dj[0])
                    q = dk[1] / (dk[1] - dk[0])
                    if not (0 < r < 1 and 0 < q < 1):
                        continue
                    sigma = [None] * 3
                    sigma[i] = np.eye(shape[i])[s]
                    sigma[j] = _mixture(shape[j], sj, q)
                    sigma[k] = _mixture(shape[k], sk, r)
                    if max_regret(u, sigma) <= tol * _span(u):
                        out.append(tuple(sigma))
    return out


def three_mixing(u, tol=1e-9):
    """Equilibria of a 3-player game where every player mixes over exactly two strategies."""
    shape = u.shape[1:]
    out = []
    for s1, s2, s3 in itertools.product(*(itertools.combinations(range(m), 2) for m in shape)):
        sub = u[np.ix_(range(3), s1, s2, s3)]
        coef = []
        for i in range(3):
            d = np.moveaxis(sub[i], i, 0)
            d = d[0] - d[1]                      # over (the other two players' strategies)
            # d[a, b] with weights (x, 1 − x), (y, 1 − y): a + b·x + c·y + e·x·y
            coef.append((d[1, 1], d[0, 1] - d[1, 1], d[1, 0] - d[1, 1],
                         d[0, 0] - d[0, 1] - d[1, 0] + d[1, 1]))
        (a1, b1, c1, d1), (a2, b2, c2, d2), (a3, b3, c3, d3) = coef
        # D1(q, r) = a1 + b1 q + c1 r + d1 q r → q = −N1/B1; D2(p, r) → p = −N2/B2.
        n1, b1r = np.array([a1, c1]), np.array([b1, d1])      # polynomials in r, low first
        n2, b2r = np.array([a2, c2]), np.array([b2, d2])
        P = np.polynomial.polynomial
        quad = (a3 * P.polymul(b1r, b2r) - b3 * P.polymul(n2, b1r) - c3 * P.polymul(n1, b2r)
                + d3 * P.polymul(n1, n2))
        for r in P.polyroots(np.trim_zeros(quad, "b")) if np.any(quad) else []:
            if abs(r.imag) > 1e-12 or not 0 < r.real < 1:
                continue
            r = r.real
            # Where B1(r) = N1(r) = 0, D1 vanishes for every q and D3 (linear in q) fixes it;
            # likewise for p (McKelvey and McLennan's own 2x2x2 example is of this kind).
            free_q = abs(P.polyval(r, b1r)) < 1e-12 and abs(P.polyval(r, n1)) < 1e-12
            free_p = abs(P.polyval(r, b2r)) < 1e-12 and abs(P.polyval(r, n2)) < 1e-12
            if free_q and free_p:
                continue                          # a continuum: not an isolated equilibrium
            if free_q:
                p = -P.polyval(r, n2) / P.polyval(r, b2r)
                q = -(a3 + b3 * p) / (c3 + d3 * p)
            elif free_p:
                q = -P.polyval(r, n1) / P.polyval(r, b1r)
                p = -(a3 + c3 * q) / (b3 + d3 * q)
            else:
                q = -P.polyval(r, n1) / P.polyval(r, b1r)
                p = -P.polyval(r, n2) / P.polyval(r, b2r)
            if not (0 < p < 1 and 0 < q < 1):
                continue
            sigma = (_mixture(shape[0], s1, p), _mixture(shape[1], s2, q),
                     _mixture(shape[2], s3, r))
            if max_regret(u, sigma) <= tol * _span(u):
                out.append(sigma)
    return out


def support_shape(sigma):
    return tuple(int(np.count_nonzero(s > 1e-12)) for s in sigma)
