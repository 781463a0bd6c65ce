"""``negotiation stability``: stability of every state of a graph model (Nash, GMR, SMR, SEQ),
the equilibria, and optionally coalition stability (CNash, CGMR, CSEQ for every coalition)."""

from __future__ import annotations

import argparse

from negotiation.commands.common import (
    add_model_arguments,
    add_output_arguments,
    model_from,
    print_result,
)

__all__ = ["HELP", "NAME", "add_arguments", "run"]

NAME = "stability"
HELP = "graph model: stability of every state (Nash, GMR, SMR, SEQ) and the equilibria"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_model_arguments(parser)
    add_output_arguments(parser)
    parser.add_argument("--coalitions", action="store_true",
                        help="also coalition stability: coalition Nash, GMR and SEQ for every "
                             "coalition of two or more decision makers, and the equilibria "
                             "under the class of all coalitions")


def run(args: argparse.Namespace) -> int:
    from negotiation import report
    from negotiation.gmcr.coalitions import coalition_analysis
    from negotiation.gmcr.graph import graph_model
    from negotiation.gmcr.stability import stability
    from negotiation.report import gmcr as gmcr_report

    model = model_from(args)
    graph = graph_model(model)
    result = stability(graph)
    joint = coalition_analysis(graph, result=result) if args.coalitions else None
    document = gmcr_report.stability_document(model, graph, result, joint)
    text = gmcr_report.stability_text(model, graph, result, joint)
    if args.out:
        report.write_results(args.out, tables=gmcr_report.stability_tables(graph, result, joint),
                             documents={"stability": document}, texts={"summary.txt": text + "\n"},
                             manifest_doc=report.manifest([model], settings={
                                 "coalitions": bool(args.coalitions)}))
    print_result(args, document, text, "tables, stability.json, manifest.json")
    return 0
