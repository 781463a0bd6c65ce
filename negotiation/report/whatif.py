"""Thresholds, sweeps and robustness as JSON documents and tables (see :mod:`negotiation.revision`
and :mod:`negotiation.uncertainty`)."""

from __future__ import annotations

from typing import Any

from negotiation.model.core import parameters
from negotiation.report.tables import Table, rounded


def threshold_document(items, model) -> dict[str, Any]:
    from negotiation.model.labels import parameter_label

    def num(x):
        return None if x is None else rounded(x)

    return {"thresholds": [{
        "parameter": t.parameter, "kind": t.kind,
        "in_words": parameter_label(model, t.parameter) if t.kind == "number" else None,
        "current": num(t.current), "verdict": t.verdict,
        "lower": num(t.lower), "lower_verdict": t.lower_verdict,
        "upper": num(t.upper), "upper_verdict": t.upper_verdict,
        "distance": num(t.distance),
    } for t in items]}


def threshold_tables(items, model) -> list[Table]:
    from negotiation.model.labels import constraint_text, parameter_label

    specs = {s.id: s for s in model.constraints()}
    numeric = sorted([t for t in items if t.kind == "number"],
                     key=lambda t: (t.distance is None, t.distance or 0, t.parameter))
    rows = tuple((parameter_label(model, t.parameter), t.parameter, rounded(t.current),
                  "" if t.lower is None else rounded(t.lower), t.lower_verdict or "",
                  "" if t.upper is None else rounded(t.upper), t.upper_verdict or "",
                  "" if t.distance is None else rounded(t.distance)) for t in numeric)
    lines = tuple((constraint_text(model, specs[t.parameter]), t.parameter,
                   t.upper_verdict or f"no change ({t.verdict})")
                  for t in items if t.kind == "red_line")
    return [
        Table("thresholds", "Exact thresholds: the value of each parameter at which the verdict "
                            "changes, nearest first",
              ("parameter", "path", "today", "lower threshold", "verdict below",
               "upper threshold", "verdict above", "distance"), rows),
        Table("red_line_toggles", "The verdict with each red line dropped on its own",
              ("red line", "constraint", "verdict without it"), lines),
    ]


def sweep_document(result) -> dict[str, Any]:
    return {"parameters": list(result.parameters),
            "axes": [[rounded(v) for v in axis] for axis in result.axes],
            "verdicts": result.verdicts.tolist(), "sizes": result.sizes.tolist()}


def sweep_table(result, model) -> Table:
    import numpy as np

    from negotiation.model.labels import parameter_label

    index = np.stack([g.ravel() for g in np.meshgrid(
        *[np.arange(len(a)) for a in result.axes], indexing="ij")], axis=1)
    rows = tuple((*(rounded(result.axes[k][i]) for k, i in enumerate(point)),
                  str(result.verdicts[tuple(point)]), int(result.sizes[tuple(point)]))
                 for point in index)
    return Table("sweep", "Verdict and size of the bargaining set over "
                 + " and ".join(parameter_label(model, p) for p in result.parameters),
                 (*result.parameters, "verdict", "bargaining set size"), rows)


def robustness_document(result, compiled, top: int = 10) -> dict[str, Any]:
    from negotiation.whatif.uncertainty import wilson

    best = sorted(result.opening_counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return {
        "draws": result.draws, "seed": result.seed, "uncertain": list(result.uncertain),
        "verdicts": {v: {"count": k, "probability": rounded(k / result.draws),
                         "ci95": [rounded(x) for x in wilson(k, result.draws)]}
                     for v, k in result.verdict_counts.items()},
        "bargaining_set_size": {"mean": rounded(float(result.sizes.mean())),
                                "max": int(result.sizes.max())},
        "mus_draws": result.mus_draws,
        "in_mus": {c: {"count": k, "share": rounded(k / max(result.mus_draws, 1)),
                       "ci95": [rounded(x) for x in wilson(k, result.mus_draws)]}
                   for c, k in result.in_mus.items()},
        "opening_most_often": [{"outcome": compiled.outcome(i), "draws": k,
                                "share": rounded(k / result.draws)} for i, k in best],
    }


def robustness_tables(result, compiled, sources: dict[str, tuple[str, str, str]]
                      ) -> list[Table]:
    """Verdict probabilities, MUS membership, settlements opening most often, and the
    distributions used (``sources``: path -> (distribution, source, rationale))."""
    from negotiation.model.labels import constraint_text, outcome_text, parameter_label
    from negotiation.whatif.uncertainty import wilson

    model = compiled.model
    specs = {s.id: s for s in compiled.constraints}
    verdicts = Table("verdict_probabilities",
                     f"Verdict probabilities over {result.draws:,} draws (seed {result.seed})",
                     ("verdict", "draws", "probability", "95% CI low", "95% CI high"),
                     tuple((v, k, rounded(k / result.draws),
                            *(rounded(x) for x in wilson(k, result.draws)))
                           for v, k in result.verdict_counts.items()))
    mus = Table("mus_membership", f"How often each constraint sits in a minimal incompatible "
                f"set (first {result.mus_draws:,} draws)",
                ("constraint", "condition", "draws", "share", "95% CI low", "95% CI high"),
                tuple((c, constraint_text(model, specs[c]), k,
                       rounded(k / max(result.mus_draws, 1)),
                       *(rounded(x) for x in wilson(k, result.mus_draws)))
                      for c, k in result.in_mus.items()))
    best = sorted(result.opening_counts.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    opening = Table("opening_outcomes", "Settlements most often in the bargaining set",
                    ("settlement", "draws", "share"),
                    tuple((outcome_text(model, compiled.outcome(i)), k, rounded(k / result.draws))
                          for i, k in best))
    ranges = Table("uncertainty_ranges", "Parameters drawn from distributions, with sources",
                   ("parameter", "distribution", "source", "rationale"),
                   tuple((parameter_label(model, p), *sources[p]) for p in result.uncertain))
    return [verdicts, mus, opening, ranges]


def distribution_text(dist) -> str:
    if dist.kind == "uniform":
        return f"uniform({dist.low:g}, {dist.high:g})"
    if dist.kind == "triangular":
        return f"triangular({dist.low:g}, {dist.mode:g}, {dist.high:g})"
    if dist.kind == "normal":
        return f"normal({dist.mean:g}, {dist.sd:g}) on [{dist.low}, {dist.high}]"
    return f"beta({dist.a:g}, {dist.b:g}) on [{dist.low:g}, {dist.high:g}]"


def uncertainty_sources(model) -> dict[str, tuple[str, str, str]]:
    return {path: (distribution_text(p.dist), p.source, p.rationale)
            for path, p in parameters(model).items() if p.dist is not None}
