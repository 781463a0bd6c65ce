"""``negotiation analyze``: the verdict, its certificate, and what would need to change."""

from __future__ import annotations

import argparse
import sys

from negotiation.commands.common import (
    add_backend_argument,
    add_model_arguments,
    add_output_arguments,
    model_from,
    print_result,
    write_out,
)

__all__ = ["HELP", "NAME", "add_arguments", "run"]

NAME = "analyze"
HELP = "verdict, certificate (MUS/MCS), minimal revisions and bargaining solutions"


# negotiation.analysis.VERIFY_LIMIT, written out so that --help does not load the analysis; a
# test holds them equal.
VERIFY_LIMIT = 10_000_000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_model_arguments(parser)
    add_output_arguments(parser, figures=True)
    parser.add_argument("--verify", action=argparse.BooleanOptionalAction, default=None,
                        help="re-check the certificate with the independent verifier, which "
                             "lists the outcome space (default: on up to "
                             f"{VERIFY_LIMIT:,} outcomes within the memory budget)")
    parser.add_argument("--as-of", dest="as_of", metavar="DATE", default=None,
                        help="analyse the positions held on DATE (YYYY-MM-DD): dated red lines, "
                             "parameters and status quo as they stood then (default: the "
                             "model's as_of)")
    add_backend_argument(parser)


def run(args: argparse.Namespace) -> int:
    from negotiation import report
    from negotiation.analysis import analyze, check, choose_backend
    from negotiation.milp.solver import SolverError
    from negotiation.report.text import explain

    model = model_from(args)
    if args.as_of:
        from negotiation.model.loading import model_at

        model = model_at(model, args.as_of)
    try:
        analysis = analyze(model, backend=choose_backend(model, args.backend))
    except SolverError as err:
        print(f"error: the integer-programming backend failed: {err}", file=sys.stderr)
        return 1
    verified, problems = check(analysis, args.verify)
    document = report.analysis_document(analysis, verified=verified)
    text = explain(analysis, verified)
    if args.out:
        from negotiation.commands.report import certificate_part

        part = certificate_part(analysis, verified)
        write_out(args, tables=part.tables, documents=part.documents, figures=part.figures,
                  texts={"summary.txt": text + "\n"}, notes=part.summary,
                  manifest_doc=report.manifest([model]))
    print_result(args, document, text, "tables, figures, analysis.json, manifest.json")
    for problem in problems:
        print(f"verification problem: {problem}", file=sys.stderr)
    return 1 if problems else 0
