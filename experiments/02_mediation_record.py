"""Experiment 02: every framework of the mediation record against the three logics, under every
reading of silence, stage by stage and at each framework's date.

Each framework in models/mediation_record.toml is an outcome package. It is read four ways:
`any` (each party's own best completion of what the framework leaves silent), `joint` (one
completion must suit all; blame goes to the constraints that block every joint completion),
`status_quo` (silent issues stay where they stand) and `staged` (interim stages at the status quo
with the red lines that bind there, then final status under the record's declared reading) — each
with today's positions and `dated`, with the positions each party held on the framework's date.
For each: the engine's blockers beside the record's reception, and a count of agreements. The
faithful reading (dated, staged) is repeated under the model's variants (Russia's minimum as in
the article's table; a divided West). Writes results/02_mediation_record/ (figure of the dated
staged reading, tables, packages.json, readings.json, manifest).
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
from negotiation.report.packages import response_text, short_labels
from negotiation.report.variants import (
    agreement_count,
    readings_summary_table,
    record_by_variant_table,
)
from negotiation.sections import load_record
from negotiation.whatif.packages import READINGS, evaluate_record, views_for

ROOT = Path(__file__).resolve().parents[1]
RECORD = ROOT / "models" / "mediation_record.toml"
VARIANTS = {"Russia: the article's table only": ROOT / "models" / "russia_minimum_table.toml",
            "a divided West": ROOT / "models" / "russia_ukraine_us_europe.toml"}


def readings(compiled, record) -> dict:
    """Every reading of the record the model allows, with today's positions, then with each
    framework's date's."""
    views = views_for(compiled.model)
    out = {reading: evaluate_record(compiled, record, reading, as_of="model")
           for reading in views}
    out.update({f"dated: {reading}": evaluate_record(compiled, record, reading, as_of="record")
                for reading in views})
    return out


def main(argv: list[str] | None = None) -> int:
    args = script_arguments(__doc__, __file__, "models/mediation_record.toml",
                            "results/02_mediation_record", argv,
                            input_help="record file of proposals", metavar="RECORD.toml",
                            extra=lambda p: record_arguments(p, "the record"))
    record, model = load_record(args.input, model_path=args.model)
    assert record.reading in READINGS
    compiled = compile_model(model)
    by_reading = readings(compiled, record)
    faithful = "staged" if "staged" in views_for(model) else record.reading
    dated = by_reading[f"dated: {faithful}"]
    paths = record_variants(args, RECORD, VARIANTS)
    by_variant = {"main": dated}
    models = {"main": model}
    for label, path in paths.items():
        rec, m = load_record(args.input, model_path=path)
        by_variant[label] = evaluate_record(compile_model(m), rec, faithful, as_of="record")
        models[label] = m
    shown = by_reading
    with plots.figure_width(args.figure_width):
        write_package_results(
            args.out, record, model, compiled, dated, name="mediation_record",
            caption="The mediation record against the three logics, each framework judged by "
                    "the positions held on its date", by_reading=shown, as_of="record",
            extra_tables=[readings_summary_table(shown, "reading_agreements"),
                          record_by_variant_table(by_variant, models, "record_by_variant"),
                          readings_summary_table(by_variant, "variant_agreements")])
    labels = {p.id: p.label for p in model.parties}
    for name, results in shown.items():
        print(f"  {name}:")
        for r in results:
            cells = []
            for p, resp in r.responses.items():
                recorded = r.package.reception.get(p)
                text = response_text(resp, short_labels(r.model or model), r.reading)
                cells.append(f"{labels[p]} {text}" + (f" [record: {recorded}]" if recorded
                                                      else ""))
            print(f"    {r.package.label}: " + "; ".join(cells))
    for name, results in shown.items():
        agree, total, joint = agreement_count(results)
        misses = [f"{r.package.id} ({p})" for r in results for p in r.responses
                  if r.record_disagrees(p)]
        print(f"  {name}: engine agrees with the record on {agree} of {total}; jointly "
              f"acceptable: {joint}; differs on: {', '.join(misses) or 'none'}")
    for label, results in list(by_variant.items())[1:]:
        agree, total, joint = agreement_count(results)
        print(f"  dated, {label}: agrees on {agree} of {total}; jointly acceptable: {joint}")
    return 0


if __name__ == "__main__":
    sys.exit(run_script(main))
