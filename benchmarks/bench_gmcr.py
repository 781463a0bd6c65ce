"""Benchmark: the graph model at scale — Nash, GMR, SMR and SEQ stability, coalition stability
(CNash, CGMR, CSEQ for every coalition of two or more) and status-quo analysis.

Synthetic option-form conflicts with every option combination feasible, from 12 options (4,096
states) to 20 options (1,048,576 states) among 3 or 4 decision makers. Preferences are 6 random
prioritised statements per decision maker (seeded); a quarter of the options are irreversible.
Each case runs in a fresh process so its peak memory (max RSS) is its own. Times are CPU seconds
(``time.process_time``: the machine is shared), best of three for the small cases.

Phases: ``load`` (parse and validate the model), ``compile`` (states, levels; moves stay bit
flips), ``stability`` (the four notions for every state and decision maker), ``coalitions``
(every coalition at every state, and the equilibria under the class of all coalitions),
``status quo`` (from the all-N state: reachability by improvements and by any moves over
(state, last mover), the reachable equilibria of the four notions and one shortest path to each).

A last case is a graph-form model built to be deep rather than wide: three decision makers who
can each only step from state k to k+1 of 65,536 states, all preferring later states, so
sanction sequences are up to 65,535 moves long (stability only: the level-by-level status-quo
search would take 65,535 levels).

Targets: issue 7 — the four notions for 4,096 states in under 1 s, for 65,536 in under 60 s and
4 GB; issue 17 — all stabilities (four notions and coalition stability) for 2^20 states with
3–4 decision makers in under 60 s and 8 GB, and status-quo analysis at the same scale in under
60 s. Reference measured in issue 7: the open GMCR+ engine needs 42.8 s at 4,096 states.

``python benchmarks/bench_gmcr.py`` runs every case; ``... 7 7 6`` one case.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time

CASES = [(4, 4, 4), (6, 5, 5), (4, 4, 4, 4), (6, 6, 6), (5, 5, 4, 4), (7, 7, 6), (5, 5, 5, 5),
         ("chain",)]    # options per decision maker
PHASES = ("load", "compile", "stability", "coalitions", "status_quo")


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


def run_once(options: tuple) -> dict:
    """One pass through the phases; CPU seconds per phase, and what was found."""
    from negotiation.gmcr.coalitions import coalition_analysis
    from negotiation.gmcr.graph import graph_model
    from negotiation.gmcr.stability import NOTIONS, stability
    from negotiation.gmcr.status_quo import status_quo
    from negotiation.sections import build_model

    deep = options == ("chain",)
    times, clock = {}, time.process_time()

    def lap(phase: str) -> None:
        nonlocal clock
        now = time.process_time()
        times[phase], clock = now - clock, now

    model = None if deep else build_model(raw_conflict(options), "synthetic")
    lap("load")
    graph = chain() if deep else graph_model(model)
    lap("compile")
    result = stability(graph)
    lap("stability")
    out = {"states": graph.n, "dms": graph.m,
           "equilibria": [int(x) for x in result.equilibria.sum(axis=1)]}
    if deep:
        return out | {"times": times}
    joint = coalition_analysis(graph, result=result)
    lap("coalitions")
    sq = status_quo(graph, 0, {n: result.equilibria[k] for k, n in enumerate(NOTIONS)})
    lap("status_quo")
    return out | {"times": times,
                  "class": [None if v is None else int(v.sum()) for v in joint.equilibria.values()],
                  "scopes": sorted(set(joint.scope.values())),
                  "reachable": [int(sq.by_improvements.reachable.sum()),
                                int(sq.by_moves.reachable.sum())],
                  "paths": len(sq.paths) + len(sq.paths_by_moves),
                  "longest": max((len(p) for p in sq.paths.values()), default=0)}


def measure(options: tuple) -> dict:
    repeats = 3 if options == ("chain",) or sum(options) <= 12 else 1
    runs = [run_once(options) for _ in range(repeats)]
    best = {phase: min(r["times"][phase] for r in runs) for phase in runs[0]["times"]}
    return runs[0] | {"times": best,
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    if len(sys.argv) > 1:
        args = tuple(sys.argv[1:])
        print(json.dumps(measure(args if args == ("chain",) else tuple(map(int, args)))))
        return
    print(__doc__.strip().splitlines()[0])
    print(f"{'options':>10} {'DMs':>3} {'states':>9} " + " ".join(f"{p:>10}" for p in PHASES)
          + f" {'total s':>8} {'peak MB':>8}  equilibria R/G/S/Q; class CNash/CGMR/CSEQ; "
            "reachable by improvements/moves")
    for options in CASES:
        proc = subprocess.run([sys.executable, __file__, *map(str, options)],
                              capture_output=True, text=True, check=True)
        r = json.loads(proc.stdout)
        t = r["times"]
        total = sum(t.values())
        found = "/".join(map(str, r["equilibria"]))
        if "class" in r:
            found += "; " + "/".join(map(str, r["class"])) + "; " + "/".join(
                f"{x:,}" for x in r["reachable"])
        print(f"{'+'.join(map(str, options)):>10} {r['dms']:>3} {r['states']:>9,} "
              + " ".join(f"{t[p]:>10.2f}" if p in t else f"{'-':>10}" for p in PHASES)
              + f" {total:>8.2f} {r['peak_mb']:>8.0f}  {found}")
        stabilities = sum(t[p] for p in ("load", "compile", "stability", "coalitions") if p in t)
        if r["states"] <= 4096:
            verdict = f"{'meets' if total < 1 else 'MISSES'} the target of 1 s"
        elif r["states"] <= 65_536:
            verdict = f"{'meets' if total < 60 and r['peak_mb'] < 4096 else 'MISSES'} the " \
                      "target of 60 s and 4 GB"
        else:
            ok = stabilities < 60 and t["status_quo"] < 60 and r["peak_mb"] < 8192
            verdict = (f"{'meets' if ok else 'MISSES'} the targets: all stabilities "
                       f"{stabilities:.1f} s and status quo {t['status_quo']:.1f} s "
                       "(each under 60 s), 8 GB")
        print(f"{'':>10} {verdict}", flush=True)


if __name__ == "__main__":
    main()
