"""Options shared by subcommands: the model file and its overrides."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:        # the model layer loads numpy; commands import it only when they run
    from negotiation.model.core import Model


__all__ = ["HelpFormatter", "add_backend_argument", "add_compute_arguments", "add_figure_width",
           "add_model_arguments", "add_output_arguments", "executor_from", "model_from",
           "print_result", "show_progress", "solver_failed", "what_if_analysis", "write_out"]


class HelpFormatter(argparse.HelpFormatter):
    """Help that shows an option's default where it has one worth stating (a number, a choice),
    not for flags, lists and options that are off unless given."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        default = action.default
        if ("default" in text or default is None or default is argparse.SUPPRESS
                or isinstance(default, (bool, list, tuple)) or default == ""
                or not action.option_strings and action.nargs != "?"):
            return text
        return text + " (default: %(default)s)"


def add_model_arguments(parser: argparse.ArgumentParser, metavar: str = "MODEL.toml",
                        what: str = "model file") -> None:
    parser.add_argument("model", metavar=metavar, help=what)
    parser.add_argument("--set", dest="sets", action="append", default=[], metavar="PATH=VALUE",
                        help="override one value without editing the file, e.g. "
                             "parties.russia.disagreement=0.2 (repeatable)")
    parser.add_argument("--drop", dest="drops", action="append", default=[],
                        metavar="PARTY.RED_LINE",
                        help="remove one constraint, e.g. russia.no_western_forces (repeatable)")


def add_output_arguments(parser: argparse.ArgumentParser, figures: bool = False) -> None:
    """``--json`` and ``--out``; with ``figures``, ``--figure-width`` too."""
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    written = "tables, figures" if figures else "tables"
    parser.add_argument("--out", metavar="DIR",
                        help=f"write {written}, a summary and a manifest to DIR (files the tool "
                             "did not write are never touched)")
    if figures:
        add_figure_width(parser)


def add_figure_width(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--figure-width", choices=("single", "double"), default="single",
                        help="width of the figures: one column or the full text width")


def write_out(args: argparse.Namespace, **contents) -> None:
    """Write ``--out`` (:func:`negotiation.report.write_results`), drawing any figures at the
    chosen ``--figure-width``; a ``notes`` list adds lines to ``summary.txt`` (why a figure
    was not drawn)."""
    from negotiation import report

    notes = contents.pop("notes", ())
    if notes:
        texts = dict(contents.get("texts") or {})
        texts["summary.txt"] = texts.get("summary.txt", "") + "".join(
            f"\n{line}\n" for line in notes)
        contents["texts"] = texts
    if not contents.get("figures"):
        report.write_results(args.out, **contents)
        return
    from negotiation import plots

    with plots.figure_width(getattr(args, "figure_width", "single")):
        report.write_results(args.out, **contents)


def model_from(args: argparse.Namespace) -> Model:
    from negotiation.sections import load_model

    return load_model(args.model, sets=args.sets, drops=args.drops)


def add_compute_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--workers", type=_workers, default=0, metavar="N",
                        help="spread the work over N processes (default: this process); with "
                             "--dask local, the number of Dask workers (default 2)")
    parser.add_argument("--dask", metavar="ADDRESS", type=_dask_address,
                        help="run the work on a Dask cluster: the address of a running "
                             "scheduler (tcp://HOST:8786), or local to start one on this "
                             "machine; same results as without (needs "
                             "pip install 'negotiation[distributed]')")


def _workers(text: str) -> int:
    """``--workers``: a whole number, 0 or 1 meaning this process."""
    try:
        n = int(text)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes: give 0 "
                                          "(this process, the default), 1, or more")
    return n


def _dask_address(text: str) -> str:
    """``--dask``: refuse at once, before any work, when Dask is not installed."""
    import importlib.util

    if importlib.util.find_spec("distributed") is None:
        raise argparse.ArgumentTypeError(
            "needs the 'distributed' package, which is not installed; install Dask with: "
            "pip install 'negotiation[distributed]'")
    return text


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
    """A Dask client with ``--dask``, a process pool when ``--workers`` asks for one, else
    None (run in this process)."""
    workers = getattr(args, "workers", 0) or 0
    if getattr(args, "dask", None):
        from negotiation._util.parallel import dask_client

        with dask_client(args.dask, workers=workers or 2) as client:
            yield client
    elif workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
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
    from negotiation.report.text import fill

    if args.json:
        sys.stdout.write(report.dumps(document))
        return
    print(fill(text))
    if args.out:
        print(fill(f"\nWrote {args.out}/ ({written})."))
