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

Monte Carlo paths are evaluated in tasks of whole stream blocks of paths
(:mod:`negotiation.whatif.montecarlo`): in this process, on a process pool or on a Dask cluster,
with the same result. There the red-line set of each state is first reduced to the settlements
no other settlement of it dominates in every valuation component (exact: a dominated settlement
is acceptable only when its dominator is, and decay is monotone); the first settlement to open
is then the Nash point among those, ties to the first in enumeration order.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from negotiation._util.parallel import STREAM_BLOCK, Runner, task_ranges
from negotiation.errors import InputError, ModelError
from negotiation.model.compiled import CompiledModel
from negotiation.whatif.dynamics import Dynamics
from negotiation.whatif.montecarlo import (
    NEVER,
    MonteCarlo,
    StateSets,
    first_true,
    nash_points,
    run_paths,
    zartman,
)
from negotiation.whatif.parameters import ParameterSpace, ir_rows
from negotiation.whatif.paths import (
    Paths,
    active_dynamics,
    compiled_for,
    make_paths,
    moving_columns,
    toggles,
)
from negotiation.whatif.uncertainty import uncertain_columns, wilson

__all__ = ["CAUSES", "MECHANISM_LABELS", "NEVER", "PathReport", "Simulation", "active_dynamics",
           "first_true", "make_paths", "sensitivity", "simulate"]

MECHANISM_LABELS = {"attrition": "attrition", "events": "revision events",
                    "rules": "decision rules", "erosion": "red-line erosion"}
CAUSES = ("open at the start", "attrition", "revision events", "decision rules",
          "red-line erosion", "more than one", "combination")
WORK_PER_PAIR = 4           # work units of one (path, period) pair per settlement and floor


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


def _varying(space: ParameterSpace, model) -> list[int]:
    """Columns that differ between draws or periods: the uncertain ones and the moving ones."""
    return sorted(set(uncertain_columns(space)) | set(moving_columns(space, model)))


def simulate(compiled: CompiledModel, periods: int, draws: int = 0, seed: int = 0,
             progress: bool = False, mechanisms: bool = True, executor=None) -> Simulation:
    """Run the model's dynamics: the deterministic path, and ``draws`` Monte Carlo paths (with
    ``mechanisms``, re-run per mechanism to say which opens each path). ``executor`` may be a
    ``concurrent.futures`` pool or a Dask ``Client``; the paths are cut into tasks of whole
    stream blocks, so the result does not depend on how the work is spread."""
    model = compiled.model
    dyn = model.sections.get("dynamics")
    if dyn is None:
        raise ModelError("the model declares no [dynamics]", file=model.path or None,
                         key="dynamics", fix="add a [dynamics] section (see README, "
                                             "'Time and ripeness')")
    if periods < 1:
        raise InputError("must be at least 1", argument="periods", value=periods,
                         fix="simulate one period or more, e.g. 60 (months)")
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
    full = StateSets(comp, dyn, space, varying, False, toggle_ids)
    report = _deterministic(comp, dyn, full, war, periods, toggle_ids)
    if not draws:
        return Simulation(periods, 0, seed, dyn.period, report, None, {}, None, None)
    present = dyn.mechanisms() if mechanisms else ()
    runs = (("attrition", present),) + tuple((m, tuple(x for x in present if x != m))
                                             for m in present) if mechanisms else ()
    mc = MonteCarlo(comp, dyn, periods, seed, toggle_ids, war, runs,
                    StateSets(comp, dyn, space, varying, True, toggle_ids), full)
    # A pair's cost grows with the settlements it is checked against; the first state's
    # red-line set stands for them.
    start_set = full.get(_initial_state(comp, dyn, toggle_ids))[0]
    work = (periods + 1) * (2 + len(runs)) * WORK_PER_PAIR * max(1, len(ir_rows(comp))) \
        * max(1, len(start_set))
    ranges = task_ranges(draws, work, STREAM_BLOCK)
    parts = Runner(executor, progress, "paths").map(run_paths, mc, ranges,
                                                    [b - a for a, b in ranges])

    def joined(key: str) -> np.ndarray:
        return np.concatenate([p[key] for p in parts])

    def total(key: str) -> np.ndarray:
        return np.sum([p[key] for p in parts], axis=0)

    first, sizes = joined("first"), joined("sizes")
    quantiles = np.full((len(Simulation.QUANTILES), periods + 1), np.nan)
    for t in range(periods + 1):
        open_t = sizes[sizes[:, t] > 0, t]
        if len(open_t):
            quantiles[:, t] = np.quantile(open_t, Simulation.QUANTILES)
    variants, cause = {}, None
    if mechanisms:
        variants = {"all": first} | {name: joined(f"variant:{name}") for name, _ in runs}
        cause = _causes(present, variants, first)
    settled: dict[int, int] = {}
    for p in parts:
        for idx, k in p["settlements"].tolist():
            settled[idx] = settled.get(idx, 0) + k
    events, branches = total("events"), total("branches")
    return Simulation(
        periods, draws, seed, dyn.period, report, first, dict(sorted(settled.items())),
        total("mhs") / draws, total("open") / draws, quantiles, joined("zartman"),
        total("way_out") / draws, variants, cause,
        {e.id: float(events[k] / draws) for k, e in enumerate(dyn.events)},
        {r.id: {b.id: float(branches[k, j] / draws) for j, b in enumerate(r.branches)}
         for k, r in enumerate(dyn.rules)})


def _initial_state(comp: CompiledModel, dyn: Dynamics, toggle_ids: tuple[str, ...]) -> int:
    """The path state at the start: every toggled red line in force but the replacements."""
    spare = {d.constraint for d in dyn.red_lines}
    return sum(1 << k for k, c in enumerate(toggle_ids) if c not in spare)


def _causes(present: tuple[str, ...], variants: dict[str, np.ndarray],
            first: np.ndarray) -> np.ndarray:
    """What opened each path (see the module docstring), from the first open period under
    every variant (common random numbers)."""

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
    return cause


def _deterministic(comp: CompiledModel, dyn: Dynamics, evaluators: StateSets, war,
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
        settlement = int(nash_points(comp, evaluator, members, paths.theta([0], [first]),
                                     kappa)[0])
        if first > 0:
            pivotal = _pivotal(comp, paths, evaluators, first)
    hurt, mhs, way_out, ripe_z = zartman(paths, dyn, evaluators, war, comp.model.epsilon)
    events = {e.id: int(paths.occurred[0, k]) for k, e in enumerate(dyn.events)
              if paths.occurred[0, k] <= periods}
    rules = {r.id: (int(paths.fired[0, k]), r.branches[paths.branch[0, k]].id)
             for k, r in enumerate(dyn.rules) if paths.branch[0, k] >= 0}
    return PathReport(paths.disagreement[0], sizes, hurt[0], eroded, first, settlement, pivotal,
                      adopted, mhs[0], way_out[0], int(first_true(ripe_z)[0]), events, rules)


def _pivotal(compiled: CompiledModel, paths: Paths, evaluators: StateSets,
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
