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
