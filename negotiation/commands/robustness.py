"""``negotiation robustness``: verdict probabilities under the declared uncertainty."""

from __future__ import annotations

import argparse
import sys

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
from negotiation.model.compiled import compile_model
from negotiation.model.labels import outcome_text, short_constraint
from negotiation.report import whatif as revision_report
from negotiation.whatif.uncertainty import robustness

NAME = "robustness"
HELP = "Monte Carlo over the model's declared distributions: verdict probabilities, MUS membership"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_model_arguments(parser)
    add_output_arguments(parser)
    add_compute_arguments(parser)
    parser.add_argument("--draws", type=int, default=10_000, help="number of draws")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--mus-draws", type=int, default=1000,
                        help="draws (the first ones) on which MUS membership is computed")


def run(args: argparse.Namespace) -> int:
    model = model_from(args)
    compiled = compile_model(model)
    certificate = certify(compiled)
    with executor_from(args) as executor:
        result = robustness(compiled, certificate, args.draws, args.seed,
                            mus_draws=args.mus_draws, executor=executor,
                            progress=show_progress(args))
    document = {"model": report.model_info(model)} \
        | revision_report.robustness_document(result, compiled)
    if args.out:
        report.write_results(
            args.out,
            tables=revision_report.robustness_tables(
                result, compiled, revision_report.uncertainty_sources(model)),
            documents={"robustness": document},
            figures=[("robustness", lambda stem: plots.robustness_figure(result, model, stem))],
            manifest_doc=report.manifest([model], seed=args.seed,
                                         settings={"draws": args.draws,
                                                   "mus_draws": args.mus_draws}))
    if args.json:
        sys.stdout.write(report.dumps(document))
        return 0
    print(f"{model.name}: {args.draws:,} draws, seed {args.seed}; uncertain: "
          f"{len(result.uncertain)} parameters")
    if not result.uncertain:
        print("  note: the model declares no distribution, so every draw is the same model "
              "(write a parameter as {dist = ...} to make it uncertain; see README)")
    for verdict in result.verdict_counts:
        p, lo, hi = result.probability(verdict)
        print(f"  P({verdict}) = {p:.4f}  (95% CI {lo:.4f}-{hi:.4f})")
    specs = {s.id: s for s in compiled.constraints}
    if result.mus_draws and any(result.in_mus.values()):
        print(f"\nIn a minimal incompatible set (first {result.mus_draws:,} draws):")
        for c, k in sorted(result.in_mus.items(), key=lambda kv: -kv[1]):
            print(f"  {100 * k / result.mus_draws:5.1f}%  {short_constraint(model, specs[c])}")
    if result.opening_counts:
        print("\nSettlements most often in the bargaining set:")
        best = sorted(result.opening_counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
        for i, k in best:
            print(f"  {100 * k / args.draws:5.1f}%  {outcome_text(model, compiled.outcome(i))}")
    if args.out:
        print(f"\nWrote {args.out}/")
    return 0
