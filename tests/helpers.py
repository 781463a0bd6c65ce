"""Small builders for test models written as Python dicts (the parsed form of a TOML file)."""

from __future__ import annotations

from negotiation.analysis import analyze
from negotiation.sections import build_model


def party(pid, disagreement, scores, red_lines=(), weights=None, **extra):
    """A party dict; ``scores`` maps issue -> {level: score}; weights default to equal."""
    if weights is None:
        weights = {issue: 1 / len(scores) for issue in scores}
    out = {"id": pid, "disagreement": disagreement, "weights": weights, "scores": scores}
    out["red_lines"] = [
        {"id": rid, "requires": req, "revision_cost": cost} for rid, req, cost in red_lines
    ]
    out.update(extra)
    return out


def model(issues, parties, **meta):
    """A validated Model from ``issues`` ({id: [levels]}) and party dicts."""
    raw = {
        "model": {"name": meta.pop("name", "test")} | meta,
        "issues": [{"id": i, "levels": list(levels)} for i, levels in issues.items()],
        "parties": parties,
    }
    return build_model(raw, file="<test>")


def run(issues, parties, **meta):
    return analyze(model(issues, parties, **meta))


def sets(family):
    return {frozenset(s) for s in family}


# Three parties, one issue with three levels. Each party rules out one level, so every pair can
# agree and all three cannot (a structural trap whose only MUS spans all three); the no-deal
# values (0 for r and w, ``du`` for u) never bind, so dropping any one red line opens a zone of
# one settlement. Costs of revision: r 5, u 3, w 4.
def three_way_trap(du: str = "0.0") -> str:
    """The model file (TOML) of the three-way trap, with u's no-deal value written as ``du``."""
    parties = "".join(f"""
[[parties]]
id = "{p}"
disagreement = {d}
[parties.weights]
x = 1.0
[parties.scores.x]
a = {sa}
b = 0.5
c = {sc}
[[parties.red_lines]]
id = "not_{lv}"
requires = "x != {lv}"
revision_cost = {cost}
""" for p, d, sa, sc, lv, cost in [("r", "0.0", 1.0, 0.0, "a", 5), ("u", du, 0.0, 1.0, "b", 3),
                                   ("w", "0.0", 0.5, 0.5, "c", 4)])
    return '[model]\nname = "Three-way trap"\n\n[[issues]]\nid = "x"\nlevels = ["a", "b", "c"]\n' \
        + parties
