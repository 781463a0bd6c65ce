"""Experiment 01: is the Russia–Ukraine–West configuration a security trap, and why?

Writes results/01_security_trap/: the verdict and its certificate (analysis.json), a figure of
the minimal incompatible sets across the parties with pairwise compatibility, a heatmap of which
party rules out which issue levels, tables of the MUS and MCS (with revision costs) in CSV,
Markdown and LaTeX, a summary for a paper's appendix (summary.md) and a manifest. Beside them:
the same analysis under the model's variants (Russia's minimum as in the article's table only; the
United States and Europe as separate parties), where the verdict and the minimal sets change;
whose action each party's minimum needs, from the supplier tags; and the verdict with the
positions held on each date of the mediation record.

On a researcher's own model (``01_security_trap.py my_model.toml --out DIR``) the variants are
only those given with ``--variant`` (none by default: the repository's variants and record
belong to its own model), and the model's rows are labelled by its name.
"""

from __future__ import annotations

import sys
from pathlib import Path

from negotiation import plots, report
from negotiation.analysis import analyze
from negotiation.bargaining.certificate import blocking_by_level
from negotiation.bargaining.verify import verify
from negotiation.commands.script import run_script, script_arguments
from negotiation.model.loading import model_at
from negotiation.report.tables import Table
from negotiation.report.text import appendix_summary
from negotiation.report.variants import (
    minimal_sets_table,
    pairs_text,
    variants_table,
    whose_action_table,
)
from negotiation.sections import load_model, load_record
from negotiation.whatif.suppliers import whose_action

ROOT = Path(__file__).resolve().parents[1]
VARIANTS = {"Russia: the article's table only": ROOT / "models" / "russia_minimum_table.toml",
            "a divided West": ROOT / "models" / "russia_ukraine_us_europe.toml"}
RECORD = ROOT / "models" / "mediation_record.toml"
DEFAULT = ROOT / "models" / "russia_ukraine_west.toml"
MAIN = "main: table and later demands"    # the repository model's label beside its variants


def _options(parser) -> None:
    parser.add_argument("--variant", action="append", type=Path, metavar="MODEL.toml",
                        help="a variant to compare with the main model, labelled by its file "
                             "name (repeatable; default: the repository's Russia-table and "
                             "divided-West variants for the repository's model, none for "
                             "another)")


def _dated(model) -> Table:
    """The verdict with the positions held on each date of the mediation record."""
    record, _ = load_record(RECORD)
    dates = sorted({p.date for p in record.packages if p.date and not p.reference}
                   | {model.positions_date})
    rows = []
    for date in dates:
        analysis = analyze(model_at(model, date), strategic=False)
        cert = analysis.certificate
        labels = [p.label for p in record.packages if p.date == date]
        rows.append((date, "; ".join(labels) or "the model's date",
                     analysis.verdict.replace("_", " "), len(cert.mus), len(cert.mcs),
                     pairs_text(model, cert.pairwise)))
    return Table("dated_verdicts", "The verdict with the positions held on each date of the "
                 "mediation record", ("date", "frameworks of that date", "verdict", "MUS", "MCS",
                                      "pairs that cannot agree"), tuple(rows))


def main(argv: list[str] | None = None) -> int:
    args = script_arguments(__doc__, __file__, "models/russia_ukraine_west.toml",
                            "results/01_security_trap", argv, extra=_options)
    model = load_model(args.input)
    analysis = analyze(model)
    problems = verify(model, analysis.certificate)
    own = args.input.resolve() == DEFAULT.resolve()
    main_label = MAIN if own else model.name
    variants = {main_label: model}
    paths = ({Path(p).stem: Path(p) for p in args.variant} if args.variant
             else VARIANTS if own else {})
    for label, path in paths.items():
        variants[label if label not in variants else f"{label} ({path})"] = load_model(path)
    analyses = {main_label: analysis}
    for label, m in list(variants.items())[1:]:
        analyses[label] = analyze(m, strategic=False)
        problems += verify(m, analyses[label].certificate)
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
    needs = {label: whose_action(a.compiled) for label, a in analyses.items()}
    extra = [variants_table(analyses), minimal_sets_table(analyses),
             whose_action_table(needs, variants)]
    if model.document is not None and RECORD.exists() and own:
        extra.append(_dated(model))
    with plots.figure_width(args.figure_width):
        report.write_results(
            args.out,
            tables=report.analysis_tables(analysis) + [level_table] + extra,
            documents={"analysis": report.analysis_document(analysis, verified=True)},
            texts={"summary.md": appendix_summary(analysis)},
            figures=[("collisions", lambda stem: plots.save(plots.collisions(analysis), stem)),
                     ("blocking_by_level",
                      lambda stem: plots.save(plots.blocking_heatmap(levels, model), stem))],
            manifest_doc=report.manifest(list(variants.values())),
        )
    for label, a in analyses.items():
        cert = a.certificate
        cheapest = (f"cheapest revision cost {min(cert.mcs_costs):g}" if cert.mcs else
                    "no revision needed" if a.bargaining.size else "no revision opens a zone")
        print(f"  {label}: {a.verdict}; {len(cert.mus)} MUS, {len(cert.mcs)} MCS; {cheapest}")
    for n in needs[main_label]:
        ways = " or ".join("[" + (", ".join(labels[p] for p in sorted(w.acts)) or "nobody")
                           + " acts" + (f"; {', '.join(labels[p] for p in sorted(w.refrains))} "
                                        "refrain" if w.refrains else "") + "]" for w in n.ways)
        print(f"  {labels[n.party]}'s minimum needs: {ways}")
    return 0


if __name__ == "__main__":
    sys.exit(run_script(main))
