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
    raw.update(_feasibility(draw, issues))
    return raw


def _feasibility(draw, issues) -> dict:
    """Sometimes a feasibility rule; it leaves the first outcome feasible, so the space is
    never empty."""
    if not draw(st.booleans()):
        return {}
    first = {i: levels[0] for i, levels in issues.items()}
    rule = draw(condition(issues))
    return {"feasibility": [{"id": "f0", "requires": f"({rule}) or ("
                             + " and ".join(f"{i} == {lv}" for i, lv in first.items()) + ")"}]}


def _valuation(draw, issues):
    """Weights (integer ratios; issues drawn at weight 0 are left out) and grid scores."""
    raw_w = [draw(st.integers(0, 4)) for _ in issues]
    if sum(raw_w) == 0:
        raw_w[0] = 1
    weights = {i: w / sum(raw_w) for i, w in zip(issues, raw_w) if w}
    scores = {i: {lv: draw(st.sampled_from(GRID)) for lv in issues[i]} for i in weights}
    return weights, scores


@st.composite
def rich_models(draw, max_parties=3, max_issues=4, max_levels=3, max_red_lines=3, depth=4,
                max_disagreement=1.0):
    """Random models exercising more of the format than :func:`raw_models`: issues absent from
    a valuation, deeper conditions, zero revision costs, a party with registers (one binding,
    with or without its own floor) and dropped constraints (``model["drop"]``, constraint ids
    to pass to :func:`negotiation.loading.apply_drops`). A low ``max_disagreement`` and few red
    lines make agreement likely."""
    floors = [g for g in GRID if g <= max_disagreement]
    n_issues = draw(st.integers(1, max_issues))
    issues = {f"i{j}": [f"l{j}_{k}" for k in range(draw(st.integers(2, max_levels)))]
              for j in range(n_issues)}
    parties = []
    ids = []
    for p in range(draw(st.integers(2, max_parties))):
        red = [{"id": f"r{k}", "requires": draw(condition(issues, depth)),
                "revision_cost": draw(st.integers(0, 5))}
               for k in range(draw(st.integers(0, max_red_lines)))]
        party = {"id": f"p{p}", "disagreement": draw(st.sampled_from(floors)),
                 "ir_revision_cost": draw(st.integers(0, 3))}
        ids += [f"p{p}.r{k}" for k in range(len(red))] + [f"p{p}.ir"]
        if p == 0 and draw(st.booleans()):
            a = draw(st.integers(1, 3))
            registers = []
            for r, share in (("norm", a / 4), ("sys", 1 - a / 4)):
                weights, scores = _valuation(draw, issues)
                reg = {"id": r, "weight": share, "weights": weights, "scores": scores}
                if r == "sys":
                    reg["binding"] = True
                    ids.append("p0.sys.ir")
                    if draw(st.booleans()):
                        reg["disagreement"] = draw(st.sampled_from(floors))
                    reg["red_lines"] = [{"id": "s0", "requires": draw(condition(issues, 2))}]
                    ids.append("p0.s0")
                registers.append(reg)
            party["registers"] = registers
        else:
            party["weights"], party["scores"] = _valuation(draw, issues)
        party["red_lines"] = red
        parties.append(party)
    drop = draw(st.lists(st.sampled_from(ids), max_size=2, unique=True))
    raw = {
        "model": {"name": "random"},
        "issues": [{"id": i, "levels": levels} for i, levels in issues.items()],
        "parties": parties,
        "drop": drop,
    }
    raw.update(_feasibility(draw, issues))
    return raw


def build_rich(raw):
    """The :class:`Model` of a :func:`rich_models` draw, its drops applied."""
    from negotiation.model.overrides import apply_drops
    from negotiation.sections import build_model

    raw = dict(raw)
    drops = raw.pop("drop", [])
    return apply_drops(build_model(raw, "<random>"), drops)
