"""``negotiation inverse``: which preferences of one decision maker make a target state an
equilibrium — counted over every strict ranking of its states, with the conditions in words."""

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
)

__all__ = ["HELP", "NAME", "add_arguments", "run"]

NAME = "inverse"
HELP = "graph model: how many rankings of one decision maker make a target state an equilibrium"


# The library's choices and defaults (negotiation.gmcr.inverse), written out so that --help does
# not load the graph-model code; a test holds them equal.
METHODS = ("auto", "formula", "enumeration", "sample")
ENUMERATION_LIMIT = 1_000_000
SAMPLES = 20_000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_model_arguments(parser)
    add_output_arguments(parser)
    add_compute_arguments(parser)
    parser.add_argument("--target", required=True, metavar="STATE",
                        help="the state to make an equilibrium (its id, or a name)")
    parser.add_argument("--vary", required=True, metavar="DM",
                        help="the decision maker whose preferences vary")
    parser.add_argument("--method", choices=METHODS, default="auto",
                        help="exact counting formula, enumeration of rankings, the first of "
                             "these that applies (auto, the default; refused when neither "
                             "does), or sample: like auto, but exact bounds and a sampled "
                             "share where neither applies")
    parser.add_argument("--limit", type=int, default=ENUMERATION_LIMIT, metavar="N",
                        help="most orders to enumerate (default %(default)s)")
    parser.add_argument("--samples", type=int, default=SAMPLES, metavar="N",
                        help="random rankings drawn by --method sample (default %(default)s)")
    parser.add_argument("--seed", type=int, default=0,
                        help="seed of the random rankings (default %(default)s)")


def run(args: argparse.Namespace) -> int:
    from negotiation import report
    from negotiation.gmcr.graph import graph_model
    from negotiation.gmcr.inverse import inverse
    from negotiation.report import inverse as inverse_report

    model = model_from(args)
    graph = graph_model(model)
    target = graph.state(args.target, "target")
    vary = graph.dm(args.vary, "vary")
    with executor_from(args) as executor:
        result = inverse(graph, target, vary, method=args.method, limit=args.limit,
                         samples=args.samples, seed=args.seed, executor=executor,
                         progress=show_progress(args))
    document = inverse_report.inverse_document(model, graph, result)
    text = inverse_report.inverse_text(model, graph, result)
    if args.out:
        report.write_results(args.out, tables=inverse_report.inverse_tables(graph, result),
                             documents={"inverse": document}, texts={"summary.txt": text + "\n"},
                             manifest_doc=report.manifest([model], seed=args.seed, settings={
                                 "target": args.target, "vary": args.vary,
                                 "method": args.method, "limit": args.limit,
                                 "samples": args.samples}))
    print_result(args, document, text, "tables, inverse.json, manifest.json")
    return 0
