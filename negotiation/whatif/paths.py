"""Paths of the dynamics: how no-deal values, register weights, war efforts and the set of red
lines in force move, period by period, for every Monte Carlo path at once.

One loop over periods, every step whole-array over paths. In period ``t`` (from 1): costs
accumulate (exhaustion and cost factors applied); decision rules whose trigger is reached fire
and take a branch; events occur (calendar, hazard or after another event, then their
``probability``) and take effect; red lines erode; then the period's state is recorded.

**Common random numbers.** Every random quantity has its own stream, keyed by what it is
(``model:<parameter path>``, ``param:<dynamics parameter path>``, ``event:<id>:hazard``,
``erosion:<id>``, …) and the seed, and comes in stream blocks of 1,024 paths (block ``b`` of key
``k``: the ``b``-th child of ``SeedSequence([seed, hash(k)])``), so a path's numbers are the same
whichever paths are made with it — in one process or in tasks spread over a cluster. (Earlier
versions used one stream per key for all paths: the same seed now gives other, equally valid,
paths.) Adding, removing or fixing one mechanism leaves every other mechanism's draws
unchanged, path by path. So comparisons between mechanisms (and the
sensitivity to one rate) are free of sampling noise, and nestedness holds path by path.

**The deterministic path** (``draws = 0``): every parameter at its central value; an effect with
probability above one half happens, a rule takes the branch holding the median, and hazards
(erosion, hazard events) strike at their median waiting time (when ``1 − Π (1 − h)`` since the
last strike first reaches one half).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

import numpy as np

from negotiation._util.parallel import STREAM_BLOCK, stream
from negotiation.errors import ModelError
from negotiation.model.compiled import CompiledModel, compile_model
from negotiation.model.core import Model, RedLine
from negotiation.whatif.dynamics import Dynamics
from negotiation.whatif.events import Effects, event_order
from negotiation.whatif.parameters import ParameterSpace
from negotiation.whatif.uncertainty import inverse_cdf, uncertain_columns

__all__ = ["Paths", "Streams", "active_dynamics", "augmented", "make_paths", "moving_columns",
           "toggles"]

MAX_TOGGLES = 62


@dataclass(frozen=True)
class Paths:
    """``θ(t)`` for every path and period ``t = 0..T`` (each path's starting vector and the few
    columns that move), the red lines in force, efforts, and what happened when."""

    theta0: np.ndarray          # (n, P)
    columns: np.ndarray         # (V,) the parameter columns that move over time
    moving: np.ndarray          # (n, T+1, V) their values
    disagreement: np.ndarray    # (n, T+1, parties)
    expected: np.ndarray        # (n, T+1, parties) what each party expected (ripeness tests)
    states: np.ndarray          # (n, T+1) bit k set while toggles[k] is in force
    toggles: tuple[str, ...]    # red lines the dynamics can switch off or on
    initial_state: int
    efforts: np.ndarray | None  # (n, T+1, parties) effort level numbers, with a war table
    kappa: np.ndarray           # (n, T+1) concession discount
    occurred: np.ndarray        # (n, events) first period each event took effect; T+1: never
    fired: np.ndarray           # (n, rules) period each rule fired; T+1: never
    branch: np.ndarray          # (n, rules) branch taken; -1: none

    @property
    def periods(self) -> int:
        return self.moving.shape[1] - 1

    def theta(self, paths: np.ndarray, periods: np.ndarray) -> np.ndarray:
        """``(m, P)``: the parameter vectors of the (path, period) pairs given."""
        out = self.theta0[np.asarray(paths)]
        out[:, self.columns] = self.moving[np.asarray(paths), np.asarray(periods)]
        return out

    def in_force(self, t: int, path: int = 0) -> tuple[str, ...]:
        """The toggled red lines in force on ``path`` at period ``t``."""
        state = int(self.states[path, t])
        return tuple(c for k, c in enumerate(self.toggles) if state >> k & 1)


class Streams:
    """Uniform draws by key (see the module docstring) for paths ``first … first + n − 1``;
    ``None`` on the deterministic path. Each key's numbers come in stream blocks of paths
    (:func:`negotiation._util.parallel.stream`, entropy ``[seed, hash of the key]``): each call
    reads one block's worth from every block the paths touch, so a path's numbers do not depend
    on which other paths are made with it."""

    def __init__(self, seed: int, n: int, stochastic: bool, first: int = 0) -> None:
        self.seed, self.n, self.stochastic, self.first = seed, n, stochastic, first
        self.gens: dict[str, list[np.random.Generator]] = {}
        self.blocks = range(first // STREAM_BLOCK, -(-(first + n) // STREAM_BLOCK))

    def uniform(self, key: str) -> np.ndarray | None:
        if not self.stochastic:
            return None
        if key not in self.gens:
            digest = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "little")
            self.gens[key] = [stream([self.seed, digest], b) for b in self.blocks]
        out = np.empty(self.n)
        start, stop = self.first, self.first + self.n
        for b, gen in zip(self.blocks, self.gens[key]):
            rows = gen.random(STREAM_BLOCK)
            lo, hi = max(start, b * STREAM_BLOCK), min(stop, (b + 1) * STREAM_BLOCK)
            out[lo - start:hi - start] = rows[lo - b * STREAM_BLOCK:hi - b * STREAM_BLOCK]
        return out


def active_dynamics(compiled: CompiledModel, dyn: Dynamics) -> Dynamics:
    """The dynamics without erosion rules and revisions of red lines the model no longer has
    (``--drop``): there is nothing left to give up or to replace."""
    present = set(compiled.constraint_ids) | {d.constraint for d in dyn.red_lines}

    def keep(effects: Effects) -> Effects:
        return replace(effects, revisions=tuple(r for r in effects.revisions
                                                if r.line in present))

    return replace(
        dyn, erosion=tuple(r for r in dyn.erosion if r.constraint in present),
        events=tuple(replace(e, effects=keep(e.effects)) for e in dyn.events),
        rules=tuple(replace(r, branches=tuple(replace(b, effects=keep(b.effects))
                                              for b in r.branches)) for r in dyn.rules))


def toggles(dyn: Dynamics) -> tuple[str, ...]:
    """Red lines the dynamics can switch off (erosion, revisions) or on (replacements), in a
    fixed order: the bits of a path's state."""
    names = [r.constraint for r in dyn.erosion]
    for effects in [e.effects for e in dyn.events] + [b.effects for r in dyn.rules
                                                      for b in r.branches]:
        for rev in effects.revisions:
            names += [rev.line] + ([rev.by] if rev.by else [])
    names += [d.constraint for d in dyn.red_lines]
    return tuple(dict.fromkeys(names))


