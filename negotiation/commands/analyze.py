"""``negotiation analyze``: the verdict, its certificate, and what would need to change."""

from __future__ import annotations

import argparse
import sys

from negotiation import report
from negotiation.analysis import BACKENDS, analyze, choose_backend
from negotiation.bargaining.verify import verify
from negotiation.commands.common import (
    add_model_arguments,
    add_output_arguments,
    model_from,
    print_result,
)
from negotiation.errors import ModelError
from negotiation.milp.solver import SolverError
from negotiation.report.text import explain

NAME = "analyze"
HELP = "verdict, certificate (MUS/MCS), minimal revisions and bargaining solutions"
VERIFY_LIMIT = 1_000_000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_model_arguments(parser)
    add_output_arguments(parser)
    parser.add_argument("--verify", action=argparse.BooleanOptionalAction, default=None,
                        help="re-check the certificate with the independent verifier, which "
                             "lists the outcome space (default: on up to "
                             f"{VERIFY_LIMIT:,} outcomes within the memory budget)")
    parser.add_argument("--backend", choices=BACKENDS, default="auto",
                        help="enumerate the outcome space, or decide it by integer programming "
                             "(milp, for spaces too large to list); auto enumerates when the "
                             "space fits the memory budget (default: auto)")


def run(args: argparse.Namespace) -> int:
    model = model_from(args)
    backend = choose_backend(model, args.backend)
    listable = choose_backend(model) == "enumerate"     # within the memory budget
    check = args.verify if args.verify is not None else (
        listable and model.n_outcomes <= VERIFY_LIMIT)
    if check and backend == "milp" and not listable:
        raise ModelError(
            "the independent verifier lists the whole outcome space, which is over the memory "
            "budget", file=model.path or None,
            fix="drop --verify: the integer-programming backend re-checks every witness "
                "outcome itself (see 'notes' in the --json output)")
    try:
        analysis = analyze(model, backend=backend)
    except SolverError as err:
        print(f"error: the integer-programming backend failed: {err}", file=sys.stderr)
        return 1
    problems = verify(model, analysis.certificate) if check else []
    verified = (not problems) if check else None
    document = report.analysis_document(analysis, verified=verified)
    text = explain(analysis, verified)
    if args.out:
        report.write_results(
            args.out, tables=report.analysis_tables(analysis),
            documents={"analysis": document},
            texts={"summary.txt": text + "\n"},
            manifest_doc=report.manifest([model]),
        )
    print_result(args, document, text, "tables, analysis.json, manifest.json")
    for problem in problems:
        print(f"verification problem: {problem}", file=sys.stderr)
    return 1 if problems else 0
