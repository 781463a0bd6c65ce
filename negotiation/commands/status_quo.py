"""``negotiation status-quo``: where a graph model's conflict can evolve from its status quo (or
another state) by unilateral improvements and by any unilateral moves, which equilibria it can
reach, and one shortest path to each; optionally with coalition improvements as steps."""

from __future__ import annotations

import argparse

from negotiation.commands.common import (
    add_model_arguments,
    add_output_arguments,
    model_from,
    print_result,
)

__all__ = ["HELP", "NAME", "add_arguments", "run"]

NAME = "status-quo"
HELP = ("graph model: the states and equilibria reachable from the status quo, with a shortest "
        "evolution path to each")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_model_arguments(parser)
    add_output_arguments(parser, figures=True)
    parser.add_argument("--from", dest="start", metavar="STATE",
                        help="the state to start from, by id or name; without it, the "
                             "model's declared status_quo")
    parser.add_argument("--coalitions", action="store_true",
                        help="let every coalition of two or more decision makers take joint "
                             "improving steps too, and add the coalition equilibria (CNash, "
                             "CGMR, CSEQ) to the concepts")


def run(args: argparse.Namespace) -> int:
    from negotiation import plots, report
    from negotiation.errors import InputError
    from negotiation.gmcr.coalitions import coalition_analysis
    from negotiation.gmcr.graph import graph_model
    from negotiation.gmcr.stability import NOTIONS, stability
    from negotiation.gmcr.status_quo import status_quo
    from negotiation.report import gmcr as gmcr_report

    model = model_from(args)
    graph = graph_model(model)
    start = graph.status_quo if args.start is None else graph.state(args.start, "from")
    if start is None:
        raise InputError("the model declares no status quo", argument="from",
                         file=graph.file or None,
                         fix="name the state to start from, or declare status_quo in "
                             "[conflict]")
    result = stability(graph)
    concepts = {n: result.equilibria[k] for k, n in enumerate(NOTIONS)}
    if args.coalitions:
        joint = coalition_analysis(graph, result=result)
        concepts |= {x: eq for x, eq in joint.equilibria.items() if eq is not None}
    sq = status_quo(graph, start, concepts, coalitions=args.coalitions)
    document = gmcr_report.status_quo_document(model, graph, sq)
    text = gmcr_report.status_quo_text(model, graph, sq)
    if args.out:
        with plots.figure_width(args.figure_width):
            report.write_results(
                args.out, tables=gmcr_report.status_quo_tables(graph, sq),
                documents={"status_quo": document}, texts={"summary.txt": text + "\n"},
                figures=[("evolution", lambda stem: plots.save(
                    plots.evolution_paths(graph, sq), stem))],
                manifest_doc=report.manifest([model], settings={
                    "from": graph.states[start], "coalitions": bool(args.coalitions),
                    "figure_width": args.figure_width}))
    print_result(args, document, text, "tables, status_quo.json, figures, manifest.json")
    return 0
