"""Thresholds, sweeps and robustness as JSON documents and tables (see :mod:`negotiation.revision`
and :mod:`negotiation.uncertainty`)."""

from __future__ import annotations

from typing import Any

from negotiation._util.words import counted
from negotiation.model.core import parameters
from negotiation.report.tables import Table, rounded

__all__ = ["distribution_text", "mus_note", "robustness_document", "robustness_tables",
           "robustness_text", "sweep_document", "sweep_table", "sweep_text", "threshold_document",
           "threshold_method", "threshold_tables", "threshold_text", "uncertainty_sources",
           "wrap_note"]


def threshold_method(backend: str) -> str:
    """How the thresholds were found, in a sentence."""
    if backend == "milp":
        from negotiation.milp.parametric import METHOD

        return METHOD
    return "exact, by enumeration of every settlement within the red lines"


def threshold_document(items, model, backend: str = "enumerate") -> dict[str, Any]:
    from negotiation.model.labels import parameter_label

    def num(x):
        return None if x is None else rounded(x)

    return {"backend": backend, "method": threshold_method(backend), "thresholds": [{
        "parameter": t.parameter, "kind": t.kind,
        "in_words": parameter_label(model, t.parameter) if t.kind == "number" else None,
        "current": num(t.current), "verdict": t.verdict,
        "lower": num(t.lower), "lower_verdict": t.lower_verdict,
        "upper": num(t.upper), "upper_verdict": t.upper_verdict,
        "distance": num(t.distance),
    } for t in items]}


_VERDICT_WORDS = {"structural_trap": "structural trap", "ripeness_gap": "ripeness gap",
                  "agreement_possible": "agreement possible"}


def threshold_tables(items, model, backend: str = "enumerate") -> list[Table]:
    from negotiation.model.labels import constraint_text, parameter_label, short_constraint

    specs = {s.id: s for s in model.constraints()}
    # Only the parameters that change the verdict: a row of blanks says nothing (the JSON
    # document lists every parameter); no such parameter, no table.
    total = sum(t.kind == "number" for t in items)
    numeric = sorted([t for t in items if t.kind == "number" and t.distance is not None],
                     key=lambda t: (t.distance, t.parameter))
    left_out = total - len(numeric)
    rows = tuple((parameter_label(model, t.parameter), rounded(t.current),
                  "" if t.lower is None else rounded(t.lower), t.lower_verdict or "",
                  "" if t.upper is None else rounded(t.upper), t.upper_verdict or "",
                  "" if t.distance is None else rounded(t.distance), t.parameter)
                 for t in numeric)
    lines = tuple((short_constraint(model, specs[t.parameter]),
                   constraint_text(model, specs[t.parameter]),
                   t.upper_verdict or f"no change ({_VERDICT_WORDS.get(t.verdict, t.verdict)})",
                   t.parameter)
                  for t in items if t.kind == "red_line")
    return [
        Table("thresholds", "Exact thresholds: the value of each parameter at which the verdict "
                            "changes, nearest first" + (
                                " (by integer programming, to 1e-6)" if backend == "milp" else "")
              + (f"; the other {counted(left_out, 'parameter')} change nothing within "
                 "their valid range" if left_out and numeric else ""),
              ("parameter", "today", "lower threshold", "verdict below", "upper threshold",
               "verdict above", "distance", "path"), rows, data_only=("path",)),
        Table("red_line_toggles", "The verdict with each red line dropped on its own",
              ("red line", "condition", "verdict without it", "id"), lines, data_only=("id",)),
    ]


def sweep_document(result) -> dict[str, Any]:
    """``sizes`` is ``null`` when the backend does not count the bargaining set; ``notes``
    says why."""
    return {"parameters": list(result.parameters),
            "axes": [[rounded(v) for v in axis] for axis in result.axes],
            "verdicts": result.verdicts.tolist(),
            "sizes": None if result.sizes is None else result.sizes.tolist(),
            "notes": dict(getattr(result, "notes", {}))}


