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
from negotiation.errors import ModelError
from negotiation.report.text import explain
from negotiation.sections import load_model


def is_party_model(path: Path) -> bool:
    """Whether the file declares parties; a file that is not valid TOML counts as one, so that
    loading it reports where (one message, exit status 2) instead of skipping it."""
    with path.open("rb") as fh:
        try:
            return "parties" in tomllib.load(fh)
        except tomllib.TOMLDecodeError:
            return True


def main(argv: list[str] | None = None) -> int:
    args = script_arguments(__doc__, __file__, "models", "results/00_models", argv,
                            input_help="a model file, or a folder of them", metavar="MODELS")
    paths = sorted(args.input.glob("*.toml")) if args.input.is_dir() else [args.input]
    if args.input.is_dir():
        paths = [p for p in paths if is_party_model(p)]
        if not paths:
            raise ModelError("the folder holds no model file (a .toml file with [[parties]])",
                             file=str(args.input),
                             fix="give a model file, or a folder that holds some")
    for path in paths:
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
