"""The main job (`make run`): every experiment script in order, each writing results/<name>/.

Scripts are the files ``experiments/NN_*.py``; each runs in its own process from the project
root, on its default input (the repository's models). A failure stops the job with that script's
exit status. ``--only NN ...`` runs a subset, in the same order.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def arguments(scripts: list[Path], argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the command line: ``--help``, and ``--only`` with the experiments' numbers."""
    parser = argparse.ArgumentParser(
        prog="run_all.py",
        description="Run every experiment script (experiments/NN_*.py) in order on the "
                    "repository's models, each writing results/<script name>/; stop at the first "
                    "failure with its exit status. To run one experiment on your own model, call "
                    "its script: python experiments/01_security_trap.py MODEL.toml --out DIR.",
        epilog="experiments: " + ", ".join(p.stem for p in scripts))
    parser.add_argument("--only", nargs="+", metavar="NN",
                        help="run only these experiments, by number (e.g. --only 01 06)")
    args = parser.parse_args(argv)
    if args.only:
        numbers = {p.name[:2] for p in scripts}
        bad = [n for n in args.only if not (n.isdigit() and f"{int(n):02d}" in numbers)]
        if bad:
            parser.error(f"--only: no experiment numbered {', '.join(bad)}; expected one of "
                         + ", ".join(sorted(numbers)))
        args.only = {f"{int(n):02d}" for n in args.only}
    return args


def main(argv: Sequence[str] | None = None) -> int:
    scripts = sorted(p for p in (ROOT / "experiments").glob("[0-9][0-9]_*.py"))
    args = arguments(scripts, argv)
    if args.only:
        scripts = [p for p in scripts if p.name[:2] in args.only]
    for n, script in enumerate(scripts, 1):
        print(f"[{n}/{len(scripts)}] {script.name}", flush=True)
        start = time.perf_counter()
        code = subprocess.call([sys.executable, str(script)], cwd=ROOT)
        if code:
            print(f"{script.name} failed with status {code}", file=sys.stderr)
            return code
        print(f"      done in {time.perf_counter() - start:.1f} s", flush=True)
    print(f"All results are in {ROOT / 'results'}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