def augmented(model: Model, dyn: Dynamics) -> Model:
    """The model with the dynamics' replacement red lines added to their parties (compiled so
    that each has a mask; a path's state says whether it is in force)."""
    if not dyn.red_lines:
        return model
    parties = []
    for party in model.parties:
        extra = tuple(RedLine(d.id, d.requires, d.expr, d.description, d.revision_cost,
                              d.source, d.rationale, None, d.label)
                      for d in dyn.red_lines if d.party == party.id)
        parties.append(replace(party, red_lines=party.red_lines + extra))
    return replace(model, parties=tuple(parties))


def compiled_for(compiled: CompiledModel, dyn: Dynamics) -> CompiledModel:
    """``compiled``, or the augmented model compiled when the dynamics declare replacements
    (unless ``compiled`` already has them)."""
    present = set(compiled.constraint_ids)
    if all(d.constraint in present for d in dyn.red_lines):
        return compiled
    return compile_model(augmented(compiled.model, dyn))


def moving_columns(space: ParameterSpace, model: Model) -> list[int]:
    """Columns the dynamics move each period: every disagreement value and register weight."""
    cols = []
    for party in model.parties:
        cols.append(space.index(f"parties.{party.id}.disagreement"))
        for reg in party.registers:
            cols.append(space.index(f"parties.{party.id}.registers.{reg.id}.weight"))
            if reg.disagreement is not None:
                cols.append(space.index(f"parties.{party.id}.registers.{reg.id}.disagreement"))
    return cols


def _war(model: Model, dyn: Dynamics):
    """The posture game's war table and each party's starting effort, or ``(None, None)``."""
    game = model.sections.get("game")
    if not hasattr(game, "war_table"):
        return None, None
    table = game.war_table([p.id for p in model.parties])
    start = np.array(table.status_quo)
    for k, p in enumerate(model.parties):
        if dyn.efforts and p.id in dyn.efforts:
            start[k] = table.efforts.index(dyn.efforts[p.id])
    return table, start


