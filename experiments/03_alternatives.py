"""Experiment 03: the article's alternatives to the trap, and whose minimum each leaves unmet.

Armed neutrality with guarantees outside NATO (also split at the enforcement threshold), a phased
settlement (armistice first) and de facto territorial ambiguity, as outcome packages in
models/alternatives.toml, all read the same way (the file declares it: silent issues at the status
quo). Shown under every reading side by side, and under the model's variants (Russia's minimum as
in the article's table only; a divided West), and with the positions held on each date of the
mediation record (the alternatives themselves carry no date). Writes results/03_alternatives/
(figure, tables, JSON, manifest).
"""

from __future__ import annotations

import sys
from pathlib import Path

from negotiation import plots
from negotiation.commands.packages import write_package_results
from negotiation.commands.script import (
    record_arguments,
    record_variants,
    run_script,
    script_arguments,
)
from negotiation.model.compiled import compile_model
from negotiation.report.tables import Table
from negotiation.report.variants import record_by_variant_table
from negotiation.sections import load_record
from negotiation.whatif.packages import evaluate_record, views_for

ROOT = Path(__file__).resolve().parents[1]
RECORD = ROOT / "models" / "mediation_record.toml"
DEFAULT = ROOT / "models" / "alternatives.toml"
VARIANTS = {"Russia: the article's table only": ROOT / "models" / "russia_minimum_table.toml",
            "a divided West": ROOT / "models" / "russia_ukraine_us_europe.toml"}


def _unmet(results, model) -> dict[str, str]:
    return {r.package.id: ", ".join(model.party(p).label for p, resp in r.responses.items()
                                    if not resp.accepts) or "nobody" for r in results}


def _by_date(compiled, record, model) -> Table:
    """Whose minimum each alternative leaves unmet with the positions of each record date."""
    dated, _ = load_record(RECORD)
    dates = sorted({p.date for p in dated.packages if p.date and not p.reference}
                   | {model.positions_date})
    rows = []
    for date in dates:
        unmet = _unmet(evaluate_record(compiled, record, as_of=date), model)
        rows.append((date, *(unmet[p.id] for p in record.packages)))
    return Table("alternatives_by_date", "Whose minimum each alternative leaves unmet, with the "
                 "positions held on each date of the mediation record",
                 ("positions as of", *(p.label for p in record.packages)), tuple(rows))


def main(argv: list[str] | None = None) -> int:
    args = script_arguments(__doc__, __file__, "models/alternatives.toml",
                            "results/03_alternatives", argv,
                            input_help="record file of proposals", metavar="RECORD.toml",
                            extra=lambda p: record_arguments(p, "the alternatives"))
    record, model = load_record(args.input, model_path=args.model)
    compiled = compile_model(model)
    by_reading = {v: evaluate_record(compiled, record, v) for v in views_for(model)}
    results = by_reading[record.reading]
    # The repository's variants and record dates belong to its own model and alternatives.
    default = args.input.resolve() == DEFAULT.resolve() and args.model is None
    paths = record_variants(args, DEFAULT, VARIANTS)
    by_variant = {"main": results}
    models = {"main": model}
    for label, path in paths.items():
        rec, m = load_record(args.input, model_path=path)
        by_variant[label] = evaluate_record(compile_model(m), rec)
        models[label] = m
    with plots.figure_width(args.figure_width):
        write_package_results(
            args.out, record, model, compiled, results, name="alternatives",
            caption="The alternatives to the trap against the three logics",
            by_reading=by_reading, as_of="record",
            extra_tables=[record_by_variant_table(by_variant, models, "alternatives_by_variant")]
            + ([_by_date(compiled, record, model)] if default else []))
    unmet = {label: _unmet(res, models[label]) for label, res in by_variant.items()}
    for r in results:
        line = "; ".join(f"{label}: {unmet[label][r.package.id]}" for label in by_variant)
        print(f"  {r.package.label}: leaves unmet the minimum of — {line}")
    return 0


if __name__ == "__main__":
    sys.exit(run_script(main))
