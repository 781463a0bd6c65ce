"""Experiment 03: the article's alternatives to the trap, and whose minimum each leaves unmet.

Armed neutrality with guarantees outside NATO (also split at the enforcement threshold), a phased
settlement (armistice), and de facto territorial ambiguity, as outcome packages in
models/alternatives.toml. Writes results/03_alternatives/ (figure, tables, JSON, manifest).
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
    args = script_arguments(__doc__, __file__, "models/alternatives.toml",
                            "results/03_alternatives", argv,
                            input_help="record file of proposals", metavar="RECORD.toml",
                            extra=_model_option)
    record, model = load_record(args.input, model_path=args.model)
    compiled = compile_model(model)
    results = evaluate_record(compiled, record)
    with plots.figure_width(args.figure_width):
        write_package_results(
            args.out, record, model, compiled, results, name="alternatives",
            caption="The alternatives to the trap against the three logics")
    for r in results:
        unmet = [compiled.model.party(p).label for p, resp in r.responses.items()
                 if not resp.accepts]
        print(f"  {r.package.label}: leaves unmet the minimum of {', '.join(unmet) or 'nobody'}")
    return 0


if __name__ == "__main__":
    sys.exit(run_script(main))
