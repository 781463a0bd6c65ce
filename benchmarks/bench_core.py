"""Benchmark: full analysis of 3-party models with about 20 constraints, 10^4 to 10^7 outcomes,
bargaining sets from empty to 45 % of the space.

Full analysis = compile (valuations, blocking map), certificate (all MUS/MCS, pairwise),
bargaining (bargaining set, Pareto frontier, four solutions) and the independent verification of
the certificate. Models (``synthetic.py``): ``open``/``trap`` are ``make_raw`` (a small
bargaining set; a three-party structural trap); ``random``, ``coarse`` and ``opposed`` are
``make_open`` with a bargaining set of about 45 % of the space (``opposed``: nearly every point
of it on the Pareto frontier, the hard case for a frontier), ``small`` about 1 % and ``gap`` none
(a ripeness gap: the distance to agreement is computed instead).

Each case runs in a fresh process so its peak memory (max RSS) is its own. Times are CPU seconds
(``time.process_time``; the machine is shared), best of 3 runs (1 at 10^7); the wall time of the
best run is printed beside. The baseline is a plain NumPy pass over the same utility arrays
(individual rationality for every party and the Nash product's argmax), measured in the same
process; ``ratio`` is the analysis over that pass.

Targets (issue 13): 10^6 outcomes with a bargaining set of any size, verification included,
in under 1 s; 10^7 in under 10 s and 4 GB; cost about linear in outcomes whatever the size of
the bargaining set.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
SIZES = [(4, 10), (5, 10), (6, 10), (7, 10)]     # (issues, levels): 10^4 .. 10^7
CASES = {"open": None, "trap": None, "random": ("random", 0.45), "coarse": ("coarse", 0.45),
         "opposed": ("opposed", 0.45), "small": ("random", 0.01), "gap": ("random", 0.0)}


def raw_model(case: str, issues: int, levels: int) -> dict:
    sys.path.insert(0, str(HERE))
    from synthetic import make_open, make_raw

    if CASES[case] is None:
        return make_raw(issues, levels, trap=case == "trap")
    kind, share = CASES[case]
    return make_open(issues, levels, share, kind=kind)


def measure(case: str, issues: int, levels: int) -> dict:
    import numpy as np

    from negotiation.bargaining.certificate import certify
    from negotiation.bargaining.verify import verify
    from negotiation.bargaining.zone import bargain
    from negotiation.model.compiled import compile_model
    from negotiation.model.loading import build_model

    model = build_model(raw_model(case, issues, levels), "synthetic")
    repeats = 3 if levels**issues <= 10**6 else 1
    best: dict[str, float] = {}
    for _ in range(repeats):
        steps = {}
        wall = time.perf_counter()
        t = time.process_time()
        compiled = compile_model(model)
        steps["compile"], t = time.process_time() - t, time.process_time()
        cert = certify(compiled)
        steps["certificate"], t = time.process_time() - t, time.process_time()
        barg = bargain(compiled)
        steps["bargaining"], t = time.process_time() - t, time.process_time()
        problems = verify(model, cert)
        steps["verify"] = time.process_time() - t
        steps["total"] = sum(steps.values())
        steps["wall"] = time.perf_counter() - wall
        if steps["total"] < best.get("total", float("inf")):
            best = steps
    u, d = compiled.utilities, compiled.disagreement
    plain = float("inf")
    for _ in range(repeats):
        t = time.process_time()
        ok = np.all(u >= d[:, None], axis=0)
        np.argmax(np.where(ok, np.prod(u - d[:, None], axis=0), -np.inf))
        plain = min(plain, time.process_time() - t)
    return best | {
        "outcomes": int(model.n_outcomes), "constraints": len(cert.constraint_ids),
        "plain_numpy": plain, "bargaining_set": barg.size, "pareto": len(barg.pareto),
        "mus": len(cert.mus), "mcs": len(cert.mcs), "problems": len(problems),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    if len(sys.argv) == 4:
        print(json.dumps(measure(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))))
        return
    print(__doc__.strip().splitlines()[0] + " " + __doc__.strip().splitlines()[1])
    print(f"{'case':>7} {'outcomes':>10} {'constr':>6} {'|B|':>9} {'pareto':>9} {'MUS':>4} "
          f"{'MCS':>4} {'compile':>8} {'cert':>7} {'bargain':>8} {'verify':>7} {'total':>7} "
          f"{'wall':>7} {'numpy':>7} {'ratio':>6} {'us/1k':>6} {'peak MB':>8}")
    results = {}
    for case in CASES:
        for issues, levels in SIZES:
            proc = subprocess.run([sys.executable, __file__, case, str(issues), str(levels)],
                                  capture_output=True, text=True, check=True)
            r = json.loads(proc.stdout)
            results[(case, r["outcomes"])] = r
            print(f"{case:>7} {r['outcomes']:>10,} {r['constraints']:>6} "
                  f"{r['bargaining_set']:>9,} {r['pareto']:>9,} {r['mus']:>4} {r['mcs']:>4} "
                  f"{r['compile']:>8.3f} {r['certificate']:>7.3f} {r['bargaining']:>8.3f} "
                  f"{r['verify']:>7.3f} {r['total']:>7.3f} {r['wall']:>7.3f} "
                  f"{r['plain_numpy']:>7.4f} {r['total'] / r['plain_numpy']:>6.0f} "
                  f"{1e9 * r['total'] / r['outcomes']:>6.0f} {r['peak_mb']:>8.0f}", flush=True)
            if r["problems"]:
                print(f"        the verifier found {r['problems']} problem(s): FAIL")
    for size, limit in ((10**6, 1.0), (10**7, 10.0)):
        worst = max((results[(c, size)] for c in CASES), key=lambda r: r["total"])
        case = next(c for c in CASES if results[(c, size)] is worst)
        ok = worst["total"] <= limit and worst["peak_mb"] <= 4096
        print(f"target 10^{len(str(size)) - 1}, slowest case ({case}): {worst['total']:.2f} s "
              f"CPU, {worst['peak_mb']:.0f} MB -> {'PASS' if ok else 'FAIL'} "
              f"(<= {limit:g} s, <= 4096 MB)")
    growth = ", ".join(f"{c} x{results[(c, 10**7)]['total'] / results[(c, 10**5)]['total']:.0f}"
                       for c in CASES)
    print(f"scaling 10^5 -> 10^7 (x100 outcomes): {growth}")
    decade = ", ".join(f"{c} x{results[(c, 10**7)]['total'] / results[(c, 10**6)]['total']:.1f}"
                       for c in CASES)
    print(f"scaling 10^6 -> 10^7 (x10 outcomes): {decade}")


if __name__ == "__main__":
    main()
