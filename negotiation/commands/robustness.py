"""``negotiation robustness``: verdict probabilities under the declared uncertainty."""

from __future__ import annotations

import argparse

from negotiation.commands.common import (
    add_backend_argument,
    add_compute_arguments,
    add_model_arguments,
    add_output_arguments,
    executor_from,
    model_from,
    print_result,
    show_progress,
    solver_failed,
    what_if_analysis,
    write_out,
)

__all__ = ["HELP", "NAME", "add_arguments", "run"]

NAME = "robustness"
HELP = "Monte Carlo over the model's declared distributions: verdict probabilities, MUS membership"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_model_arguments(parser)
    add_output_arguments(parser, figures=True)
    add_compute_arguments(parser)
    add_backend_argument(parser)
    parser.add_argument("--draws", type=int, default=10_000, help="number of draws")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--mus-draws", type=int, default=1000,
                        help="draws (the first ones) on which MUS membership is computed")


def run(args: argparse.Namespace) -> int:
    from negotiation import report
    from negotiation.analysis import robustness
    from negotiation.report import whatif as revision_report

    model = model_from(args)
    try:
        analysis = what_if_analysis(args, model)
        with executor_from(args) as executor:
            result = robustness(analysis, args.draws, args.seed, mus_draws=args.mus_draws,
                                executor=executor, progress=show_progress(args))
    except RuntimeError as err:
        return solver_failed(err)
    compiled = analysis.compiled
    document = {"model": report.model_info(model)} \
        | revision_report.robustness_document(result, compiled)
    text = revision_report.robustness_text(result, compiled)
    if args.out:
        from negotiation import plots
        from negotiation.plots.whatif import robustness_is_trivial

        trivial = robustness_is_trivial(result)
        write_out(
            args,
            tables=revision_report.robustness_tables(
                result, compiled, revision_report.uncertainty_sources(model)),
            documents={"robustness": document},
            figures=[] if trivial else [("robustness", lambda stem: plots.save(
                plots.robustness_figure(result, model), stem))],
            texts={"summary.txt": text + "\n"},
            notes=[f"No robustness figure: {trivial}."] if trivial else [],
            manifest_doc=report.manifest([model], seed=args.seed,
                                         settings={"draws": args.draws,
                                                   "mus_draws": args.mus_draws,
                                                   "backend": analysis.backend}))
    print_result(args, document, text,
                 "tables, robustness.json, the robustness figure unless one verdict is "
                 "certain, summary.txt, manifest.json")
    return 0
