"""Experiment 08: ripeness — when, if ever, does the trap open, and which mechanism opens it?

The Russia–Ukraine–West model under the scenarios of models/ripeness_scenarios.toml (the
declared dynamics; Western fatigue; Russian economic attrition; a Russian political
transformation), each run as a deterministic path and as Monte Carlo paths over the declared
ranges. Every path is re-run with the same random numbers under attrition alone and attrition
plus each mechanism (revision events, the West's decision rule, red-line erosion), so the share
of paths each mechanism opens, and what opened each path, are free of sampling noise. Reported
beside the opening: ripeness in Zartman's sense (a mutually hurting stalemate and a way out).
Every assumed rate is then fixed at each end of its range in turn (the others drawn as declared):
the rates are assumptions, and the answer is only as firm as they are. Nothing is tuned to
produce a date. Writes results/08_ripeness/.
"""

from __future__ import annotations

import sys

import numpy as np

from negotiation import plots, report
from negotiation.commands.script import run_script, script_arguments
from negotiation.model.compiled import compile_model
from negotiation.model.labels import outcome_text
from negotiation.report import ripeness as ripeness_report
from negotiation.report.tables import Table, rounded
from negotiation.sections import SECTIONS
from negotiation.whatif.rates import assumed_rates, rate_sensitivity
from negotiation.whatif.ripeness import CAUSES, simulate
from negotiation.whatif.scenarios import load_scenarios, scenario_model

PERIODS, DRAWS, SEED = 60, 10_000, 3
SENSITIVITY_DRAWS = 2_000
FIGURE_RATES = 20               # the rates with the widest swings drawn in the tornado figure


