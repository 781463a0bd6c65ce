"""``negotiation thresholds``: where the verdict changes, parameter by parameter."""

from __future__ import annotations

import argparse
import sys

from negotiation import plots, report
from negotiation.bargaining.certificate import certify
from negotiation.bargaining.verdict import verdict_of
from negotiation.commands.common import add_model_arguments, add_output_arguments, model_from
from negotiation.model.compiled import compile_model
from negotiation.model.labels import constraint_text, parameter_label
from negotiation.report import whatif as revision_report
from negotiation.report.text import VERDICT_TITLES
from negotiation.whatif.thresholds import thresholds

NAME = "thresholds"
HELP = "the exact value of each parameter (and each red line on/off) that changes the verdict"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_model_arguments(parser)
    add_output_arguments(parser)
    parser.add_argument("--limit", type=int, default=20,
                        help="how many parameters to print (nearest thresholds first)")


def run(args: argparse.Namespace) -> int:
    model = model_from(args)
    # Thresholds classify whether a zone exists; the posture game is not needed for that.
    compiled = compile_model(model)
    certificate = certify(compiled)
    verdict = verdict_of(certificate)
    items = thresholds(compiled, certificate)
    document = {"model": report.model_info(model), "verdict": verdict} | \
        revision_report.threshold_document(items, model)
    if args.out:
        report.write_results(
            args.out, tables=revision_report.threshold_tables(items, model),
            documents={"thresholds": document},
            figures=[("tornado", lambda stem: plots.tornado(items, model, stem))],
            manifest_doc=report.manifest([model]))
    if args.json:
        sys.stdout.write(report.dumps(document))
        return 0
    print(f"{model.name}: verdict {VERDICT_TITLES[verdict]}\n")
    numeric = sorted((t for t in items if t.kind == "number" and t.distance is not None),
                     key=lambda t: (t.distance, t.parameter))
    if verdict == "structural_trap":
        print("No numeric parameter can change a structural trap: the red lines alone exclude "
              "every settlement, whatever the weights, scores and no-deal values.")
    elif not numeric:
        print("No single numeric parameter changes the verdict within its valid range.")
    else:
        print(f"Parameters that change the verdict, nearest first ({len(numeric)} of "
              f"{sum(t.kind == 'number' for t in items)}):")
        for t in numeric[:args.limit]:
            moves = []
            if t.lower is not None:
                moves.append(f"below {t.lower:.4g} -> {t.lower_verdict}")
            if t.upper is not None:
                moves.append(f"at {t.upper:.4g} or above -> {t.upper_verdict}"
                             if t.upper_verdict == "agreement_possible" else
                             f"above {t.upper:.4g} -> {t.upper_verdict}")
            print(f"  {parameter_label(model, t.parameter)} (today {t.current:.4g}): "
                  + "; ".join(moves))
    specs = {s.id: s for s in model.constraints()}
    changing = [t for t in items if t.kind == "red_line" and t.upper_verdict]
    print("\nRed lines whose removal alone changes the verdict: "
          + ("none (only combinations do; see the minimal correction sets of "
             "`negotiation analyze`)" if not changing else ""))
    for t in changing:
        print(f"  drop {constraint_text(model, specs[t.parameter])} -> {t.upper_verdict}")
    if args.out:
        print(f"\nWrote {args.out}/")
    return 0
