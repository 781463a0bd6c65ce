"""Time: attrition, elections, erosion, revision events, decision rules — the ``[dynamics]``
section.

A model's ``[dynamics]`` section (docs/dynamics.md) makes the logics move period by period
``t = 0, 1, …, T``:

- **Attrition.** Party ``i`` incurs cost ``c_i`` each period, multiplied by ``exhaustion_factor``
  once its accumulated cost ``C_i`` has reached ``exhaustion``; a battlefield ``trend`` moves what
  war is worth. Its disagreement value is ``d_i(t) = d_i(0) + trend_i · t − C_i(t)`` (plus the
  shifts of events and rules); the floors of its binding registers move by the same amount.
- **Elections** (``[[dynamics.elections]]``). At an election (a first period and, optionally, a
  cycle) a register's weight shifts by ``shift`` (drawn afresh at each election), the party's
  other registers rescaled proportionally; the change persists.
- **Erosion.** A red line may erode: in period ``t`` it is given up with probability
  ``h(t) = base + per_cost · C_i(t) / revision_cost`` (clipped to [0, 1]).
- **Revision events** and **decision rules** (``[[dynamics.events]]``, ``[[dynamics.rules]]``;
  :mod:`negotiation.whatif.events`): revise or replace red lines, move no-deal values, register
  weights, war efforts and costs.
- **Concession decay.** ``v(x, t) = v(x) − κ_t · (v(x) − v(ref))⁺`` with
  ``κ_t = 1 − (1 − decay)^t``.

``[dynamics.ripeness]`` sets Zartman's tests (:mod:`negotiation.whatif.stalemate`): ``window``
(periods over which a no-deal value must fall), ``expectation`` (``forecast``: what the party
expected is its own path at its starting cost and trend; ``initial``: its starting no-deal value)
and ``consider`` (the highest revision cost of a red line a party would consider giving up when
looking for a way out).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from negotiation.errors import ModelError, did_you_mean
from negotiation.model import expressions
from negotiation.model.core import Model, Param
from negotiation.model.table import Table
from negotiation.whatif.events import (
    DormantLine,
    Event,
    Rule,
    parse_dormant,
    parse_events,
    parse_rules,
)

__all__ = ["Dynamics", "Election", "Erosion", "PartyDynamics", "RipenessTests", "load_section",
           "scaled", "without"]

EXPECTATIONS = ("forecast", "initial")
MECHANISMS = ("events", "rules", "erosion")


@dataclass(frozen=True)
class PartyDynamics:
    party: str
    cost: Param
    trend: Param
    exhaustion: Param | None
    exhaustion_factor: Param


@dataclass(frozen=True)
class Election:
    id: str
    party: str
    register: str
    first: int
    every: int | None
    shift: Param
    source: str = ""
    rationale: str = ""


@dataclass(frozen=True)
class Erosion:
    id: str
    constraint: str
    base: Param
    per_cost: Param
    source: str = ""
    rationale: str = ""


@dataclass(frozen=True)
class RipenessTests:
    """Zartman's tests as the engine applies them (see :mod:`negotiation.whatif.stalemate`)."""

    window: int = 1
    expectation: str = "forecast"
    consider: float = 3.0
    source: str = ""
    rationale: str = ""


@dataclass(frozen=True)
class Dynamics:
    period: str
    parties: dict[str, PartyDynamics]
    elections: tuple[Election, ...]
    erosion: tuple[Erosion, ...]
    decay: Param
    reference: dict[str, str] | None
    source: str = ""
    rationale: str = ""
    events: tuple[Event, ...] = ()
    rules: tuple[Rule, ...] = ()
    red_lines: tuple[DormantLine, ...] = ()
    efforts: dict[str, str] | None = None        # war effort at t = 0 (default: first postures)
    ripeness: RipenessTests = RipenessTests()

    def mechanisms(self) -> tuple[str, ...]:
        """The mechanisms beyond attrition this dynamics has: ``events`` (revision events and
        elections), ``rules`` (decision rules), ``erosion``."""
        have = {"events": bool(self.events or self.elections), "rules": bool(self.rules),
                "erosion": bool(self.erosion)}
        return tuple(m for m in MECHANISMS if have[m])

    def parameters(self) -> dict[str, Param]:
        """Every numeric parameter of the dynamics by its ``--set`` path."""
        out: dict[str, Param] = {"dynamics.decay": self.decay}
        for pid, pd in self.parties.items():
            base = f"dynamics.parties.{pid}"
            out[f"{base}.cost"] = pd.cost
            out[f"{base}.trend"] = pd.trend
            if pd.exhaustion is not None:
                out[f"{base}.exhaustion"] = pd.exhaustion
                out[f"{base}.exhaustion_factor"] = pd.exhaustion_factor
        for e in self.elections:
            out[f"dynamics.elections.{e.id}.shift"] = e.shift
        for e in self.erosion:
            out[f"dynamics.erosion.{e.id}.base"] = e.base
            out[f"dynamics.erosion.{e.id}.per_cost"] = e.per_cost
        for ev in self.events:
            out.update(ev.parameters())
        for rule in self.rules:
            out.update(rule.parameters())
        return out


