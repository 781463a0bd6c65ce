"""Experiment 06: what would need to change — at the level of logics and of parameters.

1. The minimal correction sets of the baseline, ranked by revision cost, in words.
2. Exact thresholds for every parameter and red line of the baseline (a structural trap: no
   single parameter can move it), and for the model after the cheapest revision (how far each
   parameter could move before the opened zone closes again), with tornado figures.
3. Two sweeps the article points to, each run on the cheapest minimal revision in which the swept
   quantities can matter (stated here in advance, not chosen after looking at the result):
   - Russia's no-deal value against Ukraine's weight on guarantees, where Ukraine's enforcement
     requirement is a preference rather than a red line (the baseline MCS that revises both of
     Ukraine's enforcement lines, with Russia's Donbas claim);
   - the West's strategic against its systemic register weight (the normative register takes the
     rest), on the cheapest revision in which the West gives up one of its own lines.
Writes results/06_what_would_need_to_change/.

On a model with no revision to make (it already has a zone of agreement, or no revision opens
one) there is no revised run: the thresholds and the sweep are the baseline's, and summary.txt
and the console say why.
"""

from __future__ import annotations

import sys

import numpy as np

from negotiation import plots, report
from negotiation._util.words import counted
from negotiation.analysis import analyze
from negotiation.commands.script import cheapest_revision, run_script, script_arguments
from negotiation.model.core import parameters
from negotiation.model.labels import revision_short, revision_text
from negotiation.plots.whatif import tornado_is_empty
from negotiation.report import whatif as revision_report
from negotiation.report.tables import Table
from negotiation.sections import load_model
from negotiation.whatif.thresholds import sweep, thresholds

GRID = np.linspace(0.0, 1.0, 51)


def first_mcs(cert, predicate) -> tuple[str, ...] | None:
    return next((m for m in cert.mcs if predicate(m)), None)


def article_sweeps(base) -> list[tuple[str, tuple[str, ...], dict]]:
    """The two sweeps the article points to, where the model has their red lines and
    parameters: (name, revision, axes)."""
    cert, specs = base.certificate, {s.id: s for s in base.compiled.constraints}
    paths = set(parameters(base.model))
    ukraine_lines = {"ukraine.integrity_or_enforcement", "ukraine.neutrality_needs_enforcement"}
    out = []
    a = first_mcs(cert, lambda m: ukraine_lines <= set(m))
    axes_a = ("parties.russia.disagreement", "parties.ukraine.weights.guarantees")
    if a is not None and set(axes_a) <= paths:
        out.append(("russia_d_vs_ukraine_guarantees", a, dict.fromkeys(axes_a, GRID)))
    b = first_mcs(cert, lambda m: any(c.startswith("west.") and specs[c].kind == "red_line"
                                      for c in m))
    axes_b = ("parties.west.registers.strategic.weight", "parties.west.registers.systemic.weight")
    if b is not None and set(axes_b) <= paths:
        out.append(("west_strategic_vs_systemic", b, dict.fromkeys(axes_b, GRID)))
    return out


def nearest_sweep(revised, revision) -> list[tuple[str, tuple[str, ...], dict]]:
    """For other models: the two parameters nearest to changing the verdict after the cheapest
    revision, swept over their valid range."""
    near = sorted((t for t in thresholds(revised) if t.kind == "number" and t.distance),
                  key=lambda t: (t.distance, t.parameter))[:2]
    if len(near) < 2:
        return []
    return [("nearest_two", revision, {t.parameter: GRID for t in near})]


