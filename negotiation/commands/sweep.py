"""``negotiation sweep``: the verdict and |B| over one or two parameters."""

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
from negotiation.errors import ModelError

__all__ = ["HELP", "NAME", "add_arguments", "run"]

NAME = "sweep"
HELP = "verdict and size of the bargaining set on a 1-D line or 2-D grid of parameter values"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_model_arguments(parser)
    add_output_arguments(parser, figures=True)
    add_compute_arguments(parser)
    add_backend_argument(parser)
    parser.add_argument("--param", dest="params", action="append", default=[], required=True,
                        metavar="PATH=LOW:HIGH:COUNT",
                        help="a parameter and its grid, e.g. parties.russia.disagreement=0:1:101 "
                             "(once or twice)")


def run(args: argparse.Namespace) -> int:
    from negotiation import report
    from negotiation.analysis import sweep
    from negotiation.report import whatif as revision_report
    from negotiation.whatif.thresholds import parse_axis

    model = model_from(args)
    if len(args.params) > 2:
        raise ModelError("at most two --param axes", key="--param",
                         fix="sweep one or two parameters at a time")
    axes = dict(parse_axis(p, file=args.model) for p in args.params)
    try:
        analysis = what_if_analysis(args, model)
        with executor_from(args) as executor:
            result = sweep(analysis, axes, executor=executor, progress=show_progress(args))
    except RuntimeError as err:
        return solver_failed(err)
    document = {"model": report.model_info(model)} | revision_report.sweep_document(result)
    text = revision_report.sweep_text(result, model)
    if args.out:
        from negotiation import plots

        write_out(
            args, tables=[revision_report.sweep_table(result, model)],
            texts={"summary.txt": text + "\n"},
            documents={"sweep": document},
            figures=[("sweep", lambda stem: plots.save(plots.sweep_figure(result, model), stem))],
            manifest_doc=report.manifest([model], settings={"param": args.params,
                                                            "backend": analysis.backend}))
    print_result(args, document, text,
                 "a table, sweep.json, the sweep figure, manifest.json")
    return 0
