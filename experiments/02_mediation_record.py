"""Experiment 02: every framework of the mediation record against the three logics.

Each framework in models/mediation_record.toml is an outcome package (issues it is silent on stay
open). For every framework and party: can the party accept some settlement consistent with it,
and if not, which of its red lines (or what shortfall below its no-deal value) blocks it; whether
all three can; and whether the engine agrees with the recorded reception. Writes
results/02_mediation_record/ (figure, tables, packages.json, manifest).
"""

from __future__ import annotations

import sys
from pathlib import Path

from negotiation import plots
from negotiation.commands.packages import write_package_results
from negotiation.commands.script import run_script, script_arguments
from negotiation.model.compiled import compile_model
from negotiation.sections import load_record
from negotiation.whatif.packages import evaluate_record


def _model_option(parser) -> None:
    parser.add_argument("--model", metavar="MODEL.toml", type=Path,
                        help="evaluate against this model instead of the one the record names")


def main(argv: list[str] | None = None) -> int:
    args = script_arguments(__doc__, __file__, "models/mediation_record.toml",
                            "results/02_mediation_record", argv,
                            input_help="record file of proposals", metavar="RECORD.toml",
                            extra=_model_option)
    record, model = load_record(args.input, model_path=args.model)
    compiled = compile_model(model)
    results = evaluate_record(compiled, record)
    with plots.figure_width(args.figure_width):
        write_package_results(
            args.out, record, model, compiled, results, name="mediation_record",
            caption="The mediation record against the three logics")
    disagreements = [(r.package.id, p) for r in results for p in compiled.party_ids
                     if r.record_disagrees(p)]
    print(f"  {len(results)} frameworks; jointly acceptable: "
          f"{sum(r.jointly_acceptable for r in results)}; engine disagrees with the record on "
          f"{len(disagreements)}: " + ", ".join(f"{k} ({p})" for k, p in disagreements))
    return 0


if __name__ == "__main__":
    sys.exit(run_script(main))
