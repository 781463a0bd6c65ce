"""``negotiation thresholds``: where the verdict changes, parameter by parameter."""

from __future__ import annotations

import argparse

from negotiation.commands.common import (
    add_model_arguments,
    add_output_arguments,
    model_from,
    print_result,
)

NAME = "thresholds"
HELP = "the exact value of each parameter (and each red line on/off) that changes the verdict"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_model_arguments(parser)
    add_output_arguments(parser)
    parser.add_argument("--limit", type=int, default=20,
                        help="how many parameters to print (nearest thresholds first)")


def run(args: argparse.Namespace) -> int:
    from negotiation import plots, report
    from negotiation.analysis import analyze
    from negotiation.report import whatif as revision_report
    from negotiation.whatif.thresholds import thresholds

    model = model_from(args)
    # Thresholds classify whether a zone exists; the posture game is not needed for that.
    analysis = analyze(model, strategic=False)
    items = thresholds(analysis)
    document = {"model": report.model_info(model), "verdict": analysis.verdict} | \
        revision_report.threshold_document(items, model)
    if args.out:
        report.write_results(
            args.out, tables=revision_report.threshold_tables(items, model),
            documents={"thresholds": document},
            figures=[("tornado", lambda stem: plots.save(plots.tornado(items, model), stem))],
            manifest_doc=report.manifest([model]))
    text = revision_report.threshold_text(items, model, analysis.verdict, limit=args.limit,
                                          has_mcs=bool(analysis.certificate.mcs))
    print_result(args, document, text, "tables, thresholds.json, the tornado figure, manifest.json")
    return 0