def main(argv: list[str] | None = None) -> int:
    args = script_arguments(__doc__, __file__, "models/russia_ukraine_west.toml",
                            "results/06_what_would_need_to_change", argv)
    base_model = load_model(args.input)
    base = analyze(base_model)
    cert = base.certificate
    specs = {s.id: s for s in base.compiled.constraints}
    mcs_table = Table(
        "mcs_in_words", "What would need to change: every minimal revision of the logics that "
        "opens a zone of agreement, cheapest first",
        ("rank", "revision cost", "what would need to change"),
        tuple((n, cost, revision_text(base_model, [specs[c] for c in mcs]))
              for n, (mcs, cost) in enumerate(zip(cert.mcs, cert.mcs_costs), 1)))

    cheapest, no_revision = cheapest_revision(base)
    revised = analyze(load_model(args.input, drops=cheapest)) if cheapest else None
    base_thresholds = thresholds(base)
    revised_thresholds = thresholds(revised) if revised is not None else []
    chosen = article_sweeps(base) or nearest_sweep(revised or base, cheapest)
    sweeps = []
    for name, revision, axes in chosen:
        opened = analyze(load_model(args.input, drops=revision))
        sweeps.append((name, revision, opened, sweep(opened, axes)))

    def tagged(tables, suffix):
        return [Table(f"{t.name}_{suffix}", t.caption, t.columns, t.rows) for t in tables]

    def title(drops):
        if not drops:
            return "Baseline"
        return "After: " + revision_short(base_model, [specs[c] for c in drops])

    runs = [("baseline", base_thresholds, base_model, "Baseline")]
    if revised is not None:
        runs.append(("revised", revised_thresholds, revised.model, "After the cheapest revision"))
    scenarios = Table("scenarios", "The revisions each part of this experiment is run on",
                      ("part", "revision applied", "verdict after it"),
                      ((("thresholds (revised)", " ".join(cheapest), revised.verdict),)
                       if revised is not None else ())
                      + tuple((f"sweep {name}", " ".join(rev) or "none", opened.verdict)
                              for name, rev, opened, _ in sweeps))
    tables = [mcs_table, scenarios]
    documents = {}
    for name, items, m, _ in runs:
        tables += tagged(revision_report.threshold_tables(items, m), name)
        documents[f"thresholds_{name}"] = revision_report.threshold_document(items, m)
    tables += [Table(f"sweep_{name}", t.caption, t.columns, t.rows) for name, _, opened, result
               in sweeps for t in [revision_report.sweep_table(result, opened.model)]]
    documents |= {f"sweep_{name}": revision_report.sweep_document(result)
                  for name, _, _, result in sweeps}
    figures, skipped = [], []
    for name, items, m, label in runs:
        empty = tornado_is_empty(items)
        if empty:
            skipped.append(f"No tornado figure for {label.lower()}: {empty}.")
        else:
            figures.append((f"tornado_{name}", lambda s, i=items, mm=m, t=label: plots.save(
                plots.tornado(i, mm, title=t), s)))
    figures += [(f"sweep_{name}", lambda s, r=result, o=opened, rev=rev: plots.save(
        plots.sweep_figure(r, o.model, title=title(rev)), s))
        for name, rev, opened, result in sweeps]
    texts = {"figures_not_drawn.txt": "\n".join(skipped) + "\n"} if skipped else {}
    if no_revision:
        texts["summary.txt"] = (f"No revised run: {no_revision}. The thresholds"
                                + (" and the sweep" if sweeps else "")
                                + " are the baseline's.\n")
    with plots.figure_width(args.figure_width):
        report.write_results(
            args.out, tables=tables, documents=documents, figures=figures, texts=texts,
            manifest_doc=report.manifest([m for _, _, m, _ in runs]
                                         + [o.model for _, _, o, _ in sweeps]),
        )
    if revised is not None:
        flips = sum(t.distance is not None for t in revised_thresholds if t.kind == "number")
        print(f"  {counted(len(cert.mcs), 'minimal revision')}; cheapest: "
              f"{' + '.join(cheapest)}; after it {counted(flips, 'parameter')} can close the zone "
              "again")
    else:
        flips = sum(t.distance is not None for t in base_thresholds if t.kind == "number")
        print(f"  no revised run: {no_revision}; "
              f"{counted(flips, 'parameter')} can change the baseline's verdict")
    for name, _, _, result in sweeps:
        shares = ", ".join(f"{v} {100 * float((result.verdicts == v).mean()):.0f}%"
                           for v in np.unique(result.verdicts))
        print(f"  sweep {name}: {shares} of the grid")
    for line in skipped:
        print(f"  note: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(run_script(main))
