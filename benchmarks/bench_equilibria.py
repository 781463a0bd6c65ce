"""Benchmark: equilibria of random games, ours beside nashpy.

1. Pure equilibria of a random 3-player 64×64×64 game (target, issue 4: under 50 ms).
2. All equilibria of random two-player n×n games: our vertex enumeration beside nashpy's
   vertex and support enumeration on the same games (nashpy runs in a child process with a
   time limit; the issue measured both above 60 s at 12×12). The sets found are compared.
3. Mixed equilibria of random 3-player games by certified support enumeration.

Prints a table; times are the best of a few repeats (wall clock, one core).
"""

from __future__ import annotations

import multiprocessing as mp
import time
import warnings

import numpy as np

NASHPY_LIMIT = 20.0     # seconds per nashpy call


def best_of(fn, repeats: int) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def _nashpy_worker(method: str, a: np.ndarray, b: np.ndarray, queue: mp.Queue) -> None:
    import nashpy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t0 = time.perf_counter()
        eqs = list(getattr(nashpy.Game(a, b), method)())
        queue.put((time.perf_counter() - t0, [np.concatenate(e) for e in eqs]))


def nashpy_timed(method: str, a: np.ndarray, b: np.ndarray):
    queue: mp.Queue = mp.Queue()
    proc = mp.Process(target=_nashpy_worker, args=(method, a, b, queue))
    proc.start()
    proc.join(NASHPY_LIMIT)
    if proc.is_alive():
        proc.terminate()
        proc.join()
        return None, None
    return queue.get()


def as_set(vectors) -> set:
    return {tuple(np.round(v, 6).tolist()) for v in vectors}


def main() -> None:
    from negotiation.games.equilibria import solve
    from negotiation.games.game import Game
    from negotiation.games.pure import pure_equilibria

    rng = np.random.default_rng(2026)
    u = rng.random((3, 64, 64, 64))
    seconds, eqs = best_of(lambda: pure_equilibria(u), 7)
    print("Pure equilibria, random 3-player 64×64×64 game (262,144 profiles)")
    print(f"  {seconds * 1000:.1f} ms, {len(eqs)} pure equilibria "
          f"(target < 50 ms: {'met' if seconds < 0.05 else 'MISSED'})")

    print("\nAll equilibria of random two-player games (ours: vertex enumeration, complete)")
    print(f"  {'size':>7} {'ours':>10} {'equilibria':>10} {'nashpy vertex':>14} "
          f"{'nashpy support':>15}  same set")
    for n in (4, 6, 8, 10, 12):
        a, b = rng.random((n, n)), rng.random((n, n))
        g = Game.from_payoffs(("r", "c"), (tuple(map(str, range(n))),) * 2, [a, b])
        seconds, result = best_of(lambda g=g: solve(g), 3 if n <= 10 else 1)
        ours = as_set(np.concatenate(e.sigma) for e in result.equilibria)
        cells, same = [], []
        for method in ("vertex_enumeration", "support_enumeration"):
            t, found = nashpy_timed(method, a, b)
            if t is None:
                cells.append(f"> {NASHPY_LIMIT:.0f} s")
            else:
                cells.append(f"{t:.3f} s")
                same.append("yes" if as_set(found) == ours else
                            f"no ({len(found)} vs {len(ours)})")
        print(f"  {n:>3}×{n:<3} {seconds:>8.3f} s {len(result.equilibria):>10} {cells[0]:>14} "
              f"{cells[1]:>15}  {', '.join(same) or '-'}")

    print("\nMixed equilibria of random 3-player games (certified support enumeration)")
    for shape in ((2, 2, 2), (3, 3, 3), (3, 3, 4)):
        payoffs = rng.random((3,) + shape)
        g = Game.from_payoffs(("a", "b", "c"),
                              [tuple(map(str, range(s))) for s in shape], payoffs)
        seconds, result = best_of(lambda g=g: solve(g), 1)
        print(f"  {'×'.join(map(str, shape)):>7} {seconds:>8.3f} s  "
              f"{len(result.equilibria)} equilibria, complete: {result.complete}, "
              f"max regret {result.max_regret:.1e}")


if __name__ == "__main__":
    main()
