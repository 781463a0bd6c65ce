"""Game trees: CPU time (time.process_time, best of 3) of compiling, backward induction, the
fold-back over subgames, the reduced normal form, .efg writing and reading, and the phased
settlement of the Russia-Ukraine-West model (docs/games.md, "Speed of game trees").

Run: make bench, or .venv/bin/python benchmarks/bench_trees.py
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from negotiation.games.efg import dumps, parse
from negotiation.games.extensive import ExtensiveGame, leaf, move
from negotiation.games.phased import Framework, analyse
from negotiation.games.reduced import reduced_normal_form
from negotiation.games.subgame_perfect import subgame_perfect
from negotiation.games.tree import compile_game
from negotiation.model.compiled import compile_model
from negotiation.sections import load_record

ROOT = Path(__file__).resolve().parents[1]


def best(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return min(times)


def full_tree(depth: int, branching: int, seed: int = 0) -> ExtensiveGame:
    rng = np.random.default_rng(seed)
    count = [0]

    def build(d: int) -> object:
        if d == depth:
            return leaf(*rng.normal(size=2))
        count[0] += 1
        return move(str(d % 2), f"n{count[0]}", {f"a{j}": build(d + 1) for j in range(branching)})
    return ExtensiveGame(("0", "1"), build(0))


def centipede(stages: int) -> ExtensiveGame:
    node = leaf(stages + 2.0, stages + 1.0)
    for k in range(stages, 0, -1):
        mover = str(k % 2)
        node = move(mover, f"m{k}", {"take": leaf(k + 1.0, k - 1.0) if k % 2 else
                                     leaf(k - 1.0, k + 1.0), "pass": node})
    return ExtensiveGame(("0", "1"), node)


def main() -> None:
    big = full_tree(8, 4)            # 4^8 = 65,536 leaves, 87,381 nodes
    tree = compile_game(big)
    print(f"nodes {tree.n_nodes}")
    print(f"compile_game           {best(lambda: compile_game(big)):.3f} s")
    print(f"backward induction     {best(lambda: subgame_perfect(tree)):.3f} s")
    text = dumps(big)
    print(f"dumps (.efg, {len(text) / 1e6:.1f} MB) {best(lambda: dumps(big)):.3f} s")
    print(f"parse                  {best(lambda: parse(text)):.3f} s")
    mid = compile_game(full_tree(6, 3))      # 1,093 nodes
    print(f"fold-back, 3^6 tree ({mid.n_nodes} nodes, method=subgames) "
          f"{best(lambda: subgame_perfect(mid, method='subgames')):.3f} s")
    cent = compile_game(centipede(200))
    print(f"centipede 200: BI {best(lambda: subgame_perfect(cent)):.4f} s, reduced normal form "
          f"{best(lambda: reduced_normal_form(cent)):.3f} s "
          f"({reduced_normal_form(cent).payoffs.shape[1:]} plans)")
    record, model = load_record(ROOT / "models" / "mediation_record.toml",
                                model_path=ROOT / "models" / "russia_ukraine_west.toml")
    compiled = compile_model(model)
    package = next(p for p in record.packages if p.id == "twenty_points_2025")
    framework = Framework(package.id, package.label, package.terms, package.expr)
    print(f"phased settlement, RUW 20-point (levels scan, 19-point sweep, 6 orders) "
          f"{best(lambda: analyse(compiled, framework, all_orders=True)):.3f} s")


if __name__ == "__main__":
    main()
