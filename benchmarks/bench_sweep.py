"""Benchmark: sweeps over two parameters on the Russia–Ukraine–West model.

Target (issue 13): 10^4 grid points over two parameters in under 10 s, serial. The model is the
one after its cheapest revision (the red lines leave settlements, so every grid point is
evaluated: the slack of every floor at every settlement of the red-line set); the sweeps run over
two no-deal values and over a no-deal value and a register weight (the rest of its table
rescaled). CPU seconds (time.process_time; the machine is shared), best of 2.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from negotiation.analysis import analyze
from negotiation.sections import load_model
from negotiation.whatif.thresholds import red_line_set, sweep

MODEL = Path(__file__).resolve().parents[1] / "models" / "russia_ukraine_west.toml"
CHEAPEST = ("russia.non_alignment", "russia.keep_crimea", "russia.territorial_claims",
            "russia.recognition_of_gains")
PAIRS = [("parties.russia.disagreement", "parties.ukraine.disagreement"),
         ("parties.russia.disagreement", "parties.west.registers.strategic.weight")]


def main() -> None:
    print(__doc__.strip().splitlines()[0])
    analysis = analyze(load_model(MODEL, drops=CHEAPEST), strategic=False)
    print(f"red-line set: {len(red_line_set(analysis.compiled)):,} settlements")
    print(f"{'parameters':>66} {'points':>8} {'cpu s':>7} {'us/point':>9}")
    worst = 0.0
    for side in (32, 100, 316):
        for a, b in PAIRS:
            axes = {a: np.linspace(0, 1, side), b: np.linspace(0, 1, side)}
            best = float("inf")
            for _ in range(2):
                start = time.process_time()
                sweep(analysis, axes)
                best = min(best, time.process_time() - start)
            if side == 100:
                worst = max(worst, best)
            print(f"{a + ' x ' + b:>66} {side * side:>8,} {best:>7.2f} "
                  f"{1e6 * best / side / side:>9.1f}")
    print(f"target: 10^4 grid points in {worst:.2f} CPU s -> "
          f"{'PASS' if worst <= 10 else 'FAIL'} (<= 10 s, serial)")


if __name__ == "__main__":
    main()
