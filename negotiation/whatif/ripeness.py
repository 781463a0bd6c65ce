"""Simulating the dynamics (:mod:`negotiation.whatif.dynamics`): when does the bargaining set
open, when is the conflict ripe in Zartman's sense, and which mechanism opens it?

Paths come from :mod:`negotiation.whatif.paths` (whole-array over paths, one loop over periods).
A period is **open** when the bargaining set is non-empty: the red lines in force on the path
(all of the model's, minus those given up, plus replacements adopted) and every floor at the
period's no-deal values, evaluated by the static engine's slack evaluator. All (path, period)
pairs that share a set of red lines in force are evaluated together.

**Ripeness** in Zartman's sense (:mod:`negotiation.whatif.stalemate`): a mutually hurting
stalemate and a way out at the same period.

**Which mechanism opens the trap.** With draws, the paths are re-run with common random numbers
(the same draws, path by path) under attrition alone (costs, trends, exhaustion, decay) and under
attrition plus each mechanism in turn — revision ``events`` (elections included), decision
``rules``, red-line ``erosion``. A path that opens at month ``o`` is credited to *attrition* if
attrition alone opens it by ``o``; else to the one mechanism that, added to attrition, opens it
by ``o``; to *more than one* if several each would; to a *combination* if none would alone.

For Monte Carlo paths the red-line set of each state is first reduced to the settlements no other
settlement of it dominates in every valuation component (exact: a dominated settlement is
acceptable only when its dominator is, and decay is monotone); the first settlement to open is
then the Nash point among those, ties to the first in enumeration order.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from negotiation._util import bitsets
from negotiation.bargaining.frontier import pareto_frontier
from negotiation.bargaining.solutions import solve_within
from negotiation.errors import InputError, ModelError
from negotiation.model.compiled import CompiledModel
from negotiation.whatif.dynamics import Dynamics, without
from negotiation.whatif.parameters import ParameterSpace, SlackEvaluator, ir_rows
from negotiation.whatif.paths import (
    Paths,
    active_dynamics,
    compiled_for,
    make_paths,
    moving_columns,
    toggles,
)
from negotiation.whatif.stalemate import hurting, mutually_hurting, stalemate
from negotiation.whatif.uncertainty import uncertain_columns, wilson

__all__ = ["CAUSES", "MECHANISM_LABELS", "NEVER", "PathReport", "Simulation", "active_dynamics",
           "first_true", "make_paths", "sensitivity", "simulate"]

NEVER = -1
MECHANISM_LABELS = {"attrition": "attrition", "events": "revision events",
                    "rules": "decision rules", "erosion": "red-line erosion"}
CAUSES = ("open at the start", "attrition", "revision events", "decision rules",
          "red-line erosion", "more than one", "combination")
BLOCK = 2_000_000
REDUCE_AT = 500             # (path, period) pairs on one set of red lines worth a reduction


@dataclass(frozen=True)
class PathReport:
    """The deterministic path, period by period."""

    disagreement: np.ndarray    # (T+1, parties)
    sizes: np.ndarray           # (T+1,) |B(t)|
    hurting: np.ndarray         # (T+1, parties)
    eroded: list[tuple[str, ...]]   # red lines given up by each period
    first_ripe: int             # first open period (B non-empty); NEVER if the set never opens
    settlement: int | None      # Nash point of B at the first open period (outcome number)
    pivotal: tuple[str, ...]    # parties whose change in that period opened the set
    adopted: list[tuple[str, ...]] = field(default_factory=list)   # replacements in force
    mutually_hurting: np.ndarray | None = None     # (T+1,) Zartman's first condition
    way_out: np.ndarray | None = None              # (T+1,) his second (where the first holds)
    zartman: int = NEVER        # first period both hold
    events: dict[str, int] = field(default_factory=dict)           # event -> period it acted
    rules: dict[str, tuple[int, str]] = field(default_factory=dict)  # rule -> (period, branch)


@dataclass(frozen=True)
class Simulation:
    periods: int
    draws: int
    seed: int
    period_label: str
    deterministic: PathReport
    time_to_ripeness: np.ndarray | None     # (draws,) first open period, NEVER if none
    first_settlements: dict[int, int]       # outcome -> paths in which it opened first
    mutually_hurting: np.ndarray | None     # (T+1,) share of paths in a mutually hurting stalemate
    open_share: np.ndarray | None           # (T+1,) share of paths whose set is open at t
    open_size_quantiles: np.ndarray | None = None   # (3, T+1) |B(t)| 10/50/90 % where open
    zartman: np.ndarray | None = None       # (draws,) first period ripe in Zartman's sense
    way_out_share: np.ndarray | None = None  # (T+1,) share of paths with a way out
    mechanisms: dict[str, np.ndarray] = field(default_factory=dict)   # variant -> first open
    cause: np.ndarray | None = None         # (draws,) index into CAUSES; -1 never opens
    event_shares: dict[str, float] = field(default_factory=dict)    # event -> share acted
    rule_shares: dict[str, dict[str, float]] = field(default_factory=dict)

    QUANTILES = (0.1, 0.5, 0.9)

    def opened_by(self, months: np.ndarray | None = None) -> np.ndarray:
        """(T+1,) share of paths whose set has opened at or before each period."""
        return self.opened_counts(months) / self.draws

    def opened_counts(self, months: np.ndarray | None = None) -> np.ndarray:
        """(T+1,) number of paths whose set has opened (or whose ``months`` have come) at or
        before each period."""
        t = np.arange(self.periods + 1)
        ttr = self.time_to_ripeness if months is None else months
        return ((ttr[:, None] >= 0) & (ttr[:, None] <= t[None, :])).sum(axis=0)

    def opened_by_interval(self) -> tuple[np.ndarray, np.ndarray]:
        """(T+1,) lower and upper ends of the 95 % Wilson interval of :meth:`opened_by`."""
        bands = np.array([wilson(int(k), self.draws) for k in self.opened_counts()])
        return bands[:, 0], bands[:, 1]

    def opened_by_cause(self) -> np.ndarray:
        """(causes, T+1): share of paths opened by each period, split by what opened them."""
        t = np.arange(self.periods + 1)
        ttr = self.time_to_ripeness
        when = (ttr[:, None] >= 0) & (ttr[:, None] <= t[None, :])
        return np.stack([(when & (self.cause == c)[:, None]).mean(axis=0)
                         for c in range(len(CAUSES))])


def first_true(mask: np.ndarray) -> np.ndarray:
    """``(n,)``: the first period where ``mask`` (``(n, T+1)``) holds, ``NEVER`` if none."""
    return np.where(mask.any(axis=1), mask.argmax(axis=1), NEVER)


class _Evaluators:
    """Per set of red lines in force (a path state; ``relaxed``: minus the lines a party would
    consider revising): its settlements and a slack evaluator on them (built once)."""

    def __init__(self, compiled: CompiledModel, dyn: Dynamics, space: ParameterSpace,
                 varying: list[int], reduce: bool, toggle_ids: tuple[str, ...]) -> None:
        self.compiled, self.dyn, self.space = compiled, dyn, space
        self.varying, self.reduce = varying, reduce
        self.cache: dict[tuple[bytes, bool], tuple[np.ndarray, SlackEvaluator | None]] = {}
        index = {c: n for n, c in enumerate(compiled.constraint_ids)}
        m = len(compiled.constraints)
        self.toggles = [index[c] for c in toggle_ids]
        self.fixed = compiled.red_line_bits & ~bitsets.from_sets([self.toggles], m)[0]
        considered = [c for c in range(m) if compiled.red_line[c]
                      and compiled.revision_cost[c] <= dyn.ripeness.consider]
        self.considered = bitsets.from_sets([considered], m)[0]
        self.reference = None
        if dyn.reference is not None:
            self.reference = np.array([i.level_ids.index(dyn.reference[i.id])
                                       for i in compiled.model.issues])

    def get(self, state: int, relaxed: bool = False, reduce: bool | None = None
            ) -> tuple[np.ndarray, SlackEvaluator | None]:
        """Settlements and evaluator of a state (cached by the set of red lines in force);
        ``reduce`` (default: the evaluator's setting) keeps only undominated settlements."""
        comp = self.compiled
        on = [c for k, c in enumerate(self.toggles) if state >> k & 1]
        required = self.fixed | bitsets.from_sets([on], len(comp.constraints))[0]
        if relaxed:
            required = required & ~self.considered
        reduce = self.reduce if reduce is None else reduce
        key = (required.tobytes(), reduce)
        if key in self.cache:
            return self.cache[key]
        members = np.flatnonzero(comp.only_feasible(bitsets.disjoint(comp.violations, required)))
        evaluator = None
        if len(members):
            rows = ir_rows(comp)
            evaluator = SlackEvaluator(self.space, rows, comp.level_indices(members),
                                       self.varying, self.reference)
            if reduce and not any(evaluator.dynamic):
                features = np.stack([vec[:evaluator.size] for parts in evaluator.static
                                     for _, vec in parts])
                members = members[np.sort(pareto_frontier(features))]
                evaluator = SlackEvaluator(self.space, rows, comp.level_indices(members),
                                           self.varying, self.reference)
        self.cache[key] = (members, evaluator)
        return self.cache[key]

    def evaluate(self, paths: Paths, where: np.ndarray, relaxed: bool = False,
                 count: bool = False, progress: bool = False) -> np.ndarray:
        """``(n, T+1)``: on the (path, period) pairs in ``where``, whether the bargaining set is
        open (or, with ``count``, its size); zero elsewhere."""
        from tqdm import tqdm

        out = np.zeros(paths.states.shape, dtype=np.int64 if count else bool)
        states = paths.states
        found, counts = np.unique(states[where], return_counts=True)
        for state, count in tqdm(zip(found, counts), total=len(found), leave=False,
                                 desc="sets of red lines", disable=not progress):
            # Reducing a set to its undominated settlements pays only when many pairs share it.
            _, evaluator = self.get(int(state), relaxed, self.reduce and count >= REDUCE_AT)
            if evaluator is None:
                continue
            pairs = np.argwhere(where & (states == state))
            step = max(1, BLOCK // max(1, evaluator.size))
            for start in range(0, len(pairs), step):
                block = pairs[start:start + step]
                kappa = paths.kappa[block[:, 0], block[:, 1]] if evaluator.decays else None
                ok = evaluator.accepted(paths.theta(block[:, 0], block[:, 1]), kappa)
                out[block[:, 0], block[:, 1]] = ok.sum(axis=1) if count else ok.any(axis=1)
        return out


def _varying(space: ParameterSpace, model) -> list[int]:
    """Columns that differ between draws or periods: the uncertain ones and the moving ones."""
    return sorted(set(uncertain_columns(space)) | set(moving_columns(space, model)))


def _zartman(paths: Paths, dyn: Dynamics, evaluators: _Evaluators, war, epsilon: float
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Hurting ``(n, T+1, parties)``, mutually hurting stalemate, way out (where the stalemate
    holds) and Zartman-ripe, each ``(n, T+1)``."""
    hurt = hurting(paths.disagreement, paths.expected, dyn.ripeness.window, epsilon)
    stuck = stalemate(paths.efforts, None if war is None else war.values, epsilon)
    mhs = mutually_hurting(hurt, stuck)
    way_out = evaluators.evaluate(paths, mhs, relaxed=True)
    return hurt, mhs, way_out, mhs & way_out


def simulate(compiled: CompiledModel, periods: int, draws: int = 0, seed: int = 0,
             progress: bool = False, mechanisms: bool = True) -> Simulation:
    """Run the model's dynamics: the deterministic path, and ``draws`` Monte Carlo paths (with
    ``mechanisms``, re-run per mechanism to say which opens each path)."""
    model = compiled.model
    dyn = model.sections.get("dynamics")
    if dyn is None:
        raise ModelError("the model declares no [dynamics]", file=model.path or None,
                         key="dynamics", fix="add a [dynamics] section (see README, "
                                             "'Time and ripeness')")
    if periods < 1:
        raise InputError("must be at least 1", argument="periods", value=periods)
    if draws < 0:
        raise InputError("cannot be negative", argument="draws", value=draws,
                         fix="use 0 for the deterministic path only")
    if seed < 0:
        raise InputError("cannot be negative", argument="seed", value=seed)
    dyn = active_dynamics(compiled, dyn)
    comp = compiled_for(compiled, dyn)
    space = ParameterSpace(model)
    varying = _varying(space, model)
    toggle_ids = toggles(dyn)
    game = model.sections.get("game")
    war = game.war_table(list(compiled.party_ids)) if hasattr(game, "war_table") else None
    full = _Evaluators(comp, dyn, space, varying, False, toggle_ids)
    report = _deterministic(comp, dyn, full, war, periods, toggle_ids)
    if not draws:
        return Simulation(periods, 0, seed, dyn.period, report, None, {}, None, None)
    reduced = _Evaluators(comp, dyn, space, varying, True, toggle_ids)
    paths = make_paths(comp, dyn, periods, draws, seed, toggle_ids)
    everywhere = np.ones(paths.states.shape, dtype=bool)
    ripe = reduced.evaluate(paths, everywhere, progress=progress)
    first = first_true(ripe)
    _, mhs, way_out, zartman = _zartman(paths, dyn, reduced, war, model.epsilon)
    sizes = full.evaluate(paths, ripe, count=True)
    quantiles = np.full((len(Simulation.QUANTILES), periods + 1), np.nan)
    for t in range(periods + 1):
        open_t = sizes[ripe[:, t], t]
        if len(open_t):
            quantiles[:, t] = np.quantile(open_t, Simulation.QUANTILES)
    variants, cause = {}, None
    if mechanisms:
        variants, cause = _by_mechanism(comp, dyn, reduced, periods, draws, seed, toggle_ids,
                                        first, progress)
    return Simulation(
        periods, draws, seed, dyn.period, report, first,
        _first_settlements(comp, reduced, paths, first), mhs.mean(axis=0), ripe.mean(axis=0),
        quantiles, first_true(zartman), (mhs & way_out).mean(axis=0), variants, cause,
        {e.id: float((paths.occurred[:, k] <= periods).mean()) for k, e in enumerate(dyn.events)},
        {r.id: {b.id: float((paths.branch[:, k] == j).mean()) for j, b in enumerate(r.branches)}
         for k, r in enumerate(dyn.rules)})


def _by_mechanism(comp, dyn, evaluators, periods, draws, seed, toggle_ids, first, progress):
    """First open period per path under attrition alone and attrition plus each mechanism
    (common random numbers), and the cause of each path's opening (see the module)."""
    present = dyn.mechanisms()
    variants = {"all": first}
    runs = [("attrition", present)] + [(m, tuple(x for x in present if x != m))
                                       for m in present]
    for name, off in runs:
        if not off:
            variants[name] = first
            continue
        paths = make_paths(comp, without(dyn, off), periods, draws, seed, toggle_ids)
        ripe = evaluators.evaluate(paths, np.ones(paths.states.shape, dtype=bool),
                                   progress=progress)
        variants[name] = first_true(ripe)

    def by(months: np.ndarray) -> np.ndarray:
        return (months >= 0) & (months <= first)

    cause = np.full(len(first), CAUSES.index("combination"))
    alone = np.stack([by(variants[m]) for m in present], axis=1) if present else \
        np.zeros((len(first), 0), dtype=bool)
    cause[alone.sum(axis=1) > 1] = CAUSES.index("more than one")
    for k, m in enumerate(present):
        cause[alone[:, k] & (alone.sum(axis=1) == 1)] = CAUSES.index(MECHANISM_LABELS[m])
    cause[by(variants["attrition"])] = CAUSES.index("attrition")
    cause[first == 0] = CAUSES.index("open at the start")
    cause[first < 0] = NEVER
    return variants, cause


def _first_settlements(comp, evaluators, paths, first) -> dict[int, int]:
    out: dict[int, int] = {}
    opened = np.flatnonzero(first >= 0)
    opened_state = paths.states[opened, first[opened]]
    for state in np.unique(opened_state):
        group = opened[opened_state == state]
        members, evaluator = evaluators.get(int(state), reduce=len(group) >= REDUCE_AT)
        picks = _nash(comp, evaluator, members, paths.theta(group, first[group]),
                      paths.kappa[group, first[group]] if evaluator.decays else None)
        for idx, k in zip(*np.unique(picks, return_counts=True)):
            out[int(idx)] = out.get(int(idx), 0) + int(k)
    return out


def _nash(compiled: CompiledModel, evaluator: SlackEvaluator, members: np.ndarray,
          theta: np.ndarray, kappa: np.ndarray | None) -> np.ndarray:
    """Nash point of the accepted settlements for each parameter vector (outcome numbers)."""
    parties = range(len(compiled.party_ids))
    values = np.stack([evaluator.values(theta, row, kappa) for row in parties], axis=1)
    d = np.stack([theta[:, evaluator.space.floors[row]] for row in parties], axis=1)
    picks = solve_within("nash", values, d, evaluator.accepted(theta, kappa))
    return members[picks]


def _deterministic(comp: CompiledModel, dyn: Dynamics, evaluators: _Evaluators, war,
                   periods: int, toggle_ids: tuple[str, ...]) -> PathReport:
    paths = make_paths(comp, dyn, periods, 0, 0, toggle_ids)
    sizes = evaluators.evaluate(paths, np.ones(paths.states.shape, dtype=bool), count=True)[0]
    ripe = np.flatnonzero(sizes > 0)
    first = int(ripe[0]) if len(ripe) else NEVER
    initial = paths.initial_state
    eroded, adopted = [], []
    for t in range(periods + 1):
        on = set(paths.in_force(t))
        eroded.append(tuple(c for k, c in enumerate(paths.toggles)
                            if initial >> k & 1 and c not in on))
        adopted.append(tuple(c for k, c in enumerate(paths.toggles)
                             if not initial >> k & 1 and c in on))
    settlement, pivotal = None, ()
    if first >= 0:
        members, evaluator = evaluators.get(int(paths.states[0, first]))
        kappa = paths.kappa[0, first][None] if evaluator.decays else None
        settlement = int(_nash(comp, evaluator, members, paths.theta([0], [first]), kappa)[0])
        if first > 0:
            pivotal = _pivotal(comp, paths, evaluators, first)
    hurt, mhs, way_out, zartman = _zartman(paths, dyn, evaluators, war, comp.model.epsilon)
    events = {e.id: int(paths.occurred[0, k]) for k, e in enumerate(dyn.events)
              if paths.occurred[0, k] <= periods}
    rules = {r.id: (int(paths.fired[0, k]), r.branches[paths.branch[0, k]].id)
             for k, r in enumerate(dyn.rules) if paths.branch[0, k] >= 0}
    return PathReport(paths.disagreement[0], sizes, hurt[0], eroded, first, settlement, pivotal,
                      adopted, mhs[0], way_out[0], int(first_true(zartman)[0]), events, rules)


def _pivotal(compiled: CompiledModel, paths: Paths, evaluators: _Evaluators,
             t: int) -> tuple[str, ...]:
    """Parties whose own change between ``t − 1`` and ``t`` was needed to open the set: with
    that party's parameters and red lines in force held at ``t − 1``, the set stays closed."""
    space = evaluators.space
    out = []
    before, now = int(paths.states[0, t - 1]), int(paths.states[0, t])
    for party in compiled.model.parties:
        theta = paths.theta([0], [t])[0]
        cols = [c for c, path in enumerate(space.paths)
                if path.startswith(f"parties.{party.id}.")]
        theta[cols] = paths.theta([0], [t - 1])[0, cols]
        own = sum(1 << k for k, c in enumerate(paths.toggles) if c.startswith(f"{party.id}."))
        state = (now & ~own) | (before & own)
        members, evaluator = evaluators.get(state)
        if evaluator is None:
            out.append(party.id)
            continue
        kappa = paths.kappa[0, t][None] if evaluator.decays else None
        if not evaluator.accepted(theta[None, :], kappa).any():
            out.append(party.id)
    return tuple(out)


def sensitivity(compiled: CompiledModel, periods: int, draws: int, seed: int,
                factors: tuple[float, ...], what: str) -> list[float]:
    """Share of paths ripe within the horizon when every erosion rate (``what="erosion"``) or
    every cost of war (``what="cost"``) is multiplied by each factor in turn."""
    from negotiation.model.compiled import compile_model
    from negotiation.whatif.dynamics import scaled

    model = compiled.model
    out = []
    for factor in factors:
        dyn = scaled(model.sections["dynamics"], **{what: factor})
        varied = replace(model, sections={**model.sections, "dynamics": dyn})
        sim = simulate(compile_model(varied), periods, draws, seed, mechanisms=False)
        out.append(float((sim.time_to_ripeness >= 0).mean()))
    return out
