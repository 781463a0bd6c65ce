"""Synthetic models of a given size for benchmarks: 3 parties, about 20 constraints.

``make_raw(issues, levels, seed)`` returns a parsed-TOML dict with ``issues`` issues of ``levels``
levels each (``levels ** issues`` outcomes), three parties with additive valuations, six red lines
each (conditions on one or two issues) and a disagreement value; seeded, so every run measures the
same model.

``make_open(issues, levels, share, kind=...)`` builds the same kind of space with a bargaining set
of any size: every red line forbids a small corner of two issues ("not (a high and b low)"), so
the red lines together keep most of the space; one common disagreement value ``d`` is then
calibrated on a random sample of outcomes so that the bargaining set holds about ``share`` of
the space (``share = 0``: a ripeness gap). ``kind`` chooses the valuations:

- ``"random"``: independent random weights and scores (a small Pareto frontier);
- ``"opposed"``: the second party's scores are one minus the first's, with the same weights,
  so ``v_1 + v_2 = 1`` everywhere and every point is Pareto-optimal in the first two values;
  the frontier of ``B`` is then almost all of ``B`` (the hard case for a frontier);
- ``"coarse"``: scores on a grid of tenths, so many outcomes have equal values (ties).
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


def _scores(rng: np.random.Generator, kind: str, p: int, first: np.ndarray,
            issues: int, levels: int) -> np.ndarray:
    if kind == "opposed" and p == 1:
        return 1.0 - first
    s = rng.random((issues, levels))
    return np.round(s, 1) if kind == "coarse" else s


def make_open(issues: int, levels: int, share: float = 0.45, seed: int = 0,
              red_lines: int = 6, kind: str = "random", sample: int = 200_000,
              uncertain: float = 0.0) -> dict:
    """A parsed-TOML model dict whose bargaining set holds about ``share`` of the space; with
    ``uncertain > 0`` every disagreement value is uniform on ``d ± uncertain`` (for Monte
    Carlo runs)."""
    rng = np.random.default_rng(seed)
    names = [f"i{j}" for j in range(issues)]
    lv = {n: [f"{n}_l{k}" for k in range(levels)] for n in names}
    draw = rng.integers(0, levels, size=(sample, issues))       # outcomes for calibration
    parties, values = [], []
    red_ok = np.ones(sample, dtype=bool)
    first = None
    weights = None
    for p in range(3):
        if not (kind == "opposed" and p == 1):
            weights = rng.dirichlet(np.ones(issues))
            weights = np.round(weights, 12)
            weights[-1] = 1.0 - weights[:-1].sum()
        scores = _scores(rng, kind, p, first, issues, levels)
        first = scores if p == 0 else first
        values.append((weights[None, :] * scores[np.arange(issues), draw]).sum(axis=1))
        reds = []
        for r in range(red_lines):
            a, b = rng.choice(issues, size=2, replace=False)
            cut_a = int(rng.integers(levels - 2, levels))       # a in its top one or two levels
            cut_b = int(rng.integers(1, 3))                     # b in its bottom one or two
            red_ok &= ~((draw[:, a] >= cut_a) & (draw[:, b] < cut_b))
            text = (f"not ({names[a]} >= {lv[names[a]][cut_a]} and "
                    f"{names[b]} < {lv[names[b]][cut_b]})")
            reds.append({"id": f"r{r}", "requires": text,
                         "revision_cost": int(rng.integers(1, 6))})
        parties.append({
            "id": f"p{p}",
            "weights": {n: float(x) for n, x in zip(names, weights)},
            "scores": {n: {lvl: float(s) for lvl, s in zip(lv[n], scores[j])}
                       for j, n in enumerate(names)},
            "red_lines": reds,
        })
    floor = np.min(np.stack(values), axis=0)[red_ok]             # d such that all accept
    d = float(np.quantile(floor, 1.0 - share / red_ok.mean())) if share > 0 else 1.5
    for party in parties:
        value = round(min(d, 1.5), 6)
        party["disagreement"] = value if uncertain <= 0 else {
            "value": value, "dist": "uniform", "low": value - uncertain,
            "high": value + uncertain}
    return {"model": {"name": f"open {levels}^{issues} {kind} share {share:g}"},
            "issues": [{"id": n, "levels": lv[n]} for n in names], "parties": parties}
