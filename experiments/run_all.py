"""The main job (`make run`): every experiment script in order, each writing results/<name>/.

Scripts are the files ``experiments/NN_*.py``; each runs in its own process from the project
root. A failure stops the job with that script's exit status.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    scripts = sorted(p for p in (ROOT / "experiments").glob("[0-9][0-9]_*.py"))
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
