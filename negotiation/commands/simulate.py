"""``negotiation simulate``: the dynamics over time — when does the bargaining set open?"""

from __future__ import annotations

import argparse

from negotiation.commands.common import (
    add_compute_arguments,
    add_model_arguments,
    add_output_arguments,
    executor_from,
    model_from,
    print_result,
    show_progress,
    write_out,
)

__all__ = ["HELP", "NAME", "add_arguments", "run"]

NAME = "simulate"
HELP = ("run the model's [dynamics]: when the bargaining set opens, when the conflict is ripe "
        "(Zartman), and which mechanism opens it")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_model_arguments(parser)
    add_output_arguments(parser, figures=True)
    add_compute_arguments(parser)
    parser.add_argument("--periods", type=int, default=60, help="horizon (default 60)")
    parser.add_argument("--draws", type=int, default=0,
                        help="Monte Carlo paths (default 0: the deterministic path only)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--no-mechanisms", dest="mechanisms", action="store_false",
                        help="skip the re-runs per mechanism (attrition alone, plus revision "
                             "events, decision rules, erosion) that say which mechanism opens "
                             "each path")


def run(args: argparse.Namespace) -> int:
    from negotiation import plots, report
    from negotiation.model.compiled import compile_model
    from negotiation.report import ripeness as ripeness_report
    from negotiation.whatif.ripeness import simulate

    model = model_from(args)
    compiled = compile_model(model)
    with executor_from(args) as executor:
        sim = simulate(compiled, args.periods, args.draws, args.seed,
                       progress=show_progress(args), mechanisms=args.mechanisms,
                       executor=executor)
    document = {"model": report.model_info(model)} \
        | ripeness_report.simulation_document(sim, compiled)
    if args.out:
        figures = [("size_over_time",
                    lambda stem: plots.save(plots.size_over_time({model.name: sim}), stem))]
        if sim.draws:
            figures.append(("ripeness", lambda stem: plots.save(
                plots.ripeness_fan({model.name: sim}), stem)))
            figures.append(("zartman", lambda stem: plots.save(
                plots.zartman_over_time({model.name: sim}), stem)))
        if sim.draws and sim.mechanisms:
            figures.append(("opening_by_mechanism", lambda stem: plots.save(
                plots.opening_by_mechanism({model.name: sim}), stem)))
            figures.append(("mechanisms", lambda stem: plots.save(
                plots.mechanism_curves({model.name: sim}), stem)))
        write_out(args, tables=ripeness_report.simulation_tables(sim, compiled),
                  documents={"simulation": document}, figures=figures,
                  manifest_doc=report.manifest([model], seed=args.seed, settings={
                                 "periods": args.periods, "draws": args.draws,
                                 "mechanisms": args.mechanisms}))
    print_result(args, document, ripeness_report.simulation_text(sim, compiled),
                 "tables, simulation.json, figures, manifest.json")
    return 0
