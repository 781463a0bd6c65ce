"""Checking rankings of the varied decision maker, by enumeration and by sampling, in tasks.

The inverse analysis (:mod:`negotiation.gmcr.inverse`) counts the strict rankings of one
decision maker ``v`` under which a target ``t`` is an equilibrium. Where no exact formula
applies, the rankings are checked in batches (whole-array over rankings): every order of the
relevant states (:func:`enumerate_orders`, consecutive orders per task) or random rankings
(:func:`sample_rankings`; ranking ``i`` is a permutation drawn from stream block ``i div 1024``
of the seed, :mod:`negotiation._util.parallel`). The tasks run in this process, on a process
pool or on a Dask cluster, and their integer counts are summed, so the counts do not depend on
how the work is spread.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice, permutations
from math import factorial

import numpy as np
from scipy import sparse

from negotiation._util.parallel import STREAM_BLOCK, Runner, stream, task_ranges
from negotiation.gmcr.graph import GraphModel
from negotiation.gmcr.stability import NOTIONS, product_graph, reach_sets

__all__ = ["Setup", "enumerate_orders", "evaluate", "sample_rankings", "setup"]


@dataclass(frozen=True)
class Setup:
    """What every check of a ranking of ``v`` needs (target ``t``): ``v``'s moves from ``t``,
    what the others reach after each (all moves, and their improvements) and ``v``'s moves from
    every state."""

    graph: GraphModel
    t: int
    v: int
    moves: np.ndarray          # Q
    reach: np.ndarray          # (|Q|, n): S_q
    credible: np.ndarray       # (|Q|, n): S+_q
    vmoves: list[np.ndarray]   # R_v(w) for every w


def setup(graph: GraphModel, t: int, v: int, usable: list[np.ndarray]) -> Setup:
    """The :class:`Setup` of target ``t`` and varied decision maker ``v`` (``usable``: each
    decision maker's improving moves)."""
    src, dst = graph.moves[v].T
    moves = np.unique(dst[src == t])
    others = [k for k in range(graph.m) if k != v]
    every = [np.ones(len(graph.moves[k]), dtype=bool) for k in others]
    reach = reach_sets(graph, others, every, moves)
    credible = reach_sets(graph, others, [usable[k] for k in others], moves)
    order = np.argsort(src, kind="stable")
    split = np.searchsorted(src[order], np.arange(graph.n + 1))
    vmoves = [dst[order][split[w]:split[w + 1]] for w in range(graph.n)]
    return Setup(graph, t, v, moves, reach, credible, vmoves)


def _seq_batch(graph: GraphModel, i: int, t: int, v: int, usable: list[np.ndarray],
               above: np.ndarray) -> np.ndarray:
    """SEQ stability of ``i`` at ``t`` for a batch of rankings of ``v`` (``above[p, e]``: the
    ``e``-th move of ``v`` improves ``v``'s position under ranking ``p``): breadth-first search
    in the product graph, for all rankings at once."""
    n, lv = graph.n, graph.levels[i]
    src, dst = graph.moves[i].T
    moves = dst[(src == t) & usable[i]]
    members = [k for k in range(graph.m) if k != i]
    h = len(members)
    fixed = [usable[k] if k != v else np.zeros(len(graph.moves[k]), dtype=bool)
             for k in members]
    nodes, a, b = product_graph(graph, members, fixed)
    step = sparse.csr_matrix((np.ones(len(a), dtype=np.float32), (a, b)), shape=(nodes, nodes))
    p = members.index(v)
    vs, vd = graph.moves[v].T
    v_from, v_to = (h + p) * n + vs, p * n + vd
    scatter = sparse.csr_matrix((np.ones(len(vd), dtype=np.float32),
                                 (np.arange(len(vd)), v_to)), shape=(len(vd), nodes))
    low = np.zeros(nodes, dtype=bool)
    low[: h * n] = np.tile(lv <= lv[t], h)
    stable = np.ones(len(above), dtype=bool)
    for q in moves:
        reach = np.zeros((len(above), nodes), dtype=bool)
        reach[:, (h + np.arange(h)) * n + q] = True
        while True:
            grown = reach | (step.T @ reach.T.astype(np.float32)).T.astype(bool)
            via_v = reach[:, v_from] & above
            grown |= (scatter.T @ via_v.T.astype(np.float32)).T.astype(bool)
            if (grown == reach).all():
                break
            reach = grown
        stable &= (reach & low).any(axis=1)
    return stable


def evaluate(s: Setup, usable: list[np.ndarray], fixed: dict[str, bool],
              seq_open: list[int], pos: np.ndarray) -> dict[str, np.ndarray]:
    """Whether ``t`` is an equilibrium under each notion, for a batch of rankings of ``v``
    given as positions ``pos[p, state]`` (higher is preferred; only the relevant states'
    positions are read)."""
    graph, t, v = s.graph, s.t, s.v
    below = pos < pos[:, [t]]
    below[:, t] = True
    trapped = np.zeros_like(below)
    for w in np.flatnonzero(s.reach.any(axis=0)):
        trapped[:, w] = below[:, w] & below[:, s.vmoves[w]].all(axis=1)
    ok = {notion: np.full(len(pos), fixed[notion]) for notion in NOTIONS}
    for k, q in enumerate(s.moves):
        any_answer, credible = np.flatnonzero(s.reach[k]), np.flatnonzero(s.credible[k])
        ok["nash"] &= below[:, q]
        ok["gmr"] &= below[:, q] | below[:, any_answer].any(axis=1)
        ok["smr"] &= below[:, q] | trapped[:, any_answer].any(axis=1)
        ok["seq"] &= below[:, q] | below[:, credible].any(axis=1)
    if seq_open:
        vs, vd = graph.moves[v].T
        above = pos[:, vd] > pos[:, vs]
        for i in seq_open:
            ok["seq"] &= _seq_batch(graph, i, t, v, usable, above)
    return ok


def _orders_task(shared: tuple, start: int, stop: int, batch: int = 20_000) -> dict[str, int]:
    """Orders ``start … stop − 1`` (in ``itertools.permutations`` order) of the relevant
    states: how many make ``t`` an equilibrium under each notion."""
    s, usable, fixed, seq_open, relevant = shared
    good = dict.fromkeys(NOTIONS, 0)
    orders = islice(permutations(range(len(relevant))), start, stop)
    while True:
        chunk = np.array(list(islice(orders, batch)), dtype=np.int64)
        if not len(chunk):
            return good
        pos = np.full((len(chunk), s.graph.n), -1, dtype=np.int64)
        pos[:, relevant] = chunk
        for notion, ok in evaluate(s, usable, fixed, seq_open, pos).items():
            good[notion] += int(ok.sum())


def enumerate_orders(s: Setup, usable: list[np.ndarray], fixed: dict[str, bool],
               seq_open: list[int], relevant: np.ndarray, runner: Runner) -> dict[str, int]:
    """Exact counts: every order of the relevant states, each standing for ``n!/|D|!``
    rankings (in tasks of consecutive orders)."""
    ranges = task_ranges(factorial(len(relevant)), _work(s))
    parts = runner.map(_orders_task, (s, usable, fixed, seq_open, relevant), ranges,
                       [b - a for a, b in ranges])
    scale = factorial(s.graph.n) // factorial(len(relevant))
    return {notion: sum(p[notion] for p in parts) * scale for notion in NOTIONS}


def _work(s: Setup) -> int:
    """Work units of checking one ranking: its positions times the moves checked."""
    return s.graph.n * (len(s.moves) + 1) * 8


def _rankings_task(shared: tuple, start: int, stop: int, seed: int) -> dict[str, int]:
    """Random rankings ``start … stop − 1`` (ranking ``i``: a permutation drawn from stream
    block ``i div 1024`` of the seed): how many make ``t`` an equilibrium under each notion."""
    s, usable, fixed, seq_open = shared
    n = s.graph.n
    good = dict.fromkeys(NOTIONS, 0)
    for b in range(start // STREAM_BLOCK, -(-stop // STREAM_BLOCK)):
        pos = stream(seed, b).permuted(np.tile(np.arange(n), (STREAM_BLOCK, 1)), axis=1)
        pos = pos[:min(stop, (b + 1) * STREAM_BLOCK) - b * STREAM_BLOCK]
        for notion, ok in evaluate(s, usable, fixed, seq_open, pos).items():
            good[notion] += int(ok.sum())
    return good


def sample_rankings(s: Setup, usable: list[np.ndarray], fixed: dict[str, bool], seq_open: list[int],
            samples: int, seed: int, runner: Runner) -> dict[str, int]:
    """How many of ``samples`` uniformly random strict rankings (seeded, in stream blocks of
    1,024 rankings, so the count does not depend on how the work is spread) make ``t`` an
    equilibrium, per notion."""
    ranges = task_ranges(samples, _work(s), STREAM_BLOCK)
    parts = runner.map(_rankings_task, (s, usable, fixed, seq_open),
                       [(a, b, seed) for a, b in ranges], [b - a for a, b in ranges])
    return {notion: sum(p[notion] for p in parts) for notion in NOTIONS}
