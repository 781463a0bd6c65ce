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
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from negotiation import plots, report
from negotiation.analysis import analyze
from negotiation.model.labels import revision_short, revision_text
from negotiation.report import whatif as revision_report
from negotiation.report.tables import Table
from negotiation.sections import load_model
from negotiation.whatif.thresholds import sweep, thresholds

ROOT = Path(__file__).resolve().parents[1]
MODEL = "models/russia_ukraine_west.toml"
OUT = ROOT / "results" / "06_what_would_need_to_change"
GRID = np.linspace(0.0, 1.0, 51)


def first_mcs(cert, predicate) -> tuple[str, ...]:
    return next(m for m in cert.mcs if predicate(m))


def main() -> int:
    base_model = load_model(MODEL)
    base = analyze(base_model)
    cert = base.certificate
    specs = {s.id: s for s in base.compiled.constraints}
    mcs_table = Table(
        "mcs_in_words", "What would need to change: every minimal revision of the logics that "
        "opens a zone of agreement, cheapest first",
        ("rank", "revision cost", "what would need to change"),
        tuple((n, cost, revision_text(base_model, [specs[c] for c in mcs]))
              for n, (mcs, cost) in enumerate(zip(cert.mcs, cert.mcs_costs), 1)))

    cheapest = cert.mcs[0]
    revised = analyze(load_model(MODEL, drops=cheapest))
    base_thresholds = thresholds(base)
    revised_thresholds = thresholds(revised)

    ukraine_lines = {"ukraine.integrity_or_enforcement", "ukraine.neutrality_needs_enforcement"}
    scenario_a = first_mcs(cert, lambda m: ukraine_lines <= set(m))
    scenario_b = first_mcs(cert, lambda m: any(c.startswith("west.") and specs[c].kind ==
                                               "red_line" for c in m))
    model_a = analyze(load_model(MODEL, drops=scenario_a))
    model_b = analyze(load_model(MODEL, drops=scenario_b))
    sweep_a = sweep(model_a,
                    {"parties.russia.disagreement": GRID,
                     "parties.ukraine.weights.guarantees": GRID})
    sweep_b = sweep(model_b,
                    {"parties.west.registers.strategic.weight": GRID,
                     "parties.west.registers.systemic.weight": GRID})

    def tagged(tables, suffix):
        return [Table(f"{t.name}_{suffix}", t.caption, t.columns, t.rows) for t in tables]

    def title(drops):
        return "After: " + revision_short(base_model, [specs[c] for c in drops])

    scenarios = Table("scenarios", "The revisions each part of this experiment is run on",
                      ("part", "revision applied", "verdict after it"),
                      (("thresholds (revised)", " ".join(cheapest), revised.verdict),
                       ("sweep A", " ".join(scenario_a), model_a.verdict),
                       ("sweep B", " ".join(scenario_b), model_b.verdict)))
    report.write_results(
        OUT,
        tables=[mcs_table, scenarios]
        + tagged(revision_report.threshold_tables(base_thresholds, base_model), "baseline")
        + tagged(revision_report.threshold_tables(revised_thresholds, revised.model), "revised")
        + [Table(f"{t.name}_{k}", t.caption, t.columns, t.rows) for k, t in
           (("russia_d_vs_ukraine_guarantees", revision_report.sweep_table(sweep_a, model_a.model)),
            ("west_strategic_vs_systemic", revision_report.sweep_table(sweep_b, model_b.model)))],
        documents={
            "thresholds_baseline":
                revision_report.threshold_document(base_thresholds, base_model),
            "thresholds_revised":
                revision_report.threshold_document(revised_thresholds, revised.model),
            "sweep_russia_d_vs_ukraine_guarantees": revision_report.sweep_document(sweep_a),
            "sweep_west_strategic_vs_systemic": revision_report.sweep_document(sweep_b),
        },
        figures=[
            ("tornado_baseline", lambda s: plots.save(plots.tornado(
                base_thresholds, base_model, title="Baseline"), s)),
            ("tornado_revised", lambda s: plots.save(plots.tornado(
                revised_thresholds, revised.model, title="After the cheapest revision"), s)),
            ("sweep_russia_d_vs_ukraine_guarantees",
             lambda s: plots.save(plots.sweep_figure(
                 sweep_a, model_a.model, title=title(scenario_a)), s)),
            ("sweep_west_strategic_vs_systemic",
             lambda s: plots.save(plots.sweep_figure(
                 sweep_b, model_b.model, title=title(scenario_b)), s)),
        ],
        manifest_doc=report.manifest([base_model, revised.model, model_a.model, model_b.model]),
    )
    flips = sum(t.distance is not None for t in revised_thresholds if t.kind == "number")
    print(f"  {len(cert.mcs)} minimal revisions; cheapest: {' + '.join(cheapest)}; "
          f"after it {flips} parameters can close the zone again")
    for name, result in (("sweep A", sweep_a), ("sweep B", sweep_b)):
        shares = ", ".join(f"{v} {100 * float((result.verdicts == v).mean()):.0f}%"
                           for v in np.unique(result.verdicts))
        print(f"  {name}: {shares} of the grid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
