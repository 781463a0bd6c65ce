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

from negotiation.commands.packages import write_package_results
from negotiation.model.compiled import compile_model
from negotiation.sections import load_record
from negotiation.whatif.packages import evaluate_record

ROOT = Path(__file__).resolve().parents[1]
RECORD = "models/mediation_record.toml"
OUT = ROOT / "results" / "02_mediation_record"


def main() -> int:
    record, model = load_record(RECORD)
    compiled = compile_model(model)
    results = evaluate_record(compiled, record)
    write_package_results(
        OUT, record, model, compiled, results, name="mediation_record",
        caption="The mediation record against the three logics")
    disagreements = [(r.package.id, p) for r in results for p in compiled.party_ids
                     if r.record_disagrees(p)]
    print(f"  {len(results)} frameworks; jointly acceptable: "
          f"{sum(r.jointly_acceptable for r in results)}; engine disagrees with the record on "
          f"{len(disagreements)}: " + ", ".join(f"{k} ({p})" for k, p in disagreements))
    return 0


if __name__ == "__main__":
    sys.exit(main())
