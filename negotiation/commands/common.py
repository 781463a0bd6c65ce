"""Options shared by subcommands: the model file and its overrides."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:        # the model layer loads numpy; commands import it only when they run
    from negotiation.model.core import Model


def add_model_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("model", metavar="MODEL.toml", help="model file")
    parser.add_argument("--set", dest="sets", action="append", default=[], metavar="PATH=VALUE",
                        help="override one value without editing the file, e.g. "
                             "parties.russia.disagreement=0.2 (repeatable)")
    parser.add_argument("--drop", dest="drops", action="append", default=[],
                        metavar="PARTY.RED_LINE",
                        help="remove one constraint, e.g. russia.no_western_forces (repeatable)")


def add_output_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument("--out", metavar="DIR", help="write tables and a manifest to DIR")


def model_from(args: argparse.Namespace) -> Model:
    from negotiation.sections import load_model

    return load_model(args.model, sets=args.sets, drops=args.drops)


def add_compute_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--workers", type=int, default=0, metavar="N",
                        help="spread the work over N processes (default: this process)")


def add_backend_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--backend", choices=("auto", "enumerate", "milp"), default="auto",
                        help="enumerate the outcome space, or decide it by integer programming "
                             "(milp, for spaces too large to list); auto enumerates when the "
                             "space fits the memory budget")


def what_if_analysis(args: argparse.Namespace, model: Model):
    """The analysis a what-if command starts from, by the backend ``--backend`` asks for (the
    posture game is not needed to tell whether a zone of agreement exists)."""
    from negotiation.analysis import analyze, choose_backend

    return analyze(model, backend=choose_backend(model, args.backend), strategic=False)


def solver_failed(err: RuntimeError) -> int:
    """Report a failure of the integer-programming backend (exit status 1); any other error is
    raised again. (The backend is only imported when it ran: checking for its error type here
    does not load scipy.optimize.)"""
    solver = sys.modules.get("negotiation.milp.solver")
    if solver is None or not isinstance(err, solver.SolverError):
        raise err
    print(f"error: the integer-programming backend failed: {err}", file=sys.stderr)
    return 1


@contextmanager
def executor_from(args: argparse.Namespace) -> Iterator[object | None]:
    """A process pool when ``--workers`` asks for one, else None (run in this process)."""
    if getattr(args, "workers", 0) and args.workers > 1:
        with ProcessPoolExecutor(max_workers=args.workers) as pool:
            yield pool
    else:
        yield None


def show_progress(args: argparse.Namespace) -> bool:
    """Progress bars only on a terminal, never with --json or in CI."""
    return sys.stderr.isatty() and not getattr(args, "json", False) \
        and not os.environ.get("CI")


def print_result(args: argparse.Namespace, document: dict, text: str, written: str) -> None:
    """With ``--json`` the one JSON document; else the text, then what ``--out`` wrote."""
    from negotiation import report

    if args.json:
        sys.stdout.write(report.dumps(document))
        return
    print(text)
    if args.out:
        print(f"\nWrote {args.out}/ ({written}).")
