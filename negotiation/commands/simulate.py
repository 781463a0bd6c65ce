"""``negotiation simulate``: the dynamics over time — when does the bargaining set open?"""

from __future__ import annotations

import argparse
import sys

import numpy as np

from negotiation import plots, report
from negotiation.commands.common import (
    add_model_arguments,
    add_output_arguments,
    model_from,
    show_progress,
)
from negotiation.model.compiled import compile_model
from negotiation.model.labels import outcome_text, party_label
from negotiation.report import ripeness as ripeness_report
from negotiation.whatif.ripeness import simulate

NAME = "simulate"
HELP = "run the model's [dynamics]: first period at which the bargaining set opens (ripeness)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_model_arguments(parser)
    add_output_arguments(parser)
    parser.add_argument("--periods", type=int, default=60, help="horizon (default 60)")
    parser.add_argument("--draws", type=int, default=0,
                        help="Monte Carlo paths (default 0: the deterministic path only)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")


def run(args: argparse.Namespace) -> int:
    model = model_from(args)
    compiled = compile_model(model)
    sim = simulate(compiled, args.periods, args.draws, args.seed, progress=show_progress(args))
    document = {"model": report.model_info(model)} \
        | ripeness_report.simulation_document(sim, compiled)
    if args.out:
        figures = [("size_over_time",
                    lambda stem: plots.size_over_time({model.name: sim}, stem))]
        if sim.draws:
            figures.append(("ripeness", lambda stem: plots.ripeness_fan({model.name: sim}, stem)))
        report.write_results(args.out, tables=ripeness_report.simulation_tables(sim, compiled),
                             documents={"simulation": document}, figures=figures,
                             manifest_doc=report.manifest([model], seed=args.seed, settings={
                                 "periods": args.periods, "draws": args.draws}))
    if args.json:
        sys.stdout.write(report.dumps(document))
        return 0
    det = sim.deterministic
    unit = sim.period_label
    print(f"{model.name}: {args.periods} {unit}s")
    if det.first_ripe < 0:
        print(f"Deterministic path: the bargaining set does not open within {args.periods} "
              f"{unit}s.")
    else:
        who = ", ".join(party_label(model, p) for p in det.pivotal) or "nobody in particular"
        print(f"Deterministic path: ripe at {unit} {det.first_ripe} (opened by the change of: "
              f"{who}).")
        print(f"  first settlement (Nash point): "
              f"{outcome_text(model, compiled.outcome(det.settlement))}")
    eroded = det.eroded[-1]
    if eroded:
        print(f"  red lines given up by the end: {', '.join(eroded)}")
    mutual = np.flatnonzero(det.hurting.all(axis=1))
    if len(mutual):
        print(f"  mutually hurting stalemate from {unit} {mutual[0]} "
              f"({len(mutual)} of {args.periods} {unit}s)")
    if sim.draws:
        ttr = sim.time_to_ripeness
        opened = ttr[ttr >= 0]
        print(f"\nMonte Carlo ({sim.draws:,} paths, seed {sim.seed}): "
              f"{100 * (ttr < 0).mean():.1f}% never open within the horizon")
        if len(opened):
            q = np.quantile(opened, [0.1, 0.5, 0.9])
            print(f"  time to ripeness where it opens: median {q[1]:.0f}, 10-90% "
                  f"{q[0]:.0f}-{q[2]:.0f} {unit}s")
            best = sorted(sim.first_settlements.items(), key=lambda kv: -kv[1])[:3]
            for i, k in best:
                print(f"  {100 * k / sim.draws:5.1f}% of paths open first at: "
                      f"{outcome_text(model, compiled.outcome(i))}")
    if args.out:
        print(f"\nWrote {args.out}/")
    return 0
