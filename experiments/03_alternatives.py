"""Experiment 03: the article's alternatives to the trap, and whose minimum each leaves unmet.

Armed neutrality with guarantees outside NATO (also split at the enforcement threshold), a phased
settlement (armistice), and de facto territorial ambiguity, as outcome packages in
models/alternatives.toml. Writes results/03_alternatives/ (figure, tables, JSON, manifest).
"""

from __future__ import annotations

import sys
from pathlib import Path

from negotiation.commands.packages import write_package_results
from negotiation.model.compiled import compile_model
from negotiation.sections import load_record
from negotiation.whatif.packages import evaluate_record

ROOT = Path(__file__).resolve().parents[1]
RECORD = "models/alternatives.toml"
OUT = ROOT / "results" / "03_alternatives"


def main() -> int:
    record, model = load_record(RECORD)
    compiled = compile_model(model)
    results = evaluate_record(compiled, record)
    write_package_results(
        OUT, record, model, compiled, results, name="alternatives",
        caption="The alternatives to the trap against the three logics")
    for r in results:
        unmet = [compiled.model.party(p).label for p, resp in r.responses.items()
                 if not resp.accepts]
        print(f"  {r.package.label}: leaves unmet the minimum of {', '.join(unmet) or 'nobody'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
