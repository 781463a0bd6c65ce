"""Benchmark: the same sweep, robustness run and simulation in this process, on a process pool and
on a Dask LocalCluster, with identical results.

Russia–Ukraine–West model (after its cheapest revision for the sweep and the robustness run):
a sweep of 316 × 316 no-deal values, 10^5 robustness draws with 1,000 MUS draws, and 10^4 paths
of 60 months with the per-mechanism re-runs. Wall seconds (the point of a cluster), best of 2;
the cluster's start-up is printed apart. On this shared 2-core machine two workers cannot beat
one process by much: the figures show the overhead of the split, which is small because tasks
carry a few tenths of a second of work each. Skipped when Dask (distributed) is not installed.
"""

from __future__ import annotations

import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from negotiation.analysis import analyze
from negotiation.model.compiled import compile_model
from negotiation.sections import load_model
from negotiation.whatif.ripeness import simulate
from negotiation.whatif.thresholds import sweep
from negotiation.whatif.uncertainty import robustness

MODEL = Path(__file__).resolve().parents[1] / "models" / "russia_ukraine_west.toml"
CHEAPEST = ("russia.non_alignment", "russia.keep_crimea", "russia.territorial_claims",
            "russia.recognition_of_gains")


def runs():
    revised = analyze(load_model(MODEL, drops=CHEAPEST), strategic=False)
    compiled = compile_model(load_model(MODEL))
    axes = {"parties.russia.disagreement": np.linspace(0, 1, 316),
            "parties.ukraine.disagreement": np.linspace(0, 1, 316)}
    return {
        "sweep 10^5 points": lambda ex: sweep(revised, axes, executor=ex).sizes,
        "robustness 10^5 draws": lambda ex: robustness(revised, 100_000, 7, executor=ex).sizes,
        "simulate 10^4 paths": lambda ex: simulate(compiled, 60, 10_000, 3,
                                                   executor=ex).time_to_ripeness,
    }


def best(fn, executor) -> tuple[float, bytes]:
    out, seconds = None, float("inf")
    for _ in range(2):
        start = time.perf_counter()
        out = fn(executor)
        seconds = min(seconds, time.perf_counter() - start)
    return seconds, np.asarray(out).tobytes()


def main() -> None:
    print(__doc__.strip().splitlines()[0])
    try:
        import distributed  # noqa: F401
    except ImportError:
        print("skipped: distributed is not installed (pip install 'negotiation[distributed]')")
        return
    from negotiation._util.parallel import dask_client

    work = runs()
    serial = {name: best(fn, None) for name, fn in work.items()}
    with ProcessPoolExecutor(2) as pool:
        pooled = {name: best(fn, pool) for name, fn in work.items()}
    start = time.perf_counter()
    with dask_client("local", workers=2) as client:
        started = time.perf_counter() - start
        dask = {name: best(fn, client) for name, fn in work.items()}
    print(f"LocalCluster of 2 workers: started in {started:.1f} s")
    print(f"{'run':>22} {'serial s':>9} {'pool(2) s':>10} {'dask(2) s':>10} {'identical':>10}")
    same = True
    for name in work:
        ok = serial[name][1] == pooled[name][1] == dask[name][1]
        same &= ok
        print(f"{name:>22} {serial[name][0]:>9.2f} {pooled[name][0]:>10.2f} "
              f"{dask[name][0]:>10.2f} {'yes' if ok else 'NO':>10}")
    print(f"results identical serial / pool / cluster -> {'PASS' if same else 'FAIL'}")


if __name__ == "__main__":
    main()
