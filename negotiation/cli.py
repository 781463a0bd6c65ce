"""The ``negotiation`` command: parse arguments, run a subcommand, report errors plainly.

Bad input (a model-file problem, an unknown name, a bad override) prints one message naming the
file, the key and the fix, and exits with status 2, without a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import signal
import sys
import threading
from collections.abc import Collection, Sequence

from negotiation.commands.common import HelpFormatter
from negotiation.errors import InputError, ModelError

__all__ = ["COMMANDS", "build_parser", "main"]

COMMANDS = ("analyze", "report", "packages", "thresholds", "sweep", "robustness", "simulate",
            "equilibria", "export-nfg", "stability", "status-quo", "inverse", "phased")


def build_parser(only: Collection[str | None] | None = None) -> argparse.ArgumentParser:
    """The argument parser. With ``only``, just those subcommands' options are built (each
    command's module is light, but its options may need the analysis modules that define their
    choices), so ``negotiation --help`` and each subcommand start without loading what they do
    not use; ``only=None`` builds every subcommand's options."""
    parser = argparse.ArgumentParser(
        prog="negotiation",
        description="Can the parties to a conflict reach any settlement at all, and what would "
                    "have to change for them to? Analyses model files (see README.md).",
    )
    from negotiation._version import __version__

    parser.add_argument("--version", action="version", version=f"negotiation {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        module = importlib.import_module(f"negotiation.commands.{name.replace('-', '_')}")
        cmd = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP,
                             formatter_class=HelpFormatter)
        if only is None or name in only:
            module.add_arguments(cmd)
        cmd.set_defaults(run=module.run)
    return parser


def _command(argv: Sequence[str]) -> str | None:
    """The subcommand named in ``argv`` (the first word that is not an option)."""
    return next((a for a in argv if not a.startswith("-")), None)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser([_command(argv)]).parse_args(argv)
    previous = _exit_on_sigterm()
    try:
        return args.run(args)
    except InputError as err:   # a library argument: name the option the user typed
        print(f"error: {err.as_option('--' + err.argument.replace('_', '-'))}", file=sys.stderr)
        return 2
    except ModelError as err:
        from negotiation.model.compiled import OverBudget

        if isinstance(err, OverBudget) and hasattr(args, "backend"):
            err = ModelError(err.message, file=err.file, key=err.key,
                             fix="use --backend milp (integer programming), or "
                                 + err.fix.split(", ", 1)[1])
        print(f"error: {err}", file=sys.stderr)
        return 2
    except MemoryError:
        import os

        budget = os.environ.get("NEGOTIATION_MEMORY_BUDGET")
        fix = (f"NEGOTIATION_MEMORY_BUDGET={budget} is more than this machine can give: lower it"
               if budget else "close other programs, or use --backend milp where offered")
        print(f"error: the machine ran out of memory; nothing was written\n  fix: {fix}",
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _terminated(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _exit_on_sigterm():
    """Make SIGTERM (``kill``, a batch scheduler's time limit) exit through Python, so that a
    results folder being written is left as it was, its staging folder removed; the handler it
    replaces, or None where signals cannot be set (not the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, _terminated)


if __name__ == "__main__":
    sys.exit(main())
