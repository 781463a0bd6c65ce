"""``negotiation thresholds``: where the verdict changes, parameter by parameter."""

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

NAME = "thresholds"
HELP = "the exact value of each parameter (and each red line on/off) that changes the verdict"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_model_arguments(parser)
    add_output_arguments(parser, figures=True)
    add_compute_arguments(parser)
    add_backend_argument(parser)
    parser.add_argument("--limit", type=int, default=20,
                        help="how many parameters to print (nearest thresholds first)")


def run(args: argparse.Namespace) -> int:
    from negotiation import report
    from negotiation.analysis import thresholds
    from negotiation.report import whatif as revision_report

    model = model_from(args)
    try:
        analysis = what_if_analysis(args, model)
        with executor_from(args) as executor:
            items = thresholds(analysis, executor=executor, progress=show_progress(args))
    except RuntimeError as err:
        return solver_failed(err)
    backend = analysis.backend
    document = {"model": report.model_info(model), "verdict": analysis.verdict} | \
        revision_report.threshold_document(items, model, backend)
    text = revision_report.threshold_text(items, model, analysis.verdict, limit=args.limit,
                                          has_mcs=bool(analysis.certificate.mcs),
                                          backend=backend)
    if args.out:
        from negotiation import plots
        from negotiation.plots.whatif import tornado_is_empty

        empty = tornado_is_empty(items)
        write_out(args, tables=revision_report.threshold_tables(items, model, backend),
                  documents={"thresholds": document},
                  figures=[] if empty else [("tornado", lambda stem: plots.save(
                      plots.tornado(items, model), stem))],
                  texts={"summary.txt": text + "\n"},
                  notes=[f"No tornado figure: {empty}."] if empty else [],
                  manifest_doc=report.manifest([model], settings={"backend": backend}))
    print_result(args, document, text, "tables, thresholds.json, the tornado figure where some "
                 "parameter or red line changes the verdict, summary.txt, manifest.json")
    return 0
