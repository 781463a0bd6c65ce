"""``negotiation analyze``: the verdict, its certificate, and what would need to change."""

from __future__ import annotations

import argparse
import sys

from negotiation import report
from negotiation.analysis import analyze
from negotiation.commands.common import add_model_arguments, add_output_arguments, model_from
from negotiation.narrative import explain
from negotiation.verify import verify

NAME = "analyze"
HELP = "verdict, certificate (MUS/MCS), minimal revisions and bargaining solutions"
VERIFY_LIMIT = 1_000_000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_model_arguments(parser)
    add_output_arguments(parser)
    parser.add_argument("--verify", action=argparse.BooleanOptionalAction, default=None,
                        help="re-check the certificate with the independent verifier "
                             f"(default: on up to {VERIFY_LIMIT:,} outcomes)")


def run(args: argparse.Namespace) -> int:
    model = model_from(args)
    analysis = analyze(model)
    check = args.verify if args.verify is not None else model.n_outcomes <= VERIFY_LIMIT
    problems = verify(model, analysis.certificate) if check else []
    verified = (not problems) if check else None
    document = report.analysis_document(analysis, verified=verified)
    if args.out:
        report.write_results(
            args.out, tables=report.analysis_tables(analysis),
            documents={"analysis": document},
            texts={"summary.txt": explain(analysis, verified) + "\n"},
            manifest_doc=report.manifest([model]),
        )
    if args.json:
        sys.stdout.write(report.dumps(document))
    else:
        print(explain(analysis, verified))
        if args.out:
            print(f"\nWrote {args.out}/ (tables, analysis.json, manifest.json).")
    for problem in problems:
        print(f"verification problem: {problem}", file=sys.stderr)
    return 1 if problems else 0
