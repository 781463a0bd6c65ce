"""``negotiation sweep``: the verdict and |B| over one or two parameters."""

from __future__ import annotations

import argparse
import sys

import numpy as np

from negotiation import plots, report
from negotiation.bargaining.certificate import certify
from negotiation.commands.common import (
    add_compute_arguments,
    add_model_arguments,
    add_output_arguments,
    executor_from,
    model_from,
    show_progress,
)
from negotiation.errors import ModelError
from negotiation.model.compiled import compile_model
from negotiation.model.labels import parameter_label
from negotiation.report import whatif as revision_report
from negotiation.whatif.thresholds import parse_axis, sweep

NAME = "sweep"
HELP = "verdict and size of the bargaining set on a 1-D line or 2-D grid of parameter values"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_model_arguments(parser)
    add_output_arguments(parser)
    add_compute_arguments(parser)
    parser.add_argument("--param", dest="params", action="append", default=[], required=True,
                        metavar="PATH=LOW:HIGH:COUNT",
                        help="a parameter and its grid, e.g. parties.russia.disagreement=0:1:101 "
                             "(once or twice)")


def run(args: argparse.Namespace) -> int:
    model = model_from(args)
    if len(args.params) > 2:
        raise ModelError("at most two --param axes", key="--param",
                         fix="sweep one or two parameters at a time")
    axes = dict(parse_axis(p, file=args.model) for p in args.params)
    compiled = compile_model(model)
    certificate = certify(compiled)
    with executor_from(args) as executor:
        result = sweep(compiled, certificate, axes, executor=executor,
                       progress=show_progress(args))
    document = {"model": report.model_info(model)} | revision_report.sweep_document(result)
    if args.out:
        report.write_results(
            args.out, tables=[revision_report.sweep_table(result, model)],
            documents={"sweep": document},
            figures=[("sweep", lambda stem: plots.sweep_figure(result, model, stem))],
            manifest_doc=report.manifest([model], settings={"param": args.params}))
    if args.json:
        sys.stdout.write(report.dumps(document))
        return 0
    names = " x ".join(parameter_label(model, p) for p in result.parameters)
    print(f"{model.name}: sweep over {names} ({result.sizes.size:,} points)")
    for verdict in np.unique(result.verdicts):
        share = float((result.verdicts == verdict).mean())
        print(f"  {verdict}: {100 * share:.1f}% of the grid")
    if len(result.parameters) == 1:
        changes = np.flatnonzero(result.verdicts[1:] != result.verdicts[:-1])
        for k in changes:
            a, b = result.axes[0][k], result.axes[0][k + 1]
            print(f"  between {a:.4g} and {b:.4g}: {result.verdicts[k]} -> "
                  f"{result.verdicts[k + 1]}")
    if args.out:
        print(f"Wrote {args.out}/")
    return 0
