"""Experiment 08: ripeness — when, if ever, does the bargaining set open?

The Russia–Ukraine–West model under the three scenarios of models/ripeness_scenarios.toml
(status quo attrition; Western fatigue; Russian economic attrition), each run as a deterministic
path and as Monte Carlo paths over the declared distributions. Reported: the share of paths ripe
by each month (fan chart), the bargaining set's size over time, which settlement opens first and
whose change opens it, and how the answer moves when every erosion rate or every cost of war is
scaled (the rates are assumptions; the model is not tuned to produce a date).
Writes results/08_ripeness/.
"""

from __future__ import annotations

import sys

import numpy as np

from negotiation import plots, report
from negotiation.commands.script import run_script, script_arguments
from negotiation.model.compiled import compile_model
from negotiation.model.labels import outcome_text, party_label, short_constraint
from negotiation.report import ripeness as ripeness_report
from negotiation.report.tables import Table
from negotiation.sections import SECTIONS
from negotiation.whatif.ripeness import sensitivity as ripeness_sensitivity
from negotiation.whatif.ripeness import simulate
from negotiation.whatif.scenarios import load_scenarios, scenario_model

PERIODS, DRAWS, SEED = 60, 10_000, 3
FACTORS, SENSITIVITY_DRAWS = (0.0, 0.5, 1.0, 2.0, 4.0), 2_000


def main(argv: list[str] | None = None) -> int:
    args = script_arguments(__doc__, __file__, "models/ripeness_scenarios.toml",
                            "results/08_ripeness", argv, input_help="scenario file",
                            metavar="SCENARIOS.toml")
    model_path, digest, scenarios = load_scenarios(args.input)
    models, sims, compiled = {}, {}, {}
    for sc in scenarios:
        models[sc.label] = scenario_model(model_path, sc, SECTIONS)
        compiled[sc.label] = compile_model(models[sc.label])
        sims[sc.label] = simulate(compiled[sc.label], PERIODS, DRAWS, SEED)

    rows = []
    for sc in scenarios:
        sim, comp = sims[sc.label], compiled[sc.label]
        short = {c.id: short_constraint(comp.model, c) for c in comp.model.constraints()}
        det, ttr = sim.deterministic, sim.time_to_ripeness
        opened = ttr[ttr >= 0]
        best = max(sim.first_settlements.items(), key=lambda kv: (kv[1], -kv[0]),
                   default=(None, 0))
        rows.append((
            sc.label,
            "never" if det.first_ripe < 0 else det.first_ripe,
            "" if det.settlement is None else outcome_text(comp.model,
                                                           comp.outcome(det.settlement)),
            ", ".join(party_label(comp.model, p) for p in det.pivotal),
            "; ".join(short[c] for c in det.eroded[det.first_ripe if det.first_ripe >= 0
                                                    else -1]),
            round(100 * float((ttr >= 0).mean()), 2),
            "" if not len(opened) else float(np.median(opened)),
            "" if best[0] is None else outcome_text(comp.model, comp.outcome(best[0])),
            round(100 * best[1] / DRAWS, 2),
        ))
    summary = Table(
        "which_settlement_opens_first",
        f"Which settlement opens first, and why ({PERIODS} months; {DRAWS:,} paths, seed {SEED})",
        ("scenario", "deterministic path: first ripe month", "its first settlement (Nash)",
         "opened by the change of", "red lines given up by then",
         "% of paths ripe within the horizon", "median month where it opens",
         "most frequent first settlement", "% of paths"),
        tuple(rows))

    sensitivity = {what: {sc.label: ripeness_sensitivity(compiled[sc.label], PERIODS,
                                                          SENSITIVITY_DRAWS, SEED, FACTORS, what)
                          for sc in scenarios}
                   for what in ("erosion", "cost")}
    sens_table = Table(
        "sensitivity", f"Share of paths ripe within {PERIODS} months when every erosion rate or "
                       f"every cost of war is multiplied ({SENSITIVITY_DRAWS:,} paths each)",
        ("scenario", "multiplied", *(f"x{f:g}" for f in FACTORS)),
        tuple((label, what, *(round(100 * s, 2) for s in shares))
              for what, per in sensitivity.items() for label, shares in per.items()))

    tables = [summary, sens_table]
    documents = {}
    for sc in scenarios:
        sim, comp = sims[sc.label], compiled[sc.label]
        tables += ripeness_report.simulation_tables(sim, comp, suffix=f"_{sc.id}")
        documents[f"simulation_{sc.id}"] = ripeness_report.simulation_document(sim, comp)
    with plots.figure_width(args.figure_width):
        report.write_results(
            args.out, tables=tables, documents=documents,
            figures=[
                ("ripeness_fan", lambda s: plots.save(plots.ripeness_fan(
                    sims, title="Ripe by month: share of paths whose bargaining set has "
                                "opened"), s)),
                ("bargaining_set_over_time", lambda s: plots.save(plots.size_over_time(sims), s)),
                ("sensitivity_erosion", lambda s: plots.save(plots.sensitivity_lines(
                    sensitivity["erosion"], FACTORS, "every erosion rate multiplied by"), s)),
                ("sensitivity_cost", lambda s: plots.save(plots.sensitivity_lines(
                    sensitivity["cost"], FACTORS, "every cost of war multiplied by"), s)),
            ],
            manifest_doc=report.manifest(list(models.values()), seed=SEED,
                                         inputs={str(args.input): digest},
                                         settings={"periods": PERIODS, "draws": DRAWS,
                                                   "sensitivity_factors": list(FACTORS),
                                                   "sensitivity_draws": SENSITIVITY_DRAWS}))
    for row in rows:
        print(f"  {row[0]}: deterministic first ripe {row[1]}; {row[5]}% of paths ripe within "
              f"{PERIODS} months")
    return 0


if __name__ == "__main__":
    sys.exit(run_script(main))
