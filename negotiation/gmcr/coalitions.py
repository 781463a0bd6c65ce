"""Coalition stability: coalition Nash (CNash), coalition general metarationality (CGMR) and
coalition sequential stability (CSEQ) for every coalition, and the equilibria under the class of
all coalitions (Kilgour, Hipel, Fang & Peng 2001; Inohara & Hipel 2008). Definitions and the
readings chosen where the literature differs: docs/gmcr.md §3.

For a coalition ``H ⊆ N`` and a state ``s`` (``R_H(s)``: the states reachable by a legal sequence
of the members' unilateral moves, nobody twice in a row):

* coalition improvements ``R_H^{++}(s) = {t ∈ R_H(s) : t ≻_i s for every i ∈ H}``;
* **CNash** for ``H``: ``R_H^{++}(s) = ∅``;
* **CGMR** for ``H``: every ``t ∈ R_H^{++}(s)`` is sanctioned — some ``u ∈ {t} ∪ R_{N−H}(t)``
  has ``s ≿_i u`` for *some* member ``i``;
* **CSEQ**: the same with ``R⁺_{N−H}(t)`` (each sanctioning move an improvement for its mover);
* an equilibrium under the class of all coalitions is CNash (CGMR, CSEQ) for every coalition,
  singletons included; for ``H = {i}`` the notions are Nash, GMR and SEQ for ``i``.

**Algorithm.** Because one member not gaining deters a joint move, "some reachable ``u`` with
``level_i(u) ≤ level_i(s)`` for some ``i``" is "for some ``i``, ``low_i(t) ≤ level_i(s)``",
``low_i(t)`` the least level of ``i`` over ``{t} ∪ R_{N−H}(t)`` — one reach minimum per member,
independent of ``s``. So ``s`` is CGMR-unstable for ``H`` exactly when some ``t ∈ R_H(s)`` has
``low_i(t) > level_i(s)`` for every member (such a ``t`` is a coalition improvement), and CNash
is the same with ``low_i = level_i``: each notion is one dominance query over ``R_H(s)``
(:mod:`negotiation.gmcr.reachability`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np

from negotiation.gmcr.evolution import Step, joint_move
from negotiation.gmcr.graph import GraphModel
from negotiation.gmcr.reachability import (
    CELL_LIMIT,
    GRAPH_LIMIT,
    ExplicitReach,
    OptionReach,
    reachability,
)
from negotiation.gmcr.stability import NOTIONS, Stability, stability

__all__ = ["BASE", "COALITION_NOTIONS", "CoalitionAnalysis", "all_coalitions",
           "coalition_analysis", "sanction_values"]

COALITION_NOTIONS = ("cnash", "cgmr", "cseq")
BASE = {"cnash": "nash", "cgmr": "gmr", "cseq": "seq"}   # the notion each reduces to for {i}
ALL_LIMIT = 1 << 22           # below this, every state is examined by fibre search
TABLE_LIMIT = 1 << 26         # cells of the dense dominance tables (separable feasibility)
WITNESS_CELLS = 1 << 24       # fibre cells spent on witnesses per coalition (at least one)
MOVE_CELLS = 1 << 22          # fibre cells spent spelling out joint moves (at least one)


@dataclass(frozen=True)
class CoalitionAnalysis:
    """``stable[notion][c, s]``: ``s`` is stable for ``coalitions[c]`` under ``notion``
    (meaningful where ``examined[notion][c, s]``); ``witness[notion][c, s]``: a coalition
    improvement that nothing deters (``-1`` if none or not looked for); ``equilibria[notion]``:
    the equilibria under the class of all coalitions, ``None`` when a coalition could not be
    examined (``skipped`` says which and why). ``scope[coalition]`` is ``"all states"``,
    ``"candidate equilibria"`` or ``"skipped"``; ``individual`` the stability it refines;
    ``moves[(c, s, t)]``: the first witnesses' joint moves, each a shortest legal sequence of
    the members' moves from ``s`` to ``t``."""

    coalitions: tuple[tuple[int, ...], ...]
    scope: dict[tuple[int, ...], str]
    examined: dict[str, np.ndarray]
    stable: dict[str, np.ndarray]
    witness: dict[str, np.ndarray]
    individual: Stability
    equilibria: dict[str, np.ndarray | None]
    skipped: dict[tuple[int, ...], str] = field(default_factory=dict)
    moves: dict[tuple[int, int, int], list[Step]] = field(default_factory=dict)

    def upsets(self, notion: str, c: int) -> np.ndarray:
        """The individual equilibria (of the notion ``notion`` refines) that coalition ``c``
        upsets: examined, not stable for it."""
        base = self.individual.equilibria[NOTIONS.index(BASE[notion])]
        return np.flatnonzero(base & self.examined[notion][c] & ~self.stable[notion][c])


def all_coalitions(m: int, smallest: int = 2) -> tuple[tuple[int, ...], ...]:
    """Every coalition of ``smallest`` to ``m`` decision makers, by size, then in order.

    >>> all_coalitions(3)
    ((0, 1), (0, 2), (1, 2), (0, 1, 2))
    """
    return tuple(c for size in range(smallest, m + 1) for c in combinations(range(m), size))


def sanction_values(reach: ExplicitReach | OptionReach, members: Sequence[int],
                    notion: str) -> np.ndarray:
    """``(|H|, n)`` values ``u``: ``s`` is unstable for ``H`` under ``notion`` iff some
    ``t ∈ R_H(s)`` has ``u[r, t] > level_{H_r}(s)`` for every ``r`` (module docstring)."""
    lv = reach.levels[list(members)]
    if notion == "cnash":
        return lv
    others = [k for k in range(reach.m) if k not in members]
    return np.stack([reach.low(others, row, notion == "cseq") for row in lv])