def _median(months: np.ndarray):
    opened = months[months >= 0]
    return "" if not len(opened) else float(np.median(opened))


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

    rows, mech_rows, cause_rows, event_rows = [], [], [], []
    for sc in scenarios:
        sim, comp = sims[sc.label], compiled[sc.label]
        det, ttr = sim.deterministic, sim.time_to_ripeness
        best = max(sim.first_settlements.items(), key=lambda kv: (kv[1], -kv[0]),
                   default=(None, 0))
        rows.append((
            sc.label, "never" if det.first_ripe < 0 else det.first_ripe,
            "never" if det.zartman < 0 else det.zartman,
            round(100 * float((ttr >= 0).mean()), 2), _median(ttr),
            round(100 * float((sim.zartman >= 0).mean()), 2), _median(sim.zartman),
            "" if best[0] is None else outcome_text(comp.model, comp.outcome(best[0])),
            round(100 * best[1] / DRAWS, 2)))
        for _, text, months in ripeness_report.mechanism_rows(sim):
            q = months[months >= 0]
            mech_rows.append((sc.label, text, round(100 * float((months >= 0).mean()), 2),
                              *(("", "", "") if not len(q) else
                                (rounded(float(np.quantile(q, p))) for p in (0.1, 0.5, 0.9)))))
        cause_rows.append((sc.label, *(round(100 * float((sim.cause == k).mean()), 2)
                                       for k in range(len(CAUSES)))))
        dyn = comp.model.sections["dynamics"]
        event_rows += [(sc.label, e.label, round(100 * sim.event_shares[e.id], 2))
                       for e in dyn.events]
        event_rows += [(sc.label, f"{r.label}: {b.label}",
                        round(100 * sim.rule_shares[r.id][b.id], 2))
                       for r in dyn.rules for b in r.branches]
    summary = Table(
        "summary", f"When the bargaining set opens and when the conflict is ripe ({PERIODS} "
                   f"months; {DRAWS:,} paths, seed {SEED})",
        ("scenario", "deterministic path: first open month", "deterministic path: ripe "
         "(Zartman) month", "% of paths open within the horizon", "median month where open",
         "% of paths ripe (Zartman)", "median month where ripe",
         "most frequent first settlement", "% of paths"), tuple(rows))
    mechanisms = Table(
        "mechanisms", f"Share of paths open within {PERIODS} months, by mechanism (same random "
                      "numbers in every run)",
        ("scenario", "mechanisms", "% of paths open", "month (10 %)", "month (median)",
         "month (90 %)"), tuple(mech_rows))
    causes = Table(
        "opening_cause", "What opened each path (% of all paths): attrition alone, one mechanism "
                         "added to it, more than one each alone, or only a combination",
        ("scenario", *CAUSES), tuple(cause_rows))
    events = Table(
        "events_and_rules", f"Share of paths in which each event took effect, and each branch "
                            f"of the West's rule was taken, within {PERIODS} months",
        ("scenario", "event or branch", "% of paths"), tuple(event_rows))

    base = scenarios[0]
    base_model = models[base.label]
    rates = list(assumed_rates(base_model))
    sens = rate_sensitivity(model_path, base.sets, rates, PERIODS, SENSITIVITY_DRAWS, SEED,
                            sections=SECTIONS)
    baseline = simulate(compiled[base.label], PERIODS, SENSITIVITY_DRAWS, SEED,
                        mechanisms=False)
    base_share = float((baseline.time_to_ripeness >= 0).mean())
    params = assumed_rates(base_model)
    sens_table = Table(
        "sensitivity_rates",
        f"Every assumed rate at the two ends of its range, the others drawn as declared "
        f"({base.label}; {SENSITIVITY_DRAWS:,} paths each, the same random numbers; with every "
        f"rate drawn: {100 * base_share:.2f} % open)",
        ("rate", "path", "rationale", "low end", "high end", "% open at the low end",
         "% open at the high end", "% ripe (Zartman) at the low end",
         "% ripe (Zartman) at the high end"),
        tuple((ripeness_report.rate_label(base_model, s.path), s.path, params[s.path].rationale,
               rounded(s.low), rounded(s.high), round(100 * s.share_low, 2),
               round(100 * s.share_high, 2), round(100 * s.zartman_low, 2),
               round(100 * s.zartman_high, 2))
              for s in sorted(sens, key=lambda s: (-abs(s.share_high - s.share_low), s.path))))
    swings = sorted(sens, key=lambda s: (-abs(s.share_high - s.share_low), s.path))
    shown = swings[:FIGURE_RATES]
    rest = max((abs(s.share_high - s.share_low) for s in swings[FIGURE_RATES:]), default=0.0)

    tables = [summary, mechanisms, causes, events, sens_table]
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
                    sims, title="Open by month: share of paths whose bargaining set has "
                                "opened"), s)),
                ("opening_by_mechanism", lambda s: plots.save(plots.opening_by_mechanism(
                    sims, title="What opens the trap: paths opened by each month, by the "
                                "mechanism that opened them"), s)),
                ("mechanisms", lambda s: plots.save(plots.mechanism_curves(
                    sims, title="Paths opened by each month under attrition alone and with "
                                "each mechanism added"), s)),
                ("zartman", lambda s: plots.save(plots.zartman_over_time(
                    sims, title="Zartman's conditions: mutually hurting stalemate, a way out, "
                                "and the bargaining set"), s)),
                ("bargaining_set_over_time", lambda s: plots.save(plots.size_over_time(sims), s)),
            ] + ([("sensitivity_rates", lambda s: plots.save(plots.rate_sensitivity(
                [(ripeness_report.rate_label(base_model, r.path), r.low, r.high,
                  r.share_low, r.share_high) for r in shown], base_share,
                f"% of paths open within {PERIODS} months",
                title=f"{base.label}: the {len(shown)} assumed rates with the widest swing "
                      f"(the other {len(swings) - len(shown)} "
                      + ("do not move it)" if rest == 0 else
                         f"move it by at most {100 * rest:.2g} points)")), s))]
                 if shown else []),
            manifest_doc=report.manifest(list(models.values()), seed=SEED,
                                         inputs={str(args.input): digest},
                                         settings={"periods": PERIODS, "draws": DRAWS,
                                                   "sensitivity_draws": SENSITIVITY_DRAWS,
                                                   "assumed_rates": rates}))
    for row in rows:
        print(f"  {row[0]}: {row[3]}% of paths open within {PERIODS} months "
              f"(deterministic path: {row[1]}); {row[5]}% ripe in Zartman's sense")
    for row in mech_rows:
        if row[0] == base.label:
            print(f"    {row[1]}: {row[2]}%")
    if swings:
        widest = swings[0]
        print(f"  widest swing: {ripeness_report.rate_label(base_model, widest.path)}: "
              f"{100 * widest.share_low:.3g}% to {100 * widest.share_high:.3g}%")
    else:
        print("  no assumed rate declares a range: no sensitivity figure")
    return 0


if __name__ == "__main__":
    sys.exit(run_script(main))
