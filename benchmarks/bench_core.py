"""Benchmark: full analysis of 3-party models with about 20 constraints, 10^3 to 10^7 outcomes.

Full analysis = compile (valuations, blocking map), certificate (all MUS/MCS, pairwise), and
bargaining (bargaining set, Pareto frontier, four solutions). Each size runs in a fresh process
so its peak memory (max RSS) is its own. The baseline is a plain NumPy pass over the same
utility arrays (individual rationality for every party and the Nash product's argmax), measured
in the same process.

Target (issue 2): 10^6 outcomes in under 1 s wall and under 1 GB peak; cost linear in outcomes.
Reference: NegMAS 0.16 takes 6.4 s for only the Pareto frontier and Nash point at 10^6 outcomes.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
SIZES = [(3, 10), (4, 10), (5, 10), (6, 10), (7, 10)]   # (issues, levels): 10^3 .. 10^7


def measure(issues: int, levels: int, trap: bool) -> dict:
    import numpy as np

    sys.path.insert(0, str(HERE))
    from synthetic import make_raw

    from negotiation.bargaining.certificate import certify
    from negotiation.bargaining.zone import bargain
    from negotiation.model.compiled import compile_model
    from negotiation.model.loading import build_model

    model = build_model(make_raw(issues, levels, trap=trap), "synthetic")
    repeats = 3 if levels**issues <= 10**6 else 1
    best = {}
    for _ in range(repeats):
        t0 = time.perf_counter()
        compiled = compile_model(model)
        t1 = time.perf_counter()
        cert = certify(compiled)
        t2 = time.perf_counter()
        barg = bargain(compiled)
        t3 = time.perf_counter()
        for key, value in (("compile", t1 - t0), ("certificate", t2 - t1),
                           ("bargaining", t3 - t2), ("total", t3 - t0)):
            best[key] = min(best.get(key, float("inf")), value)
    u, d = compiled.utilities, compiled.disagreement
    plain = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        ok = np.all(u >= d[:, None], axis=0)
        np.argmax(np.where(ok, np.prod(u - d[:, None], axis=0), -np.inf))
        plain = min(plain, time.perf_counter() - t0)
    return best | {
        "outcomes": compiled.n_outcomes, "constraints": len(compiled.constraints),
        "plain_numpy": plain, "bargaining_set": barg.size, "pareto": len(barg.pareto),
        "mus": len(cert.mus), "mcs": len(cert.mcs),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    if len(sys.argv) == 4:
        print(json.dumps(measure(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "trap")))
        return
    print(__doc__.strip().splitlines()[0])
    header = (f"{'case':>5} {'outcomes':>10} {'constr':>6} {'|B|':>8} {'pareto':>6} {'MUS':>4} "
              f"{'MCS':>4} {'compile':>8} {'cert':>8} {'bargain':>8} {'total':>8} "
              f"{'numpy':>8} {'ratio':>6} {'us/1k':>6} {'peak MB':>8}")
    print(header)
    results = {}
    for trap in (False, True):
        for issues, levels in SIZES:
            proc = subprocess.run(
                [sys.executable, __file__, str(issues), str(levels), "trap" if trap else "open"],
                capture_output=True, text=True, check=True)
            r = json.loads(proc.stdout)
            results[(trap, r["outcomes"])] = r
            print(f"{'trap' if trap else 'open':>5} {r['outcomes']:>10,} {r['constraints']:>6} "
                  f"{r['bargaining_set']:>8,} {r['pareto']:>6} {r['mus']:>4} {r['mcs']:>4} "
                  f"{r['compile']:>8.4f} {r['certificate']:>8.4f} {r['bargaining']:>8.4f} "
                  f"{r['total']:>8.4f} {r['plain_numpy']:>8.4f} "
                  f"{r['total'] / r['plain_numpy']:>6.1f} "
                  f"{1e6 * r['total'] / r['outcomes'] * 1000:>6.0f} {r['peak_mb']:>8.0f}")
    for trap in (False, True):
        r = results[(trap, 10**6)]
        status = "PASS" if r["total"] < 1.0 and r["peak_mb"] < 1024 else "FAIL"
        print(f"target 10^6 ({'trap' if trap else 'open'}): {r['total']:.3f} s, "
              f"{r['peak_mb']:.0f} MB peak -> {status} (< 1 s, < 1024 MB)")
        growth = results[(trap, 10**7)]["total"] / results[(trap, 10**5)]["total"]
        print(f"scaling 10^5 -> 10^7 ({'trap' if trap else 'open'}): x{growth:.0f} "
              "for x100 outcomes")


if __name__ == "__main__":
    main()
