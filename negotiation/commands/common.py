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
                        help="spread the work over N processes (default: this process); with "
                             "--dask local, the number of Dask workers (default 2)")
    parser.add_argument("--dask", metavar="ADDRESS", type=_dask_address,
                        help="run the work on a Dask cluster: the address of a running "
                             "scheduler (tcp://HOST:8786), or local to start one on this "
                             "machine; same results as without (needs "
                             "pip install 'negotiation[distributed]')")


def _dask_address(text: str) -> str:
    """``--dask``: refuse at once, before any work, when Dask is not installed."""
    import importlib.util

    if importlib.util.find_spec("distributed") is None:
        raise argparse.ArgumentTypeError(
            "needs the 'distributed' package, which is not installed; install Dask with: "
            "pip install 'negotiation[distributed]'")
    return text


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

    if args.json:
        sys.stdout.write(report.dumps(document))
        return
    print(text)
    if args.out:
        print(f"\nWrote {args.out}/ ({written}).")