class _Walk:
    """The state of every path during the loop over periods."""

    def __init__(self, model: Model, space: ParameterSpace, dyn: Dynamics, theta0: np.ndarray,
                 values: dict[str, np.ndarray], streams: Streams, costs: dict[str, float],
                 toggle_ids: tuple[str, ...]) -> None:
        self.model, self.dyn, self.values, self.streams = model, dyn, values, streams
        self.parties = [p.id for p in model.parties]
        n, p = len(theta0), len(self.parties)
        self.columns = moving_columns(space, model)
        where = {c: v for v, c in enumerate(self.columns)}
        self.floors = [[where[space.index(f"parties.{q.id}.disagreement")]] +
                       [where[space.index(f"parties.{q.id}.registers.{r.id}.disagreement")]
                        for r in q.registers if r.disagreement is not None]
                       for q in model.parties]
        self.weights = {
            (q.id, r.id): where[space.index(f"parties.{q.id}.registers.{r.id}.weight")]
            for q in model.parties for r in q.registers}
        self.current = theta0[:, self.columns].copy()
        self.start = self.current.copy()
        self.d0 = theta0[:, [space.index(f"parties.{q}.disagreement") for q in self.parties]]
        self.accumulated = np.zeros((n, p))
        self.cost_factor = np.ones((n, p))
        self.shift = np.zeros((n, p))
        self.costs, self.bit = costs, {c: k for k, c in enumerate(toggle_ids)}
        initial = sum(1 << k for k, c in enumerate(toggle_ids)
                      if c not in {d.constraint for d in dyn.red_lines})
        self.initial = initial
        self.active = np.full(n, initial, dtype=np.int64)
        self.table, start = _war(model, dyn)
        self.effort = None if self.table is None else np.tile(start, (n, 1))
        self.base_war = None if self.table is None else self.war()

    def war(self) -> np.ndarray:
        """``(n, parties)``: the war table at each path's current efforts."""
        return self.table.values[(slice(None), *self.effort.T)].T

    def delta(self, t: int) -> np.ndarray:
        """``(n, parties)``: each no-deal value's change since ``t = 0``."""
        trend = np.stack([self.values[f"dynamics.parties.{p}.trend"] for p in self.parties], 1)
        out = trend * t - self.accumulated + self.shift
        if self.table is not None:
            out = out + self.war() - self.base_war
        return out

    def register(self, mask: np.ndarray, party: str, register: str, shift: np.ndarray) -> None:
        """Move a register's weight by ``shift`` on the masked paths, the party's other registers
        rescaled to share what is left (equally if they are all at zero)."""
        cols = [c for (p, _), c in self.weights.items() if p == party]
        target = self.weights[(party, register)]
        others = [c for c in cols if c != target]
        block = self.current[mask]
        new = np.clip(block[:, target] + shift[mask], 0.0, 1.0)
        if others:
            rest = block[:, others].sum(axis=1)
            share = np.where(rest[:, None] > 0, block[:, others] /
                             np.where(rest > 0, rest, 1.0)[:, None], 1.0 / len(others))
            block[:, others] = share * (1.0 - new)[:, None]
        block[:, target] = new if others else 1.0
        self.current[mask] = block

    def apply(self, effects: Effects, mask: np.ndarray, key: str, prefix: str) -> None:
        """Apply ``effects`` on the masked paths (revision draws from ``key``'s streams)."""
        for rev in effects.revisions:
            party, line = rev.line.split(".", 1)
            path = (f"{prefix}.revise.{party}.{line}" if rev.by is None
                    else f"{prefix}.replace.{party}.{line}.strength")
            p = np.clip(self.values[path] / max(self.costs[rev.line], 1e-12), 0.0, 1.0)
            u = self.streams.uniform(f"{key}:revise:{rev.line}")
            draw = 0.5 if u is None else u
            bit = np.int64(1) << np.int64(self.bit[rev.line])
            hit = mask & (draw < p) & (self.active & bit != 0)
            self.active[hit] &= ~bit
            if rev.by is not None:
                self.active[hit] |= np.int64(1) << np.int64(self.bit[rev.by])
        for party in effects.no_deal:
            k = self.parties.index(party)
            self.shift[mask, k] += self.values[f"{prefix}.no_deal.{party}"][mask]
        for party, register, _ in effects.register:
            self.register(mask, party, register, self.values[f"{prefix}.register.{party}."
                                                             f"{register}"])
        for party, level in effects.effort.items():
            self.effort[mask, self.parties.index(party)] = self.table.efforts.index(level)
        for party in effects.cost:
            k = self.parties.index(party)
            self.cost_factor[mask, k] *= self.values[f"{prefix}.cost.{party}"][mask]


