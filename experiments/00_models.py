"""Analyse every model file in models/ and write results/00_models/<model>/.

For each model: the verdict and its certificate (MUS, MCS, pairwise compatibility, blocking
map), bargaining solutions when a zone of agreement exists, all as tables (CSV, Markdown,
LaTeX), the full JSON document, a plain-text summary and a manifest. Files in models/ that are
not party models (outcome-package records, scenario files, pure games) are skipped here; the
experiments that use them read them.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from negotiation import report
from negotiation.analysis import analyze
from negotiation.bargaining.verify import verify
from negotiation.commands.script import run_script, script_arguments
from negotiation.report.text import explain
from negotiation.sections import load_model


def is_party_model(path: Path) -> bool:
    with path.open("rb") as fh:
        return "parties" in tomllib.load(fh)


def main(argv: list[str] | None = None) -> int:
    args = script_arguments(__doc__, __file__, "models", "results/00_models", argv,
                            input_help="a model file, or a folder of them", metavar="MODELS")
    paths = sorted(args.input.glob("*.toml")) if args.input.is_dir() else [args.input]
    for path in paths:
        if args.input.is_dir() and not is_party_model(path):
            continue
        model = load_model(path)
        analysis = analyze(model)
        problems = verify(model, analysis.certificate) if model.n_outcomes <= 10**6 else []
        verified = not problems if model.n_outcomes <= 10**6 else None
        report.write_results(
            args.out / path.stem, tables=report.analysis_tables(analysis),
            documents={"analysis": report.analysis_document(analysis, verified)},
            texts={"summary.txt": explain(analysis, verified) + "\n"},
            manifest_doc=report.manifest([model]),
        )
        print(f"  {path.name}: {analysis.verdict} ({analysis.bargaining.n_outcomes:,} outcomes, "
              f"{len(analysis.certificate.mus)} MUS, {len(analysis.certificate.mcs)} MCS)")
        if problems:
            print("\n".join(problems), file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(run_script(main))
