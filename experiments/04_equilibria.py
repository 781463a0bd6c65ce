"""Experiment 04: the Russia–Ukraine–West posture game, derived from the three logics.

Postures and the war-effort table are in models/russia_ukraine_west.toml ([game], each sourced).
For the baseline and for the model after the cheapest minimal revision: the payoff table (LaTeX,
Markdown, CSV) and a figure of it, every equilibrium (verified; pure and mixed) and whether any
reaches a settlement. Under the structural trap every profile is war, so no equilibrium can
settle; after the revision the question is whether a settlement is self-enforcing (`open`) or
not (`dilemma`). Writes results/04_equilibria/.

On a model with no revision to make (its game already has a zone of agreement, or no revision
opens one) there is no revised run: summary_baseline.txt and the console say why.
"""

from __future__ import annotations

import sys

from negotiation import plots, report
from negotiation.analysis import analyze
from negotiation.bargaining.verdict import Verdict
from negotiation.commands.script import cheapest_revision, run_script, script_arguments
from negotiation.errors import ModelError
from negotiation.model.labels import revision_short
from negotiation.report import games as game_report
from negotiation.report.tables import Table
from negotiation.sections import load_model


def main(argv: list[str] | None = None) -> int:
    args = script_arguments(__doc__, __file__, "models/russia_ukraine_west.toml",
                            "results/04_equilibria", argv)
    base = analyze(load_model(args.input))
    if base.strategic is None:
        raise ModelError("the model has no posture game", file=str(args.input), key="game",
                         fix="add postures for each party ([game], see docs/games.md)")
    revision, no_revision = cheapest_revision(base)
    specs = {s.id: s for s in base.compiled.constraints}
    runs = {"baseline": (base, "Baseline (structural trap): every profile is war"
                         if base.verdict == Verdict.STRUCTURAL_TRAP
                         else f"Baseline ({base.verdict.label})")}
    if revision:
        runs["revised"] = (analyze(load_model(args.input, drops=revision)),
                           "After: " + revision_short(base.model, [specs[c] for c in revision]))
    tables, documents, figures, rows = [], {}, [], []
    for name, (analysis, title) in runs.items():
        result = analysis.strategic
        zone = analysis.bargaining.size > 0
        for t in game_report.tables(result):
            tables.append(Table(f"{t.name}_{name}", t.caption, t.columns, t.rows))
        documents[f"equilibria_{name}"] = game_report.document(result, zone)
        figures.append((f"postures_{name}",
                        lambda s, r=result, t=title: plots.save(
                            plots.posture_grid(r, title=t), s)))
        rows.append((name, analysis.verdict, len(result.pure), len(result.mixed),
                     len(result.reaching), result.complete,
                     "yes" if result.reaching else ("no" if result.reaching_settled
                                                    else "not proved")))
    summary = Table("summary", "The posture game: equilibria and whether any settles",
                    ("model", "verdict", "pure equilibria", "mixed equilibria",
                     "equilibria reaching a settlement", "mixed search complete",
                     "some equilibrium settles"), tuple(rows))
    with plots.figure_width(args.figure_width):
        report.write_results(
            args.out, tables=[summary] + tables, documents=documents, figures=figures,
            texts={f"summary_{name}.txt": game_report.explain(a.strategic, a.bargaining.size > 0)
                   + (f"\nNo revised run: {no_revision}.\n" if no_revision else "\n")
                   for name, (a, _) in runs.items()},
            manifest_doc=report.manifest([a.model for a, _ in runs.values()],
                                         settings={"revision": list(revision)}))
    for row in rows:
        print(f"  {row[0]}: {row[1]}; {row[2]} pure and {row[3]} mixed equilibria, "
              f"{row[4]} reaching a settlement")
    if no_revision:
        print(f"  no revised run: {no_revision}")
    return 0


if __name__ == "__main__":
    sys.exit(run_script(main))
