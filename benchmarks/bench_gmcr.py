"""Benchmark: graph-model stability (Nash, GMR, SMR, SEQ for every state and decision maker).

Synthetic option-form conflicts with every option combination feasible: 12 options among 3
decision makers (4,096 states) and 16 options among 3 or 4 decision makers (65,536 states).
Preferences are 6 random prioritised statements per decision maker (seeded); a quarter of the
options are irreversible. Each case runs in a fresh process so its peak memory (max RSS) is its
own; times are the best of the repeats.

A last case is a graph-form model built to be deep rather than wide: three decision makers who
can each only step from state k to k+1 of 65,536 states, all preferring later states, so
sanction sequences are up to 65,535 moves long.

Targets (issue 7): all four notions for 4,096 states in under 1 s, and 65,536 states in under
60 s within 4 GB. Reference measured in the issue: the open GMCR+ engine needs 42.8 s (and about
400 MB of dense matrices) at 4,096 states.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time

CASES = [(4, 4, 4), (6, 5, 5), (4, 4, 4, 4), ("chain",)]   # options per decision maker


def raw_conflict(options: tuple[int, ...], seed: int = 7, statements: int = 6) -> dict:
    import numpy as np

    rng = np.random.default_rng(seed)
    dms, ids = [], []
    for d, k in enumerate(options):
        opts = [{"id": f"o{d}_{j}", "irreversible": bool(j % 4 == 3)} for j in range(k)]
        ids += [o["id"] for o in opts]
        dms.append({"id": f"dm{d}", "options": opts})
    for dm in dms:
        prefs = []
        for _ in range(statements):
            a, b = rng.choice(ids, 2, replace=False)
            join = rng.choice(["and", "or"])
            prefs.append(f"{a} == {rng.choice(['Y', 'N'])} {join} {b} == {rng.choice(['Y', 'N'])}")
        dm["preferences"] = prefs
    return {"model": {"name": "synthetic"}, "conflict": {"decision_makers": dms}}


def chain(n: int = 65_536, m: int = 3):
    import numpy as np

    from negotiation.gmcr.graph import GraphModel

    steps = np.stack([np.arange(n - 1), np.arange(1, n)], axis=1).astype(np.int64)
    names = tuple(f"s{k}" for k in range(n))
    return GraphModel(names, names, tuple(f"dm{d}" for d in range(m)),
                      tuple(f"DM {d}" for d in range(m)), (steps,) * m,
                      np.tile(np.arange(n, dtype=np.int64), (m, 1)))


def measure(options: tuple) -> dict:
    from negotiation.gmcr.graph import graph_model
    from negotiation.gmcr.stability import stability
    from negotiation.model.loading import build_model

    deep = options == ("chain",)
    model = None if deep else build_model(raw_conflict(options), "synthetic")
    repeats = 3 if deep or sum(options) <= 12 else 1
    best = {"compile": float("inf"), "stability": float("inf")}
    for _ in range(repeats):
        t0 = time.perf_counter()
        graph = chain() if deep else graph_model(model)
        t1 = time.perf_counter()
        result = stability(graph)
        t2 = time.perf_counter()
        best["compile"] = min(best["compile"], t1 - t0)
        best["stability"] = min(best["stability"], t2 - t1)
    return best | {
        "states": graph.n, "dms": graph.m, "moves": int(sum(len(m) for m in graph.moves)),
        "equilibria": [int(x) for x in result.equilibria.sum(axis=1)],
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    if len(sys.argv) > 1:
        args = tuple(sys.argv[1:])
        print(json.dumps(measure(args if args == ("chain",) else tuple(map(int, args)))))
        return
    print(__doc__.strip().splitlines()[0])
    print(f"{'options':>10} {'DMs':>3} {'states':>7} {'moves':>9} {'compile s':>9} "
          f"{'stability s':>11} {'total s':>8} {'peak MB':>8}  equilibria R/G/S/Q")
    for options in CASES:
        proc = subprocess.run([sys.executable, __file__, *map(str, options)],
                              capture_output=True, text=True, check=True)
        r = json.loads(proc.stdout)
        total = r["compile"] + r["stability"]
        print(f"{'+'.join(map(str, options)):>10} {r['dms']:>3} {r['states']:>7,} "
              f"{r['moves']:>9,} {r['compile']:>9.2f} {r['stability']:>11.2f} {total:>8.2f} "
              f"{r['peak_mb']:>8.0f}  {'/'.join(map(str, r['equilibria']))}")
        target = 1.0 if r["states"] <= 4096 else 60.0
        verdict = "meets" if total < target and r["peak_mb"] < 4096 else "MISSES"
        print(f"{'':>10} {verdict} the target of {target:g} s (4 GB)")


if __name__ == "__main__":
    main()