def _cost(reach: ExplicitReach | OptionReach, members: tuple[int, ...], count: int) -> int:
    """Cells a fibre search of ``count`` starts costs (explicit moves: within the limit or
    not)."""
    if isinstance(reach, ExplicitReach):
        return count if reach.n <= GRAPH_LIMIT else CELL_LIMIT + 1
    return count << sum(reach.space.owned[j].bit_count() for j in members)


def coalition_analysis(graph: GraphModel, coalitions: Sequence[tuple[int, ...]] | None = None,
                       result: Stability | None = None, explicit: bool = False,
                       cell_limit: int = CELL_LIMIT, witness_limit: int = 1_000,
                       move_limit: int = 100) -> CoalitionAnalysis:
    """Coalition stability for every coalition (default: all of two or more decision makers),
    smallest first, and the equilibria under the class of all coalitions.

    How a coalition is examined: in option form with separable feasibility, at every state by
    dense dominance tables when they have at most ``TABLE_LIMIT`` cells; in option form with one
    or two members, at every state by a threshold sweep; otherwise at every state by fibre
    search when that costs at most ``ALL_LIMIT`` cells (explicit moves: up to ``GRAPH_LIMIT``
    states), else, per notion, at the states that can still be class equilibria (individual
    equilibria that no smaller coalition upset) within ``cell_limit`` cells, else not at all
    (then that notion's class equilibria are ``None``: never guessed). Witnesses are kept for at
    most ``witness_limit`` upset equilibria per coalition, within ``WITNESS_CELLS`` fibre cells
    (at least one); the stability arrays themselves are complete where examined. The first
    ``move_limit`` witnesses per coalition (fewer for large fibres, ``MOVE_CELLS``) are spelt
    out as joint moves.
    """
    reach = reachability(graph, explicit)
    groups = tuple(sorted(coalitions if coalitions is not None else all_coalitions(graph.m),
                          key=len))
    result = result if result is not None else stability(graph, explicit)
    base_eq = {x: result.equilibria[NOTIONS.index(BASE[x])] for x in COALITION_NOTIONS}
    survivors = {x: eq.copy() for x, eq in base_eq.items()}
    n, lost = graph.n, dict.fromkeys(COALITION_NOTIONS, False)
    examined = {x: np.zeros((len(groups), n), dtype=bool) for x in COALITION_NOTIONS}
    stable = {x: np.zeros((len(groups), n), dtype=bool) for x in COALITION_NOTIONS}
    witness = {x: np.full((len(groups), n), -1, dtype=np.int64) for x in COALITION_NOTIONS}
    scope, skipped = {}, {}
    for c, members in enumerate(groups):
        us = {x: sanction_values(reach, members, x) for x in COALITION_NOTIONS}
        whole = None
        if isinstance(reach, OptionReach) and reach.separable \
                and reach.table_cells(members) <= TABLE_LIMIT:
            whole = reach.dominated_table(members, us)
        elif isinstance(reach, OptionReach) and len(members) <= 2:
            whole = {x: reach.dominated_sweep(members, u) for x, u in us.items()}
        if whole is not None:        # every state decided; witnesses for the first upsets
            scope[members] = "all states"
            for x, hit in whole.items():
                examined[x][c], stable[x][c] = True, ~hit
            upset = np.flatnonzero(np.any([base_eq[x] & whole[x] for x in us], axis=0))
            upset = upset[:max(1, min(witness_limit, WITNESS_CELLS // _cost(reach, members, 1)))]
            _, seen = reach.dominated(members, us, upset)
            for x in us:
                witness[x][c, upset] = seen[x]
        else:
            chosen, missed = {}, {}
            if _cost(reach, members, n) <= min(ALL_LIMIT, cell_limit):
                chosen = {x: np.arange(n) for x in us}
                scope[members] = "all states"
            else:
                for x in us:
                    candidates = np.flatnonzero(survivors[x])
                    if _cost(reach, members, len(candidates)) <= cell_limit:
                        chosen[x] = candidates
                    else:
                        missed[x] = len(candidates)
                scope[members] = "candidate equilibria" if chosen else "skipped"
            if missed:
                skipped[members] = "; ".join(
                    f"{x}: {count:,} candidate states × {_cost(reach, members, 1):,} fibre states"
                    f" > {cell_limit:,} cells" for x, count in missed.items())
            if chosen:
                starts = np.unique(np.concatenate(list(chosen.values())))
                hit, seen = reach.dominated(members, {x: us[x] for x in chosen}, starts)
                for x, rows in chosen.items():
                    pick = np.searchsorted(starts, rows)
                    examined[x][c, rows] = True
                    stable[x][c, rows] = ~hit[x][pick]
                    witness[x][c, rows] = seen[x][pick]
            for x in missed:
                lost[x] = True
        for x in COALITION_NOTIONS:
            survivors[x] &= stable[x][c] | ~examined[x][c]
    equilibria = {x: None if lost[x] else survivors[x] for x in COALITION_NOTIONS}
    analysis = CoalitionAnalysis(groups, scope, examined, stable, witness, result, equilibria,
                                 skipped)
    for c, members in enumerate(groups):      # how the first upsets are carried out
        budget = max(1, min(move_limit, MOVE_CELLS // max(1, _cost(reach, members, 1))))
        for x in COALITION_NOTIONS:
            for s in analysis.upsets(x, c).tolist():
                t = int(witness[x][c, s])
                if t >= 0 and (c, s, t) not in analysis.moves and budget > 0:
                    analysis.moves[(c, s, t)] = joint_move(graph, members, s, t, explicit)
                    budget -= 1
    return analysis