def sweep_table(result, model) -> Table:
    import numpy as np

    from negotiation.model.labels import parameter_label

    index = np.stack([g.ravel() for g in np.meshgrid(
        *[np.arange(len(a)) for a in result.axes], indexing="ij")], axis=1)
    labels = [parameter_label(model, p) for p in result.parameters]
    over = " and ".join(labels)
    # Headers a reader sees are the parameters' labels; the CSV keeps each id in a column of
    # its own (data only), so scripts can tell which parameter a column holds.
    ids = tuple(f"id of parameter {k + 1}" for k in range(len(labels)))
    values = [tuple(rounded(result.axes[k][i]) for k, i in enumerate(point)) for point in index]
    if result.sizes is None:
        rows = tuple((*v, str(result.verdicts[tuple(point)]), *result.parameters)
                     for v, point in zip(values, index))
        return Table("sweep", f"Verdict over {over} (by integer programming: the size of the "
                     "bargaining set is not counted)", (*labels, "verdict", *ids), rows,
                     data_only=ids)
    rows = tuple((*v, str(result.verdicts[tuple(point)]), int(result.sizes[tuple(point)]),
                  *result.parameters) for v, point in zip(values, index))
    return Table("sweep", "Verdict and size of the bargaining set over " + over,
                 (*labels, "verdict", "bargaining set size", *ids), rows, data_only=ids)