def _values(dyn: Dynamics, streams: Streams, n: int) -> dict[str, np.ndarray]:
    """Each dynamics parameter per path: its value, or ``n`` draws of its distribution."""
    out = {}
    for key, p in dyn.parameters().items():
        u = streams.uniform(f"param:{key}") if p.dist is not None else None
        out[key] = np.full(n, p.value) if u is None else inverse_cdf(p.dist, u)
    return out


def _median_strike(survival: np.ndarray, hazard: np.ndarray, live: np.ndarray) -> np.ndarray:
    """Deterministic hazards: multiply the survival of the live paths; a strike is when the
    probability of having struck since the last strike first reaches one half."""
    survival[live] *= 1.0 - hazard[live]
    return live & (1.0 - survival >= 0.5)


def make_paths(compiled: CompiledModel, dyn: Dynamics, periods: int, draws: int,
               seed: int, toggle_ids: tuple[str, ...] | None = None, first: int = 0) -> Paths:
    """Paths for ``draws`` Monte Carlo paths (paths ``first … first + draws − 1`` of the seed's
    paths; ``first`` a multiple of the stream block), or the deterministic one (``draws=0``);
    ``toggle_ids`` fixes the bits of the states (default: the red lines ``dyn`` toggles), so
    that runs with mechanisms switched off share them."""
    model = compiled.model
    dyn = active_dynamics(compiled, dyn)
    space = ParameterSpace(model)
    stochastic = draws > 0
    n = max(draws, 1)
    if first % STREAM_BLOCK:
        raise ValueError(f"first path {first} is not a multiple of {STREAM_BLOCK}")
    streams = Streams(seed, n, stochastic, first)
    theta0 = np.repeat(space.base[None, :], n, axis=0)
    if stochastic:
        for col in uncertain_columns(space):
            theta0[:, col] = inverse_cdf(space.params[col].dist,
                                         streams.uniform(f"model:{space.paths[col]}"))
        theta0 = space.normalise(theta0, copy=False)
    values = _values(dyn, streams, n)
    toggle_ids = toggles(dyn) if toggle_ids is None else toggle_ids
    if len(toggle_ids) > MAX_TOGGLES:
        raise ModelError(f"the dynamics switch {len(toggle_ids)} red lines on or off, more than "
                         f"{MAX_TOGGLES}", file=model.path or None, key="dynamics",
                         fix="let fewer red lines erode, be revised or be replaced")
    costs = {c.id: c.revision_cost for c in model.constraints()}
    costs.update({d.constraint: d.revision_cost for d in dyn.red_lines})
    walk = _Walk(model, space, dyn, theta0, values, streams, costs, toggle_ids)
    parties = walk.parties
    col = {q: {k: values[f"dynamics.parties.{q}.{k}"] for k in ("cost", "trend")}
           for q in parties}
    cost = np.stack([col[q]["cost"] for q in parties], 1)
    trend = np.stack([col[q]["trend"] for q in parties], 1)
    threshold = np.stack([values.get(f"dynamics.parties.{q}.exhaustion", np.full(n, np.inf))
                          for q in parties], 1)
    factor = np.stack([values.get(f"dynamics.parties.{q}.exhaustion_factor", np.ones(n))
                       for q in parties], 1)

    T = periods
    moving = np.empty((n, T + 1, len(walk.columns)))
    disagreement = np.empty((n, T + 1, len(parties)))
    states = np.empty((n, T + 1), dtype=np.int64)
    efforts = None if walk.table is None else np.empty((n, T + 1, len(parties)), dtype=np.int8)
    events, rules = dyn.events, dyn.rules
    occurred = np.full((n, len(events)), T + 1)
    fired = np.full((n, len(rules)), T + 1)
    branch = np.full((n, len(rules)), -1)
    struck = np.zeros((n, len(events)), dtype=bool)     # a once-only hazard has struck
    event_survival = np.ones((n, len(events)))
    erosion_survival = np.ones((n, len(dyn.erosion)))
    branch_draw = [streams.uniform(f"rule:{r.id}:branch") for r in rules]
    election_dates = [e for e in dyn.elections]
    order = event_order(events)
    index = {e.id: k for k, e in enumerate(events)}

    def record(t: int) -> None:
        delta = walk.delta(t)
        disagreement[:, t] = walk.d0 + delta
        row = walk.current.copy()
        for k, cols in enumerate(walk.floors):
            row[:, cols] = walk.start[:, cols] + delta[:, [k]]
        moving[:, t] = row
        states[:, t] = walk.active
        if efforts is not None:
            efforts[:, t] = walk.effort

    record(0)
    for t in range(1, T + 1):
        walk.accumulated = walk.accumulated + cost * walk.cost_factor * np.where(
            walk.accumulated >= threshold, factor, 1.0)
        for election in election_dates:
            if t in range(election.first, T + 1, election.every or T + 1):
                u = streams.uniform(f"election:{election.id}")
                shift = (np.full(n, election.shift.value) if u is None or
                         election.shift.dist is None else inverse_cdf(election.shift.dist, u))
                walk.register(np.ones(n, dtype=bool), election.party, election.register, shift)
        d_now = walk.d0 + walk.delta(t)
        for r, rule in enumerate(rules):
            k = parties.index(rule.party)
            level = values[f"dynamics.rules.{rule.id}.threshold"]
            reached = walk.accumulated[:, k] >= level if rule.trigger == "cost" \
                else d_now[:, k] <= level
            hit = reached & (fired[:, r] > T)
            fired[hit, r] = t
            u = 0.5 if branch_draw[r] is None else branch_draw[r]
            low = np.zeros(n)
            for b, br in enumerate(rule.branches):
                prefix = f"dynamics.rules.{rule.id}.branches.{br.id}"
                p = (values[f"{prefix}.probability"] if br.probability is not None
                     else np.maximum(1.0 - low, 0.0))
                high = np.minimum(low + p, 1.0)
                take = hit & (u >= low) & (u < high)
                branch[take, r] = b
                walk.apply(br.effects, take, f"rule:{rule.id}:{br.id}", prefix)
                low = high
        for e in order:
            event = events[e]
            prefix = f"dynamics.events.{event.id}"
            if event.hazard is not None:
                h = values[f"{prefix}.hazard"]
                live = np.ones(n, dtype=bool) if event.repeat else ~struck[:, e]
                u = streams.uniform(f"event:{event.id}:hazard")
                if u is None:
                    occurs = _median_strike(event_survival[:, e], h, live)
                    event_survival[occurs, e] = 1.0
                else:
                    occurs = live & (u < h)
                struck[:, e] |= occurs
            elif event.after is not None:
                delay = np.rint(values[f"{prefix}.delay"]).astype(int)
                occurs = occurred[:, index[event.after]] + delay == t
            elif t in event.dates(T):
                occurs = np.ones(n, dtype=bool)
            else:
                continue
            u = streams.uniform(f"event:{event.id}:probability")
            took = occurs & ((0.5 if u is None else u) < values[f"{prefix}.probability"])
            occurred[took & (occurred[:, e] > T), e] = t
            walk.apply(event.effects, took, f"event:{event.id}", prefix)
        for x, rule in enumerate(dyn.erosion):
            k = parties.index(rule.constraint.split(".")[0])
            base = values[f"dynamics.erosion.{rule.id}.base"]
            slope = values[f"dynamics.erosion.{rule.id}.per_cost"]
            hazard = np.clip(base + slope * walk.accumulated[:, k] / costs[rule.constraint], 0, 1)
            bit = np.int64(1) << np.int64(walk.bit[rule.constraint])
            live = walk.active & bit != 0
            u = streams.uniform(f"erosion:{rule.id}")
            hit = _median_strike(erosion_survival[:, x], hazard, live) if u is None \
                else live & (u < hazard)
            walk.active[hit] &= ~bit
        record(t)

    decay = values["dynamics.decay"]
    t_axis = np.arange(T + 1)
    kappa = 1.0 - (1.0 - decay[:, None]) ** t_axis[None, :]
    if dyn.ripeness.expectation == "initial":
        expected = np.repeat(walk.d0[:, None, :], T + 1, axis=1)
    else:
        expected = walk.d0[:, None, :] + (trend - cost)[:, None, :] * t_axis[None, :, None]
    return Paths(theta0, np.array(walk.columns, dtype=int), moving, disagreement, expected,
                 states, toggle_ids, walk.initial, efforts, kappa, occurred, fired, branch)
