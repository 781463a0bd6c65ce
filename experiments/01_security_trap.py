"""Experiment 01: is the Russia–Ukraine–West configuration a security trap, and why?

Writes results/01_security_trap/: the verdict and its certificate (analysis.json), a figure of
the minimal incompatible sets across the parties with pairwise compatibility, a heatmap of which
party rules out which issue levels, tables of the MUS and MCS (with revision costs) in CSV,
Markdown and LaTeX, a summary for a paper's appendix (summary.md) and a manifest.
"""

from __future__ import annotations

import sys

from negotiation import plots, report
from negotiation.analysis import analyze
from negotiation.bargaining.certificate import blocking_by_level
from negotiation.bargaining.verify import verify
from negotiation.commands.script import run_script, script_arguments
from negotiation.report.tables import Table
from negotiation.report.text import appendix_summary
from negotiation.sections import load_model


def main(argv: list[str] | None = None) -> int:
    args = script_arguments(__doc__, __file__, "models/russia_ukraine_west.toml",
                            "results/01_security_trap", argv)
    model = load_model(args.input)
    analysis = analyze(model)
    problems = verify(model, analysis.certificate)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    levels = blocking_by_level(analysis.compiled)
    labels = {p.id: p.label for p in model.parties}
    level_table = Table(
        "blocking_by_level", "Share of settlements at each issue level that each party accepts "
        "(0: the party rules the level out)",
        ("issue", "level", "settlements", *(f"{labels[p]} accepts (%)" for p in levels.parties)),
        tuple((i, lv, int(n), *(round(100 * (1 - s), 2) for s in row))
              for i, lv, n, row in zip(levels.issues, levels.levels, levels.count, levels.share)),
    )
    with plots.figure_width(args.figure_width):
        report.write_results(
            args.out,
            tables=report.analysis_tables(analysis) + [level_table],
            documents={"analysis": report.analysis_document(analysis, verified=True)},
            texts={"summary.md": appendix_summary(analysis)},
            figures=[("collisions", lambda stem: plots.save(plots.collisions(analysis), stem)),
                     ("blocking_by_level",
                      lambda stem: plots.save(plots.blocking_heatmap(levels, model), stem))],
            manifest_doc=report.manifest([model]),
        )
    cert = analysis.certificate
    print(f"  verdict: {analysis.verdict}; {len(cert.mus)} MUS, {len(cert.mcs)} MCS; "
          f"cheapest revision cost {min(cert.mcs_costs, default=0):g}")
    return 0


if __name__ == "__main__":
    sys.exit(run_script(main))
