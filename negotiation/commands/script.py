"""What every experiment script shares: its input file as an optional argument, ``--out``, and
the command line's handling of bad input (one message, exit status 2, nothing written).

``python experiments/01_security_trap.py my_model.toml --out results/mine`` works from any
working directory; with no arguments a script reads its default input from the repository's
``models/`` and writes to the repository's ``results/``, as ``make run`` does.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from negotiation.commands.common import HelpFormatter, add_figure_width
from negotiation.errors import InputError, ModelError

__all__ = ["cheapest_revision", "record_arguments", "record_variants", "run_script",
           "script_arguments"]


def script_arguments(doc: str | None, script: str, default_input: str, default_out: str,
                     argv: Sequence[str] | None = None, input_help: str = "model file",
                     metavar: str = "MODEL.toml",
                     extra: Callable[[argparse.ArgumentParser], None] | None = None
                     ) -> argparse.Namespace:
    """Parse an experiment script's arguments.

    ``script`` is the script's ``__file__``; ``default_input`` and ``default_out`` are relative
    to the repository root (the script's folder's parent). ``args.input`` and ``args.out`` come
    back as paths: the user's relative to the working directory, the defaults absolute.
    """
    root = Path(script).resolve().parents[1]
    first = (doc or "").strip().split("\n\n", 1)[0]
    parser = argparse.ArgumentParser(
        prog=Path(script).name, description=first,
        formatter_class=HelpFormatter)
    parser.add_argument("input", nargs="?", metavar=metavar, default=root / default_input,
                        type=Path, help=input_help)
    parser.add_argument("--out", metavar="DIR", default=root / default_out, type=Path,
                        help="folder for the tables, figures, documents and manifest (files "
                             "the tool did not write are never touched)")
    add_figure_width(parser)
    if extra is not None:
        extra(parser)
    return parser.parse_args(argv)


def record_arguments(parser: argparse.ArgumentParser, what: str) -> None:
    """``--model`` and ``--variant`` of the scripts that read a record file (``what``: the
    record's packages, in words)."""
    parser.add_argument("--model", metavar="MODEL.toml", type=Path,
                        help="evaluate against this model instead of the one the record names")
    parser.add_argument("--variant", action="append", type=Path, metavar="MODEL.toml",
                        help=f"a variant to read {what} against as well (repeatable; default: "
                             "the repository's Russia-table and divided-West variants, for its "
                             "own record)")


def record_variants(args: argparse.Namespace, default_record: Path,
                    defaults: dict[str, Path]) -> dict[str, Path]:
    """The variant models to read the record against: those given with ``--variant`` (named by
    file), else ``defaults`` when the script reads ``default_record`` against the model it
    names (the repository's variants belong to its own model), else none."""
    if args.variant:
        return {Path(p).stem: Path(p) for p in args.variant}
    own = args.input.resolve() == default_record.resolve() and args.model is None
    return dict(defaults) if own else {}


def cheapest_revision(analysis) -> tuple[tuple[str, ...], str | None]:
    """The cheapest minimal revision of an analysed model (its first minimal correction set,
    cheapest first: the constraints to give up) and, when there is none to make, why: the
    experiments that compare a model before and after its cheapest revision then run the
    baseline only, and say so.

    A minimal correction set exists exactly when the constraints cannot all hold at once
    (Liffiton and Sakallah 2008, "Algorithms for computing minimal unsatisfiable subsets of
    constraints"): none when the model already has a zone of agreement, none either when no
    settlement is feasible at all.
    """
    mcs = analysis.certificate.mcs
    if mcs and mcs[0]:
        return tuple(mcs[0]), None
    if analysis.certificate.bargaining_nonempty:
        return (), (f"the model already has a zone of agreement (verdict: "
                    f"{analysis.verdict.label}): no revision is needed")
    return (), ("no revision of the model's red lines or no-deal values opens a zone of "
                "agreement (it has no minimal correction set)")


def run_script(main: Callable[[], int]) -> int:
    """Run an experiment's ``main`` with the command line's error handling."""
    try:
        return main()
    except InputError as err:
        print(f"error: {err.as_option('--' + err.argument.replace('_', '-'))}", file=sys.stderr)
        return 2
    except ModelError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