def robustness_document(result, compiled, top: int = 10) -> dict[str, Any]:
    from negotiation.report.shares import interval as wilson

    opening, in_mus, sizes = result.opening_counts, result.in_mus, result.sizes
    best = [] if opening is None else \
        sorted(opening.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return {
        "draws": result.draws, "seed": result.seed, "uncertain": list(result.uncertain),
        "verdicts": {v: {"count": k, "probability": rounded(k / result.draws),
                         "ci95": [rounded(x) for x in wilson(k, result.draws)]}
                     for v, k in result.verdict_counts.items()},
        "bargaining_set_size": None if sizes is None else {
            "mean": rounded(float(sizes.mean())), "max": int(sizes.max())},
        "mus_draws": result.mus_draws,
        "in_mus": None if in_mus is None else {
            c: {"count": k, "share": rounded(k / max(result.mus_draws, 1)),
                "ci95": [rounded(x) for x in wilson(k, result.mus_draws)]}
            for c, k in in_mus.items()},
        "opening_most_often": None if opening is None else [
            {"outcome": compiled.outcome(i), "draws": k, "share": rounded(k / result.draws)}
            for i, k in best],
        "notes": dict(result.notes),
    }


def robustness_tables(result, compiled, sources: dict[str, tuple[str, str, str]]
                      ) -> list[Table]:
    """Verdict probabilities, MUS membership, settlements opening most often, and the
    distributions used (``sources``: path -> (distribution, source, rationale))."""
    from negotiation.model.labels import (
        constraint_text,
        outcome_text,
        parameter_label,
        short_constraint,
    )
    from negotiation.report.shares import first_draws
    from negotiation.report.shares import interval as wilson

    model = compiled.model
    specs = {s.id: s for s in compiled.constraints}
    # Nothing uncertain: the one draw is today's model, and its verdict is certain (no
    # interval).
    certain = not result.uncertain
    verdicts = Table("verdict_probabilities",
                     f"Verdict probabilities over {counted(result.draws, 'draw')} (seed "
                     f"{result.seed})" + (": nothing is uncertain, so the one draw is the model "
                                          "as written and its verdict is certain"
                                          if certain else ""),
                     ("verdict", "draws", "probability", "95% CI low", "95% CI high"),
                     tuple((v, k, rounded(k / result.draws),
                            *(("", "") if certain else
                              (rounded(x) for x in wilson(k, result.draws))))
                           for v, k in result.verdict_counts.items()))
    # A figure the backend did not compute, or no constraint ever in a minimal incompatible
    # set, gives an empty table (not written; the text says why).
    in_mus = result.in_mus if result.in_mus and any(result.in_mus.values()) else {}
    mus = Table("mus_membership", "How often each constraint sits in a minimal incompatible "
                f"set ({first_draws(result.mus_draws)})",
                ("constraint", "condition", "draws", "share", "95% CI low", "95% CI high",
                 "id"),
                tuple((short_constraint(model, specs[c]), constraint_text(model, specs[c]), k,
                       rounded(k / max(result.mus_draws, 1)),
                       *(("", "") if certain else
                         (rounded(x) for x in wilson(k, result.mus_draws))), c)
                      for c, k in in_mus.items()), data_only=("id",))
    best = sorted((result.opening_counts or {}).items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    opening = Table("opening_outcomes", "Settlements most often in the bargaining set",
                    ("settlement", "draws", "share"),
                    tuple((outcome_text(model, compiled.outcome(i)), k, rounded(k / result.draws))
                          for i, k in best))
    ranges = Table("uncertainty_ranges", "Parameters drawn from distributions, with sources",
                   ("parameter", "distribution", "source", "rationale"),
                   tuple((parameter_label(model, p), *sources[p]) for p in result.uncertain))
    return [verdicts, mus, opening, ranges]


def wrap_note(text: str, width: int = 100) -> str:
    """A note wrapped to the text width, continuation lines indented like the first."""
    import textwrap

    indent = text[:len(text) - len(text.lstrip())]
    return textwrap.fill(text.strip(), width, initial_indent=indent,
                         subsequent_indent=indent + "  ")


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


def threshold_text(items, model, verdict: str, limit: int = 20, has_mcs: bool = True,
                   backend: str = "enumerate") -> str:
    """Where the verdict changes, parameter by parameter and red line by red line, in words.

    ``has_mcs`` says whether the analysis found minimal correction sets to point to (it has
    none when a zone of agreement already exists); ``backend`` which backend found them."""
    from negotiation.model.labels import constraint_text, parameter_label
    from negotiation.report.text import VERDICT_TITLES

    lines = [f"{model.name}: verdict {VERDICT_TITLES[verdict]}", ""]
    if backend == "milp":
        lines += [wrap_note("Computed by integer programming (the outcome space is too large to "
                            "list): " + threshold_method(backend) + "."), ""]
    numeric = sorted((t for t in items if t.kind == "number" and t.distance is not None),
                     key=lambda t: (t.distance, t.parameter))
    if verdict == "structural_trap":
        lines.append("No numeric parameter can change a structural trap: the red lines alone "
                     "exclude every settlement, whatever the weights, scores and no-deal values.")
    elif not numeric:
        lines.append("No single numeric parameter changes the verdict within its valid range.")
    else:
        lines.append(f"Parameters that change the verdict, nearest first ({len(numeric)} of "
                     f"{sum(t.kind == 'number' for t in items)}):")
        for t in numeric[:limit]:
            moves = []
            if t.lower is not None:
                moves.append(f"below {t.lower:.4g} -> {t.lower_verdict}")
            if t.upper is not None:
                moves.append(f"at {t.upper:.4g} or above -> {t.upper_verdict}"
                             if t.upper_verdict == "agreement_possible" else
                             f"above {t.upper:.4g} -> {t.upper_verdict}")
            lines.append(f"  {parameter_label(model, t.parameter)} (today {t.current:.4g}): "
                         + "; ".join(moves))
        if len(numeric) > limit:
            lines.append(f"  ... and {len(numeric) - limit} more")
    specs = {s.id: s for s in model.constraints()}
    changing = [t for t in items if t.kind == "red_line" and t.upper_verdict]
    if changing:
        lines += ["", "Red lines whose removal alone changes the verdict:"]
        lines += [f"  drop {constraint_text(model, specs[t.parameter])} -> {t.upper_verdict}"
                  for t in changing]
    elif has_mcs:
        lines += ["", "Red lines whose removal alone changes the verdict: none (only "
                      "combinations do; see the minimal correction sets of the analysis)."]
    else:
        lines += ["", "Red lines whose removal alone changes the verdict: none (dropping a red "
                      "line only enlarges a zone of agreement that already exists)."]
    return "\n".join(lines)


def sweep_text(result, model) -> str:
    """The share of the grid under each verdict, and where a one-parameter sweep crosses."""
    import numpy as np

    from negotiation.model.labels import parameter_label

    names = " x ".join(parameter_label(model, p) for p in result.parameters)
    points = result.verdicts.size
    lines = [f"{model.name}: sweep over {names} ({points:,} points)"]
    for verdict in np.unique(result.verdicts):
        count = int((result.verdicts == verdict).sum())
        lines.append(f"  {verdict}: {count:,} points ({100 * count / points:.1f}% "
                     "of the grid)")
    if len(result.parameters) == 1:
        changes = np.flatnonzero(result.verdicts[1:] != result.verdicts[:-1])
        for k in changes:
            a, b = result.axes[0][k], result.axes[0][k + 1]
            lines.append(f"  between {a:.4g} and {b:.4g}: {result.verdicts[k]} -> "
                         f"{result.verdicts[k + 1]}")
    if result.sizes is None:
        lines.append(wrap_note("  Size of the bargaining set: "
                               + getattr(result, "notes", {}).get("sizes", "not counted")))
    return "\n".join(lines)


def mus_note(result) -> str | None:
    """Why there is no table of minimal-incompatible-set membership, or ``None`` when there
    is one."""
    from negotiation.report.shares import first_draws

    if not result.mus_draws:
        return "not computed (no draws were asked for)"
    if result.in_mus is None:
        return result.notes.get("in_mus", "not computed")
    if not any(result.in_mus.values()):
        return (f"no constraint is in one in {first_draws(result.mus_draws)}: a zone of "
                "agreement exists in each of them")
    return None


def robustness_text(result, compiled) -> str:
    """Verdict probabilities (counts and 95 % intervals, with the digits that keep a share
    apart from 0 and 1), MUS membership and the settlements most often in the bargaining
    set. With nothing uncertain the one verdict is certain: no interval is printed."""
    from negotiation.model.labels import outcome_text, short_constraint
    from negotiation.report.shares import first_draws, interval, interval_text, share_text

    model = compiled.model
    lines = [f"{model.name}: {counted(result.draws, 'draw')}, seed {result.seed}; uncertain: "
             f"{counted(len(result.uncertain), 'parameter')}"]
    if not result.uncertain:
        lines.append("  note: the model declares no distribution, so every draw would be the "
                     "same model and one was run (write a parameter as {dist = ...} to make it "
                     "uncertain; see README)")
    for verdict, k in result.verdict_counts.items():
        if not result.uncertain:
            lines.append(f"  P({verdict}) = 1: certain (nothing is uncertain)")
            continue
        lines.append(f"  P({verdict}) = {share_text(k, result.draws)}: {k:,} of "
                     f"{counted(result.draws, 'draw')} (95% CI "
                     f"{interval_text(*interval(k, result.draws))})")
    specs = {s.id: s for s in compiled.constraints}
    notes = result.notes
    why = mus_note(result)
    if why is not None and result.mus_draws:
        lines += ["", wrap_note("Minimal incompatible sets: " + why)]
    elif why is None:
        lines += ["", f"In a minimal incompatible set ({first_draws(result.mus_draws)}):"]
        for c, k in sorted(result.in_mus.items(), key=lambda kv: -kv[1]):
            lines.append(f"  {100 * k / result.mus_draws:5.1f}%  "
                         f"{short_constraint(model, specs[c])}")
    if result.opening_counts is None:
        lines += ["", wrap_note("Settlements most often in the bargaining set: "
                                + notes.get("opening", "not computed"))]
    if result.opening_counts:
        lines += ["", "Settlements most often in the bargaining set:"]
        best = sorted(result.opening_counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
        for i, k in best:
            lines.append(f"  {100 * k / result.draws:5.1f}%  "
                         f"{outcome_text(model, compiled.outcome(i))}")
    return "\n".join(lines)
