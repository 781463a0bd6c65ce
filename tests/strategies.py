"""Hypothesis strategies for random small models.

Scores and disagreement values are multiples of 0.05 and weights are integer ratios, so a
valuation differs from a disagreement value either by zero or by far more than the tolerance:
properties cannot flip on rounding noise.
"""

from __future__ import annotations

from hypothesis import strategies as st

GRID = [k / 20 for k in range(21)]


@st.composite
def leaf(draw, issues):
    name = draw(st.sampled_from(sorted(issues)))
    levels = issues[name]
    op = draw(st.sampled_from(["==", "!=", "<", "<=", ">", ">=", "in", "not in"]))
    if op in ("in", "not in"):
        chosen = draw(st.lists(st.sampled_from(levels), min_size=1, max_size=len(levels),
                               unique=True))
        return f"{name} {op} ({', '.join(chosen)})"
    return f"{name} {op} {draw(st.sampled_from(levels))}"


def condition(issues, depth=2):
    base = leaf(issues)
    return st.recursive(
        base,
        lambda inner: st.one_of(
            st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(
                lambda t: f"({t[0]} {t[1]} {t[2]})"),
            inner.map(lambda e: f"not ({e})"),
        ),
        max_leaves=depth + 1,
    )


@st.composite
def raw_models(draw, max_parties=3, max_issues=3, max_levels=3, max_red_lines=2):
    n_issues = draw(st.integers(1, max_issues))
    issues = {f"i{j}": [f"l{j}_{k}" for k in range(draw(st.integers(2, max_levels)))]
              for j in range(n_issues)}
    parties = []
    for p in range(draw(st.integers(2, max_parties))):
        raw_w = [draw(st.integers(0, 4)) for _ in issues]
        if sum(raw_w) == 0:
            raw_w[0] = 1
        weights = {i: w / sum(raw_w) for i, w in zip(issues, raw_w)}
        scores = {i: {lv: draw(st.sampled_from(GRID)) for lv in levels}
                  for i, levels in issues.items()}
        red = [{"id": f"r{k}", "requires": draw(condition(issues)),
                "revision_cost": draw(st.integers(1, 5))}
               for k in range(draw(st.integers(0, max_red_lines)))]
        parties.append({"id": f"p{p}", "disagreement": draw(st.sampled_from(GRID)),
                        "weights": weights, "scores": scores, "red_lines": red})
    raw = {
        "model": {"name": "random"},
        "issues": [{"id": i, "levels": levels} for i, levels in issues.items()],
        "parties": parties,
    }
    if draw(st.booleans()):
        # A feasibility rule that leaves the first outcome feasible, so the space is never empty.
        first = {i: levels[0] for i, levels in issues.items()}
        rule = draw(condition(issues))
        raw["feasibility"] = [{"id": "f0", "requires": f"({rule}) or ("
                               + " and ".join(f"{i} == {lv}" for i, lv in first.items()) + ")"}]
    return raw
