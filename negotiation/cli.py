"""The ``negotiation`` command: parse arguments, run a subcommand, report errors plainly.

Bad input (a model-file problem, an unknown name, a bad override) prints one message naming the
file, the key and the fix, and exits with status 2, without a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from negotiation.errors import ModelError

COMMANDS = ("analyze", "packages", "thresholds", "sweep", "robustness", "simulate",
            "equilibria", "export-nfg", "stability", "inverse")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="negotiation",
        description="Can the parties to a conflict reach any settlement at all, and what would "
                    "have to change for them to? Analyses model files (see README.md).",
    )
    from negotiation import __version__

    parser.add_argument("--version", action="version", version=f"negotiation {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        module = importlib.import_module(f"negotiation.commands.{name.replace('-', '_')}")
        cmd = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(cmd)
        cmd.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except ModelError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
