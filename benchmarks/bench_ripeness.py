"""Benchmark: Monte Carlo ripeness paths on the Russia–Ukraine–West model.

Target (issue 6): 10^4 paths of 60 periods in under 30 s on this 2-core machine, for one run; the
per-mechanism re-runs of issue 16 (attrition alone, plus each mechanism) cost up to four runs
more. Measured in CPU seconds (time.process_time: the machine is shared) for the scenarios of
models/ripeness_scenarios.toml.
"""

from __future__ import annotations

import time
from pathlib import Path

from negotiation.model.compiled import compile_model
from negotiation.sections import SECTIONS
from negotiation.whatif.ripeness import simulate
from negotiation.whatif.scenarios import load_scenarios, scenario_model

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    print(__doc__.strip().splitlines()[0])
    model_path, _, scenarios = load_scenarios(ROOT / "models" / "ripeness_scenarios.toml")
    worst = 0.0
    print(f"{'scenario':>34} {'paths':>7} {'periods':>7} {'cpu s':>7} {'+ mech.':>8} "
          f"{'% open':>7}")
    for sc in scenarios:
        compiled = compile_model(scenario_model(model_path, sc, SECTIONS))
        for draws in (1_000, 10_000):
            start = time.process_time()
            sim = simulate(compiled, 60, draws, seed=3, mechanisms=False)
            single = time.process_time() - start
            start = time.process_time()
            simulate(compiled, 60, draws, seed=3)
            full = time.process_time() - start
            if draws == 10_000:
                worst = max(worst, single)
            share = 100 * float((sim.time_to_ripeness >= 0).mean())
            print(f"{sc.label:>34} {draws:>7,} {60:>7} {single:>7.2f} {full:>8.2f} "
                  f"{share:>7.2f}")
    print(f"target: 10^4 paths x 60 periods in {worst:.1f} CPU s (slowest scenario, one run) -> "
          f"{'PASS' if worst < 30 else 'FAIL'} (< 30 s)")


if __name__ == "__main__":
    main()
