"""Experiment 07: how robust is the verdict to the uncertainty declared in the model?

Monte Carlo over the distributions in models/russia_ukraine_west.toml (each with its source and
rationale, tabulated): verdict probabilities with 95 % intervals, how often each constraint sits
in a minimal incompatible set, and — for the model after the cheapest minimal revision — how
likely the opened zone is to survive and which settlements open most often.
Writes results/07_robustness/.

A model that declares no distribution is the same model in every draw: one draw is run, and
the note says so. On a model with no revision to make (it already has a zone of agreement, or
no revision opens one) there is no revised run: summary.txt and the console say why.
"""

from __future__ import annotations

import sys

from negotiation import plots, report
from negotiation.analysis import analyze, robustness
from negotiation.commands.script import cheapest_revision, run_script, script_arguments
from negotiation.plots.whatif import robustness_is_trivial
from negotiation.report import whatif as revision_report
from negotiation.sections import load_model

DRAWS, SEED, MUS_DRAWS = 20_000, 7, 1000


def main(argv: list[str] | None = None) -> int:
    args = script_arguments(__doc__, __file__, "models/russia_ukraine_west.toml",
                            "results/07_robustness", argv)
    base_model = load_model(args.input)
    base = analyze(base_model)
    revision, no_revision = cheapest_revision(base)
    runs = {"baseline": base}
    if revision:
        runs["revised"] = analyze(load_model(args.input, drops=revision))
    # MUS membership matters for the trap; after the revision the set is almost always open.
    results = {name: robustness(a, DRAWS, SEED,
                                mus_draws=MUS_DRAWS if name == "baseline" else 0)
               for name, a in runs.items()}
    tables, documents, figures, skipped = [], {}, [], []
    for name, res in results.items():
        comp = runs[name].compiled
        sources = revision_report.uncertainty_sources(comp.model)
        for t in revision_report.robustness_tables(res, comp, sources):
            tables.append(type(t)(f"{t.name}_{name}", t.caption, t.columns, t.rows))
        documents[f"robustness_{name}"] = revision_report.robustness_document(res, comp)
        label = "Baseline" if name == "baseline" else "After the cheapest revision"
        trivial = robustness_is_trivial(res)
        if trivial:
            skipped.append(f"No robustness figure for {label.lower()}: {trivial}.")
            continue
        figures.append((f"robustness_{name}",
                        lambda s, r=res, m=comp.model, t=label: plots.save(
                            plots.robustness_figure(r, m, title=t), s)))
    texts = {"figures_not_drawn.txt": "\n".join(skipped) + "\n"} if skipped else {}
    if no_revision:
        texts["summary.txt"] = f"No revised run: {no_revision}.\n"
    with plots.figure_width(args.figure_width):
        report.write_results(args.out, tables=tables, documents=documents, figures=figures,
                             texts=texts,
                             manifest_doc=report.manifest(
                                 [a.model for a in runs.values()], seed=SEED,
                                 settings={"draws": DRAWS, "mus_draws": MUS_DRAWS,
                                           "revision": list(revision)}))
    for name, res in results.items():
        probs = ", ".join(f"P({v}) = {res.probability(v)[0]:.4g} ({k:,} of {res.draws:,})"
                          for v, k in res.verdict_counts.items())
        print(f"  {name}: {probs}")
    if no_revision:
        print(f"  no revised run: {no_revision}")
    for line in skipped:
        print(f"  note: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(run_script(main))
