"""Benchmark: equilibria of random and published games (issue 12 targets).

1. Pure equilibria of a random 3-player 64×64×64 game (target, issue 4: under 50 ms).
2. Every extreme equilibrium of generic random two-player n×n games (``A``, ``B`` uniform on
   [0, 1) from ``default_rng(seed)``, ``A`` drawn first), through ``solve`` (exact walk, every
   equilibrium verified), beside QuantEcon's ``vertex_enumeration`` on the same games when
   QuantEcon is installed (it is not a dependency: ``pip install quantecon``, or point
   ``--quantecon-python`` at an interpreter that has it); the equilibrium sets are compared.
   Targets: 16×16 in at most QuantEcon's time, 20×20 under 60 s, every equilibrium verified.
3. n players: Gambit's 5×4×3 game (target: complete in under 5 s) and random games, by
   complete support enumeration and by the global Newton method (never complete).

Times are CPU seconds of the call (``time.process_time``; the machine's cores are shared), best
of ``--repeat`` runs up to 16×16 and one run above; QuantEcon's numba compilation is excluded by
a warm-up call.

    python benchmarks/bench_equilibria.py [--sizes 12 14 16 18 20] [--seeds 0 1 2]
        [--large-seeds 0] [--repeat 3] [--quantecon-python PATH] [--no-nplayer]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
QUANTECON = """
import json, sys, time
import numpy as np
import quantecon.game_theory as gt
n, seed, repeat = (int(v) for v in sys.argv[1:4])
gt.vertex_enumeration(gt.NormalFormGame((gt.Player(np.eye(3)), gt.Player(np.eye(3)))))
rng = np.random.default_rng(seed)
A, B = rng.random((n, n)), rng.random((n, n))
g = gt.NormalFormGame((gt.Player(A), gt.Player(B.T)))
best = float("inf")
for _ in range(repeat):
    t = time.process_time()
    eqs = gt.vertex_enumeration(g)
    best = min(best, time.process_time() - t)
print(json.dumps({"seconds": best, "eqs": [np.concatenate(e).tolist() for e in eqs]}))
"""


def cpu(fn, repeats: int) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeats):
        start = time.process_time()
        out = fn()
        best = min(best, time.process_time() - start)
    return best, out


def quantecon_python(given: str | None) -> str | None:
    """An interpreter that can import QuantEcon: ``given``, else this one if it can."""
    if given:
        return given
    try:
        import quantecon  # noqa: F401
    except ImportError:
        return None
    return sys.executable


def quantecon(python: str, n: int, seed: int, repeat: int) -> dict | None:
    try:
        out = subprocess.run([python, "-c", QUANTECON, str(n), str(seed), str(repeat)],
                             capture_output=True, text=True, timeout=1800, check=True)
    except (subprocess.TimeoutExpired, subprocess.CalledProcessError, OSError):
        return None
    return json.loads(out.stdout.strip().splitlines()[-1])


def same_set(a: list[np.ndarray], b: list[np.ndarray], tol: float = 1e-8) -> bool:
    return len(a) == len(b) and all(min(np.abs(p - q).max() for q in b) < tol for p in a)


def two_players(args: argparse.Namespace) -> None:
    from negotiation.games.equilibria import solve
    from negotiation.games.game import Game

    python = quantecon_python(args.quantecon_python)
    print("\nEvery extreme equilibrium of random two-player games (ours: exact walk, complete, "
          "every equilibrium verified)")
    if python is None:
        print("  QuantEcon is not installed: its column is left out (pip install quantecon, "
              "or --quantecon-python PATH)")
    print(f"  {'size':>7} {'seed':>4} {'ours (s)':>9} {'equilibria':>10} {'complete':>8} "
          f"{'max rel. regret':>15} {'QuantEcon (s)':>13} {'QE eqs':>6}  same set")
    for n in args.sizes:
        for seed in args.seeds if n <= 16 else args.large_seeds:
            rng = np.random.default_rng(seed)
            a, b = rng.random((n, n)), rng.random((n, n))
            g = Game.from_payoffs(("r", "c"), (tuple(map(str, range(n))),) * 2, [a, b])
            repeat = args.repeat if n <= 16 else 1
            seconds, result = cpu(lambda g=g: solve(g), repeat)
            ours = [np.concatenate(e.sigma) for e in result.equilibria]
            qe = None if python is None else quantecon(python, n, seed, repeat)
            q_s, q_n, same = ("-", "-", "-") if qe is None else (
                f"{qe['seconds']:.2f}", str(len(qe["eqs"])),
                "yes" if same_set(ours, [np.array(e) for e in qe["eqs"]]) else "NO")
            print(f"  {n:>3}×{n:<3} {seed:>4} {seconds:>9.2f} {len(ours):>10} "
                  f"{str(result.complete):>8} {result.max_regret_relative:>15.1e} {q_s:>13} "
                  f"{q_n:>6}  {same}", flush=True)


def n_players(args: argparse.Namespace) -> None:
    from negotiation.games.equilibria import solve
    from negotiation.games.game import Game

    sys.path.insert(0, str(ROOT / "tests" / "games"))
    from published_games import GAMBIT_543  # typed in from Gambit's contrib/games/5x4x3.nfg

    games = [("Gambit 5×4×3", GAMBIT_543)] + [
        (f"random {'×'.join(map(str, shape))}",
         np.random.default_rng(0).random((len(shape),) + shape))
        for shape in ((3, 3, 3), (4, 4, 4), (2, 2, 2, 2), (3, 3, 3, 3))]
    print("\nn players: support enumeration (complete when every profile is resolved) and the "
          "global Newton method (8 rays, never complete)")
    print(f"  {'game':>16} {'support (s)':>11} {'equilibria':>10} {'complete':>8} "
          f"{'gnm (s)':>8} {'gnm eqs':>7}")
    for name, u in games:
        g = Game.from_payoffs([f"p{i}" for i in range(len(u))],
                              [tuple(map(str, range(s))) for s in u.shape[1:]], u)
        seconds, full = cpu(lambda g=g: solve(g), args.repeat if name.startswith("G") else 1)
        g_seconds, found = cpu(lambda g=g: solve(g, "gnm"), 1)
        print(f"  {name:>16} {seconds:>11.2f} {len(full.equilibria):>10} "
              f"{str(full.complete):>8} {g_seconds:>8.2f} {len(found.equilibria):>7}",
              flush=True)
    print("  target: Gambit 5×4×3 complete in under 5 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[12, 14, 16, 18, 20])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2],
                        help="seeds of the games up to 16×16")
    parser.add_argument("--large-seeds", type=int, nargs="+", default=[0],
                        help="seeds of the games above 16×16")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quantecon-python", help="an interpreter with QuantEcon installed")
    parser.add_argument("--no-nplayer", action="store_true")
    args = parser.parse_args()

    from negotiation.games.pure import pure_equilibria

    u = np.random.default_rng(2026).random((3, 64, 64, 64))
    seconds, eqs = cpu(lambda: pure_equilibria(u), 7)
    print("Pure equilibria, random 3-player 64×64×64 game (262,144 profiles)")
    print(f"  {seconds * 1000:.1f} ms CPU, {len(eqs)} pure equilibria "
          f"(target < 50 ms: {'met' if seconds < 0.05 else 'MISSED'})")
    two_players(args)
    if not args.no_nplayer:
        n_players(args)


if __name__ == "__main__":
    main()
