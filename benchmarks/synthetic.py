"""Synthetic models of a given size for benchmarks: 3 parties, about 20 constraints.

``make_raw(issues, levels, seed)`` returns a parsed-TOML dict with ``issues`` issues of ``levels``
levels each (``levels ** issues`` outcomes), three parties with additive valuations, six red lines
each (conditions on one or two issues) and a disagreement value; seeded, so every run measures the
same model.
"""

from __future__ import annotations

import numpy as np


def make_raw(issues: int, levels: int, seed: int = 0, red_lines: int = 6,
             disagreement: float = 0.45, trap: bool = False, block: int | None = None) -> dict:
    """With ``trap``, each party gets one more red line so that every pair of parties is
    compatible but all three are not (a structural trap with a three-party MUS). With
    ``block``, each red line links two issues of the same run of ``block`` consecutive issues
    (the red lines then split the issues into small independent blocks)."""
    rng = np.random.default_rng(seed)
    names = [f"i{j}" for j in range(issues)]
    lv = {n: [f"{n}_l{k}" for k in range(levels)] for n in names}
    parties = []
    for p in range(3):
        w = rng.dirichlet(np.ones(issues))
        w = np.round(w / w.sum(), 12)
        w[-1] = 1 - w[:-1].sum()
        reds = []
        for r in range(red_lines):
            if block is None:
                a, b = rng.choice(issues, size=2, replace=False)
            else:
                start = block * int(rng.integers(0, issues // block))
                a, b = start + rng.choice(block, size=2, replace=False)
            cut_a, cut_b = rng.integers(1, levels, size=2)
            # "not (a high and b low)": each red line excludes a corner of two issues.
            text = (f"not ({names[a]} >= {lv[names[a]][cut_a]} and "
                    f"{names[b]} < {lv[names[b]][cut_b]})")
            reds.append({"id": f"r{r}", "requires": text, "revision_cost": int(rng.integers(1, 6))})
        parties.append({
            "id": f"p{p}", "disagreement": disagreement,
            "weights": {n: float(x) for n, x in zip(names, w)},
            "scores": {n: {lvl: float(s) for lvl, s in zip(lv[n], rng.random(levels))}
                       for n in names},
            "red_lines": reds,
        })
    if trap:
        half = levels // 2
        a0, a1 = lv[names[0]][half], lv[names[1]][half]
        for party, text in zip(parties, (f"i0 < {a0}", f"i0 >= {a0} or i1 < {a1}",
                                         f"i1 >= {a1}")):
            party["red_lines"].append({"id": "trap", "requires": text, "revision_cost": 3})
    return {"model": {"name": f"synthetic {levels}^{issues}"},
            "issues": [{"id": n, "levels": lv[n]} for n in names], "parties": parties}
