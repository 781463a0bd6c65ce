"""Benchmark: Monte Carlo robustness on the Russia–Ukraine–West model.

Target (issue 13): 10^5 draws in under 5 s on this 2-core machine, cost linear in draws. The
verdict and the bargaining set are evaluated for every draw; MUS membership on the first
`mus_draws` (1,000 by default, as in `negotiation robustness`). Also measured: the model after the
cheapest revision, where the bargaining set is non-empty for most draws and every draw is
evaluated on it. CPU seconds (time.process_time; the machine is shared), best of 2.
"""

from __future__ import annotations

import time
from pathlib import Path

from negotiation.analysis import analyze
from negotiation.sections import load_model
from negotiation.whatif.uncertainty import robustness

MODEL = Path(__file__).resolve().parents[1] / "models" / "russia_ukraine_west.toml"
# The model's cheapest minimal revision (docs/russia_ukraine_west.md).
CHEAPEST = ("russia.non_alignment", "russia.keep_crimea", "russia.territorial_claims",
            "russia.recognition_of_gains")


def timed(analysis, draws, mus_draws):
    best = float("inf")
    for _ in range(2):
        start = time.process_time()
        robustness(analysis, draws, seed=7, mus_draws=mus_draws)
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    print(__doc__.strip().splitlines()[0])
    base = analyze(load_model(MODEL), strategic=False)
    revised = analyze(load_model(MODEL, drops=CHEAPEST), strategic=False)
    print(f"{'model':>9} {'draws':>8} {'MUS draws':>9} {'cpu s':>8} {'us/draw':>8}")
    rows = {}
    for name, analysis in (("baseline", base), ("revised", revised)):
        for draws, mus in ((10_000, 0), (100_000, 0), (100_000, 1000)):
            t = timed(analysis, draws, mus)
            rows[(name, draws, mus)] = t
            print(f"{name:>9} {draws:>8,} {mus:>9,} {t:>8.2f} {1e6 * t / draws:>8.1f}")
    worst = max(rows[(n, 100_000, 1000)] for n in ("baseline", "revised"))
    print(f"target: 10^5 draws (with 1,000 MUS draws) in {worst:.1f} CPU s -> "
          f"{'PASS' if worst <= 5 else 'FAIL'} (<= 5 s)")
    growth = rows[("revised", 100_000, 0)] / rows[("revised", 10_000, 0)]
    print(f"linearity: 10^4 -> 10^5 draws (revised, no MUS) costs x{growth:.1f}")


if __name__ == "__main__":
    main()