def load_section(table: Table, model: Model) -> Dynamics:
    """Parse and validate ``[dynamics]`` (registered in ``loading.SECTION_PARSERS``)."""
    if not isinstance(table, Table):
        raise ModelError("[dynamics] must be a table", key="dynamics")
    party_ids = [p.id for p in model.parties]
    zero = Param(0.0, "default", "not declared")
    parties = {}
    pt = table.table("parties")
    for pid in (pt.data if pt is not None else {}):
        if pid not in party_ids:
            raise pt.error(pid, f"unknown party '{pid}'{did_you_mean(pid, party_ids)}")
        sub = pt.table(pid)
        exhaustion = sub.param("exhaustion", low=0.0, required=False)
        parties[pid] = PartyDynamics(
            pid, sub.param("cost", low=0.0, required=False) or zero,
            sub.param("trend", required=False) or zero, exhaustion,
            sub.param("exhaustion_factor", low=1.0, required=False) or Param(1.0),
        )
        for key in ("source", "rationale"):
            sub.string(key)
        sub.finish()
    for pid in party_ids:
        parties.setdefault(pid, PartyDynamics(pid, zero, zero, None, Param(1.0)))

    elections = []
    for et in table.tables("elections"):
        ident = et.ident()
        pid = et.string("party", required=True)
        if pid not in party_ids:
            raise et.error("party", f"unknown party '{pid}'{did_you_mean(pid, party_ids)}")
        regs = [r.id for r in model.party(pid).registers]
        reg = et.string("register", required=True)
        if reg not in regs:
            raise et.error("register", f"'{pid}' has no register '{reg}'"
                           f"{did_you_mean(reg, regs)}",
                           fix="elections shift the weight of one of the party's registers")
        first, every = et.number("first", low=1, required=True), et.number("every", default=0.0,
                                                                           low=0)
        for key, value in (("first", first), ("every", every)):
            if not float(value).is_integer():
                raise et.error(key, f"{value:g} is not a whole number of periods",
                               fix="count periods in whole numbers")
        first = int(first)
        elections.append(Election(ident, pid, reg, first, int(every) or None,
                                  et.param("shift", low=-1.0, high=1.0),
                                  et.string("source"), et.string("rationale")))
        et.finish()

    dormant = parse_dormant(table.tables("red_lines"), model)
    ids = [c.id for c in model.constraints() if c.kind == "red_line"]
    ids += [d.constraint for d in dormant]
    costs = {c.id: c.revision_cost for c in model.constraints()}
    costs.update({d.constraint: d.revision_cost for d in dormant})
    erosion = []
    for rt in table.tables("erosion"):
        ident = rt.ident()
        cid = rt.string("red_line", required=True)
        if cid not in ids:
            raise rt.error("red_line", f"no red line '{cid}'{did_you_mean(cid, ids)}",
                           fix="name a red line as PARTY.RED_LINE")
        if costs[cid] <= 0:
            raise rt.error("red_line", f"'{cid}' has revision cost 0, so nothing resists its "
                           "erosion", fix="give the red line a positive revision_cost")
        if len(erosion) == 62:
            raise rt.error(None, "more than 62 erosion rules",
                           fix="let at most 62 red lines erode (the erosion state is a bitmask)")
        erosion.append(Erosion(ident, cid, rt.param("base", 0.0, 1.0, required=False) or zero,
                               rt.param("per_cost", low=0.0), rt.string("source"),
                               rt.string("rationale")))
        rt.finish()

    reference = None
    ref_t = table.table("reference")
    if ref_t is not None:
        reference = {}
        for issue in model.issues:
            level = ref_t.string(issue.id, required=True)
            if level not in issue.level_ids:
                raise ref_t.error(issue.id, f"unknown level '{level}'"
                                  f"{did_you_mean(level, issue.level_ids)}")
            reference[issue.id] = level
        for key in ("source", "rationale"):
            ref_t.string(key)
        ref_t.finish()
        levels = [i.level_ids.index(reference[i.id]) for i in model.issues]
        for rule in model.feasibility:
            if not expressions.holds(rule.expr, levels):
                raise ref_t.error(None, f"the reference settlement breaks the feasibility "
                                  f"condition '{rule.id}'",
                                  fix="choose a reference settlement that can exist")
    decay = table.param("decay", 0.0, 1.0, required=False) or zero
    if decay.value > 0 or decay.dist is not None:
        if reference is None:
            raise table.error("reference", "concession decay needs a reference settlement",
                              fix="add [dynamics.reference] with a level for every issue")
    events = parse_events(table.tables("events"), model, dormant)
    rules = parse_rules(table.tables("rules"), model, dormant)
    out = Dynamics(table.string("period", "period"), parties, tuple(elections),
                   tuple(erosion), decay, reference, table.string("source"),
                   table.string("rationale"), events, rules, dormant,
                   _efforts(table, model), _ripeness(table))
    table.finish()
    return out


