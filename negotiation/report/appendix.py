"""What would need to change, and how robust the verdict is, in prose for a paper's appendix:
the paragraphs `negotiation report` adds to ``summary.md`` after the verdict and its certificate
(:func:`negotiation.report.text.appendix_summary`). Each says what the tables and figures show
and names them, so a reader can paste it and a reviewer can find the numbers.
"""

from __future__ import annotations

import numpy as np

from negotiation._util.words import counted, join_words
from negotiation.report.shares import first_draws, interval, interval_text, share_text
from negotiation.report.tables import paper_cell

__all__ = ["NEAREST", "not_done_paragraph", "robustness_paragraph", "sweep_paragraph",
           "threshold_paragraph"]

NEAREST = 5      # thresholds named in the summary (the tables list all)


def _verdict(verdict: str) -> str:
    return paper_cell(str(verdict))


def _number(x: float) -> str:
    return f"{x:.4g}"


def threshold_paragraph(items, model, title: str, verdict: str, name: str,
                        has_mcs: bool) -> str:
    """The nearest thresholds (parameter, today's value, the threshold, the verdict beyond
    it) and the red lines whose removal alone changes the verdict, for the run ``title``
    (whose tables and figures carry the suffix ``name``)."""
    from negotiation.model.labels import constraint_text, parameter_label

    numeric = sorted((t for t in items if t.kind == "number" and t.distance is not None),
                     key=lambda t: (t.distance, t.parameter))
    total = sum(t.kind == "number" for t in items)
    head = f"**Thresholds: {title}** (verdict {_verdict(verdict)})."
    bullets = []
    if verdict == "structural_trap":
        head += (" No single number changes a structural trap: the red lines alone exclude "
                 f"every settlement, whatever the {total} weights, scores and no-deal values.")
    elif not numeric:
        head += (f" None of the {total} parameters changes the verdict on its own within its "
                 "valid range.")
    else:
        shown = numeric[:NEAREST]
        head += (f" {counted(len(numeric), 'parameter')} of {total} "
                 f"change{'s' if len(numeric) == 1 else ''} the verdict on "
                 f"{'its' if len(numeric) == 1 else 'their'} own"
                 + (f"; the {len(shown)} nearest" if len(numeric) > len(shown) else "")
                 + f" (all in `tables/thresholds_{name}`):")
        for t in shown:
            moves = []
            if t.lower is not None:
                moves.append(f"below {_number(t.lower)} it becomes "
                             f"{_verdict(t.lower_verdict)}")
            if t.upper is not None:
                where = (f"at {_number(t.upper)} or above"
                         if t.upper_verdict == "agreement_possible"
                         else f"above {_number(t.upper)}")
                moves.append(f"{where} it becomes {_verdict(t.upper_verdict)}")
            bullets.append(f"- {parameter_label(model, t.parameter)}: today "
                           f"{_number(t.current)}; " + "; ".join(moves) + ".")
    specs = {s.id: s for s in model.constraints()}
    changing = [t for t in items if t.kind == "red_line" and t.upper_verdict]
    if changing:
        red = "Dropping one red line alone changes the verdict for: " + "; ".join(
            f"{constraint_text(model, specs[t.parameter])} (it becomes "
            f"{_verdict(t.upper_verdict)})" for t in changing) + "."
    elif verdict == "structural_trap" or has_mcs:
        red = ("No red line changes the verdict when dropped alone: only the combinations "
               "above (the minimal revisions) do.")
    else:
        red = ("No red line changes the verdict when dropped alone: dropping one only "
               "enlarges a zone of agreement that already exists.")
    if bullets:
        return "\n\n".join([head, "\n".join(bullets), red])
    return f"{head} {red}"


def sweep_paragraph(result, model, title: str) -> str:
    """How much of the swept grid lies under each verdict, and where a one-parameter sweep
    crosses from one verdict to another."""
    from negotiation.model.labels import parameter_label

    labels = [parameter_label(model, p) for p in result.parameters]
    axes = [f"{labels[k]} from {_number(a[0])} to {_number(a[-1])}"
            for k, a in enumerate(result.axes)]
    points = result.verdicts.size
    grid = " × ".join(str(len(a)) for a in result.axes)
    verdicts, counts = np.unique(result.verdicts, return_counts=True)
    order = np.argsort(-counts, kind="stable")
    shares = [f"{_verdict(verdicts[k])} at {counted(int(counts[k]), 'point')} "
              f"({100 * counts[k] / points:.1f}%)" for k in order]
    text = (f"**Sweep: {title}.** Over a grid of {grid} values of "
            f"{join_words(axes)}: {join_words(shares)} (`tables/sweep`, `figures/sweep`).")
    if len(result.parameters) == 1:
        x = result.axes[0]
        changes = np.flatnonzero(result.verdicts[1:] != result.verdicts[:-1])
        crossings = [f"between {_number(x[k])} and {_number(x[k + 1])} from "
                     f"{_verdict(result.verdicts[k])} to {_verdict(result.verdicts[k + 1])}"
                     for k in changes]
        if crossings:
            text += " The verdict changes " + "; ".join(crossings) + "."
    if result.sizes is None:
        text += " The size of the bargaining set is not counted (integer programming)."
    return text


def robustness_paragraph(result, compiled, title: str, sources: dict) -> str:
    """The verdict probabilities with counts and 95 % intervals, and the constraints most
    often in a minimal incompatible set (or why there are none), for the run ``title``."""
    from negotiation.model.labels import parameter_label, short_constraint
    from negotiation.report.whatif import mus_note

    model = compiled.model
    n = result.draws
    drawn = "; ".join(f"{parameter_label(model, p)}, {sources[p][0]}" if p in sources
                      else parameter_label(model, p) for p in result.uncertain)
    out = [f"**Robustness: {title}.** {counted(n, 'draw')} (seed {result.seed}) of "
           f"{counted(len(result.uncertain), 'uncertain parameter')} ({drawn})."]
    ranked = sorted(result.verdict_counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
    parts = [f"{_verdict(v)} in {k:,} of {counted(n, 'draw')} (probability "
             f"{share_text(k, n)}, 95% interval {interval_text(*interval(k, n))})"
             for v, k in ranked]
    out.append("The verdict is " + join_words(parts) + ".")
    why = mus_note(result)
    if why is None:
        specs = {s.id: s for s in compiled.constraints}
        top = sorted(((c, k) for c, k in result.in_mus.items() if k),
                     key=lambda kv: (-kv[1], kv[0]))[:NEAREST]
        out.append(f"Most often in a minimal incompatible set ({first_draws(result.mus_draws)}): "
                   + join_words([f"{short_constraint(model, specs[c])} "
                                 f"({100 * k / result.mus_draws:.1f}%)" for c, k in top]) + ".")
    elif result.mus_draws:
        out.append(f"Minimal incompatible sets: {why}.")
    return " ".join(out)


def not_done_paragraph(notes: list[str]) -> str:
    """What the report did not compute or draw, and why, as a list."""
    if not notes:
        return ""
    return "**Not computed or not drawn.**\n\n" + "\n".join(f"- {note}" for note in notes)
