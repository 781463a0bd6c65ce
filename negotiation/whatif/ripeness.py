"""Simulating the dynamics of :mod:`negotiation.dynamics`: when does the bargaining set open?

Paths are generated for all draws at once (a loop over periods, never over outcomes): each path's
parameter vector ``θ(t)`` carries the moving disagreement values and register weights, and its
*erosion state* is the set of red lines given up by period ``t``. All (path, period) pairs that
share an erosion state are evaluated together on that state's red-line set with the static
engine's slack evaluator; a period is ripe when some settlement meets every floor.

**Randomness.** ``numpy.random.SeedSequence(seed)`` spawns three PCG64 streams: the model's
uncertain parameters (as in :func:`negotiation.uncertainty.sample`), the dynamics' uncertain
parameters (one draw per path; an election's shift is drawn afresh at each election), and the
erosion events. The same seed gives the same paths on any machine. ``draws = 0`` gives the single
deterministic path (central values; erosion at median times).

For Monte Carlo paths the red-line set of each erosion state is first reduced to the settlements
no other settlement of it dominates in every valuation component (exact: a dominated settlement is
acceptable only when its dominator is, and decay is monotone); the first settlement to open is then
the Nash point among those, ties to the first in enumeration order.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from negotiation._util import bitsets
from negotiation.bargaining.frontier import pareto_frontier
from negotiation.bargaining.solutions import solve_within
from negotiation.errors import InputError, ModelError
from negotiation.model.compiled import CompiledModel
from negotiation.whatif.dynamics import Dynamics
from negotiation.whatif.parameters import ParameterSpace, SlackEvaluator, ir_rows
from negotiation.whatif.uncertainty import inverse_cdf, uncertain_columns, wilson

NEVER = -1


@dataclass(frozen=True)
class Paths:
    """Parameter paths: ``θ(t)`` for every path and period ``t = 0..T``, stored as each path's
    starting vector and the few columns that move (disagreement values, register weights)."""

    theta0: np.ndarray          # (n, P)
    columns: np.ndarray         # (V,) the parameter columns that move over time
    moving: np.ndarray          # (n, T+1, V) their values
    disagreement: np.ndarray    # (n, T+1, parties)
    eroded_at: np.ndarray       # (n, e) first period a red line is given up; T+1: never
    kappa: np.ndarray           # (n, T+1): concession discount

    @property
    def periods(self) -> int:
        return self.moving.shape[1] - 1

    def theta(self, paths: np.ndarray, periods: np.ndarray) -> np.ndarray:
        """``(m, P)``: the parameter vectors of the (path, period) pairs given."""
        out = self.theta0[np.asarray(paths)]
        out[:, self.columns] = self.moving[np.asarray(paths), np.asarray(periods)]
        return out


@dataclass(frozen=True)
class PathReport:
    """The deterministic path, period by period."""

    disagreement: np.ndarray    # (T+1, parties)
    sizes: np.ndarray           # (T+1,) |B(t)|
    hurting: np.ndarray         # (T+1, parties)
    eroded: list[tuple[str, ...]]   # red lines given up by each period
    first_ripe: int             # NEVER if the set never opens
    settlement: int | None      # Nash point of B at the first ripe period (outcome number)
    pivotal: tuple[str, ...]    # parties whose change in that period opened the set


@dataclass(frozen=True)
class Simulation:
    periods: int
    draws: int
    seed: int
    period_label: str
    deterministic: PathReport
    time_to_ripeness: np.ndarray | None     # (draws,), NEVER for paths that never open
    first_settlements: dict[int, int]       # outcome -> paths in which it opened first
    mutually_hurting: np.ndarray | None     # (T+1,) share of paths in a mutually hurting stalemate
    open_share: np.ndarray | None           # (T+1,) share of paths whose set is open at t
    open_size_quantiles: np.ndarray | None = None   # (3, T+1) |B(t)| 10/50/90 % where open

    QUANTILES = (0.1, 0.5, 0.9)

    def opened_by(self) -> np.ndarray:
        """(T+1,) share of paths whose set has opened at or before each period."""
        return self.opened_counts() / self.draws

    def opened_counts(self) -> np.ndarray:
        """(T+1,) number of paths whose set has opened at or before each period."""
        t = np.arange(self.periods + 1)
        ttr = self.time_to_ripeness
        return ((ttr[:, None] >= 0) & (ttr[:, None] <= t[None, :])).sum(axis=0)

    def opened_by_interval(self) -> tuple[np.ndarray, np.ndarray]:
        """(T+1,) lower and upper ends of the 95 % Wilson interval of :meth:`opened_by`."""
        bands = np.array([wilson(int(k), self.draws) for k in self.opened_counts()])
        return bands[:, 0], bands[:, 1]


def _dynamic_columns(dyn: Dynamics, rng: np.random.Generator | None, n: int
                     ) -> dict[str, np.ndarray]:
    """Each dynamics parameter per path: its value, or ``n`` draws of its distribution."""
    params = dyn.parameters()
    uncertain = [k for k, p in params.items() if p.dist is not None]
    u = rng.random((n, len(uncertain))) if rng is not None and uncertain else None
    out = {}
    for key, p in params.items():
        if u is not None and key in uncertain:
            out[key] = inverse_cdf(p.dist, u[:, uncertain.index(key)])
        else:
            out[key] = np.full(n, p.value)
    return out


def active_dynamics(compiled: CompiledModel, dyn: Dynamics) -> Dynamics:
    """The dynamics without erosion rules for red lines the model no longer has (``--drop``)."""
    present = set(compiled.constraint_ids)
    return replace(dyn, erosion=tuple(r for r in dyn.erosion if r.constraint in present))


def _moving_columns(space: ParameterSpace, model) -> list[int]:
    """Columns the dynamics move each period: every disagreement value and register weight."""
    cols = []
    for party in model.parties:
        cols.append(space.index(f"parties.{party.id}.disagreement"))
        for reg in party.registers:
            cols.append(space.index(f"parties.{party.id}.registers.{reg.id}.weight"))
            if reg.disagreement is not None:
                cols.append(space.index(f"parties.{party.id}.registers.{reg.id}.disagreement"))
    return cols


def make_paths(compiled: CompiledModel, dyn: Dynamics, periods: int, draws: int,
               seed: int) -> Paths:
    """Parameter paths for ``draws`` Monte Carlo paths, or the deterministic one (``draws=0``)."""
    model = compiled.model
    dyn = active_dynamics(compiled, dyn)
    space = ParameterSpace(model)
    stochastic = draws > 0
    n = max(draws, 1)
    streams = [np.random.Generator(np.random.PCG64(s))
               for s in np.random.SeedSequence(seed).spawn(3)]
    theta0 = np.repeat(space.base[None, :], n, axis=0)
    if stochastic:
        cols = uncertain_columns(space)
        if cols:
            u = streams[0].random((n, len(cols)))
            for k, col in enumerate(cols):
                theta0[:, col] = inverse_cdf(space.params[col].dist, u[:, k])
        theta0 = space.normalise(theta0, copy=False)
    dyn_values = _dynamic_columns(dyn, streams[1] if stochastic else None, n)

    parties = [p.id for p in model.parties]
    t_axis = np.arange(periods + 1)
    accumulated = np.zeros((n, periods + 1, len(parties)))
    delta = np.zeros((n, periods + 1, len(parties)))
    for k, pid in enumerate(parties):
        base = f"dynamics.parties.{pid}"
        cost = dyn_values[f"{base}.cost"]
        threshold = dyn_values.get(f"{base}.exhaustion", np.full(n, np.inf))
        factor = dyn_values.get(f"{base}.exhaustion_factor", np.ones(n))
        for t in range(1, periods + 1):
            prev = accumulated[:, t - 1, k]
            accumulated[:, t, k] = prev + cost * np.where(prev >= threshold, factor, 1.0)
        delta[:, :, k] = dyn_values[f"{base}.trend"][:, None] * t_axis[None, :] \
            - accumulated[:, :, k]

    columns = _moving_columns(space, model)
    where = {c: v for v, c in enumerate(columns)}
    moving = np.repeat(theta0[:, None, columns], periods + 1, axis=1)
    for k, party in enumerate(model.parties):
        floors = [f"parties.{party.id}.disagreement"]
        floors += [f"parties.{party.id}.registers.{r.id}.disagreement"
                   for r in party.registers if r.disagreement is not None]
        for path in floors:
            moving[:, :, where[space.index(path)]] += delta[:, :, k]

    for election in dyn.elections:
        party = model.party(election.party)
        cols = [where[space.index(f"parties.{party.id}.registers.{r.id}.weight")]
                for r in party.registers]
        target = where[space.index(f"parties.{party.id}.registers.{election.register}.weight")]
        others = [c for c in cols if c != target]
        dates = list(range(election.first, periods + 1, election.every or periods + 1))
        for when in dates:
            if stochastic and election.shift.dist is not None:
                shift = inverse_cdf(election.shift.dist, streams[1].random(n))
            else:
                shift = np.full(n, election.shift.value)
            block = moving[:, when:, :]
            new = np.clip(block[:, :, target] + shift[:, None], 0.0, 1.0)
            rest = block[:, :, others].sum(axis=2)
            # The others share what the target leaves, in proportion; equally if all are 0.
            share = np.where(rest[:, :, None] > 0, block[:, :, others] /
                             np.where(rest > 0, rest, 1.0)[:, :, None], 1.0 / len(others)) \
                if others else np.zeros(block.shape[:2] + (0,))
            block[:, :, others] = share * (1.0 - new)[:, :, None]
            block[:, :, target] = new if others else 1.0

    erosion = dyn.erosion
    eroded_at = np.full((n, len(erosion)), periods + 1)
    costs = {c.id: c.revision_cost for c in compiled.constraints}
    for e, rule in enumerate(erosion):
        k = parties.index(rule.constraint.split(".")[0])
        base = dyn_values[f"dynamics.erosion.{rule.id}.base"][:, None]
        slope = dyn_values[f"dynamics.erosion.{rule.id}.per_cost"][:, None]
        hazard = np.clip(base + slope * accumulated[:, :, k] / costs[rule.constraint], 0, 1)
        hazard[:, 0] = 0.0
        if stochastic:
            hit = streams[2].random(hazard.shape) < hazard
        else:
            hit = 1.0 - np.cumprod(1.0 - hazard, axis=1) >= 0.5
        first = np.where(hit.any(axis=1), hit.argmax(axis=1), periods + 1)
        eroded_at[:, e] = first

    decay = dyn_values["dynamics.decay"]
    kappa = 1.0 - (1.0 - decay[:, None]) ** t_axis[None, :]
    disagreement = np.stack([moving[:, :, where[space.index(f"parties.{p}.disagreement")]]
                             for p in parties], axis=2)
    return Paths(theta0, np.array(columns, dtype=int), moving, disagreement, eroded_at, kappa)


class _Evaluators:
    """Per erosion state: its red-line set and a slack evaluator on it (built once)."""

    def __init__(self, compiled: CompiledModel, dyn: Dynamics, space: ParameterSpace,
                 varying: list[int], reduce: bool) -> None:
        self.compiled, self.dyn, self.space = compiled, dyn, space
        self.varying, self.reduce = varying, reduce
        self.cache: dict[int, tuple[np.ndarray, SlackEvaluator | None]] = {}
        index = {c: n for n, c in enumerate(compiled.constraint_ids)}
        self.erodible = [index[r.constraint] for r in dyn.erosion]
        self.reference = None
        if dyn.reference is not None:
            self.reference = np.array([i.level_ids.index(dyn.reference[i.id])
                                       for i in compiled.model.issues])

    def get(self, state: int) -> tuple[np.ndarray, SlackEvaluator | None]:
        if state in self.cache:
            return self.cache[state]
        comp = self.compiled
        gone = [c for k, c in enumerate(self.erodible) if state >> k & 1]
        required = comp.red_line_bits & ~bitsets.from_sets([gone], len(comp.constraints))[0]
        members = np.flatnonzero(comp.only_feasible(
            bitsets.disjoint(comp.violations, required)))
        evaluator = None
        if len(members):
            rows = ir_rows(comp)
            evaluator = SlackEvaluator(self.space, rows, comp.level_indices(members),
                                       self.varying, self.reference)
            if self.reduce and not any(evaluator.dynamic):
                features = np.stack([vec[:evaluator.size] for parts in evaluator.static
                                     for _, vec in parts])
                keep = np.sort(pareto_frontier(features))
                members = members[keep]
                evaluator = SlackEvaluator(self.space, rows, comp.level_indices(members),
                                           self.varying, self.reference)
        self.cache[state] = (members, evaluator)
        return self.cache[state]


def _states(paths: Paths) -> np.ndarray:
    """(n, T+1) erosion state: bit e set once red line e has been given up."""
    t = np.arange(paths.periods + 1)
    bits = paths.eroded_at[:, None, :] <= t[None, :, None]
    return (bits * (1 << np.arange(bits.shape[2]))[None, None, :]).sum(axis=2)


def _varying(space: ParameterSpace, model) -> list[int]:
    """Columns that differ between draws or periods: the uncertain ones and the moving ones."""
    return sorted(set(uncertain_columns(space)) | set(_moving_columns(space, model)))


def simulate(compiled: CompiledModel, periods: int, draws: int = 0, seed: int = 0,
             progress: bool = False) -> Simulation:
    """Run the model's dynamics: the deterministic path, and ``draws`` Monte Carlo paths."""
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
    dyn = active_dynamics(compiled, dyn)
    space = ParameterSpace(model)
    varying = _varying(space, model)
    report = _deterministic(compiled, dyn, space, varying, periods)
    if not draws:
        return Simulation(periods, 0, seed, dyn.period, report, None, {}, None, None)
    paths = make_paths(compiled, dyn, periods, draws, seed)
    evaluators = _Evaluators(compiled, dyn, space, varying, reduce=True)
    states = _states(paths)
    ripe = np.zeros(states.shape, dtype=bool)
    from tqdm import tqdm

    for state in tqdm(np.unique(states), desc="erosion states", disable=not progress,
                      leave=False):
        members, evaluator = evaluators.get(int(state))
        if evaluator is None:
            continue
        where = np.argwhere(states == state)
        for start in range(0, len(where), max(1, 2_000_000 // max(1, evaluator.size))):
            block = where[start:start + max(1, 2_000_000 // max(1, evaluator.size))]
            theta = paths.theta(block[:, 0], block[:, 1])
            kappa = paths.kappa[block[:, 0], block[:, 1]] if evaluator.decays else None
            ripe[block[:, 0], block[:, 1]] = evaluator.accepted(theta, kappa).any(axis=1)
    first = np.where(ripe.any(axis=1), ripe.argmax(axis=1), NEVER)
    first_settlements: dict[int, int] = {}
    opened = np.flatnonzero(first >= 0)
    opened_state = states[opened, first[opened]]
    for state in np.unique(opened_state):
        group = opened[opened_state == state]
        members, evaluator = evaluators.get(int(state))
        picks = _nash(compiled, evaluator, members, paths.theta(group, first[group]),
                      paths.kappa[group, first[group]] if evaluator.decays else None)
        for idx, k in zip(*np.unique(picks, return_counts=True)):
            first_settlements[int(idx)] = first_settlements.get(int(idx), 0) + int(k)
    hurting = np.diff(paths.disagreement, axis=1) < -1e-12
    mutual = np.concatenate([[0.0], hurting.all(axis=2).mean(axis=0)])
    sizes = _open_sizes(compiled, dyn, space, varying, paths, states, ripe)
    quantiles = np.full((len(Simulation.QUANTILES), periods + 1), np.nan)
    for t in range(periods + 1):
        open_t = sizes[ripe[:, t], t]
        if len(open_t):
            quantiles[:, t] = np.quantile(open_t, Simulation.QUANTILES)
    return Simulation(periods, draws, seed, dyn.period, report, first, first_settlements,
                      mutual, ripe.mean(axis=0), quantiles)


def _open_sizes(compiled: CompiledModel, dyn: Dynamics, space: ParameterSpace,
                varying: list[int], paths: Paths, states: np.ndarray, ripe: np.ndarray
                ) -> np.ndarray:
    """``(n, T+1)``: ``|B(t)|`` on every ripe (path, period), counted on the full red-line set
    of its erosion state (the dominance reduction used to decide ripeness would undercount)."""
    sizes = np.zeros(ripe.shape, dtype=np.int64)
    full = _Evaluators(compiled, dyn, space, varying, reduce=False)
    for state in np.unique(states[ripe]):
        _, evaluator = full.get(int(state))
        where = np.argwhere(ripe & (states == state))
        step = max(1, 2_000_000 // max(1, evaluator.size))
        for start in range(0, len(where), step):
            block = where[start:start + step]
            kappa = paths.kappa[block[:, 0], block[:, 1]] if evaluator.decays else None
            counts = evaluator.accepted(paths.theta(block[:, 0], block[:, 1]), kappa).sum(axis=1)
            sizes[block[:, 0], block[:, 1]] = counts
    return sizes


def _nash(compiled: CompiledModel, evaluator: SlackEvaluator, members: np.ndarray,
          theta: np.ndarray, kappa: np.ndarray | None) -> np.ndarray:
    """Nash point of the accepted settlements for each parameter vector (outcome numbers)."""
    parties = range(len(compiled.party_ids))
    values = np.stack([evaluator.values(theta, row, kappa) for row in parties], axis=1)
    d = np.stack([theta[:, evaluator.space.floors[row]] for row in parties], axis=1)
    picks = solve_within("nash", values, d, evaluator.accepted(theta, kappa))
    return members[picks]


def _deterministic(compiled: CompiledModel, dyn: Dynamics, space: ParameterSpace,
                   varying: list[int], periods: int) -> PathReport:
    paths = make_paths(compiled, dyn, periods, 0, 0)
    evaluators = _Evaluators(compiled, dyn, space, varying, reduce=False)
    states = _states(paths)[0]
    sizes = np.zeros(periods + 1, dtype=np.int64)
    for state in np.unique(states):
        members, evaluator = evaluators.get(int(state))
        if evaluator is None:
            continue
        ts = np.flatnonzero(states == state)
        kappa = paths.kappa[0, ts] if evaluator.decays else None
        sizes[ts] = evaluator.accepted(paths.theta(np.zeros(len(ts), int), ts),
                                       kappa).sum(axis=1)
    ripe = np.flatnonzero(sizes > 0)
    first = int(ripe[0]) if len(ripe) else NEVER
    names = [r.constraint for r in dyn.erosion]
    eroded = [tuple(n for e, n in enumerate(names) if paths.eroded_at[0, e] <= t)
              for t in range(periods + 1)]
    settlement, pivotal = None, ()
    if first >= 0:
        members, evaluator = evaluators.get(int(states[first]))
        kappa = paths.kappa[0, first][None] if evaluator.decays else None
        settlement = int(_nash(compiled, evaluator, members, paths.theta([0], [first]),
                               kappa)[0])
        if first > 0:
            pivotal = _pivotal(compiled, dyn, paths, evaluators, first)
    hurting = np.vstack([np.zeros((1, len(compiled.party_ids)), dtype=bool),
                         np.diff(paths.disagreement[0], axis=0) < -1e-12])
    return PathReport(paths.disagreement[0], sizes, hurting, eroded, first, settlement, pivotal)


def _pivotal(compiled: CompiledModel, dyn: Dynamics, paths: Paths, evaluators: _Evaluators,
             t: int) -> tuple[str, ...]:
    """Parties whose own change between ``t − 1`` and ``t`` was needed to open the set: with
    that party's parameters and eroded red lines held at ``t − 1``, the set stays closed."""
    model = compiled.model
    space = evaluators.space
    out = []
    names = [r.constraint for r in dyn.erosion]
    for party in model.parties:
        theta = paths.theta([0], [t])[0]
        cols = [c for c, path in enumerate(space.paths)
                if path.startswith(f"parties.{party.id}.")]
        theta[cols] = paths.theta([0], [t - 1])[0, cols]
        state = 0
        for e, name in enumerate(names):
            when = paths.eroded_at[0, e]
            held = when <= (t - 1 if name.startswith(f"{party.id}.") else t)
            state |= int(held) << e
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
        sim = simulate(compile_model(varied), periods, draws, seed)
        out.append(float((sim.time_to_ripeness >= 0).mean()))
    return out