def _efforts(table: Table, model: Model) -> dict[str, str] | None:
    """``[dynamics.efforts]``: each party's war effort at the start (a level of the game's
    ``efforts``)."""
    et = table.table("efforts")
    if et is None:
        return None
    game = model.sections.get("game")
    levels = tuple(getattr(game, "efforts", None) or ())
    if not hasattr(game, "war_table"):
        raise table.error("efforts", "war efforts need the model's posture game",
                          fix="add a [game] with efforts, postures and [[game.war]]")
    party_ids = [p.id for p in model.parties]
    out = {}
    for pid in et.data:
        if pid in ("source", "rationale"):
            continue
        if pid not in party_ids:
            raise et.error(pid, f"unknown party '{pid}'{did_you_mean(pid, party_ids)}")
        level = et.string(pid)
        if level not in levels:
            raise et.error(pid, f"unknown effort level '{level}'{did_you_mean(level, levels)}",
                           fix="use one of game.efforts: " + ", ".join(levels))
        out[pid] = level
    for key in ("source", "rationale"):
        et.string(key)
    et.finish()
    return out


def _ripeness(table: Table) -> RipenessTests:
    rt = table.table("ripeness")
    if rt is None:
        return RipenessTests()
    window = rt.number("window", default=1.0, low=1)
    if not float(window).is_integer():
        raise rt.error("window", f"{window:g} is not a whole number of periods",
                       fix="count periods in whole numbers")
    expectation = rt.string("expectation", "forecast")
    if expectation not in EXPECTATIONS:
        raise rt.error("expectation", f"unknown expectation '{expectation}'"
                                      f"{did_you_mean(expectation, EXPECTATIONS)}",
                       fix="forecast (the party's own path at its starting cost and trend) or "
                           "initial (its no-deal value at the start)")
    out = RipenessTests(int(window), expectation, rt.number("consider", default=3.0, low=0.0),
                        rt.string("source"), rt.string("rationale"))
    rt.finish()
    return out


def _scale(p: Param, factor: float) -> Param:
    dist = p.dist
    if factor == 0:
        return replace(p, value=0.0, dist=None)
    if dist is not None:
        dist = replace(dist, **{k: getattr(dist, k) * factor for k in ("low", "high", "mean",
                                                                       "sd", "mode")
                                if getattr(dist, k) is not None})
    return replace(p, value=p.value * factor, dist=dist)


def without(dyn: Dynamics, mechanisms: tuple[str, ...]) -> Dynamics:
    """The dynamics with the named mechanisms (``events``, ``rules``, ``erosion``) switched off;
    attrition and concession decay stay."""
    off = set(mechanisms)
    return replace(dyn, events=() if "events" in off else dyn.events,
                   elections=() if "events" in off else dyn.elections,
                   rules=() if "rules" in off else dyn.rules,
                   erosion=() if "erosion" in off else dyn.erosion)


def scaled(dyn: Dynamics, erosion: float = 1.0, cost: float = 1.0) -> Dynamics:
    """The dynamics with every erosion rate and every cost of war multiplied (for sensitivity)."""
    parties = {pid: replace(pd, cost=_scale(pd.cost, cost)) for pid, pd in dyn.parties.items()}
    rules = tuple(replace(r, base=_scale(r.base, erosion), per_cost=_scale(r.per_cost, erosion))
                  for r in dyn.erosion)
    return replace(dyn, parties=parties, erosion=rules)
